"""The strict CSV reader: BAD_INPUTS §4.4 rows 30-38, record counting, streaming, resuming."""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Iterator

import pytest

from ceasefire.intake.csv_reading import (
    CsvFormat,
    CsvReader,
    InvalidFile,
    Position,
    RaggedRecord,
    Record,
)


def read(data: bytes, fmt: CsvFormat | None = None) -> list[Record | RaggedRecord]:
    return list(CsvReader(io.BytesIO(data), fmt or CsvFormat()))


def cells(data: bytes, fmt: CsvFormat | None = None) -> list[dict[str, str]]:
    rows = read(data, fmt)
    assert all(isinstance(row, Record) for row in rows)
    return [row.cells for row in rows if isinstance(row, Record)]


# -- row 30: formula-looking cells are data ---------------------------------------------------


def test_cells_starting_with_formula_characters_are_kept_exactly_as_written() -> None:
    data = b'a,b\n=SUM(A1:A9),+1\n-2,@cmd\n"\tx","\rx"\n'
    assert cells(data) == [
        {"a": "=SUM(A1:A9)", "b": "+1"},
        {"a": "-2", "b": "@cmd"},
        {"a": "\tx", "b": "\rx"},
    ]


# -- row 31: wrong encoding -------------------------------------------------------------------


def test_windows_1256_arabic_fails_with_declare_encoding_and_the_record_number() -> None:
    data = "id,place\n1,Idlib\n2,إدلب\n".encode("windows-1256")
    with pytest.raises(InvalidFile, match=r"record 3: byte \d+ is not valid utf-8.*declare encoding") as caught:
        read(data)
    assert caught.value.record == 3
    assert caught.value.code == "invalid_file"


def test_a_declared_windows_1256_file_decodes_its_arabic() -> None:
    data = "id,place\n2,إدلب\n".encode("windows-1256")
    assert cells(data, CsvFormat(encoding="windows-1256")) == [{"id": "2", "place": "إدلب"}]


def test_latin_1_is_refused_unless_declared() -> None:
    data = "id,name\n1,Hōms café\n".encode("latin-1", errors="replace")
    with pytest.raises(InvalidFile, match="declare encoding"):
        read(data)
    assert cells(data, CsvFormat(encoding="latin-1"))[0]["name"] == "H?ms café"


def test_an_encoding_that_is_not_ascii_compatible_cannot_be_declared() -> None:
    with pytest.raises(ValueError, match="not ASCII-compatible"):
        CsvFormat(encoding="utf-16")


# -- row 32: UTF-8 BOM ------------------------------------------------------------------------


def test_a_utf8_bom_is_stripped_from_the_first_header() -> None:
    reader = CsvReader(io.BytesIO(b"\xef\xbb\xbfevent_id_cnty,x\nSYR1,2\n"), CsvFormat(required=("event_id_cnty",)))
    assert reader.header == ("event_id_cnty", "x")
    rows = list(reader)
    assert isinstance(rows[0], Record)
    assert rows[0].cells["event_id_cnty"] == "SYR1"
    assert rows[0].offset == len(b"\xef\xbb\xbfevent_id_cnty,x\nSYR1,2\n")


# -- row 33: embedded newlines and quotes; records, not lines ---------------------------------


def test_a_three_row_file_with_an_embedded_newline_counts_records_not_lines() -> None:
    data = b'id,note\n1,plain\n2,"first line\nsecond line, with ""quotes"""\n3,last\n'
    rows = read(data)
    assert [row.number for row in rows] == [2, 3, 4]
    assert isinstance(rows[1], Record)
    assert rows[1].cells["note"] == 'first line\nsecond line, with "quotes"'


def test_an_error_after_a_multi_line_field_names_the_record_not_the_line() -> None:
    data = b'id,note\n1,"a\nb\nc"\n2,"unterminated\n'
    reader = iter(CsvReader(io.BytesIO(data), CsvFormat()))
    first = next(reader)
    assert first.number == 2
    with pytest.raises(InvalidFile, match="record 3: malformed CSV"):
        next(reader)


def test_text_after_a_closing_quote_is_malformed() -> None:
    with pytest.raises(InvalidFile, match=r"record 2: malformed CSV \(',' expected after"):
        read(b'a,b\n"x"y,1\n')


