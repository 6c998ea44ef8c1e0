"""Search on both backends: folding, the query language, filters, ranking and safety."""

from __future__ import annotations

from datetime import date

import pytest
from archive_samples import add, make_article

from archive.api import Archive
from core.article import Published

INJECTIONS = [
    '"',
    '""',
    "*",
    "工会*",
    ")",
    "(",
    "NEAR",
    'NEAR("工会" "职工", 2)',
    "AND",
    "OR",
    "NOT",
    "OR OR 工会 OR",
    "-",
    "--",
    ":",
    "^工会",
    "{search_title}:工会",
    "search_title:工会",
    "'; DROP TABLE articles; --",
    "工会' OR 1=1 --",
    "a & b | !c <-> d",
    "\\",
    "%",
    "_",
    'author:"',
    "author:%",
    "channel:_",
    "工\x00会",
]


def sample(url: str) -> list[int]:
    return add(
        url,
        make_article(
            1,
            site="people_acftu",
            title="全国总工会举办职工技能大赛",
            body=["中华全国总工会今天宣布，职工技能大赛将于五月举行。", "工会干部表示欢迎。"],
            authors=["刘琼"],
            editors=["王敏"],
            source="工人日报",
            channel=["中国工会新闻", "要闻"],
            published_at=Published.beijing(2024, 5, 10, 8, 0),
        ),
        make_article(
            2,
            site="workercn_big5",
            title="全國總工會舉辦職工技能大賽",
            body=["中華全國總工會今天宣佈，職工技能大賽將於五月舉行。"],
            authors=["劉瓊"],
            editors=["陳紅"],
            source="工人日報",
            channel=["中國工會新聞"],
            published_at=Published.beijing(2023, 12, 31, 23, 30),
        ),
        make_article(
            3,
            site="people_acftu",
            title="足球比赛结果",
            body=["本报讯 工会组织足球比赛。"],
            authors=["张三"],
            source="人民网",
            published_at=Published.beijing(2024, 1, 1),
        ),
        make_article(
            4,
            site="example",
            title="Weather report",
            body=["Sunny day in Beijing, NEAR the river."],
            published_at=None,
        ),
    )


def ids(url: str, query: str, **options: object) -> set[int]:
    return {r["id"] for r in Archive(url).search(query, limit=100, **options).results}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("工会", {1, 2, 3}),
        ("工會", {1, 2, 3}),
        ("職工技能大賽", {1, 2}),
        ("职工技能大赛", {1, 2}),
        ("赛", {1, 2, 3}),
        ("賽", {1, 2, 3}),
        ("总", {1, 2}),
        ('"技能大赛"', {1, 2}),
        ('"赛大"', set()),
        ("工会 -足球", {1, 2}),
        ("-足球", {1, 2, 4}),
        ("足球 OR weather", {3, 4}),
        ("足球 OR weather 比赛", {3}),
        ("WEATHER", {4}),
        ("ｗｅａｔｈｅｒ", {4}),
        ("near", {4}),
        ("全国 大赛", {1, 2}),
        ("全国 足球", set()),
        ("", {1, 2, 3, 4}),
    ],
)
def test_query_language(db_url: str, query: str, expected: set[int]) -> None:
    sample(db_url)
    assert ids(db_url, query) == expected


@pytest.mark.parametrize(
    ("query", "options", "expected"),
    [
        ("", {"author": "劉瓊"}, {1, 2}),
        ("", {"author": "刘琼"}, {1, 2}),
        ("author:劉瓊", {}, {1, 2}),
        ("工会 author:张三", {}, {3}),
        ("工会 -author:张三", {}, {1, 2}),
        ("", {"author": "刘"}, set()),
        ("", {"editor": "陈红"}, {2}),
        ("editor:王敏", {}, {1}),
        ("", {"source": "工人日報"}, {1, 2}),
        ('source:"人民网"', {}, {3}),
        ("", {"source": "工人"}, set()),
        ("", {"site": "people_acftu"}, {1, 3}),
        ("site:workercn_big5", {}, {2}),
        ("", {"channel": "中国工会新闻"}, {1, 2}),
        ("channel:要闻", {}, {1}),
        ("", {"channel": "工会"}, set()),
        ("", {"since": "2024"}, {1, 3}),
        ("", {"since": "2024-01-01"}, {1, 3}),
        ("", {"since": date(2024, 5, 10)}, {1}),
        ("", {"until": "2023-12-31"}, {2}),
        ("", {"until": "2023"}, {2}),
        ("until:2024-05-09", {}, {2, 3}),
        ("since:2024-01 until:2024-01", {}, {3}),
        ("工会", {"since": "2024-05", "until": "2024-05", "author": "劉瓊"}, {1}),
    ],
)
def test_filters(db_url: str, query: str, options: dict[str, object], expected: set[int]) -> None:
    sample(db_url)
    assert ids(db_url, query, **options) == expected


