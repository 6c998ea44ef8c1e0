"""Crawl runs that several scale-out workers share: one `crawl_runs` row per Redis run id.

Every worker of a run opens it with `open_run(..., redis_run=ID)`: the first creates the row,
the others join it (a unique index on spider and run id settles a race between two starting
at once). The row stays `running` while any worker works; the last one to finish closes it
(`archive.health.close_run`). A row left `running` (its workers killed) or closed unfinished marks
the run unfinished for the resume decision (`archive.frontier`); `walk_all` makes the run walk
every list page again (set when a run's shared frontier was lost, `mark_walk_all`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from archive import models
from archive.db import transaction


@dataclass(frozen=True, slots=True)
class OpenedRun:
    id: int
    joined: bool
    """The row existed: this worker joined a run another started (now or before)."""
    previous_status: str | None = None
    """The status of the joined row when this worker joined it."""


def open_run(db_url: str | None, spider: str, since: date | None, redis_run: str | None = None) -> OpenedRun:
    """Create the run's row, or join the one of `redis_run` (set back to `running` unless finished)."""
    if redis_run:
        joined = _join(db_url, spider, redis_run)
        if joined is not None:
            return joined
    try:
        with transaction(db_url) as session:
            run = models.CrawlRun(spider=spider, since=since, redis_run=redis_run or None)
            session.add(run)
            session.flush()
            return OpenedRun(run.id, joined=False)
    except IntegrityError:
        joined = _join(db_url, spider, str(redis_run))
        if joined is None:
            raise
        return joined


def _join(db_url: str | None, spider: str, redis_run: str) -> OpenedRun | None:
    with transaction(db_url) as session:
        run = session.scalars(
            select(models.CrawlRun).where(models.CrawlRun.spider == spider, models.CrawlRun.redis_run == redis_run)
        ).first()
        if run is None:
            return None
        previous = run.status
        if previous != "finished":
            run.status = "running"
        return OpenedRun(run.id, joined=True, previous_status=previous)


def mark_walk_all(db_url: str | None, run_id: int) -> None:
    """The run walks every list page again (its shared frontier was lost)."""
    with transaction(db_url) as session:
        session.execute(update(models.CrawlRun).where(models.CrawlRun.id == run_id).values(walk_all=True))
