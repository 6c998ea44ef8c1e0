"""PostgreSQL's reprint LSH index: a GIN index of band-key buckets on `reprint_links`, not
`reprint_bands` rows.

One `reprint_bands` row per (band key, article) costs PostgreSQL a heap tuple (24-byte header,
line pointer) and a btree entry: about 640 bytes per article for 10 bands. Now, on PostgreSQL:
- `reprint_buckets(bands)` (an immutable SQL function) gives the top `BITS` bits of each packed
  32-bit band key of a `reprint_links` row, and a GIN index (`fastupdate = off`: a lookup never
  scans a pending list) indexes them. Many articles share a bucket, so GIN keeps each bucket's
  articles as one compressed posting list (a few bytes per article) instead of an entry each.
- A lookup fetches the rows of the buckets of the keys it looks for and keeps those whose packed
  keys hold a key looked for (`archive.reprint_index`): the same candidates as the band rows gave.
- `reprint_bands` stays in the schema (SQLite's index, WITHOUT ROWID, is unchanged) and is empty.
The downgrade fills `reprint_bands` again from the packed keys.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

BITS = 17
"""Bits of a band key kept as its bucket (`archive.reprint_index.BUCKET_BITS` must be the same)."""
BUCKETS = f"""CREATE FUNCTION reprint_buckets(bands bytea) RETURNS integer[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_agg(
        (get_byte(bands, 4 * i) << {BITS - 8}) | (get_byte(bands, 4 * i + 1) << {BITS - 16})
        | (get_byte(bands, 4 * i + 2) >> {24 - BITS})), '{{}}')
    FROM generate_series(0, length(bands) / 4 - 1) AS i
$$"""
INDEX = """CREATE INDEX ix_reprint_links_buckets ON reprint_links USING gin (reprint_buckets(bands))
WITH (fastupdate = off)"""
KEYS = """INSERT INTO reprint_bands (key, article_id)
SELECT DISTINCT (get_byte(bands, 4 * i) << 24) | (get_byte(bands, 4 * i + 1) << 16)
    | (get_byte(bands, 4 * i + 2) << 8) | get_byte(bands, 4 * i + 3), article_id
FROM reprint_links, generate_series(0, length(bands) / 4 - 1) AS i"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(BUCKETS)
    op.execute(INDEX)
    op.execute("TRUNCATE reprint_bands")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(KEYS)
    op.execute("DROP INDEX ix_reprint_links_buckets")
    op.execute("DROP FUNCTION reprint_buckets(bytea)")
