"""`Archive.check`: the archive's invariants and its search index, on both backends; `repair`.

Damage is made the way it happens: by hand, in SQL, behind the store's back.
"""

from __future__ import annotations

from archive_samples import add, make_article
from sqlalchemy import text

from archive.api import Archive
from archive.check import HASH_DIFFERS, PERSON_KEY, ROLES_DIFFER
from archive.db import transaction
from archive.searchindex import MISSING, STALE
from archive.store import Incoming, KnownIds, RawPage, store_articles


def sql(url: str, statement: str, **params: object) -> None:
    with transaction(url) as session:
        session.execute(text(statement), params)


def problems(url: str) -> list[tuple[str, int, list[int]]]:
    return [(p.what, p.count, p.ids) for p in Archive(url).check().problems]


def three(url: str) -> None:
    add(
        url,
        make_article(1, title="工会新闻", authors=["张华", "李明"], editors=["刘琼"]),
        make_article(2, title="职工技能", body=["技能大赛。"], source="工人日报", channel=["要闻"]),
        make_article(3, title="劳模风采", authors=["张华"]),
    )


def page(n: int, body: bytes) -> RawPage:
    return RawPage(f"http://example.com/a/{n}.html", 200, {"ETag": f'"{n}"'}, body)


def test_every_store_path_leaves_a_whole_archive(db_url: str) -> None:
    three(db_url)
    with transaction(db_url) as session:
        stored = store_articles(
            session,
            [
                Incoming(make_article(4, title="抓取"), page(4, b"<p>4</p>")),
                Incoming(make_article(4, title="抓取", body=["改过。"]), page(4, b"<p>4 again</p>")),
                Incoming(make_article(4, title="抓取", body=["又改过。"], authors=["王敏"]), page(4, b"<p>4</p>")),
                make_article(1, title="工会新闻", authors=["李明"], editors=["刘琼"]),
                make_article(2, title="职工技能", body=["技能大赛。"], source="工人日报", channel=["要闻"]),
            ],
            ids=KnownIds(),
        )
    assert [(s.article_id, s.version, s.outcome) for s in stored] == [
        (4, 1, "new"),
        (4, 2, "updated"),
        (4, 3, "updated"),
        (1, 2, "updated"),
        (2, 1, "unchanged"),
    ]
    report = Archive(db_url).check()
    assert report.problems == []
    assert report.counts == {
        "articles": 4, "versions": 7, "people": 4, "sites": 1, "snapshots": 3, "failures": 0, "indexed": 4
    }  # fmt: skip
    assert report.summary() == (
        "archive ok: 4 articles (7 versions), 4 people, 1 site, 3 snapshots, 0 failures; search index: 4 articles"
    )
    archive = Archive(db_url)
    assert [r["id"] for r in archive.search("又改过").results] == [4]
    assert archive.search("改过").total == 1
    assert archive.search("王敏").total == 0 and archive.search("", author="王敏").total == 1
    assert archive.search("", author="张华").total == 1


def test_deleted_index_entries_are_found_and_rebuilt(db_url: str) -> None:
    three(db_url)
    if db_url.startswith("sqlite"):
        sql(db_url, "DELETE FROM articles_fts WHERE rowid IN (1, 3)")
    else:
        sql(db_url, "DELETE FROM article_search WHERE id IN (1, 3)")
    assert problems(db_url) == [(MISSING, 2, [1, 3])]
    assert Archive(db_url).search("工会").total == 0
    report = Archive(db_url).check(repair=True)
    assert report.ok
    assert report.repaired == {"articles_rewritten": 0, "people_rekeyed": 0, "index_rebuilt": 3}
    assert Archive(db_url).search("工会").total == 1


def test_rows_changed_behind_the_index(db_url: str) -> None:
    three(db_url)
    # The current version's text lives on the article row (archive.store.versions): a row edited
    # by hand no longer hashes to its content hash, and the index no longer holds its forms
    # (the same token count: only the row's digest of what was indexed tells; then a shorter text).
    sql(db_url, "UPDATE articles SET title = replace(title, '工会', '职工') WHERE id = 1")
    sql(db_url, "UPDATE articles SET body = '[]' WHERE id = 2")
    assert problems(db_url) == [(HASH_DIFFERS, 2, [1, 2]), (STALE, 2, [1, 2])]
    assert Archive(db_url).check(repair=True).repaired == {
        "articles_rewritten": 0, "people_rekeyed": 0, "index_rebuilt": 3
    }  # fmt: skip
    assert problems(db_url) == [(HASH_DIFFERS, 2, [1, 2])]
    assert Archive(db_url).search("技能大赛").total == 0
    assert [r["id"] for r in Archive(db_url).search("职工新闻").results] == [1]


def test_index_entries_changed_behind_the_articles(db_url: str) -> None:
    three(db_url)
    if db_url.startswith("sqlite"):
        sql(db_url, "DELETE FROM articles_fts WHERE rowid = 2")
        sql(db_url, "INSERT INTO articles_fts (rowid, search_title, search_text, search_meta) VALUES (2, '职工', '', '')")
    else:
        sql(db_url, "UPDATE article_search SET search_vector = to_tsvector('simple', '职工') WHERE id = 2")
    assert problems(db_url) == [(STALE, 1, [2])]
    assert Archive(db_url).check(repair=True).ok


def test_roles_people_and_versions(db_url: str) -> None:
    three(db_url)
    sql(db_url, "DELETE FROM article_roles WHERE article_id = 1 AND role = 'editor'")
    sql(db_url, "UPDATE people SET search_name = 'x' WHERE name = '李明'")
    sql(db_url, "UPDATE article_versions SET content_hash = 'old' WHERE article_id = 3")
    sql(db_url, "UPDATE articles SET content_hash = 'old' WHERE id = 3")
    assert problems(db_url) == [(ROLES_DIFFER, 1, [1]), (HASH_DIFFERS, 1, [3]), (PERSON_KEY, 1, [2])]
    report = Archive(db_url).check(repair=True)
    assert report.repaired == {"articles_rewritten": 1, "people_rekeyed": 1, "index_rebuilt": 3}
    # A version's recorded hash is history: repair leaves it, and the check still reports it.
    assert [(p.what, p.ids) for p in report.problems] == [(HASH_DIFFERS, [3])]
    assert Archive(db_url).search("", editor="刘琼").total == 1
    assert Archive(db_url).search("", author="李明").total == 1


def test_versions_that_do_not_add_up(db_url: str) -> None:
    three(db_url)
    sql(db_url, "UPDATE articles SET version = 2 WHERE id = 2")
    lines = [p.line() for p in Archive(db_url).check(repair=True).problems]
    assert lines == [
        "articles without their current version: 1 (ids 2)",
        "articles whose versions are not numbered 1 to the current one: 1 (ids 2)",
    ]
