"""Read model of claims: each with who asserts it, the report it came from and its span."""

from __future__ import annotations

from typing import Any

from ceasefire.domain.reports import Claim, Report
from ceasefire.domain.statuses import ClaimKind
from ceasefire.storage import reports_repo
from ceasefire.storage.record import Record

COLUMNS = ("id", "kind", "date", "place", "event_type", "zone", "attributed_to", "stance", "report", "span")


def claim_row(claim: Claim, report: Report | None, source_name: str | None) -> dict[str, Any]:
    place = claim.place
    return {
        "id": claim.id,
        "kind": str(claim.kind),
        "date": f"{claim.date.start}..{claim.date.end} ({claim.date.precision})" if claim.date else None,
        "date_start": claim.date.start.isoformat() if claim.date else None,
        "date_end": claim.date.end.isoformat() if claim.date else None,
        "place": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "geo_precision": str(place.precision) if place else None,
        "admin1": place.admin1 if place else None,
        "event_type": str(claim.event_type) if claim.event_type else None,
        "sub_event_type": claim.sub_event_type,
        "perpetrator": [claim.perpetrator.name, str(claim.perpetrator.side)] if claim.perpetrator else None,
        "target": [claim.target.name, str(claim.target.side)] if claim.target else None,
        "fatalities": [claim.fatalities.low, claim.fatalities.best, claim.fatalities.high],
        "zone": claim.details.get("zone"),
        "attributed_to": claim.attributed_to,
        "stance": str(claim.stance),
        "report": (report.original.get("file") or report.title) if report else claim.report_id,
        "source": source_name,
        "span": list(claim.span) if claim.span else None,
        "details": claim.details,
    }


def list_claim_rows(record: Record, *, kind: ClaimKind | None = None) -> list[dict[str, Any]]:
    with record.reader() as conn:
        claims = reports_repo.load_claims(conn, kind=kind)
        reports = {r.id: r for r in reports_repo.load_reports(conn, sorted({c.report_id for c in claims}))}
        names = reports_repo.source_names(conn)
    return [
        claim_row(
            c, reports.get(c.report_id), names.get(reports[c.report_id].source_id) if c.report_id in reports else None
        )
        for c in claims
    ]
