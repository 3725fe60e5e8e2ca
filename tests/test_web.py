"""The dashboard in a real browser: Debian's chromium driven by Playwright against a real
uvicorn server on 127.0.0.1. Every request to anything but that server is blocked (and
counted), so the dashboard is shown to work offline.

Screenshots go to $GEOPOL_SCREENSHOTS when it is set (docs/screenshots is made that way),
else to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from geopol.api import ServerSettings, create_app
from geopol.store import DuckDBStore
from sample_store import HOSTILE_SOURCE, fill

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
TOKEN = "browser-test-token-0123456789"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


# --------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(store_path: Path, **app_kwargs: Any) -> Iterator[str]:
    """A real uvicorn server on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    app_kwargs.setdefault("settings", ServerSettings(rate_per_second=0))
    port = free_port()
    config = uvicorn.Config(
        create_app(store_path, **app_kwargs),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        ws="none",
        lifespan="on",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def sample_db(folder: Path) -> Path:
    path = folder / "sample.duckdb"
    store = DuckDBStore(path)
    fill(store)
    store.close()
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(sample_db(tmp_path_factory.mktemp("web"))) as base:
        yield base


# --------------------------------------------------------------------------- browser
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (`make test` installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A page plus what it tried to fetch outside the server and the errors it raised."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._only_local)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", self._console)

    def _only_local(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base + "/") or url == self.base:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def _console(self, message: Any) -> None:
        # A refused resource (401/404 on purpose) is the test's business, not a page error.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.errors.append(f"console: {message.text}")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Visit]:
    v = Visit(browser, server)
    yield v
    v.close()
    assert v.outside == [], "the dashboard tried to reach outside the server"
    assert v.errors == []


def shot(page: Any, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("GEOPOL_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"))


def open_network(page: Any, base: str) -> None:
    page.goto(base + "/")
    page.wait_for_selector("#network-status:has-text('pairs')")


# A point of the edge that no node or other edge covers: the layout is not seeded, so on a
# dense graph the midpoint may lie under another element (cytoscape's own hit test decides).
_VISIBLE_EDGE_POINT = """([id]) => {
  const cy = window.geopolGraph, edge = cy.getElementById(id);
  const a = edge.renderedSourceEndpoint(), b = edge.renderedTargetEndpoint();
  const pan = cy.pan(), zoom = cy.zoom();
  for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
    const x = a.x + (b.x - a.x) * f, y = a.y + (b.y - a.y) * f;
    const hit = cy.renderer().findNearestElement((x - pan.x) / zoom, (y - pan.y) / zoom, true, false);
    if (hit && hit.id() === id) return {x, y};
  }
  const m = edge.renderedMidpoint();
  return {x: m.x, y: m.y};
}"""


def click_graph_element(page: Any, element_id: str, kind: str) -> None:
    """Click a node or an edge where cytoscape drew it, as a person would."""
    if kind == "edge":
        point = page.evaluate(_VISIBLE_EDGE_POINT, [element_id])
    else:
        point = page.evaluate(
            "([id]) => { const p = window.geopolGraph.getElementById(id).renderedPosition();"
            " return {x: p.x, y: p.y}; }",
            [element_id],
        )
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def in_viewport(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]


# --------------------------------------------------------------------------- tests
def test_network_edge_evidence_then_document(visit: Visit, tmp_path: Path):
    page = visit.page
    open_network(page, visit.base)
    edge_ids = set(page.evaluate("() => window.geopolGraph.edges().map(e => e.id())"))
    assert {"BOR|RUR", "FRE|RUR"} <= edge_ids
    assert "BPF|RUR" not in edge_ids  # a denied relation draws no line
    shot(page, "network", tmp_path)

    click_graph_element(page, "BOR|RUR", "edge")
    cards = page.locator("#edge-evidence .relation-card")
    cards.first.wait_for()
    quotes = set(page.locator("#edge-evidence .quote").all_inner_texts())
    assert quotes == {
        "Borduria condemned the pact as a threat to the region.",
        "Bordurian artillery shelled Ruritanian border posts in June 2023.",
        "Ruritania imposed sanctions on Borduria after the shelling.",
    }
    assert page.locator("#edge-panel .pair-title").inner_text().startswith("Borduria and Ruritania")
    shot(page, "network-evidence", tmp_path)

    card = cards.filter(has_text="shelled")
    card.locator("a.open-doc").click()
    page.wait_for_selector("#view-doc:not([hidden]) #doc-text mark.cited")
    assert page.locator("#doc-text mark.cited").inner_text() == (
        "Bordurian artillery shelled Ruritanian border posts in June 2023."
    )
    assert page.locator("#doc-title").inner_text() == "Shelling on the Bordurian frontier"
    assert in_viewport(page, "#doc-text mark.cited")
    assert page.locator("#doc-text mark.evidence").count() >= 3  # the rest of the evidence
    shot(page, "evidence-viewer", tmp_path)


def test_node_click_opens_the_actor_page(visit: Visit, tmp_path: Path):
    page = visit.page
    open_network(page, visit.base)
    click_graph_element(page, "RUR", "node")
    page.wait_for_selector("#actor-body h1")
    assert page.url.endswith("#/actor/RUR")
    assert page.locator("#actor-body h1").inner_text().startswith("Ruritania")
    adversaries = page.locator("section.group.class-adversary")
    assert "Borduria" in adversaries.locator(".counterpart h3").first.inner_text()
    assert adversaries.locator(".relation-card").count() == 3
    assert "Freedonia" in page.locator("section.group.class-ally").inner_text()
    partners = page.locator("section.group.class-partner").inner_text()
    assert "Northern Maritime Alliance" in partners
    denied = page.locator("section.group.denied")
    assert "denied that it had ever armed" in denied.inner_text()
    held = page.locator("section.group:not(.denied)").all_inner_texts()
    assert not any("Black Pelican Front" in text for text in held)
    shot(page, "actor", tmp_path)


def test_ask_shows_the_answer_and_its_citations(visit: Visit, tmp_path: Path):
    page = visit.page
    question = "Does Ruritania arm the Black Pelican Front?"
    expected = httpx.get(visit.base + "/api/ask", params={"q": question}).json()
    page.goto(visit.base + "/#/ask")
    page.fill("#ask-input", question)
    page.press("#ask-input", "Enter")
    page.wait_for_selector("#ask-result .answer-text")
    assert page.locator("#ask-result .answer-text").inner_text() == expected["answer"]
    shown = page.locator("#ask-result .citation .quote").all_inner_texts()
    assert shown == [c["text"] for c in [*expected["citations"], *expected["nearby"]]]
    assert shown, "the sample store holds the denial this question is about"
    shot(page, "ask", tmp_path)
    page.locator("#ask-result a.open-doc").first.click()
    page.wait_for_selector("#view-doc:not([hidden]) #doc-text mark.cited")
    assert page.locator("#doc-text mark.cited").inner_text() == shown[0]


def test_suggested_questions_are_answered(visit: Visit):
    page = visit.page
    page.goto(visit.base + "/#/ask")
    chips = page.locator("#ask-suggestions .chip")
    chips.first.wait_for()
    assert chips.count() >= 2
    chips.first.click()
    page.wait_for_selector("#ask-result .answer-text")
    assert page.locator("#ask-result .answer-text").inner_text().strip()


def test_document_with_script_tags_shows_them_as_text(visit: Visit, tmp_path: Path):
    page = visit.page
    page.goto(visit.base + "/#/documents")
    page.get_by_role("link", name=HOSTILE_SOURCE).click()
    page.wait_for_selector("#view-doc:not([hidden]) #doc-text mark")
    text = page.locator("#doc-text").inner_text()
    assert "<script>window.__pwned = 1;</script>" in text
    assert '<img src=x onerror="window.__pwned = 2">' in text
    assert page.locator("#doc-text script, #doc-text img, #doc-panel script").count() == 0
    assert page.locator("#doc-title").inner_text() == "<b>Not bold</b> page"
    assert page.locator("#doc-title b").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    # The evidence card quotes the tag as text too.
    assert "<script>window.__pwned = 3;</script>" in page.locator("#doc-panel").inner_text()
    shot(page, "hostile-document", tmp_path)


def test_pairs_list_leads_to_a_dated_timeline(visit: Visit, tmp_path: Path):
    page = visit.page
    page.goto(visit.base + "/#/dyads")
    page.get_by_role("link", name="Borduria – Ruritania").click()
    page.wait_for_selector("#dyad-body .timeline-item")
    dates = page.locator("#dyad-body .timeline-item .when").all_inner_texts()
    assert dates == sorted(dates) and len(dates) == 3
    assert page.locator("#dyad-body .period").count() == 2
    assert "adversary" in page.locator("#dyad-body h1").inner_text()
    shot(page, "dyad-timeline", tmp_path)


def test_filters_narrow_the_network(visit: Visit):
    page = visit.page
    open_network(page, visit.base)
    page.select_option("#f-type", "attack")
    page.wait_for_selector("#network-status:has-text('2 pairs')")
    edges = page.evaluate("() => window.geopolGraph.edges().map(e => [e.id(), e.data('color')])")
    assert {e for e, _ in edges} == {"BOR|RUR", "BPF|FRE"}
    assert {c for _, c in edges} == {"#c0392b"}  # all conflictual red
    page.select_option("#f-type", "")
    page.fill("#f-since", "2024")
    page.press("#f-since", "Enter")
    page.locator("#f-since").blur()
    page.wait_for_selector("#network-status:has-text('5 pairs')")
    ids = set(page.evaluate("() => window.geopolGraph.edges().map(e => e.id())"))
    assert ids == {"RUR|SYD", "SYD|SYL", "BOR|SYL", "BOR|FRE", "BPF|FRE"}


def test_upload_shows_progress_and_adds_the_document(browser: Any, tmp_path: Path):
    text = (
        "Sylvania and Syldavia signed a border agreement in Lutz on 4 June 2024. "
        "Borduria criticised the agreement.\n"
    )
    upload = tmp_path / "lutz_wire.txt"
    upload.write_text(text, encoding="utf-8")
    with running_server(sample_db(tmp_path)) as base:
        v = Visit(browser, base)
        try:
            page = v.page
            page.goto(base + "/#/upload")
            page.wait_for_selector("#counts:has-text('5 documents')")
            page.set_input_files("#upload-input", str(upload))
            assert "lutz_wire.txt" in page.locator("#drop-label").inner_text()
            page.click("#upload-button")
            page.wait_for_selector("#progress-text:has-text('Done')", timeout=120_000)
            assert "1 added" in page.locator("#progress-text").inner_text()
            width = page.evaluate("() => document.getElementById('progress-bar').style.width")
            assert width == "100%"
            page.wait_for_selector("#counts:has-text('6 documents')")
            shot(page, "upload", tmp_path)
            page.goto(base + "/#/documents")
            page.get_by_role("link", name="lutz_wire.txt").wait_for()
        finally:
            v.close()
        assert v.outside == [] and v.errors == []


def test_token_protected_dashboard_opens_with_its_link(browser: Any, tmp_path: Path):
    with running_server(sample_db(tmp_path), token=TOKEN) as base:
        v = Visit(browser, base)
        try:
            refused = v.page.goto(base + "/")
            assert refused is not None and refused.status == 401
            v.page.goto(base + f"/?token={TOKEN}")
            assert v.page.url == base + "/"  # the token left the address bar
            v.page.wait_for_selector("#network-status:has-text('pairs')")
            assert v.page.evaluate("() => window.geopolGraph.edges().length") > 0
        finally:
            v.close()
        assert v.outside == [] and v.errors == []


@pytest.mark.slow
def test_demo_corpus_through_the_real_pipeline(browser: Any, tmp_path: Path):
    """The demo corpus ingested by the real pipeline: every quote the dashboard shows for the
    strongest pair is the exact text of its document at its span."""
    from geopol.pipeline import ingest_paths

    if not EXAMPLES.is_dir():
        pytest.skip("examples/ is not present")
    path = tmp_path / "demo.duckdb"
    store = DuckDBStore(path)
    files = [p for p in sorted(EXAMPLES.rglob("*")) if p.is_file() and p.name != "README.md"]
    ingest_paths(files, store)
    store.close()
    with running_server(path) as base:
        v = Visit(browser, base)
        try:
            page = v.page
            started = time.perf_counter()
            open_network(page, base)
            load_seconds = time.perf_counter() - started
            strongest = page.evaluate(
                "() => window.geopolGraph.edges().max(e => e.data('weight')).ele.id()"
            )
            shot(page, "demo-network", tmp_path)
            click_graph_element(page, strongest, "edge")
            page.locator("#edge-evidence .relation-card").first.wait_for()
            shot(page, "demo-network-evidence", tmp_path)
            links = page.locator("#edge-evidence a.open-doc").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
            )
            quotes = page.locator("#edge-evidence .quote").all_inner_texts()
            assert links and len(links) == len(quotes)
            for href, quote in zip(links, quotes, strict=True):
                _, _, doc_id, start, end = href.split("/")
                doc = httpx.get(f"{base}/api/documents/{doc_id}").json()
                assert " ".join(doc["text"][int(start) : int(end)].split()) == " ".join(
                    quote.split()
                )
        finally:
            v.close()
        assert v.outside == [] and v.errors == []
    assert load_seconds < 30
