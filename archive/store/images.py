"""Article images: one `article_images` row per image of an article, written with the article.

The crawl hands each article's images over as `ImageRecord`s (stored, with the facts of the file
in the image store, or failed, with the reason); `write_images` writes them in the article's
transaction. An image already recorded for the article keeps its row, unless it had failed and
has now been stored. `known_images` is what the crawl asks before fetching: the stored image of
each URL already in the archive (or its failure, when retrying would fail the same way), so that
it is not fetched again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, insert, select, update

from archive import models

_IMAGES = models.ArticleImage.__table__
_INSERT = insert(_IMAGES)
_UPDATE = update(_IMAGES).where(_IMAGES.c.id == bindparam("row_id"))
FACTS = ("sha256", "content_type", "size", "width", "height", "path", "thumb_path", "warc_file", "warc_offset")
"""What a stored image's row says of its file, copied to another article that shows the same URL."""
BATCH = 500
PERMANENT = ("HTTP 4", "response too large", "not an image", "image too large", "empty response", "the article's images are over",
             "not an http(s) URL", "Forbidden by robots.txt")
"""Reasons of failures that another attempt would meet again (the crawl's own wording): such an
image is not fetched again; others (HTTP 5xx, timeouts, lost connections) are, by later runs."""

Outcome = Literal["stored", "failed"]


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """One image of an article and how fetching it went."""

    url: str
    caption: str | None
    outcome: Outcome
    reason: str | None = None
    """Why it failed (`HTTP 404`, `over the 10485760-byte cap per image`, ...)."""
    sha256: str | None = None
    content_type: str | None = None
    size: int | None = None
    width: int | None = None
    height: int | None = None
    path: str | None = None
    """The original bytes in the image store (content-addressed: named by the sha256)."""
    thumb_path: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    fetched_at: datetime | None = None

    def shown(self, caption: str | None) -> ImageRecord:
        """The same stored image, as another article shows it (its caption)."""
        return replace(self, caption=caption)

    def row(self) -> dict[str, Any]:
        values = asdict(self)
        values["fetched_at"] = self.fetched_at or models.utcnow()
        return values


def permanent(reason: str | None) -> bool:
    return bool(reason) and str(reason).startswith(PERMANENT)


def known_images(connection: Connection, urls: Iterable[str]) -> dict[str, ImageRecord]:
    """What the archive knows of each of these URLs (for any article) that is not to be fetched
    again: its stored image, else its failure when another attempt would fail the same way."""
    wanted = sorted(set(urls))
    found: dict[str, ImageRecord] = {}
    columns = [_IMAGES.c[name] for name in ("url", "outcome", "reason", *FACTS, "fetched_at")]
    for start in range(0, len(wanted), BATCH):
        query = select(*columns).where(_IMAGES.c.url.in_(wanted[start : start + BATCH]))
        for row in connection.execute(query.order_by(_IMAGES.c.id)):
            record = ImageRecord(row.url, None, **{k: v for k, v in row._asdict().items() if k != "url"})
            earlier = found.get(row.url)
            better = earlier is None or (earlier.outcome == "failed" and record.outcome == "stored")
            if better and (record.outcome == "stored" or permanent(record.reason)):
                found[row.url] = record
    return found


def write_images(
    connection: Connection, images: Sequence[tuple[int, Sequence[ImageRecord]]], crawl_run_id: int | None = None
) -> None:
    """Record each article's images (article id, its images in order of the page)."""
    wanted = [(article_id, images_) for article_id, images_ in images if images_]
    if not wanted:
        return
    article_ids = sorted({article_id for article_id, _ in wanted})
    existing: dict[tuple[int, str], tuple[int, str]] = {}
    for start in range(0, len(article_ids), BATCH):
        query = select(_IMAGES.c.id, _IMAGES.c.article_id, _IMAGES.c.url, _IMAGES.c.outcome).where(
            _IMAGES.c.article_id.in_(article_ids[start : start + BATCH])
        )
        for row_id, article_id, url, outcome in connection.execute(query):
            existing[(article_id, url)] = (row_id, outcome)
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for article_id, records in wanted:
        for position, record in enumerate(records):
            values = {**record.row(), "article_id": article_id, "position": position, "crawl_run_id": crawl_run_id}
            found = existing.get((article_id, record.url))
            if found is None:
                existing[(article_id, record.url)] = (0, record.outcome)
                inserts.append(values)
            elif found[1] == "failed" and found[0]:
                values.pop("article_id")
                updates.append({**values, "row_id": found[0]})
    if inserts:
        connection.execute(_INSERT, inserts)
    if updates:
        connection.execute(_UPDATE, updates)

