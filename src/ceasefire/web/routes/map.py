"""The map and the report form: static pages, their configuration and the packaged base map.
Everything is served from this app, so the map works with no network beyond it."""

from __future__ import annotations

from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import FileResponse

from ceasefire.domain.access import GENERALISED_DECIMALS
from ceasefire.web.routes.incidents import MAX_LIMIT
from ceasefire.web.schemas import ErrorOut, MapConfigOut
from ceasefire.web.strict_body import StrictJSONRoute
from ceasefire.workflows import map_layers

router = APIRouter(route_class=StrictJSONRoute, tags=["map"])
STATIC = files("ceasefire.web") / "static"


@router.get("/", include_in_schema=False)
def map_page() -> FileResponse:
    return FileResponse(str(STATIC / "index.html"), media_type="text/html")


@router.get("/report", include_in_schema=False)
def report_page() -> FileResponse:
    return FileResponse(str(STATIC / "report.html"), media_type="text/html")


@router.get("/map-config", response_model=MapConfigOut)
def map_config(request: Request) -> MapConfigOut:
    tile_url = request.app.state.settings.tile_url or None
    return MapConfigOut(tile_url=tile_url, generalised_decimals=GENERALISED_DECIMALS, max_limit=MAX_LIMIT)


@router.get(
    "/boundaries/{name}",
    responses={200: {"content": {"application/geo+json": {}}}, 404: {"model": ErrorOut}},
    summary="A packaged boundary layer (country, governorates) for the offline base map",
)
def boundary(name: Annotated[str, Path(max_length=32)]) -> Response:
    return Response(
        map_layers.boundary_bytes(name),
        media_type="application/geo+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )
