"""GB18030 byte loss: one lost byte shifts every following character until an ASCII byte re-aligns.

A suspect run (improbable characters, a U+FFFD, a Latin letter after Han) is re-encoded as gb18030
and re-read one byte later; every possible start of the run is scored with the character model in
one backward pass (the re-read tails of all starts share one alignment), and the lost byte (a lead
before the run's first byte, or a trail after it) is chosen among the characters it could complete.
Where the run ends, and the bytes of its NFKC'd characters, come from `core.textrepair.runs`. The
text's style weighs the candidates: an NFKC'd text gets NFKC'd repairs, a traditional one prefers
traditional characters (and a simplified one simplified). A repair is made only when it beats the
damaged text by a clear margin; a U+FFFD that no re-reading explains gets its likeliest character
recorded as a guess (`byte_loss_guess`), not made.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from core.textrepair import fillers, runs
from core.textrepair.edits import Edit
from core.textrepair.lm import CharModel, common_characters, model
from core.textrepair.reading import NEG, UNKNOWN, Window, prefix_scores

_MIN_GAIN = 14.0  # nats over the damaged text
# A lone private-use character after ASCII (`]\ue5c2 ` on a page whose font draws it) is usually a
# vendor glyph, not a shifted reading: it is repaired only on overwhelming evidence. An orphan
# trail byte after it (`\ue126h`) is such evidence of a shift, and exempts it.
_LONE_PRIVATE_USE_MIN_GAIN = 40.0
_MIN_GAIN_PER_CHAR = 1.2
# A run that ends in an orphan trail byte (a Latin letter after Han) or a U+FFFD is damaged for sure.
_CLOSED_RUN_MIN_GAIN = 8.0
# A Latin letter alone after a Han character read as the trail byte of a character that lost its
# lead; an upper-case one is more often meant (`A股`, `X光`).
_SINGLE_MIN_GAIN = 3.5
_SINGLE_UPPER_MIN_GAIN = 4.5
_CLUSTER_GAP = 3
_STARTS_SCORED = 3
_MAX_LOOKBACK = 60

# Characters that mean "decoded out of step" when they sit among Han text.
_STRONG = re.compile(
    "[\ue000-\uf8ff\u0370-\u03ff\u0400-\u04ff\u2460-\u24ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f"
    "\u2160-\u217f\ue5e5\U00010000-\U0010ffff\ufe30-\ufe4f]"
)
_ALPHABETIC = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\x00-\x7f]+")
_LONE_LETTER = re.compile(r"(?<=[\u4e00-\u9fff])[A-Za-z](?![A-Za-z0-9])")


@lru_cache(maxsize=1)
def _suspect_pattern() -> re.Pattern[str]:
    common = common_characters()
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


def _is_private_use(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def _lone_private_use(text: str, first: int, last: int, count: int) -> bool:
    """A single suspect, private-use, with ASCII (or nothing) before it and no orphan trail byte after."""
    if count != 1 or first != last or not _is_private_use(text[first]):
        return False
    if first > 0 and not text[first - 1].isascii():
        return False
    after = text[first + 1 : first + 3]
    return not (after[:1] in runs.ORPHAN and after[1:2] > "\u3000")


def _worth_trying(text: str, first: int, last: int, count: int) -> bool:
    if _ALPHABETIC.fullmatch(text, first, last + 1):
        return False  # a Russian or Greek word, not a shifted reading (that mixes in Han)
    if count >= 2 or "\ufffd" in text[first : last + 1]:
        return True
    if _STRONG.search(text, first, last + 1):
        return True
    after = text[last + 1 : last + 4]
    return any(c in runs.ORPHAN and after[i + 1 : i + 2] > "\u3000" for i, c in enumerate(after[:2]))


def _try_window(lm: CharModel, text: str, a: int, first: int, end: int, widened: dict[int, bytes],
                widen_start: bool, min_gain: float, prefix: list[float],
                fffd_byte: bytes = b"", baseline: str | None = None,
                nfkc: int = False) -> tuple[float, Edit] | None:
    """The best repair of a run ending at `end` that starts in text[a:first+1] (or at a-1, widened,
    when `widen_start`), or None when none clearly beats the damaged text. `prefix` holds the
    damaged text's scores from the run's first possible start (see `prefix_scores`)."""
    if widen_start:
        a -= 1
        widened = {**widened, a: runs.widen(text[a]).encode("gb18030")}
    window = Window(lm, text, a, end, widened, fffd_byte, nfkc)
    original = prefix[end - a] + (lm.logp((baseline or text)[end - 1], window.right) if window.right else 0.0)
    bases: list[tuple[float, int, int]] = []
    size, offsets, known = len(window.buf), window.offsets, window.score
    for s in range(a, min(first, end - 1) + 1):
        if widened.get(s) or not text[s].isascii():
            tail = offsets[s - a] + 1
            if tail <= size:
                score = known[tail]  # the starts' tails share one alignment: mostly resolved already
                if score == UNKNOWN:
                    score = window.resolve(tail)
                if score != NEG:
                    bases.append((prefix[s - a] + score, s, tail))
    bases.sort(reverse=True)
    bases = bases[: _STARTS_SCORED + widen_start]
    # No filler scores above its bound: skip what cannot clear the bar (a closing pair, chosen
    # after, is bounded only by the prepend bonus).
    bounded = [(base, s, tail, fillers.bound(window.buf[tail - 1], text[s - 1] if s > 0 else None, window.first[tail]))
               for base, s, tail in bases]
    fffd_end = window.fffd_end
    if not any(base + (fillers.PREPEND_BONUS if fffd_end else bound) - original
               >= max(min_gain, _MIN_GAIN_PER_CHAR * (end - s)) for base, s, _, bound in bounded):
        return None
    best: tuple[float, int, int, tuple[tuple[float, str], ...]] | None = None
    for base, s, tail, bound in bounded:
        if best is not None and base + bound <= best[0]:
            continue  # no filler can win here
        scored = fillers.fillers(window.buf[tail - 1], text[s - 1] if s > 0 else None, window.first[tail], nfkc)
        if scored and (best is None or base + scored[0][0] > best[0]):
            best = (base + scored[0][0], s, tail, scored)
    if best is None or (not fffd_end and best[0] - original < max(min_gain, _MIN_GAIN_PER_CHAR * (end - best[1]))):
        return None  # the filler picked scores no better than the best one
    total, s, tail, scored = best
    right = window.reading(tail, 5) if tail < size else (window.right or "")
    filler_score, filler = fillers.pick_filler(lm, scored, text[max(0, s - 5) : s], right)
    total += filler_score - scored[0][0]
    after = filler + window.reading(tail)
    if window.fffd_end:
        pair = _closing_pair(window, text, bases, size, nfkc)
        if pair is not None and pair[0] > total:
            total, s, after = pair
    gain = total - original
    if gain < min_gain or gain < _MIN_GAIN_PER_CHAR * (end - s):
        return None
    confidence = 1 - math.exp(-gain / 10)
    return gain, Edit(s, end, after, "byte_loss", confidence)


def _closing_pair(window: Window, text: str, bases: list[tuple[float, int, int]], size: int,
                  nfkc: int) -> tuple[float, int, str] | None:
    """A run of one character and a dangling lead (`绦�,` for 特性): the lost byte's character and
    the lead's completion chosen together, (score, start, characters)."""
    for _base, s, tail in bases:
        if tail == size - 1:
            pair = fillers.filler_pair(window.buf[tail - 1], window.buf[tail], text[s - 1] if s > 0 else None,
                                       window.right, nfkc)
            if pair is not None:
                # The damaged text's score up to the run's start (as in the bases) plus the pair's.
                prefix_score = _base - window.score[tail]
                return prefix_score + pair[0], s, pair[1]
    return None


