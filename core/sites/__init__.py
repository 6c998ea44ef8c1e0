"""Site parser registry: pick the parser for a page and extract an `Article`.

Every parser module exposes `NAME`, `HOSTS` (host suffixes it serves), `looks_like(html)` (template
recognition for saved pages without a URL) and `parse(url, html) -> Article` (pure; raises
`core.article.ParseError` for pages that are not articles). `generic` serves everything else.
"""

from __future__ import annotations

import re
from types import ModuleType

from core.article import Article, ParseError
from core.sites import acftu_org, common, generic, people, provincial, workercn

PARSERS: tuple[ModuleType, ...] = (people, workercn, acftu_org, provincial)
_PAGE_URL = (
    re.compile(r"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)""", re.I),
    re.compile(r"""<link[^>]+href=["']([^"']+)["'][^>]*rel=["']canonical["']""", re.I),
    re.compile(r"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""", re.I),
    re.compile(r"""<meta[^>]+content=["']([^"']+)["'][^>]*property=["']og:url["']""", re.I),
)


def _serves(parser: ModuleType, host: str) -> bool:
    return any(host == suffix or host.endswith("." + suffix) for suffix in parser.HOSTS)


def _by_host(url: str | None) -> ModuleType | None:
    host = common.host_of(url)
    if not host:
        return None
    for parser in PARSERS:
        if _serves(parser, host):
            return parser
    # Mirrors that embed the original host in the path (`/gate/big5/acftu.people.com.cn/...`).
    path_hosts = re.findall(r"/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/", (url or "").lower())
    for parser in PARSERS:
        if any(_serves(parser, path_host) for path_host in path_hosts):
            return parser
    return None


def parser_for(url: str | None, html: str) -> ModuleType:
    """The parser for a page: by URL host, else canonical/og:url in the page, else template, else generic."""
    found = _by_host(url)
    if found is not None:
        return found
    head = html[:200_000]
    for pattern in _PAGE_URL:
        match = pattern.search(head)
        if match:
            found = _by_host(match.group(1))
            if found is not None:
                return found
    for parser in PARSERS:
        if parser.looks_like(html):
            return parser
    return generic


def extract(url: str | None, html: str, encoding: str | None = None) -> Article:
    """Parse a page with the parser chosen by `parser_for`; records the encoding the text came from.

    When a site parser does not recognise the page (a template it has no selectors for), the
    generic extractor tries it; the article keeps the site's registry name. If that fails too, the
    site parser's reason is raised.
    """
    parser = parser_for(url, html)
    try:
        article = parser.parse(url or "", html)
    except ParseError as site_error:
        if parser is generic:
            raise
        try:
            article = generic.parse(url or "", html)
        except ParseError:
            raise site_error from None
        site_name = getattr(parser, "site_name", None)
        article.site = site_name(url or article.url) if callable(site_name) else parser.NAME
    article.encoding = encoding
    return article


__all__ = ["PARSERS", "extract", "parser_for"]
