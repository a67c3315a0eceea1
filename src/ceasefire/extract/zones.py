"""The zone of a claim: which zone, in force on the event's date, holds its place. Runs last.

The zones come from whatever agreement the caller passes (the Astana memorandum by default),
so nothing here knows Idlib or Ghouta. A town inside a zone in force gets the zone's id; a
place outside every zone, or a date before any zone was in force, gets None; a place too vague
to tell (a governorate straddling a zone's line, an unresolved name) gets "unknown".

A place the gazetteer knows by name but cannot locate (a village with no coordinates) is in the
zone whose agreement lists it among its towns ("towns_unlocated" of the zone file): the
list says where it is when the geometry cannot.

A date known only as an interval is checked at both ends: the same answer at both is the
answer; different answers mean "unknown", unless the text calls the event a breach of the
agreement (it was then in force), in which case the interval starts on the day the zone
entered into force. A zone's own area named in the text ("Eastern Ghouta", "northern Homs")
resolves to that zone through aliases derived from the zone names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ceasefire.domain.common import DateInterval, Place
from ceasefire.domain.statuses import GeoPrecision, ZoneRelation
from ceasefire.domain.zones import Zone
from ceasefire.geo.assign import assign_place, zone_shape
from ceasefire.geo.boundaries import find_governorate, governorate_at
from ceasefire.geo.names import normalise

UNKNOWN = "unknown"

_DIRECTIONS = {
    "north": "north",
    "northern": "north",
    "south": "south",
    "southern": "south",
    "east": "east",
    "eastern": "east",
    "west": "west",
    "western": "west",
    "central": "central",
    "northeast": "northeast",
    "northeastern": "northeast",
    "northwest": "northwest",
    "northwestern": "northwest",
    "southeast": "southeast",
    "southeastern": "southeast",
    "southwest": "southwest",
    "southwestern": "southwest",
    "north-east": "northeast",
    "north-west": "northwest",
    "south-east": "southeast",
    "south-west": "southwest",
    "north-eastern": "northeast",
    "north-western": "northwest",
    "south-eastern": "southeast",
    "south-western": "southwest",
}
_DROP_WORDS = re.compile(r"\b(?:province|provinces|governorate|governorates|countryside|region|area|areas|the)\b", re.I)


def area_key(phrase: str) -> str:
    """A key for comparing area names: direction words unified ("Eastern" = "East"), the
    words "province", "countryside", "area" dropped, transliteration normalised."""
    words = _DROP_WORDS.sub(" ", phrase).split()
    unified = [_DIRECTIONS.get(w.lower(), w) for w in words]
    return normalise(" ".join(unified))


def listed_towns(zones_file: Path) -> dict[str, list[str]]:
    """The towns each zone of a zone file lists, located or not ("towns", "towns_unlocated")."""
    collection = json.loads(zones_file.read_text(encoding="utf-8"))
    found: dict[str, list[str]] = {}
    for feature in collection.get("features", []):
        props = feature.get("properties") or {}
        towns = [*props.get("towns", []), *props.get("towns_unlocated", [])]
        if isinstance(props.get("id"), str):
            found[props["id"]] = [t for t in towns if isinstance(t, str)]
    return found


def packaged_listed_towns(zones: Sequence[Zone]) -> dict[str, list[str]]:
    """The town lists of the packaged agreement the zones belong to, for the zones given (none
    when the zones come from an agreement that is not packaged)."""
    from ceasefire.errors import CeasefireError
    from ceasefire.intake.agreement_file import load_packaged_agreement

    found: dict[str, list[str]] = {}
    for agreement_id in sorted({z.agreement_id for z in zones}):
        try:
            loaded = load_packaged_agreement(agreement_id)
        except CeasefireError:
            continue
        lists: dict[str, list[str]] = {}
        for name in sorted({str(z["geometry"]).partition("#")[0] for z in loaded.document.get("zones", [])}):
            lists |= listed_towns(loaded.path.parent / name)
        found |= {z.id: lists[z.id] for z in zones if z.agreement_id == agreement_id and z.id in lists}
    return found


def zone_aliases(zone: Zone) -> list[str]:
    """Names of a zone's area as reporting uses them, derived from the zone's name.

    "Certain parts of northern Homs province" gives "northern Homs"; "Idlib province and
    adjoining parts of ..." gives "Idlib"; "Eastern Ghouta" stays as it is.
    """
    name = re.split(r"\s+and\s+adjoining|[:;(]|\s+near\s+|\s+including\s+", zone.name)[0]
    name = re.sub(r"^(?:certain\s+|some\s+)?(?:parts?\s+of\s+)?(?:the\s+)?", "", name.strip(), flags=re.I)
    name = re.sub(r"\s+(?:province|provinces|governorate|area|de-escalation\s+area)$", "", name, flags=re.I)
    return [name] if name else []


@dataclass(frozen=True, slots=True)
class ZoneArea:
    """A zone's area as named in text ("northern Homs"), with its key."""

    zone_id: str
    alias: str
    key: str


