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
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Literal

from sqlalchemy import bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from archive import models
from archive.searchkey import fold, index_form
from scraper.article import Article

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


@dataclass(frozen=True, slots=True)
class Stored:
    article_id: int
    version: int
    outcome: Outcome


def content_hash(article: Article) -> str:
    payload = json.dumps(article.content_fields(), ensure_ascii=False, sort_keys=True)
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
    heading = " ".join(t for t in (article.pretitle, article.title, article.subtitle) if t)
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
        "search_title": index_form(heading),
        "search_text": index_form("\n".join(article.body)),
        "source_key": fold(article.source) if article.source else None,
        "channel_key": (
            "".join(f"\x1f{fold(name)}" for name in article.channel) + "\x1f" if article.channel else ""
        ),
    }


def _copy_current(row: models.Article, article: Article) -> None:
    for key, value in _current_values(article, article.to_dict()).items():
        setattr(row, key, value)


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
    article: Article,
    *,
    snapshot_id: int | None = None,
    unrepaired: dict[str, Any] | None = None,
    ids: KnownIds | None = None,
) -> Stored:
    """Insert a new article, add a version when its content changed, or note that it did not."""
    canonical = article.canonical_url or article.url
    digest = content_hash(article)
    data = article.to_dict()
    session.flush()
    connection = session.connection()
    found = connection.execute(_ARTICLE_BY_CANONICAL, {"canonical": canonical}).first()
    if found is None:
        version = 1
        outcome: Outcome = "new"
        article_id = int(
            connection.execute(
                _INSERT_ARTICLE,
                {
                    "site_id": _site_id(session, article.site, ids),
                    "canonical_url": canonical,
                    "version": version,
                    "content_hash": digest,
                    **_current_values(article, data),
                },
            ).inserted_primary_key[0]
        )
    else:
        article_id = found.id
        known = session.scalar(
            select(models.ArticleVersion.version).where(
                models.ArticleVersion.article_id == article_id, models.ArticleVersion.content_hash == digest
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
            .values(
                last_checked_at=models.utcnow(), version=version, content_hash=digest, **_current_values(article, data)
            )
        )
    connection.execute(
        _INSERT_VERSION,
        {
            "article_id": article_id,
            "version": version,
            "content_hash": digest,
            "data": data,
            "unrepaired": unrepaired,
            "snapshot_id": snapshot_id,
        },
    )
    _set_roles(session, article_id, article, new=outcome == "new", ids=ids)
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


def store_fetched_many(
    session: Session, batch: list[FetchedArticle], *, crawl_run_id: int | None = None, ids: KnownIds | None = None
) -> list[Stored]:
    """`store_fetched` for each, as if in order: articles new to the archive (whose URL is also new to
    the batch) with a few bulk statements for all, the others one by one after them."""
    session.flush()
    connection = session.connection()
    canonicals = [f.article.canonical_url or f.article.url for f in batch]
    known = set(
        connection.execute(
            select(_ARTICLES.c.canonical_url).where(_ARTICLES.c.canonical_url.in_(set(canonicals)))
        ).scalars()
    )
    urls: set[str] = set()
    fresh: list[int] = []
    later: list[int] = []
    for index, (item, canonical) in enumerate(zip(batch, canonicals, strict=True)):
        (later if canonical in known or item.url in urls else fresh).append(index)
        known.add(canonical)
        urls.add(item.url)
    results: list[Stored | None] = [None] * len(batch)
    if fresh:
        stored = _insert_fresh(session, [batch[i] for i in fresh], [canonicals[i] for i in fresh], crawl_run_id, ids)
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


def _insert_fresh(
    session: Session,
    batch: list[FetchedArticle],
    canonicals: list[str],
    crawl_run_id: int | None,
    ids: KnownIds | None,
) -> list[Stored]:
    """Snapshots, articles, versions and roles of articles new to the archive, one statement each."""
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
    sites = {name: _site_id(session, name, ids) for name in dict.fromkeys(f.article.site for f in batch)}
    people = _person_ids(session, [n for f in batch for n in (*f.article.authors, *f.article.editors)], ids)
    now = models.utcnow()
    datas = [f.article.to_dict() for f in batch]
    digests = [content_hash(f.article) for f in batch]
    rows = [
        {
            "site_id": sites[item.article.site],
            "canonical_url": canonical,
            "version": 1,
            "content_hash": digest,
            "first_seen_at": now,
            "last_checked_at": now,
            **_current_values(item.article, data),
        }
        for item, canonical, digest, data in zip(batch, canonicals, digests, datas, strict=True)
    ]
    # One executemany, then the ids by canonical URL (unique).
    connection.execute(_INSERT_ARTICLE, rows)
    query = select(_ARTICLES.c.canonical_url, _ARTICLES.c.id).where(_ARTICLES.c.canonical_url.in_(canonicals))
    by_canonical: dict[str, int] = {canonical: article_id for canonical, article_id in connection.execute(query)}
    article_ids = [by_canonical[canonical] for canonical in canonicals]
    connection.execute(
        _INSERT_VERSION,
        [
            {
                "article_id": article_id,
                "version": 1,
                "content_hash": digest,
                "data": data,
                "unrepaired": item.unrepaired,
                "snapshot_id": snapshot_id,
                "created_at": now,
            }
            for article_id, digest, data, item, snapshot_id in zip(
                article_ids, digests, datas, batch, snapshot_ids, strict=True
            )
        ],
    )
    roles = [
        {"article_id": article_id, "role": role, "position": position, "person_id": people[name]}
        for article_id, item in zip(article_ids, batch, strict=True)
        for role, names in (("author", item.article.authors), ("editor", item.article.editors))
        for position, name in enumerate(dict.fromkeys(names))
    ]
    if roles:
        connection.execute(_INSERT_ROLES, roles)
    return [Stored(article_id, 1, "new") for article_id in article_ids]
