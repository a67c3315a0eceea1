"""Intake: the schema of a monitor's report or a party's complaint, validated at the edge.

The first step of `workflows.reports_submit` (and of POST /reports): the body is parsed with
`geo.strict_json.loads_strict` (NaN, duplicate keys, lone surrogates, NUL, deep nesting: 400)
and then checked against `Submission`, strict and closed (unknown fields: 422, BAD_INPUTS
row 63). Every error names the element with a JSON pointer. What a submission says:

- what: an ACLED event type and, optionally, one of its sub-types;
- where: decimal degrees checked by `geo.geometry.validate_point` (a swap is named, never
  fixed), or a place name, or an explicit `location_unknown: true` (rows 18-22);
- when: ISO 8601 with a UTC offset (row 25); the server's receipt time is kept beside it, a
  time more than 10 minutes ahead of the server is refused (row 24), one before the agreement
  is accepted with an out-of-scope flag (row 27); a device clock, if sent, is kept and its
  skew flagged, never corrected (row 29);
- how it was observed (saw, heard, camera, reported by others), casualties as low/best/high;
- free text of at most 20,000 characters, stored NFC-normalised and otherwise as sent:
  Arabic with diacritics and tatweel is preserved (row 43), markup is data (row 40);
- identifiers (the idempotency key, place and actor names) refuse NUL, control and
  zero-width characters; bidirectional overrides are stripped from names (rows 42, 44).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from ceasefire.domain.statuses import SUB_EVENT_TYPES, EventType, ObservationMethod, Side
from ceasefire.errors import InvalidGeometry, InvalidInput
from ceasefire.geo.geometry import validate_point
from ceasefire.geo.strict_json import json_pointer, loads_strict

MAX_BODY_BYTES = 256 * 1024
MAX_TEXT = 20_000
#: How far ahead of the server's clock a claimed time may be: clocks drift, events do not wait.
FUTURE_SKEW = timedelta(minutes=10)
FLAG_OUT_OF_SCOPE = "out-of-scope"  # before the agreement: likely a default or a mistake (row 27)
FLAG_DEFAULT_DATE = "default-date"  # 1900-01-01 or 1970-01-01
FLAG_DEVICE_SKEW = "device-clock-skew"  # device and server clocks disagree by more than FUTURE_SKEW
FLAG_PLACE_UNRESOLVED = "place-unresolved"  # a place name the gazetteer could not locate

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{7,63}\Z")
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_DEFAULT_DAYS = frozenset({date(1900, 1, 1), date(1970, 1, 1)})


def _name(value: str) -> str:
    """A name (place, actor): NFC, bidi controls stripped, no invisible or control characters."""
    text = unicodedata.normalize("NFC", value).translate(_BIDI).strip()
    for ch in text:
        if ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            raise ValueError(f"contains the invisible or control character U+{ord(ch):04X}; names must be visible text")
    if not text:
        raise ValueError("is empty")
    return text


def _key(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError("an idempotency key is 8-64 ASCII letters, digits, '-' or '_' (a UUID fits)")
    return value


def _text(value: str) -> str:
    """Prose: NFC; tabs and newlines kept, other control characters refused; ZWNJ etc. kept."""
    text = unicodedata.normalize("NFC", value)
    for ch in text:
        if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
            raise ValueError(f"contains the control character U+{ord(ch):04X}")
    if len(text) > MAX_TEXT:
        raise ValueError(f"is {len(text)} characters long; the limit is {MAX_TEXT}")
    return text


def instant(value: object) -> datetime:
    """ISO 8601 text with a UTC offset ('2017-06-10T08:30:00+03:00' or '...Z'); nothing else."""
    if not isinstance(value, str) or not 16 <= len(value) <= 40 or "T" not in value:
        raise ValueError("not an ISO 8601 date and time such as 2017-06-10T08:30:00+03:00")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not a valid ISO 8601 date and time (leap seconds such as :60 are refused)") from None
    if parsed.tzinfo is None:
        raise ValueError("has no UTC offset; add one, e.g. +03:00 for Damascus, or Z for UTC")
    return parsed


Name = Annotated[StrictStr, Field(max_length=200), AfterValidator(_name)]
Key = Annotated[StrictStr, AfterValidator(_key)]
Text = Annotated[StrictStr, AfterValidator(_text)]
Instant = Annotated[datetime, BeforeValidator(instant)]
Count = Annotated[StrictInt, Field(ge=0, le=100_000)]
Degrees = StrictFloat | StrictInt


class _Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class What(_Closed):
    event_type: EventType
    sub_event_type: StrictStr | None = None

    @model_validator(mode="after")
    def _sub_type(self) -> What:
        if self.sub_event_type is not None and self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            allowed = ", ".join(SUB_EVENT_TYPES[self.event_type])
            raise ValueError(f"sub_event_type {self.sub_event_type!r} is not one of {self.event_type}'s: {allowed}")
        return self


class Where(_Closed):
    lon: Degrees | None = None
    lat: Degrees | None = None
    place: Name | None = None
    location_unknown: StrictBool = False

    @model_validator(mode="after")
    def _located(self) -> Where:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("give both lon and lat, or neither")
        if self.lon is not None:
            if self.location_unknown:
                raise ValueError("location_unknown is true but coordinates are given")
            try:
                validate_point(self.lon, self.lat)
            except InvalidGeometry as exc:
                raise ValueError(exc.message) from None
        elif self.place is None and not self.location_unknown:
            raise ValueError("no lon/lat and no place: say location_unknown: true if the place is not known")
        return self


class Range(_Closed):
    low: Count | None = None
    best: Count | None = None
    high: Count | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        known = [v for v in (self.low, self.best, self.high) if v is not None]
        if known != sorted(known):
            raise ValueError("must satisfy low <= best <= high")
        return self


class Casualties(_Closed):
    killed: Range = Range()
    injured: Range = Range()


class Actor(_Closed):
    name: Name
    side: Side = Side.UNKNOWN


class Submission(_Closed):
    """One report as sent. The submitter, the party and the receipt time are never in it."""

    #: Required; None only while the API's Idempotency-Key header has yet to fill it in.
    idempotency_key: Key | None = None
    kind: Literal["monitor-report", "complaint"] | None = None
    what: What
    where: Where
    when: Instant
    how_observed: ObservationMethod
    casualties: Casualties = Casualties()
    perpetrator: Actor | None = None
    target: Actor | None = None
    text: Text = ""
    confidentiality: Literal["centre", "party", "public"] | None = None
    device_time: Instant | None = None

    @property
    def claimed_at(self) -> datetime:
        return self.when


def parse_submission(body: bytes | str, *, key: str | None = None) -> Submission:
    """Strict JSON, then the schema; the first problem raises `InvalidInput` with its pointer.

    `key` is an idempotency key sent beside the body (the API's Idempotency-Key header): it
    fills a missing `idempotency_key` and must equal one that is present."""
    document = loads_strict(body, max_bytes=MAX_BODY_BYTES, max_depth=8)
    if not isinstance(document, dict):
        raise InvalidInput("a report is a JSON object", pointer="")
    if key is not None:
        held = document.setdefault("idempotency_key", key)
        if held != key:
            raise InvalidInput(
                f"/idempotency_key: {held!r} differs from the Idempotency-Key header {key!r}",
                pointer="/idempotency_key",
            )
    try:
        return Submission.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        pointer = json_pointer(list(first["loc"]))
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidInput(f"{pointer or 'report'}: {message}", pointer=pointer) from None


def check_times(
    sub: Submission, *, received_at: datetime, scope_start: date | None
) -> tuple[datetime, datetime | None, tuple[str, ...]]:
    """(claimed time, device time, flags): the rules of BAD_INPUTS rows 24, 27 and 29."""
    claimed = sub.claimed_at
    if claimed > received_at + FUTURE_SKEW:
        raise InvalidInput(
            f"/when: {sub.when.isoformat()} is in the future (the server received the report at "
            f"{received_at.isoformat(timespec='seconds')}; clocks may differ by {FUTURE_SKEW} at most)",
            pointer="/when",
        )
    flags: list[str] = []
    if claimed.date() in _DEFAULT_DAYS:
        flags.append(FLAG_DEFAULT_DATE)
    if scope_start is not None and claimed.date() < scope_start:
        flags.append(FLAG_OUT_OF_SCOPE)
    device = sub.device_time
    if device is not None and abs(device - received_at) > FUTURE_SKEW:
        flags.append(FLAG_DEVICE_SKEW)
    return claimed, device, tuple(flags)


def canonical_document(sub: Submission) -> dict[str, Any]:
    """The submission as validated (names normalised), for hashing and for the record."""
    return sub.model_dump(mode="json", exclude_none=True)
