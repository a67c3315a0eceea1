"""Intake, first step: strict, streaming CSV records from the bytes of an import file.

Every dataset adapter (ACLED, UCDP, GDELT, Ushahidi) reads through `CsvReader`, so the rules of
BAD_INPUTS §4.4 hold for all of them in one place:

- the file is read from a *binary* stream one physical line at a time, never whole, so the
  caller can hash the bytes as they pass and checkpoint on the byte offset each record ends at;
- bytes are decoded strictly (UTF-8 unless another ASCII-compatible encoding is declared); a
  UTF-8 BOM is dropped; bad bytes stop the file with "declare encoding" and the record number;
- quoting is RFC 4180 (`"` doubled inside quoted fields, newlines allowed in them), parsed by
  the `csv` module in strict mode; errors count *records*, not lines;
- the delimiter is declared, never sniffed; a headerless file (GDELT) declares its columns;
- NUL bytes, a field over 128 KiB and a line over `max_line_bytes` stop the file with a clear
  error; a ragged record (too few or too many fields) is yielded as `RaggedRecord` so the
  caller can reject that row alone; duplicate or missing required headers stop the file
  before any row is read;
- cells are returned exactly as written: `=SUM(A1)` or `@cmd` are data (formula escaping is an
  export concern).

Record numbers count CSV records from 1 with the header included, so they match the row
number a spreadsheet shows for the same record even when fields span several lines.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ceasefire.errors import InvalidInput

#: The largest field accepted (characters). The `csv` module's own default limit, stated here
#: so that the check does not depend on a process-wide setting another caller may change.
FIELD_LIMIT = 128 * 1024
#: The longest physical line read; longer ones are refused before decoding, so a file without
#: newlines cannot make the reader hold gigabytes.
MAX_LINE_BYTES = 4 * 1024 * 1024

_BOM = codecs.BOM_UTF8
_NUL = b"\x00"


class InvalidFile(InvalidInput):
    """A file that cannot be imported at all: wrong encoding, broken quoting, missing headers.

    `record` is the CSV record at fault (header = 1) and `offset` the byte offset at which the
    reader stopped, so the quarantine entry and the user's message point at the same place.
    """

    code = "invalid_file"

    def __init__(self, message: str, *, record: int | None = None, offset: int | None = None) -> None:
        super().__init__(message, pointer=f"record {record}" if record is not None else None)
        self.record = record
        self.offset = offset


@dataclass(frozen=True, slots=True)
class CsvFormat:
    """How a file is declared to be written. Nothing is guessed: a wrong declaration fails.

    `columns` makes the file headerless (GDELT); otherwise the first record is the header and
    must contain every name in `required`. `quoting=False` reads quote characters as data, for
    tab-separated exports that never quote (GDELT).
    """

    delimiter: str = ","
    encoding: str = "utf-8"
    columns: tuple[str, ...] | None = None
    required: tuple[str, ...] = ()
    quoting: bool = True
    field_limit: int = FIELD_LIMIT
    max_line_bytes: int = MAX_LINE_BYTES

    def __post_init__(self) -> None:
        if len(self.delimiter) != 1 or self.delimiter in '"\r\n':
            raise ValueError(f"delimiter must be one character other than a quote or newline, got {self.delimiter!r}")
        try:
            codec = codecs.lookup(self.encoding)
        except LookupError:
            raise ValueError(f"unknown encoding {self.encoding!r}") from None
        if "a,\n".encode(codec.name) != b"a,\n":
            raise ValueError(f"encoding {self.encoding!r} is not ASCII-compatible; convert the file to UTF-8 first")
        if self.columns is not None:
            _check_header(self.columns, self.required, record=None)

    @property
    def codec(self) -> str:
        """The codec's canonical name; 'utf-8-sig' reads as UTF-8 since the BOM is always dropped."""
        name = codecs.lookup(self.encoding).name
        return "utf-8" if name == "utf-8-sig" else name


@dataclass(frozen=True, slots=True)
class Position:
    """Where a reader stands: the byte offset after the last record and how many records
    (header included) lie before it. A checkpoint stores this and `CsvReader` resumes from it."""

    offset: int
    records: int


@dataclass(frozen=True, slots=True)
class Record:
    """One well-formed record: cells by column name, and the byte offset just past it."""

    number: int
    cells: dict[str, str]
    offset: int


@dataclass(frozen=True, slots=True)
class RaggedRecord:
    """A record with the wrong number of fields; rejected on its own, the file goes on."""

    number: int
    cells: tuple[str, ...]
    expected: int
    offset: int

    @property
    def reason(self) -> str:
        if not self.cells:
            return f"record {self.number} is blank (no fields); expected {self.expected}"
        return f"record {self.number} has {len(self.cells)} fields, the header has {self.expected}"


