"""Reprint clusters (issue 16) on SQLite and PostgreSQL: linked as stored, originals credited,
versions re-linked, an existing archive linked in one pass, search collapsed, spread reported."""

from __future__ import annotations

import opencc
import pytest
from archive_samples import add
from sqlalchemy import text

from archive import relink
from archive.api import Archive
from archive.db import transaction
from archive.store import store_article
from core.article import Article, Published

STORY = [
    "记者从全国总工会获悉，今年以来各级工会持续推进新就业形态劳动者入会工作，入会人数已突破一千万。",
    "各地工会通过小蜜蜂驿站、线上入会平台和集中入会活动，把货车司机、快递员、外卖送餐员等群体吸纳进工会组织。",
    "全国总工会有关负责人表示，下一步将推动入会与服务同步，让新会员切实感受到工会的温暖。",
]
OTHER = ["长春市总工会主办的职工冰雪运动会近日开幕，全市二千余名职工将参加速度滑冰、雪地拔河等十余个项目的比赛，赛期持续一周。"]
TEMPLATE = [
    "3月12日，{p}省总工会召开十五届五次全委（扩大）会议，传达学习全国总工会有关会议精神，总结{p}省工会去年工作。",
    "会议指出，过去一年，{p}省各级工会组织围绕中心、服务大局，在维护职工合法权益等方面取得了新成效。",
]
_S2T = opencc.OpenCC("s2t")


def _article(n: int, site: str, body: list[str], *, source: str | None = None, day: int = 26, hour: int = 9) -> Article:
    return Article(
        url=f"http://{site}.example/{n}.html", site=site, title=f"标题{n}", body=body, source=source,
        published_at=Published.beijing(2023, 12, day, hour, 0),
    )


def _three(db_url: str) -> list[int]:
    return add(
        db_url,
        _article(1, "workercn", STORY, source="工人日报"),
        _article(2, "people_acftu", [*STORY[:2], "（来源：中工网）"], source="中工网", day=27),
        _article(3, "workercn_big5", [_S2T.convert(p) for p in STORY], source="中工網", hour=11),
        _article(4, "jilin_federation", OTHER, day=25),
    )


def _clusters(db_url: str) -> list[tuple[int, int | None]]:
    with transaction(db_url) as session:
        return [tuple(row) for row in session.execute(text("SELECT article_id, cluster_id FROM reprint_links ORDER BY article_id"))]


def test_copies_are_linked_as_stored_and_the_credited_site_is_original(db_url: str) -> None:
    ids = _three(db_url)
    assert ids == [1, 2, 3, 4]
    assert _clusters(db_url) == [(1, 1), (2, 1), (3, 1), (4, None)]
    found = Archive(db_url).copies(2)
    assert found is not None
    assert (found["original_id"], found["is_original"], found["reason"]) == (
        1, False, "credited: 来源 中工网 on 2 copies names workercn"
    )
    assert [(c["id"], c["site"], c["published_at"], c["similarity"], c["original"]) for c in found["copies"]] == [
        (1, "workercn", "2023-12-26T09:00+08:00", 0.696, True),
        (3, "workercn_big5", "2023-12-26T11:00+08:00", 0.696, False),
    ]
    assert Archive(db_url).copies(4) is None


def test_search_shows_each_story_once(db_url: str) -> None:
    _three(db_url)
    archive = Archive(db_url)
    found = archive.search("工会", sort="date")
    assert [(r["id"], r.get("copies"), r.get("also_on"), r.get("original_id")) for r in found.results] == [
        (2, 2, ["workercn", "workercn_big5"], 1),
        (4, None, None, None),
    ]
    assert found.total == 4
    every = archive.search("工会", sort="date", collapse_copies=False)
    assert [r["id"] for r in every.results] == [2, 3, 1, 4]
    assert [r["id"] for r in archive.search("工会", sort="date", limit=1, offset=1).results] == [4]


def test_spread_reports_routes_and_median_delay(db_url: str) -> None:
    _three(db_url)
    report = Archive(db_url).reprints()
    assert report == {
        "since": None,
        "clusters": 1,
        "outlets": [
            {"site": "workercn", "stories": 1, "copies": 2, "sites": ["people_acftu", "workercn_big5"], "median_delay_hours": 13.0}
        ],
        "routes": [
            {"from": "workercn", "to": "people_acftu", "stories": 1, "median_delay_hours": 24.0},
            {"from": "workercn", "to": "workercn_big5", "stories": 1, "median_delay_hours": 2.0},
        ],
        "linked": 4,
        "in_clusters": 3,
    }


