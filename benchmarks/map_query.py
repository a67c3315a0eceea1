"""Benchmark: the incidents endpoint for a bounding box and a time window (about 10k of N
incidents) against the bare PostGIS query on the same rows, in one run.

Usage: .venv/bin/python benchmarks/map_query.py [--n 1000000] [--repeat 30] [--dsn postgresql://postgres@127.0.0.1:5432]

N random incidents over Syria's bounding box and 2017-2019 are stored in a fresh SQLite record
through ceasefire's storage, and copied with COPY into a scratch PostgreSQL database with a
PostGIS point column, a GiST index on it and a B-tree on the start date (ANALYZEd). Then:

- the API: `ceasefire serve` runs in a subprocess on a free loopback port; one client with a
  kept-alive connection asks `GET /incidents?bbox=...&start=...&end=...&limit=10000` (GeoJSON,
  as the map asks it) as an analyst; the first request builds the in-memory read model and is
  timed apart; the p50 is over the next `--repeat` requests, each body received in full;
- PostGIS: the same filter (`geom && ST_MakeEnvelope(...)` and the date overlap, ordered by
  date and id, limit 10000) with psycopg, the listing columns fetched in full; p50 over
  `--repeat` runs after one warm-up.

Both must return the same incident ids in the same order (asserted). The ratio printed is
PostGIS p50 / API p50: at least 1.0 means the API is no slower than the bare query.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import numpy as np

BBOX = (37.0, 34.0, 38.34, 35.0)  # a fifth of the box's width, a fifth of its height
WINDOW = (date(2018, 1, 1), date(2018, 9, 15))  # about a quarter of the three years
FIRST_DAY, DAYS = date(2017, 1, 1), 1095
EXTENT = (35.7, 32.3, 42.4, 37.3)
EVENTS = ("Battles", "Explosions/Remote violence", "Violence against civilians")
STATUSES = ("alleged", "corroborated", "verified", "contested")
LISTING = "id, date_start, date_end, date_precision, event_type, lon, lat, fatalities_best, status"


def generate(n: int, seed: int = 9) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    start = rng.integers(0, DAYS, n)
    return {
        "lon": rng.uniform(EXTENT[0], EXTENT[2], n).round(5),
        "lat": rng.uniform(EXTENT[1], EXTENT[3], n).round(5),
        "start": start,
        "span": np.where(rng.random(n) < 0.9, 0, rng.integers(1, 31, n)),
        "event": rng.integers(0, len(EVENTS), n),
        "status": rng.integers(0, len(STATUSES), n),
        "fatalities": rng.integers(0, 12, n),
    }


def rows(data: dict[str, np.ndarray]) -> list[tuple[object, ...]]:
    days = [FIRST_DAY + timedelta(days=d) for d in range(DAYS + 31)]
    return [
        (
            f"bench-{i:07d}",
            days[int(data["start"][i])],
            days[int(data["start"][i] + data["span"][i])],
            "day" if data["span"][i] == 0 else "month",
            EVENTS[int(data["event"][i])],
            float(data["lon"][i]),
            float(data["lat"][i]),
            int(data["fatalities"][i]),
            STATUSES[int(data["status"][i])],
        )
        for i in range(len(data["lon"]))
    ]


def build_record(path: Path, table: list[tuple[object, ...]]) -> str:
    """The rows as incidents of a fresh record; returns an analyst's token."""
    from ceasefire.domain.common import DateInterval, Fatalities, Place
    from ceasefire.domain.incidents import Incident
    from ceasefire.domain.statuses import DatePrecision, EventType, GeoPrecision, IncidentStatus, Role
    from ceasefire.storage import incidents_repo
    from ceasefire.storage.record import Record
    from ceasefire.workflows.users import add_user

    record = Record.open(str(path))
    incidents = [
        Incident(
            id=str(r[0]),
            event_type=EventType(r[4]),
            date=DateInterval(r[1], r[2], DatePrecision(r[3])),  # type: ignore[arg-type]
            place=Place(f"place {k % 997}", r[5], r[6], GeoPrecision.POINT),  # type: ignore[arg-type]
            fatalities=Fatalities(r[7], r[7], r[7]),  # type: ignore[arg-type]
            status=IncidentStatus(r[8]),
        )
        for k, r in enumerate(table)
    ]
    with record.transaction("benchmark") as tx:
        incidents_repo.insert_incidents(tx.conn, incidents, None)
        tx.audit("benchmark.generated", "benchmark", "map_query", {"incidents": len(incidents)})
    token = add_user(record, "bench-analyst", Role.ANALYST).token
    record.close()
    return token


