"""Publishing a bulletin: read the record as of the cut-off, assemble, draw, print, register.
The last step of the flow; the publication itself is an audit event with the files' hashes.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ceasefire.analysis.alerts import WINDOW_DAYS
from ceasefire.domain.agreements import Agreement
from ceasefire.errors import InvalidInput, NotFound
from ceasefire.intake.agreement_file import agreement_from_document
from ceasefire.render.bulletin import MIN_CHART_DAYS, TIMEZONE, BulletinData, Cutoff, assemble, cutoff_for
from ceasefire.render.charts import trend_chart
from ceasefire.render.claims import ClaimView
from ceasefire.render.html import render_html
from ceasefire.render.map import draw_map
from ceasefire.render.pdf import html_to_pdf
from ceasefire.render.redaction import Edition
from ceasefire.storage import agreements_repo, bulletins_repo, frames_repo, zones_repo
from ceasefire.storage.bulletins_repo import PublishedBulletin
from ceasefire.storage.record import Record
from ceasefire.workflows.independent_sources import independent_sources


@dataclass(frozen=True)
class BulletinResult:
    """What was written and registered."""

    html_path: Path
    pdf_path: Path
    html_sha256: str
    pdf_sha256: str
    cutoff: Cutoff
    edition: Edition
    period_start: date
    incidents: int
    audit_seq: int
    audit_hash: str


def file_names(day: date, edition: Edition) -> tuple[str, str]:
    """bulletin-D.html / .pdf for the public; the centre's files carry `-centre`, so a
    confidential edition can never be mistaken for, or overwrite, the public one."""
    stem = f"bulletin-{day.isoformat()}" + ("" if edition is Edition.PUBLIC else f"-{edition.value}")
    return f"{stem}.html", f"{stem}.pdf"


def _choose_agreement(documents: list[dict[str, object]], day: date, agreement_id: str | None) -> Agreement | None:
    agreements = [agreement_from_document(d) for d in documents]
    if agreement_id is not None:
        found = [a for a in agreements if a.id == agreement_id]
        if not found:
            raise NotFound(f"no agreement {agreement_id!r}; loaded: {', '.join(a.id for a in agreements) or 'none'}")
        return found[0]
    in_force = [a for a in agreements if a.in_force_on(day)]
    candidates = in_force or agreements
    return candidates[-1] if candidates else None


def _write_atomically(path: Path, content: bytes) -> None:
    """Write beside the target and rename, so a reader never sees half a bulletin."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_bulletin(
    record: Record,
    day: date,
    *,
    edition: Edition = Edition.PUBLIC,
    since: date | None = None,
    agreement_id: str | None = None,
    now: datetime | None = None,
) -> tuple[BulletinData, bool]:
    """The bulletin's data as of its cut-off, and whether claims are linked to incidents."""
    now = now or datetime.now(UTC)
    today = now.astimezone(ZoneInfo(TIMEZONE)).date()
    if day > today:
        raise InvalidInput(f"--date {day} is in the future (today is {today} in {TIMEZONE})")
    period_start = since or day
    if period_start > day:
        raise InvalidInput(f"--since {period_start} is after --date {day}")
    cutoff = cutoff_for(day, now)
    reach = min(period_start, day - timedelta(days=MIN_CHART_DAYS - 1)) - timedelta(days=WINDOW_DAYS)
    with record.reader() as conn:
        agreement = _choose_agreement(agreements_repo.documents(conn), day, agreement_id)
        zones = [z for z in zones_repo.load_zones(conn) if agreement is None or z.agreement_id == agreement.id]
        frame = frames_repo.incident_frame(conn, as_of=cutoff.as_of, since=reach, until=day)
        confidential = bulletins_repo.confidential_sources(conn)
        quarantined = bulletins_repo.quarantined_at(conn, cutoff.as_of)
        head = bulletins_repo.audit_head_at(conn, cutoff.as_of)
        claims = [
            ClaimView(c.incident_id, c.claim, c.source_name, c.confidentiality, c.published)
            for c in bulletins_repo.linked_claims(conn, list(frame["incident_id"]), cutoff.as_of)
        ]
        names = [*confidential.keys(), *confidential.values()]
        counts = independent_sources(conn, claims, edition, names)
    frame["independent_sources"] = frame["incident_id"].map(counts).astype("Int64")
    data = assemble(
        frame=frame,
        agreement=agreement,
        zones=zones,
        cutoff=cutoff,
        period_start=period_start,
        edition=edition,
        confidential_names=names,
        claims=claims,
        quarantined=[(q.kind, q.reason) for q in quarantined],
        audit_head=head,
        generated_at=now,
    )
    return data, bool(claims)


def write_bulletin(
    record: Record,
    day: date,
    out_dir: Path,
    *,
    edition: Edition = Edition.PUBLIC,
    since: date | None = None,
    agreement_id: str | None = None,
    actor: str | None = None,
    now: datetime | None = None,
) -> BulletinResult:
    """Write the HTML and PDF of one edition of the bulletin of `day` into `out_dir` and record
    the publication (register row and `bulletin.published` audit event) in one transaction."""
    data, linked = build_bulletin(record, day, edition=edition, since=since, agreement_id=agreement_id, now=now)
    zones = [(z.id, v.geometry, v.approximate) for z, v in data.zone_versions]
    map_png = draw_map(
        data.map_frame, zones, title=f"Zones in force on {day} and incidents {data.period_start} – {day}"
    )
    chart_png = trend_chart(data.trend_table, data.trend_unit, data.trend_measure)
    html = render_html(data, map_png=map_png, chart_png=chart_png, has_claim_links=linked).encode("utf-8")
    pdf = html_to_pdf(html.decode("utf-8"))
    out_dir.mkdir(parents=True, exist_ok=True)
    html_name, pdf_name = file_names(day, edition)
    html_path, pdf_path = out_dir / html_name, out_dir / pdf_name
    _write_atomically(html_path, html)
    _write_atomically(pdf_path, pdf)
    html_sha, pdf_sha = hashlib.sha256(html).hexdigest(), hashlib.sha256(pdf).hexdigest()
    published = PublishedBulletin(
        day=day,
        edition=str(edition),
        period_start=data.period_start,
        cutoff=bulletins_repo.utc_text(data.cutoff.instant),
        as_of=bulletins_repo.utc_text(data.cutoff.as_of),
        audit_seq=data.audit_seq,
        audit_hash=data.audit_hash,
        html_sha256=html_sha,
        pdf_sha256=pdf_sha,
        html_name=html_name,
        pdf_name=pdf_name,
        published_at=datetime.now(UTC),
        actor="",
    )
    with record.transaction(actor) as tx:
        published = replace(published, actor=tx.actor)
        number = bulletins_repo.insert_bulletin(tx.conn, published)
        tx.audit(
            "bulletin.published",
            "bulletin",
            f"{day.isoformat()}/{edition.value}",
            {
                "register_id": number,
                "day": day,
                "edition": str(edition),
                "period_start": data.period_start,
                "cutoff": published.cutoff,
                "as_of": published.as_of,
                "provisional": data.cutoff.provisional,
                "audit_seq": data.audit_seq,
                "audit_hash": data.audit_hash,
                "html": {"name": html_name, "sha256": html_sha},
                "pdf": {"name": pdf_name, "sha256": pdf_sha},
                "incidents": len(data.incidents),
            },
        )
    return BulletinResult(
        html_path,
        pdf_path,
        html_sha,
        pdf_sha,
        data.cutoff,
        edition,
        data.period_start,
        len(data.incidents),
        data.audit_seq,
        data.audit_hash,
    )
