"""What spiders hand to the item pipelines: an extracted article with its raw page, or a failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy.http import Response

from archive.store.images import ImageRecord
from core.article import Article
from core.page import Extracted, page_to_article
from core.sites import BUILTIN, Registry


@dataclass(slots=True)
class PageRecord:
    """A response as received (body bytes untouched) and how it was decoded."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    encoding: str | None = None
    encoding_reason: str | None = None

    @classmethod
    def from_response(cls, response: Response) -> PageRecord:
        headers = {
            name.decode("latin-1"): ", ".join(value.decode("latin-1") for value in values)
            for name, values in response.headers.items()
        }
        return cls(url=response.url, status=response.status, headers=headers, body=response.body)


@dataclass(slots=True)
class ArticleItem:
    page: PageRecord
    article: Article
    unrepaired: dict[str, Any] | None = None
    """Text fields as extracted, kept when a repair changed any of them (`core.page.Extracted`)."""
    images: list[ImageRecord] = field(default_factory=list)
    """How fetching the article's images went (`pipelines.images`); stored with the article."""


@dataclass(slots=True)
class PageFailure:
    """A page that could not be fetched, parsed or validated; stored with its reason and bytes."""

    url: str
    site: str
    stage: str
    reason: str
    page: PageRecord | None = None


@dataclass(slots=True)
class NotModified:
    """A known article answered 304 to a conditional request: checked, unchanged."""

    url: str
    site: str


def page_item(page: PageRecord, site: str, registry: Registry = BUILTIN) -> ArticleItem | PageFailure:
    """The item for a fetched article page: its article (`core.page.page_to_article`) or its failure."""
    result = page_to_article(
        page.url, page.body, status=page.status, headers=page.headers, site=site, registry=registry
    )
    page.encoding, page.encoding_reason = result.encoding, result.encoding_reason
    if isinstance(result, Extracted):
        return ArticleItem(page, result.article, result.unrepaired)
    return PageFailure(page.url, site, result.stage, result.reason, page)
