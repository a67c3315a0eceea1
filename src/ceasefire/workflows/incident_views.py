"""Read models of incidents for the CLI and the API: flat rows, GeoJSON, and one incident's story."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ceasefire.domain.audit import AuditEvent
from ceasefire.domain.incidents import Incident, ZoneAssignment
from ceasefire.domain.statuses import Verdict
from ceasefire.errors import NotFound
from ceasefire.storage import active_incidents, audit_log, incidents_repo, verdicts_repo
from ceasefire.storage.incidents_repo import StoredAssignment
from ceasefire.storage.record import Record
from ceasefire.workflows.incident_story import IncidentStory, incident_story

ROW_COLUMNS = (
    "id",
    "date_start",
    "date_end",
    "date_precision",
    "event_type",
    "sub_event_type",
    "place",
    "lat",
    "lon",
    "geo_precision",
    "admin1",
    "perpetrator",
    "perpetrator_side",
    "target",
    "target_side",
    "fatalities_low",
    "fatalities_best",
    "fatalities_high",
    "status",
    "zone",
    "zone_version",
    "zone_relation",
    "zone_share",
    "source",
)


def incident_row(inc: Incident, assignment: ZoneAssignment | None) -> dict[str, Any]:
    return {
        "id": inc.id,
        "date_start": inc.date.start.isoformat(),
        "date_end": inc.date.end.isoformat(),
        "date_precision": str(inc.date.precision),
        "event_type": str(inc.event_type),
        "sub_event_type": inc.sub_event_type,
        "place": inc.place.name,
        "lat": inc.place.lat,
        "lon": inc.place.lon,
        "geo_precision": str(inc.place.precision),
        "admin1": inc.place.admin1,
        "perpetrator": inc.perpetrator.name if inc.perpetrator else None,
        "perpetrator_side": str(inc.perpetrator.side) if inc.perpetrator else None,
        "target": inc.target.name if inc.target else None,
        "target_side": str(inc.target.side) if inc.target else None,
        "fatalities_low": inc.fatalities.low,
        "fatalities_best": inc.fatalities.best,
        "fatalities_high": inc.fatalities.high,
        "status": str(inc.status),
        "zone": assignment.zone_id if assignment else None,
        "zone_version": assignment.zone_version if assignment else None,
        "zone_relation": str(assignment.relation) if assignment else "unknown",
        "zone_share": assignment.share if assignment else None,
        "source": inc.source_name,
    }


def list_incident_rows(
    record: Record, *, zone: str | None = None, verdict: Verdict | None = None
) -> list[dict[str, Any]]:
    """Incidents with their current zone; `zone` keeps those inside or possibly inside it,
    `verdict` those with that current verdict under some provision. Incidents retired by a
    merge or by re-clustering are left out (their claims are in another incident)."""
    with record.reader() as conn:
        hidden = active_incidents.hidden_ids(conn)
        incidents = [i for i in incidents_repo.load_incidents(conn) if i.id not in hidden]
        if verdict is not None:
            judged = verdicts_repo.incidents_with_verdict(conn, verdict)
            incidents = [i for i in incidents if i.id in judged]
        current = incidents_repo.current_assignments(conn, [i.id for i in incidents])
    rows = [incident_row(i, next(iter(current.get(i.id, [])), None)) for i in incidents]
    if zone is not None:
        rows = [r for r in rows if r["zone"] == zone]
    return rows


def as_geojson(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection; incidents without coordinates have a null geometry (RFC 7946 §3.2)."""
    features = []
    for r in rows:
        geometry = {"type": "Point", "coordinates": [r["lon"], r["lat"]]} if r["lon"] is not None else None
        features.append({"type": "Feature", "id": r["id"], "geometry": geometry, "properties": r})
    return {"type": "FeatureCollection", "features": features}


@dataclass(frozen=True)
class IncidentDetail:
    incident: Incident
    assignments: list[StoredAssignment]
    history: list[AuditEvent]
    story: IncidentStory = field(default_factory=IncidentStory)


def incident_detail(record: Record, incident_id: str) -> IncidentDetail:
    with record.reader() as conn:
        found = incidents_repo.load_incidents(conn, ids=[incident_id])
        if not found:
            raise NotFound(f"no incident {incident_id!r}")
        return IncidentDetail(
            found[0],
            incidents_repo.assignment_history(conn, incident_id),
            audit_log.events_for(conn, "incident", incident_id),
            incident_story(conn, incident_id),
        )
