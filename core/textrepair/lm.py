"""A character bigram model built from text that ships in packages (jieba's word frequencies).

Scores are natural-log probabilities. Traditional characters are folded to simplified (OpenCC's
table, applied per character) before look-up, so one model serves both scripts; the text itself is
never converted. Every score is precomputed at load into tables keyed by the characters as written
(traditional variants expanded), so scoring is dictionary look-ups only.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Probabilities of punctuation, digits and Latin letters in Chinese news text (jieba's dictionary
# holds words only). The full stop and the comma are given the same weight on purpose: the
# model cannot tell a sentence end from a clause end, and neither should win by prior alone.
_PUNCTUATION_SHARE = {
    "，": 0.03, "。": 0.03, "、": 0.008, "“": 0.005, "”": 0.005, "：": 0.004, "；": 0.002,
    "！": 0.001, "？": 0.001, "（": 0.001, "）": 0.001, "《": 0.002, "》": 0.002, "…": 0.001,
    "—": 0.001, "·": 0.0005, "‘": 0.0005, "’": 0.0005, "　": 0.001,
    ",": 0.02, ".": 0.003, ";": 0.001, ":": 0.002, "!": 0.0005, "?": 0.0005, "(": 0.001,
    ")": 0.001, " ": 0.002, "\n": 0.002, "-": 0.0005, "/": 0.0003, "%": 0.0005,
    "【": 0.0005, "】": 0.0005, "「": 0.001, "」": 0.001, "『": 0.0002, "』": 0.0002, "〔": 0.0001,
    "〕": 0.0001, "［": 0.0001, "］": 0.0001, "〈": 0.0001, "〉": 0.0001, "％": 0.0005, "｜": 0.0002,
    "／": 0.0002, "－": 0.0002, "．": 0.0002, "～": 0.0002, "•": 0.0003, "\xa0": 0.001, "|": 0.0003,
}
_DIGIT_SHARE = 0.002
_LATIN_SHARE = 0.0003
_UNKNOWN_HAN = 1e-8
_UNKNOWN_OTHER = 1e-10
_INTERPOLATION = 0.45
UNPAIRED_SHARE = 1 - _INTERPOLATION  # of log P(ch | prev) when prev+ch is no in-word bigram
COMMON_RANK = 4000
LONGEST_WORD = 6

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UNKNOWN_HAN_LOGP = math.log(_UNKNOWN_HAN)
_UNKNOWN_OTHER_LOGP = math.log(_UNKNOWN_OTHER)
_NO_PAIRS: dict[str, float] = {}
_GAIN_STEP = 16  # characters scored between checks in `CharModel.gains`


def _unknown_logp(ch: str) -> float:
    code = ord(ch)
    is_han = 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
    return _UNKNOWN_HAN_LOGP if is_han else _UNKNOWN_OTHER_LOGP


@dataclass(frozen=True, slots=True)
class CharModel:
    unigram_logp: dict[str, float]
    fold: dict[str, str]
    common: frozenset[str]
    words: frozenset[str]
    # Precomputed look-ups keyed by the characters as written (folding already applied):
    char_table: dict[str, float]  # log P(ch)
    unpaired_table: dict[str, float]  # log P(ch | prev) when prev+ch is no in-word bigram
    pair_table: dict[str, dict[str, float]]  # prev -> ch -> log P(ch | prev) for in-word bigrams
    word_pairs: dict[str, int]  # adjacent pairs within `words` -> the longest word holding the pair

    def char_logp(self, ch: str) -> float:
        found = self.char_table.get(ch)
        return found if found is not None else _unknown_logp(self.fold.get(ch, ch))

    def unpaired_logp(self, ch: str) -> float:
        """log P(ch | prev) for a `prev` that forms no in-word bigram with `ch`."""
        found = self.unpaired_table.get(ch)
        return found if found is not None else _unknown_logp(self.fold.get(ch, ch))

    def logp(self, prev: str | None, ch: str) -> float:
        """log P(ch | prev), interpolating the in-word bigram with the unigram."""
        if prev is None:
            found = self.char_table.get(ch)
            return found if found is not None else _unknown_logp(self.fold.get(ch, ch))
        following = self.pair_table.get(prev)
        if following is not None:
            found = following.get(ch)
            if found is not None:
                return found
        found = self.unpaired_table.get(ch)
        return found if found is not None else _unknown_logp(self.fold.get(ch, ch))

    def score(self, text: str, left: str | None = None, right: str | None = None) -> float:
        """Log probability of `text` between the context characters `left` and `right`."""
        pairs, unpaired, fold = self.pair_table, self.unpaired_table, self.fold
        total = 0.0
        prev = left
        rest = text
        if prev is None and text:
            prev, rest = text[0], text[1:]
            found = self.char_table.get(prev)
            total += found if found is not None else _unknown_logp(fold.get(prev, prev))
        for ch in rest:  # self.logp(prev, ch), inlined
            found = pairs.get(prev, _NO_PAIRS).get(ch)
            if found is None:
                found = unpaired.get(ch)
            total += found if found is not None else _unknown_logp(fold.get(ch, ch))
            prev = ch
        if right is not None:
            total += self.logp(prev, right)
        return total

    def gains(self, repaired: str, original: str, left: str | None, right: str | None, gain: float) -> bool:
        """Whether `score(repaired) - score(original) >= gain` (between `left` and `right`). Every
        term of a score is a log probability (<= 0), so once the original's running total is low
        enough no later term can bring it back: the rest of it is not scored."""
        best = self.score(repaired, left, right)
        pairs, unpaired, fold = self.pair_table, self.unpaired_table, self.fold
        total = 0.0
        prev = left
        rest = original
        if prev is None and original:
            prev, rest = original[0], original[1:]
            found = self.char_table.get(prev)
            total += found if found is not None else _unknown_logp(fold.get(prev, prev))
        for at in range(0, len(rest), _GAIN_STEP):
            if best - total >= gain:
                return True
            for ch in rest[at : at + _GAIN_STEP]:  # as in `score`
                found = pairs.get(prev, _NO_PAIRS).get(ch)
                if found is None:
                    found = unpaired.get(ch)
                total += found if found is not None else _unknown_logp(fold.get(ch, ch))
                prev = ch
        if right is not None:
            total += self.logp(prev, right)
        return best - total >= gain

    def is_common(self, ch: str) -> bool:
        return ch in self.common

    def folded(self, text: str) -> str:
        """`text` with every character folded as the model sees it (traditional -> simplified)."""
        fold = self.fold
        return "".join([fold.get(c, c) for c in text])

    def longest_word(self, left: str, ch: str, right: str) -> int:
        """Length of the longest dictionary word (3+ characters) that uses `ch` between `left` and `right`."""
        return self.longest_folded_word(self.folded(left), self.fold.get(ch, ch), self.folded(right))

    def longest_folded_word(self, left: str, ch: str, right: str) -> int:
        """`longest_word` for context and character already folded."""
        pairs = self.word_pairs
        # Every word through `ch` holds the pair it forms with its left or its right neighbour
        # (so it is no longer than the longest word holding that pair).
        left_longest = pairs.get(left[-1:] + ch, 0)
        right_longest = pairs.get(ch + right[:1], 0)
        if not (left_longest or right_longest):
            return 0
        left_pair, right_pair = left_longest > 0, right_longest > 0
        text = left + ch + right
        at = len(left)
        for length in range(min(max(left_longest, right_longest), len(text)), 2, -1):
            for i in range(max(0, at - length + 1), min(at, len(text) - length) + 1):
                if (i < at and not left_pair) or (i + length > at + 1 and not right_pair):
                    continue
                if text[i : i + length] in self.words:
                    return length
        return 0


def _jieba_dictionary() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise LookupError("jieba is not installed: its dictionary is the text model's source")
    return Path(next(iter(spec.submodule_search_locations))) / "dict.txt"


def _traditional_fold() -> dict[str, str]:
    """Traditional -> simplified per character, from OpenCC (run once on every BMP Han character)."""
    import opencc

    chars = [chr(code) for code in range(0x4E00, 0xA000)]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return {}
    return {src: dst for src, dst in zip(chars, converted, strict=True) if len(dst) == 1 and dst != src}


def _pair_table(unigram: dict[str, float], unigram_logp: dict[str, float], bigram: dict[str, float],
                fold: dict[str, str]) -> dict[str, dict[str, float]]:
    """prev -> ch -> log P(ch | prev) for in-word bigrams, looked up by the characters as written:
    each character stands for its folded form (a traditional one for its simplified one)."""
    folded: dict[str, dict[str, float]] = {}
    for key, count in bigram.items():
        if count:
            prev, ch = key
            folded.setdefault(prev, {})[ch] = math.log(
                _INTERPOLATION * count / unigram[prev] + (1 - _INTERPOLATION) * math.exp(unigram_logp[ch])
            )
    variants: dict[str, list[str]] = {}
    for trad, simp in fold.items():
        variants.setdefault(simp, []).append(trad)

    def written(key: str) -> list[str]:
        """The written characters that fold to `key` (`key` itself unless it folds to another)."""
        return [c for c in (key, *variants.get(key, ())) if fold.get(c, c) == key]

    table: dict[str, dict[str, float]] = {}
    for prev, following in folded.items():
        expanded = {c: logp for ch, logp in following.items() for c in written(ch)}
        for c in written(prev):
            table[c] = expanded
    return table


def _dictionary_words() -> list[tuple[str, float]]:
    """(word, frequency) of every line of jieba's dictionary, in file order."""
    found: list[tuple[str, float]] = []
    with _jieba_dictionary().open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split(" ")
            if len(parts) >= 2:
                found.append((parts[0], float(parts[1])))
    return found


