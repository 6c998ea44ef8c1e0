"""Export and import of articles as JSON Lines in the `Article.to_dict()` shape.

Export writes the current version of each article, in archive order (id), one JSON object per
line exactly as it was stored, so export -> import -> export gives the same bytes on any backend.
Import is idempotent: an article whose canonical URL and content are already stored adds nothing,
a changed one adds a version. Lines are read in batches, one transaction each, through the
store's one write path (`archive.store.store_articles`, a few bulk statements per batch). If a
batch fails, its items are retried one transaction each so that one bad item cannot take its
neighbours with it.
"""

from __future__ import annotations

import csv
import itertools
import json
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from archive import models
from archive.db import after_bulk_write, transaction
from archive.query import parse
from archive.searchplan import Filters, plan
from archive.store import KnownIds, Prepared, prepare, store_article, store_articles
from archive.store.versions import ROW_COLUMNS, full
from core.article import Article

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
log = logging.getLogger(__name__)


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
                select(models.Article.id, models.ArticleVersion.data, models.Site.name.label("site"), *ROW_COLUMNS)
                .join(models.Site, models.Site.id == models.Article.site_id)
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
            rows = session.execute(statement).mappings().all()
        if not rows:
            return
        for row in rows:
            yield full(row["data"], row)
        last = rows[-1]["id"]


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


_TEXT_FIELDS = (
    "url", "canonical_url", "site", "title", "pretitle", "subtitle", "source", "source_url", "published_at", "encoding"
)
_LIST_FIELDS = ("authors", "editors", "body", "channel")


def check_shape(data: object) -> dict[str, Any]:
    """`data` if it has the `Article.to_dict()` shape (a url; texts, lists of texts, images), else
    ValueError naming the first field that does not."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if not isinstance(data.get("url"), str) or not data["url"]:
        raise ValueError("no url")
    for name in _TEXT_FIELDS:
        if not isinstance(data.get(name), str | None):
            raise ValueError(f"{name}: not a string")
    for name in _LIST_FIELDS:
        value = data.get(name)
        if not (value is None or isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise ValueError(f"{name}: not a list of strings")
    for image in data.get("images") or []:
        if not (isinstance(image, dict) and isinstance(image.get("url"), str)):
            raise ValueError("images: not a list of {url, caption} objects")
        if not isinstance(image.get("caption"), str | None):
            raise ValueError("images: caption not a string")
    if not isinstance(data.get("repairs"), list | None):
        raise ValueError("repairs: not a list")
    return data


def parse_line(line: str) -> Article:
    return Article.from_dict(check_shape(json.loads(line)))


Batch = list[tuple[int, Prepared]]
"""(line number, article) of the lines of one batch."""


@dataclass(slots=True)
class Chunk:
    """The lines of one batch, prepared for the store."""

    items: Batch
    errors: list[tuple[int, str]]
    read: int
    """Lines that were not blank."""
    consumed: int
    """Bytes (or, for text lines, lines) taken from the input."""


def prepare_chunk(lines: list[tuple[int, bytes | str]]) -> Chunk:
    """Parse and prepare numbered JSON lines (pure: run in a worker process for big imports)."""
    chunk = Chunk([], [], 0, 0)
    for number, raw in lines:
        chunk.consumed += len(raw) if isinstance(raw, bytes) else 1
        try:
            text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        except UnicodeDecodeError as exc:
            chunk.read += 1
            chunk.errors.append((number, f"{type(exc).__name__}: {exc}"))
            continue
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            continue
        chunk.read += 1
        try:
            chunk.items.append((number, prepare(parse_line(text), link=True)))
        except (ValueError, KeyError, TypeError) as exc:
            chunk.errors.append((number, f"{type(exc).__name__}: {exc}"))
    return chunk


def _numbered_chunks(lines: Iterable[bytes | str], size: int) -> Iterator[list[tuple[int, bytes | str]]]:
    chunk: list[tuple[int, bytes | str]] = []
    for numbered in enumerate(lines, start=1):
        chunk.append(numbered)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _prepared(lines: Iterable[bytes | str], size: int, workers: int) -> Iterator[Chunk]:
    """Prepared chunks of `size` lines, in order.

    Preparing (JSON, content hash, search forms) takes about half of an import's time. When the
    input is more than one chunk and `workers` > 0, worker processes prepare the next chunks while
    the caller stores this one; at most `workers + 1` chunks are read ahead. If the processes
    cannot be started, or one dies, the rest is prepared here: the import goes on either way.
    """
    chunks = _numbered_chunks(lines, size)
    first = next(chunks, None)
    if first is None:
        return
    second = next(chunks, None)
    if second is None or workers < 1:
        yield prepare_chunk(first)
        if second is not None:
            yield prepare_chunk(second)
            yield from map(prepare_chunk, chunks)
        return
    ahead: deque[tuple[list[tuple[int, bytes | str]], Future[Chunk] | None]] = deque()
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    except (OSError, NotImplementedError) as exc:
        log.warning("import: no worker processes (%s); preparing in this process", exc)
        yield from map(prepare_chunk, itertools.chain([first, second], chunks))
        return
    with pool:
        try:
            for raw in itertools.chain([first, second], chunks):
                ahead.append((raw, _submit(pool, raw)))
                if len(ahead) > workers:
                    yield _result(*ahead.popleft())
            while ahead:
                yield _result(*ahead.popleft())
        finally:
            for _, future in ahead:
                if future is not None:
                    future.cancel()


def _submit(pool: ProcessPoolExecutor, raw: list[tuple[int, bytes | str]]) -> Future[Chunk] | None:
    try:
        return pool.submit(prepare_chunk, raw)
    except BrokenProcessPool:
        return None


def _result(raw: list[tuple[int, bytes | str]], future: Future[Chunk] | None) -> Chunk:
    """The worker's chunk, or the same chunk prepared here if the worker pool broke."""
    if future is not None:
        try:
            return future.result()
        except BrokenProcessPool as exc:
            log.warning("import: a worker process died (%s); preparing in this process", exc)
    return prepare_chunk(raw)


def prepare_workers() -> int:
    """Worker processes for preparing a big import: the cores beside the writer's, at most 2."""
    return max(0, min(2, (os.cpu_count() or 1) - 1))


def import_lines(
    url: str,
    lines: Iterable[bytes | str],
    *,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    workers: int = 0,
) -> ImportReport:
    """Store every JSON line; `progress(n)` is called with the bytes (or lines) of each stored batch.

    `workers`: processes that prepare batches ahead of the writer (0: this process prepares them).
    """
    report = ImportReport()
    ids = KnownIds()
    for chunk in _prepared(lines, batch_size, workers):
        report.read += chunk.read
        report.errors.extend(chunk.errors)
        if chunk.items:
            _store_batch(url, chunk.items, ids, report)
        if progress and chunk.consumed:
            progress(chunk.consumed)
    if report.new or report.updated:
        after_bulk_write(url)
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
