"""people.com.cn parser: the labelled corpus pages, the team's reconstructed acftu pages, and rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.article import ParseError
from core.decode import decode_html
from core.sites import evaluation, extract, parser_for, people

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
RECONSTRUCTED = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
PEOPLE_PAGES = (
    sorted(p.file for p in evaluation.labelled_pages(CORPUS) if p.file.startswith("people/"))
    if (CORPUS / "labels.jsonl").is_file()
    else []
)


@pytest.mark.parametrize("file", PEOPLE_PAGES)
def test_labelled_people_page(corpus_dir: Path, file: str) -> None:
    page = next(p for p in evaluation.labelled_pages(corpus_dir) if p.file == file)
    decoded = decode_html(page.path.read_bytes())
    assert parser_for(page.url, decoded.text) is people
    article = extract(page.url, decoded.text, decoded.encoding)
    assert evaluation.mismatches(page.label, evaluation.label_view(article)) == {}


@pytest.mark.parametrize("name", RECONSTRUCTED)
def test_reconstructed_page(name: str) -> None:
    folder = FIXTURES / name
    response = json.loads((folder / "response.json").read_text(encoding="utf-8"))
    assert response["reconstructed"] is True
    decoded = decode_html((folder / "body.html").read_bytes(), response["headers"].get("Content-Type"))
    article = extract(response["url"], decoded.text, decoded.encoding)
    assert article.to_dict() == json.loads((folder / "expected.json").read_text(encoding="utf-8"))


TEMPLATE_2024 = """<html><head><title>{title}--人民网</title></head><body>
<div class="layout route cf" id="rwb_navpath"><a href="http://www.people.com.cn/">人民网</a>&gt;&gt;
<a href="http://finance.people.com.cn/">财经频道</a></div>
<div class="layout rm_txt cf"><div class="col col-1 fl">
<h3 class="pre">{pre}</h3><h1>{title}</h1><h4 class="sub">{sub}</h4>
<div class="author cf">{byline}</div>
<div class="channel cf"><div class="col-1-1 fl">{dateline}</div></div>
<div class="rm_txt_con cf">{body}<div class="edit cf">{edit}</div></div></div></div></body></html>"""


def page(**fields: str) -> str:
    values = {
        "pre": "",
        "title": "标题",
        "sub": "",
        "byline": "",
        "body": "<p>正文。</p>",
        "dateline": "2024年05月10日06:58 | 来源：人民网",
        "edit": "(责编：张三)",
    }
    values.update(fields)
    return TEMPLATE_2024.format(**values)


def test_byline_padding_and_labels() -> None:
    article = people.parse(
        "http://finance.people.com.cn/n1/2024/0510/c1004-1.html", page(byline="本报记者  王乐文  方  敏")
    )
    assert article.authors == ["王乐文", "方敏"]
    assert article.site == "people"
    assert article.channel == ["人民网", "财经频道"]


def test_trailing_square_byline() -> None:
    article = people.parse(
        "http://acftu.people.com.cn/n1/2024/0101/c67502-1.html", page(byline="□ 本报记者 葛灵丹")
    )
    assert article.authors == ["葛灵丹"]
    assert article.site == "people_acftu"


def test_lead_dateline_author_when_byline_empty() -> None:
    article = people.parse(
        "http://acftu.people.com.cn/n1/2024/0101/c67502-1.html",
        page(body="<p>　　本报讯（记者叶婉）近日，某地工会举办培训。</p>"),
    )
    assert article.authors == ["叶婉"]
    assert article.body == ["本报讯（记者叶婉）近日，某地工会举办培训。"]


def test_source_link_text_and_url() -> None:
    dateline = '2024年05月10日06:58 | 来源：<a href="/rmrb/x.htm">人民网－人民日报</a>'
    article = people.parse("http://finance.people.com.cn/n1/2024/0510/c1004-1.html", page(dateline=dateline))
    assert article.source == "人民网－人民日报"
    assert article.source_url == "http://finance.people.com.cn/rmrb/x.htm"
    assert article.published_at is not None and article.published_at.isoformat() == "2024-05-10T06:58+08:00"


def test_print_edition_and_editor_not_in_body() -> None:
    body = "<p>　　第一段。</p><p>　　最后一段。</p><p><span id='paper_num'>《 人民日报 》（ 2024年05月10日 04 版）</span></p>"
    article = people.parse("http://finance.people.com.cn/n1/2024/0510/c1004-1.html", page(body=body))
    assert article.body == ["第一段。", "最后一段。"]
    assert article.editors == ["张三"]


def test_editor_named_in_byline_is_not_author() -> None:
    article = people.parse(
        "http://finance.people.com.cn/n1/2024/0510/c1004-1.html",
        page(byline="本报记者 张三 李四", edit="(责编：张三)"),
    )
    assert article.authors == ["李四"]


def test_empty_pretitle_and_subtitle_are_none() -> None:
    article = people.parse("http://finance.people.com.cn/n1/2024/0510/c1004-1.html", page())
    assert article.pretitle is None and article.subtitle is None


def test_big5_mirror_traditional_labels() -> None:
    html = page(
        title="工會新聞",
        byline="本報記者 劉瓊",
        dateline="2023年12月25日08:51  來源:中工網",
        edit="(責編:劉瓊、黃瑾)",
    )
    url = "http://acftu.people.com.cn/BIG5/n1/2023/1225/c67502-1.html"
    assert parser_for(url, html) is people
    article = extract(url, html)
    assert article.site == "people_acftu"
    assert article.source == "中工網"
    assert article.editors == ["劉瓊", "黃瑾"]
    assert article.authors == []


def test_bare_names_in_byline_slot() -> None:
    article = people.parse(
        "http://acftu.people.com.cn/n1/2023/1225/c67502-1.html", page(byline="彭冰 柳姍姍")
    )
    assert article.authors == ["彭冰", "柳姍姍"]


def test_recognised_without_url() -> None:
    assert parser_for(None, page()) is people


def test_not_an_article() -> None:
    with pytest.raises(ParseError):
        people.parse("http://www.people.com.cn/", "<html><body><div id='rwb_navpath'></div></body></html>")


def test_byline_line_opening_the_story() -> None:
    body = "<p>　　本报记者  王  五</p><p>　　近日，全国总工会召开会议，部署下半年工作。</p>"
    article = people.parse("http://acftu.people.com.cn/n1/2024/0101/c67502-1.html", page(body=body))
    assert article.authors == ["王五"]
    assert article.body == ["近日，全国总工会召开会议，部署下半年工作。"]


def test_centered_photo_credit_caption_not_in_body() -> None:
    body = (
        '<p style="text-align: center;"><img src="/NMediaFile/2024/0101/a.jpg"></p>'
        '<p style="text-align: center;">职工在技能竞赛现场比拼。人民网记者 李四摄</p>'
        "<p>　　近日，全国总工会召开会议，部署下半年工作。</p>"
    )
    article = people.parse("http://acftu.people.com.cn/n1/2024/0101/c67502-1.html", page(body=body))
    assert article.body == ["近日，全国总工会召开会议，部署下半年工作。"]
    assert article.images[0].url == "http://acftu.people.com.cn/NMediaFile/2024/0101/a.jpg"
    assert article.authors == []


def test_unknown_people_template_falls_back_to_generic() -> None:
    html = """<html><head><title>职工书屋建设持续推进--人民网</title></head><body>
