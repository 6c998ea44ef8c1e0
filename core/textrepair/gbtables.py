"""GB18030 two-byte tables: which character each byte pair is, and likely fillers for a lost byte."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.textrepair.lm import HAN, model

LEADS = range(0x81, 0xFF)
TRAILS = [*range(0x40, 0x7F), *range(0x80, 0xFF)]
_FILLERS_KEPT = 60


@dataclass(frozen=True, slots=True)
class GbTables:
    pair: dict[int, str]  # (lead << 8) | trail -> character
    with_trail: dict[int, list[str]]  # trail byte -> likely characters ending with it (a lead was lost)
    with_lead: dict[int, list[str]]  # lead byte -> likely characters starting with it (a trail was lost)


def _plausible(ch: str) -> bool:
    code = ord(ch)
    return not (0xE000 <= code <= 0xF8FF) and (HAN.match(ch) is not None or code < 0x3100 or 0xFF00 <= code <= 0xFFEF)


@lru_cache(maxsize=1)
def tables() -> GbTables:
    lm = model()
    pair: dict[int, str] = {}
    with_trail: dict[int, list[str]] = {}
    with_lead: dict[int, list[str]] = {}
    for lead in LEADS:
        for trail in TRAILS:
            try:
                ch = bytes((lead, trail)).decode("gb18030")
            except UnicodeDecodeError:
                continue
            pair[(lead << 8) | trail] = ch
            if _plausible(ch):
                with_trail.setdefault(trail, []).append(ch)
                with_lead.setdefault(lead, []).append(ch)
    for table in (with_trail, with_lead):
        for chars in table.values():
            chars.sort(key=lm.char_logp, reverse=True)
            del chars[_FILLERS_KEPT:]
    return GbTables(pair, with_trail, with_lead)


@lru_cache(maxsize=1)
def folds() -> dict[str, bytes]:
    """ASCII strings NFKC makes of one two-byte character (`(1)` of `⑴`, `18.` of `⒙`, `...` of
    `…`), and that character's bytes: how to read them back when a byte-loss run went through NFKC."""
    found: dict[str, bytes] = {}
    for lead in LEADS:
        for trail in TRAILS:
            raw = bytes((lead, trail))
            try:
                ch = raw.decode("gb18030")
            except UnicodeDecodeError:
                continue
            folded = unicodedata.normalize("NFKC", ch)
            if len(folded) > 1 and folded.isascii() and folded.isprintable() and not folded.isspace():
                found.setdefault(folded, raw)
    return found
