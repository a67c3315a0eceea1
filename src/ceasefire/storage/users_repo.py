"""Stored users and API tokens. Tokens are kept as SHA-256 hashes, passwords as argon2 hashes:
the record never holds a secret that would let someone who reads it act as a user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ceasefire.domain.statuses import Role
from ceasefire.storage.schema import api_tokens, users


@dataclass(frozen=True, slots=True)
class StoredUser:
    """A user as stored; `revoked` users authenticate no more."""

    id: str
    name: str
    role: Role
    party_id: str | None
    password_hash: str | None
    revoked: bool


def _user(r: Any) -> StoredUser:
    return StoredUser(r.id, r.name, Role(r.role), r.party_id, r.password_hash, r.revoked_at is not None)


def insert_user(
    conn: Connection, *, user_id: str, name: str, role: Role, party_id: str | None, password_hash: str | None
) -> None:
    conn.execute(
        insert(users).values(
            id=user_id,
            name=name,
            role=str(role),
            party_id=party_id,
            password_hash=password_hash,
            created_at=datetime.now(UTC),
        )
    )


def user_named(conn: Connection, name: str) -> StoredUser | None:
    row = conn.execute(select(users).where(users.c.name == name)).first()
    return _user(row) if row else None


def list_users(conn: Connection) -> list[StoredUser]:
    return [_user(r) for r in conn.execute(select(users).order_by(users.c.name))]


def revoke_user(conn: Connection, user_id: str) -> None:
    now = datetime.now(UTC)
    conn.execute(update(users).where(users.c.id == user_id, users.c.revoked_at.is_(None)).values(revoked_at=now))
    conn.execute(
        update(api_tokens)
        .where(api_tokens.c.user_id == user_id, api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def insert_token(conn: Connection, *, token_id: str, user_id: str, token_hash: str, label: str) -> None:
    conn.execute(
        insert(api_tokens).values(
            id=token_id, user_id=user_id, token_hash=token_hash, label=label, created_at=datetime.now(UTC)
        )
    )


def user_for_token(conn: Connection, token_hash: str) -> StoredUser | None:
    """The active user holding an active token with this hash, or None."""
    row = conn.execute(
        select(users)
        .join(api_tokens, api_tokens.c.user_id == users.c.id)
        .where(
            api_tokens.c.token_hash == token_hash,
            api_tokens.c.revoked_at.is_(None),
            users.c.revoked_at.is_(None),
        )
    ).first()
    return _user(row) if row else None
