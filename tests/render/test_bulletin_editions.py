"""The bulletin, written from a real record, read back as a reader would: HTML, PDF text, images.

One SQLite record, built once for the module, holds the Astana memorandum, four incidents
imported from CSV, and three accounts of the first incident: a confidential monitor's
report, a government outlet's denial and a rescue service's allegation. Both editions are
written once and every test reads the files.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.reports import Claim, Report, Source
from ceasefire.domain.statuses import (
    ClaimKind,
    Confidentiality,
    EventType,
    GeoPrecision,
    ReportKind,
    Side,
    SourceKind,
    Stance,
)
from ceasefire.intake.agreement_file import load_packaged_agreement
from ceasefire.render.redaction import Edition
from ceasefire.storage import audit_log, bulletins_repo, claim_links_repo, reports_repo, verdicts_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.agreements import store_loaded_agreement
from ceasefire.workflows.bulletin import BulletinResult, build_bulletin, write_bulletin
from ceasefire.workflows.bulletin_check import check_bulletin
from ceasefire.workflows.import_incidents import import_incidents_csv

MONITOR = "Monitor Team Bravo-7"
EXACT = "33.56789"  # the monitor's point, to five decimals
ZONE_IDS = ("idlib", "northern-homs", "eastern-ghouta", "south")
HEADER = (
    "id,date,date_end,date_precision,event_type,sub_event_type,place,latitude,longitude,geo_precision,admin1,"
    "perpetrator,perpetrator_side,target,target_side,fatalities_low,fatalities_best,fatalities_high,source,source_url,notes"
)
ROWS = (
    f"t-0001,2017-06-01,,day,Explosions/Remote violence,Air/drone strike,Douma,{EXACT},36.41234,town,Rural Damascus,"
    f"government forces,government,civilians,civilians,1,3,5,{MONITOR},,seen by the team",
    "t-0002,2017-06-02,,day,Explosions/Remote violence,Shelling/artillery/missile attack,<script>alert(1)</script>,"
    "33.55869,36.36515,town,Rural Damascus,armed groups,opposition,,,0,0,0,SANA,,",
    "t-0003,2017-06-03,,day,Battles,Armed clash,Kafranbel,35.61376,36.56449,town,Idleb,government forces,government,"
    "HTS,hts,,2,,SOHR,,",
    "t-0004,2017-06-04,,day,Battles,Armed clash,Hama,,,province,Hama,regime forces,government,,,,,,HNC,,",
)


@dataclass(frozen=True)
class Published:
    record: Record
    public: BulletinResult
    centre: BulletinResult
    public_html: str
    centre_html: str
    public_pdf_text: str
    centre_pdf_text: str


class _Text(HTMLParser):
    """The text a browser shows: no markup, no stylesheet, no inlined image data."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag in ("style", "script")
        self.parts.extend(v for k, v in attrs if k in ("alt", "title", "content") and v)

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed to read the bulletin back; .ci/run installs it")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def claim(claim_id: str, report_id: str, who: str, stance: Stance, target: ActorRef, best: int | None) -> Claim:
    return Claim(
        id=claim_id,
        report_id=report_id,
        kind=ClaimKind.INCIDENT,
        attributed_to=who,
        date=DateInterval.day(date(2017, 6, 1)),
        place=Place("Douma", 36.41234, 33.56789, GeoPrecision.TOWN, "Rural Damascus"),
        event_type=EventType.EXPLOSIONS_REMOTE_VIOLENCE,
        sub_event_type="Air/drone strike",
        perpetrator=ActorRef("government aircraft", Side.GOVERNMENT),
        target=target,
        fatalities=Fatalities(None, best, None),
        stance=stance,
    )


