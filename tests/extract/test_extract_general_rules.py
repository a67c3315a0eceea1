"""The general rules behind held-out-style items: names that are not places, acts that did not
happen, tolls told apart from their event, denials, talks and agreement wording.

Every sentence is invented for this file; none comes from ../shared/data or from the items
used to measure the extraction.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest

from ceasefire.domain.statuses import ClaimKind, Stance
from ceasefire.extract.casualties import count_deaths
from ceasefire.extract.document import parse_document
from ceasefire.extract.events import find_cues
from ceasefire.extract.jsonl import claim_json
from ceasefire.extract.pipeline import Extractor
from ceasefire.extract.places import DATELINE, DESTINATION, EVENT, ORGANISATION, ORIGIN, PlaceMention
from ceasefire.extract.sentences import Sentence, split_clauses


@cache
def extractor() -> Extractor:
    return Extractor.default()


def output(text: str, published: str, outlet: str = "Example Wire") -> list[dict[str, Any]]:
    header = f"TITLE: An invented item\nOUTLET: {outlet}\nPUBLICATION_DATE: {published}\nURL: https://example.org/g\n\n"
    doc = parse_document((header + text).encode(), name="general.txt")
    return [claim_json(c) for c in extractor().extract(doc).claims]


def of_kind(text: str, published: str, kind: str, **kwargs: Any) -> list[dict[str, Any]]:
    return [c for c in output(text, published, **kwargs) if c["kind"] == kind]


def places(text: str) -> list[PlaceMention]:
    ex = extractor()
    return ex.places.find(ex.nlp.make_doc(text))


def roles(text: str) -> dict[str, str]:
    return {m.text: m.role for m in places(text)}


# -- places that are not where the event happened ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The Hama Military Council said rebels shelled Suran.", "Hama"),
        ("Shells hit Ariha, the Idlib Civil Defence said.", "Idlib"),
        ("Fighters of Ahrar al-Sham attacked Morek.", "al-Sham"),
    ],
)
def test_a_place_word_inside_an_organisations_name_is_not_an_event_place(text: str, name: str) -> None:
    assert roles(text)[name] == ORGANISATION


def test_the_city_of_a_wire_dateline_is_where_the_reporter_files_from() -> None:
    found = roles("ALEPPO, Syria (Reuters) — Rockets hit Azaz on Friday.")
    assert found["ALEPPO"] == DATELINE and found["Azaz"] == EVENT


def test_a_place_qualifying_where_fire_came_from_is_its_origin_unless_the_fire_landed_there() -> None:
    assert roles("The rounds were fired from farms held by gunmen near Harasta.")["Harasta"] == ORIGIN
    assert roles("A rocket fired from Jobar landed in Zamalka.")["Zamalka"] == EVENT


def test_a_destination_places_an_event_that_names_no_other_place() -> None:
    assert roles("Troops stormed into Kafr Batna.")["Kafr Batna"] == DESTINATION
    (claim,) = of_kind("Army troops stormed into Kafr Batna on Monday amid heavy clashes.", "2018-03-06", "incident")
    assert claim["place"]["text_name"] == "Kafr Batna"


def test_a_plural_province_word_makes_every_listed_name_a_province() -> None:
    found = places("Calm was reported across Hama and Idlib provinces.")
    assert [m.place.precision.value for m in found] == ["province", "province"]


def test_a_short_name_the_text_calls_a_village_is_found_in_a_violent_sentence() -> None:
    (claim,) = of_kind("Shells fell on the village of Jaba on Sunday, activists said.", "2018-07-03", "incident")
    assert claim["place"]["text_name"] == "Jaba" and claim["place"]["admin1"] == "Quneitra"


# -- acts that did not happen ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rebels dug trenches ahead of a government assault.",
        "Families fled fearing an imminent offensive.",
        "The threat of renewed air strikes hangs over the town.",
        "A respite in shelling let aid trucks in.",
        "Fighting around the town has since died down.",
        "The bombardment abated overnight.",
    ],
)
def test_an_act_foreseen_absent_or_over_is_no_cue(text: str) -> None:
    assert find_cues(text) == []


def test_a_possible_chemical_attack_is_an_alleged_event_but_a_possible_offensive_has_not_begun() -> None:
    assert [c.text for c in find_cues("what medics called a possible chemical attack")] == ["chemical attack"]
    assert find_cues("Troops gathered for a possible offensive") == []


def test_a_concessive_clause_is_a_clause_of_its_own() -> None:
    text = "Calm held in Hama, though a mortar round hit Suqaylabiyah."
    clauses = split_clauses(Sentence(0, len(text), text, 0, 0))
    assert [c.text for c in clauses] == ["Calm held in Hama", "a mortar round hit Suqaylabiyah."]


# -- tolls ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("gunmen shot dead a local council member", 1),
        ("Eleven villagers, most of them farmers, died in the blast", None),
        ("Eleven civilians, most of them farmers, died in the blast", 11),
        ("a mother and her children were killed", 3),
    ],
)
def test_victims_counted_singly_or_by_enumeration(text: str, best: int | None) -> None:
    deaths = count_deaths(text)
    assert (deaths.best if deaths else None) == best


def test_a_toll_in_the_next_sentence_goes_to_the_incident_not_to_its_denial() -> None:
    text = (
        "Jets bombed a bakery in Ariha on Monday, residents said. The defence ministry denied the reports. "
        "Five people died in the raid, medics said."
    )
    found = output(text, "2019-06-04")
    (incident,) = [c for c in found if c["kind"] == "incident"]
    assert incident["fatalities"]["best"] == 5


def test_no_casualties_in_a_later_sentence_does_not_erase_a_toll() -> None:
    text = "Rockets hit Mhardeh on Friday, killing two children. No other casualties were reported."
    (incident,) = of_kind(text, "2019-05-12", "incident")
    assert incident["fatalities"]["best"] == 2


def test_a_sentence_about_where_the_rounds_came_from_adds_no_incident() -> None:
    text = "Mortars struck Mhardeh on Friday. These mortars came from farms outside Kafr Nabudah."
    assert len(of_kind(text, "2019-05-12", "incident")) == 1


# -- denials --------------------------------------------------------------------------------------


def test_a_denial_is_written_as_a_statement_linked_to_the_incident_it_answers() -> None:
    text = "Activists said jets struck Kafranbel on Sunday. The Russian air force denied any role in the raid."
    found = output(text, "2019-05-14")
    (incident,) = [c for c in found if c["kind"] == "incident"]
    (denial,) = [c for c in found if c["kind"] == "statement" and c.get("topic") == "denial"]
    assert denial["stance"] == Stance.DENIES.value and denial["denies"] == incident["id"]
    assert denial["attributed_to"] == "Russian air force"


# -- attribution ----------------------------------------------------------------------------------


def test_the_outlet_said_is_the_last_named_medium_else_the_publisher() -> None:
    named = "Orient News reported that shells hit Binnish on Monday. Two people died in the shelling, the outlet said."
    (claim,) = of_kind(named, "2018-04-03", "incident", outlet="Example Wire")
    assert claim["attributed_to"] == "Orient News"
    bare = "Shells hit Binnish on Monday, killing two people, the paper said."
    (claim,) = of_kind(bare, "2018-04-03", "incident", outlet="Example Daily")
    assert claim["attributed_to"] == "Example Daily"


# -- talks and agreements -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "status", "start"),
    [
        ("Envoys of the guarantors convened in Astana on Tuesday for a new round of talks.", "held", "2018-03-13"),
        ("The statement came at the end of the round in Astana on Tuesday.", "held", "2018-03-13"),
        ("A further meeting is expected in Geneva on 20 March, diplomats said.", "planned", "2018-03-20"),
    ],
)
def test_talks_status_from_general_verbs(text: str, status: str, start: str) -> None:
    rounds = of_kind(text, "2018-03-15", "talks_round")
    assert (status, start) in {(c["status"], c["date"]["start"]) for c in rounds}


def test_a_sentence_opening_on_meeting_in_a_city_tells_a_round_held() -> None:
    text = "Meeting in Ankara on Tuesday, the three foreign ministers endorsed a new map of the zones."
    rounds = of_kind(text, "2018-03-15", "talks_round")
    assert ("held", "2018-03-13") in {(c["status"], c["date"]["start"]) for c in rounds}


def test_the_date_of_a_plan_since_moved_is_not_looked_ahead_for() -> None:
    text = "The next session in Geneva, earlier expected in late February, was pushed back to mid-April."
    rounds = {(c["status"], c["date"]["start"]) for c in of_kind(text, "2018-03-02", "talks_round")}
    assert rounds == {("postponed", "2018-02-21"), ("planned", "2018-04-11")}


def test_an_agreement_prolonged_takes_the_day_it_was_decided_not_the_day_it_was_said() -> None:
    text = "The guarantors decided on Monday to extend the truce around Rastan, an official said on Wednesday."
    (agreement,) = of_kind(text, "2018-05-10", ClaimKind.AGREEMENT.value)
    assert agreement["date"]["start"] == "2018-05-07"


def test_a_negation_in_another_clause_does_not_block_an_agreement() -> None:
    text = "No shot has been fired in Rastan since the arrangement took effect on Sunday, residents said."
    (agreement,) = of_kind(text, "2018-05-10", ClaimKind.AGREEMENT.value)
    assert agreement["date"]["start"] == "2018-05-06"
