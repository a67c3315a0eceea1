"""Benchmark: incidents per zone per day over N incidents, ceasefire's statistics vs PostgreSQL GROUP BY.

Usage: .venv/bin/python benchmarks/stats.py [--n 1000000] [--repeat 5] [--dsn postgresql://postgres@127.0.0.1:5432]

N random incidents (four zones, some outside any zone or with an unknown place, days over
2017-2019, one in ten known only to a week, a third assessed, fatalities for half) are
counted per zone and per day with (a) `ceasefire.analysis.stats.count_incidents(frame,
[zone, day])`, the code behind `ceasefire stats` and the bulletin, on the incident frame in
memory, and (b) one GROUP BY in a scratch PostgreSQL database: first the counts alone (the
figure of the README), then all six measures (incidents, assessed, violations, fatalities
low/best/high). Both get the same rows with the same columns,
including those `conform` derives once per frame (zone label, day, filled fatalities), so both
run a plain GROUP BY; PostgreSQL's rows are loaded by COPY and ANALYZEd before the clock
starts. Both must give the same counts (asserted); each timing is the best of --repeat runs;
the ratio is printed in the same run on the same rows.
"""

from __future__ import annotations

import argparse
import io
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pandas as pd

from ceasefire.analysis.stats import MEASURES, NO_DAY, Dimension, conform, count_incidents, records

ZONES = np.array(["idlib", "northern-homs", "eastern-ghouta", "south"], dtype=object)
FIRST_DAY, DAYS = np.datetime64("2017-01-01"), 3 * 365


def random_frame(n: int, seed: int = 20170504) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    where = rng.integers(0, 6, n)  # 0-3 a zone, 4 outside every zone, 5 place unknown
    zone = np.where(where < 4, ZONES[np.minimum(where, 3)], None)
    relation = np.select([where < 4, where == 4], ["inside", "outside"], "unknown")
    start = FIRST_DAY + rng.integers(0, DAYS, n).astype("timedelta64[D]")
    end = start + np.where(rng.random(n) < 0.1, 6, 0).astype("timedelta64[D]")
    assessed = rng.random(n) < 0.33
    best = np.where(rng.random(n) < 0.5, rng.integers(0, 12, n), -1)
    return conform(
        pd.DataFrame(
            {
                "incident_id": np.char.add("b-", np.arange(n).astype(str)),
                "date_start": start,
                "date_end": end,
                "event_type": "Explosions/Remote violence",
                "zone_id": zone,
                "zone_relation": relation,
                "violation": pd.Series(rng.random(n) < 0.4, dtype="boolean").where(assessed, pd.NA),
                "fatalities_best": pd.Series(best, dtype="Int64").where(best >= 0, pd.NA),
            }
        )
    )


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


