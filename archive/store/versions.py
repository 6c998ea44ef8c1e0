"""What a version row holds: every field of its article, once.

The current version's fields that the article row carries (title, body, source...: `ROW_FIELDS`)
are not copied into its `article_versions.data`: that holds the rest (authors, editors,
confidence), and `full` puts the two together again. When a newer version replaces it, its row
gets the whole data first (`keep_whole`), so an older version never depends on the article row.
A version's data is whole exactly when it has a `url`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, bindparam, select, update

from archive import models

ROW_FIELDS = (
    "url", "canonical_url", "site", "title", "pretitle", "subtitle", "source", "source_url", "published_at",
    "body", "images", "channel", "encoding", "repairs",
)  # fmt: skip
"""`Article.to_dict()` keys whose values the article row holds for its current version."""
_ORDER = ("url", "canonical_url", "site", "title", "pretitle", "subtitle", "authors", "editors")
_ARTICLES = models.Article.__table__
_VERSIONS = models.ArticleVersion.__table__
_SITES = models.Site.__table__
ROW_COLUMNS = tuple(_ARTICLES.c[name] for name in ROW_FIELDS if name != "site")
"""The article columns `full` reads (with the site's name as `site`)."""


def compact(data: Mapping[str, Any]) -> dict[str, Any]:
    """A current version's data as stored: what the article row does not hold."""
    return {key: value for key, value in data.items() if key not in ROW_FIELDS}


def is_whole(data: Mapping[str, Any]) -> bool:
    return "url" in data


def full(data: Mapping[str, Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """A version's whole data, in `Article.to_dict()` order; `row` holds the article row's
    `ROW_FIELDS` (`site` the site's name), read only when the version is its current one."""
    if is_whole(data):
        return dict(data)
    merged = {**{key: row[key] for key in ROW_FIELDS}, **data}
    first = {key: merged.pop(key) for key in _ORDER if key in merged}
    return {**first, **merged}


def row_of(article: models.Article) -> dict[str, Any]:
    """`ROW_FIELDS` of an article row (its site loaded)."""
    return {**{column.key: getattr(article, column.key) for column in ROW_COLUMNS}, "site": article.site.name}


def keep_whole(connection: Connection, article_ids: Sequence[int]) -> None:
    """Before these articles' rows take a new version: their current versions' rows get their
    whole data."""
    if not article_ids:
        return
    current = and_(_VERSIONS.c.article_id == _ARTICLES.c.id, _VERSIONS.c.version == _ARTICLES.c.version)
    rows = connection.execute(
        select(_VERSIONS.c.id.label("version_id"), _VERSIONS.c.data, _SITES.c.name.label("site"), *ROW_COLUMNS)
        .join(_VERSIONS, current)
        .join(_SITES, _SITES.c.id == _ARTICLES.c.site_id)
        .where(_ARTICLES.c.id.in_(list(article_ids)))
    ).mappings()
    whole = [
        {"version_id": row["version_id"], "whole": full(row["data"], row)} for row in rows if not is_whole(row["data"])
    ]
    if whole:
        statement = update(_VERSIONS).where(_VERSIONS.c.id == bindparam("version_id")).values(data=bindparam("whole"))
        connection.execute(statement, whole)
