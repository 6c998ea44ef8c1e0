"""Schema creation and upgrades: `alembic upgrade head` on the archive's own connection.

The migrations live in `archive/migrations` (tables, indexes and each engine's full-text
objects: an FTS5 external-content table on SQLite, the narrow `article_search` table with a
tsvector and a GIN index on PostgreSQL; `archive.searchindex` writes both). `ensure_schema` runs on every engine start, so it is cheap when the
archive is current (one read of `alembic_version`) and safe when several processes start at
once: the upgrade runs under a PostgreSQL advisory lock or a SQLite write lock (`BEGIN
IMMEDIATE`), and each process re-reads the revision once it holds the lock.

Archives created before Alembic (by `create_all`, no `alembic_version` table) are stamped with
the initial revision and upgraded from there.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
INITIAL_REVISION = "0001"
PG_LOCK_ID = 74210001


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _lock(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_ID})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def ensure_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision; safe to call on every start."""
    with engine.connect() as connection:
        if current_revision(connection) == head_revision():
            return
    with engine.connect() as connection:
        _lock(connection)
        if current_revision(connection) is None and inspect(connection).has_table("articles"):
            command.stamp(alembic_config(connection), INITIAL_REVISION)
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
