"""Building Claim objects for the analysis tests: synthetic ones, and ones carrying only the
facts (dates, places, types, sides) of the gold claims in ../shared/eval/dev_gold.json."""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

from ceasefire.domain.agreements import Agreement
from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ClaimKind, DatePrecision, EventType, GeoPrecision, Side, Stance
from ceasefire.intake.agreement_file import agreement_from_document, packaged_agreement_path


def claim(
    cid: str,
    report: str,
    day: str | tuple[str, str] = "2017-06-01",
    *,
    place: tuple[str, float | None, float | None] = ("Douma", 36.4027, 33.57175),
    precision: GeoPrecision = GeoPrecision.TOWN,
    admin1: str | None = "Rif Dimashq",
    event: EventType = EventType.EXPLOSIONS_REMOTE_VIOLENCE,
    sub: str | None = "Air/drone strike",
    by: Side = Side.GOVERNMENT,
    on: tuple[str, Side] | None = ("civilians", Side.CIVILIANS),
    said_by: str = "Syrian Observatory for Human Rights",
    stance: Stance = Stance.REPORTS,
    deaths: tuple[int | None, int | None, int | None] = (None, None, None),
) -> Claim:
    start, end = (day, day) if isinstance(day, str) else day
    interval = DateInterval(date.fromisoformat(start), date.fromisoformat(end))
    if interval.end != interval.start:
        interval = DateInterval(interval.start, interval.end, DatePrecision.WEEK)
    return Claim(
        id=cid,
        report_id=report,
        kind=ClaimKind.INCIDENT,
        attributed_to=said_by,
        date=interval,
        place=Place(place[0], place[1], place[2], precision, admin1),
        event_type=event,
        sub_event_type=sub,
        perpetrator=ActorRef(str(by), by),
        target=ActorRef(on[0], on[1]) if on else None,
        fatalities=Fatalities(*deaths),
        stance=stance,
    )


def gold_claims(gold: list[dict[str, Any]]) -> list[Claim]:
    """One Claim per gold incident, from its facts only; ids are '<file>#<n>'."""
    out = []
    for item in gold:
        for n, c in enumerate(x for x in item["claims"] if x["kind"] == "incident"):
            d, p = c["date"], c["place"]
            out.append(
                Claim(
                    id=f"{item['file']}#{n}",
                    report_id=item["file"],
                    kind=ClaimKind.INCIDENT,
                    attributed_to=c["attributed_to"][0],
                    date=DateInterval(
                        date.fromisoformat(d["start"]), date.fromisoformat(d["end"]), DatePrecision(d["precision"])
                    ),
                    place=Place(p["name"], p["lon"], p["lat"], GeoPrecision(p["precision"]), p["admin1"]),
                    event_type=EventType(c["event_type"]),
                    sub_event_type=c["sub_event_type"],
                    perpetrator=ActorRef(c["perpetrator"]["name"] or "", Side(c["perpetrator"]["side"])),
                    target=ActorRef(c["target"]["name"] or "", Side(c["target"]["side"])),
                    fatalities=Fatalities(**c["fatalities"]),
                )
            )
    return out


def astana_agreement() -> Agreement:
    """The packaged Astana memorandum's terms (parties, provisions, exemptions), read from its
    file without its geometry file, which pure tests do not need."""
    text = (packaged_agreement_path("astana-2017")).read_text("utf-8")
    return agreement_from_document(tomllib.loads(text))
