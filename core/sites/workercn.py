"""中工网 www.workercn.cn (Workers' Daily), its e-paper and the traditional-script gate big5.workercn.cn.

Known from public references: article URLs `/c/YYYY-MM-DD/NNNNNNN.shtml`, e-paper pages
`/papers/grrb/YYYY/MM/DD/P/news-N.html`, `<title>` shaped `headline - column - 中工网`, list
pages (`/character/`) as `ul.list > li > h3 > a` with `div.info` (`div.info2` time, source span),
the gate `big5.workercn.cn/big5/<host>/<path>` serving GBK bytes for older pages.
Assumed (no recorded article page): the article markup below, mirroring the list's class names
(`div.info` holding time / 来源 / 作者 spans, `div.content` story, `div.editor` 责任编辑).
"""

from __future__ import annotations

import re

from core.article import Article
from core.sites import common, tabled
from core.sites.tabled import Template

NAME = "workercn"
BIG5_HOST = "big5.workercn.cn"

ARTICLE = Template(
    site="workercn",
    title=("//div[contains(@class,'ccontent')]//h1", "//h1"),
    pretitle=("//div[contains(@class,'ccontent')]//h3[contains(@class,'pretitle')]",),
    subtitle=("//div[contains(@class,'ccontent')]//h2[contains(@class,'subtitle')]",),
    info=("//div[contains(@class,'ccontent')]/div[contains(@class,'info')]/span",),
    story=("//div[contains(@class,'ccontent')]/div[contains(@class,'content')]",),
    editor=("//div[contains(@class,'ccontent')]/div[contains(@class,'editor')]",),
    breadcrumb=("//div[contains(@class,'crumbs')]",),
    noise=(".//div[contains(@class,'share')]", ".//div[contains(@class,'related')]"),
    url_date=r"/c/(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})/",
)
EPAPER = Template(
    site="workercn",
    title=("//div[@class='article']/h1",),
    pretitle=("//div[@class='article']/h3",),
    subtitle=("//div[@class='article']/h2",),
    byline=("//div[@class='article']/div[@class='author']",),
    story=("//div[@class='article']/div[@class='content']",),
    breadcrumb=("//div[@class='paper-nav']",),
    url_date=r"/papers/grrb/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/",
    source="工人日报",
)
# URL shape -> template; the first match wins.
TEMPLATES: tuple[tuple[re.Pattern[str], Template], ...] = (
    (re.compile(r"/papers/grrb/\d{4}/\d{2}/\d{2}/\w+/news-\d+\.html"), EPAPER),
    (re.compile(r""), ARTICLE),
)
LOOKS_LIKE = re.compile(r"中工网|中工網|workercn\.cn")


def looks_like(html: str) -> bool:
    """A saved workercn article page, recognised without its URL."""
    head = html[:300_000]
    return bool(LOOKS_LIKE.search(head)) and ('class="ccontent"' in head or "/papers/grrb/" in head)


def site_name(url: str | None) -> str:
    return "workercn_big5" if common.host_of(url) == BIG5_HOST else NAME


def template_for(url: str) -> Template:
    return next(t for pattern, t in TEMPLATES if pattern.search(url or ""))


def parse(url: str, html: str) -> Article:
    """Parse a workercn article or e-paper page (also through the big5 gate)."""
    article = tabled.parse(template_for(url), url, html)
    article.site = site_name(url)
    return article
