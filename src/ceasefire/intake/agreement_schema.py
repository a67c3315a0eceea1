"""The agreement file format (TOML + GeoJSON), as a strict schema: unknown keys are errors.

These models describe the file only; `agreement_file` turns them into domain objects.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ceasefire.domain.statuses import EventType, PartyRole, Side, ZoneKind, ZoneStatus

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(value: str) -> str:
    """Ids are plain ASCII slugs: no look-alike letters or invisible characters can hide in them."""
    if not _SLUG.match(value):
        raise ValueError(f"{value!r} is not an id: use lower-case ASCII letters, digits and single hyphens")
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Text = Annotated[str, Field(min_length=1, max_length=20_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class AgreementSection(_Strict):
    id: Slug
    name: Text
    short_name: str = ""
    signed: date
    place_signed: str | None = None
    in_force: date
    duration_months: int | None = Field(default=None, ge=1, le=1200)
    auto_renew: bool = False
    renewal: str = ""
    notes: str = ""
    sources: list[str] = []


class PartyEntry(_Strict):
    id: Slug
    name: Text
    role: PartyRole
    side: Side = Side.UNKNOWN
    aliases: list[Text] = []


class ActorEntry(_Strict):
    id: Slug
    name: Text
    party: Slug | None = None
    title: str = ""
    aliases: list[Text] = []


class ExemptionEntry(_Strict):
    id: Slug
    description: Text
    target_sides: list[Side] = []
    target_parties: list[Slug] = []


class ProvisionEntry(_Strict):
    id: Slug
    text: Text
    prohibited_event_types: list[EventType]
    prohibited_sub_event_types: list[str] = []
    bound_sides: list[Side]
    zone_kinds: list[ZoneKind] = [ZoneKind.DE_ESCALATION_AREA]
    valid_from: date | None = None
    valid_to: date | None = None
    exemptions: list[ExemptionEntry] = []


class ZoneEntry(_Strict):
    id: Slug
    name: Text
    kind: ZoneKind
    valid_from: date
    valid_to: date | None = None
    status: ZoneStatus = ZoneStatus.AGREED
    basis: Text
    geometry: Annotated[str, Field(pattern=r"^[^#]+\.(geo)?json#[a-z0-9-]+$")]
    parent: Slug | None = None


class AgreementFile(_Strict):
    format: int = Field(ge=1, le=1)
    agreement: AgreementSection
    parties: list[PartyEntry] = Field(min_length=1)
    actors: list[ActorEntry] = []
    provisions: list[ProvisionEntry] = Field(min_length=1)
    zones: list[ZoneEntry] = []
