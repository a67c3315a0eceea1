"""Benchmark: zone and governorate assignment of N random incidents, ceasefire vs PostGIS vs GeoPandas.

Usage: .venv/bin/python benchmarks/assign_zones.py [--n 1000000] [--dsn postgresql://postgres@127.0.0.1:5432]

Random points in Syria's bounding box with random days over 2017-2019 are assigned (a) with
ceasefire's `assign_points` / `assign_admin1`, (b) with PostGIS `ST_Contains` /
`ST_Intersects` on GiST-indexed tables in a scratch database (points loaded with COPY before
the clock starts; only the query is timed) and (c) with GeoPandas `sjoin` plus the date
filter. All must give the same count per zone (asserted); each timing is the best of
`--repeat` runs (one for runs over 5 s), and the ratios are printed in one run on the same data.

PostGIS runs in two forms, both printed: the zone of every point (a per-point subquery on
the zones' GiST index: the same task as ceasefire's, which returns an answer for every
point), and a join on the points' GiST index, which touches only points inside some zone's
bounding box and so only answers the counts; with small zones that form is far faster.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import partial
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from shapely import affinity
from shapely.geometry import mapping, shape

from ceasefire.domain.zones import ZoneVersion
from ceasefire.geo.admin1 import admin1_index, admin1_table, assign_admin1
from ceasefire.geo.assign import assign_points, priority
from ceasefire.geo.boundaries import admin1_polygons

ENTRY_INTO_FORCE = date(2017, 5, 6)
AMENDMENT = date(2018, 6, 1)
BBOX = (35.6, 32.3, 42.4, 37.4)  # Syria's bounding box, lon/lat
FIRST_DAY, LAST_DAY = np.datetime64("2017-01-01"), np.datetime64("2019-12-31")


def zone_versions() -> tuple[list[ZoneVersion], str]:
    """The packaged Astana zones (or the governorates as stand-ins), plus a second version of one zone."""
    source = resources.files("ceasefire.data").joinpath("agreements/astana-2017/zones.geojson")
    if source.is_file():
        features = json.loads(source.read_text(encoding="utf-8"))["features"]
        pairs = [((f.get("properties") or {}).get("id") or f.get("id"), f["geometry"]) for f in features]
        label = f"{len(pairs)} Astana zones (packaged zones.geojson)"
    else:
        print("note: src/ceasefire/data/agreements/astana-2017/zones.geojson not found; the 14 governorates stand in")
        pairs = [(name, dict(mapping(geom))) for name, geom in admin1_polygons().items()]
        label = "14 governorate polygons standing in for zones"
    versions = [ZoneVersion(str(zid), 1, geom, ENTRY_INTO_FORCE, basis="benchmark") for zid, geom in sorted(pairs)]
    first = versions[0]
    shrunk = affinity.scale(shape(first.geometry), 0.8, 0.8, origin="centroid")
    versions[0] = ZoneVersion(first.zone_id, 1, first.geometry, ENTRY_INTO_FORCE, AMENDMENT, basis="benchmark")
    versions.append(ZoneVersion(first.zone_id, 2, dict(mapping(shrunk)), AMENDMENT, basis="benchmark amendment"))
    return versions, f"{label}; {first.zone_id} amended on {AMENDMENT} (shrunk to 80 %)"


def random_incidents(n: int, seed: int = 20170504) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[Any]]:
    rng = np.random.default_rng(seed)
    lon = rng.uniform(BBOX[0], BBOX[2], n)
    lat = rng.uniform(BBOX[1], BBOX[3], n)
    span = int((LAST_DAY - FIRST_DAY).astype(int)) + 1
    day = FIRST_DAY + rng.integers(0, span, n).astype("timedelta64[D]")
    return lon, lat, day


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The best of `repeat` timings; a run over 5 s is not repeated (its noise is small)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
        if best > 5.0:
            break
    return best, result


# --- ceasefire ------------------------------------------------------------------------------


def ceasefire_zone_counts(lon: Any, lat: Any, day: Any, versions: Sequence[ZoneVersion]) -> dict[int, int]:
    found = assign_points(lon, lat, day, versions)
    counts = np.bincount(found.zone_index + 1, minlength=len(versions) + 1)[1:]
    return {i: int(c) for i, c in enumerate(counts.tolist()) if c}


def ceasefire_admin1_counts(lon: Any, lat: Any) -> dict[int, int]:
    counts = np.bincount(admin1_index(lon, lat) + 1, minlength=len(admin1_table()) + 1)[1:]
    return {i: int(c) for i, c in enumerate(counts.tolist()) if c}


# --- PostGIS --------------------------------------------------------------------------------


@contextmanager
def scratch_database(dsn: str) -> Iterator[Any]:
    """A fresh database with PostGIS, dropped afterwards; raises RuntimeError when unavailable."""
    import psycopg

    name = f"ceasefire_bench_{os.getpid()}"
    with psycopg.connect(dsn, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(dsn, dbname=name, autocommit=True) as conn:
            try:
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except psycopg.Error as exc:
                raise RuntimeError(
                    f"PostGIS is not installed on this server ({exc.diag.message_primary}). Install it with\n"
                    "    sudo apt-get install postgresql-15-postgis-3   # Debian/Ubuntu, match your server version\n"
                    "and run the benchmark again."
                ) from None
            yield conn
    finally:
        with psycopg.connect(dsn, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_postgis(conn: Any, lon: Any, lat: Any, day: Any, versions: Sequence[ZoneVersion]) -> float:
    """Load points with COPY and zones and governorates with INSERT; build GiST indexes. Untimed."""
    start = time.perf_counter()
    rank = {i: r for r, i in enumerate(priority(versions))}
    conn.execute("CREATE TABLE raw_points (id int, lon float8, lat float8, day date)")
    with conn.cursor().copy("COPY raw_points (id, lon, lat, day) FROM STDIN") as copy:
        frame = pd.DataFrame({"id": np.arange(len(lon)), "lon": lon, "lat": lat, "day": day.astype(str)})
        for chunk in np.array_split(np.arange(len(frame)), max(1, len(frame) // 200_000)):
            copy.write(frame.iloc[chunk].to_csv(sep="\t", header=False, index=False, float_format="%.9f"))
    conn.execute(
        "CREATE TABLE points AS SELECT id, day, ST_SetSRID(ST_MakePoint(lon, lat), 4326) AS geom FROM raw_points"
    )
    conn.execute("CREATE TABLE zones (idx int, prio int, valid_from date, valid_to date, geom geometry)")
    for i, v in enumerate(versions):
        conn.execute(
            "INSERT INTO zones VALUES (%s, %s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326))",
            (i, rank[i], v.valid_from, v.valid_to, json.dumps(v.geometry)),
        )
    conn.execute("CREATE TABLE admin1 (idx int, geom geometry)")
    for i, gov in enumerate(admin1_table()):
        conn.execute(
            "INSERT INTO admin1 VALUES (%s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326))",
            (i, json.dumps(mapping(admin1_polygons()[gov.name]))),
        )
    for table in ("points", "zones", "admin1"):
        conn.execute(f"CREATE INDEX ON {table} USING gist (geom)")
        conn.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - start


# The zone of every point, as ceasefire computes it: the smallest zone version in force that
# contains the point (ceasefire's rule for overlaps), or none. Uses the zones' GiST index.
ZONES_PER_POINT_SQL = """
SELECT idx, count(*) FROM (
  SELECT (SELECT z.idx FROM zones z
          WHERE ST_Contains(z.geom, p.geom) AND p.day >= z.valid_from AND (z.valid_to IS NULL OR p.day < z.valid_to)
          ORDER BY z.prio LIMIT 1) AS idx
  FROM points p) AS assigned
