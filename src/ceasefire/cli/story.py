"""Printing an incident's story for `ceasefire incidents show`: the claims side by side with
who says each, the independent sources and sides, the status history, and every verdict with
the rule trace it rests on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from ceasefire.cli.context import console

if TYPE_CHECKING:
    from ceasefire.workflows.incident_story import IncidentStory


def print_story(story: IncidentStory) -> None:
    from ceasefire.analysis.corroboration import describe

    if story.retired:
        console.print("  [yellow]retired[/]: its claims were merged into another incident or re-clustered")
    if story.accounts:
        sides = ", ".join(str(s) for s in story.sides) or "none known"
        console.print(
            escape(
                f"  claims: {len(story.accounts)} from {story.independent_sources} independent source(s) "
                f"({story.affirming_sources} affirming); sides reporting: {sides}; "
                f"the claims make it {story.derived_status}"
            ),
            highlight=False,
        )
        table = Table(show_lines=False, title="accounts, side by side")
        for column in ("claim", "source", "voice [side]", "stance", "what it says", "deaths l/b/h"):
            table.add_column(column, overflow="fold")
        for a in story.accounts:
            c, f = a.claim, a.claim.fatalities
            side = f" [{a.origin.side}]" if str(a.origin.side) != "unknown" else ""
            cells = (
                c.id,
                f"#{a.source_group} {a.outlet or '-'}",
                f"{c.attributed_to or a.origin.name}{side}",
                str(c.stance),
                describe(a).split(": ", 1)[-1],
                f"{f.low}/{f.best}/{f.high}",
            )
            table.add_row(*(escape(x) for x in cells))
        console.print(table)
    if story.status_history:
        console.print("  status history (oldest first):")
        for h in story.status_history:
            how = "claims" if h.automatic else f"{h.actor}, {h.method or '-'}"
            console.print(
                escape(f"    {h.at:%Y-%m-%d %H:%M} {h.frm or '-'} -> {h.to} ({how}) {h.note}"), highlight=False
            )
    if story.verdicts:
        console.print(f"  verdicts ({story.superseded_verdicts} superseded verdict(s) kept):")
        for v in story.verdicts:
            head = escape(f"{v.agreement_id}/{v.provision_id}: {v.verdict}")
            console.print(f"    [bold]{head}[/] - {escape(v.reason)}", highlight=False)
            for fact in v.trace:
                console.print(escape(f"      {fact['name']}: {fact['value']}  <- {fact['source']}"), highlight=False)
    if story.links:
        console.print("  claim links (oldest first):")
        for link in story.links:
            until = f" .. {link.unlinked_at:%Y-%m-%d %H:%M} ({link.unlink_cause})" if link.unlinked_at else ""
            pin = " pinned" if link.pinned else ""
            line = f"    {link.claim_id}: {link.linked_at:%Y-%m-%d %H:%M}{until} by {link.actor}, {link.cause}{pin}"
            console.print(escape(line), highlight=False)
