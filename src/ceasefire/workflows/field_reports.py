"""Reports filed over the API: a monitor's report or a party's complaint becomes a Report with one
incident Claim, stored as received and never changed, and clustered into an incident in the
same transaction. Runs at intake, before corroboration.

A client retries until it hears back, so each submission carries an idempotency key: the same
key with the same body returns the report already stored, never a second one; the same key
with another body is a conflict (BAD_INPUTS row 65). The server's clock stamps `received_at`;
the device's clock, when given, is kept beside it, never instead of it (row 29).
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from ceasefire.domain.access import SUBMISSION_KIND, Action, Viewer, may, report_scope
from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim, Report, Source
from ceasefire.domain.statuses import (
    ClaimKind,
    Confidentiality,
    EventType,
    GeoPrecision,
    ObservationMethod,
    ReportKind,
    SourceKind,
    Stance,
)
from ceasefire.errors import Conflict, InvalidInput, NotFound
from ceasefire.geo.geometry import validate_point
from ceasefire.storage import reports_repo, submissions_repo
from ceasefire.storage.record import Record, Transaction
from ceasefire.storage.submissions_repo import StoredReport as StoredReport
from ceasefire.workflows.clustering import link_claims

#: How far ahead of the server's clock an event date may lie (time zones, not the future).
FUTURE_SKEW = timedelta(days=1)


@dataclass(frozen=True)
class FieldReport:
    """A submission as validated at the edge; only what the submitter's role may write."""

    action: Action
    when: date
    place_name: str
    lon: float | None
    lat: float | None
    event_type: EventType
    sub_event_type: str | None
    text: str
    confidentiality: Confidentiality
    perpetrator: ActorRef | None = None
    target: ActorRef | None = None
    fatalities: Fatalities = field(default_factory=Fatalities)
    observed_by: ObservationMethod | None = None
    device_time: datetime | None = None


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 version 7): ids sort by arrival and cannot be enumerated."""
    ms = time.time_ns() // 1_000_000
    value = (ms & ((1 << 48) - 1)) << 80 | int.from_bytes(os.urandom(10), "big") & ((1 << 80) - 1)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    return str(uuid.UUID(int=value))


def _source(viewer: Viewer, action: Action) -> Source:
    if action is Action.SUBMIT_COMPLAINT:
        assert viewer.party_id is not None
        return Source(f"party:{viewer.party_id}", viewer.party_id, SourceKind.PARTY, party_id=viewer.party_id)
    return Source(f"monitor:{viewer.name}", viewer.name, SourceKind.MONITOR)


def _check(viewer: Viewer, fr: FieldReport) -> None:
    if not may(viewer, fr.action):
        raise Forbidden(f"a {viewer.role} may not {fr.action}")
    today = datetime.now(UTC)
    if fr.when > (today + FUTURE_SKEW).date():
        raise InvalidInput(f"date {fr.when} is in the future", pointer="/when")
    if (fr.lon is None) != (fr.lat is None):
        raise InvalidInput("give both lon and lat, or neither with location_unknown", pointer="/place")
    if fr.lon is not None:
        validate_point(fr.lon, fr.lat)


class Forbidden(InvalidInput):
    """An action the caller's role does not allow (the object itself is checked as NotFound)."""

    code = "forbidden"


def submit(
    record: Record, viewer: Viewer, fr: FieldReport, *, key: str, body: bytes, canonical: bytes
) -> tuple[StoredReport, bool]:
    """Store the report once; returns it and whether it was created by this call.

    `body` is the request's bytes, hashed into the report as received; `canonical` is the same
    JSON with sorted keys, which decides whether a retry under the same key is the same
    submission (a client may re-serialise its queue in another key order)."""
    _check(viewer, fr)
    assert viewer.user_id is not None
    body_sha = hashlib.sha256(body).hexdigest()
    request_sha = hashlib.sha256(canonical).hexdigest()
    source = _source(viewer, fr.action)
    with record.transaction(f"user:{viewer.name}") as tx:
        held = submissions_repo.find_submission(tx.conn, viewer.user_id, key)
        if held is not None:
            report_id, sha = held
            if sha != request_sha:
                raise Conflict(
                    f"idempotency key {key!r} was used for a different submission", pointer="/Idempotency-Key"
                )
        else:
            report_id = reports_repo.report_with_hash(tx.conn, source.id, body_sha) or ""
            if not report_id:
                report_id = uuid7()
                claim_id = _store(tx, viewer, fr, source, report_id, body_sha)
                tx.audit(
                    "report.received",
                    "report",
                    report_id,
                    {"kind": str(SUBMISSION_KIND[fr.action]), "source": source.id, "sha256": body_sha, "key": key},
                )
                link_claims(tx, [claim_id], cause=f"report {report_id} received")
            submissions_repo.insert_submission(
                tx.conn, user_id=viewer.user_id, key=key, report_id=report_id, request_sha256=request_sha
            )
        stored = submissions_repo.visible_report(tx.conn, report_scope(viewer), report_id)
    assert stored is not None
    return stored, held is None


def _store(tx: Transaction, viewer: Viewer, fr: FieldReport, source: Source, report_id: str, sha: str) -> str:
    """Store the report and its one incident claim; returns the claim's id."""
    kind = SUBMISSION_KIND[fr.action]
    received = datetime.now(UTC)
    original = {
        "when": fr.when.isoformat(),
        "device_time": fr.device_time.isoformat() if fr.device_time else None,
        "submitted_by": viewer.name,
    }
    report = Report(
        id=report_id,
        source_id=source.id,
        kind=kind,
        sha256=sha,
        received_at=received,
        title=fr.place_name,
        confidentiality=fr.confidentiality,
        party_id=source.party_id,
        observed_by=fr.observed_by,
        original=original,
    )
    precision = GeoPrecision.POINT if fr.lon is not None else GeoPrecision.UNKNOWN
    claim = Claim(
        id=f"{report_id}#1",
        report_id=report_id,
        kind=ClaimKind.INCIDENT,
        # A monitor speaks as "monitor": the name stays on the source, shown only to the centre.
        attributed_to=source.name if kind is ReportKind.COMPLAINT else "monitor",
        date=DateInterval.day(fr.when),
        place=Place(fr.place_name, fr.lon, fr.lat, precision),
        event_type=fr.event_type,
        sub_event_type=fr.sub_event_type,
        perpetrator=fr.perpetrator,
        target=fr.target,
        fatalities=fr.fatalities,
        stance=Stance.ALLEGES if kind is ReportKind.COMPLAINT else Stance.REPORTS,
        details={"text": fr.text},
    )
    reports_repo.ensure_source(tx.conn, source)
    reports_repo.insert_report(tx.conn, report, [claim])
    return claim.id


def report_claims(record: Record, report_ids: list[str]) -> dict[str, list[Claim]]:
    with record.reader() as conn:
        claims = reports_repo.load_claims(conn, report_ids=report_ids) if report_ids else []
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.report_id, []).append(c)
    return out


def visible_reports(record: Record, viewer: Viewer, *, after: str | None, limit: int) -> list[StoredReport]:
    with record.reader() as conn:
        return submissions_repo.visible_reports(conn, report_scope(viewer), after=after, limit=limit)


def visible_report(record: Record, viewer: Viewer, report_id: str) -> StoredReport:
    with record.reader() as conn:
        found = submissions_repo.visible_report(conn, report_scope(viewer), report_id)
    if found is None:
        raise NotFound(f"no report {report_id!r}")
    return found
