"""Scale-out crawling on scrapy-redis: several workers share one request queue and duplicate filter.

Set `ARCHIVE_REDIS_URL` (or `union-archive crawl --redis URL`) on every worker, with the same
`ARCHIVE_REDIS_RUN` id for workers that cooperate on one run; a new run id starts a fresh
frontier. Workers write to the same archive database (use PostgreSQL when they are on several
machines). Without `ARCHIVE_REDIS_URL` this add-on changes nothing.
"""

from __future__ import annotations

from scrapy.settings import BaseSettings

KEY_PREFIX = "union-archive:%(spider)s:{run}"


class RedisScaleOut:
    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("ARCHIVE_REDIS_URL")
        if not url:
            return
        run = settings.get("ARCHIVE_REDIS_RUN") or "default"
        prefix = KEY_PREFIX.format(run=run)
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="addon")
        settings.set("REDIS_URL", url, priority="addon")
        settings.set("SCHEDULER_QUEUE_KEY", prefix + ":requests", priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", prefix + ":dupefilter", priority="addon")
        # Keep the frontier when one worker finishes: the others may still be adding to it.
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.set("SCHEDULER_IDLE_BEFORE_CLOSE", settings.getint("ARCHIVE_REDIS_IDLE_SECONDS"), priority="addon")
