"""Schema creation: the ORM tables plus each engine's full-text index over the search columns."""

from __future__ import annotations

from sqlalchemy import Engine, text

from archive.models import Base

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        search_title, search_text, content='articles', content_rowid='id',
        tokenize='ascii')""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_update
        AFTER UPDATE OF search_title, search_text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
        INSERT INTO articles_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
]

POSTGRES_FTS = [
    """ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', search_title), 'A')
            || setweight(to_tsvector('simple', search_text), 'B')
        ) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_articles_search_vector ON articles USING GIN (search_vector)",
]


def ensure_schema(engine: Engine) -> None:
    """Create missing tables and full-text objects; safe to call on every start."""
    statements = {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_FTS}.get(engine.dialect.name, [])
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Concurrent crawler processes may start at once: create the schema one at a time.
            connection.execute(text("SELECT pg_advisory_xact_lock(74210001)"))
        Base.metadata.create_all(connection)
        for statement in statements:
            connection.execute(text(statement))
