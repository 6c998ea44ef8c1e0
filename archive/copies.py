"""Reading reprint clusters: an article's other copies, one search result per story, how stories spread.

The clusters are written by `archive.reprints` as articles are stored. Here:
- `copies_of`: the other copies of an article (site, date, title, how similar), the original
  and why it was chosen;
- `window` / `collapse`: search fetches a wider window of result ids and keeps the first of
  each cluster (one indexed query per page), noting on it the other copies (`copies`, `also_on`:
  the other sites, `original_id`);
- `spread`: which sites' stories were copied to which sites, how many and how fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from archive import models
from archive.reprints import story_of
from core.reprints import shingle, verify

EXACT_OFFSET = 1000
"""Up to this offset a collapsed page is exact (the window starts at the first result); past it
the window starts at the page, and a copy of a story shown on an earlier page may show again."""

_A = models.Article
_L = models.ReprintLink


def window(limit: int, offset: int) -> tuple[int, int]:
    """(limit, offset) of the ids to fetch for a collapsed page of `limit` results at `offset`."""
    if offset <= EXACT_OFFSET:
        return 2 * (offset + limit) + 20, 0
    return 2 * limit + 20, offset


def collapse(
    session: Any, ids: Sequence[int], limit: int, offset: int
) -> tuple[list[int], dict[int, dict[str, Any]]]:
    """The page of `ids` (a `window` fetched at `window(limit, offset)`) with one result per
    cluster, the first; and for each kept id with copies: `copies`, `also_on`, `original_id`."""
    start = offset if offset <= EXACT_OFFSET else 0
    if not ids:
        return [], {}
    other = aliased(_L)
    query = (
        select(_L.article_id, _L.cluster_id, other.article_id, models.Site.name, models.ReprintCluster.original_id)
        .join(other, other.cluster_id == _L.cluster_id)
        .join(models.ReprintCluster, models.ReprintCluster.id == _L.cluster_id)
        .join(_A, _A.id == other.article_id)
        .join(models.Site, models.Site.id == _A.site_id)
        .where(_L.article_id.in_(list(ids)), _L.cluster_id.isnot(None))
    )
    cluster_of: dict[int, int] = {}
    sites: dict[int, dict[int, str]] = {}
    originals: dict[int, int | None] = {}
    for article_id, cluster_id, member, site, original in session.execute(query):
        cluster_of[article_id] = cluster_id
        sites.setdefault(cluster_id, {})[member] = site
        originals[cluster_id] = original
    kept: list[int] = []
    seen: set[int] = set()
    for article_id in ids:
        cluster = cluster_of.get(article_id)
        if cluster is None or cluster not in seen:
            kept.append(article_id)
            if cluster is not None:
                seen.add(cluster)
    page = kept[start : start + limit]
    notes: dict[int, dict[str, Any]] = {}
    for article_id in page:
        cluster = cluster_of.get(article_id)
        if cluster is None:
            continue
        members = sites[cluster]
        own = members[article_id]
        notes[article_id] = {
            "copies": len(members) - 1,
            "also_on": sorted({site for m, site in members.items() if m != article_id and site != own}),
            "original_id": originals[cluster],
        }
    return page, notes


def copies_of(connection: Connection, article_id: int) -> dict[str, Any] | None:
    """The cluster an article is in: its original and why, and the other copies, earliest first;
    None when it has no copy."""
    row = connection.execute(
        select(_L.cluster_id, models.ReprintCluster.original_id, models.ReprintCluster.reason)
        .join(models.ReprintCluster, models.ReprintCluster.id == _L.cluster_id)
        .where(_L.article_id == article_id)
    ).first()
    if row is None:
        return None
    cluster_id, original_id, reason = row
    query = (
        select(_A.id, models.Site.name, _A.published_at, _A.published_utc, _A.title, _A.url, _A.body)
        .join(_L, _L.article_id == _A.id)
        .join(models.Site, models.Site.id == _A.site_id)
        .where(_L.cluster_id == cluster_id)
    )
    rows = connection.execute(query).all()
    texts = {r.id: shingle(story_of(r.body or [])) for r in rows}
    this = texts.get(article_id)
    copies = [
        {
            "id": r.id,
            "site": r.name,
            "published_at": r.published_at,
            "title": r.title,
            "url": r.url,
            "similarity": round(verify(this, texts[r.id]).jaccard, 3) if this is not None else None,
            "original": r.id == original_id,
        }
        for r in sorted(rows, key=lambda r: (r.published_utc is None, r.published_utc or datetime.min, r.id))
        if r.id != article_id
    ]
    return {
        "cluster_id": cluster_id,
        "original_id": original_id,
        "is_original": original_id == article_id,
        "reason": reason,
        "copies": copies,
    }


def spread(connection: Connection, since: datetime | None = None) -> dict[str, Any]:
    """Which sites' stories (the originals' sites) were copied to which sites: stories, copies
    and the median delay in hours from the original's publication to the copy's; clusters whose
    original was published from `since` (naive UTC) on."""
    original = aliased(_A)
    query = (
        select(
            models.ReprintCluster.id,
            models.ReprintCluster.original_id,
            original.site_id,
            original.published_utc,
            _A.id,
            _A.site_id,
            _A.published_utc,
        )
        .join(original, original.id == models.ReprintCluster.original_id)
        .join(_L, _L.cluster_id == models.ReprintCluster.id)
        .join(_A, _A.id == _L.article_id)
    )
    if since is not None:
        query = query.where(original.published_utc >= since)
    names = {site_id: name for site_id, name in connection.execute(select(models.Site.id, models.Site.name))}
    routes: dict[tuple[str, str], dict[str, Any]] = {}
    outlets: dict[str, dict[str, Any]] = {}
    clusters: set[int] = set()
    for cluster_id, original_id, from_site, from_time, copy_id, to_site, to_time in connection.execute(query):
        clusters.add(cluster_id)
        source, target = names[from_site], names[to_site]
        outlet = outlets.setdefault(source, {"site": source, "stories": set(), "copies": 0, "sites": set(), "delays": []})
        outlet["stories"].add(cluster_id)
        if copy_id == original_id:
            continue
        route = routes.setdefault((source, target), {"from": source, "to": target, "stories": set(), "delays": []})
        route["stories"].add(cluster_id)
        outlet["copies"] += 1
        outlet["sites"].add(target)
        if from_time is not None and to_time is not None:
            hours = (to_time - from_time).total_seconds() / 3600
            route["delays"].append(hours)
            outlet["delays"].append(hours)
    return {
        "since": since.date().isoformat() if since is not None else None,
        "clusters": len(clusters),
        "outlets": [_finished(o, sites=True) for o in sorted(outlets.values(), key=lambda o: (-len(o["stories"]), o["site"]))],
        "routes": [_finished(r) for r in sorted(routes.values(), key=lambda r: (-len(r["stories"]), r["from"], r["to"]))],
    }


def _finished(entry: dict[str, Any], sites: bool = False) -> dict[str, Any]:
    delays = entry.pop("delays")
    entry["stories"] = len(entry["stories"])
    if sites:
        entry["sites"] = sorted(entry["sites"])
    entry["median_delay_hours"] = round(median(delays), 1) if delays else None
    return entry
