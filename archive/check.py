"""Does the archive hold together? What `union-archive check` verifies, and what `--repair` mends.

- Versions: every article has its current version, its versions are numbered 1 to the current
  one, and its content hash is that version's (and that version's data hashes to it).
- Rows: every article row is the copy of its current version the store writes (search forms and
  filter keys included: `archive.store.prepared.row_values`), and its roles are that version's
  authors and editors; every person's search name is the folded name.
- References: no version, role or article points at a row that is not stored.
- The search index holds every article, as its search forms (`archive.searchindex.problems`).

`repair` rewrites the article rows and roles that are not copies of their current version and the
people's search names, then rebuilds the search index; what it cannot mend (missing versions or
rows) is reported again by the next check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, func, select

from archive import models, searchindex
from archive.problems import Problem, of_ids, of_query
from archive.searchkey import fold
from archive.store.articles import set_roles, update_rows
from archive.store.prepared import Prepared, hash_content, prepare, role_names
from archive.store.versions import ROW_COLUMNS, full
from core.article import Article

CHUNK = 500
_ARTICLES = models.Article.__table__
_VERSIONS = models.ArticleVersion.__table__
_ROLES = models.ArticleRole.__table__
_PEOPLE = models.Person.__table__
_SITES = models.Site.__table__
_SNAPSHOTS = models.Snapshot.__table__
_CURRENT = and_(_VERSIONS.c.article_id == _ARTICLES.c.id, _VERSIONS.c.version == _ARTICLES.c.version)
_COPIED = [
    "url", "title", "pretitle", "subtitle", "source", "source_url", "published_at", "published_utc", "body",
    "images", "channel", "encoding", "repairs", "source_key", "channel_key",
]  # fmt: skip
"""The article row's columns that copy its current version (`row_values`)."""

ROW_DIFFERS = "articles whose row is not a copy of their current version (filter keys included)"
ROLES_DIFFER = "articles whose roles are not their current version's authors and editors"
HASH_DIFFERS = "articles whose current version's data does not hash to its content hash"
NOT_AN_ARTICLE = "articles whose current version's data is not an article"
PERSON_KEY = "people whose search name is not their folded name (ids of the people)"

Progress = Callable[[int], None]
"""Called with the number of articles checked since the last call."""


@dataclass(slots=True)
class CheckReport:
    counts: dict[str, int]
    problems: list[Problem]
    repaired: dict[str, int] | None = None
    """What `repair` did, when it ran."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """One line: the archive's counts, or how many problems were found."""
        if self.problems:
            return f"archive check: {_n(len(self.problems), 'problem')} found"
        c = self.counts
        return (
            f"archive ok: {_n(c['articles'], 'article')} ({_n(c['versions'], 'version')}), "
            f"{_n(c['people'], 'person', 'people')}, {_n(c['sites'], 'site')}, {_n(c['snapshots'], 'snapshot')}, "
            f"{_n(c['failures'], 'failure')}; search index: {_n(c['indexed'], 'article')}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "counts": self.counts,
            "problems": [problem.to_dict() for problem in self.problems],
            "repaired": self.repaired,
        }


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def counts(connection: Connection) -> dict[str, int]:
    tables = {
        "articles": _ARTICLES,
        "versions": _VERSIONS,
        "people": _PEOPLE,
        "sites": _SITES,
        "snapshots": _SNAPSHOTS,
        "failures": models.Failure.__table__,
    }
    found = {name: connection.scalar(select(func.count()).select_from(t)) or 0 for name, t in tables.items()}
    return {**found, "indexed": searchindex.entries(connection)}


def check(connection: Connection, progress: Progress | None = None) -> CheckReport:
    problems = [of_query(connection, what, query) for what, query in _reference_queries()]
    problems += _copy_problems(connection, progress)
    problems.append(of_ids(PERSON_KEY, (person_id for person_id, _ in _people_to_rekey(connection))))
    found = [problem for problem in problems if problem is not None]
    return CheckReport(counts(connection), found + searchindex.problems(connection))


def repair(connection: Connection) -> dict[str, int]:
    """Rewrite what is derived from the versions (rows, roles, people's keys), rebuild the index."""
    rewritten: set[int] = set()
    for chunk in _chunks(connection):
        rows = [copy for copy in chunk if copy.expected is not None and copy.row_differs]
        update_rows(
            connection, [{"row_id": copy.id, **copy.expected.values()} for copy in rows if copy.expected]
        )
        roles = [(copy.id, copy.expected.article) for copy in chunk if copy.expected and copy.roles_differ]
        set_roles(connection, roles, None, replace=True)
        rewritten.update([copy.id for copy in rows] + [article_id for article_id, _ in roles])
    people = _people_to_rekey(connection)
    if people:
        statement = _PEOPLE.update().where(_PEOPLE.c.id == bindparam("person_id"))
        connection.execute(statement, [{"person_id": i, "search_name": key} for i, key in people])
    searchindex.rebuild(connection)
    return {
        "articles_rewritten": len(rewritten),
        "people_rekeyed": len(people),
        "index_rebuilt": searchindex.entries(connection),
    }


