"""Export / import / stats on both backends: byte-exact round trips across backends, idempotence."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_samples import add, make_article
from click.testing import CliRunner
from sqlalchemy import select

from archive import models
from archive.api import Archive
from archive.db import get_engine, transaction
from cli import main
from core.article import Image, Published, Repair


def rich_articles() -> list:
    return [
        make_article(
            1,
            site="people_acftu",
            title="全国总工会举办职工技能大赛",
            pretitle="引题",
            subtitle="副题",
            body=["第一段，工会。", "第二段 “引号” \\ 反斜杠 \t tab"],
            authors=["刘琼", "方敏"],
            editors=["王敏"],
            source="工人日报",
            source_url="http://example.com/src",
            channel=["中国共产党新闻网", "中国工会新闻"],
            images=[Image("http://example.com/1.jpg", "图片说明"), Image("http://example.com/2.jpg")],
            encoding="gb18030",
            repairs=[Repair("mojibake", "title", 0, 2, "鍏ㄥ", "全国", 0.97)],
            published_at=Published.beijing(2024, 5, 10, 6, 58),
        ),
        make_article(
            2,
            canonical_url="http://example.com/canonical/2.html",
            site="workercn_big5",
            title="全國總工會舉辦職工技能大賽",
            authors=["劉瓊"],
            source="工人日報",
            published_at=Published.beijing(2023, 12, 31, 23, 30, 15),
        ),
        make_article(3, title="日期", published_at=Published.beijing(2022, 2, 12)),
        make_article(4, title="Weather <script>alert(1)</script>", body=[], published_at=None),
    ]


def export_text(url: str, **options: object) -> str:
    out = io.StringIO()
    Archive(url).export(out, **options)  # type: ignore[arg-type]
    return out.getvalue()


def test_export_is_to_dict(db_url: str) -> None:
    articles = rich_articles()
    add(db_url, *articles)
    lines = export_text(db_url).splitlines()
    assert [json.loads(line) for line in lines] == [a.to_dict() for a in articles]
    assert lines[0] == json.dumps(articles[0].to_dict(), ensure_ascii=False)


def test_round_trip_across_backends(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    add(db_url, *rich_articles())
    add(db_url, make_article(1, title="全国总工会举办职工技能大赛", body=["改过的正文"], site="people_acftu"))
    first = export_text(db_url)
    if db_url.startswith("sqlite"):
        other = request.getfixturevalue("empty_pg")
    else:
        other = f"sqlite:///{tmp_path / 'other.sqlite'}"
    report = Archive(other).import_lines(io.StringIO(first))
    assert (report.new, report.errors) == (4, [])
    second = export_text(other)
    assert second.encode() == first.encode()
    back = f"sqlite:///{tmp_path / 'back.sqlite'}"
    Archive(back).import_lines(io.BytesIO(second.encode()))
    assert export_text(back).encode() == first.encode()
    assert Archive(other).search("工會").total == 2
    assert Archive(other).search("", author="劉瓊").total == 1
    assert {r["id"] for r in Archive(other).search("", source="工人日报").results} == {2}
    get_engine(back).dispose()
    if db_url.startswith("postgresql"):
        get_engine(other).dispose()


def test_import_is_idempotent_and_versions(db_url: str) -> None:
    articles = rich_articles()
    text = "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles)
    archive = Archive(db_url)
    first = archive.import_lines(io.StringIO(text), batch_size=3)
    assert (first.read, first.new, first.updated, first.unchanged) == (4, 4, 0, 0)
    again = archive.import_lines(io.StringIO(text), batch_size=3)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 4)
    assert archive.counts()["versions"] == 4
    changed = make_article(
        1, title="全国总工会举办职工技能大赛", body=["新正文"], site="people_acftu"
    ).to_dict()
    twice = make_article(9, title="两个版本").to_dict()
    twice_changed = make_article(9, title="两个版本", body=["第二版"]).to_dict()
    lines = [json.dumps(d, ensure_ascii=False) for d in (changed, twice, twice_changed)]
    report = archive.import_lines(io.StringIO("\n".join(lines)))
    assert (report.new, report.updated, report.unchanged) == (1, 2, 0)
    assert [v["version"] for v in archive.versions(1)] == [1, 2]
    nine = archive.search("两个版本").results[0]["id"]
    assert [v["data"]["body"] for v in archive.versions(nine)] == [["第9段。"], ["第二版"]]


def test_bulk_import_stores_what_store_article_stores(db_url: str, tmp_path: Path) -> None:
    articles = rich_articles()
    add(db_url, *articles)
    other = f"sqlite:///{tmp_path / 'bulk.sqlite'}"
    Archive(other).import_lines(io.StringIO(export_text(db_url)))
    skip = {"id", "site_id", "first_seen_at", "last_checked_at"}

    def rows(url: str) -> list[dict[str, object]]:
        with transaction(url) as session:
            found = session.scalars(select(models.Article).order_by(models.Article.id)).all()
            return [
                {c.key: getattr(a, c.key) for c in models.Article.__table__.columns if c.key not in skip}
                for a in found
            ]

    assert rows(other) == rows(db_url)
    get_engine(other).dispose()


def test_bad_lines_are_reported_and_skipped(db_url: str) -> None:
    good = json.dumps(make_article(1).to_dict(), ensure_ascii=False)
    text = "\n".join(
        [
            "{not json",
            good,
            "[1, 2]",
            '{"title": "no url"}',
            "",
            '{"url": "http://x.cn/1", "published_at": "soon"}',
            '{"url": 5}',
            '{"url": "http://x.cn/2", "authors": ["刘琼", null]}',
            '{"url": "http://x.cn/3", "published_at": 20240510}',
            '{"url": "http://x.cn/4", "images": [{"caption": "无地址"}]}',
            '{"url": "http://x.cn/5", "channel": {"要闻": 1}}',
        ]
    )
    report = Archive(db_url).import_lines(io.StringIO(text))
    assert (report.read, report.new) == (10, 1)
    assert report.errors == [
        (1, "JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
        (3, "ValueError: not a JSON object"),
        (4, "ValueError: no url"),
        (6, "ValueError: Invalid isoformat string: 'soon'"),
        (7, "ValueError: no url"),
        (8, "ValueError: authors: not a list of strings"),
        (9, "ValueError: published_at: not a string"),
        (10, "ValueError: images: not a list of {url, caption} objects"),
        (11, "ValueError: channel: not a list of strings"),
    ]
    assert Archive(db_url).counts()["articles"] == 1


def test_worker_processes_import_what_this_process_imports(db_url: str, tmp_path: Path) -> None:
    articles = [*rich_articles(), *(make_article(n, title=f"批次{n}") for n in range(10, 17))]
    lines = [json.dumps(a.to_dict(), ensure_ascii=False).encode() + b"\n" for a in articles]
    lines[0] = b"\xef\xbb\xbf" + lines[0]
    lines[1:1] = [b"{broken\n", b"\n", b'{"title": "\xff\xfe not UTF-8"}\n']
    lines.append(lines[0][3:])
    local = f"sqlite:///{tmp_path / 'local.sqlite'}"
    consumed: list[int] = []
    by_workers = Archive(db_url).import_lines(iter(lines), batch_size=2, workers=1, progress=consumed.append)
    here = Archive(local).import_lines(iter(lines), batch_size=2, workers=0)
    assert by_workers.to_dict() == here.to_dict()
    assert (by_workers.read, by_workers.new, by_workers.unchanged) == (14, 11, 1)
    assert [(n, reason.split(":")[0]) for n, reason in by_workers.errors] == [
        (2, "JSONDecodeError"),
        (4, "UnicodeDecodeError"),
    ]
    assert len(consumed) == 8 and sum(consumed) == sum(map(len, lines))
    assert export_text(db_url) == export_text(local)
    get_engine(local).dispose()


def test_export_filters_and_csv(db_url: str) -> None:
    add(db_url, *rich_articles())
    assert [json.loads(x)["url"] for x in export_text(db_url, site="people_acftu").splitlines()] == [
        "http://example.com/a/1.html"
    ]
    assert len(export_text(db_url, query="工會").splitlines()) == 2
    assert len(export_text(db_url, since="2023-12-31", until="2023-12-31").splitlines()) == 1
    table = export_text(db_url, fmt="csv")
    assert table.splitlines()[0].startswith("url,canonical_url,site,title")
    assert "刘琼; 方敏" in table


def test_stats(db_url: str) -> None:
    add(db_url, *rich_articles())
    with transaction(db_url) as session:
        session.add(
            models.Failure(url="http://x.cn/bad", site="people_acftu", stage="parse", reason="no title")
        )
    data = Archive(db_url).stats()
    assert data["totals"]["articles"] == 4 and data["totals"]["failures"] == 1
    assert data["sites"][0] == {"site": "example", "articles": 2, "first": "2022-02-12", "last": "2022-02-12"}
    assert data["months"] == [
        {"month": "2022-02", "articles": 1},
        {"month": "2023-12", "articles": 1},
        {"month": "2024-05", "articles": 1},
        {"month": "undated", "articles": 1},
    ]
    assert {"name": "刘琼", "articles": 1} in data["authors"]
    assert data["sources"][0]["articles"] == 1
    assert data["failures"]["by_stage"] == [{"stage": "parse", "count": 1}]


def test_cli_export_import_stats(db_url: str, tmp_path: Path) -> None:
    add(db_url, *rich_articles())
    runner = CliRunner()
    dump = tmp_path / "dump.jsonl"
    result = runner.invoke(
        main, ["--db", db_url, "export", "--jsonl", "-o", str(dump)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    result = runner.invoke(
        main, ["--db", target, "import", str(dump), "--json", "--batch-size", "1", "--workers", "1"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert '"new": 4' in result.output
    result = runner.invoke(main, ["--db", target, "export"], catch_exceptions=False)
    assert result.stdout.encode() == dump.read_bytes()
    result = runner.invoke(main, ["--db", target, "stats", "--json"], catch_exceptions=False)
    assert json.loads(result.output)["totals"]["articles"] == 4
    result = runner.invoke(main, ["--db", target, "stats"], catch_exceptions=False)
    assert result.exit_code == 0 and "articles per site" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = runner.invoke(main, ["--db", target, "import", str(bad)], catch_exceptions=False)
    assert result.exit_code == 1 and "line 1" in result.output
    get_engine(target).dispose()


@pytest.mark.parametrize("command", [["union-archive"], ["-m", "cli"]])
def test_import_with_workers_from_a_shell(command: list[str], tmp_path: Path) -> None:
    """The workers are spawned processes: both ways of starting the CLI must survive that."""
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in rich_articles()))
    exe = [str(Path(sys.executable).with_name(command[0]))] if command == ["union-archive"] else [sys.executable, *command]
    url = f"sqlite:///{tmp_path / 'shell.sqlite'}"
    done = subprocess.run(
        [*exe, "--db", url, "import", str(dump), "--batch-size", "1", "--workers", "2", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["new"] == 4
    assert "read 4: 4 new, 0 updated, 0 unchanged, 0 error(s)" in done.stderr
    assert export_text(url) == dump.read_text()
    get_engine(url).dispose()


def test_import_goes_on_when_a_worker_process_dies(db_url: str, caplog: pytest.LogCaptureFixture) -> None:
    lines = [json.dumps(make_article(n, title=f"第{n}篇").to_dict(), ensure_ascii=False) for n in range(1, 41)]

    def feed() -> Iterator[str]:
        for number, line in enumerate(lines, start=1):
            if number == 21:
                workers = multiprocessing.active_children()
                assert workers, "no worker process to kill"
                for process in workers:
                    os.kill(process.pid, signal.SIGKILL)
            yield line

    report = Archive(db_url).import_lines(feed(), batch_size=4, workers=1)
    assert (report.read, report.new, report.errors) == (40, 40, [])
    assert "preparing in this process" in caplog.text
    assert sorted(r["title"] for r in Archive(db_url).search("篇", limit=100).results) == sorted(
        f"第{n}篇" for n in range(1, 41)
    )


def test_an_import_leaves_an_empty_write_ahead_log(tmp_path: Path) -> None:
    """The WAL is checkpointed into the file when an import wrote (it would keep its size)."""
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    lines = [json.dumps(make_article(n, body=["职工" * 200]).to_dict(), ensure_ascii=False) for n in range(300)]
    report = Archive(url).import_lines(lines)
    assert report.new == 300
    assert (tmp_path / "a.sqlite-wal").stat().st_size == 0
    assert Archive(url).search("职工").total == 300


def test_an_import_on_postgresql_leaves_fresh_planner_statistics(empty_pg: str) -> None:
    """ANALYZE after an import that wrote: the planner sees the new rows (a stale estimate made
    a source filter test every row's tsvector instead of walking its index)."""
    lines = [json.dumps(make_article(n).to_dict(), ensure_ascii=False) for n in range(50)]
    with get_engine(empty_pg).connect() as connection:
        connection.exec_driver_sql("SELECT pg_stat_reset()")
    assert Archive(empty_pg).import_lines(lines).new == 50
    with get_engine(empty_pg).connect() as connection:
        analyzed = connection.exec_driver_sql(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
            " AND relname IN ('articles', 'article_search') ORDER BY relname"
        ).scalars().all()
    assert analyzed == ["article_search", "articles"]
