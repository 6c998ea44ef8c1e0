"""The 来源 (source) value of a credit: label debris and wrapping brackets removed."""

from __future__ import annotations

import re

from core.sites.common.credit_tables import GENERIC_SOURCES, INTERFACE_WORDS, PUBLICATION_HINT
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


def outlet_and_rest(value: str) -> tuple[str, list[str]]:
    """A 来源 value cut at the first token that is no part of an outlet's name: `中国新闻网 王帆`
    -> (`中国新闻网`, [`王帆`]); `新华网 网友评论 0 条 分享到` -> (`新华网`, [...]). A token after the
    first stays only when it is outlet-like itself (an outlet word, no digits, no interface word)."""
    tokens = collapse(value).split(" ")
    kept = tokens[:1]
    for index, token in enumerate(tokens[1:], start=1):
        if re.search(r"\d", token) or INTERFACE_WORDS.search(token) or not PUBLICATION_HINT.search(token):
            return " ".join(kept), tokens[index:]
        kept.append(token)
    return " ".join(kept), []
