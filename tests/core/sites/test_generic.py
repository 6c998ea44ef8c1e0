"""Generic extractor: every labelled corpus page field by field, and the rules on small pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.article import ParseError
from core.decode import decode_html
from core.sites import evaluation, extract, generic, parser_for

CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
GENERIC_PAGES = (
    sorted(p.file for p in evaluation.labelled_pages(CORPUS) if not p.file.startswith("people/"))
    if (CORPUS / "labels.jsonl").is_file()
    else []
)


@pytest.mark.parametrize("file", GENERIC_PAGES)
def test_labelled_page(corpus_dir: Path, file: str) -> None:
    page = next(p for p in evaluation.labelled_pages(corpus_dir) if p.file == file)
    decoded = decode_html(page.path.read_bytes())
    assert parser_for(page.url, decoded.text) is generic
    article = extract(page.url, decoded.text, decoded.encoding)
    assert article.encoding == decoded.encoding
    assert evaluation.mismatches(page.label, evaluation.label_view(article)) == {}


STORY = "".join(
    f"<p>　　{text}</p>"
    for text in (
        "全市各级工会组织持续开展送温暖活动，走访慰问困难职工家庭，帮助他们解决生产生活中的实际困难。",
        "活动期间，市总工会还组织医疗专家深入企业，为一线职工开展义诊，受到职工群众欢迎。",
        "下一步，市总工会将进一步完善帮扶机制，让职工群众的获得感、幸福感、安全感更加充实。",
    )
)


def cms_page(info: str, story: str = STORY, tail: str = "") -> str:
    return f"""<html><head><title>市总工会开展送温暖活动_某市总工会</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/gzdt/">工作动态</a></div>
<div class="article"><h1 class="title">市总工会开展送温暖活动</h1>
<div class="info">{info}</div>
<div class="content">{story}</div>{tail}</div>
<div class="footer">版权所有 某市总工会 备案号：京ICP备00000000号</div></body></html>"""


def test_city_federation_info_line_with_empty_author() -> None:
    html = cms_page("来源:工人日报 作者: 浏览:次 发表时间:2023-03-09 22:44:33")
    article = extract("http://www.example-zgh.org.cn/gzdt/2023/0309/1.html", html)
    assert article.site == "www.example-zgh.org.cn"
    assert article.title == "市总工会开展送温暖活动"
    assert article.source == "工人日报"
    assert article.authors == []
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2023-03-09T22:44:33+08:00"
    )
    assert article.body[0].startswith("全市各级工会组织")
    assert article.body[-1].endswith("更加充实。")


def test_one_line_byline_with_editor() -> None:
    html = cms_page("来源：某市日报 作者：张三、李四 责任编辑：王五 2024-01-05 09:30")
    article = extract("http://zgh.example.com/a/1.html", html)
    assert (article.authors, article.editors, article.source) == (["张三", "李四"], ["王五"], "某市日报")
    assert article.published_at is not None and article.published_at.isoformat() == "2024-01-05T09:30+08:00"


def test_separate_slots_and_trailing_credits() -> None:
    info = (
        "<span>2024年01月05日 09:30</span><span>来源：<a href='http://paper.example.com/'>某市日报</a></span>"
    )
    tail = "<p>（记者 赵六）</p><div class='editor'>【责任编辑：钱七】</div>"
    story = STORY.replace("充实。</p>", "充实。（记者 赵六）</p>")
    article = extract("http://zgh.example.com/a/2.html", cms_page(info, story, tail))
    assert article.source == "某市日报"
    assert article.authors == ["赵六"]
    assert article.editors == ["钱七"]
    assert article.body[-1].endswith("更加充实。")


def test_lead_dateline_names_and_date_only() -> None:
    story = STORY.replace("全市各级", "新华社北京5月19日电（刘艺、杨吉）全市各级", 1)
    article = extract("http://zgh.example.com/a/3.html", cms_page("发布日期：2024-05-19", story))
    assert article.authors == ["刘艺", "杨吉"]
    assert article.published_at is not None and article.published_at.isoformat() == "2024-05-19"
    assert article.body[0].startswith("新华社北京5月19日电（刘艺、杨吉）")


def test_editor_named_in_trailing_parenthetical_is_not_author() -> None:
    story = STORY.replace("充实。</p>", "充实。（郭旭）</p>")
    tail = "<div>【责任编辑：郭旭】</div>"
    article = extract("http://zgh.example.com/a/4.html", cms_page("2024-05-19 10:00", story, tail))
    assert article.authors == []
    assert article.editors == ["郭旭"]


def test_json_ld_english_article() -> None:
    html = """<html><head><title>Unions win pay rise | Example News</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Unions win pay rise",
