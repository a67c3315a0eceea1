"""What one viewer may read of the incidents: a page of the list, or one incident's story with
its claims side by side and its verdicts. Every answer passes the policy in domain.access."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ceasefire.domain.access import (
    IncidentFacts,
    Viewer,
    coordinate_decimals,
    generalise,
    incident_scope,
    report_scope,
    sees_incident,
    shows_monitor_identity,
)
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ReportKind, SourceKind
from ceasefire.errors import NotFound
from ceasefire.storage import claim_links_repo, incident_listing, incidents_repo, submissions_repo, verdicts_repo
from ceasefire.storage.incident_listing import ListingRow
from ceasefire.storage.record import Record
from ceasefire.workflows.incident_index import Cursor, IncidentFilter, IncidentIndex, Page
from ceasefire.workflows.incident_views import incident_row


@dataclass(frozen=True)
class ClaimView:
    """One voice on an incident: who says what, from which report."""

    id: str
    report_id: str
    report_kind: str
    source: str
    attributed_to: str
    stance: str
    date_start: date | None
    date_end: date | None
    place: str | None
    lon: float | None
    lat: float | None
    event_type: str | None
    sub_event_type: str | None
    perpetrator: str | None
    perpetrator_side: str | None
    target: str | None
    target_side: str | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    text: str | None


@dataclass(frozen=True)
class VerdictView:
    agreement_id: str
    provision_id: str
    verdict: str
    reason: str
    trace: list[dict[str, Any]]


@dataclass(frozen=True)
class IncidentStory:
    """An incident as the viewer may see it."""

    incident: dict[str, Any]
    published: bool
    claims: list[ClaimView] = field(default_factory=list)
    verdicts: list[VerdictView] = field(default_factory=list)


def incident_page(
    index: IncidentIndex, viewer: Viewer, flt: IncidentFilter, *, after: Cursor | None, limit: int
) -> tuple[Page, int | None]:
    """A page of the list and the decimals its coordinates must be shown with."""
    scope = incident_scope(viewer)
    return index.query(flt, scope, after=after, limit=limit), scope.decimals


def generalised_row(row: ListingRow, decimals: int | None) -> tuple[float | None, float | None]:
    return generalise(row.lon, decimals), generalise(row.lat, decimals)


def incident_story(record: Record, viewer: Viewer, incident_id: str) -> IncidentStory:
    """The incident, its visible claims and its verdicts; NotFound when the viewer may not see
    it, exactly as when it does not exist."""
    with record.reader() as conn:
        published = incident_listing.is_published(conn, incident_id)
        found = incidents_repo.load_incidents(conn, ids=[incident_id]) if published is not None else []
        if published is None or not found:
            raise NotFound(f"no incident {incident_id!r}")
        current = incidents_repo.current_assignments(conn, [incident_id]).get(incident_id, [])
        assignment = current[0] if current else None
        if not sees_incident(viewer, IncidentFacts(published, assignment.zone_id if assignment else None)):
            raise NotFound(f"no incident {incident_id!r}")
        claim_ids = claim_links_repo.claims_of(conn, [incident_id]).get(incident_id, [])
        claims = claim_links_repo.claims_by_id(conn, claim_ids) if claim_ids else []
        report_ids = sorted({c.report_id for c in claims})
        visible = {
            r.report.id: r
            for r in submissions_repo.visible_reports(
                conn, report_scope(viewer), report_ids, limit=max(1, len(report_ids))
            )
        }
        stored_verdicts = verdicts_repo.current_verdicts(conn, [incident_id]).get(incident_id, [])
    row = incident_row(found[0], assignment)
    decimals = coordinate_decimals(viewer, monitor_reported=False)
    row["lon"], row["lat"] = generalise(row["lon"], decimals), generalise(row["lat"], decimals)
    views = [claim_view(c, visible[c.report_id], viewer) for c in claims if c.report_id in visible]
    if claims and not shows_monitor_identity(viewer, own=False):
        # A claim-built incident is named after its sources: show only those the viewer may see.
        row["source"] = ", ".join(sorted({v.source for v in views})) or None
    hidden = {x for c in claims if c.report_id not in visible for x in (c.id, c.report_id)}
    verdict_views = [
        VerdictView(
            v.agreement_id,
            v.provision_id,
            str(v.verdict),
            _redact(v.reason, hidden, decimals),
            [{k: _redact(x, hidden, decimals) for k, x in step.items()} for step in v.trace],
        )
        for v in stored_verdicts
    ]
    return IncidentStory(row, published, views, verdict_views)


_PRECISE = re.compile(r"-?\d+\.\d{3,}")


def _redact(value: Any, hidden: set[str], decimals: int | None) -> Any:
    """A rule-trace text without the ids of claims the viewer may not see, and with its
    coordinates as generalised as the viewer's."""
    if not isinstance(value, str):
        return value
    for ident in sorted(hidden, key=len, reverse=True):
        value = value.replace(ident, "a confidential claim")
    if decimals is not None:
        value = _PRECISE.sub(lambda m: f"{round(float(m.group()), decimals):.{decimals}f}", value)
    return value


