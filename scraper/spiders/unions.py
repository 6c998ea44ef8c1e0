"""Union portal spiders: 中工网 (and its big5 gate), 全国总工会 and four provincial federations.

None of these profiles is verified against recorded pages (`verified=False`): they are built from
what public references show of each site (hosts, URL shapes; see each `notes` and the site modules
in `core/sites/`) and tested on RECONSTRUCTED mirror pages (`mirror/build_portals.py`).
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from scraper.spiders.base import PortalSpider, SiteSpec

POLITE: dict[str, Any] = {"DOWNLOAD_DELAY": 1.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}

WORKERCN = SiteSpec(
    name="workercn",
    title="中工网 (www.workercn.cn)",
    start_urls=("https://www.workercn.cn/character/",),
    article_url=r"://www\.workercn\.cn/(?:c/\d{4}-\d{2}-\d{2}/\d+\.shtml|papers/grrb/\d{4}/\d{2}/\d{2}/\w+/news-\d+\.html)$",
    list_url=r"://www\.workercn\.cn/character/(?:index_\d+\.shtml)?$",
    allowed_domains=("www.workercn.cn",),
    notes="known: article and e-paper URL shapes, list item markup (/character/); assumed: pager, article markup",
    settings=POLITE,
)
WORKERCN_BIG5 = SiteSpec(
    name="workercn_big5",
    title="中工网 traditional-script gate (big5.workercn.cn)",
    start_urls=("http://big5.workercn.cn/big5/www.workercn.cn/character/",),
    article_url=(
        r"://big5\.workercn\.cn/big5/[a-z0-9]+\.workercn\.cn/"
        r"(?:c/\d{4}-\d{2}-\d{2}/\d+|\d+/\d{6}/\d{2}/\d+)\.shtml$"
    ),
    list_url=r"://big5\.workercn\.cn/big5/www\.workercn\.cn/character/(?:index_\d+\.shtml)?$",
    allowed_domains=("big5.workercn.cn",),
    notes="known: /big5/<host>/<path> gate, GBK bytes on older pages; assumed: same markup as www",
    settings=POLITE,
)
ACFTU_ORG = SiteSpec(
    name="acftu_org",
    title="中华全国总工会 (www.acftu.org)",
    start_urls=("https://www.acftu.org/xwdt/ghyw/",),
    article_url=r"://www\.acftu\.org/xwdt/ghyw/\d{6}/t\d{8}_\d+\.html$",
    list_url=r"://www\.acftu\.org/xwdt/ghyw/(?:index(?:_\d+)?\.html)?$",
    allowed_domains=("www.acftu.org", "acftu.org.cn", "www.acftu.org.cn"),
    notes="known: host, /xwdt/ghyw/ column, TRS t-URLs and script pager; assumed: header classes",
    settings=POLITE,
)
JILIN = SiteSpec(
    name="jilin_federation",
    title="吉林省总工会 (host assumed: www.jlszgh.org.cn)",
    start_urls=("http://www.jlszgh.org.cn/gzdt/index.html",),
    article_url=r"://www\.jlszgh\.org\.cn/gzdt/\d{4}-\d{2}/\d{2}/content_\d+\.html$",
    list_url=r"://www\.jlszgh\.org\.cn/gzdt/index(?:_\d+)?\.html$",
    allowed_domains=("www.jlszgh.org.cn",),
    notes="host and URL shapes not found in public references: all assumed; union-CMS info bar",
    settings=POLITE,
)
BEIJING = SiteSpec(
    name="beijing_federation",
    title="北京市总工会 (www.bjzgh.org)",
    start_urls=("https://www.bjzgh.org/ghzz/ghxw/index.html",),
    article_url=r"://www\.bjzgh\.org/ghzz/ghxw/\d{6}/\d{8}/j_\d+\.html$",
    list_url=r"://www\.bjzgh\.org/ghzz/ghxw/index(?:_\d+)?\.html$",
    allowed_domains=("www.bjzgh.org",),
    notes="known: host (https), article URL shape /<column>/YYYYMM/YYYYMMDD/j_<id>.html; assumed: column, lists, markup",
    settings=POLITE,
)
SHANGHAI = SiteSpec(
    name="shanghai_federation",
    title="上海市总工会 (www.shzgh.org)",
    start_urls=("https://www.shzgh.org/ghyw/ghyw.html",),
    article_url=r"://www\.shzgh\.org/ghyw/\d{8}/\d+\.html$",
    list_url=r"://www\.shzgh\.org/ghyw/ghyw(?:_\d+)?\.html$",
    allowed_domains=("www.shzgh.org",),
    notes="known: host, column pages named after the column (/ghwj/ghwj.html); assumed: article URLs, markup",
    settings=POLITE,
)
GUANGDONG = SiteSpec(
    name="guangdong_federation",
    title="广东省总工会 (www.gdftu.org.cn)",
    start_urls=("https://www.gdftu.org.cn/ghyw/index.html",),
    article_url=r"://www\.gdftu\.org\.cn/ghyw/content/post_\d+\.html$",
    list_url=r"://www\.gdftu\.org\.cn/ghyw/index(?:_\d+)?\.html$",
    allowed_domains=("www.gdftu.org.cn",),
    notes="known: host, ArticleTitle meta; assumed: Guangdong platform URLs (content/post_N), markup",
    settings=POLITE,
)


class WorkercnSpider(PortalSpider):
    name = "workercn"
    spec = WORKERCN
    custom_settings = WORKERCN.settings


class WorkercnBig5Spider(PortalSpider):
    name = "workercn_big5"
    spec = WORKERCN_BIG5
    custom_settings = WORKERCN_BIG5.settings


# TRS WCM writes list pagination with a script: `createPageHTML(countPage, current, "index", "html")`.
TRS_COUNT = re.compile(r"var\s+countPage\s*=\s*(\d+)")
TRS_PAGER = re.compile(r"""createPageHTML\(\s*(\w+)\s*,\s*\d+\s*,\s*["'](\w+)["']\s*,\s*["'](\w+)["']""")


def trs_pages(text: str) -> list[str]:
    """Relative URLs of every list page a TRS `createPageHTML` call would link: index.html, index_1.html, …"""
    match = TRS_PAGER.search(text)
    if not match:
        return []
    count_arg, stem, ext = match.groups()
    declared = TRS_COUNT.search(text)
    count = int(count_arg) if count_arg.isdigit() else int(declared.group(1)) if declared else 0
    return [f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}" for n in range(count)]


class AcftuOrgSpider(PortalSpider):
    name = "acftu_org"
    spec = ACFTU_ORG
    custom_settings = ACFTU_ORG.settings

    def extra_list_urls(self, response: TextResponse) -> list[str]:
        """List pages the TRS pager script writes (`createPageHTML`), not present as links."""
        urls = (response.urljoin(page) for page in trs_pages(response.text))
        return [url for url in urls if self._list_re.search(url)]


class JilinFederationSpider(PortalSpider):
    name = "jilin_federation"
    spec = JILIN
    custom_settings = JILIN.settings


class BeijingFederationSpider(PortalSpider):
    name = "beijing_federation"
    spec = BEIJING
    custom_settings = BEIJING.settings


class ShanghaiFederationSpider(PortalSpider):
    name = "shanghai_federation"
    spec = SHANGHAI
    custom_settings = SHANGHAI.settings


class GuangdongFederationSpider(PortalSpider):
    name = "guangdong_federation"
    spec = GUANGDONG
    custom_settings = GUANGDONG.settings