def add_accounts(record: Record) -> None:
    now = datetime.now(UTC)
    accounts = [
        (Source("bravo-7", MONITOR, SourceKind.MONITOR), ReportKind.MONITOR_REPORT, Confidentiality.CENTRE,
         claim("c-bravo", "r-bravo", MONITOR, Stance.ALLEGES, ActorRef("market", Side.CIVILIANS), 3)),
        (Source("sana", "SANA", SourceKind.OUTLET), ReportKind.ARTICLE, Confidentiality.PUBLIC,
         claim("c-sana", "r-sana", "Syrian Arab Army command", Stance.DENIES, ActorRef("terrorists", Side.HTS), None)),
        (Source("white-helmets", "Syrian Civil Defence", SourceKind.OUTLET), ReportKind.ARTICLE,
         Confidentiality.PUBLIC,
         claim("c-cd", "r-cd", "Syrian Civil Defence", Stance.ALLEGES, ActorRef("market", Side.CIVILIANS), 4)),
    ]  # fmt: skip
    with record.transaction("test") as tx:
        for source, kind, confidentiality, item in accounts:
            reports_repo.ensure_source(tx.conn, source)
            report = Report(
                id=item.report_id,
                source_id=source.id,
                kind=kind,
                sha256=hashlib.sha256(item.id.encode()).hexdigest(),
                received_at=now,
                published=DateInterval.day(date(2017, 6, 1)),
                confidentiality=confidentiality,
            )
            reports_repo.insert_report(tx.conn, report, [item])
        claim_links_repo.relink(
            tx.conn,
            {"c-bravo": "t-0001", "c-sana": "t-0001", "c-cd": "t-0001"},
            cause="test",
            actor="test",
            pinned=True,
        )
        verdict = {"agreement_id": "astana-2017", "provision_id": "cessation", "verdict": "violation"}
        verdicts_repo.supersede_and_store(tx.conn, "t-0001", [{**verdict, "reason": "test", "trace": []}], cause="test")
        tx.audit("test.accounts.added", "incident", "t-0001", {"claims": 3})


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    folder = tmp_path_factory.mktemp("bulletin")
    record = Record.open(str(folder / "record.db"))
    store_loaded_agreement(record, load_packaged_agreement("astana-2017"), actor="test")
    (folder / "incidents.csv").write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8")
    import_incidents_csv(record, folder / "incidents.csv", actor="test")
    add_accounts(record)
    today = damascus_today()
    public = write_bulletin(record, today, folder / "out", since=date(2017, 5, 1), actor="test")
    centre = write_bulletin(record, today, folder / "out", since=date(2017, 5, 1), edition=Edition.CENTRE)
    yield Published(
        record,
        public,
        centre,
        public.html_path.read_text(encoding="utf-8"),
        centre.html_path.read_text(encoding="utf-8"),
        pdf_text(public.pdf_path),
        pdf_text(centre.pdf_path),
    )
    record.close()


def damascus_today() -> date:
    """Bulletins are dated in Damascus; after 21:00 UTC (in summer, 21:00 - 1 h) it is already tomorrow there."""
    return datetime.now(ZoneInfo("Asia/Damascus")).date()


MORE_THAN_TWO_DECIMALS = re.compile(r"\d+\.\d{3,}")


def test_public_edition_names_no_confidential_source(published: Published) -> None:
    assert "Bravo-7" not in published.public_html
    assert "Bravo-7" not in published.public_pdf_text


def test_public_edition_has_no_coordinate_with_more_than_two_decimals(published: Published) -> None:
    assert MORE_THAN_TWO_DECIMALS.findall(visible_text(published.public_html)) == []
    assert MORE_THAN_TWO_DECIMALS.findall(published.public_pdf_text) == []
    assert "33.57, 36.41" in published.public_pdf_text  # the monitor's point, generalised


def test_centre_edition_keeps_the_source_and_the_exact_point(published: Published) -> None:
    assert MONITOR in published.centre_pdf_text
    assert EXACT in visible_text(published.centre_html)
    assert published.centre.pdf_path.name == f"bulletin-{published.centre.cutoff.day}-centre.pdf"


