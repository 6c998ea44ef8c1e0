"""Build the demo mirror of acftu.people.com.cn (RECONSTRUCTED pages, not recordings).

The pages copy the structure of people.com.cn's real 2022-24 article template and its list
pages; their text is the team's own, except the seed article (the user's sample in
`../shared/seeds/`, folded back to the simplified script its GB2312 original used). Each article
folder gets `expected.json`, written from the data below (not from the parser), so tests can
check extraction against it. Run `python -m mirror.build_demo` after editing; output is committed.
"""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from mirror import pictures

HOST = "acftu.people.com.cn"
ROOT = Path(__file__).parent / "pages" / HOST
CHANNEL = ("中国共产党新闻网", "中国工会新闻")
HEADERS = {"Content-Type": "text/html; charset=GB2312", "Server": "nginx"}


@dataclass
class DemoArticle:
    path: str
    title: str
    published: str  # YYYY-MM-DD HH:MM as displayed
    source: str
    source_url: str
    editors: list[str]
    authors: list[str]
    byline: str  # what div.author shows (may be empty)
    body: list[str]  # story paragraphs as they must be extracted
    extra_body_html: str = ""  # page-only lines that are not story text (print credit, trailing byline)
    pretitle: str | None = None
    subtitle: str | None = None
    images: list[tuple[str, str]] = field(default_factory=list)  # (path, caption), before paragraph 2

    @property
    def url(self) -> str:
        return f"http://{HOST}{self.path}"


def _seed_article() -> DemoArticle:
    import opencc

    seed = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds" / "000_a35abb5be80df67a.repaired.txt"
    lines = [line.strip() for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()]
    to_simplified = opencc.OpenCC("t2s")
    widen = str.maketrans({",": "，", "!": "！", ";": "；", "(": "（", ")": "）", ":": "："})
    paragraphs = [to_simplified.convert(line).translate(widen) for line in lines[5:-1]]
    return DemoArticle(
        path="/n1/2023/1225/c67502-40146023.html",
        title="吉林省总出实招让工会十八大精神“生根结果”",
        subtitle="全周期提升技能 全时空高品质服务",
        published="2023-12-25 08:51",
        source="中工网",
        source_url="https://www.workercn.cn/",
        editors=["刘琼", "黄瑾"],
        authors=["彭冰", "柳姗姗"],
        byline="彭冰  柳姗姗",
        body=paragraphs,
    )


ARTICLES: list[DemoArticle] = [
    DemoArticle(
        path="/n1/2023/1226/c67502-40146655.html",
        pretitle="“两节”送温暖",
        title="全国总工会部署开展2024年元旦春节送温暖活动",
        published="2023-12-26 07:12",
        source="人民网－人民日报",
        source_url="http://paper.people.com.cn/rmrb/html/2023-12/26/nw.D110000renmrb_20231226_3-06.htm",
        editors=["王珂", "赵欣悦"],
        authors=["李娜"],
        byline="本报记者  李  娜",
        body=[
            "全国总工会日前印发通知，部署各级工会开展2024年元旦春节“两节”送温暖活动，重点关注困难职工、一线职工和新就业形态劳动者。",
            "通知要求，各级工会要把送温暖资金及时足额发放到位，优先保障生活困难的职工家庭，做到应帮尽帮。",
            "今年送温暖活动将延续“工会进万家”系列活动，组织慰问坚守岗位的环卫工人、快递员、网约车司机等群体，为他们送去御寒衣物和节日问候。",
        ],
        extra_body_html="<p><span id=\"paper_num\">　　《 人民日报 》（ 2023年12月26日   06 版）</span></p>",
    ),
    DemoArticle(
        path="/n1/2023/1227/c67502-40147120.html",
        title="上海户外劳动者暖心驿站覆盖全市街镇",
        published="2023-12-27 09:30",
        source="工人日报",
        source_url="https://www.workercn.cn/",
        editors=["刘琼"],
        authors=["陈静"],
        byline="",
        body=[
            "本报讯（记者陈静）记者从上海市总工会获悉，截至12月底，上海已建成户外劳动者暖心驿站2100余个，覆盖全市所有街镇。",
            "驿站为快递员、外卖送餐员、环卫工人等提供饮水、热饭、充电和休息服务，部分驿站还开设了法律咨询和心理疏导窗口。",
            "上海市总工会有关负责人表示，下一步将推动驿站与职工服务中心联动，让新就业形态劳动者“累了能歇脚、渴了能喝水”。",
        ],
    ),
    DemoArticle(
        path="/n1/2023/1228/c67502-40147532.html",
        pretitle="职工技能大赛",
        title="第二届全国职工职业技能大赛决赛在天津开幕",
        published="2023-12-28 18:05",
        source="中工网",
        source_url="https://www.workercn.cn/",
        editors=["黄瑾", "刘琼"],
        authors=["周明", "刘晓燕"],
        byline="本报记者  周  明  刘晓燕",
        body=[
            "12月27日，第二届全国职工职业技能大赛决赛在天津开幕，来自全国各地的1200余名选手将在数控机床装调、工业机器人系统运维等赛项中同台竞技。",
            "本届大赛由全国总工会、人力资源社会保障部等部门联合主办，设置了智能制造、新能源汽车等多个新赛项。",
            "大赛组委会介绍，决赛获得各赛项第一名的职工，符合条件的将按程序申报全国五一劳动奖章。",
        ],
        images=[("/NMediaFile/2023/1228/MAIN202312281805000000001.jpg", "参赛选手在数控机床装调赛项中比赛。")],
    ),
    DemoArticle(
        path="/n1/2023/1229/c67502-40148011.html",
        title="浙江：“职工书屋”走进产业园区",
        published="2023-12-29 10:20",
        source="工人日报",
        source_url="https://www.workercn.cn/",
        editors=["赵欣悦"],
        authors=["宋扬"],
        byline="",
        body=[
            "近日，浙江省总工会在杭州钱塘新区启动“职工书屋进园区”活动，首批50家园区职工书屋集中揭牌。",
            "每个书屋配备图书2000册以上，并开通电子阅读平台，职工下班后可就近借阅。",
            "省总工会相关负责人说，职工书屋将与技能培训相结合，定期举办读书分享会和技能讲座。",
        ],
        extra_body_html="<p>　　□ 本报记者 宋 扬</p>",
    ),
]

