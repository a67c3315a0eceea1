"""Assessment against the Astana memorandum's provisions, on small synthetic zones: each
verdict is asserted together with the rule trace that supports it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ceasefire.analysis.assessment import Assessment, IncidentFacts, assess, incident_facts
from ceasefire.analysis.consolidate import consolidate
from ceasefire.analysis.corroboration import Provenance, corroborate
from ceasefire.analysis.origins import Voices, load_affiliations
from ceasefire.domain.agreements import Agreement
from ceasefire.domain.incidents import Incident
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import (
    EventType,
    GeoPrecision,
    IncidentStatus,
    Side,
    Stance,
    Verdict,
    ZoneKind,
    ZoneRelation,
    ZoneStatus,
)
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.geo.assign import assign_places
from claim_factory import astana_agreement, claim

ASTANA = astana_agreement()
VOICES = Voices.of([ASTANA], load_affiliations())
KAFRANBEL = ("Kafranbel", 36.56449, 35.61376)
DOUMA = ("Douma", 36.4027, 33.57175)


def _box(x0: float, y0: float, x1: float, y1: float) -> dict[str, object]:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def _zone(zid: str, geometry: dict[str, object], status: ZoneStatus = ZoneStatus.AGREED) -> Zone:
    version = ZoneVersion(
        zid,
        1,
        geometry,
        date(2017, 5, 6),
        status=status,
        basis=f"synthetic {zid} for tests",
        approximate=True,
        method="a box around the zone's towns",
    )
    return Zone(zid, "astana-2017", zid, ZoneKind.DE_ESCALATION_AREA, (version,))


ZONES = (_zone("idlib", _box(36.0, 35.3, 37.2, 36.3)), _zone("eastern-ghouta", _box(36.33, 33.50, 36.55, 33.65)))


def _judge(
    claims: list[Claim],
    *,
    agreement: Agreement = ASTANA,
    zones: tuple[Zone, ...] = ZONES,
    status: IncidentStatus | None = None,
) -> dict[str, Assessment]:
    prov = {c.report_id: Provenance(f"outlet {c.report_id}") for c in claims}
    corr = corroborate(claims, prov, VOICES)
    inc: Incident = consolidate("inc-1", claims, status=status or corr.status)
    assignment = assign_places([inc.place], [inc.date.start], list(zones))
    if inc.date.end != inc.date.start:
        at_end = assign_places([inc.place], [inc.date.end], list(zones))[0]
        if at_end != assignment[0]:
            assignment = [replace(at_end, relation=ZoneRelation.POSSIBLY)]
    found = assess(incident_facts(inc, corr), [agreement], list(zones), {agreement.id: assignment})
    return {a.provision_id: a for a in found}


def _facts(a: Assessment) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in a.trace:
        out.setdefault(f.name, []).append(f"{f.value} | {f.source}")
    return out


def _hts_strike(day: str = "2017-07-10", **kw: object) -> Claim:
    return claim(
        "a",
        "r1",
        day,
        place=KAFRANBEL,
        admin1="Idlib",
        by=Side.RUSSIA,
        on=("HTS position", Side.HTS),
        said_by="Russian Defence Ministry",
        **kw,
    )  # type: ignore[arg-type]


def test_a_strike_on_an_hts_position_inside_the_idlib_zone_in_2017_is_exempt() -> None:
    verdict = _judge([_hts_strike()])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.EXEMPT
    facts = _facts(verdict)
    assert facts["zone"] == [
        "inside idlib (de-escalation-area), share 1.00 | zone version idlib v1: agreed, valid "
        "2017-05-06..open, basis 'synthetic idlib for tests'; "
        "approximate outline (its method is recorded with the version)"
    ]
    assert facts["event type"][0].startswith("Explosions/Remote violence / Air/drone strike")
    assert facts["perpetrator"][0].startswith("russia [russia]")
    assert facts["target"] == ["HTS position [hts] | Russian Defence Ministry (Russian Federation), claim a"]
    assert facts["exemption"][0].startswith("designated-groups: target designated (side hts)")
    assert "town" in facts["place"][0]
    assert verdict.trace[0].value == "astana-2017/cessation-of-hostilities"


def test_the_same_strike_claimed_as_a_strike_on_civilians_by_the_other_side_is_contested() -> None:
    civilians = claim(
        "b",
        "r2",
        "2017-07-10",
        place=KAFRANBEL,
        admin1="Idlib",
        by=Side.RUSSIA,
        on=("a market", Side.CIVILIANS),
        said_by="Osama Abu Zeid",
    )
    verdict = _judge([_hts_strike(), civilians])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.CONTESTED
    facts = _facts(verdict)
    assert sorted(facts["target"]) == [
        "HTS position [hts] | Russian Defence Ministry (Russian Federation), claim a",
        "a market [civilians] | Osama Abu Zeid (Syrian armed opposition), claim b",
    ]
    assert "Osama Abu Zeid" in verdict.reason and "designated-groups" in verdict.reason


def test_a_government_airstrike_on_a_town_in_eastern_ghouta_on_1_june_2017_is_a_violation() -> None:
    strike = claim("a", "r1", "2017-06-01", place=DOUMA, by=Side.GOVERNMENT, on=("Douma", Side.UNKNOWN))
    found = _judge([strike])
    verdict = found["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.VIOLATION
    facts = _facts(verdict)
    assert facts["agreement in force"][0].startswith("from 2017-05-06 (renewed automatically)")
    assert facts["incident date"][0].startswith("2017-06-01..2017-06-01 (day)")
    assert facts["zone"][0].startswith("inside eastern-ghouta (de-escalation-area)")
    assert "basis 'synthetic eastern-ghouta for tests'" in facts["zone"][0]
    assert facts["perpetrator"][0].startswith("government [government]")
    assert "government" in facts["bound sides"][0]
    assert found["no-military-flights"].verdict is Verdict.VIOLATION
    assert found["humanitarian-access"].verdict is Verdict.OUTSIDE_SCOPE


def test_the_same_airstrike_on_1_april_2017_is_outside_scope() -> None:
    strike = claim("a", "r1", "2017-04-01", place=DOUMA, by=Side.GOVERNMENT, on=("Douma", Side.UNKNOWN))
    verdict = _judge([strike])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.OUTSIDE_SCOPE
    facts = _facts(verdict)
    assert facts["incident date"][0].startswith("2017-04-01..2017-04-01 (day)")
    assert facts["agreement in force"][0].startswith("from 2017-05-06")
    assert "zone" not in facts and "not in force" in verdict.reason


def test_an_interval_straddling_entry_into_force_is_insufficient_information() -> None:
    strike = claim("a", "r1", ("2017-05-01", "2017-05-31"), place=DOUMA)
    verdict = _judge([strike])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.INSUFFICIENT_INFORMATION
    assert "not in force on every day" in verdict.reason


def test_a_province_only_possibly_in_a_zone_is_insufficient_information() -> None:
    strike = claim(
        "a", "r1", "2017-06-01", place=("Idlib", None, None), precision=GeoPrecision.PROVINCE, admin1="Idlib"
    )
    verdict = _judge([strike])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.INSUFFICIENT_INFORMATION
    assert _facts(verdict)["zone"][0].startswith("possibly idlib")


def test_a_strike_outside_every_zone_is_outside_scope() -> None:
    damascus = claim("a", "r1", "2017-06-01", place=("Damascus", 36.29128, 33.5102), admin1="Damascus")
    verdict = _judge([damascus])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.OUTSIDE_SCOPE
    assert "no de-escalation-area, security-zone" in verdict.reason


def test_shelling_is_outside_the_scope_of_the_no_flights_provision() -> None:
    shelling = claim("a", "r1", "2017-06-01", place=DOUMA, sub="Shelling/artillery/missile attack")
    found = _judge([shelling])
    assert found["no-military-flights"].verdict is Verdict.OUTSIDE_SCOPE
    assert found["cessation-of-hostilities"].verdict is Verdict.VIOLATION


def test_an_attack_by_a_side_the_provision_does_not_bind_is_not_a_violation() -> None:
    by_isis = claim("a", "r1", "2017-06-01", place=DOUMA, by=Side.ISIS, event=EventType.BATTLES, sub="Armed clash")
    verdict = _judge([by_isis])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.NOT_A_VIOLATION
    assert _facts(verdict)["perpetrator"][0].startswith("isis [isis]")


def test_an_unknown_perpetrator_is_insufficient_information() -> None:
    unknown = claim("a", "r1", "2017-06-01", place=DOUMA, by=Side.UNKNOWN)
    assert _judge([unknown])["cessation-of-hostilities"].verdict is Verdict.INSUFFICIENT_INFORMATION


def test_a_denied_strike_not_verified_is_contested_and_verified_is_a_violation() -> None:
    alleged = claim("a", "r1", "2017-06-01", place=DOUMA, said_by="Syrian Civil Defence")
    denied = claim("b", "r2", "2017-06-01", place=DOUMA, said_by="SANA", stance=Stance.DENIES)
    contested = _judge([alleged, denied])["cessation-of-hostilities"]
    assert contested.verdict is Verdict.CONTESTED
    assert _facts(contested)["denial"][0].startswith("SANA (Syrian Arab News Agency)")
    verified = _judge([alleged, denied], status=IncidentStatus.VERIFIED)["cessation-of-hostilities"]
    assert verified.verdict is Verdict.VIOLATION


def test_a_refuted_incident_is_not_a_violation() -> None:
    strike = claim("a", "r1", "2017-06-01", place=DOUMA)
    verdict = _judge([strike], status=IncidentStatus.REFUTED)["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.NOT_A_VIOLATION
    assert _facts(verdict)["status"][0].startswith("refuted")


def test_the_exemption_is_read_from_the_agreement_file_not_from_code() -> None:
    without = replace(ASTANA, provisions=tuple(replace(p, exemptions=()) for p in ASTANA.provisions))
    assert _judge([_hts_strike()], agreement=without)["cessation-of-hostilities"].verdict is Verdict.VIOLATION
    by_alias = claim(
        "a",
        "r1",
        "2017-07-10",
        place=KAFRANBEL,
        admin1="Idlib",
        by=Side.RUSSIA,
        on=("a Jabhat Fatah al-Sham headquarters", Side.UNKNOWN),
    )
    verdict = _judge([by_alias])["cessation-of-hostilities"]
    assert verdict.verdict is Verdict.EXEMPT
    assert "party nusra ('Jabhat Fatah al-Sham')" in _facts(verdict)["exemption"][0]


def test_a_zone_only_proposed_is_outside_scope_and_a_disputed_line_is_contested() -> None:
    strike = claim("a", "r1", "2017-06-01", place=DOUMA)
    proposed = (_zone("eastern-ghouta", _box(36.33, 33.50, 36.55, 33.65), ZoneStatus.PROPOSED),)
    assert _judge([strike], zones=proposed)["cessation-of-hostilities"].verdict is Verdict.OUTSIDE_SCOPE
    disputed = (_zone("eastern-ghouta", _box(36.33, 33.50, 36.55, 33.65), ZoneStatus.DISPUTED),)
    assert _judge([strike], zones=disputed)["cessation-of-hostilities"].verdict is Verdict.CONTESTED


def test_a_claimless_incident_is_assessed_on_its_own_fields() -> None:
    strike = claim("a", "r1", "2017-06-01", place=DOUMA)
    inc = consolidate("csv-1", [strike])
    facts: IncidentFacts = incident_facts(inc, None)
    assignment = assign_places([inc.place], [inc.date.start], list(ZONES))
    found = assess(facts, [ASTANA], list(ZONES), {"astana-2017": assignment})
    assert found[0].verdict is Verdict.VIOLATION
    assert "incident record" in found[0].trace[1].source
