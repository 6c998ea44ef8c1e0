"""`union-archive reparse`: after a parser fix, stored snapshots are parsed again; changed output adds a version."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from mirror.build_demo import ARTICLES
from mirror.server import MirrorServer
from tests.e2e.conftest import cli, cli_json, crawl_cli


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
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"new": 0, "updated": 1, "unchanged": 4, "failed": 0, "no snapshot": 0}
    changes = cli_json(db_url, "diff", str(article_id), "--json")
    assert changes["changed"] == {"title": {"from": "旧解析器标题", "to": target.title}}
    assert cli_json(db_url, "show", str(article_id), "--json")["title"] == target.title

    again = cli(db_url, "reparse", "--json")
    assert json.loads(again.stdout) == {"new": 0, "updated": 0, "unchanged": 5, "failed": 0, "no snapshot": 0}
    assert cli(db_url, "reparse", "--site", "no_such_site", "--json").stdout.strip() == json.dumps(
        {"new": 0, "updated": 0, "unchanged": 0, "failed": 0, "no snapshot": 0}
    )
