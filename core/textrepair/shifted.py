"""The readings of a damaged stretch one byte later, over every byte form its characters may have had.

A stretch decoded out of step is re-encoded as gb18030 and re-read from another byte. When a later
tool NFKC-normalized the text, a character of the stretch may stand for another one (`D` for `Ｄ`,
`(1)` for `⑴`, `...` for `…`): each such character or string is also offered as the bytes of every
gb18030 character that folds to it. The bytes then form a lattice (one chunk per character, several
where a fold is ambiguous), and one backward pass scores, from every byte, the best reading to the
end of the stretch with the character model, choosing the byte forms as it goes.
"""

from __future__ import annotations

import contextlib
import math
from functools import lru_cache

from core.textrepair.gbtables import tables
from core.textrepair.lm import CharModel, model

NEG = -math.inf
# Prior cost (nats) of reading a string as the NFKC form of a character split by the shift, and per
# further character of a longer string (`(1)` for `⑴`): the literal reading is the likelier one.
UNFOLD_COST = 2.0
UNFOLD_EXTRA_COST = 1.0
# A run does not start inside a longer string: its literal reading costs the model a few nats per
# character more than the one character it unfolds to, which the model would take for evidence.
NEG_COST = math.inf
_NO_PAIRS: dict[str, float] = {}


@lru_cache(maxsize=1 << 14)
def completion(lead: int, prev: str | None, right: str | None) -> tuple[float, str] | None:
    """The likeliest character starting with `lead` (its trail byte lost) between `prev` and `right`,
    and its score there (`lm.logp(prev, ch) + lm.logp(ch, right)`)."""
    leads = tables().with_lead.get(lead)
    if not leads:
        return None
    lm = model()
    best: tuple[float, str] | None = None
    for ch in leads:
        score = lm.logp(prev, ch) + (lm.logp(ch, right) if right else 0.0)
        if best is None or score > best[0]:
            best = (score, ch)
    return best


