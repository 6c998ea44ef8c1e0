"""Health alerts from run summaries (archive.health), without a crawl."""

from __future__ import annotations

from typing import Any

from archive.health import Thresholds, alerts, summarize


def run(new: int, authors: int, links: int = 10, **extra: int) -> dict[str, Any]:
    stats = {
        "archive/articles_new": new,
        "archive/coverage/authors": authors,
        "archive/coverage/published_at": new,
        "archive/coverage/source": new,
        "archive/coverage/editors": new,
        "archive/article_links": links,
        "downloader/request_count": links + 2,
        "downloader/response_status_count/200": links + 1,
        **{f"archive/{k}": v for k, v in extra.items()},
    }
    return summarize(stats)


def test_summary_counts_and_coverage() -> None:
    summary = run(4, 3, failures_parse=2)
    assert summary["articles"] == {"new": 4, "updated": 0, "unchanged": 0}
    assert summary["coverage"] == {"authors": 0.75, "published_at": 1.0, "source": 1.0, "editors": 1.0}
    assert summary["failures"] == {"parse": 2}
    assert summary["responses"] == {"200": 11}
    assert run(0, 0)["coverage"]["authors"] is None


def test_sharp_drop_against_recent_runs_alerts() -> None:
    history = [run(5, 5), run(4, 4)]
    assert alerts(run(4, 0), history) == [
        "coverage of authors dropped to 0% of 4 new articles from 100% in the last 2 runs (template change?)"
    ]
    assert alerts(run(4, 3), history) == []


def test_small_runs_and_missing_history_are_not_judged() -> None:
    assert alerts(run(2, 0), [run(5, 5)]) == []
    assert alerts(run(4, 0), []) == []
    assert alerts(run(4, 0), [run(2, 2)]) == []
    assert alerts(run(4, 0), [run(5, 5)], Thresholds(min_articles=5)) == []


def test_no_articles_alerts() -> None:
    assert alerts(run(0, 0, links=0), []) == [
        "no articles: the list pages yielded no article links (layout change or blocked?)"
    ]
    assert alerts(run(0, 0, failures_parse=3), []) == ["no articles: all 3 article pages failed to parse or validate"]
    assert alerts(run(0, 0, articles_unchanged=3), []) == []
