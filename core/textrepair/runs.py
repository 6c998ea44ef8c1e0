"""Where a byte-loss run ends, and the bytes its NFKC'd characters had (`core.textrepair.byteloss`).

A shifted reading re-aligns at the first ASCII byte it meets in a lead position. In the damaged text
that is an ASCII character after the run, unless NFKC made it: a full-width form (`，` -> `,`), an
ideographic space, or a compatibility character that became several (`⑴` -> `(1)`), which are read
back as what NFKC made them from. A Latin letter right after the run is the trail byte of its last
character (an orphan), and a U+FFFD closes it: a dangling lead before ASCII, else a 0x80 byte.
"""

from __future__ import annotations

import re
import unicodedata

from core.textrepair.fillers import NFKC
from core.textrepair.gbtables import folds

MAX_RUN = 400
ORPHAN = frozenset(chr(c) for c in range(0x40, 0x7F))
WIDENABLE = frozenset(chr(c) for c in range(0x20, 0x7F))


def widen(ch: str) -> str:
    if ch == " ":
        return "\u3000"  # NFKC makes the ideographic space a space
    return chr(ord(ch) + 0xFEE0) if ch in WIDENABLE else ch


End = tuple[int, dict[int, bytes], bytes]  # where a run ends, its widened characters' bytes, a closing U+FFFD's byte


def _fffd_byte(text: str, at: int) -> bytes:
    """The byte a U+FFFD closing a run was: before ASCII (or at the end) a dangling lead, whose
    trail the ASCII byte could not be (b"": its own byte is its character's, lost with it);
    before anything else a byte that starts no character (0x80)."""
    return b"" if at + 1 == len(text) or text[at + 1].isascii() else b"\x80"


_LONGEST_FOLD = 4


def _widen_at(text: str, e: int, wide: dict[int, bytes]) -> int:
    """Widen the NFKC'd character at `e` back into `wide`: a compatibility character NFKC turned
    into several (`⑴` -> `(1)`, `⒙` -> `18.`) or a full-width form; the position after it."""
    found = folds()
    for length in range(_LONGEST_FOLD, 1, -1):
        raw = found.get(text[e : e + length])
        if raw is not None:
            wide[e] = raw
            wide.update((e + k, b"") for k in range(1, length))
            return e + length
    wide[e] = widen(text[e]).encode("gb18030")
    return e + 1


def run_ends(text: str, last: int, nfkc: int) -> list[End]:
    """Candidate ends of a run: at the first ASCII character after it (an orphan trail byte is
    part of the run), or further on when that character is NFKC'd punctuation or a digit inside
    the run (in NFKC'd text also a letter or a space). A U+FFFD or an orphan trail byte at `last` itself closes the run."""
    if text[last] == "\ufffd":
        return [(last + 1, {}, _fffd_byte(text, last))]
    if text[last] in ORPHAN:
        return [(last + 1, {}, b"")]
    ends: list[End] = []
    wide: dict[int, bytes] = {}
    e = last + 1
    limit = min(len(text), last + MAX_RUN)
    while e < limit and len(ends) < 3:
        ch = text[e]
        if ch == "\ufffd":
            ends.append((e + 1, dict(wide), _fffd_byte(text, e)))
            break
        if ch.isascii():
            ends.append((e + 1 if ch in ORPHAN else e, dict(wide), b""))
            if ch not in WIDENABLE or text[e - 1] == "\ufffd":
                break
            if not nfkc & NFKC and (ch == " " or ch in ORPHAN):
                break  # only NFKC folds an ideographic space or a full-width letter to ASCII
            e = _widen_at(text, e, wide)
            continue
        e += 1
    else:
        if e >= len(text) or not ends:
            ends.append((e, dict(wide), b""))
    return ends


_NFKC_EVIDENCE = re.compile(r"[\u4e00-\u9fff][,:;!?()]|[,:;!?()][\u4e00-\u9fff]")


def nfkc_text(text: str) -> bool:
    """The text went through NFKC: ASCII punctuation among Han characters and nothing NFKC changes."""
    return _NFKC_EVIDENCE.search(text) is not None and unicodedata.is_normalized("NFKC", text)
