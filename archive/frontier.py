"""What a spider needs to know of the archive, read once when it opens.

Known article URLs (with publication time, last check and the validators of their latest
snapshot), pages that failed before, and whether the site's previous run ended unfinished, or the
current scale-out run lost its shared frontier (then the run walks every list page again: the
archive itself is the resume frontier).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, update

from archive import models
from archive.db import transaction


@dataclass(slots=True)
class Known:
    article_id: int
    url: str
    published_utc: datetime | None
    last_checked_at: datetime | None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(slots=True)
class Frontier:
    articles: dict[str, Known] = field(default_factory=dict)
    """By page URL and by canonical URL."""
    fetch_failures: dict[str, int] = field(default_factory=dict)
    """URL -> how many runs failed to fetch it (and it never became an article)."""
    failed: set[str] = field(default_factory=set)
    """Every URL with a recorded failure (fetch, parse or validate)."""
    last_failure: dict[str, str] = field(default_factory=dict)
    """URL -> the reason of its latest recorded failure."""
    resume: bool = False
    """The previous run of the site did not finish: walk all list pages again."""
    previous_status: str | None = None
    resume_since: date | None = None
    """The backfill bound of that unfinished run: the walk stops there too."""

    def known(self, url: str) -> bool:
        return url in self.articles or url in self.failed

    def due_for_recheck(self, now: datetime, days: float, interval_hours: float) -> list[Known]:
        """Articles published within `days` of `now` and not checked for `interval_hours`; only
        pages fetched over http(s) (an imported text dump's `text:` URL has nothing to fetch)."""
        if days <= 0:
            return []
        unique = {k.article_id: k for k in self.articles.values()}
        window = now - timedelta(days=days)
        checked_before = now - timedelta(hours=interval_hours)
        return sorted(
            (
                k for k in unique.values()
                if k.url.startswith(("http://", "https://"))
                and k.published_utc is not None and k.published_utc >= window
                and (k.last_checked_at is None or k.last_checked_at <= checked_before)
            ),
            key=lambda k: k.url,
        )


def load_frontier(db_url: str | None, site: str, current_run_id: int | None = None) -> Frontier:
    frontier = Frontier()
    with transaction(db_url) as session:
        rows = session.execute(
            select(
                models.Article.id, models.Article.url, models.Article.canonical_url,
                models.Article.published_utc, models.Article.last_checked_at,
            ).join(models.Site).where(models.Site.name == site)
        ).all()
        for row in rows:
            known = Known(row.id, row.url, row.published_utc, row.last_checked_at)
            frontier.articles[row.url] = known
            frontier.articles[row.canonical_url] = known
        validators = session.execute(
            select(models.Snapshot.url, models.Snapshot.etag, models.Snapshot.last_modified)
            .join(
                models.Article,
                or_(models.Snapshot.url == models.Article.url, models.Snapshot.url == models.Article.canonical_url),
            )
            .join(models.Site)
            .where(models.Site.name == site, models.Snapshot.status == 200)
            .order_by(models.Snapshot.id)
        ).all()
        for url, etag, last_modified in validators:
            if url in frontier.articles:
                frontier.articles[url].etag = etag
                frontier.articles[url].last_modified = last_modified
        failures = session.execute(
            select(models.Failure.url, models.Failure.stage, func.count(func.distinct(models.Failure.crawl_run_id)))
            .where(models.Failure.site == site)
            .group_by(models.Failure.url, models.Failure.stage)
        ).all()
        for url, stage, runs in failures:
            frontier.failed.add(url)
            if stage == "fetch" and url not in frontier.articles:
                frontier.fetch_failures[url] = int(runs)
        latest = select(func.max(models.Failure.id)).where(models.Failure.site == site).group_by(models.Failure.url)
        frontier.last_failure = dict(
            session.execute(select(models.Failure.url, models.Failure.reason).where(models.Failure.id.in_(latest))).all()
        )
        previous = select(models.CrawlRun.status, models.CrawlRun.since).where(models.CrawlRun.spider == site)
        if current_run_id is not None:
            previous = previous.where(models.CrawlRun.id < current_run_id)
        last = session.execute(previous.order_by(models.CrawlRun.id.desc()).limit(1)).first()
        if last is not None:
            frontier.previous_status = last.status
            frontier.resume = last.status != "finished"
            frontier.resume_since = last.since if frontier.resume else None
        current = session.get(models.CrawlRun, current_run_id) if current_run_id is not None else None
        if current is not None and current.walk_all:
            # A scale-out run whose shared frontier was lost (archive.runs): the run itself is unfinished.
            frontier.previous_status, frontier.resume = f"unfinished (run {current.redis_run})", True
    return frontier


def record_since(db_url: str | None, run_id: int, since: date) -> None:
    """Note the backfill bound a run took over from a killed one (see `Frontier.resume_since`)."""
    with transaction(db_url) as session:
        session.execute(update(models.CrawlRun).where(models.CrawlRun.id == run_id).values(since=since))
