"""Value objects shared by claims and incidents: when, where, how many, who."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ceasefire.domain.statuses import DatePrecision, GeoPrecision, Side


@dataclass(frozen=True, slots=True)
class DateInterval:
    """The interval that certainly contains an event; a day-precise date has start == end.

    Keeping an interval rather than a single date stops a "sometime in June" report from
    being counted as a 1 June event.
    """

    start: date
    end: date
    precision: DatePrecision = DatePrecision.DAY

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"date interval ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def day(cls, d: date) -> DateInterval:
        return cls(d, d, DatePrecision.DAY)

    def overlaps(self, other: DateInterval) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True, slots=True)
class Place:
    """A place as reported and as resolved; `lon`/`lat` are None when unresolved."""

    name: str
    lon: float | None = None
    lat: float | None = None
    precision: GeoPrecision = GeoPrecision.UNKNOWN
    admin1: str | None = None

    @property
    def resolved(self) -> bool:
        return self.lon is not None and self.lat is not None


@dataclass(frozen=True, slots=True)
class Fatalities:
    """Deaths as low / best / high, as UCDP reports them; None where the source gives none."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    def __post_init__(self) -> None:
        for name in ("low", "best", "high"):
            value = getattr(self, name)
            if value is not None and value < 0:
                raise ValueError(f"fatalities {name} is negative: {value}")
        known = [v for v in (self.low, self.best, self.high) if v is not None]
        if known != sorted(known):
            raise ValueError(f"fatalities must satisfy low <= best <= high, got {self.low}/{self.best}/{self.high}")


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as named in a source, with the side it belongs to."""

    name: str
    side: Side = Side.UNKNOWN
