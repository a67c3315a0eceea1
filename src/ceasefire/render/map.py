"""The bulletin's static map: zones in force and the period's incidents, coloured by verdict
(or by verification status where nothing is assessed yet), drawn with matplotlib over the
packaged OCHA governorates and Natural Earth outline. Nothing is fetched: no tiles, no fonts.

Called by the bulletin after redaction, so the public map is drawn from generalised points.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from ceasefire.domain.statuses import IncidentStatus, Verdict
from ceasefire.geo.boundaries import admin1_polygons, country_outline

#: Marker colours, one per verdict and per status; chosen to read in print and for most colour-blind readers.
VERDICT_COLOURS: dict[str, str] = {
    Verdict.VIOLATION: "#c0392b",
    Verdict.CONTESTED: "#e67e22",
    Verdict.INSUFFICIENT_INFORMATION: "#8e44ad",
    Verdict.EXEMPT: "#2471a3",
    Verdict.NOT_A_VIOLATION: "#27ae60",
    Verdict.OUTSIDE_SCOPE: "#7f8c8d",
}
STATUS_COLOURS: dict[str, str] = {
    IncidentStatus.VERIFIED: "#7b241c",
    IncidentStatus.CORROBORATED: "#c0392b",
    IncidentStatus.CONTESTED: "#e67e22",
    IncidentStatus.ALLEGED: "#d4ac0d",
    IncidentStatus.DENIED: "#5dade2",
    IncidentStatus.REFUTED: "#7f8c8d",
}
NOT_ASSESSED = "not assessed"
ZONE_COLOURS = ("#f5b7b1", "#aed6f1", "#a9dfbf", "#f9e79f", "#d7bde2", "#f5cba7")
_LAT_CENTRE = 35.0  # cos(latitude) keeps Syria's shape true at its middle
_ASPECT = 1.1  # width / height of the map window, in kilometres


def _paths(geom: BaseGeometry) -> list[MplPath]:
    polygons: Sequence[Polygon]
    if isinstance(geom, Polygon):
        polygons = [geom]
    elif isinstance(geom, MultiPolygon):
        polygons = list(geom.geoms)
    else:
        polygons = [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    out = []
    for poly in polygons:
        oriented = orient(poly, 1.0)  # exterior anticlockwise, holes clockwise: holes stay empty
        rings = [oriented.exterior, *oriented.interiors]
        out.append(MplPath.make_compound_path(*(MplPath(np.asarray(r.coords)[:, :2], closed=True) for r in rings)))
    return out


def _draw(ax: Any, geom: BaseGeometry, **style: Any) -> None:
    for path in _paths(geom):
        ax.add_patch(PathPatch(path, **style))


def extent(
    outline: BaseGeometry, zones: Sequence[BaseGeometry], located: pd.DataFrame, pad: float = 0.4
) -> tuple[float, float, float, float]:
    """The map's window: the zones and incidents with a margin, within the country's box, or
    the whole country when there is nothing to show. Zooming in keeps small zones such as
    Eastern Ghouta legible."""
    c_min_lon, c_min_lat, c_max_lon, c_max_lat = outline.bounds
    boxes = [z.bounds for z in zones]
    if len(located):
        lon, lat = located["lon"].astype(float), located["lat"].astype(float)
        boxes.append((lon.min(), lat.min(), lon.max(), lat.max()))
    if not boxes:
        return c_min_lon - pad, c_min_lat - pad, c_max_lon + pad, c_max_lat + pad
    min_lon = max(min(b[0] for b in boxes) - pad, c_min_lon - pad)
    min_lat = max(min(b[1] for b in boxes) - pad, c_min_lat - pad)
    max_lon = min(max(b[2] for b in boxes) + pad, c_max_lon + pad)
    max_lat = min(max(b[3] for b in boxes) + pad, c_max_lat + pad)
    # Widen (eastwards first, where Syria continues) until the window is about as wide as high,
    # so the map fills its page; western zones otherwise give a thin strip.
    scale = math.cos(math.radians(_LAT_CENTRE))
    missing = (max_lat - min_lat) * _ASPECT / scale - (max_lon - min_lon)
    if missing > 0:
        east = min(missing, c_max_lon + pad - max_lon)
        max_lon += east
        min_lon -= missing - east
    return float(min_lon), float(min_lat), float(max_lon), float(max_lat)


def incident_categories(frame: pd.DataFrame) -> tuple[pd.Series, dict[str, str], str]:
    """(category per incident, colour per category, legend title): verdicts when any incident is
    assessed, else statuses."""
    if "verdict" in frame.columns and bool(frame["verdict"].notna().any()):
        values = frame["verdict"].astype(object).where(frame["verdict"].notna(), NOT_ASSESSED)
        return values.astype(str), {**VERDICT_COLOURS, NOT_ASSESSED: "#17202a"}, "verdict"
    return frame["status"].astype(str), dict(STATUS_COLOURS), "status (not yet assessed)"


def draw_map(
    frame: pd.DataFrame,
    zones: Sequence[tuple[str, dict[str, Any], bool]],
    *,
    title: str,
    dpi: int = 150,
) -> bytes:
    """A PNG of Syria's governorates, `zones` as (id, GeoJSON geometry, approximate) and the
    incidents of `frame` (columns lon, lat, status and, when assessed, verdict)."""
    fig = Figure(figsize=(7.2, 6.4), dpi=dpi)
    ax = fig.add_subplot()
    ax.set_facecolor("#eaf2f8")
    for polygon in admin1_polygons().values():
        _draw(ax, polygon, facecolor="#fbfcfc", edgecolor="#aab7b8", linewidth=0.4, zorder=1)
    outline = country_outline()
    _draw(ax, outline, facecolor="none", edgecolor="#566573", linewidth=0.9, zorder=2)
    for k, (zone_id, geometry, approximate) in enumerate(zones):
        geom = shape(geometry)
        colour = ZONE_COLOURS[k % len(ZONE_COLOURS)]
        _draw(
            ax,
            geom,
            facecolor=colour,
            alpha=0.55,
            edgecolor="#1b2631",
            linewidth=0.9,
            linestyle="--" if approximate else "-",
            zorder=3,
        )
        anchor = geom.representative_point()
        ax.annotate(  # labels sit west of each zone, off the points, with a leader line
            zone_id,
            (anchor.x, anchor.y),
            xytext=(geom.bounds[0] - 0.15, anchor.y),
            fontsize=7,
            ha="right",
            va="center",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "alpha": 0.85, "linewidth": 0},
            arrowprops={"arrowstyle": "-", "linewidth": 0.5, "color": "#1b2631"},
        )
    located = frame[frame["lon"].notna() & frame["lat"].notna()]
    categories, colours, legend_title = incident_categories(located)
    handles = []
    for category, count in categories.value_counts().sort_index().items():
        mask = (categories == category).to_numpy()
        colour = colours.get(str(category), "#17202a")
        ax.scatter(
            located.loc[mask, "lon"].astype(float),
            located.loc[mask, "lat"].astype(float),
            s=22,
            c=colour,
            edgecolors="white",
            linewidths=0.5,
            zorder=5,
        )
        handles.append(Line2D([], [], marker="o", linestyle="", color=colour, label=f"{category} ({count})"))
    if handles:
        ax.legend(handles=handles, title=legend_title, loc="lower right", fontsize=7, title_fontsize=7)
    min_lon, min_lat, max_lon, max_lat = extent(outline, [shape(z[1]) for z in zones], located)
    ax.set_xlim(min_lon, max_lon)
    ax.set_ylim(min_lat, max_lat)
    ax.set_aspect(1 / math.cos(math.radians(_LAT_CENTRE)))
    ax.tick_params(labelsize=6)
    ax.set_title(title, fontsize=9)
    dashed = " Dashed outlines are approximate (no official map was published)." if any(z[2] for z in zones) else ""
    credits = "Boundaries: OCHA COD-AB 2016 (governorates), Natural Earth (outline)."
    fig.text(
        0.01,
        0.01,
        f"{credits} {len(located)} located incidents.{dashed}",
        fontsize=5.5,
        color="#566573",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
