"""Reprints: the same story on several sites (or twice on one), found by its text. Pure.

An article's body, folded by the caller (NFKC, simplified script, lower case: the form search
compares in; repairs are already applied to a stored body), is reduced to its story text: lines
that are only credits (来源, 责编, 原标题 ...) are dropped, then every character that is not a
letter or a digit, so reworded punctuation, merged or split paragraphs and whitespace change
nothing. Its shingles are the overlapping `SHINGLE`-character strings of that text.

Candidates come from MinHash LSH (datasketch): a signature of `BANDS * ROWS` permutations, cut
into `BANDS` bands; each band becomes one signed 32-bit key (`band_keys`), and two articles
sharing any key are candidates. A candidate is a copy only if `verify` agrees: most of the
smaller text is in the larger (containment), the two overlap enough overall (Jaccard), and where
they differ they do not differ in what makes two stories different: numbers that each has and the
other lacks, or names swapped for names (the same template announcement for two provinces).

`choose_original` credits the copy whose site the others' 来源 names, else the earliest published.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from difflib import SequenceMatcher
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from core.shinglehash import minhash_values, window_hashes

SHINGLE = 5
"""Characters per shingle: long enough that unrelated union news shares almost none."""
BANDS = 10
ROWS = 3
"""LSH bands and rows per band: a pair with Jaccard 0.5 is a candidate with p = 0.74, 0.6 with
0.90, 0.7 with 0.98; one with 0.05 (unrelated news) with p = 0.001."""
SEED = 16
MIN_CHARS = 30
"""Shorter story text (a caption, a one-line notice) is not linked: too little to tell."""
MIN_CONTAINMENT = 0.8
MIN_JACCARD = 0.3
MAX_NAME = 8
"""A substitution of CJK runs at most this long on both sides reads as one name for another."""
JOIN = 2
"""Edits of a diff this close together are one change (see `_changes`)."""

_CREDIT = re.compile(
    r"^[\s(（\[【〔]*(来源|稿源|责编|责任编辑|编辑|编审|审核|校对|原标题|作者|记者|通讯员|摄影|图片来源|本文来源)"
    r"\s*[:：]"
)
_NOT_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")
_CJK_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]+$")


@dataclass(frozen=True, slots=True, eq=False)
class Shingled:
    """An article's story text (folded, credits and punctuation dropped) and its shingles."""

    text: str
    shingles: np.ndarray
    """Its distinct shingles as sorted 64-bit values (`core.shinglehash.window_hashes`)."""


@dataclass(frozen=True, slots=True)
class Match:
    """How alike two story texts are: `copy` when `verify` takes them for one story."""

    copy: bool
    jaccard: float
    containment: float
    reason: str


@dataclass(frozen=True, slots=True)
class Member:
    """What choosing a cluster's original looks at."""

    id: int
    site: str
    source: str | None
    """The 来源 credit, folded."""
    published: datetime | None


MAX_STORY = 20_000
"""Characters of a story text compared: its beginning identifies a story, and a bound keeps
sketching and diffing a hostile page's megabytes of text bounded in time and memory."""


def story_text(folded_body: Iterable[str]) -> str:
    """The story text of a folded body: credit lines dropped, only letters and digits kept (the
    first `MAX_STORY`)."""
    kept = (line for line in folded_body if not _CREDIT.match(line))
    return _NOT_WORD.sub("", "".join(kept))[:MAX_STORY]


def linkable(text: str) -> bool:
    return len(text) >= MIN_CHARS


def shingle(text: str) -> Shingled:
    """A story text's shingles (what `verify` compares)."""
    return Shingled(text, window_hashes(text, SHINGLE))


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    return MinHash(num_perm=BANDS * ROWS, seed=SEED, hashfunc=zlib.crc32).permutations


@lru_cache(maxsize=1)
def _ranges() -> list[tuple[int, int]]:
    lsh = MinHashLSH(num_perm=BANDS * ROWS, params=(BANDS, ROWS))
    return list(lsh.hashranges)


def signature(text: str) -> MinHash:
    """The MinHash of a story text's shingles, each shingle hashed (CRC-32) as its UTF-32 bytes:
    windows of one encoded buffer, so no shingle string is made. (`band_keys` computes the same
    values over arrays: `core.shinglehash`.)"""
    sketch = _empty_sketch().copy()
    raw = memoryview(text.encode("utf-32-le"))
    width = 4 * SHINGLE
    sketch.update_batch(raw[i : i + width] for i in range(0, max(4, len(raw) - width + 4), 4))
    return sketch


@lru_cache(maxsize=1)
def _empty_sketch() -> MinHash:
    """The MinHash every story's starts from (copy it before updating)."""
    return MinHash(
        num_perm=BANDS * ROWS, seed=SEED, hashfunc=zlib.crc32, permutations=_permutations(), scheme="affine32"
    )


