"""`GenericSiteSpider` (`generic`): crawl any one site from a URL, for `union-archive crawl-site`.

It stays on the start URL's host, follows every same-host link up to a depth and a page budget,
and treats a page as an article when it looks like one (`article_signals`): a date or a long id
in the URL path, a headline with a dateline or byline near it, and enough paragraph text. Articles
go through the site registry (`core.sites.extract`: a known site's parser, else the generic
extractor) and the same pipelines as the named spiders; the archive site name is the host, for
the articles and the failures (a link no URL can be made of, a page cut short, undecodable or
unparseable, a fetch that failed) of the run alike.

    scrapy crawl generic -a url=https://example.org/news/ -a max_pages=50 -a depth=3 -a since=2024-01-01
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Self
from urllib.parse import urldefrag, urlsplit

import scrapy
from lxml import etree
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from core.decode import decode_html
from core.sites import common, generic
from core.sites.portal import Portal
from scraper.items import ArticleItem, PageFailure, PageRecord, page_item
from scraper.spiders.base import PortalSpider
from scraper.spiders.outcomes import data_loss, page_links

# URL paths that carry a date or a long numeric id: /2023/1226/, /c/2023-12-26/, t20231226_1.html, post_123.html
ARTICLE_URL = (
    r"(?:/|_|\bt)(?:19|20)\d{2}[-/_]?(?:0[1-9]|1[0-2])(?:[-/_]?[0-3]\d)?(?:/|_|\d)"
    r"|(?:content|post|detail|article|news|j)_\d{3,}\.s?html?$"
    r"|/\d{3,}\.s?html?$"
)
LIST_URL = r"(?:/|/index(?:_\d+)?\.s?html?|/list[^/]*\.s?html?|[?&]page=\d+)$"
NOT_PAGES = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|pdf|docx?|xlsx?|pptx?|zip|rar|7z|mp3|mp4|avi|flv|apk|exe)$", re.I
)
MIN_STORY_CHARS = 20
"""Paragraph text an article needs when its URL has an article shape; five times that without one."""


@dataclass(frozen=True, slots=True)
class Signals:
    """What makes a page look like an article."""

    url_shape: bool
    list_url: bool
    headline: bool
    dateline: bool
    byline: bool
    story_chars: int

    @property
    def is_article(self) -> bool:
        if not (self.headline and self.dateline):
            return False
        if self.url_shape:
            return self.story_chars >= MIN_STORY_CHARS
        return self.byline and not self.list_url and self.story_chars >= 5 * MIN_STORY_CHARS


def article_signals(url: str, root: etree._Element) -> Signals:
    """Classify a page (pure): URL shape, a headline with a dateline/byline near it, paragraph text."""
    path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
    headline = common.first(root, ("//h1", "//meta[@name='ArticleTitle']"))
    head_text = ""
    if headline is not None:
        near = headline.xpath("following::*[position() <= 12]") if headline.tag == "h1" else []
        head_text = " ".join(common.text_of(n) for n in near)[:600]
    if not head_text:
        head_text = common.collapse(" ".join(root.xpath("//meta[@name='PubDate']/@content")))
    story = 0
    for node in root.xpath("//p"):
        text = common.text_of(node)
        linked = sum(len(common.text_of(a)) for a in node.xpath(".//a"))
        if len(text) >= 15 and linked < len(text) / 2:
            story += len(text)
    return Signals(
        url_shape=bool(re.search(ARTICLE_URL, path)),
        list_url=bool(re.search(LIST_URL, path)),
        headline=headline is not None and bool(common.text_of(headline) or headline.get("content")),
        dateline=common.parse_date(head_text) is not None,
        byline=common.has_credit_label(head_text),
        story_chars=story,
    )


def same_site(host: str, other: str) -> bool:
    """The start host, with or without `www.`."""
    return host.removeprefix("www.") == other.removeprefix("www.")


class GenericSiteSpider(PortalSpider):
    name = "generic"
    portal = Portal(
        name="generic",
        title="any site: union-archive crawl-site URL",
        hosts=(),
        parser=generic,
        start_urls=("(the URL given to crawl-site, -a url=...)",),
        article_url=ARTICLE_URL,
        list_url=LIST_URL,
        politeness=None,
        notes="pages are recognised as articles by URL shape, headline + dateline/byline and text density",
        enabled=False,
    )

    def __init__(
        self, *args: Any, url: str | None = None, max_pages: int | str | None = None,
        depth: int | str | None = None, since: str | None = None, **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if not url or urlsplit(url).scheme not in ("http", "https"):
            raise ValueError("the generic spider needs -a url=http(s)://... (the site to crawl)")
        self.start_url = url
        self.host = common.host_of(url)
        self.allowed_domains = [self.host.removeprefix("www.")]
        self.page_budget = int(max_pages) if max_pages not in (None, "") else None
        self.depth_limit = int(depth) if depth not in (None, "") else None
        self.since = date.fromisoformat(since) if since else None
        self._scheduled: set[str] = set()

    @property
    def site_name(self) -> str:
        return self.host

    async def start(self) -> AsyncIterator[Any]:
        if self.settings.getbool("ARCHIVE_STORE_ENABLED"):  # a dry run reads no archive
            self.frontier = self._load_frontier()  # the failures already recorded (robots.txt blocks)
        request = self._request(self.start_url, 0)
        if request is not None:
            yield request

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """As for any spider; a start URL that brought no page is the run's failure (`crawl-site`
        exits non-zero with this reason: the `archive/start_url_failure` stat)."""
        for item in super().on_error(failure):
            if isinstance(item, PageFailure) and item.url == self.start_url and self.crawler.stats:
                self.crawler.stats.set_value("archive/start_url_failure", item.reason)
            yield item

    def _request(self, url: str, depth: int) -> scrapy.Request | None:
        """A request for a page, unless it is over the depth or page budget or already asked for."""
        if url in self._scheduled:
            return None
        if self.depth_limit is not None and depth > self.depth_limit:
            return None
        if self.page_budget is not None and len(self._scheduled) >= self.page_budget:
            return None
        self._scheduled.add(url)
        return scrapy.Request(url, callback=self.parse_page, errback=self.on_error, cb_kwargs={"depth": depth})

    def parse_page(self, response: Response, depth: int) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        page = PageRecord.from_response(response)
        incomplete = data_loss(response)
        if incomplete:
            yield PageFailure(response.url, self.host, "fetch", incomplete, page)
            return
        stage = "decode"
        try:
            decoded = decode_html(response.body, page.headers.get("Content-Type"))
            stage = "parse"
            root = common.load_html(decoded.text)
        except Exception as exc:  # noqa: BLE001 - an unreadable page becomes a failure at the stage it broke in
            yield PageFailure(response.url, self.host, stage, f"{type(exc).__name__}: {exc}", page)
            return
        is_article = article_signals(response.url, root).is_article
        urls, invalid = page_links(response.url, root.xpath("//a/@href"))
        del root, decoded  # a large page's tree is not kept while page_to_article builds its own
        if is_article:
            yield from self._article(page)
        yield from self.invalid_links(invalid)
        for link in urls:
            url = urldefrag(link)[0]
            if not url.startswith(("http://", "https://")) or NOT_PAGES.search(urlsplit(url).path):
                continue
            if same_site(self.host, common.host_of(url)):
                request = self._request(url, depth + 1)
                if request is not None:
                    yield request

    def _article(self, page: PageRecord) -> Iterator[Any]:
        item = page_item(page, self.host)
        published = item.article.published_at if isinstance(item, ArticleItem) else None
        if self.since and published and published.at.date() < self.since:
            if self.crawler.stats:
                self.crawler.stats.inc_value("generic/older_than_since")
            return
        yield item


class DryRunPrinter:
    """Item pipeline for `crawl-site --dry-run`: print what would be stored as JSON lines on stdout."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem):
            line = item.article.to_dict()
        elif isinstance(item, PageFailure):
            line = {"failure": item.stage, "url": item.url, "site": item.site, "reason": item.reason}
        else:
            return item
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return item
