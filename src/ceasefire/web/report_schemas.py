"""The API contract for writing: what a monitor and a party liaison may send, field by field.

Each role has its own schema and every schema forbids unknown fields, so a submission that
tries to set `status`, `party_id`, `received_at` or `confidential=false` on a model it may not
touch is refused (422), not silently trimmed (BAD_INPUTS row 63). The party of a complaint
and the submitter are taken from the token, never from the body.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from ceasefire.domain.access import Action
from ceasefire.domain.common import ActorRef, Fatalities
from ceasefire.domain.statuses import SUB_EVENT_TYPES, Confidentiality, EventType, ObservationMethod, Side
from ceasefire.workflows.field_reports import FieldReport

Name = Annotated[str, Field(min_length=1, max_length=200)]
Coordinate = Annotated[float, Field(allow_inf_nan=False)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class PlaceIn(_In):
    """Where: a name, and decimal degrees unless `location_unknown` says there are none."""

    name: Name
    lon: Coordinate | None = Field(None, ge=-180, le=180)
    lat: Coordinate | None = Field(None, ge=-90, le=90)
    location_unknown: bool = False

    @model_validator(mode="after")
    def _located(self) -> PlaceIn:
        if (self.lon is None) != (self.lat is None):
            raise ValueError("give both lon and lat, or neither")
        if self.lon is None and not self.location_unknown:
            raise ValueError("no coordinates: set location_unknown to true if the place cannot be located")
        if self.lon is not None and self.location_unknown:
            raise ValueError("location_unknown is true but coordinates are given")
        return self


class ActorIn(_In):
    name: Name
    side: Side = Side.UNKNOWN


class FatalitiesIn(_In):
    low: int | None = Field(None, ge=0, le=100_000)
    best: int | None = Field(None, ge=0, le=100_000)
    high: int | None = Field(None, ge=0, le=100_000)

    @model_validator(mode="after")
    def _ordered(self) -> FatalitiesIn:
        known = [v for v in (self.low, self.best, self.high) if v is not None]
        if known != sorted(known):
            raise ValueError("fatalities must satisfy low <= best <= high")
        return self


class _Submission(_In):
    when: date = Field(description="The day of the event (ISO 8601)")
    place: PlaceIn
    event_type: EventType
    sub_event_type: str | None = Field(None, max_length=64)
    perpetrator: ActorIn | None = None
    target: ActorIn | None = None
    fatalities: FatalitiesIn = FatalitiesIn()
    text: str = Field("", max_length=20_000, description="Free text; stored as sent and always shown as text")

    @model_validator(mode="after")
    def _sub_type(self) -> _Submission:
        if self.sub_event_type is not None and self.sub_event_type not in SUB_EVENT_TYPES[self.event_type]:
            allowed = ", ".join(SUB_EVENT_TYPES[self.event_type])
            raise ValueError(f"sub_event_type {self.sub_event_type!r} is not one of {self.event_type}'s: {allowed}")
        return self

    def _common(self, action: Action, confidentiality: Confidentiality) -> FieldReport:
        f = self.fatalities
        return FieldReport(
            action=action,
            when=self.when,
            place_name=self.place.name,
            lon=self.place.lon,
            lat=self.place.lat,
            event_type=self.event_type,
            sub_event_type=self.sub_event_type,
            text=self.text,
            confidentiality=confidentiality,
            perpetrator=ActorRef(self.perpetrator.name, self.perpetrator.side) if self.perpetrator else None,
            target=ActorRef(self.target.name, self.target.side) if self.target else None,
            fatalities=Fatalities(f.low, f.best, f.high),
        )


class MonitorReportIn(_Submission):
    """A monitor's report from the field; confidential to the centre unless marked public."""

    kind: Literal["monitor-report"]
    observed_by: ObservationMethod
    confidentiality: Literal["centre", "public"] = "centre"
    device_time: AwareDatetime | None = Field(None, description="The device's clock when the report was written")

    def to_field_report(self) -> FieldReport:
        base = self._common(Action.SUBMIT_MONITOR_REPORT, Confidentiality(self.confidentiality))
        return replace(base, observed_by=self.observed_by, device_time=self.device_time)


class ComplaintIn(_Submission):
    """A party's complaint; confidential to the party and the centre unless marked public."""

    kind: Literal["complaint"]
    confidentiality: Literal["party", "public"] = "party"

    def to_field_report(self) -> FieldReport:
        return self._common(Action.SUBMIT_COMPLAINT, Confidentiality(self.confidentiality))


ReportIn = Annotated[MonitorReportIn | ComplaintIn, Field(discriminator="kind")]
#: The `kind` values pydantic puts into an error's location; not part of the body's shape.
DISCRIMINATOR_TAGS = frozenset({"monitor-report", "complaint"})


class LoginIn(_In):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)
