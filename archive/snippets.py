"""What a search result shows of an article: its summary, and a snippet around the first match."""

from __future__ import annotations

from typing import Any

from archive import models
from archive.searchkey import fold

SNIPPET_CHARS = 120


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


def make_snippet(
    body: list[str], needles: list[str], width: int = SNIPPET_CHARS
) -> tuple[str, list[list[int]]]:
    """A window of the body around the first match, and the match spans within it."""
    text = " ".join(p for p in body if p)
    if not text:
        return "", []
    spans = find_spans(text, needles) if needles else []
    start = 0
    if spans:
        start = max(0, spans[0][0] - width // 4)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    window = prefix + text[start:end] + suffix
    shift = len(prefix) - start
    inside = [[s + shift, min(e, end) + shift] for s, e in spans if s >= start and s < end]
    return window, inside
