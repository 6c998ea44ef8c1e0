"""Downloader middlewares: `WarcCaptureMiddleware` writes every exchange to a WARC file as received;
`RecordedRedirectMiddleware` makes every redirect that is not followed end in the request's errback.

It sits closer to the downloader than HttpCompressionMiddleware (590): it sees the request as
sent (after the user agent, default headers and conditional headers are set) and the response
before any decompression or redirect handling, so status line, headers and body are as they
came off the wire. With a mirror the URLs are the portal's (the download handler restores them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from w3lib.url import safe_url_string

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


REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RecordedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's RedirectMiddleware (in its place, 600), except that a redirect it would drop
    without a word raises `IgnoreRequest` with what happened, so the request's errback records
    it: a target that is not http(s) (`file:`, `ftp:`; Scrapy passes the 3xx on), a target off
    the spider's `allowed_domains` (the OffsiteMiddleware would drop it when scheduled) and a
    loop back to a URL of the same chain (the duplicate filter would drop it). Scrapy's own
    "max redirections reached" reaches the errback already."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            self._check_target(request, result.url)
        elif response.status in REDIRECTS and "Location" in response.headers and not request.meta.get("dont_redirect"):
            target = urljoin(request.url, safe_url_string(response.headers["Location"]))
            if urlsplit(target).scheme not in ("http", "https"):
                raise IgnoreRequest(f"redirect to {target} not followed: only http(s) pages are fetched")
        return result

    def _check_target(self, request: Request, target: str) -> None:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise IgnoreRequest(f"redirect loop: {' -> '.join([*chain, target])}")
        domains = [d.lower() for d in getattr(self.crawler.spider, "allowed_domains", None) or []]
        host = (urlsplit(target).hostname or "").lower()
        allowed = request.dont_filter or request.meta.get("allow_offsite")
        if domains and not allowed and not any(host == d or host.endswith(f".{d}") for d in domains):
            raise IgnoreRequest(f"redirect off the site, to {target} (not followed)")
