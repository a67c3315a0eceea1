"""The analysts' actions and the derived views over HTTP: verify, assess, statistics, the
bulletin register and evidence uploads, each behind `domain.access`."""

from __future__ import annotations

from web_world import World


def test_only_an_analyst_may_verify_or_assess(world: World) -> None:
    verify = {"status": "verified", "method": "saw", "note": "seen by a team"}
    url = f"/incidents/{world.ids['monitor_incident']}/verify"
    for who, status in [("monitor", 403), ("observer", 403), ("usa", 403), (None, 401)]:
        headers = world.headers(who) if who else {}
        assert world.client.post(url, json=verify, headers=headers).status_code == status, who
        assert world.client.post("/assess", json={}, headers=headers).status_code == status, who
    assessed = world.client.post("/assess", json={}, headers=world.headers("analyst"))
    assert assessed.status_code == 200 and assessed.json()["incidents"] >= 2


def test_an_analyst_verifies_an_incident_under_the_rules(world: World) -> None:
    url = f"/incidents/{world.ids['monitor_incident']}/verify"
    done = world.client.post(
        url, json={"status": "verified", "method": "saw", "note": "team on site"}, headers=world.headers("analyst")
    )
    if done.status_code == 200:
        assert done.json()["to_status"] == "verified"
    else:  # the rules may refuse this step; then they say which rule, as a conflict
        assert (done.status_code, done.json()["code"]) == (409, "transition_refused")
    bad = world.client.post(url, json={"status": "verified", "method": "saw", "x": 1}, headers=world.headers("analyst"))
    assert (bad.status_code, bad.json()["pointer"]) == (422, "/x")


def test_statistics_are_grouped_as_asked_and_bad_groupings_are_422(world: World) -> None:
    table = world.client.get("/stats?by=zone").json()
    assert table["by"] == ["zone"] and sum(r["incidents"] for r in table["rows"]) >= 1
    assert world.client.get("/stats?by=nonsense").status_code == 422


def test_a_day_without_a_published_bulletin_is_404(world: World) -> None:
    assert world.client.get("/bulletins").json() == {"items": []}
    assert world.client.get("/bulletins/2017-08-10").status_code == 404


def test_evidence_goes_only_onto_ones_own_report(world: World) -> None:
    upload = {"file": ("note.txt", b"seen from the road", "text/plain")}
    theirs = f"/reports/{world.ids['monitor_report']}/evidence"
    # A guarantor may read the monitor's report but not add to it; another monitor may not even see it.
    assert world.client.post(theirs, files=upload, headers=world.headers("usa")).status_code == 403
    assert world.client.post(theirs, files=upload, headers=world.headers("monitor2")).status_code == 404
    hidden = f"/reports/{world.ids['complaint_report']}/evidence"
    assert world.client.post(hidden, files=upload, headers=world.headers("monitor")).status_code == 404
    assert world.client.post(theirs, files=upload).status_code == 401
