"""One normalization for indexing and querying Chinese and Latin text.

NFKC, traditional folded to simplified (OpenCC t2s), lower case; then each CJK run becomes its
overlapping character pairs (so a 2-character word like 工会 is one token wherever it stands) and
Latin/digit runs become words.

A 1-character query must find the character anywhere. Every character of a CJK run except the
last begins a pair, so the index adds a single-character token only for the last character of
each run (and for 1-character runs); a 1-character query is then the prefix query "pairs or
single starting with this character" (FTS5 `"会"*`, tsquery `会:*`). That finds every
occurrence while indexing about half the tokens that a single per character would. The singles
come after the pairs so that phrase positions of the pairs stay adjacent.

Every token is a run of word characters with no ASCII punctuation or space, so the stored form
(tokens joined by single spaces) splits back into exactly these tokens under SQLite FTS5's
`ascii` tokenizer and PostgreSQL's `simple` configuration alike.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3040-\u30ff"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_]+)", re.UNICODE)
_PAIRS = re.compile(r"(?=(..))", re.DOTALL)
_CJK_CHAR = re.compile(rf"[{_CJK}]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """NFKC, simplified script, lower case: the form names and words are compared in."""
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _t2s().convert(text).lower()


def runs(text: str) -> list[str]:
    """The folded CJK runs and Latin words of `text`, in order (what a snippet highlights)."""
    return [m.group(0) for m in _TOKEN.finditer(fold(text))]


def tokens(text: str, unigrams: bool = True) -> list[str]:
    """Search tokens of `text` in order: CJK pairs and Latin words, then the CJK singles.

    With `unigrams`, the singles are the last character of each CJK run (see the module notes);
    without, 1-character runs are dropped (a query term's phrase needs only its pairs).
    """
    ordered: list[str] = []
    singles: list[str] = []
    for cjk, word in _TOKEN.findall(fold(text)):
        if word:
            ordered.append(word)
        elif len(cjk) == 1:
            singles.append(cjk)
        else:
            ordered += _PAIRS.findall(cjk)
            if unigrams:
                singles.append(cjk[-1])
    if unigrams:
        ordered += singles
    return ordered


def is_cjk_char(token: str) -> bool:
    """A 1-character CJK token: matched as a prefix (pairs and single starting with it)."""
    return len(token) == 1 and _CJK_CHAR.match(token) is not None


def index_form(text: str) -> str:
    """What is stored in the search column and indexed."""
    return " ".join(tokens(text))


def query_phrase(text: str) -> list[str]:
    """Tokens of a query term, to be matched as one phrase (a 1-character term is itself)."""
    found = tokens(text, unigrams=False)
    if found:
        return found
    return tokens(text)
