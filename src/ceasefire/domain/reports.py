"""Sources, reports and claims: what reached the centre, and what each report asserts.

A received report never changes: corrections arrive as new reports, and curation happens on
incidents. A claim keeps who asserts it, because the same strike is "a strike on terrorists"
in one outlet and "a massacre of civilians" in another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.statuses import (
    ClaimKind,
    Confidentiality,
    EventType,
    ObservationMethod,
    ReportKind,
    SourceKind,
    Stance,
)


@dataclass(frozen=True, slots=True)
class Source:
    """Who a report comes from: an outlet, a monitor, a party, a dataset."""

    id: str
    name: str
    kind: SourceKind
    reliability: str | None = None
    party_id: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """One item as received: an article, a monitor's report, a complaint, a dataset row.

    `sha256` is the hash of the original bytes, taken on arrival; `external_id` is the
    source's own id (ACLED `event_id_cnty`, UCDP `id`, a client idempotency key).
    """

    id: str
    source_id: str
    kind: ReportKind
    sha256: str
    received_at: datetime
    title: str = ""
    published: DateInterval | None = None
    url: str | None = None
    external_id: str | None = None
    confidentiality: Confidentiality = Confidentiality.PUBLIC
    party_id: str | None = None
    observed_by: ObservationMethod | None = None
    original: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Claim:
    """What one report asserts, with who asserts it and the span of text it rests on."""

    id: str
    report_id: str
    kind: ClaimKind
    attributed_to: str
    date: DateInterval | None = None
    place: Place | None = None
    event_type: EventType | None = None
    sub_event_type: str | None = None
    perpetrator: ActorRef | None = None
    target: ActorRef | None = None
    fatalities: Fatalities = field(default_factory=Fatalities)
    stance: Stance = Stance.REPORTS
    span: tuple[int, int] | None = None
    details: dict[str, Any] = field(default_factory=dict)
