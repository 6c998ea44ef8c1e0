"""Compare extracted articles with the corpus labels (`../shared/corpus/labels.jsonl`, LABELS.md).

Shared by the tests and `bench/extraction_eval.py` so both judge a page the same way.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.article import Article, Published
from core.sites.common import collapse

FIELDS = (
    "title",
    "subtitle",
    "pretitle",
    "authors",
    "editors",
    "source",
    "published_at",
    "body_first",
    "body_last",
    "url",
)
# "Fully right" pages: these fields all match.
KEY_FIELDS = ("title", "authors", "editors", "source", "published_at")
SNIPPET = 15


@dataclass(frozen=True, slots=True)
class LabelledPage:
    file: str
    path: Path
    url: str | None
    label: dict[str, Any]


def published_label(published: Published | None) -> str | None:
    """`YYYY-MM-DD[ HH:MM[:SS]]` at the precision shown on the page."""
    if published is None:
        return None
    if published.precision == "day":
        return published.at.strftime("%Y-%m-%d")
    if published.precision == "minute":
        return published.at.strftime("%Y-%m-%d %H:%M")
    return published.at.strftime("%Y-%m-%d %H:%M:%S")


def label_view(article: Article) -> dict[str, Any]:
    """The article in the shape of a label record."""
    body = [collapse(p) for p in article.body if collapse(p)]
    return {
        "title": collapse(article.title) or None,
        "subtitle": collapse(article.subtitle) or None,
        "pretitle": collapse(article.pretitle) or None,
        "authors": list(article.authors),
        "editors": list(article.editors),
        "source": collapse(article.source) or None,
        "published_at": published_label(article.published_at),
        "body_first": body[0] if body else None,
        "body_last": body[-1] if body else None,
        "url": article.canonical_url or article.url or None,
    }


def normalized(value: Any) -> Any:
    if isinstance(value, str):
        return collapse(value) or None
    if isinstance(value, list):
        return [collapse(v) for v in value]
    return value


def field_matches(label: dict[str, Any], view: dict[str, Any], field: str) -> bool:
    """Exact match after whitespace collapse; body snippets are the label's characters at the
    paragraph's start (body_first) or end (body_last): 15 of them, fewer when the label has fewer."""
    expected, ours = normalized(label.get(field)), normalized(view.get(field))
    if field in ("body_first", "body_last") and expected and ours:
        return ours.startswith(expected) if field == "body_first" else ours.endswith(expected)
    return expected == ours


def mismatches(label: dict[str, Any], view: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields that differ: {field: (label, ours)}; body snippets shown as 15 characters."""
    shown = dict(view)
    if shown.get("body_first"):
        shown["body_first"] = shown["body_first"][:SNIPPET]
    if shown.get("body_last"):
        shown["body_last"] = shown["body_last"][-SNIPPET:]
    return {f: (label.get(f), shown.get(f)) for f in FIELDS if not field_matches(label, view, f)}


def index_urls(corpus_dir: Path) -> dict[str, str | None]:
    """Page URLs from INDEX.tsv where it gives a real one (the crawler would know it)."""
    urls: dict[str, str | None] = {}
    with (corpus_dir / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            page_url = (row.get("page_url") or "").strip()
            urls[row["file"]] = page_url if page_url.startswith(("http://", "https://")) else None
    return urls


def labelled_pages(corpus_dir: Path) -> list[LabelledPage]:
    urls = index_urls(corpus_dir)
    pages = []
    with (corpus_dir / "labels.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                label = json.loads(line)
                file = label["file"]
                pages.append(LabelledPage(file, corpus_dir / "pages" / file, urls.get(file), label))
    return pages
