"""Fetch each article's images with Scrapy's `ImagesPipeline`, before the store pipeline writes it.

The images are requested through the engine like pages, so robots.txt, politeness (download
slots, AutoThrottle), retries, the mirror and the WARC capture apply to them as well. Each request
carries `download_maxsize` (`ARCHIVE_IMAGES_MAX_BYTES`); an article's images past
`ARCHIVE_IMAGES_MAX_ARTICLE_BYTES` in all are not kept. What Scrapy's pipeline changes:

- storage is content-addressed: the original bytes, as received, go to `full/<sha256[:2]>/<sha256>.<ext>`
  and the thumbnails (`IMAGES_THUMBS`, JPEG) to `thumbs/<name>/<sha256[:2]>/<sha256>.jpg`, so a
  picture shown by many articles or portals is one file;
- every image becomes an `ImageRecord` on the item (`ArticleItem.images`): stored, with its sha256,
  type, size, dimensions, paths and WARC location, or failed with the reason (`HTTP 404 from
  server`, `response too large: ...`, `not an image ...`); a failed image never fails the article;
- an image whose URL the archive already holds is not fetched again: its record is copied.
"""

from __future__ import annotations

import hashlib
import logging
import warnings
from collections.abc import Iterator
from io import BytesIO
from typing import Any, Self

from PIL import Image as PILImage
from PIL import UnidentifiedImageError
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.images import ImageException, ImagesPipeline
from scrapy.pipelines.media import FileException, MediaPipeline
from scrapy.utils.defer import ensure_awaitable
from twisted.python.failure import Failure

from archive.db import resolve_url, transaction
from archive.paths import data_dir, images_dir
from archive.store import ImageRecord, known_images
from core.article import Image
from scraper.items import ArticleItem
from scraper.spiders.outcomes import data_loss, fetch_reason

logger = logging.getLogger(__name__)

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "BMP": "bmp", "TIFF": "tif"}


def fetchable(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def distinct(images: list[Image]) -> list[Image]:
    seen: set[str] = set()
    return [image for image in images if not (image.url in seen or seen.add(image.url))]  # type: ignore[func-returns-value]


def unusable(response: Response) -> str | None:
    """Why a fetched image is not kept, or None: checked before Scrapy's pipeline stores it."""
    if response.status != 200:
        return f"HTTP {response.status} from server"
    if not response.body:
        return "empty response"
    lost = data_loss(response)
    if lost:
        return lost
    try:
        with warnings.catch_warnings():
            # Pillow only warns of an image between its pixel limit and twice it: a bomb all the same.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(BytesIO(response.body)) as image:
                image.verify()
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning) as exc:
        return f"image too large: {exc}"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        kind = response.headers.get("Content-Type", b"").decode("latin-1") or "no Content-Type"
        return f"not an image ({kind}): {exc}"
    return None


