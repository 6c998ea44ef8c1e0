"""What the lost byte of a byte-loss run was: the characters it could complete, scored in context.

The lost byte is a lead before the run's first re-read byte, or a trail after it; the candidate
characters ("fillers") of each byte come from the GB18030 tables, scored by the character model
with their neighbours, and a filler that completes a longer dictionary word is preferred
(`core.textrepair.byteloss` calls these).
"""

from __future__ import annotations

import heapq
import itertools
import math
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.textrepair.gbtables import tables
from core.textrepair.lm import LONGEST_WORD, UNPAIRED_SHARE, CharModel, model

PREPEND_BONUS = math.log(1.5)  # a lost lead and a lost trail are equally likely; see lm.py on 。 vs ，
FILLERS_FOR_WORDS = 12
WORD_BONUS = 2.0  # per character beyond two of a dictionary word the filler completes
MAX_WORD_BONUS = WORD_BONUS * (LONGEST_WORD - 2)
_NEG = -math.inf
_NO_PAIRS: dict[str, float] = {}


# A possible filler: the character, the prepend bonus, its log probability with no left context
# and after a character it forms no bigram with, and its bigrams (next character -> log probability).
_Filler = tuple[str, float, float, float, dict[str, float]]
_FILLERS_WALKED = FILLERS_FOR_WORDS + 4  # a margin over the fillers kept, for rounding ties


@dataclass(frozen=True, slots=True)
class _Candidates:
    """The possible fillers next to one byte, indexed for `fillers` and `dangling`."""

    chars: frozenset[str]
    by_char: dict[str, list[_Filler]]
    by_alone: list[_Filler]  # best first with no left context and no bigram to the right
    by_unpaired: list[_Filler]  # best first with no bigram on either side
    leads: list[_Filler]  # the characters starting with the byte, likeliest first
    best_alone: float  # the best log probability of a filler with no left context (-inf: none)
    best_unpaired: float  # ... after a character it forms no bigram with


@lru_cache(maxsize=1)
def _all_candidates() -> dict[int, _Candidates]:
    """Per byte, its possible fillers (built once, with the model)."""
    lm, table = model(), tables()
    found: dict[int, _Candidates] = {}
    for byte in range(0x100):
        fillers: list[_Filler] = [
            (ch, bonus, lm.char_logp(ch), lm.unpaired_logp(ch), lm.pair_table.get(ch, _NO_PAIRS))
            for chars, bonus in ((table.with_trail.get(byte, []), PREPEND_BONUS),
                                 (table.with_lead.get(byte, []), 0.0))
            for ch in chars
        ]
        by_char: dict[str, list[_Filler]] = {}
        for filler in fillers:
            by_char.setdefault(filler[0], []).append(filler)
        found[byte] = _Candidates(
            frozenset(by_char), by_char,
            sorted(fillers, key=lambda f: (f[2] + f[1], f[0]), reverse=True),
            sorted(fillers, key=lambda f: (f[3] + f[1], f[0]), reverse=True),
            fillers[len(table.with_trail.get(byte, [])) :],
            max((f[2] for f in fillers), default=_NEG),
            max((f[3] for f in fillers), default=_NEG),
        )
    return found


@lru_cache(maxsize=1)
def _best_bigrams() -> tuple[dict[str, float], dict[str, float]]:
    """Per character, the best log probability of an in-word bigram it starts, and of one it ends."""
    pair_table = model().pair_table
    starting = {prev: max(following.values()) for prev, following in pair_table.items() if following}
    ending: dict[str, float] = {}
    for following in {id(d): d for d in pair_table.values()}.values():  # variants share their rows
        for ch, logp in following.items():
            if logp > ending.get(ch, _NEG):
                ending[ch] = logp
    return starting, ending


def bound(byte: int, before: str | None, after: str | None) -> float:
    """A score no filler of `byte` between `before` and `after` beats (see `fillers`): every term
    at its best (the IEEE sums are monotonic, so the float bound holds too)."""
    candidates = _all_candidates()[byte]
    starting, ending = _best_bigrams()
    left = max(starting.get(before, _NEG), candidates.best_unpaired) if before else candidates.best_alone
    right = max(ending.get(after, _NEG), model().unpaired_logp(after)) if after else 0.0
    return left + right + PREPEND_BONUS


