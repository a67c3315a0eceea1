"""The demo: a fresh record with the Astana memorandum, its zones and the sample incidents."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from importlib.resources import as_file, files
from pathlib import Path
from zoneinfo import ZoneInfo

from ceasefire.domain.statuses import Verdict, ZoneRelation
from ceasefire.intake.agreement_file import load_packaged_agreement
from ceasefire.render.bulletin import TIMEZONE
from ceasefire.render.redaction import Edition
from ceasefire.storage import audit_log, bulletins_repo, incidents_repo, verdicts_repo, zones_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.agreements import LoadResult, store_loaded_agreement
from ceasefire.workflows.assessment import assess_record
from ceasefire.workflows.bulletin import BulletinResult, write_bulletin
from ceasefire.workflows.import_incidents import ImportSummary, import_incidents_csv

DEMO_ACTOR = "demo"


@dataclass(frozen=True)
class ZoneSummary:
    zone_id: str
    name: str
    version: int
    valid_from: str
    approximate: bool
    inside: int
    possibly: int
    violations: int
    exempt: int
    contested: int


@dataclass(frozen=True)
class DemoResult:
    agreement: LoadResult
    imported: ImportSummary
    zones: list[ZoneSummary]
    outside: int
    unknown: int
    audit_events: int
    audit_head: str
    audit_intact: bool


def run_demo(record: Record) -> DemoResult:
    loaded = store_loaded_agreement(record, load_packaged_agreement("astana-2017"), actor=DEMO_ACTOR)
    with as_file(files("ceasefire") / "data" / "demo" / "incidents.csv") as path:
        imported = import_incidents_csv(record, path, actor=DEMO_ACTOR)
    assess_record(record, actor=DEMO_ACTOR)
    with record.reader() as conn:
        zones = zones_repo.load_zones(conn, "astana-2017")
        incidents = incidents_repo.load_incidents(conn)
        current = incidents_repo.current_assignments(conn, [i.id for i in incidents])
        verdicts = verdicts_repo.current_verdicts(conn, [i.id for i in incidents])
        broken = audit_log.verify(conn)
        count, head = audit_log.head(conn)
    tally: Counter[tuple[str | None, ZoneRelation]] = Counter()
    judged: Counter[tuple[str | None, Verdict]] = Counter()
    for i in incidents:
        for a in current.get(i.id, []):
            tally[(a.zone_id, a.relation)] += 1
            for verdict in {v.verdict for v in verdicts.get(i.id, [])}:
                judged[(a.zone_id, verdict)] += 1
    summaries = []
    for z in zones:
        v = z.current
        assert v is not None
        summaries.append(
            ZoneSummary(
                z.id,
                z.name,
                v.version,
                v.valid_from.isoformat(),
                v.approximate,
                tally[(z.id, ZoneRelation.INSIDE)],
                tally[(z.id, ZoneRelation.POSSIBLY)],
                judged[(z.id, Verdict.VIOLATION)],
                judged[(z.id, Verdict.EXEMPT)],
                judged[(z.id, Verdict.CONTESTED)],
            )
        )
    outside = sum(n for (_, rel), n in tally.items() if rel is ZoneRelation.OUTSIDE)
    unknown = sum(n for (_, rel), n in tally.items() if rel is ZoneRelation.UNKNOWN)
    return DemoResult(loaded, imported, summaries, outside, unknown, count, head, broken is None)


def write_demo_bulletin(record: Record, out_dir: Path) -> BulletinResult:
    """The demo ends as the centre's day does, with today's public bulletin; its period runs from
    the record's first incident, so the sample's whole history is on the map and in the charts."""
    today = datetime.now(ZoneInfo(TIMEZONE)).date()
    with record.reader() as conn:
        first = bulletins_repo.first_incident_day(conn)
    since = min(first, today) if first else today
    return write_bulletin(record, today, out_dir, edition=Edition.PUBLIC, since=since, actor=DEMO_ACTOR)
