"""Build mirror pages for the union portals (RECONSTRUCTED pages, not recordings).

No raw page of these sites was available. Each portal gets list pages (two, linked by its
pagination) and articles rendered on the template its site module (`core/sites/`) describes;
what is known of each template and what is assumed is said there and in `PORTALS` below. The text
is the team's own. Every article folder gets `expected.json`, written from the data here (not from
a parser). Run `python -m mirror.build_portals` after editing; the output is committed.
"""

from __future__ import annotations

import html
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from core.decode import decode_html

PAGES = Path(__file__).parent / "pages"


@dataclass
class Story:
    path: str
    title: str
    published: str
    """As displayed: `YYYY-MM-DD HH:MM[:SS]`, or `YYYY-MM-DD` for e-paper pages (date from the URL)."""
    body: list[str]
    source: str | None = None
    authors: list[str] = field(default_factory=list)
    author_line: str = ""
    """What the 作者 slot shows (empty: no author)."""
    editors: list[str] = field(default_factory=list)
    pretitle: str | None = None
    subtitle: str | None = None
    encoding: str | None = None
    """Bytes of this page, when they differ from the portal's."""


@dataclass
class Portal:
    site: str
    host: str
    scheme: str
    column: str
    channel: list[str]
    lists: list[str]
    """List page paths: the start page first, then the pages its pagination reaches."""
    stories: list[Story]
    article: Callable[[Portal, Story], str]
    listing: Callable[[Portal, int, list[Story]], str]
    encoding: str = "utf-8"
    content_type: str = "text/html; charset=utf-8"
    traditional: bool = False
    """Text shown in traditional script (the big5 gate converts pages on the fly)."""
    decoded_as: str = "utf-8"
    per_page: int = 2

    def url(self, path: str) -> str:
        return f"{self.scheme}://{self.host}{path}"


_S2T = opencc.OpenCC("s2tw")


def shown(portal: Portal, text: str) -> str:
    return _S2T.convert(text) if portal.traditional else text


def esc(portal: Portal, text: str | None) -> str:
    return html.escape(shown(portal, text or ""))


def paragraphs(portal: Portal, story: Story) -> str:
    return "\n".join(f"<p>\u3000\u3000{esc(portal, p)}</p>" for p in story.body)


# ----------------------------------------------------------------------------------------------
# Templates (structure as described in the site modules; RECONSTRUCTED)
# ----------------------------------------------------------------------------------------------


def workercn_article(portal: Portal, story: Story) -> str:
    if "/papers/" in story.path:
        return workercn_epaper(portal, story)
    source = esc(portal, "来源：") + esc(portal, story.source)
    if portal.traditional and story.encoding == "gbk":
        # Pinyin glued after characters, as "BIG5" mirrors show it (GBK has the tone letters; Big5 has not).
        source = "來(lái)源：" + esc(portal, story.source)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{'big5' if portal.traditional else 'utf-8'}">
<title>{esc(portal, story.title)} - {esc(portal, portal.column)} - {esc(portal, "中工网")}</title>
</head><body>
<!-- RECONSTRUCTED page for union-archive tests: workercn article layout as assumed in core/sites/workercn.py -->
<div class="header"><a href="/">{esc(portal, "中工网")}</a></div>
<div class="crumbs"><a href="/">{esc(portal, "中工网")}</a> &gt; <a href="{portal.lists[0]}">{esc(portal, portal.column)}</a> &gt; {esc(portal, "正文")}</div>
<div class="container"><div class="ccontent">
<h3 class="pretitle">{esc(portal, story.pretitle)}</h3>
<h1>{esc(portal, story.title)}</h1>
<h2 class="subtitle">{esc(portal, story.subtitle)}</h2>
<div class="info"><span class="time">{story.published}</span><span class="source">{source}</span><span class="author">{esc(portal, "作者：" + story.author_line)}</span></div>
<div class="content">
{paragraphs(portal, story)}
</div>
<div class="share">{esc(portal, "分享到：微信 微博 QQ空间")}</div>
<div class="editor">{esc(portal, "责任编辑：" + "、".join(story.editors))}</div>
</div></div>
<div class="footer">{esc(portal, "中工网版权所有")}</div>
</body></html>
"""


def workercn_epaper(portal: Portal, story: Story) -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(portal, story.title)} - 工人日报</title></head><body>
<!-- RECONSTRUCTED e-paper page for union-archive tests: layout assumed (see core/sites/workercn.py) -->
<div class="paper-nav"><a href="/papers/grrb/">工人日报</a> &gt; <a href="./">第05版：工会新闻</a></div>
<div class="article">
<h3>{esc(portal, story.pretitle)}</h3>
<h1>{esc(portal, story.title)}</h1>
<h2>{esc(portal, story.subtitle)}</h2>
<div class="author">{esc(portal, story.author_line)}</div>
<div class="content">
{paragraphs(portal, story)}
</div>
</div>
</body></html>
"""


