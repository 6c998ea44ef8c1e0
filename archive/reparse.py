"""Re-run extraction over stored raw snapshots (after a parser fix): changed output adds a version.

For every article, the latest successful snapshot of its page is decoded and parsed again and
goes through the same repair and validation as a crawl; `store_article` then adds a version
when the content differs, and nothing when it does not.
"""

from __future__ import annotations

from sqlalchemy import or_, select

from archive import models
from archive.db import transaction
from archive.store import decompress, header, store_article
from pipelines.normalize import text_fields
from pipelines.textrepair import repair_article
from pipelines.validate import problems
from scraper.decode import decode_html
from scraper.items import ArticleItem, PageRecord
from scraper.sites import extract


def reparse_snapshots(db_url: str | None, site: str | None = None) -> dict[str, int]:
    counts = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0, "no snapshot": 0}
    with transaction(db_url) as session:
        query = select(models.Article.id, models.Article.url, models.Article.canonical_url, models.Site.name).join(
            models.Site
        )
        if site:
            query = query.where(models.Site.name == site)
        articles = session.execute(query.order_by(models.Article.id)).all()
    for _, url, canonical, site_name in articles:
        with transaction(db_url) as session:
            snapshot = session.scalar(
                select(models.Snapshot)
                .where(or_(models.Snapshot.url == url, models.Snapshot.url == canonical), models.Snapshot.status == 200)
                .order_by(models.Snapshot.id.desc())
                .limit(1)
            )
            if snapshot is None:
                counts["no snapshot"] += 1
                continue
            body = decompress(snapshot.body_zlib)
            try:
                decoded = decode_html(body, header(snapshot.headers, "Content-Type"))
                article = extract(snapshot.url, decoded.text, decoded.encoding)
            except Exception:  # noqa: BLE001 - a page the fixed parser still rejects is counted, not fatal
                counts["failed"] += 1
                continue
            article.site = site_name
            repaired = repair_article(article)
            unrepaired = text_fields(article) if len(repaired.repairs) > len(article.repairs) else None
            page = PageRecord(snapshot.url, snapshot.status, dict(snapshot.headers), body)
            if problems(ArticleItem(page, repaired)):
                counts["failed"] += 1
                continue
            stored = store_article(session, repaired, snapshot_id=snapshot.id, unrepaired=unrepaired)
            counts[stored.outcome] += 1
    return counts
