"""The dashboard's static files, shipped inside the package (no CDN: users may be offline)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class Asset:
    content: bytes
    media_type: str


def load_assets() -> dict[str, Asset]:
    """Every file in `web/static/` by its plain name, read once at start-up."""
    assets: dict[str, Asset] = {}
    for entry in resources.files(__package__).joinpath("static").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1] if "." in entry.name else ""
        if entry.is_file() and suffix in MEDIA_TYPES:
            assets[entry.name] = Asset(entry.read_bytes(), MEDIA_TYPES[suffix])
    return assets
