"""Scale-out under kills: worker processes sharing one Redis frontier and one PostgreSQL archive.

    .venv/bin/python bench/scaleout_bench.py [--articles 2000] [--db postgresql+psycopg://postgres@127.0.0.1/test]

Serves `bench/crawl_bench.build_mirror(N)` locally and runs the scenarios of issue 14, each on a
fresh run id, an emptied archive and a private Redis (`redis-server` on a free 127.0.0.1 port,
no persistence, restarted in the last scenario): `union-archive crawl --redis` workers,
SIGKILLed and replaced as each scenario says. Prints articles stored, lost and duplicated, the
workers' exit codes and the wall time of each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, text  # noqa: E402

FAST = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "ROBOTSTXT_OBEY": False,
        "ARCHIVE_REDIS_LEASE_SECONDS": 4, "ARCHIVE_REDIS_HEARTBEAT_SECONDS": 1}
"""Politeness off; short leases, so a dead worker's pages return within seconds."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """A private redis-server on a free 127.0.0.1 port, without persistence (a restart loses all)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None

    def restart(self) -> None:
        self.kill()
        self.start()


@dataclass
class Worker:
    process: subprocess.Popen[str]
    killed: bool = False
    out: str = ""
    err: str = ""


@dataclass
class Cluster:
    """Workers of one run: `union-archive crawl people_acftu --redis URL --redis-run RUN`."""

    mirror_url: str
    db_url: str
    redis_url: str
    workdir: Path
    run: str = field(default_factory=lambda: f"run-{uuid.uuid4().hex[:8]}")
    workers: list[Worker] = field(default_factory=list)

    def command(self, *extra: str) -> list[str]:
        return [sys.executable, "-m", "cli", "--db", self.db_url, "crawl", "people_acftu", "--redis", self.redis_url,
                "--redis-run", self.run, *extra]

    def start(self, count: int = 1) -> None:
        for _ in range(count):
            data = self.workdir / f"worker-{len(self.workers)}"
            overrides = [arg for name, value in FAST.items() for arg in ("-s", f"{name}={value}")]
            command = self.command("--mirror", self.mirror_url, "--data-dir", str(data), "--no-progress", *overrides)
            process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            self.workers.append(Worker(process))

    def alive(self) -> list[Worker]:
        return [w for w in self.workers if not w.killed and w.process.poll() is None]

    def kill(self, worker: Worker) -> None:
        worker.process.send_signal(signal.SIGKILL)
        worker.killed = True
        worker.process.communicate()

    def wait(self, timeout: float = 120) -> list[int]:
        """Wait for every worker not killed; their exit codes (a hung worker raises TimeoutExpired)."""
        deadline = time.monotonic() + timeout
        for worker in self.workers:
            if not worker.killed and worker.process.returncode is None:
                worker.out, worker.err = worker.process.communicate(timeout=max(1.0, deadline - time.monotonic()))
        return [w.process.returncode for w in self.workers if not w.killed]

    def status(self) -> list[dict[str, object]]:
        """`crawl --status --json` of the run."""
        done = subprocess.run(self.command("--status", "--json"), cwd=REPO, capture_output=True, text=True, check=True)
        return list(json.loads(done.stdout))


def stored(db_url: str) -> tuple[int, int]:
    """Articles in the archive: rows, and distinct canonical URLs."""
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT count(*), count(DISTINCT canonical_url) FROM articles")).one()
    except Exception:  # the schema is not there yet: nothing stored
        return 0, 0
    finally:
        engine.dispose()
    return int(row[0]), int(row[1])


