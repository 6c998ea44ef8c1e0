"""What a search result shows of an article: its summary, and a snippet around the first match."""

from __future__ import annotations

from typing import Any

from archive import models
from archive.searchkey import fold

SNIPPET_CHARS = 120
SNIPPET_SCAN_CHARS = 20_000
"""How much of an article's body is searched for the snippet's first match."""


def summary(row: models.Article, highlights: list[str] | None = None) -> dict[str, Any]:
    snippet, spans = make_snippet(row.body or [], highlights or [])
    return {
        "id": row.id,
        "url": row.url,
        "canonical_url": row.canonical_url,
        "site": row.site.name,
        "title": row.title,
        "published_at": row.published_at,
        "authors": [r.person.name for r in row.roles if r.role == "author"],
        "editors": [r.person.name for r in row.roles if r.role == "editor"],
        "source": row.source,
        "channel": list(row.channel or []),
        "version": row.version,
        "snippet": snippet,
        "highlights": spans,
    }


def _aligned_fold(text: str) -> str:
    """`fold(text)` when it keeps every character in place, else a per-character fold."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded
    return "".join((fold(ch) or ch)[0] for ch in text)


def find_spans(text: str, needles: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping [start, end) spans of the folded needles in `text`, folded alike."""
    folded = _aligned_fold(text)
    spans: list[tuple[int, int]] = []
    for needle in sorted(set(needles), key=len, reverse=True):
        start = folded.find(needle)
        while start != -1:
            end = start + len(needle)
            if all(end <= s or start >= e for s, e in spans):
                spans.append((start, end))
            start = folded.find(needle, end)
    return sorted(spans)


def _leading_text(body: list[str], limit: int) -> tuple[str, bool]:
    """The body's paragraphs joined by spaces, cut at `limit` characters; and whether it was cut."""
    parts: list[str] = []
    size = 0
    for paragraph in body:
        if not paragraph:
            continue
        parts.append(paragraph)
        size += len(paragraph) + 1
        if size > limit:
            return " ".join(parts)[:limit], True
    return " ".join(parts), False


def make_snippet(
    body: list[str], needles: list[str], width: int = SNIPPET_CHARS
) -> tuple[str, list[list[int]]]:
    """A window of the body around the first match, and the match spans within it.

    The work per result is bounded whatever the article's size: only the first
    `SNIPPET_SCAN_CHARS` characters are searched, and spans are found within the window."""
    text, cut = _leading_text(body, SNIPPET_SCAN_CHARS)
    if not text:
        return "", []
    folded = _aligned_fold(text)
    found = [index for needle in set(needles) if needle and (index := folded.find(needle)) != -1]
    start = max(0, min(found) - width // 4) if found else 0
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    longest = max((len(n) for n in needles), default=0)
    local = find_spans(text[start : end + longest], needles) if found else []
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) or cut else ""
    shift = len(prefix)
    inside = [[s + shift, min(e, end - start) + shift] for s, e in local if s < end - start]
    return prefix + text[start:end] + suffix, inside
