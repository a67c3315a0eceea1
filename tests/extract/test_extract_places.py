"""Place mentions: the gazetteer decides, the words around a name set its level and its role."""

from __future__ import annotations

from functools import cache

import pytest

from ceasefire.domain.statuses import GeoPrecision
from ceasefire.extract.pipeline import Extractor
from ceasefire.extract.places import ACTOR, COMPARISON, EVENT, LANDMARK, PlaceMention, spelling_variants
from ceasefire.extract.zones import ZoneIndex, area_key, zone_aliases
from ceasefire.intake.agreement_file import load_packaged_agreement


@cache
def extractor() -> Extractor:
    return Extractor.default()


def places(text: str) -> list[PlaceMention]:
    ex = extractor()
    return ex.places.find(ex.nlp.make_doc(text))


def roles(text: str) -> dict[str, str]:
    return {m.text: m.role for m in places(text)}


def test_a_town_resolves_through_the_gazetteer_with_its_governorate() -> None:
    (mention,) = places("Jets struck Saraqib at dawn.")
    assert mention.place.admin1 == "Idleb" and mention.place.precision is GeoPrecision.TOWN
    assert mention.place.lat is not None and mention.place.lon is not None


def test_spellings_with_and_without_the_article_match() -> None:
    variants = [v.lower() for v in spelling_variants("Al Harak")]
    assert "al-harak" in variants and "harak" not in variants  # too short to stand without its article
    assert [m.gazetteer_id for m in places("Shells hit al-Harak.")] == [
        m.gazetteer_id for m in places("Shells hit Al Harak.")
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Clashes were reported in Hama province.", "Hama"),
        ("Clashes were reported in the Hama area.", "Hama"),
        ("Clashes were reported in the Damascus countryside.", "Rural Damascus"),
        ("Clashes were reported in southern Idlib.", "Idleb"),
    ],
)
def test_province_words_make_a_province(text: str, name: str) -> None:
    (mention,) = places(text)
    assert (mention.place.name, mention.place.precision) == (name, GeoPrecision.PROVINCE)
    assert mention.place.lat is None


def test_the_city_of_a_governorate_capital_stays_a_town() -> None:
    (mention,) = places("Rockets fell on Hama city.")
    assert mention.place.precision is GeoPrecision.TOWN


def test_a_zone_area_named_in_the_text_resolves_to_the_zone() -> None:
    (mention,) = places("Strikes hit the East Ghouta countryside.")
    assert mention.zone_area == "eastern-ghouta" and mention.place.lat is not None


def test_landmarks_actor_bases_and_comparisons_are_not_event_places() -> None:
    found = roles("Rebels in Douma shelled Harasta, north of Damascus, as in Zamalka last year.")
    assert found == {"Douma": ACTOR, "Harasta": EVENT, "Damascus": LANDMARK, "Zamalka": COMPARISON}


def test_near_after_a_place_is_a_landmark_near_after_an_event_is_the_place() -> None:
    found = roles("Clashes near Taldou and fighting in the Zaghbo area near Kafr Laha.")
    assert found["Taldou"] == EVENT and found["Kafr Laha"] == LANDMARK


def test_the_capital_is_the_national_capital() -> None:
    (mention,) = places("Mortars fell in the capital overnight.")
    assert mention.place.admin1 == "Damascus"


def test_unlocated_places_keep_only_their_governorate() -> None:
    (mention,) = places("Shelling hit Um Sharshouh.")
    assert mention.place.lat is None and mention.place.admin1 == "Homs"


def test_zone_aliases_come_from_the_zone_names() -> None:
    zones = load_packaged_agreement("astana-2017").zones
    aliases = {z.id: zone_aliases(z) for z in zones}
    assert aliases["northern-homs"] == ["northern Homs"] and aliases["idlib"] == ["Idlib"]
    assert area_key("the East Ghouta countryside") == area_key("Eastern Ghouta")
    assert ZoneIndex(zones).area_named("Idlib") is None  # a governorate is itself, not the zone


def test_spacy_entities_are_confirmed_by_the_gazetteer() -> None:
    ex = extractor()
    text = "Warplanes struck Maarat al-Nouman."
    start = text.index("Maarat")
    confirmed = ex.places.confirm_entities([(start, len(text) - 1, "Maarat al-Nouman", "PERSON")], text, [])
    assert [m.place.admin1 for m in confirmed] == ["Idleb"]
    assert ex.places.confirm_entities([(0, 9, "Warplanes", "ORG")], text, []) == []


def test_a_town_the_zone_file_lists_but_the_gazetteer_cannot_locate_is_in_that_zone() -> None:
    from datetime import date

    from ceasefire.domain.common import DateInterval, Place

    zones = load_packaged_agreement().zones
    unlocated = Place("Hamouriyah", None, None, GeoPrecision.PROVINCE, "Rural Damascus")
    when = DateInterval.day(date(2017, 12, 11))
    assert ZoneIndex(zones).assign(unlocated, when)[0] == "unknown"
    assert ZoneIndex(zones, {"eastern-ghouta": ["Hamouriyah"]}).assign(unlocated, when)[0] == "eastern-ghouta"
