"""One normalization for indexing and querying Chinese and Latin text.

NFKC, traditional folded to simplified (OpenCC t2s), lower case; then each CJK run becomes its
overlapping character pairs (so a 2-character word like 工会 is one token wherever it stands) and
Latin/digit runs become words. Single CJK characters are appended after the sequence so that a
1-character query matches without breaking phrase positions of the pairs.

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


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """NFKC, simplified script, lower case: the form names and words are compared in."""
    if not text:
        return ""
    return _t2s().convert(unicodedata.normalize("NFKC", text)).lower()


def runs(text: str) -> list[str]:
    """The folded CJK runs and Latin words of `text`, in order (what a snippet highlights)."""
    return [m.group(0) for m in _TOKEN.finditer(fold(text))]


def tokens(text: str, unigrams: bool = True) -> list[str]:
    """Search tokens of `text` in order: CJK pairs and Latin words, then CJK single characters."""
    ordered: list[str] = []
    singles: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        cjk, word = match.groups()
        if word:
            ordered.append(word)
        elif len(cjk) == 1:
            singles.append(cjk)
        else:
            ordered.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
            if unigrams:
                singles.extend(cjk)
    if unigrams:
        ordered.extend(singles)
    return ordered


def index_form(text: str) -> str:
    """What is stored in the search column and indexed."""
    return " ".join(tokens(text))


def query_phrase(text: str) -> list[str]:
    """Tokens of a query term, to be matched as one phrase (a 1-character term is itself)."""
    found = tokens(text, unigrams=False)
    if found:
        return found
    return tokens(text)
