"""What storing an article computes from it before any database work: its JSON form, content
hash and the article row's values (search forms and filter keys included).

Pure work, so the importer does it in worker processes, ahead of the writer.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from datetime import UTC
from typing import Any

from archive.reprints import Text, prepare_text
from archive.searchkey import SearchForms, fold, search_forms
from core.article import Article, content_of, low_confidence


def content_hash(article: Article) -> str:
    return hash_content(article.to_dict())


def hash_content(data: dict[str, Any]) -> str:
    """SHA-256 of `Article.content_fields()`, from the article's `to_dict()`."""
    payload = json.dumps(content_of(data), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def row_values(article: Article, data: dict[str, Any]) -> dict[str, Any]:
    """The article row's copy of a version (`data` is `article.to_dict()`): what search, filters
    and listings read."""
    return {
        "url": article.url,
        "title": article.title,
        "pretitle": article.pretitle,
        "subtitle": article.subtitle,
        "source": article.source,
        "source_url": article.source_url,
        "published_at": data["published_at"],
        "published_utc": (
            article.published_at.at.astimezone(UTC).replace(tzinfo=None) if article.published_at else None
        ),
        "body": data["body"],
        "images": data["images"],
        "channel": data["channel"],
        "encoding": article.encoding,
        "repairs": data["repairs"],
        "source_key": fold(article.source) if article.source else None,
        "channel_key": (
            "".join(f"\x1f{fold(name)}" for name in article.channel) + "\x1f" if article.channel else ""
        ),
        "low_confidence": low_confidence_key(data),
    }


def forms_of(article: Article, row: dict[str, Any], folded_body: str | None = None) -> SearchForms:
    """The search index entry of an article whose row values are `row` (`folded_body`:
    `fold("\\n".join(article.body))`, when computed already)."""
    return search_forms(
        article.pretitle, article.title, article.subtitle, article.body, article.site, row["source_key"],
        row["channel_key"], folded_body,
    )


def low_confidence_key(data: dict[str, Any]) -> str | None:
    """`Article.low_confidence` of a version's data: ` field field `, or None."""
    fields = sorted(low_confidence(data))
    return f" {' '.join(fields)} " if fields else None


def role_names(article: Article) -> list[tuple[str, int, str]]:
    """(role, position, name) of the article's people: authors then editors, each name once."""
    return [
        (role, position, name)
        for role, names in (("author", article.authors), ("editor", article.editors))
        for position, name in enumerate(dict.fromkeys(names))
    ]


@dataclass(frozen=True, slots=True)
class Prepared:
    """An article with its JSON form, content hash and, when computed ahead, its row values."""

    article: Article
    canonical: str
    data: dict[str, Any]
    digest: str
    row: dict[str, Any] | None = None
    search: SearchForms | None = None
    reprint: Text | None = None
    """What reprint linking needs of the body (`archive.reprints.prepare_text`), when computed ahead."""

    def values(self) -> dict[str, Any]:
        """The article row's copy of this version (see `row_values`), with the digest of its
        search forms once they are computed (`indexed`)."""
        row = self.row if self.row is not None else row_values(self.article, self.data)
        return row if self.search is None else {**row, "search_digest": self.search.digest()}

    def indexed(self) -> Prepared:
        """This version with its row values and search forms computed."""
        if self.row is not None and self.search is not None:
            return self
        row = self.row if self.row is not None else row_values(self.article, self.data)
        return replace(self, row=row, search=forms_of(self.article, row))

    def forms(self) -> SearchForms:
        """What the search index holds for this version."""
        forms = self.indexed().search
        assert forms is not None
        return forms


def prepare(article: Article | Prepared, *, index: bool = True, link: bool = False) -> Prepared:
    """`Prepared` form of an article; with `index`, its row values (search forms) too; with
    `link`, its reprint sketch (the import's worker processes compute both ahead of the writer)."""
    if isinstance(article, Prepared):
        return article
    data = article.to_dict()
    # The body is folded once, for both the search forms and the reprint sketch.
    folded = fold("\n".join(article.body)) if index or link else None
    row = row_values(article, data) if index else None
    forms = forms_of(article, row, folded) if row is not None else None
    reprint = prepare_text(article.body, folded) if link else None
    return Prepared(article, article.canonical_url or article.url, data, hash_content(data), row, forms, reprint)
