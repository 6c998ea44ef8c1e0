"""`archive.bulk`: the driver's executemany stores exactly what `insert(table)` stores."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import delete, insert, select, text

from archive import models
from archive.bulk import BulkInsert, insert_rows
from archive.db import get_engine, transaction

_VERSIONS = models.ArticleVersion.__table__


def _row(version: int, data: Any, unrepaired: Any) -> dict[str, Any]:
    return {
        "article_id": 1,
        "version": version,
        "content_hash": f"h{version}",
        "data": data,
        "unrepaired": unrepaired,
        "snapshot_id": None,
        "created_at": datetime(2026, 12, 1, 16, 8, 16, 474388),
    }


def _stored(url: str) -> list[tuple[Any, ...]]:
    """The rows as the database holds them (JSON and dates as text: what was written)."""
    with get_engine(url).connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT version, content_hash, CAST(data AS TEXT), CAST(unrepaired AS TEXT),"
                    " snapshot_id, CAST(created_at AS TEXT) FROM article_versions ORDER BY version"
                )
            )
        ]


def test_bulk_rows_are_the_rows_insert_writes(db_url: str) -> None:
    rows = [
        _row(1, {"title": "职工\u3000“技能”", "body": ["第一段", "二"], "n": 3}, None),
        _row(2, {"authors": []}, {"title": "è\x81\x8cå·¥"}),
    ]
    with transaction(db_url) as session:
        session.add(models.Site(name="s"))
        session.flush()
        site_id = session.scalar(select(models.Site.id))
        session.add(models.Article(id=1, site_id=site_id, canonical_url="u", url="u", content_hash="h", title="t"))
        session.flush()
        session.connection().execute(insert(_VERSIONS), rows)
    through_insert = _stored(db_url)
    with transaction(db_url) as session:
        session.connection().execute(delete(_VERSIONS))
        assert insert_rows(session.connection(), _VERSIONS, rows) == 2
    assert _stored(db_url) == through_insert
    assert [row[1] for row in through_insert] == ["h1", "h2"]
    with get_engine(db_url).connect() as connection:
        data = connection.execute(select(_VERSIONS.c.data, _VERSIONS.c.unrepaired).order_by(_VERSIONS.c.version)).all()
    assert data[0] == (rows[0]["data"], None)
    assert data[1] == (rows[1]["data"], rows[1]["unrepaired"])


def test_a_column_with_a_default_must_be_given() -> None:
    with pytest.raises(ValueError, match=r"article_versions: columns with defaults must be given: \['created_at'\]"):
        BulkInsert(_VERSIONS, ["article_id", "version", "content_hash", "data"])
