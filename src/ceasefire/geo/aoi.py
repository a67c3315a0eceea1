"""Area of interest and local projections: the frame every geo check at the edge and every
distance or area in assignment is measured in.

Coordinates are WGS 84 longitude/latitude (RFC 7946), where degrees are not distances: a
5 km security belt or the share of a governorate's area inside a zone must be computed in a
projection. Each geometry gets one centred on itself: azimuthal equidistant for buffers
(distances from the centre are exact; within a few hundred km the error elsewhere stays
under 1 %) and Lambert azimuthal equal-area for areas (exact everywhere).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from shapely.geometry.base import BaseGeometry

from ceasefire.geo.boundaries import country_outline

Projection = Literal["aeqd", "laea"]

#: How far beyond Syria's outline a zone or point may lie: security zones and observation
#: posts sit along the lines, and the border areas of Turkey, Jordan and Lebanon matter.
SYRIA_AOI_BUFFER_KM = 50.0


@cache
def _transformers(kind: Projection, lon0: float, lat0: float) -> tuple[Transformer, Transformer]:
    local = CRS.from_proj4(f"+proj={kind} +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m +no_defs")
    forward = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    return forward, back


def projection_centre(geom: BaseGeometry) -> tuple[float, float]:
    """A projection centre for `geom`, rounded so that nearby geometries share one projection."""
    minx, miny, maxx, maxy = geom.bounds
    return round((minx + maxx) / 2, 1), round((miny + maxy) / 2, 1)


def _apply(transformer: Transformer) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    def move(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return move


def area_km2(geom: BaseGeometry, *, centre: tuple[float, float] | None = None) -> float:
    """True area of a lon/lat geometry in km², via an equal-area projection centred on it.

    Pass `centre` to measure several geometries in one projection (their ratios then share
    the same, negligible, numerical error).
    """
    if geom.is_empty:
        return 0.0
    lon0, lat0 = centre if centre is not None else projection_centre(geom)
    forward, _ = _transformers("laea", lon0, lat0)
    return float(shapely.transform(geom, _apply(forward)).area) / 1e6


def buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """`geom` grown by `km` kilometres on the ground, returned in lon/lat."""
    lon0, lat0 = projection_centre(geom)
    forward, back = _transformers("aeqd", lon0, lat0)
    grown = shapely.transform(geom, _apply(forward)).buffer(km * 1000.0, quad_segs=8)
    return shapely.transform(grown, _apply(back))


@dataclass(frozen=True, slots=True)
class AOI:
    """The region zones and incidents must lie in; `shape` is in lon/lat and prepared.

    Zones are local: a geometry far from the region is a mistake (swapped axes, a wrong
    file, projected metres), so the edge rejects it instead of storing it.
    """

    name: str
    shape: BaseGeometry

    def __post_init__(self) -> None:
        shapely.prepare(self.shape)

    @classmethod
    def around(cls, name: str, geom: BaseGeometry, buffer: float) -> AOI:
        """The AOI of `geom` grown by `buffer` km, e.g. a country's outline plus a margin."""
        return cls(name, buffer_km(geom, buffer) if buffer > 0 else geom)

    def contains_xy(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Which points lie in the AOI (boundary included); vectorised."""
        return np.asarray(shapely.intersects_xy(self.shape, lon, lat), dtype=bool)

    def contains_point(self, lon: float, lat: float) -> bool:
        return bool(shapely.intersects_xy(self.shape, lon, lat))

    def covers(self, geom: BaseGeometry) -> bool:
        return bool(self.shape.covers(geom))


@cache
def syria_aoi() -> AOI:
    """Syria's outline (Natural Earth 1:10m) grown by 50 km: the default AOI of ceasefire."""
    return AOI.around(f"Syria plus {SYRIA_AOI_BUFFER_KM:g} km", country_outline(), SYRIA_AOI_BUFFER_KM)
