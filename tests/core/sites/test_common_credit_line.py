"""Labelled credit lines (`core.sites.common.credit_line`)."""

from __future__ import annotations

import pytest

from core.sites.common import credit_line


@pytest.mark.parametrize(
    ("line", "authors", "editors", "source"),
    [
        ("本报记者  王乐文  方  敏", ["王乐文", "方敏"], [], None),
        ("来源：人民网－人民日报", [], [], "人民网－人民日报"),
        ("来源：X 作者：张三、李四 责任编辑：王五", ["张三", "李四"], ["王五"], "X"),
        ("(责编：胡永秋、杨光宇)", [], ["胡永秋", "杨光宇"], None),
        ("来源:工人日报 作者: 浏览:次 发表时间:2023-03-09 22:44:33", [], [], "工人日报"),
        ("□ 本报记者 葛灵丹", ["葛灵丹"], [], None),
        ("新华社记者 刘艺 杨吉", ["刘艺", "杨吉"], [], None),
        ("光明日报记者 张三", ["张三"], [], None),
        ("记者 张三 摄", [], [], None),
        ("文/张三 图/李四", ["张三"], [], None),
        ("本报记者 张三 通讯员 李四", ["张三", "李四"], [], None),
        ("作者：张三和李四", ["张三", "李四"], [], None),
        ("作者：王和平", ["王和平"], [], None),
        ("作者：张三/李四 & 王五", ["张三", "李四", "王五"], [], None),
        ("编辑：倪仕轩 责任编辑：林涛", [], ["倪仕轩", "林涛"], None),
        ("本报记者 张三 责任编辑：张三", [], ["张三"], None),
        ("【编辑:刘欢】 返回搜狐，查看更多", [], ["刘欢"], None),
        ("責任編輯：劉瓊 來源：中工網", [], ["劉瓊"], "中工網"),
        ("来源：[ 国际金融报 ]", [], [], "国际金融报"),
        ("来源：《理财周刊》", [], [], "理财周刊"),
        ("来源：转载文章", [], [], None),
        ("责任编辑：NF041", [], ["NF041"], None),
        ("（责任编辑 张三）", [], ["张三"], None),
        ("来源 新华网 作者 李四", ["李四"], [], "新华网"),
        ("顶端新闻·河南商报记者马俊峰/文受访者供图", ["马俊峰"], [], None),
    ],
)
def test_credit_line(line: str, authors: list[str], editors: list[str], source: str | None) -> None:
    credits = credit_line.parse_credit_line(line)
    assert (credits.authors, credits.editors, credits.source) == (authors, editors, source)


def test_linked_source_uses_link_text() -> None:
    marked = "来源: \x01上海证券报·中国证券网\x02(上海)"
    assert credit_line.parse_credit_line(marked).source == "上海证券报·中国证券网"


def test_pinyin_glosses_removed_from_credits() -> None:
    assert credit_line.parse_credit_line("來(lái)源(yuán)：中工網(wǎng)").source == "中工網"