def test_pdf_opens_with_title_zones_cutoff_and_audit_hash(published: Published) -> None:
    text = published.public_pdf_text
    assert "Ceasefire monitoring bulletin" in text
    for zone in ZONE_IDS:
        assert zone in text
    assert "23:59:59 Asia/Damascus" in text
    assert published.public.audit_hash in text and len(published.public.audit_hash) == 64


def test_pdf_shows_a_map_and_a_chart(published: Published) -> None:
    if shutil.which("pdfimages") is None:
        pytest.fail("pdfimages (poppler-utils) is needed; .ci/run installs it")
    listing = subprocess.run(
        ["pdfimages", "-list", str(published.public.pdf_path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    sizes = [(int(line.split()[3]), int(line.split()[4])) for line in listing if line.split()[2] == "image"]
    assert len([s for s in sizes if s[0] >= 800 and s[1] >= 300]) >= 2


def incident_cells(html: str, incident_id: str) -> list[str]:
    row = re.search(rf'<tr><td class="id">{incident_id}</td>(.*?)</tr>', html, re.DOTALL)
    assert row is not None, f"no row for {incident_id}"
    return [" ".join(c.split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.DOTALL)]


def test_table_gives_status_verdict_and_independent_sources(published: Published) -> None:
    centre = incident_cells(published.centre_html, "t-0001")
    public = incident_cells(published.public_html, "t-0001")
    # columns after the id: date, place, position, zone, event, by, dead, status, verdict, sources, source
    assert centre[7:10] == ["alleged", "violation", "3"]
    assert public[7:10] == ["alleged", "violation", "2"]  # the confidential monitor is not counted
    assert public[10] == "withheld (confidential source)"
    assert incident_cells(published.public_html, "t-0003")[8:10] == ["not assessed", "—"]


def test_contested_claims_show_both_sides_attributed_without_the_confidential_one(published: Published) -> None:
    text = visible_text(published.public_html)
    assert "Syrian Arab Army command" in text and "denies" in text
    assert "Syrian Civil Defence" in text and "on market [civilians]" in text
    assert "on terrorists [hts]" in text
    assert "Bravo-7" in visible_text(published.centre_html)  # the centre sees the monitor's account too


def test_place_names_cannot_inject_markup(published: Published) -> None:
    assert "<script>alert(1)</script>" not in published.public_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in published.public_html


def test_data_quality_counts_unresolved_places_and_unassessed_incidents(published: Published) -> None:
    text = " ".join(visible_text(published.public_html).split())
    assert "1 incidents with an unresolved place: t-0004 (Hama, province)" in text
    assert "3 incidents not assessed" in text


def test_publication_is_an_audit_event_with_the_files_hashes(published: Published) -> None:
    with published.record.reader() as conn:
        events = audit_log.events_for(conn, "bulletin", f"{published.public.cutoff.day}/public")
        register = bulletins_repo.published_bulletins(conn, published.public.cutoff.day)
    assert events[-1].action == "bulletin.published"
    assert events[-1].payload["pdf"]["sha256"] == published.public.pdf_sha256
    assert events[-1].payload["audit_hash"] == published.public.audit_hash
    assert {b.edition for b in register} == {"public", "centre"}


def test_a_bulletin_file_checks_against_the_record_and_a_changed_copy_does_not(
    published: Published, tmp_path: Path
) -> None:
    assert check_bulletin(published.record, published.public.pdf_path).ok
    altered = tmp_path / "copy.html"
    altered.write_text(published.public_html.replace("Kafranbel", "Kafr Nabl"), encoding="utf-8")
    result = check_bulletin(published.record, altered)
    assert not result.ok and "differs from every one published" in result.findings[0]


def test_the_bulletin_of_yesterday_sees_nothing_recorded_today(published: Published) -> None:
    yesterday = damascus_today() - timedelta(days=1)
    data, _ = build_bulletin(published.record, yesterday, since=date(2017, 5, 1))
    assert data.incidents == [] and data.audit_seq == 0
    assert not data.cutoff.provisional
