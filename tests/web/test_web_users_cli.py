"""`ceasefire users ...`: a token is printed once, works at once, and is never stored or listed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ceasefire.cli.main import _register, app
from ceasefire.settings import Settings
from ceasefire.web.app import create_app

runner = CliRunner()
_register()


def cf(db: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--db", str(db), *args], input=stdin)
    return result.exit_code, result.output


def test_a_printed_token_works_and_only_its_hash_is_stored(tmp_path: Path) -> None:
    db = tmp_path / "record.db"
    code, out = cf(db, "users", "add", "amira", "--role", "analyst")
    assert code == 0, out
    token = out.strip().splitlines()[-1]
    assert token.startswith("cf_")
    client = TestClient(create_app(str(db), settings=Settings(db=str(db))))
    assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).json()["role"] == "analyst"
    with sqlite3.connect(db) as conn:
        dump = "\n".join(conn.iterdump())
    assert token not in dump
    listed = cf(db, "users", "list")[1]
    assert "amira" in listed and token not in listed
    assert cf(db, "users", "revoke", "amira")[0] == 0
    assert client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_liaison_must_name_a_party_of_a_loaded_agreement(tmp_path: Path) -> None:
    db = tmp_path / "record.db"
    code, out = cf(db, "users", "add", "liaison", "--role", "party-liaison")
    assert code == 1 and "--party" in out
    code, out = cf(db, "users", "add", "liaison", "--role", "party-liaison", "--party", "nobody")
    assert code == 1 and "no loaded agreement" in out


def test_a_password_is_stored_as_an_argon2_hash(tmp_path: Path) -> None:
    db = tmp_path / "record.db"
    code, out = cf(db, "users", "add", "omar", "--role", "observer", "--password-stdin", stdin="a long password 1\n")
    assert code == 0, out
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("select password_hash from users where name = 'omar'").fetchone()
    assert stored.startswith("$argon2id$") and "a long password 1" not in stored
    client = TestClient(create_app(str(db), settings=Settings(db=str(db))))
    assert client.post("/tokens", json={"name": "omar", "password": "a long password 1"}).status_code == 201
    assert cf(db, "users", "add", "Оmar", "--role", "observer")[0] == 1  # Cyrillic О: refused