def _unigram_counts(words: list[tuple[str, float]]) -> dict[str, float]:
    """Frequency of every character of the dictionary's words (first-seen order)."""
    unigram: dict[str, float] = {}
    for word, freq in words:
        for ch in word:
            unigram[ch] = unigram.get(ch, 0.0) + freq
    return unigram


def _extra_shares() -> dict[str, float]:
    """Share of punctuation, digits and Latin letters (which the dictionary lacks) in news text."""
    extra = dict(_PUNCTUATION_SHARE)
    for digit in "0123456789":
        extra[digit] = _DIGIT_SHARE
        extra[chr(ord(digit) + 0xFEE0)] = _DIGIT_SHARE / 20
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        extra[letter] = _LATIN_SHARE
    return extra


def _common(unigram: dict[str, float], fold: dict[str, str], extra: dict[str, float]) -> frozenset[str]:
    """The COMMON_RANK most frequent Han characters, their traditional forms, and every `extra` one."""
    ranked = sorted((ch for ch in unigram if HAN.match(ch)), key=unigram.__getitem__, reverse=True)
    common_simplified = set(ranked[:COMMON_RANK])
    common = common_simplified | {trad for trad, simp in fold.items() if simp in common_simplified}
    return frozenset(common | set(extra))


COMMON_FILE = Path(__file__).with_name("common_characters.txt")
"""`model().common` as computed from the sources whose digest is its first line (see `common_key`)."""


