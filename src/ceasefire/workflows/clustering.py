"""Clustering stored claims into incidents, incrementally as claims arrive and in bulk.

Incremental: a new claim's connected part of the record (the claims it is transitively
compatible with, and the pinned groups they belong to) is re-clustered with the same pure
function `rebuild` runs over everything. Since clusters never cross those parts, both give
the same incidents whatever the order the claims arrived in. Only links that change are
written; each change, each created, revived or retired incident is audited in the same
transaction, and the incidents touched are refreshed (fields, zone, status, verdicts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from ceasefire.analysis.dedup import Cluster, Pinned, cluster, connected, incident_ids, unclusterable
from ceasefire.domain.reports import Claim
from ceasefire.storage import claim_links_repo, verdicts_repo
from ceasefire.storage.record import Record, Transaction
from ceasefire.workflows.assessment import Context
from ceasefire.workflows.incident_refresh import build, fresh_id, refresh


@dataclass
class ClusterSummary:
    """What a clustering run changed."""

    claims: int = 0
    incidents: int = 0
    created: list[str] = field(default_factory=list)
    revived: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    moved: int = 0
    skipped: list[str] = field(default_factory=list)


def _pinned(conn: Transaction, incident_ids_: Sequence[str] | None = None) -> list[Pinned]:
    groups = claim_links_repo.pinned_groups(conn.conn, incident_ids_)
    return [Pinned(i, frozenset(c)) for i, c in sorted(groups.items())]


def _span(claims: Sequence[Claim]) -> tuple[date, date]:
    dated = [c.date for c in claims if c.date is not None]
    return min(d.start for d in dated), max(d.end for d in dated)


def _component(tx: Transaction, seeds: Sequence[Claim]) -> tuple[list[Claim], list[Pinned]]:
    """The seeds' connected part of the record: grow a date window until it holds every claim
    compatible with one already in, and every claim pinned beside one already in."""
    pool: dict[str, Claim] = {c.id: c for c in seeds}
    window = _span(seeds)
    while True:
        pool.update((c.id, c) for c in claim_links_repo.incident_claims_overlapping(tx.conn, *window))
        links = claim_links_repo.current_links(tx.conn, sorted(pool))
        pinned = _pinned(tx, sorted({inc for inc, is_pinned in links.values() if is_pinned}))
        missing = sorted({c for p in pinned for c in p.claim_ids} - set(pool))
        pool.update((c.id, c) for c in claim_links_repo.claims_by_id(tx.conn, missing))
        part = connected(list(pool.values()), [c.id for c in seeds], pinned)
        members = [pool[c] for c in sorted(part)]
        grown = _span(members)
        if grown == window:
            keep = [p for p in pinned if p.claim_ids & part]
            return members, keep
        window = (min(window[0], grown[0]), max(window[1], grown[1]))


def apply_clusters(
    tx: Transaction, ctx: Context, clusters: Sequence[Cluster], claims: Sequence[Claim], *, cause: str
) -> ClusterSummary:
    """Make the record hold exactly these clusters for these claims: name them, move the
    claims whose incident changes, create, revive or retire incidents, refresh the rest."""
    by_id = {c.id: c for c in claims}
    ids = sorted(by_id)
    current = {c: inc for c, (inc, _) in claim_links_repo.current_links(tx.conn, ids).items()}
    used: set[str] = set()
    revive: set[str] = set()

    def new_id(c: Cluster) -> str:
        name, retired = fresh_id(tx.conn, c.claim_ids[0], used)
        if retired:
            revive.add(name)
        return name

    names = incident_ids(clusters, current, new_id)
    summary = ClusterSummary(claims=len(ids), incidents=len(clusters))
    existing = claim_links_repo.existing_incident_ids(tx.conn, sorted(set(names.values())))
    moves = {c: inc for members, inc in names.items() for c in members if current.get(c) != inc}
    for members, inc in sorted(names.items(), key=lambda kv: kv[1]):
        if inc not in existing:
            build(tx, ctx, inc, [by_id[c] for c in members], cause=cause)
            summary.created.append(inc)
    claim_links_repo.relink(tx.conn, moves, cause=cause, actor=tx.actor, pinned=False)
    summary.moved = len(moves)
    for inc in sorted(revive):
        claim_links_repo.revive(tx.conn, inc)
        tx.audit("incident.revived", "incident", inc, {"cause": cause})
        summary.revived.append(inc)
    touched: dict[str, dict[str, list[str]]] = {}
    for c, inc in sorted(moves.items()):
        touched.setdefault(inc, {"added": [], "removed": []})["added"].append(c)
        if c in current:
            touched.setdefault(current[c], {"added": [], "removed": []})["removed"].append(c)
    remaining = claim_links_repo.claims_of(tx.conn, sorted(touched))
    created = set(summary.created)
    for inc, change in sorted(touched.items()):
        if inc not in created:  # a created incident's claims are in its creation event
            tx.audit("incident.claims.changed", "incident", inc, {**change, "cause": cause})
        if not remaining.get(inc):
            held = sorted(c for c, was in current.items() if was == inc)
            claim_links_repo.retire(tx.conn, inc, claim_ids=held, cause=cause, actor=tx.actor, merged_into=None)
            closed = verdicts_repo.close_current(tx.conn, inc)
            tx.audit("incident.retired", "incident", inc, {"claims": held, "cause": cause, "verdicts_closed": closed})
            summary.retired.append(inc)
    refresh(tx, ctx, [i for i in touched if remaining.get(i)], cause=cause)
    return summary


def link_claims(tx: Transaction, claim_ids: Sequence[str], *, cause: str = "clustering") -> ClusterSummary:
    """Cluster newly stored claims into the record, inside the caller's transaction (the
    intake of a report calls this so that its claims and their incidents commit together)."""
    claims = claim_links_repo.claims_by_id(tx.conn, sorted(set(claim_ids)))
    skipped = [why for c in claims if (why := unclusterable(c)) is not None]
    seeds = [c for c in claims if unclusterable(c) is None]
    if not seeds:
        return ClusterSummary(skipped=skipped)
    members, pinned = _component(tx, seeds)
    summary = apply_clusters(tx, Context.load(tx.conn), cluster(members, pinned), members, cause=cause)
    summary.skipped = skipped
    return summary


def cluster_pending(record: Record, *, actor: str | None = None) -> ClusterSummary:
    """Link every incident claim that has no incident yet, one component at a time."""
    with record.transaction(actor) as tx:
        linked = claim_links_repo.current_links(tx.conn)
        pending = [c.id for c in claim_links_repo.all_incident_claims(tx.conn) if c.id not in linked]
        return link_claims(tx, pending)


def rebuild(record: Record, *, actor: str | None = None) -> ClusterSummary:
    """Re-cluster every incident claim in one transaction, keeping analysts' pinned groups."""
    with record.transaction(actor) as tx:
        claims = claim_links_repo.all_incident_claims(tx.conn)
        usable = [c for c in claims if unclusterable(c) is None]
        summary = apply_clusters(tx, Context.load(tx.conn), cluster(usable, _pinned(tx)), usable, cause="rebuild")
        summary.skipped = [why for c in claims if (why := unclusterable(c)) is not None]
        return summary
