"""DedupePipeline, built by Scrapy from the project settings: true duplicates within a run are dropped."""

from __future__ import annotations

import pytest
from pipeline_samples import article_item
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.misc import build_from_crawler

from pipelines.dedupe import DedupePipeline
from scraper.items import NotModified, PageFailure
from tests.support import project_crawler


def test_the_same_article_twice_in_a_run_is_dropped() -> None:
    pipeline = build_from_crawler(DedupePipeline, project_crawler())
    first = article_item(1)
    assert pipeline.process_item(first) is first
    with pytest.raises(
        DropItem, match=r"^duplicate of an article already stored in this run: http://www\.example\.com/gzdt/1\.html$"
    ):
        pipeline.process_item(article_item(1))


def test_changed_content_and_other_articles_pass() -> None:
    pipeline = build_from_crawler(DedupePipeline, project_crawler())
    items = [article_item(1), article_item(1, body=["第1段，更正。"]), article_item(2)]
    assert [pipeline.process_item(item) for item in items] == items


def test_the_canonical_url_is_the_key() -> None:
    pipeline = build_from_crawler(DedupePipeline, project_crawler())
    pipeline.process_item(article_item(1, canonical_url="http://www.example.com/gzdt/a.html"))
    mirrored = article_item(1, canonical_url="http://www.example.com/gzdt/a.html", url="http://big5.example.com/1.html")
    with pytest.raises(DropItem, match=r"http://www\.example\.com/gzdt/a\.html$"):
        pipeline.process_item(mirrored)


def test_failures_and_checks_pass_untouched() -> None:
    pipeline = build_from_crawler(DedupePipeline, project_crawler())
    failure = PageFailure("http://www.example.com/gzdt/1.html", "example", "parse", "no title")
    check = NotModified("http://www.example.com/gzdt/1.html", "example")
    assert [pipeline.process_item(item) for item in (failure, failure, check, check)] == [failure, failure, check, check]


def test_switched_off() -> None:
    with pytest.raises(NotConfigured, match=r"^ARCHIVE_DEDUPE_ENABLED is off$"):
        build_from_crawler(DedupePipeline, project_crawler(ARCHIVE_DEDUPE_ENABLED=False))
