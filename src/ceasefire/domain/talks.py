"""Talks rounds: announced, postponed, held. Each change is a new state, not an edit."""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.domain.common import DateInterval
from ceasefire.domain.statuses import TalksStatus


@dataclass(frozen=True, slots=True)
class TalksRound:
    """A meeting of the guarantors and parties, as known at one moment."""

    id: str
    agreement_id: str | None
    venue: str
    dates: DateInterval
    status: TalksStatus
    basis: str = ""
    postponed_to: DateInterval | None = None
