"""`ceasefire export`: GeoJSON, CSV and HXL from a real record, public by default."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.domain.reports import Report, Source
from ceasefire.domain.statuses import Confidentiality, ReportKind, SourceKind
from ceasefire.render.csv_safety import neutralise_cell
from ceasefire.render.redaction import WITHHELD, Edition
from ceasefire.storage import reports_repo
from ceasefire.storage.record import Record
from ceasefire.workflows.export import ExportFormat, export_frame, export_text
from ceasefire.workflows.import_incidents import import_incidents_csv

HEADER = (
    "id,date,date_end,date_precision,event_type,sub_event_type,place,latitude,longitude,geo_precision,admin1,"
    "perpetrator,perpetrator_side,target,target_side,fatalities_low,fatalities_best,fatalities_high,source,source_url,notes"
)
ROWS = (
    "x-1,2017-06-01,,day,Explosions/Remote violence,Air/drone strike,Douma,33.56789,36.41234,town,Rural Damascus,"
    "government forces,government,civilians,civilians,1,3,5,Monitor Team Bravo-7,,",
    'x-2,2017-06-02,,day,Battles,Armed clash,"=HYPERLINK(""http://example.org"")",35.61376,36.56449,town,Idleb,'
    "@rebels,opposition,,,,,,SOHR,,",
    "x-3,2017-04-01,,day,Battles,Armed clash,Kafranbel,35.61376,36.56449,town,Idleb,"
    "regime forces,government,,,,,,SOHR,,",
)


@pytest.fixture
def exported(astana_record: Record, tmp_path: Path) -> Record:
    (tmp_path / "x.csv").write_text("\n".join((HEADER, *ROWS)) + "\n", encoding="utf-8")
    import_incidents_csv(astana_record, tmp_path / "x.csv", actor="test")
    with astana_record.transaction("test") as tx:
        reports_repo.ensure_source(tx.conn, Source("bravo-7", "Monitor Team Bravo-7", SourceKind.MONITOR))
        report = Report(
            "r-1", "bravo-7", ReportKind.MONITOR_REPORT, hashlib.sha256(b"r-1").hexdigest(), datetime.now(UTC),
            confidentiality=Confidentiality.CENTRE,
        )  # fmt: skip
        reports_repo.insert_report(tx.conn, report, [])
    return astana_record


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def by_id(text: str) -> dict[str, dict[str, str]]:
    header, *rows = rows_of(text)
    return {r[0]: dict(zip(header, r, strict=True)) for r in rows}


def test_hxl_has_the_hashtags_humanitarian_tools_expect(exported: Record) -> None:
    header, tags, *_ = rows_of(export_text(export_frame(exported), ExportFormat.HXL))
    tag_of = dict(zip(header, tags, strict=True))
    assert tag_of["date_start"] == "#date"
    assert tag_of["admin1"] == "#adm1+name"
    assert (tag_of["lat"], tag_of["lon"]) == ("#geo+lat", "#geo+lon")
    assert tag_of["event_type"] == "#event+type"
    assert tag_of["fatalities_best"] == "#affected+killed"
    assert tag_of["place_name"] == "#loc+name"
    assert tag_of["perpetrator_name"] == "#org+perpetrator"
    assert all(t.startswith("#") for t in tags)


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(exported: Record) -> None:
    row = by_id(export_text(export_frame(exported), ExportFormat.CSV))["x-2"]
    assert row["place_name"] == '\'=HYPERLINK("http://example.org")'
    assert row["perpetrator_name"] == "'@rebels"
    assert neutralise_cell(-2) == -2 and neutralise_cell("-2") == "'-2"


def test_public_export_withholds_confidential_sources_and_generalises_points(exported: Record) -> None:
    first = by_id(export_text(export_frame(exported), ExportFormat.CSV))["x-1"]
    assert (first["lat"], first["lon"], first["source_name"]) == ("33.57", "36.41", WITHHELD)
    centre = export_frame(exported, edition=Edition.CENTRE).set_index("incident_id").loc["x-1"]
    assert centre["lat"] == pytest.approx(33.56789) and centre["source_name"] == "Monitor Team Bravo-7"


def test_geojson_puts_longitude_first_and_filters_by_zone_and_date(exported: Record) -> None:
    doc = json.loads(export_text(export_frame(exported, zone="idlib", since=date(2017, 5, 1)), ExportFormat.GEOJSON))
    assert [f["id"] for f in doc["features"]] == ["x-2"]
    assert doc["features"][0]["geometry"]["coordinates"] == [36.56, 35.61]


def test_export_command_writes_hxl_to_a_file(exported: Record, db_url: str, tmp_path: Path) -> None:
    _register()
    out = tmp_path / "incidents.hxl.csv"
    result = CliRunner().invoke(app, ["--db", db_url, "export", "--format", "hxl", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert rows_of(out.read_text(encoding="utf-8"))[1][0] == "#event+id"