def workercn_list(portal: Portal, number: int, stories: list[Story]) -> str:
    """The real list fragment's structure (`ul.list > li > h3 > a`, `div.info`), RECONSTRUCTED pager."""
    items = "\n".join(
        f"""<li id="li_{s.path.rsplit('/', 1)[-1].split('.')[0]}">
<h3><a href="{s.path}" target="_blank">{esc(portal, s.title)}</a></h3>
<div class="info"><div class="info1"><span class="media">{esc(portal, "原创")}</span></div>
<div class="info2" style="float:left">{s.published}</div><span style="float:right">{esc(portal, s.source or "工人日报")}</span></div>
</li>"""
        for s in stories
    )
    pager = pager_links(portal, number, "下一页")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{'big5' if portal.traditional else 'utf-8'}"><title>{esc(portal, portal.column)} - {esc(portal, "中工网")}</title></head><body>
<!-- RECONSTRUCTED list page for union-archive tests: items copy the recorded workercn list structure -->
<div class="container"><div class="left"><ul class="list">
{items}
</ul>
<div class="page">{pager}</div>
</div></div>
</body></html>
"""


def pager_links(portal: Portal, number: int, next_label: str) -> str:
    links = " ".join(f'<a href="{path}">{n}</a>' for n, path in enumerate(portal.lists, start=1))
    if number < len(portal.lists):
        links += f' <a href="{portal.lists[number]}">{esc(portal, next_label)}</a>'
    return links


def trs_article(portal: Portal, story: Story) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{esc(portal, story.title)}_中华全国总工会</title>
<meta name="SiteName" content="中华全国总工会">
<meta name="SiteDomain" content="{portal.host}">
<meta name="ColumnName" content="{esc(portal, portal.column)}">
<meta name="ArticleTitle" content="{esc(portal, story.title)}">
<meta name="PubDate" content="{story.published}">
<meta name="ContentSource" content="{esc(portal, story.source)}">
<meta name="Author" content="{esc(portal, story.author_line)}">
</head><body>
<!-- RECONSTRUCTED page for union-archive tests: TRS WCM article with government-site meta; header classes assumed -->
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xwdt/">新闻动态</a> &gt; <a href="{portal.lists[0]}">{esc(portal, portal.column)}</a></div>
<div class="xl_title"><h1>{esc(portal, story.title)}</h1><h3>{esc(portal, story.subtitle)}</h3></div>
<div class="xl_info"><span>来源：{esc(portal, story.source)}</span><span>作者：{esc(portal, story.author_line)}</span><span>发布时间：{story.published}</span></div>
<div class="xl_content"><div class="TRS_Editor">
{paragraphs(portal, story)}
</div></div>
<div class="xl_editor">责任编辑：{esc(portal, "、".join(story.editors))}</div>
<div class="share">分享到：</div>
</body></html>
"""


