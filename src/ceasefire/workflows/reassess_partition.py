"""Reassessing one partition of an incident archive: zone and governorate assignment, the
assessment and the partial statistics of a pandas frame, with the single-machine functions.
Runs inside a Dask worker (`workflows.archive`) or in-process; no I/O, no Dask.

The bulk, incidents known to a point or town on one day, goes through `geo.assign.assign_points`
and `geo.admin1.assign_admin1` over the partition's arrays, exactly what `assign_places` does
for points. The rest (an interval of days, an area-precision place, no coordinates) goes
through `workflows.assignment.assignments_for` itself, the record's own rule, row by row; so
a partition's answer is the record's answer by construction (a test holds them equal).
Assessment (`analysis.assessment.assess`, as `ceasefire assess` runs it for an incident with
no claims) and the counts (`analysis.stats.count_incidents`) are likewise the record's own.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ceasefire.analysis import stats
from ceasefire.analysis.assessment import assess
from ceasefire.domain.agreements import Agreement
from ceasefire.domain.common import ActorRef, DateInterval, Fatalities, Place
from ceasefire.domain.incidents import Incident, ZoneAssignment
from ceasefire.domain.statuses import (
    DatePrecision,
    EventType,
    GeoPrecision,
    IncidentStatus,
    Side,
    Verdict,
    ZoneRelation,
)
from ceasefire.domain.zones import Zone
from ceasefire.errors import InvalidInput
from ceasefire.geo.admin1 import assign_admin1
from ceasefire.geo.assign import assign_points
from ceasefire.storage.frames_repo import VERDICT_GRAVITY
from ceasefire.workflows.assessment import incident_facts
from ceasefire.workflows.assignment import assignments_for

#: Archive columns the reassessment reads; `place_name`, `admin1` and `date_precision` are
#: used when present (an area-precision place is found by name).
REQUIRED = ("id", "event_type", "date_start", "date_end", "lon", "lat", "geo_precision")
OPTIONAL = ("place_name", "admin1", "date_precision")
#: What assessment reads besides: who did it to whom, the status, the source.
ASSESSED = (
    "sub_event_type",
    "perpetrator_name",
    "perpetrator_side",
    "target_name",
    "target_side",
    "status",
    "source_name",
)
#: Columns the statistics group or sum by, when the archive has them.
COUNTED = ("event_type", "perpetrator_side", "status", "fatalities_low", "fatalities_best", "fatalities_high")

#: The columns of a reassessed partition, with their pandas dtypes.
RESULT: dict[str, str] = {
    "id": "str",
    "zone_id": "str",
    "zone_version": "Int64",
    "zone_relation": "str",
    "zone_share": "float64",
    "admin1": "str",
    "admin1_pcode": "str",
    "verdict": "str",
    "violation": "boolean",
}

_POINT_LIKE = np.array([str(GeoPrecision.POINT), str(GeoPrecision.TOWN)], dtype=object)
_zones_seen: dict[str, tuple[Zone, ...]] = {}


def zones_fingerprint(zones: Sequence[Zone]) -> str:
    """A digest of the zones' content: equal zones, equal digest, in any process."""
    body = json.dumps([asdict(z) for z in zones], sort_keys=True, default=str).encode()
    return hashlib.sha256(body).hexdigest()


def _resident(zones: Sequence[Zone], fingerprint: str) -> tuple[Zone, ...]:
    """The first copy of these zones this process saw. Each Dask task unpickles its own copy,
    and `geo`'s caches (prepared polygons, security belts, the cell grid) key on object
    identity: keeping one copy per process builds them once per worker, not once per task."""
    hit = _zones_seen.get(fingerprint)
    if hit is None:
        _zones_seen.clear()
        hit = _zones_seen[fingerprint] = tuple(zones)
    return hit


