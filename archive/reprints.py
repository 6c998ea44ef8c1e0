"""Linking reprints as articles are stored: the LSH index in the database, and the clusters.

`link(connection, ids)` links a batch of articles just written (new ones, or new versions): each
article's band keys (`core.reprints.band_keys`) are looked up in the index (one indexed query for
the whole batch, plus the batch's own keys in memory), the candidates found are
verified on their text (`core.reprints.verify`), the article's keys are added to the index, and
the copies found join (or merge) clusters whose original is chosen again
(`core.reprints.choose_original`, with `reprint_sources.toml`). An article linked before (an
older version) first leaves the index and its cluster. Works inside the caller's transaction.

The index itself, per backend, is `archive.reprint_index`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import opencc
from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from archive import models
from archive import reprint_index as index
from archive.bulk import insert_rows
from archive.reprint_index import chunks as _chunks
from archive.reprint_index import pack, unpack
from archive.searchkey import fold
from core.reprints import (
    Member,
    Shingled,
    band_keys,
    choose_original,
    groups,
    linkable,
    shingle,
    story_text,
    verify,
)

SOURCES_FILE = Path(__file__).with_name("reprint_sources.toml")
_ARTICLES = models.Article.__table__
_SITES = models.Site.__table__
_LINKS = models.ReprintLink.__table__
_CLUSTERS = models.ReprintCluster.__table__


@lru_cache(maxsize=1)
def source_sites() -> dict[str, tuple[str, ...]]:
    """The 来源 names (folded) and the sites each names (`reprint_sources.toml`)."""
    data = tomllib.loads(SOURCES_FILE.read_text(encoding="utf-8"))
    return {fold(name): tuple(sites) for name, sites in data["sources"].items()}


@dataclass(slots=True)
class Linked:
    """What a `link` did: articles linked, copies found, clusters (re)made."""

    articles: int = 0
    copies: int = 0
    clusters: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Text:
    """What linking needs of an article: its story text (`core.reprints.story_text` of the
    canonical body) and its band keys (none when too short to link)."""

    story: str
    keys: tuple[int, ...]

    @property
    def linkable(self) -> bool:
        return bool(self.keys)

    @property
    def shingled(self) -> Shingled:
        return shingle(self.story)


@lru_cache(maxsize=1)
def _variants() -> dict[int, str]:
    """Simplified characters that a simplified -> traditional -> simplified round trip changes
    (于 -> 於, 象 -> 像 ...): folded text is mapped through them, so a simplified story and its
    traditional copy read the same even where t2s keeps a variant."""
    to_traditional, to_simplified = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    found = {}
    for code in range(0x4E00, 0xA000):
        char = chr(code)
        back = to_simplified.convert(to_traditional.convert(char))
        if back != char and len(back) == 1:
            found[code] = back
    return found


@lru_cache(maxsize=1)
def _variant_pattern() -> re.Pattern[str]:
    """Any character of `_variants` (a search finds the few there are far faster than
    `str.translate` maps every character)."""
    return re.compile("[" + "".join(map(chr, sorted(_variants()))) + "]")


def _unvariant(folded: str) -> str:
    """Folded text with the round trip's variants (`_variants`) mapped."""
    table = _variants()
    return _variant_pattern().sub(lambda m: table[ord(m.group())], folded)


def canonical(line: str) -> str:
    """`fold`, then the round trip's variants (`_variants`)."""
    return _unvariant(fold(line))


def story_of(body: Sequence[str], folded: str | None = None) -> str:
    """The story text of a body (`core.reprints.story_text` of its canonical lines); `folded` may
    bring `fold("\n".join(body))` computed already (the search forms fold it too), used when no
    line holds a line break of its own (folding is per character and OpenCC phrase, never across
    one)."""
    if folded is not None and not any("\n" in line for line in body):
        return story_text(_unvariant(folded).split("\n"))
    return story_text([canonical(line) for line in body])


def prepare_text(body: Sequence[str], folded: str | None = None) -> Text:
    """What linking needs of an article's body (pure, so a worker process can compute it);
    `folded` as for `story_of`."""
    story = story_of(body, folded)
    return Text(story, tuple(band_keys(story)) if linkable(story) else ())


