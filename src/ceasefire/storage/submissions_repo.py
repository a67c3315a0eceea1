"""Reports as the API hands them out: who submitted what under which idempotency key, and the
reports a viewer's scope admits, filtered in SQL so a page never holds a hidden report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Connection, and_, false, insert, or_, select, true

from ceasefire.domain.access import ReportScope
from ceasefire.domain.reports import Report
from ceasefire.domain.statuses import Confidentiality, SourceKind
from ceasefire.storage.reports_repo import to_report
from ceasefire.storage.schema import reports, sources, submissions


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A report with its source and, when it came through the API, who submitted it."""

    report: Report
    source_name: str
    source_kind: SourceKind
    submitted_by: str | None


def find_submission(conn: Connection, user_id: str, key: str) -> tuple[str, str] | None:
    """(report id, request SHA-256) stored under this user's idempotency key."""
    row = conn.execute(
        select(submissions.c.report_id, submissions.c.request_sha256).where(
            submissions.c.user_id == user_id, submissions.c.idempotency_key == key
        )
    ).first()
    return (row.report_id, row.request_sha256) if row else None


def insert_submission(conn: Connection, *, user_id: str, key: str, report_id: str, request_sha256: str) -> None:
    conn.execute(
        insert(submissions).values(
            user_id=user_id,
            idempotency_key=key,
            report_id=report_id,
            request_sha256=request_sha256,
            created_at=datetime.now(UTC),
        )
    )


def _visible(scope: ReportScope) -> ColumnElement[bool]:
    if scope.everything:
        return true()
    r = reports.c
    terms: list[ColumnElement[bool]] = [r.confidentiality == str(Confidentiality.PUBLIC)]
    if scope.user_id is not None:
        terms.append(r.id.in_(select(submissions.c.report_id).where(submissions.c.user_id == scope.user_id)))
    if scope.party_id is not None:
        terms.append(and_(r.confidentiality == str(Confidentiality.PARTY), r.party_id == scope.party_id))
    if scope.centre:
        terms.append(r.confidentiality == str(Confidentiality.CENTRE))
    return or_(false(), *terms)


def _query(scope: ReportScope):  # type: ignore[no-untyped-def]
    submitter = select(submissions.c.user_id).where(submissions.c.report_id == reports.c.id).limit(1).scalar_subquery()
    return (
        select(reports, sources.c.name.label("source_name"), sources.c.kind.label("source_kind"), submitter.label("by"))
        .join(sources, sources.c.id == reports.c.source_id)
        .where(_visible(scope), reports.c.deleted_at.is_(None))
    )


def _stored(r: object) -> StoredReport:
    return StoredReport(to_report(r), r.source_name, SourceKind(r.source_kind), r.by)  # type: ignore[attr-defined]


def visible_report(conn: Connection, scope: ReportScope, report_id: str) -> StoredReport | None:
    row = conn.execute(_query(scope).where(reports.c.id == report_id)).first()
    return _stored(row) if row else None


def visible_reports(
    conn: Connection, scope: ReportScope, ids: Sequence[str] | None = None, *, after: str | None = None, limit: int
) -> list[StoredReport]:
    """Reports in scope, ordered by id (report ids from the API are time-ordered UUIDv7s)."""
    query = _query(scope).order_by(reports.c.id).limit(limit)
    if ids is not None:
        query = query.where(reports.c.id.in_(list(ids)))
    if after is not None:
        query = query.where(reports.c.id > after)
    return [_stored(r) for r in conn.execute(query)]
