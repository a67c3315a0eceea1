"""Bulk point-in-polygon for zone and governorate assignment: which of several polygons, in
priority order, first holds each point. Used by `geo.assign` and `geo.admin1`.

For large batches a cell grid is laid over the polygons once (and cached): a cell that no
polygon line crosses is wholly inside or wholly outside each polygon, so the points in it
are decided by one table lookup; only points in cells a line crosses go to shapely's
`contains_xy` / `intersects_xy` on the prepared polygons. Points may also carry a group
(a date segment) that switches polygons on and off, so the date rule costs no extra pass.
Small batches skip the grid, since building it costs more than it saves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import shapely
from numpy.typing import NDArray
from shapely.geometry.base import BaseGeometry

Boundary = Literal["exclude", "include"]
GRID_MIN_POINTS = 50_000
_MAX_CELLS = 1 << 20
_MAX_TABLE = 1 << 25  # entries of the (group, cell) table, 64 MB; beyond it, test directly
_OUT, _IN, _EDGE = 0, 1, 2
_UNDECIDED = -2
_state_cache: dict[tuple[int, Grid], tuple[BaseGeometry, NDArray[np.int8]]] = {}
_table_cache: dict[tuple[object, ...], tuple[tuple[BaseGeometry, ...], NDArray[np.int16]]] = {}


@dataclass(frozen=True, slots=True)
class Grid:
    """A regular grid of `nx` × `ny` cells from (x0, y0), padded by one cell of 'outside' on
    each side so that far-away points clip onto the padding instead of needing a mask."""

    x0: float
    y0: float
    dx: float
    dy: float
    nx: int
    ny: int

    @classmethod
    def covering(cls, shapes: Sequence[BaseGeometry]) -> Grid:
        """A grid over the shapes' joint bounds, rounded outward so repeated calls share it,
        with a margin so that no line lies on the grid's outer edge (the padding is 'outside')."""
        bounds = np.array([s.bounds for s in shapes])
        x0, y0 = math.floor(bounds[:, 0].min() * 100 - 1) / 100, math.floor(bounds[:, 1].min() * 100 - 1) / 100
        x1, y1 = math.ceil(bounds[:, 2].max() * 100 + 1) / 100, math.ceil(bounds[:, 3].max() * 100 + 1) / 100
        width, height = max(x1 - x0, 0.01), max(y1 - y0, 0.01)
        nx = max(1, min(4096, round(math.sqrt(_MAX_CELLS * width / height))))
        ny = max(1, min(4096, _MAX_CELLS // nx))
        return cls(x0, y0, width / nx, height / ny, nx, ny)

    @property
    def size(self) -> int:
        return (self.nx + 2) * (self.ny + 2)

    def columns(self, x: NDArray[np.float64]) -> NDArray[np.int64]:
        """Padded column of each x: 0 and nx+1 are the outside padding."""
        return np.clip((x - self.x0) * (1.0 / self.dx) + 1.0, 0.0, self.nx + 1.0).astype(np.int64)

    def rows(self, y: NDArray[np.float64]) -> NDArray[np.int64]:
        return np.clip((y - self.y0) * (1.0 / self.dy) + 1.0, 0.0, self.ny + 1.0).astype(np.int64)

    def cells(self, x: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.int64]:
        """Flat padded cell index of each point; non-finite points land in the padding."""
        if not (np.isfinite(x.sum()) and np.isfinite(y.sum())):
            x = np.where(np.isfinite(x), x, self.x0 - 1.0)
            y = np.where(np.isfinite(y), y, self.y0 - 1.0)
        return self.columns(x) * (self.ny + 2) + self.rows(y)


def cell_states(shape: BaseGeometry, grid: Grid) -> NDArray[np.int8]:
    """Per padded cell: outside, inside, or crossed by the shape's boundary (cached)."""
    key = (id(shape), grid)
    hit = _state_cache.get(key)
    if hit is not None and hit[0] is shape:
        return hit[1]
    states = np.zeros((grid.nx + 2, grid.ny + 2), dtype=np.int8)
    step = 0.5 * min(grid.dx, grid.dy)
    dense = shapely.get_coordinates(shapely.segmentize(shape.boundary, step))
    eps = 1e-9 * max(1.0, abs(grid.x0), abs(grid.y0))
    for sx, sy in ((0.0, 0.0), (eps, eps), (-eps, -eps), (eps, -eps), (-eps, eps)):
        cols, rows = grid.columns(dense[:, 0] + sx), grid.rows(dense[:, 1] + sy)
        states[cols, rows] = _EDGE
        # A step of half a cell moves at most one cell in each axis; when it moves diagonally
        # the line may pass through either corner neighbour, so both are marked.
        states[cols[1:], rows[:-1]] = _EDGE
        states[cols[:-1], rows[1:]] = _EDGE
    minx, miny, maxx, maxy = shape.bounds
    c0, c1 = grid.columns(np.array([minx, maxx]))
    r0, r1 = grid.rows(np.array([miny, maxy]))
    block = states[c0 : c1 + 1, r0 : r1 + 1]
    cc, rr = np.nonzero(block != _EDGE)
    cx = grid.x0 + (cc + c0 - 1 + 0.5) * grid.dx
    cy = grid.y0 + (rr + r0 - 1 + 0.5) * grid.dy
    block[cc, rr] = np.where(shapely.contains_xy(shape, cx, cy), _IN, _OUT).astype(np.int8)
    states[0, :] = states[-1, :] = states[:, 0] = states[:, -1] = _OUT
    flat = states.ravel()
    if len(_state_cache) >= 64:  # 1 MB each
        _state_cache.clear()
    _state_cache[key] = (shape, flat)
    return flat


def _decision_table(shapes: Sequence[BaseGeometry], active: NDArray[np.bool_], grid: Grid) -> NDArray[np.int16]:
    """Per (group, cell): the first shape certainly holding every point there, -1 for none,
    or _UNDECIDED where a line crosses the cell before any certain answer."""
    key: tuple[object, ...] = (tuple(id(s) for s in shapes), active.tobytes(), active.shape, grid)
    hit = _table_cache.get(key)
    if hit is not None and all(a is b for a, b in zip(hit[0], shapes, strict=True)):
        return hit[1]
    groups = active.shape[0]
    table = np.full((groups + 1, grid.size), -1, dtype=np.int16)  # the last row: points in no group
    open_ = np.ones((groups, grid.size), dtype=bool)
    for k, shape in enumerate(shapes):
        states = cell_states(shape, grid)
        for g in np.flatnonzero(active[:, k]):
            inside = open_[g] & (states == _IN)
            edge = open_[g] & (states == _EDGE)
            table[g, inside] = k
            table[g, edge] = _UNDECIDED
            open_[g] &= states == _OUT
    if len(_table_cache) >= 4:
        _table_cache.clear()
    _table_cache[key] = (tuple(shapes), table)
    return table


def near(x: NDArray[np.float64], y: NDArray[np.float64], shapes: Sequence[BaseGeometry]) -> NDArray[np.intp]:
    """Indices of the points inside the shapes' joint bounding box: the only ones worth any
    further work when the shapes are small against the area the points cover."""
    if not shapes:
        return np.zeros(0, dtype=np.intp)
    bounds = np.array([s.bounds for s in shapes])
    minx, miny = bounds[:, 0].min(), bounds[:, 1].min()
    maxx, maxy = bounds[:, 2].max(), bounds[:, 3].max()
    columns = np.flatnonzero((x >= minx) & (x <= maxx))  # longitude first, then latitude on the few left
    ys = y[columns]
    rows: NDArray[np.intp] = columns[(ys >= miny) & (ys <= maxy)]
    if len(shapes) > 1 and rows.size:
        # Several small shapes far apart (zones) leave most of the joint box empty: keep only
        # the points inside some shape's own box, tested on the few rows already left.
        xs, ys = x[rows], y[rows]
        inside = np.zeros(rows.size, dtype=bool)
        for bx0, by0, bx1, by1 in bounds:
            inside |= (xs >= bx0) & (xs <= bx1) & (ys >= by0) & (ys <= by1)
        rows = rows[inside]
    return rows


def first_containing(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    shapes: Sequence[BaseGeometry],
    *,
    group: NDArray[np.intp] | None = None,
    active: NDArray[np.bool_] | None = None,
    boundary: Boundary = "exclude",
) -> NDArray[np.intp]:
    """Index of the first of `shapes` holding each point, -1 for none.

    `group` (one per point, -1 for none) and `active` (groups × shapes) restrict which shapes
    a point may fall in, e.g. the zone versions in force on its day. `boundary` says whether
    a point on a line is in ("include", `intersects_xy`) or out ("exclude", `contains_xy`).
    Shapes must be prepared (`shapely.prepare`) and stay alive while cached.
    """
    n = x.size
    if group is None or active is None:
        group = np.zeros(n, dtype=np.intp)
        active = np.ones((1, len(shapes)), dtype=bool)
    result = np.full(n, -1, dtype=np.intp)
    if n == 0 or not shapes:
        return result
    grid = Grid.covering(shapes)
    if n < GRID_MIN_POINTS or (active.shape[0] + 1) * grid.size > _MAX_TABLE:
        _direct(x, y, shapes, group, active, boundary, np.arange(n), result)
        return result
    table = _decision_table(shapes, active, grid)
    groups = np.where(group < 0, active.shape[0], group)
    decided = table.ravel()[groups * grid.size + grid.cells(x, y)]
    result[:] = decided
    pending = np.flatnonzero(decided == _UNDECIDED)
    result[pending] = -1
    _direct(x, y, shapes, group, active, boundary, pending, result)
    return result


def _direct(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    shapes: Sequence[BaseGeometry],
    group: NDArray[np.intp],
    active: NDArray[np.bool_],
    boundary: Boundary,
    rows: NDArray[np.intp],
    result: NDArray[np.intp],
) -> None:
    """Test `rows` against each shape in order with the prepared polygon; no grid."""
    predicate = shapely.contains_xy if boundary == "exclude" else shapely.intersects_xy
    xs, ys, gs = x[rows], y[rows], group[rows]
    free = gs >= 0
    for k, shape in enumerate(shapes):
        minx, miny, maxx, maxy = shape.bounds
        candidate = free & (xs >= minx) & (xs <= maxx) & (ys >= miny) & (ys <= maxy)
        candidate &= active[np.where(free, gs, 0), k]
        idx = np.flatnonzero(candidate)
        if idx.size:
            hit = idx[predicate(shape, xs[idx], ys[idx])]
            result[rows[hit]] = k
            free[hit] = False
