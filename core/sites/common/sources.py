"""The 来源 (source) value of a credit: label debris and wrapping brackets removed."""

from __future__ import annotations

import re

from core.sites.common.credit_tables import GENERIC_SOURCES
from core.sites.common.text import collapse, strip_pinyin

_WRAPPERS = (("《", "》"), ("[", "]"), ("【", "】"), ("（", "）"), ("(", ")"), ("〔", "〕"), ("「", "」"))


def clean_source(value: str | None) -> str | None:
    """A 来源 value without label debris, wrapping brackets and trailing separators."""
    if not value:
        return None
    value = collapse(strip_pinyin(value)).strip(" |丨︱:：,，;；")
    changed = True
    while changed and value:
        changed = False
        for opening, closing in _WRAPPERS:
            if value.startswith(opening) and value.endswith(closing) and value.count(opening) == 1:
                value = value[1:-1].strip()
                changed = True
    value = re.sub(r"\s*[\[【（(〔]\s*[\]】）)〕]\s*$", "", value)
    value = value.strip(" |丨︱[]【】")
    if value in GENERIC_SOURCES:
        return None
    return value or None
