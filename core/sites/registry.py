"""The site registry: the declared portals, and how a page finds its parser and its site name.

A page is a portal's when its URL host (or a host embedded in a mirror path, or its canonical /
`og:url` link) is one of the portal's hosts; the most specific host wins, and the article is named
after the portal. A page of no known host may still be recognised by its template (the
`recognizers`, e.g. a saved people.com.cn page, any city CMS page with the one-line info bar);
everything else goes to the generic extractor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from core.article import Article, ParseError
from core.sites import common, generic
from core.sites.portal import Parser, Portal, Recognizer

_PAGE_URL = (
    re.compile(r"""<link[^>]+rel=["']canonical["'][^>]*href=["']([^"']+)""", re.I),
    re.compile(r"""<link[^>]+href=["']([^"']+)["'][^>]*rel=["']canonical["']""", re.I),
    re.compile(r"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)""", re.I),
    re.compile(r"""<meta[^>]+content=["']([^"']+)["'][^>]*property=["']og:url["']""", re.I),
)
_PATH_HOST = re.compile(r"/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/")


class RegistryError(ValueError):
    """Two declarations claim the same name or host."""


@dataclass(frozen=True, slots=True)
class Registry:
    portals: tuple[Portal, ...]
    recognizers: tuple[Recognizer, ...] = ()
    """Tried in order on pages whose host no portal serves."""

    def __post_init__(self) -> None:
        names: set[str] = set()
        hosts: dict[str, str] = {}
        for portal in self.portals:
            if portal.name in names:
                raise RegistryError(f"two sites are named {portal.name!r}")
            names.add(portal.name)
            for host in portal.hosts:
                if host in hosts:
                    raise RegistryError(f"host {host} is declared by both {hosts[host]!r} and {portal.name!r}")
                hosts[host] = portal.name

    def with_portals(self, extra: Iterable[Portal]) -> Registry:
        """This registry plus `extra` (users' sites); raises `RegistryError` on a clash."""
        return Registry((*self.portals, *extra), self.recognizers)

    def portal(self, name: str) -> Portal | None:
        return next((p for p in self.portals if p.name == name), None)

    def crawlable(self) -> list[Portal]:
        """The portals a spider is made for, by name."""
        return sorted((p for p in self.portals if p.crawlable), key=lambda p: p.name)

    def _by_host(self, host: str) -> Portal | None:
        best = max(self.portals, key=lambda p: p.match(host), default=None) if host else None
        return best if best is not None and best.match(host) else None

    def portal_for(self, url: str | None) -> Portal | None:
        """The portal a URL belongs to: by its host, else by a host in its path (mirrors such as
        `/gate/big5/acftu.people.com.cn/...`)."""
        found = self._by_host(common.host_of(url))
        if found is not None:
            return found
        for path_host in _PATH_HOST.findall((url or "").lower()):
            found = self._by_host(path_host)
            if found is not None:
                return found
        return None

    def site_for(self, url: str | None, html: str) -> tuple[Parser, str | None]:
        """The parser for a page and the site name its article carries (None: the parser names it).

        By URL, else by the canonical / og:url link in the page, else by template, else generic.
        """
        found = self.portal_for(url)
        head = html[:200_000]
        for pattern in _PAGE_URL if found is None else ():
            match = pattern.search(head)
            found = self.portal_for(match.group(1)) if match else None
            if found is not None:
                break
        if found is not None:
            return found.parser, found.name
        recognized = next((r for r in self.recognizers if r.looks_like(html)), None)
        return (recognized, None) if recognized is not None else (generic, None)

    def parser_for(self, url: str | None, html: str) -> Parser:
        return self.site_for(url, html)[0]

    def extract(self, url: str | None, html: str, encoding: str | None = None) -> Article:
        """Parse a page with its site's parser; records the encoding the text came from.

        When a site parser does not recognise the page (a template it has no selectors for), the
        generic extractor tries it; the article keeps the site's name. If that fails too, the
        site parser's reason is raised.
        """
        parser, name = self.site_for(url, html)
        try:
            article = parser.parse(url or "", html)
        except ParseError as site_error:
            if parser is generic:
                raise
            try:
                article = generic.parse(url or "", html)
            except ParseError:
                raise site_error from None
            if name is None and isinstance(parser, Recognizer):
                name = parser.site_name(url or article.url)
        if name is not None:
            article.site = name
        article.encoding = encoding
        return article
