"""The server's outer wall: one ASGI middleware that every request passes.

In order: security headers on every response; the Host check (a page on another site
cannot reach a loopback server through DNS rebinding); the Origin check on writes (no
cross-site uploads); the rate limit per client; the access token; the body size limit.
It is plain ASGI so it can count the bytes of a streamed upload as they arrive.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from geopol.errors import (
    Forbidden,
    GeopolError,
    RateLimited,
    RequestTooLarge,
    Unauthorized,
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

TOKEN_COOKIE = "geopol_token"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
UPLOAD_PATHS = ("/api/ingest",)

# The dashboard loads only its own files: no inline script, no eval, no outside hosts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


@dataclass(slots=True)
class ServerSettings:
    """Limits and access rules of one server (the CLI fills them from its flags)."""

    token: str | None = None
    # Host header values accepted; None accepts any (a server bound off loopback, where
    # the token guards access). Ports are ignored.
    allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS
    max_upload_bytes: int = 50 * 1024 * 1024
    max_body_bytes: int = 64 * 1024
    # Sustained requests per second per client and the burst above it; 0 turns it off.
    rate_per_second: float = 20.0
    rate_burst: int = 200
    ask_timeout: float = 10.0
    ask_concurrency: int = 4
    # Seconds without a request after which the server lets go of the DuckDB file, so that
    # `geopol ingest` in another process can write to it.
    store_idle_seconds: float = 2.0


def error_body(error: GeopolError) -> bytes:
    return json.dumps({"error": {"code": error.code, "message": error.message}}).encode()


class TokenBucket:
    """Per-client token buckets: `rate` tokens a second up to `burst`."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """0.0 if the request may go ahead, else seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                self._forget_idle(now)
                return 0.0
            self._buckets[client] = (tokens, now)
            return (1.0 - tokens) / self.rate

    def _forget_idle(self, now: float) -> None:
        # A full bucket carries no state; drop them so the table cannot grow without end.
        if len(self._buckets) < 10_000:
            return
        refill = self.burst / self.rate
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < refill}


class Guard:
    def __init__(self, app: ASGIApp, settings: ServerSettings) -> None:
        self.app = app
        self.settings = settings
        self.bucket = (
            TokenBucket(settings.rate_per_second, settings.rate_burst)
            if settings.rate_per_second > 0
            else None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send, scope["path"])
        refusal = self._refusal(scope)
        if refusal is not None:
            status, error, extra = refusal
            await _send_error(send, status, error, extra)
            return
        if self._token_in_query_for_page(scope):
            await _redirect_setting_cookie(scope, send, self.settings.token or "")
            return
        await self._call_with_body_limit(scope, receive, send)

    # -- checks ------------------------------------------------------------------------
    def _refusal(self, scope: Scope) -> tuple[int, GeopolError, list[tuple[bytes, bytes]]] | None:
        headers = _headers(scope)
        if not self._host_allowed(headers.get("host", "")):
            return 403, Forbidden("this server answers only on its own address (Host)"), []
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and not _same_origin(headers):
            return 403, Forbidden("cross-site write refused (Origin does not match Host)"), []
        if self.bucket is not None:
            client = (scope.get("client") or ("-", 0))[0]
            wait = self.bucket.take(client)
            if wait > 0:
                retry = str(max(1, round(wait))).encode()
                error = RateLimited("too many requests; slow down and retry")
                return 429, error, [(b"retry-after", retry)]
        if self.settings.token and not self._token_ok(scope, headers):
            return 401, Unauthorized("missing or wrong access token"), []
        limit = self._body_limit(scope)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return 413, RequestTooLarge(f"request body over the limit of {limit} bytes"), []
        return None

    def _host_allowed(self, host_header: str) -> bool:
        allowed = self.settings.allowed_hosts
        if allowed is None:
            return True
        return _host_name(host_header) in allowed

    def _token_ok(self, scope: Scope, headers: dict[str, str]) -> bool:
        expected = (self.settings.token or "").encode()
        for candidate in _token_candidates(scope, headers):
            if hmac.compare_digest(candidate.encode(), expected):
                return True
        return False

    def _token_in_query_for_page(self, scope: Scope) -> bool:
        """A dashboard opened with ?token=: move the token into a cookie and out of the URL."""
        if not self.settings.token or scope["method"] != "GET":
            return False
        if scope["path"].startswith("/api/"):
            return False
        return any(k == "token" for k, _ in parse_qsl(scope.get("query_string", b"").decode()))

    def _body_limit(self, scope: Scope) -> int:
        if scope["path"] in UPLOAD_PATHS:
            return self.settings.max_upload_bytes
        return self.settings.max_body_bytes

    # -- streaming limit -----------------------------------------------------------------
    async def _call_with_body_limit(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the body through while counting it; past the limit, answer 413 ourselves.

        The app is told the client went away (so it stops reading), and whatever it answers
        to the cut-off body is dropped: frameworks turn read errors into their own 400s.
        """
        limit = self._body_limit(scope)
        seen = 0
        too_large = False
        started = False

        async def counting_receive() -> Message:
            nonlocal seen, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_large and not started:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            error = RequestTooLarge(f"request body over the limit of {limit} bytes")
            await _send_error(send, 413, error, [])


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _host_name(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _same_origin(headers: dict[str, str]) -> bool:
    origin = headers.get("origin")
    if origin is None:
        return True  # not a browser (curl, scripts); browsers always send Origin on writes
    if origin == "null":
        return False
    return origin.split("://", 1)[-1].lower() == headers.get("host", "").lower()


def _token_candidates(scope: Scope, headers: dict[str, str]) -> list[str]:
    found = []
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        found.append(auth[7:].strip())
    if "cookie" in headers:
        cookie: SimpleCookie = SimpleCookie()
        try:
            cookie.load(headers["cookie"])
        except Exception:  # a malformed cookie header is just no token
            cookie = SimpleCookie()
        if TOKEN_COOKIE in cookie:
            found.append(cookie[TOKEN_COOKIE].value)
    for key, value in parse_qsl(scope.get("query_string", b"").decode("latin-1")):
        if key == "token":
            found.append(value)
    return found


def _with_security_headers(send: Send, path: str) -> Send:
    async def wrapped(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            present = {k.lower() for k, _ in headers}
            headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
            if path.startswith("/api/") and b"cache-control" not in present:
                headers.append((b"cache-control", b"no-store"))
            message["headers"] = headers
        await send(message)

    return wrapped


async def _send_error(
    send: Send, status: int, error: GeopolError, extra: list[tuple[bytes, bytes]]
) -> None:
    body = error_body(error)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *extra,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect_setting_cookie(scope: Scope, send: Send, token: str) -> None:
    # Always to the dashboard root: echoing the path back ("//host", "/\\host") could send
    # the browser to another site.
    location = "/"
    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    headers = [
        (b"location", location.encode()),
        (b"set-cookie", cookie.encode("latin-1")),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
