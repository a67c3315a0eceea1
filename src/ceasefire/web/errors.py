"""Errors to HTTP, in one place: every error the API answers with has a stable `code`, a message
and, where a field is at fault, a JSON pointer to it. Bad input is a 4xx, never a 5xx."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ceasefire.errors import (
    AuditChainBroken,
    CeasefireError,
    Conflict,
    Forbidden,
    InvalidGeometry,
    InvalidInput,
    NotFound,
)
from ceasefire.geo.strict_json import json_pointer
from ceasefire.workflows.users import Unauthenticated

log = logging.getLogger("ceasefire.web")

#: HTTP status per error class; the most specific class in an error's MRO wins.
STATUS: dict[type[CeasefireError], int] = {
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    InvalidGeometry: 422,
    InvalidInput: 422,
    AuditChainBroken: 500,
}

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    411: "length_required",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "too_many_requests",
}


class QueryError(InvalidInput):
    """A query parameter that fails validation beyond its declared type; `pointer` names it."""

    where = "query"


class BodyRejected(StarletteHTTPException):
    """A request body refused before any schema sees it (not JSON, NaN, duplicate key, too big).

    An HTTPException, because FastAPI passes those through its body reader untouched."""

    def __init__(self, error: CeasefireError, status_code: int = 400, code: str = "invalid_json") -> None:
        super().__init__(status_code=status_code, detail=error.message)
        self.code = code
        self.pointer = error.pointer


def problem(
    status: int,
    code: str,
    message: str,
    pointer: str | None = None,
    where: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    """The one error body of the API: `{"code", "message", "pointer", "in"}` (+ `errors`)."""
    body: dict[str, Any] = {"code": code, "message": message, "pointer": pointer, "in": where}
    if errors is not None:
        body["errors"] = errors
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, headers=headers)


def status_for(exc: CeasefireError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 422


def _pointer(loc: Sequence[Any]) -> tuple[str | None, str]:
    """(where, pointer) from a pydantic location such as ('body', 'place', 'lon')."""
    where = str(loc[0]) if loc else None
    rest = list(loc[1:])
    return where, json_pointer([p if isinstance(p, int) else str(p) for p in rest])


def install(app: FastAPI) -> None:
    @app.exception_handler(CeasefireError)
    async def _domain(_: Request, exc: CeasefireError) -> JSONResponse:
        status = status_for(exc)
        if status >= 500:
            log.error("record error", extra={"code": exc.code})
        where = getattr(exc, "where", "body") if exc.pointer else None
        return problem(status, exc.code, exc.message, exc.pointer, where)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for e in exc.errors():
            where, pointer = _pointer(e.get("loc", ()))
            errors.append({"in": where, "pointer": pointer, "message": str(e.get("msg", "invalid"))})
        first = errors[0] if errors else {"in": None, "pointer": None, "message": "invalid request"}
        message = f"{first['in']} {first['pointer'] or '/'}: {first['message']}"
        return problem(422, "invalid_input", message, first["pointer"], first["in"], errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if isinstance(exc, BodyRejected):
            return problem(exc.status_code, exc.code, str(exc.detail), exc.pointer, "body")
        code = _HTTP_CODES.get(exc.status_code, "error")
        response = problem(exc.status_code, code, str(exc.detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return problem(500, "internal_error", "the server failed; the error is logged")
