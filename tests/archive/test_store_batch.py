"""The store pipeline's batches: one transaction per batch, a savepoint per item.

An item that fails mid-batch rolls back alone (with the rows it had written and the ids it had
met); the other items of the batch are stored. Batches commit every N items and at spider close.
"""

from __future__ import annotations

from typing import Any

import pytest
from archive_samples import make_article
from sqlalchemy import func, select

from archive import models
from archive.db import transaction
from archive.store import decompress
from pipelines.store import StorePipeline
from scraper.items import ArticleItem, PageFailure, PageRecord
from tests.support import project_crawler


def _pipeline(db_url: str, **settings: Any) -> StorePipeline:
    crawler = project_crawler(ARCHIVE_DB=db_url, ARCHIVE_STORE_BATCH_SECONDS=3600, **settings)
    pipeline = StorePipeline(crawler)
    pipeline._warc_location = lambda url: None  # type: ignore[method-assign]  # no crawl: no WARC capture
    pipeline.open_spider()
    return pipeline


def _item(n: int, **fields: Any) -> ArticleItem:
    article = make_article(n, authors=["张华", f"作者{n}"], editors=["刘琼"], **fields)
    page = PageRecord(article.url, 200, {"Content-Type": "text/html"}, f"<html>{n}</html>".encode())
    return ArticleItem(page, article)


def _counts(db_url: str) -> dict[str, int]:
    with transaction(db_url) as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (models.Article, models.ArticleVersion, models.Snapshot, models.Site, models.Person)
        }


def test_a_failing_article_rolls_back_alone(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    pipeline = _pipeline(db_url)
    pipeline.process_item(_item(1))
    # NOT NULL title: fails after its snapshot, its site and its author are written.
    pipeline.process_item(_item(2, title=None, site="failing"))
    pipeline.process_item(_item(3, site="failing"))
    pipeline.close_spider()
    assert "could not store http://example.com/a/2.html" in caplog.text
    with transaction(db_url) as session:
        urls = set(session.scalars(select(models.Article.url)))
        snapshots = set(session.scalars(select(models.Snapshot.url)))
        people = set(session.scalars(select(models.Person.name)))
        sites = set(session.scalars(select(models.Site.name)))
        roles = session.scalar(select(func.count()).select_from(models.ArticleRole))
    assert urls == snapshots == {"http://example.com/a/1.html", "http://example.com/a/3.html"}
    assert people == {"张华", "刘琼", "作者1", "作者3"}
    assert sites == {"example", "failing"}
    assert roles == 6
    stats = pipeline.crawler.stats.get_stats() if pipeline.crawler.stats else {}
    assert stats["archive/articles_new"] == 2
    assert stats["archive/failures_store"] == 1
    with transaction(db_url) as session:
        failure = session.scalars(select(models.Failure)).one()
    assert (failure.url, failure.stage, failure.site) == ("http://example.com/a/2.html", "store", "failing")
    assert failure.reason.startswith("IntegrityError: ")
    assert decompress(failure.body_zlib) == b"<html>2</html>"


def test_a_failure_record_that_fails_rolls_back_alone(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    pipeline = _pipeline(db_url)
    pipeline.process_item(_item(1))
    pipeline.process_item(PageFailure("http://example.com/a/9.html", "example", "parse", "no title"))
    pipeline.process_item(PageFailure("http://example.com/a/10.html", "example", "parse", None))  # type: ignore[arg-type]
    pipeline.process_item(_item(2))
    pipeline.close_spider()
    with transaction(db_url) as session:
        urls = set(session.scalars(select(models.Article.url)))
        failures = {tuple(row) for row in session.execute(select(models.Failure.url, models.Failure.stage))}
    assert urls == {"http://example.com/a/1.html", "http://example.com/a/2.html"}
    # The one without a reason (NOT NULL) rolled back, and is kept as a failure to store instead.
    assert failures == {("http://example.com/a/9.html", "parse"), ("http://example.com/a/10.html", "store")}
    assert "could not store http://example.com/a/10.html" in caplog.text


def test_nothing_is_written_before_the_batch_is_due(db_url: str) -> None:
    pipeline = _pipeline(db_url, ARCHIVE_STORE_BATCH_ITEMS=2)
    pipeline.process_item(_item(1))
    assert _counts(db_url)["snapshots"] == 0  # and no transaction is open meanwhile
    with transaction(db_url) as session:
        session.add(models.Site(name="written meanwhile"))
    pipeline.process_item(_item(2))
    assert _counts(db_url)["articles"] == 2
    pipeline.close_spider()


def test_batches_commit_every_n_items_and_at_close(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    pipeline = _pipeline(db_url, ARCHIVE_STORE_BATCH_ITEMS=3)
    for n in range(4):
        pipeline.process_item(_item(n))
    assert _counts(db_url)["articles"] == 3  # the fourth waits for the next batch
    pipeline.close_spider()
    assert _counts(db_url) == {"articles": 4, "article_versions": 4, "snapshots": 4, "sites": 1, "people": 6}
    assert "together failed" not in caplog.text  # written with the bulk statements
    with transaction(db_url) as session:
        versions = session.execute(
            select(models.Article.url, models.Snapshot.url, models.ArticleVersion.version)
            .join(models.ArticleVersion, models.ArticleVersion.article_id == models.Article.id)
            .join(models.Snapshot, models.Snapshot.id == models.ArticleVersion.snapshot_id)
        ).all()
        roles = session.execute(
            select(models.Article.url, models.ArticleRole.role, models.ArticleRole.position, models.Person.name)
            .join(models.ArticleRole, models.ArticleRole.article_id == models.Article.id)
            .join(models.Person, models.Person.id == models.ArticleRole.person_id)
        ).all()
    assert sorted(versions) == [(f"http://example.com/a/{n}.html",) * 2 + (1,) for n in range(4)]
    assert sorted(roles) == sorted(
        (f"http://example.com/a/{n}.html", role, position, name)
        for n in range(4)
        for role, position, name in (("author", 0, "张华"), ("author", 1, f"作者{n}"), ("editor", 0, "刘琼"))
    )


def test_a_recrawl_adds_nothing_and_an_edit_adds_a_version(db_url: str) -> None:
    pipeline = _pipeline(db_url)
    pipeline.process_item(_item(1))
    pipeline.process_item(_item(1))
    pipeline.process_item(_item(1, body=["改过的段落。"]))
    pipeline.close_spider()
    stats = pipeline.crawler.stats.get_stats() if pipeline.crawler.stats else {}
    assert (stats["archive/articles_new"], stats["archive/articles_unchanged"], stats["archive/articles_updated"]) == (
        1, 1, 1,
    )
    assert _counts(db_url)["article_versions"] == 2
    assert _counts(db_url)["snapshots"] == 1  # the same bytes each time
