"""Two crawler processes share one scrapy-redis frontier on the real Redis at 127.0.0.1:6379."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine, text

from mirror.server import MirrorServer
from tests.e2e.conftest import REPO
from tests.support import unavailable

REDIS_URL = os.environ.get("UNION_ARCHIVE_TEST_REDIS", "redis://127.0.0.1:6379/0")


@pytest.fixture()
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:  # pragma: no cover - CI starts Redis
        unavailable(f"Redis is not running at {REDIS_URL}: {exc}")
    yield client
    client.close()


def scrapy_worker(mirror_url: str, db_url: str, run_id: str, data_dir: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable, "-m", "scrapy", "crawl", "people_acftu",
        "-s", f"ARCHIVE_MIRROR={mirror_url}", "-s", f"ARCHIVE_DB={db_url}", "-s", f"ARCHIVE_DATA_DIR={data_dir}",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"ARCHIVE_REDIS_URL={REDIS_URL}",
        "-s", f"ARCHIVE_REDIS_RUN={run_id}",
    ]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def cli_worker(mirror_url: str, db_url: str, run_id: str, data_dir: Path) -> subprocess.Popen[str]:
    command = [
        sys.executable, "-m", "cli", "--db", db_url, "crawl", "people_acftu", "--mirror", mirror_url,
        "--data-dir", str(data_dir), "--redis", REDIS_URL, "--redis-run", run_id,
        "-s", "AUTOTHROTTLE_ENABLED=False",
    ]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_workers_fetch_each_page_once_and_store_each_article_once(
    mirror_server: MirrorServer, redis_client: redis.Redis, tmp_path: Path
) -> None:
    run_id = f"test-{uuid.uuid4().hex[:8]}"
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    try:
        workers = [
            scrapy_worker(mirror_server.url, db_url, run_id, tmp_path / "worker-1"),
            cli_worker(mirror_server.url, db_url, run_id, tmp_path / "worker-2"),
        ]
        for process in workers:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr[-2000:]
        keys = {k.decode() for k in redis_client.keys(f"union-archive:people_acftu:{run_id}:*")}
        assert f"union-archive:people_acftu:{run_id}:dupefilter" in keys
    finally:
        for key in redis_client.keys(f"union-archive:people_acftu:{run_id}:*"):
            redis_client.delete(key)

    fetched = Counter(entry["url"] for entry in mirror_server.mirror.log if not entry["url"].endswith("robots.txt"))
    retried = "http://acftu.people.com.cn/n1/2023/1230/c67502-40148500.html"
    assert fetched.pop(retried) == 3  # the 500 page: one request and two retries, by one worker
    assert set(fetched.values()) == {1}
    assert len(fetched) == 9  # two list pages, five articles, one malformed page, the 12-28 article's picture

    engine = create_engine(db_url)
    with engine.connect() as connection:
        articles = connection.execute(text("SELECT count(*), count(DISTINCT canonical_url) FROM articles")).one()
        failures = connection.execute(text("SELECT count(*) FROM failures")).scalar_one()
    engine.dispose()
    assert tuple(articles) == (5, 5)
    assert failures == 2
