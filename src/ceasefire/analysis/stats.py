"""Compliance statistics: counts of incidents and violations by zone, party, type and period.
Runs after assessment, on a columnar frame of incidents that storage hands over; feeds the
`stats` command, the bulletin and the exports.

Everything here is one DuckDB query over a pandas frame (no Python loop per incident), so
counting a million incidents per zone per day takes a few hundredths of a second.

The frame (see `INCIDENT_FRAME`) holds one row per incident with its *current* zone
assignment and, where the record holds assessments, `violation`: True when any provision's
current verdict is `violation`, False when it has verdicts and none is, missing when it was
never assessed. Counts of violations therefore say how many incidents were assessed beside
them; nothing here guesses a verdict.

Fatalities are summed as low, best and high. An incident that gives only some of the three
fills the others from the nearest figure it does give (best, else low or high), so that each
incident adds a consistent triple and the sums keep low <= best <= high; an incident with no
figure adds nothing.

Dates are intervals. An incident is counted in a day, week or month only when its whole
interval lies inside that period; one known only to "June 2017" has no day and is counted
once in a row whose period is empty, never on 1 June. Weeks are ISO weeks, named by their
Monday. `phase` says whether the incident lies before or after the agreement's entry into
force (`straddles` when its interval covers it).

    >>> frame = conform(pd.DataFrame({"incident_id": ["a"], "date_start": ["2017-06-01"],
    ...     "date_end": ["2017-06-01"], "event_type": ["Battles"], "zone_id": ["idlib"],
    ...     "zone_relation": ["inside"]}))
    >>> count_incidents(frame, [Dimension.ZONE, Dimension.DAY])["incidents"].tolist()
    [1]
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from ceasefire.errors import InvalidInput

#: The columns of the incident frame and their pandas dtypes; only the first four are required.
INCIDENT_FRAME: dict[str, str] = {
    "incident_id": "str",
    "date_start": "datetime64[s]",
    "date_end": "datetime64[s]",
    "event_type": "str",
    "perpetrator_side": "str",
    "zone_id": "str",
    "zone_relation": "str",
    "admin1": "str",
    "status": "str",
    "fatalities_low": "Int64",
    "fatalities_best": "Int64",
    "fatalities_high": "Int64",
    "violation": "boolean",
}
_REQUIRED = ("incident_id", "date_start", "date_end", "event_type")

OUTSIDE_ZONES = "(outside zones)"
PLACE_UNKNOWN = "(place unknown)"
UNKNOWN = "(unknown)"


class Dimension(StrEnum):
    """What counts can be grouped by (`ceasefire stats --by zone,week`)."""

    ZONE = "zone"
    PARTY = "party"
    EVENT_TYPE = "event_type"
    STATUS = "status"
    ADMIN1 = "admin1"
    RELATION = "relation"
    PHASE = "phase"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def is_period(self) -> bool:
        return self in (Dimension.DAY, Dimension.WEEK, Dimension.MONTH)


MEASURES = ("incidents", "assessed", "violations", "fatalities_low", "fatalities_best", "fatalities_high")

#: Columns `conform` derives once per frame, so that every count is a plain GROUP BY over plain
#: numpy columns: the zone and perpetrator-side labels (categorical); the day of a one-day
#: incident (int32 days since 1970, `NO_DAY` otherwise: narrow columns scan fast); whether it is
#: assessed and a violation; whether it gives any figure of dead; and the dead with missing
#: bounds filled (0 where it gives none).
NO_DAY = int(np.iinfo(np.int32).min)
DERIVED = (
    "zone",
    "party",
    "day",
    "is_assessed",
    "is_violation",
    "has_killed",
    "killed_low",
    "killed_best",
    "killed_high",
)


def _period(unit: str) -> str:
    """The period holding the whole interval, or NULL when the interval spans several."""
    return (
        f"CASE WHEN date_trunc('{unit}', date_end) = date_trunc('{unit}', date_start) "
        f"THEN CAST(date_trunc('{unit}', date_start) AS DATE) END"
    )


_EXPRESSIONS: dict[Dimension, str] = {
    Dimension.ZONE: "zone",
    Dimension.PARTY: "party",
    Dimension.EVENT_TYPE: "event_type",
    Dimension.STATUS: f"coalesce(status, '{UNKNOWN}')",
    Dimension.ADMIN1: f"coalesce(admin1, '{UNKNOWN}')",
    Dimension.RELATION: f"coalesce(zone_relation, '{UNKNOWN}')",
    Dimension.PHASE: (
        "CASE WHEN $in_force IS NULL THEN NULL WHEN date_end < $in_force THEN 'before' "
        "WHEN date_start >= $in_force THEN 'after' ELSE 'straddles' END"
    ),
    Dimension.DAY: "day",  # decoded to a date (or NULL) after grouping, see _OUTER
    Dimension.WEEK: _period("week"),
    Dimension.MONTH: _period("month"),
}

#: The frame columns each dimension reads; only those are handed to DuckDB (registering a wide
#: frame costs more than counting a narrow one).
_SOURCES: dict[Dimension, tuple[str, ...]] = {
    Dimension.ZONE: ("zone",),
    Dimension.PARTY: ("party",),
    Dimension.EVENT_TYPE: ("event_type",),
    Dimension.STATUS: ("status",),
    Dimension.ADMIN1: ("admin1",),
    Dimension.RELATION: ("zone_relation",),
    Dimension.PHASE: ("date_start", "date_end"),
    Dimension.DAY: ("day",),
    Dimension.WEEK: ("date_start", "date_end"),
    Dimension.MONTH: ("date_start", "date_end"),
}
#: Per measure: the frame columns it reads, its per-row aggregates (inner query) and its
#: value on the grouped rows (outer query), where an empty total is told from a zero one.
#: Only the measures asked for are computed: each aggregate costs a pass of hash updates.
_MEASURE_PLAN: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "incidents": ((), ("count(*) AS n",), "n AS incidents"),
    "assessed": (("is_assessed",), ("count_if(is_assessed) AS a",), "a AS assessed"),
    "violations": (
        ("is_assessed", "is_violation"),
        ("count_if(is_assessed) AS a", "count_if(is_violation) AS v"),
        "CASE WHEN a = 0 THEN NULL ELSE v END AS violations",
    ),
    **{
        f"fatalities_{bound}": (
            ("has_killed", f"killed_{bound}"),
            ("count_if(has_killed) AS k", f"sum(killed_{bound}) AS f_{bound}"),
            f"CASE WHEN k = 0 THEN NULL ELSE f_{bound} END AS fatalities_{bound}",
        )
        for bound in ("low", "best", "high")
    },
}
_OUTER: dict[Dimension, str] = {
    Dimension.DAY: f"CASE WHEN {{0}} = {NO_DAY} THEN NULL ELSE DATE '1970-01-01' + {{0}} END",
}


def parse_dimensions(text: str) -> list[Dimension]:
    """'zone,week' → [ZONE, WEEK]; an unknown name is an error that lists the known ones."""
    out: list[Dimension] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            dim = Dimension(part.replace("-", "_"))
        except ValueError:
            known = ", ".join(d.value for d in Dimension)
            raise InvalidInput(f"--by: unknown dimension {part!r}; known: {known}") from None
        if dim not in out:
            out.append(dim)
    if sum(d.is_period for d in out) > 1:
        raise InvalidInput(f"--by: {text!r} names more than one period (day, week, month); choose one")
    return out


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every column of `INCIDENT_FRAME`, in its dtype (absent optional columns
    empty), plus the `DERIVED` columns.

    Checked at the boundary so that a frame built by storage, a benchmark or a test behaves the
    same: a missing required column or an interval that ends before it starts is an error. The
    derived columns are computed here, once, with pandas, so that the many counts a bulletin
    makes of one frame each scan plain columns.
    """
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise InvalidInput(f"incident frame lacks column(s) {', '.join(missing)}")
    out = pd.DataFrame(index=frame.index)
    for column, dtype in INCIDENT_FRAME.items():
        if column not in frame.columns:
            out[column] = pd.Series(pd.NA, index=frame.index, dtype=dtype)
        elif dtype.startswith("datetime64"):
            out[column] = pd.to_datetime(frame[column]).astype(dtype)
        else:
            out[column] = frame[column].astype(dtype)
    bad = out["date_end"] < out["date_start"]
    if bool(bad.any()):
        first = out.loc[bad, "incident_id"].iloc[0]
        raise InvalidInput(f"incident {first!r}: date interval ends before it starts")
    outside = out["zone_relation"].eq("outside").fillna(False).to_numpy(dtype=bool)
    fallback = pd.Series(np.where(outside, OUTSIDE_ZONES, PLACE_UNKNOWN), index=out.index)
    out["zone"] = out["zone_id"].astype(object).where(out["zone_id"].notna(), fallback).astype("category")
    out["party"] = out["perpetrator_side"].astype(object).fillna(UNKNOWN).astype("category")
    starts = out["date_start"].to_numpy().astype("datetime64[D]").astype(np.int64)
    one_day = (out["date_start"] == out["date_end"]).to_numpy(dtype=bool)
    out["day"] = np.where(one_day, starts, NO_DAY).astype(np.int32)
    out["is_assessed"] = out["violation"].notna().to_numpy(dtype=bool)
    out["is_violation"] = out["violation"].fillna(False).to_numpy(dtype=bool)
    low, best, high = out["fatalities_low"], out["fatalities_best"], out["fatalities_high"]
    filled = {"killed_low": low.fillna(best).fillna(high), "killed_best": best.fillna(low).fillna(high)}
    filled["killed_high"] = high.fillna(best).fillna(low)
    out["has_killed"] = filled["killed_best"].notna().to_numpy(dtype=bool)
    for column, values in filled.items():
        out[column] = values.fillna(0).to_numpy(dtype="int32")
    return out.reset_index(drop=True)


