"""Archives beyond one machine: the record's incidents written as a partitioned Parquet archive
(`ceasefire archive export`), and an archive reassessed on a Dask cluster (`ceasefire reassess`).

An archive is a directory of Parquet files (`part-00000.parquet`, ...), one Dask partition
each, with the columns of `ARCHIVE_SCHEMA`: an incident per row, as the record holds it
(dates as dates, coordinates as float64 lon/lat in EPSG:4326, NaN when unresolved). Any
archive with at least `reassess_partition.REQUIRED` in those types can be reassessed,
whether the record wrote it or a GDELT/ACLED conversion did.

Reassessment maps `reassess_partition.reassess_frame` over the partitions with
`dask.dataframe.map_partitions`, so every worker runs the same vectorised functions the
single-machine path runs; the zones (and agreement) come from the record given by --db.
Its output is another directory of Parquet files with `reassess_partition.RESULT`'s columns.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ceasefire.analysis.stats import Dimension
from ceasefire.domain.agreements import Agreement
from ceasefire.domain.incidents import Incident
from ceasefire.domain.zones import Zone
from ceasefire.errors import InvalidInput, NotFound
from ceasefire.intake.agreement_file import agreement_from_document
from ceasefire.storage import active_incidents, agreements_repo, incidents_repo, zones_repo
from ceasefire.storage.record import Record
from ceasefire.workflows import reassess_partition as rp

ARCHIVE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("event_type", pa.string()),
        ("sub_event_type", pa.string()),
        ("date_start", pa.date32()),
        ("date_end", pa.date32()),
        ("date_precision", pa.string()),
        ("place_name", pa.string()),
        ("lon", pa.float64()),
        ("lat", pa.float64()),
        ("geo_precision", pa.string()),
        ("admin1", pa.string()),
        ("perpetrator_name", pa.string()),
        ("perpetrator_side", pa.string()),
        ("target_name", pa.string()),
        ("target_side", pa.string()),
        ("fatalities_low", pa.int32()),
        ("fatalities_best", pa.int32()),
        ("fatalities_high", pa.int32()),
        ("status", pa.string()),
        ("source_name", pa.string()),
        ("source_url", pa.string()),
    ]
)


def _fresh_directory(path: Path) -> None:
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise InvalidInput(f"{path}: already exists; an archive is written into a new or empty directory")
    path.mkdir(parents=True, exist_ok=True)


def _columns(items: Sequence[Incident]) -> dict[str, list[Any]]:
    return {
        "id": [i.id for i in items],
        "event_type": [str(i.event_type) for i in items],
        "sub_event_type": [i.sub_event_type for i in items],
        "date_start": [i.date.start for i in items],
        "date_end": [i.date.end for i in items],
        "date_precision": [str(i.date.precision) for i in items],
        "place_name": [i.place.name for i in items],
        "lon": [i.place.lon for i in items],
        "lat": [i.place.lat for i in items],
        "geo_precision": [str(i.place.precision) for i in items],
        "admin1": [i.place.admin1 for i in items],
        "perpetrator_name": [i.perpetrator.name if i.perpetrator else None for i in items],
        "perpetrator_side": [str(i.perpetrator.side) if i.perpetrator else None for i in items],
        "target_name": [i.target.name if i.target else None for i in items],
        "target_side": [str(i.target.side) if i.target else None for i in items],
        "fatalities_low": [i.fatalities.low for i in items],
        "fatalities_best": [i.fatalities.best for i in items],
        "fatalities_high": [i.fatalities.high for i in items],
        "status": [str(i.status) for i in items],
        "source_name": [i.source_name for i in items],
        "source_url": [i.source_url for i in items],
    }


def write_archive(items: Sequence[Incident], out: Path, *, rows_per_file: int = 1_000_000) -> list[Path]:
    """Write incidents as an archive directory; returns the files written (at least one)."""
    _fresh_directory(out)
    files = []
    for k, start in enumerate(range(0, max(len(items), 1), rows_per_file)):
        table = pa.table(_columns(items[start : start + rows_per_file]), schema=ARCHIVE_SCHEMA)
        files.append(out / f"part-{k:05d}.parquet")
        pq.write_table(table, files[-1])
    return files


def export_archive(record: Record, out: Path, *, rows_per_file: int = 1_000_000) -> tuple[int, list[Path]]:
    """The record's active incidents (merged-away ones left out) as an archive: (rows, files)."""
    with record.reader() as conn:
        hidden = active_incidents.hidden_ids(conn)
        items = [i for i in incidents_repo.load_incidents(conn) if i.id not in hidden]
    items.sort(key=lambda i: (i.date.start, i.id))
    return len(items), write_archive(items, out, rows_per_file=rows_per_file)


def agreement_and_zones(record: Record, agreement_id: str | None) -> tuple[Agreement, list[Zone]]:
    """The agreement an archive is measured against, with its zones, from the record: the one
    named, or the record's only agreement."""
    with record.reader() as conn:
        agreements = {a.id: a for a in map(agreement_from_document, agreements_repo.documents(conn))}
        if not agreements:
            raise InvalidInput("the record holds no agreement: load one first (`ceasefire agreement load`)")
        if agreement_id is None:
            if len(agreements) > 1:
                raise InvalidInput(
                    f"the record holds several agreements; choose one with --agreement: {', '.join(agreements)}"
                )
            agreement_id = next(iter(agreements))
        if agreement_id not in agreements:
            raise NotFound(f"no agreement {agreement_id!r} in the record; known: {', '.join(agreements)}")
        zones = zones_repo.load_zones(conn, agreement_id)
    return agreements[agreement_id], zones


