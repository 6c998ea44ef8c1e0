"""Pages that break a plain lxml parse or decode (issue 13): each is read whole, or fails at a stage
with its reason; none is lost quietly."""

from __future__ import annotations

import pytest

from core.decode import UndecodableError, decode_html
from core.page import Extracted, Failed, page_to_article
from core.sites.common import load_html, text_of
from core.sites.common.dom import MAX_DEPTH

STORY = "全国总工会今天召开会议，部署职工技能大赛和冬季送温暖活动，要求各级工会组织切实关心困难职工生活。" * 2
URL = "http://127.0.0.1/news/2024/0512/1.html"


def page(extra: str) -> str:
    return (
        "<!DOCTYPE html><html><head><meta charset=utf-8><title>职工之家</title></head><body>"
        f"<h1>嵌套很深的文章</h1><div class=info>来源：工人日报 发布时间：2024-05-12 09:30</div>{extra}"
        f"<div class=content><p>{STORY}</p></div><div class=editor>责任编辑：李明</div></body></html>"
    )


def depth(root: object) -> int:
    deepest = 0
    for node in root.iter():  # type: ignore[attr-defined]
        deepest = max(deepest, sum(1 for _ in node.iterancestors()))
    return deepest


@pytest.mark.parametrize("levels", [300, 3000])
def test_deep_nesting_is_read_to_the_end_and_flattened(levels: int) -> None:
    """300 levels parse in lxml (huge_tree); 3000 make libxml2 give up and BeautifulSoup reads them."""
    root = load_html(page("<div>" * levels + "<p>深处的段落</p>" + "</div>" * levels))
    assert text_of(root.xpath("//div[@class='editor']")[0]) == "责任编辑：李明"
    assert [text_of(p) for p in root.xpath("//p")] == ["深处的段落", STORY]
    assert depth(root) <= MAX_DEPTH + 1


def test_a_16_mb_attribute_does_not_cut_the_page() -> None:
    root = load_html(page(f'<div data-x="{"x" * (16 << 20)}"></div>'))
    assert text_of(root.xpath("//div[@class='editor']")[0]) == "责任编辑：李明"


def test_control_characters_next_to_a_removed_script_are_dropped() -> None:
    root = load_html(page("<div>前<script>var a = 1;</script>\x01\x02\x0b后</div>"))
    assert [text_of(d) for d in root.xpath("//div[not(@class)]")] == ["前后"]
    assert not root.xpath("//script")


@pytest.mark.parametrize(
    ("extra", "title"),
    [
        ("<div>" * 3000 + "</div>" * 3000, "嵌套很深的文章"),
        ("<script>x</script>\x01\x1f", "嵌套很深的文章"),
    ],
)
def test_such_pages_become_articles(extra: str, title: str) -> None:
    result = page_to_article(URL, page(extra).encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    assert isinstance(result, Extracted), result
    assert result.article.title == title
    assert result.article.body == [STORY]


RANDOM = bytes((n * 7919 + 13) % 256 for n in range(20_000))


def test_random_bytes_have_no_reading() -> None:
    with pytest.raises(UndecodableError) as raised:
        decode_html(RANDOM, "text/html; charset=gb2312")
    assert str(raised.value) == (
        "no readable text: no encoding reads the 20000 bytes plausibly "
        "(best: utf-8, 7657 replacement characters, plausibility 0.59)"
    )


def test_random_bytes_fail_at_the_decode_stage() -> None:
    result = page_to_article(URL, RANDOM, headers={"Content-Type": "text/html; charset=gb2312"})
    assert isinstance(result, Failed)
    assert result.stage == "decode"
    assert result.reason.startswith("UndecodableError: no readable text: ")


def test_an_article_title_in_metadata_only_is_the_headline() -> None:
    html = (
        '<html><head><meta charset=utf-8><meta name="ArticleTitle" content="只有元数据标题的文章">'
        f'<meta name="PubDate" content="2024-05-11 10:00"></head><body><div class="content"><p>{STORY}</p>'
        f"<p>{STORY}</p></div></body></html>"
    )
    result = page_to_article(URL, html.encode(), headers={"Content-Type": "text/html; charset=utf-8"})
    assert isinstance(result, Extracted), result
    assert result.article.title == "只有元数据标题的文章"
