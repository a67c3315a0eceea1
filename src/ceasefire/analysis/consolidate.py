"""Consolidation: an incident's fields from the claims clustered into it. Runs after dedup,
before zone assignment and assessment.

The rules follow the field's practice so that a figure can be defended:
- date: the narrowest interval consistent with every claim (their intersection; claims that
  dedup put together always share one, since overlapping intervals on a line have a common
  point); when an analyst merged claims that do not overlap, the narrowest claim's interval,
  the earliest on ties;
- place: the most precise, resolved place, the one most claims name on ties;
- event type, sub-type, perpetrator, target: what most affirming claims say (denials deny
  the event, they do not describe it), ties to the most specific;
- fatalities: low = the lowest figure any claim gives, high = the highest, best = the lowest
  of the claims' best figures (ACLED: "the most conservative").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.incidents import Incident
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import DatePrecision, EventType, GeoPrecision, IncidentStatus, Side, Stance
from ceasefire.geo.names import normalise

_RANK = {p: i for i, p in enumerate(GeoPrecision)}
#: Tie order of event types: the more specific account of a violent event first.
_TYPE_ORDER = {
    t: i
    for i, t in enumerate(
        (
            EventType.EXPLOSIONS_REMOTE_VIOLENCE,
            EventType.VIOLENCE_AGAINST_CIVILIANS,
            EventType.BATTLES,
            EventType.RIOTS,
            EventType.PROTESTS,
            EventType.STRATEGIC_DEVELOPMENTS,
        )
    )
}


def precision_of(interval_days: int) -> DatePrecision:
    """The precision an interval of this many days carries (UCDP date_prec bands)."""
    if interval_days <= 1:
        return DatePrecision.DAY
    if interval_days <= 8:
        return DatePrecision.WEEK
    if interval_days <= 31:
        return DatePrecision.MONTH
    return DatePrecision.YEAR


def consolidated_date(claims: Sequence[Claim]) -> DateInterval:
    dated = [c.date for c in claims if c.date is not None]
    if not dated:
        raise ValueError("an incident needs at least one dated claim")
    start, end = max(d.start for d in dated), min(d.end for d in dated)
    if start <= end:
        if any(d.start == start and d.end == end for d in dated):
            exact = [d.precision for d in dated if d.start == start and d.end == end]
            return DateInterval(start, end, min(exact, key=list(DatePrecision).index))
        return DateInterval(start, end, precision_of((end - start).days + 1))
    return min(dated, key=lambda d: ((d.end - d.start).days, d.start, d.end))


def consolidated_place(claims: Sequence[Claim]) -> Place:
    places = [c.place for c in claims if c.place is not None]
    if not places:
        return Place("unknown", precision=GeoPrecision.UNKNOWN)
    names = Counter(normalise(p.name) for p in places)
    return min(places, key=lambda p: (_RANK[p.precision], not p.resolved, -names[normalise(p.name)], p.name))


def _majority_actor(refs: Sequence[ActorRef | None]) -> ActorRef | None:
    known = [r for r in refs if r is not None]
    if not known:
        return None
    sides = Counter(r.side for r in known if r.side is not Side.UNKNOWN)
    if not sides:
        return known[0]
    side = min(sides, key=lambda s: (-sides[s], s.value))
    return next(r for r in known if r.side is side)


def consolidated_fatalities(claims: Sequence[Claim]) -> Fatalities:
    lows, bests, highs = [], [], []
    for c in claims:
        f = c.fatalities
        low = f.low if f.low is not None else f.best
        high = f.high if f.high is not None else f.best
        if low is not None:
            lows.append(low)
        if f.best is not None:
            bests.append(f.best)
        if high is not None:
            highs.append(high)
    best = min(bests) if bests else None
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    if best is not None:
        low = best if low is None else min(low, best)
        high = best if high is None else max(high, best)
    if low is not None and high is not None and high < low:
        high = low
    return Fatalities(low, best, high)


def consolidate(
    incident_id: str,
    claims: Sequence[Claim],
    *,
    status: IncidentStatus = IncidentStatus.ALLEGED,
    source: tuple[str | None, str | None] = (None, None),
) -> Incident:
    """The incident its claims describe; `source` is the (name, url) of its earliest report."""
    if not claims:
        raise ValueError(f"incident {incident_id}: no claims to build it from")
    ordered = sorted(claims, key=lambda c: c.id)
    affirming = [c for c in ordered if c.stance is not Stance.DENIES] or ordered
    types = Counter(c.event_type for c in affirming if c.event_type is not None)
    if not types:
        raise ValueError(f"incident {incident_id}: no claim gives an event type")
    event_type = min(types, key=lambda t: (-types[t], _TYPE_ORDER[t]))
    subs = Counter(c.sub_event_type for c in affirming if c.event_type is event_type and c.sub_event_type)
    sub = min(subs, key=lambda s: (-subs[s], s)) if subs else None
    count = len({c.report_id for c in ordered})
    return Incident(
        id=incident_id,
        event_type=event_type,
        date=consolidated_date(ordered),
        place=consolidated_place(ordered),
        sub_event_type=sub,
        perpetrator=_majority_actor([c.perpetrator for c in affirming]),
        target=_majority_actor([c.target for c in affirming]),
        fatalities=consolidated_fatalities(affirming),
        status=status,
        source_name=source[0],
        source_url=source[1],
        notes=f"built from {len(ordered)} claim(s) in {count} report(s)",
    )
