"""`union-archive check` after every way articles get in (crawl, reparse, import-text, import), on
SQLite and PostgreSQL; index entries deleted behind the store's back make it fail, and `--repair`
mends them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from sqlalchemy import text

from archive.db import transaction
from mirror.server import MirrorServer
from tests.e2e.conftest import cli, cli_json, crawl_cli

# A text dump in the seed's shape, written for this test.
DUMP = """中国共产党新闻网>>中国工会新闻
市总工会举办职工技能大赛
王明 李华
2024年5月10日08:30  来源:工人日报
本报讯 市总工会日前举办职工技能大赛，三百名职工参赛。
大赛设焊工、电工等项目。
(责编:刘琼)
"""


def check(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return cli(db_url, "check", *args)


def passes(db_url: str) -> str:
    """The one-line summary of a check that passes."""
    result = check(db_url)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert len(result.stdout.splitlines()) == 1
    return result.stdout.strip()


def sql(db_url: str, statement: str, **params: object) -> None:
    with transaction(db_url) as session:
        session.execute(text(statement), params)


def test_check_passes_after_crawl_reparse_import_text_and_import(
    db_url: str, mirror_server: MirrorServer, tmp_path: Path
) -> None:
    assert crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu").returncode == 0
    assert passes(db_url) == (
        "archive ok: 5 articles (5 versions), 11 people, 1 site, 5 snapshots, 2 failures; search index: 5 articles"
    )

    # The archive as an older parser left one article; reparse makes it whole again.
    sql(db_url, "UPDATE article_versions SET content_hash = 'old-parser' WHERE article_id = 2")
    sql(db_url, "UPDATE articles SET content_hash = 'old-parser', title = '旧解析器标题' WHERE id = 2")
    broken = check(db_url)
    assert broken.returncode == 1
    # The row holds the current version's title (archive.store.versions), which the index lacks.
    assert broken.stdout.splitlines() == [
        "archive check: 2 problems found",
        "- articles whose current version's data does not hash to its content hash: 1 (ids 2)",
        "- articles whose search index entry is not their search forms: 1 (ids 2)",
    ]
    assert cli_json(db_url, "reparse", "--json")["updated"] == 1
    assert passes(db_url).startswith("archive ok: 5 articles (6 versions), 11 people, 1 site, 5 snapshots,")

    dump = tmp_path / "dump.txt"
    dump.write_text(DUMP, encoding="utf-8")
    imported = cli(db_url, "import-text", str(dump))
    assert imported.stdout == f"{dump}: article 6 (new), 0 repair(s): 市总工会举办职工技能大赛\n", imported.stderr
    article = cli_json(db_url, "show", "6", "--json")
    assert (article["site"], article["authors"], article["editors"]) == ("people_acftu", ["王明", "李华"], ["刘琼"])
    assert passes(db_url) == (
        "archive ok: 6 articles (7 versions), 13 people, 1 site, 6 snapshots, 2 failures; search index: 6 articles"
    )

    exported = [json.loads(line) for line in cli(db_url, "export", "--jsonl").stdout.splitlines()]
    changed = {**exported[0], "body": [*exported[0]["body"], "导入时加的一段。"]}
    added = {**exported[1], "url": "http://example.com/imported.html", "canonical_url": None, "authors": ["新作者"]}
    jsonl = tmp_path / "import.jsonl"
    jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in [*exported, changed, added]), "utf-8")
    report = cli_json(db_url, "import", str(jsonl), "--json")
    assert (report["new"], report["updated"], report["unchanged"]) == (1, 1, 6)
    assert passes(db_url) == (
        "archive ok: 7 articles (9 versions), 14 people, 1 site, 6 snapshots, 2 failures; search index: 7 articles"
    )
    assert cli_json(db_url, "search", "导入时加的一段", "--json")["total"] == 1


def test_deleted_index_entries_fail_the_check_and_repair_mends_them(
    db_url: str, mirror_server: MirrorServer, tmp_path: Path
) -> None:
    assert crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu").returncode == 0
    if db_url.startswith("sqlite"):
        sql(db_url, "DELETE FROM articles_fts WHERE rowid IN (1, 4)")
    else:
        sql(db_url, "DELETE FROM article_search WHERE id IN (1, 4)")
    assert cli_json(db_url, "search", "工会", "--json")["total"] == 3

    broken = check(db_url)
    assert broken.returncode == 1
    assert broken.stdout.splitlines() == [
        "archive check: 1 problem found",
        "- articles not in the search index: 2 (ids 1, 4)",
    ]
    as_json = check(db_url, "--json")
    assert as_json.returncode == 1
    assert json.loads(as_json.stdout)["problems"] == [
        {"problem": "articles not in the search index", "count": 2, "ids": [1, 4]}
    ]

    repaired = check(db_url, "--repair")
    assert repaired.returncode == 0, repaired.stdout
    assert repaired.stdout.splitlines() == [
        "repaired: 0 article rows rewritten, 0 people rekeyed, search index rebuilt (5 articles)",
        "archive ok: 5 articles (5 versions), 11 people, 1 site, 5 snapshots, 2 failures; search index: 5 articles",
    ]
    assert cli_json(db_url, "search", "工会", "--json")["total"] == 5
    again = check(db_url, "--repair", "--json")
    assert (again.returncode, json.loads(again.stdout)["repaired"]) == (0, None)
