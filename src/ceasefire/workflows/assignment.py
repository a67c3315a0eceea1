"""Zone assignment of stored incidents: computes it with ceasefire.geo and stores what changed."""

from __future__ import annotations

from collections.abc import Sequence

from ceasefire.domain.incidents import Incident, ZoneAssignment
from ceasefire.domain.statuses import ZoneRelation
from ceasefire.domain.zones import Zone
from ceasefire.geo.assign import assign_places
from ceasefire.settings import Settings


def assignments_for(
    incidents: Sequence[Incident], zones: Sequence[Zone], *, security_km: float | None = None
) -> dict[str, list[ZoneAssignment]]:
    """Each incident's zone assignment at its dates.

    An incident known only to an interval is assigned at both ends; when the ends disagree
    (the interval straddles entry into force or an amendment) the incident is only
    `possibly` in the zone found at the end, never silently in or out.
    """
    width = Settings().security_zone_km if security_km is None else security_km
    places = [i.place for i in incidents]
    at_start = assign_places(places, [i.date.start for i in incidents], zones, security_km=width)
    spans = [k for k, i in enumerate(incidents) if i.date.end != i.date.start]
    at_end = assign_places([places[k] for k in spans], [incidents[k].date.end for k in spans], zones, security_km=width)
    result = {i.id: [a] for i, a in zip(incidents, at_start, strict=True)}
    for k, end in zip(spans, at_end, strict=True):
        start = at_start[k]
        if (start.zone_id, start.zone_version, start.relation) != (end.zone_id, end.zone_version, end.relation):
            chosen = end if end.zone_id is not None else start
            result[incidents[k].id] = [ZoneAssignment(chosen.zone_id, chosen.zone_version, ZoneRelation.POSSIBLY, None)]
    return result
