"""Invisible and control characters, and Unicode normalization (NFC, never NFKC).

Space policy: U+3000, NBSP, en and em spaces are kept as the page had them (Chinese pages indent
with them; collapsing whitespace is the parser's job and the search key folds them). Zero-width
and formatting characters, BOMs, soft hyphens and C0/C1 controls (tab and newlines excepted) are
removed; zero-width joiners are kept next to emoji, where they carry meaning.
"""

from __future__ import annotations

import re
import unicodedata

from core.textrepair.edits import Edit

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]+"
)
_EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")
_JOINERS = frozenset("\u200c\u200d")


def find_invisible(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for match in _INVISIBLE.finditer(text):
        run = match.group()
        if set(run) <= _JOINERS:
            before = text[match.start() - 1 : match.start()]
            after = text[match.end() : match.end() + 1]
            if _EMOJI.match(before) or _EMOJI.match(after):
                continue
        edits.append(Edit(match.start(), match.end(), "", "invisible", 0.99))
    return edits


def find_unnormalized(text: str) -> list[Edit]:
    """NFC, applied per base character with its combining marks so positions stay exact."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return []
    edits: list[Edit] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index < len(text) and unicodedata.combining(text[index]):
            continue
        cluster = text[start:index]
        normal = unicodedata.normalize("NFC", cluster)
        if normal != cluster:
            edits.append(Edit(start, index, normal, "nfc", 0.99))
        start = index
    return edits
