"""The REST API over a real record (SQLite and PostgreSQL): resources, filters, pages, formats,
submissions, and the errors bad input gets."""

from __future__ import annotations

import csv
import io
import json

from web_world import COMPLAINT_SECRET, MONITOR_SECRET, World, report_body


def _ids(response_json: dict) -> list[str]:  # type: ignore[type-arg]
    return [f["id"] for f in response_json["features"]]


def test_agreements_are_listed_and_an_unknown_one_is_404(world: World) -> None:
    listed = world.client.get("/agreements").json()
    assert [a["id"] for a in listed] == ["north-2017", "sw-2017"]
    assert world.client.get("/agreements/north-2017").json()["parties"][0]["role"] == "guarantor"
    missing = world.client.get("/agreements/nowhere")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")


def test_zones_show_only_the_versions_in_force_on_the_date(world: World) -> None:
    before = world.client.get("/zones?at=2017-05-01").json()
    after = world.client.get("/zones?at=2017-06-01").json()
    assert before["features"] == []
    assert sorted(_ids(after)) == ["north-security-zone@1", "north@1", "south-west-security-zone@1", "south-west@1"]
    belt = next(f for f in after["features"] if f["id"] == "north-security-zone@1")
    assert belt["properties"]["derived"] and belt["properties"]["kind"] == "security-zone"


def test_the_public_sees_published_incidents_only_with_generalised_coordinates(world: World) -> None:
    public = world.client.get("/incidents").json()
    assert sorted(_ids(public)) == ["open-north", "open-south"]
    for f in public["features"]:
        for value in f["geometry"]["coordinates"]:
            assert round(value, 2) == value
    analyst = world.client.get("/incidents", headers=world.headers("analyst")).json()
    assert set(_ids(analyst)) == {
        "open-north",
        "open-south",
        world.ids["monitor_incident"],
        world.ids["complaint_incident"],
    }
    exact = next(f for f in analyst["features"] if f["id"] == "open-north")
    assert exact["geometry"]["coordinates"] == [36.8051234, 35.8623456]


def test_filters_by_bbox_time_zone_type_and_status(world: World) -> None:
    h = world.headers("analyst")
    get = lambda q: sorted(_ids(world.client.get("/incidents?" + q, headers=h).json()))  # noqa: E731
    assert get("bbox=35.9,35.4,37.1,36.6") == sorted(["open-north", world.ids["monitor_incident"]])
    assert get("start=2017-07-01&end=2017-07-31") == ["open-south"]
    assert get("zone=south-west") == sorted(["open-south", world.ids["complaint_incident"]])
    assert get("event_type=Battles") == ["open-south"]
    assert get("status=alleged&bbox=36.7,35.8,36.9,35.9") == ["open-north"]
    assert get("status=refuted") == []


def test_keyset_pages_walk_every_incident_once(world: World) -> None:
    seen: list[str] = []
    after = None
    while True:
        url = "/incidents?limit=1" + (f"&after={after}" if after else "")
        page = world.client.get(url, headers=world.headers("analyst")).json()
        seen += _ids(page)
        after = page["next"]
        if after is None:
            break
    assert len(seen) == len(set(seen)) == 4


def test_a_negative_or_oversized_limit_and_a_forged_cursor_are_422_with_a_pointer(world: World) -> None:
    for query, pointer in [
        ("limit=-1", "/limit"),
        ("limit=10000000", "/limit"),
        ("after=not-a-cursor", "/after"),
        ("bbox=1,2,3", "/bbox"),
        ("bbox=nan,1,2,3", "/bbox"),
        ("start=2017-08-01&end=2017-07-01", "/end"),
        ("start=01/02/2017", "/start"),
        ("status=bogus", "/status/0"),
    ]:
        r = world.client.get("/incidents?" + query)
        assert r.status_code == 422, query
        assert r.json()["pointer"] == pointer, (query, r.json())
        assert r.json()["in"] == "query"


def test_csv_and_hxl_exports_neutralise_formula_cells(world: World) -> None:
    body = report_body("monitor-report", lon=36.5, lat=35.7, text="x")
    body["where"] = {"place": '=HYPERLINK("http://evil")', "lon": 36.5, "lat": 35.7}
    posted = world.client.post(
        "/reports", json=body, headers={**world.headers("monitor"), "Idempotency-Key": "formula-0001"}
    )
    assert posted.status_code == 201, posted.text
    text = world.client.get("/incidents?format=csv&limit=100", headers=world.headers("analyst")).text
    places = [row["place"] for row in csv.DictReader(io.StringIO(text))]
    assert '\'=HYPERLINK("http://evil")' in places
    hxl = list(csv.reader(io.StringIO(world.client.get("/incidents?format=hxl").text)))
    assert hxl[1][0] == "#event+id" and {r[0] for r in hxl[2:]} == {"open-north", "open-south"}


