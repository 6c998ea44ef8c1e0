"""The page's own URL: the crawler's, else the canonical link, else where a saved file writes it
(a saved-from comment, a share widget, a link whose text is the headline)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from core.sites import common
from core.sites.generic.document import Page, squeeze
from core.sites.generic.rules import SAVED_FROM, SHARE_LINK


def canonical_url(page: Page) -> str | None:
    for href in page.root.xpath("//link[@rel='canonical']/@href"):
        url = common.clean_url(common.absolute(page.url, href))
        if url and urlsplit(url).path not in ("", "/"):
            return url
    for value in (common.meta_content(page.root, "og:url"), common.meta_content(page.root, "url")):
        if value and value.startswith("http") and urlsplit(value).path not in ("", "/"):
            return common.clean_url(value)
    return None


def page_url(page: Page, title: str) -> str | None:
    """The given URL, else the page's own URL as written in the file (canonical, saved-from…)."""
    if page.url:
        return common.clean_url(page.url)
    return canonical_url(page) or _written_url(page) or _headline_link(page, title)


def _written_url(page: Page) -> str | None:
    """The URL a saved file or its share widget writes (SAVED_FROM, SHARE_LINK)."""
    lowered = page.html.lower()
    for needle, pattern, reach in SAVED_FROM:
        text = page.html if reach is None else page.html[:reach]
        if needle not in (lowered if reach is None else lowered[:reach]):
            continue
        match = pattern.search(text)
        if match:
            return common.clean_url(match.group(1))
    share = SHARE_LINK.search(page.html) if "url=" in lowered else None
    if share:
        shared = unquote(share.group(1))
        if urlsplit(shared).path not in ("", "/"):
            return common.clean_url(shared)
    return None


def _headline_link(page: Page, title: str) -> str | None:
    """An absolute link with a numeric id whose text is the headline."""
    squeezed = squeeze(title)
    for link in page.root.xpath("//a[starts-with(@href,'http')]"):
        href = link.get("href") or ""
        if re.search(r"\d{4,}", href) and squeeze("".join(link.itertext())) == squeezed:
            return common.clean_url(href)
    return None
