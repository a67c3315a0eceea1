"""Statistics of the record for the `stats` command: the frame from storage through analysis.stats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd

from ceasefire.analysis.alerts import AlertRule, alert_measure, daily_alerts
from ceasefire.analysis.stats import Dimension, conform, count_incidents
from ceasefire.intake.agreement_file import agreement_from_document
from ceasefire.storage import agreements_repo, frames_repo, zones_repo
from ceasefire.storage.record import Record


def _entry_into_force(documents: Sequence[dict[str, object]]) -> date | None:
    """The earliest entry into force among the loaded agreements: 'before' means before any applied."""
    dates = [agreement_from_document(d).in_force for d in documents]
    return min(dates) if dates else None


def stats_table(
    record: Record, by: Sequence[Dimension], *, since: date | None = None, until: date | None = None
) -> pd.DataFrame:
    """Counts of incidents, violations and fatalities per group of `by`, now, over [since, until]."""
    with record.reader() as conn:
        frame = frames_repo.incident_frame(conn, since=since, until=until)
        in_force = _entry_into_force(agreements_repo.documents(conn))
    return count_incidents(conform(frame), by, since=since, until=until, in_force=in_force)


def alerts_table(
    record: Record, *, since: date, until: date, rule: AlertRule | None = None
) -> tuple[pd.DataFrame, str]:
    """Zone-days breaking the alert rule in [since, until], and the rule in words."""
    rule = rule or AlertRule()
    with record.reader() as conn:
        frame = conform(frames_repo.incident_frame(conn, since=since - timedelta(days=rule.window_days), until=until))
        zone_ids = [z.id for z in zones_repo.load_zones(conn)]
    table = daily_alerts(frame, since=since, until=until, rule=rule, zones=zone_ids)
    return table, rule.describe(alert_measure(frame))
