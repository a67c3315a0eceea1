"""Violence cues and ACLED types: what makes a clause an incident, and what does not."""

from __future__ import annotations

import pytest

from ceasefire.domain.statuses import EventType
from ceasefire.extract.events import classify, find_cues

ER, BATTLES = EventType.EXPLOSIONS_REMOTE_VIOLENCE, EventType.BATTLES


def kind(text: str) -> tuple[EventType, str | None]:
    cues = find_cues(text)
    assert cues, text
    return classify(cues)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jets bombed the outskirts of the town overnight.", (ER, "Air/drone strike")),
        ("Warplanes pounded the villages.", (ER, "Air/drone strike")),
        ("Rebels fired mortar rounds at the suburb.", (ER, "Shelling/artillery/missile attack")),
        ("A roadside bomb exploded near the checkpoint.", (ER, "Remote explosive/landmine/IED")),
        ("Fierce clashes broke out on the edge of the village.", (BATTLES, "Armed clash")),
        ("Gunmen abducted two aid workers.", (EventType.VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance")),
        ("Residents staged a protest in the square.", (EventType.PROTESTS, "Peaceful protest")),
    ],
)
def test_cues_give_acled_types(text: str, expected: tuple[EventType, str | None]) -> None:
    assert kind(text) == expected


def test_the_means_outrank_the_word_offensive() -> None:
    assert kind("The army began an offensive with tanks and air strikes on two towns.") == (ER, "Air/drone strike")


def test_an_attack_with_no_means_is_a_battle_without_sub_type() -> None:
    assert kind("The village was under attack all day.") == (BATTLES, None)


def test_a_bare_hit_takes_the_means_the_item_names_elsewhere() -> None:
    title_means = find_cues("Artillery duels on the front line")[0]
    assert classify(find_cues("Fighters hit army positions."), default_means=title_means) == (
        ER,
        "Shelling/artillery/missile attack",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Air strikes and shelling are banned inside the zones.",
        "The parties pledged to stop shelling the suburbs.",
        "The army vowed not to shell the enclave.",
        "Fighting would resume if the deadline passed.",
        "The deal halted the offensive for a week.",
        "Civilians must be able to live without being targeted.",
        "The large operation had not yet begun.",
        "Clashes subsided after the announcement.",
    ],
)
def test_banned_halted_negated_or_foreseen_acts_are_not_incidents(text: str) -> None:
    assert find_cues(text) == []


def test_a_modal_before_a_comma_does_not_block_what_follows() -> None:
    text = "He said any truce should cover the whole country, saying the town remains under attack."
    assert [c.text for c in find_cues(text)] == ["under attack"]


def test_cues_carry_offsets() -> None:
    cue = find_cues("Rebels shelled the town.", offset=10)[0]
    assert (cue.start, cue.end, cue.text) == (17, 24, "shelled")
