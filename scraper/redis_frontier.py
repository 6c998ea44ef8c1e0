"""The shared frontier of a scale-out run, on scrapy-redis: a request is leased, not gone.

scrapy-redis' `PriorityQueue` (a sorted set of serialized requests) and `RFPDupeFilter` (a set
of fingerprints) keep their keys and roles; what changes is the contract:

- `LeasedQueue.push` adds the fingerprint to the dupefilter set and the request to the queue in
  one Lua script (a request is never "seen" without being queued), unless it was seen already
  (or is `dont_filter`, as retries are: then it is queued whatever the set holds).
- `LeasedQueue.pop` moves the request into the run's lease set (`:leased`, fingerprint scored by
  its deadline; the request itself kept in `:lease-data` / `:lease-score`) in one script.
- `acknowledge` ends a lease once its outcome is in the archive (the fingerprint joins `:done`
  or `:failed`); `renew` pushes the deadlines of a live worker's leases on; `requeue_expired`
  (any live worker, on its heartbeat) puts the requests of expired leases back into the queue,
  past the dupefilter, which therefore never blocks a requeued lease.

Every member of the queue is the request's fingerprint (40 hex digits) followed by its
serialization, so a lease can be made and ended by fingerprint inside Redis.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from redis import Redis
from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue

FINGERPRINT_LENGTH = 40
KEY_PREFIX = "union-archive:%(spider)s:{run}"
RUN_KEYS = ("requests", "dupefilter", "leased", "lease-data", "lease-score", "done", "failed", "workers", "meta",
            "stats")

PUSH = """
local added = redis.call('SADD', KEYS[2], ARGV[1])
if added == 1 or ARGV[4] == '1' then
  redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
  return 1
end
return 0
"""
POP = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
local fp = string.sub(item[1], 1, tonumber(ARGV[2]))
redis.call('ZADD', KEYS[2], ARGV[1], fp)
redis.call('HSET', KEYS[3], fp, item[1])
redis.call('HSET', KEYS[4], fp, item[2])
redis.call('SREM', KEYS[5], fp)
redis.call('SREM', KEYS[6], fp)
return item[1]
"""
ACKNOWLEDGE = """
for i, fp in ipairs(ARGV) do
  if redis.call('ZREM', KEYS[1], fp) == 1 then
    redis.call('HDEL', KEYS[2], fp)
    redis.call('HDEL', KEYS[3], fp)
  end
  redis.call('SADD', KEYS[4], fp)
end
return #ARGV
"""
REQUEUE = """
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for i, fp in ipairs(expired) do
  local member = redis.call('HGET', KEYS[2], fp)
  if member then
    redis.call('ZADD', KEYS[4], redis.call('HGET', KEYS[3], fp) or 0, member)
  end
  redis.call('ZREM', KEYS[1], fp)
  redis.call('HDEL', KEYS[2], fp)
  redis.call('HDEL', KEYS[3], fp)
end
return #expired
"""


def run_prefix(spider: str, run: str) -> str:
    return KEY_PREFIX.format(run=run) % {"spider": spider}


