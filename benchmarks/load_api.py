"""Load test of `geopol serve`: requests per second and latency at 50 concurrent clients.

    .venv/bin/python benchmarks/load_api.py [--db FILE] [--clients 50] [--requests 2000]
                                            [--seconds 30]

Without --db it ingests the demo corpus (examples/, our own texts) into a temporary store.
It starts a real `geopol serve` on 127.0.0.1 on a free port (rate limit off: one machine
playing 50 clients is what the limit exists to stop), then for /api/relations and /api/ask
runs `--clients` concurrent httpx clients until `--requests` requests are done or
`--seconds` have passed, whichever comes first. It never talks to anything but loopback,
stops the server itself, and writes `benchmarks/results/load_api.json`. When Debian's
chromium is installed it also times the dashboard's first view (network drawn).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "load_api.json"
GEOPOL = [sys.executable, "-m", "geopol.cli"]
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build_demo_store(folder: Path) -> Path:
    db = folder / "demo.duckdb"
    subprocess.run(
        [*GEOPOL, "ingest", str(ROOT / "examples"), "--db", str(db), "--exclude", "README.md"],
        check=True,
        capture_output=True,
    )
    return db


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    command = [*GEOPOL, "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port),
               "--rate-limit", "0"]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "GEOPOL_TOKEN"}
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


def wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            err = server.stderr.read().decode() if server.stderr else ""
            raise RuntimeError(f"geopol serve exited: {err}")
        try:
            if httpx.get(base + "/api/summary", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("geopol serve did not come up")


def questions(base: str) -> list[str]:
    """Questions about the store's own most mentioned actors (nothing hard-coded)."""
    actors = httpx.get(base + "/api/actors", timeout=30).json()["items"]
    names = [a["name"] for a in actors if a["id"] != "UNKNOWN" and a["mentions"]][:6]
    out = []
    for a, b in itertools.pairwise(names):
        out += [
            f"Who does {a} cooperate with?",
            f"What are the relations between {a} and {b}?",
            f"Who are {a}'s adversaries?",
        ]
    return out or ["What happened?"]


async def hammer(
    base: str, paths: list[str], clients: int, max_requests: int, max_seconds: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: dict[str, int] = {}
    issued = 0
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < max_requests and time.monotonic() < deadline:
            path = paths[issued % len(paths)]
            issued += 1
            started = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    key = str(response.status_code)
                    errors[key] = errors.get(key, 0) + 1
                    continue
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return round(1000 * latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1)

    return {
        "requests": issued,
        "ok": len(latencies),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "seconds": round(elapsed, 2),
        "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else None,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.fmean(latencies), 1) if latencies else None,
    }


def dashboard_load_seconds(base: str, runs: int = 3) -> dict[str, Any] | None:
    """Seconds from navigation to the drawn network, in Debian's chromium (if installed)."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            started = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("#network-status:has-text('pairs')", timeout=60_000)
            times.append(time.perf_counter() - started)
            context.close()
        browser.close()
    return {
        "runs": [round(t, 3) for t in times],
        "median_seconds": round(statistics.median(times), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="store to serve (default: the demo corpus)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint, at most")
    parser.add_argument("--seconds", type=float, default=30.0, help="per endpoint, at most")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="geopol-load-") as tmp:
        db = args.db or build_demo_store(Path(tmp))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port)
        try:
            wait_until_up(base, server)
            summary = httpx.get(base + "/api/summary", timeout=30).json()
            asks = ["/api/ask?" + str(httpx.QueryParams({"q": q})) for q in questions(base)]
            for path in ["/api/relations", *asks]:  # warm-up: the ask index is built once
                httpx.get(base + path, timeout=120)
            results = {
                "/api/relations": asyncio.run(
                    hammer(base, ["/api/relations"], args.clients, args.requests, args.seconds)
                ),
                "/api/ask": asyncio.run(
                    hammer(base, asks, args.clients, args.requests, args.seconds)
                ),
            }
            page = dashboard_load_seconds(base)
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    report = {
        "command": "python benchmarks/load_api.py " + " ".join(sys.argv[1:]),
        "store": "demo corpus (examples/)" if args.db is None else str(args.db),
        "store_counts": {k: summary[k] for k in ("documents", "actors", "relations", "events")},
        "clients": args.clients,
        "max_requests_per_endpoint": args.requests,
        "max_seconds_per_endpoint": args.seconds,
        "server": "geopol serve (uvicorn, 1 process), --rate-limit 0, 127.0.0.1",
        "ask_questions": len(asks),
        "endpoints": results,
        "dashboard_first_view": page,
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            # Client and server share these cores; other work on the machine shows here.
            "load_average_1m_before_after": [
                round(load_before[0], 2),
                round(os.getloadavg()[0], 2),
            ],
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
