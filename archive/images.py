"""Reading the archived images of articles (issue 18): the rows, the files, the counts.

The files are in the image store the crawl wrote (`IMAGES_STORE`, by default `<data dir>/images`);
reading them back is for a folder store (the web app serves from it). A path is taken from a row
only when it has the shape the crawl writes (content-addressed under `full/` or `thumbs/<name>/`),
so a tampered row cannot reach outside the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive import models

_IMAGES = models.ArticleImage.__table__
STORE_PATH = re.compile(r"(?:full|thumbs/[A-Za-z0-9_-]+)/[0-9a-f]{2}/[0-9a-f]{64}\.[a-z0-9]{1,5}")
SERVED_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp"})
"""What the web app serves as an image (never SVG or HTML, whatever a row says)."""
PUBLIC = ("position", "url", "caption", "outcome", "reason", "sha256", "content_type", "size", "width", "height")


@dataclass(frozen=True, slots=True)
class ImageFile:
    body: bytes
    content_type: str


def article_images(session: Session, article_id: int) -> list[dict[str, Any]]:
    """An article's image rows in page order: what fetching each went to (stored or failed)."""
    query = select(*(_IMAGES.c[name] for name in (*PUBLIC, "fetched_at"))).where(_IMAGES.c.article_id == article_id)
    rows = session.execute(query.order_by(_IMAGES.c.position, _IMAGES.c.id)).all()
    return [{**row._asdict(), "fetched_at": row.fetched_at.isoformat()} for row in rows]


def image_file(session: Session, store: Path, article_id: int, position: int, thumb: bool) -> ImageFile | None:
    """The bytes of an article's stored image (or its thumbnail) from a folder store, or None."""
    row = session.execute(
        select(_IMAGES.c.path, _IMAGES.c.thumb_path, _IMAGES.c.content_type).where(
            _IMAGES.c.article_id == article_id, _IMAGES.c.position == position, _IMAGES.c.outcome == "stored"
        )
    ).first()
    if row is None:
        return None
    path, content_type = (row.thumb_path, "image/jpeg") if thumb else (row.path, row.content_type)
    if not path or not STORE_PATH.fullmatch(path) or content_type not in SERVED_TYPES:
        return None
    file = store / path
    if not file.is_file():
        return None
    return ImageFile(file.read_bytes(), content_type)


def image_counts(session: Session) -> dict[str, int]:
    """Images stored (rows, distinct files, bytes of the distinct files) and failed, for `stats`."""
    stored = _IMAGES.c.outcome == "stored"
    rows = session.scalar(select(func.count()).select_from(_IMAGES).where(stored)) or 0
    failed = session.scalar(select(func.count()).select_from(_IMAGES).where(_IMAGES.c.outcome == "failed")) or 0
    distinct = (
        select(_IMAGES.c.sha256, func.max(_IMAGES.c.size).label("size")).where(stored).group_by(_IMAGES.c.sha256)
    ).subquery()
    files, size = session.execute(select(func.count(), func.coalesce(func.sum(distinct.c.size), 0))).one()
    return {"stored": rows, "files": files or 0, "bytes": int(size or 0), "failed": failed}


def failure_reasons(session: Session, top: int = 10) -> list[dict[str, Any]]:
    """The most common reasons images failed, with their counts."""
    query = (
        select(_IMAGES.c.reason, func.count().label("count"))
        .where(_IMAGES.c.outcome == "failed")
        .group_by(_IMAGES.c.reason)
        .order_by(func.count().desc(), _IMAGES.c.reason)
        .limit(top)
    )
    return [{"reason": reason, "count": count} for reason, count in session.execute(query)]