@contextmanager
def dask_client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    """A Dask client: on a new local cluster (processes, one thread each, `workers` of them,
    default one per core) for None or 'local', else on the existing scheduler at `scheduler`."""
    from dask.distributed import Client, LocalCluster

    if scheduler in (None, "local"):
        n = workers or os.cpu_count() or 1
        with (
            LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,  # type: ignore[no-untyped-call]
        ):
            yield client
        return
    if workers is not None:
        raise InvalidInput("--workers sizes a local cluster; an existing cluster at --scheduler has its own workers")
    with Client(scheduler, timeout="30s") as client:  # type: ignore[no-untyped-call]
        yield client


@dataclass(frozen=True)
class ReassessSummary:
    """What a reassessment did and how long it took."""

    rows: int
    partitions: int
    workers: int
    seconds: float
    counts: pd.DataFrame
    out: Path


def read_part(path: str, columns: Sequence[str]) -> pd.DataFrame:
    """One archive file as one partition (dates as datetime64, not a Python object per row)."""
    return pq.read_table(path, columns=list(columns)).to_pandas(date_as_object=False)


def _read(archive: Path, *, assess: bool) -> Any:
    """The archive as a Dask frame of one partition per file, with the columns reassessment uses.

    Built with `from_map` rather than `read_parquet`, which may merge files into fewer, larger
    partitions: the archive's files are the unit of work, as the archive's writer chose them.
    """
    import dask.dataframe as dd

    if not archive.exists():
        raise InvalidInput(f"{archive}: no such archive")
    files = sorted(archive.glob("*.parquet")) if archive.is_dir() else [archive]
    if not files:
        raise InvalidInput(f"{archive}: no Parquet files in the archive")
    present = pq.read_schema(files[0]).names
    missing = [c for c in rp.REQUIRED if c not in present]
    if missing:
        raise InvalidInput(f"{archive}: archive lacks column(s) {', '.join(missing)}; see `ceasefire archive export`")
    used = (*rp.REQUIRED, *rp.OPTIONAL, *rp.COUNTED, *(rp.ASSESSED if assess else ()))
    wanted = [c for c in present if c in used]
    meta = pq.read_table(files[0], columns=wanted).slice(0, 0).to_pandas(date_as_object=False)
    return dd.from_map(  # type: ignore[no-untyped-call]
        read_part, [str(f) for f in files], columns=wanted, meta=meta, enforce_metadata=False
    )


def reassess_part(
    frame: pd.DataFrame,
    zones: Sequence[Zone],
    *,
    security_km: float,
    agreement: Agreement | None,
    fingerprint: str,
    by: Sequence[Dimension],
    out: str,
    partition_info: dict[str, Any] | None = None,
) -> pd.DataFrame:
    """One Dask task: reassess a partition, write its results as `part-<n>.parquet` in `out`,
    return its partial counts. Writing from the task keeps the reassessment to one pass over
    the archive and the results off the client; `out` must be the same path on every worker."""
    result = rp.reassess_frame(frame, zones, security_km=security_km, agreement=agreement, fingerprint=fingerprint)
    number = partition_info["number"] if partition_info else 0
    pq.write_table(pa.Table.from_pandas(result, preserve_index=False), Path(out) / f"part-{number:05d}.parquet")
    return rp.partial_counts(frame, result, by)


def reassess_archive(
    archive: Path,
    out: Path,
    zones: Sequence[Zone],
    *,
    security_km: float,
    agreement: Agreement | None = None,
    by: Sequence[Dimension] = (Dimension.ZONE,),
    client: Any,
) -> ReassessSummary:
    """Reassess every partition of `archive` on `client`'s cluster, write the results to `out`,
    and return the statistics by `by` added up over the partitions."""
    frame = _read(archive, assess=agreement is not None)
    _fresh_directory(out)
    started = time.perf_counter()
    counts = frame.map_partitions(
        reassess_part,
        list(zones),
        security_km=security_km,
        agreement=agreement,
        fingerprint=rp.zones_fingerprint(zones),
        by=list(by),
        out=str(out.resolve()),
        meta=_counts_meta(by),
    )
    parts = client.compute(counts).result()
    table = rp.combine_counts([parts], by)
    elapsed = time.perf_counter() - started
    workers = len(client.scheduler_info()["workers"])
    return ReassessSummary(int(table["incidents"].sum()), frame.npartitions, workers, elapsed, table, out)


def _counts_meta(by: Sequence[Dimension]) -> pd.DataFrame:
    from ceasefire.analysis.stats import MEASURES

    columns = {d.value: pd.Series(dtype=object) for d in by}
    columns.update({m: pd.Series(dtype="Int64") for m in MEASURES})
    return pd.DataFrame(columns)
