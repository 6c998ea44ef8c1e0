"""Writing to the archive: articles (with versions and people), raw snapshots, failures.

Every function works inside the caller's session/transaction; the caller (a pipeline, the
importer) makes each item's writes all or nothing (one transaction, or one savepoint of a batch).
New rows are written with Core statements (no ORM unit of work); a `KnownIds` passed along saves
looking up the same site and people for every item of a crawl.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from archive import models
from archive.searchkey import article_forms, fold
from core.article import Article, content_of

Outcome = Literal["new", "updated", "unchanged"]

# Core statements built once: executed on the session's connection, they skip the ORM's per-call work.
_ARTICLES = models.Article.__table__
_SNAPSHOTS = models.Snapshot.__table__
_ARTICLE_BY_CANONICAL = select(_ARTICLES.c.id, _ARTICLES.c.version).where(
    _ARTICLES.c.canonical_url == bindparam("canonical")
)
_LATEST_SNAPSHOT = (
    select(_SNAPSHOTS.c.id, _SNAPSHOTS.c.body_sha256)
    .where(_SNAPSHOTS.c.url == bindparam("url"))
    .order_by(_SNAPSHOTS.c.id.desc())
    .limit(1)
)
_PERSON_BY_NAME = select(models.Person.__table__.c.id).where(models.Person.__table__.c.name == bindparam("name"))
_INSERT_ARTICLE = insert(_ARTICLES)
_INSERT_SNAPSHOT = insert(_SNAPSHOTS)
_INSERT_VERSION = insert(models.ArticleVersion.__table__)
_INSERT_ROLES = insert(models.ArticleRole.__table__)
_INSERT_PERSON = insert(models.Person.__table__)
_INDEX_NEW = insert(models.ARTICLES_FTS).from_select(
    ["rowid", "search_title", "search_text"],
    select(_ARTICLES.c.id, _ARTICLES.c.search_title, _ARTICLES.c.search_text).where(
        _ARTICLES.c.id.in_(bindparam("ids", expanding=True))
    ),
)


@dataclass(frozen=True, slots=True)
class Stored:
    article_id: int
    version: int
    outcome: Outcome


def content_hash(article: Article) -> str:
    return _hash_content(article.to_dict())


def _hash_content(data: dict[str, Any]) -> str:
    """SHA-256 of `Article.content_fields()`, from the article's `to_dict()`."""
    payload = json.dumps(content_of(data), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def compress(body: bytes) -> bytes:
    return zlib.compress(body, 6)


def decompress(blob: bytes) -> bytes:
    return zlib.decompress(blob)


class KnownIds:
    """Site and person ids by name, remembered across the items of a batch.

    Ids met while an item is written are pending until `keep` (the item's writes stand) or `drop`
    (they were rolled back, and a row inserted for the item with them); `clear` forgets everything
    (the batch's transaction was rolled back)."""

    def __init__(self) -> None:
        self.sites: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self._pending: list[tuple[dict[str, int], str, int]] = []

    def get(self, table: dict[str, int], name: str) -> int | None:
        found = table.get(name)
        if found is None:
            found = next((i for t, n, i in self._pending if t is table and n == name), None)
        return found

    def note(self, table: dict[str, int], name: str, found: int) -> None:
        self._pending.append((table, name, found))

    def keep(self) -> None:
        for table, name, found in self._pending:
            table[name] = found
        self._pending.clear()

    def drop(self) -> None:
        self._pending.clear()

    def clear(self) -> None:
        self.sites.clear()
        self.people.clear()
        self._pending.clear()


def site_row(session: Session, name: str) -> models.Site:
    site = session.scalar(select(models.Site).where(models.Site.name == name))
    if site is None:
        site = models.Site(name=name)
        session.add(site)
        session.flush()
    return site


def person_row(session: Session, name: str) -> models.Person:
    person = session.scalar(select(models.Person).where(models.Person.name == name))
    if person is None:
        person = models.Person(name=name, search_name=fold(name))
        session.add(person)
        session.flush()
    return person


def _site_id(session: Session, name: str, ids: KnownIds | None) -> int:
    found = ids.get(ids.sites, name) if ids is not None else None
    if found is None:
        found = site_row(session, name).id
        if ids is not None:
            ids.note(ids.sites, name, found)
    return found


def save_snapshot(
    session: Session,
    url: str,
    status: int,
    headers: dict[str, Any],
    body: bytes,
    encoding: str | None = None,
    encoding_reason: str | None = None,
    crawl_run_id: int | None = None,
    warc: tuple[str, int] | None = None,
) -> models.Snapshot:
    """Store a raw response; its ETag / Last-Modified become the validators of the next check."""
    snapshot = models.Snapshot(
        url=url,
        status=status,
        headers=headers,
        body_zlib=compress(body),
        body_sha256=hashlib.sha256(body).hexdigest(),
        encoding=encoding,
        encoding_reason=encoding_reason,
        crawl_run_id=crawl_run_id,
        etag=header(headers, "ETag"),
        last_modified=header(headers, "Last-Modified"),
        warc_file=warc[0] if warc else None,
        warc_offset=warc[1] if warc else None,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def header(headers: dict[str, Any], name: str) -> str | None:
    """A header value by case-insensitive name, or None."""
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return str(value)
    return None


def latest_snapshot(session: Session, url: str) -> tuple[int, str] | None:
    """(id, body SHA-256) of the latest snapshot of `url` (the body itself is not loaded)."""
    session.flush()
    row = session.connection().execute(_LATEST_SNAPSHOT, {"url": url}).first()
    return (row.id, row.body_sha256) if row is not None else None


def mark_checked(session: Session, url: str) -> int | None:
    """Record that an article was checked and found unchanged (a 304); returns its id if known."""
    row = session.scalar(
        select(models.Article).where(or_(models.Article.url == url, models.Article.canonical_url == url)).limit(1)
    )
    if row is None:
        return None
    row.last_checked_at = models.utcnow()
    return row.id


def record_failure(
    session: Session,
    url: str,
    stage: str,
    reason: str,
    *,
    site: str | None = None,
    status: int | None = None,
    headers: dict[str, Any] | None = None,
    body: bytes | None = None,
    crawl_run_id: int | None = None,
) -> models.Failure:
    failure = models.Failure(
        url=url,
        site=site,
        stage=stage,
        reason=reason,
        status=status,
        headers=headers or {},
        body_zlib=compress(body) if body is not None else None,
        crawl_run_id=crawl_run_id,
    )
    session.add(failure)
    session.flush()
    return failure


def _current_values(article: Article, data: dict[str, Any]) -> dict[str, Any]:
    """The article row's copy of the current version (`data` is `article.to_dict()`)."""
    search_title, search_text = article_forms(article.pretitle, article.title, article.subtitle, article.body)
    return {
        "url": article.url,
        "title": article.title,
        "pretitle": article.pretitle,
        "subtitle": article.subtitle,
        "source": article.source,
        "source_url": article.source_url,
        "published_at": data["published_at"],
        "published_utc": (
            article.published_at.at.astimezone(UTC).replace(tzinfo=None) if article.published_at else None
        ),
        "body": data["body"],
        "images": data["images"],
        "channel": data["channel"],
        "encoding": article.encoding,
        "repairs": data["repairs"],
        "search_title": search_title,
        "search_text": search_text,
        "source_key": fold(article.source) if article.source else None,
        "channel_key": (
            "".join(f"\x1f{fold(name)}" for name in article.channel) + "\x1f" if article.channel else ""
        ),
    }


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article with what storing it computes from it: its JSON form, content hash and, once
    indexed, the article row's values. Pure work, so it can be done ahead of the writer."""

    article: Article
    canonical: str
    data: dict[str, Any]
    digest: str
    row: dict[str, Any] | None = None

    def values(self) -> dict[str, Any]:
        """The article row's copy of this version (see `_current_values`)."""
        return self.row if self.row is not None else _current_values(self.article, self.data)


def prepare(article: Article | Prepared, *, index: bool = True) -> Prepared:
    """`Prepared` form of an article; with `index`, its row values (search forms) too."""
    if isinstance(article, Prepared):
        return article
    data = article.to_dict()
    row = _current_values(article, data) if index else None
    return Prepared(article, article.canonical_url or article.url, data, _hash_content(data), row)


def _index_new(connection: Connection, article_ids: list[int]) -> None:
    """Add new articles to SQLite's FTS5 index, one statement for all (migration 0006 says why);
    on PostgreSQL a trigger fills `article_search`."""
    if article_ids and connection.dialect.name == "sqlite":
        connection.execute(_INDEX_NEW, {"ids": article_ids})


def _person_id(session: Session, name: str, ids: KnownIds | None = None) -> int:
    found = ids.get(ids.people, name) if ids is not None else None
    if found is not None:
        return found
    connection = session.connection()
    found = connection.execute(_PERSON_BY_NAME, {"name": name}).scalar()
    if found is None:
        inserted = connection.execute(_INSERT_PERSON, {"name": name, "search_name": fold(name)})
        found = int(inserted.inserted_primary_key[0])
    if ids is not None:
        ids.note(ids.people, name, found)
    return found


def _set_roles(
    session: Session, article_id: int, article: Article, *, new: bool = False, ids: KnownIds | None = None
) -> None:
    if not new:
        session.execute(delete(models.ArticleRole).where(models.ArticleRole.article_id == article_id))
    roles = [
        {"article_id": article_id, "role": role, "position": position, "person_id": _person_id(session, name, ids)}
        for role, names in (("author", article.authors), ("editor", article.editors))
        for position, name in enumerate(dict.fromkeys(names))
    ]
    if roles:
        session.connection().execute(_INSERT_ROLES, roles)


def store_article(
    session: Session,
    article: Article | Prepared,
    *,
    snapshot_id: int | None = None,
    unrepaired: dict[str, Any] | None = None,
    ids: KnownIds | None = None,
) -> Stored:
    """Insert a new article, add a version when its content changed, or note that it did not."""
    item = prepare(article, index=False)
    session.flush()
    connection = session.connection()
    found = connection.execute(_ARTICLE_BY_CANONICAL, {"canonical": item.canonical}).first()
    if found is None:
        version = 1
        outcome: Outcome = "new"
        article_id = int(
            connection.execute(
                _INSERT_ARTICLE,
                {
                    "site_id": _site_id(session, item.article.site, ids),
                    "canonical_url": item.canonical,
                    "version": version,
                    "content_hash": item.digest,
                    **item.values(),
                },
            ).inserted_primary_key[0]
        )
        _index_new(connection, [article_id])
    else:
        article_id = found.id
        known = session.scalar(
            select(models.ArticleVersion.version).where(
                models.ArticleVersion.article_id == article_id, models.ArticleVersion.content_hash == item.digest
            )
        )
        if known is not None:
            session.execute(
                update(models.Article).where(models.Article.id == article_id).values(last_checked_at=models.utcnow())
            )
            return Stored(article_id, found.version, "unchanged")
        version = found.version + 1
        outcome = "updated"
        session.execute(
            update(models.Article)
            .where(models.Article.id == article_id)
            .values(last_checked_at=models.utcnow(), version=version, content_hash=item.digest, **item.values())
        )
    connection.execute(
        _INSERT_VERSION,
        {
            "article_id": article_id,
            "version": version,
            "content_hash": item.digest,
            "data": item.data,
            "unrepaired": unrepaired,
            "snapshot_id": snapshot_id,
        },
    )
    _set_roles(session, article_id, item.article, new=outcome == "new", ids=ids)
    return Stored(article_id, version, outcome)


@dataclass(frozen=True, slots=True)
class FetchedArticle:
    """An article with the response it was extracted from, as the crawl stores them."""

    article: Article
    url: str
    status: int
    headers: dict[str, Any]
    body: bytes
    encoding: str | None = None
    encoding_reason: str | None = None
    warc: tuple[str, int] | None = None
    unrepaired: dict[str, Any] | None = None
    body_sha256: str = ""

    @property
    def digest(self) -> str:
        return self.body_sha256 or hashlib.sha256(self.body).hexdigest()

    def snapshot_values(self, crawl_run_id: int | None) -> dict[str, Any]:
        return {
            "url": self.url,
            "status": self.status,
            "headers": self.headers,
            "body_zlib": compress(self.body),
            "body_sha256": self.digest,
            "encoding": self.encoding,
            "encoding_reason": self.encoding_reason,
            "crawl_run_id": crawl_run_id,
            "etag": header(self.headers, "ETag"),
            "last_modified": header(self.headers, "Last-Modified"),
            "warc_file": self.warc[0] if self.warc else None,
            "warc_offset": self.warc[1] if self.warc else None,
            "fetched_at": models.utcnow(),
        }


def store_fetched(
    session: Session, fetched: FetchedArticle, *, crawl_run_id: int | None = None, ids: KnownIds | None = None
) -> Stored:
    """The raw response (unless the latest snapshot of its URL has the same bytes), then the article."""
    latest = latest_snapshot(session, fetched.url)
    if latest is not None and latest[1] == fetched.digest:
        snapshot_id = latest[0]
    else:
        result = session.connection().execute(_INSERT_SNAPSHOT, fetched.snapshot_values(crawl_run_id))
        snapshot_id = int(result.inserted_primary_key[0])
    return store_article(session, fetched.article, snapshot_id=snapshot_id, unrepaired=fetched.unrepaired, ids=ids)


def _split_new(connection: Connection, canonicals: list[str], urls: list[str]) -> tuple[list[int], list[int]]:
    """Positions of the items new to the archive (canonical URL unknown, and canonical URL and URL
    unseen earlier in the batch), and of the others."""
    known = set(
        connection.execute(
            select(_ARTICLES.c.canonical_url).where(_ARTICLES.c.canonical_url.in_(set(canonicals)))
        ).scalars()
    )
    seen: set[str] = set()
    fresh: list[int] = []
    later: list[int] = []
    for index, (canonical, url) in enumerate(zip(canonicals, urls, strict=True)):
        (later if canonical in known or url in seen else fresh).append(index)
        known.add(canonical)
        seen.add(url)
    return fresh, later


def store_articles(
    session: Session, articles: Sequence[Article | Prepared], *, ids: KnownIds | None = None
) -> list[Stored]:
    """`store_article` for each, as if in order: articles new to the archive are inserted with a few
    bulk statements, stored ones met again unchanged are noted with one, the rest go one by one."""
    session.flush()
    items = [prepare(article, index=False) for article in articles]
    canonicals = [item.canonical for item in items]
    fresh, later = _split_new(session.connection(), canonicals, canonicals)
    results: list[Stored | None] = [None] * len(items)
    if fresh:
        stored = insert_articles(session, [items[i] for i in fresh], ids=ids)
        for index, outcome in zip(fresh, stored, strict=True):
            results[index] = outcome
    once = Counter(canonicals)
    unchanged = _note_unchanged(session, {i: items[i] for i in later if once[canonicals[i]] == 1})
    for index in later:
        results[index] = unchanged.get(index) or store_article(session, items[index], ids=ids)
    return [result for result in results if result is not None]


def _note_unchanged(session: Session, items: dict[int, Prepared]) -> dict[int, Stored]:
    """Of stored articles (each once in its batch), those whose content is one of their versions:
    their check time is set with one statement; the `Stored` of each by position."""
    if not items:
        return {}
    versions = models.ArticleVersion.__table__
    query = (
        select(_ARTICLES.c.canonical_url, _ARTICLES.c.id, _ARTICLES.c.version, versions.c.content_hash)
        .join(versions, versions.c.article_id == _ARTICLES.c.id)
        .where(_ARTICLES.c.canonical_url.in_({item.canonical for item in items.values()}))
    )
    connection = session.connection()
    stored = {(canonical, digest): (article_id, version) for canonical, article_id, version, digest in connection.execute(query)}
    found: dict[int, Stored] = {}
    for index, item in items.items():
        match = stored.get((item.canonical, item.digest))
        if match is not None:
            found[index] = Stored(match[0], match[1], "unchanged")
    if found:
        connection.execute(
            update(_ARTICLES).where(_ARTICLES.c.id == bindparam("article_id")).values(last_checked_at=bindparam("now")),
            [{"article_id": s.article_id, "now": models.utcnow()} for s in found.values()],
        )
    return found


def store_fetched_many(
    session: Session, batch: list[FetchedArticle], *, crawl_run_id: int | None = None, ids: KnownIds | None = None
) -> list[Stored]:
    """`store_fetched` for each, as if in order: articles new to the archive (whose URL is also new to
    the batch) with a few bulk statements for all, the others one by one after them."""
    session.flush()
    canonicals = [f.article.canonical_url or f.article.url for f in batch]
    fresh, later = _split_new(session.connection(), canonicals, [f.url for f in batch])
    results: list[Stored | None] = [None] * len(batch)
    if fresh:
        items = [batch[i] for i in fresh]
        stored = insert_articles(
            session,
            [prepare(f.article) for f in items],
            snapshot_ids=_snapshot_ids(session, items, crawl_run_id),
            unrepaired=[f.unrepaired for f in items],
            ids=ids,
        )
        for index, outcome in zip(fresh, stored, strict=True):
            results[index] = outcome
    for index in later:
        results[index] = store_fetched(session, batch[index], crawl_run_id=crawl_run_id, ids=ids)
    return [result for result in results if result is not None]


def _person_ids(session: Session, names: list[str], ids: KnownIds | None) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in names:
        known = ids.get(ids.people, name) if ids is not None else None
        if known is not None:
            found[name] = known
    missing = [name for name in dict.fromkeys(names) if name not in found]
    if missing:
        people = models.Person.__table__
        connection = session.connection()
        query = select(people.c.name, people.c.id).where(people.c.name.in_(missing))
        looked_up: dict[str, int] = {name: person_id for name, person_id in connection.execute(query)}
        new = [name for name in missing if name not in looked_up]
        if new:
            inserted = connection.execute(
                insert(people).returning(people.c.id, sort_by_parameter_order=True),
                [{"name": name, "search_name": fold(name)} for name in new],
            ).scalars()
            looked_up.update(zip(new, inserted, strict=True))
        for name in missing:
            found[name] = looked_up[name]
            if ids is not None:
                ids.note(ids.people, name, looked_up[name])
    return found


def _snapshot_ids(session: Session, batch: list[FetchedArticle], crawl_run_id: int | None) -> list[int | None]:
    """The snapshot of each response (URLs distinct): the latest of its URL if it has the same
    bytes, else a new one; new ones are inserted with one statement."""
    connection = session.connection()
    latest: dict[str, tuple[int, str]] = {}
    query = (
        select(_SNAPSHOTS.c.url, _SNAPSHOTS.c.id, _SNAPSHOTS.c.body_sha256)
        .where(_SNAPSHOTS.c.url.in_({f.url for f in batch}))
        .order_by(_SNAPSHOTS.c.id)
    )
    for url, snapshot_id, digest in connection.execute(query):
        latest[url] = (snapshot_id, digest)
    snapshot_ids: list[int | None] = []
    missing: list[int] = []
    for index, item in enumerate(batch):
        found = latest.get(item.url)
        if found is not None and found[1] == item.digest:
            snapshot_ids.append(found[0])
        else:
            snapshot_ids.append(None)
            missing.append(index)
    if missing:
        rows = [batch[i].snapshot_values(crawl_run_id) for i in missing]
        if connection.dialect.name == "sqlite":
            # One executemany (with RETURNING, SQLite would insert row by row), then the ids: from
            # its first write on, a SQLite transaction is the only writer, so the latest snapshot
            # of each of these URLs (distinct within the batch) is the one just inserted.
            connection.execute(_INSERT_SNAPSHOT, rows)
            query = (
                select(_SNAPSHOTS.c.url, func.max(_SNAPSHOTS.c.id))
                .where(_SNAPSHOTS.c.url.in_([row["url"] for row in rows]))
                .group_by(_SNAPSHOTS.c.url)
            )
            latest_ids: dict[str, int] = {url: snapshot_id for url, snapshot_id in connection.execute(query)}
            inserted = [latest_ids[row["url"]] for row in rows]
        else:
            inserted = list(
                connection.execute(
                    _INSERT_SNAPSHOT.returning(_SNAPSHOTS.c.id, sort_by_parameter_order=True), rows
                ).scalars()
            )
        for index, snapshot_id in zip(missing, inserted, strict=True):
            snapshot_ids[index] = snapshot_id
    return snapshot_ids


def insert_articles(
    session: Session,
    items: list[Prepared],
    *,
    snapshot_ids: list[int | None] | None = None,
    unrepaired: list[dict[str, Any] | None] | None = None,
    ids: KnownIds | None = None,
) -> list[Stored]:
    """Articles new to the archive (their canonical URLs distinct and not stored) as version 1:
    articles, versions, roles and the SQLite index written with one statement each."""
    connection = session.connection()
    sites = {name: _site_id(session, name, ids) for name in dict.fromkeys(i.article.site for i in items)}
    people = _person_ids(session, [n for i in items for n in (*i.article.authors, *i.article.editors)], ids)
    now = models.utcnow()
    canonicals = [item.canonical for item in items]
    rows = [
        {
            "site_id": sites[item.article.site],
            "canonical_url": item.canonical,
            "version": 1,
            "content_hash": item.digest,
            "first_seen_at": now,
            "last_checked_at": now,
            **item.values(),
        }
        for item in items
    ]
    # One executemany, then the ids by canonical URL (unique).
    connection.execute(_INSERT_ARTICLE, rows)
    query = select(_ARTICLES.c.canonical_url, _ARTICLES.c.id).where(_ARTICLES.c.canonical_url.in_(canonicals))
    by_canonical: dict[str, int] = {canonical: article_id for canonical, article_id in connection.execute(query)}
    article_ids = [by_canonical[canonical] for canonical in canonicals]
    _index_new(connection, article_ids)
    nothing: list[None] = [None] * len(items)
    connection.execute(
        _INSERT_VERSION,
        [
            {
                "article_id": article_id,
                "version": 1,
                "content_hash": item.digest,
                "data": item.data,
                "unrepaired": before,
                "snapshot_id": snapshot_id,
                "created_at": now,
            }
            for article_id, item, before, snapshot_id in zip(
                article_ids, items, unrepaired or nothing, snapshot_ids or nothing, strict=True
            )
        ],
    )
    roles = [
        {"article_id": article_id, "role": role, "position": position, "person_id": people[name]}
        for article_id, item in zip(article_ids, items, strict=True)
        for role, names in (("author", item.article.authors), ("editor", item.article.editors))
        for position, name in enumerate(dict.fromkeys(names))
    ]
    if roles:
        connection.execute(_INSERT_ROLES, roles)
    return [Stored(article_id, 1, "new") for article_id in article_ids]
