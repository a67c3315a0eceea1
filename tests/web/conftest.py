"""Fixtures of the web tests; the world they build is in web_world.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from web_world import World, build_world

from ceasefire.storage.record import Record


@pytest.fixture
def world(record: Record, tmp_path: Path) -> Iterator[World]:
    w = build_world(record, tmp_path)
    yield w
    w.client.close()


@pytest.fixture
def sqlite_world(tmp_path: Path) -> Iterator[World]:
    record = Record.open(str(tmp_path / "web.db"))
    w = build_world(record, tmp_path)
    yield w
    w.client.close()
    record.close()
