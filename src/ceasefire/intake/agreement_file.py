"""Agreement files: read a TOML agreement and its GeoJSON zones into domain objects.

Any ceasefire can be described this way; the Astana memorandum ships with the package. Every
error names the file, the field and the bad value, because the person fixing it is editing
that file by hand.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ceasefire.domain.agreements import Actor, Agreement, Exemption, Party, Provision
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.errors import InvalidAgreement, InvalidGeometry, InvalidInput
from ceasefire.geo.geometry import validate_zone_geometry
from ceasefire.geo.strict_json import loads_strict
from ceasefire.intake.agreement_schema import AgreementFile, ProvisionEntry, ZoneEntry

MAX_GEOJSON_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class LoadedAgreement:
    """An agreement with its zones, the parsed document and the hash of the files it came from."""

    agreement: Agreement
    zones: tuple[Zone, ...]
    document: dict[str, Any]
    sha256: str
    path: Path


def _field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _format_validation(path: Path, exc: ValidationError) -> str:
    problems = []
    for err in exc.errors(include_url=False):
        where = _field_path(tuple(err["loc"]))
        value = err.get("input")
        shown = "" if isinstance(value, dict | list) or err["type"] == "missing" else f" (got {value!r})"
        problems.append(f"{path.name}: {where}: {err['msg']}{shown}")
    return "; ".join(problems)


def _provision(entry: ProvisionEntry) -> Provision:
    return Provision(
        id=entry.id,
        text=entry.text,
        prohibited_event_types=tuple(entry.prohibited_event_types),
        prohibited_sub_event_types=tuple(entry.prohibited_sub_event_types),
        bound_sides=tuple(entry.bound_sides),
        zone_kinds=tuple(entry.zone_kinds),
        valid_from=entry.valid_from,
        valid_to=entry.valid_to,
        exemptions=tuple(
            Exemption(e.id, e.description, tuple(e.target_sides), tuple(e.target_parties)) for e in entry.exemptions
        ),
    )


def _check_references(path: Path, doc: AgreementFile) -> None:
    """Cross-field rules the schema cannot express, each naming the field at fault."""
    a = doc.agreement
    if a.in_force < a.signed:
        raise InvalidAgreement(f"{path.name}: agreement.in_force: {a.in_force} is before agreement.signed {a.signed}")
    party_ids = [p.id for p in doc.parties]
    for kind, ids in (
        ("parties", party_ids),
        ("provisions", [p.id for p in doc.provisions]),
        ("zones", [z.id for z in doc.zones]),
    ):
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise InvalidAgreement(f"{path.name}: {kind}: duplicate id {dupes[0]!r}")
    for i, actor in enumerate(doc.actors):
        if actor.party is not None and actor.party not in party_ids:
            raise InvalidAgreement(f"{path.name}: actors[{i}].party: {actor.party!r} is not one of the parties")
    for i, prov in enumerate(doc.provisions):
        if prov.valid_from and prov.valid_to and prov.valid_to <= prov.valid_from:
            raise InvalidAgreement(f"{path.name}: provisions[{i}].valid_to: {prov.valid_to} is not after valid_from")
        for j, ex in enumerate(prov.exemptions):
            for k, target in enumerate(ex.target_parties):
                if target not in party_ids:
                    raise InvalidAgreement(
                        f"{path.name}: provisions[{i}].exemptions[{j}].target_parties[{k}]: "
                        f"{target!r} is not one of the parties"
                    )
    zone_ids = [z.id for z in doc.zones]
    for i, zone in enumerate(doc.zones):
        if zone.parent is not None and zone.parent not in zone_ids:
            raise InvalidAgreement(f"{path.name}: zones[{i}].parent: {zone.parent!r} is not one of the zones")
        if zone.valid_to is not None and zone.valid_to <= zone.valid_from:
            raise InvalidAgreement(f"{path.name}: zones[{i}].valid_to: {zone.valid_to} is not after valid_from")


def _read_features(path: Path, geojson_path: Path) -> dict[str, dict[str, Any]]:
    if not geojson_path.is_file():
        raise InvalidAgreement(f"{path.name}: zones: geometry file {geojson_path.name!r} not found beside it")
    try:
        collection = loads_strict(geojson_path.read_bytes(), max_bytes=MAX_GEOJSON_BYTES, max_depth=64)
    except InvalidInput as exc:
        raise InvalidAgreement(f"{geojson_path.name}: {exc.message}") from None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise InvalidAgreement(f"{geojson_path.name}: must be a GeoJSON FeatureCollection")
    features: dict[str, dict[str, Any]] = {}
    for i, feature in enumerate(collection.get("features", [])):
        fid = (feature.get("properties") or {}).get("id") or feature.get("id")
        if not isinstance(fid, str):
            raise InvalidAgreement(f"{geojson_path.name}: features[{i}]: no 'id' property to refer to it by")
        features[fid] = feature
    return features


def _zone(path: Path, agreement_id: str, index: int, entry: ZoneEntry, features: dict[str, dict[str, Any]]) -> Zone:
    file_name, _, feature_id = entry.geometry.partition("#")
    feature = features.get(feature_id)
    if feature is None:
        raise InvalidAgreement(
            f"{path.name}: zones[{index}].geometry: {entry.geometry!r} names no feature in {file_name}"
        )
    props = feature.get("properties") or {}
    try:
        valid = validate_zone_geometry(feature["geometry"], name=entry.id)
    except InvalidGeometry as exc:
        raise InvalidAgreement(f"{path.name}: zones[{index}].geometry ({entry.geometry}): {exc.message}") from None
    version = ZoneVersion(
        zone_id=entry.id,
        version=1,
        geometry=valid.geojson,
        valid_from=entry.valid_from,
        valid_to=entry.valid_to,
        status=entry.status,
        basis=entry.basis,
        approximate=bool(props.get("approximate", False)),
        method=str(props.get("method", "")),
    )
    return Zone(entry.id, agreement_id, entry.name, entry.kind, (version,), entry.parent)


def _agreement(doc: AgreementFile, *, zone_ids: tuple[str, ...]) -> Agreement:
    a = doc.agreement
    return Agreement(
        id=a.id,
        name=a.name,
        signed=a.signed,
        in_force=a.in_force,
        duration_months=a.duration_months,
        auto_renew=a.auto_renew,
        renewal=a.renewal,
        place_signed=a.place_signed,
        parties=tuple(Party(p.id, p.name, p.role, p.side, tuple(p.aliases)) for p in doc.parties),
        actors=tuple(Actor(x.id, x.name, x.party, x.title, tuple(x.aliases)) for x in doc.actors),
        provisions=tuple(_provision(p) for p in doc.provisions),
        source_documents=tuple(a.sources),
        notes=a.notes,
        zone_ids=zone_ids,
    )


def agreement_from_document(document: dict[str, Any]) -> Agreement:
    """Rebuild the Agreement from a document stored by the record (already validated once)."""
    doc = AgreementFile.model_validate(document)
    return _agreement(doc, zone_ids=tuple(z.id for z in doc.zones))


def load_agreement(path: str | Path) -> LoadedAgreement:
    """Read and validate an agreement file and the GeoJSON it refers to."""
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise InvalidAgreement(f"{path}: cannot read the agreement file: {exc.strerror}") from None
    try:
        raw = tomllib.loads(raw_bytes.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InvalidAgreement(f"{path.name}: not UTF-8 text (byte {exc.start})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidAgreement(f"{path.name}: not valid TOML: {exc}") from None
    try:
        doc = AgreementFile.model_validate(raw)
    except ValidationError as exc:
        raise InvalidAgreement(_format_validation(path, exc)) from None
    _check_references(path, doc)

    digest = hashlib.sha256(raw_bytes)
    geometry_files = sorted({z.geometry.partition("#")[0] for z in doc.zones})
    features: dict[str, dict[str, Any]] = {}
    for name in geometry_files:
        geo_path = path.parent / name
        features.update(_read_features(path, geo_path))
        digest.update(geo_path.read_bytes())
    zones = tuple(_zone(path, doc.agreement.id, i, z, features) for i, z in enumerate(doc.zones))

    agreement = _agreement(doc, zone_ids=tuple(z.id for z in zones))
    return LoadedAgreement(agreement, zones, doc.model_dump(mode="json"), digest.hexdigest(), path)


def packaged_agreement_path(agreement_id: str) -> Path:
    """The file of an agreement that ships with ceasefire (e.g. "astana-2017")."""
    resource = files("ceasefire") / "data" / "agreements" / agreement_id / "agreement.toml"
    with as_file(resource) as p:
        if not p.is_file():
            raise InvalidAgreement(f"no packaged agreement {agreement_id!r}")
        return p


def load_packaged_agreement(agreement_id: str = "astana-2017") -> LoadedAgreement:
    return load_agreement(packaged_agreement_path(agreement_id))
