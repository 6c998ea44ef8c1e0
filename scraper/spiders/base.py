"""`PortalSpider`: one spider for every portal, configured by a `SiteSpec` (data, not code).

Spiders only discover and fetch: list pages yield article requests and the next list pages;
article pages are decoded once and handed to the pure site parser. Any failure becomes a
`PageFailure` item with its reason, so one bad page never ends a crawl.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from scraper.decode import decode_html
from scraper.items import ArticleItem, PageFailure, PageRecord
from scraper.sites import extract


@dataclass(frozen=True, slots=True)
class SiteSpec:
    name: str
    """Spider name and archive site name."""
    title: str
    start_urls: tuple[str, ...]
    article_url: str
    """Regex an article URL matches (searched in the absolute URL)."""
    list_url: str
    """Regex a list or pagination page URL matches."""
    allowed_domains: tuple[str, ...] = ()
    verified: bool = False
    """True when the profile was checked against recorded pages of the real site."""
    notes: str = ""
    settings: dict[str, Any] = field(default_factory=dict)


class PortalSpider(scrapy.Spider):
    spec: ClassVar[SiteSpec]

    def __init__(self, *args: Any, max_pages: int | str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.spec.allowed_domains)
        self._article_re = re.compile(self.spec.article_url)
        self._list_re = re.compile(self.spec.list_url)
        self.max_pages = int(max_pages) if max_pages else None
        self._article_requests = 0

    async def start(self) -> AsyncIterator[Any]:
        for url in self.spec.start_urls:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error)

    def parse_list(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield self._failure(response.url, "list", "not a text response", response)
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip())
            if self._article_re.search(url):
                if self.max_pages is not None and self._article_requests >= self.max_pages:
                    continue
                self._article_requests += 1
                yield scrapy.Request(url, callback=self.parse_article, errback=self.on_error)
            elif self._list_re.search(url):
                yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error)

    def parse_article(self, response: Response) -> Iterator[Any]:
        page = PageRecord.from_response(response)
        try:
            decoded = decode_html(response.body, page.headers.get("Content-Type"))
            page.encoding, page.encoding_reason = decoded.encoding, decoded.reason
            article = extract(response.url, decoded.text, decoded.encoding)
        except Exception as exc:  # noqa: BLE001 - any parser error becomes a stored failure
            yield PageFailure(response.url, self.spec.name, "parse", f"{type(exc).__name__}: {exc}", page)
            return
        article.site = self.spec.name
        yield ArticleItem(page, article)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        response = getattr(failure.value, "response", None)
        request = failure.request  # type: ignore[attr-defined]
        if response is not None:
            reason = f"HTTP {response.status} from server"
        else:
            reason = f"{failure.type.__name__}: {failure.getErrorMessage()}"
        yield self._failure(request.url, "fetch", reason, response)

    def _failure(self, url: str, stage: str, reason: str, response: Response | None) -> PageFailure:
        page = PageRecord.from_response(response) if response is not None else None
        return PageFailure(url, self.spec.name, stage, reason, page)
