"""RecordedRedirectMiddleware (in place of Scrapy's RedirectMiddleware, from the project settings):
redirects are followed as Scrapy follows them, and one that is not followed raises IgnoreRequest
with what happened, so the request's errback records it."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.misc import build_from_crawler

from scraper.middlewares import RecordedRedirectMiddleware
from tests.support import NO_ENGINE, project_crawler

START = "http://127.0.0.1:8080/news/a.html"


@pytest.fixture
def middleware() -> RecordedRedirectMiddleware:
    crawler = project_crawler(**NO_ENGINE)
    crawler.spider = Spider.from_crawler(crawler, name="generic")
    crawler.spider.allowed_domains = ["127.0.0.1"]
    assert "scraper.middlewares.RecordedRedirectMiddleware" in crawler.settings.getdict("DOWNLOADER_MIDDLEWARES")
    return build_from_crawler(RecordedRedirectMiddleware, crawler)


def redirect(request: Request, location: str, status: int = 302) -> Response:
    return Response(request.url, status=status, headers={"Location": location}, request=request)


def test_a_redirect_on_the_site_is_followed(middleware: RecordedRedirectMiddleware) -> None:
    request = Request(START)
    followed = middleware.process_response(request, redirect(request, "/news/b.html", 301))
    assert isinstance(followed, Request)
    assert followed.url == "http://127.0.0.1:8080/news/b.html"
    assert followed.meta["redirect_urls"] == [START]


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("file:///etc/passwd", "redirect to file:///etc/passwd not followed: only http(s) pages are fetched"),
        ("ftp://127.0.0.1/news.html", "redirect to ftp://127.0.0.1/news.html not followed: only http(s) pages are fetched"),
        ("http://offsite.invalid/x.html", "redirect off the site, to http://offsite.invalid/x.html (not followed)"),
    ],
)
def test_a_redirect_not_followed_says_why(middleware: RecordedRedirectMiddleware, location: str, reason: str) -> None:
    request = Request(START)
    with pytest.raises(IgnoreRequest) as raised:
        middleware.process_response(request, redirect(request, location))
    assert str(raised.value) == reason


def test_a_redirect_loop_names_the_chain(middleware: RecordedRedirectMiddleware) -> None:
    first = Request(START)
    second = middleware.process_response(first, redirect(first, "/news/b.html"))
    assert isinstance(second, Request)
    with pytest.raises(IgnoreRequest) as raised:
        middleware.process_response(second, redirect(second, "/news/a.html"))
    assert str(raised.value) == f"redirect loop: {START} -> http://127.0.0.1:8080/news/b.html -> {START}"


def test_a_3xx_the_request_handles_itself_passes(middleware: RecordedRedirectMiddleware) -> None:
    request = Request(START, meta={"dont_redirect": True})
    response = redirect(request, "file:///etc/passwd")
    assert middleware.process_response(request, response) is response
