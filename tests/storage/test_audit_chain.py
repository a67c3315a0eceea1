"""The audit log is a hash chain: any edit, deletion, insertion or reordering is found."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from ceasefire.storage import audit_log
from ceasefire.storage.record import Record
from ceasefire.storage.schema import audit_events


def _write_events(record: Record, n: int) -> None:
    for i in range(n):
        with record.transaction("tester") as tx:
            tx.audit("test.event", "thing", f"t{i}", {"i": i, "name": "Khān Shaykhūn"})


def test_an_untouched_chain_verifies(record: Record) -> None:
    _write_events(record, 5)
    with record.reader() as conn:
        assert audit_log.verify(conn) is None
        assert audit_log.head(conn)[0] == 5


def test_an_event_written_in_a_rolled_back_transaction_leaves_no_trace(record: Record) -> None:
    _write_events(record, 2)
    try:
        with record.transaction("tester") as tx:
            tx.audit("test.event", "thing", "lost", {})
            raise RuntimeError("crash mid-change")
    except RuntimeError:
        pass
    with record.reader() as conn:
        assert audit_log.head(conn)[0] == 2
        assert audit_log.verify(conn) is None


def test_a_modified_payload_is_reported_at_its_event(record: Record) -> None:
    _write_events(record, 5)
    with record.engine.begin() as conn:
        conn.execute(update(audit_events).where(audit_events.c.seq == 3).values(payload='{"i":99,"name":"x"}'))
    with record.reader() as conn:
        broken = audit_log.verify(conn)
    assert broken is not None and broken.seq == 3 and "modified" in broken.reason


def test_a_deleted_middle_event_is_reported(record: Record) -> None:
    _write_events(record, 5)
    with record.engine.begin() as conn:
        conn.execute(delete(audit_events).where(audit_events.c.seq == 2))
    with record.reader() as conn:
        broken = audit_log.verify(conn)
    assert broken is not None and broken.seq == 3


def test_deleting_the_newest_event_is_caught_by_the_chain_head(record: Record) -> None:
    _write_events(record, 4)
    with record.engine.begin() as conn:
        conn.execute(delete(audit_events).where(audit_events.c.seq == 4))
    with record.reader() as conn:
        broken = audit_log.verify(conn)
    assert broken is not None and "deleted" in broken.reason


def test_two_swapped_events_break_the_chain(record: Record) -> None:
    _write_events(record, 4)
    with record.engine.begin() as conn:
        rows = {r.seq: r for r in conn.execute(select(audit_events).where(audit_events.c.seq.in_([2, 3])))}
        for seq, other in ((2, 3), (3, 2)):
            src = rows[other]
            conn.execute(
                update(audit_events)
                .where(audit_events.c.seq == seq)
                .values(
                    at=src.at,
                    actor=src.actor,
                    action=src.action,
                    entity_type=src.entity_type,
                    entity_id=src.entity_id,
                    payload=src.payload,
                    prev_hash=src.prev_hash,
                    hash=src.hash,
                )
            )
    with record.reader() as conn:
        broken = audit_log.verify(conn)
    assert broken is not None and broken.seq == 2


def test_an_inserted_event_is_reported(record: Record) -> None:
    _write_events(record, 3)
    with record.engine.begin() as conn:
        last = conn.execute(select(audit_events).where(audit_events.c.seq == 3)).one()
        conn.execute(
            audit_events.insert().values(
                seq=4,
                at=last.at,
                actor="intruder",
                action="x",
                entity_type="thing",
                entity_id="forged",
                payload="{}",
                prev_hash=last.hash,
                hash="0" * 64,
            )
        )
    with record.reader() as conn:
        broken = audit_log.verify(conn)
    assert broken is not None and broken.seq == 4
