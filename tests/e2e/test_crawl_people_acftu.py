"""`scrapy crawl people_acftu` against the demo mirror, then the CLI reads the archive back."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from sqlalchemy import create_engine, text

from mirror.server import DEMO_ROOT, MirrorServer
from tests.e2e.conftest import cli, cli_json, run_scrapy

PAGES = DEMO_ROOT / "acftu.people.com.cn"
EXPECTED = {
    json.loads((p / "response.json").read_text())["url"]: json.loads((p / "expected.json").read_text())
    for p in PAGES.iterdir()
    if (p / "expected.json").exists()
}


def test_crawl_stores_every_article_and_every_failure(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_file = tmp_path / "archive.sqlite"
    db_url = f"sqlite:///{db_file}"
    result = run_scrapy("people_acftu", mirror_server.url, db_url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'finish_reason': 'finished'" in result.stderr

    engine = create_engine(db_url)
    with engine.connect() as connection:
        urls = set(connection.execute(text("SELECT canonical_url FROM articles")).scalars())
        failures = connection.execute(
            text("SELECT url, stage, reason, status, body_zlib FROM failures ORDER BY url")
        ).all()
        snapshots = connection.execute(text("SELECT url, body_zlib, encoding FROM snapshots")).all()
    engine.dispose()

    assert urls == set(EXPECTED)
    malformed, server_error = failures
    assert malformed.url == "http://acftu.people.com.cn/n1/2023/1229/c67502-40148099.html"
    assert (malformed.stage, malformed.status) == ("parse", 200)
    assert malformed.reason.startswith("ParseError: ")
    assert zlib.decompress(malformed.body_zlib) == (PAGES / "n1_2023_1229_c67502-40148099.html" / "body").read_bytes()
    assert server_error.url == "http://acftu.people.com.cn/n1/2023/1230/c67502-40148500.html"
    assert (server_error.stage, server_error.status, server_error.reason) == ("fetch", 500, "HTTP 500 from server")
    for snapshot in snapshots:
        folder = PAGES / snapshot.url.split("://", 1)[1].split("/", 1)[1].replace("/", "_")
        assert zlib.decompress(snapshot.body_zlib) == (folder / "body").read_bytes()
        assert snapshot.encoding == "gb18030"


def test_search_and_show_after_crawl(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    assert run_scrapy("people_acftu", mirror_server.url, db_url).returncode == 0

    found = cli_json(db_url, "search", "工会", "--json")
    assert found["query"] == "工会"
    assert found["total"] == 5
    assert isinstance(found["took_ms"], float | int)

    skills = cli_json(db_url, "search", "職工技能大賽", "--json")
    assert [r["title"] for r in skills["results"]] == ["第二届全国职工职业技能大赛决赛在天津开幕"]

    seed = cli_json(db_url, "search", "生根结果", "--json")
    assert seed["total"] == 1
    article = cli_json(db_url, "show", str(seed["results"][0]["id"]), "--json")
    expected = EXPECTED["http://acftu.people.com.cn/n1/2023/1225/c67502-40146023.html"]
    for field, value in expected.items():
        assert article[field] == value, field

    assert cli(db_url, "search", "没有这个词", "--json").returncode == 0
    assert cli_json(db_url, "search", "没有这个词", "--json")["total"] == 0
