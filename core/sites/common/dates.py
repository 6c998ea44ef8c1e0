"""Datelines in text: `2024年05月10日06:58`, `2022-02-13 07:00:00`, `2024 05/09 22:27:02`, at the
precision shown, in Beijing time."""

from __future__ import annotations

import re

from core.article import Published

_CLOCK = r"(?:(?P<ampm>上午|下午|早上|晚上|凌晨|中午|AM|PM)?\s*(?P<H>\d{1,2})\s*[:：时時]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)"
DATE_PATTERNS = (
    re.compile(
        r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
        r"(?:\s*(?:星期|週|周|礼拜)[一二三四五六日天])?(?:\s*" + _CLOCK + ")?"
    ),
    re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
        r"(?:(?:\s*|T)" + _CLOCK + ")?"
    ),
    # news.cn page header: `2024 05/09 22:27:02` or `202405/09 22:27:02`
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<m>\d{2})/(?P<d>\d{2})(?!\d)(?:\s*" + _CLOCK + ")?"),
)


def _published(match: re.Match[str]) -> Published | None:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if match["H"] is None:
        try:
            return Published.beijing(year, month, day)
        except ValueError:
            return None
    hour, minute = int(match["H"]), int(match["M"])
    ampm = match["ampm"]
    if ampm in ("下午", "晚上", "PM") and hour < 12:
        hour += 12
    if ampm in ("上午", "凌晨", "AM") and hour == 12:
        hour = 0
    second = int(match["S"]) if match["S"] is not None else None
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        return None
    try:
        return Published.beijing(year, month, day, hour, minute, second)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, Published]]:
    """Every dateline in text: (start, end, value), in order of appearance."""
    found: list[tuple[int, int, Published]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _published(match)
            if value is not None and not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), value))
    found.sort(key=lambda item: item[0])
    return found


def parse_date(text: str | None) -> Published | None:
    """The first dateline in text at the precision shown; None when no full year-month-day is there."""
    if not text:
        return None
    dates = find_dates(text)
    return dates[0][2] if dates else None
