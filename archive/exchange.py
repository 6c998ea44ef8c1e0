"""Export and import of articles as JSON Lines in the `Article.to_dict()` shape.

Export writes the current version of each article, in archive order (id), one JSON object per
line exactly as it was stored, so export -> import -> export gives the same bytes on any backend.
Import is idempotent: an article whose canonical URL and content are already stored adds nothing,
a changed one adds a version (`archive.store.store_article` semantics). Lines are read in
batches; articles new to the archive are inserted in bulk (one transaction per batch), the rest
go through `store_article`. If a batch fails, its items are retried one transaction each so that
one bad item cannot take its neighbours with it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive import models
from archive.db import transaction
from archive.query import parse
from archive.search import Filters, plan
from archive.searchkey import fold
from archive.store import _copy_current, content_hash, site_row, store_article
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
_ARTICLE_COLUMNS = [c.key for c in models.Article.__table__.columns if c.key != "id"]


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


def import_lines(
    url: str,
    lines: Iterable[bytes | str],
    *,
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Store every JSON line; `progress(n)` is called with the bytes (or lines) consumed."""
    report = ImportReport()
    batch: list[tuple[int, Article]] = []
    consumed = 0
    for number, raw in enumerate(lines, start=1):
        consumed += len(raw) if isinstance(raw, bytes) else 1
        text = raw.decode("utf-8", errors="strict") if isinstance(raw, bytes) else raw
        if not text.strip():
            continue
        report.read += 1
        try:
            batch.append((number, parse_line(text)))
        except (ValueError, KeyError, TypeError) as exc:
            report.errors.append((number, f"{type(exc).__name__}: {exc}"))
        if len(batch) >= batch_size:
            _store_batch(url, batch, report)
            batch = []
            if progress:
                progress(consumed)
            consumed = 0
    if batch:
        _store_batch(url, batch, report)
    if progress:
        progress(consumed)
    return report


def _store_batch(url: str, batch: list[tuple[int, Article]], report: ImportReport) -> None:
    try:
        with transaction(url) as session:
            outcomes = store_many(session, [article for _, article in batch])
    except SQLAlchemyError:
        for number, article in batch:
            try:
                with transaction(url) as session:
                    report.count(store_article(session, article).outcome)
            except SQLAlchemyError as exc:
                report.errors.append((number, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"))
        return
    for outcome in outcomes:
        report.count(outcome)


def store_many(session: Session, articles: list[Article]) -> list[str]:
    """Store articles in order inside the caller's transaction; the outcome of each.

    Articles whose canonical URL is new (to the archive and to the batch) are inserted with
    bulk statements; the others go through `store_article`, after them, in their order.
    """
    canonicals = [a.canonical_url or a.url for a in articles]
    known = set(
        session.scalars(
            select(models.Article.canonical_url).where(models.Article.canonical_url.in_(set(canonicals)))
        )
    )
    fresh: list[int] = []
    later: list[int] = []
    for index, canonical in enumerate(canonicals):
        if canonical in known:
            later.append(index)
        else:
            known.add(canonical)
            fresh.append(index)
    outcomes: list[str] = ["new"] * len(articles)
    if fresh:
        _insert_new(session, [articles[i] for i in fresh])
    for index in later:
        outcomes[index] = store_article(session, articles[index]).outcome
    return outcomes


def _person_ids(session: Session, names: set[str]) -> dict[str, int]:
    def known() -> dict[str, int]:
        query = select(models.Person.name, models.Person.id).where(models.Person.name.in_(names))
        return {name: person_id for name, person_id in session.execute(query)}

    found = known()
    missing = sorted(names - set(found))
    if missing:
        session.execute(
            insert(models.Person), [{"name": name, "search_name": fold(name)} for name in missing]
        )
        found = known()
    return found


def _insert_new(session: Session, articles: list[Article]) -> None:
    sites = {name: site_row(session, name).id for name in dict.fromkeys(a.site for a in articles)}
    people = _person_ids(session, {n for a in articles for n in (*a.authors, *a.editors)})
    now = models.utcnow()
    values: list[dict[str, Any]] = []
    for article in articles:
        row = models.Article(
            site_id=sites[article.site],
            canonical_url=article.canonical_url or article.url,
            version=1,
            content_hash=content_hash(article),
            first_seen_at=now,
            last_checked_at=now,
        )
        _copy_current(row, article)
        values.append({key: getattr(row, key) for key in _ARTICLE_COLUMNS})
    # A plain executemany (no RETURNING: SQLite would then insert row by row), then the ids by URL.
    session.connection().execute(insert(models.Article.__table__), values)
    canonicals = [row["canonical_url"] for row in values]
    by_url = dict(
        session.execute(
            select(models.Article.canonical_url, models.Article.id).where(
                models.Article.canonical_url.in_(canonicals)
            )
        ).all()
    )
    ids = [by_url[canonical] for canonical in canonicals]
    versions: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    for article_id, article, row in zip(ids, articles, values, strict=True):
        versions.append(
            {
                "article_id": article_id,
                "version": 1,
                "content_hash": row["content_hash"],
                "data": article.to_dict(),
                "unrepaired": None,
                "snapshot_id": None,
                "created_at": now,
            }
        )
        for role, names in (("author", article.authors), ("editor", article.editors)):
            for position, name in enumerate(dict.fromkeys(names)):
                roles.append(
                    {"article_id": article_id, "role": role, "position": position, "person_id": people[name]}
                )
    session.connection().execute(insert(models.ArticleVersion.__table__), versions)
    if roles:
        session.connection().execute(insert(models.ArticleRole.__table__), roles)
