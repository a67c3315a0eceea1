"""The app factory: one FastAPI app over one record, with the API, the map and the policy."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from ceasefire.settings import Settings
from ceasefire.storage.record import Record
from ceasefire.web import errors
from ceasefire.web.routes import agreements, analysis, evidence, incidents, map, reports, session
from ceasefire.web.routes.map import STATIC
from ceasefire.web.security import SecurityHeaders
from ceasefire.web.strict_body import BodyLimit
from ceasefire.workflows.incident_index import IncidentIndex

DESCRIPTION = """The record of a ceasefire's coordination centre.

Send `Authorization: Bearer <token>` (from `ceasefire users add` or `POST /tokens`); without
one you are the public and see published material only, with coordinates generalised to
about 1 km. An object you may not see is answered 404, exactly as one that does not exist.
Errors carry a stable `code` and a JSON `pointer` to the offending field.
"""


def _leaflet_dir() -> str:
    import xstatic.pkg.leaflet as leaflet  # type: ignore[import-untyped]

    return str(leaflet.BASE_DIR)


def create_app(source: Settings | Record | str | None = None, *, settings: Settings | None = None) -> FastAPI:
    """An app over `source`: Settings (opens its db), an open Record, or a database path/URL."""
    if isinstance(source, Settings):
        settings, record = source, Record.open(source.db)
    elif isinstance(source, Record):
        settings, record = settings or Settings(), source
    else:
        settings = settings or Settings()
        record = Record.open(source or settings.db)
    app = FastAPI(
        title="ceasefire",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
    )
    app.state.record = record
    app.state.settings = settings
    app.state.index = IncidentIndex(record)
    errors.install(app)
    for module in (agreements, incidents, analysis, reports, evidence, session, map):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=_leaflet_dir()), name="leaflet")
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders, tile_url=settings.tile_url or None)
    return app
