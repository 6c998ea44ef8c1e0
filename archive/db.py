"""Engines and sessions: the one place that opens database connections."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB_FILE = "archive.sqlite"


def resolve_url(url: str | None = None) -> str:
    """`--db` value, else `UNION_ARCHIVE_DB`, else `archive.sqlite` in the working directory.

    A bare file path is accepted as a SQLite database.
    """
    url = url or os.environ.get("UNION_ARCHIVE_DB") or DEFAULT_DB_FILE
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


@lru_cache(maxsize=16)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL per process; the schema is created (or upgraded) on first use."""
    resolved = resolve_url(url)
    parsed = make_url(resolved)
    if parsed.drivername == "postgresql":
        resolved = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(resolved, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    from archive.schema import ensure_schema

    ensure_schema(engine)
    return engine


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(get_engine(url), expire_on_commit=False)


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back whole on any error."""
    session = session_factory(url)()
    try:
        with session.begin():
            yield session
    finally:
        session.close()
