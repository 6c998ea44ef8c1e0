"""`union-archive reparse`: after a parser fix, stored snapshots are parsed again; changed output adds a version."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from sqlalchemy import create_engine, text

from archive.db import sqlite_module
from mirror.build_demo import ARTICLES
from mirror.server import MirrorServer
from tests.e2e.conftest import cli, cli_json, crawl_cli

MALFORMED_FAILING = {
    "url": "http://acftu.people.com.cn/n1/2023/1229/c67502-40148099.html",
    "stage": "parse",
    "reason": "ParseError: people: no headline (h1) found; not an article page",
}
"""The demo's one page that is not an article, as reparse reports it."""


def test_reparse_adds_versions_only_where_output_changes(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    assert crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu").returncode == 0
    target = ARTICLES[2]
    # The archive as an older, buggy parser left it: a wrong title in the stored version of one article.
    engine = create_engine(db_url)
    with engine.begin() as connection:
        article_id = connection.execute(
            text("SELECT id FROM articles WHERE canonical_url = :u"), {"u": target.url}
        ).scalar_one()
        connection.execute(
            text("UPDATE article_versions SET content_hash = 'old-parser', "
                 "data = json_set(data, '$.title', '旧解析器标题') WHERE article_id = :i"),
            {"i": article_id},
        )
        connection.execute(
            text("UPDATE articles SET content_hash = 'old-parser', title = '旧解析器标题' WHERE id = :i"),
            {"i": article_id},
        )
    engine.dispose()

    first = cli(db_url, "reparse", "--site", "people_acftu", "--json")
    # The demo's one page that is not an article (a recorded parse failure) fails again.
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {
        "new": 0, "updated": 1, "unchanged": 4, "failed": 0, "no snapshot": 0, "recovered": 0, "still failing": 1,
        "failing": [MALFORMED_FAILING],
    }
    changes = cli_json(db_url, "diff", str(article_id), "--json")
    assert changes["changed"] == {"title": {"from": "旧解析器标题", "to": target.title}}
    assert cli_json(db_url, "show", str(article_id), "--json")["title"] == target.title

    again = cli(db_url, "reparse", "--json")
    assert json.loads(again.stdout) == {
        "new": 0, "updated": 0, "unchanged": 5, "failed": 0, "no snapshot": 0, "recovered": 0, "still failing": 1,
        "failing": [MALFORMED_FAILING],
    }
    # A site the archive does not hold is an error naming the sites it does (issue 13), not zero counts.
    unknown = cli(db_url, "reparse", "--site", "no_such_site", "--json")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == "error: no site 'no_such_site' in the archive (its sites: people_acftu)\n"
    listed = cli(db_url, "reparse").stdout.splitlines()
    assert listed[1:] == [f"  {MALFORMED_FAILING['url']}: parse: {MALFORMED_FAILING['reason']}"]


def test_reparse_recovers_pages_that_failed_to_parse(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    assert crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu").returncode == 0
    target = ARTICLES[2]
    # The archive as an older parser left it: the page failed to parse (its bytes kept), no article.
    # (The archive's own SQLite driver: deleting an article deletes its contentless index entry.)
    engine = create_engine(db_url, module=sqlite_module())
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys = ON"))
        snapshot = connection.execute(
            text("SELECT url, headers, body_zlib FROM snapshots WHERE url = :u ORDER BY id DESC LIMIT 1"),
            {"u": target.url},
        ).one()
        connection.execute(text("DELETE FROM articles WHERE canonical_url = :u"), {"u": target.url})
        connection.execute(text("DELETE FROM snapshots WHERE url = :u"), {"u": target.url})
        failure = (
            "INSERT INTO failures (url, site, stage, reason, status, headers, body_zlib, created_at)"
            " VALUES (:url, 'people_acftu', :stage, 'ValueError: old parser', 200, :headers, :body, '2024-05-10')"
        )
        for stage in ("validate", "parse"):
            connection.execute(
                text(failure), {"url": snapshot.url, "stage": stage, "headers": snapshot.headers, "body": snapshot.body_zlib}
            )
        connection.execute(
            text(failure),
            {"url": "http://not-an-article.invalid/1.html", "stage": "parse", "headers": "{}",
             "body": zlib.compress("<html><body>不是文章</body></html>".encode())},
        )
    engine.dispose()
    assert cli_json(db_url, "search", target.title, "--json")["total"] == 0

    first = cli_json(db_url, "reparse", "--json")
    # The demo's one page that is not an article fails again, and so does the new one here.
    assert (first["unchanged"], first["recovered"], first["still failing"]) == (4, 1, 2)
    hit = cli_json(db_url, "search", target.title, "--json")["results"]
    assert [h["title"] for h in hit] == [target.title]
    article = cli_json(db_url, "show", str(hit[0]["id"]), "--json")
    assert article["authors"] == list(target.authors)
    again = cli_json(db_url, "reparse", "--json")
    assert (again["unchanged"], again["recovered"], again["still failing"]) == (5, 0, 2)