def bodies(connection: Connection, ids: Iterable[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for part in _chunks(sorted(set(ids))):
        query = select(_ARTICLES.c.id, _ARTICLES.c.body).where(_ARTICLES.c.id.in_(part))
        found.update((article_id, body or []) for article_id, body in connection.execute(query))
    return found


def link(connection: Connection, article_ids: Iterable[int], texts: Mapping[int, Text] | None = None) -> Linked:
    """Link these articles (just written) into the index and their clusters; see the module notes.

    `texts` may bring each article's `prepare_text` computed elsewhere (`link_all`'s workers)."""
    ids = sorted(set(article_ids))
    report = Linked(articles=len(ids))
    if not ids:
        return report
    report.clusters |= _detach(connection, ids)
    known = dict(texts or {})
    missing = [i for i in ids if i not in known]
    known.update((i, prepare_text(body)) for i, body in bodies(connection, missing).items())
    candidates = _candidates(connection, ids, known)
    compared = {c for found in candidates.values() for c in found} | {i for i, found in candidates.items() if found}
    cached = {i: known[i].shingled for i in compared if i in known}
    cached.update((i, shingle(story_of(body))) for i, body in bodies(connection, compared - set(known)).items())
    edges = [
        (article_id, other)
        for article_id, found in candidates.items()
        for other in sorted(found)
        if other in cached and verify(cached[article_id], cached[other]).copy
    ]
    _index(connection, [i for i in ids if i in known], known)
    report.copies = len({a for a, _ in edges})
    if edges:
        report.clusters |= _cluster(connection, edges)
    _choose(connection, report.clusters)
    return report


MAX_SHARED = 100
"""A band key that more stored articles than this share is followed no further: text that common
is boilerplate (a template notice, a column's frame), and following it would verify an ever
larger crowd for each new article, so linking's cost would grow with the archive."""


def _candidates(connection: Connection, ids: Sequence[int], known: Mapping[int, Text]) -> dict[int, set[int]]:
    """Each article's candidates: stored articles sharing a band key (of at most `MAX_SHARED`),
    and earlier ones of the batch."""
    wanted = sorted({key for i in ids if i in known for key in known[i].keys})
    stored = index.stored(connection, wanted)
    stored = {key: found for key, found in stored.items() if len(found) <= MAX_SHARED}
    in_batch: dict[int, list[int]] = {}
    found: dict[int, set[int]] = {}
    for article_id in ids:
        keys = known[article_id].keys if article_id in known else ()
        hits: set[int] = set()
        for key in keys:
            if key in stored:
                hits.update(stored[key])
            if key in in_batch:
                hits.update(in_batch[key])
            in_batch.setdefault(key, []).append(article_id)
        hits.discard(article_id)
        found[article_id] = hits
    return found


def _index(connection: Connection, ids: Sequence[int], known: Mapping[int, Text]) -> None:
    index.add(connection, [(key, i) for i in ids for key in sorted(set(known[i].keys))])
    links = [{"article_id": i, "cluster_id": None, "bands": pack(sorted(set(known[i].keys)))} for i in ids]
    if links:
        insert_rows(connection, _LINKS, links)


def _detach(connection: Connection, ids: Sequence[int]) -> set[int]:
    """Take articles linked before (older versions) out of the index and their clusters (split
    where they joined copies no other chain joins); the clusters they leave, as they are now (to
    choose their originals again)."""
    left: set[int] = set()
    pairs: list[tuple[int, int]] = []
    linked: list[int] = []
    for part in _chunks(ids):
        query = select(_LINKS.c.article_id, _LINKS.c.cluster_id, _LINKS.c.bands).where(_LINKS.c.article_id.in_(part))
        for article_id, cluster_id, blob in connection.execute(query):
            linked.append(article_id)
            pairs += [(key, article_id) for key in unpack(blob)]
            if cluster_id is not None:
                left.add(cluster_id)
    index.remove(connection, pairs)
    for part in _chunks(linked):
        connection.execute(delete(_LINKS).where(_LINKS.c.article_id.in_(part)))
    return _split(connection, left)


def _split(connection: Connection, cluster_ids: set[int]) -> set[int]:
    """Split clusters that articles left into the groups of copies still joined without them
    (`core.reprints.groups`): the largest group keeps the cluster, another of two or more gets a
    new one, an article left alone none; the clusters they are now."""
    now: set[int] = set()
    for cluster_id in sorted(cluster_ids):
        query = select(_LINKS.c.article_id, _LINKS.c.bands).where(_LINKS.c.cluster_id == cluster_id)
        keys = {article_id: unpack(blob) for article_id, blob in connection.execute(query)}
        now.add(cluster_id)
        if len(keys) < 2:
            continue  # `_choose` dissolves it
        texts = {i: shingle(story_of(body)) for i, body in bodies(connection, keys).items()}
        for group in groups(texts, keys)[1:]:
            target = _new_cluster(connection) if len(group) > 1 else None
            connection.execute(update(_LINKS).where(_LINKS.c.article_id.in_(group)).values(cluster_id=target))
            if target is not None:
                now.add(target)
    return now


def _cluster(connection: Connection, edges: Sequence[tuple[int, int]]) -> set[int]:
    """Put both ends of each edge in one cluster (joining or merging clusters); the clusters made."""
    nodes = sorted({n for edge in edges for n in edge})
    cluster_of: dict[int, int | None] = {}
    for part in _chunks(nodes):
        query = select(_LINKS.c.article_id, _LINKS.c.cluster_id).where(_LINKS.c.article_id.in_(part))
        cluster_of.update((a, c) for a, c in connection.execute(query))
    parent = {n: n for n in nodes}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    by_cluster: dict[int, int] = {}
    for n in nodes:
        if (cluster := cluster_of.get(n)) is not None:
            parent[root(n)] = root(by_cluster.setdefault(cluster, n))
    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for n in nodes:
        groups.setdefault(root(n), []).append(n)
    made: set[int] = set()
    for members in groups.values():
        existing = sorted({c for n in members if (c := cluster_of.get(n)) is not None})
        target = existing[0] if existing else _new_cluster(connection)
        condition = _LINKS.c.article_id.in_(members)
        if existing[1:]:
            condition = or_(condition, _LINKS.c.cluster_id.in_(existing[1:]))
        connection.execute(update(_LINKS).where(condition).values(cluster_id=target))
        if existing[1:]:
            connection.execute(delete(_CLUSTERS).where(_CLUSTERS.c.id.in_(existing[1:])))
        made.add(target)
    return made


def _new_cluster(connection: Connection) -> int:
    result = connection.execute(insert(_CLUSTERS).values(reason="", size=0))
    return int(result.inserted_primary_key[0])


def members(connection: Connection, cluster_ids: Iterable[int]) -> dict[int, list[Member]]:
    """Each cluster's members as `choose_original` sees them."""
    found: dict[int, list[Member]] = {}
    query = (
        select(_LINKS.c.cluster_id, _ARTICLES.c.id, _SITES.c.name, _ARTICLES.c.source_key, _ARTICLES.c.published_utc)
        .join(_ARTICLES, _ARTICLES.c.id == _LINKS.c.article_id)
        .join(_SITES, _SITES.c.id == _ARTICLES.c.site_id)
    )
    for part in _chunks(sorted(set(cluster_ids))):
        for cluster_id, article_id, site, source, published in connection.execute(
            query.where(_LINKS.c.cluster_id.in_(part))
        ):
            found.setdefault(cluster_id, []).append(Member(article_id, site, source, _naive(published)))
    return found


def _naive(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=None) if value is not None else None


def _choose(connection: Connection, cluster_ids: set[int]) -> None:
    """Choose each cluster's original again; a cluster left with one member is dissolved."""
    if not cluster_ids:
        return
    found = members(connection, cluster_ids)
    gone = [c for c in cluster_ids if len(found.get(c, ())) < 2]
    for part in _chunks(sorted(gone)):
        connection.execute(update(_LINKS).where(_LINKS.c.cluster_id.in_(part)).values(cluster_id=None))
        connection.execute(delete(_CLUSTERS).where(_CLUSTERS.c.id.in_(part)))
    for cluster_id in sorted(set(cluster_ids) - set(gone)):
        original, reason = choose_original(found[cluster_id], source_sites())
        connection.execute(
            update(_CLUSTERS)
            .where(_CLUSTERS.c.id == cluster_id)
            .values(original_id=original, reason=reason, size=len(found[cluster_id]))
        )


def unlinked(connection: Connection, after: int, limit: int) -> list[int]:
    """Ids above `after` of articles not yet linked, in order (what `link_all` walks)."""
    query = (
        select(_ARTICLES.c.id)
        .outerjoin(_LINKS, _LINKS.c.article_id == _ARTICLES.c.id)
        .where(and_(_ARTICLES.c.id > after, _LINKS.c.article_id.is_(None)))
        .order_by(_ARTICLES.c.id)
        .limit(limit)
    )
    return list(connection.execute(query).scalars())


def counts(connection: Connection) -> dict[str, int]:
    """Articles linked, in clusters, and clusters."""
    linked = connection.scalar(select(func.count()).select_from(_LINKS)) or 0
    clustered = connection.scalar(select(func.count()).select_from(_LINKS).where(_LINKS.c.cluster_id.isnot(None)))
    clusters = connection.scalar(select(func.count()).select_from(_CLUSTERS)) or 0
    return {"linked": linked, "in_clusters": clustered or 0, "clusters": clusters}
