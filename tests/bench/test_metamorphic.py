"""The metamorphic suite (bench/metamorphic.py): the transformations on small pages, and thresholds
over the labelled corpus and its variants (not exact per-page answers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from bench import metamorphic
from core.decode import decode_html
from core.sites import evaluation, extract

PAGE = """<html><head><title>标题_旧网站</title></head><body>
<div class="wrap" id="main"><h1 class="title">市总工会开展送温暖活动</h1>
<div class="info">2024-01-05 09:30 来源：某市日报 作者：张三</div>
<div class="content"><p>第一段。</p><p>第二段（见图）。</p></div></div></body></html>"""
LABEL = {
    "title": "市总工会开展送温暖活动",
    "body_last": "第二段（见图）。",
    "source": "某市日报",
    "authors": ["张三"],
}


def transformed(name: str) -> tuple[str, dict]:
    found = {n: (html, label) for n, html, label in metamorphic.variants(PAGE, LABEL)}
    return found[name]


def test_class_and_id_removed() -> None:
    html, _ = transformed("class/id removed")
    assert "class=" not in html and "id=" not in html


def test_paragraphs_become_br_lines_and_table_rows() -> None:
    html, _ = transformed("<p> -> <br> lines")
    assert "<div>第一段。<br>第二段（见图）。</div>" in html
    html, _ = transformed("<p> -> <td> rows")
    assert "<table><tr><td>第一段。</td></tr><tr><td>第二段（见图）。</td></tr></table>" in html


def test_half_width_maps_the_label_too() -> None:
    html, label = transformed("full-width -> half-width")
    assert "来源:某市日报" in html
    assert label["body_last"] == "第二段(见图)。"


def test_byline_moved_above_the_headline_and_split() -> None:
    html, _ = transformed("byline above headline")
    assert html.index("来源：某市日报") < html.index("<h1")
    html, _ = transformed("info bar split in spans")
    assert "<span>2024-01-05 09:30</span><span>来源：某市日报</span><span>作者：张三</span>" in html


def test_title_suffix_and_inserted_blocks() -> None:
    html, _ = transformed("<title> suffix changed")
    assert "<title>市总工会开展送温暖活动_综合新闻_示例资讯网</title>" in html
    html, _ = transformed("navigation + related inserted")
    root = etree.fromstring(html, etree.HTMLParser())
    assert root.xpath("string(//body/div[1]/a[1])") == "首页"
    assert html.index("相关新闻") > html.index("第二段")


@pytest.fixture(scope="module")
def corpus_pages(corpus_dir: Path) -> list[tuple[str, str | None, str, dict]]:
    return [
        (page.file, page.url, decode_html(page.path.read_bytes()).text, page.label)
        for page in evaluation.labelled_pages(corpus_dir)
    ]


def ours(url: str | None, html: str) -> dict:
    return evaluation.label_view(extract(url, html))


def test_corpus_fully_right_threshold(corpus_pages: list) -> None:
    right = sum(metamorphic.fully_right(label, ours(url, html)) for _, url, html, label in corpus_pages)
    assert right >= 32, f"{right}/{len(corpus_pages)} corpus pages fully right"


def test_metamorphic_variants_threshold(corpus_pages: list) -> None:
    scores = metamorphic.score_variants(ours, corpus_pages)
    assert scores.pairs >= 350
    assert scores.share >= 0.95, f"{scores.fully_right}/{scores.pairs} variants fully right"
