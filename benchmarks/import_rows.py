"""Benchmark: ceasefire's full ACLED import into SQLite against PostgreSQL's bare COPY of the same rows.

Usage: .venv/bin/python benchmarks/import_rows.py [--n 1000000] [--batch-size 20000]
       [--dsn postgresql://postgres@127.0.0.1:5432] [--keep DIR]

Generates an ACLED-format CSV of N synthetic events (towns of the four Astana zones and
elsewhere in Syria, valid codebook values, no article text), then in one run times:

- ceasefire: `import_dataset` of the file into a fresh SQLite record holding the Astana
  memorandum: copying and hashing the original into the content-addressed store, strict
  CSV reading, every cell rule of the ACLED adapter, report/claim/incident rows, zone and
  governorate assignment, claim links, a checkpoint and an audit event per batch (each
  carrying a SHA-256 over the batch's rows), revisions checked against the record;
- PostgreSQL: `COPY ... FROM STDIN (FORMAT csv, HEADER)` of the same file into an unindexed
  table of 31 text columns in a scratch database (no validation, no ids, no audit).

It prints both times, rows per second, and the ratio COPY time / ceasefire time (>= 1.0 means
ceasefire is at least as fast). `--n 2000 --no-postgres` makes a quick smoke run.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

#: Towns (name, ACLED admin1, lat, lon): inside the four zones and elsewhere in Syria.
TOWNS: tuple[tuple[str, str, float, float], ...] = (
    ("Ariha", "Idlib", 35.8126, 36.6103), ("Idlib", "Idlib", 35.9306, 36.6339),
    ("Saraqib", "Idlib", 35.8644, 36.8006), ("Maarat al-Numan", "Idlib", 35.6433, 36.6749),
    ("Jisr al-Shughur", "Idlib", 35.8125, 36.3181), ("Khan Shaykhun", "Idlib", 35.4417, 36.6514),
    ("Harasta", "Rural Damascus", 33.5586, 36.365), ("Douma", "Rural Damascus", 33.5711, 36.4033),
    ("Ar-Rastan", "Homs", 34.9269, 36.7325), ("Talbiseh", "Homs", 34.8406, 36.7306),
    ("Daraa", "Daraa", 32.6189, 36.1021), ("Tafas", "Daraa", 32.7361, 35.9906),
    ("Nawa", "Daraa", 32.8897, 36.0431), ("Quneitra", "Quneitra", 33.1258, 35.8244),
    ("Aleppo", "Aleppo", 36.2021, 37.1343), ("Ar-Raqqa", "Ar-Raqqa", 35.9528, 39.0079),
    ("Deir ez-Zor", "Deir ez-Zor", 35.3359, 40.1408), ("Homs", "Homs", 34.7324, 36.7137),
    ("Hama", "Hama", 35.1318, 36.7578), ("Latakia", "Lattakia", 35.5317, 35.7915),
)  # fmt: skip
EVENTS: tuple[tuple[str, str], ...] = (
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Protests", "Peaceful protest"),
)
ACTORS = (
    "Military Forces of Syria (2000-)", "Military Forces of Russia (2000-)", "Hayat Tahrir al Sham",
    "Jaysh al Islam", "Islamic State (Syria)", "QSD: Syrian Democratic Forces", "Civilians (Syria)",
)  # fmt: skip
HEADER = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)  # fmt: skip
FIRST_DAY = date(2017, 5, 6)


def acled_rows(n: int, *, seed: int = 2017) -> Iterator[list[str]]:
    """N valid ACLED rows with distinct ids; the same seed gives the same rows."""
    rng = random.Random(seed)
    for i in range(n):
        town, admin1, lat, lon = TOWNS[rng.randrange(len(TOWNS))]
        kind, sub = EVENTS[rng.randrange(len(EVENTS))]
        day = FIRST_DAY + timedelta(days=rng.randrange(970))
        actor1, actor2 = rng.sample(ACTORS, 2)
        yield [
            f"SYR{i + 1:08d}", day.isoformat(), str(day.year), str(rng.choice((1, 1, 1, 2, 3))),
            "Political violence", kind, sub, actor1, "", "1", actor2, "", "2", "12", "", "760",
            "Middle East", "Syria", admin1, town, town, town, f"{lat:.4f}", f"{lon:.4f}",
            str(rng.choice((1, 1, 2, 3))), "Synthetic benchmark source", "National",
            f"Synthetic event {i + 1} near {town}.", str(rng.randrange(12)), "", str(1_500_000_000 + i),
        ]  # fmt: skip


def write_acled(path: Path, n: int, *, seed: int = 2017) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(acled_rows(n, seed=seed))
    return path


def time_ceasefire(csv_path: Path, work: Path, batch_size: int) -> tuple[float, dict[str, int]]:
    from ceasefire.intake.agreement_file import load_packaged_agreement
    from ceasefire.storage import audit_log
    from ceasefire.storage.record import Record
    from ceasefire.workflows.agreements import store_loaded_agreement
    from ceasefire.workflows.dataset_import import Mode, import_dataset

    record = Record.open(str(work / "bench.db"))
    store_loaded_agreement(record, load_packaged_agreement("astana-2017"), actor="benchmark")
    start = time.perf_counter()
    summary = import_dataset(
        record, "acled", csv_path, mode=Mode.PER_ROW, batch_size=batch_size, data_dir=work / "data", actor="benchmark"
    )
    elapsed = time.perf_counter() - start
    with record.reader() as conn:
        broken = audit_log.verify(conn)
    record.close()
    if summary.status != "completed" or broken is not None:
        raise SystemExit(f"ceasefire import did not complete cleanly: {summary.status}, audit {broken}")
    return elapsed, {"new": summary.counts.new, "rejected": summary.counts.rejected}


def time_copy(csv_path: Path, dsn: str) -> float:
    import psycopg

    name = f"bench_copy_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(f"{dsn}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(f"{dsn}/{name}") as conn:
            columns = ", ".join(f'"{c}" text' for c in HEADER)
            conn.execute(f"CREATE TABLE acled_rows ({columns})")
            conn.commit()
            start = time.perf_counter()
            copy_sql = "COPY acled_rows FROM STDIN (FORMAT csv, HEADER true)"
            with conn.cursor() as cur, cur.copy(copy_sql) as copy, csv_path.open("rb") as f:
                for chunk in iter(lambda: f.read(1 << 20), b""):
                    copy.write(chunk)
            conn.commit()
            elapsed = time.perf_counter() - start
            rows = conn.execute("SELECT count(*) FROM acled_rows").fetchone()
            assert rows is not None
    finally:
        with psycopg.connect(f"{dsn}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"  COPY loaded {rows[0]} rows")
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=20_000)
    parser.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--no-postgres", action="store_true", help="Time ceasefire only.")
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep it.")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="ceasefire-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        csv_path = write_acled(work / f"acled_{args.n}.csv", args.n)
        size = csv_path.stat().st_size
        print(f"{args.n} ACLED rows, {size / 1e6:.1f} MB: {csv_path}")
        ours, counts = time_ceasefire(csv_path, work, args.batch_size)
        print(f"ceasefire full import (SQLite): {ours:.2f} s, {args.n / ours:,.0f} rows/s, {counts}")
        if args.no_postgres:
            return
        copy = time_copy(csv_path, args.dsn)
        print(f"PostgreSQL COPY (bare, unindexed): {copy:.2f} s, {args.n / copy:,.0f} rows/s")
        print(f"ratio COPY / ceasefire = {copy / ours:.2f} (>= 1.0: ceasefire at least as fast)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
