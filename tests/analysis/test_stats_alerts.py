"""The alert rule: today's count > mean + 3 sd of the zone's previous 28 days, and at least 3."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest

from ceasefire.analysis.alerts import AlertRule, alert_measure, daily_alerts
from ceasefire.analysis.stats import conform
from ceasefire.errors import InvalidInput

SPIKE = date(2017, 7, 1)


def frame_of(per_day: dict[date, int], *, zone: str = "idlib", violation: bool | None = None) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    for day, n in per_day.items():
        for k in range(n):
            rows.append(
                {
                    "incident_id": f"{zone}-{day}-{k}",
                    "date_start": day,
                    "date_end": day,
                    "event_type": "Battles",
                    "zone_id": zone,
                    "zone_relation": "inside",
                    "violation": violation,
                }
            )
    return conform(pd.DataFrame(rows))


def steady(days: int = 28, per_day: int = 1) -> dict[date, int]:
    return {SPIKE - timedelta(days=d): per_day for d in range(1, days + 1)}


def test_a_jump_far_above_a_steady_baseline_raises_an_alert() -> None:
    alerts = daily_alerts(frame_of({**steady(), SPIKE: 5}), since=SPIKE, until=SPIKE)
    assert alerts[["zone", "day", "count"]].to_dict("records") == [{"zone": "idlib", "day": SPIKE, "count": 5}]
    assert alerts.loc[0, "baseline_mean"] == pytest.approx(1.0)
    assert alerts.loc[0, "baseline_sd"] == pytest.approx(0.0)


def test_a_day_within_a_noisy_baseline_raises_none() -> None:
    noisy = {SPIKE - timedelta(days=d): (6 if d % 2 else 0) for d in range(1, 29)}  # mean 3, sd 3
    assert daily_alerts(frame_of({**noisy, SPIKE: 11}), since=SPIKE, until=SPIKE).empty  # 11 < 3 + 3 * 3 = 12
    assert len(daily_alerts(frame_of({**noisy, SPIKE: 13}), since=SPIKE, until=SPIKE)) == 1


def test_a_first_incident_in_a_quiet_zone_is_not_an_alert_below_the_floor() -> None:
    assert daily_alerts(frame_of({SPIKE: 2}), since=SPIKE, until=SPIKE).empty
    assert len(daily_alerts(frame_of({SPIKE: 3}), since=SPIKE, until=SPIKE)) == 1


def test_days_without_incidents_count_as_zero_in_the_baseline() -> None:
    # Three incidents 20 days ago and nothing else: mean 3/28, sd about 0.56, so 3 today alerts.
    alerts = daily_alerts(frame_of({SPIKE - timedelta(days=20): 3, SPIKE: 3}), since=SPIKE, until=SPIKE)
    assert len(alerts) == 1
    assert alerts.loc[0, "baseline_mean"] == pytest.approx(3 / 28)


def test_incidents_spanning_days_do_not_make_a_spike() -> None:
    frame = frame_of(steady())
    vague = conform(
        pd.DataFrame(
            [
                {
                    "incident_id": f"v{k}",
                    "date_start": SPIKE,
                    "date_end": SPIKE + timedelta(days=2),
                    "event_type": "Battles",
                    "zone_id": "idlib",
                    "zone_relation": "inside",
                }
                for k in range(9)
            ]
        )
    )
    assert daily_alerts(pd.concat([frame, vague], ignore_index=True), since=SPIKE, until=SPIKE).empty


def test_with_assessments_the_rule_counts_violations_only() -> None:
    frame = pd.concat(
        [frame_of({**steady(), SPIKE: 5}, violation=False), frame_of({SPIKE: 1}, zone="idlib", violation=True)],
        ignore_index=True,
    )
    frame["incident_id"] = [f"i{k}" for k in range(len(frame))]
    assert alert_measure(frame) == "violations"
    assert daily_alerts(frame, since=SPIKE, until=SPIKE).empty  # 34 incidents but only one violation


def test_a_rule_with_a_custom_window_and_factor() -> None:
    rule = AlertRule(window_days=7, sd_factor=1.0, min_count=2)
    alerts = daily_alerts(frame_of({**steady(7), SPIKE: 2}), since=SPIKE, until=SPIKE, rule=rule)
    assert len(alerts) == 1
    assert "previous 7 days" in rule.describe("incidents")


def test_a_rule_without_a_baseline_is_refused() -> None:
    with pytest.raises(InvalidInput, match="at least 2 days"):
        AlertRule(window_days=1)
