"""End to end on the dev news items: imported, extracted and clustered, reports of one event
from opposite sides share an incident with both accounts side by side; distinct events do not."""

from __future__ import annotations

from pathlib import Path

from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import Side
from ceasefire.storage import audit_log, claim_links_repo, reports_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.clustering import cluster_pending, rebuild
from ceasefire.workflows.incident_views import incident_detail
from ceasefire.workflows.news_import import import_news


def _claims_by_file(record: Record) -> dict[str, list[Claim]]:
    with record.reader() as conn:
        files = {r.id: r.original["file"] for r in reports_repo.load_reports(conn)}
        claims = claim_links_repo.all_incident_claims(conn)
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(files[c.report_id], []).append(c)
    return out


def _one(found: dict[str, list[Claim]], file: str, place: str) -> str:
    matches = [c.id for c in found[file] if c.place and place in c.place.name]
    assert len(matches) == 1, f"{file}: expected one incident claim at {place!r}, got {matches}"
    return matches[0]


def test_dev_news_items_merge_one_event_told_by_both_sides_and_keep_distinct_events_apart(
    astana_record: Record, shared_data: Path
) -> None:
    import_news(astana_record, [shared_data / "news"], actor="test")
    cluster_pending(astana_record, actor="test")
    found = _claims_by_file(astana_record)
    with astana_record.reader() as conn:
        links = {c: inc for c, (inc, _) in claim_links_repo.current_links(conn).items()}

    us_account, army_account = _one(found, "15.txt", "Busra"), _one(found, "17.txt", "Busra")
    assert links[us_account] == links[army_account]
    story = incident_detail(astana_record, links[us_account]).story
    outlets = {a.outlet for a in story.accounts}
    assert {"NewsBharati", "SouthFront"} <= outlets
    assert story.independent_sources >= 2 and Side.GOVERNMENT in story.sides

    assert links[_one(found, "11.txt", "Rastan")] != links[_one(found, "11.txt", "Tallb")]
    assert links[_one(found, "09.txt", "Tallb")] != links[_one(found, "11.txt", "Tallb")]
    assert links[_one(found, "23.txt", "Ḩarast")] != links[_one(found, "25.txt", "Damascus")]
    assert links[_one(found, "13.txt", "Busra")] != links[us_account]

    assert rebuild(astana_record, actor="test").moved == 0
    with astana_record.reader() as conn:
        assert audit_log.verify(conn) is None
