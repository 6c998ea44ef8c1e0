"""Scale-out crawling on scrapy-redis: several workers share one request queue and duplicate filter.

Set `ARCHIVE_REDIS_URL` (or `union-archive crawl --redis URL`) on every worker, with the same
`ARCHIVE_REDIS_RUN` id for workers that cooperate on one run; a new run id starts a fresh
frontier. Workers write to the same archive database (use PostgreSQL when they are on several
machines). The queue leases what a worker takes (`scraper.redis_frontier`), the scheduler keeps
the worker until the run is done (`scraper.redis_worker`). Without `ARCHIVE_REDIS_URL` this add-on
changes nothing.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

from scraper.redis_frontier import KEY_PREFIX

REDIS_PARAMS = {"socket_timeout": 5, "socket_connect_timeout": 3, "retry_on_timeout": False}
"""Short timeouts: a lost Redis stops the worker in seconds (scrapy-redis' defaults wait 30 s a call)."""


class RedisScaleOut:
    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("ARCHIVE_REDIS_URL")
        if not url:
            return
        run = settings.get("ARCHIVE_REDIS_RUN") or "default"
        prefix = KEY_PREFIX.format(run=run)
        settings.set("SCHEDULER", "scraper.redis_worker.LeasingScheduler", priority="addon")
        settings.set("SCHEDULER_QUEUE_CLASS", "scraper.redis_frontier.LeasedQueue", priority="addon")
        settings.set("DUPEFILTER_CLASS", "scraper.redis_frontier.LeaseDupeFilter", priority="addon")
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("REDIS_PARAMS", REDIS_PARAMS, priority="addon")
        settings.set("SCHEDULER_QUEUE_KEY", prefix + ":requests", priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", prefix + ":dupefilter", priority="addon")
        # Keep the frontier when one worker finishes: the others may still be adding to it.
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
