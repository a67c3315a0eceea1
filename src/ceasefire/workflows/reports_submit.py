"""Monitor reports and party complaints into the record: the one workflow behind both `ceasefire
reports submit` and the web's POST /reports. Runs at intake; clustering into incidents follows
in the same transaction.

The body is validated by `intake.monitor_report` (strict JSON, closed schema). Its client
idempotency key names the report: the report id is derived from the submitter's source and
the key, so a retry of the same submission returns the stored report and never a second one,
and the same key with a different body is a conflict (BAD_INPUTS row 65). The server's receipt
time is stored beside the claimed time and the device's clock (rows 24, 29). A complaint is
confidential to its party unless it says "centre"; a monitor's report is the centre's; either
may say "public". A web submitter is also recorded in the API's `submissions` table, so the
user keeps seeing what they filed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from ceasefire.domain.access import Action, Viewer, may
from ceasefire.domain.audit import canonical
from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim, Report, Source
from ceasefire.domain.statuses import ClaimKind, Confidentiality, GeoPrecision, ReportKind, SourceKind, Stance
from ceasefire.errors import Conflict, Forbidden, InvalidInput
from ceasefire.geo.gazetteer import Gazetteer
from ceasefire.intake.agreement_file import agreement_from_document
from ceasefire.intake.monitor_report import (
    FLAG_PLACE_UNRESOLVED,
    Actor,
    Submission,
    canonical_document,
    check_times,
    parse_submission,
)
from ceasefire.intake.rows import claim_id
from ceasefire.storage import agreements_repo, reports_repo, submissions_repo
from ceasefire.storage.record import Record, Transaction
from ceasefire.workflows.clustering import link_claims

LOCAL_ZONE = ZoneInfo("Asia/Damascus")
#: How sure the gazetteer must be before a named place is given its coordinates.
MIN_PLACE_SCORE = 0.85


@dataclass(frozen=True)
class Submitter:
    """Who files: a monitor (by name) or a party (by its id in a loaded agreement). `user_id`
    is the API user, when the report came through the web (it is then also recorded in the
    API's submissions, so the submitter keeps seeing it)."""

    kind: Literal["monitor", "party"]
    name: str
    party_id: str | None = None
    user_id: str | None = None

    @classmethod
    def parse(cls, text: str, *, default_name: str) -> Submitter:
        """`monitor`, `monitor:NAME` or `party:NAME`, as `--as` takes it."""
        kind, _, name = text.partition(":")
        if kind == "monitor":
            return cls("monitor", name or default_name)
        if kind == "party" and name:
            return cls("party", name, party_id=name)
        raise InvalidInput(f"--as {text!r}: say monitor, monitor:NAME or party:NAME")

    @classmethod
    def for_viewer(cls, viewer: Viewer, kind: str | None) -> Submitter:
        """The API user filing a report of `kind` (their role's kind when None), if their role
        may file it: a monitor files monitor reports, a party liaison its party's complaints."""
        if kind is None:
            kind = "complaint" if may(viewer, Action.SUBMIT_COMPLAINT) else "monitor-report"
        action = Action.SUBMIT_COMPLAINT if kind == "complaint" else Action.SUBMIT_MONITOR_REPORT
        if not may(viewer, action) or viewer.user_id is None:
            raise Forbidden(f"a {viewer.role} may not {action}")
        if action is Action.SUBMIT_COMPLAINT:
            return cls("party", viewer.name, party_id=viewer.party_id, user_id=viewer.user_id)
        return cls("monitor", viewer.name, user_id=viewer.user_id)

    @property
    def source(self) -> Source:
        if self.kind == "party":
            assert self.party_id is not None
            return Source(f"party:{self.party_id}", self.party_id, SourceKind.PARTY, party_id=self.party_id)
        return Source(f"monitor:{self.name}", self.name, SourceKind.MONITOR)


@dataclass(frozen=True)
class Submitted:
    """The stored report; `created` is False when a retry returned the report already held."""

    report_id: str
    claim_id: str
    created: bool
    received_at: datetime
    flags: tuple[str, ...]


def submission_report_id(source: Source, key: str) -> str:
    """The report a submission under this key becomes: the same on every retry."""
    return "rpt-" + hashlib.sha256(f"{source.id}\x1fsubmission\x1f{key}".encode()).hexdigest()[:40]


def _agreements(record: Record) -> tuple[date | None, set[str]]:
    """The earliest signing date of the loaded agreements, and every party they name."""
    with record.reader() as conn:
        loaded = [agreement_from_document(d) for d in agreements_repo.documents(conn)]
    start = min((a.signed for a in loaded), default=None)
    return start, {p.id for a in loaded for p in a.parties}


def _place(sub: Submission, gazetteer: Gazetteer | None) -> tuple[Place, tuple[str, ...]]:
    where = sub.where
    if where.lon is not None and where.lat is not None:
        return Place(
            where.place or f"{where.lat}, {where.lon}", float(where.lon), float(where.lat), GeoPrecision.POINT
        ), ()
    name = where.place or "unknown"
    if where.location_unknown or where.place is None:
        return Place(name, None, None, GeoPrecision.UNKNOWN), ()
    best = (gazetteer or Gazetteer.load()).best(name)
    if best is None or best.score < MIN_PLACE_SCORE:
        return Place(name, None, None, GeoPrecision.UNKNOWN), (FLAG_PLACE_UNRESOLVED,)
    return best.place.to_place(name), ()


def _actor(actor: Actor | None) -> ActorRef | None:
    return ActorRef(actor.name, actor.side) if actor is not None else None


def submit_report(
    record: Record,
    body: bytes | str,
    *,
    submitter: Submitter,
    received_at: datetime | None = None,
    actor: str | None = None,
    gazetteer: Gazetteer | None = None,
    key: str | None = None,
) -> Submitted:
    """Validate and store one report or complaint, once; see the module docstring. `key` is an
    idempotency key sent beside the body (the API's header), see `parse_submission`."""
    raw = body.encode("utf-8", errors="surrogatepass") if isinstance(body, str) else body
    sub = parse_submission(raw, key=key)
    if sub.idempotency_key is None:
        raise InvalidInput("/idempotency_key: required (a client-made UUID per report)", pointer="/idempotency_key")
    report_kind = ReportKind.COMPLAINT if submitter.kind == "party" else ReportKind.MONITOR_REPORT
    if sub.kind is not None and sub.kind != str(report_kind):
        raise InvalidInput(f"/kind: a {submitter.kind} files a {report_kind}, not a {sub.kind}", pointer="/kind")
    if report_kind is ReportKind.MONITOR_REPORT and sub.confidentiality == "party":
        raise InvalidInput(
            "/confidentiality: a monitor's report is confidential to the centre", pointer="/confidentiality"
        )
    scope_start, parties = _agreements(record)
    if submitter.party_id is not None and submitter.party_id not in parties:
        known = ", ".join(sorted(parties)) or "none (load an agreement first)"
        raise InvalidInput(f"party {submitter.party_id!r} is in no loaded agreement; known: {known}")
    now = received_at or datetime.now(UTC)
    claimed, device, flags = check_times(sub, received_at=now, scope_start=scope_start)
    place, place_flags = _place(sub, gazetteer)
    flags = (*flags, *place_flags)
    document = canonical_document(sub)
    canonical_sha = hashlib.sha256(canonical(document)).hexdigest()
    source = submitter.source
    rid = submission_report_id(source, sub.idempotency_key)
    default = Confidentiality.PARTY if report_kind is ReportKind.COMPLAINT else Confidentiality.CENTRE
    confidentiality = Confidentiality(sub.confidentiality) if sub.confidentiality else default
    k = sub.casualties.killed
    claim = Claim(
        id=claim_id(rid, 0),
        report_id=rid,
        kind=ClaimKind.INCIDENT,
        # A monitor speaks as "monitor": the name stays on the source, shown only to the centre.
        attributed_to=source.name if report_kind is ReportKind.COMPLAINT else "monitor",
        date=DateInterval.day(claimed.astimezone(LOCAL_ZONE).date()),
        place=place,
        event_type=sub.what.event_type,
        sub_event_type=sub.what.sub_event_type,
        perpetrator=_actor(sub.perpetrator),
        target=_actor(sub.target),
        fatalities=Fatalities(k.low, k.best, k.high),
        stance=Stance.ALLEGES if report_kind is ReportKind.COMPLAINT else Stance.REPORTS,
        details={
            "text": sub.text,
            "injured": sub.casualties.injured.model_dump(exclude_none=True),
            "claimed_at": claimed.isoformat(),
            "flags": list(flags),
        },
    )
    report = Report(
        id=rid,
        source_id=source.id,
        kind=report_kind,
        sha256=hashlib.sha256(raw).hexdigest(),
        received_at=now,
        title=f"{sub.what.sub_event_type or sub.what.event_type}: {place.name}, {claimed.date().isoformat()}",
        external_id=sub.idempotency_key,
        confidentiality=confidentiality,
        party_id=submitter.party_id,
        observed_by=sub.how_observed,
        original={
            "document": document,
            "canonical_sha256": canonical_sha,
            "claimed_at": claimed.isoformat(),
            "received_at": now.isoformat(),
            "device_time": device.isoformat() if device else None,
            "flags": list(flags),
            "submitted_by": submitter.name,
        },
    )
    with record.transaction(actor or f"{submitter.kind}:{submitter.name}") as tx:
        (held,) = reports_repo.load_reports(tx.conn, [rid]) or (None,)
        if held is not None:
            if held.original.get("canonical_sha256") != canonical_sha:
                raise Conflict(
                    f"idempotency key {sub.idempotency_key!r} was used for a different report ({rid})",
                    pointer="/idempotency_key",
                )
            _remember(tx, submitter, sub.idempotency_key, rid, canonical_sha)
            stored_flags = tuple(held.original.get("flags", ()))
            return Submitted(rid, claim.id, False, held.received_at, stored_flags)
        reports_repo.ensure_source(tx.conn, source)
        reports_repo.insert_report(tx.conn, report, [claim])
        _remember(tx, submitter, sub.idempotency_key, rid, canonical_sha)
        tx.audit(
            "report.submitted",
            "report",
            rid,
            {
                "kind": str(report_kind),
                "source": source.id,
                "sha256": report.sha256,
                "key": sub.idempotency_key,
                "confidentiality": str(confidentiality),
                "claimed_at": claimed.isoformat(),
                "received_at": now.isoformat(),
                "flags": list(flags),
            },
        )
        link_claims(tx, [claim.id], cause=f"report {rid} received")
    return Submitted(rid, claim.id, True, now, flags)


def _remember(tx: Transaction, submitter: Submitter, key: str, report_id: str, sha: str) -> None:
    """Record a web user's submission once, so their scope admits the report they filed."""
    if submitter.user_id is not None and submissions_repo.find_submission(tx.conn, submitter.user_id, key) is None:
        submissions_repo.insert_submission(
            tx.conn, user_id=submitter.user_id, key=key, report_id=report_id, request_sha256=sha
        )
