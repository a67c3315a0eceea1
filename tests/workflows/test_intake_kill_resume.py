"""Crash safety of dataset imports: `ceasefire import acled` killed with SIGKILL at random
moments, then run again, ends with exactly the file's rows: none twice, none half-written."""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from ceasefire.intake.agreement_file import load_packaged_agreement
from ceasefire.storage import audit_log
from ceasefire.storage.record import Record
from ceasefire.workflows.agreements import store_loaded_agreement
from ceasefire.workflows.dataset_import import Mode, import_dataset

ROWS = 2000
BATCH = 80
KILLS = 20
CLI = Path(sys.executable).with_name("ceasefire")


def _generator() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "import_rows.py"
    spec = importlib.util.spec_from_file_location("import_rows_benchmark", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counts(db: Path) -> dict[str, int]:
    queries = {
        "reports": "select count(*) from reports",
        "distinct_events": "select count(distinct external_id) from reports",
        "claims": "select count(*) from claims",
        "incidents": "select count(*) from incidents",
        "links": "select count(*) from claim_links where unlinked_at is null",
        "zones": "select count(*) from zone_assignments where current",
        "committed": "select coalesce(max(rows_new), 0) from import_checkpoints",
    }
    with sqlite3.connect(db) as conn:
        return {name: conn.execute(sql).fetchone()[0] for name, sql in queries.items()}


def _audit_intact(db: Path) -> bool:
    record = Record.open(str(db), migrate_schema=False)
    try:
        with record.reader() as conn:
            return audit_log.verify(conn) is None
    finally:
        record.close()


def _progress(db: Path) -> tuple[str | None, int]:
    """(status, records committed) of the import in `db`, read beside the running writer."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        row = conn.execute(
            "select i.status, c.records from imports i join import_checkpoints c on c.import_id = i.id "
            "order by i.id desc limit 1"
        ).fetchone()
    return (row[0], row[1]) if row else (None, 0)


def _kill_at(proc: subprocess.Popen[bytes], db: Path, target: int, rng: random.Random) -> None:
    """SIGKILL once the import has committed `target` records (header included), then a random
    moment inside the next batch; a negative target kills before any batch (or validating)."""
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        status, records = _progress(db)
        if status is not None and (target < 0 or records >= target):
            break
        time.sleep(0.003)
    time.sleep(rng.uniform(0, 0.05))
    proc.send_signal(signal.SIGKILL)


@pytest.mark.slow
def test_an_import_killed_at_random_moments_resumes_to_exactly_the_files_rows(tmp_path: Path) -> None:
    csv_path = _generator().write_acled(tmp_path / "acled.csv", ROWS, seed=6)
    template = tmp_path / "template.db"
    seed = Record.open(str(template))
    store_loaded_agreement(seed, load_packaged_agreement("astana-2017"), actor="test")
    seed.close()
    rng = random.Random(int(os.environ.get("KILL_SEED", "1")))
    env = {**os.environ, "CEASEFIRE_ACTOR": "kill-test"}
    interrupted = 0
    for round_ in range(KILLS):
        db, data = tmp_path / f"r{round_}.db", tmp_path / f"data{round_}"
        shutil.copy(template, db)
        mode = Mode.ATOMIC if round_ % 2 else Mode.PER_ROW
        args = [str(CLI), "--db", str(db), "import", "acled", str(csv_path), "--mode", str(mode)]
        proc = subprocess.Popen(
            [*args, "--batch-size", str(BATCH), "--format", "json"],
            env={**env, "CEASEFIRE_DATA_DIR": str(data)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _kill_at(proc, db, rng.randrange(-ROWS // 5, ROWS), rng)
        killed = proc.wait(timeout=60) == -signal.SIGKILL
        after_kill = _counts(db)
        # Whole batches only: every committed row has its claim, incident, link and zone.
        assert after_kill["reports"] == after_kill["committed"], (round_, after_kill)
        assert len({v for k, v in after_kill.items() if k != "distinct_events"}) == 1, (round_, after_kill)
        assert _audit_intact(db)
        interrupted += killed and _progress(db)[0] in ("running", "validating")

        record = Record.open(str(db))
        summary = import_dataset(record, "acled", csv_path, mode=mode, batch_size=BATCH, data_dir=data)
        record.close()
        assert summary.status in ("completed", "duplicate"), (round_, summary)
        if summary.status == "completed" and after_kill["reports"]:
            assert summary.resumed_at_record == after_kill["reports"] + 1  # records count the header
        final = _counts(db)
        assert final == {**dict.fromkeys(final, ROWS), "committed": ROWS}, (round_, final)
        assert _audit_intact(db)
    assert interrupted >= KILLS * 3 // 4, f"only {interrupted} of {KILLS} kills interrupted an import"
