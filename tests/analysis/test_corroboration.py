"""Corroboration: independent sources, sides, side-by-side accounts and the evidence status."""

from __future__ import annotations

from ceasefire.analysis.consolidate import consolidate
from ceasefire.analysis.corroboration import Provenance, corroborate, describe
from ceasefire.analysis.origins import Voices, load_affiliations
from ceasefire.domain.statuses import DatePrecision, GeoPrecision, IncidentStatus, Side, Stance
from claim_factory import astana_agreement, claim

VOICES = Voices.of([], load_affiliations())


def test_an_outlet_citing_sana_and_sana_itself_count_as_one_source() -> None:
    citing = claim("a", "r1", said_by="SANA")
    own = claim("b", "r2", said_by="SANA")
    result = corroborate([citing, own], {"r1": Provenance("Al Mayadeen"), "r2": Provenance("SANA")}, VOICES)
    assert result.independent_sources == 1
    assert result.status is IncidentStatus.ALLEGED
    assert result.sides == (Side.GOVERNMENT,)


def test_two_reprints_of_one_wire_story_count_once() -> None:
    a = claim("a", "r1", said_by="Sharjah24")
    b = claim("b", "r2", said_by="Reuters")
    prov = {"r1": Provenance("Sharjah24 (Reuters)"), "r2": Provenance("Gulf Times")}
    assert corroborate([a, b], prov, VOICES).independent_sources == 1


def test_two_reports_at_one_url_count_once() -> None:
    a = claim("a", "r1", said_by="Outlet A", deaths=(3, 3, 3))
    b = claim("b", "r2", said_by="Outlet B")
    prov = {
        "r1": Provenance("Outlet A", "https://www.example.org/story/"),
        "r2": Provenance("Outlet B", "http://example.org/story"),
    }
    assert corroborate([a, b], prov, VOICES).independent_sources == 1


def test_near_identical_claims_from_different_outlets_are_one_reprinted_text() -> None:
    a = claim("a", "r1", said_by="Outlet A", deaths=(7, 7, 7))
    b = claim("b", "r2", said_by="Outlet B", deaths=(7, 7, 7))
    different_toll = claim("c", "r3", said_by="Outlet C", deaths=(9, 9, 9))
    prov = {r: Provenance(f"Outlet {r}") for r in ("r1", "r2", "r3")}
    result = corroborate([a, b, different_toll], prov, VOICES)
    assert result.independent_sources == 2
    assert result.status is IncidentStatus.CORROBORATED


def test_an_acronym_and_the_full_name_are_one_origin() -> None:
    a = claim("a", "r1", said_by="Syrian Network for Human Rights")
    b = claim("b", "r2", said_by="SNHR")
    c = claim("c", "r3", said_by="Violations Documentation Center")
    d = claim("d", "r4", said_by="VDC")
    assert corroborate([a, b, c, d], {}, VOICES).independent_sources == 2


def test_allegation_and_denial_are_kept_side_by_side_and_make_it_contested() -> None:
    alleged = claim("a", "r1", said_by="Syrian Civil Defence")
    denied = claim("b", "r2", said_by="Russian Defence Ministry", stance=Stance.DENIES)
    result = corroborate([alleged, denied], {"r1": Provenance("Enab Baladi"), "r2": Provenance("TASS")}, VOICES)
    assert result.status is IncidentStatus.CONTESTED
    assert [a.origin.name for a in result.allegations] == ["Syrian Civil Defence"]
    assert [a.origin.name for a in result.denials] == ["Russian Defence Ministry"]
    assert "denies" in describe(result.denials[0]) and "says" in describe(result.allegations[0])


def test_a_party_to_the_agreement_is_recognised_from_the_agreement_file() -> None:
    voices = Voices.of([astana_agreement()], load_affiliations())
    denied = claim("b", "r2", said_by="Russian Defence Ministry", stance=Stance.DENIES)
    alleged = claim("a", "r1", said_by="Osama Abu Zeid")
    result = corroborate([alleged, denied], {}, voices)
    assert result.sides == (Side.OPPOSITION, Side.RUSSIA)
    assert {a.origin.key for a in result.accounts} == {"party:armed-opposition", "party:russia"}


def test_only_a_denial_on_record_is_denied() -> None:
    denied = claim("b", "r2", said_by="SANA", stance=Stance.DENIES)
    assert corroborate([denied], {}, VOICES).status is IncidentStatus.DENIED


def test_civilians_to_one_side_and_fighters_to_the_other_is_contested() -> None:
    civilians = claim("a", "r1", said_by="Syrian Civil Defence", on=("a market", Side.CIVILIANS))
    fighters = claim("b", "r2", said_by="SANA", on=("a terrorist headquarters", Side.HTS))
    result = corroborate([civilians, fighters], {}, VOICES)
    assert result.target_dispute and result.status is IncidentStatus.CONTESTED


def test_consolidated_incident_takes_the_common_date_the_most_precise_place_and_the_fatality_range() -> None:
    week = claim(
        "a",
        "r1",
        ("2018-06-19", "2018-06-22"),
        deaths=(5, 6, 9),
        place=("Daraa", None, None),
        precision=GeoPrecision.PROVINCE,
        admin1="Daraa",
    )
    day = claim(
        "b", "r2", ("2018-06-22", "2018-06-25"), deaths=(None, 4, None), place=("Busra al-Harir", 36.34, 32.8425)
    )
    denial = claim("c", "r3", "2018-06-22", stance=Stance.DENIES, deaths=(0, 0, 0))
    inc = consolidate("inc-1", [week, day, denial])
    assert (inc.date.start.isoformat(), inc.date.end.isoformat(), inc.date.precision) == (
        "2018-06-22",
        "2018-06-22",
        DatePrecision.DAY,
    )
    assert inc.place.name == "Busra al-Harir"
    assert (inc.fatalities.low, inc.fatalities.best, inc.fatalities.high) == (4, 4, 9)
