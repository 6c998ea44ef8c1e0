"""Scheduled runs on the mirror: run 1 stores the site; the site gains two articles and edits two;
run 2 fetches only what it must and stores the new articles and a second version of each edited
one; run 3 on the unchanged site stores nothing. Request counts come from the mirror's log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from mirror.build_demo import ARTICLES, HOST
from mirror.server import MirrorServer
from tests.e2e.conftest import RECHECK_ALL, clear_requests, cli, cli_json, crawl_cli, mirror_requests
from tests.e2e.demo_edits import add_articles, edit, new_article

ROBOTS = f"http://{HOST}/robots.txt"
HEAD = f"http://{HOST}/GB/67502/index.html"
PAGE_2 = f"http://{HOST}/GB/67502/index2.html"
SERVER_ERROR = f"http://{HOST}/n1/2023/1230/c67502-40148500.html"
MALFORMED = f"http://{HOST}/n1/2023/1229/c67502-40148099.html"
SEED = f"http://{HOST}/n1/2023/1225/c67502-40146023.html"
DEMO_URLS = sorted([SEED, *(a.url for a in ARTICLES)])
PICTURE = f"http://{HOST}/NMediaFile/2023/1228/MAIN202312281805000000001.jpg"
"""The picture of the 12-28 article, fetched with it (issue 18)."""


def summary(result: Any) -> dict[str, Any]:
    assert result.returncode == 0, result.stderr[-3000:]
    (only,) = json.loads(result.stdout)
    return only


def versions(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT a.canonical_url, count(v.id) FROM articles a JOIN article_versions v ON v.article_id = a.id "
                 "GROUP BY a.canonical_url")
        ).all()
    engine.dispose()
    return dict(rows)


def article_id(db_url: str, url: str) -> int:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        found = connection.execute(text("SELECT id FROM articles WHERE canonical_url = :u"), {"u": url}).scalar_one()
    engine.dispose()
    return int(found)


def test_runs_fetch_only_what_changed_and_keep_versions(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    data = tmp_path / "data"
    args = ("people_acftu", *RECHECK_ALL, "-s", "ARCHIVE_STOP_AFTER_KNOWN=3")

    first = summary(crawl_cli(db_url, mirror_server.url, data, *args))
    assert (first["articles_new"], first["failures"]) == (5, 2)
    assert versions(db_url) == dict.fromkeys(DEMO_URLS, 1)

    fresh = [new_article(1), new_article(2)]
    add_articles(mirror_server.mirror, fresh)
    edited = [edit(mirror_server.mirror, 1, "驿站为快递员、外卖送餐员等提供饮水、热饭和休息服务，今年新增了应急药箱。"),
              edit(mirror_server.mirror, 3, "每个书屋配备图书3000册以上，并开通电子阅读平台。")]
    clear_requests(mirror_server)

    second = summary(crawl_cli(db_url, mirror_server.url, data, *args))
    # The list head (its known tail stops paging: no page 2), the two new articles, and a
    # conditional re-check of each of the five known ones; no retry of the failed pages.
    assert mirror_requests(mirror_server) == sorted([ROBOTS, HEAD, *(a.url for a in fresh), *DEMO_URLS])
    assert (second["articles_new"], second["articles_updated"], second["articles_unchanged"]) == (2, 2, 3)
    assert second["not_modified"] == 3
    assert second["failures"] == 0
    counts = versions(db_url)
    assert counts == {**dict.fromkeys(DEMO_URLS, 1), **dict.fromkeys([a.url for a in fresh], 1),
                      **dict.fromkeys([a.url for a in edited], 2)}

    article = article_id(db_url, edited[0].url)
    changes = cli_json(db_url, "diff", str(article), "--json")
    assert changes["from"]["version"] == 1 and changes["to"]["version"] == 2
    assert list(changes["changed"]) == ["body"]
    assert changes["changed"]["body"]["to"] == edited[0].body
    assert changes["changed"]["body"]["from"] == ARTICLES[1].body
    shown = cli(db_url, "diff", str(article))
    assert shown.returncode == 0, shown.stderr
    assert "+驿站为快递员、外卖送餐员等提供饮水、热饭和休息服务，今年新增了应急药箱。" in shown.stdout.splitlines()
    assert f"-{ARTICLES[1].body[1]}" in shown.stdout.splitlines()
    current = cli_json(db_url, "show", str(article), "--json")
    assert current["body"] == edited[0].body

    clear_requests(mirror_server)
    third = summary(crawl_cli(db_url, mirror_server.url, data, *args))
    assert mirror_requests(mirror_server) == sorted([ROBOTS, HEAD, *(a.url for a in fresh), *DEMO_URLS])
    assert (third["articles_new"], third["articles_updated"], third["not_modified"]) == (0, 0, 7)
    assert versions(db_url) == counts

    # Without re-checks (none of the demo articles is recent), an unchanged site costs the list head.
    clear_requests(mirror_server)
    fourth = summary(crawl_cli(db_url, mirror_server.url, data, "people_acftu", "-s", "ARCHIVE_STOP_AFTER_KNOWN=3"))
    assert mirror_requests(mirror_server) == [HEAD, ROBOTS]
    assert (fourth["articles_new"], fourth["articles_updated"], fourth["articles_unchanged"]) == (0, 0, 0)
    assert versions(db_url) == counts


def test_since_bounds_a_backfill(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = summary(crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu", "--since", "2023-12-28"))
    recent = sorted(a.url for a in ARTICLES if a.published >= "2023-12-28")
    assert mirror_requests(mirror_server) == sorted([ROBOTS, HEAD, PAGE_2, SERVER_ERROR, MALFORMED, *recent, PICTURE])
    assert result["articles_new"] == 2
    assert sorted(versions(db_url)) == recent
    engine = create_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT status, since FROM crawl_runs")).all() == [("finished", "2023-12-28")]
    engine.dispose()
