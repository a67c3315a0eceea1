"""Alerts: zones whose daily violations jump above their recent baseline. Runs on the same
incident frame as `stats`; the bulletin lists what it finds.

The rule, in full (README, "Alerts"):

    a zone raises an alert on day D when
        count(D) >= MIN_COUNT                                   (3 by default), and
        count(D) >  mean(B) + SD_FACTOR * sd(B)                 (3 by default)
    where B is the zone's daily counts on the WINDOW_DAYS days before D (28 by default),
    days without incidents counting as 0, and sd is the population standard deviation.

`count` is the number of *violations* when the record holds assessments (some incident has
a verdict) and the number of *incidents* otherwise; the result says which. Only incidents dated
to one day enter daily counts (one known only to a week or a month cannot make a spike on a
particular day). The floor of MIN_COUNT keeps a quiet zone from alerting on its first incident:
with a baseline of zeros, mean + 3 sd is 0 and any single event would otherwise qualify.

The whole rule is one DuckDB query: a dense zone × day grid, a left join of counts, and a
window function over the preceding days; no loop over days or zones in Python.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from ceasefire.analysis.stats import connect
from ceasefire.errors import InvalidInput

WINDOW_DAYS = 28
SD_FACTOR = 3.0
MIN_COUNT = 3


@dataclass(frozen=True, slots=True)
class AlertRule:
    """The parameters of the baseline rule; the defaults are the documented ones."""

    window_days: int = WINDOW_DAYS
    sd_factor: float = SD_FACTOR
    min_count: int = MIN_COUNT

    def __post_init__(self) -> None:
        if self.window_days < 2:
            raise InvalidInput(f"alert window must be at least 2 days, got {self.window_days}")
        if self.sd_factor < 0 or self.min_count < 1:
            raise InvalidInput(f"alert rule needs sd_factor >= 0 and min_count >= 1, got {self}")

    def describe(self, measure: str) -> str:
        return (
            f"daily {measure} >= {self.min_count} and > mean + {self.sd_factor:g} sd of the zone's "
            f"previous {self.window_days} days (days without incidents count as 0)"
        )


def alert_measure(frame: pd.DataFrame) -> str:
    """'violations' when any incident in the frame has been assessed, else 'incidents'."""
    return "violations" if bool(frame["violation"].notna().any()) else "incidents"


_SQL = """
WITH daily AS (
    SELECT zone_id AS zone, CAST(date_start AS DATE) AS day, count(*) AS n
    FROM incidents
    WHERE zone_id IS NOT NULL AND zone_relation IN ('inside', 'possibly')
      AND date_start = date_end AND {condition}
      AND date_start >= $grid_start AND date_start <= $until
    GROUP BY ALL
),
zones AS (SELECT DISTINCT zone FROM (SELECT unnest($zones::VARCHAR[]) AS zone UNION SELECT zone FROM daily)),
grid AS (
    SELECT zone, CAST(range AS DATE) AS day
    FROM zones, range(CAST($grid_start AS TIMESTAMP), CAST($until AS TIMESTAMP) + INTERVAL 1 DAY, INTERVAL 1 DAY)
),
dense AS (
    SELECT grid.zone, grid.day, coalesce(daily.n, 0) AS n
    FROM grid LEFT JOIN daily USING (zone, day)
),
scored AS (
    SELECT zone, day, n,
        avg(n) OVER w AS baseline_mean,
        stddev_pop(n) OVER w AS baseline_sd
    FROM dense
    WINDOW w AS (PARTITION BY zone ORDER BY day ROWS BETWEEN $window PRECEDING AND 1 PRECEDING)
)
SELECT zone, day, n AS count, baseline_mean, baseline_sd,
       baseline_mean + $sd_factor * baseline_sd AS threshold
FROM scored
WHERE day >= $since AND n >= $min_count AND n > baseline_mean + $sd_factor * baseline_sd
ORDER BY day, zone
"""


def daily_alerts(
    frame: pd.DataFrame,
    *,
    since: date,
    until: date,
    rule: AlertRule | None = None,
    zones: Sequence[str] = (),
    measure: str | None = None,
) -> pd.DataFrame:
    """Zone-days in [since, until] that break the rule: zone, day, count, baseline mean and sd,
    threshold. The baseline of `since` reaches back `window_days` before it, so the frame
    should hold those days too. `frame` must come from `stats.conform`.
    """
    rule = rule or AlertRule()
    measure = measure or alert_measure(frame)
    if measure not in ("violations", "incidents"):
        raise InvalidInput(f"alerts: measure must be 'violations' or 'incidents', got {measure!r}")
    if until < since:
        raise InvalidInput(f"alerts: until {until} is before since {since}")
    condition = "violation" if measure == "violations" else "TRUE"
    con = connect(frame)
    try:
        result = con.execute(
            _SQL.format(condition=condition),
            {
                "grid_start": since - timedelta(days=rule.window_days),
                "since": since,
                "until": until,
                "window": rule.window_days,
                "sd_factor": rule.sd_factor,
                "min_count": rule.min_count,
                "zones": list(zones),
            },
        ).df()
    finally:
        con.close()
    result["day"] = pd.to_datetime(result["day"]).dt.date
    result["count"] = result["count"].astype("int64")
    return result
