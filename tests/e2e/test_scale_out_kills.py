"""Scale-out that survives its workers (issue 14): real worker processes (`union-archive crawl
--redis`), a private redis-server, the PostgreSQL test archive and a 300-article mirror; workers
SIGKILLed at random moments and replaced, all killed and restarted, then Redis restarted mid-run.
Every article is stored exactly once, no worker hangs, exit codes and `--status` tell the truth."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.crawl_bench import build_mirror
from bench.scaleout_bench import Cluster, RedisServer, at_share, stored, wait_until
from mirror.server import MirrorServer
from tests.conftest import empty_archive
from tests.e2e.conftest import REPO
from tests.support import unavailable

ARTICLES = 300
LISTS = 6


@pytest.fixture(scope="module")
def mirror_300() -> Iterator[MirrorServer]:
    with MirrorServer(build_mirror(ARTICLES)) as server:
        yield server


@pytest.fixture()
def redis_server() -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:  # pragma: no cover - CI installs it
        unavailable("redis-server is not installed")
    server = RedisServer().start()
    yield server
    server.kill()


def run_rows(db_url: str) -> list[tuple[str, str | None]]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT status, redis_run FROM crawl_runs ORDER BY id")).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def assert_complete(cluster: Cluster, codes: list[int]) -> None:
    assert codes == [0] * len(codes), [w.err[-1500:] for w in cluster.workers if not w.killed]
    assert stored(cluster.db_url) == (ARTICLES, ARTICLES)
    assert run_rows(cluster.db_url) == [("finished", cluster.run)]
    assert cluster.status() == [{"spider": "people_acftu", "queued": 0, "leased": 0, "done": ARTICLES + LISTS,
                                 "failed": 0, "workers": [], "state": "finished"}]
    closers = [w.out for w in cluster.workers if "closed by this worker" in w.out]
    assert len(closers) == 1, [w.out for w in cluster.workers]


def test_workers_killed_and_replaced_lose_nothing(mirror_300: MirrorServer, redis_server: RedisServer,
                                                  pg_database: str, tmp_path: Path) -> None:
    empty_archive(pg_database)
    cluster = Cluster(mirror_300.url, pg_database, redis_server.url, tmp_path)
    cluster.start(3)
    for share in (random.uniform(0.1, 0.3), random.uniform(0.4, 0.6)):
        at_share(cluster, ARTICLES, share)
        cluster.kill(random.choice(cluster.alive()))
        cluster.start()
    assert_complete(cluster, cluster.wait(timeout=90))


def test_all_workers_killed_then_restarted_complete_the_run(mirror_300: MirrorServer, redis_server: RedisServer,
                                                             pg_database: str, tmp_path: Path) -> None:
    empty_archive(pg_database)
    cluster = Cluster(mirror_300.url, pg_database, redis_server.url, tmp_path)
    cluster.start(3)
    at_share(cluster, ARTICLES, random.uniform(0.3, 0.6))
    for worker in cluster.alive():
        cluster.kill(worker)
    assert run_rows(pg_database) == [("running", cluster.run)]
    wait_until(lambda: cluster.status()[0]["workers"] == [], timeout=10)  # the dead stop beating: gone in 6 s
    (status,) = cluster.status()
    assert (status["state"], status["queued"] + status["leased"] > 0) == ("running", True)
    cluster.start(3)
    assert_complete(cluster, cluster.wait(timeout=90))


def test_redis_restarted_mid_run_stops_the_workers_and_a_restart_completes(
    mirror_300: MirrorServer, redis_server: RedisServer, pg_database: str, tmp_path: Path
) -> None:
    empty_archive(pg_database)
    cluster = Cluster(mirror_300.url, pg_database, redis_server.url, tmp_path)
    cluster.start(3)
    at_share(cluster, ARTICLES, random.uniform(0.3, 0.6))
    redis_server.restart()
    codes = cluster.wait(timeout=30)
    assert codes == [1, 1, 1]
    assert all("Redis lost: this worker stopped" in w.out for w in cluster.workers), [w.out for w in cluster.workers]
    assert all("Traceback" not in w.err for w in cluster.workers)
    kept = stored(pg_database)
    assert kept[0] == kept[1] and kept[0] > 0
    first = len(cluster.workers)
    cluster.start(3)
    codes = cluster.wait(timeout=90)
    cluster.workers = cluster.workers[first:]
    assert codes[first:] == [0, 0, 0], [w.err[-1500:] for w in cluster.workers]
    assert stored(pg_database) == (ARTICLES, ARTICLES)
    assert run_rows(pg_database) == [("finished", cluster.run)]


def test_redis_unreachable_at_start_is_one_line_and_exit_2(tmp_path: Path) -> None:
    cluster = Cluster("http://127.0.0.1:9", f"sqlite:///{tmp_path / 'a.sqlite'}",
                      RedisServer().url, tmp_path)  # a free port nobody listens on
    done = subprocess.run(cluster.command("--data-dir", str(tmp_path)), cwd=REPO, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: Redis at {cluster.redis_url} is unreachable (")
    assert len(done.stderr.strip().splitlines()) == 1
