"""Raw responses, kept compressed as snapshots: one per distinct body of a URL in a row.

A page fetched again with the same bytes as its URL's latest snapshot reuses that snapshot.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select

from archive import models
from core.page import header

_SNAPSHOTS = models.Snapshot.__table__
_INSERT_SNAPSHOT = insert(_SNAPSHOTS)


def compress(body: bytes) -> bytes:
    return zlib.compress(body, 6)


def decompress(blob: bytes) -> bytes:
    return zlib.decompress(blob)


@dataclass(frozen=True, slots=True)
class RawPage:
    """A response as fetched (or a file as read): what a snapshot keeps."""

    url: str
    status: int
    headers: dict[str, Any]
    body: bytes
    encoding: str | None = None
    encoding_reason: str | None = None
    warc: tuple[str, int] | None = None
    """Where the capture middleware wrote the exchange: WARC file and offset."""
    body_sha256: str = ""
    """The body's SHA-256 when already known (else computed)."""

    @property
    def digest(self) -> str:
        return self.body_sha256 or hashlib.sha256(self.body).hexdigest()

    def snapshot_values(self, crawl_run_id: int | None) -> dict[str, Any]:
        """The snapshot row; its ETag / Last-Modified become the validators of the next check."""
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


def snapshot_ids(connection: Connection, pages: list[RawPage], crawl_run_id: int | None) -> list[int]:
    """The snapshot of each page (URLs distinct): the latest of its URL if it has the same bytes,
    else a new one; new ones are inserted with one statement."""
    latest: dict[str, tuple[int, str]] = {}
    query = (
        select(_SNAPSHOTS.c.url, _SNAPSHOTS.c.id, _SNAPSHOTS.c.body_sha256)
        .where(_SNAPSHOTS.c.url.in_({page.url for page in pages}))
        .order_by(_SNAPSHOTS.c.id)
    )
    for url, snapshot_id, digest in connection.execute(query):
        latest[url] = (snapshot_id, digest)
    found = [0] * len(pages)
    missing: list[int] = []
    for index, page in enumerate(pages):
        same = latest.get(page.url)
        if same is not None and same[1] == page.digest:
            found[index] = same[0]
        else:
            missing.append(index)
    if missing:
        inserted = _insert(connection, [pages[i].snapshot_values(crawl_run_id) for i in missing])
        for index, snapshot_id in zip(missing, inserted, strict=True):
            found[index] = snapshot_id
    return found


def _insert(connection: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert snapshot rows (URLs distinct); their ids in order."""
    if connection.dialect.name != "sqlite":
        returning = _INSERT_SNAPSHOT.returning(_SNAPSHOTS.c.id, sort_by_parameter_order=True)
        return list(connection.execute(returning, rows).scalars())
    # One executemany (with RETURNING, SQLite would insert row by row), then the ids: from its first
    # write on, a SQLite transaction is the only writer, so the latest snapshot of each of these
    # URLs (distinct) is the one just inserted.
    connection.execute(_INSERT_SNAPSHOT, rows)
    query = (
        select(_SNAPSHOTS.c.url, func.max(_SNAPSHOTS.c.id))
        .where(_SNAPSHOTS.c.url.in_([row["url"] for row in rows]))
        .group_by(_SNAPSHOTS.c.url)
    )
    latest: dict[str, int] = {url: snapshot_id for url, snapshot_id in connection.execute(query)}
    return [latest[row["url"]] for row in rows]
