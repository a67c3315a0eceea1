"""Who is calling: a bearer token names a user, re-read from the record on every request;
no token means the public. A bad token is refused (401) rather than served as the public, so
a client never mistakes an expired token for an empty record."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ceasefire.domain.access import PUBLIC, Action, Viewer, may
from ceasefire.errors import Forbidden
from ceasefire.storage.record import Record
from ceasefire.workflows.users import Unauthenticated, viewer_for_token

_bearer = HTTPBearer(auto_error=False, description="An API token from `ceasefire users add` or POST /tokens.")


def record_of(request: Request) -> Record:
    record: Record = request.app.state.record
    return record


def current_viewer(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Viewer:
    if request.headers.get("authorization") and credentials is None:
        raise Unauthenticated("the Authorization header must be 'Bearer <token>'")
    if credentials is None:
        return PUBLIC
    if len(credentials.credentials) > 200:
        raise Unauthenticated("the token is unknown, revoked or belongs to a revoked user")
    return viewer_for_token(record_of(request), credentials.credentials)


def allowed(viewer: Viewer, action: Action) -> Viewer:
    """The viewer, if its role may take the action at all; objects are checked by the workflow."""
    if not may(viewer, action):
        if viewer.user_id is None:
            raise Unauthenticated(f"to {action}, send a token: Authorization: Bearer <token>")
        raise Forbidden(f"a {viewer.role} may not {action}")
    return viewer


def current_submitter(viewer: Annotated[Viewer, Depends(current_viewer)]) -> Viewer:
    """The caller of a write: a user with a token, checked before the body is even read."""
    if viewer.user_id is None:
        raise Unauthenticated("this needs a token: Authorization: Bearer <token>")
    return viewer


ViewerDep = Annotated[Viewer, Depends(current_viewer)]
SubmitterDep = Annotated[Viewer, Depends(current_submitter)]
RecordDep = Annotated[Record, Depends(record_of)]
