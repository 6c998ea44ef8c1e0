"""Crawl commands misused or run against each other (issue 13): one-line errors, non-zero exits,
one crawl per archive whatever the data directory, runs left `running` by a killed crawl marked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archive import models
from archive.db import get_engine, transaction
from scraper.crawl import archive_lock
from tests.hostile.server import hostile_site

REPO = Path(__file__).resolve().parents[2]
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0")


def cli(db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", "--db", db_url, *args], cwd=REPO, capture_output=True, text=True,
        timeout=120, check=False,
    )


def test_crawl_generic_points_to_crawl_site(tmp_path: Path) -> None:
    result = cli(f"sqlite:///{tmp_path / 'a.sqlite'}", "crawl", "generic", "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: generic crawls any one site from its URL: use `union-archive crawl-site URL`"
    )


def test_crawl_site_of_a_missing_start_url_fails_with_the_reason(tmp_path: Path) -> None:
    with hostile_site() as root:
        result = cli(f"sqlite:///{tmp_path / 'a.sqlite'}", "crawl-site", f"{root}no-such-page.html", "--no-progress", *FAST)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.strip().splitlines()[-1] == f"error: could not crawl {root}no-such-page.html: HTTP 404 from server"
    assert "Traceback" not in result.stderr


def test_one_crawl_per_archive_whatever_the_data_directory(db_url: str, tmp_path: Path) -> None:
    get_engine(db_url)  # the archive exists
    holder = archive_lock(db_url, tmp_path / "data-1" / "crawl.lock").acquire()
    try:
        result = cli(db_url, "crawl", "people_acftu", "--data-dir", str(tmp_path / "data-2"), "--mirror", "http://127.0.0.1:9", *FAST)
    finally:
        holder.release()
    assert result.returncode == 3, result.stderr[-2000:]
    assert "another crawl is running" in result.stderr
    assert "not starting a second run" in result.stderr


def test_runs_a_killed_crawl_left_running_are_marked_killed(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    with transaction(db_url) as session:
        session.add(models.CrawlRun(spider="people_acftu", status="running"))
    with hostile_site() as root:
        result = cli(db_url, "crawl", "people_acftu", "--data-dir", str(tmp_path / "data"), "--mirror", root.rstrip("/"), *FAST)
    assert "note: 1 earlier run(s) of people_acftu left 'running' were killed; marked so" in result.stderr
    with transaction(db_url) as session:
        statuses = [status for (status,) in session.query(models.CrawlRun.status).order_by(models.CrawlRun.id)]
    assert statuses[0] == "killed" and len(statuses) == 2 and statuses[1] != "running"
