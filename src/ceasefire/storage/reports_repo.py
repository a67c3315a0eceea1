"""Stored sources, reports and claims. A stored report is never updated: corrections and
revisions are new reports that name the one they supersede; a deletion only stamps it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim, Report, Source
from ceasefire.domain.statuses import (
    ClaimKind,
    Confidentiality,
    DatePrecision,
    EventType,
    GeoPrecision,
    ObservationMethod,
    ReportKind,
    Side,
    SourceKind,
    Stance,
)
from ceasefire.storage import bulk
from ceasefire.storage.schema import claims, reports, sources


def ensure_source(conn: Connection, source: Source) -> None:
    if conn.execute(select(sources.c.id).where(sources.c.id == source.id)).first() is None:
        conn.execute(
            insert(sources).values(
                id=source.id,
                name=source.name,
                kind=str(source.kind),
                reliability=source.reliability,
                party_id=source.party_id,
            )
        )


def report_with_hash(conn: Connection, source_id: str, sha256: str) -> str | None:
    """The id of a report already holding these exact bytes from this source."""
    return conn.execute(
        select(reports.c.id).where(reports.c.source_id == source_id, reports.c.sha256 == sha256)
    ).scalar()


def report_with_sha256(conn: Connection, sha256: str) -> str | None:
    """The id of a report holding these exact bytes, whatever its source."""
    return conn.execute(select(reports.c.id).where(reports.c.sha256 == sha256).limit(1)).scalar()


def latest_version(conn: Connection, source_id: str, external_id: str) -> tuple[str, str | None] | None:
    """(report id, version stamp) of the newest stored report with this external id."""
    row = conn.execute(
        select(reports.c.id, reports.c.version_stamp)
        .where(reports.c.source_id == source_id, reports.c.external_id == external_id)
        .order_by(reports.c.received_at.desc(), reports.c.id.desc())
        .limit(1)
    ).first()
    return (row.id, row.version_stamp) if row else None


def insert_report(
    conn: Connection,
    report: Report,
    report_claims: Sequence[Claim],
    *,
    version_stamp: str | None = None,
    supersedes: str | None = None,
    import_id: int | None = None,
) -> None:
    conn.execute(insert(reports).values(report_row(report, version_stamp, supersedes, import_id)))
    if report_claims:
        conn.execute(insert(claims), [_claim_row(c) for c in report_claims])


def insert_reports(conn: Connection, items: Sequence[tuple[Report, Sequence[Claim], dict[str, Any]]]) -> None:
    """Many reports and their claims in two statements; each item's dict holds the stored-only
    columns (`version_stamp`, `supersedes`, `import_id`, `deleted_at`)."""
    if not items:
        return
    bulk.insert_many(conn, reports, [{**report_row(r, None, None, None), **extra} for r, _, extra in items])
    bulk.insert_many(conn, claims, [_claim_row(c) for _, report_claims, _ in items for c in report_claims])


def report_row(
    report: Report, version_stamp: str | None, supersedes: str | None, import_id: int | None
) -> dict[str, Any]:
    p = report.published
    return {
        "id": report.id,
        "source_id": report.source_id,
        "kind": str(report.kind),
        "sha256": report.sha256,
        "received_at": report.received_at,
        "title": report.title,
        "published_start": p.start if p else None,
        "published_end": p.end if p else None,
        "published_precision": str(p.precision) if p else None,
        "url": report.url,
        "external_id": report.external_id,
        "version_stamp": version_stamp,
        "confidentiality": str(report.confidentiality),
        "party_id": report.party_id,
        "observed_by": str(report.observed_by) if report.observed_by else None,
        "original": report.original,
        "supersedes": supersedes,
        "deleted_at": None,
        "import_id": import_id,
    }


def mark_deleted(conn: Connection, report_id: str) -> None:
    conn.execute(
        update(reports)
        .where(reports.c.id == report_id, reports.c.deleted_at.is_(None))
        .values(deleted_at=datetime.now(UTC))
    )


def _claim_row(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "report_id": c.report_id,
        "kind": str(c.kind),
        "attributed_to": c.attributed_to,
        "stance": str(c.stance),
        "date_start": c.date.start if c.date else None,
        "date_end": c.date.end if c.date else None,
        "date_precision": str(c.date.precision) if c.date else None,
        "place_name": c.place.name if c.place else None,
        "lon": c.place.lon if c.place else None,
        "lat": c.place.lat if c.place else None,
        "geo_precision": str(c.place.precision) if c.place else None,
        "admin1": c.place.admin1 if c.place else None,
        "event_type": str(c.event_type) if c.event_type else None,
        "sub_event_type": c.sub_event_type,
        "perpetrator_name": c.perpetrator.name if c.perpetrator else None,
        "perpetrator_side": str(c.perpetrator.side) if c.perpetrator else None,
        "target_name": c.target.name if c.target else None,
        "target_side": str(c.target.side) if c.target else None,
        "fatalities_low": c.fatalities.low,
        "fatalities_best": c.fatalities.best,
        "fatalities_high": c.fatalities.high,
        "span_start": c.span[0] if c.span else None,
        "span_end": c.span[1] if c.span else None,
        "details": c.details,
    }


def to_claim(r: Any) -> Claim:
    return Claim(
        id=r.id,
        report_id=r.report_id,
        kind=ClaimKind(r.kind),
        attributed_to=r.attributed_to,
        date=DateInterval(r.date_start, r.date_end, DatePrecision(r.date_precision)) if r.date_start else None,
        place=Place(r.place_name, r.lon, r.lat, GeoPrecision(r.geo_precision), r.admin1) if r.place_name else None,
        event_type=EventType(r.event_type) if r.event_type else None,
        sub_event_type=r.sub_event_type,
        perpetrator=ActorRef(r.perpetrator_name, Side(r.perpetrator_side)) if r.perpetrator_name else None,
        target=ActorRef(r.target_name, Side(r.target_side)) if r.target_name else None,
        fatalities=Fatalities(r.fatalities_low, r.fatalities_best, r.fatalities_high),
        stance=Stance(r.stance),
        span=(r.span_start, r.span_end) if r.span_start is not None else None,
        details=dict(r.details),
    )


def to_report(r: Any) -> Report:
    published = (
        DateInterval(r.published_start, r.published_end, DatePrecision(r.published_precision))
        if r.published_start
        else None
    )
    return Report(
        id=r.id,
        source_id=r.source_id,
        kind=ReportKind(r.kind),
        sha256=r.sha256,
        received_at=r.received_at,
        title=r.title,
        published=published,
        url=r.url,
        external_id=r.external_id,
        confidentiality=Confidentiality(r.confidentiality),
        party_id=r.party_id,
        observed_by=ObservationMethod(r.observed_by) if r.observed_by else None,
        original=dict(r.original),
    )


def load_claims(
    conn: Connection, *, kind: ClaimKind | None = None, report_ids: Sequence[str] | None = None
) -> list[Claim]:
    query = select(claims).order_by(claims.c.report_id, claims.c.span_start, claims.c.id)
    if kind is not None:
        query = query.where(claims.c.kind == str(kind))
    if report_ids is not None:
        query = query.where(claims.c.report_id.in_(list(report_ids)))
    return [to_claim(r) for r in conn.execute(query)]


def load_reports(conn: Connection, ids: Sequence[str] | None = None) -> list[Report]:
    query = select(reports).order_by(reports.c.received_at, reports.c.id)
    if ids is not None:
        query = query.where(reports.c.id.in_(list(ids)))
    return [to_report(r) for r in conn.execute(query)]


def source_names(conn: Connection) -> dict[str, str]:
    return {r.id: r.name for r in conn.execute(select(sources.c.id, sources.c.name))}


def source_kinds(conn: Connection) -> dict[str, SourceKind]:
    return {r.id: SourceKind(r.kind) for r in conn.execute(select(sources.c.id, sources.c.kind))}
