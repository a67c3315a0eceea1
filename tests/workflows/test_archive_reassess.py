"""Reassessing a Parquet archive on Dask gives what the record itself gives: the same zone
assignments, verdicts and counts, partition by partition and added up."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from ceasefire.analysis.stats import Dimension, conform, count_incidents
from ceasefire.cli.main import _register, app
from ceasefire.domain.statuses import ZoneRelation
from ceasefire.settings import Settings
from ceasefire.storage import frames_repo, incidents_repo
from ceasefire.storage.record import Record
from ceasefire.workflows import reassess_partition as rp
from ceasefire.workflows.archive import agreement_and_zones, dask_client, export_archive, reassess_archive
from ceasefire.workflows.assessment import assess_record
from ceasefire.workflows.demo import run_demo

BY = [Dimension.ZONE, Dimension.MONTH]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Record, Path]:
    """The demo record, assessed, and its incidents exported as an archive of 3 files."""
    folder = tmp_path_factory.mktemp("archive")
    record = Record.open(str(folder / "demo.db"))
    run_demo(record)
    assess_record(record, actor="test")
    export_archive(record, folder / "incidents.parquet", rows_per_file=5)
    return record, folder / "incidents.parquet"


def _archive(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path).sort_values("id", ignore_index=True)


def _reassessed(record: Record, archive: Path) -> pd.DataFrame:
    agreement, zones = agreement_and_zones(record, None)
    return rp.reassess_frame(_archive(archive), zones, security_km=Settings().security_zone_km, agreement=agreement)


def test_the_archive_holds_every_incident_in_files_of_the_requested_size(demo: tuple[Record, Path]) -> None:
    record, archive = demo
    with record.reader() as conn:
        ids = sorted(i.id for i in incidents_repo.load_incidents(conn))
    assert [len(pd.read_parquet(f)) for f in sorted(archive.iterdir())] == [5, 5, 4]
    assert _archive(archive)["id"].tolist() == ids


def test_a_reassessed_partition_has_the_record_s_zone_assignments(demo: tuple[Record, Path]) -> None:
    record, archive = demo
    result = _reassessed(record, archive)
    with record.reader() as conn:
        stored = incidents_repo.current_assignments(conn, result["id"].tolist())
    got = {
        r.id: (
            None if pd.isna(r.zone_id) else r.zone_id,
            None if pd.isna(r.zone_version) else r.zone_version,
            r.zone_relation,
            None if pd.isna(r.zone_share) else r.zone_share,
        )
        for r in result.itertuples()
    }
    want = {k: (a[0].zone_id, a[0].zone_version, str(a[0].relation), a[0].share) for k, a in stored.items()}
    assert got == want
    relations = set(result["zone_relation"])
    assert {str(ZoneRelation.INSIDE), str(ZoneRelation.OUTSIDE), str(ZoneRelation.POSSIBLY)} <= relations


def test_a_reassessed_partition_has_the_record_s_gravest_verdicts_and_governorates(demo: tuple[Record, Path]) -> None:
    record, archive = demo
    result = _reassessed(record, archive).set_index("id")
    with record.reader() as conn:
        frame = frames_repo.incident_frame(conn).set_index("incident_id")
    assert result["verdict"].to_dict() == frame.loc[result.index, "verdict"].to_dict()
    placed = result["admin1"].notna()
    assert placed.sum() >= 10
    assert (result.loc[placed, "admin1_pcode"].str.match(r"SY\d\d")).all()


def test_partial_counts_add_up_to_the_counts_of_the_whole_archive(demo: tuple[Record, Path]) -> None:
    record, archive = demo
    agreement, zones = agreement_and_zones(record, None)
    frame = _archive(archive)
    whole = rp.reassess_frame(frame, zones, security_km=5.0, agreement=agreement)
    parts = []
    for piece in (frame.iloc[:4], frame.iloc[4:9], frame.iloc[9:]):
        piece = piece.reset_index(drop=True)
        parts.append(
            rp.partial_counts(piece, rp.reassess_frame(piece, zones, security_km=5.0, agreement=agreement), BY)
        )
    expected = rp.partial_counts(frame, whole, BY)
    assert rp.combine_counts(parts, BY).equals(expected)
    assert expected["incidents"].sum() == len(frame) and expected["violations"].sum() > 0


def test_reassess_on_a_local_dask_cluster_writes_the_in_process_results(
    demo: tuple[Record, Path], tmp_path: Path
) -> None:
    record, archive = demo
    agreement, zones = agreement_and_zones(record, None)
    with dask_client(None, 1) as client:
        summary = reassess_archive(
            archive,
            tmp_path / "out.parquet",
            zones,
            security_km=Settings().security_zone_km,
            agreement=agreement,
            by=BY,
            client=client,
        )
    written = pd.read_parquet(tmp_path / "out.parquet").sort_values("id", ignore_index=True)
    expected = _reassessed(record, archive)
    pd.testing.assert_frame_equal(written.astype(rp.RESULT), expected, check_dtype=False)
    assert summary.partitions == 3 and summary.rows == len(expected) and summary.workers == 1
    whole = count_incidents(
        conform(
            pd.DataFrame(
                {
                    "incident_id": expected["id"],
                    "date_start": _archive(archive)["date_start"],
                    "date_end": _archive(archive)["date_end"],
                    "event_type": _archive(archive)["event_type"],
                    "zone_id": expected["zone_id"],
                    "zone_relation": expected["zone_relation"],
                    "violation": expected["violation"],
                    "fatalities_best": _archive(archive)["fatalities_best"],
                }
            )
        ),
        BY,
    )
    columns = ["zone", "month", "incidents", "violations"]
    pd.testing.assert_frame_equal(summary.counts[columns], whole[columns], check_dtype=False)


def test_archive_export_and_reassess_on_an_existing_cluster_from_the_command_line(tmp_path: Path) -> None:
    from dask.distributed import LocalCluster

    _register()
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["--db", db, "demo"]).exit_code == 0
    exported = runner.invoke(app, ["--db", db, "archive", "export", str(tmp_path / "a.parquet")])
    assert exported.exit_code == 0 and "14 incidents" in exported.output
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        args = [
            "--db",
            db,
            "reassess",
            "--archive",
            str(tmp_path / "a.parquet"),
            "--scheduler",
            cluster.scheduler_address,
        ]
        result = runner.invoke(app, [*args, "--out", str(tmp_path / "r.parquet"), "--no-assess"])
        assert result.exit_code == 0, result.output
        assert "14 incidents in 1 partitions" in result.output and "idlib" in result.output
        assert pd.read_parquet(tmp_path / "r.parquet")["verdict"].isna().all()
        again = runner.invoke(app, [*args, "--out", str(tmp_path / "r.parquet")])
        assert again.exit_code == 1 and "already exists" in again.output
        sized = runner.invoke(app, [*args, "--out", str(tmp_path / "s.parquet"), "--workers", "2"])
        assert sized.exit_code == 1 and "--workers sizes a local cluster" in sized.output
