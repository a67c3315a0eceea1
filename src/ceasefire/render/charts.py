"""The bulletin's trend charts: one small panel per zone of its counts per day, week or month,
on a shared time axis so zones compare at a glance. Draws the dense table that
`ceasefire.analysis.stats.trend` returns; matplotlib without pyplot, so no global state.
"""

from __future__ import annotations

import io

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ceasefire.analysis.stats import Dimension

_BAR_DAYS = {Dimension.DAY: 0.8, Dimension.WEEK: 6.0, Dimension.MONTH: 25.0}
_ADJECTIVE = {Dimension.DAY: "Daily", Dimension.WEEK: "Weekly", Dimension.MONTH: "Monthly"}


def chart_title(unit: Dimension, measure: str) -> str:
    return f"{_ADJECTIVE[unit]} {measure} per zone"


def trend_chart(table: pd.DataFrame, unit: Dimension, measure: str, *, dpi: int = 150) -> bytes:
    """A PNG with one bar panel per column (zone) of `table` (index: first day of each period).

    A table without columns (no zone in force) still gives a chart, of nothing, saying so, so
    that the bulletin's layout does not depend on the data.
    """
    zones = list(table.columns)
    rows = max(len(zones), 1)
    fig = Figure(figsize=(7.2, 1.1 + 1.05 * rows), dpi=dpi)
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    periods = pd.to_datetime(pd.Index(table.index))
    top = max(int(table.to_numpy().max()) if table.size else 0, 1)
    for ax, zone in zip(axes, zones or [None], strict=True):
        if zone is None:
            ax.text(0.5, 0.5, "no zone in force", ha="center", va="center", transform=ax.transAxes, fontsize=8)
            ax.set_yticks([])
            continue
        values = table[zone].to_numpy()
        ax.bar(periods, values, width=_BAR_DAYS[unit], color="#c0392b", align="edge")
        ax.set_ylim(0, top * 1.15)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
        ax.set_ylabel(str(zone), rotation=0, ha="right", va="center", fontsize=7)
        ax.tick_params(labelsize=6)
        ax.grid(axis="y", linewidth=0.3, color="#d5d8dc")
        ax.text(0.995, 0.9, f"total {int(values.sum())}", ha="right", va="top", transform=ax.transAxes, fontsize=6)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    axes[0].set_title(chart_title(unit, measure), fontsize=9)
    fig.autofmt_xdate(rotation=30)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