class Lattice:
    """text[a:end] as byte chunks (a character's bytes, or a folded string's possible original
    bytes), scored backward from the end: `score[node]` is the best reading from a node on."""

    def __init__(self, lm: CharModel, text: str, a: int, end: int) -> None:
        self.lm = lm
        self.a = a
        # A U+FFFD closing the stretch is the lost-trail byte of a dangling lead: it adds no bytes and
        # the reading must end with that lead completed.
        self.fffd_end = end > a and text[end - 1] == "\ufffd"
        self.end = end - 1 if self.fffd_end else end
        self.right = text[end] if end < len(text) else None
        self.pair = tables().pair
        buf = bytearray()
        # Per position: the (first byte, byte count) of each of its chunks; per byte: the node after it.
        self.chunks: list[list[tuple[int, int]]] = [[] for _ in range(self.end - a)]
        after: list[int] = []
        unfold, longest = tables().unfold, tables().longest_image
        layout: list[tuple[int, bytes, int, bool]] = []
        for i in range(a, self.end):
            layout.append((i, text[i].encode("gb18030"), i + 1, False))
            for length in range(1, min(longest, self.end - i) + 1):
                for form in unfold.get(text[i : i + length], ()):
                    layout.append((i, form, i + length, True))
        size = sum(len(data) for _, data, _, _ in layout)
        self.boundary0 = size  # node ids from here on: the boundary before each position, then the end
        # An unfolded form is only ever read split (out of step): read whole, it would merely undo
        # the NFKC of text that was never shifted.
        self.unfolded: dict[int, float] = {}  # first byte of an unfolded form -> its prior cost
        self.chunk_chars: dict[int, int] = {}  # first byte of an unfolded form -> characters it stands for
        for i, data, nxt, unfolded in layout:
            if unfolded:
                self.chunk_chars[len(buf)] = nxt - i
                self.unfolded[len(buf)] = UNFOLD_COST + UNFOLD_EXTRA_COST * (nxt - i - 1)
            self.chunks[i - a].append((len(buf), len(data)))
            buf += data
            after.extend(range(len(buf) - len(data) + 1, len(buf)))
            after.append(size + nxt - a)
        self.buf = bytes(buf)
        self.after = after
        self.terminal = size + self.end - a
        count = self.terminal + 1
        self.score = [NEG] * count
        self.first: list[str | None] = [None] * count
        self.next = [-1] * count  # byte nodes only: the node after the best first character
        self.dangling = [False] * count
        self.score[self.terminal] = NEG if self.fffd_end else 0.0
        self.first[self.terminal] = self.right
        self._sweep()

    def start_cost(self, start: int) -> float:
        """The prior cost of a run starting inside the chunk at byte `start`."""
        if start not in self.unfolded:
            return 0.0
        return UNFOLD_COST if self.chunk_chars[start] == 1 else NEG_COST

    def _bytes_at(self, node: int) -> list[tuple[int, int, float]]:
        """(byte, node after it, prior cost) for each byte that can be read at `node`."""
        if node < self.boundary0:
            return [(self.buf[node], self.after[node], 0.0)]
        if node == self.terminal:
            return []
        return [(self.buf[start], self.after[start], self.unfolded.get(start, 0.0))
                for start, _ in self.chunks[node - self.boundary0]]

    def _reads(self, node: int) -> list[tuple[str, int, float]]:
        """(character, node after it, prior cost) for each character that can be read at byte `node`."""
        b = self.buf[node]
        nxt = self.after[node]
        if b < 0x80:
            return [(chr(b), nxt, 0.0)]
        if b == 0x80 or b == 0xFF or node in self.unfolded:
            return []
        found: list[tuple[str, int, float]] = []
        for b2, after2, cost2 in self._bytes_at(nxt):
            if 0x30 <= b2 <= 0x39:
                for b3, after3, cost3 in self._bytes_at(after2):
                    for b4, after4, cost4 in self._bytes_at(after3):
                        with contextlib.suppress(UnicodeDecodeError):
                            ch = bytes((b, b2, b3, b4)).decode("gb18030")
                            found.append((ch, after4, cost2 + cost3 + cost4))
                continue
            ch = self.pair.get((b << 8) | b2)
            if ch is not None:
                found.append((ch, after2, cost2))
        return found

    def _value(self, ch: str, nxt: int) -> float:
        """The score of reading `ch` and then the best reading from `nxt`."""
        if self.boundary0 <= nxt < self.terminal:
            return max(self._value(ch, start) - self.unfolded.get(start, 0.0)
                       for start, _ in self.chunks[nxt - self.boundary0])
        if self.dangling[nxt]:
            done = completion(self.buf[nxt], ch, self.right)
            return NEG if done is None else done[0]
        following = self.score[nxt]
        if following == NEG:
            return NEG
        follower = self.first[nxt]
        if follower:  # self.lm.logp(ch, follower), inlined
            found = self.lm.pair_table.get(ch, _NO_PAIRS).get(follower)
            if found is None:
                found = self.lm.unpaired_table.get(follower)
            following += found if found is not None else self.lm.unpaired_logp(follower)
        return following

    def _sweep(self) -> None:
        """Scores every byte node, from the end back to the first position."""
        for i in range(self.end - 1, self.a - 1, -1):
            for start, length in self.chunks[i - self.a]:
                for node in range(start + length - 1, start - 1, -1):
                    self._resolve(node)

    def _resolve(self, node: int) -> None:
        b = self.buf[node]
        if self.fffd_end and self.after[node] == self.terminal and 0x81 <= b <= 0xFE:
            self.dangling[node] = True
            self.score[node] = 0.0
            return
        best, best_ch, best_next = NEG, None, -1
        for ch, nxt, cost in self._reads(node):
            value = self._value(ch, nxt) - cost
            if value > best:
                best, best_ch, best_next = value, ch, nxt
        self.score[node], self.first[node], self.next[node] = best, best_ch, best_next

    def start_of(self, node: int, prev: str | None) -> int:
        """The byte node a reading after `prev` goes on from at `node` (a boundary: its best chunk)."""
        if self.boundary0 <= node < self.terminal:
            starts = [start for start, _ in self.chunks[node - self.boundary0]]
            return max(starts, key=lambda start: (self._value(prev, start) if prev else self.score[start])
                       - self.unfolded.get(start, 0.0))
        return node

    def first_char(self, node: int, prev: str | None) -> str | None:
        """The first character of the best reading from `node` (after `prev`)."""
        node = self.start_of(node, prev)
        if node == self.terminal:
            return self.right
        if self.dangling[node]:
            done = completion(self.buf[node], prev, self.right)
            return done[1] if done else None
        return self.first[node]

    def reading(self, node: int, prev: str | None, limit: int = 1 << 30) -> str:
        """The best reading from `node` to the end (at most `limit` characters)."""
        out: list[str] = []
        while len(out) < limit:
            node = self.start_of(node, prev)
            if node == self.terminal:
                break
            ch = self.first_char(node, prev)
            if ch is None:
                break
            out.append(ch)
            prev = ch
            node = self.terminal if self.dangling[node] else self.next[node]
        return "".join(out)
