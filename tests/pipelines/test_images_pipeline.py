"""`pipelines.images` pieces without a crawl: which responses are kept, how files are named, and how
an article's image records are made from Scrapy's results (order, known images, the per-article cap)."""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archive.store import ImageRecord
from core.article import Article
from core.article import Image as ArticleImage
from pipelines.images import ArticleImagesPipeline, distinct, unusable
from scraper.items import ArticleItem, PageRecord
from tests.support import project_crawler


def png(size: tuple[int, int] = (20, 10)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 20, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def response(body: bytes, status: int = 200, content_type: str = "image/png") -> Response:
    return Response("http://img.example/a.png", status=status, body=body, headers={"Content-Type": content_type})


def test_which_responses_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    assert unusable(response(png())) is None
    assert unusable(response(png(), status=404)) == "HTTP 404 from server"
    assert unusable(response(b"")) == "empty response"
    html = unusable(response(b"<html>not here</html>", content_type="text/html"))
    assert html is not None and html.startswith("not an image (text/html): cannot identify image file")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    assert unusable(response(png((20, 10)))) == (
        "image too large: Image size (200 pixels) exceeds limit of 100 pixels, could be decompression bomb DOS attack."
    )


def pipeline(tmp_path: Path, **settings: object) -> ArticleImagesPipeline:
    crawler = project_crawler(ARCHIVE_DB=f"sqlite:///{tmp_path / 'a.sqlite'}", ARCHIVE_DATA_DIR=str(tmp_path), **settings)
    return ArticleImagesPipeline.from_crawler(crawler)


def test_the_switch_and_a_dry_run_turn_it_off(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured, match="ARCHIVE_IMAGES_ENABLED is off"):
        pipeline(tmp_path, ARCHIVE_IMAGES_ENABLED=False)
    with pytest.raises(NotConfigured, match="nothing is stored"):
        pipeline(tmp_path, ARCHIVE_STORE_ENABLED=False)


def test_files_are_named_by_their_bytes(tmp_path: Path) -> None:
    images = pipeline(tmp_path)
    body = png()
    digest = hashlib.sha256(body).hexdigest()
    request = Request("http://img.example/a.png")
    assert images.file_path(request, response(body)) == f"full/{digest[:2]}/{digest}.png"
    assert images.thumb_path(request, "small", response(body)) == f"thumbs/small/{digest[:2]}/{digest}.jpg"
    assert images.file_path(Request("http://other.example/b"), response(body)) == f"full/{digest[:2]}/{digest}.png"
    assert images.file_path(request).startswith("pending/")  # before the download: never found, fetched


def article_item(*urls: str) -> ArticleItem:
    article = Article(url="http://news.example/1.html", site="example", title="标题",
                      images=[ArticleImage(url, f"说明{n}") for n, url in enumerate(urls)])
    return ArticleItem(PageRecord(article.url, 200, {}, b""), article)


def stored(url: str, size: int) -> dict[str, object]:
    return {"url": url, "path": f"full/00/{'0' * 64}.jpg", "sha256": "0" * 64, "size": size, "content_type": "image/jpeg"}


def test_records_follow_the_page_with_known_images_and_the_article_cap(tmp_path: Path) -> None:
    images = pipeline(tmp_path, ARCHIVE_IMAGES_MAX_ARTICLE_BYTES=1000)
    item = article_item("http://img.example/1.jpg", "data:image/png;base64,AAAA", "http://img.example/known.jpg",
                        "http://img.example/2.jpg", "http://img.example/3.jpg", "http://img.example/1.jpg")
    known = ImageRecord("http://img.example/known.jpg", None, "stored", size=300, sha256="1" * 64)
    images._known[id(item)] = {known.url: known}
    results = [
        (True, stored("http://img.example/1.jpg", 600)),
        (True, {"url": "http://img.example/2.jpg", "failed": "HTTP 404 from server"}),
        (True, stored("http://img.example/3.jpg", 200)),
    ]
    done = images.item_completed(results, item, None)  # type: ignore[arg-type]
    assert [(r.url, r.caption, r.outcome, r.reason, r.size) for r in done.images] == [
        ("http://img.example/1.jpg", "说明0", "stored", None, 600),
        ("data:image/png;base64,AAAA", "说明1", "failed", "not an http(s) URL: not fetched", None),
        ("http://img.example/known.jpg", "说明2", "stored", None, 300),
        ("http://img.example/2.jpg", "说明3", "failed", "HTTP 404 from server", None),
        ("http://img.example/3.jpg", "说明4", "failed",
         "the article's images are over 1000 bytes together (ARCHIVE_IMAGES_MAX_ARTICLE_BYTES): not kept", None),
    ]
    assert [image.url for image in distinct(item.article.images)][-1] == "http://img.example/3.jpg"
