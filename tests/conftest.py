"""Shared test fixtures: the team's shared material (../shared beside the checkout), and archive
backends: every test taking `db_url` runs on SQLite and on PostgreSQL. Without the shared material
or PostgreSQL these tests skip, and fail under `CI=true` (`tests.support.unavailable`).

PostgreSQL: one uniquely named database is created on the local server (`test` database's
cluster, trust auth) for the test run, emptied before each test and dropped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from archive.db import get_engine, transaction
from archive.models import Base
from tests.support import on_ci, unavailable

REPO = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO.parent / "shared"
CORPUS_DIR = SHARED_DIR / "corpus"


SHARED_FIXTURES = {"shared_dir", "corpus_dir"}
EMPTY_PARAMETERS = "got empty parameter set"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `CI=true`, a test parametrized over corpus pages that are missing (so over nothing) runs
    instead of skipping: its `shared_dir` / `corpus_dir` fixture then fails with the reason."""
    if not on_ci():
        return
    for item in items:
        if SHARED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.own_markers[:] = [
                mark for mark in item.own_markers
                if not (mark.name == "skip" and str(mark.kwargs.get("reason", "")).startswith(EMPTY_PARAMETERS))
            ]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the checkout (DESIGN.md, corpus, seeds)."""
    if not SHARED_DIR.is_dir():
        unavailable(f"shared material not found at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    """The recorded third-party pages and their labels, read in place."""
    if not (shared_dir / "corpus" / "labels.jsonl").is_file():
        unavailable(f"corpus labels not found at {shared_dir / 'corpus' / 'labels.jsonl'}")
    return shared_dir / "corpus"


def empty_archive(url: str) -> None:
    """Remove every row (the PostgreSQL test database is reused across tests)."""
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with transaction(url) as session:
        session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


PG_ADMIN = os.environ.get("UNION_ARCHIVE_TEST_PG", "host=127.0.0.1 port=5432 user=postgres dbname=test")


def _pg_admin() -> psycopg.Connection:
    return psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    try:
        admin = _pg_admin()
    except psycopg.OperationalError as exc:
        unavailable(f"PostgreSQL not reachable ({PG_ADMIN}): {exc}")
    name = f"ua_test_{uuid.uuid4().hex[:12]}"
    info = admin.info
    url = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}"
    with admin:
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_pg(pg_database: str) -> str:
    """The PostgreSQL test archive, emptied (for a test whose `db_url` is SQLite)."""
    empty_archive(pg_database)
    return pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty archive on each backend.

    The engine's pooled connections are closed after each test: `get_engine` keeps a bounded
    cache, and an engine evicted with open connections would be closed by the garbage collector.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    else:
        url = request.getfixturevalue("pg_database")
        empty_archive(url)
    yield url
    get_engine(url).dispose()