def test_crlf_record_ends_and_lf_inside_quotes_are_both_kept_apart() -> None:
    data = b'a,b\r\n1,"x\ny"\r\n2,z\r\n'
    rows = read(data)
    assert [row.cells for row in rows if isinstance(row, Record)] == [{"a": "1", "b": "x\ny"}, {"a": "2", "b": "z"}]
    assert rows[-1].offset == len(data)


# -- row 34: a huge file is streamed, never read whole ----------------------------------------


class GeneratedCsv(io.RawIOBase):
    """A CSV file of `rows` records produced on demand, so it never exists whole anywhere.

    Records every read request, so a test can show the reader never asks for the whole file.
    """

    ROW = b'%d,2017-06-01,Explosions/Remote violence,"Ariha, Idlib",35.8126,36.6103,%s\n'

    def __init__(self, rows: int) -> None:
        self._pieces = self._generate(rows)
        self._pending = b""
        self.requests: list[int] = []
        self.served = 0

    def _generate(self, rows: int) -> Iterator[bytes]:
        yield b"id,date,event_type,location,latitude,longitude,notes\n"
        padding = b"x" * 180
        for number in range(rows):
            yield self.ROW % (number, padding)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        self.requests.append(len(buffer))
        while len(self._pending) < len(buffer):
            piece = next(self._pieces, None)
            if piece is None:
                break
            self._pending += piece
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        self.served += size
        return size


def test_a_20_mb_file_streams_through_in_small_reads_with_little_memory() -> None:
    rows = 80_000
    raw = GeneratedCsv(rows)
    stream = io.BufferedReader(raw, buffer_size=64 * 1024)
    tracemalloc.start()
    try:
        count = 0
        last = 0
        for record in CsvReader(stream, CsvFormat(required=("id", "latitude"))):
            assert isinstance(record, Record)
            count += 1
            last = record.offset
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == rows
    assert raw.served == last > 20_000_000
    assert max(raw.requests) <= 64 * 1024
    assert peak < 2_000_000, f"peak {peak} bytes for a {raw.served}-byte file"


def test_the_reader_only_pulls_what_the_caller_consumes() -> None:
    raw = GeneratedCsv(1_000_000)
    reader = iter(CsvReader(io.BufferedReader(raw, buffer_size=64 * 1024), CsvFormat()))
    for _ in range(10):
        next(reader)
    assert raw.served <= 64 * 1024


def test_a_file_without_line_breaks_is_refused_before_it_is_decoded() -> None:
    data = b"a,b\n" + b"x" * 5000
    with pytest.raises(InvalidFile, match="record 2: a line is longer than 4096 bytes"):
        read(data, CsvFormat(max_line_bytes=4096))


# -- row 35: ragged rows, duplicate or missing headers ----------------------------------------


def test_ragged_records_are_yielded_for_rejection_and_the_file_goes_on() -> None:
    rows = read(b"a,b,c\n1,2,3\n1,2\n1,2,3,4\n\n5,6,7\n")
    assert [type(row).__name__ for row in rows] == ["Record", "RaggedRecord", "RaggedRecord", "RaggedRecord", "Record"]
    short, long, blank = rows[1], rows[2], rows[3]
    assert isinstance(short, RaggedRecord) and short.cells == ("1", "2")
    assert short.reason == "record 3 has 2 fields, the header has 3"
    assert isinstance(long, RaggedRecord) and long.reason == "record 4 has 4 fields, the header has 3"
    assert isinstance(blank, RaggedRecord) and blank.reason == "record 5 is blank (no fields); expected 3"
    assert rows[4].number == 6


def test_a_duplicate_header_fails_the_file_before_any_row() -> None:
    reader_rows: list[object] = []
    with pytest.raises(InvalidFile, match="the header names 'id' more than once"):
        reader_rows.extend(CsvReader(io.BytesIO(b"id,name,id\n1,a,2\n"), CsvFormat()))
    assert reader_rows == []