MALFORMED_PATH = "/n1/2023/1229/c67502-40148099.html"
SERVER_ERROR_PATH = "/n1/2023/1230/c67502-40148500.html"

ARTICLE_TEMPLATE = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="content-type" content="text/html;charset=GB2312">
<title>{title}--中国工会新闻--人民网 </title>
<meta name="publishdate" content="{date}">
<meta name="source" content="来源：{source}">
<link rel="canonical" href="{url}">
</head>
<body>
<!-- RECONSTRUCTED demo page for union-archive: people.com.cn 2022-24 article template, text by the team -->
<div class="main">
  <div class="header cf"><div class="layout"><a href="http://www.people.cn" target="_blank"><img src="/img/2020wbc/imgs/logo.png" alt="人民网" title="人民网"></a></div></div>
  <div class="layout route cf" id="rwb_navpath">
    <a href="http://cpc.people.com.cn/" class="clink">中国共产党新闻网</a>&gt;&gt;<a href="http://acftu.people.com.cn/" class="clink">中国工会新闻</a>
  </div>
  <div class="layout rm_txt cf">
    <div class="col col-1 fl">
      <h3 class="pre">{pretitle}</h3>
      <h1>{title}</h1>
      <h4 class="sub">{subtitle}</h4>
      <div class="author cf">{byline}</div>
      <div class="channel cf">
        <div class="col-1-1 fl">
          {displayed_date} | 来源：<a href="{source_url}" target="_blank">{source}</a>
        </div>
        <div class="col-1-2 fr"><span class="rm_type"><i>小字号</i></span></div>
      </div>
      <div class="rm_txt_con cf">
        <div class="bza"><span></span><p></p></div>
        <div class="box_pic"></div>
{paragraphs}
        <div class="box_pic"></div>
        <div class="edit cf">(责编：{editors})</div>
        <p class="paper_num"><em class="section-common-share-wrap">分享让更多人看到</em></p>
      </div>
      <div class="rm_relevant rm_recommend cf">
        <h5><span></span>推荐阅读</h5>
        <dl class="cf"><dt><a href="/n1/2023/1220/c67502-40142000.html" target="_blank">全国工会职工服务热线升级</a></dt></dl>
      </div>
    </div>
  </div>
