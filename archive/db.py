"""Engines and sessions: the one place that opens database connections."""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pysqlite3.dbapi2  # type: ignore[import-untyped]
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

DEFAULT_DB_FILE = "archive.sqlite"


class NoArchive(LookupError):
    """There is no archive at a URL (read-only commands must not create an empty one)."""


def resolve_url(url: str | None = None) -> str:
    """`--db` value, else `UNION_ARCHIVE_DB`, else `archive.sqlite` in the working directory.

    A bare file path is accepted as a SQLite database.
    """
    url = url or os.environ.get("UNION_ARCHIVE_DB") or DEFAULT_DB_FILE
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


def sqlite_module() -> ModuleType:
    """The SQLite driver: pysqlite3's, a newer SQLite than Python's own (3.51 against Debian's
    3.40): its FTS5 has `contentless_delete`, which lets the index keep no copy of the text."""
    return pysqlite3.dbapi2


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


_MAX_ENGINES = 16
_engines: OrderedDict[str, tuple[Engine, sessionmaker[Session]]] = OrderedDict()
_engines_lock = threading.Lock()


def _json_dumps(value: object) -> str:
    """JSON columns keep Chinese as characters, not six-byte `\\uXXXX` escapes."""
    return json.dumps(value, ensure_ascii=False)


def _create(resolved: str) -> Engine:
    parsed = make_url(resolved)
    if parsed.drivername == "postgresql":
        resolved = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        parsed = make_url(resolved)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(resolved, json_serializer=_json_dumps, module=sqlite_module())
    else:
        engine = create_engine(resolved, json_serializer=_json_dumps)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    from archive.schema import ensure_schema

    ensure_schema(engine)
    return engine


def _entry(url: str | None) -> tuple[Engine, sessionmaker[Session]]:
    """One engine (and session factory) per URL per process, the least recently used disposed past 16."""
    resolved = resolve_url(url)
    with _engines_lock:
        if resolved in _engines:
            _engines.move_to_end(resolved)
            return _engines[resolved]
        engine = _create(resolved)
        _engines[resolved] = (engine, sessionmaker(engine, expire_on_commit=False))
        while len(_engines) > _MAX_ENGINES:
            _, (evicted, _factory) = _engines.popitem(last=False)
            evicted.dispose()
        return _engines[resolved]


def after_bulk_write(url: str | None = None) -> None:
    """After a big write such as an import. SQLite: the write-ahead log copied into the database
    file and emptied (it otherwise keeps its size, tens of MB, until a checkpoint finds no
    reader). PostgreSQL: `ANALYZE` (a sample of each table, bounded time), so the planner knows
    the new rows: with stale statistics it took a source filter for 400 rows of 12,000 and
    tested every one's tsvector instead of walking an index."""
    engine = get_engine(url)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        elif engine.dialect.name == "postgresql":
            connection.exec_driver_sql("ANALYZE")
            connection.commit()


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`; the schema is created (or upgraded) on first use."""
    return _entry(url)[0]


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return _entry(url)[1]


@contextmanager
def transaction(url: str | None = None) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back whole on any error."""
    session = session_factory(url)()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def require_archive(url: str | None = None) -> str:
    """The resolved URL, if an archive exists there; `NoArchive` if not (nothing is created).

    A SQLite archive is a file holding the schema's version table; on a server, the database must
    hold it. A file that is not a SQLite database, or a server that is down, raises the driver's
    error (the CLI says it in one line)."""
    resolved = resolve_url(url)
    with _engines_lock:
        if resolved in _engines:
            return resolved
    parsed = make_url(resolved)
    sqlite_file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if sqlite_file is not None and (sqlite_file in ("", ":memory:") or not Path(sqlite_file).is_file()):
        raise NoArchive(f"no archive at {sqlite_file or resolved}: nothing has been crawled or imported there")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    module = {"module": sqlite_module()} if sqlite_file is not None else {}
    probe = create_engine(parsed, poolclass=NullPool, **module)
    try:
        with probe.connect() as connection:
            found = inspect(connection).has_table("alembic_version")
    finally:
        probe.dispose()
    if not found:
        shown = parsed.render_as_string(hide_password=True)
        raise NoArchive(f"no archive at {shown}: the database holds no union-archive tables")
    return resolved
