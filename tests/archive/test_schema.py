"""Alembic-driven schema: migrations match the models, upgrade old archives, run concurrently."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from archive_samples import add, make_article
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from archive.api import Archive
from archive.db import get_engine
from archive.models import Base
from archive.schema import alembic_config, current_revision, head_revision
from tests.support import unavailable

FTS_NAMES = {"search_vector", "ix_articles_search_vector", "ix_reprint_links_buckets"}
"""Made by migrations only, for one backend: PostgreSQL's search vector and reprint bucket index
(expression indexes the models cannot declare for both backends)."""
PG_SEARCH_TABLE = "article_search"


def _ours(obj: Any, name: str | None, kind: str, reflected: bool, compare_to: Any) -> bool:
    if name and (name in FTS_NAMES or name == PG_SEARCH_TABLE or name.startswith("articles_fts")):
        return False
    return name != "alembic_version"


def test_migrations_match_models(db_url: str) -> None:
    engine = get_engine(db_url)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
        context = MigrationContext.configure(connection, opts={"include_object": _ours, "compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_downgrade_to_base_and_up_again(db_url: str) -> None:
    add(db_url, make_article(1, title="工会新闻", source="工人日報", channel=["要闻"]))
    engine = get_engine(db_url)
    with engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0001")
        connection.commit()
    with engine.connect() as connection:
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
    assert Archive(db_url).search("工會", source="工人日报", channel="要闻").total == 1
    with engine.connect() as connection:
        command.downgrade(alembic_config(connection), "base")
        connection.commit()
        assert not inspect(connection).has_table("articles")
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
    assert Archive(db_url).counts()["articles"] == 0


def test_archive_from_before_alembic_is_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(text("INSERT INTO sites (id, name) VALUES (1, 'old')"))
        connection.execute(
            text(
                "INSERT INTO articles (id, site_id, canonical_url, url, first_seen_at, last_checked_at, version,"
                " content_hash, title, source, body, images, channel, repairs, search_text, search_title)"
                " VALUES (1, 1, 'http://o.invalid/1', 'http://o.invalid/1', '2024-01-01', '2024-01-01', 1, 'x',"
                " '旧工会', '工人日報', '[]', '[]', '[\"要聞\"]', '[]', '', '工会 旧 工 会')"
            )
        )
        connection.execute(text("DROP TABLE alembic_version"))
        connection.commit()
    engine.dispose()
    try:
        assert Archive(url).search("工會", source="工人日报", channel="要闻").total == 1
        with get_engine(url).connect() as connection:
            assert current_revision(connection) == head_revision()
    finally:
        get_engine(url).dispose()


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    try:
        admin = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True)
    except psycopg.OperationalError as exc:
        unavailable(f"PostgreSQL not reachable: {exc}")
    name = f"ua_race_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_first_start(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = (
        f"sqlite:///{tmp_path / 'race.sqlite'}"
        if backend == "sqlite"
        else request.getfixturevalue("fresh_pg")
    )
    script = (
        "import sys\nfrom archive.api import Archive\nassert Archive(sys.argv[1]).search('工会').total == 0\n"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, url], stderr=subprocess.PIPE) for _ in range(6)
    ]
    errors = [p.communicate(timeout=120)[1].decode() for p in processes]
    assert [p.returncode for p in processes] == [0] * 6, errors
    with get_engine(url).connect() as connection:
        assert current_revision(connection) == head_revision()
    add(url, make_article(1, title="工会"))
    assert Archive(url).search("工會").total == 1
    get_engine(url).dispose()


def test_upgrade_recomputes_search_forms_of_older_tokenizer(db_url: str) -> None:
    add(db_url, make_article(1, title="第3届工会大会", body=["2024年全国职工技能大赛。"]))
    engine = get_engine(db_url)
    with engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0006")
        connection.execute(
            text("UPDATE articles SET search_title = :title, search_text = :body"),
            {"title": "3届工会大会 第", "body": "2024年全国职工技能大赛"},
        )
        connection.commit()
    with engine.connect() as connection:
        match = text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q")
        if db_url.startswith("sqlite"):
            assert connection.scalar(match, {"q": "职工"}) == 0
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
    archive = Archive(db_url)
    assert archive.search("职工").total == 1
    assert archive.search("工会").total == 1
    assert archive.search("2024年").total == 1


def test_upgrade_of_a_used_archive_keeps_runs_and_what_refers_to_them(db_url: str) -> None:
    """Migrations that change crawl_runs must not re-create it: snapshots and failures refer to it
    (a batch copy failed with 'FOREIGN KEY constraint failed' on a crawled SQLite archive)."""
    engine = get_engine(db_url)
    with engine.begin() as connection:
        run = connection.execute(text("INSERT INTO crawl_runs (spider, started_at, status, stats) VALUES "
                                      "('people_acftu', '2024-05-10', 'finished', '{}') RETURNING id")).scalar_one()
        connection.execute(
            text("INSERT INTO failures (url, site, stage, reason, headers, created_at, crawl_run_id) VALUES "
                 "('http://x.example.com/1.html', 'people_acftu', 'fetch', 'HTTP 500', '{}', '2024-05-10', :run)"),
            {"run": run},
        )
    with engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0009")
        connection.commit()
    with engine.connect() as connection:
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT spider, redis_run FROM crawl_runs")).all() == [("people_acftu", None)]
        assert connection.execute(text("SELECT crawl_run_id FROM failures")).scalar_one() == run


def test_upgrade_to_0014_keeps_each_text_once_and_every_version_whole(db_url: str) -> None:
    """0014 compacts current versions (the article row holds their text) and indexes without
    storing the forms; an archive moved down to 0013 and up again reads the same."""
    add(db_url, make_article(1, title="工会新闻", authors=["张华"], body=["第一稿。"]))
    add(db_url, make_article(1, title="工会新闻", authors=["张华"], body=["第二稿。"]), make_article(2, title="职工"))
    archive = Archive(db_url)
    before = (list(archive.iter_export()), archive.versions(1), archive.get(2))
    current = text(
        "SELECT v.article_id, v.version FROM article_versions v JOIN articles a ON a.id = v.article_id"
        " AND a.version = v.version WHERE CAST(v.data AS TEXT) LIKE :url ORDER BY v.article_id"
    )
    whole = text(
        "SELECT article_id, version FROM article_versions WHERE CAST(data AS TEXT) LIKE :url"
        " ORDER BY article_id, version"
    )
    url = '%"url"%'
    engine = get_engine(db_url)
    with engine.connect() as connection:
        data = text("SELECT CAST(data AS TEXT) FROM article_versions WHERE article_id = 1 ORDER BY version")
        assert [row[0].count("第") for row in connection.execute(data)] == [1, 0]
        command.downgrade(alembic_config(connection), "0013")
        connection.commit()
        assert connection.execute(whole.bindparams(url=url)).all() == [(1, 1), (1, 2), (2, 1)]
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        assert connection.execute(whole.bindparams(url=url)).all() == [(1, 1)]
        assert connection.execute(current.bindparams(url=url)).all() == []
    assert (list(archive.iter_export()), archive.versions(1), archive.get(2)) == before
    assert [r["id"] for r in archive.search("第二稿").results] == [1]
    assert archive.search("第一稿").total == 0
    assert archive.check().ok


def _fts_columns(connection: Any) -> list[str]:
    return [row[1] for row in connection.execute(text("PRAGMA table_info(articles_fts)"))]


def test_0017_puts_the_paragraphs_first_and_keeps_every_entry(tmp_path: Path) -> None:
    """SQLite's index is made again in the new column order: the same articles found, in the same
    order, with the title still weighted (a word in a title ranks first), an article missing from
    the index still missing (check reports it), and the way back gives the old order."""
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    add(db_url, make_article(1, title="劳动模范", body=["职工技能大赛在京举行。"]))
    add(db_url, make_article(2, title="工会", body=["表彰劳动模范和职工技能大赛的获奖者。"]))
    add(db_url, make_article(3, title="其他", body=["没有这个词。"]))
    archive = Archive(db_url)
    engine = get_engine(db_url)
    with engine.begin() as connection:
        assert _fts_columns(connection) == ["search_text", "search_title", "search_meta"]
        connection.execute(text("DELETE FROM articles_fts WHERE rowid = 3"))
    with engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0016")
        connection.commit()
        assert _fts_columns(connection) == ["search_title", "search_text", "search_meta"]
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        assert _fts_columns(connection) == ["search_text", "search_title", "search_meta"]
        assert connection.execute(text("SELECT id FROM articles_fts_docsize ORDER BY id")).scalars().all() == [1, 2]
    assert [r["id"] for r in archive.search("劳动模范").results] == [1, 2]
    assert [r["id"] for r in archive.search("职工技能大赛").results] == [1, 2]
    assert [r["id"] for r in archive.search("劳动模范", site="example").results] == [1, 2]
    assert archive.search("劳动模范", site="other").total == 0
    report = archive.check()
    assert [(p.what, p.ids) for p in report.problems] == [("articles not in the search index", [3])]


def test_0018_orders_the_postgresql_site_and_source_indexes_as_the_date_walk(empty_pg: str) -> None:
    definitions = text(
        "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN"
        " ('ix_article_search_site', 'ix_article_search_source') ORDER BY indexname"
    )
    engine = get_engine(empty_pg)
    with engine.connect() as connection:
        assert [d.split(" USING btree ")[1] for _, d in connection.execute(definitions)] == [
            "(site_id, published_utc DESC NULLS LAST, id DESC)",
            "(source_key, published_utc DESC NULLS LAST, id DESC)",
        ]
        command.downgrade(alembic_config(connection), "0017")
        connection.commit()
        assert [d.split(" USING btree ")[1] for _, d in connection.execute(definitions)] == [
            "(site_id, published_utc)",
            "(source_key, published_utc)",
        ]
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
