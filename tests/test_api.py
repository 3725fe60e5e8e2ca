"""The REST API on a hand-built store: shapes, filters, the guard, uploads and the store lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from geopol import views
from geopol.api import ServerSettings, create_app
from geopol.api import core as api_core
from geopol.api.guard import CONTENT_SECURITY_POLICY, TokenBucket
from geopol.api.jobs import safe_file_name
from geopol.api.server import is_loopback, server_settings
from geopol.errors import ConfigError, UnsupportedFormat
from geopol.records import Processed
from geopol.store import DuckDBStore, MemoryStore
from sample_store import HOSTILE_SOURCE, fill, sample_documents

BASE = "http://127.0.0.1"
TOKEN = "t0ken-for-tests-0123456789"
NO_LIMIT = ServerSettings(rate_per_second=0)


def client_for(store: Any, **kwargs: Any) -> TestClient:
    kwargs.setdefault("settings", ServerSettings(rate_per_second=0))
    return TestClient(create_app(store, **kwargs), base_url=BASE)


@pytest.fixture
def memory_store() -> MemoryStore:
    store = MemoryStore()
    fill(store)
    return store


@pytest.fixture
def client(memory_store: MemoryStore) -> Iterator[TestClient]:
    with client_for(memory_store) as c:
        yield c


@pytest.fixture
def duck_path(tmp_path: Path) -> Path:
    path = tmp_path / "sample.duckdb"
    store = DuckDBStore(path)
    fill(store)
    store.close()
    return path


def doc_text(memory_store: MemoryStore, doc_id: str) -> str:
    doc = memory_store.document(doc_id)
    assert doc is not None
    return doc.raw_text


# --------------------------------------------------------------------------- shapes
def test_relations_have_the_cli_contract_shape(client: TestClient, memory_store: MemoryStore):
    body = client.get("/api/relations", params={"limit": 1000}).json()
    expected = [
        views.relation_json(r, memory_store.actor, memory_store.source_of)
        for r in memory_store.relations()
    ]
    assert body["items"] == expected
    for item in body["items"]:
        ev = item["evidence"]
        assert doc_text(memory_store, item["doc_id"])[ev["start"] : ev["end"]] == ev["text"]


def test_relation_filters(client: TestClient):
    def ids(**params: Any) -> set[tuple[str, str, str]]:
        items = client.get("/api/relations", params={"limit": 1000, **params}).json()["items"]
        return {(r["source"]["id"], r["relation"], r["target"]["id"]) for r in items}

    assert ids(type="attack") == {("BOR", "attack", "RUR"), ("BPF", "attack", "FRE")}
    assert ids(actor="BPF", polarity="conflictual") == {("BPF", "attack", "FRE")}
    assert ids(since="2024-01", until="2024-02") == {
        ("SYD", "neutrality", "RUR"),
        ("SYD", "trade_energy", "SYL"),
        ("SYL", "tension", "BOR"),
    }
    assert ("RUR", "support_armed_group", "BPF") in ids(actor="RUR")
    assert ("RUR", "support_armed_group", "BPF") not in ids(actor="RUR", include_negated="false")
    assert ids(actor="RUR", other="FRE") == {
        ("RUR", "alliance", "FRE"),
        ("FRE", "military_cooperation", "RUR"),
    }


def test_relation_pages_walk_every_relation_once(client: TestClient, memory_store: MemoryStore):
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        body = client.get("/api/relations", params={"limit": 4, "offset": offset}).json()
        assert len(body["items"]) <= 4
        seen += [r["id"] for r in body["items"]]
        offset = body["next_offset"]
    assert seen == [r.id for r in memory_store.relations()]


@pytest.mark.parametrize(
    "query",
    [
        {"type": "friendship"},
        {"polarity": "warm"},
        {"since": "May 2023"},
        {"until": "2023-13-99x"},
        {"limit": 0},
        {"limit": 100000},
        {"offset": -1},
        {"actor": "../../etc/passwd"},
    ],
)
def test_bad_relation_parameters_are_refused_with_a_clear_error(client: TestClient, query: dict):
    response = client.get("/api/relations", params=query)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "GP400"
    assert next(iter(query)) in error["message"]


def test_events_documents_and_actors(client: TestClient, memory_store: MemoryStore):
    events = client.get("/api/events", params={"actor": "BOR", "limit": 1000}).json()["items"]
    assert events == [
        views.event_json(e, memory_store.actor, memory_store.source_of)
        for e in memory_store.events(actor="BOR")
    ]
    docs = client.get("/api/documents").json()["items"]
    assert sorted(d["source"] for d in docs) == sorted(
        p.document.source for p in sample_documents()
    )
    actors = client.get("/api/actors").json()["items"]
    assert {a["id"] for a in actors} == {s.actor.id for s in memory_store.actors()}
    assert all({"id", "name", "type", "mentions", "documents"} <= a.keys() for a in actors)


def test_document_has_original_text_and_evidence_spans(
    client: TestClient, memory_store: MemoryStore
):
    processed = sample_documents()[1]
    body = client.get(f"/api/documents/{processed.document.id}").json()
    assert body["text"] == processed.document.raw_text
    spans = {(s["start"], s["end"]) for s in body["spans"]}
    assert {(r.evidence.start, r.evidence.end) for r in processed.relations} <= spans
    denied = [s for s in body["spans"] if any("(denied)" in lab for lab in s["labels"])]
    assert len(denied) == 1
    assert [s["negated"] for s in body["spans"]].count(True) == 1 and denied[0]["negated"]
    assert "denied that it had ever armed" in body["text"][denied[0]["start"] : denied[0]["end"]]


def test_unknown_ids_are_404(client: TestClient):
    for url in ("/api/documents/0000000000000000", "/api/actors/NOPE", "/api/jobs/" + "0" * 16):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "GP404"


def test_actor_page_groups_counterparts_by_class_and_keeps_denials_apart(client: TestClient):
    body = client.get("/api/actors/RUR").json()
    classes = {c["actor"]["id"]: g["class"] for g in body["groups"] for c in g["counterparts"]}
    assert classes["BOR"] == "adversary"  # shelling: use of force
    assert classes["FRE"] == "ally"  # an asserted defence pact
    assert classes["SYD"] == "neutral"  # a stated neutrality
    assert "BPF" not in classes  # the only RUR–BPF relation is denied
    assert [r["target"]["id"] for r in body["denied"]] == ["BPF"]
    assert all(r["modality"] == "negated" for r in body["denied"])


def test_classes_are_those_of_geopol_analyze(client: TestClient, memory_store: MemoryStore):
    from geopol.analyze.dyads import dyads

    expected = {
        (d.a, d.b): d.relation_class
        for d in dyads(memory_store.relations(), memory_store.actor)
        if sum(d.counts.values())
    }
    listed = client.get("/api/dyads").json()["items"]
    assert {(d["a"]["id"], d["b"]["id"]): d["class"] for d in listed} == expected
    edges = client.get("/api/network").json()["edges"]
    assert {(e["source"], e["target"]): e["class"] for e in edges} == expected
    assert all(d["reason"] for d in listed)


def test_network_is_signed_weighted_and_never_counts_denials(client: TestClient):
    body = client.get("/api/network").json()
    edges = {e["id"]: e for e in body["edges"]}
    assert edges["BOR|RUR"]["sign"] == -1 and edges["BOR|RUR"]["weight"] == 3
    assert edges["FRE|RUR"]["sign"] == 1 and edges["FRE|RUR"]["weight"] == 2
    assert edges["RUR|SYD"]["sign"] == 0
    assert "BPF|RUR" not in edges
    node_ids = {n["id"] for n in body["nodes"]}
    assert node_ids == {e for edge in body["edges"] for e in (edge["source"], edge["target"])}


def test_network_filters_by_type_and_time_window(client: TestClient):
    attacks = client.get("/api/network", params={"type": "attack"}).json()
    assert {e["id"] for e in attacks["edges"]} == {"BOR|RUR", "BPF|FRE"}
    assert all(e["sign"] == -1 for e in attacks["edges"])
    early = client.get("/api/network", params={"until": "2022"}).json()
    assert {e["id"] for e in early["edges"]} == {"BOR|BPF", "NMA|SYL"}


def test_dyads_and_timeline_in_date_order(client: TestClient):
    dyads = client.get("/api/dyads").json()["items"]
    assert dyads[0]["relations"] == max(d["relations"] for d in dyads)
    body = client.get("/api/dyads/RUR/BOR").json()
    dates = [r["date"] for r in body["relations"]]
    assert dates == sorted(dates) and len(dates) == 3
    assert body["class"] == "adversary"
    assert [p["period"] for p in body["periods"]] == ["2023-03", "2023-06"]
    assert body["periods"][1]["conflictual"] == 2


def test_summary_counts(client: TestClient, memory_store: MemoryStore):
    body = client.get("/api/summary").json()
    every = memory_store.relations()
    assert body["relations"] + body["denied"] == len(every)
    assert body["denied"] == sum(r.modality == "negated" for r in every)
    assert body["documents"] == len(memory_store.documents())


# --------------------------------------------------------------------------- ask
def test_ask_answers_in_the_cli_shape_with_valid_citations(
    client: TestClient, memory_store: MemoryStore
):
    body = client.get("/api/ask", params={"q": "Who has Borduria attacked?"}).json()
    assert {"answer", "actors", "date", "citations", "found"} <= body.keys()
    assert body["answer"]
    for c in [*body["citations"], *body.get("nearby", [])]:
        assert doc_text(memory_store, c["doc_id"])[c["start"] : c["end"]] == c["text"]


def test_ask_refuses_empty_and_overlong_questions(client: TestClient):
    assert client.get("/api/ask", params={"q": ""}).status_code == 422
    assert client.get("/api/ask", params={"q": "x" * 501}).status_code == 422


def test_slow_ask_times_out_with_504(memory_store: MemoryStore, monkeypatch):
    def slow(question: str, store: Any) -> dict:
        time.sleep(1.0)
        return {"answer": "late"}

    monkeypatch.setattr(api_core, "ask", slow)
    settings = ServerSettings(rate_per_second=0, ask_timeout=0.1)
    with client_for(memory_store, settings=settings) as c:
        started = time.perf_counter()
        response = c.get("/api/ask", params={"q": "anything at all"})
        assert time.perf_counter() - started < 0.9
    assert response.status_code == 504
    assert response.json()["error"]["code"] == "GP504"


# --------------------------------------------------------------------------- guard
def test_security_headers_on_every_kind_of_response(client: TestClient):
    for url in ("/", "/api/summary", "/api/nothing", "/static/app.js"):
        headers = client.get(url).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, url
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "no-referrer"
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "unsafe-eval" not in CONTENT_SECURITY_POLICY


def test_dashboard_loads_no_outside_script_or_style(client: TestClient):
    html = client.get("/").text
    assert "http://" not in html and "https://" not in html
    assert "<script>" not in html  # no inline script: every script is a file of ours
    for asset in ("app.js", "style.css", "cytoscape.min.js"):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200 and len(response.content) > 1000


@pytest.mark.parametrize(
    "url",
    [
        "/static/../api/app.py",
        "/static/..%2f..%2fpyproject.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/....//....//etc/passwd",
        "/static/",
        "/static/__init__.py",
        "/api/documents/..%2F..%2Fetc%2Fpasswd",
        "/api/documents/%2Fetc%2Fpasswd",
        "/api/dyads/..%2F..%2F/x",
        "/api/jobs/..%2F..%2Fetc",
    ],
)
def test_no_path_reaches_files_outside_the_package_assets(client: TestClient, url: str):
    response = client.get(url)
    assert response.status_code in (404, 422)
    assert "root:" not in response.text and "[project]" not in response.text
    assert "import" not in response.text


def test_token_is_checked_on_every_request(memory_store: MemoryStore):
    with client_for(memory_store, token=TOKEN) as c:
        for url in ("/", "/api/relations", "/static/app.js", "/api/openapi.json"):
            assert c.get(url).status_code == 401, url
        assert c.get("/api/summary", headers={"Authorization": "Bearer wrong"}).status_code == 401
        ok = c.get("/api/summary", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        assert c.get("/api/summary", params={"token": TOKEN}).status_code == 200


def test_dashboard_link_with_token_sets_a_cookie_and_drops_it_from_the_url(
    memory_store: MemoryStore,
):
    with client_for(memory_store, token=TOKEN) as c:
        first = c.get("/", params={"token": TOKEN}, follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/"
        cookie = first.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        page = c.get("/")  # the client keeps the cookie, as a browser would
        assert page.status_code == 200 and "geopol" in page.text
        assert c.get("/api/summary").status_code == 200


def test_foreign_host_and_cross_site_writes_are_refused(client: TestClient):
    # DNS rebinding: a page on another name that resolves to 127.0.0.1.
    assert client.get("/api/summary", headers={"Host": "evil.example"}).status_code == 403
    assert client.get("/api/summary", headers={"Host": "localhost:8000"}).status_code == 200
    upload = {"files": ("a.txt", b"Ruritania met Freedonia.", "text/plain")}
    refused = client.post("/api/ingest", files=upload, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "GP505"


def test_rate_limit_answers_429_with_retry_after(memory_store: MemoryStore):
    settings = ServerSettings(rate_per_second=0.5, rate_burst=3)
    with client_for(memory_store, settings=settings) as c:
        codes = [c.get("/api/summary").status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200]
        limited = c.get("/api/summary")
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "GP502"


def test_token_bucket_refills_over_time():
    bucket = TokenBucket(rate=2.0, burst=2)
    assert bucket.take("a", now=0.0) == 0.0
    assert bucket.take("a", now=0.0) == 0.0
    assert bucket.take("a", now=0.0) > 0
    assert bucket.take("b", now=0.0) == 0.0  # clients have their own buckets
    assert bucket.take("a", now=1.0) == 0.0


def test_body_size_limit_by_length_and_while_streaming(memory_store: MemoryStore):
    settings = ServerSettings(rate_per_second=0, max_upload_bytes=1000, max_body_bytes=100)
    with client_for(memory_store, settings=settings, ingest=_fake_ingest([])) as c:
        big = {"files": ("big.txt", b"x" * 5000, "text/plain")}
        response = c.post("/api/ingest", files=big)
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "GP503"

        body = (
            b'--zzz\r\nContent-Disposition: form-data; name="files"; filename="s.txt"\r\n'
            b"Content-Type: text/plain\r\n\r\n" + b"y" * 2000 + b"\r\n--zzz--\r\n"
        )

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            for i in range(0, len(body), 100):
                yield body[i : i + 100]

        streamed = c.post(
            "/api/ingest",
            content=chunks(),
            headers={"Content-Type": "multipart/form-data; boundary=zzz"},
        )
        assert streamed.status_code == 413
        assert c.post("/api/summary", content=b"z" * 500).status_code == 413


def test_uploaded_names_cannot_leave_the_upload_folder():
    assert safe_file_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_file_name("..\\..\\windows\\win.ini.md") == "win.ini.md"
    assert safe_file_name("/abs/path/report.PDF") == "report.pdf"
    assert safe_file_name("we<i>rd;name.html") == "we_i_rd_name.html"
    assert safe_file_name(".hidden.txt") == "hidden.txt"
    for bad in ("passwd", "run.sh", "archive.zip", "../.bashrc"):
        with pytest.raises(UnsupportedFormat):
            safe_file_name(bad)


# --------------------------------------------------------------------------- ingest jobs
@dataclass
class IngestSummary:
    """What the job runner reads from `geopol.pipeline.ingest_paths`'s summary."""

    ingested: int = 0
    duplicates: int = 0
    failed: list = field(default_factory=list)


