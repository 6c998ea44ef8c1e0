"""SQLAlchemy 2.0 models of the archive.

An `Article` row is one canonical URL; its text lives in `ArticleVersion` rows (nothing is
overwritten: an edit adds a version). The current version's fields are copied onto the article
row so that search, filters and listings read one table. People (authors, editors) are rows of
their own, linked per article with a role. Raw responses are kept compressed in `Snapshot`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    column,
    false,
    table,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Site(Base):
    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    articles: Mapped[list[Article]] = relationship(back_populates="site")


class CrawlRun(Base):
    __tablename__ = "crawl_runs"
    __table_args__ = (Index("ix_crawl_runs_spider_redis_run", "spider", "redis_run", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    spider: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(40), default="running")
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    health: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Counts, field coverage and alerts of the run (archive.health), written when it closes."""
    since: Mapped[date | None] = mapped_column(Date)
    """The backfill bound the run walks back to (`--since`, or inherited from a killed run)."""
    redis_run: Mapped[str | None] = mapped_column(String(200))
    """The scale-out run id the workers share (`--redis-run`): one row per spider and run id."""
    walk_all: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """The run walks every list page (its shared frontier was lost): `archive.runs`."""


class Snapshot(Base):
    """One raw response as fetched: zlib-compressed body, headers, status, how it was decoded."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body_zlib: Mapped[bytes] = mapped_column(LargeBinary)
    body_sha256: Mapped[str] = mapped_column(String(64))
    encoding: Mapped[str | None] = mapped_column(String(40))
    encoding_reason: Mapped[str | None] = mapped_column(Text)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(String(100))
    """Validators sent back as If-None-Match / If-Modified-Since when the page is checked again."""
    warc_file: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    """Where the response was captured as received: a WARC file (under the data dir) and offset."""

    __table_args__ = (Index("ix_snapshots_url", "url"),)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"))
    canonical_url: Mapped[str] = mapped_column(String(1000), unique=True)
    url: Mapped[str] = mapped_column(Text)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Copy of the current version, for search and listings.
    title: Mapped[str] = mapped_column(Text)
    pretitle: Mapped[str | None] = mapped_column(Text)
    subtitle: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[str | None] = mapped_column(String(40))
    """As displayed, ISO 8601 at the page's precision (`2024-05-10T06:58+08:00`, `2022-02-12`)."""
    published_utc: Mapped[datetime | None] = mapped_column(DateTime)
    """Naive UTC instant of `published_at`, for date filters and sorting."""
    body: Mapped[list[Any]] = mapped_column(default=list)
    images: Mapped[list[Any]] = mapped_column(default=list)
    channel: Mapped[list[Any]] = mapped_column(default=list)
    encoding: Mapped[str | None] = mapped_column(String(40))
    repairs: Mapped[list[Any]] = mapped_column(default=list)
    search_digest: Mapped[int | None] = mapped_column(BigInteger)
    """64-bit digest of the search forms the index holds for this row (`archive.searchindex`):
    the forms themselves are not stored, so this is how `check` tells a stale entry."""
    source_key: Mapped[str | None] = mapped_column(Text)
    """`source` folded (archive.searchkey.fold): what `--source` / `source:` compares."""
    channel_key: Mapped[str] = mapped_column(Text, default="")
    """Folded channel names, each followed by U+001F and the first preceded by it: `--channel`."""
    low_confidence: Mapped[str | None] = mapped_column(Text, deferred=True)
    """The fields the extractor scored low (`core.article.low_confidence`), space-delimited with
    a space at each end (` body source `), or None: what `stats` counts for reviewers (deferred:
    only `stats` reads it)."""

    site: Mapped[Site] = relationship(back_populates="articles")
    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", order_by="ArticleVersion.version", cascade="all, delete-orphan"
    )
    roles: Mapped[list[ArticleRole]] = relationship(
        back_populates="article", order_by="ArticleRole.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_articles_published_utc", "published_utc"),
        Index("ix_articles_site_published", "site_id", "published_utc"),
        Index("ix_articles_source", "source"),
        Index("ix_articles_source_published", "source_key", "published_utc"),
    )


class ArticleVersion(Base):
    """Every distinct extracted content of an article, in order; `data` is `Article.to_dict()`."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column()
    unrepaired: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """The text fields as extracted before repair, when any repair was made."""
    snapshot_id: Mapped[int | None] = mapped_column(ForeignKey("snapshots.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    article: Mapped[Article] = relationship(back_populates="versions")

    __table_args__ = (
        UniqueConstraint("article_id", "version"),
        UniqueConstraint("article_id", "content_hash"),
    )


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    search_name: Mapped[str] = mapped_column(String(200), index=True)
    """The name folded to simplified script, lower case: what filters compare."""


class ArticleRole(Base):
    """A person's role on the current version of an article: `author` or `editor`."""

    __tablename__ = "article_roles"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))

    article: Mapped[Article] = relationship(back_populates="roles")
    person: Mapped[Person] = relationship()

    __table_args__ = (Index("ix_article_roles_person", "person_id", "role"),)


class ReprintCluster(Base):
    """Copies of one story (issue 16): the original chosen and why (`core.reprints`)."""

    __tablename__ = "reprint_clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    original_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)


class ReprintLink(Base):
    """A linked article: its cluster (None while it has no copy) and its LSH band keys, packed."""

    __tablename__ = "reprint_links"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    cluster_id: Mapped[int | None] = mapped_column(ForeignKey("reprint_clusters.id", ondelete="SET NULL"))
    bands: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (
        Index(
            "ix_reprint_links_cluster",
            "cluster_id",
            sqlite_where=column("cluster_id").isnot(None),
            postgresql_where=column("cluster_id").isnot(None),
        ),
    )


class ReprintBand(Base):
    """SQLite's persistent LSH index: one row per (band key, article), WITHOUT ROWID. Empty on
    PostgreSQL, whose index is a GIN of `reprint_links`' band-key buckets (migration 0016)."""

    __tablename__ = "reprint_bands"

    key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)

    __table_args__ = ({"sqlite_with_rowid": False},)


ARTICLES_FTS = table(
    "articles_fts",
    column("rowid"),
    column("articles_fts"),
    column("search_text"),
    column("search_title"),
    column("search_meta"),
)
"""SQLite's FTS5 index of the articles' search forms (`archive.searchkey.SearchForms`): contentless
(it keeps the index, not the forms; `contentless_delete`), made by the migrations, not by the
models, columns in this order (the paragraphs first: migration 0017). Its hidden column
`articles_fts` is the MATCH and bm25 target."""


class Failure(Base):
    """A page that could not be fetched or parsed: URL, stage, reason and the raw bytes."""

    __tablename__ = "failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    site: Mapped[str | None] = mapped_column(String(200))
    stage: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body_zlib: Mapped[bytes | None] = mapped_column(LargeBinary)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ArticleImage(Base):
    """An image of an article (issue 18): URL and caption as shown, and how fetching it went:
    `stored` (sha256, type, size, dimensions, the original's and the thumbnail's paths in the
    image store, content-addressed, and where the exchange is in the WARC capture) or `failed`
    (`reason`). Written by `archive.store.images`."""

    __tablename__ = "article_images"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    caption: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(BigInteger)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    path: Mapped[str | None] = mapped_column(Text)
    thumb_path: Mapped[str | None] = mapped_column(Text)
    warc_file: Mapped[str | None] = mapped_column(Text)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger)
    fetched_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))

    __table_args__ = (
        UniqueConstraint("article_id", "url", name="uq_article_images_article_url"),
        Index("ix_article_images_url", "url"),
        Index("ix_article_images_sha256", "sha256"),
    )
