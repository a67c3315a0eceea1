"""Bulk inserts store what SQLAlchemy's own insert stores, read back to the same values."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import JSON, Column, Date, DateTime, Integer, MetaData, Table, create_engine, insert, select

from ceasefire.storage import bulk

metadata = MetaData()
things = Table(
    "things",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date),
    Column("at", DateTime(timezone=True)),
    Column("body", JSON),
)

NOON = datetime(2017, 5, 6, 12, 0, tzinfo=UTC)
SAME_INSTANT_ELSEWHERE = NOON.astimezone(timezone(timedelta(hours=3)))


@pytest.mark.parametrize(
    "value",
    [
        {"event_id_cnty": "SYR1", "notes": "قصف على خان شيخون", "flag": True, "none": None},
        {"nan": float("nan"), "inf": float("inf")},
        {1: "int key"},
        [2**70, 1.5e300, -0.0],
        "null inside a string",
    ],
)
def test_json_reads_back_as_json_dumps_would(value: Any) -> None:
    assert repr(json.loads(bulk.dumps_json(value))) == repr(json.loads(json.dumps(value)))


def test_json_with_a_nan_is_encoded_by_json_dumps_itself() -> None:
    assert bulk.dumps_json({"x": float("nan")}) == json.dumps({"x": float("nan")})


def test_json_of_a_value_json_dumps_refuses_is_refused() -> None:
    with pytest.raises(TypeError):
        bulk.dumps_json({"when": date(2017, 5, 6)})


def test_bulk_rows_are_stored_as_sqlalchemys_insert_stores_them() -> None:
    engine = create_engine("sqlite://")
    metadata.create_all(engine)
    rows: list[dict[str, Any]] = [
        {"id": i, "day": date(2017, 5, 6), "at": at, "body": {"n": i, "text": "Ariha"}}
        for i, at in enumerate([NOON, SAME_INSTANT_ELSEWHERE, NOON, None])
    ]
    with engine.begin() as conn:
        bulk.insert_many(conn, things, rows)
        conn.execute(insert(things), [{**r, "id": r["id"] + 100} for r in rows])
        raw = conn.exec_driver_sql("SELECT id, day, at FROM things ORDER BY id").all()
        read = conn.execute(select(things).order_by(things.c.id)).all()
    ours, theirs = raw[:4], raw[4:]
    assert [r[1:] for r in ours] == [r[1:] for r in theirs]
    assert [r._mapping["body"] for r in read[:4]] == [r._mapping["body"] for r in read[4:]]
