"""The Scrapy settings that bound one response (scraper/settings.py) are in README's "Scrapy
settings" table with their values, and the reasons a failed request is recorded with."""

from __future__ import annotations

import zlib

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from scraper import settings as project
from scraper.spiders.outcomes import data_loss, fetch_reason, page_links
from tests.support import readme_table

LIMITS = ("DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE", "DOWNLOAD_FAIL_ON_DATALOSS")


def test_readme_lists_the_response_limits_with_their_values() -> None:
    rows = {row[0].code[0]: row[1].text for row in readme_table("Scrapy settings")}
    assert rows == {name: f"`{getattr(project, name)!r}`" for name in LIMITS}
    assert project.DOWNLOAD_WARNSIZE < project.DOWNLOAD_MAXSIZE == 24 * 1024 * 1024


def _failure(error: Exception, request: Request) -> Failure:
    try:
        raise error
    except Exception:  # noqa: BLE001 - a Failure of the error as an errback receives it
        failure = Failure()
    failure.request = request  # type: ignore[attr-defined]
    return failure


def test_a_body_that_inflates_past_the_cap_is_too_large() -> None:
    """HttpCompressionMiddleware stops inflating at DOWNLOAD_MAXSIZE; the reason says so."""
    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 10_000})
    middleware = HttpCompressionMiddleware.from_crawler(crawler)
    request = Request("http://127.0.0.1/bomb.html")
    body = zlib.compress(b"\0" * 1_000_000)
    response = HtmlResponse(request.url, body=body, headers={"Content-Encoding": "deflate"}, request=request)
    with pytest.raises(IgnoreRequest) as raised:
        middleware.process_response(request, response)
    reason = fetch_reason(_failure(raised.value, request), 10_000)
    assert reason.startswith("response too large: over ") and reason.endswith(
        " bytes after decompression (DOWNLOAD_MAXSIZE 10000 bytes)"
    )


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (DownloadCancelledError(), "response too large: over 500 bytes received (DOWNLOAD_MAXSIZE), download abandoned"),
        (
            DownloadCancelledError("Expected to receive 900 bytes which is larger than download max size (500) in request <GET x>."),
            "response too large: Expected to receive 900 bytes which is larger than download max size (500)",
        ),
        (IgnoreRequest("Forbidden by robots.txt"), "Forbidden by robots.txt"),
        (IgnoreRequest("max redirections reached"), "max redirections reached"),
        (TimeoutError("took too long"), "TimeoutError: took too long"),
    ],
)
def test_fetch_reasons(error: Exception, reason: str) -> None:
    request = Request("http://127.0.0.1/a.html")
    assert fetch_reason(_failure(error, request), 500) == reason


def test_an_http_error_names_the_status() -> None:
    request = Request("http://127.0.0.1/a.html")
    response = HtmlResponse(request.url, status=404, body=b"<h1>404</h1>", request=request)
    assert fetch_reason(_failure(HttpError(response), request), 500) == "HTTP 404 from server"


def test_data_loss_says_how_much_came() -> None:
    whole = HtmlResponse("http://127.0.0.1/a.html", body=b"<p>x</p>")
    cut = HtmlResponse("http://127.0.0.1/a.html", body=b"<p>x", headers={"Content-Length": "8"}, flags=["dataloss"])
    assert data_loss(whole) is None
    assert data_loss(cut) == "data loss: the connection closed after 4 bytes of the 8 its Content-Length declares"


def test_links_no_url_can_be_made_of_are_reported_and_the_others_kept() -> None:
    hrefs = ["http://[invalid", " /a.html ", "http://127.0.0.1：8080/x.html", "javascript:void(0)", "#top",
             "http://127.0.0.1:port/y.html", "b.html"]
    urls, invalid = page_links("http://127.0.0.1/news/", hrefs)
    assert urls == ["http://127.0.0.1/a.html", "http://127.0.0.1/news/b.html"]
    assert invalid == [
        ("http://[invalid", "invalid URL 'http://[invalid': Invalid IPv6 URL"),
        ("http://127.0.0.1：8080/x.html",
         "invalid URL 'http://127.0.0.1：8080/x.html': netloc '127.0.0.1：8080' contains invalid characters under NFKC normalization"),
        ("http://127.0.0.1:port/y.html",
         "invalid URL 'http://127.0.0.1:port/y.html': Port could not be cast to integer value as 'port'"),
    ]