@dataclass(frozen=True, slots=True)
class RunKeys:
    """The Redis keys of one spider's run (`union-archive:<spider>:<run>:<name>`)."""

    prefix: str

    def __getitem__(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def all(self) -> list[str]:
        return [self[name] for name in RUN_KEYS]


def fingerprint(spider: Any, request: Request) -> str:
    """The request's fingerprint as Scrapy's fingerprinter makes it (hex), shared by queue and dupefilter."""
    return str(spider.crawler.request_fingerprinter.fingerprint(request).hex())


class LeasedQueue(PriorityQueue):
    """scrapy-redis' priority queue whose pop leases the request (see the module docstring)."""

    lease_seconds = 30.0

    def __init__(self, server: Redis, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.keys = RunKeys(self.key.rsplit(":", 1)[0])
        self.lease_seconds = spider.settings.getfloat("ARCHIVE_REDIS_LEASE_SECONDS")
        self._push = server.register_script(PUSH)
        self._pop = server.register_script(POP)

    def _encode_request(self, request: Request) -> bytes:
        return fingerprint(self.spider, request).encode() + super()._encode_request(request)

    def _decode_request(self, encoded_request: bytes) -> Request:
        request = super()._decode_request(encoded_request[FINGERPRINT_LENGTH:])
        request.meta["archive_lease"] = encoded_request[:FINGERPRINT_LENGTH].decode()
        return request

    def push(self, request: Request) -> None:
        self.push_new(request)

    def push_new(self, request: Request) -> bool:
        """Queue the request unless its fingerprint was seen (always when `dont_filter`); whether it was."""
        data = self._encode_request(request)
        keys = [self.key, self.keys["dupefilter"]]
        forced = "1" if request.dont_filter else "0"
        return bool(self._push(keys=keys, args=[data[:FINGERPRINT_LENGTH], -request.priority, data, forced]))

    def pop(self, timeout: int = 0) -> Request | None:
        keys = [self.key, self.keys["leased"], self.keys["lease-data"], self.keys["lease-score"],
                self.keys["done"], self.keys["failed"]]
        data = self._pop(keys=keys, args=[time.time() + self.lease_seconds, FINGERPRINT_LENGTH])
        return self._decode_request(data) if data else None


class LeaseDupeFilter(RFPDupeFilter):
    """scrapy-redis' dupefilter with the queue's fingerprints; only reads the set (the queue's push
    adds to it, atomically with the request)."""

    spider: Any = None

    @classmethod
    def from_spider(cls, spider: Any) -> LeaseDupeFilter:
        dupefilter = super().from_spider(spider)
        dupefilter.spider = spider
        return dupefilter  # type: ignore[return-value]

    def request_fingerprint(self, request: Request) -> str:
        return fingerprint(self.spider, request)

    def request_seen(self, request: Request) -> bool:
        return bool(self.server.sismember(self.key, self.request_fingerprint(request)))


class Leases:
    """Ending, renewing and requeueing the leases of one run."""

    def __init__(self, server: Redis, keys: RunKeys, lease_seconds: float) -> None:
        self.server = server
        self.keys = keys
        self.lease_seconds = lease_seconds
        self._acknowledge = server.register_script(ACKNOWLEDGE)
        self._requeue = server.register_script(REQUEUE)

    def acknowledge(self, fingerprints: list[str], failed: bool = False) -> None:
        if fingerprints:
            keys = [self.keys["leased"], self.keys["lease-data"], self.keys["lease-score"],
                    self.keys["failed" if failed else "done"]]
            self._acknowledge(keys=keys, args=fingerprints)

    def renew(self, fingerprints: list[str]) -> None:
        if fingerprints:
            deadline = time.time() + self.lease_seconds
            self.server.zadd(self.keys["leased"], dict.fromkeys(fingerprints, deadline), xx=True)

    def requeue_expired(self) -> int:
        keys = [self.keys["leased"], self.keys["lease-data"], self.keys["lease-score"], self.keys["requests"]]
        return int(self._requeue(keys=keys, args=[time.time()]))


@dataclass(frozen=True, slots=True)
class RunStatus:
    spider: str
    queued: int
    leased: int
    done: int
    failed: int
    workers: list[tuple[str, float]]
    """Live workers and the seconds since their last heartbeat."""
    state: str
    """`running`, `finished` (closed by a worker) or `not started`."""


def run_status(server: Redis, spider: str, run: str, heartbeat_ttl: float) -> RunStatus:
    keys = RunKeys(run_prefix(spider, run))
    now = time.time()
    pipe = server.pipeline()
    pipe.zcard(keys["requests"]).zcard(keys["leased"]).scard(keys["done"]).scard(keys["failed"])
    pipe.zrangebyscore(keys["workers"], now - heartbeat_ttl, "+inf", withscores=True)
    pipe.hgetall(keys["meta"])
    queued, leased, done, failed, workers, meta = pipe.execute()
    state = "finished" if b"closed_by" in meta else "running" if meta else "not started"
    live = [(name.decode(), round(now - beat, 1)) for name, beat in workers]
    return RunStatus(spider, queued, leased, done, failed, live, state)


def connect(url: str) -> Redis:
    """A client of the Redis at `url`, checked (`redis.RedisError` when it is unreachable)."""
    server = Redis.from_url(url, socket_timeout=5, socket_connect_timeout=3)
    server.ping()
    return server


def run_spiders(server: Redis, run: str) -> list[str]:
    """The spiders that have keys for the run in this Redis."""
    pattern = run_prefix("*", run) + ":meta"
    return sorted({key.decode().split(":")[1] for key in server.scan_iter(match=pattern)})
