"""Who says so: speakers, according to, citing, quotes, denials."""

from __future__ import annotations

import pytest

from ceasefire.domain.statuses import Stance
from ceasefire.extract.attribution import find_speakers, speaker_for


def names(text: str) -> list[str]:
    return [s.name for s in find_speakers(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The provincial health directorate said four people died.", "provincial health directorate"),
        ("Two mortar rounds hit the square, according to the Example Monitoring Group.", "Example Monitoring Group"),
        ("Rebel spokesman Ali Haddad told reporters the front was calm.", "Rebel spokesman Ali Haddad"),
        ("Example Radio, citing a local official, said the bridge was hit.", "Example Radio"),
        ("Samir Khoury, a local council member, said the bakery was destroyed.", "Samir Khoury"),
        ("The shelling stopped at dawn, Example Radio and Example TV reported.", "Example Radio and Example TV"),
        ('"The front is quiet," said Omar Nasser of the council.', "Omar Nasser of the council"),
        ("Rescue volunteers said two shells landed nearby.", "Rescue volunteers"),
        ("The defence ministry also said the drones were downed.", "defence ministry"),
    ],
)
def test_speakers(text: str, speaker: str) -> None:
    assert names(text)[0] == speaker


def test_a_denial_has_the_denier_and_the_stance() -> None:
    speaker = find_speakers("The air force denied striking the market.")[0]
    assert (speaker.name, speaker.stance) == ("air force", Stance.DENIES)


def test_a_claim_is_an_allegation() -> None:
    assert find_speakers("The rebels claimed the army shelled the town.")[0].stance is Stance.ALLEGES


def test_place_and_country_names_are_not_speech_verbs() -> None:
    assert names("Observers from the United States and the guarantor states attended.") == []


def test_each_clause_takes_its_own_speaker() -> None:
    text = "The army said it repelled a raid, and local medics said shells hit a school."
    speakers = find_speakers(text)
    second = text.index("and local")
    assert speaker_for(speakers, 0, second).name == "army"  # type: ignore[union-attr]
    assert speaker_for(speakers, second, len(text)).name == "local medics"  # type: ignore[union-attr]


def test_no_speaker_leaves_the_outlet_to_speak() -> None:
    assert find_speakers("Shells fell on the market on Sunday.") == []
