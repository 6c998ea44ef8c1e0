"""Page furniture of the RECONSTRUCTED mirror sites: what surrounds the slots a template selects.

A `Look` holds only what no selector describes: the `<title>` wording, the labels an info line or
editor line shows around the values, headers and footers. The elements the parser reads are
made from the template's own selectors (`mirror/slots.py`); list pages, which no selector
describes, are whole formats here. Formats take `{title}`, `{column}`, `{source}`, `{author}`,
`{published}`, `{editors}` (escaped values).
"""

from __future__ import annotations

from dataclasses import dataclass

NOISE = "分享到：微信 微博 QQ空间"
"""Text of the blocks made from a template's `noise` selectors (inside the story; the parser drops them)."""


@dataclass(frozen=True, slots=True)
class Look:
    head_title: str
    info: tuple[str, ...] = ()
    """One format per node the info selector selects (a format may hold markup)."""
    editor: str = "责任编辑：{editors}"
    byline: str = "{author}"
    head: str = ""
    """Furniture in `<head>` (site meta tags no selector reads)."""
    top: str = ""
    """Furniture at the start of `<body>`."""
    bottom: str = ""
    """Furniture after the slots."""
    note: str = "city/provincial federation CMS; layout assumed"


@dataclass(frozen=True, slots=True)
class ListLook:
    page: str
    """The list page: `{column}`, `{start}` (first list page path), `{items}`, `{pager}`."""
    item: str
    """One article link: `{href}`, `{title}`, `{day}` (YYYY-MM-DD), `{published}`, `{source}`, `{id}`."""
    relative: bool = False
    """Items link relatively to the list (`./202312/t….html`, as TRS lists do)."""


WORKERCN_ARTICLE = Look(
    head_title="{title} - {column} - 中工网",
    info=('<span class="time">{published}</span>', "来源：{source}", "作者：{author}"),
    top='<div class="header"><a href="/">中工网</a></div>',
    bottom='<div class="footer">中工网版权所有</div>',
    note="workercn article layout as assumed in core/sites/workercn.py",
)
WORKERCN_EPAPER = Look(
    head_title="{title} - 工人日报",
    note="e-paper layout assumed (see core/sites/workercn.py)",
)
WORKERCN_LIST = ListLook(
    page="""<div class="container"><div class="left"><ul class="list">
{items}
</ul>
<div class="page">{pager}</div>
</div></div>""",
    item="""<li id="li_{id}">
<h3><a href="{href}" target="_blank">{title}</a></h3>
<div class="info"><div class="info1"><span class="media">原创</span></div>
<div class="info2" style="float:left">{published}</div><span style="float:right">{source}</span></div>
</li>""",
)

TRS_ARTICLE = Look(
    head_title="{title}_中华全国总工会",
    head='<meta name="SiteName" content="中华全国总工会"><meta name="ColumnName" content="{column}">',
    info=("来源：{source}", "作者：{author}", "发布时间：{published}"),
    note="TRS WCM article with government-site meta; header classes assumed",
)
TRS_LIST = ListLook(
    page="""<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xwdt/">新闻动态</a> &gt; {column}</div>
<ul class="list_con">
{items}
</ul>
<div class="page">{pager}</div>""",
    item='<li><a href="{href}" target="_blank">{title}</a><span>{day}</span></li>',
    relative=True,
)

CMS_ARTICLE = Look(
    head_title="{title}-{site_title}",
    info=('来源:{source} 作者:{author} 浏览:<span id="hits"></span>次 发表时间:{published}',),
    bottom='<div class="share">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>',
)
CMS_LIST = ListLook(
    page="""<div class="nav"><a href="/">首页</a> <a href="{start}">{column}</a> <a href="/about.html">关于我们</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; {column}</div>
<ul class="news_list">
{items}
</ul>
<div class="pager">{pager}</div>""",
    item='<li><span class="date">{day}</span><a href="{href}" target="_blank" title="{title}">{title}</a></li>',
)

GOV_ARTICLE = Look(
    head_title="{title} - 广东省总工会",
    head='<meta name="SiteName" content="广东省总工会"><meta name="ColumnName" content="{column}">',
    info=("发布时间：{published}", "来源：{source}", "作者：{author}"),
    editor="（责任编辑：{editors}）",
    note="government-site meta (known); body layout assumed",
)
GOV_LIST = ListLook(
    page="""<div class="crumb"><a href="/">首页</a> &gt; {column}</div>
<ul class="list">
{items}
</ul>
<div class="page">{pager}</div>""",
    item='<li><a href="{href}" target="_blank">{title}</a><span class="time">{day}</span></li>',
)

HEXI_ARTICLE = Look(
    head_title="{title}_{site_title}",
    info=("来源:{source} 作者:{author} 浏览:次 发表时间:{published}",),
    editor="责任编辑:{editors}",
    top='<div class="top"><a href="/">河西市总工会</a></div>',
    bottom='<div class="foot">河西市总工会 版权所有</div>',
    note="a city federation CMS added by a site file (mirror/sitefiles/hexi.toml); the info bar as DESIGN.md shows it",
)
