"""acftu.org parser and the TRS script pager, on the RECONSTRUCTED mirror pages."""

from __future__ import annotations

import pytest

from core.sites import acftu_org, parser_for
from core.sites.portal import trs_pages


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
