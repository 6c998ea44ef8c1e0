"""Generic news article extractor (placeholder)."""

from __future__ import annotations

from scraper.article import Article, ParseError

NAME = "generic"
HOSTS: tuple[str, ...] = ()


def looks_like(html: str) -> bool:
    return True


def parse(url: str, html: str) -> Article:
    raise ParseError("generic: not implemented")
