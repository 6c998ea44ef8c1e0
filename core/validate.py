"""What every stored article must have: a title and some body text."""

from __future__ import annotations

from core.article import Article


def problems(article: Article) -> list[str]:
    """Why `article` cannot be stored as an article (empty when it can)."""
    found = []
    if not article.title.strip():
        found.append("no title")
    if not any(paragraph.strip() for paragraph in article.body):
        found.append("no body text")
    return found
