"""PostgreSQL: full-text index in a narrow table of its own, `article_search`.

Counting the matches of a common word visits every matching heap row; in `articles` those rows
carry the text and JSON (about 1.4 kB each after TOAST, 17k pages per 100k articles), so a count
read the whole table. `article_search` holds only what search reads (id, site, source key,
date, tsvector; under 100 bytes a row) and is kept in step with `articles` by a trigger, as
the FTS5 table is on SQLite. The generated `articles.search_vector` and its index go.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

VECTOR = (
    "setweight(to_tsvector('simple', {0}.search_title), 'A')"
    " || setweight(to_tsvector('simple', {0}.search_text), 'B')"
)

UPGRADE = [
    """CREATE TABLE article_search (
        id integer PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        site_id integer NOT NULL,
        source_key text,
        published_utc timestamp without time zone,
        search_vector tsvector NOT NULL
    )""",
    f"""INSERT INTO article_search (id, site_id, source_key, published_utc, search_vector)
        SELECT a.id, a.site_id, a.source_key, a.published_utc, {VECTOR.format("a")} FROM articles a""",
    "CREATE INDEX ix_article_search_vector ON article_search USING GIN (search_vector)",
    "CREATE INDEX ix_article_search_date ON article_search (published_utc DESC NULLS LAST, id DESC)",
    "CREATE INDEX ix_article_search_site ON article_search (site_id, published_utc)",
    "CREATE INDEX ix_article_search_source ON article_search (source_key, published_utc)",
    f"""CREATE FUNCTION article_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO article_search (id, site_id, source_key, published_utc, search_vector)
        VALUES (NEW.id, NEW.site_id, NEW.source_key, NEW.published_utc, {VECTOR.format("NEW")})
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
    "DROP INDEX IF EXISTS ix_articles_search_vector",
    "ALTER TABLE articles DROP COLUMN IF EXISTS search_vector",
    "ANALYZE article_search",
]

DOWNGRADE = [
    "DROP TRIGGER article_search_update ON articles",
    "DROP TRIGGER article_search_insert ON articles",
    "DROP FUNCTION article_search_sync()",
    "DROP TABLE article_search",
    f"""ALTER TABLE articles ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS ({VECTOR.format("articles")}) STORED""",
    "CREATE INDEX ix_articles_search_vector ON articles USING GIN (search_vector)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
