"""`ceasefire incidents merge|split|verify|cluster|rebuild`: an analyst's curation of incidents.

Registered on the `incidents` group by `ceasefire.cli.incidents`. Each command is one audited
transaction; merge and split undo each other, and verify follows the rules printed by
`ceasefire incidents verify --help`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ceasefire.cli.context import console, open_record, reports_errors
from ceasefire.domain.statuses import IncidentStatus, ObservationMethod

if TYPE_CHECKING:
    from ceasefire.workflows.clustering import ClusterSummary


def _print_summary(what: str, s: ClusterSummary) -> None:
    console.print(
        f"{what}: {s.claims} claims in {s.incidents} incidents; {len(s.created)} created, {len(s.revived)} revived, "
        f"{len(s.retired)} retired, {s.moved} claim links changed; {len(s.skipped)} claims skipped",
        highlight=False,
    )
    for reason in s.skipped[:20]:
        console.print(f"  [yellow]skipped[/] {reason}", highlight=False)


def register_on(group: typer.Typer) -> None:
    @group.command("merge")
    @reports_errors
    def merge(
        keep: str = typer.Argument(..., metavar="A", help="The incident that keeps its id."),
        other: str = typer.Argument(..., metavar="B", help="The incident whose claims move to A; it is retired."),
        note: str = typer.Option("", "--note", help="Why: kept in the link history and the audit log."),
    ) -> None:
        """Merge incident B into A: B's claims move to A, B is retired (split undoes it)."""
        from ceasefire.workflows.curation import merge_incidents

        r = merge_incidents(open_record(), keep, other, note=note)
        console.print(f"merged {r.other_id} into {r.incident_id}: {len(r.claims)} claim(s) moved", highlight=False)

    @group.command("split")
    @reports_errors
    def split(
        incident_id: str = typer.Argument(..., metavar="ID"),
        claims: str = typer.Option(..., "--claims", help="Comma-separated claim ids to move out, e.g. C1,C2."),
        note: str = typer.Option("", "--note", help="Why: kept in the link history and the audit log."),
    ) -> None:
        """Split claims off an incident into one of their own (the one a merge retired, if they are its claims)."""
        from ceasefire.workflows.curation import split_incident

        wanted = [c.strip() for c in claims.split(",") if c.strip()]
        r = split_incident(open_record(), incident_id, wanted, note=note)
        how = "revived" if r.revived else "new incident"
        console.print(f"split {len(r.claims)} claim(s) off {r.incident_id} into {r.other_id} ({how})", highlight=False)

    @group.command("verify")
    @reports_errors
    def verify(
        incident_id: str = typer.Argument(..., metavar="ID"),
        status: IncidentStatus = typer.Option(
            ..., "--status", help="verified, refuted, corroborated, or reopen to what the claims say."
        ),
        method: ObservationMethod = typer.Option(
            ..., "--method", help="saw, heard, camera (an observation) or reported."
        ),
        note: str = typer.Option("", "--note", help="Why; required to refute and to reopen."),
    ) -> None:
        """Change an incident's verification status. Verified needs saw/heard/camera; refuted needs a
        note; alleged/denied/contested follow the claims and are set only to reopen a finding."""
        from ceasefire.workflows.verification import verify_incident

        r = verify_incident(open_record(), incident_id, status, method, note)
        t = r.transition
        console.print(
            f"{incident_id}: {t.frm} -> {t.to} ({method}); {r.verdicts_changed} verdict(s) changed", highlight=False
        )

    @group.command("cluster")
    @reports_errors
    def cluster_() -> None:
        """Link every incident claim not yet in an incident (what intake does as reports arrive)."""
        from ceasefire.workflows.clustering import cluster_pending

        _print_summary("clustered", cluster_pending(open_record()))

    @group.command("rebuild")
    @reports_errors
    def rebuild_() -> None:
        """Re-cluster every incident claim from scratch, keeping analysts' merges and splits."""
        from ceasefire.workflows.clustering import rebuild

        _print_summary("rebuilt", rebuild(open_record()))
