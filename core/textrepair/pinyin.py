"""Pinyin glued after characters by traditional-script converters: `產(chǎn)業(yè)` -> `產業`.

A parenthesised group is removed only when its syllables are readings (heteronyms included, per
pypinyin's dictionary) of the characters right before it; `(集團)` and `(擴大)` stay.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from core.textrepair.edits import Edit

_TONE_LETTERS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GROUP = re.compile(
    rf"[(（][ \t]*(?P<py>[a-zA-Z{_TONE_LETTERS}]+(?:[ \t'’-]+[a-zA-Z{_TONE_LETTERS}]+)*[1-5]?)[ \t]*[)）]"
)
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_SEPARATORS = str.maketrans("", "", " \t'’-")
_MAX_GROUP = 4


def _toneless(syllable: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", syllable) if not unicodedata.combining(c))
    return base.replace("ü", "v")


@lru_cache(maxsize=65536)
def readings(ch: str) -> tuple[str, ...]:
    """Every accepted spelling of every reading of `ch`: tone marks, toneless, tone number."""
    return tuple(sorted(_reading_set(ch), key=len, reverse=True))


@lru_cache(maxsize=65536)
def _reading_set(ch: str) -> frozenset[str]:
    from pypinyin.pinyin_dict import pinyin_dict

    found = pinyin_dict.get(ord(ch))
    if not found:
        return frozenset()
    return frozenset(spelling for marked in found.split(",") for spelling in _spellings(marked))


@lru_cache(maxsize=8192)
def _spellings(marked: str) -> tuple[str, ...]:
    """The spellings of one reading as the dictionary writes it (readings repeat across characters)."""
    marked = unicodedata.normalize("NFC", marked.strip().lower())
    plain = _toneless(marked)
    tone = next((str(i + 1) for i, mark in enumerate("\u0304\u0301\u030c\u0300")
                 if mark in unicodedata.normalize("NFD", marked)), "5")
    return marked, plain, plain.replace("v", "u"), plain + tone


@lru_cache(maxsize=1 << 16)
def _spells(chars: str, pinyin: str) -> bool:
    """True when `pinyin` (spaces removed) is one reading of each of `chars`, in order."""
    if not chars:
        return not pinyin
    return any(pinyin.startswith(r) and _spells(chars[1:], pinyin[len(r):]) for r in readings(chars[0]))


def find(text: str) -> list[Edit]:
    if "(" not in text and "（" not in text:
        return []
    edits: list[Edit] = []
    for match in _GROUP.finditer(text):
        start = match.start()
        pinyin = unicodedata.normalize("NFC", match["py"].translate(_SEPARATORS).lower())
        for width in range(1, _MAX_GROUP + 1):
            chars = text[max(0, start - width) : start]
            if len(chars) < width or not _HAN_RUN.fullmatch(chars):
                break
            # One character: its readings hold the group (what `_spells` finds, with no recursion).
            if pinyin in _reading_set(chars) if width == 1 else _spells(chars, pinyin):
                edits.append(Edit(start, match.end(), "", "pinyin", 0.99 if width == 1 else 0.95))
                break
    return edits
