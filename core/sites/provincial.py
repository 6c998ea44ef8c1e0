"""Provincial trade-union federations (Jilin, Beijing, Shanghai, Guangdong) and city federation CMSes.

What is known from public references: the hosts www.bjzgh.org (北京市总工会; articles
`/<column>/YYYYMM/YYYYMMDD/j_<timestamp+id>.html`), www.shzgh.org (上海市总工会; column pages
named after the column, `/ghwj/ghwj.html`), www.gdftu.org.cn (广东省总工会; pages carry the
government-site `<meta name="ArticleTitle">`), and the one-line info bar of city federation CMSes
(`来源:工人日报 作者: 浏览:次 发表时间:2023-03-09 22:44:33`; an empty 作者 means no author).
Not found publicly: Jilin's host (www.jlszgh.org.cn is an assumption) and every article template;
the markup below is assumed, and the union-CMS template is also used for any page that shows the
city CMS info bar (recognised by `looks_like`).
"""

from __future__ import annotations

import re

from core.article import Article
from core.sites import common, tabled
from core.sites.tabled import Template

UNION_CMS = Template(
    site="union_cms",
    title=("//div[contains(@class,'article')]//h1", "//h1"),
    subtitle=("//div[contains(@class,'article')]//h2[contains(@class,'subtitle')]",),
    info=(
        "//div[contains(@class,'info')][contains(.,'发表时间') or contains(.,'发布时间') or contains(.,'來源')]",
        "//*[contains(.,'浏览') and contains(.,'来源')][not(*[contains(.,'浏览') and contains(.,'来源')])]",
    ),
    story=("//div[@id='zoom']", "//div[contains(@class,'article-content')]", "//div[contains(@class,'content')]"),
    editor=("//div[contains(@class,'editor')]",),
    breadcrumb=("//div[contains(@class,'location')]",),
    noise=(".//div[contains(@class,'share')]", ".//div[contains(@class,'pager')]"),
)
GOV_META = Template(
    site="guangdong_federation",
    title=("//div[contains(@class,'article_title')]/h1",),
    subtitle=("//div[contains(@class,'article_title')]/h2",),
    info=("//div[contains(@class,'article_info')]/span",),
    story=("//div[contains(@class,'article_con')]",),
    editor=("//div[contains(@class,'article_editor')]",),
    breadcrumb=("//div[contains(@class,'crumb')]",),
    meta={"title": "ArticleTitle", "published": "PubDate", "source": "ContentSource", "authors": "Author"},
)
# The city CMS info bar: 来源 … 浏览 … 次 … 发表时间
INFO_BAR = re.compile(r"(?:来源|來源)\s*[:：][^<]{0,40}(?:<[^>]*>[^<]{0,40}){0,4}?(?:浏览|瀏覽)\s*[:：][\s\S]{0,80}?次[\s\S]{0,80}?(?:发表|發表|发布|發布)时间")


def looks_like(html: str) -> bool:
    """A page of a union CMS showing the one-line info bar."""
    return bool(INFO_BAR.search(html[:300_000]))


def site_name(url: str | None) -> str:
    """A city CMS page of no declared portal is named after its host."""
    return common.host_of(url) or UNION_CMS.site


def parse(url: str, html: str) -> Article:
    """Parse a city federation CMS page (the portals that use these templates are declared in the registry)."""
    article = tabled.parse(UNION_CMS, url, html)
    article.site = site_name(url)
    return article
