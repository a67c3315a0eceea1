"""The grid path of bulk point-in-polygon must answer exactly as the plain shapely path."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from ceasefire.geo import containment
from ceasefire.geo.admin1 import admin1_geometry, admin1_table
from ceasefire.geo.containment import GRID_MIN_POINTS, first_containing

N = GRID_MIN_POINTS + 10_000


def governorates() -> list[shapely.Geometry]:
    shapes = [admin1_geometry(g.pcode) for g in admin1_table()]
    for s in shapes:
        shapely.prepare(s)
    return shapes


def points_near_lines(shapes: list[shapely.Geometry], n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Half uniform points, half vertices of the polygons nudged by up to a micro-degree,
    plus exact vertices: the points where a wrong cell classification would show."""
    rng = np.random.default_rng(seed)
    vertices = np.concatenate([shapely.get_coordinates(s) for s in shapes])
    picked = vertices[rng.integers(0, len(vertices), n // 2)]
    nudged = picked + rng.uniform(-1e-6, 1e-6, picked.shape)
    nudged[: n // 20] = picked[: n // 20]
    uniform = np.column_stack([rng.uniform(35.6, 42.4, n - n // 2), rng.uniform(32.3, 37.4, n - n // 2)])
    both = np.concatenate([nudged, uniform])
    return both[:, 0], both[:, 1]


def direct(x: np.ndarray, y: np.ndarray, shapes: list[shapely.Geometry], **kwargs: object) -> np.ndarray:
    """The same call with the grid switched off."""
    saved = containment.GRID_MIN_POINTS
    containment.GRID_MIN_POINTS = 10**12
    try:
        return first_containing(x, y, shapes, **kwargs)  # type: ignore[arg-type]
    finally:
        containment.GRID_MIN_POINTS = saved


@pytest.mark.parametrize("boundary", ["include", "exclude"])
def test_grid_path_matches_plain_shapely_near_every_line(boundary: str) -> None:
    shapes = governorates()
    x, y = points_near_lines(shapes, N, seed=3)
    assert np.array_equal(first_containing(x, y, shapes, boundary=boundary), direct(x, y, shapes, boundary=boundary))


def test_grid_path_respects_groups_switching_shapes_off() -> None:
    shapes = governorates()
    x, y = points_near_lines(shapes, N, seed=4)
    rng = np.random.default_rng(5)
    group = rng.integers(-1, 3, N).astype(np.intp)
    active = rng.random((3, len(shapes))) < 0.6
    got = first_containing(x, y, shapes, group=group, active=active)
    assert np.array_equal(got, direct(x, y, shapes, group=group, active=active))
    assert (got[group == -1] == -1).all()


def test_points_with_nan_coordinates_are_in_no_shape_on_the_grid_path() -> None:
    shapes = governorates()
    x, y = points_near_lines(shapes, N, seed=6)
    x[:10] = np.nan
    y[10:20] = np.inf
    assert (first_containing(x, y, shapes)[:20] == -1).all()


def test_first_shape_in_order_wins_where_shapes_overlap() -> None:
    big, small = shapely.box(36.0, 35.0, 37.0, 36.0), shapely.box(36.4, 35.4, 36.6, 35.6)
    shapely.prepare(big)
    shapely.prepare(small)
    x = np.full(N, 36.5)
    y = np.full(N, 35.5)
    assert set(first_containing(x, y, [small, big]).tolist()) == {0}
    assert set(first_containing(x, y, [big, small]).tolist()) == {0}
    assert set(
        first_containing(
            x, y, [small, big], active=np.array([[False, True]]), group=np.zeros(N, dtype=np.intp)
        ).tolist()
    ) == {1}


def test_point_on_a_line_at_the_edge_of_the_grid_counts_when_lines_are_included() -> None:
    square = shapely.box(36.0, 35.0, 37.0, 36.0)
    shapely.prepare(square)
    x, y = np.full(N, 37.0), np.linspace(35.1, 35.9, N)
    assert (first_containing(x, y, [square], boundary="include") == 0).all()
    assert (first_containing(x, y, [square], boundary="exclude") == -1).all()
