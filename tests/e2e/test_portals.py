"""`scrapy crawl <union portal>` against the mirror's RECONSTRUCTED pages; stored values must match expected.json."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from core.sites import BUILTIN
from mirror.server import DEMO_ROOT, MirrorServer
from tests.e2e.conftest import cli_json, run_scrapy

SPIDERS = (
    "workercn", "workercn_big5", "acftu_org", "jilin_federation", "beijing_federation", "shanghai_federation",
    "guangdong_federation",
)
"""The unverified built-in portals; each one's mirror pages are on the host of its declared start URL."""
FIELDS = ("site", "title", "pretitle", "subtitle", "authors", "editors", "source", "published_at", "body", "encoding")


def expected_for(spider: str) -> dict[str, dict[str, object]]:
    portal = BUILTIN.portal(spider)
    assert portal is not None
    pages = DEMO_ROOT / (urlsplit(portal.start_urls[0]).hostname or "")
    return {
        json.loads((p / "response.json").read_text())["url"]: json.loads((p / "expected.json").read_text())
        for p in pages.iterdir()
        if (p / "expected.json").exists()
    }


@pytest.mark.parametrize("spider", sorted(SPIDERS))
def test_crawl_stores_expected_values(spider: str, mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = run_scrapy(spider, mirror_server.url, db_url, "DOWNLOAD_DELAY=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'finish_reason': 'finished'" in result.stderr

    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, canonical_url FROM articles")).all()
        failures = connection.execute(text("SELECT url, reason FROM failures")).all()
    engine.dispose()

    expected = expected_for(spider)
    assert failures == []
    assert {row.canonical_url for row in rows} == set(expected)
    for row in rows:
        stored = cli_json(db_url, "show", str(row.id), "--json")
        want = expected[row.canonical_url]
        for field in FIELDS:
            assert stored[field] == want[field], (row.canonical_url, field)
        assert stored["body"][0] == want["body"][0]  # type: ignore[index]


def test_trs_pager_is_followed(mirror_server: MirrorServer, tmp_path: Path) -> None:
    """acftu.org's second list page is only linked by its `createPageHTML` script."""
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    assert run_scrapy("acftu_org", mirror_server.url, db_url, "DOWNLOAD_DELAY=0").returncode == 0
    found = cli_json(db_url, "search", "劳动和经济工作座谈会", "--json")
    assert [r["title"] for r in found["results"]] == ["工会劳动和经济工作座谈会在京召开"]


def test_sites_lists_unverified_profiles() -> None:
    from scraper.crawl import spider_classes

    classes = spider_classes()
    assert classes["people_acftu"].portal.verified
    for spider in SPIDERS:
        assert classes[spider].portal.verified is False
