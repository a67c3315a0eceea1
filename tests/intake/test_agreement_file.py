"""Agreement files: any ceasefire as data, and errors that name the file, field and value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasefire.errors import InvalidAgreement
from ceasefire.intake.agreement_file import load_agreement, load_packaged_agreement

MINIMAL = """
format = 1

[agreement]
id = "sw-2017"
name = "South-west ceasefire"
signed = 2017-07-07
in_force = 2017-07-09

[[parties]]
id = "usa"
name = "United States"
role = "guarantor"
side = "usa"

[[provisions]]
id = "cessation"
text = "Cease hostilities."
prohibited_event_types = ["Battles"]
bound_sides = ["government", "opposition"]

[[zones]]
id = "south-west"
name = "South-west"
kind = "de-escalation-area"
valid_from = 2017-07-09
basis = "Amman memorandum"
geometry = "zones.geojson#south-west"
"""

SQUARE = [[[36.0, 32.6], [36.3, 32.6], [36.3, 32.9], [36.0, 32.9], [36.0, 32.6]]]
BOW_TIE = [[[36.0, 32.6], [36.3, 32.9], [36.3, 32.6], [36.0, 32.9], [36.0, 32.6]]]


def _write(tmp_path: Path, toml: str = MINIMAL, ring: list[list[list[float]]] = SQUARE) -> Path:
    features = [
        {
            "type": "Feature",
            "properties": {"id": "south-west", "approximate": True, "method": "test square"},
            "geometry": {"type": "Polygon", "coordinates": ring},
        }
    ]
    (tmp_path / "zones.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    path = tmp_path / "agreement.toml"
    path.write_text(toml)
    return path


def test_any_ceasefire_loads_from_a_file(tmp_path: Path) -> None:
    loaded = load_agreement(_write(tmp_path))
    assert loaded.agreement.id == "sw-2017"
    assert [z.id for z in loaded.zones] == ["south-west"]
    assert loaded.zones[0].versions[0].approximate


def test_a_bad_event_type_is_named_with_its_field_and_value(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace('["Battles"]', '["Battles", "Airstrike"]'))
    with pytest.raises(
        InvalidAgreement, match=r"agreement\.toml: provisions\[0\]\.prohibited_event_types\[1\].*'Airstrike'"
    ):
        load_agreement(path)


def test_a_missing_field_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace("signed = 2017-07-07\n", ""))
    with pytest.raises(InvalidAgreement, match=r"agreement\.signed: Field required"):
        load_agreement(path)


def test_an_unknown_field_is_refused_rather_than_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace("in_force = 2017-07-09", "in_force = 2017-07-09\nin_forse = 2017-07-09"))
    with pytest.raises(InvalidAgreement, match=r"agreement\.in_forse"):
        load_agreement(path)


def test_entry_into_force_before_signature_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace("in_force = 2017-07-09", "in_force = 2017-07-01"))
    with pytest.raises(InvalidAgreement, match=r"agreement\.in_force: 2017-07-01 is before"):
        load_agreement(path)


def test_an_id_with_a_lookalike_letter_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace('id = "usa"', 'id = "us\u0430"'))
    with pytest.raises(InvalidAgreement, match=r"parties\[0\]\.id"):
        load_agreement(path)


def test_a_self_intersecting_zone_is_refused_with_the_point(tmp_path: Path) -> None:
    path = _write(tmp_path, ring=BOW_TIE)
    with pytest.raises(InvalidAgreement, match=r"zones\[0\]\.geometry.*self-intersect.*36\.15"):
        load_agreement(path)


def test_a_zone_referring_to_a_missing_feature_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL.replace("zones.geojson#south-west", "zones.geojson#north"))
    with pytest.raises(InvalidAgreement, match=r"zones\[0\]\.geometry: 'zones.geojson#north' names no feature"):
        load_agreement(path)


def test_invalid_toml_is_reported_with_the_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, MINIMAL + "\n[agreement\n")
    with pytest.raises(InvalidAgreement, match=r"agreement\.toml: not valid TOML"):
        load_agreement(path)


def test_the_astana_memorandum_ships_with_the_package() -> None:
    loaded = load_packaged_agreement("astana-2017")
    a = loaded.agreement
    assert (a.signed.isoformat(), a.in_force.isoformat(), a.duration_months, a.auto_renew) == (
        "2017-05-04",
        "2017-05-06",
        6,
        True,
    )
    assert {p.id for p in a.parties if p.role == "guarantor"} == {"russia", "turkey", "iran"}
    assert {p.id for p in a.parties if p.role == "observer"} == {"un", "usa", "jordan"}
    assert [z.id for z in loaded.zones] == ["idlib", "northern-homs", "eastern-ghouta", "south"]
    assert all(z.versions[0].approximate and z.versions[0].method for z in loaded.zones)
