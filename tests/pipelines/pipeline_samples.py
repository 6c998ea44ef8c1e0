"""Items as the spiders hand them to the pipelines (imported by the test modules of this directory)."""

from __future__ import annotations

from core.article import Article, Published
from scraper.items import ArticleItem, PageRecord


def article_item(n: int, **fields: object) -> ArticleItem:
    """Article `n` of example.com with its raw page, as a spider yields it."""
    data: dict[str, object] = {
        "url": f"http://www.example.com/gzdt/{n}.html",
        "site": "example",
        "title": f"市总工会开展送温暖活动{n}",
        "authors": ["张华"],
        "source": "工人日报",
        "published_at": Published.beijing(2024, 5, 10, 8, 0),
        "body": [f"第{n}段。"],
        "encoding": "utf-8",
    }
    data.update(fields)
    article = Article(**data)  # type: ignore[arg-type]
    body = f"<html><body><h1>{article.title}</h1></body></html>".encode()
    page = PageRecord(article.url, 200, {"Content-Type": "text/html; charset=utf-8"}, body, encoding="utf-8",
                      encoding_reason="header")
    return ArticleItem(page, article)