<div class="article"><h1>职工书屋建设持续推进</h1><div class="info">2024年06月01日08:00 来源：人民网</div>
<div class="txt"><p>　　近年来，各级工会持续推进职工书屋建设，丰富职工精神文化生活，受到广大职工欢迎。</p>
<p>　　下一步，将进一步扩大覆盖面，让更多一线职工就近享受阅读服务。</p></div></div></body></html>"""
    article = extract("http://acftu.people.com.cn/n1/2024/0601/c67502-1.html", html)
    assert article.site == "people_acftu"
    assert article.title == "职工书屋建设持续推进"
    assert article.source == "人民网"
    assert article.published_at is not None and article.published_at.isoformat() == "2024-06-01T08:00+08:00"


def test_square_byline_closing_the_story() -> None:
    body = "<p>　　近日，全国总工会召开会议，部署下半年工作。</p><p>　　□ 本报记者 葛灵丹</p>"
    article = people.parse("http://acftu.people.com.cn/n1/2024/0101/c67502-1.html", page(body=body))
    assert article.authors == ["葛灵丹"]
    assert article.body == ["近日，全国总工会召开会议，部署下半年工作。"]


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("http://acftu.people.com.cn/n1/2024/0101/c67502-1.html", "people_acftu"),
        ("http://acftu.people.cn/n1/2024/0101/c67502-1.html", "people_acftu"),
        ("http://acftu.people.com.cn/BIG5/n1/2024/0101/c67502-1.html", "people_acftu"),
        ("http://big5.example.com/gate/big5/acftu.people.com.cn/n1/2024/0101/c67502-1.html", "people_acftu"),
        ("http://finance.people.com.cn/n1/2024/0510/c1004-40232587.html", "people"),
        ("http://www.people.com.cn/n1/2024/0510/c1001-1.html", "people"),
    ],
)
def test_site_names(url: str, site: str) -> None:
    assert people.site_name(url) == site
    assert parser_for(url, "<html></html>") is people


def test_big5_mirror_with_pinyin_glosses() -> None:
    html = page(
        title="吉林省總出實招讓工會十八大精神“生根結(jié)果”",
        byline="彭冰 柳姍姍",
        dateline='2023年12月25日08:51  來(lái)源:<a href="http://www.workercn.cn/">中工網(wǎng)</a>',
        edit="(責(zé)編(biān):劉瓊、黃瑾)",
    )
    article = extract("http://acftu.people.com.cn/BIG5/n1/2023/1225/c67502-40145678.html", html)
    assert (
        article.title == "吉林省總出實招讓工會十八大精神“生根結(jié)果”"
    )  # text repair is the pipeline's job
    assert article.authors == ["彭冰", "柳姍姍"]
    assert article.source == "中工網"
    assert article.source_url == "http://www.workercn.cn/"
    assert article.editors == ["劉瓊", "黃瑾"]
    assert article.published_at is not None and article.published_at.isoformat() == "2023-12-25T08:51+08:00"


def test_dateline_in_unknown_slot_read_by_generic_rules() -> None:
    body = "<p>　　近日，全国总工会召开会议，部署下半年工作，要求各级工会扎实做好服务职工工作。</p>"
    html = page(title="全国总工会部署下半年工作", body=body).replace(
        '<div class="channel cf"><div class="col-1-1 fl">', '<div class="channel cf"><div class="time">'
    )
    article = people.parse("http://acftu.people.com.cn/n1/2024/0510/c67502-1.html", html)
    assert article.published_at is not None and article.published_at.isoformat() == "2024-05-10T06:58+08:00"
    assert article.source == "人民网"
    assert article.site == "people_acftu"
