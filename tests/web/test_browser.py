"""The web archive in a real browser: Debian's chromium and chromedriver driven by selenium (paths
given explicitly, so nothing downloads a browser). Screenshots of each page go to the test's tmp dir."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from archive.api import Archive
from tests.support import unavailable
from tests.web.sample import build, served

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PWNED = "window.__pwned=1"
RLO = "\u202e"
HOSTILE_TEXT = f'{RLO}<script>{PWNED}</script><img src=x onerror="{PWNED}">"><svg onload="{PWNED}">工会'
HOSTILE_URL = f"javascript:{PWNED}//{RLO}"


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        unavailable("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    os.environ["SE_OFFLINE"] = "true"  # selenium manager must not fetch anything
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def sample_site(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    build(url)
    with served(url) as base:
        yield base


def shot(driver: webdriver.Chrome, tmp_path: Path, name: str) -> None:
    driver.save_screenshot(str(tmp_path / f"{name}.png"))


def test_search_facet_article_diff_back(browser: webdriver.Chrome, sample_site: str, tmp_path: Path) -> None:
    browser.set_window_size(1200, 900)
    browser.get(f"{sample_site}/?q=" + quote("工会"))
    assert "1–12 of 12 result(s)" in browser.find_element(By.TAG_NAME, "section").text
    shot(browser, tmp_path, "search")
    browser.find_element(By.XPATH, "//aside//a[bdi='中工网 (www.workercn.cn)']").click()
    assert "1–4 of 4 result(s)" in browser.find_element(By.TAG_NAME, "section").text
    chips = browser.find_element(By.CSS_SELECTOR, "ul.chips").text
    assert chips == "site: 中工网 (www.workercn.cn) ×"
    browser.get(f"{sample_site}/?q=" + quote("技能"))
    browser.find_element(By.LINK_TEXT, "工会新闻第0篇").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "工会新闻第0篇"
    shot(browser, tmp_path, "article")
    browser.find_element(By.LINK_TEXT, "diff with 1").click()
    cells = [td.text for td in browser.find_elements(By.CSS_SELECTOR, "tr.replace td")]
    assert cells == ["职工技能大赛举行。", "职工技能大赛于五月举行。", "", "新增一段。"]
    shot(browser, tmp_path, "diff")
    browser.back()
    assert browser.current_url == f"{sample_site}/article/1"
    browser.get(f"{sample_site}/health")
    shot(browser, tmp_path, "health")
    assert "coverage of authors dropped to 50% of 6 new articles" in browser.page_source
    keep = os.environ.get("UNION_ARCHIVE_SCREENSHOTS")
    if keep:
        for name in ("search", "article"):
            shutil.copy(tmp_path / f"{name}.png", Path(keep) / f"{name}.png")


def hostile_lines() -> list[str]:
    article = {
        "url": f"http://example.com/{RLO}\"><svg onload={PWNED}>",
        "canonical_url": f"http://example.com/{RLO}\"><svg onload={PWNED}>",
        "site": "evil", "title": HOSTILE_TEXT, "pretitle": HOSTILE_TEXT, "subtitle": HOSTILE_TEXT,
        "authors": [HOSTILE_TEXT, "张三"], "editors": [HOSTILE_TEXT], "source": HOSTILE_TEXT,
        "source_url": HOSTILE_URL, "published_at": "2024-05-01T09:00+08:00",
        "body": [HOSTILE_TEXT, "工会" * 400], "images": [{"url": HOSTILE_URL, "caption": HOSTILE_TEXT},
                                                     {"url": f"data:text/html,<script>{PWNED}</script>", "caption": None}],
        "channel": [HOSTILE_TEXT, "要闻"], "encoding": "utf-8", "repairs": [],
    }
    second = {**article, "url": HOSTILE_URL, "canonical_url": HOSTILE_URL, "body": [HOSTILE_TEXT, "改过的"]}
    return [json.dumps(article, ensure_ascii=False), json.dumps(second, ensure_ascii=False)]


def test_hostile_archive_runs_nothing(browser: webdriver.Chrome, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hostile.sqlite'}"
    report = Archive(url).import_lines(hostile_lines())
    assert report.to_dict()["new"] == 2
    with served(url) as base:
        for width in (1200, 400):
            browser.set_window_size(width, 900)
            for name, path in (("search", "/?q=" + quote("工会")), ("article", "/article/1"),
                               ("article2", "/article/2"), ("health", "/health"),
                               ("feedsearch", "/?author=" + quote(HOSTILE_TEXT))):
                browser.get(base + path)
                shot(browser, tmp_path, f"hostile-{name}-{width}")
                assert browser.execute_script("return window.__pwned") is None, path
                links = browser.execute_script("return [...document.links].map(a => a.protocol)")
                assert set(links) <= {"http:", "https:"}, path
                overflow = browser.execute_script(
                    "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
                )
                assert overflow[0] <= overflow[1], (path, width, overflow)
        browser.get(base + "/article/1")
        names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "dd a bdi")]
        assert "张三" in names


def test_narrow_layout(browser: webdriver.Chrome, sample_site: str, tmp_path: Path) -> None:
    browser.set_window_size(400, 900)
    for name, path in (("search", "/?q=" + quote("工会")), ("article", "/article/1"),
                       ("diff", "/article/1/diff?from=1&to=2"), ("health", "/health")):
        browser.get(sample_site + path)
        shot(browser, tmp_path, f"narrow-{name}")
        width = browser.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert width[0] <= width[1], (path, width)
