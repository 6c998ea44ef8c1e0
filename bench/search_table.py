"""The million-article table (issue 15): the figures `search_bench.py --table` prints per backend.

Rows: database size per article, import rate and peak memory, warm queries (median of `repeat`
runs after one warm-up: a rare word, words found in a fifth or more of the archive by relevance
and by date, a common word with a source filter), the first query of a fresh process
(`union-archive search --json`, its `took_ms`), and facet counts of a common word. Planted
articles (`planted`) are checked found, in traditional and simplified script, with filters.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.api import Archive
from core.article import Article, Published

ROOT = Path(__file__).resolve().parents[1]
RARE = "職工技能大賽"
COMMON = ("中国", "发展", "企业")
FILTERED = ("发展", {"source": "中工网"})
PLANTED_TITLE = "彧璇市职工技能大赛开幕"
TARGETS = {
    "sqlite": {"rare": 10, "common": 30, "date": 30, "filter": 30, "first": 100, "facets": 150},
    "postgresql": {"rare": 60, "common": 60, "date": 60, "filter": 60, "first": 100, "facets": 150},
}


def planted(n: int, every: int) -> Iterator[tuple[int, Article]]:
    """(position in the stream, article) of the articles every check must find: one per
    `every` articles, alternately traditional and simplified, half from 中工网."""
    for k, position in enumerate(range(every // 2, n, every)):
        traditional = k % 2 == 1
        yield position, Article(
            url=f"http://planted.example.cn/{k}.html",
            site="workercn" if k % 3 else "people_acftu",
            title="彧璇市職工技能大賽開幕" if traditional else PLANTED_TITLE,
            source="中工网" if k % 2 == 0 else "工人日報",
            published_at=Published.beijing(2020 + k % 5, 1 + k % 12, 1 + k % 28, 9, 0),
            body=["彧璇市總工會舉辦職工技能大賽。" if traditional else "彧璇市总工会举办职工技能大赛。"],
        )


@dataclass(slots=True)
class Row:
    name: str
    value: float
    target: float | None
    unit: str = "ms"

    def line(self, backend: str) -> str:
        verdict = "" if self.target is None else (" met" if self.value <= self.target else " MISSED")
        bound = "" if self.target is None else f" (<= {self.target:g} {self.unit})"
        return f"[{backend}] {self.name:<44} {self.value:10,.1f} {self.unit}{bound}{verdict}"


def _warm(archive: Archive, query: str, repeat: int, **options: object) -> tuple[float, list[int], int]:
    archive.search(query, **options)
    runs = [archive.search(query, **options) for _ in range(repeat)]
    return statistics.median(r.took_ms for r in runs), [r["id"] for r in runs[-1].results], runs[-1].total


def _first_query(url: str, query: str) -> float:
    """`took_ms` of a search run by a new `union-archive` process."""
    done = subprocess.run(
        [sys.executable, "-m", "cli", "--db", url, "search", query, "--json"],
        capture_output=True, text=True, cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    return float(json.loads(done.stdout)["took_ms"])


def _facets_ms(archive: Archive, query: str, repeat: int) -> float:
    archive.facets(query)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        archive.facets(query)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def table(backend: str, url: str, repeat: int) -> tuple[list[Row], dict[str, object]]:
    """The table's query rows for one archive, and what the backends must agree on."""
    archive = Archive(url)
    targets = TARGETS[backend]
    rows: list[Row] = []
    agreed: dict[str, object] = {}
    took, ids, total = _warm(archive, RARE, repeat)
    rows.append(Row(f"rare word {RARE} ({total:,} found)", took, targets["rare"]))
    agreed["rare"] = (ids, total)
    for word in COMMON:
        took, ids, total = _warm(archive, word, repeat)
        rows.append(Row(f"common word {word}, relevance ({total:,})", took, targets["common"]))
        took, ids, _ = _warm(archive, word, repeat, sort="date")
        rows.append(Row(f"common word {word}, --sort date", took, targets["date"]))
        agreed[f"date {word}"] = ids
    word, options = FILTERED
    took, ids, total = _warm(archive, word, repeat, **options)
    rows.append(Row(f"{word} --source {options['source']} ({total:,})", took, targets["filter"]))
    took, ids, _ = _warm(archive, word, repeat, sort="date", **options)
    rows.append(Row(f"{word} --source {options['source']} --sort date", took, targets["filter"]))
    agreed["filter date"] = ids
    rows.append(Row("first query of a fresh process (took_ms)", _first_query(url, COMMON[1]), targets["first"]))
    rows.append(Row(f"facets of {COMMON[1]}", _facets_ms(archive, COMMON[1], repeat), targets["facets"]))
    return rows, agreed


def planted_problems(url: str, expected: list[int]) -> list[str]:
    """What the planted articles' searches got wrong (empty: all found, nothing else)."""
    archive = Archive(url)
    problems = []
    checks = {
        "彧璇市職工技能大賽 (traditional)": archive.search("彧璇市職工技能大賽", limit=1000),
        "彧璇市职工技能大赛 (simplified)": archive.search("彧璇市职工技能大赛", limit=1000),
        "彧璇 (2 characters)": archive.search("彧璇", limit=1000),
    }
    for name, result in checks.items():
        if sorted(r["id"] for r in result.results) != expected:
            problems.append(f"{name}: {result.total} found, {len(expected)} planted")
    filtered = archive.search("彧璇", source="中工网", limit=1000)
    if filtered.total != (len(expected) + 1) // 2:
        problems.append(f"彧璇 --source 中工网: {filtered.total} found, {(len(expected) + 1) // 2} planted")
    return problems
