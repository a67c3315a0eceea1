"""GET /incidents (filters, keyset pages; GeoJSON, JSON, CSV, HXL), GET /incidents/{id} (claims
side by side, verdicts), POST /incidents/{id}/publish (analysts)."""

from __future__ import annotations

import math
from datetime import date
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from ceasefire.domain.access import Action
from ceasefire.domain.statuses import EventType, IncidentStatus, Verdict
from ceasefire.web import formats
from ceasefire.web.auth import RecordDep, ViewerDep, allowed
from ceasefire.web.errors import QueryError
from ceasefire.web.schemas import ErrorOut, IncidentDetailOut, PublicationOut
from ceasefire.web.strict_body import StrictJSONRoute
from ceasefire.workflows.incident_access import export_rows, incident_page, incident_story
from ceasefire.workflows.incident_index import IncidentFilter
from ceasefire.workflows.publication import publish_incident

router = APIRouter(route_class=StrictJSONRoute, tags=["incidents"])

#: The most incidents one page may hold: enough for a map view, bounded for the server.
MAX_LIMIT = 10_000
IncidentId = Annotated[str, Path(min_length=1, max_length=64)]


class Format(StrEnum):
    GEOJSON = "geojson"
    JSON = "json"
    CSV = "csv"
    HXL = "hxl"


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """`min_lon,min_lat,max_lon,max_lat` in decimal degrees; anything else is a 422 on `bbox`."""
    if text is None:
        return None
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4 or len(parts) != 4 or not all(math.isfinite(v) for v in values):
        raise QueryError("bbox must be four numbers: min_lon,min_lat,max_lon,max_lat", pointer="/bbox")
    min_lon, min_lat, max_lon, max_lat = values
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise QueryError("bbox corners must be ordered and within [-180, 180] x [-90, 90]", pointer="/bbox")
    return min_lon, min_lat, max_lon, max_lat


_CONTENT = {
    "application/geo+json": {"schema": {"$ref": "#/components/schemas/IncidentCollection"}},
    "application/json": {"schema": {"type": "object"}},
    "text/csv": {"schema": {"type": "string"}},
}


@router.get(
    "/incidents",
    response_model=None,
    responses={200: {"content": _CONTENT, "description": "One page of incidents"}, 422: {"model": ErrorOut}},
    summary="Incidents the caller may see, filtered, one keyset page at a time",
)
def list_incidents(
    request: Request,
    record: RecordDep,
    viewer: ViewerDep,
    bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat")] = None,
    start: Annotated[date | None, Query(description="Incidents overlapping [start, end]")] = None,
    end: Annotated[date | None, Query()] = None,
    zone: Annotated[list[str] | None, Query(max_length=50)] = None,
    event_type: Annotated[list[EventType] | None, Query(max_length=10)] = None,
    status: Annotated[list[IncidentStatus] | None, Query(max_length=10)] = None,
    verdict: Annotated[list[Verdict] | None, Query(max_length=10)] = None,
    after: Annotated[str | None, Query(max_length=300, description="`next` of the previous page")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 500,
    format: Annotated[Format, Query()] = Format.GEOJSON,
) -> Response:
    if start is not None and end is not None and end < start:
        raise QueryError(f"end {end} is before start {start}", pointer="/end")
    flt = IncidentFilter(
        bbox=parse_bbox(bbox),
        start=start,
        end=end,
        zones=frozenset(zone or ()),
        event_types=frozenset(event_type or ()),
        statuses=frozenset(status or ()),
        verdicts=frozenset(verdict or ()),
    )
    page, decimals = incident_page(
        request.app.state.index, viewer, flt, after=formats.decode_cursor(after), limit=limit
    )
    headers = {"Cache-Control": "private, no-store", "Vary": "Authorization"}
    if format is Format.GEOJSON:
        return Response(formats.geojson_bytes(page, decimals), media_type="application/geo+json", headers=headers)
    if format is Format.JSON:
        return Response(formats.json_bytes(page, decimals), media_type="application/json", headers=headers)
    text = formats.csv_text(export_rows(record, viewer, page, decimals), hxl=format is Format.HXL)
    nxt = formats.encode_cursor(page.next)
    if nxt:
        headers["Link"] = f'<?after={nxt}>; rel="next"'
    headers["Content-Disposition"] = f'attachment; filename="incidents.{format.value}.csv"'
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/incidents/{incident_id}", response_model=IncidentDetailOut, responses={404: {"model": ErrorOut}})
def get_incident(incident_id: IncidentId, record: RecordDep, viewer: ViewerDep) -> IncidentDetailOut:
    story = incident_story(record, viewer, incident_id)
    return IncidentDetailOut.model_validate(
        {
            "incident": story.incident,
            "published": story.published,
            "claims": [c.__dict__ for c in story.claims],
            "verdicts": [v.__dict__ for v in story.verdicts],
        }
    )


@router.post(
    "/incidents/{incident_id}/publish",
    response_model=PublicationOut,
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 404: {"model": ErrorOut}},
)
def publish(incident_id: IncidentId, record: RecordDep, viewer: ViewerDep) -> PublicationOut:
    changed = publish_incident(record, allowed(viewer, Action.PUBLISH_INCIDENT), incident_id)
    return PublicationOut(incident_id=incident_id, published=True, changed=changed)
