"""What a dataset import asks of the record, a batch at a time: which rows are already held,
which version of an event is current, and the marks of withdrawn events.

Every query takes a whole batch of ids, so an import costs a few statements per batch rather
than several per row. A withdrawn event is stamped `deleted_at`, never erased.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, bindparam, select, update

from ceasefire.domain.incidents import Incident
from ceasefire.storage import bulk, incidents_repo
from ceasefire.storage.incidents_repo import _row as incident_row
from ceasefire.storage.schema import claim_links, claims, incidents, reports

_CHUNK = 900  # under SQLite's default limit of bound parameters per statement
#: The connection type, for workflows that pass a transaction's connection through.
Conn = Connection


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """One stored report of an event: its id, the source's version stamp, hash and marks."""

    report_id: str
    version_stamp: str | None
    sha256: str
    supersedes: str | None
    deleted: bool


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def prepare_bulk(conn: Connection) -> None:
    """Give an SQLite connection a page cache that holds an import's indexes (256 MB, as
    needed): ids are hashes, so inserts land all over each index, and a small cache rereads
    the same pages from disk for every batch. A no-op on PostgreSQL."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA cache_size = -262144")


def existing_reports(conn: Connection, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(ids):
        found.update(conn.execute(select(reports.c.id).where(reports.c.id.in_(chunk))).scalars())
    return found


def versions(conn: Connection, source_id: str, external_ids: Sequence[str]) -> dict[str, list[StoredVersion]]:
    """Every stored report of these events, oldest link of each supersession chain first."""
    out: dict[str, list[StoredVersion]] = {}
    for chunk in _chunks(external_ids):
        rows = conn.execute(
            select(
                reports.c.id,
                reports.c.external_id,
                reports.c.version_stamp,
                reports.c.sha256,
                reports.c.supersedes,
                reports.c.deleted_at,
            )
            .where(reports.c.source_id == source_id, reports.c.external_id.in_(chunk))
            .order_by(reports.c.received_at, reports.c.id)
        )
        for r in rows:
            out.setdefault(r.external_id, []).append(
                StoredVersion(r.id, r.version_stamp, r.sha256, r.supersedes, r.deleted_at is not None)
            )
    return out


def claim_ids(conn: Connection, report_ids: Sequence[str]) -> dict[str, list[str]]:
    """report id -> the ids of its claims, in id order."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(report_ids):
        query = select(claims.c.report_id, claims.c.id).where(claims.c.report_id.in_(chunk)).order_by(claims.c.id)
        for r in conn.execute(query):
            out.setdefault(r.report_id, []).append(r.id)
    return out


def incidents_by_id(conn: Connection, ids: Sequence[str]) -> dict[str, Incident]:
    out: dict[str, Incident] = {}
    for chunk in _chunks(ids):
        out.update((i.id, i) for i in incidents_repo.load_incidents(conn, ids=chunk))
    return out


def deleted_incidents(conn: Connection, ids: Sequence[str]) -> dict[str, datetime]:
    out: dict[str, datetime] = {}
    for chunk in _chunks(ids):
        rows = conn.execute(
            select(incidents.c.id, incidents.c.deleted_at).where(
                incidents.c.id.in_(chunk), incidents.c.deleted_at.is_not(None)
            )
        )
        out.update({r.id: r.deleted_at for r in rows})
    return out


def mark_reports_deleted(conn: Connection, stamps: Mapping[str, datetime]) -> None:
    """Stamp reports withdrawn by their source; a report already stamped keeps its first stamp."""
    if stamps:
        conn.execute(
            update(reports)
            .where(reports.c.id == bindparam("rid"), reports.c.deleted_at.is_(None))
            .values(deleted_at=bindparam("at")),
            [{"rid": k, "at": v} for k, v in stamps.items()],
        )


def mark_incidents_deleted(conn: Connection, stamps: Mapping[str, datetime]) -> None:
    if stamps:
        conn.execute(
            update(incidents)
            .where(incidents.c.id == bindparam("iid"), incidents.c.deleted_at.is_(None))
            .values(deleted_at=bindparam("at")),
            [{"iid": k, "at": v} for k, v in stamps.items()],
        )


def close_links(conn: Connection, claim_ids: Sequence[str], *, cause: str, at: datetime) -> None:
    """End the current links of claims whose report was superseded by a revision."""
    for chunk in _chunks(claim_ids):
        conn.execute(
            update(claim_links)
            .where(claim_links.c.claim_id.in_(chunk), claim_links.c.unlinked_at.is_(None))
            .values(unlinked_at=at, unlink_cause=cause)
        )


def link_new_claims(conn: Connection, links: Mapping[str, str], *, cause: str, actor: str, at: datetime) -> None:
    """Pinned links (claim id -> incident id) of claims created in this transaction, in claim
    id order as `claim_links_repo.relink` writes them. A new claim has no current link to
    close, so this only inserts, in bulk, sparing relink's lookup of every claim."""
    rows = [
        {"claim_id": c, "incident_id": links[c], "linked_at": at, "cause": cause, "actor": actor, "pinned": True}
        for c in sorted(links)
    ]
    bulk.insert_many(conn, claim_links, rows)


def insert_incidents(conn: Connection, items: Sequence[Incident], import_id: int) -> None:
    """New dataset incidents, rows as `incidents_repo` builds them, in one bulk insert."""
    now = datetime.now(UTC)
    bulk.insert_many(conn, incidents, [incident_row(i, import_id, now) for i in items])


def import_rows(conn: Connection, import_id: int) -> list[tuple[str, str]]:
    """(report id, report sha256) of every report an import stored, in id order."""
    rows = conn.execute(
        select(reports.c.id, reports.c.sha256).where(reports.c.import_id == import_id).order_by(reports.c.id)
    )
    return [(r.id, r.sha256) for r in rows]
