"""A lossless backup of a whole archive, and its restore into an empty one (any backend).

`export --jsonl` carries current versions only; a backup carries every row of every table: all
versions with their text before repair, raw snapshots (bytes and headers), failures with their
bytes, crawl runs, people and roles, with their ids. The search index is not copied: it is made
again from the article rows on restore (`archive.searchindex.rebuild`).

The file is JSON Lines (gzip-compressed when its name ends in `.gz`): a header naming the
format and the schema revision, one line per row (`{"table": ..., "row": {...}}`, bytes as
base64, times as ISO text), and a closing line with the row counts, so a truncated backup is
refused rather than half restored. Given the image store (`<data dir>/images`), a backup carries
the archived image files too (issue 18): one line per file (`{"file": path, "body": base64}`)
after the rows, counted as `image_files`, written back into the image store on restore.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Date, DateTime, LargeBinary, Table, func, insert, select, text

from archive import models, searchindex
from archive.db import get_engine
from archive.images import STORE_PATH
from archive.models import Base
from archive.schema import current_revision

FORMAT = "union-archive-backup"
VERSION = 1
BATCH = 1000
IMAGE_FILES = "image_files"


class BackupError(ValueError):
    """A backup that cannot be restored here: not a backup, truncated, another schema, a target
    archive that is not empty."""


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _encode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = row[column.key]
        if value is not None and isinstance(column.type, LargeBinary):
            value = base64.b64encode(value).decode("ascii")
        elif isinstance(value, datetime | date):
            value = value.isoformat()
        out[column.key] = value
    return out


def _decode(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for column in table.columns:
        value = row.get(column.key)
        if value is not None:
            if isinstance(column.type, LargeBinary):
                value = base64.b64decode(value)
            elif isinstance(column.type, DateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                value = date.fromisoformat(value)
        out[column.key] = value
    return out


def _rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    query = select(table).order_by(*table.primary_key.columns)
    for row in connection.execution_options(yield_per=BATCH).execute(query).mappings():
        yield _encode(table, dict(row))


def backup(url: str | None, out: IO[str], images_root: Path | None = None) -> dict[str, int]:
    """Write every row of the archive at `url` to `out` (and the image files in `images_root`);
    the number of rows per table (and `image_files`)."""
    counts: dict[str, int] = {}
    with get_engine(url).connect() as connection:
        header = {"format": FORMAT, "version": VERSION, "revision": current_revision(connection)}
        out.write(json.dumps(header) + "\n")
        for table in _tables():
            counts[table.name] = 0
            for row in _rows(connection, table):
                out.write(json.dumps({"table": table.name, "row": row}, ensure_ascii=False) + "\n")
                counts[table.name] += 1
        if images_root is not None and images_root.is_dir():
            counts[IMAGE_FILES] = _write_image_files(connection, images_root, out)
    out.write(json.dumps({"end": True, "counts": counts}) + "\n")
    return counts


def _write_image_files(connection: Connection, root: Path, out: IO[str]) -> int:
    images = models.ArticleImage.__table__
    paths: set[str] = set()
    for path, thumb in connection.execute(select(images.c.path, images.c.thumb_path).where(images.c.outcome == "stored")):
        paths.update(name for name in (path, thumb) if name and STORE_PATH.fullmatch(name))
    written = 0
    for name in sorted(paths):
        if (root / name).is_file():
            body = base64.b64encode((root / name).read_bytes()).decode("ascii")
            out.write(json.dumps({"file": name, "body": body}) + "\n")
            written += 1
    return written


def _records(lines: Iterable[str], revision: str | None) -> Iterator[tuple[str, dict[str, Any]] | dict[str, int]]:
    """The backup's rows as (table, row), then its closing counts; `BackupError` when malformed."""
    it = iter(lines)
    try:
        header = json.loads(next(it))
    except (StopIteration, ValueError):
        raise BackupError("not a union-archive backup (no header line)") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("not a union-archive backup (no header line)")
    if header.get("revision") != revision:
        raise BackupError(f"the backup is of schema {header.get('revision')}, this archive is at {revision}")
    for number, line in enumerate(it, start=2):
        try:
            record = json.loads(line)
        except ValueError:
            raise BackupError(f"line {number} is not JSON") from None
        if record.get("end"):
            yield record["counts"]
            return
        if "file" in record:
            yield IMAGE_FILES, record
            continue
        yield record["table"], record["row"]
    raise BackupError("the backup ends early (no closing line): it was cut off")


def _require_empty(connection: Connection) -> None:
    for table in _tables():
        if connection.scalar(select(func.count()).select_from(table)):
            raise BackupError(f"restore needs an empty archive; this one has rows in {table.name}")


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: ids were inserted as given, so each id sequence continues after the largest."""
    if connection.dialect.name != "postgresql":
        return
    for table in _tables():
        if "id" in table.columns and table.columns["id"].autoincrement is not False:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def restore(url: str | None, lines: Iterable[str], images_root: Path | None = None) -> dict[str, int]:
    """Restore a backup into the (empty) archive at `url`, all or nothing; rows per table (its
    image files go into `images_root`, when given)."""
    tables = {table.name: table for table in _tables()}
    counts = dict.fromkeys(tables, 0)
    with get_engine(url).begin() as connection:
        _require_empty(connection)
        pending: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
        for record in _records(lines, current_revision(connection)):
            if isinstance(record, dict):
                _flush(connection, tables, pending)
                if IMAGE_FILES in record:
                    counts.setdefault(IMAGE_FILES, 0)
                if record != counts:
                    raise BackupError(f"the backup's closing line counts {record} rows, but it holds {counts}")
                break
            name, row = record
            if name == IMAGE_FILES:
                _restore_image_file(images_root, row)
                counts[IMAGE_FILES] = counts.get(IMAGE_FILES, 0) + 1
                continue
            if name not in tables:
                raise BackupError(f"the backup has a table this archive does not know: {name}")
            pending[name].append(_decode(tables[name], row))
            counts[name] += 1
            if len(pending[name]) >= BATCH:
                _flush(connection, tables, pending)
        _reset_sequences(connection)
        searchindex.rebuild(connection)
    return counts


def _restore_image_file(root: Path | None, record: dict[str, Any]) -> None:
    name = str(record.get("file"))
    if not STORE_PATH.fullmatch(name):
        raise BackupError(f"the backup has an image file outside the image store's layout: {name!r}")
    if root is not None:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(base64.b64decode(record["body"]))


def _flush(connection: Connection, tables: dict[str, Table], pending: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the pending rows, parents before children (rows come in the metadata's order)."""
    for name, table in tables.items():
        if pending[name]:
            connection.execute(insert(table), pending[name])
            pending[name] = []


def digests(url: str | None) -> dict[str, str]:
    """SHA-256 of each table's rows in id order, as a backup writes them: equal digests, equal archives."""
    found = {}
    with get_engine(url).connect() as connection:
        for table in _tables():
            digest = hashlib.sha256()
            for row in _rows(connection, table):
                digest.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8"))
            found[table.name] = digest.hexdigest()
    return found
