"""Storage: the `Store` interface with a DuckDB implementation and an in-memory one."""

from __future__ import annotations

import os
from pathlib import Path

from geopol.store.base import (
    SCHEMA_VERSION,
    ActorStats,
    DocumentInfo,
    RelationFilter,
    Store,
)
from geopol.store.duck import DuckDBStore
from geopol.store.memory import MemoryStore

DEFAULT_DB = "geopol.duckdb"


def default_db_path() -> Path:
    """`$GEOPOL_DB`, else `geopol.duckdb` in the current folder."""
    return Path(os.environ.get("GEOPOL_DB") or DEFAULT_DB)


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> DuckDBStore:
    return DuckDBStore(path or default_db_path(), read_only=read_only)


__all__ = [
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "ActorStats",
    "DocumentInfo",
    "DuckDBStore",
    "MemoryStore",
    "RelationFilter",
    "Store",
    "default_db_path",
    "open_store",
]
