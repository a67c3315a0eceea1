"""Where ../shared is, and how a test that needs it skips (or fails under CI) when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CEASEFIRE_SHARED", REPO.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """The path under ../shared, or skip (fail under CI) when the folder is absent.

    Article text may not live in this repository, so tests that need real articles read
    them from ../shared/data; a developer without that folder still runs everything else.
    """
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: tests on real articles and data need ../shared beside the repository"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
