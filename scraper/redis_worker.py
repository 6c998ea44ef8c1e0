"""One scale-out worker of a run: scrapy-redis' scheduler with leases, heartbeats and the run's end.

- A request the worker pops is leased (`scraper.redis_frontier`). It is acknowledged once the
  engine is done with it (downloaded, its callback or errback run, every request it yielded queued
  in Redis, every item handed to the pipelines) and the store pipeline has then committed
  (`scraper.signals.items_stored`): its outcome is in the archive, or its children in the queue.
- Every `ARCHIVE_REDIS_HEARTBEAT_SECONDS` the worker beats (`:workers`, a sorted set of last
  beats; a worker counts as live for three beats), renews its leases, requeues expired ones (a
  dead worker's) and adds its counters to the run's (`:stats`, for the run's health).
- The spider is kept open (`DontCloseSpider`) while the run's queue or leases are not empty:
  the run ends when the run is done. The worker that then closes first (`closed_by` in `:meta`)
  closes the run's archive row; every key of the finished run expires after
  `ARCHIVE_REDIS_TTL_SECONDS`.
- Redis failing mid-run stops the worker (reason `redis_lost`) after what it holds is stored; its
  leases are not acknowledged, so a restart fetches those pages again.

The verdict is left in the stats (`archive/redis_run_state`: closed, finished, continues, unfinished
or lost; `archive/redis_other_workers`) for `scraper.extensions.RunRecorder` and the CLI.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import Any, Self

from redis.exceptions import RedisError
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from scraper.items import PageFailure
from scraper.redis_frontier import Leases, RunKeys
from scraper.signals import items_stored

logger = logging.getLogger(__name__)


class FrontierLost(RedisError):
    """Redis answers, but the run's keys are gone: its frontier was lost with them."""

LIVE_BEATS = 3
COUNTED = ("archive/", "downloader/", "item_", "response_received_count")


