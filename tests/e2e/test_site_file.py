"""A site a user adds without code: the hexi city federation's site file, crawled like a built-in portal.

Its RECONSTRUCTED mirror pages (mirror/sitefiles/pages) are built from the same file's selectors.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from mirror.build_portals import HEXI_FILE, HEXI_PAGES
from mirror.server import DEMO_ROOT, Mirror, MirrorServer
from tests.e2e.conftest import cli_json, crawl_cli, mirror_requests, run_scrapy

FIELDS = ("site", "title", "subtitle", "authors", "editors", "source", "published_at", "body", "encoding")
EXPECTED = {
    json.loads((p.parent / "response.json").read_text())["url"]: json.loads(p.read_text())
    for p in HEXI_PAGES.rglob("expected.json")
}


@pytest.fixture()
def city_mirror() -> Iterator[MirrorServer]:
    with MirrorServer(Mirror(DEMO_ROOT, HEXI_PAGES)) as server:
        yield server


def stored_articles(db_url: str) -> dict[str, dict[str, object]]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, canonical_url FROM articles WHERE canonical_url LIKE 'http://www.hexizgh.example/%'")
        ).all()
        failures = connection.execute(
            text("SELECT url FROM failures WHERE url LIKE 'http://www.hexizgh.example/%'")
        ).scalars().all()
    engine.dispose()
    assert failures == []
    return {row.canonical_url: cli_json(db_url, "show", str(row.id), "--json") for row in rows}


def assert_expected(db_url: str) -> None:
    stored = stored_articles(db_url)
    assert set(stored) == set(EXPECTED)
    for url, article in stored.items():
        assert {f: article[f] for f in FIELDS} == {f: EXPECTED[url][f] for f in FIELDS}, url


def test_crawl_name_with_sites_file_then_incremental(city_mirror: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = crawl_cli(db_url, city_mirror.url, tmp_path / "data", "hexi_federation", "--sites", str(HEXI_FILE))
    assert result.returncode == 0, result.stderr[-3000:]
    (summary,) = json.loads(result.stdout)
    assert (summary["spider"], summary["articles_new"], summary["failures"], summary["alerts"]) == (
        "hexi_federation", 3, 0, []
    )
    assert_expected(db_url)

    city_mirror.mirror.log.clear()
    again = crawl_cli(db_url, city_mirror.url, tmp_path / "data", "hexi_federation", "--sites", str(HEXI_FILE))
    assert again.returncode == 0, again.stderr[-3000:]
    assert json.loads(again.stdout)[0]["articles_new"] == 0
    assert mirror_requests(city_mirror) == [
        "http://www.hexizgh.example/robots.txt",
        "http://www.hexizgh.example/xwzx/index.html",
        "http://www.hexizgh.example/xwzx/index_1.html",
    ]


def test_crawl_all_includes_the_data_dir_site_files(city_mirror: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    (tmp_path / "data" / "sites").mkdir(parents=True)
    shutil.copy(HEXI_FILE, tmp_path / "data" / "sites" / "hexi.toml")
    result = crawl_cli(db_url, city_mirror.url, tmp_path / "data", "--all")
    assert result.returncode == 0, result.stderr[-3000:]
    summaries = {s["spider"]: s for s in json.loads(result.stdout)}
    assert sorted(summaries) == [
        "acftu_org", "beijing_federation", "guangdong_federation", "hexi_federation", "jilin_federation",
        "people_acftu", "shanghai_federation", "workercn", "workercn_big5",
    ]
    assert summaries["hexi_federation"]["articles_new"] == 3
    assert_expected(db_url)
    engine = create_engine(db_url)
    with engine.connect() as connection:
        status, health = connection.execute(
            text("SELECT status, health FROM crawl_runs WHERE spider = 'hexi_federation'")
        ).one()
    engine.dispose()
    health = json.loads(health) if isinstance(health, str) else health
    assert (status, health["articles"], health["alerts"]) == ("finished", {"new": 3, "updated": 0, "unchanged": 0}, [])


def test_scrapy_crawl_reads_the_site_file_setting(city_mirror: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = run_scrapy("hexi_federation", city_mirror.url, db_url, "DOWNLOAD_DELAY=0", f"ARCHIVE_SITE_FILES={HEXI_FILE}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert_expected(db_url)


def test_a_malformed_site_file_is_one_line_and_no_crawl(city_mirror: MirrorServer, tmp_path: Path) -> None:
    bad = tmp_path / "city.toml"
    bad.write_text(HEXI_FILE.read_text(encoding="utf-8").replace('title = "河西', 'titel = "河西'), encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = crawl_cli(db_url, city_mirror.url, tmp_path / "data", "hexi_federation", "--sites", str(bad))
    assert result.returncode == 1
    assert result.stderr == (
        f"Error: {bad}: sites[0].titel: unknown key (known: name, title, start_urls, article_url, list_url, hosts, "
        "pager, enabled, notes, selectors, meta, politeness)\n"
    )
    assert mirror_requests(city_mirror) == []
