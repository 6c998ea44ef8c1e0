"""acftu.org parser and the TRS script pager, on the RECONSTRUCTED mirror pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mirror.server import DEMO_ROOT
from scraper.decode import decode_html
from scraper.sites import acftu_org, extract, parser_for
from scraper.spiders.unions import trs_pages

PAGES = sorted(p for p in (DEMO_ROOT / "www.acftu.org").iterdir() if (p / "expected.json").exists())


@pytest.mark.parametrize("folder", PAGES, ids=lambda p: p.name)
def test_mirror_page_fields(folder: Path) -> None:
    meta = json.loads((folder / "response.json").read_text())
    decoded = decode_html((folder / "body").read_bytes(), meta["headers"]["Content-Type"])
    got = extract(meta["url"], decoded.text, decoded.encoding).to_dict()
    for field, value in json.loads((folder / "expected.json").read_text()).items():
        assert got[field] == value, field


def test_hosts() -> None:
    assert parser_for("https://www.acftu.org/xwdt/ghyw/202312/t20231226_1.html", "") is acftu_org
    assert parser_for("http://acftu.org.cn/x.html", "") is acftu_org


@pytest.mark.parametrize(
    ("script", "pages"),
    [
        ('var countPage = 3;\ncreatePageHTML(countPage, 0, "index", "html");', ["index.html", "index_1.html", "index_2.html"]),
        ("createPageHTML(2, 1, 'list', 'shtml');", ["list.shtml", "list_1.shtml"]),
        ("no pager here", []),
    ],
)
def test_trs_pages(script: str, pages: list[str]) -> None:
    assert trs_pages(script) == pages
