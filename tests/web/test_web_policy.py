"""The access policy as pure rules: each role against each kind of object (DESIGN.md §2)."""

from __future__ import annotations

from ceasefire.domain.access import (
    PUBLIC,
    Action,
    IncidentFacts,
    ReportFacts,
    Viewer,
    coordinate_decimals,
    may,
    sees_incident,
    sees_report,
    shows_monitor_identity,
)
from ceasefire.domain.statuses import Confidentiality, Role

ANALYST = Viewer(Role.ANALYST, "u-analyst", "analyst")
MONITOR = Viewer(Role.MONITOR, "u-monitor", "monitor")
GOV = Viewer(Role.PARTY_LIAISON, "u-gov", "gov", "government")
OPP = Viewer(Role.PARTY_LIAISON, "u-opp", "opp", "opposition")
RUSSIA = Viewer(Role.GUARANTOR_LIAISON, "u-ru", "ru", "russia", frozenset({"idlib", "idlib-security-zone"}))
IDLE_GUARANTOR = Viewer(Role.GUARANTOR_LIAISON, "u-x", "x", "nobody")
OBSERVER = Viewer(Role.OBSERVER, "u-obs", "obs")
EVERYONE = (ANALYST, MONITOR, GOV, OPP, RUSSIA, IDLE_GUARANTOR, OBSERVER, PUBLIC)


def test_a_party_liaison_never_sees_another_partys_confidential_submission() -> None:
    complaint = ReportFacts(Confidentiality.PARTY, "opposition", "u-opp")
    assert sees_report(OPP, complaint) and sees_report(ANALYST, complaint)
    assert [v.name for v in EVERYONE if sees_report(v, complaint)] == ["analyst", "opp"]


def test_a_monitors_report_is_seen_by_the_centre_its_author_and_active_guarantors() -> None:
    report = ReportFacts(Confidentiality.CENTRE, None, "u-monitor")
    assert [v.name for v in EVERYONE if sees_report(v, report)] == ["analyst", "monitor", "ru"]


def test_public_material_is_seen_by_everyone() -> None:
    assert all(sees_report(v, ReportFacts(Confidentiality.PUBLIC, None, None)) for v in EVERYONE)


def test_observers_and_the_public_only_read() -> None:
    for viewer in (OBSERVER, PUBLIC, IDLE_GUARANTOR):
        assert [a for a in Action if may(viewer, a)] == [Action.READ]


def test_each_role_writes_only_its_own_kind_of_report() -> None:
    assert may(MONITOR, Action.SUBMIT_MONITOR_REPORT) and not may(MONITOR, Action.SUBMIT_COMPLAINT)
    assert may(GOV, Action.SUBMIT_COMPLAINT) and not may(GOV, Action.SUBMIT_MONITOR_REPORT)
    assert not may(Viewer(Role.PARTY_LIAISON, "u", "u", None), Action.SUBMIT_COMPLAINT)
    assert [v.name for v in EVERYONE if may(v, Action.PUBLISH_INCIDENT)] == ["analyst"]


def test_unpublished_incidents_are_seen_by_the_centre_and_the_guarantors_of_their_zone() -> None:
    in_idlib = IncidentFacts(published=False, zone_id="idlib-security-zone")
    elsewhere = IncidentFacts(published=False, zone_id="south")
    assert [v.name for v in EVERYONE if sees_incident(v, in_idlib)] == ["analyst", "ru"]
    assert [v.name for v in EVERYONE if sees_incident(v, elsewhere)] == ["analyst"]
    assert all(sees_incident(v, IncidentFacts(published=True, zone_id=None)) for v in EVERYONE)


def test_the_public_and_parties_get_coordinates_to_about_a_kilometre() -> None:
    exact = [v.name for v in EVERYONE if coordinate_decimals(v, monitor_reported=False) is None]
    assert exact == ["analyst", "monitor", "ru", "x", "obs"]
    of_monitors = [v.name for v in EVERYONE if coordinate_decimals(v, monitor_reported=True) is None]
    assert of_monitors == ["analyst", "ru", "x"]


def test_a_monitor_is_named_to_the_centre_and_guarantors_only() -> None:
    assert [v.name for v in EVERYONE if shows_monitor_identity(v, own=False)] == ["analyst", "ru", "x"]
    assert shows_monitor_identity(MONITOR, own=True)