@lru_cache(maxsize=1 << 12)
def dangling(lead: int, right: str | None, left: str | None = None, style: int = 0) -> tuple[float, str] | None:
    """The likeliest character starting with `lead` after `left` and before `right`, and its score
    next to `right` (`lm.logp(ch, right)`; the caller scores it after `left`)."""
    leads = _all_candidates()[lead].leads
    if not leads:
        return None
    lm = model()
    right_unpaired = lm.unpaired_logp(right) if right else 0.0
    left_pairs = lm.pair_table.get(left, _NO_PAIRS) if left else None
    best: tuple[float, str] | None = None
    best_total = _NEG
    other = other_script(style)
    stable = _nfkc_stable() if style & NFKC else None
    for ch, _bonus, alone, unpaired, pairs in leads:
        if stable is not None and ch not in stable:
            continue
        score = pairs.get(right, right_unpaired) if right else 0.0
        before = (alone if left_pairs is None else left_pairs.get(ch, unpaired)) - (SCRIPT_PENALTY if ch in other else 0.0)
        if before + score > best_total:
            best, best_total = (score, ch), before + score
    return best


@lru_cache(maxsize=1)
def _preceders() -> dict[str, frozenset[str]]:
    """Character -> the possible fillers that form an in-word bigram with it."""
    lm, table = model(), tables()
    universe = {ch for chars in (*table.with_trail.values(), *table.with_lead.values()) for ch in chars}
    found: dict[str, set[str]] = {}
    for ch in universe:
        for after in lm.pair_table.get(ch, _NO_PAIRS):
            found.setdefault(after, set()).add(ch)
    return {after: frozenset(chars) for after, chars in found.items()}


NFKC, TRADITIONAL, SIMPLIFIED = 1, 2, 4  # a text's style (bits): NFKC'd, in one script
_STYLE_SAMPLE = 600  # characters enough to tell the script (a long text is not counted through)
SCRIPT_PENALTY = 4.0  # a filler in the other script than the text's
READING_PENALTY = 2.0  # a character of a reading in the other script than the text's


def style_of(text: str, nfkc: bool) -> int:
    """NFKC (when `nfkc`) and the script the text is written in, when it clearly is in one: its
    characters that have a simplified form (OpenCC's) against those that are one."""
    counted = sum(map(_script_weights().get, text[:_STYLE_SAMPLE], itertools.repeat(0)))
    traditional, simple = counted & _TRADITIONAL_COUNT, counted >> _SIMPLE_SHIFT
    style = NFKC if nfkc else 0
    if traditional >= 2 and traditional > 2 * simple:
        return style | TRADITIONAL
    if simple >= 2 and simple > 2 * traditional:
        return style | SIMPLIFIED
    return style


_SIMPLE_SHIFT = 20  # a character counts 1 if traditional, 1 << _SIMPLE_SHIFT if simplified
_TRADITIONAL_COUNT = (1 << _SIMPLE_SHIFT) - 1


@lru_cache(maxsize=1)
def _script_weights() -> dict[str, int]:
    """What a character adds to `style_of`'s count (both when it is both), for one pass over the text."""
    weights = dict.fromkeys(model().fold, 1)
    for ch in _simplified_only():
        weights[ch] = weights.get(ch, 0) + (1 << _SIMPLE_SHIFT)
    return weights


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    """Simplified characters that traditional text writes otherwise (OpenCC's s2t changes them)."""
    import opencc

    chars = sorted({simple for simple in model().fold.values()})
    converted = opencc.OpenCC("s2t").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return frozenset()
    return frozenset(ch for ch, trad in zip(chars, converted, strict=True) if trad != ch)


def other_script(style: int) -> frozenset[str]:
    if style & TRADITIONAL:
        return _simplified_only()
    if style & SIMPLIFIED:
        return _traditional_only()
    return frozenset()


@lru_cache(maxsize=1)
def _traditional_only() -> frozenset[str]:
    return frozenset(model().fold)


@lru_cache(maxsize=1)
def _nfkc_stable() -> frozenset[str]:
    """The possible fillers that NFKC leaves alone (the only ones an NFKC'd text can hold)."""
    return frozenset(ch for ch in _guess_pool()[0] if unicodedata.is_normalized("NFKC", ch))