@pytest.mark.parametrize("query", INJECTIONS)
def test_syntax_characters_are_data(db_url: str, query: str) -> None:
    sample(db_url)
    result = Archive(db_url).search(query)
    assert result.total == len(result.results)
    assert Archive(db_url).counts()["articles"] == 4


def test_bad_date_is_a_clear_error(db_url: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        Archive(db_url).search("since:yesterday")


def test_title_matches_rank_above_body_matches(db_url: str) -> None:
    add(
        db_url,
        make_article(1, title="体育新闻", body=["足球 足球 足球，足球比赛，足球场上的足球。"]),
        make_article(2, title="足球新闻", body=["今天有一场比赛。"]),
    )
    result = Archive(db_url).search("足球")
    assert [r["id"] for r in result.results] == [2, 1]
    assert result.results[0]["score"] > result.results[1]["score"]


def test_sort_by_date_and_paging(db_url: str) -> None:
    sample(db_url)
    archive = Archive(db_url)
    assert [r["id"] for r in archive.search("", sort="date").results] == [1, 3, 2, 4]
    page = archive.search("工会", sort="date", limit=1, offset=1)
    assert page.total == 3
    assert [r["id"] for r in page.results] == [3]
    assert archive.search("工会", limit=0).results == []


def test_result_shape_and_snippet(db_url: str) -> None:
    sample(db_url)
    result = Archive(db_url).search("工會 技能")
    data = result.to_dict()
    assert data["query"] == "工會 技能"
    assert isinstance(data["took_ms"], float) and data["took_ms"] > 0
    assert data["total"] == 2
    first = next(r for r in data["results"] if r["id"] == 1)
    assert first["url"] == "http://example.com/a/1.html"
    assert first["title"] == "全国总工会举办职工技能大赛"
    assert first["published_at"] == "2024-05-10T08:00+08:00"
    assert first["authors"] == ["刘琼"] and first["editors"] == ["王敏"]
    marked = [first["snippet"][s:e] for s, e in first["highlights"]]
    assert marked[:3] == ["工会", "技能", "工会"]
    trad = next(r for r in data["results"] if r["id"] == 2)
    assert [trad["snippet"][s:e] for s, e in trad["highlights"]][:2] == ["工會", "技能"]


def test_new_version_is_what_is_found(db_url: str) -> None:
    (first,) = add(db_url, make_article(1, title="旧标题", body=["工会新闻"]))
    (again,) = add(db_url, make_article(1, title="新标题", body=["职工新闻"]))
    assert first == again
    assert ids(db_url, "工会") == set()
    assert ids(db_url, "职工") == {first}
    assert ids(db_url, "新标题") == {first}


def test_one_character_query_finds_every_position(db_url: str) -> None:
    add(
        db_url,
        make_article(1, title="甲", body=["工会"]),
        make_article(2, title="乙", body=["会议"]),
        make_article(3, title="丙", body=["人民大会堂"]),
        make_article(4, title="丁", body=["开，会，了"]),
        make_article(5, title="戊", body=["會"]),
        make_article(6, title="己", body=["工人"]),
    )
    assert ids(db_url, "会") == {1, 2, 3, 4, 5}
    assert ids(db_url, "會") == {1, 2, 3, 4, 5}
    assert ids(db_url, "会 -议") == {1, 3, 4, 5}
    assert ids(db_url, "会 OR 人") == {1, 2, 3, 4, 5, 6}
    assert ids(db_url, '"会"') == {1, 2, 3, 4, 5}


def test_relevance_ranks_the_newest_matches_when_there_are_many(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive import search as search_module

    add(
        db_url,
        make_article(1, title="工会工会", body=["工会"]),
        make_article(2, title="其他", body=["工会"]),
        make_article(3, title="其他", body=["工会 工会"]),
        make_article(4, title="其他", body=["职工"]),
    )
    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    result = Archive(db_url).search("工会")
    assert result.total == 3
    assert [r["id"] for r in result.results] == [3, 2]
    assert [r["id"] for r in Archive(db_url).search("工会", sort="date").results] == [3, 2, 1]
    assert {r["id"] for r in Archive(db_url).search("工会 OR 职工", site="example").results} == {3, 4}


def test_chinese_right_after_digits_or_latin_is_found(db_url: str) -> None:
    add(
        db_url,
        make_article(1, title="第3届工会大会召开", body=["2024年全国职工技能大赛在APP上报名。"]),
        make_article(2, title="第4届职工运动会", body=["2023年工会活动。"]),
    )
    assert ids(db_url, "工会") == {1, 2}
    assert ids(db_url, "职工") == {1, 2}
    assert ids(db_url, "年全国") == {1}
    assert ids(db_url, "第3届") == {1}
    assert ids(db_url, "第5届") == set()
    assert ids(db_url, '"3届工会"') == {1}
    assert ids(db_url, "2024年") == {1}
    assert ids(db_url, "APP上报名") == {1}
    assert ids(db_url, "app报名") == set()
    assert ids(db_url, "届") == {1, 2}
    assert ids(db_url, '"第 动"') == {2}
    assert ids(db_url, "-第3届") == {2}
    assert ids(db_url, "第3届 OR 2023年") == {1, 2}


def test_past_the_exact_limit_totals_are_estimates_and_date_order_walks_the_dates(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive import search as search_module

    # Ids 1-8; 工会 in 1, 2, 4, 6, 7, 8 (dates out of id order), 职工 in the rest.
    days = {1: 20, 2: 3, 3: 9, 4: 27, 5: 1, 6: 14, 7: 2, 8: 5}
    add(
        db_url,
        *(
            make_article(
                n,
                title="通知",
                body=["工会" if n in (1, 2, 4, 6, 7, 8) else "职工"],
                source="工人日报" if n % 2 == 0 else "中工网",
                published_at=Published.beijing(2024, 5, day, 8, 0),
            )
            for n, day in days.items()
        ),
    )
    exact = Archive(db_url).search("工会", sort="date")
    assert (exact.total, exact.total_exact) == (6, True)
    assert [r["id"] for r in exact.results] == [4, 1, 6, 8, 2, 7]
    monkeypatch.setattr(search_module, "EXACT_LIMIT", 3)
    estimated = Archive(db_url).search("工会", sort="date")
    # The 4 newest matches (ids 8, 7, 6, 4) span ids 4-8 of 1-8: 4 * 8 / 5 = 6.4.
    assert (estimated.total, estimated.total_exact) == (6, False)
    assert estimated.to_dict()["total_exact"] is False
    assert [r["id"] for r in estimated.results] == [4, 1, 6, 8, 2, 7]
    paged = Archive(db_url).search("工会", sort="date", limit=2, offset=3)
    assert [r["id"] for r in paged.results] == [8, 2]
    filtered = Archive(db_url).search("工会", sort="date", source="工人日报")
    # Matches 8, 6, 4, 2 span ids 2-8: 4 * 8 / 7 = 4.6.
    assert ([r["id"] for r in filtered.results], filtered.total, filtered.total_exact) == ([4, 6, 8, 2], 5, False)
    # The date walk tests a site or source on the row too (SQLite: the (site, date) index).
    by_site = Archive(db_url).search("工会", sort="date", site="example", source="工人日报")
    assert [r["id"] for r in by_site.results] == [4, 6, 8, 2]
    assert Archive(db_url).search("工会", sort="date", site="elsewhere").results == []
    negated = Archive(db_url).search("工会 -source:工人日报", sort="date")
    assert [r["id"] for r in negated.results] == [1, 7]
    assert Archive(db_url).search("职工", sort="date").total_exact is True
