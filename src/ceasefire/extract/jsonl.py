"""Output of extraction: the contract's JSON object per document, and a table for people.
Last step of `ceasefire extract`; the field names are those of ../shared/eval/README.md.

Beyond the contract each claim carries its `id`, and each incident its `stance` (reports /
alleges) and the place's spelling in the text (`place.text_name`), which the scorer ignores
and a reader needs. A denial is kept inside ceasefire as an incident claim with the stance
"denies" (corroboration weighs it against the claim it answers), but the contract's incident
is "a violent event or an alleged violation", which a denial is not: it is written as a
`statement` with `topic` "denial", `stance` "denies" and `denies`, the id of the claim it
answers, beside the incident's own fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from ceasefire.domain.common import ActorRef, DateInterval
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ClaimKind, Stance
from ceasefire.extract.pipeline import Extraction


def interval_json(interval: DateInterval | None) -> dict[str, Any] | None:
    if interval is None:
        return None
    return {"start": interval.start.isoformat(), "end": interval.end.isoformat(), "precision": interval.precision.value}


def _actor(actor: ActorRef | None) -> dict[str, Any]:
    if actor is None:
        return {"name": None, "side": "unknown"}
    return {"name": actor.name, "side": actor.side.value}


def claim_json(claim: Claim) -> dict[str, Any]:
    """One claim as the contract's JSON object (kind-specific fields beside the common ones)."""
    out: dict[str, Any] = {"id": claim.id, "kind": claim.kind.value}
    details = claim.details
    if claim.kind is ClaimKind.INCIDENT and claim.stance is Stance.DENIES:
        out |= {"kind": ClaimKind.STATEMENT.value, "topic": "denial", "denies": details.get("denies")}
    if claim.kind is ClaimKind.INCIDENT:
        place = claim.place
        out |= {
            "event_type": claim.event_type.value if claim.event_type else None,
            "sub_event_type": claim.sub_event_type,
            "date": interval_json(claim.date),
            "place": None
            if place is None
            else {
                "name": place.name,
                "lat": place.lat,
                "lon": place.lon,
                "precision": place.precision.value,
                "admin1": place.admin1,
                "text_name": details.get("place_text"),
            },
            "zone": details.get("zone"),
            "perpetrator": _actor(claim.perpetrator),
            "target": _actor(claim.target),
            "fatalities": {"low": claim.fatalities.low, "best": claim.fatalities.best, "high": claim.fatalities.high},
            "stance": claim.stance.value,
        }
    else:
        out["date"] = interval_json(claim.date)
        out |= {k: v for k, v in details.items()}
    out["attributed_to"] = claim.attributed_to
    out["span"] = list(claim.span) if claim.span else None
    return out


def extraction_json(extraction: Extraction) -> dict[str, Any]:
    """The JSON object of one input file: its name, header facts and claims."""
    document = extraction.document
    return {
        "file": document.name,
        "document": {
            "title": document.title or None,
            "outlet": document.outlet,
            "url": document.url,
            "published": interval_json(document.published),
        },
        "claims": [claim_json(c) for c in extraction.claims],
    }


def jsonl_line(extraction: Extraction) -> str:
    """One line of JSON Lines (no newline inside, UTF-8 kept as is)."""
    return json.dumps(extraction_json(extraction), ensure_ascii=False)


def table_rows(extractions: Iterable[Extraction]) -> list[tuple[str, ...]]:
    """Rows for the human-readable table: file, kind, date, where/what, zone, who says so."""
    rows: list[tuple[str, ...]] = []
    for extraction in extractions:
        for claim in extraction.claims:
            date = claim.date
            when = (
                ""
                if date is None
                else (
                    date.start.isoformat()
                    if date.start == date.end
                    else f"{date.start.isoformat()}..{date.end.isoformat()}"
                )
            )
            if claim.kind is ClaimKind.INCIDENT:
                kind = claim.event_type.value if claim.event_type else "incident"
                what = f"{kind} at {claim.place.name if claim.place else '?'}"
                if claim.stance is Stance.DENIES:
                    what = f"denial: {what}"
                zone = str(claim.details.get("zone") or "-")
            elif claim.kind is ClaimKind.TALKS_ROUND:
                what = f"talks {claim.details.get('status')} in {claim.details.get('venue') or '?'}"
                zone = ""
            elif claim.kind is ClaimKind.AGREEMENT:
                what = str(claim.details.get("name"))
                zone = ",".join(str(z) for z in claim.details.get("zones", []))
            elif claim.kind is ClaimKind.DEPLOYMENT:
                what = f"deployment of {claim.details.get('force')}"
                zone = str(claim.details.get("zone"))
            else:
                what = str(claim.details.get("topic", "statement"))
                zone = ""
            rows.append(
                (PurePath(extraction.document.name).name, claim.kind.value, when, what, zone, claim.attributed_to)
            )
    return rows