@lru_cache(maxsize=1 << 16)
def fillers(byte: int, before: str | None, after: str | None, style: int = 0) -> tuple[tuple[float, str], ...]:
    """The best characters that could hold the lost byte next to `byte`, scored by the model in
    context (`lm.logp(before, ch) + lm.logp(ch, after)` plus the prepend bonus), best first.

    Fillers forming a bigram with `before` or `after` are scored one by one; of the others, whose
    order is known in advance, only the first few are."""
    lm = model()
    candidates = _all_candidates()[byte]
    before_pairs = lm.pair_table.get(before, _NO_PAIRS) if before else None
    after_unpaired = lm.unpaired_logp(after) if after else 0.0
    paired: set[str] = set()
    if before_pairs:
        paired |= before_pairs.keys() & candidates.chars  # iterates the candidates, at C speed
    if after:
        paired |= _preceders().get(after, frozenset()) & candidates.chars

    stable = _nfkc_stable() if style & NFKC else None
    if stable is not None:
        paired &= stable
    chosen = [filler for ch in paired for filler in candidates.by_char[ch]]
    order = candidates.by_alone if before_pairs is None else candidates.by_unpaired
    if stable is None:
        # The first fillers not in `paired` lie within as many more as `paired` has fillers.
        walked = [filler for filler in order[: _FILLERS_WALKED + len(chosen)] if filler[0] not in paired]
        del walked[_FILLERS_WALKED:]
    else:
        walked = []
        for filler in order:
            if filler[0] not in paired and filler[0] in stable:
                walked.append(filler)
                if len(walked) == _FILLERS_WALKED:
                    break
    other = other_script(style)
    found = [
        ((alone if before_pairs is None else before_pairs.get(ch, unpaired))
         + (pairs.get(after, after_unpaired) if after else 0.0) + bonus - (SCRIPT_PENALTY if ch in other else 0.0), ch)
        for ch, bonus, alone, unpaired, pairs in chosen
    ]
    # A walked filler forms no bigram with either neighbour (else it would be paired).
    found += [((alone if before_pairs is None else unpaired) + after_unpaired + bonus
               - (SCRIPT_PENALTY if ch in other else 0.0), ch) for ch, bonus, alone, unpaired, _ in walked]
    found.sort(reverse=True)
    return tuple(found[:FILLERS_FOR_WORDS])


def pick_filler(lm: CharModel, scored: tuple[tuple[float, str], ...], left: str, right: str) -> tuple[float, str]:
    """Among the best-scored fillers, prefer one that completes a longer dictionary word."""
    best = scored[0]
    best_total = _NEG
    left, right = lm.folded(left), lm.folded(right)
    for score, ch in scored[:FILLERS_FOR_WORDS]:
        if score + MAX_WORD_BONUS <= best_total:
            break  # sorted best first: no later filler can win, even completing the longest word
        word = lm.longest_folded_word(left, lm.fold.get(ch, ch), right)
        total = score + (WORD_BONUS * (word - 2) if word else 0.0)
        if total > best_total:
            best, best_total = (score, ch), total
    return best


_GUESS_COMMON = 64
_UNSEEN = math.log(1e-10)  # the most frequent characters, always among a lost character's candidates


