"""A crawl killed with SIGKILL and started again ends with exactly what an uninterrupted crawl stores."""

from __future__ import annotations

import html
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from archive.db import get_engine
from mirror.build_demo import HEADERS, HOST, LIST_TEMPLATE, render_article
from mirror.server import Mirror, MirrorServer, Recorded
from tests.e2e.conftest import FAST_CRAWL, REPO, cli, crawl_cli
from tests.e2e.demo_edits import new_article

PAGES = 6
PER_PAGE = 10


def build_site(mirror: Mirror) -> list[str]:
    """A 60-article channel on six list pages, newest first; returns the article URLs."""
    articles = [new_article(n, day=f"2023-{11 + n // 31:02d}-{1 + n % 30:02d}") for n in range(PAGES * PER_PAGE)]
    articles.sort(key=lambda a: a.published, reverse=True)
    for article in articles:
        mirror.add(Recorded(article.url, 200, dict(HEADERS), render_article(article).encode("gb18030")))
    for page in range(1, PAGES + 1):
        chunk = articles[(page - 1) * PER_PAGE : page * PER_PAGE]
        items = "\n".join(
            f'<li><a href="{a.path}">{html.escape(a.title)}</a><em>{a.published[:10]}</em></li>' for a in chunk
        )
        pager = " ".join(f'<a href="/GB/67502/index{"" if n == 1 else n}.html">{n}</a>' for n in range(1, PAGES + 1))
        name = "index.html" if page == 1 else f"index{page}.html"
        body = LIST_TEMPLATE.format(items=items, pager=pager).encode("gb18030")
        mirror.add(Recorded(f"http://{HOST}/GB/67502/{name}", 200, dict(HEADERS), body))
    mirror.add(Recorded(f"http://{HOST}/robots.txt", 200, {"Content-Type": "text/plain"}, b"User-agent: *\n"))
    return sorted(a.url for a in articles)


@pytest.fixture()
def big_site() -> Iterator[tuple[MirrorServer, list[str]]]:
    mirror = Mirror()
    urls = build_site(mirror)
    with MirrorServer(mirror) as server:
        yield server, urls


def stored_urls(db_file: Path) -> list[str]:
    if not db_file.exists():
        return []
    engine = create_engine(f"sqlite:///{db_file}")
    try:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT canonical_url FROM articles")).scalars())
    except Exception:  # noqa: BLE001 - the schema may not exist yet while the crawler starts
        return []
    finally:
        engine.dispose()


def exported(db_url: str) -> list[str]:
    result = cli(db_url, "export", "--jsonl")
    assert result.returncode == 0, result.stderr
    return sorted(result.stdout.splitlines())


def version_counts(db_url: str) -> list[tuple[str, int]]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT a.canonical_url, count(v.id) FROM articles a JOIN article_versions v ON v.article_id = a.id "
                 "GROUP BY a.canonical_url ORDER BY 1")
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_killed_crawl_resumes_to_the_same_archive(big_site: tuple[MirrorServer, list[str]], tmp_path: Path) -> None:
    server, urls = big_site
    whole_url = f"sqlite:///{tmp_path / 'whole.sqlite'}"
    whole = crawl_cli(whole_url, server.url, tmp_path / "data-whole", "people_acftu")
    assert whole.returncode == 0, whole.stderr[-3000:]
    assert [u for u, _ in version_counts(whole_url)] == urls

    db_file = tmp_path / "resumed.sqlite"
    db_url = f"sqlite:///{db_file}"
    command = [
        sys.executable, "-m", "cli", "--db", db_url, "crawl", "--no-progress", "people_acftu",
        "--mirror", server.url, "--data-dir", str(tmp_path / "data"), *FAST_CRAWL,
        "-s", "DOWNLOAD_DELAY=0.1", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1",
    ]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 25
    while len(stored_urls(db_file)) < 15:
        assert process.poll() is None, "the crawl ended before it could be killed"
        assert time.monotonic() < deadline, "the crawl stored nothing"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=10) == -signal.SIGKILL
    before = set(stored_urls(db_file))
    assert 15 <= len(before) < len(urls)

    server.mirror.log.clear()
    resumed = crawl_cli(db_url, server.url, tmp_path / "data", "people_acftu")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "took over a stale lock" in resumed.stderr
    fetched = {entry["url"] for entry in server.mirror.log}
    assert not fetched & before, "articles stored before the kill were fetched again"
    assert set(urls) - before <= fetched
    assert all(f"http://{HOST}/GB/67502/index{'' if n == 1 else n}.html" in fetched for n in range(1, PAGES + 1))

    assert version_counts(db_url) == version_counts(whole_url) == [(u, 1) for u in urls]
    assert exported(db_url) == exported(whole_url)

    # The next scheduled run is an ordinary incremental one again: the list head only.
    server.mirror.log.clear()
    again = crawl_cli(db_url, server.url, tmp_path / "data", "people_acftu")
    assert again.returncode == 0, again.stderr[-3000:]
    assert sorted(e["url"] for e in server.mirror.log) == [f"http://{HOST}/GB/67502/index.html", f"http://{HOST}/robots.txt"]


def test_a_killed_backfill_bounds_the_run_that_completes_it(
    big_site: tuple[MirrorServer, list[str]], tmp_path: Path
) -> None:
    server, urls = big_site
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    engine = get_engine(db_url)
    with engine.begin() as connection:
        # What `crawl --since 2023-12-15` leaves when it is killed before it stores anything.
        connection.execute(
            text(
                "INSERT INTO crawl_runs (spider, started_at, status, stats, since)"
                " VALUES ('people_acftu', '2023-12-31 10:00:00', 'running', '{}', '2023-12-15')"
            )
        )
    engine.dispose()
    within = sorted(
        a.url
        for a in (new_article(n, day=f"2023-{11 + n // 31:02d}-{1 + n % 30:02d}") for n in range(PAGES * PER_PAGE))
        if a.published >= "2023-12-15"
    )
    assert 0 < len(within) < len(urls)

    resumed = crawl_cli(db_url, server.url, tmp_path / "data", "people_acftu")
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "walking back to 2023-12-15" in resumed.stderr
    assert sorted(stored_urls(tmp_path / "archive.sqlite")) == within
    engine = create_engine(db_url)
    with engine.connect() as connection:
        runs = connection.execute(text("SELECT status, since FROM crawl_runs ORDER BY id")).all()
    engine.dispose()
    # the killed run is marked so by the run that completes it (issue 13: it stayed `running`)
    assert [tuple(run) for run in runs] == [("killed", "2023-12-15"), ("finished", "2023-12-15")]

    # The next run is an ordinary incremental one: the list head only, no bound.
    server.mirror.log.clear()
    again = crawl_cli(db_url, server.url, tmp_path / "data", "people_acftu")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "walking back" not in again.stderr
    assert sorted(e["url"] for e in server.mirror.log) == [f"http://{HOST}/GB/67502/index.html", f"http://{HOST}/robots.txt"]
