"""POST /tokens (a password for a token), GET /me (who the token is, and what it may do)."""

from __future__ import annotations

from fastapi import APIRouter

from ceasefire.domain.access import Action, may
from ceasefire.web.auth import RecordDep, ViewerDep
from ceasefire.web.schemas import ErrorOut, LoginIn, MeOut, TokenOut
from ceasefire.web.strict_body import StrictJSONRoute
from ceasefire.workflows.users import login

router = APIRouter(route_class=StrictJSONRoute, tags=["session"])


@router.post("/tokens", status_code=201, response_model=TokenOut, responses={401: {"model": ErrorOut}})
def issue_token(body: LoginIn, record: RecordDep) -> TokenOut:
    issued = login(record, body.name, body.password)
    u = issued.user
    return TokenOut(token=issued.token, name=u.name, role=str(u.role), party_id=u.party_id)


@router.get("/me", response_model=MeOut)
def me(viewer: ViewerDep) -> MeOut:
    return MeOut(
        name=viewer.name,
        role=str(viewer.role),
        party_id=viewer.party_id,
        may=[str(a) for a in Action if may(viewer, a)],
    )
