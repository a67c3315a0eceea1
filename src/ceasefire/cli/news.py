"""`ceasefire news import` and `ceasefire claims list`: news items into the record, and what they claim."""

from __future__ import annotations

from pathlib import Path

import typer

from ceasefire.cli.context import console, fail, open_record, reports_errors
from ceasefire.cli.output import Format, emit
from ceasefire.domain.statuses import ClaimKind


def register(app: typer.Typer) -> None:
    news = typer.Typer(help="News items: stored as reports with the claims extracted from them.", no_args_is_help=True)
    app.add_typer(news, name="news")

    @news.command("import")
    @reports_errors
    def import_(
        paths: list[Path] = typer.Argument(..., metavar="PATH...", help="News files or folders of *.txt"),
        published: str | None = typer.Option(None, "--published", help="Publication date for files without a header."),
    ) -> None:
        """Store news items with the claims extracted from them; the same bytes twice change nothing."""
        from ceasefire.extract.document import parse_published
        from ceasefire.workflows.news_import import import_news

        anchor = parse_published(published, where="--published") if published else None
        summary = import_news(open_record(), paths, published=anchor)
        for name, reason in summary.refused:
            console.print(f"[red]refused[/] {name}: {reason}", highlight=False)
        console.print(
            f"{len(summary.stored)} items stored with {summary.claims} claims; "
            f"{len(summary.unchanged)} already held; {len(summary.refused)} refused",
            highlight=False,
        )
        if summary.refused:
            raise fail(f"{len(summary.refused)} item(s) refused; the others were stored")

    claims = typer.Typer(help="Claims: what each report asserts, and who asserts it.", no_args_is_help=True)
    app.add_typer(claims, name="claims")

    @claims.command("list")
    @reports_errors
    def list_(
        kind: ClaimKind | None = typer.Option(
            None, "--kind", help="incident, agreement, talks_round, deployment, statement"
        ),
        fmt: Format = typer.Option(Format.TABLE, "--format", help="table, json or csv"),
    ) -> None:
        """List stored claims with who asserts each, its report and the span of text it rests on."""
        from ceasefire.workflows.claim_views import COLUMNS, list_claim_rows

        rows = list_claim_rows(open_record(), kind=kind)
        emit(rows, fmt, COLUMNS, title=f"{len(rows)} claims")
