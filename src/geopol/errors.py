"""The error hierarchy. Every error has a stable code that users and tests can rely on.

Codes are grouped by area: 1xx input, 2xx processing, 3xx store, 4xx query/ask,
5xx server, 9xx configuration. Never renumber a code; add new ones.
Only the CLI prints or exits; everything else raises these or returns a
``records.Skipped`` built from them.
"""

from __future__ import annotations

from geopol.records import Skipped


class GeopolError(Exception):
    code = "GP000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{where}{self.message} [{self.code}]"

    def skipped(self, source: str | None = None) -> Skipped:
        return Skipped(source=source or self.source or "-", code=self.code, reason=self.message)


class InputError(GeopolError):
    """The input cannot be read as a document."""

    code = "GP100"


class EmptyInput(InputError):
    code = "GP101"


class UnsupportedFormat(InputError):
    code = "GP102"


class BinaryInput(InputError):
    code = "GP103"


class PdfError(InputError):
    """Corrupt, encrypted, or text-less PDF."""

    code = "GP104"


class JsonlError(InputError):
    """A JSONL line that is not a JSON object with a text."""

    code = "GP105"


class TooLarge(InputError):
    code = "GP106"


class InputNotFound(InputError):
    code = "GP107"


class DuplicateDocument(InputError):
    """Not a failure: the document (or a near-duplicate) is already stored."""

    code = "GP110"


class ProcessingError(GeopolError):
    """A stage failed on an item it accepted."""

    code = "GP200"


class StoreError(GeopolError):
    code = "GP300"


class StoreLocked(StoreError):
    """Another process is writing to the store."""

    code = "GP301"


class SchemaError(StoreError):
    code = "GP302"


class QueryError(GeopolError):
    code = "GP400"


class NotFound(QueryError):
    code = "GP404"


class ServerError(GeopolError):
    code = "GP500"


class Unauthorized(ServerError):
    """Missing or wrong access token."""

    code = "GP501"


class RateLimited(ServerError):
    code = "GP502"


class RequestTooLarge(ServerError):
    code = "GP503"


class RequestTimeout(ServerError):
    """A request (an ask) took longer than the server allows."""

    code = "GP504"


class Forbidden(ServerError):
    """A request the server refuses by policy (foreign origin or host, missing header)."""

    code = "GP505"


class ConfigError(GeopolError):
    code = "GP900"


class MissingExtra(ConfigError):
    """A feature needs an optional extra that is not installed (e.g. ``geopol[embed]``)."""

    code = "GP901"
