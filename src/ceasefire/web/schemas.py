"""The API contract for reading: what each endpoint returns, as pydantic models. OpenAPI is
generated from these, so the contract and the code cannot drift apart."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorOut(_Out):
    """Every error: a stable code, a message and, when a field is at fault, where."""

    code: str
    message: str
    pointer: str | None = Field(None, description="RFC 6901 JSON pointer to the offending field")
    in_: str | None = Field(None, alias="in", description="body, query, path or header")
    errors: list[dict[str, Any]] | None = None


class PartyOut(_Out):
    id: str
    name: str
    role: str
    side: str
    aliases: list[str]


class ProvisionOut(_Out):
    id: str
    text: str
    prohibited_event_types: list[str]
    prohibited_sub_event_types: list[str]
    bound_sides: list[str]
    zone_kinds: list[str]
    exemptions: list[str]


class AgreementOut(_Out):
    id: str
    name: str
    signed: date
    in_force: date
    duration_months: int | None
    auto_renew: bool
    place_signed: str | None
    parties: list[PartyOut]
    provisions: list[ProvisionOut]
    zones: list[str]


class Geometry(_Out):
    type: str
    coordinates: Any


class PointGeometry(_Out):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2)


class ZoneProperties(_Out):
    zone_id: str
    name: str
    kind: str
    agreement_id: str
    version: int
    valid_from: date
    valid_to: date | None
    status: str
    basis: str
    approximate: bool
    method: str
    derived: bool = Field(description="True for a security zone drawn along a zone's line")


class ZoneFeature(_Out):
    type: Literal["Feature"]
    id: str
    geometry: Geometry
    properties: ZoneProperties


class ZoneCollection(_Out):
    type: Literal["FeatureCollection"]
    at: date | None
    features: list[ZoneFeature]


class IncidentProperties(_Out):
    id: str
    date_start: date
    date_end: date
    date_precision: str
    event_type: str
    sub_event_type: str | None
    place: str
    geo_precision: str
    admin1: str | None
    perpetrator_side: str | None
    target_side: str | None
    fatalities_best: int | None
    status: str
    verdict: str | None
    zone: str | None
    zone_relation: str | None
    published: bool


class IncidentFeature(_Out):
    type: Literal["Feature"]
    id: str
    geometry: PointGeometry | None
    properties: IncidentProperties


class IncidentCollection(_Out):
    type: Literal["FeatureCollection"]
    features: list[IncidentFeature]
    next: str | None = Field(description="Cursor of the next page (pass as ?after=), or null on the last")


class IncidentItems(_Out):
    items: list[IncidentProperties | dict[str, Any]]
    next: str | None


class IncidentRowOut(_Out):
    id: str
    date_start: str
    date_end: str
    date_precision: str
    event_type: str
    sub_event_type: str | None
    place: str
    lat: float | None
    lon: float | None
    geo_precision: str
    admin1: str | None
    perpetrator: str | None
    perpetrator_side: str | None
    target: str | None
    target_side: str | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    status: str
    zone: str | None
    zone_version: int | None
    zone_relation: str
    zone_share: float | None
    source: str | None


class ClaimOut(_Out):
    """One voice on an incident, shown beside the others."""

    id: str
    report_id: str
    report_kind: str
    source: str
    attributed_to: str
    stance: str
    date_start: date | None
    date_end: date | None
    place: str | None
    lon: float | None
    lat: float | None
    event_type: str | None
    sub_event_type: str | None
    perpetrator: str | None
    perpetrator_side: str | None
    target: str | None
    target_side: str | None
    fatalities_low: int | None
    fatalities_best: int | None
    fatalities_high: int | None
    text: str | None


class VerdictOut(_Out):
    agreement_id: str
    provision_id: str
    verdict: str
    reason: str
    trace: list[dict[str, Any]]


class IncidentDetailOut(_Out):
    incident: IncidentRowOut
    published: bool
    claims: list[ClaimOut]
    verdicts: list[VerdictOut]


class ReportOut(_Out):
    id: str
    kind: str
    received_at: datetime
    title: str
    source: str
    confidentiality: str
    party_id: str | None
    observed_by: str | None
    claims: list[ClaimOut]


class ReportPage(_Out):
    items: list[ReportOut]
    next: str | None


class TokenOut(_Out):
    token: str = Field(description="Shown once; send as Authorization: Bearer <token>")
    name: str
    role: str
    party_id: str | None


class MeOut(_Out):
    name: str
    role: str
    party_id: str | None
    may: list[str]


class PublicationOut(_Out):
    incident_id: str
    published: bool
    changed: bool


class MapConfigOut(_Out):
    tile_url: str | None
    generalised_decimals: int
    max_limit: int


class LoginIn(BaseModel):
    """Name and password for a token; closed, so a typo in a field name is an error."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
