"""Dataset kinds for the import workflow: which intake adapter reads which file, with which
options, and how a quarantined row is read again by the adapter as it is now.

The options an import ran with are stored with its checkpoint, so a resumed import and a
quarantine retry read rows exactly as the first run did, except for what the user changes on
purpose (a wider Ushahidi category mapping, say).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from typing import Any, BinaryIO

from ceasefire.domain.statuses import SUB_EVENT_TYPES, Confidentiality, EventType
from ceasefire.errors import InvalidInput
from ceasefire.intake import acled, gdelt, ucdp, ushahidi
from ceasefire.intake.csv_reading import Position
from ceasefire.intake.rows import DeletionRow, RejectedRow, Row

#: Every kind `ceasefire import` knows, with a line of help each.
KINDS: dict[str, str] = {
    "acled": "ACLED CSV export (event_id_cnty ... timestamp); newer timestamps are revisions",
    "acled-deletions": "ACLED's list of deleted events (event_id_cnty, deleted_timestamp)",
    "ucdp": "UCDP GED CSV (id, relid, year, type_of_violence, ...)",
    "gdelt": "GDELT 2.0 events export: tab-separated, no header, 61 columns",
    "ushahidi": "Ushahidi platform (v3+) or classic (v2) CSV export",
}

AnyRow = Row | DeletionRow


@dataclass(frozen=True)
class ImportOptions:
    """How to read one file. Only what the user declared; nothing is sniffed.

    `countries` filters regional files: ACLED/UCDP `country` names, GDELT FIPS codes (GDELT
    defaults to Syria, "SY"). `categories` adds Ushahidi category labels to the default
    mapping: label -> "Event type" or "Event type/Sub-event type" (ACLED's names).
    """

    source_name: str | None = None
    countries: tuple[str, ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8"
    categories: dict[str, str] = field(default_factory=dict)
    location_unknown: bool = False
    confidentiality: str = str(Confidentiality.CENTRE)
    local_zone: str = "Asia/Damascus"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["countries"] = list(self.countries)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ImportOptions:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if "countries" in known:
            known["countries"] = tuple(known["countries"])
        return cls(**known)


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise InvalidInput(f"unknown import kind {kind!r}; known: {', '.join(KINDS)}")
    return kind


def category_mapping(extra: Mapping[str, str]) -> dict[str, ushahidi.EventKind]:
    """The default Ushahidi mapping widened by `extra`; every target must be an ACLED type/sub-type.

    >>> kind, sub = category_mapping({"Tanks": "Explosions/Remote violence/Shelling/artillery/missile attack"})["tanks"]
    >>> kind.value, sub
    ('Explosions/Remote violence', 'Shelling/artillery/missile attack')
    """
    mapping = dict(ushahidi.DEFAULT_CATEGORIES)
    by_length = sorted(EventType, key=lambda t: -len(t.value))  # type names contain "/" themselves
    for label, target in extra.items():
        text = target.strip()
        kind = next((t for t in by_length if text.casefold().startswith(t.value.casefold())), None)
        if kind is None:
            raise InvalidInput(f"category {label!r}: {target!r} does not start with an ACLED event type")
        rest = text[len(kind.value) :].strip()
        sub: str | None = None
        if rest:
            wanted = rest.removeprefix("/").strip().casefold()
            found = [s for s in SUB_EVENT_TYPES[kind] if s.casefold() == wanted]
            if not rest.startswith("/") or not found:
                raise InvalidInput(f"category {label!r}: {rest!r} is not a sub-event type of {kind.value!r}")
            sub = found[0]
        mapping[label.strip().casefold()] = (kind, sub)
    return mapping


def parse(
    kind: str,
    stream: BinaryIO,
    options: ImportOptions,
    *,
    resume: Position | None = None,
    received_at: datetime | None = None,
    today: date | None = None,
) -> Iterator[AnyRow]:
    """The adapter's rows for `kind`; raises `InvalidFile` when the file itself is unreadable."""
    name = options.source_name
    countries = frozenset(options.countries)
    if kind == "acled":
        return acled.parse(
            stream,
            source_name=name or "ACLED",
            received_at=received_at,
            resume=resume,
            delimiter=options.delimiter,
            encoding=options.encoding,
            countries=countries,
            today=today,
        )
    if kind == "acled-deletions":
        return acled.parse_deletions(stream, source_name=name or "ACLED", resume=resume)
    if kind == "ucdp":
        return ucdp.parse(
            stream,
            source_name=name or "UCDP GED",
            received_at=received_at,
            resume=resume,
            delimiter=options.delimiter,
            encoding=options.encoding,
            countries=countries,
            today=today,
        )
    if kind == "gdelt":
        return gdelt.parse(
            stream,
            source_name=name or "GDELT",
            countries=countries or frozenset({"SY"}),
            received_at=received_at,
            resume=resume,
            today=today,
        )
    if kind == "ushahidi":
        return ushahidi.parse(
            stream,
            source_name=name or "Ushahidi",
            categories=category_mapping(options.categories),
            location_unknown=options.location_unknown,
            confidentiality=Confidentiality(options.confidentiality),
            local_zone=options.local_zone,
            received_at=received_at,
            resume=resume,
            delimiter=options.delimiter,
            encoding=options.encoding,
            today=today,
        )
    raise InvalidInput(f"unknown import kind {kind!r}; known: {', '.join(KINDS)}")


def reread(kind: str, raw: Mapping[str, str] | list[str], options: ImportOptions, record: int) -> AnyRow | None:
    """Read one quarantined row again: rebuild a one-record file from its cells and parse it.

    The result carries the row's original record number. A ragged row (stored as a list of
    cells) has no header to rebuild and comes back rejected as it was.
    """
    if not isinstance(raw, Mapping):
        return RejectedRow(record, 0, f"record {record} has {len(raw)} fields, not the header's", tuple(raw))
    header, values = list(raw), [str(v) for v in raw.values()]
    buffer = io.StringIO()
    if kind == "gdelt":
        buffer.write("\t".join(values) + "\n")
    else:
        writer = csv.writer(buffer, delimiter=options.delimiter, lineterminator="\n")
        writer.writerow(header)
        writer.writerow(values)
    utf8 = ImportOptions.from_json({**options.to_json(), "encoding": "utf-8"})
    rows = list(parse(kind, io.BytesIO(buffer.getvalue().encode()), utf8))
    if not rows:
        return None
    return _renumbered(rows[0], record)


def _renumbered(row: AnyRow, record: int) -> AnyRow:
    """The same row with its record number in the original file."""
    return replace(row, record=record)
