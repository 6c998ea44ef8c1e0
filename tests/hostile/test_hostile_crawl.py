"""`crawl-site` of the hostile site (tests/hostile/server.py): every article URL ends stored or as
a failure with its stage and reason, nothing else is lost, peak memory stays bounded, and the log
shows no traceback (issue 13)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.hostile.server import hostile_site

REPO = Path(__file__).resolve().parents[2]
PEAK_RSS_MB = 600
"""The crawl's peak: about 145 MB of libraries resident before the first page (Scrapy, lxml,
SQLAlchemy, Pillow for images, numpy and the scipy that datasketch imports for reprints: 47 MB)
plus the bounded work of the hostile pages (the largest is cut at DOWNLOAD_MAXSIZE). Measured:
445 MB before images and reprints, 516-519 MB with them."""
CRAWL = (
    "crawl-site", "--max-pages", "80", "--depth", "3",
    "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0",
    "-s", "DOWNLOAD_TIMEOUT=20",
)
# What the archive must hold for each path afterwards: ("stored", title) or ("failure", stage, reason part).
EXPECTED: dict[str, tuple[str, ...]] = {
    "/news/2024/0510/1.html": ("stored", "好文章第1篇：职工技能大赛开幕"),
    "/news/2024/0510/2.html": ("stored", "好文章第2篇：职工技能大赛开幕"),
    "/news/2024/0510/3.html": ("stored", "好文章第3篇：职工技能大赛开幕"),
    "/news/2024/0511/meta-title.html": ("stored", "只有元数据标题的文章"),
    "/news/2024/0512/deep.html": ("stored", "嵌套很深的文章"),
    "/news/2024/0513/huge-attr.html": ("stored", "属性超长的文章"),
    "/news/2024/0514/control.html": ("stored", "控制字符的文章"),
    "/news/2024/0515/big5.html": ("stored", "工會會議召開"),
    "/news/2024/0516/random.html": ("failure", "decode", "no readable text"),
    "/news/2024/0517/short.html": ("failure", "fetch", "data loss"),
    "/news/2024/0518/loop.html": ("failure", "fetch", "redirect"),
    "/news/2024/0519/offsite.html": ("failure", "fetch", "offsite.invalid"),
    "/news/2024/0519/file.html": ("failure", "fetch", "file:///etc/passwd"),
    "/news/2024/0519/ftp.html": ("failure", "fetch", "ftp://"),
    "/news/2024/0520/bomb.html": ("failure", "fetch", "too large"),
    "/news/2024/0521/huge.html": ("failure", "fetch", "too large"),
    "/news/2024/0522/missing.html": ("failure", "fetch", "HTTP 404"),
}
BAD_LINKS = {"http://[invalid": "invalid URL", "http://127.0.0.1：8080/x.html": "invalid URL"}

MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
print(f"__PEAK_RSS_KB__ {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
sys.exit(done.returncode)
"""


def crawl(root: str, db: Path, data: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """The crawl in a subprocess of its own, with its peak resident memory in MB."""
    command = [sys.executable, "-c", MEASURED, sys.executable, "-m", "cli", "--db", str(db), *CRAWL[:1], root, *CRAWL[1:]]
    env = {"UNION_ARCHIVE_DATA": str(data), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    peak = next(int(line.split()[1]) for line in result.stderr.splitlines() if line.startswith("__PEAK_RSS_KB__"))
    return result, peak // 1024


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path, subprocess.CompletedProcess[str], int]:
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "archive.sqlite"
    with hostile_site() as root:
        result, peak = crawl(root, db, folder / "data")
    return root.rstrip("/"), db, result, peak


def rows(db: Path) -> tuple[dict[str, str], dict[str, list[tuple[str, str, str]]]]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT url, title FROM articles")).all())
        failures: dict[str, list[tuple[str, str, str]]] = {}
        for url, stage, reason, site in connection.execute(text("SELECT url, stage, reason, site FROM failures")):
            failures.setdefault(url, []).append((stage, reason, site))
    engine.dispose()
    return stored, failures


def test_every_url_is_stored_or_a_failure_with_its_reason(crawled: tuple[str, Path, subprocess.CompletedProcess[str], int]) -> None:
    root, db, result, _ = crawled
    stored, failures = rows(db)
    for path, expected in EXPECTED.items():
        url = root + path
        if expected[0] == "stored":
            assert stored.get(url) == expected[1], (path, failures.get(url), result.stderr[-2000:])
        else:
            found = failures.get(url, [])
            assert any(stage == expected[1] and expected[2] in reason for stage, reason, _ in found), (path, found)
    for url, reason in BAD_LINKS.items():
        assert any(reason in found for _, found, _ in failures.get(url, [])), (url, failures.get(url))


def test_failures_of_one_crawl_site_run_are_filed_under_one_site(crawled: tuple[str, Path, subprocess.CompletedProcess[str], int]) -> None:
    _, db, _, _ = crawled
    _, failures = rows(db)
    assert {site for found in failures.values() for _, _, site in found} == {"127.0.0.1"}


def test_no_traceback_and_bounded_memory(crawled: tuple[str, Path, subprocess.CompletedProcess[str], int]) -> None:
    _, _, result, peak = crawled
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    assert peak < PEAK_RSS_MB, f"peak RSS {peak} MB"
    assert "articles stored" in result.stderr
