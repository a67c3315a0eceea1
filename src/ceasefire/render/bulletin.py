"""The bulletin's content: from the record's frames as of the cut-off to the numbers, tables and
notes a reader sees. Runs after statistics; the HTML template, the map and the charts draw
only what this module assembled, after the edition's redaction (see `redaction`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from ceasefire.analysis.alerts import AlertRule, alert_measure, daily_alerts
from ceasefire.analysis.stats import Dimension, conform, count_incidents, records, trend
from ceasefire.domain.agreements import Agreement
from ceasefire.domain.statuses import GeoPrecision, IncidentStatus
from ceasefire.domain.zones import Zone, ZoneVersion
from ceasefire.render.claims import ClaimView, ContestedClaim, contested_claims
from ceasefire.render.redaction import Edition, SourceFilter, for_edition

TIMEZONE = "Asia/Damascus"
#: Statuses that mean the centre has not confirmed the incident.
UNVERIFIED = (IncidentStatus.ALLEGED, IncidentStatus.DENIED, IncidentStatus.CONTESTED)
#: Trend charts reach back at least this far, so that a daily bulletin still shows a trend.
MIN_CHART_DAYS = 28


@dataclass(frozen=True, slots=True)
class Cutoff:
    """The instant the bulletin's record is cut at: `day` 23:59:59 in Damascus.

    A bulletin produced before that instant can only show the record as it stands (`as_of`,
    the moment of production); it then says it is provisional.
    """

    day: date
    instant: datetime
    as_of: datetime

    @property
    def provisional(self) -> bool:
        return self.as_of < self.instant

    def local_text(self) -> str:
        local = self.instant.astimezone(ZoneInfo(TIMEZONE))
        utc = self.instant.astimezone(ZoneInfo("UTC"))
        return f"{local:%Y-%m-%d %H:%M:%S} {TIMEZONE} (UTC{local:%z}; {utc:%Y-%m-%d %H:%M:%S} UTC)"


def cutoff_for(day: date, now: datetime) -> Cutoff:
    """The cut-off of the bulletin of `day`, produced at `now` (aware)."""
    instant = datetime.combine(day, time(23, 59, 59, 999999), ZoneInfo(TIMEZONE))
    return Cutoff(day, instant, min(instant, now))


@dataclass(frozen=True, slots=True)
class ZoneLine:
    """One zone in force on the bulletin's day, with the period's counts."""

    zone_id: str
    name: str
    version: int
    valid_from: date
    status: str
    approximate: bool
    counts: dict[str, Any]


@dataclass(frozen=True)
class DataQuality:
    """What the record does not know, counted, so that readers weigh the figures (STYLE §10)."""

    unresolved_places: list[dict[str, Any]]
    imprecise_dates: int
    unverified: dict[str, int]
    unassessed: int
    quarantined: dict[str, int]
    quarantine_examples: list[str]


@dataclass(frozen=True)
class BulletinData:
    """Everything one edition of one day's bulletin shows."""

    title: str
    agreement: str
    edition: Edition
    cutoff: Cutoff
    period_start: date
    zones: list[ZoneLine]
    other_places: list[dict[str, Any]]
    totals: dict[str, Any]
    by_phase: list[dict[str, Any]]
    by_party: list[dict[str, Any]]
    by_event_type: list[dict[str, Any]]
    incidents: list[dict[str, Any]]
    claims: list[ContestedClaim]
    quality: DataQuality
    alerts: list[dict[str, Any]]
    alert_rule: str
    trend_unit: Dimension
    chart_start: date
    trend_measure: str
    audit_seq: int
    audit_hash: str
    generated_at: datetime
    map_frame: pd.DataFrame = field(repr=False)
    trend_table: pd.DataFrame = field(repr=False)
    zone_versions: list[tuple[Zone, ZoneVersion]] = field(repr=False, default_factory=list)

    @property
    def file_stem(self) -> str:
        return f"bulletin-{self.cutoff.day.isoformat()}"


def trend_unit_for(start: date, end: date) -> Dimension:
    """Days for up to two months, weeks up to two years, months beyond: charts stay readable."""
    days = (end - start).days + 1
    return Dimension.DAY if days <= 62 else Dimension.WEEK if days <= 731 else Dimension.MONTH


def _incident_lines(frame: pd.DataFrame, edition: Edition) -> list[dict[str, Any]]:
    decimals = 2 if edition is Edition.PUBLIC else None
    out = []
    for row in records(frame):
        lat, lon = row.get("lat"), row.get("lon")
        if lat is not None and lon is not None:
            where = f"{lat:.{decimals}f}, {lon:.{decimals}f}" if decimals is not None else f"{lat}, {lon}"
        else:
            where = "unresolved"
        start, end = row["date_start"], row["date_end"]
        fat = [row.get(k) for k in ("fatalities_low", "fatalities_best", "fatalities_high")]
        known = any(v is not None for v in fat)
        out.append(
            {
                "id": row["incident_id"],
                "date": start if start == end else f"{start} – {end}",
                "place": row.get("place_name") or "",
                "coordinates": where,
                "zone": row.get("zone_id") or ("outside zones" if row.get("zone_relation") == "outside" else "—"),
                "relation": row.get("zone_relation") or "unknown",
                "event": row.get("sub_event_type") or row.get("event_type"),
                "perpetrator": row.get("perpetrator_side") or "unknown",
                "fatalities": "/".join("?" if v is None else str(v) for v in fat) if known else "",
                "status": row.get("status") or "",
                "verdict": row.get("verdict") or "not assessed",
                "sources": "" if row.get("independent_sources") is None else str(row["independent_sources"]),
                "source": row.get("source_name") or "",
            }
        )
    return out


