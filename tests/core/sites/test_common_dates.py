"""Datelines in text (`core.sites.common.dates`)."""

from __future__ import annotations

import pytest

from core.sites.common import dates


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
    published = dates.parse_date(text)
    assert published is not None and published.isoformat() == expected


@pytest.mark.parametrize("text", ["2003年5月", "2024-13-01", "版本 2024.05", "2024年2月30日", "第2024期"])
def test_no_day_or_month_invented(text: str) -> None:
    assert dates.parse_date(text) is None