def empty_result() -> pd.DataFrame:
    """A frame with the result's columns and no rows (Dask's `meta`)."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in RESULT.items()})


def _days(column: pd.Series) -> np.ndarray[Any, np.dtype[np.datetime64]]:
    """Days as datetime64[D]; Parquet dates arrive Arrow-backed, cast in Arrow (pandas would
    go through one Python date object per row)."""
    if isinstance(column.dtype, pd.ArrowDtype):
        stamps = pa.array(column).cast(pa.timestamp("s")).to_numpy(zero_copy_only=False)
        return np.asarray(stamps).astype("datetime64[D]")
    return np.asarray(pd.to_datetime(column).to_numpy(dtype="datetime64[D]"))


def _check(frame: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise InvalidInput(f"archive partition lacks column(s) {', '.join(missing)}; see `ceasefire archive export`")


def _text(row: Any, name: str) -> str | None:
    value = getattr(row, name, None)
    return value if isinstance(value, str) and value else None


def _count(row: Any, name: str) -> int | None:
    value = getattr(row, name, None)
    return None if value is None or pd.isna(value) else int(value)


def _actor(row: Any, role: str) -> ActorRef | None:
    name = _text(row, f"{role}_name")
    return ActorRef(name, Side(_text(row, f"{role}_side") or Side.UNKNOWN)) if name else None


def _incident(row: Any) -> Incident:
    """The domain incident behind an archive row, with every field the archive carries."""
    start, end = pd.Timestamp(row.date_start).date(), pd.Timestamp(row.date_end).date()
    lon = None if pd.isna(row.lon) else float(row.lon)
    lat = None if pd.isna(row.lat) else float(row.lat)
    precision = _text(row, "date_precision")
    return Incident(
        id=str(row.id),
        event_type=EventType(row.event_type),
        date=DateInterval(start, end, DatePrecision(precision) if precision else DatePrecision.DAY),
        place=Place(_text(row, "place_name") or "", lon, lat, GeoPrecision(row.geo_precision), _text(row, "admin1")),
        sub_event_type=_text(row, "sub_event_type"),
        perpetrator=_actor(row, "perpetrator"),
        target=_actor(row, "target"),
        fatalities=Fatalities(
            _count(row, "fatalities_low"), _count(row, "fatalities_best"), _count(row, "fatalities_high")
        ),
        status=IncidentStatus(_text(row, "status") or IncidentStatus.ALLEGED),
        source_name=_text(row, "source_name"),
    )


_GRAVITY = {v: k for k, v in enumerate(VERDICT_GRAVITY)}


def _verdicts(
    frame: pd.DataFrame, assigned: list[ZoneAssignment], agreement: Agreement, zones: Sequence[Zone]
) -> tuple[np.ndarray[Any, np.dtype[np.object_]], np.ndarray[Any, np.dtype[np.object_]]]:
    """The gravest verdict over the agreement's provisions, and whether it is a violation, per row."""
    gravest = np.full(len(frame), None, dtype=object)
    for k, row in enumerate(frame.itertuples(index=False)):
        inc = _incident(row)
        found = assess(incident_facts(inc, None), [agreement], zones, {agreement.id: [assigned[k]]})
        if found:
            gravest[k] = str(min((a.verdict for a in found), key=lambda v: _GRAVITY.get(v, len(_GRAVITY))))
    violation = np.array([None if g is None else g == str(Verdict.VIOLATION) for g in gravest], dtype=object)
    return gravest, violation


