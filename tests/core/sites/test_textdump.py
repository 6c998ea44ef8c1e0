"""Plain-text dumps: the seed imports with the fields the issue lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.article import ParseError, Published
from core.sites.textdump import parse_text_dump, pseudo_url
from core.textrepair import repair_text


def test_seed_dump(shared_dir: Path) -> None:
    text = (shared_dir / "seeds/000_a35abb5be80df67a.txt").read_text(encoding="utf-8")
    repaired = repair_text(text).text
    article = parse_text_dump(repaired)
    assert article.title == "吉林省總出實招讓工會十八大精神“生根結果”"
    assert article.subtitle == "全周期提升技能 全時空高品質服務"
    assert article.authors == ["彭冰", "柳姍姍"]
    assert article.editors == ["劉瓊", "黃瑾"]
    assert article.source == "中工網"
    assert article.published_at == Published.beijing(2023, 12, 25, 8, 51)
    assert article.published_at.isoformat() == "2023-12-25T08:51+08:00"
    assert article.channel == ["中國共產黨新聞網", "中國工會新聞"]
    assert article.site == "people_acftu"
    assert article.url == pseudo_url(repaired)
    assert len(article.body) == 9
    assert article.body[0].startswith("穿上工作服,戴上線手套,走進工廠車間")
    assert "工位。基層工作部的鐘捍銘感慨道：“參加勞動實踐是" in article.body[1]
    assert article.body[-1].endswith("努力開創新時代新征程工運事業和工會工作新局面。")


def test_simplified_dump_with_labels() -> None:
    text = (
        "人民网>>社会\n\n职工书屋建设提速\n\n本报记者 方敏、李娜\n\n"
        "2024年05月10日  来源：工人日报\n\n第一段。\n\n第二段。\n\n（责任编辑：王强）\n"
    )
    article = parse_text_dump(text, url="http://example.com/a.html")
    assert article.url == "http://example.com/a.html"
    assert article.site == "textdump"
    assert article.title == "职工书屋建设提速"
    assert article.subtitle is None
    assert article.authors == ["方敏", "李娜"]
    assert article.editors == ["王强"]
    assert article.source == "工人日报"
    assert article.published_at == Published.beijing(2024, 5, 10)
    assert article.body == ["第一段。", "第二段。"]
    assert article.channel == ["人民网", "社会"]


@pytest.mark.parametrize("text", ["", "只有一行正文。", "2024年05月10日 来源：工人日报\n正文"])
def test_not_a_dump(text: str) -> None:
    with pytest.raises(ParseError):
        parse_text_dump(text)
