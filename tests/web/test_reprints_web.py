"""Reprints (issue 16) on the web: one search result per story with "also on N sites", every copy
on request, the copies on the article page, and the JSON API's `all_copies`."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import opencc
import pytest

from archive.db import transaction
from archive.store import store_articles
from core.article import Article, Published
from tests.web.sample import served
from tests.web.test_web import fetch, get_json
from web import schemas

STORY = [
    "全国五一劳动奖章获得者事迹巡回宣讲活动近日在北京启动，首场宣讲吸引了八百余名职工到场聆听。",
    "宣讲团由来自制造、交通、能源等领域的十二名劳动模范和工匠组成，他们将讲述爱岗敬业的故事。",
]


def _copy(n: int, site: str, body: list[str], source: str, day: int) -> Article:
    return Article(
        url=f"http://{site}.example/{n}.html", site=site, title=f"巡回宣讲启动{n}", body=body, source=source,
        published_at=Published.beijing(2023, 12, day, 9, 0),
    )


@pytest.fixture
def base(db_url: str) -> Iterator[str]:
    to_traditional = opencc.OpenCC("s2t").convert
    with transaction(db_url) as session:
        store_articles(
            session,
            [
                _copy(1, "workercn", STORY, "工人日报", 26),
                _copy(2, "acftu_org", STORY, "中工网", 27),
                _copy(3, "workercn_big5", [to_traditional(p) for p in STORY], "中工网", 28),
            ],
        )
    with served(db_url) as url:
        yield url


def test_search_page_shows_a_story_once(base: str) -> None:
    status, _, html = fetch(f"{base}/?sort=date&q=" + quote("宣讲"))
    assert status == 200
    assert html.count('<div class="title">') == 1
    assert '<a href="/article/3" dir="auto">巡回宣讲启动3</a>' in html
    assert "also on 2 sites:\n        <bdi>中华全国总工会 (www.acftu.org)</bdi>, <bdi>中工网 (www.workercn.cn)</bdi>" in html
    assert '<a href="/?q=%E5%AE%A3%E8%AE%B2&amp;sort=date&amp;all_copies=1">all copies</a>' in html
    _, _, every = fetch(f"{base}/?sort=date&all_copies=1&q=" + quote("宣讲"))
    assert every.count('<div class="title">') == 3 and "also on" not in every


def test_article_page_lists_the_copies(base: str) -> None:
    _, _, html = fetch(f"{base}/article/3")
    assert 'A copy of <a href="/article/1">the original</a> (<bdi>credited: 来源 中工网 on 2 copies names workercn</bdi>).' in html
    assert '<a href="/article/1" dir="auto">巡回宣讲启动1</a> · <bdi>中工网 (www.workercn.cn)</bdi> · 2023-12-26 · 100% alike · original' in html


def test_api_collapses_unless_all_copies(base: str) -> None:
    _, found = get_json(f"{base}/api/search?sort=date&q=" + quote("宣讲"))
    assert [(r["id"], r["copies"], r["also_on"], r["original_id"]) for r in found["results"]] == [
        (3, 2, ["acftu_org", "workercn"], 1)
    ]
    _, every = get_json(f"{base}/api/search?sort=date&all_copies=true&q=" + quote("宣讲"))
    assert [r["id"] for r in every["results"]] == [3, 2, 1]


def test_api_article_lists_the_copies(base: str) -> None:
    _, found = get_json(f"{base}/api/articles/3")
    assert schemas.Article().validate(found) == {}
    assert found["reprints"] == {
        "cluster_id": 1,
        "original_id": 1,
        "is_original": False,
        "reason": "credited: 来源 中工网 on 2 copies names workercn",
        "copies": [
            {"id": 1, "site": "workercn", "published_at": "2023-12-26T09:00+08:00", "title": "巡回宣讲启动1",
             "url": "http://workercn.example/1.html", "similarity": 1.0, "original": True},
            {"id": 2, "site": "acftu_org", "published_at": "2023-12-27T09:00+08:00", "title": "巡回宣讲启动2",
             "url": "http://acftu_org.example/2.html", "similarity": 1.0, "original": False},
        ],
    }
