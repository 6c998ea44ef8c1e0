"""Hostile queries on a 10,000-article archive, on SQLite and PostgreSQL (issue 13): each one is
answered (results, or a clear `QueryError` for a query over the limits) in under a second, with
no traceback, crash or recursion error."""

from __future__ import annotations

import json
import time

import pytest

from archive import Archive
from archive.db import get_engine
from archive.query import MAX_QUERY_CHARS, MAX_TERMS, QueryError
from core.article import Article, Published
from tests.conftest import empty_archive

ARTICLES = 10_000
WORDS = ("工会", "职工", "技能", "大赛", "权益", "保障", "劳动", "模范", "服务", "站点", "温暖", "困难")
HOSTILE = [
    "工会",
    "工",
    "會",
    "工会 职工 技能 大赛 权益 保障 劳动 模范 服务 站点 温暖 困难",
    " OR ".join(WORDS),
    " ".join(f"-{word}{n}" for n, word in zip(range(MAX_TERMS - 1), WORDS * 3, strict=False)) + " 工会",
    " ".join(["工会"] * MAX_TERMS),
    "工" * MAX_QUERY_CHARS,
    "工" * 100_000,
    " ".join(f"w{n}" for n in range(10_000)),
    " ".join(f"-排除{n}" for n in range(200)),
    '"' * 500,
    "(" * 400 + "工会" + ")" * 400,
    "NEAR(工会 职工) AND NOT OR *",
    "工会' OR 1=1 --",
    "😀",
    "\x00",
    "%_%",
    "title:工会",
    "author:" + "李" * 900,
    "since:2024-01 until:2023-01 工会",
    "工会 -工会",
    "a" * 999,
    "\u202e工会\u202d",
]


def archive_of(db_url: str) -> Archive:
    archive = Archive(db_url)
    lines = []
    for n in range(ARTICLES):
        words = [WORDS[(n * 7 + k) % len(WORDS)] for k in range(6)]
        article = Article(
            url=f"http://news.example.com/{n}.html",
            site=("people_acftu", "workercn", "news.example.com")[n % 3],
            title=f"{words[0]}{words[1]}第{n}号",
            authors=[f"作者{n % 50}"],
            source=("工人日报", "中工网")[n % 2],
            published_at=Published.beijing(2020 + n % 5, 1 + n % 12, 1 + n % 28, 8, 0),
            body=["，".join(words) + "。", f"第{n}篇报道：{''.join(words[2:])}。"],
        )
        lines.append(json.dumps(article.to_dict(), ensure_ascii=False))
    report = archive.import_lines(lines, batch_size=2000)
    assert report.new == ARTICLES
    return archive


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def big_archive(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Archive:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('queries') / 'archive.sqlite'}"
    else:
        url = request.getfixturevalue("pg_database")
        empty_archive(url)
    archive = archive_of(url)
    yield archive
    get_engine(url).dispose()


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:24]))
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_hostile_query_is_answered_within_a_second(big_archive: Archive, query: str, sort: str) -> None:
    started = time.perf_counter()
    try:
        result = big_archive.search(query, sort=sort, source="工人日报" if "工会" in query else None)
    except QueryError as refused:
        assert str(refused)
        result = None
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    if result is not None:
        assert result.total >= len(result.results)
