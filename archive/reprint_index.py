"""The reprint LSH index in the database (`archive.reprints` looks band keys up and adds them).

An article's band keys (`core.reprints.band_keys`, signed 32-bit) are also kept packed in its
`reprint_links` row (`pack`), so a new version can take its old ones out. The index:
- SQLite: `reprint_bands`, one row per (band key, article), WITHOUT ROWID: the rows are the
  primary key's b-tree alone (about 190 bytes per article with `reprint_links`).
- PostgreSQL (migration 0016): such a row costs a heap tuple (24-byte header, line pointer) and a
  b-tree entry, about 640 bytes per article for 10 keys. Instead a GIN index holds each
  `reprint_links` row's buckets (`reprint_buckets(bands)`: the top `BUCKET_BITS` bits of each
  packed key). Many articles share a bucket, so GIN keeps its articles as one compressed posting
  list, a few bytes each, where unique keys would cost an entry each. A lookup fetches the rows of
  its keys' buckets and keeps those whose packed keys hold a key looked for: the same articles
  the band rows give. `reprint_bands` is empty there.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Integer, cast, delete, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import ARRAY

from archive import models
from archive.bulk import insert_rows

CHUNK = 500
"""Bound parameters per IN list (SQLite allows 32766; PostgreSQL 65535)."""
BUCKET_BITS = 17
"""Bits of a band key PostgreSQL's GIN index keeps (migration 0016's `reprint_buckets`): 2^17
buckets, about 8 articles each per 100,000 (a lookup fetches 10 buckets' rows)."""
BUCKET_CHUNK = 200
"""Buckets per lookup query: PostgreSQL tests `&&` against each row's buckets with a nested loop,
and plans a longer list (a batch's 20,000) as a sequential scan testing every row: 20 s at 50,000."""

_LINKS = models.ReprintLink.__table__
_BANDS = models.ReprintBand.__table__


def pack(keys: Sequence[int]) -> bytes:
    return struct.pack(f">{len(keys)}i", *keys)


def unpack(blob: bytes) -> list[int]:
    return list(struct.unpack(f">{len(blob) // 4}i", blob))


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def bucketed(connection: Connection) -> bool:
    """Whether the index is `reprint_links`' GIN of buckets (PostgreSQL), not `reprint_bands`."""
    return connection.dialect.name == "postgresql"


def bucket(key: int) -> int:
    """A band key's bucket: its top `BUCKET_BITS` bits (as `reprint_buckets` computes it)."""
    return (key & 0xFFFFFFFF) >> (32 - BUCKET_BITS)


def stored(connection: Connection, keys: Sequence[int]) -> dict[int, list[int]]:
    """The stored articles holding each of these band keys (keys no article holds are absent)."""
    found: dict[int, list[int]] = {}
    if not keys:
        return found
    if not bucketed(connection):
        for part in chunks(keys):
            query = select(_BANDS.c.key, _BANDS.c.article_id).where(_BANDS.c.key.in_(part))
            for key, article_id in connection.execute(query):
                found.setdefault(key, []).append(article_id)
        return found
    wanted = set(keys)
    buckets = sorted({bucket(key) for key in wanted})
    for start in range(0, len(buckets), BUCKET_CHUNK):
        part = cast(literal(buckets[start : start + BUCKET_CHUNK], ARRAY(Integer)), ARRAY(Integer))
        query = select(_LINKS.c.article_id, _LINKS.c.bands).where(func.reprint_buckets(_LINKS.c.bands).op("&&")(part))
        for article_id, blob in connection.execute(query):
            for key in wanted.intersection(unpack(blob)):
                found.setdefault(key, []).append(article_id)
    return found


def add(connection: Connection, pairs: Sequence[tuple[int, int]]) -> None:
    """Index these (band key, article) pairs (PostgreSQL: nothing to do beyond the articles'
    `reprint_links` rows, which the caller writes)."""
    if pairs and not bucketed(connection):
        insert_rows(connection, _BANDS, [{"key": key, "article_id": article_id} for key, article_id in pairs])


def remove(connection: Connection, pairs: Sequence[tuple[int, int]]) -> None:
    """Take these (band key, article) pairs out (PostgreSQL: with the `reprint_links` rows)."""
    for part in chunks(pairs if not bucketed(connection) else []):
        connection.execute(delete(_BANDS).where(tuple_(_BANDS.c.key, _BANDS.c.article_id).in_(part)))
