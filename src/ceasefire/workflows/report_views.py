"""Reports as a viewer may read them back: the reports the API lists and shows, each filtered
by the viewer's scope in storage, so a page never holds a report the caller may not see.
Filing a report is `workflows.reports_submit`; this is only the reading side."""

from __future__ import annotations

from ceasefire.domain.access import Viewer, report_scope
from ceasefire.domain.reports import Claim
from ceasefire.errors import NotFound
from ceasefire.storage import reports_repo, submissions_repo
from ceasefire.storage.record import Record
from ceasefire.storage.submissions_repo import StoredReport as StoredReport


def report_claims(record: Record, report_ids: list[str]) -> dict[str, list[Claim]]:
    """The claims of each report, by report id (a report without claims is absent)."""
    with record.reader() as conn:
        claims = reports_repo.load_claims(conn, report_ids=report_ids) if report_ids else []
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.report_id, []).append(c)
    return out


def visible_reports(record: Record, viewer: Viewer, *, after: str | None, limit: int) -> list[StoredReport]:
    """One keyset page of the reports the viewer may see, ordered by id."""
    with record.reader() as conn:
        return submissions_repo.visible_reports(conn, report_scope(viewer), after=after, limit=limit)


def visible_report(record: Record, viewer: Viewer, report_id: str) -> StoredReport:
    """The report, or NotFound when it does not exist or the viewer may not see it (never 403)."""
    with record.reader() as conn:
        found = submissions_repo.visible_report(conn, report_scope(viewer), report_id)
    if found is None:
        raise NotFound(f"no report {report_id!r}")
    return found
