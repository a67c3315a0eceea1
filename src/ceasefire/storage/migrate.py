"""Schema migrations with Alembic, run from code so `ceasefire init` needs no alembic.ini."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def _config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(files("ceasefire.storage") / "migrations"))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "heads") -> None:
    """Bring the schema to `revision`; a no-op when it is already there."""
    command.upgrade(_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(_config(engine)).get_current_head()


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """Every revision the database is at: one per branch (issues add migrations on their own branches)."""
    with engine.connect() as conn:
        return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))


def head_revisions(engine: Engine) -> tuple[str, ...]:
    """Every head of the migration scripts; `upgrade` brings the database to all of them."""
    return tuple(sorted(ScriptDirectory.from_config(_config(engine)).get_heads()))
