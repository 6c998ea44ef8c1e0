"""The publication date: the dateline shown with the headline, else one just above it, else
JSON-LD or `<meta>`."""

from __future__ import annotations

import re
from datetime import datetime

from core.article import Published
from core.sites import common
from core.sites.common import Block
from core.sites.generic.document import Page
from core.sites.generic.rules import OTHER_DATE_LABEL, PUBLISH_LABEL, PUBLISHED_META


def published_at(page: Page, title_index: int, head: list[Block]) -> tuple[Published | None, str]:
    """The dateline shown with the headline; else one shown just above it; else JSON-LD/meta;
    with the rule that found it (a `confidence.RULES` key)."""
    found = _dateline(head)
    if found:
        return found, "dateline under headline"
    if title_index >= 0:
        above = [b for b in page.blocks[max(0, title_index - 8) : title_index] if len(b.text) <= 60]
        found = _dateline(list(reversed(above)))
        if found:
            return found, "dateline above headline"
    for value in (page.jsonld.get("datePublished"), common.meta_content(page.root, *PUBLISHED_META)):
        if isinstance(value, str):
            found = _iso_date(value)
            if found:
                return found, "metadata"
    return None, "not found"


def _dateline(lines: list[Block]) -> Published | None:
    """The first date in the lines that is not labelled as another kind of date; a date labelled
    as the publication date (发布日期/发稿时间…) wins over an unlabelled one."""
    unlabelled: Published | None = None
    for block in lines:
        text = common.strip_pinyin(block.text)
        for start, _, value in common.find_dates(text):
            before = text[max(0, start - 10) : start]
            if OTHER_DATE_LABEL.search(before):
                continue
            if PUBLISH_LABEL.search(before):
                return value
            if unlabelled is None:
                unlabelled = value
    return unlabelled


def _iso_date(value: str) -> Published | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?", value.strip())
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if match[4] is None:
        return Published.beijing(year, month, day)
    parsed = common.parse_date(value.replace("T", " "))
    if parsed is None:
        return None
    # Keep the page's own offset when it gives one.
    try:
        at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return parsed
    if at.tzinfo is None:
        return parsed
    return Published(at, parsed.precision)
