"""General behaviours that held-out-style items need and the development set never exercised.

Every sentence here is invented for this file (none comes from ../shared/data). Tests marked
xfail(strict=True) describe behaviour that is missing today: a general fix flips them, and the
strict marker then fails until the mark is removed. Each gap was found by scoring invented
held-out-style items (kept outside the repository) with ../shared/eval/score.py.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from ceasefire.domain.statuses import ClaimKind
from ceasefire.extract.casualties import count_deaths
from ceasefire.extract.document import parse_document
from ceasefire.extract.jsonl import claim_json
from ceasefire.extract.pipeline import Extractor


@cache
def extractor() -> Extractor:
    return Extractor.default()


def claims(text: str, published: str, outlet: str = "Example Wire") -> list[dict[str, Any]]:
    header = f"TITLE: An invented item\nOUTLET: {outlet}\nPUBLICATION_DATE: {published}\nURL: https://example.org/u\n\n"
    doc = parse_document((header + text).encode(), name="unseen.txt")
    return [claim_json(c) for c in extractor().extract(doc).claims]


def incidents(text: str, published: str, **kwargs: Any) -> list[dict[str, Any]]:
    return [c for c in claims(text, published, **kwargs) if c["kind"] == ClaimKind.INCIDENT.value]


def of_kind(text: str, published: str, kind: str) -> list[dict[str, Any]]:
    return [c for c in claims(text, published) if c["kind"] == kind]


def towns(found: list[dict[str, Any]]) -> list[str]:
    return [c["place"]["text_name"] for c in found]


# -- guards: general behaviour that works today -------------------------------------------------


def test_a_toll_shared_by_two_towns_is_split_and_the_lower_competing_figure_is_best() -> None:
    text = (
        "Jets hit Ariha and Binnish on Saturday, killing 10 people, a rescue worker said, "
        "while a local council put the death toll at 14."
    )
    found = incidents(text, "2018-01-22")  # a Monday
    assert sorted(towns(found)) == ["Ariha", "Binnish"]
    assert all(c["fatalities"]["best"] == 5 and c["zone"] == "idlib" for c in found)


def test_a_governorate_named_with_possessive_countryside_only_contains_the_towns() -> None:
    text = "Army rocket launchers pounded Kafr Zita in Hama's northern countryside on Friday, activists said."
    found = incidents(text, "2019-06-15")
    assert towns(found) == ["Kafr Zita"] and found[0]["zone"] == "idlib"


# -- places -------------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="'Tahrir al-Sham' in a group's name is read as Damascus")
def test_a_place_name_inside_an_armed_groups_name_is_not_an_event_place() -> None:
    found = incidents("Hayat Tahrir al-Sham gunmen stormed a checkpoint in Latamneh on Sunday.", "2019-03-05")
    assert towns(found) == ["Latamneh"]


@pytest.mark.xfail(strict=True, reason="'the Daraa media office' locates the event in Daraa")
def test_a_place_name_inside_an_organisations_name_does_not_locate_the_event() -> None:
    text = "Government helicopters bombed Inkhil on Thursday, the Daraa media office said."
    found = incidents(text, "2018-02-09")
    assert towns(found) == ["Inkhil"]


@pytest.mark.xfail(strict=True, reason="an inline wire dateline ('HAMA, Syria (AP) --') is read as the event place")
def test_an_inline_wire_dateline_is_not_where_the_event_happened() -> None:
    text = "HAMA, Syria (AP) — Government jets struck a bakery in Latamneh on Monday, killing two people."
    found = incidents(text, "2019-05-21")
    assert towns(found) == ["Latamneh"]


@pytest.mark.xfail(strict=True, reason="a launch-area-only sentence starts an incident (origin fallback)")
def test_where_the_rounds_came_from_is_not_a_second_incident() -> None:
    text = (
        "Rebel rockets hit a school in Mahardah on Tuesday, state media said. "
        "The rockets were launched from villages around Latamneh, the agency added."
    )
    found = incidents(text, "2019-04-03")
    assert len(found) == 1


@pytest.mark.xfail(strict=True, reason="a town the gazetteer cannot locate but the zone file lists gets zone 'unknown'")
def test_a_listed_zone_town_without_coordinates_still_gets_its_zone() -> None:
    (claim,) = incidents("Government troops and rebels clashed on the edge of Hamouriyah on Monday.", "2017-12-12")
    assert claim["zone"] == "eastern-ghouta"


# -- whether something happened -----------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="'a lull in fighting' reads as fighting")
def test_a_lull_in_fighting_is_not_an_incident() -> None:
    text = "A lull in fighting held in Tafas and Nawa on Friday, residents said."
    assert incidents(text, "2017-07-16") == []


@pytest.mark.xfail(strict=True, reason="an expected or possible offensive reads as an offensive under way")
def test_an_expected_offensive_is_not_an_incident() -> None:
    text = "Troops massed near Saraqib on Tuesday ahead of a possible offensive, a pro-government paper reported."
    assert incidents(text, "2018-12-05") == []


@pytest.mark.xfail(strict=True, reason="a denial is emitted as a second incident claim of the same event")
def test_a_denial_does_not_add_an_incident() -> None:
    text = (
        "Warplanes struck a market in Maarat al-Numan on Sunday, killing eight people, activists said. "
        "The Russian defence ministry denied the reports, saying its aircraft had flown no missions there."
    )
    assert len(incidents(text, "2019-07-23")) == 1


# -- fatalities ---------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="a toll given in the next sentence ('killed in the fighting') is dropped")
def test_a_toll_in_the_next_sentence_belongs_to_the_event_it_refers_to() -> None:
    text = (
        "Rebels retook the village of Tal al-Harrah on Saturday after a day of clashes, opposition media said. "
        "At least 11 soldiers were killed in the fighting, the monitor said."
    )
    (claim,) = incidents(text, "2018-07-09")
    assert claim["fatalities"]["best"] == 11


@pytest.mark.xfail(strict=True, reason="a stand-alone 'No casualties were reported.' is not attached to the incident")
def test_no_casualties_in_a_sentence_of_its_own_is_zero() -> None:
    text = (
        "Mortar shells fell on the Old City of Damascus on Monday, state television said. No casualties were reported."
    )
    (claim,) = incidents(text, "2018-01-16")
    assert claim["fatalities"]["best"] == 0


@pytest.mark.xfail(strict=True, reason="victims counted by enumeration, apposition or execution are not read")
@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("the shell killed a man and his three daughters", 4),
        ("Six people, among them two paramedics, were killed in the raid", 6),
        ("the group executed five prisoners in the town square", 5),
    ],
)
def test_figures_given_by_enumeration_apposition_or_execution(text: str, best: int) -> None:
    deaths = count_deaths(text)
    assert deaths is not None and deaths.best == best


# -- attribution --------------------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="'accused of' (a participle) is read as a speech verb")
def test_accused_of_describes_victims_and_is_not_the_speaker() -> None:
    text = "Gunmen killed three men accused of smuggling in Jasim on Wednesday, local activists said."
    (claim,) = incidents(text, "2018-03-16")
    assert claim["attributed_to"] == "local activists"


# -- talks and agreements -----------------------------------------------------------------------


@pytest.mark.xfail(strict=True, reason="'put back to' / 'initially due on' are not in the status lexicons")
def test_a_round_put_back_gives_the_old_date_postponed_and_the_new_one_planned() -> None:
    text = (
        "A meeting of the guarantors in Astana, initially due on 3 March, has been put back to 9 March, officials said."
    )
    statuses = {(c["status"], c["date"]["start"]) for c in of_kind(text, "2019-02-25", "talks_round")}
    assert statuses == {("postponed", "2019-03-03"), ("planned", "2019-03-09")}


@pytest.mark.xfail(strict=True, reason="'planned for' beats a 'postponed' 13+ words from the noun")
def test_postponed_wins_over_the_earlier_plan_it_cancels() -> None:
    text = (
        "Talks of the opposition committees in Geneva, planned for 18 November "
        "and announced last month, have been postponed."
    )
    (claim,) = of_kind(text, "2017-11-10", "talks_round")
    assert claim["status"] == "postponed" and claim["date"]["start"] == "2017-11-18"


@pytest.mark.xfail(strict=True, reason="'held' in 'rebel-held' is read as a talks round held")
def test_rebel_held_is_not_a_talks_round() -> None:
    text = "Mortar rounds fired from rebel-held Jobar hit a Damascus square on Sunday, state media said."
    assert of_kind(text, "2017-09-11", "talks_round") == []


@pytest.mark.xfail(strict=True, reason="'settlement' / 'reconciliation' deals are not agreement nouns")
def test_a_settlement_reached_is_an_agreement() -> None:
    text = (
        "Fighters in Talbiseh began handing over heavy weapons on Sunday "
        "under a settlement reached with Russian officers."
    )
    assert of_kind(text, "2018-05-14", "agreement")