class CsvReader:
    """Iterate the records of one file. The header (or declared columns) is checked on
    construction, so a file with a bad header fails before any row reaches the caller.

    >>> import io
    >>> reader = CsvReader(io.BytesIO(b'id,note\\n1,"two\\nlines"\\n'), CsvFormat(required=("id",)))
    >>> [(r.number, r.cells["note"], r.offset) for r in reader]
    [(2, 'two\\nlines', 22)]
    """

    def __init__(self, stream: BinaryIO, fmt: CsvFormat, *, resume: Position | None = None) -> None:
        if isinstance(stream, io.TextIOBase):
            raise TypeError("CsvReader reads bytes: open the file in binary mode ('rb')")
        self._stream = stream
        self._fmt = fmt
        self._codec = fmt.codec
        self._offset = 0
        self._records = 0
        self._csv = self._new_csv()
        if fmt.columns is None:
            self.header = self._read_header()
        else:
            self.header = fmt.columns
        if resume is not None:
            self._resume(resume)

    @property
    def position(self) -> Position:
        """The position after the last record read (the header counts as one)."""
        return Position(self._offset, self._records)

    def __iter__(self) -> Iterator[Record | RaggedRecord]:
        names = self.header
        width = len(names)
        limit = self._fmt.field_limit
        while True:
            cells = self._next_cells()
            if cells is None:
                return
            self._records += 1
            if len(cells) != width:
                yield RaggedRecord(self._records, tuple(cells), width, self._offset)
                continue
            if cells and max(map(len, cells)) > limit:
                raise self._too_large(limit, self._records)
            yield Record(self._records, dict(zip(names, cells, strict=True)), self._offset)

    # -- internals -------------------------------------------------------------------------

    def _new_csv(self) -> Iterator[list[str]]:
        delimiter = self._fmt.delimiter
        if self._fmt.quoting:
            return csv.reader(self._lines(), delimiter=delimiter, quotechar='"', doublequote=True, strict=True)
        return csv.reader(self._lines(), delimiter=delimiter, quoting=csv.QUOTE_NONE, strict=True)

    def _lines(self) -> Iterator[str]:
        """Decoded physical lines with their line endings, counting bytes as they pass.

        Splitting bytes at b"\\n" before decoding is safe for UTF-8 and every other
        ASCII-compatible encoding: no multi-byte sequence contains that byte.
        """
        read = self._stream.readline
        limit = self._fmt.max_line_bytes
        codec = self._codec
        while True:
            raw = read(limit + 1)
            if not raw:
                return
            if len(raw) > limit:
                raise InvalidFile(
                    f"record {self._records + 1}: a line is longer than {limit} bytes; "
                    "this is not a delimited text file, or the delimiter or line ending is wrong",
                    record=self._records + 1,
                    offset=self._offset,
                )
            start = self._offset
            self._offset += len(raw)
            if start == 0 and raw.startswith(_BOM) and codec == "utf-8":
                raw = raw[len(_BOM) :]
            if _NUL in raw:
                raise InvalidFile(
                    f"record {self._records + 1}: the file contains a NUL byte (at byte {start + raw.index(_NUL)}); "
                    "it is binary or UTF-16, not a delimited text file",
                    record=self._records + 1,
                    offset=start,
                )
            try:
                yield raw.decode(codec)
            except UnicodeDecodeError as error:
                raise InvalidFile(
                    f"record {self._records + 1}: byte {start + error.start} is not valid {codec} "
                    f"({raw[error.start : error.start + 4]!r}); declare encoding (e.g. windows-1256 or latin-1) "
                    "or convert the file to UTF-8",
                    record=self._records + 1,
                    offset=start,
                ) from None

    def _next_cells(self) -> list[str] | None:
        try:
            return next(self._csv)
        except StopIteration:
            return None
        except csv.Error as error:
            message = str(error)
            if "field larger than field limit" in message:
                raise self._too_large(self._fmt.field_limit, self._records + 1) from None
            raise InvalidFile(
                f"record {self._records + 1}: malformed CSV ({message}); quotes must follow RFC 4180",
                record=self._records + 1,
                offset=self._offset,
            ) from None

    def _too_large(self, limit: int, number: int) -> InvalidFile:
        return InvalidFile(
            f"record {number}: a field is longer than {limit} characters (the limit is {limit // 1024} KiB)",
            record=number,
            offset=self._offset,
        )

    def _read_header(self) -> tuple[str, ...]:
        cells = self._next_cells()
        if cells is None:
            raise InvalidFile("the file is empty: a header record is required", record=1, offset=0)
        self._records = 1
        header = tuple(cells)
        _check_header(header, self._fmt.required, record=1)
        return header

    def _resume(self, at: Position) -> None:
        """Continue after a checkpoint: the header was re-read and checked above, now jump."""
        if at.offset < self._offset or at.records < self._records:
            raise ValueError(f"cannot resume at {at}: the header alone ends at byte {self._offset}")
        if not self._stream.seekable():
            raise ValueError("resuming needs a seekable stream")
        self._stream.seek(at.offset)
        self._offset = at.offset
        self._records = at.records
        self._csv = self._new_csv()


def _check_header(header: tuple[str, ...], required: tuple[str, ...], *, record: int | None) -> None:
    """Duplicate names would make one column shadow another; missing ones make every row fail."""
    seen: set[str] = set()
    duplicates: set[str] = set()
    for name in header:
        (duplicates if name in seen else seen).add(name)
    if duplicates:
        raise InvalidFile(f"the header names {', '.join(map(repr, sorted(duplicates)))} more than once", record=record)
    missing = [name for name in required if name not in seen]
    if missing:
        shown = ", ".join(map(repr, header[:8])) + (", ..." if len(header) > 8 else "")
        raise InvalidFile(
            f"the header lacks required column(s) {', '.join(map(repr, missing))}; found {shown}. "
            "Is this the right kind of file, with the declared delimiter?",
            record=record,
        )
