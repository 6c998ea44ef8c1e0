"""Text helpers: whitespace collapse, link marks, pinyin glosses."""

from __future__ import annotations

import re

LINK_OPEN, LINK_CLOSE = "\x01", "\x02"
"""Marks around link text in `Block.marked` (see `core.sites.common.textblocks`)."""

_WHITESPACE = re.compile(r"[\s\u3000\xa0\u200b\u200c\u200d\u2060\ufeff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BUT_MARKS = re.compile(r"[\x00\x03-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A Hanyu Pinyin gloss glued after a character by "BIG5" mirrors: 網(wǎng)絡(luò)
_PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\(\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}\s*\)")


def collapse(text: str | None) -> str:
    """Collapse whitespace runs (including U+3000 and NBSP) to one space, drop control characters."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", _CONTROL.sub("", text)).strip()


def collapse_marked(text: str) -> str:
    """`collapse` that keeps the link marks of `Block.marked`."""
    return _WHITESPACE.sub(" ", _CONTROL_BUT_MARKS.sub("", text)).strip()


def unmark(text: str) -> str:
    return text.replace(LINK_OPEN, "").replace(LINK_CLOSE, "")


def strip_pinyin(text: str) -> str:
    """Remove pinyin glosses glued after characters (`來(lái)源` -> `來源`); used on credit lines only."""
    return _PINYIN_GLOSS.sub("", text)