def test_a_missing_required_header_fails_the_file_and_lists_what_was_found() -> None:
    with pytest.raises(InvalidFile, match=r"lacks required column\(s\) 'latitude'; found 'id', 'longitude'") as caught:
        CsvReader(io.BytesIO(b"id,longitude\n1,36.6\n"), CsvFormat(required=("id", "latitude")))
    assert caught.value.record == 1


def test_an_empty_file_has_no_header() -> None:
    with pytest.raises(InvalidFile, match="the file is empty"):
        CsvReader(io.BytesIO(b""), CsvFormat())


def test_declared_columns_make_a_headerless_file_start_at_record_one() -> None:
    fmt = CsvFormat(delimiter="\t", columns=("id", "code"), quoting=False)
    rows = read(b'1\t190\n2\t"195\n', fmt)
    assert [(row.number, row.cells) for row in rows if isinstance(row, Record)] == [
        (1, {"id": "1", "code": "190"}),
        (2, {"id": "2", "code": '"195'}),
    ]


# -- row 36: a field over 128 KiB -------------------------------------------------------------


def test_a_field_over_128_kib_fails_with_its_record_number() -> None:
    data = b"id,notes\n1,short\n2," + b"n" * (128 * 1024 + 1) + b"\n"
    with pytest.raises(
        InvalidFile, match=r"record 3: a field is longer than 131072 characters \(the limit is 128 KiB\)"
    ):
        read(data)


def test_a_lower_declared_field_limit_is_enforced_by_the_reader_itself() -> None:
    with pytest.raises(InvalidFile, match="record 2: a field is longer than 10 characters"):
        read(b"id,notes\n1,eleven chars\n", CsvFormat(field_limit=10))


def test_a_field_of_exactly_128_kib_is_accepted() -> None:
    rows = cells(b"id,notes\n1," + b"n" * (128 * 1024) + b"\n")
    assert len(rows[0]["notes"]) == 128 * 1024


# -- row 37: NUL bytes ------------------------------------------------------------------------


def test_a_nul_byte_fails_the_file_with_its_record_and_byte() -> None:
    with pytest.raises(InvalidFile, match=r"record 3: the file contains a NUL byte \(at byte 13\)"):
        read(b"id,x\n1,ok\n2,a\x00b\n")


def test_utf16_text_is_caught_by_its_nul_bytes() -> None:
    with pytest.raises(InvalidFile, match="NUL byte"):
        read("id,x\n1,2\n".encode("utf-16-le"))


# -- row 38: the delimiter is declared, not sniffed -------------------------------------------


def test_a_semicolon_file_reads_when_its_delimiter_is_declared() -> None:
    data = b"id;latitude;longitude\n1;35,81;36,61\n"
    assert cells(data, CsvFormat(delimiter=";")) == [{"id": "1", "latitude": "35,81", "longitude": "36,61"}]


def test_a_semicolon_file_read_as_commas_fails_on_the_header_instead_of_being_guessed() -> None:
    with pytest.raises(InvalidFile, match=r"lacks required column.*declared delimiter"):
        CsvReader(io.BytesIO(b"id;latitude\n1;35.8\n"), CsvFormat(required=("id", "latitude")))


# -- checkpoints ------------------------------------------------------------------------------


def test_offsets_are_the_byte_ends_of_records_and_resuming_there_continues_exactly() -> None:
    data = 'id,note\n1,"a\nb"\n2,Ḥamā\n3,c\n4,d\n'.encode()
    everything = read(data)
    assert [row.offset for row in everything] == [
        data.index(b"2,"),
        data.index(b"3,"),
        data.index(b"4,"),
        len(data),
    ]
    checkpoint = Position(offset=everything[1].offset, records=everything[1].number)
    rest = list(CsvReader(io.BytesIO(data), CsvFormat(), resume=checkpoint))
    assert rest == everything[2:]


def test_resuming_inside_the_header_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot resume"):
        CsvReader(io.BytesIO(b"id,x\n1,2\n"), CsvFormat(), resume=Position(offset=2, records=1))


def test_a_text_stream_is_refused_so_bytes_can_be_hashed_and_counted() -> None:
    with pytest.raises(TypeError, match="binary mode"):
        CsvReader(io.StringIO("a,b\n"), CsvFormat())  # type: ignore[arg-type]