def source_label(viewer: Viewer, stored: submissions_repo.StoredReport) -> str:
    """The source's name, or "monitor" where the viewer may not know which monitor it was."""
    own = viewer.user_id is not None and stored.submitted_by == viewer.user_id
    if stored.source_kind is SourceKind.MONITOR and not shows_monitor_identity(viewer, own=own):
        return "monitor"
    return stored.source_name


def claim_view(c: Claim, stored: submissions_repo.StoredReport, viewer: Viewer) -> ClaimView:
    """A claim as this viewer may see it: coordinates at the viewer's precision, the
    submitter's free text only for monitor reports and complaints."""
    report = stored.report
    own = viewer.user_id is not None and stored.submitted_by == viewer.user_id
    monitor = report.kind is ReportKind.MONITOR_REPORT and not own
    decimals = None if own else coordinate_decimals(viewer, monitor_reported=monitor)
    text = c.details.get("text") if report.kind in (ReportKind.MONITOR_REPORT, ReportKind.COMPLAINT) else None
    return ClaimView(
        id=c.id,
        report_id=c.report_id,
        report_kind=str(report.kind),
        source=source_label(viewer, stored),
        attributed_to=c.attributed_to,
        stance=str(c.stance),
        date_start=c.date.start if c.date else None,
        date_end=c.date.end if c.date else None,
        place=c.place.name if c.place else None,
        lon=generalise(c.place.lon, decimals) if c.place else None,
        lat=generalise(c.place.lat, decimals) if c.place else None,
        event_type=str(c.event_type) if c.event_type else None,
        sub_event_type=c.sub_event_type,
        perpetrator=c.perpetrator.name if c.perpetrator else None,
        perpetrator_side=str(c.perpetrator.side) if c.perpetrator else None,
        target=c.target.name if c.target else None,
        target_side=str(c.target.side) if c.target else None,
        fatalities_low=c.fatalities.low,
        fatalities_best=c.fatalities.best,
        fatalities_high=c.fatalities.high,
        text=text if isinstance(text, str) else None,
    )


def export_rows(record: Record, viewer: Viewer, page: Page, decimals: int | None) -> list[dict[str, Any]]:
    """The page's incidents as full flat rows (CSV, HXL), in the page's order. A claim-built
    incident's source names are left out for those who may not know every source."""
    ids = [r.id for r in page.rows]
    with record.reader() as conn:
        found = {i.id: i for i in incidents_repo.load_incidents(conn, ids=ids)}
        current = incidents_repo.current_assignments(conn, ids)
        claim_built = set(claim_links_repo.claims_of(conn, ids)) if ids else set()
    masked = not shows_monitor_identity(viewer, own=False)
    out = []
    for r in page.rows:
        inc = found.get(r.id)
        if inc is None:
            continue
        row = incident_row(inc, next(iter(current.get(r.id, [])), None))
        row["lon"], row["lat"] = generalise(row["lon"], decimals), generalise(row["lat"], decimals)
        row["verdict"] = r.verdict
        if masked and r.id in claim_built:
            row["source"] = None
        out.append(row)
    return out
