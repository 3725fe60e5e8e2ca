"""The FastAPI application: JSON under /api/, the dashboard at /, the guard around both."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from geopol import web
from geopol.api.access import StoreAccess, access_for
from geopol.api.guard import Guard, ServerSettings, error_body
from geopol.api.jobs import IngestFunction, JobRunner
from geopol.api.routes import build_router
from geopol.api.warm import VectorWarmer
from geopol.errors import (
    GeopolError,
    InputError,
    NotFound,
    QueryError,
    RequestTimeout,
    SchemaError,
    ServerError,
    StoreError,
    StoreLocked,
    UnsupportedFormat,
)
from geopol.store import Store

# Most specific first: the first class an error is an instance of decides its status.
STATUS_BY_ERROR: tuple[tuple[type[GeopolError], int], ...] = (
    (NotFound, 404),
    (QueryError, 400),
    (UnsupportedFormat, 415),
    (InputError, 400),
    (StoreLocked, 503),
    (SchemaError, 500),
    (StoreError, 503),
    (RequestTimeout, 504),
    (ServerError, 500),
)


def status_of(error: GeopolError) -> int:
    for cls, status in STATUS_BY_ERROR:
        if isinstance(error, cls):
            return status
    return 500


def _json_error(status: int, error: GeopolError) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": error.code, "message": error.message}}, status_code=status
    )


def create_app(
    store: Store | str | Path,
    *,
    token: str | None = None,
    settings: ServerSettings | None = None,
    ingest: IngestFunction | None = None,
) -> FastAPI:
    """The app over a store object (tests) or a DuckDB file path (`geopol serve`).

    `token`, when given, is required on every request (it overrides `settings.token`).
    `ingest` replaces `geopol.pipeline.ingest_paths` for uploads (tests).
    """
    settings = settings or ServerSettings()
    if token is not None:
        settings.token = token
    access: StoreAccess = access_for(store, idle_seconds=settings.store_idle_seconds)
    warmer = VectorWarmer(access.view)
    jobs = JobRunner(access, ingest, after_ingest=warmer.start)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Embeddings are computed in the background; questions never wait for them.
        warmer.start()
        yield
        warmer.stop()
        warmer.wait(timeout=10.0)  # its batch ends first: the store must not close under it
        jobs.shutdown()
        access.close()

    app = FastAPI(
        title="geopol",
        summary="Cited events, relations and networks from texts about international politics.",
        version=_version(),
        docs_url=None,  # the docs page is our own (no CDN scripts, strict CSP)
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.access = access
    app.state.jobs = jobs
    app.state.warmer = warmer
    app.state.settings = settings
    _add_error_handlers(app)
    app.include_router(build_router(access, jobs, settings, warmer))
    _add_pages(app)
    app.add_middleware(Guard, settings=settings)
    return app


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geopol")
    except PackageNotFoundError:
        return "0"


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(GeopolError)
    async def geopol_error(_: Request, exc: GeopolError) -> JSONResponse:
        return _json_error(status_of(exc), exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'query')}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return _json_error(422, QueryError(f"invalid request: {problems}"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> Response:
        error: GeopolError = (
            NotFound("no such page") if exc.status_code == 404 else QueryError(str(exc.detail))
        )
        return JSONResponse(
            {"error": {"code": error.code, "message": error.message}},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def internal_error(_: Request, exc: Exception) -> Response:
        # Never echo internals (paths, SQL) to a client; the server log has the traceback.
        body = error_body(ServerError("internal error"))
        return Response(body, status_code=500, media_type="application/json")


def _add_pages(app: FastAPI) -> None:
    assets = web.load_assets()

    def serve(name: str) -> Response:
        asset = assets.get(name)
        if asset is None:
            raise NotFound(f"no asset {name!r}")
        headers = {"cache-control": "no-cache"}
        return Response(asset.content, media_type=asset.media_type, headers=headers)

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return serve("index.html")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> Response:
        return serve("apidocs.html")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        # Only names from the packaged list are served: no path is ever built from input.
        return serve(name)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return serve("favicon.svg")