def band_keys(text: str) -> list[int]:
    """One signed 32-bit key per LSH band of a story text (the band's number is part of what is
    hashed): what `reprint_bands` holds and is looked up by."""
    values = minhash_values(text, SHINGLE, _empty_sketch())
    keys = []
    for band, (start, end) in enumerate(_ranges()):
        digest = hashlib.blake2b(values[start:end].tobytes(), digest_size=4, person=b"band%d" % band).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def _changes(a: str, b: str) -> list[tuple[str, str]]:
    """What differs between two texts, as (left, right) blocks: the diff's edits, joined across
    equal runs of at most `JOIN` characters (江苏 -> 浙江 is an insertion and a deletion around 江)."""
    blocks: list[list[int]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if blocks and i1 - blocks[-1][1] <= JOIN and j1 - blocks[-1][3] <= JOIN:
            blocks[-1][1], blocks[-1][3] = i2, j2
        else:
            blocks.append([i1, i2, j1, j2])
    return [(a[i1:i2], b[j1:j2]) for i1, i2, j1, j2 in blocks]


def _names_swapped(a: str, b: str) -> str | None:
    """A short CJK run swapped for another (吉林省 -> 浙江省, 湖南 -> 湖北) at least twice, if the
    texts show one: a story names its subject again and again, a reprint rewords a phrase once."""
    seen: Counter[tuple[str, str]] = Counter()
    for left, right in _changes(a, b):
        if len(left) <= MAX_NAME and len(right) <= MAX_NAME and _CJK_ONLY.match(left) and _CJK_ONLY.match(right):
            seen[left, right] += 1
            if seen[left, right] >= 2:
                return f"{left} / {right} (twice)"
    return None


def _numbers_differ(a: str, b: str) -> str | None:
    """Numbers each text has and the other lacks (12月25日 / 12月26日), if any."""
    left, right = Counter(_DIGITS.findall(a)), Counter(_DIGITS.findall(b))
    only_left, only_right = left - right, right - left
    if only_left and only_right:
        return f"{min(only_left)} / {min(only_right)}"
    return None


def verify(a: Shingled, b: Shingled) -> Match:
    """Whether two story texts are one story (see the module notes), and how alike they are."""
    if not len(a.shingles) or not len(b.shingles):
        return Match(False, 0.0, 0.0, "no text")
    common = len(np.intersect1d(a.shingles, b.shingles, assume_unique=True))
    jaccard = common / (len(a.shingles) + len(b.shingles) - common)
    containment = common / min(len(a.shingles), len(b.shingles))
    if containment < MIN_CONTAINMENT:
        return Match(False, jaccard, containment, f"containment {containment:.2f}")
    if jaccard < MIN_JACCARD:
        return Match(False, jaccard, containment, f"jaccard {jaccard:.2f}")
    if a.text == b.text:
        return Match(True, jaccard, containment, "same text")
    numbers = _numbers_differ(a.text, b.text)
    if numbers:
        return Match(False, jaccard, containment, f"numbers differ: {numbers}")
    names = _names_swapped(a.text, b.text)
    if names:
        return Match(False, jaccard, containment, f"names differ: {names}")
    return Match(True, jaccard, containment, "copy")


def groups(texts: Mapping[int, Shingled], keys: Mapping[int, Sequence[int]]) -> list[list[int]]:
    """The articles (ids of `texts`) in groups of copies: two are in one group when a chain of
    candidates (sharing a band key of `keys`) that `verify` takes for copies joins them; largest
    group first (then by smallest id), ids in order."""
    parent = {n: n for n in texts}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    holders: dict[int, list[int]] = {}
    for n in sorted(texts):
        for key in set(keys.get(n, ())):
            holders.setdefault(key, []).append(n)
    pairs = {(a, b) for found in holders.values() for i, a in enumerate(found) for b in found[i + 1 :]}
    for a, b in sorted(pairs):
        if root(a) != root(b) and verify(texts[a], texts[b]).copy:
            parent[root(a)] = root(b)
    found: dict[int, list[int]] = {}
    for n in sorted(texts):
        found.setdefault(root(n), []).append(n)
    return sorted(found.values(), key=lambda group: (-len(group), group[0]))


def credited_sites(source: str | None, source_sites: Mapping[str, Sequence[str]]) -> Sequence[str]:
    """The sites a (folded) 来源 credit names, by the mapping of source names to site names."""
    if not source:
        return ()
    return source_sites.get(source, ())


def choose_original(members: Sequence[Member], source_sites: Mapping[str, Sequence[str]]) -> tuple[int, str]:
    """(id, why) of a cluster's original: on the site the most other copies' 来源 name, else
    the earliest published (then the first stored)."""
    votes: Counter[str] = Counter()
    credit: dict[str, str] = {}
    for member in members:
        for site in credited_sites(member.source, source_sites):
            if site != member.site:
                votes[site] += 1
                credit.setdefault(site, member.source or "")
    present = {member.site for member in members}
    named = [site for site in votes if site in present]
    if named:
        site = min(named, key=lambda s: (-votes[s], _key(_earliest([m for m in members if m.site == s]))))
        chosen = _earliest([m for m in members if m.site == site])
        count = votes[site]
        copies = "copy" if count == 1 else "copies"
        return chosen.id, f"credited: 来源 {credit[site]} on {count} {copies} names {site}"
    chosen = _earliest(members)
    dated = any(member.published is not None for member in members)
    return chosen.id, "earliest published" if dated else "first stored"


def _key(member: Member) -> tuple[bool, datetime, int]:
    return member.published is None, member.published or datetime.min, member.id


def _earliest(members: Sequence[Member]) -> Member:
    return min(members, key=_key)
