"""`union-archive crawl-site URL` on the mirror: a made-up city federation site and a provincial portal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from mirror.server import DEMO_ROOT, MirrorServer
from tests.e2e.conftest import REPO, cli_json

CITY = "http://zgh.qinghe.example/"
CITY_ARTICLES = {
    "http://zgh.qinghe.example/news/2023/1226/1001.html",
    "http://zgh.qinghe.example/news/2023/1220/998.html",
    "http://zgh.qinghe.example/news/2022/1115/640.html",
}
FIELDS = ("title", "authors", "editors", "source", "published_at", "body")


def crawl_site(db_url: str, mirror_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "cli", "--db", db_url, "crawl-site", *args,
        "--mirror", mirror_url, "--no-progress", "-s", "AUTOTHROTTLE_ENABLED=False",
    ]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def expected(url: str) -> dict[str, object]:
    for meta in DEMO_ROOT.rglob("response.json"):
        if json.loads(meta.read_text())["url"] == url:
            return json.loads((meta.parent / "expected.json").read_text())
    raise LookupError(url)


def stored(db_url: str) -> dict[str, dict[str, object]]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, canonical_url FROM articles")).all()
    engine.dispose()
    return {row.canonical_url: cli_json(db_url, "show", str(row.id), "--json") for row in rows}


def failures(db_url: str) -> list[tuple[str, str, str]]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT url, stage, reason FROM failures ORDER BY url")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def fetched(server: MirrorServer) -> list[str]:
    return [e["url"] for e in server.mirror.log if not e["url"].endswith("/robots.txt")]


def test_city_site_articles_stored_with_values(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = crawl_site(db_url, mirror_server.url, CITY)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "zgh.qinghe.example: 8 pages fetched, 3 new, 0 updated, 0 unchanged, 0 failures (finished)" in result.stdout

    articles = stored(db_url)
    assert set(articles) == CITY_ARTICLES
    for url, article in articles.items():
        want = expected(url)
        assert article["site"] == "zgh.qinghe.example"
        for field in FIELDS:
            assert article[field] == want[field], (url, field)
    assert failures(db_url) == []
    assert "http://zgh.qinghe.example/about.html" in fetched(mirror_server)
    assert not any("workercn" in url for url in fetched(mirror_server))


def test_depth_limit(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    assert crawl_site(db_url, mirror_server.url, CITY, "--depth", "2").returncode == 0
    # home (0) -> list page 1 (1) -> list page 2 (2) -> the 2022 article (3): out of reach
    assert set(stored(db_url)) == CITY_ARTICLES - {"http://zgh.qinghe.example/news/2022/1115/640.html"}
    assert "http://zgh.qinghe.example/news/index_2.html" in fetched(mirror_server)


def test_max_pages_limit(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    assert crawl_site(db_url, mirror_server.url, CITY, "--max-pages", "3").returncode == 0
    assert len(fetched(mirror_server)) == 3
    assert len(stored(db_url)) <= 2


def test_since_skips_older_articles(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    assert crawl_site(db_url, mirror_server.url, CITY, "--since", "2023-01-01").returncode == 0
    assert set(stored(db_url)) == CITY_ARTICLES - {"http://zgh.qinghe.example/news/2022/1115/640.html"}
    assert "http://zgh.qinghe.example/news/2022/1115/640.html" in fetched(mirror_server)


def test_dry_run_prints_and_stores_nothing(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_file = tmp_path / "archive.sqlite"
    result = crawl_site(f"sqlite:///{db_file}", mirror_server.url, CITY, "--dry-run")
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert {line["url"] for line in lines} == CITY_ARTICLES
    for line in lines:
        want = expected(line["url"])
        assert line["site"] == "zgh.qinghe.example"
        for field in FIELDS:
            assert line[field] == want[field], (line["url"], field)
    assert not db_file.exists()


def test_provincial_portal_through_generic_crawl(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = crawl_site(db_url, mirror_server.url, "https://www.bjzgh.org/ghzz/ghxw/index.html")
    assert result.returncode == 0, result.stderr[-3000:]
    articles = stored(db_url)
    want_urls = {
        json.loads((p / "response.json").read_text())["url"]
        for p in (DEMO_ROOT / "www.bjzgh.org").iterdir()
        if (p / "expected.json").exists()
    }
    assert set(articles) == want_urls
    for url, article in articles.items():
        assert article["site"] == "www.bjzgh.org"
        for field in FIELDS:
            assert article[field] == expected(url)[field], (url, field)
    # The list pages link a home page and an about page the mirror does not hold: recorded, not dropped.
    assert failures(db_url) == [
        ("https://www.bjzgh.org/", "fetch", "HTTP 404 from server"),
        ("https://www.bjzgh.org/about.html", "fetch", "HTTP 404 from server"),
    ]
