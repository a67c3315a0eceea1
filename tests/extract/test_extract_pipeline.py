"""The pipeline end to end on invented news items: claims, zones at the event's date, spans."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import ClaimKind, EventType, Side, Stance, ZoneKind
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.extract.document import parse_document, parse_published
from ceasefire.extract.jsonl import claim_json
from ceasefire.extract.pipeline import Extractor
from ceasefire.geo.gazetteer import Gazetteer


@cache
def extractor() -> Extractor:
    return Extractor.default()


def item(text: str, published: str, outlet: str = "Example Wire", title: str = "An invented item") -> bytes:
    header = f"TITLE: {title}\nOUTLET: {outlet}\nPUBLICATION_DATE: {published}\nURL: https://example.org/x\n\n"
    return (header + text).encode()


def claims(text: str, published: str, **kwargs: Any) -> list[Claim]:
    doc = parse_document(item(text, published, **kwargs), name="item.txt")
    return list(extractor().extract(doc).claims)


def incidents(text: str, published: str, **kwargs: Any) -> list[Claim]:
    return [c for c in claims(text, published, **kwargs) if c.kind is ClaimKind.INCIDENT]


def test_an_air_strike_in_a_zone_town_with_its_day_toll_and_source() -> None:
    text = (
        "Idlib. Jets struck the main market of Saraqib on Monday, killing at least nine civilians, local medics said."
    )
    (claim,) = incidents(text, "2018-02-07")  # a Wednesday
    assert claim.event_type is EventType.EXPLOSIONS_REMOTE_VIOLENCE and claim.sub_event_type == "Air/drone strike"
    assert claim.date is not None and claim.date.start == claim.date.end == date(2018, 2, 5)
    assert claim.details["zone"] == "idlib"
    assert (claim.fatalities.low, claim.fatalities.best, claim.fatalities.high) == (9, 9, None)
    assert claim.attributed_to == "local medics"
    assert claim.target is not None and claim.target.side is Side.CIVILIANS


def test_the_span_is_the_sentence_in_the_text_after_the_header() -> None:
    text = "Homs province. Government artillery shelled Talbiseh on Sunday."
    (claim,) = incidents(text, "2018-03-13")
    assert (
        claim.span is not None
        and text[claim.span[0] : claim.span[1]] == "Government artillery shelled Talbiseh on Sunday."
    )


def test_before_the_zones_entered_into_force_an_incident_is_in_no_zone() -> None:
    (claim,) = incidents("Rebels shelled Harasta on Tuesday.", "2017-04-12")
    assert claim.details["zone"] is None


def test_a_province_straddling_a_zone_line_is_unknown() -> None:
    (claim,) = incidents("Daraa province. Helicopters dropped barrel bombs on several villages.", "2018-06-20")
    assert claim.place is not None and claim.place.lat is None and claim.details["zone"] == "unknown"


def test_a_town_outside_every_zone_is_null() -> None:
    (claim,) = incidents("Rebels fired rockets at Mhardeh on Friday, the army said.", "2019-05-11")
    assert claim.details["zone"] is None and claim.attributed_to == "army"


def test_a_breach_of_the_agreement_dates_the_event_after_entry_into_force() -> None:
    text = "Gunmen fired mortar shells at Douma on Thursday. The governor called it a breach of the truce."
    (claim,) = incidents(text, "2017")
    assert claim.date is not None and claim.date.start == date(2017, 5, 6) and claim.date.end == date(2017, 12, 31)
    assert claim.details["zone"] == "eastern-ghouta"


def test_an_undated_event_gets_the_days_before_publication() -> None:
    (claim,) = incidents("Clashes erupted on the edge of Busra al-Harir.", "2018-06-24")
    assert claim.date is not None and (claim.date.start, claim.date.end) == (date(2018, 6, 21), date(2018, 6, 24))


def test_a_denial_is_a_claim_of_the_denier() -> None:
    text = "Rebels said jets bombed Kafranbel on Monday. The defence ministry denied carrying out any strikes there."
    found = incidents(text, "2019-05-15")
    assert [(c.attributed_to, c.stance) for c in found] == [
        ("Rebels", Stance.REPORTS),
        ("defence ministry", Stance.DENIES),
    ]
    assert all(c.details["zone"] == "idlib" for c in found)


def test_talk_of_violence_that_is_banned_or_halted_is_no_incident() -> None:
    text = (
        "Astana. The guarantors agreed that air strikes would stop over the four zones. Fighting in Idlib province "
        "is banned from Saturday, and the parties vowed not to shell civilian areas."
    )
    assert incidents(text, "2017-05-05") == []


def test_a_running_toll_is_background_not_an_incident() -> None:
    assert incidents("Fighting around Hama has killed hundreds since January.", "2017-08-03") == []


def test_talks_rounds_keep_their_status_and_dates() -> None:
    text = (
        "The round planned for 3-4 March was postponed, the foreign ministry said. "
        "Delegations will meet in Geneva on 20 March instead. Experts held two days of talks in Astana last week."
    )
    rounds = [c for c in claims(text, "2017-02-28") if c.kind is ClaimKind.TALKS_ROUND]
    found = {(c.details["status"], c.date.start.isoformat(), c.details["venue"]) for c in rounds if c.date}
    assert ("postponed", "2017-03-03", None) in found or ("postponed", "2017-03-03", "Geneva") in found
    assert ("planned", "2017-03-20", "Geneva") in found
    assert ("held", "2017-02-20", "Astana") in found


def test_postponed_to_a_date_makes_that_date_a_plan() -> None:
    rounds = [
        c
        for c in claims("The next talks were postponed to mid-October.", "2017-09-20")
        if c.kind is ClaimKind.TALKS_ROUND
    ]
    assert [(c.details["status"], c.date.start.isoformat() if c.date else None) for c in rounds] == [
        ("planned", "2017-10-11")
    ]


def test_the_reference_agreement_with_its_parties_and_zones() -> None:
    text = "Moscow. Russia, Turkey and Iran signed a memorandum on four de-escalation zones on 4 May."
    (agreement,) = [c for c in claims(text, "2017-05-06") if c.kind is ClaimKind.AGREEMENT]
    out = claim_json(agreement)
    assert out["date"]["start"] == "2017-05-04" and out["parties"] == ["Russia", "Turkey", "Iran"]
    assert sorted(out["zones"]) == ["eastern-ghouta", "idlib", "northern-homs", "south"]
    assert "de-escalation" in out["name"]


def test_a_deal_only_close_or_failed_is_no_agreement() -> None:
    text = "The envoys were close to an agreement on the zones. The talks failed to reach a deal on monitors."
    assert [c for c in claims(text, "2017-07-05") if c.kind is ClaimKind.AGREEMENT] == []


def test_a_deployment_names_its_force() -> None:
    text = "Turkish troops were deployed near Saraqib, the Turkish army said. Observers could follow later."
    (deployment,) = [c for c in claims(text, "2018-04-09") if c.kind is ClaimKind.DEPLOYMENT]
    assert deployment.details["force"] == "Turkish troops" and deployment.details["zone"] == "idlib"


def test_a_call_to_deploy_is_no_deployment() -> None:
    text = "Moscow will call on allies to deploy peacekeepers in the zones."
    assert [c for c in claims(text, "2017-07-05") if c.kind is ClaimKind.DEPLOYMENT] == []


def test_the_zones_are_injected_so_any_agreement_works() -> None:
    square = {
        "type": "Polygon",
        "coordinates": [[[36.2, 35.5], [36.9, 35.5], [36.9, 36.0], [36.2, 36.0], [36.2, 35.5]]],
    }
    zone = Zone(
        "test-zone",
        "test",
        "Test zone",
        ZoneKind.DE_ESCALATION_AREA,
        (ZoneVersion("test-zone", 1, square, date(2020, 1, 1)),),
    )
    custom = Extractor(gazetteer=Gazetteer.packaged(), zones=(zone,))
    doc = parse_document(item("Jets struck Saraqib on Monday.", "2020-03-03"), name="x.txt")
    (claim,) = [c for c in custom.extract(doc).claims if c.kind is ClaimKind.INCIDENT]
    assert claim.details["zone"] == "test-zone"
    without = Extractor(gazetteer=Gazetteer.packaged())
    (bare,) = [c for c in without.extract(doc).claims if c.kind is ClaimKind.INCIDENT]
    assert bare.details["zone"] is None


def test_plain_text_without_header_uses_the_given_date_and_its_own_outlet() -> None:
    raw = b"(EXN)Government jets bombed Khan Shaykhun on Tuesday, the monitor said."
    doc = parse_document(raw, name="plain.txt", published=parse_published("2019-06-05"))
    (claim,) = [c for c in extractor().extract(doc).claims if c.kind is ClaimKind.INCIDENT]
    assert doc.outlet == "EXN" and claim.date is not None and claim.date.start == date(2019, 6, 4)


def test_same_event_told_twice_is_one_incident() -> None:
    text = "Shelling hit Douma on Monday, killing four. Medics later said the shelling of Douma killed six."
    (claim,) = incidents(text, "2018-01-10")
    assert (claim.fatalities.low, claim.fatalities.best, claim.fatalities.high) == (4, 4, 6)


def test_extract_many_keeps_the_input_order() -> None:
    docs = [
        parse_document(item(f"Rebels shelled Douma on Monday. Item {i}.", "2018-01-10"), name=f"{i}.txt")
        for i in range(5)
    ]
    assert [e.document.name for e in extractor().extract_many(docs, batch_size=2)] == [f"{i}.txt" for i in range(5)]


def test_a_count_of_registered_violations_is_not_an_incident() -> None:
    text = "Moscow. Monitors registered nine ceasefire violations in Idlib province over the past day."
    assert incidents(text, "2017-10-02") == []


def test_a_denial_without_a_place_answers_the_incident_before_it() -> None:
    text = "Hama. Rebels accused the army of shelling Kafr Zita on Tuesday. The army denied using heavy weapons."
    found = incidents(text, "2017-05-25")
    assert [(c.stance, c.place.name if c.place else None) for c in found] == [
        (Stance.ALLEGES, found[0].place.name if found[0].place else None),
        (Stance.DENIES, found[0].place.name if found[0].place else None),
    ]
    assert found[0].date == found[1].date


def test_a_governorate_seat_in_the_dateline_places_unplaced_events_in_its_province() -> None:
    (claim,) = incidents("Hama. Warplanes struck several villages overnight, activists said.", "2018-02-11")
    assert claim.place is not None and (claim.place.name, claim.place.lat) == ("Hama", None)


def test_the_national_capital_in_a_dateline_places_nothing() -> None:
    assert incidents("Damascus, 3 May 2018. Jets struck rebel positions, a monitor said.", "2018-05-03") == []


def test_the_day_something_was_said_bounds_the_event_from_above() -> None:
    (claim,) = incidents("Medics said on Friday that shelling hit Douma.", "2018-01-14")
    assert claim.date is not None and (claim.date.start, claim.date.end) == (date(2018, 1, 9), date(2018, 1, 12))


def test_a_denial_of_something_else_does_not_contest_the_incident() -> None:
    text = "Hama. Rebels shelled Mhardeh on Tuesday. The ministry denied that the talks were postponed."
    assert [c.stance for c in incidents(text, "2019-05-16")] == [Stance.REPORTS]
