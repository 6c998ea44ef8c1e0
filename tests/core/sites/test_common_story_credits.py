"""Credits inside story paragraphs (`core.sites.common.story_credits`)."""

from __future__ import annotations

import pytest

from core.sites.common import story_credits


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
    assert story_credits.lead_credit(paragraph) == names


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
    assert story_credits.trailing_credit(paragraph) == (text, names)
