"""Provincial federations and the city-CMS info bar, on the RECONSTRUCTED mirror pages."""

from __future__ import annotations

import pytest

from core.sites import extract, parser_for, provincial
from mirror.server import DEMO_ROOT


def test_info_bar_recognised_without_url() -> None:
    page = (DEMO_ROOT / "zgh.qinghe.example" / "news_2023_1226_1001.html" / "body").read_text(encoding="utf-8")
    assert parser_for(None, page) is provincial
    article = extract(None, page)
    assert (article.source, article.authors, article.published_at and article.published_at.isoformat()) == (
        "清河市总工会", [], "2023-12-26T15:30:00+08:00"
    )


def test_about_page_is_not_info_bar() -> None:
    page = (DEMO_ROOT / "zgh.qinghe.example" / "about.html" / "body").read_text(encoding="utf-8")
    assert not provincial.looks_like(page)


@pytest.mark.parametrize(
    ("line", "source", "authors"),
    [
        ("来源:工人日报 作者: 浏览:次 发表时间:2023-03-09 22:44:33", "工人日报", []),
        ("来源:劳动报 作者:钱程 周雯 浏览:12次 发表时间:2023-12-19 08:45:30", "劳动报", ["钱程", "周雯"]),
    ],
)
def test_info_bar_line(line: str, source: str, authors: list[str]) -> None:
    page = f"<html><body><h1>标题</h1><div class='info'>{line}</div><div id='zoom'><p>正文一段。</p></div></body></html>"
    article = provincial.parse("http://zgh.example.org/a/1.html", page)
    assert (article.source, article.authors) == (source, authors)
    assert article.published_at is not None and article.published_at.isoformat().startswith(line[-19:-9])
