"""The page as the field extractors share it (`Page`), and small facts about its lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from core.sites import common
from core.sites.common import Block
from core.sites.generic.rules import SLOT_DATE


@dataclass(slots=True)
class Page:
    """Everything read from one document, shared by the field extractors."""

    url: str | None
    html: str
    root: etree._Element
    blocks: list[Block]
    jsonld: dict[str, Any]
    dated: dict[int, bool] = field(default_factory=dict)


def squeeze(text: str) -> str:
    """Text without any whitespace, for comparing lines with `<title>` and the like."""
    return re.sub(r"\s+", "", text)


def hint_of(element: etree._Element) -> str:
    """An element's class and id, where templates say what a slot holds."""
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def centered(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "text-align:center" in style or (element.get("align") or "").lower() == "center"


def has_date(page: Page, index: int) -> bool:
    """Whether block `index` is a short line showing a date (cached per page)."""
    cached = page.dated.get(index)
    if cached is None:
        text = page.blocks[index].text
        cached = page.dated[index] = (
            len(text) < 120 and bool(SLOT_DATE.search(text)) and bool(common.find_dates(text))
        )
    return cached
