"""Verdicts on stored incidents against the packaged Astana memorandum and its zones, with
their rule traces; re-assessment when a zone is amended keeps the superseded verdicts."""

from __future__ import annotations

from datetime import date

from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import Side, Verdict
from ceasefire.storage import audit_log, verdicts_repo
from ceasefire.storage.record import Record
from ceasefire.storage.verdicts_repo import StoredVerdict
from ceasefire.workflows.assessment import assess_record
from ceasefire.workflows.clustering import link_claims
from ceasefire.workflows.zones import amend_zone
from claim_factory import claim
from claims_in_record import incident_of, store_report

DOUMA = ("Douma", 36.4027, 33.57175)
KAFRANBEL = ("Kafranbel", 36.56449, 35.61376)
AREA_1 = "basis 'Astana memorandum of 4 May 2017, area 1'"
AREA_3 = "basis 'Astana memorandum of 4 May 2017, area 3'"


def _file(record: Record, rid: str, outlet: str, *claims: Claim) -> str:
    store_report(record, rid, outlet, list(claims))
    with record.transaction("test") as tx:
        link_claims(tx, [c.id for c in claims])
    return incident_of(record, claims[0].id)


def _verdict(record: Record, incident_id: str, provision: str = "cessation-of-hostilities") -> StoredVerdict:
    with record.reader() as conn:
        return next(
            v for v in verdicts_repo.current_verdicts(conn, [incident_id])[incident_id] if v.provision_id == provision
        )


def _trace(v: StoredVerdict, name: str) -> list[str]:
    return [f"{f['value']} | {f['source']}" for f in v.trace if f["name"] == name]


def _hts_strike() -> Claim:
    return claim(
        "b1",
        "r1",
        "2017-07-10",
        place=KAFRANBEL,
        admin1="Idlib",
        by=Side.RUSSIA,
        said_by="Russian Defence Ministry",
        on=("HTS position", Side.HTS),
    )


def test_a_strike_on_an_hts_position_inside_the_idlib_zone_in_2017_is_exempt(astana_record: Record) -> None:
    incident = _file(astana_record, "r1", "TASS", _hts_strike())
    v = _verdict(astana_record, incident)
    assert v.verdict is Verdict.EXEMPT
    assert _trace(v, "zone")[0].startswith("inside idlib (de-escalation-area)") and AREA_1 in _trace(v, "zone")[0]
    assert _trace(v, "target") == ["HTS position [hts] | Russian Defence Ministry (Russian Federation), claim b1"]
    assert _trace(v, "exemption")[0].startswith("designated-groups: target designated (side hts)")
    assert _trace(v, "perpetrator")[0].startswith("russia [russia]")
    assert "town" in _trace(v, "place")[0]


def test_the_same_strike_claimed_as_a_strike_on_civilians_by_the_other_side_is_contested(astana_record: Record) -> None:
    incident = _file(astana_record, "r1", "TASS", _hts_strike())
    civilians = claim(
        "b2",
        "r2",
        "2017-07-10",
        place=KAFRANBEL,
        admin1="Idlib",
        by=Side.RUSSIA,
        said_by="Osama Abu Zeid",
        on=("a market", Side.CIVILIANS),
    )
    assert _file(astana_record, "r2", "Orient News", civilians) == incident
    v = _verdict(astana_record, incident)
    assert v.verdict is Verdict.CONTESTED
    assert sorted(_trace(v, "target")) == [
        "HTS position [hts] | Russian Defence Ministry (Russian Federation), claim b1",
        "a market [civilians] | Osama Abu Zeid (Syrian armed opposition), claim b2",
    ]
    with astana_record.reader() as conn:
        history = verdicts_repo.verdict_history(conn, incident)
    assert [(h.verdict, h.current) for h in history if h.provision_id == "cessation-of-hostilities"] == [
        (Verdict.EXEMPT, False),
        (Verdict.CONTESTED, True),
    ]


def _ghouta_strike(cid: str, day: str) -> Claim:
    return claim(cid, f"r-{cid}", day, place=DOUMA, by=Side.GOVERNMENT, on=("Douma", Side.UNKNOWN), said_by="SOHR")


def test_an_airstrike_on_a_town_in_eastern_ghouta_on_1_june_2017_by_government_forces_is_a_violation(
    astana_record: Record,
) -> None:
    incident = _file(astana_record, "r-g1", "SOHR", _ghouta_strike("g1", "2017-06-01"))
    v = _verdict(astana_record, incident)
    assert v.verdict is Verdict.VIOLATION
    assert _trace(v, "zone")[0].startswith(
        "inside eastern-ghouta (de-escalation-area), share 1.00 | zone version "
        "eastern-ghouta v1: agreed, valid 2017-05-06..open"
    )
    assert AREA_3 in _trace(v, "zone")[0]
    assert _trace(v, "event type")[0].startswith("Explosions/Remote violence / Air/drone strike")
    assert _trace(v, "perpetrator")[0].startswith("government [government]")
    assert _trace(v, "incident date")[0].startswith("2017-06-01..2017-06-01 (day) | consolidated from claims g1")
    assert _verdict(astana_record, incident, "no-military-flights").verdict is Verdict.VIOLATION


def test_the_same_airstrike_on_1_april_2017_is_outside_scope(astana_record: Record) -> None:
    incident = _file(astana_record, "r-g0", "SOHR", _ghouta_strike("g0", "2017-04-01"))
    v = _verdict(astana_record, incident)
    assert v.verdict is Verdict.OUTSIDE_SCOPE
    assert _trace(v, "incident date")[0].startswith("2017-04-01..2017-04-01 (day)")
    assert _trace(v, "agreement in force")[0].startswith("from 2017-05-06 (renewed automatically)")
    assert "not in force" in v.reason


def test_amending_a_zone_reassesses_the_incidents_it_moves_and_keeps_the_old_verdict(astana_record: Record) -> None:
    incident = _file(astana_record, "r-g1", "SOHR", _ghouta_strike("g1", "2017-06-01"))
    # A redrawn Eastern Ghouta from 20 May 2017 east of 36.52, leaving Douma 10 km outside it
    # (and outside the 5 km security zone along its line).
    shrunk = {
        "type": "Polygon",
        "coordinates": [[[36.52, 33.45], [36.65, 33.45], [36.65, 33.65], [36.52, 33.65], [36.52, 33.45]]],
    }
    amend_zone(
        astana_record,
        "eastern-ghouta",
        shrunk,
        valid_from=date(2017, 5, 20),
        basis="test map of 20 May 2017",
        actor="analyst",
    )
    v = _verdict(astana_record, incident)
    assert v.verdict is Verdict.OUTSIDE_SCOPE and v.cause == "zone eastern-ghouta amended (version 2)"
    assert "no de-escalation-area, security-zone of astana-2017" in v.reason
    with astana_record.reader() as conn:
        history = verdicts_repo.verdict_history(conn, incident)
        assert audit_log.verify(conn) is None
    assert [(h.verdict, h.current) for h in history if h.provision_id == "cessation-of-hostilities"] == [
        (Verdict.VIOLATION, False),
        (Verdict.OUTSIDE_SCOPE, True),
    ]


def test_bulk_assessment_changes_nothing_when_nothing_changed(astana_record: Record) -> None:
    _file(astana_record, "r-g1", "SOHR", _ghouta_strike("g1", "2017-06-01"))
    seen: list[tuple[int, int]] = []
    summary = assess_record(
        astana_record, since=date(2017, 1, 1), progress=lambda done, total: seen.append((done, total))
    )
    assert summary.incidents == 1 and summary.verdicts_changed == 0 and seen == [(1, 1)]
