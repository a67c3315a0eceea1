"""Intake: what a dataset adapter yields for each record, before storage sees any of it.

Every adapter (`acled`, `ucdp`, `gdelt`, `ushahidi`) is a generator over one file that yields,
in file order, exactly one item per record:

- `ParsedRow`: the record became a `Report` (the row as received) and its `Claim`s;
- `RejectedRow`: the record is refused, with the reason naming the field and the value, and
  the raw cells, for the quarantine;
- `SkippedRow`: the record is valid but out of scope (a GDELT diplomatic event); counted only;
- `DeletionRow`: a dataset's notice that it withdrew an event (ACLED's deleted-events list).

Each item carries `record` (CSV record number, header = 1) and `offset` (byte offset just past
the record), so the caller can checkpoint after any item and resume with `Position(offset,
record)`. Problems with the file as a whole raise `InvalidFile` instead.

Ids are derived, never drawn: a report's id hashes (source id, external id, version), and when
the source has no version stamp (UCDP, GDELT, Ushahidi) the row's own hash takes its place.
Importing the same file twice therefore yields the same ids, and a changed row a new one.
"""

from __future__ import annotations

import hashlib
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from json.encoder import encode_basestring

from ceasefire.domain.reports import Claim, Report, Source
from ceasefire.domain.statuses import SourceKind
from ceasefire.intake.csv_reading import RaggedRecord, Record

#: Flags a `ParsedRow` may carry: facts about the row the record keeps, none fatal.
FLAG_DEFAULT_DATE = "default-date"  # 1900-01-01 or 1970-01-01: probably a placeholder (BAD_INPUTS 27)
FLAG_LOCATION_UNKNOWN = "location-unknown"  # imported with location_unknown=True (BAD_INPUTS 20)


@dataclass(frozen=True, slots=True)
class ParsedRow:
    """One record turned into a report and its claims.

    `version` is the source's own revision stamp where it has one (ACLED `timestamp`,
    Ushahidi "Updated (UTC)", Unix seconds): for the same `external_id` a larger version
    supersedes a smaller one; without one, a different `report.sha256` is a different version.
    `deleted` is set when the row itself says the event is withdrawn (an archived Ushahidi
    post); ACLED's deletions arrive separately as `DeletionRow`s.
    """

    record: int
    offset: int
    source: Source
    external_id: str
    version: int | None
    report: Report
    claims: tuple[Claim, ...]
    deleted: bool = False
    flags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RejectedRow:
    """A record refused on its own; the file goes on. `reason` names the field and the value."""

    record: int
    offset: int
    reason: str
    raw: dict[str, str] | tuple[str, ...]
    field: str | None = None
    value: str | None = None


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A valid record outside the product's scope (not violence, not in the country): counted."""

    record: int
    offset: int
    reason: str


@dataclass(frozen=True, slots=True)
class DeletionRow:
    """A dataset's notice that an event was withdrawn at `deleted_at`; the record keeps the
    event and marks it deleted, never erases it."""

    record: int
    offset: int
    source: Source
    external_id: str
    deleted_at: datetime


Row = ParsedRow | RejectedRow | SkippedRow


@dataclass(frozen=True, slots=True)
class RowContext:
    """What every row of one import shares: the source, the arrival time, the day the import
    runs (for the future-date check), and the row hasher built from the file's header."""

    source: Source
    received_at: datetime
    today: date
    hash_row: Callable[[dict[str, str]], str]

    @classmethod
    def start(
        cls, source_name: str, header: Sequence[str], *, received_at: datetime | None, today: date | None
    ) -> RowContext:
        """The context of an import beginning now (or at the given times, for reproducible tests)."""
        now = datetime.now(UTC)
        return cls(dataset_source(source_name), received_at or now, today or now.date(), RowHasher(header))


class CellError(Exception):
    """One cell failed validation; adapters turn it into a `RejectedRow`."""

    def __init__(self, field: str, value: str, reason: str) -> None:
        super().__init__(f"{field} {value!r}: {reason}")
        self.field = field
        self.value = value
        self.reason = reason


def reject(record: int, offset: int, raw: dict[str, str] | tuple[str, ...], error: CellError) -> RejectedRow:
    return RejectedRow(record, offset, str(error), raw, error.field, error.value)


def rows_of(
    reader: Iterable[Record | RaggedRecord],
    event: Callable[[Record], Row],
    *,
    countries: frozenset[str] = frozenset(),
) -> Iterator[Row]:
    """The rows of a one-event-per-record dataset: ragged records rejected, other countries'
    events skipped (counted, not quarantined), each record's cell errors turned into a rejection."""
    for item in reader:
        if isinstance(item, RaggedRecord):
            yield RejectedRow(item.number, item.offset, item.reason, item.cells)
            continue
        if countries and item.cells.get("country") not in countries:
            yield SkippedRow(item.number, item.offset, f"country {item.cells.get('country')!r} is not imported")
            continue
        try:
            yield event(item)
        except CellError as error:
            yield reject(item.number, item.offset, item.cells, error)


_SLUG = re.compile(r"[^a-z0-9]+")


def dataset_source(name: str, *, reliability: str | None = None) -> Source:
    """The `Source` for a dataset named `name` ("ACLED", "Ushahidi: Syria Tracker").

    The id is a slug of the name, so two Ushahidi deployments are two sources and their post
    ids cannot collide.
    """
    slug = _SLUG.sub("-", name.casefold()).strip("-")
    if not slug:
        raise ValueError(f"a dataset source needs a name with letters or digits, got {name!r}")
    return Source(id=f"dataset:{slug}"[:64], name=name, kind=SourceKind.DATASET, reliability=reliability)


def row_sha256(row: dict[str, str] | tuple[str, ...]) -> str:
    """SHA-256 of the row's canonical JSON (keys sorted, UTF-8, no spaces).

    Hashing the parsed cells rather than the raw bytes makes the hash independent of quoting
    and line endings, which an export tool may change without changing a single value.
    """
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class RowHasher:
    """`row_sha256` for the many rows of one file, about three times faster.

    The column names are encoded once and each value through the same C string encoder
    `json.dumps` uses, so the result is byte-identical to `row_sha256` of the same dict.
    """

    def __init__(self, columns: Sequence[str]) -> None:
        order = sorted(columns)
        self._values = operator.itemgetter(*order) if len(order) > 1 else None
        self._order = order
        self._prefixes = [encode_basestring(name) + ":" for name in order]

    def __call__(self, row: dict[str, str]) -> str:
        if self._values is None:
            return row_sha256(row)
        values = self._values(row)
        body = ",".join(map(operator.add, self._prefixes, map(encode_basestring, values)))
        return hashlib.sha256(("{" + body + "}").encode()).hexdigest()


def report_id(source: Source, external_id: str, version: int | None, sha256: str) -> str:
    """A report id that is the same on every import of the same row (BAD_INPUTS row 39)."""
    stamp = str(version) if version is not None else sha256
    digest = hashlib.sha256(f"{source.id}\x1f{external_id}\x1f{stamp}".encode()).hexdigest()
    return f"rpt-{digest[:40]}"


def claim_id(report: str, index: int) -> str:
    """The n-th claim of a report; stable because the adapter emits claims in a fixed order."""
    return f"clm-{report[4:]}-{index}"
