"""`ceasefire stats` and `ceasefire bulletin` as a user types them, on both backends."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.storage.record import Record
from ceasefire.workflows.import_incidents import import_incidents_csv

HEADER = (
    "id,date,date_end,date_precision,event_type,sub_event_type,place,latitude,longitude,geo_precision,admin1,"
    "perpetrator,perpetrator_side,target,target_side,fatalities_low,fatalities_best,fatalities_high,source,source_url,notes"
)
ROWS = (
    "s-1,2017-06-01,,day,Battles,Armed clash,Kafranbel,35.61376,36.56449,town,Idleb,rebels,opposition,,,,1,,SOHR,,",
    "s-2,2017-06-06,,day,Battles,Armed clash,Kafranbel,35.61376,36.56449,town,Idleb,army,government,,,,2,,SOHR,,",
    "s-3,2017-06-01,2017-06-30,month,Battles,Armed clash,Kafranbel,35.61376,36.56449,town,Idleb,"
    "army,government,,,,,,X,,",
)

runner = CliRunner()


@pytest.fixture
def db(astana_record: Record, db_url: str, tmp_path: Path) -> str:
    (tmp_path / "s.csv").write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8")
    import_incidents_csv(astana_record, tmp_path / "s.csv", actor="test")
    _register()
    return db_url


def cf(db: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", db, *args])
    return result.exit_code, result.output


def test_stats_by_zone_and_week_as_json(db: str) -> None:
    code, out = cf(
        db, "stats", "--by", "zone,week", "--since", "2017-05-01", "--until", "2017-06-30", "--format", "json"
    )
    assert code == 0, out
    rows = {(r["zone"], r["week"]): r for r in json.loads(out)}
    assert rows[("idlib", "2017-05-29")]["incidents"] == 1  # 1 June 2017 was in the week of Monday 29 May
    assert rows[("idlib", "2017-06-05")]["fatalities_best"] == 2
    assert rows[("idlib", None)]["incidents"] == 1  # the month-long one has no week
    assert rows[("idlib", "2017-05-29")]["violations"] is None  # nothing assessed yet


def test_stats_names_an_unknown_dimension(db: str) -> None:
    code, out = cf(db, "stats", "--by", "zone,province")
    assert code == 1 and "province" in out


def test_stats_alerts_need_a_window(db: str) -> None:
    code, out = cf(db, "stats", "--alerts")
    assert code == 1 and "--since" in out


def test_bulletin_needs_a_date(db: str) -> None:
    code, out = cf(db, "bulletin")
    assert code == 1 and "--date" in out


def test_bulletin_writes_both_files_and_checks_against_the_record(db: str, tmp_path: Path) -> None:
    today = datetime.now(ZoneInfo("Asia/Damascus")).date().isoformat()
    code, out = cf(db, "bulletin", "--date", today, "--since", "2017-05-01", "--out", str(tmp_path / "b"))
    assert code == 0, out
    pdf = tmp_path / "b" / f"bulletin-{today}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and (tmp_path / "b" / f"bulletin-{today}.html").exists()
    code, out = cf(db, "bulletin", "--check", str(pdf))
    assert code == 0 and "matches the record" in out
