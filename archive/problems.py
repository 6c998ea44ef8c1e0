"""What `check` finds wrong in an archive: a kind of problem, how often, and where."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Executable

SAMPLE = 20
"""How many ids of a problem are listed."""


@dataclass(slots=True)
class Problem:
    what: str
    """What is wrong, for rows of one kind: `articles not in the search index`."""
    count: int = 0
    ids: list[int] = field(default_factory=list)
    """The first `SAMPLE` ids of the rows concerned (article ids unless `what` says otherwise)."""

    def note(self, row_id: int) -> None:
        self.count += 1
        if len(self.ids) < SAMPLE:
            self.ids.append(row_id)

    def line(self) -> str:
        listed = ", ".join(map(str, self.ids)) + (", ..." if self.count > len(self.ids) else "")
        return f"{self.what}: {self.count:,}" + (f" (ids {listed})" if self.ids else "")

    def to_dict(self) -> dict[str, Any]:
        return {"problem": self.what, "count": self.count, "ids": self.ids}


def of_ids(what: str, ids: Iterable[int]) -> Problem | None:
    """The problem of these rows, if there are any."""
    problem = Problem(what)
    for row_id in ids:
        problem.note(row_id)
    return problem if problem.count else None


def of_query(connection: Connection, what: str, query: Executable) -> Problem | None:
    """The problem of the rows whose ids a query returns, if it returns any."""
    return of_ids(what, connection.execute(query).scalars())
