"""Run spiders in this process with the project settings (what `union-archive crawl` does)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from scraper.spiders.base import PortalSpider


def project_settings(overrides: dict[str, Any] | None = None) -> Any:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    settings = get_project_settings()
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def spider_classes() -> dict[str, type[PortalSpider]]:
    loader = SpiderLoader.from_settings(project_settings())
    return {name: loader.load(name) for name in sorted(loader.list())}


@dataclass(slots=True)
class CrawlSummary:
    spider: str
    pages: int
    articles_new: int
    articles_updated: int
    articles_unchanged: int
    failures: int
    finish_reason: str


def run_crawls(
    names: list[str], overrides: dict[str, Any] | None = None, spider_args: dict[str, Any] | None = None
) -> list[CrawlSummary]:
    """Crawl the named spiders one after another in one reactor; return a summary of each."""
    process = CrawlerProcess(project_settings(overrides), install_root_handler=True)
    crawlers = []
    for name in names:
        crawler = process.create_crawler(name)
        crawlers.append(crawler)
        process.crawl(crawler, **(spider_args or {}))
    process.start()
    summaries = []
    for name, crawler in zip(names, crawlers, strict=True):
        stats = crawler.stats.get_stats() if crawler.stats else {}
        summaries.append(
            CrawlSummary(
                spider=name,
                pages=int(stats.get("downloader/response_count", 0)),
                articles_new=int(stats.get("archive/articles_new", 0)),
                articles_updated=int(stats.get("archive/articles_updated", 0)),
                articles_unchanged=int(stats.get("archive/articles_unchanged", 0)),
                failures=sum(int(v) for k, v in stats.items() if k.startswith("archive/failures_")),
                finish_reason=str(stats.get("finish_reason", "?")),
            )
        )
    return summaries
