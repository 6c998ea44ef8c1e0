"""Initial archive schema: sites, crawl runs, snapshots, articles, versions, people, failures, FTS.

This is the schema as first released (before Alembic, `create_all` made it); archives made
then are stamped with this revision and upgraded from it.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        search_title, search_text, content='articles', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
    END""",
    """CREATE TRIGGER articles_fts_update
        AFTER UPDATE OF search_title, search_text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
        INSERT INTO articles_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
]

POSTGRES_FTS = [
    """ALTER TABLE articles ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', search_title), 'A')
            || setweight(to_tsvector('simple', search_text), 'B')
        ) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING GIN (search_vector)",
]


def upgrade() -> None:
    op.create_table(
        "crawl_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("spider", sa.String(200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("search_name", sa.String(200), nullable=False),
    )
    op.create_index("ix_people_search_name", "people", ["search_name"])
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("site_id", sa.Integer(), sa.ForeignKey("sites.id"), nullable=False),
        sa.Column("canonical_url", sa.String(1000), nullable=False, unique=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_checked_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("pretitle", sa.Text()),
        sa.Column("subtitle", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("source_url", sa.Text()),
        sa.Column("published_at", sa.String(40)),
        sa.Column("published_utc", sa.DateTime()),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("images", sa.JSON(), nullable=False),
        sa.Column("channel", sa.JSON(), nullable=False),
        sa.Column("encoding", sa.String(40)),
        sa.Column("repairs", sa.JSON(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("search_title", sa.Text(), nullable=False),
    )
    op.create_index("ix_articles_published_utc", "articles", ["published_utc"])
    op.create_index("ix_articles_site_published", "articles", ["site_id", "published_utc"])
    op.create_index("ix_articles_source", "articles", ["source"])
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("site", sa.String(200)),
        sa.Column("stage", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer()),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body_zlib", sa.LargeBinary()),
        sa.Column("crawl_run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "snapshots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body_zlib", sa.LargeBinary(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("encoding", sa.String(40)),
        sa.Column("encoding_reason", sa.Text()),
        sa.Column("fetched_at", sa.DateTime(), nullable=False),
        sa.Column("crawl_run_id", sa.Integer(), sa.ForeignKey("crawl_runs.id")),
    )
    op.create_index("ix_snapshots_url", "snapshots", ["url"])
    op.create_table(
        "article_roles",
        sa.Column(
            "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("role", sa.String(20), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("people.id"), nullable=False),
    )
    op.create_index("ix_article_roles_person", "article_roles", ["person_id", "role"])
    op.create_table(
        "article_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("unrepaired", sa.JSON()),
        sa.Column("snapshot_id", sa.Integer(), sa.ForeignKey("snapshots.id")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("article_id", "version"),
        sa.UniqueConstraint("article_id", "content_hash"),
    )
    statements = {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}.get(op.get_bind().dialect.name, [])
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for name in (
        "article_versions",
        "article_roles",
        "snapshots",
        "failures",
        "articles",
        "sites",
        "people",
        "crawl_runs",
    ):
        op.drop_table(name)