class ZoneIndex:
    """The zones of one agreement, for assigning claims and recognising zone names in text."""

    def __init__(self, zones: Sequence[Zone], listed_towns: Mapping[str, Sequence[str]] | None = None) -> None:
        self.zones = tuple(zones)
        self._by_id = {z.id: z for z in self.zones}
        #: normalised town name -> the zone listing it (a name two zones list says nothing)
        listed: dict[str, str | None] = {}
        for zone_id, towns in (listed_towns or {}).items():
            for town in towns:
                key = normalise(town)
                listed[key] = zone_id if listed.get(key, zone_id) == zone_id else None
        self._listed = {k: v for k, v in listed.items() if v is not None and v in self._by_id}
        areas = []
        for zone in self.zones:
            for alias in zone_aliases(zone):
                # a bare governorate or town name ("Idlib") is that place, not the zone
                if find_governorate(alias) is None and len(alias.split()) > 1:
                    areas.append(ZoneArea(zone.id, alias, area_key(alias)))
        self.areas = tuple(areas)
        self._by_key = {a.key: a for a in self.areas}

    @property
    def zone_ids(self) -> tuple[str, ...]:
        return tuple(z.id for z in self.zones)

    def area_named(self, phrase: str) -> ZoneArea | None:
        """The zone whose area the phrase names ("the East Ghouta countryside"), if any."""
        return self._by_key.get(area_key(phrase))

    def area_place(self, zone_id: str, text_name: str, day: date | None = None) -> Place:
        """The zone's area as a Place: its representative point, district precision."""
        zone = self._by_id[zone_id]
        version = (zone.version_at(day) if day else None) or zone.current
        if version is None:
            return Place(text_name, precision=GeoPrecision.DISTRICT)
        point = zone_shape(version).representative_point()
        gov = governorate_at(point.x, point.y)
        return Place(text_name, round(point.x, 5), round(point.y, 5), GeoPrecision.DISTRICT, gov.name if gov else None)

    def _at(self, place: Place, day: date, area_of: str | None) -> str | None:
        if area_of is not None:
            zone = self._by_id.get(area_of)
            return area_of if zone is not None and zone.version_at(day) is not None else None
        listed = self._listed.get(normalise(place.name)) if place.lat is None or place.lon is None else None
        if listed is not None:
            return listed if self._by_id[listed].version_at(day) is not None else None
        precision = place.precision
        if precision is GeoPrecision.DISTRICT and place.lon is not None and place.lat is not None:
            precision = GeoPrecision.TOWN  # a small named area with a point is judged by its point
        probe = Place(place.name, place.lon, place.lat, precision, place.admin1)
        if precision is GeoPrecision.PROVINCE and find_governorate(place.name) is None and place.admin1:
            probe = Place(place.admin1, None, None, precision, place.admin1)
        found = assign_place(probe, day, self.zones)
        if found.relation is ZoneRelation.INSIDE:
            return found.zone_id
        if found.relation is ZoneRelation.OUTSIDE:
            return None
        return UNKNOWN

    def assign(
        self, place: Place, when: DateInterval, *, area_of: str | None = None, breach: bool = False
    ) -> tuple[str | None, DateInterval]:
        """The zone of a claim at `place` during `when`, and the date interval, narrowed to
        start when the zone entered into force if the text calls the event a breach."""
        if not self.zones:
            return None, when
        first, last = self._at(place, when.start, area_of), self._at(place, when.end, area_of)
        if first == last:
            return first, when
        if breach and last not in (None, UNKNOWN):
            version = self._by_id[last].version_at(when.end)
            if version is not None and version.valid_from > when.start:
                narrowed = DateInterval(version.valid_from, when.end, when.precision)
                return self._at(place, narrowed.start, area_of) or last, narrowed
            return last, when
        return UNKNOWN, when

    def zones_named(self, text: str) -> list[str]:
        """Zone ids an agreement text names: by a governorate in the zone's name ("Daraa" for
        "... Daraa and Quneitra provinces") or by the zone's area ("the East Ghouta countryside")."""
        unified = " ".join(_DIRECTIONS.get(w.lower(), w) for w in re.findall(r"[\w'-]+", text))
        folded = f" {normalise(unified)} "
        found = []
        for zone in self.zones:
            keys = {normalise(w) for w in re.findall(r"[A-Z][\w'-]+", zone.name) if find_governorate(w) is not None}
            keys |= {a.key for a in self.areas if a.zone_id == zone.id}
            if any(k and f" {k} " in folded for k in keys):
                found.append(zone.id)
        return found
