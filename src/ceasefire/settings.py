"""Settings: one declared list, each with its help text; read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    """Every setting of ceasefire. The README's settings table is checked against this list."""

    db: str = field(
        default_factory=lambda: _env("CEASEFIRE_DB", "ceasefire.db"),
        metadata={"env": "CEASEFIRE_DB", "help": "Database: an SQLAlchemy URL or an SQLite file path."},
    )
    data_dir: Path = field(
        default_factory=lambda: Path(_env("CEASEFIRE_DATA_DIR", "ceasefire-data")),
        metadata={"env": "CEASEFIRE_DATA_DIR", "help": "Folder for evidence files and quarantined inputs."},
    )
    actor: str = field(
        default_factory=lambda: _env("CEASEFIRE_ACTOR", ""),
        metadata={"env": "CEASEFIRE_ACTOR", "help": "Who is acting, for the audit log (default cli:<os user>)."},
    )
    security_zone_km: float = field(
        default_factory=lambda: float(_env("CEASEFIRE_SECURITY_ZONE_KM", "5")),
        metadata={"env": "CEASEFIRE_SECURITY_ZONE_KM", "help": "Width of the security belt along zone lines, km."},
    )
    tile_url: str = field(
        default_factory=lambda: _env("CEASEFIRE_TILE_URL", ""),
        metadata={
            "env": "CEASEFIRE_TILE_URL",
            "help": "Optional map tile URL template ({z}/{x}/{y}); empty: the map draws packaged boundaries only.",
        },
    )
    max_body_bytes: int = field(
        default_factory=lambda: int(_env("CEASEFIRE_MAX_BODY_BYTES", str(1024 * 1024))),
        metadata={"env": "CEASEFIRE_MAX_BODY_BYTES", "help": "Largest request body the API accepts, in bytes."},
    )


def documented_settings() -> list[tuple[str, str]]:
    """(environment variable, help) for every setting, in declaration order."""
    return [(f.metadata["env"], f.metadata["help"]) for f in fields(Settings)]
