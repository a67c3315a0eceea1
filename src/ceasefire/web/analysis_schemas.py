"""The API contract of the analysts' actions and of what is derived from the record: verifying
and assessing incidents, statistics, the bulletin register and evidence uploads. Bodies are
closed (an unknown field is a 422), like every write schema of the API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ceasefire.domain.statuses import IncidentStatus, ObservationMethod


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VerifyIn(_In):
    """The status an analyst moves an incident to, how they know, and why."""

    status: IncidentStatus
    method: ObservationMethod
    note: str = Field("", max_length=2_000, description="Why; some transitions require it")


class VerifyOut(_Out):
    incident_id: str
    from_status: str
    to_status: str
    verdicts_changed: int


class AssessIn(_In):
    since: date | None = Field(None, description="Only incidents dated on or after this day")


class AssessOut(_Out):
    incidents: int
    verdicts_changed: int


class StatsOut(_Out):
    by: list[str]
    rows: list[dict[str, Any]]


class BulletinOut(_Out):
    """One published bulletin as registered: its cut-off, the audit head and the files' hashes."""

    day: date
    edition: str
    period_start: date
    cutoff: str
    as_of: str
    audit_seq: int
    audit_hash: str
    html_name: str
    html_sha256: str
    pdf_name: str
    pdf_sha256: str
    published_at: datetime


class BulletinList(_Out):
    items: list[BulletinOut]


class EvidenceOut(_Out):
    """A file as attached; the bytes are never echoed back."""

    report_id: str
    sha256: str
    name: str
    mime: str
    size: int
    width: int | None
    height: int | None
    working_copy: bool
    new_file: bool
