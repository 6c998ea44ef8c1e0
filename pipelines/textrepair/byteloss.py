"""GB18030 byte loss: one lost byte shifts every following character until an ASCII byte re-aligns.

A suspect run (improbable characters) is re-encoded as gb18030 and re-read one byte later; every
possible start of the run is scored with the character model in one backward pass (the re-read
tails of all starts share one alignment), and the lost byte (a lead before the run's first byte,
or a trail after it) is chosen among the characters it could complete. An NFKC'd ASCII
punctuation mark where the run starts or inside it is widened back to its full-width form first.
A repair is made only when it beats the damaged text by a clear margin.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from pipelines.textrepair.edits import Edit
from pipelines.textrepair.gbtables import tables
from pipelines.textrepair.lm import CharModel, model

_MIN_GAIN = 14.0  # nats over the damaged text
_MIN_GAIN_PER_CHAR = 1.2
_PREPEND_BONUS = math.log(1.5)  # a lost lead and a lost trail are equally likely; see lm.py on 。 vs ，
_CLUSTER_GAP = 3
_STARTS_SCORED = 4
_FILLERS_FOR_WORDS = 12
_WORD_BONUS = 2.0  # per character beyond two of a dictionary word the filler completes
_MAX_LOOKBACK = 60
_MAX_RUN = 400
_NEG = -math.inf

# Characters that mean "decoded out of step" when they sit among Han text.
_STRONG = re.compile(
    "[\ue000-\uf8ff\u0370-\u03ff\u0400-\u04ff\u2460-\u24ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f"
    "\u2160-\u217f\ue5e5\U00010000-\U0010ffff\ufe30-\ufe4f]"
)
_ORPHAN = frozenset(chr(c) for c in range(0x40, 0x7F))
_WIDENABLE = frozenset(chr(c) for c in range(0x21, 0x7F))
_LONE_LETTER = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z](?=[\u4e00-\u9fff])")


def _widen(ch: str) -> str:
    return chr(ord(ch) + 0xFEE0) if ch in _WIDENABLE else ch


@lru_cache(maxsize=1)
def _suspect_pattern() -> re.Pattern[str]:
    common = model().common
    ranges = "".join(re.escape(c) for c in sorted(common) if ord(c) > 0x7F)
    return re.compile(f"[^\x00-\x7f{ranges}]")


def _clusters(text: str) -> list[tuple[int, int, int]]:
    """(first, last, count) of suspect characters lying close together."""
    found: list[tuple[int, int, int]] = []
    for match in _suspect_pattern().finditer(text):
        i = match.start()
        if found and i - found[-1][1] <= _CLUSTER_GAP:
            first, _, count = found[-1]
            found[-1] = (first, i, count + 1)
        else:
            found.append((i, i, 1))
    return found


def _worth_trying(text: str, first: int, last: int, count: int) -> bool:
    if count >= 2:
        return True
    if _STRONG.search(text, first, last + 1):
        return True
    after = text[last + 1 : last + 4]
    return any(c in _ORPHAN and after[i + 1 : i + 2] > "\u3000" for i, c in enumerate(after[:2]))


class _Window:
    """The bytes of text[a:end] (with chosen widenings) and a backward pass over the shifted reading."""

    def __init__(self, lm: CharModel, text: str, a: int, end: int, widened: frozenset[int]) -> None:
        self.lm = lm
        self.text = text
        self.a = a
        self.end = end
        # A U+FFFD closing the run is the lost-trail byte of a dangling lead: it adds no bytes and
        # the reading must end with that lead completed.
        self.fffd_end = end > a and text[end - 1] == "\ufffd"
        chunks = [b"" if (i == end - 1 and self.fffd_end) else
                  (_widen(text[i]) if i in widened else text[i]).encode("gb18030") for i in range(a, end)]
        self.offsets: list[int] = []
        total = 0
        for chunk in chunks:
            self.offsets.append(total)
            total += len(chunk)
        self.buf = b"".join(chunks)
        self.right = text[end] if end < len(text) else None
        self._pass()

    def _step(self, p: int) -> tuple[str | None, int]:
        buf, table = self.buf, tables()
        b = buf[p]
        if b < 0x80:
            return chr(b), 1
        if b in (0x80, 0xFF):
            return None, 0
        if p + 1 == len(buf):
            return "", 1  # dangling lead: its trail is lost
        b2 = buf[p + 1]
        if 0x30 <= b2 <= 0x39:
            try:
                return buf[p : p + 4].decode("gb18030"), 4
            except UnicodeDecodeError:
                return None, 0
        ch = table.pair.get((b << 8) | b2)
        return (ch, 2) if ch else (None, 0)

    def _pass(self) -> None:
        lm, size = self.lm, len(self.buf)
        self.score = [_NEG] * (size + 1)
        self.first: list[str | None] = [None] * (size + 1)
        self.next = [0] * (size + 1)
        self.score[size] = _NEG if self.fffd_end else 0.0
        self.first[size] = self.right
        start = self.offsets[0] + 1 if self.offsets else size
        for p in range(size - 1, start - 1, -1):
            ch, length = self._step(p)
            if ch is None:
                continue
            if ch == "":
                fillers = tables().with_lead.get(self.buf[p], [])
                if not fillers:
                    continue
                ch = max(fillers, key=lambda c: lm.char_logp(c) + (lm.logp(c, self.right) if self.right else 0))
                self.score[p] = lm.logp(ch, self.right) if self.right else 0.0
                self.first[p] = ch
                self.next[p] = size
                continue
            nxt = p + length
            if self.score[nxt] == _NEG:
                continue
            follower = self.first[nxt]
            self.score[p] = self.score[nxt] + (lm.logp(ch, follower) if follower else 0.0)
            self.first[p] = ch
            self.next[p] = nxt

    def reading(self, p: int, limit: int = _MAX_RUN) -> str:
        out: list[str] = []
        size = len(self.buf)
        while p < size and len(out) < limit:
            out.append(self.first[p] or "")
            p = self.next[p]
        return "".join(out)


def _fillers(lm: CharModel, byte: int, before: str | None, after: str | None) -> list[tuple[float, str]]:
    """Characters that could hold the lost byte next to `byte`, scored by the model in context."""
    table = tables()
    scored: list[tuple[float, str]] = []
    for chars, bonus in ((table.with_trail.get(byte, []), _PREPEND_BONUS), (table.with_lead.get(byte, []), 0.0)):
        for ch in chars:
            scored.append((lm.logp(before, ch) + (lm.logp(ch, after) if after else 0.0) + bonus, ch))
    scored.sort(reverse=True)
    return scored


def _pick_filler(lm: CharModel, scored: list[tuple[float, str]], left: str, right: str) -> tuple[float, str]:
    """Among the best-scored fillers, prefer one that completes a longer dictionary word."""
    best = scored[0]
    best_total = _NEG
    for score, ch in scored[:_FILLERS_FOR_WORDS]:
        word = lm.longest_word(left, ch, right)
        total = score + (_WORD_BONUS * (word - 2) if word else 0.0)
        if total > best_total:
            best, best_total = (score, ch), total
    return best


def _try_window(lm: CharModel, text: str, a: int, first: int, end: int,
                widened: frozenset[int]) -> tuple[float, Edit] | None:
    window = _Window(lm, text, a, end, widened)
    left0 = text[a - 1] if a > 0 else None
    prefix = [0.0]
    prev = left0
    for i in range(a, end):
        prefix.append(prefix[-1] + lm.logp(prev, text[i]))
        prev = text[i]
    original = prefix[-1] + (lm.logp(prev, window.right) if window.right else 0.0)
    bases: list[tuple[float, int, int]] = []
    for s in range(a, min(first, end - 1) + 1):
        if text[s].isascii() and s not in widened:
            continue
        tail = window.offsets[s - a] + 1
        if tail > len(window.buf) or window.score[tail] == _NEG:
            continue
        bases.append((prefix[s - a] + window.score[tail], s, tail))
    bases.sort(reverse=True)
    best: tuple[float, int, int, list[tuple[float, str]]] | None = None
    for base, s, tail in bases[:_STARTS_SCORED]:
        scored = _fillers(lm, window.buf[tail - 1], text[s - 1] if s > 0 else None, window.first[tail])
        if scored and (best is None or base + scored[0][0] > best[0]):
            best = (base + scored[0][0], s, tail, scored)
    if best is None:
        return None
    total, s, tail, scored = best
    right = window.reading(tail, 5) if tail < len(window.buf) else (window.right or "")
    filler_score, filler = _pick_filler(lm, scored, text[max(0, s - 5) : s], right)
    total += filler_score - scored[0][0]
    after = filler + window.reading(tail)
    gain = total - original
    if gain < _MIN_GAIN or gain < _MIN_GAIN_PER_CHAR * (end - s):
        return None
    confidence = 1 - math.exp(-gain / 10)
    return gain, Edit(s, end, after, "byte_loss", confidence)


def _run_ends(text: str, last: int) -> list[tuple[int, frozenset[int]]]:
    """Candidate ends of a run: at the first ASCII character after it (an orphan trail byte is
    part of the run), or further on when that character is NFKC'd punctuation inside the run."""
    ends: list[tuple[int, frozenset[int]]] = []
    widened: set[int] = set()
    e = last + 1
    limit = min(len(text), last + _MAX_RUN)
    while e < limit and len(ends) < 4:
        ch = text[e]
        if ch == "\ufffd":
            ends.append((e, frozenset(widened)))
            ends.append((e + 1, frozenset(widened)))
            break
        if ch.isascii():
            if ch in _ORPHAN:
                ends.append((e + 1, frozenset(widened)))
                break
            ends.append((e, frozenset(widened)))
            if ch not in _WIDENABLE or text[e - 1] == "\ufffd":
                break
            widened.add(e)
        e += 1
    else:
        if e >= len(text) or not ends:
            ends.append((e, frozenset(widened)))
    return ends


def find(text: str) -> list[Edit]:
    lm = model()
    edits: list[Edit] = []
    covered = 0
    candidates = [c for c in _clusters(text) if _worth_trying(text, *c)]
    candidates += [(m.start(), m.start(), 1) for m in _LONE_LETTER.finditer(text)]
    candidates.sort()
    for first, last, _count in candidates:
        if first < covered:
            continue
        lower = max(covered, first - _MAX_LOOKBACK)
        a = first
        while a > lower and not text[a - 1].isascii() and text[a - 1] != "\ufffd":
            a -= 1
        starts = [(a, frozenset())]
        if a > lower and text[a - 1] in _WIDENABLE and a - 1 >= covered:
            starts.append((a - 1, frozenset({a - 1})))
        best: tuple[float, Edit] | None = None
        for end, inner in _run_ends(text, last):
            for start, widen_start in starts:
                found = _try_window(lm, text, start, first, end, inner | widen_start)
                if found and (best is None or found[0] > best[0]):
                    best = found
        if best:
            edits.append(best[1])
            covered = best[1].end
    return edits
