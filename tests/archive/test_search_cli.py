"""`union-archive search` and `show` through the real click group, on both backends."""

from __future__ import annotations

import csv
import io
import json

from archive_samples import add, make_article
from click.testing import CliRunner

from cli import main


def run(db_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", db_url, *args], catch_exceptions=False)
    return result.exit_code, result.output


def sample(db_url: str) -> list[int]:
    return add(
        db_url,
        make_article(1, title="全国总工会举办职工技能大赛", body=["工会干部表示欢迎。"], authors=["刘琼"]),
        make_article(
            2, title="全國總工會舉辦職工技能大賽", body=["職工技能大賽將於五月舉行。"], authors=["劉瓊"]
        ),
        make_article(3, title="足球比赛", body=["本报讯 足球。"], editors=["王敏"]),
    )


def test_search_json(db_url: str) -> None:
    sample(db_url)
    code, out = run(db_url, "search", "工會", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {"query", "took_ms", "total", "results"}
    assert data["query"] == "工會" and data["total"] == 2
    assert {r["id"] for r in data["results"]} == {1, 2}
    assert set(data["results"][0]) >= {"id", "url", "title", "published_at", "authors", "snippet"}


def test_search_query_language_and_options(db_url: str) -> None:
    sample(db_url)
    code, out = run(db_url, "search", "技能", "-足球", "--author", "劉瓊", "--jsonl")
    assert code == 0
    assert sorted(json.loads(line)["id"] for line in out.splitlines()) == [1, 2]
    code, out = run(db_url, "search", "editor:王敏", "--csv", "--sort", "date")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["3"]
    assert rows[0]["title"] == "足球比赛"


def test_search_table_and_limit(db_url: str) -> None:
    sample(db_url)
    code, out = run(db_url, "search", "技能大赛", "--limit", "1")
    assert code == 0
    assert "1 of 2" in out
    assert "技能" in out


def test_search_bad_date(db_url: str) -> None:
    sample(db_url)
    code, out = run(db_url, "search", "工会", "--since", "soon")
    assert code == 1
    assert "not a date" in out


def test_show(db_url: str) -> None:
    sample(db_url)
    add(
        db_url,
        make_article(1, title="全国总工会举办职工技能大赛（更新）", body=["新的一段。"], authors=["刘琼"]),
    )
    code, out = run(db_url, "show", "1")
    assert code == 0
    assert "全国总工会举办职工技能大赛（更新）" in out and "新的一段。" in out
    code, out = run(db_url, "show", "1", "--json")
    data = json.loads(out)
    assert data["id"] == 1 and data["version"] == 2 and data["body"] == ["新的一段。"]
    code, out = run(db_url, "show", "1", "--versions", "--json")
    assert [v["version"] for v in json.loads(out)] == [1, 2]
    code, out = run(db_url, "show", "1", "--versions")
    assert code == 0 and "2 version(s)" in out
    code, out = run(db_url, "show", "99")
    assert code == 1 and "no article with id 99" in out
