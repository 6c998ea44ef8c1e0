"""`PortalSpider`: one spider for every portal, configured by its declaration (`core.sites.portal.Portal`).

`scraper.spiders.loader` makes one subclass per declared portal (built-in or from a site file).

Spiders only discover and fetch: list pages yield article requests and the next list pages;
article pages are decoded once and handed to the pure site parser. Any failure becomes a
`PageFailure` item with its reason, so one bad page never ends a crawl.

Incremental runs (`ARCHIVE_INCREMENTAL_ENABLED`, on by default) read the archive once at start
(`archive.frontier`): list pages are walked newest first and paging stops after
`ARCHIVE_STOP_AFTER_KNOWN` archived articles in a row; known articles are not fetched again,
except those published in the last `ARCHIVE_RECHECK_DAYS`, which are re-requested with
If-None-Match / If-Modified-Since (a 304 becomes a `NotModified` item). `since` (spider
argument, `YYYY-MM-DD`) bounds a backfill instead: every list page is walked until the article
dates in URLs fall before it. When the site's previous run did not finish, every list page is
walked again and only what is missing is fetched (the archive is the resume frontier).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any, ClassVar

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from core.sites import BUILTIN, Registry
from core.sites.portal import Portal
from scraper.items import NotModified, PageFailure, PageRecord, page_item
from scraper.spiders.outcomes import ROBOTS_BLOCK, data_loss, fetch_reason, page_links

_URL_DATES = (
    re.compile(r"/(20\d\d|19\d\d)/(\d\d)(\d\d)/"),
    re.compile(r"/(20\d\d|19\d\d)-(\d\d)-(\d\d)/"),
    re.compile(r"/(20\d\d|19\d\d)/(\d\d)/(\d\d)/"),
    re.compile(r"/(20\d\d|19\d\d)(\d\d)/(\d\d)/"),
    re.compile(r"[/_t](20\d\d)(\d\d)(\d\d)[_/.]"),
)


def url_date(url: str) -> date | None:
    """The publication date most portals put in article URLs (`/2023/1225/`, `/2023-12-25/`, ...)."""
    for pattern in _URL_DATES:
        match = pattern.search(url)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


class PortalSpider(scrapy.Spider):
    portal: ClassVar[Portal]
    registry: ClassVar[Registry] = BUILTIN
    """The declared portals the spider's pages are parsed with (the users' site files included)."""

    def __init__(
        self, *args: Any, max_pages: int | str | None = None, since: str | date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.allowed_domains = list(self.portal.spider_domains())
        self._article_re = re.compile(self.portal.article_url)
        self._list_re = re.compile(self.portal.list_url)
        self.max_pages = int(max_pages) if max_pages else None
        self.since = date.fromisoformat(since) if isinstance(since, str) and since else since or None
        self._article_requests = 0
        self.frontier: Any = None
        self._invalid_links: set[str] = set()

    @property
    def site_name(self) -> str:
        """The archive site every article and failure of this spider is filed under."""
        return self.portal.name

    # -- start: list heads, then the articles due for a check -------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self.frontier = self._load_frontier()
        if self.frontier is not None and self.frontier.resume:
            self.logger.warning(
                "previous run of %s ended %r: walking every list page to complete it",
                self.portal.name, self.frontier.previous_status,
            )
            self._inherit_since(self.frontier.resume_since)
        for url in self.portal.start_urls:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error, meta={"known_run": 0})
        for request in self._recheck_requests():
            yield request

    def _load_frontier(self) -> Any:
        if not self.settings.getbool("ARCHIVE_INCREMENTAL_ENABLED"):
            return None
        from archive.frontier import load_frontier

        return load_frontier(self._db_url(), self.site_name, self._run_id())

    def _db_url(self) -> str:
        from archive.db import resolve_url

        return resolve_url(self.settings.get("ARCHIVE_DB") or None)

    def _run_id(self) -> int | None:
        return self.crawler.stats.get_value("archive/run_id") if self.crawler.stats else None

    def _inherit_since(self, bound: date | None) -> None:
        """Completing a killed backfill: walk back to its bound (or to this run's, if earlier)."""
        if bound is None or (self.since is not None and self.since <= bound):
            return
        self.since = bound
        self.logger.warning("walking back to %s, where the unfinished run of %s was bound", bound, self.portal.name)
        run_id = self._run_id()
        if run_id is not None:
            from archive.frontier import record_since

            record_since(self._db_url(), int(run_id), bound)

    def _recheck_requests(self) -> Iterator[scrapy.Request]:
        if self.frontier is None:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        due = self.frontier.due_for_recheck(
            now,
            self.settings.getfloat("ARCHIVE_RECHECK_DAYS"),
            self.settings.getfloat("ARCHIVE_RECHECK_INTERVAL_HOURS"),
        )
        for known in due:
            headers = {}
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
            self._stat("archive/rechecks")
            yield scrapy.Request(
                known.url, callback=self.parse_article, errback=self.on_error, headers=headers,
                meta={"handle_httpstatus_list": [304], "archive_recheck": True},
            )

    # -- list pages ------------------------------------------------------------------------------

    def _wanted(self, url: str) -> bool:
        """Whether an article link found on a list page must be fetched."""
        frontier = self.frontier
        if frontier is None or not frontier.known(url):
            return True
        retries = self.settings.getint("ARCHIVE_FETCH_FAILURE_RETRIES")
        return url not in frontier.articles and 0 < frontier.fetch_failures.get(url, 0) <= retries

    def parse_list(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield self._failure(response.url, "list", "not a text response", response)
            return
        incomplete = data_loss(response)
        if incomplete:
            yield self._failure(response.url, "fetch", incomplete, response)  # its links are still followed
        self._stat("archive/list_pages_ok")
        known_run = int(response.meta.get("known_run", 0))
        dated = older = 0
        seen: set[str] = set()
        list_urls: list[str] = []
        urls, invalid = page_links(response.url, response.css("a::attr(href)").getall())
        yield from self.invalid_links(invalid)
        for url in urls:
            if url in seen:
                continue
            seen.add(url)
            if self._article_re.search(url):
                self._stat("archive/article_links")
                day = url_date(url)
                if day is not None:
                    dated += 1
                    if self.since is not None and day < self.since:
                        older += 1
                        continue
                known = self.frontier is not None and self.frontier.known(url)
                known_run = known_run + 1 if known else 0
                if not self._wanted(url):
                    continue
                if self.max_pages is not None and self._article_requests >= self.max_pages:
                    continue
                self._article_requests += 1
                yield scrapy.Request(url, callback=self.parse_article, errback=self.on_error)
            elif self._list_re.search(url):
                list_urls.append(url)
        list_urls += [url for url in self.extra_list_urls(response) if url not in seen]
        if not self.follow_lists(known_run, dated, older):
            self._stat("archive/list_paging_stopped")
            return
        for url in list_urls:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error, meta={"known_run": known_run})

    def extra_list_urls(self, response: TextResponse) -> list[str]:
        """List pages the portal's pager writes other than as links (e.g. a TRS `createPageHTML` script)."""
        urls = (response.urljoin(page) for page in self.portal.script_pages(response.text))
        return [url for url in urls if self._list_re.search(url)]

    def follow_lists(self, known_run: int, dated: int, older: int) -> bool:
        """Whether to follow the pagination links of a list page (see the module docstring)."""
        if self.since is not None:
            return not (dated and older == dated)
        if self.frontier is None or self.frontier.resume:
            return True
        return known_run < self.settings.getint("ARCHIVE_STOP_AFTER_KNOWN")

    # -- article pages ---------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            yield NotModified(response.url, self.site_name)
            return
        incomplete = data_loss(response)
        if incomplete:
            yield self._failure(response.url, "fetch", incomplete, response)
            return
        yield page_item(PageRecord.from_response(response), self.site_name, self.registry)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """A request that brought no page: a failure row for the URL asked for (the first of a
        redirect chain) with the reason; a robots.txt block only when it is news, not while it is
        the URL's last recorded failure already."""
        response = getattr(failure.value, "response", None)
        request = failure.request  # type: ignore[attr-defined]
        url = (request.meta.get("redirect_urls") or [request.url])[0]
        reason = fetch_reason(failure, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if reason == ROBOTS_BLOCK and self.frontier is not None and self.frontier.last_failure.get(url) == reason:
            self._stat("archive/robots_blocked_again")
            return
        yield self._failure(url, "fetch", reason, response)

    def invalid_links(self, invalid: list[tuple[str, str]]) -> Iterator[PageFailure]:
        """A failure for each link no URL can be made of, once per crawl."""
        for link, reason in invalid:
            if link not in self._invalid_links:
                self._invalid_links.add(link)
                yield PageFailure(link, self.site_name, "fetch", reason)

    def _failure(self, url: str, stage: str, reason: str, response: Response | None) -> PageFailure:
        page = PageRecord.from_response(response) if response is not None else None
        return PageFailure(url, self.site_name, stage, reason, page)

    def _stat(self, key: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key)
