"""Run health: counts and field coverage per run; a template change (byline moved) is reported loudly."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from mirror.build_demo import HEADERS, render_article
from mirror.server import Mirror, MirrorServer, Recorded
from tests.e2e.conftest import crawl_cli
from tests.e2e.demo_edits import add_articles, list_on_head, new_article


def byline_moved(mirror: Mirror, numbers: range) -> None:
    """New articles in a changed template: the byline now sits above the header, outside the story."""
    articles = [new_article(n, byline="") for n in numbers]
    for article in articles:
        page = render_article(article).replace(
            '<div class="main">', '<div class="main"><div class="byline-top">记者 张华</div>', 1
        )
        mirror.add(Recorded(article.url, 200, dict(HEADERS), page.encode("gb18030")))
    list_on_head(mirror, sorted(articles, key=lambda a: a.published, reverse=True))


def health(db_url: str) -> list[dict[str, object]]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT health FROM crawl_runs ORDER BY id")).scalars().all()
    engine.dispose()
    return [json.loads(row) for row in rows]


def test_coverage_drop_after_template_change_is_reported(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    data = tmp_path / "data"
    first = crawl_cli(db_url, mirror_server.url, data, "people_acftu")
    assert first.returncode == 0, first.stderr[-3000:]

    add_articles(mirror_server.mirror, [new_article(n) for n in range(1, 4)])
    second = crawl_cli(db_url, mirror_server.url, data, "people_acftu")
    assert second.returncode == 0, second.stderr[-3000:]
    assert json.loads(second.stdout)[0]["alerts"] == []

    byline_moved(mirror_server.mirror, range(10, 14))
    third = crawl_cli(db_url, mirror_server.url, data, "people_acftu")
    assert third.returncode == 1
    (summary,) = json.loads(third.stdout)
    assert summary["articles_new"] == 4 and not summary["failed"]
    assert summary["alerts"] == [
        "coverage of authors dropped to 0% of 4 new articles from 100% in the last 2 runs (template change?)"
    ]
    assert "HEALTH ALERT people_acftu: coverage of authors dropped to 0%" in third.stderr
    assert "error: health alerts for: people_acftu" in third.stderr

    runs = health(db_url)
    assert [r["articles"]["new"] for r in runs] == [5, 3, 4]
    assert runs[0]["coverage"] == {"authors": 1.0, "published_at": 1.0, "source": 1.0, "editors": 1.0}
    assert runs[2]["coverage"]["authors"] == 0.0
    assert runs[0]["responses"] == {"200": 10, "500": 1}  # robots, 2 list pages, 6 article pages, a picture; 1 error
    assert runs[0]["failures"] == {"fetch": 1, "parse": 1}
    assert runs[2]["alerts"] == summary["alerts"]
    log = next((data / "logs").glob("crawl-*.log"))
    assert log.exists()


def test_site_without_articles_is_reported(mirror_server: MirrorServer, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    head = mirror_server.mirror.get("http://acftu.people.com.cn/GB/67502/index.html")
    assert head is not None
    # The list template changed: no link the site profile recognises as an article any more.
    relinked = head.body.replace(b'href="/n1/', b'href="/content/n1/')
    mirror_server.mirror.add(Recorded(head.url, 200, dict(head.headers), relinked))
    mirror_server.mirror.remove("http://acftu.people.com.cn/GB/67502/index2.html")
    result = crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu")
    assert result.returncode == 1
    (summary,) = json.loads(result.stdout)
    assert summary["alerts"] == ["no articles: the list pages yielded no article links (layout change or blocked?)"]
