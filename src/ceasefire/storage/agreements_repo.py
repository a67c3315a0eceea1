"""Stored agreements: the validated document is kept whole, so nothing of the file is lost."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from ceasefire.domain.agreements import Agreement
from ceasefire.storage.schema import agreements


def stored_sha256(conn: Connection, agreement_id: str) -> str | None:
    return conn.execute(select(agreements.c.source_sha256).where(agreements.c.id == agreement_id)).scalar()


def insert_agreement(conn: Connection, agreement: Agreement, document: dict[str, Any], sha256: str) -> None:
    conn.execute(
        insert(agreements).values(
            id=agreement.id,
            name=agreement.name,
            signed=agreement.signed,
            in_force=agreement.in_force,
            duration_months=agreement.duration_months,
            auto_renew=agreement.auto_renew,
            document=document,
            source_sha256=sha256,
            loaded_at=datetime.now(UTC),
        )
    )


def documents(conn: Connection) -> list[dict[str, Any]]:
    """Every stored agreement document, oldest entry into force first."""
    rows = conn.execute(select(agreements.c.document).order_by(agreements.c.in_force, agreements.c.id))
    return [dict(r.document) for r in rows]


def document(conn: Connection, agreement_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(agreements.c.document).where(agreements.c.id == agreement_id)).first()
    return dict(row.document) if row else None
