"""News intake: each item stored as a Report (original bytes hashed) with the claims extracted
from it and their incidents (clustered on arrival), in one audited transaction per item."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ceasefire.domain.common import DateInterval
from ceasefire.domain.reports import Claim, Report, Source
from ceasefire.domain.statuses import ClaimKind, Confidentiality, ReportKind, SourceKind
from ceasefire.errors import CeasefireError, InvalidInput
from ceasefire.extract.document import Document, parse_document
from ceasefire.extract.pipeline import Extractor
from ceasefire.geo.gazetteer import Gazetteer
from ceasefire.storage import reports_repo, zones_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.agreements import stored_agreements
from ceasefire.workflows.clustering import link_claims

MAX_ITEM_BYTES = 2 * 1024 * 1024
UNKNOWN_OUTLET = "unknown outlet"


@dataclass
class NewsImportSummary:
    """Per run: items stored, items already held, items refused (with reasons), claims stored."""

    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    claims: int = 0


def news_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the *.txt files of the folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        else:
            yield path


def outlet_source(outlet: str | None) -> Source:
    name = (outlet or UNKNOWN_OUTLET).strip() or UNKNOWN_OUTLET
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "unknown"
    return Source(id=f"outlet:{slug}", name=name, kind=SourceKind.OUTLET)


def record_extractor(record: Record) -> Extractor:
    """An extractor that knows the zones and the first agreement stored in this record."""
    with record.reader() as conn:
        zones = zones_repo.load_zones(conn)
    agreements = stored_agreements(record)
    return Extractor(gazetteer=Gazetteer.load(), zones=zones, agreement=agreements[0] if agreements else None)


def _report(document: Document, source: Source, raw_size: int) -> Report:
    return Report(
        id=document.sha256,
        source_id=source.id,
        kind=ReportKind.ARTICLE,
        sha256=document.sha256,
        received_at=datetime.now(UTC),
        title=document.title,
        published=document.published,
        url=document.url,
        confidentiality=Confidentiality.PUBLIC,
        original={
            "file": Path(document.name).name,
            "header": document.header,
            "text": document.text,
            "bytes": raw_size,
        },
    )


def import_news(
    record: Record,
    paths: Iterable[Path],
    *,
    published: DateInterval | None = None,
    extractor: Extractor | None = None,
    actor: str | None = None,
) -> NewsImportSummary:
    """Store each readable item once; a bad item is refused by name and the others go on."""
    summary = NewsImportSummary()
    engine = extractor
    for path in news_files(paths):
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_ITEM_BYTES:
                raise InvalidInput(
                    f"{path.name}: {len(raw)} bytes is over the {MAX_ITEM_BYTES}-byte limit for a news item"
                )
            sha = hashlib.sha256(raw).hexdigest()
            with record.reader() as conn:
                held = reports_repo.report_with_sha256(conn, sha)
            if held is not None:
                summary.unchanged.append(path.name)
                continue
            document = parse_document(raw, name=path.name, published=published)
        except OSError as exc:
            summary.refused.append((str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        except CeasefireError as exc:
            summary.refused.append((str(path), exc.message))
            continue
        engine = engine or record_extractor(record)
        claims = engine.extract(document).claims
        _store(record, document, claims, len(raw), actor)
        summary.stored.append(path.name)
        summary.claims += len(claims)
    return summary


def _store(record: Record, document: Document, claims: tuple[Claim, ...], raw_size: int, actor: str | None) -> None:
    source = outlet_source(document.outlet)
    report = _report(document, source, raw_size)
    with record.transaction(actor) as tx:
        reports_repo.ensure_source(tx.conn, source)
        reports_repo.insert_report(tx.conn, report, claims)
        link_claims(tx, [c.id for c in claims if c.kind is ClaimKind.INCIDENT], cause=f"report {report.id[:12]}")
        tx.audit(
            "report.received",
            "report",
            report.id,
            {
                "kind": str(report.kind),
                "file": report.original["file"],
                "sha256": report.sha256,
                "source": source.id,
                "claims": [[c.id, str(c.kind), c.attributed_to] for c in claims],
            },
        )
