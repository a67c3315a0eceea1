"""Users and their API tokens: creation, login, revocation, and the Viewer behind a token.

A token is shown once, when it is made, and stored only as its SHA-256 (a token is 256 random
bits, so a fast hash is safe for it); passwords are hashed with argon2, which is slow on
purpose. The Viewer is re-read from the record on every request, so a revoked user or token
stops working at the next request (BAD_INPUTS row 76).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ceasefire.domain.access import Viewer
from ceasefire.domain.statuses import PartyRole, Role
from ceasefire.errors import Conflict, InvalidInput, NotFound
from ceasefire.geo.assign import security_zone_id
from ceasefire.intake.agreement_file import agreement_from_document
from ceasefire.storage import agreements_repo, users_repo, zones_repo
from ceasefire.storage.record import Record
from ceasefire.storage.users_repo import StoredUser

TOKEN_PREFIX = "cf_"
_NAME = re.compile(r"^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$")
_hasher = PasswordHasher()
#: A hash to verify against when the user does not exist, so timing does not reveal names.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
_NEEDS_PARTY = (Role.PARTY_LIAISON, Role.GUARANTOR_LIAISON)


@dataclass(frozen=True)
class NewToken:
    """A token as issued: `token` is the secret, shown to the user once and never stored."""

    user: StoredUser
    token: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


def _check_name(name: str) -> str:
    """User names are plain ASCII, so no look-alike or invisible character can impersonate one
    (BAD_INPUTS rows 44-45)."""
    if not _NAME.match(name):
        raise InvalidInput(
            f"user name {name!r}: use 1-64 lower-case ASCII letters, digits, '.', '_' or '-'", pointer="/name"
        )
    return name


def _known_parties(record: Record) -> dict[str, set[PartyRole]]:
    with record.reader() as conn:
        documents = agreements_repo.documents(conn)
    roles: dict[str, set[PartyRole]] = {}
    for doc in documents:
        for p in agreement_from_document(doc).parties:
            roles.setdefault(p.id, set()).add(p.role)
    return roles


def add_user(
    record: Record,
    name: str,
    role: Role,
    *,
    party_id: str | None = None,
    password: str | None = None,
    actor: str | None = None,
) -> NewToken:
    """Create a user and a first token. Liaisons must name a party of a loaded agreement; a
    guarantor liaison's party must be a guarantor there."""
    _check_name(name)
    if role is Role.PUBLIC:
        raise InvalidInput("the public needs no account: requests without a token are the public's", pointer="/role")
    if role in _NEEDS_PARTY and not party_id:
        raise InvalidInput(f"a {role} acts for a party: give --party", pointer="/party")
    if party_id is not None:
        roles = _known_parties(record)
        if party_id not in roles:
            known = ", ".join(sorted(roles)) or "none (load an agreement first)"
            raise InvalidInput(
                f"party {party_id!r} is in no loaded agreement; known parties: {known}", pointer="/party"
            )
        if role is Role.GUARANTOR_LIAISON and PartyRole.GUARANTOR not in roles[party_id]:
            raise InvalidInput(f"party {party_id!r} guarantees no loaded agreement", pointer="/party")
    if password is not None and len(password) < 12:
        raise InvalidInput("a password needs at least 12 characters", pointer="/password")
    password_hash = _hasher.hash(password) if password is not None else None
    user_id = str(uuid.uuid4())
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with record.transaction(actor) as tx:
        if users_repo.user_named(tx.conn, name) is not None:
            raise Conflict(f"a user named {name!r} exists already")
        users_repo.insert_user(
            tx.conn, user_id=user_id, name=name, role=role, party_id=party_id, password_hash=password_hash
        )
        token_id = str(uuid.uuid4())
        users_repo.insert_token(tx.conn, token_id=token_id, user_id=user_id, token_hash=hash_token(token), label="cli")
        tx.audit("user.added", "user", user_id, {"name": name, "role": str(role), "party": party_id})
        tx.audit("token.issued", "user", user_id, {"token_id": token_id, "label": "cli"})
        user = users_repo.user_named(tx.conn, name)
    assert user is not None
    return NewToken(user, token)


def login(record: Record, name: str, password: str) -> NewToken:
    """A new token for a user who proves the password. Every failure looks the same."""
    with record.reader() as conn:
        user = users_repo.user_named(conn, name)
    stored = user.password_hash if user and not user.revoked and user.password_hash else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
        ok = stored is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        raise Unauthenticated("name or password is wrong")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = str(uuid.uuid4())
    with record.transaction(f"user:{user.name}") as tx:
        users_repo.insert_token(
            tx.conn, token_id=token_id, user_id=user.id, token_hash=hash_token(token), label="login"
        )
        tx.audit("token.issued", "user", user.id, {"token_id": token_id, "label": "login"})
    return NewToken(user, token)


def revoke_user(record: Record, name: str, *, actor: str | None = None) -> StoredUser:
    with record.transaction(actor) as tx:
        user = users_repo.user_named(tx.conn, name)
        if user is None:
            raise NotFound(f"no user {name!r}")
        users_repo.revoke_user(tx.conn, user.id)
        tx.audit("user.revoked", "user", user.id, {"name": name})
    return user


def list_users(record: Record) -> list[StoredUser]:
    with record.reader() as conn:
        return users_repo.list_users(conn)


class Unauthenticated(InvalidInput):
    """A token or password that names no active user."""

    code = "unauthenticated"


def viewer_for_token(record: Record, token: str) -> Viewer:
    """The Viewer a bearer token stands for, as the record says now."""
    with record.reader() as conn:
        user = users_repo.user_for_token(conn, hash_token(token))
        if user is None:
            raise Unauthenticated("the token is unknown, revoked or belongs to a revoked user")
        zones: frozenset[str] = frozenset()
        if user.role is Role.GUARANTOR_LIAISON and user.party_id:
            guaranteed = {
                a.id
                for a in map(agreement_from_document, agreements_repo.documents(conn))
                if any(p.id == user.party_id and p.role is PartyRole.GUARANTOR for p in a.parties)
            }
            ids = [z.id for z in zones_repo.load_zones(conn) if z.agreement_id in guaranteed]
            zones = frozenset(ids) | frozenset(security_zone_id(z) for z in ids)
    return Viewer(user.role, user.id, user.name, user.party_id, zones)
