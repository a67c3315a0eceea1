"""A withdrawn incident (its source deleted the event) and a merged-away one are kept in the
record but left out of every output: listings, the API/map index, statistics, bulletin frames,
exports and the archive, all through `storage.active_incidents`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from sqlalchemy import insert, update

from ceasefire.render.redaction import Edition
from ceasefire.storage import frames_repo, incident_listing
from ceasefire.storage.record import Record
from ceasefire.storage.schema import incident_retirements, incidents
from ceasefire.workflows.archive import export_archive
from ceasefire.workflows.export import export_frame
from ceasefire.workflows.import_incidents import import_incidents_csv
from ceasefire.workflows.incident_views import list_incident_rows
from ceasefire.workflows.stats import stats_table

HEADER = (
    "id,date,date_end,date_precision,event_type,sub_event_type,place,latitude,longitude,geo_precision,admin1,"
    "perpetrator,perpetrator_side,target,target_side,fatalities_low,fatalities_best,fatalities_high,source,source_url,notes"
)
ROW = (
    "{id},2017-06-01,,day,Explosions/Remote violence,Air/drone strike,Douma,33.57175,36.4027,town,Rural Damascus,"
    "government forces,government,civilians,civilians,,2,,SOHR,,"
)
KEPT, WITHDRAWN, MERGED = "f-kept", "f-withdrawn", "f-merged"


@pytest.fixture
def record_with_hidden(astana_record: Record, tmp_path: Path) -> Record:
    rows = "\n".join(ROW.format(id=i) for i in (KEPT, WITHDRAWN, MERGED))
    (tmp_path / "f.csv").write_text(f"{HEADER}\n{rows}\n", encoding="utf-8")
    import_incidents_csv(astana_record, tmp_path / "f.csv", actor="test")
    past = datetime.now(UTC) - timedelta(seconds=1)
    with astana_record.transaction("test") as tx:
        tx.conn.execute(update(incidents).where(incidents.c.id == WITHDRAWN).values(deleted_at=past))
        tx.conn.execute(
            insert(incident_retirements).values(
                incident_id=MERGED, merged_into=KEPT, claim_ids=[], cause="test", actor="test", retired_at=past
            )
        )
    return astana_record


def test_listings_show_only_active_incidents(record_with_hidden: Record) -> None:
    assert [r["id"] for r in list_incident_rows(record_with_hidden)] == [KEPT]


def test_the_api_and_map_index_shows_only_active_incidents(record_with_hidden: Record) -> None:
    with record_with_hidden.reader() as conn:
        assert [r[0] for r in incident_listing.all_listing_rows(conn)] == [KEPT]
        assert [r[0] for r in incident_listing.listing_rows(conn, [KEPT, WITHDRAWN, MERGED])] == [KEPT]


def test_bulletin_frames_now_and_as_of_leave_hidden_incidents_out(record_with_hidden: Record) -> None:
    with record_with_hidden.reader() as conn:
        for as_of in (None, datetime.now(UTC)):
            assert list(frames_repo.incident_frame(conn, as_of=as_of)["incident_id"]) == [KEPT], as_of


def test_statistics_count_only_active_incidents(record_with_hidden: Record) -> None:
    table = stats_table(record_with_hidden, [])
    assert int(table["incidents"].sum()) == 1


def test_exports_hold_only_active_incidents(record_with_hidden: Record) -> None:
    for edition in Edition:
        assert list(export_frame(record_with_hidden, edition=edition)["incident_id"]) == [KEPT], edition


def test_the_archive_holds_only_active_incidents(record_with_hidden: Record, tmp_path: Path) -> None:
    count, files = export_archive(record_with_hidden, tmp_path / "archive")
    ids = pd.concat([pq.read_table(f).to_pandas() for f in files])["id"]
    assert (count, list(ids)) == (1, [KEPT])
