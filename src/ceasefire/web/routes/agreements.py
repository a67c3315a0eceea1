"""GET /agreements, /agreements/{id}, /zones: what was agreed and where, as data and GeoJSON."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from ceasefire.domain.agreements import Agreement
from ceasefire.web.auth import RecordDep, ViewerDep
from ceasefire.web.schemas import AgreementOut, PartyOut, ProvisionOut, ZoneCollection
from ceasefire.web.strict_body import StrictJSONRoute
from ceasefire.workflows import map_layers

router = APIRouter(route_class=StrictJSONRoute, tags=["agreements"])
Slug = Annotated[str, Path(min_length=1, max_length=64)]


def _out(a: Agreement) -> AgreementOut:
    return AgreementOut(
        id=a.id,
        name=a.name,
        signed=a.signed,
        in_force=a.in_force,
        duration_months=a.duration_months,
        auto_renew=a.auto_renew,
        place_signed=a.place_signed,
        parties=[PartyOut(id=p.id, name=p.name, role=p.role, side=p.side, aliases=list(p.aliases)) for p in a.parties],
        provisions=[
            ProvisionOut(
                id=p.id,
                text=p.text,
                prohibited_event_types=[str(e) for e in p.prohibited_event_types],
                prohibited_sub_event_types=list(p.prohibited_sub_event_types),
                bound_sides=[str(s) for s in p.bound_sides],
                zone_kinds=[str(k) for k in p.zone_kinds],
                exemptions=[e.description for e in p.exemptions],
            )
            for p in a.provisions
        ],
        zones=list(a.zone_ids),
    )


@router.get("/agreements", response_model=list[AgreementOut], summary="Every agreement in the record")
def list_agreements(record: RecordDep, _: ViewerDep) -> list[AgreementOut]:
    return [_out(a) for a in map_layers.agreements(record)]


@router.get("/agreements/{agreement_id}", response_model=AgreementOut, responses={404: {}})
def get_agreement(agreement_id: Slug, record: RecordDep, _: ViewerDep) -> AgreementOut:
    return _out(map_layers.agreement(record, agreement_id))


@router.get(
    "/zones",
    response_model=ZoneCollection,
    summary="Zone versions in force on a day, with their security zones, as GeoJSON",
)
def zones(
    request: Request,
    record: RecordDep,
    _: ViewerDep,
    at: Annotated[date | None, Query(description="ISO date; the latest versions when omitted")] = None,
    agreement: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> ZoneCollection:
    km = request.app.state.settings.security_zone_km
    features = map_layers.zone_features(record, at, security_km=km, agreement_id=agreement)
    return ZoneCollection.model_validate({"type": "FeatureCollection", "at": at, "features": features})
