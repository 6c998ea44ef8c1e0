"""Search benchmark: build an archive of N articles on SQLite and PostgreSQL, time import and queries.

    .venv/bin/python bench/search_bench.py                  # 100,000 articles, both backends
    .venv/bin/python bench/search_bench.py -n 20000 --no-pg

Articles are made from the recorded corpus pages (../shared/corpus/pages): each page is decoded
with `core.decode.decode_html`, its text blocks are taken with lxml and cut into sentences;
an article is 3 paragraphs of 2-4 random sentences, a title cut from another sentence, an
author/editor/source/site/channel from small pools and a date in 2015-2025. They are written as
JSON Lines (the `export` shape) and loaded through `Archive.import_lines`, the `import` path,
with as many preparing worker processes as `union-archive import` uses by default (`--workers`).

Query latency is `took_ms` (measured inside the process around the query, as `search --json`
reports it) over a mix of common words, rare words, phrases, traditional-script queries,
1-character queries, exclusions, filters and date sorting; each query runs once cold, then is
timed `--repeat` times. Figures are printed; this is not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
from lxml import html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.api import Archive  # noqa: E402
from archive.db import get_engine  # noqa: E402
from archive.exchange import prepare_workers  # noqa: E402
from core.article import Article, Published  # noqa: E402
from core.decode import decode_html  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
CJK = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
SITES = ["people_acftu", "workercn", "workercn_big5", "acftu_org", "xz.workercn.cn", "gmw"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅琳琼鹏飞宇浩凯晨欣怡"
SOURCES = ["工人日报", "人民网", "新华社", "中工网", "光明日报", "工人日報", "中国工会新闻", "央视网"]
CHANNELS = [["中国工会新闻", "要闻"], ["中国工会新闻", "基层动态"], ["中工网", "权益"], ["中工网", "劳模"]]


def corpus_sentences(pages: Path) -> list[str]:
    sentences: set[str] = set()
    for path in sorted(pages.rglob("*.html")):
        text = decode_html(path.read_bytes(), None).text
        try:
            tree = html.fromstring(text)
        except (ValueError, html.etree.ParserError):
            continue
        for element in tree.iter("p", "div", "td", "li", "span", "font"):
            block = " ".join((element.text or "").split())
            if len(block) < 10 or len(CJK.findall(block)) < len(block) / 2:
                continue
            for sentence in SENTENCE.findall(block):
                sentence = sentence.strip()
                if len(sentence) >= 6:
                    sentences.add(sentence)
    return sorted(sentences)


def make_articles(n: int, sentences: list[str], seed: int) -> Iterator[Article]:
    rng = random.Random(seed)
    people = sorted(
        {s + g + (rng.choice(GIVEN) if rng.random() < 0.5 else "") for s in SURNAMES for g in GIVEN}
    )
    authors = rng.sample(people, 400)
    editors = rng.sample(people, 60)
    for i in range(n):
        body = ["".join(rng.choices(sentences, k=rng.randint(2, 4))) for _ in range(3)]
        title = rng.choice(sentences).strip("。！？!?；;")[:30]
        day = Published.beijing(
            rng.randint(2015, 2025),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
        )
        yield Article(
            url=f"http://bench.example.cn/{i // 1000}/{i}.html",
            site=rng.choice(SITES),
            title=title,
            authors=rng.sample(authors, rng.choice((0, 1, 1, 1, 2))),
            editors=rng.sample(editors, rng.choice((0, 1, 1))),
            source=rng.choice(SOURCES),
            channel=rng.choice(CHANNELS),
            published_at=day,
            body=body,
        )


def query_mix(
    sentences: list[str], rng: random.Random, article_authors: list[str]
) -> list[tuple[str, str, dict]]:
    words: Counter[str] = Counter()
    for sentence in sentences:
        for run in re.findall(r"[\u4e00-\u9fff]+", sentence):
            words.update(run[i : i + 2] for i in range(len(run) - 1))
    ranked = [w for w, _ in words.most_common()]
    common = ranked[:8]
    rare = rng.sample([w for w, c in words.items() if c == 1], 8)
    phrases = []
    for sentence in rng.sample(sentences, 8):
        runs = [r for r in re.findall(r"[\u4e00-\u9fff]+", sentence) if len(r) >= 6]
        if runs:
            run = rng.choice(runs)
            start = rng.randint(0, len(run) - 6)
            phrases.append(run[start : start + rng.randint(4, 6)])
    mix: list[tuple[str, str, dict]] = []
    mix += [("common word", w, {}) for w in ["工会", "职工", *common[:6]]]
    mix += [("rare word", w, {}) for w in rare]
    mix += [("phrase", f'"{p}"', {}) for p in phrases]
    mix += [("traditional", q, {}) for q in ["工會", "職工技能大賽", "勞動", "總工會 職工"]]
    mix += [("1 character", q, {}) for q in ["劳", "赛", "會"]]
    mix += [
        ("words AND/OR/-", q, {})
        for q in [f"{common[0]} {common[1]}", f"{rare[0]} OR {rare[1]}", f"工会 -{common[2]}"]
    ]
    mix += [
        ("filter", "工会", {"site": "workercn"}),
        ("filter", "职工", {"since": "2024-01", "until": "2024-06"}),
    ]
    mix += [("filter", "", {"author": a}) for a in article_authors[:3]]
    mix += [
        ("filter", f"author:{article_authors[3]} 工作", {}),
        ("filter", "", {"source": "工人日报", "since": "2025-06"}),
    ]
    mix += [
        ("filter", "技能", {"channel": "劳模"}),
        ("sort date", "工会", {"sort": "date"}),
        ("sort date", "", {"sort": "date"}),
    ]
    mix += [("paging", "职工", {"offset": 200})]
    return mix


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def bench_backend(
    name: str, url: str, lines: list[bytes], mix: list[tuple[str, str, dict]], repeat: int, workers: int
) -> dict:
    archive = Archive(url)
    started = time.perf_counter()
    report = archive.import_lines(lines, batch_size=2000, workers=workers)
    elapsed = time.perf_counter() - started
    assert not report.errors, report.errors[:3]
    rate = report.new / elapsed
    print(
        f"[{name}] imported {report.new:,} articles in {elapsed:.1f} s = {rate:,.0f} articles/s"
        f" ({workers} preparing worker process{'es' if workers != 1 else ''})",
        flush=True,
    )
    again = time.perf_counter()
    second = archive.import_lines(lines[:10_000], batch_size=2000, workers=workers)
    print(
        f"[{name}] re-import of {second.read:,} lines: {second.unchanged:,} unchanged, {second.new} new "
        f"({second.read / (time.perf_counter() - again):,.0f} lines/s)",
        flush=True,
    )
    timings: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for category, query, options in mix:
        archive.search(query, **options)
        for _ in range(repeat):
            result = archive.search(query, **options)
            timings.setdefault(category, []).append(result.took_ms)
        totals[f"{category}: {query} {options or ''}".strip()] = result.total
    every = [t for values in timings.values() for t in values]
    print(
        f"[{name}] {len(mix)} queries x {repeat}: p50 {percentile(every, 0.5):.1f} ms, p95 {percentile(every, 0.95):.1f} ms, max {max(every):.1f} ms"
    )
    for category, values in timings.items():
        print(
            f"[{name}]   {category:<16} p50 {percentile(values, 0.5):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"
        )
    return {"rate": rate, "p50": percentile(every, 0.5), "p95": percentile(every, 0.95), "totals": totals}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", "--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--pg", default="host=127.0.0.1 port=5432 user=postgres dbname=test", help="libpq admin DSN"
    )
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--workers",
        type=int,
        default=prepare_workers(),
        help="import's preparing processes (default: as `union-archive import`, %(default)s here)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    sentences = corpus_sentences(CORPUS)
    articles = list(make_articles(args.articles, sentences, args.seed))
    lines = [json.dumps(a.to_dict(), ensure_ascii=False).encode() + b"\n" for a in articles]
    chars = sum(len(a.title) + sum(len(p) for p in a.body) for a in articles)
    print(
        f"corpus: {len(sentences):,} sentences from {CORPUS}; {len(articles):,} articles, "
        f"{chars / 1e6:.1f} M characters, {sum(map(len, lines)) / 1e6:.0f} MB JSONL "
        f"(built in {time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    authors = Counter(name for a in articles for name in a.authors)
    mix = query_mix(sentences, random.Random(args.seed), [name for name, _ in authors.most_common()])
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
            results["sqlite"] = bench_backend("sqlite", url, lines, mix, args.repeat, args.workers)
            get_engine(url).dispose()
    if not args.no_pg:
        name = f"ua_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            info = admin.info
            url = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}"
        try:
            results["postgresql"] = bench_backend("postgresql", url, lines, mix, args.repeat, args.workers)
        finally:
            get_engine(url).dispose()
            with psycopg.connect(args.pg, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if len(results) == 2:
        differ = {
            k: (v, results["postgresql"]["totals"][k])
            for k, v in results["sqlite"]["totals"].items()
            if v != results["postgresql"]["totals"][k]
        }
        print(
            f"same result counts on both backends: {not differ}" + (f" (differ: {differ})" if differ else "")
        )
    targets = {"sqlite": (2000, 10, 50), "postgresql": (None, None, 100)}
    for backend, figures in results.items():
        rate, p50, p95 = targets[backend]
        checks = []
        if rate:
            checks.append(
                f"import {figures['rate']:,.0f}/s >= {rate:,}: {'met' if figures['rate'] >= rate else 'MISSED'}"
            )
        if p50:
            checks.append(
                f"p50 {figures['p50']:.1f} <= {p50} ms: {'met' if figures['p50'] <= p50 else 'MISSED'}"
            )
        checks.append(f"p95 {figures['p95']:.1f} <= {p95} ms: {'met' if figures['p95'] <= p95 else 'MISSED'}")
        print(f"targets [{backend}]: " + "; ".join(checks))


if __name__ == "__main__":
    main()