</div>
</body>
</html>
"""

LIST_TEMPLATE = """<!DOCTYPE html>
<html>
<head>
<meta http-equiv="content-type" content="text/html;charset=GB2312">
<title>工会动态--中国工会新闻--人民网</title>
</head>
<body>
<!-- RECONSTRUCTED demo list page for union-archive: people.com.cn channel list style -->
<div class="layout route cf"><a href="http://cpc.people.com.cn/">中国共产党新闻网</a>&gt;&gt;<a href="http://acftu.people.com.cn/">中国工会新闻</a>&gt;&gt;工会动态</div>
<div class="ej_list_box clear">
<ul class="list_ej2 list_14">
{items}
</ul>
</div>
<div class="page_n clearfix">{pager}</div>
</body>
</html>
"""


def _date_display(published: str) -> str:
    day, clock = published.split(" ")
    year, month, dom = day.split("-")
    return f"{year}年{month}月{dom}日{clock}"


def _paragraphs(article: DemoArticle) -> str:
    lines = []
    for index, text in enumerate(article.body):
        if index == 1:
            for src, caption in article.images:
                lines.append(f'<p style="text-align: center;"><img src="{src}" alt=""></p>')
                lines.append(f'<p class="pictext" style="text-align: center;">{html.escape(caption)}</p>')
        lines.append(f"<p>　　{html.escape(text)}</p>")
    if article.extra_body_html:
        lines.append(article.extra_body_html)
    return "\n".join("        " + line for line in lines)


def render_article(article: DemoArticle) -> str:
    return ARTICLE_TEMPLATE.format(
        title=html.escape(article.title),
        pretitle=html.escape(article.pretitle or ""),
        subtitle=html.escape(article.subtitle or ""),
        byline=article.byline,
        date=article.published[:10],
        displayed_date=_date_display(article.published),
        source=html.escape(article.source),
        source_url=html.escape(article.source_url),
        url=article.url,
        paragraphs=_paragraphs(article),
        editors="、".join(article.editors),
    )


def expected(article: DemoArticle) -> dict[str, object]:
    day, clock = article.published.split(" ")
    return {
        "url": article.url,
        "canonical_url": article.url,
        "site": "people_acftu",
        "title": article.title,
        "pretitle": article.pretitle,
        "subtitle": article.subtitle,
        "authors": article.authors,
        "editors": article.editors,
        "source": article.source,
        "source_url": article.source_url,
        "published_at": f"{day}T{clock}+08:00",
        "body": article.body,
        "images": [{"url": f"http://{HOST}{src}", "caption": caption} for src, caption in article.images],
        "channel": list(CHANNEL),
        "encoding": "gb18030",
        "repairs": [],
    }


def _write(folder: Path, url: str, body: bytes, status: int = 200, headers: dict[str, str] | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "body").write_bytes(body)
    meta = {"url": url, "status": status, "headers": headers or HEADERS, "reconstructed": True}
    (folder / "response.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _folder(path: str) -> Path:
    return ROOT / path.strip("/").replace("/", "_")


def build() -> list[DemoArticle]:
    articles = [_seed_article(), *ARTICLES]
    if ROOT.exists():
        shutil.rmtree(ROOT)
    for article in articles:
        folder = _folder(article.path)
        _write(folder, article.url, render_article(article).encode("gb18030"))
        (folder / "expected.json").write_text(
            json.dumps(expected(article), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    malformed = b"<html><head><meta charset=gb2312><title>\xd5\xfd\xd4\xda</title></head><body><div class=\"rm_txt\">\x00\xff\xfe"
    _write(_folder(MALFORMED_PATH), f"http://{HOST}{MALFORMED_PATH}", malformed)
    _write(
        _folder(SERVER_ERROR_PATH), f"http://{HOST}{SERVER_ERROR_PATH}",
        b"<html><body><h1>500 Internal Server Error</h1></body></html>", 500, {"Content-Type": "text/html"},
    )
    _write(ROOT / "robots.txt", f"http://{HOST}/robots.txt", b"User-agent: *\nDisallow: /tmp/\n",
           headers={"Content-Type": "text/plain"})
    # The articles' photos (issue 18): the image site's stage photo (mirror/pictures.py), so that the
    # same picture on two portals is one file of the image store.
    for src in sorted({src for article in articles for src, _caption in article.images}):
        _write(_folder(src), f"http://{HOST}{src}", pictures.stage_photo(), headers={"Content-Type": "image/jpeg"})
    newest_first = sorted(articles, key=lambda a: a.published, reverse=True)
    entries = [(a.path, a.title, a.published[:10]) for a in newest_first]
    entries.insert(0, (SERVER_ERROR_PATH, "职工医疗互助保障计划年度报告", "2023-12-30"))
    entries.insert(2, (MALFORMED_PATH, "（页面生成失败的稿件）", "2023-12-29"))
    pages = [entries[:4], entries[4:]]
    for number, chunk in enumerate(pages, start=1):
        items = "\n".join(
            f'<li><a href="{path}" target="_blank">{html.escape(title)}</a><em>{day}</em></li>'
            for path, title, day in chunk
        )
        current = ' class="common_current_page"'
        pager = " ".join(
            f'<a href="/GB/67502/index{"" if n == 1 else n}.html"{current if n == number else ""}>{n}</a>'
            for n in range(1, len(pages) + 1)
        )
        if number < len(pages):
            pager += f' <a href="/GB/67502/index{number + 1}.html">下一页</a>'
        name = "index.html" if number == 1 else f"index{number}.html"
        _write(ROOT / f"GB_67502_{name}", f"http://{HOST}/GB/67502/{name}",
               LIST_TEMPLATE.format(items=items, pager=pager).encode("gb18030"))
    return articles


if __name__ == "__main__":
    built = build()
    print(f"built {len(built)} articles under {ROOT}")
