"""Site parsers and the registry of declared portals.

A portal is declared once (`core.sites.portal.Portal`); the built-in ones are listed in
`core.sites.registry_builtin`, users add theirs from site files (`core.sitefile`). `extract` and
`parser_for` use the built-in registry; a crawl passes the registry that includes the user's sites.
Parsers are pure: `parse(url, html) -> Article`, raising `core.article.ParseError` for pages
that are not articles; `generic` serves every page no portal or template claims.
"""

from __future__ import annotations

from core.article import Article
from core.sites.portal import Parser
from core.sites.registry import Registry
from core.sites.registry_builtin import BUILTIN


def parser_for(url: str | None, html: str, registry: Registry = BUILTIN) -> Parser:
    """The parser for a page: by URL host, else canonical/og:url in the page, else template, else generic."""
    return registry.parser_for(url, html)


def extract(url: str | None, html: str, encoding: str | None = None, registry: Registry = BUILTIN) -> Article:
    """The article a page holds, parsed by its site's parser and named after its site."""
    return registry.extract(url, html, encoding)


__all__ = ["BUILTIN", "Registry", "extract", "parser_for"]
