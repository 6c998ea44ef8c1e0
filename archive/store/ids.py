"""Site and person ids by name: looked up, or inserted, for a batch at a time.

A `KnownIds` passed along remembers them across the batches of a crawl or an import.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Table, insert, select

from archive import models
from archive.searchkey import fold

_SITES = models.Site.__table__
_PEOPLE = models.Person.__table__


class KnownIds:
    """Site and person ids by name, remembered across the items of a batch.

    Ids met while an item is written are pending until `keep` (the item's writes stand) or `drop`
    (they were rolled back, and a row inserted for the item with them); `clear` forgets everything
    (the batch's transaction was rolled back)."""

    def __init__(self) -> None:
        self.sites: dict[str, int] = {}
        self.people: dict[str, int] = {}
        self._pending: list[tuple[dict[str, int], str, int]] = []

    def get(self, table: dict[str, int], name: str) -> int | None:
        found = table.get(name)
        if found is None:
            found = next((i for t, n, i in self._pending if t is table and n == name), None)
        return found

    def note(self, table: dict[str, int], name: str, found: int) -> None:
        self._pending.append((table, name, found))

    def keep(self) -> None:
        for table, name, found in self._pending:
            table[name] = found
        self._pending.clear()

    def drop(self) -> None:
        self._pending.clear()

    def clear(self) -> None:
        self.sites.clear()
        self.people.clear()
        self._pending.clear()


def site_ids(connection: Connection, names: Iterable[str], ids: KnownIds | None) -> dict[str, int]:
    """The id of each site name, inserting the sites not stored yet."""
    return _ids(connection, _SITES, list(names), ids, ids.sites if ids is not None else {})


def person_ids(connection: Connection, names: Iterable[str], ids: KnownIds | None) -> dict[str, int]:
    """The id of each person name, inserting the people not stored yet (with their folded name)."""
    return _ids(connection, _PEOPLE, list(names), ids, ids.people if ids is not None else {})


def _ids(
    connection: Connection, table: Table, names: list[str], ids: KnownIds | None, known: dict[str, int]
) -> dict[str, int]:
    found: dict[str, int] = {}
    for name in names:
        remembered = ids.get(known, name) if ids is not None else None
        if remembered is not None:
            found[name] = remembered
    missing = [name for name in dict.fromkeys(names) if name not in found]
    if not missing:
        return found
    query = select(table.c.name, table.c.id).where(table.c.name.in_(missing))
    looked_up: dict[str, int] = {name: row_id for name, row_id in connection.execute(query)}
    new = [name for name in missing if name not in looked_up]
    if new:
        rows = [
            {"name": name, "search_name": fold(name)} if table is _PEOPLE else {"name": name} for name in new
        ]
        inserted = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
        looked_up.update(zip(new, inserted.scalars(), strict=True))
    for name in missing:
        found[name] = looked_up[name]
        if ids is not None:
            ids.note(known, name, looked_up[name])
    return found
