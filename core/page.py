"""The one path from a fetched page to an article: decode -> parse -> repair -> validate.

`page_to_article` is what the spiders, `reparse`, `extract` and `import-text` call, so `extract`
prints exactly what a crawl stores. It never raises for a bad page: any error becomes a `Failed`
with the stage it happened in and the reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from core.article import Article
from core.decode import decode_html
from core.sites import BUILTIN, Registry
from core.sites.textdump import parse_text_dump
from core.textrepair import repair_article, repair_text
from core.validate import problems

TEXT_FIELDS = ("title", "pretitle", "subtitle", "authors", "editors", "source", "body", "channel")
"""The fields whose text as extracted is kept (`Extracted.unrepaired`) when a repair changed any."""


@dataclass(frozen=True, slots=True)
class Extracted:
    """An article ready to store, with how its bytes were decoded and its text before repair."""

    article: Article
    encoding: str
    encoding_reason: str
    unrepaired: dict[str, Any] | None = None
    """The repaired text fields as extracted (None when no repair changed anything)."""


@dataclass(frozen=True, slots=True)
class Failed:
    """A page that is not an article: the stage that rejected it (`fetch`, `decode`, `parse`,
    `validate`) and why."""

    stage: str
    reason: str
    encoding: str | None = None
    encoding_reason: str | None = None


def header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    """A header value by case-insensitive name, or None."""
    wanted = name.lower()
    for key, value in (headers or {}).items():
        if key.lower() == wanted:
            return str(value)
    return None


def is_text_dump(content_type: str | None) -> bool:
    """Plain text is read as an article dump (`core.sites.textdump`), everything else as HTML."""
    return (content_type or "").split(";")[0].strip().lower() == "text/plain"


def text_fields(article: Article) -> dict[str, Any]:
    data = article.to_dict()
    return {name: data[name] for name in TEXT_FIELDS}


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _parse_html(
    url: str | None, text: str, encoding: str, registry: Registry = BUILTIN
) -> tuple[Article, dict[str, Any] | None]:
    article = registry.extract(url, text, encoding)
    repaired = repair_article(article)
    unrepaired = text_fields(article) if len(repaired.repairs) > len(article.repairs) else None
    return repaired, unrepaired


def _parse_text_dump(url: str | None, text: str, encoding: str) -> tuple[Article, dict[str, Any] | None]:
    """A dump is repaired as a whole before it is parsed: its layout lines may be damaged too."""
    repaired = repair_text(text)
    article = parse_text_dump(repaired.text, url or None)
    article.encoding = encoding
    article.repairs = list(repaired.repairs)
    return article, {"text": text} if repaired.changed else None


def page_to_article(
    url: str | None,
    body: bytes,
    *,
    status: int = 200,
    headers: Mapping[str, Any] | None = None,
    site: str | None = None,
    registry: Registry = BUILTIN,
) -> Extracted | Failed:
    """The article a fetched page holds, repaired and validated, or why there is none.

    `site` is the archive site name the caller crawls under (a portal's name, the host for
    `crawl-site`); without it the site registry names the site from the URL. `registry` holds
    the declared portals (the built-in ones unless the caller loaded users' site files).
    """
    if not 200 <= status < 300:
        return Failed("fetch", f"HTTP {status} from server")
    content_type = header(headers, "Content-Type")
    try:
        decoded = decode_html(body, content_type)
    except Exception as exc:  # noqa: BLE001 - any error is the page's failure, with its reason
        return Failed("decode", _reason(exc))
    parse = _parse_text_dump if is_text_dump(content_type) else partial(_parse_html, registry=registry)
    try:
        article, unrepaired = parse(url, decoded.text, decoded.encoding)
    except Exception as exc:  # noqa: BLE001
        return Failed("parse", _reason(exc), decoded.encoding, decoded.reason)
    if site:
        article.site = site
    found = problems(article)
    if found:
        return Failed("validate", "; ".join(found), decoded.encoding, decoded.reason)
    return Extracted(article, decoded.encoding, decoded.reason, unrepaired)
