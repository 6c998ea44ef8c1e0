"""Sample articles for archive tests (imported by the test modules of this directory)."""

from __future__ import annotations

from archive.db import transaction
from archive.store import store_article
from core.article import Article, Published


def make_article(n: int, **fields: object) -> Article:
    data: dict[str, object] = {
        "url": f"http://example.com/a/{n}.html",
        "site": "example",
        "title": f"标题{n}",
        "body": [f"第{n}段。"],
        "published_at": Published.beijing(2024, 5, 10, 8, 0),
    }
    data.update(fields)
    return Article(**data)  # type: ignore[arg-type]


def add(url: str, *articles: Article) -> list[int]:
    with transaction(url) as session:
        return [store_article(session, a).article_id for a in articles]
