"""Every status and code list of the domain, in one place, so storage, API and docs agree."""

from __future__ import annotations

from enum import StrEnum


class ZoneKind(StrEnum):
    """What a drawn area is, in the memorandum's vocabulary."""

    DE_ESCALATION_AREA = "de-escalation-area"
    SECURITY_ZONE = "security-zone"
    CHECKPOINT = "checkpoint"
    OBSERVATION_POST = "observation-post"
    AREA_OF_TENSION = "area-of-tension"


class ZoneStatus(StrEnum):
    """Where a zone version stands in the joint working group's process."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    DISPUTED = "disputed"


class DatePrecision(StrEnum):
    """How narrowly a date interval is known (UCDP `date_prec`, ACLED `time_precision`)."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class GeoPrecision(StrEnum):
    """How narrowly a place is known (UCDP `where_prec`, ACLED `geo_precision`)."""

    POINT = "point"
    TOWN = "town"
    DISTRICT = "district"
    PROVINCE = "province"
    COUNTRY = "country"
    UNKNOWN = "unknown"


class EventType(StrEnum):
    """ACLED's six event types."""

    BATTLES = "Battles"
    EXPLOSIONS_REMOTE_VIOLENCE = "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "Violence against civilians"
    PROTESTS = "Protests"
    RIOTS = "Riots"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


#: ACLED's sub-event types, by event type (ACLED codebook 2023).
SUB_EVENT_TYPES: dict[EventType, tuple[str, ...]] = {
    EventType.BATTLES: (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    EventType.EXPLOSIONS_REMOTE_VIOLENCE: (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    EventType.PROTESTS: ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    EventType.RIOTS: ("Violent demonstration", "Mob violence"),
    EventType.STRATEGIC_DEVELOPMENTS: (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}


class Side(StrEnum):
    """The side an actor belongs to, as the extraction contract names them."""

    GOVERNMENT = "government"
    RUSSIA = "russia"
    IRAN = "iran"
    TURKEY = "turkey"
    USA = "usa"
    COALITION = "coalition"
    OPPOSITION = "opposition"
    HTS = "hts"
    ISIS = "isis"
    SDF = "sdf"
    CIVILIANS = "civilians"
    UNKNOWN = "unknown"


class PartyRole(StrEnum):
    """The standing of a party to an agreement."""

    GUARANTOR = "guarantor"
    PARTY = "party"
    OBSERVER = "observer"
    DESIGNATED_GROUP = "designated-group"


class ClaimKind(StrEnum):
    """What a claim asserts (extraction contract `kind`)."""

    INCIDENT = "incident"
    AGREEMENT = "agreement"
    TALKS_ROUND = "talks_round"
    DEPLOYMENT = "deployment"
    STATEMENT = "statement"


class Stance(StrEnum):
    """Whether a claim alleges an event or denies it."""

    ALLEGES = "alleges"
    DENIES = "denies"
    REPORTS = "reports"


class SourceKind(StrEnum):
    """Where a report comes from."""

    OUTLET = "outlet"
    MONITOR = "monitor"
    PARTY = "party"
    DATASET = "dataset"


class ReportKind(StrEnum):
    """The form a report arrived in."""

    ARTICLE = "article"
    MONITOR_REPORT = "monitor-report"
    COMPLAINT = "complaint"
    DATASET_ROW = "dataset-row"


class ObservationMethod(StrEnum):
    """How a monitor knows what the report says."""

    SAW = "saw"
    HEARD = "heard"
    CAMERA = "camera"
    REPORTED = "reported"


class Confidentiality(StrEnum):
    """Who may read a report besides the centre's analysts."""

    PUBLIC = "public"
    CENTRE = "centre"
    PARTY = "party"


class IncidentStatus(StrEnum):
    """An incident's standing in the verification workflow."""

    ALLEGED = "alleged"
    DENIED = "denied"
    CONTESTED = "contested"
    CORROBORATED = "corroborated"
    VERIFIED = "verified"
    REFUTED = "refuted"


class ZoneRelation(StrEnum):
    """How an incident's place relates to a zone, given the place's precision."""

    INSIDE = "inside"
    POSSIBLY = "possibly"
    OUTSIDE = "outside"
    UNKNOWN = "unknown"


class Verdict(StrEnum):
    """The outcome of checking an incident against one provision."""

    VIOLATION = "violation"
    NOT_A_VIOLATION = "not a violation"
    EXEMPT = "exempt"
    CONTESTED = "contested"
    OUTSIDE_SCOPE = "outside scope"
    INSUFFICIENT_INFORMATION = "insufficient information"


class TalksStatus(StrEnum):
    """A talks round's state; rounds are announced, postponed and held."""

    PLANNED = "planned"
    POSTPONED = "postponed"
    HELD = "held"


class Role(StrEnum):
    """A user's role (the table in DESIGN.md §2)."""

    ANALYST = "analyst"
    MONITOR = "monitor"
    PARTY_LIAISON = "party-liaison"
    GUARANTOR_LIAISON = "guarantor-liaison"
    OBSERVER = "observer"
    PUBLIC = "public"


class Edition(StrEnum):
    """Who a bulletin or export is for: the public, or the coordination centre itself."""

    PUBLIC = "public"
    CENTRE = "centre"


class ExportFormat(StrEnum):
    """What `ceasefire export` and the API write incidents as."""

    GEOJSON = "geojson"
    CSV = "csv"
    HXL = "hxl"