def test_incident_detail_puts_the_claims_side_by_side_with_verdicts(world: World) -> None:
    story = world.client.get(f"/incidents/{world.ids['monitor_incident']}", headers=world.headers("analyst")).json()
    assert [c["report_id"] for c in story["claims"]] == [world.ids["monitor_report"]]
    assert MONITOR_SECRET in story["claims"][0]["text"]
    assert story["claims"][0]["source"] == "monitor"
    assert story["verdicts"] and story["verdicts"][0]["trace"]


def test_a_replayed_submission_returns_the_same_201_body_and_stores_one_report(world: World) -> None:
    headers = {**world.headers("monitor2"), "Idempotency-Key": "replay-key-0001"}
    body = report_body("monitor-report", lon=36.4, lat=35.8, text="once")
    first = world.client.post("/reports", json=body, headers=headers)
    second = world.client.post("/reports", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    mine = world.client.get("/reports", headers=world.headers("monitor2")).json()["items"]
    assert [r["id"] for r in mine if r["claims"][0]["text"] == "once"] == [first.json()["id"]]
    other = world.client.post("/reports", json={**body, "text": "changed"}, headers=headers)
    assert (other.status_code, other.json()["code"]) == (409, "conflict")


def test_reports_can_be_neither_replaced_nor_deleted(world: World) -> None:
    url = f"/reports/{world.ids['monitor_report']}"
    for method in ("PUT", "DELETE", "PATCH"):
        assert world.client.request(method, url, headers=world.headers("analyst")).status_code == 405


def test_fields_a_role_may_not_write_are_refused_not_ignored(world: World) -> None:
    headers = {**world.headers("monitor"), "Idempotency-Key": "mass-assign-01"}
    for field, value in [("status", "verified"), ("party_id", "opposition"), ("received_at", "2017-01-01T00:00:00Z")]:
        body = report_body("monitor-report", lon=36.4, lat=35.8, text="x", **{field: value})
        r = world.client.post("/reports", json=body, headers=headers)
        assert (r.status_code, r.json()["pointer"]) == (422, f"/{field}"), r.json()
    complaint_fields = report_body("complaint", lon=36.1, lat=32.7, text="x", observed_by="saw")
    r = world.client.post(
        "/reports", json=complaint_fields, headers={**world.headers("opp"), "Idempotency-Key": "mass-assign-02"}
    )
    assert (r.status_code, r.json()["pointer"]) == (422, "/observed_by")
    # A monitor may not make its report confidential to a party: that is a liaison's to choose.
    party_only = report_body("monitor-report", lon=36.4, lat=35.8, text="x", confidentiality="party")
    r = world.client.post("/reports", json=party_only, headers={**headers, "Idempotency-Key": "mass-assign-03"})
    assert (r.status_code, r.json()["pointer"]) == (422, "/confidentiality"), r.json()


def test_roles_file_only_their_own_kind_of_report(world: World) -> None:
    monitor_body = report_body("monitor-report", lon=36.4, lat=35.8, text="x")
    complaint = report_body("complaint", lon=36.1, lat=32.7, text="x")
    cases = [
        ("monitor", complaint, 403),
        ("opp", monitor_body, 403),
        ("observer", monitor_body, 403),
        (None, monitor_body, 401),
    ]
    for k, (who, body, status) in enumerate(cases):
        headers = {**(world.headers(who) if who else {}), "Idempotency-Key": f"role-check-{k:04d}"}
        assert world.client.post("/reports", json=body, headers=headers).status_code == status, who


def test_swapped_coordinates_are_refused_with_a_hint(world: World) -> None:
    body = report_body("monitor-report", lon=35.9, lat=36.6, text="x")
    body["where"] = {"place": "Swapped", "lon": 35.93, "lat": 38.9}
    r = world.client.post(
        "/reports", json=body, headers={**world.headers("monitor"), "Idempotency-Key": "swapped-0001"}
    )
    assert r.status_code == 422 and "swap" in r.json()["message"]


def test_strict_json_refusals_are_400_with_a_pointer(world: World) -> None:
    headers = {**world.headers("monitor"), "Idempotency-Key": "strict-json-01", "Content-Type": "application/json"}
    good = json.dumps(report_body("monitor-report", lon=36.4, lat=35.8, text="x"))
    cases = [
        (good.replace('"best": 2', '"best": NaN'), "/casualties/killed/best"),
        (good.replace('"text": "x"', '"text": "x", "text": "y"'), "/text"),
        (good.replace('"text": "x"', '"text": "\\ud800"'), "/text"),
        (good.replace('"text": "x"', '"text": "a\\u0000b"'), "/text"),
        (good.replace('"best": 2', '"best": 1e400'), "/casualties/killed/best"),
        ("[" * 100 + "]" * 100, None),
        ("{not json", None),
    ]
    for raw, pointer in cases:
        r = world.client.post("/reports", content=raw.encode("utf-8", "surrogatepass"), headers=headers)
        assert r.status_code == 400, (raw[:60], r.text)
        assert r.json()["pointer"] == pointer, r.json()


def test_an_oversized_body_is_413_before_it_is_parsed(world: World) -> None:
    body = report_body("monitor-report", lon=36.4, lat=35.8, text="x" * (2 * 1024 * 1024))
    r = world.client.post(
        "/reports", json=body, headers={**world.headers("monitor"), "Idempotency-Key": "too-big-0001"}
    )
    assert (r.status_code, r.json()["code"]) == (413, "body_too_large")


def test_a_revoked_user_is_refused_at_the_next_request(world: World) -> None:
    from ceasefire.workflows.users import revoke_user

    assert world.client.get("/me", headers=world.headers("observer")).status_code == 200
    revoke_user(world.record, "observer")
    r = world.client.get("/me", headers=world.headers("observer"))
    assert (r.status_code, r.json()["code"]) == (401, "unauthenticated")


def test_a_password_buys_a_token_and_a_wrong_one_does_not(world: World) -> None:
    ok = world.client.post("/tokens", json={"name": "gov", "password": "gov-password-long"})
    assert ok.status_code == 201
    me = world.client.get("/me", headers={"Authorization": f"Bearer {ok.json()['token']}"}).json()
    assert (me["role"], me["party_id"]) == ("party-liaison", "government")
    bad = world.client.post("/tokens", json={"name": "gov", "password": "wrong-password"})
    nobody = world.client.post("/tokens", json={"name": "nobody", "password": "wrong-password"})
    assert bad.status_code == nobody.status_code == 401
    assert bad.json()["message"] == nobody.json()["message"]


def test_publishing_puts_an_incident_on_the_public_map_without_its_confidential_claims(world: World) -> None:
    incident = world.ids["monitor_incident"]
    assert world.client.get(f"/incidents/{incident}").status_code == 404
    assert world.client.post(f"/incidents/{incident}/publish", headers=world.headers("monitor")).status_code == 403
    published = world.client.post(f"/incidents/{incident}/publish", headers=world.headers("analyst"))
    assert published.json() == {"incident_id": incident, "published": True, "changed": True}
    story = world.client.get(f"/incidents/{incident}").json()
    assert story["claims"] == [] and story["incident"]["source"] is None
    assert story["incident"]["lon"] == round(story["incident"]["lon"], 2)
    assert incident in _ids(world.client.get("/incidents").json())
    assert MONITOR_SECRET not in world.client.get("/incidents?format=csv").text


def test_pages_carry_a_csp_without_unsafe_inline(world: World) -> None:
    page = world.client.get("/")
    policy = page.headers["content-security-policy"]
    assert page.status_code == 200 and "unsafe-inline" not in policy and "script-src 'self'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert world.client.get("/vendor/leaflet/leaflet.js").status_code == 200


def test_the_openapi_contract_lists_every_resource(world: World) -> None:
    paths = world.client.get("/openapi.json").json()["paths"]
    for path in ("/agreements", "/zones", "/incidents", "/incidents/{incident_id}", "/reports", "/tokens", "/me"):
        assert path in paths
    assert "put" not in paths["/reports/{report_id}"] and "delete" not in paths["/reports/{report_id}"]


def test_a_party_complaint_is_visible_to_its_party_only(world: World) -> None:
    url = f"/reports/{world.ids['complaint_report']}"
    assert COMPLAINT_SECRET in world.client.get(url, headers=world.headers("opp")).text
    for who in ("gov", "monitor", "observer", "russia", "usa", None):
        r = world.client.get(url, headers=world.headers(who) if who else {})
        assert r.status_code == 404, who


def test_the_list_follows_the_record_as_it_changes(world: World) -> None:
    assert sorted(_ids(world.client.get("/incidents").json())) == ["open-north", "open-south"]
    incident = world.ids["complaint_incident"]
    world.client.post(f"/incidents/{incident}/publish", headers=world.headers("analyst"))
    assert incident in _ids(world.client.get("/incidents").json())
    body = report_body("monitor-report", lon=36.9, lat=36.3, text="later")
    body["when"] = "2017-11-02T09:00:00+03:00"
    posted = world.client.post(
        "/reports", json=body, headers={**world.headers("monitor"), "Idempotency-Key": "later-0001"}
    )
    later = world.client.get("/incidents?start=2017-11-01&end=2017-11-30", headers=world.headers("analyst")).json()
    assert [f["properties"]["place"] for f in later["features"]] == ["Test place"]
    assert posted.json()["claims"][0]["text"] == "later"


def test_the_map_pages_fetch_nothing_from_elsewhere_and_never_inject_markup() -> None:
    from importlib.resources import files

    static = files("ceasefire.web") / "static"
    for item in static.iterdir():
        text = item.read_text()
        assert "http://" not in text and "https://" not in text and "//cdn" not in text, item.name
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "bindPopup", "bindTooltip"):
            assert sink not in text, (item.name, sink)
        assert "<script>" not in text and " style=" not in text, item.name