@contextmanager
def scratch_database(dsn: str) -> Iterator[Any]:
    import psycopg

    name = f"ceasefire_bench_stats_{os.getpid()}"
    with psycopg.connect(dsn, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(dsn, dbname=name, autocommit=True) as conn:
            yield conn
    finally:
        with psycopg.connect(dsn, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_postgres(conn: Any, frame: pd.DataFrame) -> float:
    """CREATE TABLE, COPY the rows in, ANALYZE. Untimed in the comparison; returns its seconds."""
    start = time.perf_counter()
    conn.execute(
        "CREATE TABLE incidents (incident_id text, date_start date, date_end date, zone_id text, "
        "zone_relation text, violation boolean, fatalities_low integer, fatalities_best integer, "
        "fatalities_high integer, zone text, day date, is_assessed boolean, is_violation boolean, "
        "has_killed boolean, killed_low integer, killed_best integer, killed_high integer)"
    )
    columns = ["incident_id", "date_start", "date_end", "zone_id", "zone_relation", "violation"]
    columns += ["fatalities_low", "fatalities_best", "fatalities_high", "zone", "day"]
    columns += ["is_assessed", "is_violation", "has_killed", "killed_low", "killed_best", "killed_high"]
    rows = frame[columns].copy()
    days = frame["day"].to_numpy()
    rows["day"] = pd.Series(np.where(days == NO_DAY, np.datetime64("NaT"), days.astype("datetime64[D]")))
    for column in ("date_start", "date_end", "day"):
        rows[column] = rows[column].dt.strftime("%Y-%m-%d")
    with conn.cursor().copy(f"COPY incidents ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)") as copy:
        for chunk in range(0, len(rows), 200_000):
            buffer = io.StringIO()
            rows.iloc[chunk : chunk + 200_000].to_csv(buffer, header=False, index=False, na_rep="")
            copy.write(buffer.getvalue())
    conn.execute("ANALYZE incidents")
    return time.perf_counter() - start


POSTGRES_COUNTS = "SELECT zone, day, count(*) AS incidents FROM incidents GROUP BY 1, 2"
POSTGRES_ALL_MEASURES = """
SELECT zone, day,
       count(*) AS incidents,
       count(*) FILTER (WHERE is_assessed) AS assessed,
       CASE WHEN count(*) FILTER (WHERE is_assessed) = 0 THEN NULL
            ELSE count(*) FILTER (WHERE is_violation) END AS violations,
       CASE WHEN count(*) FILTER (WHERE has_killed) = 0 THEN NULL ELSE sum(killed_low) END AS fatalities_low,
       CASE WHEN count(*) FILTER (WHERE has_killed) = 0 THEN NULL ELSE sum(killed_best) END AS fatalities_best,
       CASE WHEN count(*) FILTER (WHERE has_killed) = 0 THEN NULL ELSE sum(killed_high) END AS fatalities_high
FROM incidents
GROUP BY 1, 2
"""

Counts = dict[tuple[str, str | None], tuple[int | None, ...]]


def postgres_counts(conn: Any, sql: str) -> Counts:
    rows = conn.execute(sql).fetchall()
    return {
        (r[0], r[1].isoformat() if r[1] else None): tuple(None if v is None else int(v) for v in r[2:]) for r in rows
    }


def ceasefire_counts(frame: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    return count_incidents(frame, [Dimension.ZONE, Dimension.DAY], measures=measures)


def as_mapping(table: pd.DataFrame, measures: tuple[str, ...]) -> Counts:
    return {(row["zone"], row["day"]): tuple(row[m] for m in measures) for row in records(table)}


def compare(label: str, frame: pd.DataFrame, conn: Any, sql: str, measures: tuple[str, ...], repeat: int) -> None:
    """Time both on the same rows, check they agree on every group and measure, print the ratio."""
    ours, table = best_of(repeat, lambda: ceasefire_counts(frame, measures))
    theirs, pg = best_of(repeat, lambda: postgres_counts(conn, sql))
    mine = as_mapping(table, measures)
    if mine != pg:
        differing = sorted(k for k in set(mine) | set(pg) if mine.get(k) != pg.get(k))[:5]
        raise SystemExit(f"{label}: ceasefire and PostgreSQL differ, e.g. at {differing}")
    print(f"{label}: {len(mine):,} groups (zone, day), identical in both; best of {repeat}")
    print(f"  ceasefire count_incidents (DuckDB on columns): {ours:.4f} s")
    print(f"  PostgreSQL GROUP BY:                          {theirs:.4f} s")
    print(f"  ratio: ceasefire is {theirs / ours:.1f}x faster than PostgreSQL's GROUP BY")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="number of incidents")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing; the best is kept")
    parser.add_argument(
        "--dsn", default=os.environ.get("CEASEFIRE_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
    )
    args = parser.parse_args()

    start = time.perf_counter()
    frame = random_frame(args.n)
    print(f"{args.n:,} incidents built in {time.perf_counter() - start:.2f} s (untimed)")

    with scratch_database(args.dsn) as conn:
        loaded = load_postgres(conn, frame)
        print(f"PostgreSQL: COPY + ANALYZE of {args.n:,} rows in {loaded:.2f} s (untimed)")
        compare("counts per zone per day", frame, conn, POSTGRES_COUNTS, ("incidents",), args.repeat)
        compare("all six measures per zone per day", frame, conn, POSTGRES_ALL_MEASURES, MEASURES, args.repeat)


if __name__ == "__main__":
    main()
