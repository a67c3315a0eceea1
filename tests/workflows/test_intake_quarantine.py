"""The quarantine: rejected rows and files kept with reason, hash and record; retried later."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.errors import Conflict
from ceasefire.storage import audit_log
from ceasefire.storage.record import Record
from ceasefire.storage.schema import incidents, reports
from ceasefire.workflows import quarantine
from ceasefire.workflows.dataset_import import Mode, import_dataset

TODAY = date(2026, 1, 5)
USHAHIDI = (
    '"Post ID","Post Date (UTC)",Title,Description,Location.lat,Location.lon,Categories\n'
    "201,2017-06-10 08:00:00,Shelling,Shells fell near the bakery.,35.9306,36.6339,Shelling\n"
    '202,2017-06-11 09:00:00,Water cut,The pumping station was hit.,33.5711,36.4033,"Water shortage"\n'
    "203,2017-06-12 10:00:00,Clashes,Fighting at the edge of town.,34.9269,36.7325,Clashes\n"
)


def _reports(record: Record) -> int:
    with record.reader() as conn:
        return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


@pytest.fixture
def ushahidi_file(tmp_path: Path) -> Path:
    path = tmp_path / "posts.csv"
    path.write_text(USHAHIDI, encoding="utf-8")
    return path


def test_a_row_with_an_unmapped_category_is_imported_once_the_mapping_knows_it(
    record: Record, ushahidi_file: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    summary = import_dataset(record, "ushahidi", ushahidi_file, mode=Mode.PER_ROW, data_dir=data, today=TODAY)
    assert (summary.counts.new, summary.counts.rejected) == (2, 1)
    (entry,) = quarantine.list_entries(record)
    assert (entry.record, entry.file_sha256, entry.import_id) == (3, summary.sha256, summary.import_id)
    assert "Water shortage" in entry.reason and entry.raw["cells"]["Post ID"] == "202"

    again = quarantine.retry(record, entry.id, data_dir=data)
    assert again.outcome == "rejected" and "category" in again.reason
    mapping = {"Water shortage": "Strategic developments/Looting/property destruction"}
    fixed = quarantine.retry(record, entry.id, options={"categories": mapping}, data_dir=data)
    assert fixed.outcome == "imported" and fixed.report_id is not None
    assert _reports(record) == 3
    with record.reader() as conn:
        kinds = list(conn.execute(select(incidents.c.sub_event_type).order_by(incidents.c.sub_event_type)).scalars())
        history = audit_log.events_for(conn, "quarantine", str(entry.id))
        assert audit_log.verify(conn) is None
    assert "Looting/property destruction" in kinds
    assert [e.action for e in history] == ["quarantine.resolved"] and history[0].payload["report"] == fixed.report_id
    assert quarantine.list_entries(record) == []
    with pytest.raises(Conflict):
        quarantine.retry(record, entry.id, options={"categories": mapping}, data_dir=data)


def test_a_file_in_the_wrong_encoding_is_retried_with_the_declared_one(record: Record, tmp_path: Path) -> None:
    data = tmp_path / "data"
    arabic = USHAHIDI.replace("Shells fell near the bakery.", "سقطت قذائف قرب الفرن")
    path = tmp_path / "posts_1256.csv"
    path.write_bytes(arabic.encode("windows-1256"))
    refused = import_dataset(record, "ushahidi", path, data_dir=data, today=TODAY)
    assert refused.status == "rejected" and _reports(record) == 0
    (entry,) = quarantine.list_entries(record)
    assert entry.file_level and entry.record == 2 and "declare encoding" in entry.reason
    detail = quarantine.show(record, entry.id, data_dir=data)
    assert detail.stored_file is not None and detail.stored_file.read_bytes() == path.read_bytes()

    result = quarantine.retry(record, entry.id, options={"encoding": "windows-1256"}, data_dir=data)
    assert result.outcome == "imported"
    with record.reader() as conn:
        texts = [r.original.get("Description") for r in conn.execute(select(reports.c.original))]
    assert "سقطت قذائف قرب الفرن" in texts
    after = {e.id: e for e in quarantine.list_entries(record, include_resolved=True)}
    assert after[entry.id].resolved_at is not None
    assert [e.record for e in after.values() if e.resolved_at is None] == [3]  # "Water shortage", as before


def test_the_quarantine_commands_list_show_and_retry(tmp_path: Path, ushahidi_file: Path) -> None:
    _register()
    runner = CliRunner()
    env = {"CEASEFIRE_DATA_DIR": str(tmp_path / "data")}
    db = str(tmp_path / "cli.db")

    def cf(*args: str) -> tuple[int, str]:
        result = runner.invoke(app, ["--db", db, *args], env=env)
        return result.exit_code, result.output

    code, out = cf("import", "ushahidi", str(ushahidi_file), "--mode", "per-row")
    assert code == 0, out
    code, out = cf("quarantine", "list", "--format", "json")
    (entry,) = json.loads(out)
    assert entry["record"] == 3
    code, out = cf("quarantine", "show", str(entry["id"]))
    assert code == 0 and "Water shortage" in out
    code, out = cf("quarantine", "retry", str(entry["id"]))
    assert code == 1 and "still rejected" in out
    mapping = tmp_path / "categories.json"
    mapping.write_text(json.dumps({"Water shortage": "Strategic developments/Other"}))
    code, out = cf("quarantine", "retry", str(entry["id"]), "--categories", str(mapping))
    assert code == 0 and "imported" in out
