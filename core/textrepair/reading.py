"""The shifted reading of a byte-loss run: a window of the damaged text's gb18030 bytes re-read
one byte later, scored by the character model in one backward pass (`core.textrepair.byteloss`)."""

from __future__ import annotations

import itertools
import math

from core.textrepair import fillers, runs
from core.textrepair.gbtables import tables
from core.textrepair.lm import CharModel

NEG = -math.inf
UNKNOWN = 1.0  # no reading scores above 0
_NO_PAIRS: dict[str, float] = {}


_ENCODED: dict[str, bytes] = {}
_FOUR_BYTES: dict[bytes, str | None] = {}  # four-byte sequences read (slow in the codec, failing ones the most)
_UNREAD = ""


def _decode_four(four: bytes) -> str | None:
    try:
        return four.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _encode(ch: str) -> bytes:
    found = _ENCODED[ch] = ch.encode("gb18030", "replace")
    return found


class Window:
    """The bytes of text[a:end] (with chosen widenings) and a backward pass over the shifted reading."""

    def __init__(self, lm: CharModel, text: str, a: int, end: int, widened: dict[int, bytes],
                 fffd_byte: bytes = b"", style: int = 0) -> None:
        self.lm = lm
        self.style = style
        self.other = fillers.other_script(style)
        self.text = text
        self.a = a
        self.end = end
        # A U+FFFD closing the run is either a dangling lead (a byte whose trail was an ASCII byte
        # it cannot pair with: it adds no bytes, and the reading must end with that lead
        # completed), or a byte that cannot start a character (0x80, `fffd_byte`) re-read as a trail.
        self.fffd_end = end > a and text[end - 1] == "\ufffd" and not fffd_byte
        encoded = _ENCODED
        chunks = [encoded.get(ch) or _encode(ch) for ch in text[a:end]]
        for i in widened:
            if a <= i < end:
                chunks[i - a] = widened[i]
        if text[end - 1] == "\ufffd" and end > a:
            chunks[-1] = fffd_byte
        self.offsets = [0, *itertools.accumulate(map(len, chunks))][:-1]
        self.buf = b"".join(chunks)
        self.right = text[end] if end < len(text) else None
        self.pair = tables().pair
        size = len(self.buf)
        # Per byte position, filled on demand by `resolve`: the score of the reading from there to
        # the end (UNKNOWN: not yet known), its first character and the position after that one.
        self.score = [UNKNOWN] * (size + 1)
        self.first: list[str | None] = [None] * (size + 1)
        self.next = [0] * (size + 1)
        self.score[size] = NEG if self.fffd_end else 0.0
        self.first[size] = self.right

    def resolve(self, p: int) -> float:
        """The score of the reading from byte `p` to the end of the window (-inf: none)."""
        score, first, nexts, buf = self.score, self.first, self.next, self.buf
        size, pair = len(buf), self.pair
        start = p
        chain: list[tuple[int, str, int]] = []
        while score[p] == UNKNOWN:
            # The character read at byte `p` and the position after it.
            b = buf[p]
            if b < 0x80:
                chain.append((p, chr(b), p + 1))
                p += 1
                continue
            if b == 0x80 or b == 0xFF:
                score[p] = NEG
                break
            if p + 1 == size:
                # A dangling lead: its trail is lost; the likeliest completion before `right`.
                left = chain[-1][1] if chain else None
                completion = fillers.dangling(b, self.right, left, self.style)
                if completion is None:
                    score[p] = NEG
                else:
                    score[p], first[p], nexts[p] = completion[0], completion[1], size
                break
            b2 = buf[p + 1]
            if 0x30 <= b2 <= 0x39:
                four = buf[p : p + 4]
                ch = _FOUR_BYTES.get(four, _UNREAD)
                if ch is _UNREAD:
                    ch = _FOUR_BYTES[four] = _decode_four(four)
                width = 4
            else:
                ch = pair.get((b << 8) | b2)
                width = 2
            if ch is None:
                score[p] = NEG
                break
            chain.append((p, ch, p + width))
            p += width
        lm = self.lm
        pair_logp, unpaired_logp, unpaired = lm.pair_table, lm.unpaired_logp, lm.unpaired_table
        other = self.other
        for at, ch, nxt in reversed(chain):
            following = score[nxt]
            if following == NEG:
                score[at] = NEG
                continue
            follower = first[nxt]
            if follower:  # lm.logp(ch, follower), inlined
                found = pair_logp.get(ch, _NO_PAIRS).get(follower)
                if found is None:
                    found = unpaired.get(follower)
                following += found if found is not None else unpaired_logp(follower)
                if follower in other:
                    following -= fillers.READING_PENALTY
            score[at], first[at], nexts[at] = following, ch, nxt
        return score[start]

    def reading(self, p: int, limit: int = runs.MAX_RUN) -> str:
        out: list[str] = []
        size = len(self.buf)
        while p < size and len(out) < limit:
            out.append(self.first[p] or "")
            p = self.next[p]
        return "".join(out)


def prefix_scores(lm: CharModel, text: str, a: int, end: int, style: int = 0) -> list[float]:
    """prefix[k]: the model's score of text[a:a+k] after text[a-1], for k up to end-a (a character
    in the other script than the text's costs `fillers.READING_PENALTY`)."""
    other = fillers.other_script(style)
    pairs, unpaired = lm.pair_table, lm.unpaired_table
    total = 0.0
    prefix = [total]
    prev = text[a - 1] if a > 0 else None
    for ch in text[a:end]:
        if prev is None:
            total += lm.logp(prev, ch)
        else:  # lm.logp(prev, ch), inlined
            found = pairs.get(prev, _NO_PAIRS).get(ch)
            if found is None:
                found = unpaired.get(ch)
            total += found if found is not None else lm.logp(prev, ch)
        if ch in other:
            total -= fillers.READING_PENALTY
        prefix.append(total)
        prev = ch
    return prefix