def reassess_frame(
    frame: pd.DataFrame,
    zones: Sequence[Zone],
    *,
    security_km: float,
    agreement: Agreement | None = None,
    fingerprint: str | None = None,
) -> pd.DataFrame:
    """Zone (version, relation, share), OCHA governorate and, given the `agreement` whose
    `zones` these are, the gravest verdict of every incident in `frame`."""
    _check(frame)
    zones = _resident(zones, fingerprint or zones_fingerprint(zones))
    n = len(frame)
    lon = frame["lon"].to_numpy(dtype=np.float64, na_value=np.nan)
    lat = frame["lat"].to_numpy(dtype=np.float64, na_value=np.nan)
    start, end = _days(frame["date_start"]), _days(frame["date_end"])
    located = np.isfinite(lon) & np.isfinite(lat)
    point_like = frame["geo_precision"].isin(_POINT_LIKE).to_numpy(dtype=bool)
    bulk = np.flatnonzero(located & point_like & (start == end))
    versions = [v for z in zones for v in z.versions]
    found = assign_points(lon[bulk], lat[bulk], start[bulk], versions, security_km=security_km)

    zone_id = np.full(n, None, dtype=object)
    version = np.full(n, -1, dtype=np.int64)
    relation = np.full(n, None, dtype=object)
    share = np.full(n, np.nan)
    inside = found.zone_index >= 0
    zone_id[bulk] = found.zone_ids()
    version[bulk] = found.version_numbers()
    relation[bulk] = np.where(inside, str(ZoneRelation.INSIDE), str(ZoneRelation.OUTSIDE))
    share[bulk] = np.where(inside, 1.0, 0.0)

    rest = np.setdiff1d(np.arange(n), bulk, assume_unique=True)
    if rest.size:
        others = [_incident(r) for r in frame.iloc[rest].itertuples(index=False)]
        decided = assignments_for(others, zones, security_km=security_km)
        for k, inc in zip(rest, others, strict=True):
            a = decided[inc.id][0]
            zone_id[k], relation[k] = a.zone_id, str(a.relation)
            version[k] = -1 if a.zone_version is None else a.zone_version
            share[k] = np.nan if a.share is None else a.share

    names, pcodes = assign_admin1(lon, lat)
    verdict = violation = np.full(n, None, dtype=object)
    if agreement is not None:
        assigned = [
            ZoneAssignment(z, None if v < 0 else int(v), ZoneRelation(r), None if np.isnan(f) else float(f))
            for z, v, r, f in zip(zone_id, version, relation, share, strict=True)
        ]
        verdict, violation = _verdicts(frame, assigned, agreement, zones)
    out = pd.DataFrame(
        {
            "id": frame["id"].astype(RESULT["id"]).reset_index(drop=True),
            "zone_id": zone_id,
            "zone_version": pd.array(np.where(version >= 0, version, 0), dtype="Int64"),
            "zone_relation": relation,
            "zone_share": share,
            "admin1": names,
            "admin1_pcode": pcodes,
            "verdict": verdict,
            "violation": violation,
        }
    )
    out.loc[version < 0, "zone_version"] = pd.NA
    return out.astype(RESULT)


def partial_counts(frame: pd.DataFrame, result: pd.DataFrame, by: Sequence[stats.Dimension]) -> pd.DataFrame:
    """`stats.count_incidents` over one partition, with its reassessed zone and governorate;
    partitions' counts add up (`combine_counts`)."""
    result = result.reset_index(drop=True)
    columns: dict[str, Any] = {
        "incident_id": result["id"],
        "date_start": _days(frame["date_start"]),
        "date_end": _days(frame["date_end"]),
        "zone_id": result["zone_id"],
        "zone_relation": result["zone_relation"],
        "admin1": result["admin1"],
        "violation": result["violation"],
    }
    columns.update({c: frame[c].reset_index(drop=True) for c in COUNTED if c in frame.columns})
    return stats.count_incidents(stats.conform(pd.DataFrame(columns)), list(by))


def combine_counts(parts: Sequence[pd.DataFrame], by: Sequence[stats.Dimension]) -> pd.DataFrame:
    """Add up partial counts: the table `count_incidents` gives for the whole archive."""
    keys = [d.value for d in by]
    table = pd.concat(parts, ignore_index=True)
    if not keys:
        sums = {m: table[m].sum(min_count=0 if m in ("incidents", "assessed") else 1) for m in stats.MEASURES}
        return pd.DataFrame({m: pd.array([v], dtype="Int64") for m, v in sums.items()})
    grouped = table.groupby(keys, dropna=False, sort=False)
    out = grouped[["incidents", "assessed"]].sum()
    for m in stats.MEASURES[2:]:
        out[m] = grouped[m].sum(min_count=1)
    out = out.reset_index().sort_values(keys, na_position="last", kind="stable", ignore_index=True)
    for k in keys:  # grouping turned missing keys (a period spanning several) into NaN
        out[k] = out[k].astype(object).where(out[k].notna(), None)
    for m in stats.MEASURES:
        out[m] = out[m].astype("Int64")
    return out[[*keys, *stats.MEASURES]]