def _single_letter(lm: CharModel, text: str, at: int, nfkc: int) -> tuple[float, Edit] | None:
    """A Latin letter alone after a Han character as the trail byte of a character whose lead was
    lost (`轉d` for 轉載): the likeliest such character, when it clearly beats the letter."""
    letter = text[at]
    before = text[at - 1] if at > 0 else None
    after = text[at + 1] if at + 1 < len(text) else None
    scored = fillers.fillers(ord(letter), before, after, nfkc)
    if not scored:
        return None
    score, ch = fillers.pick_filler(lm, scored, text[max(0, at - 5) : at], text[at + 1 : at + 6])
    original = lm.logp(before, letter) + (lm.logp(letter, after) if after else 0.0)
    gain = score - original
    if gain < (_SINGLE_UPPER_MIN_GAIN if letter.isupper() else _SINGLE_MIN_GAIN):
        return None
    return gain, Edit(at, at + 1, ch, "byte_loss", 1 - math.exp(-gain / 10))


def _lost_character(text: str, at: int, nfkc: int) -> tuple[float, str, float] | None:
    return fillers.lost_character(text[max(0, at - 5) : at], text[at + 1 : at + 6], nfkc)


def _best_run(lm: CharModel, text: str, candidate: tuple[int, int, int], covered: int,
              nfkc: int) -> tuple[float, Edit] | None:
    """The best repair of the run around one suspect cluster (None: none clearly beats the text)."""
    first, last, count = candidate
    min_gain = _LONE_PRIVATE_USE_MIN_GAIN if _lone_private_use(text, first, last, count) else _MIN_GAIN
    if text[last] == "\ufffd" or (text[last].isascii() and text[last].isalpha()):
        min_gain = _CLOSED_RUN_MIN_GAIN
    lower = max(covered, first - _MAX_LOOKBACK)
    a = first
    while a > lower and not text[a - 1].isascii() and text[a - 1] != "\ufffd":
        a -= 1
    widen_start = a > lower and text[a - 1] in runs.WIDENABLE and a - 1 >= covered and (nfkc & fillers.NFKC or text[a - 1] != " ")
    fffd = text.find("\ufffd", first, last + 1)
    inner = next((i for i in range(first + 1, last) if text[i].isascii()), -1)
    if fffd >= 0 and (inner < 0 or fffd < inner):
        ends = runs.run_ends(text, fffd, nfkc)
    else:  # an ASCII character inside the cluster ends the run or is NFKC'd inside it
        ends = runs.run_ends(text, last if inner < 0 else inner - 1, nfkc)
    baseline = text
    if fffd >= 0:
        # The damaged text is scored with the U+FFFD as the likeliest single character before what
        # follows it (not after what precedes it: that may be the shifted reading itself).
        guess = fillers.lost_choice(text[fffd + 1 : fffd + 6], nfkc)
        if guess is not None:
            baseline = text[:fffd] + guess + text[fffd + 1 :]
    prefix = prefix_scores(lm, baseline, a - widen_start, max(end for end, _, _ in ends), nfkc)
    best: tuple[float, Edit] | None = None
    for end, inner, fffd_byte in ends:
        found = _try_window(lm, text, a, first, end, inner, widen_start, min_gain, prefix, fffd_byte, baseline,
                            nfkc)
        if found and (best is None or found[0] > best[0]):
            best = found
    if text[last] in runs.ORPHAN and first == last and last > 0 and text[last].isalpha():
        single = _single_letter(lm, text, last, nfkc)
        if single and (best is None or single[0] > best[0]):
            best = single
    if best and nfkc & fillers.NFKC:
        gain, edit = best
        best = gain, edit._replace(after=unicodedata.normalize("NFKC", edit.after))
    return best


def find(text: str) -> list[Edit]:
    candidates = [c for c in _clusters(text) if _worth_trying(text, *c)]
    candidates += [(m.start(), m.start(), 1) for m in _LONE_LETTER.finditer(text)]
    if not candidates:
        return []  # nothing suspect: the model is not needed (nor loaded)
    candidates.sort()
    lm = model()
    nfkc = fillers.style_of(text, runs.nfkc_text(text))  # NFKC'd, and in which script
    edits: list[Edit] = []
    covered = 0
    for candidate in candidates:
        if candidate[0] < covered:
            continue
        best = _best_run(lm, text, candidate, covered, nfkc)
        if best:
            edits.append(best[1])
            covered = best[1].end
        elif text[candidate[1]] == "\ufffd" and candidate[0] == candidate[1]:
            guess = _lost_character(text, candidate[1], nfkc)
            if guess is not None:
                at = candidate[1]
                edits.append(Edit(at, at + 1, guess[1], "byte_loss_guess", guess[2], applied=False))
    return edits
