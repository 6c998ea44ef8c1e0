"""The built-in portals, each declared once: hosts, URL rules, pagination, parser, politeness.

Only people.com.cn's union channel is verified against recorded pages. The others are built from
what public references show of each site (hosts, URL shapes; see each `notes` and the parser
modules) and tested on RECONSTRUCTED mirror pages (`mirror/build_portals.py`).
"""

from __future__ import annotations

from core.sites import acftu_org, people, provincial, workercn
from core.sites.portal import Portal
from core.sites.registry import Registry
from core.sites.tabled import Tabled

UNION_CMS = Tabled.of(provincial.UNION_CMS)
GOV_META = Tabled.of(provincial.GOV_META)

PORTALS: tuple[Portal, ...] = (
    Portal(
        name="people_acftu",
        title="中国工会新闻 (acftu.people.com.cn)",
        hosts=tuple(people.SITE_NAMES),
        parser=people,
        start_urls=("http://acftu.people.com.cn/GB/67502/index.html",),
        article_url=r"://acftu\.people\.com\.cn/n1/\d{4}/\d{4}/c\d+-\d+\.html$",
        list_url=r"://acftu\.people\.com\.cn/GB/67502/index\d*\.html$",
        allowed_domains=("acftu.people.com.cn",),
        politeness=None,
        verified=True,
        notes="article template verified on recorded people.com.cn pages (2019 and 2022-24)",
    ),
    Portal(
        name="people",
        title="人民网 (people.com.cn), outside the union channel",
        hosts=("people.com.cn", "people.cn"),
        parser=people,
        verified=True,
        notes="parsed (extract, import, pages linked from other sites), not crawled",
    ),
    Portal(
        name="workercn",
        title="中工网 (www.workercn.cn)",
        hosts=("workercn.cn",),
        parser=workercn,
        start_urls=("https://www.workercn.cn/character/",),
        article_url=(
            r"://www\.workercn\.cn/(?:c/\d{4}-\d{2}-\d{2}/\d+\.shtml"
            r"|papers/grrb/\d{4}/\d{2}/\d{2}/\w+/news-\d+\.html)$"
        ),
        list_url=r"://www\.workercn\.cn/character/(?:index_\d+\.shtml)?$",
        allowed_domains=("www.workercn.cn",),
        notes="known: article and e-paper URL shapes, list item markup (/character/); assumed: pager, article markup",
    ),
    Portal(
        name="workercn_big5",
        title="中工网 traditional-script gate (big5.workercn.cn)",
        hosts=(workercn.BIG5_HOST,),
        parser=workercn,
        start_urls=("http://big5.workercn.cn/big5/www.workercn.cn/character/",),
        article_url=(
            r"://big5\.workercn\.cn/big5/[a-z0-9]+\.workercn\.cn/"
            r"(?:c/\d{4}-\d{2}-\d{2}/\d+|\d+/\d{6}/\d{2}/\d+)\.shtml$"
        ),
        list_url=r"://big5\.workercn\.cn/big5/www\.workercn\.cn/character/(?:index_\d+\.shtml)?$",
        notes="known: /big5/<host>/<path> gate, GBK bytes on older pages; assumed: same markup as www",
    ),
    Portal(
        name="acftu_org",
        title="中华全国总工会 (www.acftu.org)",
        hosts=("acftu.org", "acftu.org.cn"),
        parser=acftu_org,
        start_urls=("https://www.acftu.org/xwdt/ghyw/",),
        article_url=r"://www\.acftu\.org/xwdt/ghyw/\d{6}/t\d{8}_\d+\.html$",
        list_url=r"://www\.acftu\.org/xwdt/ghyw/(?:index(?:_\d+)?\.html)?$",
        allowed_domains=("www.acftu.org", "acftu.org.cn", "www.acftu.org.cn"),
        pager="trs_script",
        notes="known: host, /xwdt/ghyw/ column, TRS t-URLs and script pager; assumed: header classes",
    ),
    Portal(
        name="jilin_federation",
        title="吉林省总工会 (host assumed: www.jlszgh.org.cn)",
        hosts=("jlszgh.org.cn",),
        parser=UNION_CMS,
        start_urls=("http://www.jlszgh.org.cn/gzdt/index.html",),
        article_url=r"://www\.jlszgh\.org\.cn/gzdt/\d{4}-\d{2}/\d{2}/content_\d+\.html$",
        list_url=r"://www\.jlszgh\.org\.cn/gzdt/index(?:_\d+)?\.html$",
        allowed_domains=("www.jlszgh.org.cn",),
        notes="host and URL shapes not found in public references: all assumed; union-CMS info bar",
    ),
    Portal(
        name="beijing_federation",
        title="北京市总工会 (www.bjzgh.org)",
        hosts=("bjzgh.org",),
        parser=UNION_CMS,
        start_urls=("https://www.bjzgh.org/ghzz/ghxw/index.html",),
        article_url=r"://www\.bjzgh\.org/ghzz/ghxw/\d{6}/\d{8}/j_\d+\.html$",
        list_url=r"://www\.bjzgh\.org/ghzz/ghxw/index(?:_\d+)?\.html$",
        allowed_domains=("www.bjzgh.org",),
        notes="known: host (https), article URL shape /<column>/YYYYMM/YYYYMMDD/j_<id>.html; assumed: column, lists, markup",
    ),
    Portal(
        name="shanghai_federation",
        title="上海市总工会 (www.shzgh.org)",
        hosts=("shzgh.org",),
        parser=UNION_CMS,
        start_urls=("https://www.shzgh.org/ghyw/ghyw.html",),
        article_url=r"://www\.shzgh\.org/ghyw/\d{8}/\d+\.html$",
        list_url=r"://www\.shzgh\.org/ghyw/ghyw(?:_\d+)?\.html$",
        allowed_domains=("www.shzgh.org",),
        notes="known: host, column pages named after the column (/ghwj/ghwj.html); assumed: article URLs, markup",
    ),
    Portal(
        name="guangdong_federation",
        title="广东省总工会 (www.gdftu.org.cn)",
        hosts=("gdftu.org.cn",),
        parser=GOV_META,
        start_urls=("https://www.gdftu.org.cn/ghyw/index.html",),
        article_url=r"://www\.gdftu\.org\.cn/ghyw/content/post_\d+\.html$",
        list_url=r"://www\.gdftu\.org\.cn/ghyw/index(?:_\d+)?\.html$",
        allowed_domains=("www.gdftu.org.cn",),
        notes="known: host, ArticleTitle meta; assumed: Guangdong platform URLs (content/post_N), markup",
    ),
)

BUILTIN = Registry(PORTALS, recognizers=(people, workercn, acftu_org, provincial))
"""The built-in portals; a crawl adds the users' site files to it (`Registry.with_portals`)."""
