"""Taking results away: CSV and JSON Lines of a whole search (streamed), an Atom feed of any search."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator
from flask import Response, abort, request

from archive import exchange
from web.common import archive, filters_only, search_link, search_options

FEED_SIZE = 50
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold (lxml refuses them): removed from feed text."""


def _xml(text: str | None) -> str:
    return NOT_XML.sub("", text or "")


def _selected() -> Iterator[dict[str, Any]]:
    """Every article the current search selects, current version, in archive order."""
    query = request.args.get("q", "")
    filters = filters_only(search_options())
    selected = archive()
    try:
        selected.search(query, limit=0, **filters)  # a bad filter is a 400 now, not a broken stream
    except ValueError as exc:
        abort(400, str(exc))
    return selected.iter_export(query, **filters)


def _csv_lines(rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(exchange.CSV_COLUMNS)
    for data in rows:
        writer.writerow(exchange.csv_row(data))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _attachment(lines: Iterator[str], mimetype: str, filename: str) -> Response:
    response = Response(lines, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_csv() -> Response:
    return _attachment(_csv_lines(_selected()), "text/csv", "search.csv")


def export_jsonl() -> Response:
    lines = (exchange.dumps(data) + "\n" for data in _selected())
    return _attachment(lines, "application/x-ndjson", "search.jsonl")


def _when(published: str | None) -> datetime:
    """A result's date as an aware datetime (feeds need one); undated results get the epoch."""
    if published:
        try:
            value = datetime.fromisoformat(published)
        except ValueError:
            value = None
        if value is not None:
            return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(1970, 1, 1, tzinfo=UTC)


def feed() -> Response:
    """The newest `FEED_SIZE` matches of the search as an Atom feed."""
    query = request.args.get("q", "")
    try:
        result = archive().search(query, limit=FEED_SIZE, sort="date", **filters_only(search_options()))
    except ValueError as exc:
        abort(400, str(exc))
    base = request.host_url.rstrip("/")
    generator = FeedGenerator()
    generator.id(base + search_link("/feed"))
    generator.title(f"工会新闻档案: {_xml(query)}" if query else "工会新闻档案")
    generator.link(href=base + search_link("/"), rel="alternate")
    generator.link(href=base + search_link("/feed"), rel="self")
    dates = [_when(row["published_at"]) for row in result.results]
    generator.updated(max(dates) if dates else datetime(1970, 1, 1, tzinfo=UTC))
    for row, when in zip(reversed(result.results), reversed(dates), strict=True):
        entry = generator.add_entry()
        entry.id(f"{base}/article/{row['id']}")
        entry.title(_xml(row["title"]) or _xml(row["url"]))
        entry.link(href=f"{base}/article/{row['id']}")
        entry.updated(when)
        entry.published(when)
        entry.summary(_xml(row["snippet"]))
        for name in row["authors"]:
            entry.author(name=_xml(name))
    return Response(generator.atom_str(pretty=True), mimetype="application/atom+xml")


ROUTES = (
    ("/export.csv", export_csv),
    ("/export.jsonl", export_jsonl),
    ("/feed", feed),
)
