"""What the web views share: request parameters, links that keep the current search, safe text."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import abort, current_app, request
from markupsafe import Markup, escape

from archive.api import Archive

FILTERS = ("site", "author", "editor", "source", "channel", "since", "until")
KEPT = ("q", *FILTERS, "sort", "limit", "all_copies")
"""The parameters a link within a search keeps (not the page offset)."""
PAGE_SIZE = 20
MAX_LIMIT = 200
MAX_OFFSET = 10_000_000


def archive() -> Archive:
    return Archive(current_app.config["ARCHIVE_URL"])


def int_arg(name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter clamped to [low, high]; 400 if it is not a number."""
    raw = request.args.get(name, "")
    try:
        value = int(raw) if raw.strip() else default
    except ValueError:
        abort(400, f"{name} must be a number")
    return max(low, min(value, high))


def search_options() -> dict[str, Any]:
    """The filters and sort of the current request, as `Archive.search` keywords."""
    options: dict[str, Any] = {name: request.args.get(name, "").strip() or None for name in FILTERS}
    sort = request.args.get("sort", "relevance")
    options["sort"] = sort if sort in ("relevance", "date") else "relevance"
    return options


def filters_only(options: dict[str, Any]) -> dict[str, Any]:
    return {name: options[name] for name in FILTERS if options.get(name)}


def search_link(path: str = "/", **changes: str | int | None) -> str:
    """`path` with the current search's parameters, `changes` applied (None removes one)."""
    values: dict[str, Any] = {name: request.args.get(name, "") for name in KEPT}
    values.update(changes)
    kept = {name: value for name, value in values.items() if value not in (None, "")}
    if kept.get("sort") == "relevance":
        kept.pop("sort")
    return path + ("?" + urlencode(kept) if kept else "")


def filter_link(name: str, value: str) -> str:
    """A link to the search for articles whose `name` field is `value` (no text query)."""
    return "/?" + urlencode({name: value})


def highlight(snippet: str, spans: list[list[int]]) -> Markup:
    """The snippet, escaped, with each [start, end) span in <mark>."""
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        parts.append(str(escape(snippet[last:start])))
        parts.append(f"<mark>{escape(snippet[start:end])}</mark>")
        last = end
    parts.append(str(escape(snippet[last:])))
    return Markup("".join(parts))


def http_url(value: str | None) -> str | None:
    """`value` if it is an http(s) URL (safe as a link target), else None."""
    if value and value.split(":", 1)[0].lower() in ("http", "https"):
        return value
    return None


def range_label(offset: int, count: int, total: int, exact: bool = True) -> str:
    """`21–40 of 1,234` (`0 of 0` when nothing is shown; `of about 45,000` when estimated)."""
    of = f"of {total:,}" if exact else f"of about {total:,}"
    if not count:
        return f"0 {of}"
    return f"{offset + 1:,}–{offset + count:,} {of}"


def page_numbers(offset: int, limit: int, total: int, around: int = 2) -> list[int | None]:
    """1-based page numbers to link: first, last and `around` each side of the current; None is a gap."""
    pages = max(1, -(-total // limit)) if limit else 1
    current = offset // limit + 1 if limit else 1
    shown = sorted({1, pages, *range(max(1, current - around), min(pages, current + around) + 1)})
    numbered: list[int | None] = []
    for number in shown:
        if numbered and number - (numbered[-1] or 0) > 1:
            numbered.append(None)
        numbered.append(number)
    return numbered