@lru_cache(maxsize=1)
def _guess_pool() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every possible filler, and the most frequent of them."""
    table, lm = tables(), model()
    pool = {ch for chars in (*table.with_trail.values(), *table.with_lead.values()) for ch in chars}
    return frozenset(pool), tuple(sorted(pool, key=lambda c: (lm.char_logp(c), c), reverse=True)[:_GUESS_COMMON])


_GUESS_NEIGHBOURS = 48  # candidates for a lost character from each neighbour's bigrams


@lru_cache(maxsize=1 << 12)
def _likely_followers(before: str) -> tuple[str, ...]:
    """The possible fillers likeliest after `before` (by its in-word bigrams)."""
    pool = _guess_pool()[0]
    following = model().pair_table.get(before, _NO_PAIRS)
    ranked = heapq.nlargest(_GUESS_NEIGHBOURS, [(logp, ch) for ch, logp in following.items() if ch in pool])
    return tuple(ch for _, ch in ranked)


@lru_cache(maxsize=1 << 12)
def _likely_preceders(after: str) -> tuple[str, ...]:
    """The possible fillers likeliest before `after` (by frequency and their bigram with it)."""
    lm = model()
    pairs, logp = lm.pair_table, lm.char_logp
    joint = [(logp(ch) + pairs[ch][after], ch) for ch in _preceders().get(after, frozenset())]
    return tuple(ch for _, ch in heapq.nlargest(_GUESS_NEIGHBOURS, joint))


@lru_cache(maxsize=1 << 12)
def lost_character(left: str, right: str, style: int = 0) -> tuple[float, str, float] | None:
    """What a U+FFFD that stands for a whole character (both of its bytes gone or unreadable) was,
    from the (up to 5) characters `left` and `right` of it: (the model's score of it between its
    neighbours, the character, its share of the probability of every character there). With
    `style` NFKC (the text was NFKC'd), only characters NFKC leaves alone."""
    lm = model()
    bigrams = _lost_bigrams(left[-1:] or None, right[:1] or None, style)
    if not bigrams:
        return None
    scored = [(score, score, ch) for score, ch in bigrams[FILLERS_FOR_WORDS:]]
    scored += _word_scored(lm, bigrams, left, right)
    scored.sort(reverse=True)
    # Any other character, with no bigram on either side: (1 - interpolation) of the unigram mass.
    others = math.log(UNPAIRED_SHARE) + (lm.unpaired_logp(right[0]) if right else 0.0)
    top = scored[0][0]
    mass = sum(math.exp(total - top) for total, _, _ in scored) + math.exp(others - top)
    return scored[0][1], scored[0][2], 1 / mass


def lost_choice(right: str, style: int = 0) -> str | None:
    """The character of `lost_character("", right, style)`, without its share: the best of the
    candidates scored with the word bonus (the others score below them, as they are ranked)."""
    bigrams = _lost_bigrams(None, right[:1] or None, style)
    return max(_word_scored(model(), bigrams, "", right))[2] if bigrams else None


def _word_scored(lm: CharModel, bigrams: tuple[tuple[float, str], ...], left: str,
                 right: str) -> list[tuple[float, float, str]]:
    """(score with the word bonus, score, character) of the best candidates (as pick_filler)."""
    folded_left, folded_right = lm.folded(left), lm.folded(right)
    scored = []
    for score, ch in bigrams[:FILLERS_FOR_WORDS]:
        word = lm.longest_folded_word(folded_left, lm.fold.get(ch, ch), folded_right)
        scored.append((score + (WORD_BONUS * (word - 2) if word else 0.0), score, ch))
    return scored


@lru_cache(maxsize=1 << 12)
def _lost_bigrams(before: str | None, after: str | None, style: int) -> tuple[tuple[float, str], ...]:
    """The candidates for a lost character between `before` and `after`, scored by their bigrams
    with them, best first."""
    lm = model()
    found: set[str] = set(_guess_pool()[1])
    if before:
        found.update(_likely_followers(before))
    if after:
        found.update(_likely_preceders(after))
    if style & NFKC:
        found &= _nfkc_stable()
    found -= other_script(style)
    before_pairs = lm.pair_table.get(before, _NO_PAIRS) if before else None
    after_unpaired = lm.unpaired_logp(after) if after else 0.0
    unpaired, chars = lm.unpaired_table, lm.char_table
    bigrams = sorted(
        (((before_pairs.get(ch) or unpaired.get(ch, _UNSEEN)) if before_pairs is not None else chars.get(ch, _UNSEEN))
         + (lm.pair_table.get(ch, _NO_PAIRS).get(after, after_unpaired) if after else 0.0), ch)
        for ch in found
    )
    bigrams.reverse()
    return tuple(bigrams)


@lru_cache(maxsize=1 << 12)
def filler_pair(byte: int, lead: int, before: str | None, right: str | None,
                style: int = 0) -> tuple[float, str] | None:
    """The lost byte's character (next to `byte`) and the completion of the dangling `lead` after
    it, chosen together between `before` and `right`: (their score, the two characters)."""
    lm = model()
    leads = _all_candidates()[lead].leads
    if not leads:
        return None
    right_unpaired = lm.unpaired_logp(right) if right else 0.0
    other = other_script(style)
    stable = _nfkc_stable() if style & NFKC else None
    # The lead's completions allowed here, each with its score before `right` (looked up once).
    seconds = [(second, unpaired, following.get(right, right_unpaired) if right else 0.0)
               for second, _bonus, _alone, unpaired, following in leads
               if (stable is None or second in stable) and second not in other]
    # Every added score is a log probability (<= 0): once the first character's score alone is
    # no better than the best pair, no later (worse) one can beat it.
    bounded = all(unpaired <= 0.0 and after <= 0.0 for _, unpaired, after in seconds)
    best: tuple[float, str] | None = None
    for first_score, ch in fillers(byte, before, None, style):
        if bounded and best is not None and first_score <= best[0]:
            break
        pairs = lm.pair_table.get(ch, _NO_PAIRS)
        for second, unpaired, after in seconds:
            score = first_score + pairs.get(second, unpaired) + after
            if best is None or score > best[0]:
                best = (score, ch + second)
    return best
