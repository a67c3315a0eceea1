"""Zones and their versions. Geometry is never overwritten: an amendment is a new version.

A zone is the name ("idlib"); a ZoneVersion is one drawing of it with the dates it was in
force. `version_at` is the only way to ask which geometry applied on a date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from ceasefire.domain.statuses import ZoneKind, ZoneStatus


@dataclass(frozen=True, slots=True)
class ZoneVersion:
    """One geometry of a zone, valid on [valid_from, valid_to) (valid_to None = open-ended).

    `geometry` is a GeoJSON geometry mapping in WGS 84 (lon, lat); the geo package turns it
    into shapely objects, so the domain stays free of geometry libraries.
    """

    zone_id: str
    version: int
    geometry: dict[str, Any]
    valid_from: date
    valid_to: date | None = None
    status: ZoneStatus = ZoneStatus.AGREED
    basis: str = ""
    approximate: bool = False
    method: str = ""

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True, slots=True)
class Zone:
    """A named area of an agreement and all its versions, oldest first."""

    id: str
    agreement_id: str
    name: str
    kind: ZoneKind
    versions: tuple[ZoneVersion, ...] = ()
    parent_id: str | None = None

    def version_at(self, day: date) -> ZoneVersion | None:
        """The version in force on `day`, or None before the first or after the last ends."""
        for v in reversed(self.versions):
            if v.in_force_on(day):
                return v
        return None

    @property
    def current(self) -> ZoneVersion | None:
        return self.versions[-1] if self.versions else None


class AmendmentError(ValueError):
    """An amendment that would rewrite history instead of adding to it."""


def amend(
    zone: Zone,
    geometry: dict[str, Any],
    *,
    valid_from: date,
    basis: str,
    status: ZoneStatus = ZoneStatus.AGREED,
    approximate: bool = False,
    method: str = "",
) -> tuple[Zone, ZoneVersion, ZoneVersion | None]:
    """Add a version starting `valid_from`, closing the open one the day before.

    Returns the amended zone, the new version and the closed predecessor (if any), so that
    the caller can store both in one transaction. An amendment may not start on or before the
    latest version's start: that would silently rewrite what was in force.
    """
    if not basis.strip():
        raise AmendmentError(f"zone '{zone.id}': an amendment needs a basis (the document it rests on)")
    latest = zone.current
    closed: ZoneVersion | None = None
    versions: list[ZoneVersion] = list(zone.versions)
    if latest is not None:
        if valid_from <= latest.valid_from:
            raise AmendmentError(
                f"zone '{zone.id}': amendment valid from {valid_from} must start after the "
                f"current version {latest.version}'s start {latest.valid_from}"
            )
        if latest.valid_to is None or latest.valid_to > valid_from:
            closed = replace(latest, valid_to=valid_from)
            versions[-1] = closed
    new = ZoneVersion(
        zone_id=zone.id,
        version=(latest.version + 1) if latest else 1,
        geometry=geometry,
        valid_from=valid_from,
        status=status,
        basis=basis,
        approximate=approximate,
        method=method,
    )
    versions.append(new)
    return replace(zone, versions=tuple(versions)), new, closed


def versions_in_force(zones: Sequence[Zone], day: date) -> list[ZoneVersion]:
    """Every zone version in force on `day`, one per zone at most."""
    found = (z.version_at(day) for z in zones)
    return [v for v in found if v is not None]
