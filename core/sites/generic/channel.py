"""The breadcrumb (`首页 > 新闻 > 国内`) in the lines above the headline."""

from __future__ import annotations

from core.sites import common
from core.sites.generic.document import Page, hint_of
from core.sites.generic.rules import CRUMB_HINT, CRUMB_PREFIX


def breadcrumb(page: Page, title_index: int) -> list[str]:
    """Breadcrumb link texts (`首页 > 新闻 > 国内`), looked for in the lines above the headline."""
    start = max(0, title_index - 120) if title_index >= 0 else 0
    end = title_index if title_index >= 0 else min(len(page.blocks), 120)
    for block in reversed(page.blocks[start:end]):
        if not block.link_chars or len(block.text) > 120:
            continue
        element = block.element
        parent = element.getparent()
        hints = hint_of(element)
        if parent is not None:
            hints += f" {hint_of(parent)}"
        if not (CRUMB_HINT.search(hints) or CRUMB_PREFIX.match(block.text)):
            continue
        names = [common.text_of(a) for a in element.xpath(".//a")]
        names = [n for n in names if n and len(n) <= 20]
        if 1 <= len(names) <= 8:
            return names
    return []