def wait_until(condition: Callable[[], bool], timeout: float = 120, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(step)


def at_share(cluster: Cluster, total: int, share: float) -> None:
    """Wait until `share` of the `total` articles are stored."""
    wait_until(lambda: stored(cluster.db_url)[0] >= share * total)


Scenario = Callable[[Cluster, RedisServer, int], None]


def no_kill(cluster: Cluster, redis: RedisServer, total: int) -> None:
    cluster.start(3)


def kill_one(cluster: Cluster, redis: RedisServer, total: int) -> None:
    cluster.start(3)
    at_share(cluster, total, 0.3)
    cluster.kill(cluster.alive()[0])


def kill_and_replace(cluster: Cluster, redis: RedisServer, total: int) -> None:
    cluster.start(3)
    at_share(cluster, total, 0.2)
    cluster.kill(random.choice(cluster.alive()))
    cluster.start()


def kill_newest_twice(cluster: Cluster, redis: RedisServer, total: int) -> None:
    cluster.start(3)
    for share in (0.4, 0.75):
        at_share(cluster, total, share)
        cluster.kill(cluster.alive()[-1])
        cluster.start()


def kill_all_and_restart(cluster: Cluster, redis: RedisServer, total: int) -> None:
    cluster.start(3)
    at_share(cluster, total, 0.5)
    for worker in cluster.alive():
        cluster.kill(worker)
    cluster.start(3)


def restart_redis(cluster: Cluster, redis: RedisServer, total: int) -> None:
    """Redis restarted (empty) mid-run: the workers stop; three new ones complete the run."""
    cluster.start(3)
    at_share(cluster, total, 0.4)
    redis.restart()
    stopped = time.monotonic()
    cluster.wait(timeout=30)
    print(f"  (workers stopped {time.monotonic() - stopped:.1f} s after the Redis restart)")
    cluster.start(3)


SCENARIOS: dict[str, Scenario] = {
    "3 workers, no kill": no_kill,
    "kill one at 30%": kill_one,
    "kill one at 20%, replace it": kill_and_replace,
    "kill the newest at 40% and 75%, replace each": kill_newest_twice,
    "kill all three at 50%, restart three": kill_all_and_restart,
    "Redis restarted at 40%, workers restarted": restart_redis,
}


def empty_archive(db_url: str) -> None:
    from archive.db import transaction
    from archive.models import Base

    with transaction(db_url) as session:
        session.execute(text(f"TRUNCATE {', '.join(t.name for t in Base.metadata.sorted_tables)} RESTART IDENTITY CASCADE"))


def run_scenario(scenario: Scenario, mirror_url: str, db_url: str, redis: RedisServer, total: int) -> dict[str, object]:
    empty_archive(db_url)
    with tempfile.TemporaryDirectory() as tmp:
        cluster = Cluster(mirror_url, db_url, redis.url, Path(tmp))
        started = time.monotonic()
        scenario(cluster, redis, total)
        codes = cluster.wait()
        wall = time.monotonic() - started
    rows, distinct = stored(db_url)
    return {"stored": distinct, "lost": total - distinct, "duplicated": rows - distinct, "wall": wall,
            "exit codes": " ".join(map(str, codes))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--pg", default=os.environ.get("UNION_ARCHIVE_TEST_PG", "host=127.0.0.1 user=postgres dbname=test"),
                        help="libpq connection string of a database to create the bench archive from")
    args = parser.parse_args()
    import psycopg

    from archive.db import get_engine
    from archive.schema import ensure_schema
    from bench.crawl_bench import build_mirror
    from mirror.server import MirrorServer

    name = f"ua_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.pg, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        args.db = f"postgresql+psycopg://{admin.info.user}@{admin.info.host}:{admin.info.port}/{name}"
    ensure_schema(get_engine(args.db))
    redis = RedisServer().start()
    try:
        with MirrorServer(build_mirror(args.articles)) as server:
            print(f"| scenario ({args.articles} articles) | stored | lost | duplicated | wall s | exit codes |")
            print("|---|---|---|---|---|---|")
            for name, scenario in SCENARIOS.items():
                result = run_scenario(scenario, server.url, args.db, redis, args.articles)
                print(f"| {name} | {result['stored']} | {result['lost']} | {result['duplicated']} | "
                      f"{result['wall']:.1f} | {result['exit codes']} |", flush=True)
    finally:
        redis.kill()
        get_engine(args.db).dispose()
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
