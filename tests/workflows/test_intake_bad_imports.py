"""BAD_INPUTS §4.4 at the workflow level: each bad CSV ends as the row says, quarantined by record."""

from __future__ import annotations

import csv
import io
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ceasefire.storage.record import Record
from ceasefire.storage.schema import quarantine, reports
from ceasefire.workflows.dataset_import import DatasetImportSummary, Mode, import_dataset
from ceasefire.workflows.dataset_kinds import ImportOptions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "intake" / "acled_syria_2017.csv"
TODAY = date(2026, 1, 5)


def rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(FIXTURE.read_text(encoding="utf-8"))))


def as_csv(table: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(table)
    return out.getvalue().encode()


def run(record: Record, tmp_path: Path, data: bytes, **options: Any) -> DatasetImportSummary:
    path = tmp_path / "file.csv"
    path.write_bytes(data)
    return import_dataset(record, "acled", path, data_dir=tmp_path / "data", today=TODAY, **options)


def held(record: Record) -> list[tuple[int | None, str]]:
    with record.reader() as conn:
        return [(r.record_number, r.reason) for r in conn.execute(select(quarantine).order_by(quarantine.c.id))]


def stored(record: Record) -> int:
    with record.reader() as conn:
        return int(conn.execute(select(func.count()).select_from(reports)).scalar_one())


def test_a_bom_is_dropped_and_the_header_still_matches(record: Record, tmp_path: Path) -> None:  # row 32
    summary = run(record, tmp_path, b"\xef\xbb\xbf" + FIXTURE.read_bytes())
    assert summary.status == "completed" and summary.counts.new == 8


def test_quoted_newlines_count_records_not_lines(record: Record, tmp_path: Path) -> None:  # row 33
    table = rows()
    table[3][27] = 'a note over\nthree "lines"\nof text'
    table[5][3] = "9"  # a bad time_precision after the multi-line record
    summary = run(record, tmp_path, as_csv(table), mode=Mode.PER_ROW)
    assert summary.counts.new == 7
    assert [r for r, _ in held(record)] == [6]


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda data: data.replace(b"Ariha,Ariha", b"Ariha,Ari\x00ha", 1), "NUL byte"),  # row 37
        (lambda data: data.replace(b"Idlib,Idlib", "Idlib,Idl\u00efb".encode("latin-1"), 1), "declare encoding"),  # 31
        (lambda data: data.replace(b"Fixture: an air", b"Fixture: " + b"x" * 140_000 + b" an air", 1), "128 KiB"),  # 36
        (lambda data: data.replace(b'"two men"', b'"two" men"', 1), "malformed CSV"),  # row 33
    ],
)
def test_a_file_level_fault_refuses_the_file_naming_its_record(
    record: Record, tmp_path: Path, damage: Callable[[bytes], bytes], words: str
) -> None:
    summary = run(record, tmp_path, damage(FIXTURE.read_bytes()))
    assert summary.status == "rejected" and stored(record) == 0
    ((number, reason),) = held(record)
    assert number is not None and number >= 2 and words in reason


def test_a_semicolon_file_needs_its_delimiter_declared(record: Record, tmp_path: Path) -> None:  # row 38
    data = as_csv(rows(), delimiter=";")
    refused = run(record, tmp_path, data)
    assert refused.status == "rejected" and "lacks required column" in held(record)[0][1]
    declared = run(record, tmp_path, data, options=ImportOptions(delimiter=";"))
    assert declared.status == "completed" and declared.counts.new == 8


def test_ragged_rows_are_rejected_alone_in_per_row_mode_and_refuse_the_file_in_atomic(
    record: Record, tmp_path: Path
) -> None:  # row 35
    table = rows()
    table[2] = table[2][:10]
    data = as_csv(table)
    atomic = run(record, tmp_path, data)
    assert atomic.status == "rejected" and stored(record) == 0
    per_row = run(record, tmp_path, data, mode=Mode.PER_ROW)
    assert per_row.counts.new == 7 and held(record) == [(3, "record 3 has 10 fields, the header has 31")]


def test_a_large_file_is_streamed_not_read_whole(record: Record, tmp_path: Path) -> None:  # row 34
    header, first = rows()[0], rows()[1]
    table = [header] + [
        [f"SYR9{i:05d}", *first[1:27], "n" * 4000, *first[28:30], str(1498000000 + i)] for i in range(2500)
    ]
    data = as_csv(table)
    assert len(data) > 10_000_000
    tracemalloc.start()
    try:
        summary = run(record, tmp_path, data, batch_size=100, mode=Mode.PER_ROW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert summary.counts.new == 2500
    assert peak < len(data) / 2, f"peak {peak / 1e6:.1f} MB for a {len(data) / 1e6:.1f} MB file"


def test_sql_in_a_cell_is_only_data(record: Record, tmp_path: Path) -> None:  # rows 30, 49
    table = rows()
    table[1][7] = "'; DROP TABLE reports;--"
    table[2][27] = '=HYPERLINK("http://evil.example")'
    run(record, tmp_path, as_csv(table))
    with record.reader() as conn:
        originals = [r.original for r in conn.execute(select(reports.c.original))]
    assert stored(record) == 8
    assert {o["actor1"] for o in originals} >= {"'; DROP TABLE reports;--"}
    assert any(o["notes"] == '=HYPERLINK("http://evil.example")' for o in originals)
