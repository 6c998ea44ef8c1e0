"""A full backup round trip SQLite -> PostgreSQL -> SQLite loses nothing (issue 13): every table's
rows are the same after it, the search index is made again, and a broken backup is refused."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from archive import Archive, models
from archive.backup import BackupError, backup, digests, restore
from archive.db import transaction
from archive.store import record_failure
from cli import main
from tests.e2e.conftest import crawl_cli, mirror_server  # noqa: F401 - the mirror fixture


def union_archive(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def crawled(mirror_server, tmp_path: Path) -> str:  # noqa: F811 - pytest fixture
    """A crawled archive with two versions of an article and failures with their bytes."""
    db_url = f"sqlite:///{tmp_path / 'source.sqlite'}"
    result = crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu")
    assert result.returncode == 0, result.stderr[-2000:]
    edited = Archive(db_url).get(1)
    assert edited is not None
    lines = json.dumps({**edited, "title": edited["title"] + "（更新）"}, ensure_ascii=False)
    Archive(db_url).import_lines([lines])
    with transaction(db_url) as session:
        record_failure(session, "http://x.example.com/bad.html", "parse", "ParseError: test", body=b"\x00\xff raw")
    return db_url


def test_round_trip_sqlite_postgresql_sqlite_loses_nothing(crawled: str, empty_pg: str, tmp_path: Path) -> None:
    original = digests(crawled)
    first = tmp_path / "one.jsonl.gz"
    union_archive("--db", crawled, "backup", str(first))
    union_archive("--db", empty_pg, "restore", str(first))
    assert digests(empty_pg) == original
    second = tmp_path / "two.jsonl"
    union_archive("--db", empty_pg, "backup", str(second))
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    union_archive("--db", back, "restore", str(second))
    assert digests(back) == original

    restored = Archive(back)
    assert restored.check().ok
    assert [v["version"] for v in restored.versions(1)] == [1, 2]
    assert restored.search("更新").total == 1
    with transaction(back) as session:
        failure = session.scalar(select(models.Failure).where(models.Failure.url == "http://x.example.com/bad.html"))
        assert failure is not None and failure.body_zlib is not None
    with gzip.open(first, "rt", encoding="utf-8") as handle:
        assert json.loads(handle.readline())["format"] == "union-archive-backup"


def test_restore_refuses_a_broken_backup_or_a_full_archive(crawled: str, tmp_path: Path) -> None:
    out = io.StringIO()
    backup(crawled, out)
    lines = out.getvalue().splitlines()
    empty = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    with pytest.raises(BackupError, match="cut off"):
        restore(empty, lines[:-1])
    assert Archive(empty).counts()["articles"] == 0
    with pytest.raises(BackupError, match="not a union-archive backup"):
        restore(empty, ['{"articles": 1}'])
    with pytest.raises(BackupError, match="needs an empty archive"):
        restore(crawled, lines)
