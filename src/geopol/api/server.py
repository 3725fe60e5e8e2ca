"""`geopol serve`: checks the address and token, then runs uvicorn on the app."""

from __future__ import annotations

import ipaddress
import logging
import re
from dataclasses import replace
from pathlib import Path

from geopol.api.guard import LOOPBACK_HOSTS, ServerSettings
from geopol.errors import ConfigError

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9._~+/=-]{16,256}$")
TOKEN_IN_QUERY = re.compile(r"((?:^|[?&])token=)[^&\s]*")


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve anywhere


def server_settings(
    host: str, token: str | None, base: ServerSettings | None = None
) -> ServerSettings:
    """Settings for a bind address: off loopback a token is required and any Host accepted."""
    settings = replace(base or ServerSettings(), token=token or None)
    if token and not TOKEN_PATTERN.match(token):
        raise ConfigError(
            "the token must be 16 or more characters from A-Z a-z 0-9 . _ ~ + / = - "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe())')"
        )
    if is_loopback(host):
        settings.allowed_hosts = (*LOOPBACK_HOSTS, host.lower())
        return settings
    if not token:
        raise ConfigError(
            f"refusing to serve on {host}: off the loopback address anyone on the network "
            "could read the store; give an access token with --token or $GEOPOL_TOKEN"
        )
    settings.allowed_hosts = None
    return settings


def serve(
    db: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    settings: ServerSettings | None = None,
    log_level: str = "info",
) -> None:
    """Serve the API and dashboard over the DuckDB store at `db` until interrupted."""
    import uvicorn

    from geopol.api.app import create_app

    settings = server_settings(host, token, settings)
    app = create_app(Path(db), settings=settings)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
        timeout_keep_alive=5,
        # Bound the open connections: beyond this uvicorn answers 503 instead of queueing.
        limit_concurrency=512,
    )
    server = uvicorn.Server(config)  # logging is configured by now: add the filter after
    logging.getLogger("uvicorn.access").addFilter(RedactToken())
    server.run()


class RedactToken(logging.Filter):
    """Keep `?token=...` (a dashboard link) out of the access log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                TOKEN_IN_QUERY.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
            )
        return True
