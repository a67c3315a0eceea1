"""Stored links from claims to incidents, with their history, and retired incidents.

A link is never deleted: moving a claim closes its current link (`unlinked_at`) and opens a
new one, each with its cause and actor, so every incident's past composition can be read
back. An incident left without claims (merged into another, emptied by re-clustering) is
retired, not deleted, with the claims it held, so that a split can revive it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeAlias

from sqlalchemy import Connection, and_, insert, select, update

from ceasefire.domain.incidents import Incident
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ClaimKind
from ceasefire.storage.reports_repo import to_claim
from ceasefire.storage.schema import claim_links, claims, incident_retirements, incidents, sources

_BATCH = 2000

#: The handle repositories take; workflows annotate with it without importing SQL themselves.
Conn: TypeAlias = Connection


@dataclass(frozen=True)
class StoredLink:
    """One row of a claim's link history."""

    claim_id: str
    incident_id: str
    linked_at: datetime
    unlinked_at: datetime | None
    cause: str
    actor: str
    pinned: bool
    unlink_cause: str | None


def _chunks(ids: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(ids), _BATCH):
        yield list(ids[i : i + _BATCH])


def current_links(conn: Connection, claim_ids: Sequence[str] | None = None) -> dict[str, tuple[str, bool]]:
    """claim id -> (incident id, pinned) for the current links (of these claims, or all)."""
    base = select(claim_links.c.claim_id, claim_links.c.incident_id, claim_links.c.pinned).where(
        claim_links.c.unlinked_at.is_(None)
    )
    if claim_ids is None:
        return {r.claim_id: (r.incident_id, r.pinned) for r in conn.execute(base)}
    out: dict[str, tuple[str, bool]] = {}
    for chunk in _chunks(claim_ids):
        out.update(
            {r.claim_id: (r.incident_id, r.pinned) for r in conn.execute(base.where(claim_links.c.claim_id.in_(chunk)))}
        )
    return out


def claims_of(conn: Connection, incident_ids: Sequence[str]) -> dict[str, list[str]]:
    """incident id -> its current claim ids (sorted)."""
    out: dict[str, list[str]] = {}
    for chunk in _chunks(incident_ids):
        rows = conn.execute(
            select(claim_links.c.incident_id, claim_links.c.claim_id)
            .where(claim_links.c.unlinked_at.is_(None), claim_links.c.incident_id.in_(chunk))
            .order_by(claim_links.c.claim_id)
        )
        for r in rows:
            out.setdefault(r.incident_id, []).append(r.claim_id)
    return out


def pinned_groups(conn: Connection, incident_ids: Sequence[str] | None = None) -> dict[str, set[str]]:
    """incident id -> the claims an analyst pinned to it (current links only)."""
    query = select(claim_links.c.incident_id, claim_links.c.claim_id).where(
        claim_links.c.unlinked_at.is_(None), claim_links.c.pinned.is_(True)
    )
    if incident_ids is not None:
        query = query.where(claim_links.c.incident_id.in_(list(incident_ids)))
    out: dict[str, set[str]] = {}
    for r in conn.execute(query):
        out.setdefault(r.incident_id, set()).add(r.claim_id)
    return out


def relink(
    conn: Connection, moves: Mapping[str, str], *, cause: str, actor: str, pinned: bool, now: datetime | None = None
) -> None:
    """Close the current link of each claim in `moves` and link it to its new incident."""
    if not moves:
        return
    now = now or datetime.now(UTC)
    for chunk in _chunks(sorted(moves)):
        conn.execute(
            update(claim_links)
            .where(claim_links.c.claim_id.in_(chunk), claim_links.c.unlinked_at.is_(None))
            .values(unlinked_at=now, unlink_cause=cause)
        )
    rows = [
        {"claim_id": c, "incident_id": moves[c], "linked_at": now, "cause": cause, "actor": actor, "pinned": pinned}
        for c in sorted(moves)
    ]
    for i in range(0, len(rows), _BATCH):
        conn.execute(insert(claim_links), rows[i : i + _BATCH])


