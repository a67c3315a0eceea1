"""`ceasefire extract FILE...`: news items to claims, as JSON Lines (the extraction contract)
or as a table. A bad file is reported on stderr by name and the others are still processed."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from ceasefire.cli.context import err_console
from ceasefire.errors import CeasefireError

if TYPE_CHECKING:
    from ceasefire.extract.document import Document
    from ceasefire.extract.pipeline import Extractor

TABLE_COLUMNS = ("file", "kind", "date", "what", "zone", "attributed_to")


class ExtractFormat(StrEnum):
    JSON = "json"
    TABLE = "table"


def _report(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)


def _read(paths: list[Path], published: str | None) -> list[Document | None]:
    """Each file as a Document, or None after reporting why it cannot be read."""
    from ceasefire.extract.document import parse_document, parse_published

    anchor = parse_published(published, where="--published") if published else None
    documents: list[Document | None] = []
    for path in paths:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            _report(f"{path}: cannot read the file: {exc.strerror or exc}")
            documents.append(None)
            continue
        try:
            documents.append(parse_document(raw, name=str(path), published=anchor))
        except CeasefireError as exc:
            _report(f"[{exc.code}] {exc.message}")
            documents.append(None)
    return documents


def _extractor(agreement: str) -> Extractor:
    """The extractor with the zones of a packaged agreement (an id) or of an agreement file."""
    from ceasefire.extract.pipeline import Extractor
    from ceasefire.geo.gazetteer import Gazetteer
    from ceasefire.intake.agreement_file import load_agreement, load_packaged_agreement

    path = Path(agreement)
    loaded = load_agreement(path) if path.suffix == ".toml" or path.is_file() else load_packaged_agreement(agreement)
    return Extractor(gazetteer=Gazetteer.load(), zones=loaded.zones, agreement=loaded.agreement)


def extract(
    files: list[Path] = typer.Argument(
        ..., help="News items: files with the TITLE/OUTLET/PUBLICATION_DATE/URL header, or plain text with --published."
    ),
    fmt: ExtractFormat = typer.Option(
        ExtractFormat.JSON, "--format", help="json (JSON Lines, one object per file) or table."
    ),
    published: str | None = typer.Option(
        None,
        "--published",
        help="Publication date for files without a header (YYYY-MM-DD, YYYY-MM or YYYY); overrides a header's.",
    ),
    agreement: str = typer.Option(
        "astana-2017",
        "--agreement",
        help="The agreement whose zones claims are assigned to: a packaged id or an agreement.toml path.",
    ),
) -> None:
    """Extract claims (incidents, agreements, talks rounds, deployments) from news items."""
    from ceasefire.extract.jsonl import jsonl_line, table_rows

    try:
        documents = _read(files, published)
    except CeasefireError as exc:  # an unreadable --published value: nothing can be dated
        _report(f"[{exc.code}] {exc.message}")
        raise typer.Exit(2) from None
    readable = [d for d in documents if d is not None]
    failed = len(documents) - len(readable)
    if readable:
        try:
            extractor = _extractor(agreement)
        except CeasefireError as exc:
            _report(f"[{exc.code}] {exc.message}")
            raise typer.Exit(1) from None
        extractions = extractor.extract_many(readable)
        if fmt is ExtractFormat.JSON:
            for extraction in extractions:
                sys.stdout.write(jsonl_line(extraction) + "\n")
                sys.stdout.flush()
        else:
            from ceasefire.cli.output import print_table

            rows = [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in table_rows(extractions)]
            print_table(rows, TABLE_COLUMNS, title=f"claims in {len(readable)} file(s)")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
