"""The gazetteer: every reported spelling resolves to its place first, with a reason."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from shapely import Point
from typer.testing import CliRunner

from ceasefire.cli.geocode import register
from ceasefire.domain.statuses import GeoPrecision
from ceasefire.errors import InvalidInput, NotFound
from ceasefire.geo import gazetteer_store
from ceasefire.geo.boundaries import admin1_polygons, find_governorate
from ceasefire.geo.gazetteer import Gazetteer, GazetteerPlace
from ceasefire.settings import Settings

KHAN_SHAYKHUN = "geonames:168325"
MAARRAT = "geonames:167611"
KAFRANBEL = "geonames:168661"
TALBISEH = "geonames:163779"
QUNEITRA = "geonames:173334"
DARAA = "geonames:170905"
DOUMA = "geonames:170592"
JISR = "geonames:169023"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.packaged()


def _top(gazetteer: Gazetteer, name: str, admin1: str | None = None) -> GazetteerPlace:
    ranked = gazetteer.resolve(name, admin1=admin1)
    assert ranked, f"nothing matched {name!r}"
    return ranked[0].place


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Khan Sheikhoun", KHAN_SHAYKHUN),
        ("Khan Shaykhun", KHAN_SHAYKHUN),
        ("Khan Shaykhoun", KHAN_SHAYKHUN),
        ("Maarat al-Numan", MAARRAT),
        ("Ma'arrat an-Nu'man", MAARRAT),
        ("Kafranbel", KAFRANBEL),
        ("Kafr Nabl", KAFRANBEL),
        ("Talbiseh", TALBISEH),
        ("Talbisah", TALBISEH),
        ("Quneitra", QUNEITRA),
        ("Qunaitera", QUNEITRA),
        ("Daraa", DARAA),
        ("Deraa", DARAA),
        ("Dar'a", DARAA),
        ("Douma", DOUMA),
        ("Duma", DOUMA),
        ("Jisr al-Shughur", JISR),
        ("Jisr ash-Shughur", JISR),
    ],
)
def test_each_reported_spelling_resolves_to_its_place_first(gazetteer: Gazetteer, spelling: str, place_id: str) -> None:
    assert _top(gazetteer, spelling).id == place_id


@pytest.mark.parametrize(
    ("spelling", "place_id"),
    [
        ("Khan Shaikhoun", KHAN_SHAYKHUN),
        ("Maaret al-Nouman", MAARRAT),
        ("Kfar Nubl", KAFRANBEL),
        ("Talbisa", TALBISEH),
        ("Qunaytra", QUNEITRA),
        ("Dera'a", DARAA),
        ("Dooma", DOUMA),
        ("Jisr el-Choughour", JISR),
    ],
)
def test_unseen_spellings_resolve_by_rule(gazetteer: Gazetteer, spelling: str, place_id: str) -> None:
    assert _top(gazetteer, spelling).id == place_id


def test_khan_sheikhoun_is_the_town_at_its_coordinates(gazetteer: Gazetteer) -> None:
    place = _top(gazetteer, "Khan Sheikhoun")
    assert place.lat == pytest.approx(35.44, abs=0.01) and place.lon == pytest.approx(36.65, abs=0.01)
    assert place.admin1 == "Idleb" and place.admin1_pcode == "SY07"
    assert place.precision is GeoPrecision.TOWN


def test_reasons_name_the_match_level(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Khan Shaykhun")[0].reason == "exact name"
    assert gazetteer.resolve("Khan Sheikhun")[0].reason == "alternate name"
    assert gazetteer.resolve("Khan Shaykhoun")[0].reason == "normalised match"
    assert gazetteer.resolve("Khan Shaykhum")[0].reason.startswith("fuzzy 0.")


def test_scores_fall_with_the_match_level(gazetteer: Gazetteer) -> None:
    scores = [gazetteer.resolve(n)[0].score for n in ("Khan Shaykhun", "Khan Sheikhun", "Khan Shaykhoun")]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 3
    assert all(0.0 <= c.score <= 1.0 for c in gazetteer.resolve("Arbin", limit=10))


def test_admin1_context_decides_between_homonyms(gazetteer: Gazetteer) -> None:
    assert _top(gazetteer, "Arbin", admin1="Rural Damascus").name == "‘Irbīn"
    assert _top(gazetteer, "Arbin", admin1="Hama").name == "al-Arbain"
    assert "+admin1 matches context" in gazetteer.resolve("Arbin", admin1="Hama")[0].reason


def test_wrong_context_does_not_let_a_weak_match_beat_an_exact_name(gazetteer: Gazetteer) -> None:
    ranked = gazetteer.resolve("Jobar", admin1="Rural Damascus")  # Jobar lies just inside Damascus
    assert ranked[0].place.name == "Jobar" and "differs from context" in ranked[0].reason


def test_admin1_context_accepts_any_spelling(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Saraqib", admin1="Idlib") == gazetteer.resolve("Saraqib", admin1="Idleb")


def test_a_town_ranks_before_its_governorate_of_the_same_name(gazetteer: Gazetteer) -> None:
    ranked = gazetteer.resolve("Homs")
    assert [c.place.feature_class for c in ranked[:2]] == ["P", "A"]


def test_province_words_ask_for_the_governorate(gazetteer: Gazetteer) -> None:
    assert _top(gazetteer, "Idlib province").id == "ocha:SY07"
    assert _top(gazetteer, "northern Hama countryside").id == "ocha:SY05"
    assert _top(gazetteer, "Damascus countryside").id == "ocha:SY03"
    assert _top(gazetteer, "Rif Dimashq").precision is GeoPrecision.PROVINCE


def test_settlement_words_ask_for_the_town(gazetteer: Gazetteer) -> None:
    assert _top(gazetteer, "Daraa city").id == DARAA
    assert _top(gazetteer, "the town of Talbiseh").id == TALBISEH
    assert [c.place.feature_class for c in gazetteer.resolve("Homs city")] == ["P"]


def test_unlocated_place_resolves_to_its_governorate_never_a_point(gazetteer: Gazetteer) -> None:
    place = _top(gazetteer, "Tel Mannas")
    assert place.lon is None and place.lat is None and place.admin1 == "Idleb"
    assert place.precision is GeoPrecision.PROVINCE
    reported = place.to_place("Tal Mnas")
    assert not reported.resolved and reported.admin1 == "Idleb" and reported.name == "Tal Mnas"


def test_ties_go_to_the_larger_population() -> None:
    small = GazetteerPlace("t:1", "Zeta", (), 36.0, 35.0, "P", "PPL", 100, "Idleb", "SY07", "test")
    big = replace(small, id="t:2", population=5000)
    assert Gazetteer([small, big]).resolve("Zeta")[0].place.id == "t:2"


def test_extend_adds_places_and_replaces_same_ids(gazetteer: Gazetteer) -> None:
    new = GazetteerPlace("test:1", "Qaryat Test", ("Test Village",), 36.6, 35.6, "P", "PPL", 10, "Idleb", "SY07", "t")
    moved = replace(gazetteer.get(DOUMA), lat=33.6)
    extended = gazetteer.extend([new, moved])
    assert len(extended) == len(gazetteer) + 1
    assert extended.resolve("Test Village")[0].place == new
    assert extended.get(DOUMA).lat == 33.6 and gazetteer.get(DOUMA).lat != 33.6


def test_unknown_id_is_not_found(gazetteer: Gazetteer) -> None:
    with pytest.raises(NotFound, match="geonames:0"):
        gazetteer.get("geonames:0")


@pytest.mark.parametrize(
    ("name", "admin1", "limit", "bad"), [("", None, 5, "''"), ("Douma", "Narnia", 5, "Narnia"), ("Douma", None, 0, "0")]
)
def test_bad_queries_name_the_bad_value(
    gazetteer: Gazetteer, name: str, admin1: str | None, limit: int, bad: str
) -> None:
    with pytest.raises(InvalidInput, match=bad):
        gazetteer.resolve(name, admin1=admin1, limit=limit)


def test_nonsense_matches_nothing(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("Xqzwv Plmk") == []


def test_surface_forms_are_latin_and_cover_alternates(gazetteer: Gazetteer) -> None:
    forms = {(form, place.id) for form, place in gazetteer.surface_forms()}
    assert ("Khan Sheikhun", KHAN_SHAYKHUN) in forms and ("Kafr Nabl", KAFRANBEL) in forms
    assert ("خان شيخون", KHAN_SHAYKHUN) not in forms


def test_admin1_names_are_the_ocha_governorates(gazetteer: Gazetteer) -> None:
    assert gazetteer.admin1_names() == list(admin1_polygons())
    assert len(gazetteer.admin1_names()) == 14


def test_every_governorate_is_a_place_with_its_spellings(gazetteer: Gazetteer) -> None:
    governorates = [p for p in gazetteer if p.feature_class == "A"]
    assert sorted(p.admin1 or "" for p in governorates) == sorted(gazetteer.admin1_names())
    assert {"Idlib", "Rif Dimashq", "Deraa", "Qunaitera"} <= {n for p in governorates for n in p.alternate_names}


def test_located_places_lie_in_the_ocha_polygon_of_their_admin1(gazetteer: Gazetteer) -> None:
    polygons = admin1_polygons()
    wrong = [
        (p.id, p.admin1)
        for p in gazetteer
        if p.located
        and p.admin1
        and p.feature_class != "A"
        and any(poly.covers(Point(p.lon, p.lat)) for name, poly in polygons.items() if name != p.admin1)
    ]
    assert wrong == []
    assert all(find_governorate(p.admin1 or "") for p in gazetteer if p.admin1)


def test_packaged_gazetteer_loads_fast() -> None:
    start = time.perf_counter()
    fresh = Gazetteer(gazetteer_store.parse_places(gazetteer_store.packaged_text(), "packaged"))
    fresh.resolve("Saraqib")
    assert time.perf_counter() - start < 1.0


def test_packaged_file_is_what_the_build_makes_from_shared_data(shared_data: Path) -> None:
    from ceasefire.geo.gazetteer_build import build_places

    places, _ = build_places(shared_data / "gazetteer")
    assert gazetteer_store.format_places(places) == gazetteer_store.packaged_text()


def test_user_gazetteer_is_merged_over_the_packaged_one(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    extra = GazetteerPlace("geonames:999", "Qaryat Test", (), 36.5, 35.5, "P", "PPL", 1, "Idleb", "SY07", "t")
    gazetteer_store.write_places(gazetteer_store.user_gazetteer_path(settings), [extra])
    assert Gazetteer.load(settings).resolve("Qaryat Test")[0].place == extra
    assert Gazetteer.load(Settings(data_dir=tmp_path / "empty")) is Gazetteer.packaged()


def test_geocode_command_prints_ranked_candidates_as_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CEASEFIRE_DATA_DIR", str(tmp_path))
    app = typer.Typer()
    app.callback()(lambda: None)
    register(app)
    result = CliRunner().invoke(app, ["geocode", "Khan Sheikhoun", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows[0]["name"] == "Khān Shaykhūn" and rows[0]["rank"] == 1
    assert rows[0]["lat"] == pytest.approx(35.44, abs=0.01) and rows[0]["lon"] == pytest.approx(36.65, abs=0.01)
    assert {"score", "reason", "precision", "admin1"} <= set(rows[0])
