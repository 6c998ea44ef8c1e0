"""Generic extractor rules of issue 11, each on a small hand-written page showing its form."""

from __future__ import annotations

from core.sites import extract

PARAGRAPHS = (
    "全市各级工会组织持续开展送温暖活动，走访慰问困难职工家庭，帮助他们解决生产生活中的实际困难。",
    "活动期间，市总工会还组织医疗专家深入企业，为一线职工开展义诊，受到职工群众欢迎。",
    "下一步，市总工会将进一步完善帮扶机制，让职工群众的获得感、幸福感、安全感更加充实。",
)
STORY = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
URL = "http://zgh.example.com/a/1.html"


def page(info: str, story: str = STORY, tail: str = "", after: str = "") -> str:
    return f"""<html><head><title>市总工会开展送温暖活动_某市总工会</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/gzdt/">工作动态</a></div>
<div class="article"><h1 class="title">市总工会开展送温暖活动</h1>
<div class="info">{info}</div>
<div class="content">{story}</div>{tail}</div>{after}
<div class="footer">版权所有 某市总工会 备案号：京ICP备00000000号</div></body></html>"""


# --- Source with trailing furniture -----------------------------------------------------------


def test_source_stops_before_comment_counter_and_share_widget() -> None:
    article = extract(URL, page("2024-01-05 09:30 来源：新华网 网友评论 0 条 分享到"))
    assert article.source == "新华网"


def test_source_stops_before_interaction_widget() -> None:
    article = extract(URL, page("来源：工人日报 参与互动 2024-01-05 09:30"))
    assert article.source == "工人日报"


def test_source_followed_by_a_bare_byline() -> None:
    article = extract(URL, page("2024-01-05 09:30 来源：中国新闻网 王帆"))
    assert (article.source, article.authors) == ("中国新闻网", ["王帆"])


def test_logo_text_without_a_source_label_is_not_a_source() -> None:
    article = extract(URL, page("AUTO.SOHU.COM 2024年01月05日09:30"))
    assert article.source is None


# --- Authors ----------------------------------------------------------------------------------


def test_lead_dateline_with_reporter_and_correspondent() -> None:
    story = STORY.replace("<p>全市", "<p>本报讯 （记者 张三 通讯员 李四） 全市", 1)
    article = extract(URL, page("2024-01-05 09:30", story))
    assert article.authors == ["张三", "李四"]
    assert article.body[0].startswith("本报讯 （记者 张三")


def test_lead_dateline_in_square_brackets() -> None:
    story = STORY.replace("<p>全市", "<p>【某市日报记者 张三】全市", 1)
    article = extract(URL, page("2024-01-05 09:30", story))
    assert article.authors == ["张三"]


def test_info_bar_label_and_value_in_separate_cells() -> None:
    info = "<table><tr><td>作者：</td><td>张三</td><td>发布时间：</td><td>2024-01-05</td></tr></table>"
    article = extract(URL, page(info))
    assert article.authors == ["张三"]
    assert article.published_at is not None and article.published_at.isoformat() == "2024-01-05"


def test_info_bar_label_in_its_own_element() -> None:
    info = "<dl><dt>作者</dt><dd>张三 李四</dd><dt>来源</dt><dd>某市日报</dd></dl><p>2024-01-05 09:30</p>"
    article = extract(URL, page(info))
    assert (article.authors, article.source) == (["张三", "李四"], "某市日报")


def test_trailing_bare_parenthetical_in_its_own_paragraph() -> None:
    article = extract(URL, page("2024-01-05 09:30", STORY + "<p>（张巨峰）</p>"))
    assert article.authors == ["张巨峰"]
    assert article.body[-1].endswith("更加充实。")


def test_trailing_parenthetical_naming_the_editor_is_not_an_author() -> None:
    story = STORY.replace("充实。</p>", "充实。（郭旭）</p>")
    article = extract(URL, page("2024-01-05 09:30", story, after="<div class='edit'>责任编辑：郭旭</div>"))
    assert (article.authors, article.editors) == ([], ["郭旭"])


# --- Editors ----------------------------------------------------------------------------------


def test_editor_in_a_footer_block_outside_the_story() -> None:
    related = "".join(f"<li><a href='/a/{i}.html'>相关报道标题第{i}条</a></li>" for i in range(30))
    after = f"<div class='related'><ul>{related}</ul></div><div class='foot-edit'>责任编辑：王五</div>"
    article = extract(URL, page("2024-01-05 09:30", after=after))
    assert article.editors == ["王五"]


def test_two_editors_in_one_bracket_with_different_separators() -> None:
    tail = "<p>（责任编辑：张三 李四、王五）</p>"
    article = extract(URL, page("2024-01-05 09:30", tail=tail))
    assert article.editors == ["张三", "李四", "王五"]


def test_editor_and_proofreader_in_one_bracket() -> None:
    tail = "<p>（编辑：张三，校对：李四）</p>"
    article = extract(URL, page("2024-01-05 09:30", tail=tail))
    assert article.editors == ["张三"]


# --- A government CMS page ------------------------------------------------------------------