class ArticleImagesPipeline(ImagesPipeline):
    """`ARCHIVE_IMAGES_ENABLED`; the store is `IMAGES_STORE`, else `<ARCHIVE_DATA_DIR>/images`."""

    def __init__(self, store_uri: str, *, crawler: Crawler) -> None:
        super().__init__(store_uri, crawler=crawler)
        settings = crawler.settings
        self.max_bytes = settings.getint("ARCHIVE_IMAGES_MAX_BYTES")
        self.max_article_bytes = settings.getint("ARCHIVE_IMAGES_MAX_ARTICLE_BYTES")
        self.db_url = resolve_url(settings.get("ARCHIVE_DB") or None)
        self._known: dict[int, dict[str, ImageRecord]] = {}
        self._facts: dict[str, dict[str, Any]] = {}
        self._failures: dict[str, str] = {}
        """Why the image of each URL that failed in this run was not kept (Scrapy caches the outcome)."""
        self._identity: tuple[bytes, tuple[str, str]] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_IMAGES_ENABLED"):
            raise NotConfigured("ARCHIVE_IMAGES_ENABLED is off")
        if not settings.getbool("ARCHIVE_STORE_ENABLED"):
            raise NotConfigured("nothing is stored (ARCHIVE_STORE_ENABLED is off)")
        cls._update_stores(settings)
        store = settings.get("IMAGES_STORE") or str(images_dir(data_dir(settings.get("ARCHIVE_DATA_DIR") or None)))
        return cls(store, crawler=crawler)

    # Which images to fetch

    def get_media_requests(self, item: Any, info: MediaPipeline.SpiderInfo) -> list[Request]:
        if not isinstance(item, ArticleItem):
            return []
        urls = [image.url for image in distinct(item.article.images) if fetchable(image.url)]
        known = self._lookup(urls)
        self._known[id(item)] = known
        return [self._request(url, item.page.url) for url in urls if url not in known]

    def _lookup(self, urls: list[str]) -> dict[str, ImageRecord]:
        if not urls:
            return {}
        with transaction(self.db_url) as session:
            return known_images(session.connection(), urls)

    def _request(self, url: str, page_url: str) -> Request:
        meta = {"download_maxsize": self.max_bytes, "allow_offsite": True, "archive_image": True}
        return Request(url, callback=NO_CALLBACK, headers={"Referer": page_url}, meta=meta)

    # Where files go: named by the bytes

    def _named(self, body: bytes) -> tuple[str, str]:
        """(sha256, extension) of an image's bytes (the last answer is kept: each is asked thrice)."""
        if self._identity is not None and self._identity[0] is body:
            return self._identity[1]
        digest = hashlib.sha256(body).hexdigest()
        try:
            kind = PILImage.open(BytesIO(body)).format or ""
        except (UnidentifiedImageError, OSError, ValueError):
            kind = ""
        named = (digest, EXTENSIONS.get(kind, kind.lower() or "bin"))
        self._identity = (body, named)
        return named

    def file_path(
        self, request: Request, response: Response | None = None, info: Any = None, *, item: Any = None
    ) -> str:
        if response is None:
            # Asked before the download (is it stored already?): the name needs the bytes, so
            # nothing is found and the image is fetched (the archive decides what not to fetch).
            return f"pending/{hashlib.sha1(request.url.encode()).hexdigest()}"  # noqa: S324 - a name
        digest, extension = self._named(response.body)
        return f"full/{digest[:2]}/{digest}.{extension}"

    def thumb_path(
        self, request: Request, thumb_id: str, response: Response | None = None, info: Any = None, *, item: Any = None
    ) -> str:
        digest = self._named(response.body)[0] if response is not None else hashlib.sha1(request.url.encode()).hexdigest()  # noqa: S324
        return f"thumbs/{thumb_id}/{digest[:2]}/{digest}.jpg"

    # Downloaded: the original as received, thumbnails, and the facts of the image

    def get_images(
        self, response: Response, request: Request, info: MediaPipeline.SpiderInfo, *, item: Any = None
    ) -> Iterator[tuple[str, PILImage.Image, BytesIO]]:
        path = self.file_path(request, response=response, info=info, item=item)
        try:
            original = PILImage.open(BytesIO(response.body))
            image = self._ImageOps.exif_transpose(original)
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            kind = response.headers.get("Content-Type", b"").decode("latin-1") or "no Content-Type"
            raise ImageException(f"not an image ({kind}): {exc}") from exc
        thumbs = {thumb_id: self.thumb_path(request, thumb_id, response=response) for thumb_id in self.thumbs}
        self._facts[request.url] = {
            "path": path, "thumb_path": next(iter(thumbs.values()), None), "width": image.size[0],
            "height": image.size[1], "content_type": PILImage.MIME.get(original.format or "", None),
        }
        yield path, image, BytesIO(response.body)
        for thumb_id, size in self.thumbs.items():
            thumb_image, thumb_buf = self.convert_image(image, size, response_body=BytesIO(response.body))
            yield thumbs[thumb_id], thumb_image, thumb_buf

    async def image_downloaded(
        self, response: Response, request: Request, info: MediaPipeline.SpiderInfo, *, item: Any = None
    ) -> str:
        for number, (path, image, buf) in enumerate(self.get_images(response, request, info, item=item)):
            kind = self._facts[request.url]["content_type"] if number == 0 else "image/jpeg"
            meta = {"width": image.size[0], "height": image.size[1]}
            await ensure_awaitable(
                self.store.persist_file(path, buf, info, meta=meta, headers={"Content-Type": kind or "application/octet-stream"})
            )
        return self._named(response.body)[0]

    async def media_downloaded(
        self, response: Response, request: Request, info: MediaPipeline.SpiderInfo, *, item: Any = None
    ) -> Any:
        location = self._warc_location(response.url)
        problem = unusable(response)
        if problem is not None:
            return self._failed(request, problem)
        try:
            result = await super().media_downloaded(response, request, info, item=item)
        except FileException as exc:
            return self._failed(request, str(exc) or "could not be stored")
        finally:
            facts = self._facts.pop(request.url, {})
        return {
            **result, **facts, "sha256": self._named(response.body)[0], "size": len(response.body),
            "warc_file": location[0] if location else None, "warc_offset": location[1] if location else None,
        }

    def media_failed(self, failure: Failure, request: Request, info: MediaPipeline.SpiderInfo) -> Any:
        """Not raised again (Scrapy would log a traceback): the reason is kept for `item_completed`."""
        error = failure.value
        if isinstance(error, IgnoreRequest):
            reason = str(error) or "request ignored"
        else:
            reason = fetch_reason(failure, request.meta.get("download_maxsize") or 0)
        self._failed(request, reason)

    def _failed(self, request: Request, reason: str) -> dict[str, str]:
        logger.warning("image %s not kept: %s", request.url, reason)
        self._failures[request.url] = reason
        return {"url": request.url, "failed": reason}

    def _warc_location(self, url: str) -> tuple[str, int] | None:
        from scraper.middlewares import WarcCaptureMiddleware

        capture = WarcCaptureMiddleware.of(self.crawler)
        return capture.location(url) if capture else None

    # The article's records

    def item_completed(self, results: list[Any], item: Any, info: MediaPipeline.SpiderInfo) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        known = self._known.pop(id(item), {})
        outcomes = iter(results)
        records: list[ImageRecord] = []
        total = 0
        for image in distinct(item.article.images):
            if not fetchable(image.url):
                record = ImageRecord(image.url, image.caption, "failed", "not an http(s) URL: not fetched")
            elif image.url in known:
                record = known[image.url].shown(image.caption)
            else:
                record = self._record(image, *next(outcomes))
            over = self.max_article_bytes and total + (record.size or 0) > self.max_article_bytes
            if record.outcome == "stored" and over:
                record = ImageRecord(
                    image.url, image.caption, "failed",
                    f"the article's images are over {self.max_article_bytes} bytes together "
                    "(ARCHIVE_IMAGES_MAX_ARTICLE_BYTES): not kept",
                )
            if record.outcome == "stored":
                total += record.size or 0
            self._counted(record, image.url in known)
            records.append(record)
        item.images = records
        return item

    def _counted(self, record: ImageRecord, known: bool) -> None:
        if known:
            self._count("archive/images_known")
        elif record.outcome == "stored":
            self._count("archive/images_stored")
            self._count("archive/images_bytes", record.size or 0)
        else:
            self._count("archive/images_failed")

    def _record(self, image: Image, ok: bool, value: Any) -> ImageRecord:
        if not ok or not value or "failed" in value:
            reason = (value or {}).get("failed") if ok else str(getattr(value, "value", value))
            reason = reason or self._failures.get(image.url) or "download failed"
            return ImageRecord(image.url, image.caption, "failed", reason)
        facts = {name: value.get(name) for name in (
            "sha256", "content_type", "size", "width", "height", "path", "thumb_path", "warc_file", "warc_offset"
        )}
        return ImageRecord(image.url, image.caption, "stored", **facts)

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(key, count)