def build_postgis(dsn: str, name: str, table: list[tuple[object, ...]]) -> str:
    import psycopg

    with psycopg.connect(f"{dsn}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"{dsn}/{name}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION postgis")
        conn.execute(
            "CREATE TABLE incidents (id text PRIMARY KEY, date_start date, date_end date, date_precision text, "
            "event_type text, lon float8, lat float8, fatalities_best int, status text, geom geometry(Point, 4326))"
        )
        with conn.cursor().copy(f"COPY incidents ({LISTING}) FROM STDIN") as copy:
            for r in table:
                copy.write_row(r)
        conn.execute("UPDATE incidents SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326)")
        conn.execute("CREATE INDEX ON incidents USING gist (geom)")
        conn.execute("CREATE INDEX ON incidents (date_start)")
        conn.execute("VACUUM ANALYZE incidents")
    return url


def time_postgis(url: str, repeat: int) -> tuple[float, list[str]]:
    import psycopg

    query = (
        f"SELECT {LISTING} FROM incidents WHERE geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) "
        "AND date_start <= %s AND date_end >= %s ORDER BY date_start, id LIMIT 10000"
    )
    args = (*BBOX, WINDOW[1], WINDOW[0])
    times = []
    with psycopg.connect(url) as conn:
        found = conn.execute(query, args).fetchall()
        for _ in range(repeat):
            t = time.perf_counter()
            found = conn.execute(query, args).fetchall()
            times.append(time.perf_counter() - t)
    return statistics.median(times), [str(r[0]) for r in found]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def time_api(db: Path, token: str, repeat: int) -> tuple[float, float, list[str]]:
    port = _free_port()
    env = {**os.environ, "CEASEFIRE_DB": str(db)}
    cli = Path(sys.executable).with_name("ceasefire")
    server = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        url = f"{base}/incidents?bbox={','.join(map(str, BBOX))}&start={WINDOW[0]}&end={WINDOW[1]}&limit=10000"
        with httpx.Client(headers={"Authorization": f"Bearer {token}"}, timeout=120) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get(f"{base}/map-config")
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            t = time.perf_counter()
            first = client.get(url)
            build = time.perf_counter() - t
            first.raise_for_status()
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                response = client.get(url)  # the whole body is read before this returns
                times.append(time.perf_counter() - t)
                response.raise_for_status()
            return statistics.median(times), build, [f["id"] for f in response.json()["features"]]
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ceasefire-map-bench-"))
    name = f"bench_map_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, n = {args.n:,}, repeat = {args.repeat}")
    table = rows(generate(args.n))
    t = time.perf_counter()
    token = build_record(work / "bench.db", table)
    print(f"record built in {time.perf_counter() - t:.1f} s")
    t = time.perf_counter()
    url = build_postgis(args.dsn, name, table)
    print(f"PostGIS table built in {time.perf_counter() - t:.1f} s")
    try:
        pg_p50, pg_ids = time_postgis(url, args.repeat)
        api_p50, build, api_ids = time_api(work / "bench.db", token, args.repeat)
    finally:
        import psycopg

        with psycopg.connect(f"{args.dsn}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert api_ids == pg_ids, f"different answers: API {len(api_ids)} incidents, PostGIS {len(pg_ids)}"
    print(f"bbox {BBOX}, {WINDOW[0]} .. {WINDOW[1]}: {len(api_ids):,} incidents (same ids, same order)")
    print(f"API first request (builds the read model): {build * 1000:.0f} ms")
    print(f"API p50 (GET /incidents, GeoJSON, loopback HTTP): {api_p50 * 1000:.1f} ms")
    print(f"PostGIS p50 (bare query, rows fetched with psycopg): {pg_p50 * 1000:.1f} ms")
    print(f"ratio PostGIS / API: {pg_p50 / api_p50:.2f} (>= 1.0: the API is no slower)")


if __name__ == "__main__":
    main()
