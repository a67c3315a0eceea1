"""The spine from the command line: what a user types in the README does what it says."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.intake.agreement_file import packaged_agreement_path

runner = CliRunner()
_register()

DEMO_CSV = Path(packaged_agreement_path("astana-2017")).parents[2] / "demo" / "incidents.csv"
ZONE_IDS = ["idlib", "northern-homs", "eastern-ghouta", "south"]


def cf(db: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.output


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "demo.db"
    code, out = cf(db, "demo")
    assert code == 0, out
    return db


def _counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t: conn.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("agreements", "zones", "zone_versions", "incidents", "zone_assignments", "audit_events")
        }


def test_demo_prints_the_four_zones_with_incident_counts(demo_db: Path, tmp_path: Path) -> None:
    code, out = cf(tmp_path / "again.db", "demo")
    assert code == 0
    for zone in ZONE_IDS:
        assert zone in out
    assert "audit chain intact" in out


def test_zones_list_as_json_gives_the_four_zone_ids(demo_db: Path) -> None:
    code, out = cf(demo_db, "zones", "list", "--format", "json")
    assert code == 0
    assert [z["id"] for z in json.loads(out)] == ZONE_IDS


def test_no_zone_is_in_force_before_the_memorandum(demo_db: Path) -> None:
    code, out = cf(demo_db, "zones", "list", "--at", "2017-05-01", "--format", "json")
    assert code == 0 and json.loads(out) == []


def test_zones_list_as_geojson_is_a_feature_collection(demo_db: Path) -> None:
    code, out = cf(demo_db, "zones", "list", "--at", "2017-06-01", "--format", "geojson")
    assert code == 0
    doc = json.loads(out)
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 4


def test_audit_verify_passes_on_the_demo_database(demo_db: Path) -> None:
    code, out = cf(demo_db, "audit", "verify")
    assert code == 0 and "intact" in out


@pytest.mark.parametrize(
    "tamper",
    [
        "update audit_events set payload = substr(payload, 1, length(payload) - 1) || ',\"x\":1}' where seq = 5",
        "update audit_events set payload = payload || ' ' where seq = 2",
        "update audit_events set actor = 'someone else' where seq = 3",
        "delete from audit_events where seq = 4",
        "delete from audit_events where seq = (select max(seq) from audit_events)",
        "update audit_events set seq = -seq where seq in (6, 7); "
        "update audit_events set seq = 7 where seq = -6; update audit_events set seq = 6 where seq = -7",
    ],
    ids=["payload-changed", "payload-respaced", "actor-changed", "middle-deleted", "newest-deleted", "two-swapped"],
)
def test_audit_verify_fails_naming_the_event_after_tampering(demo_db: Path, tamper: str) -> None:
    with sqlite3.connect(demo_db) as conn:
        conn.executescript(tamper)
    code, out = cf(demo_db, "audit", "verify")
    assert code != 0
    assert "broken at event" in out


def test_a_malformed_agreement_is_refused_and_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    shutil.copytree(packaged_agreement_path("astana-2017").parent, folder)
    toml = folder / "agreement.toml"
    toml.write_text(
        toml.read_text()
        .replace('id = "astana-2017"', 'id = "astana-2018"')
        .replace('bound_sides = ["government", "opposition"]', 'bound_sides = ["government", "rebels"]')
    )
    before = _counts(demo_db)
    code, out = cf(demo_db, "agreement", "load", str(toml))
    assert code == 1
    assert "provisions[2].bound_sides[1]" in out and "'rebels'" in out
    assert _counts(demo_db) == before


def test_a_self_intersecting_zone_amendment_is_refused_and_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[36.3, 35.5], [36.9, 36.1], [36.9, 35.5], [36.3, 36.1], [36.3, 35.5]]],
    }
    path = tmp_path / "bow.geojson"
    path.write_text(json.dumps(bow_tie))
    before = _counts(demo_db)
    code, out = cf(demo_db, "zones", "amend", "idlib", str(path), "--valid-from", "2017-09-15", "--basis", "test")
    assert code == 1
    assert "self-intersect" in out and "36.6" in out
    assert _counts(demo_db) == before


def test_a_csv_with_a_bad_row_is_refused_whole_naming_the_value(demo_db: Path, tmp_path: Path) -> None:
    rows = DEMO_CSV.read_text().splitlines()
    header, first = rows[0], rows[1]
    bad = first.replace("demo-0001", "new-0001", 1)
    path = tmp_path / "bad.csv"
    path.write_text(
        "\n".join([header, first.replace("demo-0001", "new-0002", 1), bad.replace("2017-02-01", "01/02/2017", 1)])
        + "\n"
    )
    before = _counts(demo_db)
    code, out = cf(demo_db, "incidents", "import", str(path))
    assert code == 1
    assert "record 2" in out and "01/02/2017" in out
    after = _counts(demo_db)
    assert after.pop("audit_events") == before.pop("audit_events") + 1  # the quarantining itself is audited
    assert after == before
    with sqlite3.connect(demo_db) as conn:
        reasons = [r[0] for r in conn.execute("select reason from quarantine")]
        last_action = conn.execute("select action from audit_events order by seq desc limit 1").fetchone()[0]
    assert any("01/02/2017" in r for r in reasons)
    assert last_action == "import.rejected"


def test_importing_the_same_file_twice_adds_nothing(demo_db: Path) -> None:
    before = _counts(demo_db)
    code, out = cf(demo_db, "incidents", "import", str(DEMO_CSV))
    assert code == 0 and "already imported" in out
    assert _counts(demo_db) == before


def test_amending_a_zone_moves_only_the_affected_incidents(demo_db: Path, tmp_path: Path) -> None:
    with sqlite3.connect(demo_db) as conn:
        geometry = json.loads(
            conn.execute("select geometry from zone_versions where zone_id='northern-homs'").fetchone()[0]
        )
    from shapely.geometry import mapping, shape

    smaller = shape(geometry).buffer(-0.05)
    path = tmp_path / "homs.geojson"
    path.write_text(json.dumps(mapping(smaller)))
    code, out = cf(
        demo_db, "zones", "amend", "northern-homs", str(path), "--valid-from", "2018-01-01", "--basis", "JWG map"
    )
    assert code == 0, out
    code, out = cf(demo_db, "zones", "list", "--at", "2017-12-31", "--format", "json")
    assert [z["version"] for z in json.loads(out) if z["id"] == "northern-homs"] == [1]
    code, out = cf(demo_db, "zones", "list", "--at", "2018-01-01", "--format", "json")
    assert [z["version"] for z in json.loads(out) if z["id"] == "northern-homs"] == [2]
    code, out = cf(demo_db, "audit", "verify")
    assert code == 0
