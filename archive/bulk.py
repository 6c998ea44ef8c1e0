"""Many rows of one table inserted as the driver's own `executemany`.

An import writes about fifteen rows per article (the row, its version, roles, the search entry,
reprint keys). Through `connection.execute(insert(table), dicts)` SQLAlchemy builds a parameter
dict per row and runs each value through its type's processor by name: about a fifth of a
million-article import's writer time. `BulkInsert` makes the statement once per dialect and the
rows as tuples, through the same processors (`TypeEngine.bind_processor`: JSON is serialized by
the engine's `json_serializer`, SQLite datetimes become SQLAlchemy's text form), so what is stored
is what `insert(table)` stores. Columns with a Python-side default must be given: nothing fills
them here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table

Processor = Callable[[Any], Any] | None


class BulkInsert:
    """`INSERT INTO table (columns...) VALUES (...)` for many rows at once."""

    def __init__(self, table: Table, columns: Sequence[str]) -> None:
        missing = [c.name for c in table.columns if c.default is not None and c.name not in columns]
        if missing:
            raise ValueError(f"{table.name}: columns with defaults must be given: {missing}")
        self.table = table
        self.columns = tuple(columns)
        self._compiled: dict[str, tuple[str, list[Processor]]] = {}

    def _statement(self, connection: Connection) -> tuple[str, list[Processor]]:
        dialect = connection.dialect
        found = self._compiled.get(dialect.name)
        if found is None:
            marker = "?" if dialect.paramstyle == "qmark" else "%s"
            quote = dialect.identifier_preparer.quote
            sql = (
                f"INSERT INTO {quote(self.table.name)} ({', '.join(quote(c) for c in self.columns)})"
                f" VALUES ({', '.join(marker for _ in self.columns)})"
            )
            processors = [
                self.table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in self.columns
            ]
            found = self._compiled[dialect.name] = (sql, processors)
        return found

    def run(self, connection: Connection, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert the rows (mappings holding at least `columns`); how many."""
        sql, processors = self._statement(connection)
        names = self.columns
        pairs = list(zip(names, processors, strict=True))
        values = [tuple(row[name] if p is None else p(row[name]) for name, p in pairs) for row in rows]
        if values:
            connection.exec_driver_sql(sql, values)
        return len(values)


@lru_cache(maxsize=64)
def bulk_insert(table: Table, columns: tuple[str, ...]) -> BulkInsert:
    """The `BulkInsert` of these columns (made once)."""
    return BulkInsert(table, columns)


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows that all hold the same keys (the columns): `BulkInsert` of the first row's."""
    if not rows:
        return 0
    return bulk_insert(table, tuple(rows[0])).run(connection, rows)
