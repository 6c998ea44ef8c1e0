"""URL helpers (`core.sites.common.urls`)."""

from __future__ import annotations

from core.sites.common import urls


def test_clean_url_drops_tracking_and_encodes() -> None:
    assert urls.clean_url("http://news.cjn.cn/a/t1.htm?spm=zm1066-001.0.0.1") == "http://news.cjn.cn/a/t1.htm"
    assert urls.clean_url("https://hk.yahoo.com/news/日本-1.html") == (
        "https://hk.yahoo.com/news/%E6%97%A5%E6%9C%AC-1.html"
    )
