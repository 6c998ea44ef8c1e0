"""`Archive`: the small Python API users script against (the CLI and web app use it too)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from archive import models
from archive.db import resolve_url, transaction
from archive.search import Bound, Filters, SearchResult, Sort, search


class Archive:
    """An archive database: `Archive("sqlite:///a.sqlite").search("工会")`, `.get(1)`."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)

    def search(
        self,
        query: str,
        *,
        site: str | None = None,
        author: str | None = None,
        editor: str | None = None,
        source: str | None = None,
        channel: str | None = None,
        since: Bound | None = None,
        until: Bound | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: Sort = "relevance",
    ) -> SearchResult:
        """Search with the query language of `archive.query`; keyword filters AND with it.

        `since`/`until` take a date, a datetime or text (`2024`, `2024-05`, `2024-05-10`);
        `until` includes the period it names.
        """
        filters = Filters(
            site=site, author=author, editor=editor, source=source, channel=channel, since=since, until=until
        )
        with transaction(self.url) as session:
            return search(session, query, filters, limit=limit, offset=offset, sort=sort)

    def get(self, article_id: int) -> dict[str, Any] | None:
        """The current version of an article as `Article.to_dict()`, plus `id` and `version`."""
        with transaction(self.url) as session:
            row = session.get(models.Article, article_id)
            if row is None:
                return None
            data = dict(row.versions[-1].data)
            return {"id": row.id, "version": row.version, **data}

    def versions(self, article_id: int) -> list[dict[str, Any]]:
        with transaction(self.url) as session:
            row = session.get(models.Article, article_id)
            if row is None:
                return []
            return [
                {"version": v.version, "created_at": v.created_at.isoformat(), "data": v.data}
                for v in row.versions
            ]

    def counts(self) -> dict[str, int]:
        with transaction(self.url) as session:
            return {
                "articles": session.scalar(select(func.count()).select_from(models.Article)) or 0,
                "versions": session.scalar(select(func.count()).select_from(models.ArticleVersion)) or 0,
                "failures": session.scalar(select(func.count()).select_from(models.Failure)) or 0,
                "snapshots": session.scalar(select(func.count()).select_from(models.Snapshot)) or 0,
            }
