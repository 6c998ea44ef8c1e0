"""URL helpers: absolute links, tracking-free canonical form, host."""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

_TRACKING_QUERY = re.compile(r"^(spm|agt|utm_[a-z]+|from|share_token|tt_from|ivk_sa)=", re.I)


def absolute(base: str | None, href: str | None) -> str | None:
    """Absolute URL of href against base (None when href is empty or a script link)."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "#", "mailto:", "data:")):
        return None
    joined = urljoin(base or "", href)
    return joined if joined.startswith(("http://", "https://")) else (joined or None)


def clean_url(url: str | None) -> str | None:
    """Drop tracking query strings and fragments; percent-encode non-ASCII path characters."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING_QUERY.match(p))
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def host_of(url: str | None) -> str:
    if not url:
        return ""
    return (urlsplit(url).hostname or "").lower()
