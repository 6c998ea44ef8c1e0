"""The search index is written by the store alone (`archive.searchindex`), on both backends.

No trigger adds or changes index entries any more: the store adds new articles in one statement
per batch and, for changed ones, removes the old entries before the rows change and adds the new
ones after (`union-archive check` verifies the index, `--repair` rebuilds it). SQLite: the FTS5
update trigger goes (the insert trigger went in 0006). PostgreSQL: the insert and update triggers
of `article_search` and their function go. Deleting stays with the database, so that an article
deleted by hand leaves no entry behind: SQLite's delete trigger and PostgreSQL's `ON DELETE
CASCADE` remain.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SQLITE_UPDATE_TRIGGER = """CREATE TRIGGER articles_fts_update
    AFTER UPDATE OF search_title, search_text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
    VALUES ('delete', old.id, old.search_title, old.search_text);
    INSERT INTO articles_fts(rowid, search_title, search_text)
    VALUES (new.id, new.search_title, new.search_text);
END"""

PG_VECTOR = (
    "setweight(to_tsvector('simple', NEW.search_title), 'A')"
    " || setweight(to_tsvector('simple', NEW.search_text), 'B')"
)
PG_TRIGGERS = [
    f"""CREATE FUNCTION article_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO article_search (id, site_id, source_key, published_utc, search_vector)
        VALUES (NEW.id, NEW.site_id, NEW.source_key, NEW.published_utc, {PG_VECTOR})
        ON CONFLICT (id) DO UPDATE SET
            site_id = EXCLUDED.site_id,
            source_key = EXCLUDED.source_key,
            published_utc = EXCLUDED.published_utc,
            search_vector = EXCLUDED.search_vector;
        RETURN NULL;
    END
    $$""",
    """CREATE TRIGGER article_search_insert AFTER INSERT ON articles
        FOR EACH ROW EXECUTE FUNCTION article_search_sync()""",
    """CREATE TRIGGER article_search_update
        AFTER UPDATE OF search_title, search_text, site_id, source_key, published_utc ON articles
        FOR EACH ROW EXECUTE FUNCTION article_search_sync()""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS articles_fts_update")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS article_search_update ON articles")
        op.execute("DROP TRIGGER IF EXISTS article_search_insert ON articles")
        op.execute("DROP FUNCTION IF EXISTS article_search_sync()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(SQLITE_UPDATE_TRIGGER)
    elif dialect == "postgresql":
        for statement in PG_TRIGGERS:
            op.execute(statement)
