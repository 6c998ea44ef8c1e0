"""全国总工会 www.acftu.org (acftu.org.cn redirects there), a TRS WCM site.

Known from public references: the host, column lists such as `/xwdt/ghyw/` (工会要闻), article
URLs in the TRS shape `/<column path>/YYYYMM/tYYYYMMDD_NNNNNN.html` (seen on ghpf.acftu.org),
TRS list pagination `index.html`, `index_1.html`, … written by a `createPageHTML(...)` script,
the `TRS_Editor` story class, and the government-site `<meta>` names (ArticleTitle, PubDate,
ContentSource, Author). Assumed: the header classes (`xl_title`, `xl_info`, `xl_editor`).
"""

from __future__ import annotations

from core.article import Article
from core.sites import tabled
from core.sites.tabled import Template

NAME = "acftu_org"

TEMPLATE = Template(
    site=NAME,
    title=("//div[contains(@class,'xl_title')]/h1",),
    subtitle=("//div[contains(@class,'xl_title')]/h3",),
    info=("//div[contains(@class,'xl_info')]/span",),
    story=("//div[contains(@class,'TRS_Editor')]", "//div[contains(@class,'xl_content')]"),
    editor=("//div[contains(@class,'xl_editor')]",),
    breadcrumb=("//div[contains(@class,'position')]",),
    noise=(".//div[contains(@class,'share')]",),
    meta={"title": "ArticleTitle", "published": "PubDate", "source": "ContentSource", "authors": "Author"},
    url_date=r"/t(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})_\d+\.html",
)


def looks_like(html: str) -> bool:
    head = html[:300_000]
    return "TRS_Editor" in head and ("全国总工会" in head or "acftu.org" in head)


def site_name(url: str | None) -> str:
    return NAME


def template_for(url: str) -> Template:
    return TEMPLATE


def parse(url: str, html: str) -> Article:
    """Parse a www.acftu.org article page."""
    return tabled.parse(TEMPLATE, url, html)
