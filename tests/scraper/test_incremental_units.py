"""Pure pieces of scheduled crawls: URL dates, the run lock, the frontier's re-check window."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from archive.frontier import Frontier, Known
from scraper.crawl import LockBusy, RunLock
from scraper.spiders.base import url_date


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://acftu.people.com.cn/n1/2023/1225/c67502-40146023.html", date(2023, 12, 25)),
        ("https://www.workercn.cn/c/2024-05-10/8237465.shtml", date(2024, 5, 10)),
        ("https://www.workercn.cn/papers/grrb/2024/05/10/1/news-3.html", date(2024, 5, 10)),
        ("http://www.gdftu.org.cn/ghyw/202405/t20240510_1234.html", date(2024, 5, 10)),
        ("http://acftu.people.com.cn/GB/67502/index2.html", None),
        ("http://example.org/n1/2023/1345/x.html", None),
    ],
)
def test_url_date(url: str, expected: date | None) -> None:
    assert url_date(url) == expected


def test_lock_is_exclusive_and_notes_a_stale_holder(tmp_path: Path) -> None:
    path = tmp_path / "crawl.lock"
    path.write_text("pid 4242, started 2026-01-01T00:00:00+00:00\n")
    with RunLock(path) as first:
        assert first.stale == "pid 4242, started 2026-01-01T00:00:00+00:00"
        with pytest.raises(LockBusy, match=r"another crawl is running \(pid \d+, started "):
            RunLock(path).acquire()
    assert path.read_text() == ""
    with RunLock(path) as again:
        assert again.stale is None


def test_recheck_window_and_interval() -> None:
    now = datetime(2024, 5, 20, 12, 0)
    recent = Known(1, "http://example.com/u1.html", datetime(2024, 5, 18), datetime(2024, 5, 20, 9, 0))
    checked_long_ago = Known(2, "http://example.com/u2.html", datetime(2024, 5, 15), datetime(2024, 5, 19))
    old = Known(3, "http://example.com/u3.html", datetime(2024, 1, 1), None)
    frontier = Frontier(articles={k.url: k for k in (recent, checked_long_ago, old)})
    assert [k.url for k in frontier.due_for_recheck(now, days=7, interval_hours=6)] == ["http://example.com/u2.html"]
    assert [k.url for k in frontier.due_for_recheck(now, days=7, interval_hours=0)] == ["http://example.com/u1.html", "http://example.com/u2.html"]
    assert frontier.due_for_recheck(now, days=0, interval_hours=0) == []