def link_history(conn: Connection, incident_id: str) -> list[StoredLink]:
    """Every link that ever pointed at the incident, oldest first."""
    rows = conn.execute(select(claim_links).where(claim_links.c.incident_id == incident_id).order_by(claim_links.c.id))
    return [
        StoredLink(r.claim_id, r.incident_id, r.linked_at, r.unlinked_at, r.cause, r.actor, r.pinned, r.unlink_cause)
        for r in rows
    ]


def incident_claims_overlapping(conn: Connection, start: date, end: date) -> list[Claim]:
    """Incident claims whose date interval overlaps [start, end]."""
    query = (
        select(claims)
        .where(claims.c.kind == str(ClaimKind.INCIDENT), claims.c.date_start <= end, claims.c.date_end >= start)
        .order_by(claims.c.id)
    )
    return [to_claim(r) for r in conn.execute(query)]


def claims_by_id(conn: Connection, claim_ids: Sequence[str]) -> list[Claim]:
    out: list[Claim] = []
    for chunk in _chunks(claim_ids):
        out.extend(to_claim(r) for r in conn.execute(select(claims).where(claims.c.id.in_(chunk))))
    return sorted(out, key=lambda c: c.id)


def all_incident_claims(conn: Connection) -> list[Claim]:
    query = select(claims).where(claims.c.kind == str(ClaimKind.INCIDENT)).order_by(claims.c.id)
    return [to_claim(r) for r in conn.execute(query)]


def source_names(conn: Connection, source_ids: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(source_ids):
        out.update(
            {r.id: r.name for r in conn.execute(select(sources.c.id, sources.c.name).where(sources.c.id.in_(chunk)))}
        )
    return out


def update_incident(conn: Connection, inc: Incident) -> None:
    """Rewrite an incident's claim-derived fields (the links and the audit log keep the past)."""
    conn.execute(
        update(incidents)
        .where(incidents.c.id == inc.id)
        .values(
            event_type=str(inc.event_type),
            sub_event_type=inc.sub_event_type,
            date_start=inc.date.start,
            date_end=inc.date.end,
            date_precision=str(inc.date.precision),
            place_name=inc.place.name,
            lon=inc.place.lon,
            lat=inc.place.lat,
            geo_precision=str(inc.place.precision),
            admin1=inc.place.admin1,
            perpetrator_name=inc.perpetrator.name if inc.perpetrator else None,
            perpetrator_side=str(inc.perpetrator.side) if inc.perpetrator else None,
            target_name=inc.target.name if inc.target else None,
            target_side=str(inc.target.side) if inc.target else None,
            fatalities_low=inc.fatalities.low,
            fatalities_best=inc.fatalities.best,
            fatalities_high=inc.fatalities.high,
            source_name=inc.source_name,
            source_url=inc.source_url,
            notes=inc.notes,
        )
    )


def retire(
    conn: Connection, incident_id: str, *, claim_ids: Sequence[str], cause: str, actor: str, merged_into: str | None
) -> None:
    conn.execute(
        insert(incident_retirements).values(
            incident_id=incident_id,
            merged_into=merged_into,
            claim_ids=sorted(claim_ids),
            cause=cause,
            actor=actor,
            retired_at=datetime.now(UTC),
        )
    )


def revive(conn: Connection, incident_id: str) -> None:
    conn.execute(
        update(incident_retirements)
        .where(incident_retirements.c.incident_id == incident_id, incident_retirements.c.revived_at.is_(None))
        .values(revived_at=datetime.now(UTC))
    )


def retired_ids(conn: Connection) -> set[str]:
    query = select(incident_retirements.c.incident_id).where(incident_retirements.c.revived_at.is_(None))
    return set(conn.execute(query).scalars())


def retired_into(conn: Connection, incident_id: str) -> list[dict[str, Any]]:
    """The incidents merged into `incident_id` and still retired, newest first, with the claims
    each held: a split that takes exactly those claims revives that incident."""
    rows = conn.execute(
        select(incident_retirements)
        .where(and_(incident_retirements.c.merged_into == incident_id, incident_retirements.c.revived_at.is_(None)))
        .order_by(incident_retirements.c.id.desc())
    )
    return [{"incident_id": r.incident_id, "claim_ids": list(r.claim_ids)} for r in rows]


def existing_incident_ids(conn: Connection, candidates: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(candidates):
        found.update(conn.execute(select(incidents.c.id).where(incidents.c.id.in_(chunk))).scalars())
    return found
