"""Strict JSON at the edge: the first step of every JSON import, before any schema or geometry check.

Python's `json.loads` is lenient where an auditable record cannot be: it accepts `NaN` and
`Infinity`, lets the last of two duplicate keys win silently, turns `1e400` into infinity,
keeps lone surrogates and NULs that break UTF-8 encoding or PostgreSQL `text` later, and
raises `RecursionError` on deep nesting. `loads_strict` turns each of those into an
`InvalidInput` that names the element (a JSON pointer, RFC 6901) and the reason
(BAD_INPUTS rows 9, 13, 14, 15, 47, 48).

>>> loads_strict('{"type": "Point", "coordinates": [36.6, 35.9]}', max_bytes=1000, max_depth=8)
{'type': 'Point', 'coordinates': [36.6, 35.9]}
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from ceasefire.errors import InvalidInput

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# A number can only overflow a float or exceed int()'s digit limit with a 3-digit exponent or
# a run of hundreds of digits; only then are the slower per-number hooks worth running.
_BIG_EXPONENT = re.compile(rb"[eE][+-]?\d{3}")
_DIGITS_AS_ZERO = bytes(ord("0") if chr(c).isdigit() and c < 128 else ord(" ") for c in range(256))
_NOT_BRACKETS = bytes(c for c in range(256) if c not in b"[]{}")
_ESCAPED_NUL = re.compile(r"\\u0000")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_OPENERS = np.zeros(256, dtype=np.int8)
_OPENERS[[ord("["), ord("{")]] = 1
_OPENERS[[ord("]"), ord("}")]] = -1


@dataclass(frozen=True, slots=True)
class _Rejected:
    """Stands in for a bad value during parsing, so the pointer can be found afterwards.

    The parser's hooks do not know where in the document they are; raising there would lose
    the location. Each hook returns a `_Rejected` instead, and a walk of the parsed tree
    reports the first one with its pointer.
    """

    reason: str


class _DuplicateKeys(dict[str, Any]):
    """An object that had a repeated key; `key` is the first key seen twice."""

    key: str = ""


def loads_strict(text: str | bytes, *, max_bytes: int, max_depth: int) -> Any:
    """Parse `text` as strict JSON (RFC 8259) or raise `InvalidInput` naming the bad element.

    The size and depth checks run before parsing, so an oversize or deeply nested body
    costs a scan, never a parse or a `RecursionError`.
    """
    data = _as_utf8(text, max_bytes=max_bytes)
    skeleton = _STRING.sub(b'""', data)
    _check_depth(skeleton, max_depth=max_depth)
    number_hooks = _BIG_EXPONENT.search(skeleton) is not None or b"0" * 300 in skeleton.translate(_DIGITS_AS_ZERO)
    as_text = data.decode("utf-8", errors="surrogatepass") if isinstance(text, bytes) else text
    flagged: list[bool] = [False]

    def reject(reason: str) -> _Rejected:
        flagged[0] = True
        return _Rejected(reason)

    def on_constant(token: str) -> Any:
        return reject(f"{token} is not a JSON number; use null or omit the value")

    def on_float(token: str) -> Any:
        value = float(token)
        if math.isinf(value):
            return reject(f"number {_clip(token)} is out of range (overflows to infinity)")
        return value

    def on_int(token: str) -> Any:
        try:
            return int(token)
        except ValueError:
            return reject(f"integer of {len(token.lstrip('-'))} digits is too large")

    def on_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                flagged[0] = True
                dup = _DuplicateKeys(result)
                dup.key = key
                return dup
            result[key] = value
        return result

    try:
        if number_hooks:
            parsed = json.loads(
                as_text, parse_constant=on_constant, parse_float=on_float, parse_int=on_int, object_pairs_hook=on_pairs
            )
        else:
            parsed = json.loads(as_text, parse_constant=on_constant, object_pairs_hook=on_pairs)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:  # pragma: no cover - the depth pre-scan makes this unreachable
        raise InvalidInput(f"JSON nested deeper than {max_depth} levels") from None
    needs_string_walk = bool(_ESCAPED_NUL.search(as_text) or "\x00" in as_text) or bool(
        _ESCAPED_SURROGATE.search(as_text) or (not isinstance(text, bytes) and _LONE_SURROGATE.search(as_text))
    )
    if flagged[0] or needs_string_walk:
        _raise_first_problem(parsed)
    return parsed


def json_pointer(path: list[str | int]) -> str:
    """The RFC 6901 pointer for a path of keys and indices (`~` and `/` escaped)."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _as_utf8(text: str | bytes, *, max_bytes: int) -> bytes:
    """The UTF-8 bytes of `text`, refusing oversize input before any work scales with it."""
    if len(text) > max_bytes:
        raise InvalidInput(f"JSON body of {len(text)} bytes exceeds the limit of {max_bytes} bytes")
    if isinstance(text, bytes):
        if text.startswith(b"\xef\xbb\xbf"):
            raise InvalidInput("JSON starts with a UTF-8 byte order mark; send plain UTF-8 (RFC 8259 §8.1)")
        try:
            text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"JSON is not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
        return text
    data = text.encode("utf-8", errors="surrogatepass")
    if len(data) > max_bytes:
        raise InvalidInput(f"JSON body of {len(data)} bytes exceeds the limit of {max_bytes} bytes")
    return data


def _check_depth(skeleton: bytes, *, max_depth: int) -> None:
    """Refuse nesting deeper than `max_depth` with one vectorised scan of the string-free text."""
    codes = np.frombuffer(skeleton.translate(None, _NOT_BRACKETS), dtype=np.uint8)
    if codes.size == 0:
        return
    depth = np.cumsum(_OPENERS[codes], dtype=np.int64)
    deepest = int(depth.max())
    if deepest > max_depth:
        raise InvalidInput(f"JSON nested {deepest} levels deep; the limit is {max_depth}")


def _raise_first_problem(root: Any) -> None:
    """Walk the parsed tree (depth already bounded) and raise for the first bad element."""
    stack: list[tuple[Any, list[str | int]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Rejected):
            raise InvalidInput(f"{node.reason} at {json_pointer(path) or '/'}", pointer=json_pointer(path))
        if isinstance(node, _DuplicateKeys):
            pointer = json_pointer([*path, node.key])
            raise InvalidInput(f"duplicate key '{_clip(node.key)}' at {pointer}", pointer=pointer)
        if isinstance(node, str):
            _check_string(node, path)
        elif isinstance(node, dict):
            items = list(node.items())
            for key, value in reversed(items):
                _check_string(key, [*path, key])
                stack.append((value, [*path, key]))
        elif isinstance(node, list):
            stack.extend((value, [*path, i]) for i, value in reversed(list(enumerate(node))))


def _check_string(value: str, path: list[str | int]) -> None:
    pointer = json_pointer(path)
    if "\x00" in value:
        raise InvalidInput(f"NUL character (\\u0000) in text at {pointer or '/'}", pointer=pointer)
    if _LONE_SURROGATE.search(value):
        where = pointer or "/"
        raise InvalidInput(f"lone surrogate (unpaired \\ud800-\\udfff escape) in text at {where}", pointer=pointer)


def _clip(token: str, limit: int = 40) -> str:
    """A token short enough to quote in a message, since the bad value may be huge."""
    return token if len(token) <= limit else token[:limit] + "…"
