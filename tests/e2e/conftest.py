"""End-to-end fixtures: the demo mirror on 127.0.0.1 and helpers to run the real commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mirror.server import DEMO_ROOT, Mirror, MirrorServer

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture()
def mirror_server() -> Iterator[MirrorServer]:
    with MirrorServer(Mirror(DEMO_ROOT)) as server:
        yield server


def data_dir_for(db_url: str) -> Path:
    """The data directory (WARC files, logs, lock) beside a test's SQLite file, never in the checkout."""
    if db_url.startswith("sqlite:///"):
        return Path(db_url.removeprefix("sqlite:///")).parent / "data"
    return Path(tempfile.gettempdir()) / "union-archive-test-data"


def run_scrapy(spider: str, mirror_url: str, db_url: str, *settings: str) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl SPIDER` from the project root, as a user runs it, against the mirror."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-s", f"ARCHIVE_MIRROR={mirror_url}", "-s", f"ARCHIVE_DB={db_url}",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=INFO",
        "-s", f"ARCHIVE_DATA_DIR={data_dir_for(db_url)}",
    ]
    for setting in settings:
        command += ["-s", setting]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UNION_ARCHIVE", "SCRAPY_"))}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)


def cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real `union-archive` command in a subprocess."""
    command = [sys.executable, "-m", "cli", "--db", db_url, *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


def cli_json(db_url: str, *args: str) -> Any:
    result = cli(db_url, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# Scheduled-crawl tests: settings that make the demo site's behaviour exact and fast.
FAST_CRAWL = (
    "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0",
    "-s", "ARCHIVE_FETCH_FAILURE_RETRIES=0",
)
RECHECK_ALL = ("-s", "ARCHIVE_RECHECK_DAYS=100000", "-s", "ARCHIVE_RECHECK_INTERVAL_HOURS=0")


def crawl_cli(db_url: str, mirror_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`union-archive crawl ... --json` against the mirror, as cron runs it."""
    command = [
        sys.executable, "-m", "cli", "--db", db_url, "crawl", "--json", "--no-progress",
        "--mirror", mirror_url, "--data-dir", str(data_dir), *FAST_CRAWL, *args,
    ]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)


def mirror_requests(server: MirrorServer) -> list[str]:
    """What the mirror was asked for since the last `clear_requests`, sorted."""
    return sorted(entry["url"] for entry in server.mirror.log)


def clear_requests(server: MirrorServer) -> None:
    server.mirror.log.clear()