def common_key(fold: dict[str, str]) -> str:
    """A digest of what the common characters are computed from: jieba's dictionary, the
    traditional fold and the rank cut-off."""
    digest = hashlib.sha256(_jieba_dictionary().read_bytes())
    digest.update(repr((sorted(fold.items()), COMMON_RANK, sorted(_extra_shares()))).encode("utf-8"))
    return digest.hexdigest()


def compute_common_characters() -> frozenset[str]:
    return _common(_unigram_counts(_dictionary_words()), _traditional_fold(), _extra_shares())


def write_common_file() -> None:
    """Refresh COMMON_FILE (after jieba or OpenCC changed: a stale file is only slower, not wrong)."""
    chars = "".join(sorted(compute_common_characters()))
    COMMON_FILE.write_text(f"{common_key(_traditional_fold())}\n{json.dumps(chars)}\n", encoding="utf-8")


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """`model().common` without building the model: what the repair stages' cheap pre-checks need to
    decide whether a text needs the model at all. Read from COMMON_FILE when it was computed from
    the installed sources (a digest: some 20 ms), else computed (0.5 s, a fraction of the model's
    time and memory)."""
    if model.cache_info().currsize:
        return model().common
    try:
        key, chars = COMMON_FILE.read_text(encoding="utf-8").splitlines()[:2]
    except (OSError, ValueError):
        return compute_common_characters()
    if key != common_key(_traditional_fold()):
        return compute_common_characters()
    return frozenset(json.loads(chars))


@lru_cache(maxsize=1)
def model() -> CharModel:
    """Load (once) the character model."""
    bigram: dict[str, float] = {}
    words: set[str] = set()
    entries = _dictionary_words()
    for word, freq in entries:
        if 3 <= len(word) <= LONGEST_WORD:
            words.add(word)
        for i in range(len(word) - 1):
            key = word[i : i + 2]
            bigram[key] = bigram.get(key, 0.0) + freq
    unigram = _unigram_counts(entries)
    del entries
    han_total = sum(unigram.values())
    extra = _extra_shares()
    han_share = 1 - sum(extra.values())
    total = han_total / han_share
    fold = _traditional_fold()
    common = _common(unigram, fold, extra)
    for ch, share in extra.items():
        unigram[ch] = unigram.get(ch, 0.0) + share * total
    unigram_logp = {ch: math.log(count / total) for ch, count in unigram.items()}
    char_table = dict(unigram_logp)
    for trad, simp in fold.items():
        if simp in unigram_logp:
            char_table[trad] = unigram_logp[simp]
        else:
            char_table.pop(trad, None)
    unpaired = math.log(1 - _INTERPOLATION)
    unpaired_table = {ch: logp + unpaired for ch, logp in char_table.items()}
    for code in (*range(0xD800), *range(0xE000, 0x10000)):  # unknown BMP characters, looked up as fast
        ch = chr(code)
        if ch not in char_table:
            char_table[ch] = unpaired_table[ch] = _unknown_logp(fold.get(ch, ch))
    pair_table = _pair_table(unigram, unigram_logp, bigram, fold)
    return CharModel(unigram_logp, fold, frozenset(common), frozenset(words),
                     char_table, unpaired_table, pair_table,
                     _longest_holding(words))


def _longest_holding(words: set[str]) -> dict[str, int]:
    """Each pair of adjacent characters within `words` -> the length of the longest word holding it."""
    found: dict[str, int] = {}
    for word in words:
        size = len(word)
        for i in range(size - 1):
            pair = word[i : i + 2]
            if found.get(pair, 0) < size:
                found[pair] = size
    return found