GOVERNMENT_PAGE = """<html><head><title>关于开展职工技能竞赛的通知</title></head><body>
<table width="100%"><tr><td><a href="/">首页</a> | <a href="/tzgg/">通知公告</a></td></tr></table>
<table width="960"><tr><td>
 <table width="100%"><tr><td align="center"><font size="5"><b>关于开展职工技能竞赛的通知</b></font></td></tr>
 <tr><td align="center">发布日期：2024-03-01　　浏览次数：128</td></tr></table>
 <table width="100%"><tr><td>
  <table><tr><td>各区县总工会、各产业工会：</td></tr>
  <tr><td>为深入贯彻落实产业工人队伍建设改革要求，进一步激发广大职工学技术、练技能的热情，经研究，决定在全市开展职工技能竞赛。</td></tr>
  <tr><td>竞赛设置电工、焊工、数控车工等十个工种，各单位要认真组织选拔，确保参赛人员具有良好的职业素养和技能水平。</td></tr>
  <tr><td>请各单位于三月二十日前将报名表报送市总工会经济技术部，联系电话另行通知。</td></tr></table>
 </td></tr></table>
</td></tr></table>
<table width="100%"><tr><td align="center">主办单位：某市总工会　地址：某市人民路1号</td></tr></table>
</body></html>"""


def test_government_cms_page_is_not_empty() -> None:
    article = extract("http://www.example-gov.cn/tzgg/2024/0301/1.html", GOVERNMENT_PAGE)
    assert article.title == "关于开展职工技能竞赛的通知"
    assert article.body[0] == "各区县总工会、各产业工会："
    assert article.body[-1].endswith("联系电话另行通知。")
    assert article.published_at is not None and article.published_at.isoformat() == "2024-03-01"


# --- Body starting one paragraph late ---------------------------------------------------------


def test_lead_paragraph_in_a_different_element() -> None:
    lead = "<div class='lead'><p>春节前夕，市总工会领导班子成员分组带队，深入基层一线看望慰问困难职工和劳动模范。</p></div>"
    html = page("2024-01-05 09:30").replace('<div class="content">', lead + '<div class="content">')
    article = extract(URL, html)
    assert article.body[0].startswith("春节前夕")
    assert article.body[-1].endswith("更加充实。")


def test_notice_preamble_before_a_numbered_list() -> None:
    items = "".join(f"<li>{n}、{text}</li>" for n, text in zip("一二三", PARAGRAPHS, strict=True))
    story = f"<p>为做好今年送温暖工作，现将有关事项通知如下：</p><ol>{items}</ol>"
    article = extract(URL, page("发布日期：2024-01-05", story))
    assert article.body[0] == "为做好今年送温暖工作，现将有关事项通知如下："
    assert article.body[1].startswith("一、全市各级")


# --- Furniture is not story, headline or names ------------------------------------------------


def test_copyright_footer_is_not_the_story() -> None:
    footer = (
        "<div class='copyright'><p>版权所有：某市总工会，未经书面授权，禁止转载、摘编、复制或建立镜像，违者将依法追究法律责任。"
        "本网站所刊载信息，不代表本网观点，如需转载请与本网联系，联系电话：010-00000000。</p>"
        "<p>京ICP备00000000号，京公网安备00000000000号，互联网新闻信息服务许可证编号：00000000000。</p></div>"
    )
    story = "<p>全市各级工会组织持续开展送温暖活动，走访慰问困难职工家庭。</p>"
    article = extract(URL, page("2024-01-05 09:30", story, after=footer))
    assert article.body == ["全市各级工会组织持续开展送温暖活动，走访慰问困难职工家庭。"]


def test_section_label_is_not_the_headline() -> None:
    html = (
        page("2024-01-05 09:30")
        .replace(
            '<div class="article">',
            '<div class="column"><h2 class="column-title">工作动态</h2></div><div class="article">',
        )
        .replace('<h1 class="title">', '<div class="title">')
        .replace("活动</h1>", "活动</div>")
    )
    article = extract(URL, html)
    assert article.title == "市总工会开展送温暖活动"


def test_interface_words_are_not_names() -> None:
    info = "作者：<a href='/login'>登录</a> 来源：某市日报 2024-01-05 09:30"
    html = page(info).replace('<a href="/">首页</a>', "<a href='/'>首页</a> <a href='/login'>登录</a>")
    article = extract(URL, html)
    assert article.authors == []
    assert article.source == "某市日报"


def test_a_link_bar_naming_a_label_is_no_label_line() -> None:
    info = "<div><a href='/tg'>在线荐稿</a><a href='/blog'>记者博客</a><a href='/lx'>联系记者</a></div><p>2024-01-05 09:30</p>"
    article = extract(URL, page(info))
    assert article.authors == []


def test_page_without_a_headline_element_falls_back_to_the_title_tag() -> None:
    cells = "".join(f"<tr><td>{text}</td></tr>" for text in PARAGRAPHS)
    html = f"""<html><head><title>市总工会开展送温暖活动 - 某市总工会</title></head><body>
<table><tr><td><a href="/">首页</a></td></tr></table><table>{cells}</table></body></html>"""
    article = extract("http://www.example-gov.cn/a/2.html", html)
    assert article.title == "市总工会开展送温暖活动"
    assert article.body[0] == PARAGRAPHS[0]
    assert article.body[-1] == PARAGRAPHS[-1]


def test_byline_above_the_headline() -> None:
    html = page("").replace(
        '<h1 class="title">',
        '<div class="meta">2024-01-05 09:30 来源：某市日报 作者：张三</div><h1 class="title">',
    )
    article = extract(URL, html)
    assert (article.source, article.authors) == ("某市日报", ["张三"])
    assert article.published_at is not None and article.published_at.isoformat() == "2024-01-05T09:30+08:00"


def test_every_paragraph_a_div_after_a_box_cutting_the_story() -> None:
    story = "".join(f"<div>{text}</div>" for text in PARAGRAPHS[:2]) + "<section>展开全文</section>"
    story += "".join(f"<div>{text}</div>" for text in PARAGRAPHS[2:] * 3)
    article = extract(URL, page("2024-01-05 09:30", story))
    assert article.body[0] == PARAGRAPHS[0]