def _quality(frame: pd.DataFrame, quarantined: Sequence[tuple[str, str]]) -> DataQuality:
    unresolved = frame[frame["lon"].isna() | frame["geo_precision"].isin([str(GeoPrecision.UNKNOWN)])]
    statuses = frame["status"].value_counts()
    kinds: dict[str, int] = {}
    for kind, _ in quarantined:
        kinds[kind] = kinds.get(kind, 0) + 1
    return DataQuality(
        unresolved_places=[
            {"id": r["incident_id"], "place": r["place_name"], "precision": r["geo_precision"]}
            for r in records(unresolved[["incident_id", "place_name", "geo_precision"]])
        ],
        imprecise_dates=int((frame["date_start"] != frame["date_end"]).sum()),
        unverified={str(s): int(statuses.get(str(s), 0)) for s in UNVERIFIED},
        unassessed=int(frame["violation"].isna().sum()) if "violation" in frame else len(frame),
        quarantined=kinds,
        quarantine_examples=[reason for _, reason in quarantined[:5]],
    )


def assemble(
    *,
    frame: pd.DataFrame,
    agreement: Agreement | None,
    zones: Sequence[Zone],
    cutoff: Cutoff,
    period_start: date,
    edition: Edition,
    confidential_names: Sequence[str],
    claims: Sequence[ClaimView],
    quarantined: Sequence[tuple[str, str]],
    audit_head: tuple[int, str],
    generated_at: datetime,
    rule: AlertRule | None = None,
) -> BulletinData:
    """Build one edition of the bulletin of `cutoff.day` over [period_start, day].

    `frame` is the record's incident frame as of the cut-off (storage's `incident_frame`), reaching
    back far enough for the trend and the alert baseline; `claims` are those of the frame's
    incidents; `quarantined` is (kind, reason) of every row in quarantine at the cut-off.
    """
    day = cutoff.day
    rule = rule or AlertRule()
    shown = for_edition(frame, edition, SourceFilter(confidential_names))
    stats_frame = conform(shown)
    in_force = agreement.in_force if agreement else None

    def period_counts(by: list[Dimension]) -> list[dict[str, Any]]:
        return records(count_incidents(stats_frame, by, since=period_start, until=day, in_force=in_force))

    overlap = (stats_frame["date_end"] >= pd.Timestamp(period_start)) & (stats_frame["date_start"] <= pd.Timestamp(day))
    period = shown[overlap.to_numpy()].reset_index(drop=True)
    pairs = [(z, v) for z in zones if (v := z.version_at(day)) is not None]
    per_zone = {r["zone"]: r for r in period_counts([Dimension.ZONE])}
    empty = {"incidents": 0, "assessed": 0, "violations": None, "fatalities_best": None}
    zone_lines = [
        ZoneLine(z.id, z.name, v.version, v.valid_from, str(v.status), v.approximate, per_zone.get(z.id, empty))
        for z, v in pairs
    ]
    listed = {z.id for z, _ in pairs}
    chart_start = min(period_start, day - timedelta(days=MIN_CHART_DAYS - 1))
    unit = trend_unit_for(chart_start, day)
    measure = alert_measure(stats_frame)
    zone_ids = [z.id for z, _ in pairs] or sorted({z.id for z in zones})
    alerts = daily_alerts(stats_frame, since=period_start, until=day, rule=rule, zones=zone_ids, measure=measure)
    totals = period_counts([])[0]
    return BulletinData(
        title="Ceasefire monitoring bulletin",
        agreement=agreement.name if agreement else "no agreement loaded",
        edition=edition,
        cutoff=cutoff,
        period_start=period_start,
        zones=zone_lines,
        other_places=[r for k, r in per_zone.items() if k not in listed],
        totals=totals,
        by_phase=period_counts([Dimension.PHASE]),
        by_party=period_counts([Dimension.PARTY]),
        by_event_type=period_counts([Dimension.EVENT_TYPE]),
        incidents=_incident_lines(period, edition),
        claims=contested_claims(claims, {str(i) for i in period["incident_id"]}, edition, confidential_names),
        quality=_quality(period, quarantined),
        alerts=[
            {**r, "baseline_mean": f"{r['baseline_mean']:.1f}", "baseline_sd": f"{r['baseline_sd']:.1f}"}
            for r in records(alerts.drop(columns=["threshold"]))
        ],
        alert_rule=rule.describe(measure),
        trend_unit=unit,
        chart_start=chart_start,
        trend_measure=measure,
        audit_seq=audit_head[0],
        audit_hash=audit_head[1],
        generated_at=generated_at,
        map_frame=period,
        trend_table=trend(stats_frame, unit, since=chart_start, until=day, measure=measure, zones=zone_ids),
        zone_versions=pairs,
    )
