"""Incidents: the consolidated event behind one or more claims, as the centre records it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.statuses import EventType, IncidentStatus, ZoneRelation


@dataclass(frozen=True, slots=True)
class ZoneAssignment:
    """Where an incident stands relative to one zone version, and which version was used.

    `share` is the fraction of the place's area that overlaps the zone, for places known only
    to a district or province; 1.0 or 0.0 for points.
    """

    zone_id: str | None
    zone_version: int | None
    relation: ZoneRelation
    share: float | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """An event at a place and time, with everything known about it."""

    id: str
    event_type: EventType
    date: DateInterval
    place: Place
    sub_event_type: str | None = None
    perpetrator: ActorRef | None = None
    target: ActorRef | None = None
    fatalities: Fatalities = field(default_factory=Fatalities)
    status: IncidentStatus = IncidentStatus.ALLEGED
    source_name: str | None = None
    source_url: str | None = None
    notes: str = ""
