"""An analyst's corrections to clustering: merge two incidents, split claims off one.

Both only move links (no claim is ever deleted or changed), pin the claims involved so that
clustering keeps the analyst's decision, and are undone by each other: splitting off exactly
the claims a merge brought in revives the merged incident under its old id; merging a split
incident back restores one incident. Each is one audited transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ceasefire.analysis.verification import FINDINGS
from ceasefire.domain.incidents import Incident
from ceasefire.errors import Conflict, InvalidInput, NotFound
from ceasefire.storage import claim_links_repo, incidents_repo, verdicts_repo
from ceasefire.storage.record import Record, Transaction
from ceasefire.workflows.assessment import Context
from ceasefire.workflows.incident_refresh import build, fresh_id, refresh


@dataclass(frozen=True)
class CurationResult:
    """The incident kept (merge) or split, the other incident, and the claims moved."""

    incident_id: str
    other_id: str
    claims: tuple[str, ...]
    revived: bool = False


def _active(tx: Transaction, incident_id: str) -> tuple[Incident, list[str]]:
    found = incidents_repo.load_incidents(tx.conn, ids=[incident_id])
    if not found:
        raise NotFound(f"no incident {incident_id!r}")
    if incident_id in claim_links_repo.retired_ids(tx.conn):
        raise Conflict(
            f"incident {incident_id!r} is retired (merged or emptied); act on the incident that holds its claims"
        )
    claims = claim_links_repo.claims_of(tx.conn, [incident_id]).get(incident_id, [])
    if not claims:
        raise Conflict(f"incident {incident_id!r} has no claims (it was imported whole); it cannot be merged or split")
    return found[0], claims


def merge_incidents(
    record: Record, keep_id: str, other_id: str, *, note: str = "", actor: str | None = None
) -> CurationResult:
    """Move every claim of `other_id` to `keep_id` and retire `other_id`."""
    if keep_id == other_id:
        raise InvalidInput(f"cannot merge incident {keep_id!r} with itself")
    with record.transaction(actor) as tx:
        keep, keep_claims = _active(tx, keep_id)
        other, other_claims = _active(tx, other_id)
        if {keep.status, other.status} == FINDINGS:
            raise Conflict(
                f"{keep_id} is {keep.status} and {other_id} is {other.status}: settle the verification before merging"
            )
        cause = f"merge {other_id} into {keep_id}" + (f": {note}" if note else "")
        claim_links_repo.relink(
            tx.conn, dict.fromkeys(keep_claims + other_claims, keep_id), cause=cause, actor=tx.actor, pinned=True
        )
        claim_links_repo.retire(
            tx.conn, other_id, claim_ids=other_claims, cause=cause, actor=tx.actor, merged_into=keep_id
        )
        tx.audit("incident.merged", "incident", keep_id, {"merged": other_id, "claims": other_claims, "note": note})
        closed = verdicts_repo.close_current(tx.conn, other_id)
        tx.audit(
            "incident.retired",
            "incident",
            other_id,
            {"merged_into": keep_id, "claims": other_claims, "verdicts_closed": closed},
        )
        if other.status in FINDINGS and keep.status not in FINDINGS:
            verdicts_repo.set_status(
                tx.conn,
                keep_id,
                keep.status,
                other.status,
                method=None,
                note=f"finding carried over from merged incident {other_id}",
                automatic=False,
                actor=tx.actor,
            )
            tx.audit(
                "incident.status.changed",
                "incident",
                keep_id,
                {"from": str(keep.status), "to": str(other.status), "automatic": False, "cause": cause},
            )
        refresh(tx, Context.load(tx.conn), [keep_id], cause=cause)
    return CurationResult(keep_id, other_id, tuple(other_claims))


def split_incident(
    record: Record, incident_id: str, claim_ids: Sequence[str], *, note: str = "", actor: str | None = None
) -> CurationResult:
    """Move `claim_ids` off `incident_id` into an incident of their own: the one a merge
    retired when they are exactly its claims, else a new one."""
    wanted = sorted(set(claim_ids))
    if not wanted:
        raise InvalidInput("name the claims to split off (--claims C1,C2)")
    with record.transaction(actor) as tx:
        _, held = _active(tx, incident_id)
        stray = [c for c in wanted if c not in held]
        if stray:
            raise InvalidInput(
                f"claim(s) {', '.join(stray)} are not in incident {incident_id!r} (it holds {', '.join(held)})"
            )
        if len(wanted) == len(held):
            raise InvalidInput(f"splitting off every claim of {incident_id!r} would leave it empty; name fewer claims")
        ctx = Context.load(tx.conn)
        cause = f"split from {incident_id}" + (f": {note}" if note else "")
        earlier = next(
            (
                r["incident_id"]
                for r in claim_links_repo.retired_into(tx.conn, incident_id)
                if sorted(r["claim_ids"]) == wanted
            ),
            None,
        )
        if earlier is not None:
            target, revived = earlier, True
            claim_links_repo.revive(tx.conn, target)
            tx.audit("incident.revived", "incident", target, {"cause": cause})
        else:
            target, revived = fresh_id(tx.conn, wanted[0], set())
            claims = claim_links_repo.claims_by_id(tx.conn, wanted)
            if revived:
                claim_links_repo.revive(tx.conn, target)
                tx.audit("incident.revived", "incident", target, {"cause": cause})
            else:
                build(tx, ctx, target, claims, cause=cause)
        remaining = [c for c in held if c not in wanted]
        claim_links_repo.relink(tx.conn, dict.fromkeys(wanted, target), cause=cause, actor=tx.actor, pinned=True)
        claim_links_repo.relink(
            tx.conn, dict.fromkeys(remaining, incident_id), cause=cause, actor=tx.actor, pinned=True
        )
        tx.audit("incident.split", "incident", incident_id, {"into": target, "claims": wanted, "note": note})
        refresh(tx, ctx, [incident_id, target], cause=cause)
    return CurationResult(incident_id, target, tuple(wanted), revived)
