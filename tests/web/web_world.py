"""The web tests' world: a small record with two agreements, users of every role, open-data
incidents, and confidential submissions made through the API itself."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from fastapi.testclient import TestClient

from ceasefire.domain.statuses import Role
from ceasefire.intake.incidents_csv import COLUMNS
from ceasefire.settings import Settings
from ceasefire.storage.record import Record
from ceasefire.web.app import create_app
from ceasefire.workflows.agreements import load_agreement_file
from ceasefire.workflows.import_incidents import import_incidents_csv
from ceasefire.workflows.users import add_user

AGREEMENT = """
format = 1

[agreement]
id = "{id}"
name = "{name}"
signed = 2017-05-04
in_force = 2017-05-06

[[parties]]
id = "{guarantor}"
name = "{guarantor}"
role = "guarantor"
side = "{guarantor}"

[[parties]]
id = "government"
name = "Government"
role = "party"
side = "government"

[[parties]]
id = "opposition"
name = "Opposition"
role = "party"
side = "opposition"

[[parties]]
id = "un"
name = "United Nations"
role = "observer"

[[provisions]]
id = "cessation"
text = "Cease hostilities, including from the air."
prohibited_event_types = ["Battles", "Explosions/Remote violence"]
bound_sides = ["government", "opposition"]

[[zones]]
id = "{zone}"
name = "{zone}"
kind = "de-escalation-area"
valid_from = 2017-05-06
basis = "test memorandum"
geometry = "zones.geojson#{zone}"
"""

NORTH = [[[36.0, 35.5], [37.0, 35.5], [37.0, 36.5], [36.0, 36.5], [36.0, 35.5]]]
SOUTH = [[[36.0, 32.6], [36.3, 32.6], [36.3, 32.9], [36.0, 32.9], [36.0, 32.6]]]

_HEADER = COLUMNS
_ROWS = (
    (
        "open-north",
        "2017-06-01",
        "2017-06-01",
        "day",
        "Explosions/Remote violence",
        "Air/drone strike",
        "Saraqib",
        "35.8623456",
        "36.8051234",
        "town",
        "Idlib",
        "air force",
        "government",
        "market",
        "civilians",
        "2",
        "3",
        "5",
        "Outlet A",
        "",
        "",
    ),
    (
        "open-south",
        "2017-07-02",
        "2017-07-02",
        "day",
        "Battles",
        "Armed clash",
        "Nawa",
        "32.8891234",
        "36.0431234",
        "town",
        "Dar'a",
        "rebels",
        "opposition",
        "army",
        "government",
        "",
        "1",
        "",
        "Outlet B",
        "",
        "",
    ),
)
CSV = "\n".join(",".join(cells) for cells in (_HEADER, *_ROWS)) + "\n"


#: Unique strings in the confidential submissions: a response that contains one has leaked it.
MONITOR_SECRET = "MONITOR-SECRET-3c9f"
COMPLAINT_SECRET = "COMPLAINT-SECRET-8d21"
XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def write_agreement(folder: Path, *, agreement_id: str, guarantor: str, zone: str, ring: list) -> Path:  # type: ignore[type-arg]
    folder.mkdir(parents=True, exist_ok=True)
    feature = {"type": "Feature", "properties": {"id": zone, "approximate": True, "method": "test square"}}
    feature["geometry"] = {"type": "Polygon", "coordinates": ring}
    (folder / "zones.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    path = folder / "agreement.toml"
    path.write_text(AGREEMENT.format(id=agreement_id, name=agreement_id, guarantor=guarantor, zone=zone))
    return path


@dataclass
class World:
    """The record behind the app, a token per role, and the objects each party owns."""

    record: Record
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    def headers(self, who: str) -> dict[str, str]:
        token = self.tokens.get(who)
        return {"Authorization": f"Bearer {token}"} if token else {}


USERS = {
    "analyst": (Role.ANALYST, None),
    "monitor": (Role.MONITOR, None),
    "monitor2": (Role.MONITOR, None),
    "gov": (Role.PARTY_LIAISON, "government"),
    "opp": (Role.PARTY_LIAISON, "opposition"),
    "russia": (Role.GUARANTOR_LIAISON, "russia"),
    "usa": (Role.GUARANTOR_LIAISON, "usa"),
    "observer": (Role.OBSERVER, None),
}


def report_body(kind: str, *, lon: float, lat: float, text: str, **extra: object) -> dict[str, object]:
    body: dict[str, object] = {
        "kind": kind,
        "when": "2017-08-10T09:00:00+03:00",
        "where": {"place": "Test place", "lon": lon, "lat": lat},
        "what": {"event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack"},
        "how_observed": "heard" if kind == "monitor-report" else "reported",
        "perpetrator": {"name": "artillery", "side": "government" if kind == "complaint" else "unknown"},
        "casualties": {"killed": {"best": 2}},
        "text": text,
    }
    body.update(extra)
    return body


def build_world(record: Record, tmp_path: Path) -> World:
    load_agreement_file(
        record, write_agreement(tmp_path / "a", agreement_id="north-2017", guarantor="russia", zone="north", ring=NORTH)
    )
    load_agreement_file(
        record, write_agreement(tmp_path / "b", agreement_id="sw-2017", guarantor="usa", zone="south-west", ring=SOUTH)
    )
    (tmp_path / "open.csv").write_text(CSV)
    import_incidents_csv(record, tmp_path / "open.csv", actor="test")
    client = TestClient(create_app(record, settings=Settings(db="unused", tile_url="")))
    world = World(record, client)
    for name, (role, party) in USERS.items():
        # argon2 is slow on purpose: one password is enough to test logging in.
        password = f"{name}-password-long" if name == "gov" else None
        world.tokens[name] = add_user(record, name, role, party_id=party, password=password).token
    monitor = client.post(
        "/reports",
        json=report_body("monitor-report", lon=36.6312345, lat=35.9312345, text=f"{MONITOR_SECRET} {XSS}"),
        headers={**world.headers("monitor"), "Idempotency-Key": "monitor-key-0001"},
    )
    assert monitor.status_code == 201, monitor.text
    complaint = client.post(
        "/reports",
        json=report_body("complaint", lon=36.1512345, lat=32.7512345, text=COMPLAINT_SECRET),
        headers={**world.headers("opp"), "Idempotency-Key": "complaint-key-0001"},
    )
    assert complaint.status_code == 201, complaint.text
    world.ids["monitor_report"] = monitor.json()["id"]
    world.ids["complaint_report"] = complaint.json()["id"]
    world.ids["monitor_incident"] = incident_of(record, monitor.json()["claims"][0]["id"])
    world.ids["complaint_incident"] = incident_of(record, complaint.json()["claims"][0]["id"])
    return world


def incident_of(record: Record, claim_id: str) -> str:
    from ceasefire.storage import claim_links_repo

    with record.reader() as conn:
        return claim_links_repo.current_links(conn, [claim_id])[claim_id][0]
