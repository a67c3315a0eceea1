"""News intake: items become reports with their claims, once, with who asserts each claim."""

from __future__ import annotations

from pathlib import Path

from ceasefire.domain.statuses import ClaimKind
from ceasefire.storage import audit_log, reports_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.claim_views import list_claim_rows
from ceasefire.workflows.news_import import import_news
from shared_paths import require_shared


def test_news_items_are_stored_once_with_their_claims(astana_record: Record) -> None:
    news = require_shared("data", "news")
    first = import_news(astana_record, [news], actor="test")
    assert len(first.stored) == len(list(news.glob("*.txt"))) and first.claims > 0
    again = import_news(astana_record, [news], actor="test")
    assert again.stored == [] and len(again.unchanged) == len(first.stored)
    with astana_record.reader() as conn:
        assert len(reports_repo.load_claims(conn)) == first.claims
        assert audit_log.verify(conn) is None


def test_every_claim_keeps_its_span_and_who_asserts_it(astana_record: Record) -> None:
    news = require_shared("data", "news")
    import_news(astana_record, [news], actor="test")
    rows = list_claim_rows(astana_record, kind=ClaimKind.INCIDENT)
    assert rows
    for row in rows:
        assert row["attributed_to"]
        start, end = row["span"]
        text = (news / row["report"]).read_text().split("\n\n", 1)[1]
        assert 0 <= start < end <= len(text)


def test_an_unreadable_item_is_refused_by_name_and_the_others_are_stored(astana_record: Record, tmp_path: Path) -> None:
    news = require_shared("data", "news")
    good = sorted(news.glob("*.txt"))[0]
    (tmp_path / good.name).write_bytes(good.read_bytes())
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = import_news(astana_record, [tmp_path], actor="test")
    assert summary.stored == [good.name]
    assert sorted(Path(name).name for name, _ in summary.refused) == ["binary.txt", "empty.txt"]
