"""Facet counts of a search: site, source, author, year and month of its matches.

Counting every match of a word found in half the archive would read half the archive per page
view, so facets are counted over a bounded window: the newest `WINDOW` matches (highest ids, the
order the full-text index walks natively). When a search has more matches than that, the counts
are marked `approximate` and describe the window only. The window is taken with the same plan as
the search (`archive.searchplan`), so a facet never counts an article the search would not find.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from archive import models
from archive.query import parse
from archive.searchplan import Filters, plan
from core.sites.registry_builtin import BUILTIN

WINDOW = 2000
TOP = 10


def site_title(name: str) -> str:
    """A site's display title: the built-in portal's title, else its registry name (or host)."""
    portal = BUILTIN.portal(name)
    return portal.title if portal is not None else name


def _ranked(counts: Counter[str], top: int) -> list[dict[str, Any]]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [{"value": value, "count": count} for value, count in ordered]


def _window_ids(session: Session, query: str, filters: Filters) -> list[int]:
    """The newest `WINDOW + 1` matching ids (one more than the window: tells if it is full)."""
    parsed = parse(query)
    if parsed.unsearchable:
        return []
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # As in archive.search: keep the planner on the GIN index for common words.
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    found = plan(dialect, parsed, filters)
    return list(session.scalars(found.keys.order_by(found.key.desc()).limit(WINDOW + 1)))


def _authors(session: Session, ids: Iterable[int]) -> Counter[str]:
    rows = session.execute(
        select(models.Person.name)
        .join(models.ArticleRole, models.ArticleRole.person_id == models.Person.id)
        .where(models.ArticleRole.article_id.in_(list(ids)), models.ArticleRole.role == "author")
    ).scalars()
    return Counter(rows)


def facets(session: Session, query: str, filters: Filters | None = None, top: int = TOP) -> dict[str, Any]:
    """Counts per site (with its title), source, author, year and month over the search's window.

    `months` lists every month of the window in order (the timeline); the others the `top` values
    by count. `window` is how many matches were counted, `approximate` whether there were more."""
    ids = _window_ids(session, query, filters or Filters())
    approximate = len(ids) > WINDOW
    ids = ids[:WINDOW]
    rows = session.execute(
        select(models.Site.name, models.Article.source, models.Article.published_at)
        .join(models.Site, models.Site.id == models.Article.site_id)
        .where(models.Article.id.in_(ids))
    ).all()
    sites: Counter[str] = Counter(site for site, _, _ in rows)
    sources: Counter[str] = Counter(source for _, source, _ in rows if source)
    months: Counter[str] = Counter(published[:7] for _, _, published in rows if published and len(published) >= 7)
    years: Counter[str] = Counter()
    for month, count in months.items():
        years[month[:4]] += count
    return {
        "window": len(ids),
        "approximate": approximate,
        "sites": [{**entry, "title": site_title(entry["value"])} for entry in _ranked(sites, top)],
        "sources": _ranked(sources, top),
        "authors": _ranked(_authors(session, ids), top),
        "years": [{"value": y, "count": c} for y, c in sorted(years.items())],
        "months": [{"value": m, "count": c} for m, c in sorted(months.items())],
    }


def site_names(session: Session) -> list[dict[str, str]]:
    """The sites the archive holds, by name, with their display titles."""
    names = session.scalars(select(models.Site.name).order_by(models.Site.name))
    return [{"name": name, "title": site_title(name)} for name in names]