GROUP BY idx
"""
# Only the points in some zone, found by joining on the points' GiST index: PostgreSQL's
# fastest form, which answers the counts but leaves points outside every zone untouched.
ZONES_JOIN_SQL = """
SELECT idx, count(*) FROM (
  SELECT DISTINCT ON (p.id) z.idx FROM points p JOIN zones z
    ON ST_Contains(z.geom, p.geom) AND p.day >= z.valid_from AND (z.valid_to IS NULL OR p.day < z.valid_to)
  ORDER BY p.id, z.prio) AS assigned
GROUP BY idx
"""
# Governorates cover the country, so the join already decides every point inside Syria; a
# per-point subquery form here took 63 s for 1M points and is left out.
ADMIN1_JOIN_SQL = """
SELECT idx, count(*) FROM (
  SELECT DISTINCT ON (p.id) a.idx FROM points p JOIN admin1 a ON ST_Intersects(a.geom, p.geom)
  ORDER BY p.id, a.idx) AS assigned
GROUP BY idx
"""


def sql_counts(conn: Any, sql: str) -> dict[int, int]:
    """Points per zone index; the per-point queries' row for points in no zone is left out."""
    return {int(i): int(c) for i, c in conn.execute(sql).fetchall() if i is not None}


# --- GeoPandas ------------------------------------------------------------------------------