@cache
def _database() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB per process: opening one costs more than a count of 10^5 rows."""
    return duckdb.connect(":memory:")


def connect(frame: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    """A fresh cursor (its own connection, safe to use from its own thread) with `frame` as
    the view `incidents`; close it when done."""
    con = _database().cursor()
    con.register("incidents", frame)
    return con


def _window(since: date | None, until: date | None) -> tuple[str, dict[str, Any]]:
    """An interval overlaps [since, until]: it ends on or after `since` and starts by `until`.
    Only the bounds given become conditions, so an unbounded count scans no dates."""
    conditions, params = ["TRUE"], {}
    if since is not None:
        conditions.append("date_end >= $since")
        params["since"] = since
    if until is not None:
        conditions.append("date_start <= $until")
        params["until"] = until
    return " AND ".join(conditions), params


def count_incidents(
    frame: pd.DataFrame,
    by: Sequence[Dimension],
    *,
    since: date | None = None,
    until: date | None = None,
    in_force: date | None = None,
    measures: Sequence[str] = MEASURES,
) -> pd.DataFrame:
    """Incidents, assessed incidents, violations and fatalities (low/best/high) per group, or
    only the `measures` asked for.

    Groups are the distinct values of `by`, sorted, empty periods last; with no `by`, one row of
    totals. Incidents whose dates overlap [since, until] are counted. `frame` must come from
    `conform`.
    """
    unknown = [m for m in measures if m not in _MEASURE_PLAN]
    if unknown or not measures:
        raise InvalidInput(f"unknown measure(s) {unknown or '(none)'}; known: {', '.join(MEASURES)}")
    plans = [_MEASURE_PLAN[m] for m in measures]
    reads = [c for plan in plans for c in plan[0]]
    aggregates = list(dict.fromkeys(a for plan in plans for a in plan[1]))
    where, params = _window(since, until)
    params["in_force"] = in_force
    inner = [f"{_EXPRESSIONS[d]} AS g{i}" for i, d in enumerate(by)]
    outer = [f"{_OUTER.get(d, '{0}').format(f'g{i}')} AS {d.value}" for i, d in enumerate(by)]
    group = f"GROUP BY {', '.join(f'g{i}' for i in range(len(by)))}" if by else ""
    order = f"ORDER BY {', '.join(f'{i + 1} NULLS LAST' for i in range(len(by)))}" if by else ""
    sql = (
        f"SELECT {', '.join([*outer, *(plan[2] for plan in plans)])} FROM "
        f"(SELECT {', '.join([*inner, *aggregates])} FROM incidents WHERE {where} {group}) {order}"
    )
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    dates = ("date_start", "date_end") if since is not None or until is not None else ()
    columns = list(dict.fromkeys([*reads, *dates, *(c for d in by for c in _SOURCES[d])])) or ["day"]
    con = connect(frame[columns])
    try:
        result = con.execute(sql, used).df()
    finally:
        con.close()
    for d in by:
        if not d.is_period:
            result[d.value] = result[d.value].astype(object)
        if d.is_period:
            days = pd.to_datetime(result[d.value]).dt.date.astype(object)
            result[d.value] = days.where(result[d.value].notna(), None)
    for m in measures:
        result[m] = result[m].astype("Int64")
    return result


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts for JSON and CSV: dates as ISO text, missing values as None."""
    out: list[dict[str, Any]] = []
    for row in table.astype(object).where(table.notna(), None).to_dict(orient="records"):
        out.append({str(k): (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()})
    return out


def period_range(unit: Dimension, start: date, end: date) -> list[date]:
    """Every period of `unit` from the one holding `start` to the one holding `end`, by first day."""
    freq = {Dimension.DAY: "D", Dimension.WEEK: "W-MON", Dimension.MONTH: "MS"}[unit]
    first = pd.Timestamp(start)
    if unit is Dimension.WEEK:
        first -= pd.Timedelta(days=first.weekday())
    elif unit is Dimension.MONTH:
        first = first.replace(day=1)
    return [ts.date() for ts in pd.date_range(first, pd.Timestamp(end), freq=freq)]


def trend(
    frame: pd.DataFrame,
    unit: Dimension,
    *,
    since: date,
    until: date,
    measure: str = "incidents",
    zones: Sequence[str] = (),
) -> pd.DataFrame:
    """A dense table, one row per period of `unit` in [since, until] and one column per zone,
    of `measure` (0 where nothing happened), for the bulletin's trend charts.

    `zones` fixes the columns (zones with nothing still get a column of zeros); incidents whose
    dates span several periods have no place on a time axis and are left out.
    """
    if not unit.is_period:
        raise InvalidInput(f"trend: {unit.value!r} is not a period (day, week or month)")
    if measure not in MEASURES:
        raise InvalidInput(f"trend: unknown measure {measure!r}; known: {', '.join(MEASURES)}")
    counts = count_incidents(frame, [Dimension.ZONE, unit], since=since, until=until, measures=[measure])
    counts = counts[counts[unit.value].notna()]
    table = counts.pivot_table(
        index=unit.value, columns=Dimension.ZONE.value, values=measure, aggfunc="sum", fill_value=0
    )
    columns = list(zones) or sorted(c for c in table.columns if not str(c).startswith("("))
    table = table.reindex(index=period_range(unit, since, until), columns=columns, fill_value=0)
    table.index.name = unit.value
    return table.fillna(0).astype("int64")