def _fake_ingest(seen: list[Path]):
    """An ingest that records the saved files and stores one sample document per file."""
    docs = iter(sample_documents())

    def ingest(paths: list[Path], store: Any, on_result: Any = None, **_: Any) -> IngestSummary:
        summary = IngestSummary()
        for path in paths:
            seen.append(path)
            assert path.is_file()
            processed: Processed = next(docs)
            processed.document.source = path.name
            if store.write(processed):
                summary.ingested += 1
            if on_result:
                on_result(processed)
        return summary

    return ingest


def _wait_for_job(c: TestClient, job_id: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = c.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish")


def test_upload_runs_an_ingest_job_with_progress():
    seen: list[Path] = []
    store = MemoryStore()
    with client_for(store, ingest=_fake_ingest(seen)) as c:
        files = [
            ("files", ("../../one.txt", b"first text", "text/plain")),
            ("files", ("two.md", b"second text", "text/markdown")),
        ]
        response = c.post("/api/ingest", files=files)
        assert response.status_code == 202
        job = response.json()
        assert job["files"] == ["one.txt", "two.md"] and job["total"] == 2
        done = _wait_for_job(c, job["id"])
        assert done["status"] == "done" and done["ingested"] == 2 and done["progress"] == 1.0
        sources = {d["source"] for d in c.get("/api/documents").json()["items"]}
    assert sources == {"one.txt", "two.md"}
    assert all("geopol-upload-" in str(p) for p in seen)
    assert not any(p.exists() for p in seen)  # the upload folder is removed after the job


def test_upload_of_an_unsupported_type_is_415(client: TestClient):
    response = client.post("/api/ingest", files={"files": ("tool.exe", b"MZ", "x/y")})
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "GP102"


def test_upload_runs_the_real_pipeline_into_duckdb(duck_path: Path):
    text = (
        b"Ruritania and Freedonia signed a trade agreement in Strelsau on 3 May 2024. "
        b"Borduria condemned the agreement."
    )
    with client_for(duck_path) as c:
        before = c.get("/api/summary").json()["documents"]
        job = c.post("/api/ingest", files={"files": ("new_wire.txt", text, "text/plain")}).json()
        done = _wait_for_job(c, job["id"], timeout=120)
        assert done["status"] == "done", done
        assert done["ingested"] == 1
        docs = c.get("/api/documents").json()["items"]
    assert len(docs) == before + 1
    assert "new_wire.txt" in {d["source"] for d in docs}


# --------------------------------------------------------------------------- DuckDB access
def test_duckdb_store_serves_the_same_answers_as_memory(duck_path: Path, client: TestClient):
    with client_for(duck_path) as duck:
        for url in ("/api/relations?limit=1000", "/api/network", "/api/actors/RUR"):
            assert duck.get(url).json() == client.get(url).json(), url


def test_missing_store_file_serves_an_empty_store(tmp_path: Path):
    with client_for(tmp_path / "none.duckdb") as c:
        body = c.get("/api/summary").json()
    assert body["documents"] == 0 and body["relations"] == 0
    assert not (tmp_path / "none.duckdb").exists()  # reading never creates the file


def test_a_store_locked_by_another_process_gives_503_then_recovers(duck_path: Path):
    holder = textwrap.dedent(
        f"""
        import sys, time, duckdb
        con = duckdb.connect({str(duck_path)!r})
        print("locked", flush=True)
        sys.stdin.readline()
        con.close()
        """
    )
    with subprocess.Popen(
        [sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        try:
            assert proc.stdout.readline().strip() == "locked"
            with client_for(duck_path) as c:
                response = c.get("/api/relations")
                assert response.status_code == 503
                error = response.json()["error"]
                assert error["code"] == "GP301"
                assert "ingest" in error["message"]
                proc.stdin.write("\n")
                proc.stdin.flush()
                proc.wait(timeout=20)
                assert c.get("/api/relations").status_code == 200
        finally:
            proc.kill()


def test_reads_go_on_while_an_upload_writes(duck_path: Path):
    """An in-process ingest holds the file for writing; readers share it through cursors."""
    started = []

    def slow_ingest(paths: list[Path], store: Any, on_result: Any = None, **_: Any):
        started.append(True)
        time.sleep(0.8)
        return IngestSummary()

    with client_for(duck_path, ingest=slow_ingest) as c:
        job = c.post("/api/ingest", files={"files": ("a.txt", b"text", "text/plain")}).json()
        deadline = time.monotonic() + 10
        while not started and time.monotonic() < deadline:
            time.sleep(0.02)
        during = [c.get("/api/relations").status_code for _ in range(5)]
        assert _wait_for_job(c, job["id"])["status"] == "done"
        assert c.get("/api/relations").status_code == 200
    assert during == [200] * 5


# --------------------------------------------------------------------------- docs
def test_openapi_lists_every_endpoint_and_docs_page_is_served(client: TestClient):
    spec = client.get("/api/openapi.json").json()
    for path in (
        "/api/documents", "/api/documents/{doc_id}", "/api/actors", "/api/actors/{actor_id}",
        "/api/relations", "/api/events", "/api/dyads", "/api/dyads/{a}/{b}", "/api/network",
        "/api/ask", "/api/ingest", "/api/jobs/{job_id}",
    ):  # fmt: skip
        assert path in spec["paths"], path
    page = client.get("/api/docs")
    assert page.status_code == 200 and "/static/apidocs.js" in page.text


# --------------------------------------------------------------------------- serve settings
@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.1.2.3", True),
     ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False), ("::", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool):
    assert is_loopback(host) is loopback


def test_off_loopback_needs_a_good_token():
    with pytest.raises(ConfigError, match="token"):
        server_settings("0.0.0.0", None)
    with pytest.raises(ConfigError, match="16 or more"):
        server_settings("0.0.0.0", "short")
    open_settings = server_settings("0.0.0.0", TOKEN)
    assert open_settings.token == TOKEN and open_settings.allowed_hosts is None
    local = server_settings("127.0.0.1", None)
    assert local.token is None and "127.0.0.1" in (local.allowed_hosts or ())


def test_cli_serve_refuses_a_public_address_without_token(monkeypatch):
    from typer.testing import CliRunner

    from geopol import cli

    calls: list[dict] = []
    monkeypatch.setattr("geopol.api.server.serve", lambda db, **kw: calls.append(kw))
    monkeypatch.delenv("GEOPOL_TOKEN", raising=False)
    runner = CliRunner()
    refused = runner.invoke(cli.app, ["serve", "--host", "0.0.0.0"])
    assert refused.exit_code == 1 and "token" in refused.output
    assert calls == []
    accepted = runner.invoke(
        cli.app, ["serve", "--host", "0.0.0.0", "--port", "9123"], env={"GEOPOL_TOKEN": TOKEN}
    )
    assert accepted.exit_code == 0, accepted.output
    assert calls == [
        {"host": "0.0.0.0", "port": 9123, "token": TOKEN, "settings": calls[0]["settings"]}
    ]


def test_hostile_document_text_is_returned_verbatim_as_json(client: TestClient):
    docs = client.get("/api/documents").json()["items"]
    hostile = next(d for d in docs if d["source"] == HOSTILE_SOURCE)
    response = client.get(f"/api/documents/{hostile['id']}")
    assert response.headers["content-type"].startswith("application/json")
    assert "<script>window.__pwned = 1;</script>" in response.json()["text"]


def test_server_lets_go_of_the_store_when_idle(duck_path: Path):
    """After a quiet moment another process (an ingest) can open the file for writing."""
    writer = f"import duckdb; duckdb.connect({str(duck_path)!r}).close(); print('wrote')"
    settings = ServerSettings(rate_per_second=0, store_idle_seconds=0.2)
    with client_for(duck_path, settings=settings) as c:
        assert c.get("/api/relations").status_code == 200
        with c.app.state.access.reading():  # a request in progress holds the file
            busy = subprocess.run([sys.executable, "-c", writer], capture_output=True, text=True)
        assert busy.returncode != 0 and "lock" in busy.stderr.lower()
        time.sleep(0.6)
        idle = subprocess.run([sys.executable, "-c", writer], capture_output=True, text=True)
        assert idle.returncode == 0 and idle.stdout.strip() == "wrote"
        assert c.get("/api/relations").status_code == 200  # and takes it back when asked


def test_access_log_never_shows_the_token():
    import logging

    from geopol.api.server import RedactToken

    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5", "GET", f"/?a=1&token={TOKEN}&b=2", "1.1", 303), None,
    )  # fmt: skip
    assert RedactToken().filter(record)
    assert TOKEN not in record.getMessage()
    assert "/?a=1&token=***&b=2" in record.getMessage()


@pytest.mark.slow
def test_geopol_serve_end_to_end(duck_path: Path):
    """The real command: refuses a request without the token, answers with it."""
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "geopol.cli", "serve", "--db", str(duck_path),
               "--port", str(port), "--token", TOKEN]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    refused = httpx.get(base + "/api/summary", timeout=2)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and proc.poll() is None
                    time.sleep(0.2)
            assert refused.status_code == 401
            auth = {"Authorization": f"Bearer {TOKEN}"}
            assert httpx.get(base + "/api/summary", headers=auth).json()["documents"] == 5
            page = httpx.get(base + f"/?token={TOKEN}", follow_redirects=False)
            assert page.status_code == 303
        finally:
            proc.terminate()
            out, err = proc.communicate(timeout=20)
    logs = out.decode() + err.decode()
    assert "token=***" in logs  # the access log has the dashboard link, redacted
    assert TOKEN not in logs
