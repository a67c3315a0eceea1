"""Request bodies at the edge: a size cap before anything is read, and strict JSON parsing
(`geo.strict_json.loads_strict`) before any schema sees the value.

Python's `json` accepts NaN, lets duplicate keys overwrite each other, keeps lone surrogates
and NULs that fail later in UTF-8 or PostgreSQL, and raises RecursionError on deep nesting:
each of those would become a silent change or a 500 (BAD_INPUTS rows 9, 13-15, 46-48).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ceasefire.errors import InvalidInput
from ceasefire.geo.strict_json import loads_strict
from ceasefire.web.errors import BodyRejected

#: Nesting deeper than this is no API body of ours (a report is 3 levels deep).
MAX_DEPTH = 16


class StrictJSONRequest(Request):
    """A request whose `json()` refuses what strict JSON refuses, naming the element."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            limit = int(self.scope.get("ceasefire.max_body_bytes", len(body)))
            try:
                self._json = loads_strict(body, max_bytes=max(limit, 1), max_depth=MAX_DEPTH)
            except InvalidInput as exc:
                raise BodyRejected(exc) from None
        return self._json


class StrictJSONRoute(APIRoute):
    """Every API route parses its JSON body with `StrictJSONRequest`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict_handler


class BodyLimit:
    """Refuse a body over `max_bytes` with 413, by its Content-Length or while it streams in."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope["ceasefire.max_body_bytes"] = self.max_bytes
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_big = InvalidInput(f"request body exceeds the limit of {self.max_bytes} bytes")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _reject(send, too_big)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyRejected(too_big, status_code=413, code="body_too_large")
            return message

        await self.app(scope, counted, send)


async def _reject(send: Send, error: InvalidInput) -> None:
    import json

    body = json.dumps({"code": "body_too_large", "message": error.message, "pointer": None, "in": "body"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