def trs_list(portal: Portal, number: int, stories: list[Story]) -> str:
    """TRS lists link articles relatively (`./202312/t…html`) and write the pager with a script."""
    base = portal.lists[0]
    items = "\n".join(
        f'<li><a href=".{s.path.removeprefix(base.rstrip("/"))}" target="_blank">{esc(portal, s.title)}</a>'
        f"<span>{s.published[:10]}</span></li>"
        for s in stories
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(portal, portal.column)}_中华全国总工会</title></head><body>
<!-- RECONSTRUCTED list page for union-archive tests: TRS list with script-written pager -->
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/xwdt/">新闻动态</a> &gt; {esc(portal, portal.column)}</div>
<ul class="list_con">
{items}
</ul>
<div class="page"><script type="text/javascript">
var countPage = {len(portal.lists)};
createPageHTML(countPage, {number - 1}, "index", "html");
</script></div>
</body></html>
"""


def cms_article(portal: Portal, story: Story) -> str:
    charset = "gb2312" if portal.encoding != "utf-8" else "utf-8"
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(portal, story.title)}-{esc(portal, portal.channel[0])}</title></head><body>
<!-- RECONSTRUCTED page for union-archive tests: city/provincial federation CMS with the one-line info bar; layout assumed -->
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="{portal.lists[0]}">{esc(portal, portal.column)}</a></div>
<div class="article">
<h1>{esc(portal, story.title)}</h1>
<h2 class="subtitle">{esc(portal, story.subtitle)}</h2>
<div class="info">来源:{esc(portal, story.source)} 作者:{esc(portal, story.author_line)} 浏览:<span id="hits"></span>次 发表时间:{story.published}</div>
<div class="article-content" id="zoom">
{paragraphs(portal, story)}
</div>
<div class="editor">责任编辑：{esc(portal, "、".join(story.editors))}</div>
<div class="share">【<a href="javascript:window.print()">打印</a>】【<a href="javascript:window.close()">关闭</a>】</div>
</div>
</body></html>
"""


def cms_list(portal: Portal, number: int, stories: list[Story]) -> str:
    charset = "gb2312" if portal.encoding != "utf-8" else "utf-8"
    items = "\n".join(
        f'<li><span class="date">{s.published[:10]}</span><a href="{s.path}" target="_blank" title="{esc(portal, s.title)}">'
        f"{esc(portal, s.title)}</a></li>"
        for s in stories
    )
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(portal, portal.column)}-{esc(portal, portal.channel[0])}</title></head><body>
<!-- RECONSTRUCTED list page for union-archive tests -->
<div class="nav"><a href="/">首页</a> <a href="{portal.lists[0]}">{esc(portal, portal.column)}</a> <a href="/about.html">关于我们</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; {esc(portal, portal.column)}</div>
<ul class="news_list">
{items}
</ul>
<div class="pager">{pager_links(portal, number, "下一页")}</div>
</body></html>
"""


def gov_article(portal: Portal, story: Story) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>{esc(portal, story.title)} - 广东省总工会</title>
<meta name="SiteName" content="广东省总工会">
<meta name="ColumnName" content="{esc(portal, portal.column)}">
<meta name="ArticleTitle" content="{esc(portal, story.title)}">
<meta name="PubDate" content="{story.published}">
<meta name="ContentSource" content="{esc(portal, story.source)}">
</head><body>
<!-- RECONSTRUCTED page for union-archive tests: government-site meta (known); body layout assumed -->
<div class="crumb"><a href="/">首页</a> &gt; <a href="{portal.lists[0]}">{esc(portal, portal.column)}</a></div>
<div class="article_title"><h1>{esc(portal, story.title)}</h1><h2>{esc(portal, story.subtitle)}</h2></div>
<div class="article_info"><span>发布时间：{story.published}</span><span>来源：{esc(portal, story.source)}</span><span>作者：{esc(portal, story.author_line)}</span></div>
<div class="article_con">
{paragraphs(portal, story)}
</div>
<div class="article_editor">（责任编辑：{esc(portal, "、".join(story.editors))}）</div>
</body></html>
"""


