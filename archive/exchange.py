"""Export and import of articles as JSON Lines in the `Article.to_dict()` shape.

Export writes the current version of each article, in archive order (id), one JSON object per
line exactly as it was stored, so export -> import -> export gives the same bytes on any backend.
Import is idempotent: an article whose canonical URL and content are already stored adds nothing,
a changed one adds a version (`archive.store.store_article` semantics). Lines are read in
batches, one transaction each, through `archive.store.store_articles` (articles new to the
archive, and unchanged ones, in bulk statements). If a batch fails, its items are retried one
transaction each so that one bad item cannot take its neighbours with it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from archive import models
from archive.db import transaction
from archive.query import parse
from archive.search import Filters, plan
from archive.store import KnownIds, Prepared, prepare, store_article, store_articles
from scraper.article import Article

CSV_COLUMNS = (
    "url",
    "canonical_url",
    "site",
    "title",
    "pretitle",
    "subtitle",
    "authors",
    "editors",
    "source",
    "source_url",
    "published_at",
    "channel",
    "body",
    "images",
    "encoding",
)
BATCH = 1000


def dumps(data: dict[str, Any]) -> str:
    """One export line (without newline): UTF-8 JSON, keys in contract order."""
    return json.dumps(data, ensure_ascii=False)


def iter_export(
    url: str, query: str = "", filters: Filters | None = None, chunk: int = 1000
) -> Iterator[dict[str, Any]]:
    """Current version of each selected article, by id, read in chunks (constant memory)."""
    last = 0
    parsed = parse(query)
    while True:
        with transaction(url) as session:
            statement = (
                select(models.Article.id, models.ArticleVersion.data)
                .join(
                    models.ArticleVersion,
                    (models.ArticleVersion.article_id == models.Article.id)
                    & (models.ArticleVersion.version == models.Article.version),
                )
                .where(models.Article.id > last)
                .order_by(models.Article.id)
                .limit(chunk)
            )
            if query.strip() or (filters and filters.field_terms()):
                selected = plan(session.get_bind().dialect.name, parsed, filters).statement
                statement = statement.where(models.Article.id.in_(selected))
            rows = session.execute(statement).all()
        if not rows:
            return
        for _, data in rows:
            yield data
        last = rows[-1][0]


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for data in rows:
        out.write(dumps(data) + "\n")
        count += 1
    return count


def csv_row(data: dict[str, Any]) -> list[str]:
    """A flat row: names joined by `; `, channel by ` > `, paragraphs by blank lines."""
    cells: list[str] = []
    for name in CSV_COLUMNS:
        value = data.get(name)
        if name in ("authors", "editors"):
            cells.append("; ".join(value or []))
        elif name == "channel":
            cells.append(" > ".join(value or []))
        elif name == "body":
            cells.append("\n\n".join(value or []))
        elif name == "images":
            cells.append(" ".join(i["url"] for i in value or []))
        else:
            cells.append("" if value is None else str(value))
    return cells


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for data in rows:
        writer.writerow(csv_row(data))
        count += 1
    return count


@dataclass(slots=True)
class ImportReport:
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    """(line number, reason) of each line that was not stored."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [{"line": n, "reason": r} for n, r in self.errors],
        }

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


def parse_line(line: str) -> Article:
    data = json.loads(line)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if not data.get("url"):
        raise ValueError("no url")
    return Article.from_dict(data)


Batch = list[tuple[int, Prepared]]
"""(line number, article) of the lines of one batch."""


def import_lines(
    url: str,
    lines: Iterable[bytes | str],
    *,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Store every JSON line; `progress(n)` is called with the bytes (or lines) of each stored batch."""
    report = ImportReport()
    ids = KnownIds()
    batch: Batch = []
    consumed = 0
    for number, raw in enumerate(lines, start=1):
        consumed += len(raw) if isinstance(raw, bytes) else 1
        text = raw.decode("utf-8", errors="strict") if isinstance(raw, bytes) else raw
        if not text.strip():
            continue
        report.read += 1
        try:
            batch.append((number, prepare(parse_line(text))))
        except (ValueError, KeyError, TypeError) as exc:
            report.errors.append((number, f"{type(exc).__name__}: {exc}"))
        if len(batch) >= batch_size:
            _store_batch(url, batch, ids, report)
            if progress:
                progress(consumed)
            batch, consumed = [], 0
    if batch:
        _store_batch(url, batch, ids, report)
    if progress and consumed:
        progress(consumed)
    report.errors.sort()
    return report


def _store_batch(url: str, batch: Batch, ids: KnownIds, report: ImportReport) -> None:
    """One transaction for the batch, or one per item if that fails."""
    try:
        with transaction(url) as session:
            stored = store_articles(session, [item for _, item in batch], ids=ids)
    except SQLAlchemyError:
        ids.clear()
    else:
        ids.keep()
        for outcome in stored:
            report.count(outcome.outcome)
        return
    for number, item in batch:
        try:
            with transaction(url) as session:
                report.count(store_article(session, item).outcome)
        except SQLAlchemyError as exc:
            report.errors.append((number, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"))
