"""The archived picture in a real browser (issue 18): the article page of a crawled image site shows the
thumbnail the app serves itself (under `img-src 'self'`), with its caption; a click opens the original."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

from mirror.build_portals import IMAGE_PAGES
from mirror.server import Mirror, MirrorServer
from tests.e2e.test_images import SITE, article_id, crawl
from tests.web.test_browser import browser, shot  # noqa: F401 - the browser fixture
from web.app import create_app


@pytest.fixture
def image_site(tmp_path: Path) -> Iterator[tuple[str, str]]:
    db_url, data = f"sqlite:///{tmp_path / 'archive.sqlite'}", tmp_path / "data"
    with MirrorServer(Mirror(IMAGE_PAGES)) as mirror:
        crawl(db_url, mirror.url, data)
    httpd = make_server("127.0.0.1", 0, create_app(db_url, str(data)), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}", db_url
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_the_article_page_shows_the_archived_picture(
    browser: webdriver.Chrome,  # noqa: F811 - the imported fixture
    image_site: tuple[str, str],
    tmp_path: Path,
) -> None:
    base, db_url = image_site
    number = article_id(db_url, f"{SITE}/news/2024/0301/2001.html")
    browser.set_window_size(1200, 900)
    browser.get(f"{base}/article/{number}")
    figures = browser.find_elements(By.CSS_SELECTOR, "figure.archived-image")
    assert [figure.find_element(By.TAG_NAME, "figcaption").text.split(" · ")[0] for figure in figures] == [
        "大会现场。", "会场横幅。"
    ]
    thumb = figures[0].find_element(By.TAG_NAME, "img")
    loaded = browser.execute_script("return [arguments[0].complete, arguments[0].naturalWidth, arguments[0].naturalHeight]", thumb)
    assert loaded == [True, 320, 200]
    assert thumb.get_attribute("src") == f"{base}/article/{number}/images/0/thumb"
    shot(browser, tmp_path, "article-images")
    thumb.click()
    assert browser.current_url == f"{base}/article/{number}/images/0"
    size = browser.execute_script("var i = document.images[0]; return [i.naturalWidth, i.naturalHeight]")
    assert size == [640, 400]
