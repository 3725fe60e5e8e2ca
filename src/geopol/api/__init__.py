"""The REST API and the dashboard server (`geopol serve`)."""

from __future__ import annotations

from geopol.api.app import create_app
from geopol.api.guard import ServerSettings

__all__ = ["ServerSettings", "create_app"]
