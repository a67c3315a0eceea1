"""Every endpoint x every role x objects owned by someone else: nothing leaks (BAD_INPUTS row 62).

The expectations are written out here, not derived from the policy module, so that a wrong
rule in the policy fails this test instead of being copied into it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
from web_world import COMPLAINT_SECRET, MONITOR_SECRET, USERS, World, report_body

ROLES = [*USERS, "public"]

#: Who may learn of each confidential object; everyone else must never see its marker.
MAY_SEE = {
    "complaint_report": {"analyst", "opp"},
    "monitor_report": {"analyst", "monitor", "russia", "usa"},
    "complaint_incident": {"analyst", "usa"},
    "monitor_incident": {"analyst", "russia"},
}
#: Roles whose every coordinate must be generalised to 2 decimals.
GENERALISED = {"public", "gov", "opp"}

Call = tuple[str, str, dict[str, Any]]


def _calls(world: World, who: str) -> dict[tuple[str, str], list[Call]]:
    """The requests to make per (method, route path); every API route must have an entry."""
    ids = world.ids
    kind = "complaint" if who in ("gov", "opp") else "monitor-report"
    lon, lat = (36.1, 32.7) if kind == "complaint" else (36.4, 35.8)
    body = report_body(kind, lon=lon, lat=lat, text=f"matrix {who}")
    verify = {"status": "verified", "method": "saw", "note": "matrix"}
    upload = {"file": ("note.txt", b"seen from the road", "text/plain")}
    owned = {"opp": "complaint_report", "monitor": "monitor_report"}.get(who)
    others = [] if who == "analyst" else [ids[n] for n in ("complaint_report", "monitor_report") if n != owned]
    return {
        ("GET", "/agreements"): [("GET", "/agreements", {})],
        ("GET", "/agreements/{agreement_id}"): [("GET", "/agreements/sw-2017", {})],
        ("GET", "/zones"): [("GET", "/zones?at=2017-08-10", {})],
        ("GET", "/incidents"): [
            ("GET", f"/incidents?format={f}&limit=10000", {}) for f in ("geojson", "json", "csv", "hxl")
        ]
        + [("GET", "/incidents?zone=south-west&zone=north&start=2017-08-01", {})],
        ("GET", "/incidents/{incident_id}"): [
            ("GET", f"/incidents/{ids['complaint_incident']}", {}),
            ("GET", f"/incidents/{ids['monitor_incident']}", {}),
        ],
        ("POST", "/incidents/{incident_id}/publish"): [("POST", "/incidents/no-such-incident/publish", {})]
        + (
            []
            if who == "analyst"
            else [
                ("POST", f"/incidents/{ids['complaint_incident']}/publish", {}),
                ("POST", f"/incidents/{ids['monitor_incident']}/publish", {}),
            ]
        ),
        ("GET", "/reports"): [("GET", "/reports?limit=200", {})],
        ("GET", "/reports/{report_id}"): [
            ("GET", f"/reports/{ids['complaint_report']}", {}),
            ("GET", f"/reports/{ids['monitor_report']}", {}),
        ],
        ("POST", "/reports"): [("POST", "/reports", {"json": body, "headers": {"Idempotency-Key": f"matrix-{who}"}})],
        ("POST", "/incidents/{incident_id}/verify"): [("POST", "/incidents/no-such-incident/verify", {"json": verify})]
        + (
            []
            if who == "analyst"
            else [
                ("POST", f"/incidents/{ids['complaint_incident']}/verify", {"json": verify}),
                ("POST", f"/incidents/{ids['monitor_incident']}/verify", {"json": verify}),
            ]
        ),
        ("POST", "/assess"): [("POST", "/assess", {"json": {"since": "2030-01-01"}})],
        ("GET", "/stats"): [("GET", "/stats?by=zone,month", {})],
        ("GET", "/bulletins"): [("GET", "/bulletins", {})],
        ("GET", "/bulletins/{day}"): [("GET", "/bulletins/2017-08-10", {})],
        # Only reports the caller did not file: attaching to one's own writes files, tested elsewhere.
        ("POST", "/reports/{report_id}/evidence"): [
            ("POST", f"/reports/{report}/evidence", {"files": upload}) for report in ["no-such-report", *others]
        ],
        ("POST", "/tokens"): [("POST", "/tokens", {"json": {"name": "opp", "password": "not-the-password"}})],
        ("GET", "/me"): [("GET", "/me", {})],
        ("GET", "/map-config"): [("GET", "/map-config", {})],
        ("GET", "/boundaries/{name}"): [("GET", "/boundaries/country", {})],
    }


def _api_routes(world: World) -> set[tuple[str, str]]:
    """Every operation of the OpenAPI contract, as (METHOD, path)."""
    paths = world.client.get("/openapi.json").json()["paths"]
    return {(method.upper(), path) for path, ops in paths.items() for method in ops}


def _responses(world: World, who: str) -> Iterator[tuple[Call, httpx.Response]]:
    for calls in _calls(world, who).values():
        for method, url, kwargs in calls:
            headers = {**world.headers(who if who != "public" else None), **kwargs.pop("headers", {})}  # type: ignore[arg-type]
            yield (method, url, kwargs), world.client.request(method, url, headers=headers, **kwargs)


def _coordinates(value: Any, own: set[str]) -> Iterator[float]:
    """Every point coordinate in a response: `lon`/`lat` fields and GeoJSON Points (zone and
    boundary polygons are agreed lines, not places of people), except in the caller's own
    reports, whose places the caller typed in."""
    if isinstance(value, dict):
        if value.get("report_id") in own or value.get("id") in own:
            return
        if value.get("type") == "Point":
            yield from value["coordinates"]
        for k, v in value.items():
            if k in ("lon", "lat") and isinstance(v, float):
                yield v
            elif isinstance(v, dict | list):
                yield from _coordinates(v, own)
    elif isinstance(value, list):
        for v in value:
            yield from _coordinates(v, own)


def test_every_api_route_is_in_the_matrix(world: World) -> None:
    assert _api_routes(world) == set(_calls(world, "public"))


def test_no_role_sees_what_it_may_not_on_any_endpoint(world: World) -> None:
    markers: dict[str, list[str]] = {
        "complaint_report": [COMPLAINT_SECRET, world.ids["complaint_report"]],
        "monitor_report": [MONITOR_SECRET, world.ids["monitor_report"]],
        "complaint_incident": [world.ids["complaint_incident"]],
        "monitor_incident": [world.ids["monitor_incident"]],
    }
    for who in ROLES:
        forbidden = [(name, m) for name, ms in markers.items() if who not in MAY_SEE[name] for m in ms]
        for (method, url, _), response in _responses(world, who):
            assert response.status_code < 500, (who, method, url, response.text)
            text = response.text
            if method == "GET" and any(m in url for _, m in forbidden):
                assert response.status_code == 404, (who, url)
                continue
            if any(m in url for _, m in forbidden):  # a write on a hidden object: refused, echoing only the URL
                assert response.status_code in (401, 403, 404), (who, method, url)
                continue
            for name, marker in forbidden:
                assert marker not in text, f"{who} {method} {url} leaks {name}"


def test_a_hidden_object_is_answered_exactly_like_a_missing_one(world: World) -> None:
    for who in ROLES:
        h = world.headers(who if who != "public" else None)  # type: ignore[arg-type]
        for name, path in [("complaint_incident", "/incidents/"), ("complaint_report", "/reports/")]:
            if who in MAY_SEE[name]:
                continue
            hidden = world.client.get(path + world.ids[name], headers=h)
            missing = world.client.get(path + "0" * len(world.ids[name]), headers=h)
            assert (
                (hidden.status_code, hidden.json()["code"])
                == (missing.status_code, missing.json()["code"])
                == (
                    404,
                    "not_found",
                )
            )
        for incident in ("complaint_incident", "monitor_incident"):
            if who == "analyst":
                continue
            hidden = world.client.post(f"/incidents/{world.ids[incident]}/publish", headers=h)
            missing = world.client.post("/incidents/no-such-incident/publish", headers=h)
            assert hidden.status_code == missing.status_code in (401, 403), who


def test_those_who_may_see_an_object_do(world: World) -> None:
    for name, roles in MAY_SEE.items():
        path = ("/reports/" if name.endswith("report") else "/incidents/") + world.ids[name]
        for who in roles:
            assert world.client.get(path, headers=world.headers(who)).status_code == 200, (who, name)


def test_generalised_roles_never_get_more_than_two_decimals(world: World) -> None:
    world.client.post(f"/incidents/{world.ids['monitor_incident']}/publish", headers=world.headers("analyst"))
    for who in GENERALISED:
        own = {world.ids["complaint_report"]} if who == "opp" else set()
        for (method, url, _), response in _responses(world, who):
            if "json" not in response.headers.get("content-type", ""):
                continue
            body = json.loads(response.text)
            if method == "POST" and url == "/reports" and response.status_code == 201:
                own.add(body["id"])
            for value in _coordinates(body, own):
                assert round(value, 2) == value, (who, url, value)


def test_a_monitor_is_named_only_to_the_centre_the_guarantors_and_itself(world: World) -> None:
    world.client.post(f"/incidents/{world.ids['monitor_incident']}/publish", headers=world.headers("analyst"))
    report = world.client.post(
        "/reports",
        json=report_body("monitor-report", lon=36.45, lat=35.85, text="public one", confidentiality="public"),
        headers={**world.headers("monitor2"), "Idempotency-Key": "public-monitor-1"},
    ).json()
    seen: Callable[[str | None], str] = lambda who: world.client.get(  # noqa: E731
        f"/reports/{report['id']}", headers=world.headers(who) if who else {}
    ).json()["source"]
    assert {who: seen(who) for who in ("analyst", "monitor2", "usa")} == dict.fromkeys(
        ("analyst", "monitor2", "usa"), "monitor2"
    )
    assert {seen(who) for who in ("gov", "observer", "monitor", None)} == {"monitor"}
