"""GeoNames country dumps: read as a stream, errors name line and field, imports are idempotent."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from ceasefire.cli.geocode import register
from ceasefire.domain.statuses import GeoPrecision
from ceasefire.errors import InvalidInput
from ceasefire.geo import gazetteer_store
from ceasefire.geo.gazetteer import Gazetteer
from ceasefire.geo.geonames_dump import import_dump, read_dump, read_geonames
from ceasefire.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "geonames"
SY_TXT = FIXTURES / "SY.txt"
ALTERNATES = FIXTURES / "alternateNamesV2.txt"


@pytest.fixture
def sy_zip(tmp_path: Path) -> Path:
    """SY.zip as GeoNames ships it, with the alternate names beside the country file."""
    path = tmp_path / "SY.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(SY_TXT, "SY.txt")
        archive.write(ALTERNATES, "alternateNamesV2.txt")
        archive.writestr("readme.txt", "fixture")
    return path


def _row(**changes: str) -> str:
    """A valid fixture line with some fields replaced."""
    fields = SY_TXT.read_text(encoding="utf-8").splitlines()[0].split("\t")
    names = {"geonameid": 0, "name": 1, "latitude": 4, "longitude": 5, "fclass": 6, "admin1": 10, "population": 14}
    for key, value in changes.items():
        fields[names[key]] = value
    return "\t".join(fields) + "\n"


def test_country_text_file_reads_every_row_with_its_fields() -> None:
    places = {p.id: p for p in read_dump(SY_TXT)}
    assert len(places) == 9
    khan = places["geonames:168325"]
    assert (khan.name, khan.lat, khan.lon, khan.population) == ("Khān Shaykhūn", 35.44208, 36.65095, 48975)
    assert (khan.feature_class, khan.feature_code, khan.admin1, khan.admin1_pcode) == ("P", "PPLA3", "Idleb", "SY07")
    assert "Khan Shaykhoun" in khan.alternate_names and "khan shykhwn" not in khan.alternate_names
    assert places["geonames:90000005"].precision is GeoPrecision.PROVINCE
    assert places["geonames:90000002"].precision is GeoPrecision.POINT


def test_zipped_alternate_names_are_added_without_codes_links_or_historic_names(sy_zip: Path) -> None:
    places = {p.id: p for p in read_dump(sy_zip)}
    assert "Khan Sheikhun" in places["geonames:168325"].alternate_names
    assert "Kabbani" in places["geonames:90000001"].alternate_names
    assert not {"KBX", "KBN"} & set(places["geonames:90000001"].alternate_names)
    assert "Emesa" not in places["geonames:169577"].alternate_names
    assert not any(n.startswith("http") for p in places.values() for n in p.alternate_names)


def test_a_separate_alternate_names_file_is_merged_too() -> None:
    places = {p.id: p for p in read_dump(SY_TXT, alternate_names=ALTERNATES)}
    assert "Taldou" in places["geonames:163596"].alternate_names


def test_rows_are_streamed_one_at_a_time() -> None:
    rows = read_geonames(io.StringIO(_row() + _row(latitude="north")), "stream")
    assert next(rows).id == "geonames:169389"
    with pytest.raises(InvalidInput, match="stream:2"):
        next(rows)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("169389\tIdlib\n", r"SY\.txt:1: 2 tab-separated fields, expected 19"),
        (_row(latitude="north"), r"SY\.txt:1: field 'latitude' is 'north', not a number"),
        (_row(longitude="236.6"), r"SY\.txt:1: field 'longitude' is '236.6', outside"),
        (_row(geonameid="x1"), r"SY\.txt:1: field 'geonameid' is 'x1'"),
        (_row(name=" "), r"SY\.txt:1: field 'name' is empty"),
        (_row(fclass="Q"), r"SY\.txt:1: field 'feature class' is 'Q'"),
        (_row(population="many"), r"SY\.txt:1: field 'population' is 'many'"),
        (_row(admin1="42"), r"SY\.txt:1: field 'admin1 code': unknown GeoNames admin1 code '42'"),
    ],
)
def test_malformed_rows_are_named_by_line_and_field(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "SY.txt"
    path.write_text(line, encoding="utf-8")
    with pytest.raises(InvalidInput, match=message):
        list(read_dump(path))


def test_a_bad_row_anywhere_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "SY.txt"
    path.write_text(_row() + _row() + _row(latitude="91"), encoding="utf-8")
    settings = Settings(data_dir=tmp_path / "data")
    with pytest.raises(InvalidInput, match=r"SY\.txt:3"):
        import_dump(path, settings)
    assert not gazetteer_store.user_gazetteer_path(settings).exists()


def test_missing_file_empty_file_and_zip_without_country_file_are_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"nowhere\.zip"):
        import_dump(tmp_path / "nowhere.zip", Settings(data_dir=tmp_path))
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no GeoNames rows"):
        import_dump(empty, Settings(data_dir=tmp_path))
    bare = tmp_path / "bare.zip"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(InvalidInput, match="expected one country file"):
        list(read_dump(bare))


def test_the_ocha_polygon_decides_the_governorate(sy_zip: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    import_dump(sy_zip, settings)
    stored = {p.id: p for p in gazetteer_store.read_places(gazetteer_store.user_gazetteer_path(settings))}
    assert stored["geonames:90000004"].admin1 == "Hama"  # its row says Idlib (code 12)
    assert (stored["geonames:90000003"].admin1, stored["geonames:90000003"].admin1_pcode) == ("Damascus", "SY01")


def test_importing_the_same_file_twice_changes_nothing(sy_zip: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = import_dump(sy_zip, settings)
    target = gazetteer_store.user_gazetteer_path(settings)
    before = (target.read_bytes(), target.stat().st_mtime_ns)
    second = import_dump(sy_zip, settings)
    assert (first.added, first.written) == (9, True)
    assert (second.added, second.updated, second.unchanged, second.written) == (0, 0, 9, False)
    assert (target.read_bytes(), target.stat().st_mtime_ns) == before


def test_imported_places_resolve_through_the_merged_gazetteer(sy_zip: Path, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    import_dump(sy_zip, settings)
    gazetteer = Gazetteer.load(settings)
    assert gazetteer.resolve("Kabbani", admin1="Latakia")[0].place.id == "geonames:90000001"
    assert len(gazetteer) == len(Gazetteer.packaged()) + 5  # four fixture-only ids are new places
    assert gazetteer.get("geonames:168325").source == "GeoNames dump"


def test_gazetteer_import_command_reports_and_is_idempotent(
    sy_zip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CEASEFIRE_DATA_DIR", str(tmp_path / "data"))
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    runner = CliRunner()
    first = runner.invoke(app, ["gazetteer", "import", str(sy_zip)])
    assert first.exit_code == 0, first.output
    assert "9 added" in first.output and "written" in first.output
    second = runner.invoke(app, ["gazetteer", "import", str(sy_zip)])
    assert second.exit_code == 0 and "9 unchanged" in second.output and "(unchanged)" in second.output
    bad = tmp_path / "bad.txt"
    bad.write_text(_row(latitude="north"), encoding="utf-8")
    failed = runner.invoke(app, ["gazetteer", "import", str(bad)])
    assert failed.exit_code == 1 and "latitude" in failed.output
