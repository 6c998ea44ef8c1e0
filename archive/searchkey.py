"""One normalization for indexing and querying Chinese and Latin text.

NFKC, traditional folded to simplified (OpenCC t2s), lower case; then each CJK run becomes its
overlapping character pairs (so a 2-character word like 工会 is one token wherever it stands) and
Latin/digit runs become words (a run of letters or digits stops where Chinese begins, so
`2024年职工` gives `2024` and the pairs of `年职工`).

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

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3040-\u30ff"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)", re.UNICODE)
_PAIRS = re.compile(r"(?=(..))", re.DOTALL)
_CJK_CHAR = re.compile(rf"[{_CJK}]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")
_FULLWIDTH_NFKC = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in [*range(0xFF01, 0xFF5F), 0x3000]}


def _nfkc(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, four times faster on Chinese prose: its full-width
    punctuation (what NFKC changes in most paragraphs) is mapped first, each to its one-character
    NFKC form, which leaves NFKC's result the same; the whole text is normalized only if still
    needed."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = _FULLWIDTH.sub(lambda m: _FULLWIDTH_NFKC[m.group()], text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=8192)
def _fold_short(text: str) -> str:
    return _t2s().convert(_nfkc(text)).lower()


def fold(text: str) -> str:
    """NFKC, simplified script, lower case: the form names and words are compared in."""
    if not text:
        return ""
    if len(text) <= 32:  # names, sources, channels: few and repeated
        return _fold_short(text)
    return _t2s().convert(_nfkc(text)).lower()


def runs(text: str) -> list[str]:
    """The folded CJK runs and Latin words of `text`, in order (what a snippet highlights)."""
    return [m.group(0) for m in _TOKEN.finditer(fold(text))]


def tokens(text: str, unigrams: bool = True, *, folded: bool = False) -> list[str]:
    """Search tokens of `text` in order: CJK pairs and Latin words, then the CJK singles.

    With `unigrams`, the singles are the last character of each CJK run (see the module notes);
    without, 1-character runs are dropped (a query term's phrase needs only its pairs).
    `folded`: `text` is `fold`'s output already.
    """
    ordered: list[str] = []
    singles: list[str] = []
    for cjk, word in _TOKEN.findall(text if folded else fold(text)):
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


def index_form(text: str, *, folded: bool = False) -> str:
    """What is stored in the search column and indexed (`folded`: as for `tokens`)."""
    return " ".join(tokens(text, folded=folded))


def article_forms(
    pretitle: str | None,
    title: str | None,
    subtitle: str | None,
    body: list[str],
    folded_body: str | None = None,
) -> tuple[str, str]:
    """(search_title, search_text) of an article: its headings, and its paragraphs
    (`folded_body`: `fold("\\n".join(body))`, when the caller has it already)."""
    heading = " ".join(t for t in (pretitle, title, subtitle) if t)
    if folded_body is None:
        return index_form(heading), index_form("\n".join(body))
    return index_form(heading), index_form(folded_body, folded=True)


FILTER_FIELDS = ("site", "source", "channel")
"""Filters that are also index tokens (SQLite): a common word with one of them is one FTS5
query, not a walk through the article rows of every match."""


def filter_token(field: str, key: str) -> str:
    """The index token that stands for `field = key` (a site name; a folded source or channel
    name): `z`, the field's initial and 16 hex digits of a keyed hash, one token under FTS5's
    `ascii` tokenizer. It lives in a column of its own, which user queries never reach."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8, person=field.encode("ascii")).hexdigest()
    return f"z{field[0]}{digest}"


def meta_form(site: str, source_key: str | None, channel_key: str) -> str:
    """The filter tokens of an article: its site, source and each channel name (`channel_key`
    as the article row holds it: folded names, each after U+001F)."""
    found = [filter_token("site", site)]
    if source_key:
        found.append(filter_token("source", source_key))
    found += [filter_token("channel", name) for name in dict.fromkeys(channel_key.split("\x1f")) if name]
    return " ".join(found)


@dataclass(frozen=True, slots=True)
class SearchForms:
    """What the full-text index holds for an article: headings, paragraphs, filter tokens."""

    title: str
    text: str
    meta: str = ""

    def digest(self) -> int:
        """A signed 64-bit digest of the forms (`articles.search_digest`)."""
        payload = "\x1e".join((self.title, self.text, self.meta)).encode("utf-8")
        return int.from_bytes(hashlib.blake2b(payload, digest_size=8).digest(), "big", signed=True)


def search_forms(
    pretitle: str | None,
    title: str | None,
    subtitle: str | None,
    body: list[str],
    site: str,
    source_key: str | None,
    channel_key: str,
    folded_body: str | None = None,
) -> SearchForms:
    """The index entry of an article from its row's values (`folded_body`: see `article_forms`)."""
    heading, text = article_forms(pretitle, title, subtitle, body, folded_body)
    return SearchForms(heading, text, meta_form(site, source_key, channel_key))


def query_parts(text: str) -> tuple[list[str], list[str]]:
    """(phrase, lone characters) of a query term.

    The phrase is the term's pairs and words, matched in order. Its 1-character CJK runs (`第3届`:
    第 and 届) hold no position in the index (see the module notes), so they are left out of the
    phrase and each is required anywhere in the article, as a 1-character query. A term of lone
    characters only (`会`) is a phrase of its first one, matched as a 1-character query too.
    """
    phrase = tokens(text, unigrams=False)
    lone = [cjk for cjk, _ in _TOKEN.findall(fold(text)) if len(cjk) == 1]
    if not phrase:
        return lone[:1], lone[1:]
    return phrase, lone
