"""The one write path of articles: a batch of incoming articles, each new, updated or unchanged.

Storing a batch is storing its items one after the other: each item's page becomes a snapshot
(unless its URL's latest snapshot has the same bytes), then its article is inserted (new), gets a
version (its content changed) or is noted as checked (its content is one of its versions). The
items are written in rounds of a few bulk statements each; an item's round comes after the round
of every earlier item with its canonical URL or its page's URL, so the items of a round are
independent of each other. A single article is a batch of one.

Every function works inside the caller's session/transaction; the caller (a pipeline, the
importer) makes an item's writes all or nothing (one transaction, or one savepoint of a batch).
A `KnownIds` passed along saves looking up the same site and people for every batch of a crawl.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from archive import models, reprints, searchindex
from archive.store.articles import (
    find_stored,
    insert_articles,
    insert_versions,
    note_checked,
    set_roles,
    update_rows,
)
from archive.store.ids import KnownIds
from archive.store.images import ImageRecord, write_images
from archive.store.prepared import Prepared, prepare
from archive.store.snapshots import RawPage, snapshot_ids
from archive.store.versions import compact, keep_whole
from core.article import Article

Outcome = Literal["new", "updated", "unchanged"]


@dataclass(frozen=True, slots=True)
class Stored:
    article_id: int
    version: int
    outcome: Outcome


@dataclass(frozen=True, slots=True)
class Incoming:
    """An article to store, and what it was extracted from."""

    article: Article | Prepared
    page: RawPage | None = None
    """The raw page: kept as a snapshot (see `archive.store.snapshots`), the version points at it."""
    snapshot_id: int | None = None
    """Or a snapshot already stored (reparse)."""
    unrepaired: dict[str, Any] | None = None
    """The text fields as extracted before repair, when a repair was made."""
    images: Sequence[ImageRecord] = ()
    """How fetching the article's images went (`archive.store.images`), written with it."""


def store_article(
    session: Session,
    item: Incoming | Article | Prepared,
    *,
    crawl_run_id: int | None = None,
    ids: KnownIds | None = None,
) -> Stored:
    """`store_articles` of one item."""
    return store_articles(session, [item], crawl_run_id=crawl_run_id, ids=ids)[0]


def store_articles(
    session: Session,
    items: Sequence[Incoming | Article | Prepared],
    *,
    crawl_run_id: int | None = None,
    ids: KnownIds | None = None,
) -> list[Stored]:
    """Store each item as if one after the other (see the module notes); their outcomes, in order.

    `crawl_run_id` is the run new snapshots are recorded under."""
    session.flush()
    connection = session.connection()
    entries = [item if isinstance(item, Incoming) else Incoming(item) for item in items]
    results: list[Stored | None] = [None] * len(entries)
    for positions in _rounds(entries):
        stored = _store_round(connection, [entries[i] for i in positions], crawl_run_id, ids)
        for position, outcome in zip(positions, stored, strict=True):
            results[position] = outcome
    # Reprints (issue 16): the batch's new and changed articles join the LSH index and clusters,
    # with the sketches the importer's workers made ahead where there are some.
    written = [(entry, r) for entry, r in zip(entries, results, strict=True) if r is not None and r.outcome != "unchanged"]
    ahead = {
        r.article_id: entry.article.reprint
        for entry, r in written
        if isinstance(entry.article, Prepared) and entry.article.reprint is not None
    }
    reprints.link(connection, [r.article_id for _, r in written], ahead)
    return [result for result in results if result is not None]


def _canonical(entry: Incoming) -> str:
    article = entry.article.article if isinstance(entry.article, Prepared) else entry.article
    return article.canonical_url or article.url


def _rounds(entries: Sequence[Incoming]) -> list[list[int]]:
    """Positions of the entries by round: each after every earlier one it shares a canonical URL
    or a page URL with."""
    last: dict[tuple[str, str], int] = {}
    rounds: list[list[int]] = []
    for position, entry in enumerate(entries):
        keys = [("canonical", _canonical(entry))] + ([("page", entry.page.url)] if entry.page else [])
        number = 1 + max(last.get(key, -1) for key in keys)
        for key in keys:
            last[key] = number
        if number == len(rounds):
            rounds.append([])
        rounds[number].append(position)
    return rounds


def _snapshots(
    connection: Connection, entries: Sequence[Incoming], crawl_run_id: int | None
) -> list[int | None]:
    """The snapshot each entry's version points at."""
    with_pages = [entry.page for entry in entries if entry.page is not None]
    kept = iter(snapshot_ids(connection, with_pages, crawl_run_id) if with_pages else [])
    return [next(kept) if entry.page is not None else entry.snapshot_id for entry in entries]


def _store_round(
    connection: Connection, entries: Sequence[Incoming], crawl_run_id: int | None, ids: KnownIds | None
) -> list[Stored]:
    """Store entries whose canonical URLs and page URLs are distinct."""
    snapshots = _snapshots(connection, entries, crawl_run_id)
    items = [prepare(entry.article, index=False) for entry in entries]
    stored = find_stored(connection, [item.canonical for item in items])
    results: dict[int, Stored] = {}
    new = [position for position, item in enumerate(items) if item.canonical not in stored]
    for position in new:
        items[position] = items[position].indexed()
    if new:
        article_ids = insert_articles(connection, [items[i] for i in new], ids)
        results.update(
            (i, Stored(article_id, 1, "new")) for i, article_id in zip(new, article_ids, strict=True)
        )
    changed: list[int] = []
    for position, item in enumerate(items):
        found = stored.get(item.canonical)
        if found is not None and item.digest in found.hashes:
            results[position] = Stored(found.id, found.version, "unchanged")
        elif found is not None:
            results[position] = Stored(found.id, found.version + 1, "updated")
            changed.append(position)
            items[position] = item.indexed()
    note_checked(connection, [s.article_id for s in results.values() if s.outcome == "unchanged"])
    _update(connection, [(results[i], items[i]) for i in changed])
    written = new + changed
    searchindex.add(connection, [(results[i].article_id, items[i].forms()) for i in written])
    insert_versions(
        connection,
        [
            {
                "article_id": results[i].article_id,
                "version": results[i].version,
                "content_hash": items[i].digest,
                "data": compact(items[i].data),
                "unrepaired": entries[i].unrepaired,
                "snapshot_id": snapshots[i],
            }
            for i in written
        ],
    )
    set_roles(connection, [(results[i].article_id, items[i].article) for i in new], ids, replace=False)
    set_roles(connection, [(results[i].article_id, items[i].article) for i in changed], ids, replace=True)
    write_images(connection, [(results[i].article_id, entry.images) for i, entry in enumerate(entries)], crawl_run_id)
    return [results[position] for position in range(len(items))]


def _update(connection: Connection, changes: list[tuple[Stored, Prepared]]) -> None:
    """Article rows become copies of their new versions (out of the index meanwhile)."""
    if not changes:
        return
    searchindex.remove(connection, [stored.article_id for stored, _ in changes])
    keep_whole(connection, [stored.article_id for stored, _ in changes])
    now = models.utcnow()
    update_rows(
        connection,
        [
            {
                "row_id": stored.article_id,
                "version": stored.version,
                "content_hash": item.digest,
                "last_checked_at": now,
                **item.values(),
            }
            for stored, item in changes
        ],
    )
