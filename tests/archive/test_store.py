"""Every way the store writes articles keeps the full-text index equal to the articles table.

The store writes the index itself through `archive.searchindex` (migrations 0006, 0009, 0014), on
SQLite's FTS5 table and PostgreSQL's `article_search` alike. The checks read the engines' own view:
FTS5's `integrity-check` and its token counts per entry, each `article_search` vector against
one computed from the article row's forms, and every row's digest of what was indexed.
"""

from __future__ import annotations

from archive_samples import add, make_article
from sqlalchemy import text

from archive import searchindex
from archive.api import Archive
from archive.db import transaction
from archive.store import Incoming, KnownIds, RawPage, store_article, store_articles


def assert_index_matches(url: str) -> None:
    with transaction(url) as session:
        if url.startswith("sqlite"):
            session.execute(text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)"))
        assert searchindex.problems(session.connection()) == []
        assert searchindex.entries(session.connection()) == session.scalar(text("SELECT count(*) FROM articles"))


def fetched(n: int, **fields: object) -> Incoming:
    article = make_article(n, **fields)
    return Incoming(article, RawPage(article.url, 200, {"Content-Type": "text/html"}, f"<p>{n}</p>".encode()))


def test_every_write_path_keeps_the_index(db_url: str) -> None:
    add(db_url, make_article(1, title="单篇写入", body=["工会新闻"]))
    with transaction(db_url) as session:
        outcomes = [
            s.outcome
            for s in store_articles(
                session,
                [
                    make_article(2, title="批量导入", body=["职工技能"]),
                    make_article(3, title="批量导入二"),
                    make_article(1, title="单篇写入", body=["工会新闻"]),
                    make_article(4, title="同批两次"),
                    make_article(4, title="同批两次", body=["第二版"]),
                ],
                ids=KnownIds(),
            )
        ]
    assert outcomes == ["new", "new", "unchanged", "new", "updated"]
    with transaction(db_url) as session:
        stored = store_articles(session, [fetched(5, title="抓取批次"), fetched(6, title="抓取批次二")])
        assert [s.outcome for s in stored] == ["new", "new"]
        assert store_article(session, make_article(2, title="批量导入", body=["改版后的正文"])).outcome == "updated"
    assert_index_matches(db_url)
    archive = Archive(db_url)
    assert {r["title"] for r in archive.search("批量").results} == {"批量导入", "批量导入二"}
    assert archive.search("改版").total == 1
    assert archive.search("职工技能").total == 0
    assert archive.search("第二版").total == 1
    assert archive.search("抓取").total == 2


def test_unchanged_articles_are_noted_in_bulk(db_url: str) -> None:
    add(db_url, make_article(1), make_article(2))
    with transaction(db_url) as session:
        before = dict(session.execute(text("SELECT id, last_checked_at FROM articles")).all())
    with transaction(db_url) as session:
        stored = store_articles(session, [make_article(2), make_article(1, body=["新的一段"]), make_article(1)])
    assert [(s.article_id, s.version, s.outcome) for s in stored] == [
        (2, 1, "unchanged"),
        (1, 2, "updated"),
        (1, 2, "unchanged"),
    ]
    with transaction(db_url) as session:
        after = dict(session.execute(text("SELECT id, last_checked_at FROM articles")).all())
    assert after[1] > before[1] and after[2] > before[2]
    assert_index_matches(db_url)