def test_a_new_version_is_linked_again(db_url: str) -> None:
    _three(db_url)
    with transaction(db_url) as session:
        assert store_article(session, _article(3, "workercn_big5", ["另一篇完全不同的报道，讲述职工书屋建设的新进展和读书活动的开展情况。"])).outcome == "updated"
    assert _clusters(db_url) == [(1, 1), (2, 1), (3, None), (4, None)]
    with transaction(db_url) as session:
        store_article(session, _article(2, "people_acftu", ["一则新的短讯，与其他报道都不相同，记者现场采访了多位职工代表。"]))
    assert _clusters(db_url) == [(1, None), (2, None), (3, None), (4, None)]
    with transaction(db_url) as session:
        assert session.execute(text("SELECT count(*) FROM reprint_clusters")).scalar() == 0
        assert session.execute(text("SELECT sum(length(bands)) FROM reprint_links")).scalar() == 4 * 30  # 2 is too short to link now
        bands = session.execute(text("SELECT count(*) FROM reprint_bands")).scalar()
        assert bands == (0 if db_url.startswith("postgresql") else 30)  # PostgreSQL's index: a GIN on reprint_links


def test_template_announcements_for_two_provinces_stay_apart(db_url: str) -> None:
    add(
        db_url,
        _article(1, "jilin", [p.format(p="吉林") for p in TEMPLATE]),
        _article(2, "zhejiang", [p.format(p="浙江") for p in TEMPLATE]),
        _article(3, "hunan", [p.format(p="湖南") for p in TEMPLATE]),
        _article(4, "hubei", [p.format(p="湖北") for p in TEMPLATE]),
    )
    assert _clusters(db_url) == [(1, None), (2, None), (3, None), (4, None)]


def test_an_existing_archive_is_linked_in_one_pass(db_url: str) -> None:
    _three(db_url)
    with transaction(db_url) as session:
        for table in ("reprint_bands", "reprint_links", "reprint_clusters"):
            session.execute(text(f"DELETE FROM {table}"))
    done = relink.link_all(db_url, batch=2, workers=1)
    assert (done.articles, done.copies) == (4, 2)
    assert [article_id for article_id, cluster in _clusters(db_url) if cluster is not None] == [1, 2, 3]
    assert Archive(db_url).copies(3)["original_id"] == 1  # type: ignore[index]
    again = relink.link_all(db_url)
    assert (again.articles, again.copies) == (0, 0)


def test_band_keys_shared_by_a_crowd_are_not_followed(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from archive import reprints

    monkeypatch.setattr(reprints, "MAX_SHARED", 1)
    # Each add is its own batch: the third copy's keys are each held by two stored articles.
    add(db_url, _article(1, "workercn", STORY))
    add(db_url, _article(2, "people_acftu", STORY, day=27))
    add(db_url, _article(3, "acftu_org", STORY, day=28))
    assert _clusters(db_url) == [(1, 1), (2, 1), (3, None)]


def test_a_cluster_is_split_when_the_copy_joining_it_leaves(db_url: str) -> None:
    """Two stories that differ in a date are both copies of a third that has both dates: with it
    they are one cluster; once its new version is another story, two again."""
    first, second = [*STORY, "会议定于12月25日举行。"], [*STORY, "会议定于12月26日举行。"]
    both = [*STORY, "会议定于12月25日举行，12月26日闭幕。"]
    add(db_url, _article(1, "workercn", first), _article(2, "people_acftu", first, day=27))
    add(db_url, _article(3, "jilin", second, day=25), _article(4, "hunan", second, day=28))
    assert [cluster for _, cluster in _clusters(db_url)] == [1, 1, 2, 2]
    add(db_url, _article(5, "hubei", both, day=29))
    assert [cluster for _, cluster in _clusters(db_url)] == [1, 1, 1, 1, 1]
    add(db_url, _article(5, "hubei", OTHER, day=29))
    clusters = [cluster for _, cluster in _clusters(db_url)]
    assert clusters[:2] == [1, 1] and clusters[2] == clusters[3] and clusters[2] not in (None, 1) and clusters[4] is None
    archive = Archive(db_url)
    assert [(archive.copies(n) or {}).get("original_id") for n in (1, 2, 3, 4, 5)] == [1, 1, 3, 3, None]
    assert archive.reprints()["clusters"] == 2
