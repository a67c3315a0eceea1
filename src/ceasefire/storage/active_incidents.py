"""Which incidents are part of the record's output: the one filter every listing, statistic,
bulletin, export, the API/map and the archive applies, so they cannot disagree.

An incident leaves the output, without being erased, when its source withdrew it (ACLED's list
of deleted events sets `incidents.deleted_at`) or when it was merged into another (a row in
`incident_retirements` that no split has revived): its claims then live in the survivor.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Connection, and_, exists, not_, or_, select

from ceasefire.storage.schema import incident_retirements, incidents


def is_active(as_of: datetime | None = None) -> ColumnElement[bool]:
    """A WHERE term over `incidents`: neither withdrawn nor merged away, now or, with `as_of`,
    as the record stood at that instant (a bulletin's cut-off)."""
    i, r = incidents.c, incident_retirements.c
    if as_of is None:
        return and_(i.deleted_at.is_(None), not_(exists().where(r.incident_id == i.id, r.revived_at.is_(None))))
    merged = exists().where(
        r.incident_id == i.id, r.retired_at <= as_of, or_(r.revived_at.is_(None), r.revived_at > as_of)
    )
    return and_(or_(i.deleted_at.is_(None), i.deleted_at > as_of), not_(merged))


def hidden_ids(conn: Connection) -> set[str]:
    """Ids of the incidents `is_active` leaves out, for filtering rows already loaded."""
    return set(conn.execute(select(incidents.c.id).where(not_(is_active()))).scalars())