def geopandas_frames(lon: Any, lat: Any, day: Any, versions: Sequence[ZoneVersion]) -> tuple[Any, Any, Any]:
    import geopandas as gpd

    points = gpd.GeoDataFrame({"day": day}, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    rank = {i: r for r, i in enumerate(priority(versions))}
    zones = gpd.GeoDataFrame(
        {
            "idx": range(len(versions)),
            "prio": [rank[i] for i in range(len(versions))],
            "valid_from": [np.datetime64(v.valid_from, "D") for v in versions],
            "valid_to": [
                np.datetime64(v.valid_to, "D") if v.valid_to else np.datetime64("9999-12-31") for v in versions
            ],
        },
        geometry=[shape(v.geometry) for v in versions],
        crs="EPSG:4326",
    )
    polygons = admin1_polygons()
    admin1 = gpd.GeoDataFrame({"idx": range(14)}, geometry=[polygons[g.name] for g in admin1_table()], crs="EPSG:4326")
    return points, zones, admin1


def geopandas_zone_counts(points: Any, zones: Any) -> dict[int, int]:
    import geopandas as gpd

    joined = gpd.sjoin(points, zones, predicate="within", how="inner")
    joined = joined[(joined["day"] >= joined["valid_from"]) & (joined["day"] < joined["valid_to"])]
    one = joined.sort_values("prio", kind="stable").loc[lambda f: ~f.index.duplicated(keep="first")]
    return {int(k): int(v) for k, v in one["idx"].value_counts().items()}


def geopandas_admin1_counts(points: Any, admin1: Any) -> dict[int, int]:
    import geopandas as gpd

    joined = gpd.sjoin(points, admin1, predicate="intersects", how="inner")
    one = joined.sort_values("idx", kind="stable").loc[lambda f: ~f.index.duplicated(keep="first")]
    return {int(k): int(v) for k, v in one["idx"].value_counts().items()}


# --- report ---------------------------------------------------------------------------------


def report(title: str, timings: dict[str, float], counts: dict[str, dict[int, int]], labels: list[str]) -> None:
    print(f"\n{title}")
    base = timings["ceasefire"]
    for name, seconds in timings.items():
        ratio = "" if name == "ceasefire" else f"   {seconds / base:6.1f}x ceasefire's time"
        print(f"  {name:<38} {seconds:8.3f} s{ratio}")
    reference = counts["ceasefire"]
    for name, found in counts.items():
        assert found == reference, f"{title}: {name} counts differ from ceasefire's: {found} vs {reference}"
    per_zone = ", ".join(f"{labels[i]}={c}" for i, c in sorted(reference.items()))
    print(f"  same counts from all {len(counts)} ({sum(reference.values())} assigned): {per_zone}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of random incidents (default 1,000,000)")
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432", help="PostgreSQL server")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per method; the best is reported")
    parser.add_argument("--skip-postgis", action="store_true")
    parser.add_argument("--skip-geopandas", action="store_true")
    args = parser.parse_args()

    versions, label = zone_versions()
    lon, lat, day = random_incidents(args.n)
    zone_labels = [f"{v.zone_id}/v{v.version}" for v in versions]
    gov_labels = [g.pcode for g in admin1_table()]
    print(f"{args.n:,} random incidents in {BBOX} over {FIRST_DAY}..{LAST_DAY}; zones: {label}")
    print(
        f"versions: {len(versions)}, vertices: {sum(len(shapely.get_coordinates(shape(v.geometry))) for v in versions)}"
    )

    # Warm-up, untimed like PostGIS's index build: parse and prepare the polygons, build the cell grid.
    start = time.perf_counter()
    assign_points(lon, lat, day, versions)
    assign_admin1(lon, lat)
    print(f"ceasefire: polygons prepared and cell grids built in {time.perf_counter() - start:.2f} s (untimed)")
    zt: dict[str, float] = {}
    zc: dict[str, dict[int, int]] = {}
    at: dict[str, float] = {}
    ac: dict[str, dict[int, int]] = {}
    zt["ceasefire"], zc["ceasefire"] = best_of(args.repeat, lambda: ceasefire_zone_counts(lon, lat, day, versions))
    at["ceasefire"], ac["ceasefire"] = best_of(args.repeat, lambda: ceasefire_admin1_counts(lon, lat))

    if not args.skip_postgis:
        try:
            with scratch_database(args.dsn) as conn:
                print(
                    f"PostGIS {conn.execute('SELECT postgis_lib_version()').fetchone()[0]}: "
                    f"loaded with COPY + GiST in {load_postgis(conn, lon, lat, day, versions):.1f} s (untimed)"
                )
                for label, sql in (
                    ("PostGIS, zone of every point", ZONES_PER_POINT_SQL),
                    ("PostGIS, join on points' GiST", ZONES_JOIN_SQL),
                ):
                    zt[label], zc[label] = best_of(args.repeat, partial(sql_counts, conn, sql))
                label = "PostGIS ST_Intersects, GiST join"
                at[label], ac[label] = best_of(args.repeat, partial(sql_counts, conn, ADMIN1_JOIN_SQL))
        except RuntimeError as exc:
            print(f"PostGIS part skipped: {exc}")
    if not args.skip_geopandas:
        start = time.perf_counter()
        points, zones, admin1 = geopandas_frames(lon, lat, day, versions)
        print(f"GeoPandas frames built in {time.perf_counter() - start:.2f} s (untimed)")
        zt["GeoPandas sjoin + date filter"], zc["GeoPandas sjoin + date filter"] = best_of(
            args.repeat, lambda: geopandas_zone_counts(points, zones)
        )
        at["GeoPandas sjoin"], ac["GeoPandas sjoin"] = best_of(
            args.repeat, lambda: geopandas_admin1_counts(points, admin1)
        )

    report(f"Zone assignment ({len(versions)} zone versions, dates checked)", zt, zc, zone_labels)
    report("Governorate assignment (14 OCHA governorates)", at, ac, gov_labels)


if __name__ == "__main__":
    main()
