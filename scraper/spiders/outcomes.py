"""What went wrong with a request, in words for the failure row: the reasons of a download's errback,
of a body cut short, and of a link no URL can be made of (the spiders record each as a failure)."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

ROBOTS_BLOCK = "Forbidden by robots.txt"
"""RobotsTxtMiddleware's IgnoreRequest message: the reason recorded for a robots.txt block."""


def fetch_reason(failure: Failure, maxsize: int) -> str:
    """The reason a request failed, from its errback's failure (`maxsize`: DOWNLOAD_MAXSIZE)."""
    error = failure.value
    response = getattr(error, "response", None)
    if response is not None:
        return f"HTTP {response.status} from server"
    inflated = getattr(error.__cause__, "decompressed_size", None)
    if isinstance(error, IgnoreRequest) and inflated is not None:
        return f"response too large: over {inflated} bytes after decompression (DOWNLOAD_MAXSIZE {maxsize} bytes)"
    if "larger than download max size" in str(error):
        # the download handler's message: "Expected to receive N bytes which is larger than ..."
        return f"response too large: {str(error).split(' in request ')[0]}"
    if isinstance(error, DownloadCancelledError | CancelledError) and maxsize:
        # the handler cancels a body that grows past the cap as it streams in
        return f"response too large: over {maxsize} bytes received (DOWNLOAD_MAXSIZE), download abandoned"
    if isinstance(error, IgnoreRequest):
        return str(error) or "request ignored"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"


def data_loss(response: Response) -> str | None:
    """Why a response is incomplete (Scrapy flags `dataloss` under DOWNLOAD_FAIL_ON_DATALOSS=False), or None."""
    if "dataloss" not in response.flags:
        return None
    declared = response.headers.get("Content-Length")
    expected = f" of the {declared.decode('latin-1')} its Content-Length declares" if declared else ""
    return f"data loss: the connection closed after {len(response.body)} bytes{expected}"


def page_links(base: str, hrefs: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The absolute URLs of a page's links, and (link, reason) for each link no URL can be made of
    (`http://[invalid`, a host with a full-width colon: urllib rejects them)."""
    urls: list[str] = []
    invalid: list[tuple[str, str]] = []
    for href in hrefs:
        link = href.strip()
        if not link or link.startswith(("javascript:", "#", "mailto:", "data:")):
            continue
        try:
            url = urljoin(base, link)
            urlsplit(url).port  # noqa: B018 - raises for a port that is not a number
        except ValueError as exc:
            invalid.append((link, f"invalid URL {link!r}: {exc}"))
            continue
        urls.append(url)
    return urls, invalid