def _reference_queries() -> list[tuple[str, Select[Any]]]:
    a, v, r = _ARTICLES, _VERSIONS, _ROLES
    numbered = (
        select(v.c.article_id, func.count().label("n"), func.min(v.c.version).label("low"))
        .group_by(v.c.article_id)
        .subquery()
    )
    lacking = select(a.c.id).where(~select(v.c.id).where(_CURRENT).exists())
    return [
        ("articles without their current version", lacking.order_by(a.c.id)),
        (
            "articles whose versions are not numbered 1 to the current one",
            select(a.c.id)
            .join(numbered, numbered.c.article_id == a.c.id)
            .where((numbered.c.n != a.c.version) | (numbered.c.low != 1))
            .order_by(a.c.id),
        ),
        (
            "articles whose content hash is not their current version's",
            select(a.c.id).join(v, _CURRENT).where(v.c.content_hash != a.c.content_hash).order_by(a.c.id),
        ),
        ("articles of no stored site", _orphans(a.c.id, a.c.site_id, _SITES.c.id)),
        ("versions of no stored article (ids of the versions)", _orphans(v.c.id, v.c.article_id, a.c.id)),
        (
            "versions whose snapshot is not stored (ids of the versions)",
            _orphans(v.c.id, v.c.snapshot_id, _SNAPSHOTS.c.id),
        ),
        ("roles of no stored article (their article ids)", _orphans(r.c.article_id, r.c.article_id, a.c.id)),
        (
            "articles with roles naming no stored person",
            _orphans(r.c.article_id, r.c.person_id, _PEOPLE.c.id),
        ),
    ]


def _orphans(ids: Any, reference: Any, target: Any) -> Select[Any]:
    """`ids` of the rows whose (non-null) `reference` is no `target` row."""
    missing = ~select(target).where(target == reference).exists()
    return select(ids).where(reference.is_not(None), missing).distinct().order_by(ids)


@dataclass(slots=True)
class _Copy:
    """An article row against its current version."""

    id: int
    expected: Prepared | None
    """The current version as the store prepares it (None: its data is not an article)."""
    row_differs: bool = False
    roles_differ: bool = False
    hash_differs: bool = False


def _copy_problems(connection: Connection, progress: Progress | None) -> list[Problem | None]:
    problems = {what: Problem(what) for what in (ROW_DIFFERS, ROLES_DIFFER, HASH_DIFFERS, NOT_AN_ARTICLE)}
    for chunk in _chunks(connection):
        for copy in chunk:
            flags = {
                ROW_DIFFERS: copy.row_differs,
                ROLES_DIFFER: copy.roles_differ,
                HASH_DIFFERS: copy.hash_differs,
                NOT_AN_ARTICLE: copy.expected is None,
            }
            for what, found in flags.items():
                if found:
                    problems[what].note(copy.id)
        if progress:
            progress(len(chunk))
    return [problem if problem.count else None for problem in problems.values()]


def _chunks(connection: Connection) -> Iterator[list[_Copy]]:
    """Every article with a current version, compared with it, `CHUNK` at a time."""
    whole = list(dict.fromkeys([*(_ARTICLES.c[name] for name in _COPIED), *ROW_COLUMNS]))
    last = 0
    while True:
        rows = connection.execute(
            select(_ARTICLES.c.id, _VERSIONS.c.data, _VERSIONS.c.content_hash, _SITES.c.name.label("site"), *whole)
            .join(_VERSIONS, _CURRENT)
            .join(_SITES, _SITES.c.id == _ARTICLES.c.site_id)
            .where(_ARTICLES.c.id > last)
            .order_by(_ARTICLES.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        roles = _roles(connection, [row.id for row in rows])
        yield [_compare(row, roles.get(row.id, [])) for row in rows]
        last = rows[-1].id


def _roles(connection: Connection, article_ids: list[int]) -> dict[int, list[tuple[str, int, str]]]:
    query = (
        select(_ROLES.c.article_id, _ROLES.c.role, _ROLES.c.position, _PEOPLE.c.name)
        .join(_PEOPLE, _PEOPLE.c.id == _ROLES.c.person_id)
        .where(_ROLES.c.article_id.in_(article_ids))
        .order_by(_ROLES.c.article_id, _ROLES.c.role, _ROLES.c.position)
    )
    found: dict[int, list[tuple[str, int, str]]] = {}
    for article_id, role, position, name in connection.execute(query):
        found.setdefault(article_id, []).append((role, position, name))
    return found


def _compare(row: Any, roles: list[tuple[str, int, str]]) -> _Copy:
    data = full(row.data, row._mapping)
    try:
        expected = prepare(Article.from_dict(data))
    except (ValueError, KeyError, TypeError):
        return _Copy(row.id, None)
    values = expected.values()
    return _Copy(
        row.id,
        expected,
        row_differs=any(getattr(row, name) != values[name] for name in _COPIED),
        roles_differ=sorted(role_names(expected.article)) != roles,
        hash_differs=hash_content(data) != row.content_hash,
    )


def _people_to_rekey(connection: Connection) -> list[tuple[int, str]]:
    """(id, folded name) of the people whose search name is not their folded name."""
    rows = connection.execute(
        select(_PEOPLE.c.id, _PEOPLE.c.name, _PEOPLE.c.search_name).order_by(_PEOPLE.c.id)
    )
    return [(person_id, fold(name)) for person_id, name, key in rows if fold(name) != key]
