"""A portal is one declaration: where it is, how to walk it, how to read its pages, how gently.

`Portal` is the single statement of a site. The Scrapy side makes its spider from it (start URLs,
article / list URL rules, pagination, politeness), the registry (`core.sites.registry`) picks its
parser by host and names its articles after it, and the mirror builder renders its test pages
from its parser's templates. Built-in portals are declared in `core.sites.registry_builtin`;
users declare theirs in a TOML site file (`core.sitefile`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from core.article import Article
from core.sites.tabled import Template


@runtime_checkable
class Parser(Protocol):
    """Reads one page of a site: pure, raises `core.article.ParseError` for a page that is not an article."""

    def parse(self, url: str, html: str) -> Article: ...


@runtime_checkable
class Recognizer(Parser, Protocol):
    """A parser that also recognises its template in a saved page whose URL names no known host."""

    def looks_like(self, html: str) -> bool: ...

    def site_name(self, url: str | None) -> str:
        """The site a recognised page belongs to."""
        ...


@runtime_checkable
class TemplateParser(Parser, Protocol):
    """A parser driven by selector tables (`core.sites.tabled.Template`): one template per page URL."""

    def template_for(self, url: str) -> Template: ...


# TRS WCM writes list pagination with a script: `createPageHTML(countPage, current, "index", "html")`.
TRS_COUNT = re.compile(r"var\s+countPage\s*=\s*(\d+)")
TRS_PAGER = re.compile(r"""createPageHTML\(\s*(\w+)\s*,\s*\d+\s*,\s*["'](\w+)["']\s*,\s*["'](\w+)["']""")


def trs_pages(text: str) -> list[str]:
    """Relative URLs of every list page a TRS `createPageHTML` call would link: index.html, index_1.html, …"""
    match = TRS_PAGER.search(text)
    if not match:
        return []
    count_arg, stem, ext = match.groups()
    declared = TRS_COUNT.search(text)
    count = int(count_arg) if count_arg.isdigit() else int(declared.group(1)) if declared else 0
    return [f"{stem}.{ext}" if n == 0 else f"{stem}_{n}.{ext}" for n in range(count)]


def no_script_pages(text: str) -> list[str]:
    """Pagination written only as links (the spider follows every link matching `list_url`)."""
    return []


PAGERS: dict[str, Callable[[str], list[str]]] = {"links": no_script_pages, "trs_script": trs_pages}
"""How a list page reaches the next ones, beyond its links: name -> relative URLs found in the page text."""


@dataclass(frozen=True, slots=True)
class Politeness:
    """How hard the spider may press the site (Scrapy's per-spider settings)."""

    download_delay: float = 1.0
    """Seconds between requests to the site."""
    concurrent_requests: int = 2
    """Requests in flight to the site at once."""

    def settings(self) -> dict[str, Any]:
        return {"DOWNLOAD_DELAY": self.download_delay, "CONCURRENT_REQUESTS_PER_DOMAIN": self.concurrent_requests}


POLITE = Politeness()


@dataclass(frozen=True, slots=True)
class Portal:
    name: str
    """Spider name and the archive site name its articles carry."""
    title: str
    hosts: tuple[str, ...]
    """Hosts whose pages are this portal's: a page on one of them or on a subdomain is parsed with
    `parser` and named `name` (the most specific host wins across portals)."""
    parser: Parser
    start_urls: tuple[str, ...] = ()
    """Where the spider starts (list heads). A portal without start URLs is parsed, never crawled."""
    article_url: str = ""
    """Regex an article URL matches (searched in the absolute URL)."""
    list_url: str = ""
    """Regex a list or pagination page URL matches."""
    allowed_domains: tuple[str, ...] = ()
    """Domains the spider may fetch from (default: `hosts`)."""
    pager: str = "links"
    """A key of `PAGERS`: list pages reached other than by links (e.g. a TRS pager script)."""
    politeness: Politeness | None = POLITE
    """None: the project's defaults (AutoThrottle, the global delay)."""
    verified: bool = False
    """True when the declaration was checked against recorded pages of the real site."""
    notes: str = ""
    enabled: bool = True
    """Crawled by `union-archive crawl --all` (scheduled runs)."""
    origin: str = "built-in"
    """Where the declaration comes from: `built-in`, or the site file that declared it."""

    @property
    def crawlable(self) -> bool:
        return bool(self.start_urls)

    def spider_settings(self) -> dict[str, Any]:
        """The spider's `custom_settings`."""
        return self.politeness.settings() if self.politeness else {}

    def spider_domains(self) -> tuple[str, ...]:
        return self.allowed_domains or self.hosts

    def match(self, host: str) -> int:
        """How specifically this portal serves `host`: the length of its matching host, 0 for none."""
        return max((len(h) for h in self.hosts if host == h or host.endswith("." + h)), default=0)

    def script_pages(self, text: str) -> list[str]:
        """List pages (relative URLs) the page's pager writes other than as links."""
        return PAGERS[self.pager](text)
