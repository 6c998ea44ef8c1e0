"""Downloader middlewares: `WarcCaptureMiddleware` writes every exchange to a WARC file as received.

It sits closer to the downloader than HttpCompressionMiddleware (590): it sees the request as
sent (after the user agent, default headers and conditional headers are set) and the response
before any decompression or redirect handling, so status line, headers and body are as they
came off the wire. With a mirror the URLs are the portal's (the download handler restores them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archive.paths import data_dir, warc_dir
from archive.warc import WarcSink


def _header_pairs(headers: object) -> list[tuple[str, str]]:
    # Scrapy's `Headers` is a dict of normalized names to lists of values: reading it as a dict
    # gives what its `items()` gives without normalizing every name again.
    entries = dict.items(headers) if isinstance(headers, dict) else headers.items()  # type: ignore[attr-defined]
    pairs = []
    for name, values in entries:
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for value in values:
            pairs.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs


class WarcCaptureMiddleware:
    """`ARCHIVE_WARC_ENABLED`; files go to `<ARCHIVE_DATA_DIR>/warc/`."""

    def __init__(self, crawler: Crawler, directory: Path) -> None:
        self.crawler = crawler
        self.directory = directory
        self.sink: WarcSink | None = None
        self._locations: dict[str, tuple[str, int]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("ARCHIVE_WARC_ENABLED"):
            raise NotConfigured("ARCHIVE_WARC_ENABLED is off")
        directory = warc_dir(data_dir(crawler.settings.get("ARCHIVE_DATA_DIR") or None))
        middleware = cls(crawler, directory)
        crawler.signals.connect(middleware.opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.closed, signal=signals.spider_closed)
        return middleware

    @classmethod
    def of(cls, crawler: Crawler) -> WarcCaptureMiddleware | None:
        """The crawler's capture middleware, if it runs (the store pipeline asks it for locations)."""
        try:
            engine = crawler.engine
        except RuntimeError:  # Scrapy sets the engine when the crawl starts
            return None
        for middleware in engine.downloader.middleware.middlewares:
            if isinstance(middleware, cls):
                return middleware
        return None

    def opened(self) -> None:
        name = self.crawler.spider.name if self.crawler.spider else "crawl"
        self.sink = WarcSink(self.directory, name)

    def closed(self) -> None:
        if self.sink is not None:
            self.sink.close()

    def location(self, url: str) -> tuple[str, int] | None:
        """Where the latest response for `url` was captured: (file name, offset); forgotten once asked."""
        return self._locations.pop(url, None)

    def process_response(self, request: Request, response: Response) -> Response:
        if self.sink is None:
            return response
        request_headers = _header_pairs(request.headers)
        if not any(name.lower() == "host" for name, _ in request_headers):
            request_headers.insert(0, ("Host", urlsplit(request.url).netloc))
        offset = self.sink.write_exchange(
            url=request.url,
            method=request.method,
            request_headers=request_headers,
            request_body=request.body,
            protocol=response.protocol or "HTTP/1.1",
            status=response.status,
            response_headers=_header_pairs(response.headers),
            body=response.body,
        )
        self._locations[response.url] = (self.sink.name, offset)
        if self.crawler.stats:
            self.crawler.stats.inc_value("archive/warc_records", 2)
        return response
