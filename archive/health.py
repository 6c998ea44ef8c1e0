"""Run health: what a run did, how complete its new articles are, and what looks broken.

`summarize(stats)` turns a run's Scrapy stats into counts (requests, responses by status,
articles new / updated / unchanged, failures by stage) and field coverage (the share of new
articles with authors, a date, a source, editors). `alerts(current, history)` compares it with
the site's recent runs: a site that yields no articles, or whose coverage of a field drops
sharply (a template change), is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from archive import models
from archive.db import transaction
from core.article import Article

COVERAGE_FIELDS = ("authors", "published_at", "source", "editors")


def has_field(article: Article, name: str) -> bool:
    value = getattr(article, name)
    return bool(value) if not isinstance(value, str) else bool(value.strip())


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The health record of one run, from its stats."""
    new = int(stats.get("archive/articles_new", 0))
    prefix = "downloader/response_status_count/"
    return {
        "requests": int(stats.get("downloader/request_count", 0)),
        "responses": {k[len(prefix):]: int(v) for k, v in stats.items() if k.startswith(prefix)},
        "articles": {
            outcome: int(stats.get(f"archive/articles_{outcome}", 0)) for outcome in ("new", "updated", "unchanged")
        },
        "not_modified": int(stats.get("archive/not_modified", 0)),
        "article_links": int(stats.get("archive/article_links", 0)),
        "failures": {
            k[len("archive/failures_"):]: int(v) for k, v in stats.items() if k.startswith("archive/failures_")
        },
        "coverage": {
            name: (int(stats.get(f"archive/coverage/{name}", 0)) / new if new else None) for name in COVERAGE_FIELDS
        },
    }


@dataclass(frozen=True, slots=True)
class Thresholds:
    max_drop: float = 0.4
    """Alert when a field's coverage falls this much (absolute share) below the recent mean."""
    min_articles: int = 3
    """Runs with fewer new articles are neither judged nor used as a baseline."""
    history: int = 5
    """How many recent comparable runs make the baseline."""


def alerts(current: dict[str, Any], history: list[dict[str, Any]], limits: Thresholds = Thresholds()) -> list[str]:
    found = []
    articles = current["articles"]
    extracted = sum(articles.values()) + current.get("not_modified", 0)
    if current["article_links"] == 0 and extracted == 0:
        found.append("no articles: the list pages yielded no article links (layout change or blocked?)")
    broken = sum(n for stage, n in current["failures"].items() if stage in ("parse", "validate"))
    if extracted == 0 and broken:
        found.append(f"no articles: all {broken} article pages failed to parse or validate")
    new = articles["new"]
    if new < limits.min_articles:
        return found
    baseline_runs = [h for h in history if h["articles"]["new"] >= limits.min_articles][: limits.history]
    if not baseline_runs:
        return found
    for name in COVERAGE_FIELDS:
        shares = [h["coverage"][name] for h in baseline_runs if h["coverage"].get(name) is not None]
        share = current["coverage"][name]
        if not shares or share is None:
            continue
        baseline = sum(shares) / len(shares)
        if baseline - share >= limits.max_drop:
            found.append(
                f"coverage of {name} dropped to {share:.0%} of {new} new articles "
                f"from {baseline:.0%} in the last {len(shares)} runs (template change?)"
            )
    return found


def recent_health(db_url: str | None, spider: str, before_run_id: int, limit: int = 20) -> list[dict[str, Any]]:
    """Health records of the site's latest finished runs before this one, newest first."""
    with transaction(db_url) as session:
        rows = session.scalars(
            select(models.CrawlRun.health)
            .where(
                models.CrawlRun.spider == spider,
                models.CrawlRun.id < before_run_id,
                models.CrawlRun.status == "finished",
                models.CrawlRun.health.is_not(None),
            )
            .order_by(models.CrawlRun.id.desc())
            .limit(limit)
        ).all()
    return [dict(row) for row in rows if row]


def close_run(
    db_url: str | None,
    run_id: int,
    reason: str,
    stats: dict[str, Any],
    limits: Thresholds = Thresholds(),
    judge: bool = True,
) -> list[str]:
    """Record the run's end, stats and health; return its alerts (none when `judge` is off)."""
    spider_name = None
    with transaction(db_url) as session:
        run = session.get(models.CrawlRun, run_id)
        if run is not None:
            spider_name = run.spider
    current = summarize(stats)
    found = alerts(current, recent_health(db_url, spider_name, run_id), limits) if spider_name and judge else []
    current["alerts"] = found
    with transaction(db_url) as session:
        run = session.get(models.CrawlRun, run_id)
        if run is not None:
            run.finished_at = models.utcnow()
            run.status = reason
            run.stats = {k: v for k, v in stats.items() if isinstance(v, int | float | str)}
            run.health = current
    return found
