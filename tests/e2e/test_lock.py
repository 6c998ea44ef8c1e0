"""`union-archive crawl --all` for cron: one run at a time, stale locks, exit codes, summary, log file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from mirror.server import MirrorServer
from tests.e2e.conftest import REPO

FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")


def command(db_url: str, data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "cli", "--db", db_url, "crawl", "--data-dir", str(data_dir), *args]


def run(db_url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(db_url, data_dir, *args), cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )


def wait_for_lock(lock: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().startswith("pid "):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    raise AssertionError("the first run never took the lock")


def test_second_concurrent_run_exits_at_once(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    data = tmp_path / "data"
    slow = ("--mirror", mirror_server.url, "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0.5")
    first = subprocess.Popen(
        command(db_url, data, "--all", *slow), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for_lock(tmp_path / "archive.sqlite.crawl-lock", first)
        started = time.monotonic()
        second = run(db_url, data, "--all", "--mirror", mirror_server.url, *FAST)
        took = time.monotonic() - started
        assert first.poll() is None, "the first run must still be going"
    finally:
        out, err = first.communicate(timeout=120)
    assert second.returncode == 3
    assert "another crawl is running (pid " in second.stderr
    assert "not starting a second run" in second.stderr
    assert second.stdout == ""
    assert took < 10
    assert f"pid {first.pid}," in second.stderr
    assert "people_acftu: " in out
    assert (tmp_path / "archive.sqlite.crawl-lock").read_text() == ""
    logs = list((data / "logs").glob("crawl-*.log"))
    assert len(logs) == 1
    assert "Spider closed (finished)" in logs[0].read_text()


def test_stale_lock_from_killed_run_is_taken_over(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    data = tmp_path / "data"
    slow = ("--mirror", mirror_server.url, "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=1")
    first = subprocess.Popen(
        command(db_url, data, "people_acftu", *slow), cwd=REPO,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
    )
    wait_for_lock(tmp_path / "archive.sqlite.crawl-lock", first)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert (tmp_path / "archive.sqlite.crawl-lock").read_text().startswith(f"pid {first.pid},")

    second = run(db_url, data, "people_acftu", "--mirror", mirror_server.url, *FAST)
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"took over a stale lock left by a run that was killed (pid {first.pid}," in second.stderr
    line = next(line for line in second.stdout.splitlines() if line.startswith("people_acftu:"))
    assert line.startswith("people_acftu: ok; ")
    assert "(finished)" in line


def test_exit_codes_for_usage_errors_and_failed_sites(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    data = tmp_path / "data"
    assert run(db_url, data).returncode == 2
    assert run(db_url, data, "people_acftu", "--all").returncode == 2
    unknown = run(db_url, data, "no_such_site")
    assert unknown.returncode == 2
    assert "unknown site(s): no_such_site" in unknown.stderr
    # Nothing listens on this port: every request fails, the site failed entirely.
    down = run(db_url, data, "people_acftu", "--mirror", "http://127.0.0.1:9", *FAST, "-s", "RETRY_TIMES=0")
    assert down.returncode == 1, down.stderr[-3000:]
    assert "people_acftu: FAILED; " in down.stdout
    assert "site(s) failed entirely: people_acftu" in down.stderr


def test_cron_example(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "--db", "sqlite:///x.sqlite", "cron-example", "--data-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# ")
    entry = [line for line in lines if line and not line.startswith("#") and "crawl --all" in line]
    assert len(entry) == 1
    assert entry[0].split()[:5] == ["17", "*", "*", "*", "*"]
    assert f"UNION_ARCHIVE_DATA={tmp_path}" in lines
