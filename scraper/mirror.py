"""Route every download to a local mirror (`ARCHIVE_MIRROR=http://127.0.0.1:PORT`), for tests and the demo.

The request goes to the mirror as an HTTP proxy request with the scheme turned into `http`
(the mirror ignores schemes), and the response comes back under the original URL, so spiders,
middlewares, robots.txt and the archive all see the portal's real `https://` addresses.
Without the setting this handler is Scrapy's own HTTP/1.1 handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class MirrorDownloadHandler(HTTP11DownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.mirror: str | None = crawler.settings.get("ARCHIVE_MIRROR") or None

    async def download_request(self, request: Request) -> Response:
        if not self.mirror:
            return await super().download_request(request)
        plain_url = "http://" + request.url.split("://", 1)[1]
        via_mirror = request.replace(url=plain_url, meta={**request.meta, "proxy": self.mirror})
        response = await super().download_request(via_mirror)
        return response.replace(url=request.url, request=request)
