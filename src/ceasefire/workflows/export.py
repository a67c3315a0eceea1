"""Exports of the record for other tools: GeoJSON for maps, CSV for spreadsheets, and HXL (CSV with
a row of Humanitarian Exchange Language hashtags under the header) for humanitarian data tools.

Exports leave the centre, so they follow the bulletin's editions: the public one (the default)
names no confidential source and generalises coordinates to about 1 km (see
`ceasefire.render.redaction`). Every text cell of the CSV and HXL outputs is neutralised
against spreadsheet formula injection.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from ceasefire.analysis.stats import records
from ceasefire.domain.statuses import ExportFormat as ExportFormat
from ceasefire.render.claims import ClaimView
from ceasefire.render.csv_safety import neutralise_cell
from ceasefire.render.redaction import Edition, SourceFilter, for_edition
from ceasefire.storage import bulletins_repo, frames_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.independent_sources import independent_sources

#: Exported columns and their HXL hashtags (HXL 1.1: #date, #loc, #geo, #adm1, #event, #org, #affected, #status).
HXL_TAGS: dict[str, str] = {
    "incident_id": "#event+id",
    "date_start": "#date",
    "date_end": "#date+end",
    "date_precision": "#date+precision",
    "event_type": "#event+type",
    "sub_event_type": "#event+type+sub",
    "place_name": "#loc+name",
    "lat": "#geo+lat",
    "lon": "#geo+lon",
    "geo_precision": "#geo+precision",
    "admin1": "#adm1+name",
    "zone_id": "#loc+zone+code",
    "zone_relation": "#loc+zone+relation",
    "perpetrator_name": "#org+perpetrator",
    "perpetrator_side": "#org+perpetrator+side",
    "target_name": "#org+target",
    "target_side": "#org+target+side",
    "fatalities_low": "#affected+killed+low",
    "fatalities_best": "#affected+killed",
    "fatalities_high": "#affected+killed+high",
    "status": "#status+verification",
    "verdict": "#status+verdict",
    "independent_sources": "#meta+sources+num",
    "source_name": "#meta+source",
    "source_url": "#meta+url",
}
COLUMNS = tuple(HXL_TAGS)


def export_frame(
    record: Record, *, since: date | None = None, zone: str | None = None, edition: Edition = Edition.PUBLIC
) -> pd.DataFrame:
    """The incidents to export (dates overlapping [since, ∞), assigned to `zone` if given), as the
    edition may show them."""
    with record.reader() as conn:
        frame = frames_repo.incident_frame(conn, since=since)
        if zone is not None:
            frame = frame[frame["zone_id"] == zone].reset_index(drop=True)
        confidential = bulletins_repo.confidential_sources(conn)
        names = [*confidential.keys(), *confidential.values()]
        claims = [
            ClaimView(c.incident_id, c.claim, c.source_name, c.confidentiality, c.published)
            for c in bulletins_repo.linked_claims(conn, list(frame["incident_id"]), datetime.now(UTC))
        ]
        counts = independent_sources(conn, claims, edition, names)
    frame["independent_sources"] = frame["incident_id"].map(counts).astype("Int64")
    shown = for_edition(frame, edition, SourceFilter(names))
    return shown[list(COLUMNS)]


def to_geojson(frame: pd.DataFrame) -> dict[str, Any]:
    """A FeatureCollection; incidents without coordinates keep a null geometry (RFC 7946 §3.2)."""
    features = []
    for row in records(frame):
        located = row["lon"] is not None and row["lat"] is not None
        geometry = {"type": "Point", "coordinates": [row["lon"], row["lat"]]} if located else None
        features.append({"type": "Feature", "id": row["incident_id"], "geometry": geometry, "properties": row})
    return {"type": "FeatureCollection", "features": features}


def to_csv(frame: pd.DataFrame, *, hxl: bool = False) -> str:
    """CSV text with a header row (and, for HXL, the hashtag row under it); formulas neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = list(frame.columns)
    writer.writerow(columns)
    if hxl:
        writer.writerow([HXL_TAGS.get(c, "") for c in columns])
    for row in records(frame):
        writer.writerow(["" if row[c] is None else neutralise_cell(row[c]) for c in columns])
    return buffer.getvalue()


def export_text(frame: pd.DataFrame, fmt: ExportFormat) -> str:
    if fmt is ExportFormat.GEOJSON:
        return json.dumps(to_geojson(frame), ensure_ascii=False, indent=1) + "\n"
    return to_csv(frame, hxl=fmt is ExportFormat.HXL)
