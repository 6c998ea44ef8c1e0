"""Chinese credit-line and dateline helpers."""

from __future__ import annotations

import pytest

from core.sites import common


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
    credits = common.parse_credit_line(line)
    assert (credits.authors, credits.editors, credits.source) == (authors, editors, source)


def test_linked_source_uses_link_text() -> None:
    marked = "来源: \x01上海证券报·中国证券网\x02(上海)"
    assert common.parse_credit_line(marked).source == "上海证券报·中国证券网"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年05月10日06:58 | 来源：人民网", "2024-05-10T06:58+08:00"),
        ("2022-02-13 07:00:00", "2022-02-13T07:00:00+08:00"),
        ("2022.01.20 16:31", "2022-01-20T16:31+08:00"),
        ("发布时间：2022-06-24", "2022-06-24"),
        ("发稿时间：2024-05-20 13:15:00 来源：央视新闻客户端", "2024-05-20T13:15:00+08:00"),
        ("2022年02月12日 查看旧版", "2022-02-12"),
        ("2024年5月22日週三 上午8:21", "2024-05-22T08:21+08:00"),
        ("2024年5月22日 下午3:05", "2024-05-22T15:05+08:00"),
        ("發(fā)布時(shí)間：2022-06-24", "2022-06-24"),
        ("2004/7/16 8:19", "2004-07-16T08:19+08:00"),
        ("2024 05/09 22:27:02", "2024-05-09T22:27:02+08:00"),
        ("2024年05月10日 06时58分", "2024-05-10T06:58+08:00"),
    ],
)
def test_dates_keep_displayed_precision(text: str, expected: str) -> None:
    published = common.parse_date(text)
    assert published is not None and published.isoformat() == expected


@pytest.mark.parametrize("text", ["2003年5月", "2024-13-01", "版本 2024.05", "2024年2月30日", "第2024期"])
def test_no_day_or_month_invented(text: str) -> None:
    assert common.parse_date(text) is None


@pytest.mark.parametrize(
    ("paragraph", "names"),
    [
        ("新华社北京5月19日电（刘艺、杨吉）记者从……获悉。", ["刘艺", "杨吉"]),
        ("本报讯（记者叶婉）近日，……", ["叶婉"]),
        ("据新华社拉萨电（记者 格桑边觉）记者近日……", ["格桑边觉"]),
        ("长江网10月4日讯（记者陈智 整合） 国庆中秋长假过半……", ["陈智"]),
        ("新华社北京5月19日电 记者从……获悉。", []),
    ],
)
def test_lead_dateline_credit(paragraph: str, names: list[str]) -> None:
    assert common.lead_credit(paragraph) == names


@pytest.mark.parametrize(
    ("paragraph", "text", "names"),
    [
        ("……共同探索太空。（姚峰 上海报道）", "……共同探索太空。", ["姚峰"]),
        ("……受到影响。（总台记者 张倩）", "……受到影响。", ["张倩"]),
        ("……实现共赢。（钟才文）", "……实现共赢。", ["钟才文"]),
        ("……造福全人类。（记者宋晨、田中全", "……造福全人类。", ["宋晨", "田中全"]),
        ("……在北京举行（见下图）", "……在北京举行（见下图）", []),
        ("……增长了3.5%（同比）", "……增长了3.5%（同比）", []),
    ],
)
def test_trailing_credit(paragraph: str, text: str, names: list[str]) -> None:
    assert common.trailing_credit(paragraph) == (text, names)


def test_pinyin_glosses_removed_from_credits() -> None:
    assert common.parse_credit_line("來(lái)源(yuán)：中工網(wǎng)").source == "中工網"


def test_clean_url_drops_tracking_and_encodes() -> None:
    assert (
        common.clean_url("http://news.cjn.cn/a/t1.htm?spm=zm1066-001.0.0.1") == "http://news.cjn.cn/a/t1.htm"
    )
    assert common.clean_url("https://hk.yahoo.com/news/日本-1.html") == (
        "https://hk.yahoo.com/news/%E6%97%A5%E6%9C%AC-1.html"
    )


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("张三、李四报道", ["张三", "李四"]),
        ("姚峰 上海报道", ["姚峰"]),
        ("张三 发自北京", ["张三"]),
        ("张三/摄", []),
        ("｜张三", ["张三"]),
        ("张三（北京大学教授）", ["张三"]),
        ("张三 北京大学教授", ["张三"]),
        ("近日从西藏自治区农业农村厅召开的会议上了解到", []),
        ("宋晨、田中全、胡�础⒑钗睦ぃ�", ["宋晨", "田中全", "胡�础⒑钗睦ぃ�"]),
    ],
)
def test_split_names(value: str, names: list[str]) -> None:
    assert common.split_names(value) == names
