"""Governorate (admin1) assignment: the OCHA governorate of every incident point, in bulk, for
statistics and for place disambiguation. Runs beside zone assignment, after geocoding.

The names, P-codes and spellings live in `geo.boundaries`; this module adds the vectorised
point-in-governorate step and the lookup of a governorate's polygon by any spelling.

>>> names, pcodes = assign_admin1([36.63, 37.16, 2.35], [35.93, 36.2, 48.85])
>>> names.tolist(), pcodes.tolist()
(['Idleb', 'Aleppo', None], ['SY07', 'SY02', None])
"""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry.base import BaseGeometry

from ceasefire.errors import NotFound
from ceasefire.geo.boundaries import GOVERNORATES, Governorate, admin1_polygons, find_governorate
from ceasefire.geo.containment import first_containing


@cache
def _prepared() -> tuple[tuple[Governorate, BaseGeometry], ...]:
    """The 14 governorates in P-code order with their polygons, prepared for repeated tests."""
    polygons = admin1_polygons()
    ordered = sorted(GOVERNORATES, key=lambda g: g.pcode)
    for gov in ordered:
        shapely.prepare(polygons[gov.name])
    return tuple((gov, polygons[gov.name]) for gov in ordered)


def admin1_index(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.intp]:
    """Index into `admin1_table()` of each point's governorate, -1 outside Syria.

    A point on a border shared by two governorates (or in a sliver where the OCHA polygons
    overlap) goes to the lowest P-code, so the answer never depends on evaluation order.
    """
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1:
        raise ValueError(f"lon and lat must be 1-D arrays of one length, got {x.shape} and {y.shape}")
    return first_containing(x, y, [polygon for _, polygon in _prepared()], boundary="include")


def admin1_table() -> tuple[Governorate, ...]:
    """The governorates in the order `admin1_index` numbers them (P-code order)."""
    return tuple(gov for gov, _ in _prepared())


def assign_admin1(lon: ArrayLike, lat: ArrayLike) -> tuple[NDArray[np.object_], NDArray[np.object_]]:
    """OCHA English name and P-code of each point's governorate; None for points outside Syria.

    Vectorised (`geo.containment`): a cached cell grid decides most points by lookup, and
    `intersects_xy` on the prepared polygons the rest; never a Python loop per point.
    """
    index = admin1_index(lon, lat)
    names = np.array([None, *(g.name for g in admin1_table())], dtype=object)
    pcodes = np.array([None, *(g.pcode for g in admin1_table())], dtype=object)
    return names[index + 1], pcodes[index + 1]


def admin1_geometry(name_or_pcode: str) -> BaseGeometry:
    """The OCHA polygon of a governorate named in any common spelling or by P-code.

    'Idlib', 'Idleb', 'SY07', "Dar'a", 'Deraa', 'Rif Dimashq', 'Hasakah', 'Tartus' ... all
    resolve; an unknown name raises `NotFound` listing the known names.
    """
    gov = find_governorate(name_or_pcode)
    if gov is None:
        known = ", ".join(g.name for g in GOVERNORATES)
        raise NotFound(f"no governorate is called {name_or_pcode!r}; known: {known}")
    return admin1_polygons()[gov.name]
