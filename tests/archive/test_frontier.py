"""What a spider re-checks: recent articles fetched over http(s), never an imported dump's URL."""

from __future__ import annotations

from datetime import datetime

from archive.frontier import Frontier, Known


def test_recheck_skips_urls_that_cannot_be_fetched() -> None:
    now = datetime(2024, 5, 12, 0, 0)
    recent = datetime(2024, 5, 10, 0, 0)
    frontier = Frontier(
        articles={
            "http://acftu.people.com.cn/n1/2024/0510/c67502-1.html": Known(1, "http://acftu.people.com.cn/n1/2024/0510/c67502-1.html", recent, None),
            "text:3f2a": Known(2, "text:3f2a", recent, None),
            "https://www.workercn.cn/c/2024-05-10/1.shtml": Known(3, "https://www.workercn.cn/c/2024-05-10/1.shtml", recent, None),
        }
    )
    due = frontier.due_for_recheck(now, days=7, interval_hours=6)
    assert [k.article_id for k in due] == [1, 3]
