"""Two processes writing one PostgreSQL record at once: importing incident CSVs, amending
zones and verifying the audit chain. One chain, no gap in its sequence, no lost update."""

from __future__ import annotations

import csv
import multiprocessing as mp
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from shapely import affinity
from shapely.geometry import mapping, shape
from sqlalchemy import select

from ceasefire.storage import audit_log, incidents_repo, zones_repo
from ceasefire.storage.record import Record
from ceasefire.storage.schema import imports, incidents
from ceasefire.workflows.assignment import assignments_for
from ceasefire.workflows.demo import run_demo

#: Both tests run on the shared `db_url` fixture's fresh PostgreSQL database.
pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.parametrize("db_url", ["postgres"], indirect=True)]

HEADER = ["id", "date", "date_precision", "event_type", "sub_event_type", "place", "latitude", "longitude"]
ROUNDS = 5
PER_FILE = 40
BOXES = {"idlib": (35.9, 35.2, 37.3, 36.4), "south": (35.7, 32.4, 36.7, 33.4)}


@pytest.fixture
def pg_demo_url(db_url: str) -> str:
    record = Record.open(db_url)
    run_demo(record)
    record.close()
    return db_url


def _write_csv(path: Path, prefix: str, box: tuple[float, float, float, float], seed: int) -> Path:
    """Incidents scattered over a zone's box, dated after every amendment, so each amendment can move them."""
    rng = np.random.default_rng(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for k in range(PER_FILE):
            lon, lat = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
            day = date(2019, 3, 1) + timedelta(days=int(rng.integers(0, 200)))
            out.writerow(
                [
                    f"{prefix}-{k:03d}",
                    day,
                    "day",
                    "Explosions/Remote violence",
                    "Air/drone strike",
                    f"point {k}",
                    f"{lat:.5f}",
                    f"{lon:.5f}",
                ]
            )
    return path


def _import_and_amend(url: str, zone_id: str, files: list[str], barrier: Any, failures: Any) -> None:
    """One office's worker: per round, import a file, amend its zone (shrink or restore), verify."""
    from ceasefire.workflows.import_incidents import import_incidents_csv
    from ceasefire.workflows.zones import amend_zone

    record = Record.open(url)
    with record.reader() as conn:
        zone = next(z for z in zones_repo.load_zones(conn) if z.id == zone_id)
    assert zone.current is not None
    outline = shape(zone.current.geometry)
    barrier.wait()
    for k, path in enumerate(files):
        import_incidents_csv(record, path, actor=f"worker-{zone_id}")
        scaled = affinity.scale(outline, 0.85, 0.85, origin="centroid") if k % 2 == 0 else outline
        amend_zone(
            record,
            zone_id,
            dict(mapping(scaled)),
            valid_from=date(2018, 1, 1) + timedelta(days=k + 1),
            basis=f"round {k}",
            actor=f"worker-{zone_id}",
        )
        with record.reader() as conn:
            broken = audit_log.verify(conn)
        if broken is not None:
            failures.put(f"{zone_id} round {k}: {broken}")
    record.close()


def _run(target: Any, jobs: list[tuple[Any, ...]]) -> list[str]:
    ctx = mp.get_context("spawn")
    barrier, failures = ctx.Barrier(len(jobs)), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*job, barrier, failures)) for job in jobs]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    found = []
    while not failures.empty():
        found.append(failures.get())
    return found


def test_concurrent_imports_and_amendments_leave_one_chain_and_no_stale_assignment(
    pg_demo_url: str, tmp_path: Path
) -> None:
    jobs = [
        (
            pg_demo_url,
            zone,
            [str(_write_csv(tmp_path / f"{zone}-{k}.csv", f"{zone}-{k}", box, seed=10 * i + k)) for k in range(ROUNDS)],
        )
        for i, (zone, box) in enumerate(BOXES.items())
    ]
    assert _run(_import_and_amend, jobs) == []
    record = Record.open(pg_demo_url)
    with record.reader() as conn:
        assert audit_log.verify(conn) is None
        count, _ = audit_log.head(conn)
        stored = incidents_repo.load_incidents(conn)
        current = incidents_repo.current_assignments(conn, [i.id for i in stored])
        zones = zones_repo.load_zones(conn)
    record.close()
    assert count > 2 * ROUNDS * (PER_FILE + 2)
    assert sum(i.id.startswith(tuple(BOXES)) for i in stored) == 2 * ROUNDS * PER_FILE
    for zone in (z for z in zones if z.id in BOXES):
        assert [v.version for v in zone.versions] == list(range(1, ROUNDS + 2))
        assert all(a.valid_to == b.valid_from for a, b in pairwise(zone.versions))
    # no lost update: what is stored is what the final zones give, for every incident
    assert current == assignments_for(stored, zones)


def _import_same_file(url: str, path: str, barrier: Any, failures: Any) -> None:
    from ceasefire.workflows.import_incidents import import_incidents_csv

    record = Record.open(url)
    barrier.wait()
    summary = import_incidents_csv(record, path, actor="worker")
    failures.put(("summary", summary.new, summary.unchanged, summary.duplicate_of))
    record.close()


def test_two_processes_importing_the_same_file_store_its_rows_once(pg_demo_url: str, tmp_path: Path) -> None:
    path = str(_write_csv(tmp_path / "same.csv", "same", BOXES["idlib"], seed=1))
    outcomes = _run(_import_same_file, [(pg_demo_url, path), (pg_demo_url, path)])
    news = sorted(o[1] for o in outcomes)
    assert news == [0, PER_FILE]
    record = Record.open(pg_demo_url)
    with record.reader() as conn:
        rows = conn.execute(select(incidents.c.import_id).where(incidents.c.id.like("same-%"))).scalars().all()
        finished = conn.execute(select(imports.c.id, imports.c.rows_new).where(imports.c.file_name == "same.csv")).all()
        assert audit_log.verify(conn) is None
    record.close()
    assert len(rows) == PER_FILE and len(set(rows)) == 1
    assert [r.rows_new for r in finished if r.id == rows[0]] == [PER_FILE]
    assert all(r.rows_new == 0 for r in finished if r.id != rows[0])
