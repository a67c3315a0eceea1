"""Incident pages as GeoJSON, JSON, CSV or HXL, and the keyset cursor that links the pages.

GeoJSON and JSON are written with orjson straight from the read model's rows: a map asks for
ten thousand incidents at a time, and validating each through pydantic would cost more than
finding them. CSV and HXL cells pass `neutralise_cell`, so no exported text runs as a
spreadsheet formula (BAD_INPUTS row 30).
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson

from ceasefire.domain.access import generalise
from ceasefire.render.csv_safety import neutralise_cell
from ceasefire.web.errors import QueryError
from ceasefire.workflows.incident_index import Cursor, Page, geometry_bytes, listing_properties
from ceasefire.workflows.incident_views import ROW_COLUMNS

EXPORT_COLUMNS = (*ROW_COLUMNS, "verdict")

#: HXL hashtags (hxlstandard.org) per exported column, for humanitarian data tools.
HXL_TAGS = {
    "id": "#event+id",
    "date_start": "#date+start",
    "date_end": "#date+end",
    "date_precision": "#date+precision",
    "event_type": "#event+type",
    "sub_event_type": "#event+type+sub",
    "place": "#loc+name",
    "lat": "#geo+lat",
    "lon": "#geo+lon",
    "geo_precision": "#geo+precision",
    "admin1": "#adm1+name",
    "perpetrator": "#org+perpetrator+name",
    "perpetrator_side": "#org+perpetrator+type",
    "target": "#org+target+name",
    "target_side": "#org+target+type",
    "fatalities_low": "#affected+killed+min",
    "fatalities_best": "#affected+killed",
    "fatalities_high": "#affected+killed+max",
    "status": "#status",
    "zone": "#loc+zone+code",
    "zone_version": "#loc+zone+version",
    "zone_relation": "#loc+zone+relation",
    "zone_share": "#loc+zone+share",
    "source": "#meta+source",
    "verdict": "#status+verdict",
}


def encode_cursor(cursor: Cursor | None) -> str | None:
    if cursor is None:
        return None
    raw = f"{cursor.date_start.isoformat()}|{cursor.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str | None) -> Cursor | None:
    """The cursor from `?after=`; anything but one we issued is a 422 naming the parameter."""
    if text is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
        day, _, incident_id = raw.partition("|")
        if not incident_id:
            raise ValueError(raw)
        return Cursor(date.fromisoformat(day), incident_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise QueryError("'after' is not a cursor from a previous page's 'next'", pointer="/after") from None


def geojson_bytes(page: Page, decimals: int | None) -> bytes:
    """The page as a FeatureCollection: each feature is its pre-serialised head plus a
    geometry written for this viewer's precision."""
    if page.geometries is not None:
        parts = [head + geometry for head, geometry in zip(page.heads, page.geometries, strict=True)]
    else:
        parts = [head + geometry_bytes(r, decimals) for r, head in zip(page.rows, page.heads, strict=True)]
    nxt = orjson.dumps(encode_cursor(page.next))
    return b'{"type":"FeatureCollection","features":[' + b",".join(parts) + b'],"next":' + nxt + b"}"


def json_bytes(page: Page, decimals: int | None) -> bytes:
    items = []
    for r in page.rows:
        item = listing_properties(r)
        item["lon"], item["lat"] = generalise(r.lon, decimals), generalise(r.lat, decimals)
        items.append(item)
    return orjson.dumps({"items": items, "next": encode_cursor(page.next)})


def csv_text(rows: Sequence[dict[str, Any]], *, hxl: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    if hxl:
        writer.writerow([HXL_TAGS[c] for c in EXPORT_COLUMNS])
    for row in rows:
        writer.writerow([neutralise_cell("" if row.get(c) is None else row.get(c)) for c in EXPORT_COLUMNS])
    return out.getvalue()
