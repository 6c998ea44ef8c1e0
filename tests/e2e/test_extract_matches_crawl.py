"""`union-archive extract --jsonl` prints exactly the article a crawl stores (issue 10).

Mirror pages: every portal (and the hexi site file) is crawled for real on the mirror, then each
stored article is compared with `extract` of the same bytes. Corpus pages (read in place from
../shared/corpus): each response goes through the spiders' own callback and the project's item
pipelines into a real SQLite archive, and is compared with `extract` of the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from scrapy import Spider
from scrapy.http import HtmlResponse, Request
from scrapy.utils.misc import build_from_crawler

from archive import Archive
from cli import main
from mirror.build_portals import HEXI_FILE, HEXI_PAGES
from mirror.server import DEMO_ROOT, Mirror, MirrorServer
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from scraper.items import ArticleItem, PageFailure, PageRecord, page_item
from scraper.spiders.generic import GenericSiteSpider
from scraper.spiders.loader import load_registry, spider_class
from tests.e2e.conftest import crawl_cli
from tests.e2e.test_crawl_site import CITY, crawl_site
from tests.support import project_crawler

MIRROR_PAGES = sorted(p.parent for root in (DEMO_ROOT, HEXI_PAGES) for p in root.rglob("expected.json"))


def extracted(body: Path, url: str, content_type: str | None, *sites: str) -> dict[str, Any]:
    """`union-archive extract --jsonl` of one file, without its `input` key."""
    args = ["extract", str(body), "--url", url, "--jsonl"]
    if content_type:
        args += ["--content-type", content_type]
    for site_file in sites:
        args += ["--sites", site_file]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    record = json.loads(result.output)
    record.pop("input")
    return record


def stored(archive: Archive, url: str) -> dict[str, Any] | None:
    """The stored article of a page, as `Article.to_dict()` (what a version keeps)."""
    found = [row for row in archive.iter_export("") if url in (row["url"], row["canonical_url"])]
    return found[0] if found else None


@pytest.fixture(scope="module")
def mirror_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    folder = tmp_path_factory.mktemp("crawled")
    db_url = f"sqlite:///{folder / 'archive.sqlite'}"
    with MirrorServer(Mirror(DEMO_ROOT, HEXI_PAGES)) as server:
        portals = crawl_cli(db_url, server.url, folder / "data", "--all", "--sites", str(HEXI_FILE))
        city = crawl_site(db_url, server.url, CITY)
    for result in (portals, city):
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
    yield Archive(db_url)


@pytest.mark.parametrize("folder", MIRROR_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mirror_page_extracts_to_what_the_crawl_stored(mirror_archive: Archive, folder: Path) -> None:
    meta = json.loads((folder / "response.json").read_text(encoding="utf-8"))
    article = stored(mirror_archive, meta["url"])
    assert article is not None, f"the crawl stored no article for {meta['url']}"
    sites = [str(HEXI_FILE)] if folder.is_relative_to(HEXI_PAGES) else []
    assert extracted(folder / "body", meta["url"], meta["headers"].get("Content-Type"), *sites) == article


def corpus_pages(corpus: Path) -> list[tuple[Path, str]]:
    """(file, URL) of every labelled corpus page; pages without a known URL get one on a reserved host."""
    pages = []
    for line in (corpus / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        pages.append((corpus / "pages" / label["file"], label["url"] or f"http://corpus.invalid/{label['file']}"))
    return pages


def crawl_items(url: str, body: bytes) -> list[ArticleItem | PageFailure]:
    """What the spider that crawls `url` yields for its response: the portal's spider for a portal's
    page, else the generic spider of `crawl-site`, started at that page."""
    registry = load_registry([])
    portal = registry.portal_for(url)
    response = HtmlResponse(url, body=body, request=Request(url))
    crawler = project_crawler()
    if portal is not None:
        spider = spider_class(portal, registry).from_crawler(crawler)
        return list(spider.parse_article(response))
    generic = GenericSiteSpider.from_crawler(crawler, url=url)
    return [page_item(PageRecord.from_response(response), generic.host)]


def test_corpus_pages_extract_to_what_the_crawl_stores(corpus_dir: Path, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    crawler = project_crawler(ARCHIVE_DB=db_url)
    crawler.spider = Spider.from_crawler(crawler, name="corpus")
    pipelines = [build_from_crawler(DedupePipeline, crawler), build_from_crawler(StorePipeline, crawler)]
    pipelines[1].open_spider()
    pages = corpus_pages(corpus_dir)
    for path, url in pages:
        for item in crawl_items(url, path.read_bytes()):
            for pipeline in pipelines:
                item = pipeline.process_item(item)
    pipelines[1].close_spider()
    archive = Archive(db_url)
    mismatched = []
    for path, url in pages:
        record = extracted(path, url, None)
        if "error" in record:
            mismatched.append((path.name, "extract failed", record["error"]))
        elif record != stored(archive, url):
            mismatched.append((path.name, "differs", {k for k in record if record[k] != (stored(archive, url) or {}).get(k)}))
    assert mismatched == []