"datePublished": "2024-03-01T10:15:00+00:00", "author": [{"@type": "Person", "name": "Jane Doe"}]}</script>
</head><body><h1>Unions win pay rise</h1><p class="byline">By Jane Doe</p>
<article><p>Workers at the plant voted on Friday to accept a new contract, ending a dispute that lasted months.</p>
<p>The agreement raises wages by five percent a year and restores overtime rules, the union said.</p>
<p>Management said it was pleased that production could return to normal next week.</p></article>
</body></html>"""
    article = extract("https://news.example.com/2024/03/01/unions", html)
    assert article.title == "Unions win pay rise"
    assert article.authors == ["Jane Doe"]
    assert (
        article.published_at is not None and article.published_at.isoformat() == "2024-03-01T10:15:00+00:00"
    )
    assert article.body[0].startswith("Workers at the plant")


def test_english_byline_without_json_ld() -> None:
    html = """<html><head><title>Unions win pay rise - Example News</title></head><body>
<h1>Unions win pay rise</h1><div class="byline">By Jane Doe and John Roe</div><time>2024-03-01 10:15</time>
<div class="story"><p>Workers at the plant voted on Friday to accept a new contract, ending a long dispute.</p>
<p>The agreement raises wages by five percent a year and restores overtime rules, the union said.</p></div>
</body></html>"""
    article = extract("https://news.example.com/2024/03/01/unions", html)
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.published_at is not None and article.published_at.isoformat() == "2024-03-01T10:15+08:00"


def test_not_an_article() -> None:
    with pytest.raises(ParseError):
        generic.parse(
            "http://example.com/", "<html><body><ul><li><a href='/a'>链接</a></li></ul></body></html>"
        )
    with pytest.raises(ParseError):
        generic.parse("http://example.com/", "")


def test_bare_byline_slot() -> None:
    info = '<span class="time">2024-05-19 10:00</span> <span class="author">张三 李四</span> <span>来源：某市日报</span>'
    article = extract("http://zgh.example.com/a/5.html", cms_page(info))
    assert article.authors == ["张三", "李四"]
    assert article.source == "某市日报"


def test_marked_pretitle_and_subtitle() -> None:
    html = (
        cms_page("2024-05-19 10:00")
        .replace('<h1 class="title">', '<p class="introtitle">强化技能培训</p><h1 class="title">')
        .replace("</h1>", '</h1><h2 class="subtitle">全年培训职工十万人次</h2>')
    )
    article = extract("http://zgh.example.com/a/6.html", html)
    assert article.pretitle == "强化技能培训"
    assert article.subtitle == "全年培训职工十万人次"
    assert article.title == "市总工会开展送温暖活动"


def test_publication_date_preferred_over_other_dates() -> None:
    info = "成文日期：2024-05-10 发布日期：2024-05-19 来源：某市总工会"
    article = extract("http://zgh.example.com/a/7.html", cms_page(info))
    assert article.published_at is not None and article.published_at.isoformat() == "2024-05-19"


def test_info_bar_after_a_summary_box() -> None:
    summary = "<div class='summary'>摘要：全市各级工会组织持续开展送温暖活动，走访慰问困难职工家庭，帮助解决实际困难，受到欢迎。</div>"
    html = cms_page("来源：某市日报 2024-01-05 09:30").replace(
        '<div class="info">', summary + '<div class="info">'
    )
    article = extract("http://zgh.example.com/a/8.html", html)
    assert article.source == "某市日报"
    assert article.published_at is not None and article.published_at.isoformat() == "2024-01-05T09:30+08:00"
