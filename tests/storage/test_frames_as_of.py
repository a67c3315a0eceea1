"""The incident frame read as the record stood at an instant, on SQLite and on PostgreSQL: what a
bulletin cut at that instant counts must not change when the record changes afterwards."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd

from ceasefire.domain.audit import GENESIS_HASH
from ceasefire.domain.statuses import IncidentStatus
from ceasefire.storage import bulletins_repo, frames_repo, verdicts_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.import_incidents import import_incidents_csv
from ceasefire.workflows.zones import amend_zone

HEADER = (
    "id,date,date_end,date_precision,event_type,sub_event_type,place,latitude,longitude,geo_precision,admin1,"
    "perpetrator,perpetrator_side,target,target_side,fatalities_low,fatalities_best,fatalities_high,source,source_url,notes"
)
DOUMA = "f-1,2017-06-01,,day,Explosions/Remote violence,Air/drone strike,Douma,33.57175,36.4027,town,Rural Damascus,"
DOUMA += "government forces,government,civilians,civilians,,2,,SOHR,,"
# A small square far from Douma: after this amendment Eastern Ghouta no longer holds the point.
ELSEWHERE = {
    "type": "Polygon",
    "coordinates": [[[36.60, 33.40], [36.70, 33.40], [36.70, 33.50], [36.60, 33.50], [36.60, 33.40]]],
}


def instant() -> datetime:
    """A moment strictly between two writes (timestamps are stored to the microsecond)."""
    time.sleep(0.01)
    moment = datetime.now(UTC)
    time.sleep(0.01)
    return moment


def load(astana_record: Record, tmp_path: Path) -> None:
    (tmp_path / "f.csv").write_text(f"{HEADER}\n{DOUMA}\n", encoding="utf-8")
    import_incidents_csv(astana_record, tmp_path / "f.csv", actor="test")


def frame_at(record: Record, moment: datetime | None) -> dict[str, object]:
    with record.reader() as conn:
        frame = frames_repo.incident_frame(conn, as_of=moment)
    return frame.iloc[0].to_dict() if len(frame) else {}


def test_an_incident_recorded_after_the_instant_is_not_in_the_frame(astana_record: Record, tmp_path: Path) -> None:
    before = instant()
    load(astana_record, tmp_path)
    assert frame_at(astana_record, before) == {}
    assert frame_at(astana_record, None)["incident_id"] == "f-1"


def test_the_zone_is_the_assignment_current_at_the_instant(astana_record: Record, tmp_path: Path) -> None:
    load(astana_record, tmp_path)
    assigned = instant()
    amend_zone(astana_record, "eastern-ghouta", ELSEWHERE, valid_from=date(2017, 5, 20), basis="test map", actor="t")
    assert frame_at(astana_record, assigned)["zone_id"] == "eastern-ghouta"
    assert frame_at(astana_record, None)["zone_id"] != "eastern-ghouta"


def test_verdicts_and_status_are_those_in_force_at_the_instant(astana_record: Record, tmp_path: Path) -> None:
    load(astana_record, tmp_path)
    row = {"agreement_id": "astana-2017", "provision_id": "cessation", "reason": "test", "trace": []}
    with astana_record.transaction("test") as tx:
        verdicts_repo.supersede_and_store(tx.conn, "f-1", [{**row, "verdict": "violation"}], cause="test")
    first = instant()
    with astana_record.transaction("test") as tx:
        verdicts_repo.supersede_and_store(tx.conn, "f-1", [{**row, "verdict": "exempt"}], cause="test")
        verdicts_repo.set_status(
            tx.conn,
            "f-1",
            IncidentStatus.ALLEGED,
            IncidentStatus.CONTESTED,
            method=None,
            note="",
            automatic=True,
            actor="t",
        )
    then, now = frame_at(astana_record, first), frame_at(astana_record, None)
    assert (then["violation"], then["verdict"], then["status"]) == (True, "violation", "alleged")
    assert (now["violation"], now["verdict"], now["status"]) == (False, "exempt", "contested")


def test_an_unassessed_incident_has_no_verdict_rather_than_no_violation(astana_record: Record, tmp_path: Path) -> None:
    load(astana_record, tmp_path)
    row = frame_at(astana_record, None)
    assert row["verdict"] is None and pd.isna(row["violation"])


def test_the_audit_head_at_an_instant_is_the_last_event_before_it(astana_record: Record, tmp_path: Path) -> None:
    with astana_record.reader() as conn:
        assert bulletins_repo.audit_head_at(conn, datetime(2017, 1, 1, tzinfo=UTC)) == (0, GENESIS_HASH)
        seq, digest = bulletins_repo.audit_head_at(conn, datetime.now(UTC))
    middle = instant()
    load(astana_record, tmp_path)
    with astana_record.reader() as conn:
        assert bulletins_repo.audit_head_at(conn, middle) == (seq, digest)
        later = bulletins_repo.audit_head_at(conn, datetime.now(UTC) + timedelta(seconds=1))
    assert later[0] > seq
