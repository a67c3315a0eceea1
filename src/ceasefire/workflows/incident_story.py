"""One incident's story for the analyst: its claims side by side with who says each, its
independent sources and sides, its status history, its verdicts with their rule traces, and
how its claims came to it. A read model for `ceasefire incidents show` and the API."""

from __future__ import annotations

from dataclasses import dataclass

from ceasefire.analysis.corroboration import Account, Corroboration
from ceasefire.domain.statuses import IncidentStatus, Side
from ceasefire.storage import claim_links_repo, verdicts_repo
from ceasefire.storage.claim_links_repo import Conn, StoredLink
from ceasefire.storage.verdicts_repo import StatusChange, StoredVerdict
from ceasefire.workflows.assessment import Context, corroborations


@dataclass(frozen=True)
class IncidentStory:
    """Everything curation and assessment know of an incident (empty for an imported one)."""

    accounts: tuple[Account, ...] = ()
    independent_sources: int = 0
    affirming_sources: int = 0
    sides: tuple[Side, ...] = ()
    derived_status: IncidentStatus | None = None
    status_history: tuple[StatusChange, ...] = ()
    verdicts: tuple[StoredVerdict, ...] = ()
    superseded_verdicts: int = 0
    links: tuple[StoredLink, ...] = ()
    retired: bool = False


def incident_story(conn: Conn, incident_id: str) -> IncidentStory:
    """Read the story of one incident from the record (through a reader's connection)."""
    claims_of = claim_links_repo.claims_of(conn, [incident_id])
    corr: Corroboration | None = None
    if claims_of.get(incident_id):
        corr = corroborations(conn, Context.load(conn), claims_of)[incident_id]
    history = verdicts_repo.verdict_history(conn, incident_id)
    return IncidentStory(
        accounts=corr.accounts if corr else (),
        independent_sources=corr.independent_sources if corr else 0,
        affirming_sources=corr.affirming_sources if corr else 0,
        sides=corr.sides if corr else (),
        derived_status=corr.status if corr else None,
        status_history=tuple(verdicts_repo.status_history(conn, incident_id)),
        verdicts=tuple(sorted((v for v in history if v.current), key=lambda v: v.key)),
        superseded_verdicts=sum(1 for v in history if not v.current),
        links=tuple(claim_links_repo.link_history(conn, incident_id)),
        retired=incident_id in claim_links_repo.retired_ids(conn),
    )
