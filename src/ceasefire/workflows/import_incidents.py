"""Importing the project's incident CSV: all or nothing, idempotent, every rejection quarantined."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ceasefire.domain.incidents import Incident
from ceasefire.errors import InvalidInput
from ceasefire.intake.incidents_csv import RowError, check_header, parse_row
from ceasefire.storage import imports_repo, incidents_repo, zones_repo
from ceasefire.storage.imports_repo import Rejection
from ceasefire.storage.record import Record
from ceasefire.workflows.assignment import assignments_for

KIND = "incidents-csv"


@dataclass
class ImportSummary:
    """What an import did, for the user and for the import log."""

    file_name: str
    sha256: str
    read: int = 0
    new: int = 0
    unchanged: int = 0
    rejected: int = 0
    import_id: int | None = None
    duplicate_of: int | None = None
    rejections: list[Rejection] = field(default_factory=list)


class ImportRejected(InvalidInput):
    """The file was refused whole; its rejections are in the quarantine."""

    code = "import_rejected"

    def __init__(self, message: str, summary: ImportSummary) -> None:
        super().__init__(message)
        self.summary = summary


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _records(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(record number, row) pairs; record numbers count records, not lines, from 1."""
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(text, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise InvalidInput(f"{path.name}: the file is empty; a header row is required")
            header = [h.strip() for h in header]
            check_header(header)
            for number, cells in enumerate(reader, start=1):
                if len(cells) != len(header):
                    yield (
                        number,
                        {
                            "__ragged__": f"{len(cells)} fields where the header has {len(header)}",
                            **dict(zip(header, cells, strict=False)),
                        },
                    )
                    continue
                yield number, dict(zip(header, cells, strict=True))
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"{path.name}: not UTF-8 (byte {exc.start} of a block); declare or convert the encoding"
            ) from None
        except csv.Error as exc:
            raise InvalidInput(f"{path.name}: CSV error near record {reader.line_num}: {exc}") from None


def _parse(path: Path, summary: ImportSummary) -> list[Incident]:
    incidents: list[Incident] = []
    seen: dict[str, int] = {}
    for number, row in _records(path):
        summary.read += 1
        ragged = row.pop("__ragged__", None)
        result: Incident | RowError = RowError("*", "", ragged) if ragged else parse_row(row)
        if isinstance(result, Incident) and result.id in seen:
            result = RowError("id", result.id, f"repeats the id of record {seen[result.id]}")
        if isinstance(result, RowError):
            summary.rejections.append(Rejection(number, f"record {number}: {result}", dict(row)))
            continue
        seen[result.id] = number
        incidents.append(result)
    return incidents


def _payload(inc: Incident) -> dict[str, Any]:
    return {
        "event_type": str(inc.event_type),
        "sub_event_type": inc.sub_event_type,
        "date": [inc.date.start, inc.date.end, str(inc.date.precision)],
        "place": [inc.place.name, inc.place.lon, inc.place.lat, str(inc.place.precision), inc.place.admin1],
        "perpetrator": [inc.perpetrator.name, str(inc.perpetrator.side)] if inc.perpetrator else None,
        "target": [inc.target.name, str(inc.target.side)] if inc.target else None,
        "fatalities": [inc.fatalities.low, inc.fatalities.best, inc.fatalities.high],
        "source": inc.source_name,
    }


def import_incidents_csv(record: Record, path: str | Path, *, actor: str | None = None) -> ImportSummary:
    """Import every row or none: a file with any bad row is refused whole and its bad rows
    quarantined with their reasons; re-importing the same bytes or the same ids adds nothing."""
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    summary = ImportSummary(path.name, _sha256(path))
    with record.reader() as conn:
        summary.duplicate_of = imports_repo.completed_import(conn, KIND, summary.sha256)
    if summary.duplicate_of is not None:
        return summary
    try:
        incidents = _parse(path, summary)
    except InvalidInput as exc:
        summary.rejections = [Rejection(None, exc.message, {})]
    summary.rejected = len(summary.rejections)
    if summary.rejections:
        _quarantine(record, summary, actor)
        first = "; ".join(r.reason for r in summary.rejections[:3])
        more = f" (and {summary.rejected - 3} more)" if summary.rejected > 3 else ""
        raise ImportRejected(f"{path.name}: file refused, nothing imported: {first}{more}", summary)
    _store(record, incidents, summary, actor)
    return summary


def _quarantine(record: Record, summary: ImportSummary, actor: str | None) -> None:
    with record.transaction(actor) as tx:
        summary.import_id = imports_repo.start_import(tx.conn, KIND, summary.file_name, summary.sha256)
        held = imports_repo.quarantine_rows(
            tx.conn,
            import_id=summary.import_id,
            kind=KIND,
            file_name=summary.file_name,
            file_sha256=summary.sha256,
            rejections=summary.rejections,
        )
        imports_repo.finish_import(
            tx.conn,
            summary.import_id,
            status="rejected",
            read=summary.read,
            new=0,
            unchanged=0,
            rejected=summary.rejected,
        )
        tx.audit(
            "import.rejected",
            "import",
            str(summary.import_id),
            {"file": summary.file_name, "sha256": summary.sha256, "rejected": summary.rejected, "quarantined": held},
        )


def _store(record: Record, incidents: list[Incident], summary: ImportSummary, actor: str | None) -> None:
    with record.transaction(actor) as tx:
        existing = incidents_repo.existing_ids(tx.conn, [i.id for i in incidents])
        stored = {i.id: i for i in incidents_repo.load_incidents(tx.conn, ids=existing)} if existing else {}
        conflicts = [i for i in incidents if i.id in stored and stored[i.id] != i]
        if conflicts:
            raise InvalidInput(
                f"{summary.file_name}: incident {conflicts[0].id!r} is already in the record with different content; "
                "the record is not rewritten by re-import"
            )
        fresh = [i for i in incidents if i.id not in existing]
        summary.unchanged = len(incidents) - len(fresh)
        summary.new = len(fresh)
        summary.import_id = imports_repo.start_import(tx.conn, KIND, summary.file_name, summary.sha256)
        incidents_repo.insert_incidents(tx.conn, fresh, summary.import_id)
        assignments = assignments_for(fresh, zones_repo.load_zones(tx.conn))
        incidents_repo.replace_assignments(tx.conn, assignments, cause=f"import #{summary.import_id}")
        for inc in fresh:
            a = assignments[inc.id]
            tx.audit(
                "incident.created",
                "incident",
                inc.id,
                {
                    **_payload(inc),
                    "import": summary.import_id,
                    "zones": [[x.zone_id, x.zone_version, str(x.relation), x.share] for x in a],
                },
            )
        imports_repo.finish_import(
            tx.conn,
            summary.import_id,
            status="completed",
            read=summary.read,
            new=summary.new,
            unchanged=summary.unchanged,
            rejected=0,
        )
        tx.audit(
            "import.completed",
            "import",
            str(summary.import_id),
            {"file": summary.file_name, "sha256": summary.sha256, "new": summary.new, "unchanged": summary.unchanged},
        )