def gov_list(portal: Portal, number: int, stories: list[Story]) -> str:
    items = "\n".join(
        f'<li><a href="{s.path}" target="_blank">{esc(portal, s.title)}</a><span class="time">{s.published[:10]}</span></li>'
        for s in stories
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc(portal, portal.column)} - 广东省总工会</title></head><body>
<!-- RECONSTRUCTED list page for union-archive tests -->
<div class="crumb"><a href="/">首页</a> &gt; {esc(portal, portal.column)}</div>
<ul class="list">
{items}
</ul>
<div class="page">{pager_links(portal, number, "下一页")}</div>
</body></html>
"""


# ----------------------------------------------------------------------------------------------
# Data (text by the team)
# ----------------------------------------------------------------------------------------------

WORKERCN_STORIES = [
    Story(
        path="/c/2023-12-26/8123456.shtml",
        title="新就业形态劳动者入会人数突破千万",
        published="2023-12-26 09:15:20",
        source="工人日报",
        authors=["王伟"],
        author_line="王伟",
        editors=["李娜"],
        pretitle="工会服务",
        body=[
            "记者从全国总工会获悉，今年以来各级工会持续推进新就业形态劳动者入会工作，入会人数已突破一千万。",
            "各地工会通过“小蜜蜂”驿站、线上入会平台和集中入会活动，把货车司机、快递员、外卖送餐员等群体吸纳进工会组织。",
            "全国总工会有关负责人表示，下一步将推动入会与服务同步，让新会员切实感受到工会的温暖。",
        ],
    ),
    Story(
        path="/c/2023-12-25/8122901.shtml",
        title="技术工人“传帮带”让青年职工快速成长",
        published="2023-12-25 16:40:05",
        source="中工网",
        authors=[],
        author_line="",
        editors=["赵敏", "孙浩"],
        subtitle="一家装备制造企业的师带徒实践",
        body=[
            "在一家装备制造企业的车间里，老师傅们每天都会抽出时间，为新入职的青年职工讲解设备操作要领。",
            "企业工会把师带徒写进了集体合同，师傅带出的徒弟考取技能等级证书后，师徒双方都能获得奖励。",
        ],
    ),
    Story(
        path="/papers/grrb/2023/12/26/5/news-2.html",
        title="职工之家建设覆盖更多中小企业",
        published="2023-12-26",
        source="工人日报",
        authors=["刘洋"],
        author_line="本报记者 刘 洋",
        editors=[],
        pretitle="聚焦基层工会",
        body=[
            "本报讯 记者从多地工会了解到，今年职工之家建设正向中小企业延伸，一批“小而美”的职工之家陆续建成。",
            "这些职工之家面积不大，但配备了图书角、母婴室和休息区，成为职工工余休憩的好去处。",
        ],
    ),
]

BIG5_STORIES = [
    Story(
        path="/big5/www.workercn.cn/c/2023-12-27/8123501.shtml",
        title="工会送温暖活动惠及困难职工家庭",
        published="2023-12-27 08:30:00",
        source="工人日报",
        authors=["陈静"],
        author_line="陈静",
        editors=["周华"],
        body=[
            "元旦春节临近，各级工会启动送温暖活动，为困难职工家庭送去慰问金和生活用品。",
            "工会干部深入企业和社区，逐户了解困难职工的实际需求，做到精准帮扶。",
        ],
        encoding="gbk",
    ),
    Story(
        path="/big5/xz.workercn.cn/10930/202312/28/231228090510352.shtml",
        title="高原职工技能竞赛落幕",
        published="2023-12-28 09:05:10",
        source="中工网",
        authors=["张强"],
        author_line="张强",
        editors=["马丽"],
        body=[
            "为期三天的高原职工技能竞赛日前落幕，来自各行业的二百余名职工参加了电工、焊工等项目的比赛。",
            "竞赛获奖选手将获得相应的技能等级晋升机会。",
        ],
    ),
]

ACFTU_STORIES = [
    Story(
        path="/xwdt/ghyw/202312/t20231226_836512.html",
        title="全总召开基层工会建设工作推进会",
        published="2023-12-26 10:30",
        source="全总组织部",
        authors=[],
        author_line="",
        editors=["王晨"],
        body=[
            "12月25日，全国总工会召开基层工会建设工作推进会，总结交流各地加强基层工会建设的经验做法。",
            "会议要求，各级工会要坚持眼睛向下、重心下移，推动资源向基层倾斜，增强基层工会的活力。",
        ],
    ),
    Story(
        path="/xwdt/ghyw/202312/t20231222_836120.html",
        title="全国总工会开展职工法律援助专项行动",
        published="2023-12-22 15:00",
        source="工人日报",
        authors=["李丽"],
        author_line="李丽",
        editors=["王晨", "张宁"],
        subtitle="聚焦欠薪等突出问题",
        body=[
            "全国总工会近日部署开展职工法律援助专项行动，重点帮助农民工等群体解决欠薪问题。",
            "各级工会法律援助机构将延长服务时间，开通绿色通道，为职工提供免费法律咨询和代理服务。",
        ],
    ),
    Story(
        path="/xwdt/ghyw/202312/t20231220_835877.html",
        title="工会劳动和经济工作座谈会在京召开",
        published="2023-12-20 09:00",
        source="中工网",
        authors=["孙悦"],
        author_line="孙悦",
        editors=["张宁"],
        body=[
            "工会劳动和经济工作座谈会20日在京召开，与会代表围绕劳动竞赛、职工技能提升等议题进行了交流。",
        ],
    ),
]

JILIN_STORIES = [
    Story(
        path="/gzdt/2023-12/26/content_10086.html",
        title="省总工会为一线职工送去冬日温暖",
        published="2023-12-26 14:22:10",
        source="吉林省总工会",
        authors=[],
        author_line="",
        editors=["刘喆"],
        body=[
            "寒潮来袭，吉林省总工会组织慰问组走访环卫、交通等行业一线职工，送去棉衣、手套等防寒物资。",
            "慰问组叮嘱企业落实防寒保暖措施，合理安排户外作业时间，保障职工身体健康。",
        ],
    ),
    Story(
        path="/gzdt/2023-12/20/content_10051.html",
        title="长春市职工冰雪运动会开幕",
        published="2023-12-20 10:05:00",
        source="工人日报",
        authors=["彭冰"],
        author_line="彭冰",
        editors=["刘喆"],
        body=[
            "长春市职工冰雪运动会近日开幕，全市二千余名职工将参加速度滑冰、雪地拔河等十余个项目的比赛。",
        ],
    ),
]

BEIJING_STORIES = [
    Story(
        path="/ghzz/ghxw/202312/20231226/j_2023122609301500017031234567890123.html",
        title="北京市总工会发布职工服务年度清单",
        published="2023-12-26 09:30:15",
        source="工人日报",
        authors=["赵思远"],
        author_line="赵思远",
        editors=["陈晓"],
        body=[
            "北京市总工会日前发布年度职工服务清单，涵盖困难帮扶、技能提升、法律服务等十二大类服务项目。",
            "清单中的服务项目均可通过线上平台预约办理，职工足不出户即可享受工会服务。",
        ],
    ),
    Story(
        path="/ghzz/ghxw/202312/20231221/j_2023122116005200017031234567880042.html",
        title="首都职工读书节闭幕",
        published="2023-12-21 16:00:52",
        source="北京市总工会",
        authors=[],
        author_line="",
        editors=["陈晓", "吴迪"],
        body=[
            "首都职工读书节日前闭幕，读书节期间全市各级工会共举办读书分享、好书推荐等活动三千余场。",
        ],
    ),
]

SHANGHAI_STORIES = [
    Story(
        path="/ghyw/20231227/0012345.html",
        title="上海职工创新工作室联盟成立",
        published="2023-12-27 11:20:00",
        source="上海市总工会",
        authors=["顾文"],
        author_line="顾文",
        editors=["沈洁"],
        body=[
            "上海市职工创新工作室联盟27日成立，首批一百家劳模和工匠人才创新工作室加入联盟。",
            "联盟将搭建跨行业交流平台，推动创新成果在企业间转化应用。",
        ],
    ),
    Story(
        path="/ghyw/20231219/0012290.html",
        title="户外职工爱心接力站升级服务",
        published="2023-12-19 08:45:30",
        source="劳动报",
        authors=["钱程", "周雯"],
        author_line="钱程 周雯",
        editors=["沈洁"],
        body=[
            "本市户外职工爱心接力站近期完成服务升级，新增微波炉、充电宝租借等便民设施。",
        ],
    ),
]

GUANGDONG_STORIES = [
    Story(
        path="/ghyw/content/post_1234567.html",
        title="广东工会启动粤港澳职工技能交流季",
        published="2023-12-26 17:10",
        source="南方工报",
        authors=["黄敏"],
        author_line="黄敏",
        editors=["林峰"],
        body=[
            "广东省总工会启动粤港澳职工技能交流季活动，三地职工将围绕智能制造、现代服务等领域开展技艺切磋。",
            "交流季期间将举办技能展示、工匠论坛和联合培训等系列活动。",
        ],
    ),
    Story(
        path="/ghyw/content/post_1234501.html",
        title="省总工会推进产业工人队伍建设改革",
        published="2023-12-18 09:00",
        source="广东省总工会",
        authors=[],
        author_line="",
        editors=["林峰"],
        body=[
            "省总工会召开会议，部署推进产业工人队伍建设改革重点任务，提出加大技能人才培养力度。",
        ],
    ),
]

PORTALS = [
    Portal(
        "workercn", "www.workercn.cn", "https", "人物", ["中工网", "人物"],
        ["/character/", "/character/index_2.shtml"], WORKERCN_STORIES, workercn_article, workercn_list,
    ),
    Portal(
        "workercn_big5", "big5.workercn.cn", "http", "人物", ["中工網", "人物"],
        ["/big5/www.workercn.cn/character/", "/big5/www.workercn.cn/character/index_2.shtml"], BIG5_STORIES,
        workercn_article, workercn_list, encoding="big5", content_type="text/html", traditional=True,
        decoded_as="big5hkscs", per_page=1,
    ),
    Portal(
        "acftu_org", "www.acftu.org", "https", "工会要闻", ["首页", "新闻动态", "工会要闻"],
        ["/xwdt/ghyw/", "/xwdt/ghyw/index_1.html"], ACFTU_STORIES, trs_article, trs_list,
    ),
    Portal(
        "jilin_federation", "www.jlszgh.org.cn", "http", "工作动态", ["吉林省总工会", "首页", "工作动态"],
        ["/gzdt/index.html", "/gzdt/index_2.html"], JILIN_STORIES, cms_article, cms_list,
        encoding="gbk", content_type="text/html; charset=gb2312", decoded_as="gb18030", per_page=1,
    ),
    Portal(
        "beijing_federation", "www.bjzgh.org", "https", "工会新闻", ["北京市总工会", "首页", "工会新闻"],
        ["/ghzz/ghxw/index.html", "/ghzz/ghxw/index_2.html"], BEIJING_STORIES, cms_article, cms_list, per_page=1,
    ),
    Portal(
        "shanghai_federation", "www.shzgh.org", "https", "工会要闻", ["上海市总工会", "首页", "工会要闻"],
        ["/ghyw/ghyw.html", "/ghyw/ghyw_2.html"], SHANGHAI_STORIES, cms_article, cms_list, per_page=1,
    ),
    Portal(
        "guangdong_federation", "www.gdftu.org.cn", "https", "工会要闻", ["首页", "工会要闻"],
        ["/ghyw/index.html", "/ghyw/index_2.html"], GUANGDONG_STORIES, gov_article, gov_list, per_page=1,
    ),
]

# A made-up city federation site (清河市总工会, fictional host) for `crawl-site` tests: a home page,
# a two-page news list, an about page (not an article), an off-site link, and an older article.
CITY_STORIES = [
    Story(
        path="/news/2023/1226/1001.html",
        title="清河市总工会开展“冬送温暖”走访慰问",
        published="2023-12-26 15:30:00",
        source="清河市总工会",
        authors=[],
        author_line="",
        editors=["杨帆"],
        body=[
            "12月26日，清河市总工会领导班子分组走访慰问困难职工和一线劳动者，送去慰问金和米面油等物资。",
            "市总工会要求各基层工会摸清困难职工底数，确保帮扶资金在春节前发放到位。",
        ],
    ),
    Story(
        path="/news/2023/1220/998.html",
        title="清河市举办职工技能大赛",
        published="2023-12-20 09:10:00",
        source="工人日报",
        authors=["郑凯"],
        author_line="郑凯",
        editors=["杨帆"],
        body=[
            "清河市第五届职工技能大赛20日开赛，来自全市六十余家企业的四百余名职工参赛。",
            "大赛设电工、钳工、网约配送员等八个项目。",
        ],
    ),
    Story(
        path="/news/2022/1115/640.html",
        title="清河市总工会召开第十次代表大会",
        published="2022-11-15 09:00:00",
        source="清河市总工会",
        authors=[],
        author_line="",
        editors=["杨帆"],
        body=["清河市总工会第十次代表大会15日开幕，大会选举产生了新一届委员会。"],
    ),
]
CITY = Portal(
    "zgh.qinghe.example", "zgh.qinghe.example", "http", "工会动态", ["清河市总工会", "首页", "工会动态"],
    ["/news/index.html", "/news/index_2.html"], CITY_STORIES, cms_article, cms_list,
)
CITY_HOME = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>清河市总工会</title></head><body>
<!-- RECONSTRUCTED made-up city federation site for union-archive crawl-site tests -->
<div class="nav"><a href="/">首页</a> <a href="/news/index.html">工会动态</a> <a href="/about.html">关于我们</a>
<a href="http://www.workercn.cn/">中工网</a></div>
<div class="focus"><a href="/news/2023/1226/1001.html">清河市总工会开展“冬送温暖”走访慰问</a></div>
<div class="links"><a href="/news/index.html">更多新闻</a></div>
</body></html>
"""
CITY_ABOUT = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>关于我们-清河市总工会</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/news/index.html">工会动态</a></div>
<h1>关于我们</h1>
<p>清河市总工会是全市各级工会组织和广大职工的领导机关。</p>
<p>地址：清河市人民路1号 电话：0000-1234567</p>
</body></html>
"""


# ----------------------------------------------------------------------------------------------
# Build
# ----------------------------------------------------------------------------------------------


def published_iso(value: str) -> str:
    if len(value) == 10:
        return value
    day, clock = value.split(" ")
    return f"{day}T{clock}+08:00"


def expected(portal: Portal, story: Story) -> dict[str, object]:
    url = portal.url(story.path)
    return {
        "url": url,
        "canonical_url": url,
        "site": portal.site,
        "title": shown(portal, story.title),
        "pretitle": shown(portal, story.pretitle) if story.pretitle else None,
        "subtitle": shown(portal, story.subtitle) if story.subtitle else None,
        "authors": [shown(portal, name) for name in story.authors],
        "editors": [shown(portal, name) for name in story.editors],
        "source": shown(portal, story.source) if story.source else None,
        "source_url": None,
        "published_at": published_iso(story.published),
        "body": [shown(portal, p) for p in story.body],
        "encoding": "gb18030" if story.encoding == "gbk" else portal.decoded_as,
    }


def folder_for(portal: Portal, path: str) -> Path:
    name = path.strip("/").replace("/", "_") or "index"
    return PAGES / portal.host / name


def write(folder: Path, url: str, body: bytes, content_type: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "body").write_bytes(body)
    meta = {"url": url, "status": 200, "headers": {"Content-Type": content_type, "Server": "nginx"}, "reconstructed": True}
    (folder / "response.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def encode(text: str, encoding: str) -> bytes:
    """Encode a page, checking that the bytes decode back to the text (what expected.json relies on)."""
    body = text.encode(encoding)
    decoded = decode_html(body)
    assert decoded.text == text, f"{encoding} bytes do not decode back cleanly"
    return body


def build_portal(portal: Portal) -> None:
    for story in portal.stories:
        folder = folder_for(portal, story.path)
        body = encode(portal.article(portal, story), story.encoding or portal.encoding)
        write(folder, portal.url(story.path), body, portal.content_type)
        (folder / "expected.json").write_text(
            json.dumps(expected(portal, story), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    chunks = [portal.stories[i:i + portal.per_page] for i in range(0, len(portal.stories), portal.per_page)]
    chunks = chunks[: len(portal.lists) - 1] + [sum(chunks[len(portal.lists) - 1:], [])]
    for number, (path, chunk) in enumerate(zip(portal.lists, chunks, strict=True), start=1):
        body = encode(portal.listing(portal, number, chunk), portal.encoding)
        write(folder_for(portal, path), portal.url(path), body, portal.content_type)
        if path.endswith("/"):
            write(folder_for(portal, path + "index.html"), portal.url(path + "index.html"), body, portal.content_type)


def build() -> list[Portal]:
    for portal in [*PORTALS, CITY]:
        if (PAGES / portal.host).exists():
            shutil.rmtree(PAGES / portal.host)
        build_portal(portal)
    write(folder_for(CITY, "/"), CITY.url("/"), CITY_HOME.encode(), CITY.content_type)
    write(folder_for(CITY, "/about.html"), CITY.url("/about.html"), CITY_ABOUT.encode(), CITY.content_type)
    return [*PORTALS, CITY]


if __name__ == "__main__":
    built = build()
    print(f"built {sum(len(p.stories) for p in built)} articles on {len(built)} sites under {PAGES}")