class LeasingScheduler(Scheduler):
    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    # Opening and closing

    def open(self, spider: Any) -> None:
        super().open(spider)
        settings = self.crawler.settings
        self.keys = RunKeys(self.queue.key.rsplit(":", 1)[0])
        self.leases = Leases(self.server, self.keys, settings.getfloat("ARCHIVE_REDIS_LEASE_SECONDS"))
        self.beat_seconds = settings.getfloat("ARCHIVE_REDIS_HEARTBEAT_SECONDS")
        self.ttl_seconds = settings.getint("ARCHIVE_REDIS_TTL_SECONDS")
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:4]}"
        self.held: dict[Request, str] = {}
        self.failed: set[str] = set()
        self.pushed: dict[str, int] = {}
        self.lost: str | None = None
        self.closing = False
        self.first = bool(self._guarded(lambda: self.server.hsetnx(self.keys["meta"], "started", time.time())))
        self.acks_without_store = not settings.getbool("ARCHIVE_STORE_ENABLED")
        connect = self.crawler.signals.connect
        connect(self._acknowledge, signal=items_stored)
        connect(self._item_scraped, signal=signals.item_scraped)
        connect(self._spider_idle, signal=signals.spider_idle)
        connect(self._spider_opened, signal=signals.spider_opened)
        self._beat_loop = task.LoopingCall(self._beat)
        self._beat_loop.start(self.beat_seconds, now=True)

    def _spider_opened(self) -> None:
        """Link the Redis run to its archive row; a row that outlived its Redis state walks all lists."""
        from archive.db import resolve_url
        from archive.runs import mark_walk_all

        stats = self.crawler.stats
        run_id = stats.get_value("archive/run_id") if stats else None
        joined = stats.get_value("archive/run_joined") if stats else None
        if self.first and joined and run_id is not None and joined != "finished":
            logger.warning("run %s: its shared frontier is gone from Redis; walking every list page", self.keys.prefix)
            mark_walk_all(resolve_url(self.crawler.settings.get("ARCHIVE_DB") or None), int(run_id))
        if run_id is not None:
            self._guarded(lambda: self.server.hset(self.keys["meta"], "crawl_run", int(run_id)))

    def close(self, reason: str) -> None:
        self.closing = True
        if self._beat_loop.running:
            self._beat_loop.stop()
        super().close(reason)
        state, others = ("lost", 0) if self.lost else self._guarded(self._leave) or ("lost", 0)
        if stats := self.crawler.stats:
            stats.set_value("archive/redis_run_state", state)
            stats.set_value("archive/redis_other_workers", others)
            if state == "closed":
                stats.set_value("archive/run_totals", self._guarded(self.run_totals) or {})
        if state == "lost":
            logger.error("Redis lost (%s): worker stopped; what it stored stays, a restart completes the run",
                         self.lost)

    def _leave(self) -> tuple[str, int]:
        """Give back unacknowledged leases, sign off; the run's state as this worker leaves it."""
        fingerprints = list(self.held.values())
        if fingerprints:
            self.server.zadd(self.keys["leased"], dict.fromkeys(fingerprints, 0), xx=True)
            self.leases.requeue_expired()
        self._push_counters()
        self.server.zrem(self.keys["workers"], self.worker)
        others = len(self.live_workers())
        if not self.run_done():
            return ("continues" if others else "unfinished"), others
        closed = self.server.hsetnx(self.keys["meta"], "closed_by", self.worker)
        if closed:
            self._await_others()
        self.expire_run()
        return ("closed" if closed else "finished"), others

    def _await_others(self) -> None:
        """Let the run's other workers sign off (and add their last counters) before it is closed."""
        deadline = time.monotonic() + LIVE_BEATS * self.beat_seconds
        while self.live_workers() and time.monotonic() < deadline:
            time.sleep(0.2)

    def expire_run(self) -> None:
        """The finished run's keys go after `ARCHIVE_REDIS_TTL_SECONDS`."""
        pipe = self.server.pipeline()
        for key in self.keys.all():
            pipe.expire(key, self.ttl_seconds)
        pipe.execute()

    # The run

    def run_done(self) -> bool:
        pipe = self.server.pipeline()
        queued, leased, started = pipe.zcard(self.keys["requests"]).zcard(self.keys["leased"]).hexists(
            self.keys["meta"], "started").execute()
        if not started:
            raise FrontierLost("the run's keys are gone from Redis (restarted without its data?)")
        return queued == 0 and leased == 0

    def live_workers(self) -> list[str]:
        since = time.time() - LIVE_BEATS * self.beat_seconds
        return [w.decode() for w in self.server.zrangebyscore(self.keys["workers"], since, "+inf")]

    def run_totals(self) -> dict[str, int]:
        return {k.decode(): int(v) for k, v in self.server.hgetall(self.keys["stats"]).items()}

    def _spider_idle(self) -> None:
        if self.lost:
            return
        if self.held or not self._guarded(self.run_done, default=True):
            raise DontCloseSpider

    # Scheduling

    def enqueue_request(self, request: Request) -> bool:
        if self.lost:
            return False
        return bool(self._guarded(lambda: self._enqueue(request), default=False))

    def _enqueue(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if not self.queue.push_new(request):
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        return True

    def next_request(self) -> Request | None:
        if self.lost:
            return None
        request = self._guarded(super().next_request)
        if request is not None:
            self.held[request] = request.meta["archive_lease"]
        return request

    def has_pending_requests(self) -> bool:
        return not self.lost and bool(self._guarded(lambda: len(self) > 0, default=False))

    # Leases

    def _item_scraped(self, item: Any, response: Any) -> None:
        request = getattr(response, "request", None)
        if isinstance(item, PageFailure) and request is not None and "archive_lease" in request.meta:
            self.failed.add(request.meta["archive_lease"])

    def _acknowledge(self) -> None:
        """Acknowledge the leases of the requests the engine is done with (called when all that
        the store pipeline was given is committed)."""
        if self.lost or not self.held:
            return
        in_progress = self.crawler.engine._slot.inprogress if self.crawler.engine and self.crawler.engine._slot else set()
        finished = {request: fp for request, fp in self.held.items() if request not in in_progress}
        if not finished:
            return
        failed = [fp for fp in finished.values() if fp in self.failed]
        done = [fp for fp in finished.values() if fp not in self.failed]

        def acknowledge() -> bool:
            self.leases.acknowledge(done)
            self.leases.acknowledge(failed, failed=True)
            return True

        if self._guarded(acknowledge):
            for request in finished:
                del self.held[request]
            self.failed.difference_update(failed)

    def _beat(self) -> None:
        if self.lost:
            return
        if self.acks_without_store:
            self._acknowledge()

        def beat() -> None:
            if not self.server.hexists(self.keys["meta"], "started"):
                raise FrontierLost("the run's keys are gone from Redis (restarted without its data?)")
            self.server.zadd(self.keys["workers"], {self.worker: time.time()})
            self.leases.renew(list(self.held.values()))
            requeued = self.leases.requeue_expired()
            if requeued:
                logger.warning("requeued %d expired lease(s) of run %s", requeued, self.keys.prefix)
            self._push_counters()

        self._guarded(beat)
        slot = self.crawler.engine._slot if self.crawler.engine else None
        if slot is not None:
            slot.nextcall.schedule()  # pull requeued requests and re-check idleness now, not at the next 5 s tick

    def _push_counters(self) -> None:
        """Add this worker's counters since the last push to the run's (`:stats`)."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        current = {k: int(v) for k, v in stats.items()
                   if k.startswith(COUNTED) and isinstance(v, int) and not isinstance(v, bool)
                   and k not in ("archive/run_id",)}
        pipe = self.server.pipeline()
        for key, value in current.items():
            if value != self.pushed.get(key, 0):
                pipe.hincrby(self.keys["stats"], key, value - self.pushed.get(key, 0))
        pipe.execute()
        self.pushed = current

    # Redis failures

    def _guarded(self, call: Any, default: Any = None) -> Any:
        """`call()`, or `default` once Redis fails: the worker then stops (reason `redis_lost`)."""
        try:
            return call()
        except RedisError as exc:
            if not self.lost:
                self.lost = f"{type(exc).__name__}: {exc}"
                logger.error("Redis failed (%s); stopping this worker", self.lost)
                engine = self.crawler.engine
                if engine is not None and engine.spider is not None and not self.closing:
                    from twisted.internet import reactor

                    def stop() -> None:
                        deferred_from_coro(engine.close_spider_async(reason="redis_lost"))

                    reactor.callLater(0, stop)  # type: ignore[attr-defined]
            return default
