"""Agreements and their provisions: what was agreed, by whom, binding whom, where and when.

An agreement is data loaded from a file (see `ceasefire.intake.agreement_file`), never code,
so that the same centre can hold the Astana memorandum and the next ceasefire side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ceasefire.domain.statuses import EventType, PartyRole, Side, ZoneKind


@dataclass(frozen=True, slots=True)
class Party:
    """A signatory, guarantor, observer or designated group, with every spelling of its name."""

    id: str
    name: str
    role: PartyRole
    side: Side = Side.UNKNOWN
    aliases: tuple[str, ...] = ()

    def is_named(self, text: str) -> bool:
        folded = text.casefold().strip()
        return folded == self.name.casefold() or any(folded == a.casefold() for a in self.aliases)


@dataclass(frozen=True, slots=True)
class Actor:
    """A person or body that speaks or acts for a party (an envoy, a ministry, a commander)."""

    id: str
    name: str
    party_id: str | None = None
    title: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Exemption:
    """An act the provision does not forbid, e.g. attacks on UN-designated groups."""

    id: str
    description: str
    target_sides: tuple[Side, ...] = ()
    target_parties: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Provision:
    """One obligation: which event types are prohibited, for which sides, in which zone kinds."""

    id: str
    text: str
    prohibited_event_types: tuple[EventType, ...]
    bound_sides: tuple[Side, ...]
    zone_kinds: tuple[ZoneKind, ...] = (ZoneKind.DE_ESCALATION_AREA,)
    prohibited_sub_event_types: tuple[str, ...] = ()
    exemptions: tuple[Exemption, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None


@dataclass(frozen=True, slots=True)
class Agreement:
    """A ceasefire agreement as signed, with its validity and its renewal rule."""

    id: str
    name: str
    signed: date
    in_force: date
    duration_months: int | None = None
    auto_renew: bool = False
    place_signed: str | None = None
    parties: tuple[Party, ...] = ()
    actors: tuple[Actor, ...] = ()
    provisions: tuple[Provision, ...] = ()
    source_documents: tuple[str, ...] = ()
    notes: str = ""
    zone_ids: tuple[str, ...] = ()
    renewal: str = ""

    def in_force_on(self, day: date) -> bool:
        """Whether the agreement applies on `day`; an auto-renewing one never lapses by itself."""
        if day < self.in_force:
            return False
        end = self.initial_term_end
        return end is None or self.auto_renew or day < end

    @property
    def initial_term_end(self) -> date | None:
        """The first day after the initial term (e.g. six months from entry into force)."""
        if self.duration_months is None:
            return None
        return add_months(self.in_force, self.duration_months)

    def parties_with_role(self, role: PartyRole) -> tuple[Party, ...]:
        return tuple(p for p in self.parties if p.role is role)


def add_months(d: date, months: int) -> date:
    """Calendar months, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")
