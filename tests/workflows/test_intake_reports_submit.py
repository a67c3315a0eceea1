"""Monitor reports and party complaints into the record: stored once, with both clocks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.domain.statuses import Confidentiality, GeoPrecision, ReportKind, Stance
from ceasefire.errors import Conflict, InvalidInput
from ceasefire.storage import audit_log, reports_repo
from ceasefire.storage.record import Record
from ceasefire.storage.schema import claims, reports
from ceasefire.workflows.reports_submit import Submitter, submit_report

RECEIVED = datetime(2017, 6, 10, 6, 0, tzinfo=UTC)
MONITOR = Submitter("monitor", "monitor-7")


def body(**changes: Any) -> bytes:
    doc: dict[str, Any] = {
        "idempotency_key": "4d3c2b1a-0000-4000-8000-00000000abcd",
        "what": {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"},
        "where": {"lon": 36.6339, "lat": 35.9306, "place": "Idlib"},
        "when": "2017-06-10T08:30:00+03:00",
        "how_observed": "heard",
        "casualties": {"killed": {"best": 2}},
        "text": "سقطت قذيفتان قرب الفرن",
    }
    doc.update(changes)
    return json.dumps(doc, ensure_ascii=False).encode()


def count(record: Record, table: Any) -> int:
    with record.reader() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_monitor_report_is_stored_with_its_claim_and_both_clocks(astana_record: Record) -> None:
    done = submit_report(astana_record, body(), submitter=MONITOR, received_at=RECEIVED)
    assert done.created and done.flags == ()
    with astana_record.reader() as conn:
        (report,) = reports_repo.load_reports(conn, [done.report_id])
        (claim,) = reports_repo.load_claims(conn, report_ids=[done.report_id])
        events = audit_log.events_for(conn, "report", done.report_id)
    assert report.kind is ReportKind.MONITOR_REPORT and report.confidentiality is Confidentiality.CENTRE
    assert report.original["claimed_at"] == "2017-06-10T08:30:00+03:00"
    assert report.original["received_at"] == RECEIVED.isoformat()
    assert claim.place is not None and claim.place.precision is GeoPrecision.POINT
    assert claim.date is not None and claim.date.start.isoformat() == "2017-06-10"
    assert claim.details["text"] == "سقطت قذيفتان قرب الفرن" and claim.stance is Stance.REPORTS
    assert [e.action for e in events] == ["report.submitted"]


def test_a_retry_with_the_same_key_returns_the_stored_report(astana_record: Record) -> None:  # row 65
    first = submit_report(astana_record, body(), submitter=MONITOR, received_at=RECEIVED)
    spaced = json.dumps(json.loads(body()), ensure_ascii=False, indent=2).encode()
    again = submit_report(astana_record, spaced, submitter=MONITOR)
    assert (again.report_id, again.created) == (first.report_id, False)
    assert count(astana_record, reports) == 1 and count(astana_record, claims) == 1


def test_the_same_key_with_another_body_is_a_conflict(astana_record: Record) -> None:
    submit_report(astana_record, body(), submitter=MONITOR, received_at=RECEIVED)
    with pytest.raises(Conflict) as caught:
        submit_report(astana_record, body(how_observed="saw"), submitter=MONITOR, received_at=RECEIVED)
    assert caught.value.pointer == "/idempotency_key"


def test_a_party_complaint_is_confidential_to_that_party(astana_record: Record) -> None:
    party = Submitter.parse("party:armed-opposition", default_name="cli")
    done = submit_report(astana_record, body(), submitter=party, received_at=RECEIVED)
    with astana_record.reader() as conn:
        (report,) = reports_repo.load_reports(conn, [done.report_id])
        (claim,) = reports_repo.load_claims(conn, report_ids=[done.report_id])
    assert report.kind is ReportKind.COMPLAINT and report.confidentiality is Confidentiality.PARTY
    assert report.party_id == "armed-opposition" and claim.stance is Stance.ALLEGES


def test_a_complaint_from_a_party_of_no_agreement_is_refused(astana_record: Record) -> None:
    with pytest.raises(InvalidInput, match="no loaded agreement"):
        submit_report(astana_record, body(), submitter=Submitter("party", "x", party_id="martians"))


def test_a_report_dated_before_the_memorandum_is_accepted_with_a_flag(astana_record: Record) -> None:  # row 27
    done = submit_report(astana_record, body(when="2017-05-01T12:00:00+03:00"), submitter=MONITOR)
    assert done.created and done.flags == ("out-of-scope",)


def test_a_named_place_is_located_and_an_unknown_one_is_flagged(astana_record: Record) -> None:
    named = submit_report(astana_record, body(where={"place": "Kafr Nabl"}), submitter=MONITOR, received_at=RECEIVED)
    other = body(idempotency_key="4d3c2b1a-0000-4000-8000-00000000ffff", where={"place": "Qaryat al-Khayal"})
    unknown = submit_report(astana_record, other, submitter=MONITOR, received_at=RECEIVED)
    with astana_record.reader() as conn:
        places = {c.report_id: c.place for c in reports_repo.load_claims(conn)}
    located = places[named.report_id]
    assert located is not None and located.lat is not None and located.admin1 == "Idleb"
    assert unknown.flags == ("place-unresolved",)
    assert places[unknown.report_id] is not None and places[unknown.report_id].lat is None  # type: ignore[union-attr]


def test_reports_submit_on_the_command_line(tmp_path: Path) -> None:
    _register()
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["--db", db, "demo"]).exit_code == 0
    report = tmp_path / "report.json"
    report.write_bytes(body(when="2017-06-10T08:30:00+03:00"))
    args = ["--db", db, "reports", "submit", "--as", "monitor:m1", str(report), "--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, args)
    assert json.loads(first.output)["report"] == json.loads(again.output)["report"]
    assert json.loads(again.output)["created"] is False
    report.write_bytes(body(where={"lon": 35.9306, "lat": 36.6339}))
    bad = runner.invoke(app, args)
    assert bad.exit_code == 1 and "swap" in bad.output
