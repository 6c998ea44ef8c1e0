"""Person names in credit values (`core.sites.common.names`)."""

from __future__ import annotations

import pytest

from core.sites.common.names import split_names


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
    assert split_names(value) == names
