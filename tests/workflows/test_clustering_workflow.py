"""Clustering stored claims: incremental linking as reports arrive equals a bulk rebuild, and
an analyst's merges, splits and verifications are audited, reversible and kept by rebuilds."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from ceasefire.analysis.dedup import cluster
from ceasefire.analysis.verification import TransitionRefused
from ceasefire.domain.reports import Claim
from ceasefire.domain.statuses import EventType, IncidentStatus, ObservationMethod, Side, Stance
from ceasefire.errors import InvalidInput
from ceasefire.storage import audit_log, claim_links_repo, incidents_repo, verdicts_repo
from ceasefire.storage.record import Record
from ceasefire.storage.schema import claims as claims_table
from ceasefire.workflows.clustering import link_claims, rebuild
from ceasefire.workflows.curation import merge_incidents, split_incident
from ceasefire.workflows.verification import verify_incident
from claim_factory import claim
from claims_in_record import incident_of, partition, store_report

DOUMA = ("Douma", 36.4027, 33.57175)
HARASTA = ("Harasta", 36.36515, 33.55869)
KAFRANBEL = ("Kafranbel", 36.56449, 35.61376)

#: report id -> (outlet, claims); four events, told by several voices.
REPORTS: dict[str, tuple[str, list[Claim]]] = {
    "r1": ("Enab Baladi", [claim("a1", "r1", place=DOUMA, said_by="Syrian Civil Defence", deaths=(4, 5, 6))]),
    "r2": ("SANA", [claim("a2", "r2", place=DOUMA, said_by="SANA", stance=Stance.DENIES, on=("terrorists", Side.HTS))]),
    "r3": (
        "Gulf Times (Reuters)",
        [
            claim("a3", "r3", place=DOUMA, said_by="Gulf Times", deaths=(None, 3, None)),
            claim(
                "c1",
                "r3",
                place=HARASTA,
                by=Side.OPPOSITION,
                sub="Shelling/artillery/missile attack",
                said_by="SANA",
                on=("Harasta", Side.UNKNOWN),
            ),
        ],
    ),
    "r4": (
        "TASS",
        [
            claim(
                "b1",
                "r4",
                "2017-07-10",
                place=KAFRANBEL,
                admin1="Idlib",
                by=Side.RUSSIA,
                said_by="Russian Defence Ministry",
                on=("HTS position", Side.HTS),
            )
        ],
    ),
    "r5": (
        "Orient News",
        [
            claim(
                "b2",
                "r5",
                "2017-07-10",
                place=KAFRANBEL,
                admin1="Idlib",
                by=Side.RUSSIA,
                said_by="Osama Abu Zeid",
                on=("a market", Side.CIVILIANS),
            )
        ],
    ),
    "r6": ("SOHR", [claim("d1", "r6", "2017-06-02", place=DOUMA, event=EventType.BATTLES, sub="Armed clash")]),
}
ALL = [c for _, cs in REPORTS.values() for c in cs]


def _arrive(record: Record, order: list[str]) -> None:
    for rid in order:
        outlet, claims = REPORTS[rid]
        store_report(record, rid, outlet, claims)
        with record.transaction("test") as tx:
            link_claims(tx, [c.id for c in claims])


@pytest.mark.parametrize("seed", [1, 2])
def test_claims_linked_as_reports_arrive_in_any_order_give_the_incidents_a_rebuild_gives(
    astana_record: Record, seed: int
) -> None:
    order = sorted(REPORTS)
    random.Random(seed).shuffle(order)
    _arrive(astana_record, order)
    expected = {c.claim_ids for c in cluster(ALL)}
    assert partition(astana_record) == expected == {("a1", "a2", "a3"), ("b1", "b2"), ("c1",), ("d1",)}
    again = rebuild(astana_record, actor="test")
    assert again.moved == 0 and not again.created and not again.retired
    assert partition(astana_record) == expected
    with astana_record.reader() as conn:
        assert audit_log.verify(conn) is None


def test_an_incident_built_from_claims_takes_its_fields_status_zone_and_verdicts_from_them(
    astana_record: Record,
) -> None:
    _arrive(astana_record, sorted(REPORTS))
    douma = incident_of(astana_record, "a1")
    with astana_record.reader() as conn:
        inc = incidents_repo.load_incidents(conn, ids=[douma])[0]
        zone = incidents_repo.current_assignments(conn, [douma])[douma][0]
        verdicts = {v.provision_id: v for v in verdicts_repo.current_verdicts(conn, [douma])[douma]}
        history = verdicts_repo.status_history(conn, douma)
    assert (inc.fatalities.low, inc.fatalities.best, inc.fatalities.high) == (3, 3, 6)
    assert inc.status is IncidentStatus.CONTESTED and history[-1].to is IncidentStatus.CONTESTED
    assert (zone.zone_id, zone.relation) == ("eastern-ghouta", "inside")
    ceasefire = verdicts["cessation-of-hostilities"]
    assert str(ceasefire.verdict) == "contested"
    names = {f["name"] for f in ceasefire.trace}
    assert {"zone", "perpetrator", "target", "exemption", "incident date", "agreement in force"} <= names


def _claim_count(record: Record) -> int:
    with record.reader() as conn:
        return int(conn.execute(select(func.count()).select_from(claims_table)).scalar_one())


def test_merge_split_and_verify_are_audited_reversible_and_the_audit_chain_holds(astana_record: Record) -> None:
    _arrive(astana_record, sorted(REPORTS))
    stored = _claim_count(astana_record)
    douma, idlib, harasta = (incident_of(astana_record, c) for c in ("a1", "b1", "c1"))
    before = partition(astana_record)

    merge_incidents(astana_record, douma, idlib, note="one operation", actor="analyst")
    assert ("a1", "a2", "a3", "b1", "b2") in partition(astana_record)
    with astana_record.reader() as conn:
        assert idlib not in verdicts_repo.current_verdicts(conn, [idlib])  # retired: not counted twice
    back = split_incident(astana_record, douma, ["b1", "b2"], note="two places after all", actor="analyst")
    assert back.revived and back.other_id == idlib and partition(astana_record) == before
    with astana_record.reader() as conn:
        assert verdicts_repo.current_verdicts(conn, [idlib])[idlib]

    part = split_incident(astana_record, idlib, ["b2"], actor="analyst")
    assert not part.revived and ("b2",) in partition(astana_record)
    merge_incidents(astana_record, idlib, part.other_id, actor="analyst")
    assert partition(astana_record) == before

    verify_incident(
        astana_record, harasta, IncidentStatus.VERIFIED, ObservationMethod.CAMERA, "monitor video", actor="analyst"
    )
    with pytest.raises(TransitionRefused):
        verify_incident(
            astana_record, harasta, IncidentStatus.REFUTED, ObservationMethod.REPORTED, "rumour", actor="analyst"
        )
    verify_incident(
        astana_record, harasta, IncidentStatus.ALLEGED, ObservationMethod.REPORTED, "video was older", actor="analyst"
    )

    assert rebuild(astana_record, actor="test").moved == 0
    assert partition(astana_record) == before
    assert _claim_count(astana_record) == stored
    with astana_record.reader() as conn:
        assert audit_log.verify(conn) is None
        actions = [e.action for e in audit_log.events_for(conn, "incident", douma)]
        history = [(h.frm, h.to, h.automatic) for h in verdicts_repo.status_history(conn, harasta)]
        links = claim_links_repo.link_history(conn, idlib)
    assert "incident.merged" in actions and "incident.split" in actions
    assert history == [
        (None, IncidentStatus.ALLEGED, True),
        (IncidentStatus.ALLEGED, IncidentStatus.VERIFIED, False),
        (IncidentStatus.VERIFIED, IncidentStatus.ALLEGED, False),
    ]
    assert any(link.unlinked_at is not None for link in links) and all(link.actor for link in links)


def test_a_refused_transition_stores_nothing(astana_record: Record) -> None:
    _arrive(astana_record, ["r6"])
    d1 = incident_of(astana_record, "d1")
    with astana_record.reader() as conn:
        head = audit_log.head(conn)
    with pytest.raises(TransitionRefused, match="observation"):
        verify_incident(astana_record, d1, IncidentStatus.VERIFIED, ObservationMethod.REPORTED, "", actor="analyst")
    with pytest.raises(TransitionRefused, match="follows from the claims"):
        verify_incident(astana_record, d1, IncidentStatus.CONTESTED, ObservationMethod.SAW, "x", actor="analyst")
    with astana_record.reader() as conn:
        assert audit_log.head(conn) == head


def test_splitting_claims_an_incident_does_not_hold_is_refused(astana_record: Record) -> None:
    _arrive(astana_record, ["r1", "r2"])
    douma = incident_of(astana_record, "a1")
    with pytest.raises(InvalidInput, match="not in incident"):
        split_incident(astana_record, douma, ["b1"], actor="analyst")
    with pytest.raises(InvalidInput, match="empty"):
        split_incident(astana_record, douma, ["a1", "a2"], actor="analyst")
