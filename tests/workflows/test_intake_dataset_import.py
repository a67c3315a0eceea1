"""Dataset imports into the record: round trips, idempotency, revisions, deletions, modes."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.errors import Conflict
from ceasefire.intake.rows import DeletionRow, ParsedRow, RejectedRow, SkippedRow
from ceasefire.storage import audit_log, checkpoints_repo
from ceasefire.storage.checkpoints_repo import Counts
from ceasefire.storage.record import Record
from ceasefire.storage.schema import (
    claim_links,
    claims,
    imports,
    incidents,
    quarantine,
    reports,
    zone_assignments,
)
from ceasefire.workflows.dataset_import import Mode, import_dataset, import_log
from ceasefire.workflows.dataset_kinds import ImportOptions, parse
from ceasefire.workflows.dataset_rows import batch_digest, incident_id

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
TODAY = date(2026, 1, 5)
FILES = {
    "acled": "acled_syria_2017.csv",
    "ucdp": "ucdp_ged_syria_2017.csv",
    "gdelt": "gdelt_20170601.export.CSV",
    "ushahidi": "ushahidi_platform_export.csv",
}


def run(record: Record, kind: str, path: Path, data_dir: Path, **options: Any) -> Any:
    return import_dataset(record, kind, path, data_dir=data_dir, today=TODAY, **options)


def count(record: Record, table: Any, *where: Any) -> int:
    with record.reader() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def adapter_rows(kind: str, path: Path) -> list[Any]:
    return list(parse(kind, io.BytesIO(path.read_bytes()), ImportOptions(), today=TODAY))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_importer_round_trips_its_fixture(record: Record, data_dir: Path, kind: str) -> None:
    path = FIXTURES / FILES[kind]
    rows = adapter_rows(kind, path)
    parsed = [r for r in rows if isinstance(r, ParsedRow)]
    summary = run(record, kind, path, data_dir, mode=Mode.PER_ROW)
    assert summary.status == "completed"
    assert summary.counts.read == len(rows)
    assert summary.counts.new + summary.counts.deleted == len(parsed)
    assert summary.counts.skipped == sum(isinstance(r, SkippedRow) for r in rows)
    assert summary.counts.rejected == sum(isinstance(r, RejectedRow) for r in rows)
    with record.reader() as conn:
        stored = {r.id: r for r in conn.execute(select(reports))}
        linked = {r.claim_id: r.incident_id for r in conn.execute(select(claim_links))}
    assert set(stored) == {r.report.id for r in parsed}
    for row in parsed:
        assert stored[row.report.id].original == row.report.original  # the row as received
        assert linked[row.claims[0].id] == incident_id(row.source.id, row.external_id)
    assert count(record, incidents) == len(parsed)


def test_every_incident_gets_a_zone_and_a_governorate(astana_record: Record, data_dir: Path) -> None:
    run(astana_record, "acled", FIXTURES / FILES["acled"], data_dir)
    with astana_record.reader() as conn:
        rows = list(conn.execute(select(incidents.c.id, incidents.c.admin1)))
    current = count(astana_record, zone_assignments, zone_assignments.c.current.is_(True))
    assert current == len(rows) == 8
    assert {r.admin1 for r in rows} >= {"Idleb", "Rural Damascus", "Homs"}


def test_importing_the_same_file_twice_adds_no_rows_and_names_the_first_import(record: Record, data_dir: Path) -> None:
    first = run(record, "acled", FIXTURES / FILES["acled"], data_dir)
    before = count(record, reports), count(record, incidents), count(record, claims)
    again = run(record, "acled", FIXTURES / FILES["acled"], data_dir)
    assert again.status == "duplicate" and again.duplicate_of == first.import_id
    assert again.counts.new == 0
    assert (count(record, reports), count(record, incidents), count(record, claims)) == before
    log = import_log(record)
    assert log[0]["id"] == again.import_id and log[0]["note"] == f"duplicate of import #{first.import_id}"


def test_the_same_rows_in_other_bytes_are_counted_unchanged(record: Record, data_dir: Path, tmp_path: Path) -> None:
    run(record, "acled", FIXTURES / FILES["acled"], data_dir)
    crlf = tmp_path / "acled_crlf.csv"
    crlf.write_bytes((FIXTURES / FILES["acled"]).read_bytes().replace(b"\n", b"\r\n"))
    summary = run(record, "acled", crlf, data_dir)
    assert summary.status == "completed"
    assert (summary.counts.new, summary.counts.unchanged) == (0, 8)
    assert count(record, reports) == 8


def test_an_acled_revision_is_a_new_version_and_updates_the_incident_audited(record: Record, data_dir: Path) -> None:
    run(record, "acled", FIXTURES / FILES["acled"], data_dir)
    summary = run(record, "acled", FIXTURES / "acled_syria_2017_revised.csv", data_dir)
    assert (summary.counts.updated, summary.counts.new) == (1, 0)
    source_id = "dataset:acled"
    iid = incident_id(source_id, "SYR17002")
    with record.reader() as conn:
        versions = list(
            conn.execute(
                select(reports.c.id, reports.c.supersedes, reports.c.version_stamp)
                .where(reports.c.external_id == "SYR17002")
                .order_by(reports.c.version_stamp)
            )
        )
        fatalities = conn.execute(select(incidents.c.fatalities_best).where(incidents.c.id == iid)).scalar_one()
        links = list(
            conn.execute(select(claim_links).where(claim_links.c.incident_id == iid).order_by(claim_links.c.id))
        )
        events = audit_log.events_for(conn, "incident", iid)
    assert [v.version_stamp for v in versions] == ["1498100000", "1499900000"]
    assert versions[1].supersedes == versions[0].id
    assert fatalities == 9
    assert [(link.claim_id.startswith("clm-" + versions[1].id[4:]), link.unlinked_at is None) for link in links] == [
        (False, False),
        (True, True),
    ]
    revised = [e for e in events if e.action == "incident.revised"]
    assert len(revised) == 1
    assert revised[0].payload["before"]["fatalities"] == [None, 7, None]
    assert revised[0].payload["after"]["fatalities"] == [None, 9, None]


def test_an_older_version_after_a_newer_one_changes_nothing(record: Record, data_dir: Path) -> None:
    run(record, "acled", FIXTURES / "acled_syria_2017_revised.csv", data_dir)
    summary = run(record, "acled", FIXTURES / FILES["acled"], data_dir)
    assert (summary.counts.new, summary.counts.skipped) == (7, 1)
    with record.reader() as conn:
        best = conn.execute(
            select(incidents.c.fatalities_best).where(incidents.c.id == incident_id("dataset:acled", "SYR17002"))
        ).scalar_one()
    assert best == 9


def test_a_deletion_marks_reports_and_incident_deleted_without_erasing(record: Record, data_dir: Path) -> None:
    run(record, "acled", FIXTURES / FILES["acled"], data_dir)
    deletions = [r for r in adapter_rows("acled-deletions", FIXTURES / "acled_deleted.csv")]
    assert all(isinstance(r, DeletionRow) for r in deletions)
    summary = run(record, "acled-deletions", FIXTURES / "acled_deleted.csv", data_dir)
    assert summary.counts.deleted == 2
    assert count(record, incidents) == 8 and count(record, reports) == 8
    ids = [incident_id("dataset:acled", r.external_id) for r in deletions]
    assert count(record, incidents, incidents.c.deleted_at.is_not(None)) == 2
    assert count(record, incidents, incidents.c.id.in_(ids), incidents.c.deleted_at.is_not(None)) == 2
    assert count(record, reports, reports.c.deleted_at.is_not(None)) == 2
    with record.reader() as conn:
        assert audit_log.verify(conn) is None
        assert [e.action for e in audit_log.events_for(conn, "incident", ids[0])] == ["incident.deleted"]


def test_withdrawals_of_events_not_yet_held_apply_when_the_list_comes_again(record: Record, data_dir: Path) -> None:
    path = FIXTURES / "acled_deleted.csv"
    early = run(record, "acled-deletions", path, data_dir)
    assert (early.counts.deleted, early.counts.skipped) == (0, 2)
    run(record, "acled", FIXTURES / FILES["acled"], data_dir)
    again = run(record, "acled-deletions", path, data_dir)
    assert again.status == "completed" and again.counts.deleted == 2
    assert run(record, "acled-deletions", path, data_dir).status == "duplicate"
    crlf = data_dir.parent / "deleted_again.csv"
    crlf.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    third = run(record, "acled-deletions", crlf, data_dir)
    assert (third.counts.deleted, third.counts.unchanged) == (0, 2)


def test_audit_verify_passes_after_imports_revisions_and_deletions(astana_record: Record, data_dir: Path) -> None:
    for kind, name in [
        *FILES.items(),
        ("acled", "acled_syria_2017_revised.csv"),
        ("acled-deletions", "acled_deleted.csv"),
    ]:
        run(astana_record, kind, FIXTURES / name, data_dir, mode=Mode.PER_ROW)
    with astana_record.reader() as conn:
        assert audit_log.verify(conn) is None


def test_atomic_mode_refuses_a_file_with_any_bad_row_and_quarantines_every_one(record: Record, data_dir: Path) -> None:
    bad = FIXTURES / "acled_syria_2017_bad.csv"
    summary = run(record, "acled", bad, data_dir)
    assert summary.status == "rejected"
    assert count(record, reports) == 0 and count(record, incidents) == 0
    with record.reader() as conn:
        held = list(conn.execute(select(quarantine).order_by(quarantine.c.record_number)))
    expected = [r for r in adapter_rows("acled", bad) if isinstance(r, RejectedRow)]
    assert [h.record_number for h in held] == [r.record for r in expected]
    assert all(h.file_sha256 == summary.sha256 and h.import_id == summary.import_id for h in held)
    assert [h.reason for h in held] == [r.reason for r in expected]
    assert held[0].raw["cells"]["event_type"] == "Clashes"


def test_per_row_mode_takes_the_good_rows_and_quarantines_the_bad(
    record: Record, data_dir: Path, tmp_path: Path
) -> None:
    good = (FIXTURES / FILES["acled"]).read_bytes()
    bad_rows = (FIXTURES / "acled_syria_2017_bad.csv").read_bytes().split(b"\n", 1)[1]
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(good + bad_rows)
    summary = run(record, "acled", mixed, data_dir, mode=Mode.PER_ROW, batch_size=3)
    assert summary.status == "completed"
    assert (summary.counts.new, summary.counts.rejected) == (8, 11)
    assert count(record, quarantine) == 11 and count(record, reports) == 8


def test_a_file_level_error_part_way_keeps_earlier_rows_only_in_per_row_mode(
    record: Record, data_dir: Path, tmp_path: Path
) -> None:
    lines = (FIXTURES / FILES["acled"]).read_bytes().split(b"\n")
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"\n".join([*lines[:3], lines[3].replace(b"Ar-Rastan", b"Ar-Rast\xe7n"), *lines[4:]]))
    atomic = run(record, "acled", broken, data_dir)
    assert atomic.status == "rejected" and count(record, reports) == 0
    per_row = run(record, "acled", broken, data_dir, mode=Mode.PER_ROW, batch_size=2)
    assert per_row.status == "incomplete"
    assert per_row.counts.new == 2 and "declare encoding" in (per_row.stopped or "")
    with record.reader() as conn:
        stop = conn.execute(select(quarantine).where(quarantine.c.file_sha256 == per_row.sha256)).one()
        log = checkpoints_repo.load(conn, per_row.import_id)
    assert stop.record_number == 4 and stop.raw["file"] is True and "declare encoding" in stop.reason
    assert log is not None and "declare encoding" in log.note


def test_a_dry_run_counts_what_the_import_does_and_writes_nothing(record: Record, data_dir: Path) -> None:
    path = FIXTURES / FILES["ushahidi"]
    dry = run(record, "ushahidi", path, data_dir, dry_run=True)
    assert dry.status == "dry-run" and dry.import_id is None
    assert count(record, reports) == 0 and count(record, imports) == 0 and not data_dir.exists()
    real = run(record, "ushahidi", path, data_dir)
    assert real.counts == dry.counts


def test_the_original_bytes_are_kept_by_their_hash(record: Record, data_dir: Path) -> None:
    path = FIXTURES / FILES["gdelt"]
    summary = run(record, "gdelt", path, data_dir)
    assert summary.stored_path is not None
    assert summary.stored_path.read_bytes() == path.read_bytes()
    assert summary.stored_path.name == summary.sha256 and summary.stored_path.is_relative_to(data_dir)


def test_formula_like_cells_are_stored_as_received(record: Record, data_dir: Path) -> None:
    run(record, "ushahidi", FIXTURES / FILES["ushahidi"], data_dir)
    with record.reader() as conn:
        originals = [r.original for r in conn.execute(select(reports.c.original))]
    assert any(o.get("Description", "").startswith("=Reported by two residents") for o in originals)


def test_each_batch_event_commits_to_its_rows(record: Record, data_dir: Path) -> None:
    path = FIXTURES / FILES["acled"]
    summary = run(record, "acled", path, data_dir, batch_size=3)
    rows = [r for r in adapter_rows("acled", path) if isinstance(r, ParsedRow)]
    with record.reader() as conn:
        batches = [
            e for e in audit_log.events_for(conn, "import", str(summary.import_id)) if e.action == "import.batch"
        ]
    assert [e.payload["records"] for e in batches] == [[2, 4], [5, 7], [8, 9]]
    for event, chunk in zip(batches, [rows[0:3], rows[3:6], rows[6:8]], strict=True):
        lines = [
            f"{r.record}\tnew\t{r.report.id}\t{r.report.sha256}\t{incident_id(r.source.id, r.external_id)}"
            for r in chunk
        ]
        assert event.payload["sha256"] == batch_digest(lines)


class _Crash(Exception):
    pass


def _crash_after(batches: int) -> Iterator[None]:
    seen = 0

    def progress(phase: str, _done: int, _total: int) -> None:
        nonlocal seen
        if phase == "importing":
            seen += 1
            if seen == batches:
                raise _Crash

    yield progress  # type: ignore[misc]


def test_an_interrupted_import_resumes_after_its_last_batch(astana_record: Record, data_dir: Path) -> None:
    path = FIXTURES / FILES["acled"]
    (progress,) = _crash_after(2)
    with pytest.raises(_Crash):
        run(astana_record, "acled", path, data_dir, batch_size=3, progress=progress)
    assert count(astana_record, reports) == 6
    resumed = run(astana_record, "acled", path, data_dir, batch_size=3)
    assert resumed.status == "completed" and resumed.resumed_at_record == 7
    assert (resumed.counts.read, resumed.counts.new) == (8, 8)
    assert count(astana_record, reports) == 8 == count(astana_record, incidents)
    assert count(astana_record, imports, imports.c.status == "completed") == 1


def test_a_checkpoint_moved_by_another_process_is_not_moved_again(record: Record) -> None:
    with record.transaction("test") as tx:
        iid = checkpoints_repo.start(
            tx.conn, kind="acled", file_name="f.csv", sha256="a" * 64, mode="per-row", options={}, status="running"
        )
    with record.transaction("test") as tx:
        checkpoints_repo.advance(tx.conn, iid, expected_offset=0, offset=100, records=3, counts=Counts(read=2))
    with pytest.raises(Conflict), record.transaction("test") as tx:
        checkpoints_repo.advance(tx.conn, iid, expected_offset=0, offset=200, records=5, counts=Counts(read=4))
    with record.reader() as conn:
        stored = checkpoints_repo.load(conn, iid)
    assert stored is not None and (stored.offset, stored.records, stored.counts.read) == (100, 3, 2)
