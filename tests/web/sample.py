"""A small archive the web tests browse: articles over sites and months, one with two versions,
a raw page, a text repair, a crawl run with health alerts and a failure with its bytes; and the
app served for real on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from werkzeug.serving import make_server

from archive import models
from archive.db import transaction
from archive.store import Incoming, RawPage, record_failure, store_article
from core.article import Article, Published, Repair
from web import create_app

RAW_HTML = b"<html><script>window.__pwned = 1</script><body>\xe5\xb7\xa5\xe4\xbc\x9a</body></html>"


def article(number: int, site: str, year: int, month: int, *, source: str, author: str, body: str) -> Article:
    return Article(
        url=f"http://example.com/{site}/{number}.html",
        site=site,
        title=f"工会新闻第{number}篇",
        body=[body],
        authors=[author],
        source=source,
        channel=["中国工会新闻", "要闻"],
        published_at=Published.beijing(year, month, 1 + number % 27, 9, 0),
    )


def corpus() -> list[Article]:
    """12 articles: people_acftu 2024-05 (6, 工人日报, 刘琼), workercn 2023-11 (4), gmw 2022-01 (2)."""
    made = [article(i, "people_acftu", 2024, 5, source="工人日报", author="刘琼", body="职工技能大赛举行。") for i in range(6)]
    made += [article(i, "workercn", 2023, 11, source="中工网", author="王伟", body="工会帮助职工讨薪。") for i in range(6, 10)]
    made += [article(i, "gmw", 2022, 1, source="光明日报", author="王伟", body="欠薪问题得到解决。") for i in range(10, 12)]
    return made


def build(db_url: str) -> None:
    """Store `corpus()`, then a second version of article 1 (with its raw page and a repair)."""
    with transaction(db_url) as session:
        for item in corpus():
            store_article(session, item)
        first = corpus()[0]
        first.body = ["职工技能大赛于五月举行。", "新增一段。"]
        first.repairs = [Repair("mojibake", "body", 0, 2, "鑱屽伐", "职工", 0.95)]
        page = RawPage(first.url, 200, {"Content-Type": "text/html; charset=utf-8"}, RAW_HTML, encoding="utf-8")
        store_article(session, Incoming(first, page=page))
        run = models.CrawlRun(
            spider="people_acftu",
            status="finished",
            started_at=datetime(2024, 5, 2, 1, 0),
            finished_at=datetime(2024, 5, 2, 1, 30),
            health={
                "articles": {"new": 6, "updated": 1, "unchanged": 0},
                "coverage": {"authors": 0.5, "date": 1.0},
                "alerts": ["coverage of authors dropped to 50% of 6 new articles"],
            },
        )
        session.add(run)
        session.flush()
        record_failure(
            session, "http://example.com/broken.html", "parse", "no title found", site="people_acftu",
            status=200, body=b"<html><script>window.__pwned=1</script></html>", crawl_run_id=run.id,
        )


@contextmanager
def served(db_url: str) -> Iterator[str]:
    """The app over `db_url` on a free port of 127.0.0.1; yields its base URL."""
    httpd = make_server("127.0.0.1", 0, create_app(db_url), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
