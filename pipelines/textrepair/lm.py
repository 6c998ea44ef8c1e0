"""A character bigram model built from text that ships in packages (jieba's word frequencies).

Scores are natural-log probabilities. Traditional characters are folded to simplified (OpenCC's
table, applied per character) before look-up, so one model serves both scripts; the text itself is
never converted.
"""

from __future__ import annotations

import importlib.util
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
COMMON_RANK = 4000
_LONGEST_WORD = 6

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class CharModel:
    unigram_logp: dict[str, float]
    unigram_count: dict[str, float]
    bigram_count: dict[str, float]
    fold: dict[str, str]
    common: frozenset[str]
    words: frozenset[str]

    def char_logp(self, ch: str) -> float:
        ch = self.fold.get(ch, ch)
        found = self.unigram_logp.get(ch)
        if found is not None:
            return found
        return math.log(_UNKNOWN_HAN if HAN.match(ch) else _UNKNOWN_OTHER)

    def logp(self, prev: str | None, ch: str) -> float:
        """log P(ch | prev), interpolating the in-word bigram with the unigram."""
        ch = self.fold.get(ch, ch)
        base = self.unigram_logp.get(ch)
        if base is None:
            return math.log(_UNKNOWN_HAN if HAN.match(ch) else _UNKNOWN_OTHER)
        if prev is None:
            return base
        prev = self.fold.get(prev, prev)
        pair = self.bigram_count.get(prev + ch)
        if not pair:
            return base + math.log(1 - _INTERPOLATION)
        return math.log(_INTERPOLATION * pair / self.unigram_count[prev] + (1 - _INTERPOLATION) * math.exp(base))

    def score(self, text: str, left: str | None = None, right: str | None = None) -> float:
        """Log probability of `text` between the context characters `left` and `right`."""
        total = 0.0
        prev = left
        for ch in text:
            total += self.logp(prev, ch)
            prev = ch
        if right is not None:
            total += self.logp(prev, right)
        return total

    def is_common(self, ch: str) -> bool:
        return ch in self.common

    def longest_word(self, left: str, ch: str, right: str) -> int:
        """Length of the longest dictionary word (3+ characters) that uses `ch` between `left` and `right`."""
        folded = "".join(self.fold.get(c, c) for c in left + ch + right)
        at = len(left)
        best = 0
        for i in range(max(0, at - _LONGEST_WORD + 1), at + 1):
            for j in range(max(at + 1, i + 3), min(len(folded), i + _LONGEST_WORD) + 1):
                if j - i > best and folded[i:j] in self.words:
                    best = j - i
        return best


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


@lru_cache(maxsize=1)
def model() -> CharModel:
    """Load (once) the character model."""
    unigram: dict[str, float] = {}
    bigram: dict[str, float] = {}
    words: set[str] = set()
    with _jieba_dictionary().open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split(" ")
            if len(parts) < 2:
                continue
            word, freq = parts[0], float(parts[1])
            if 3 <= len(word) <= _LONGEST_WORD:
                words.add(word)
            for ch in word:
                unigram[ch] = unigram.get(ch, 0.0) + freq
            for i in range(len(word) - 1):
                key = word[i : i + 2]
                bigram[key] = bigram.get(key, 0.0) + freq
    han_total = sum(unigram.values())
    extra = dict(_PUNCTUATION_SHARE)
    for digit in "0123456789":
        extra[digit] = _DIGIT_SHARE
        extra[chr(ord(digit) + 0xFEE0)] = _DIGIT_SHARE / 20
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
        extra[letter] = _LATIN_SHARE
    han_share = 1 - sum(extra.values())
    total = han_total / han_share
    for ch, share in extra.items():
        unigram[ch] = unigram.get(ch, 0.0) + share * total
    unigram_logp = {ch: math.log(count / total) for ch, count in unigram.items()}
    fold = _traditional_fold()
    ranked = sorted((ch for ch in unigram if HAN.match(ch)), key=unigram.__getitem__, reverse=True)
    common_simplified = set(ranked[:COMMON_RANK])
    common = common_simplified | {trad for trad, simp in fold.items() if simp in common_simplified}
    common |= set(extra)
    return CharModel(unigram_logp, unigram, bigram, fold, frozenset(common), frozenset(words))
