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
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
from lxml import html

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import search_table  # noqa: E402
from sqlalchemy import text  # noqa: E402

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
    # 发展 is in about half the articles (56% here): counted, ranked, dated and filtered.
    mix += [("half the archive", "发展", options) for options in ({}, {"sort": "date"}, {"source": "中工网"})]
    return mix


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def article_lines(n: int, sentences: list[str], seed: int, every: int) -> Iterator[bytes]:
    """The JSON lines of the archive: `n` made articles with the planted ones among them."""
    plants = dict(search_table.planted(n, every))
    for position, article in enumerate(make_articles(n, sentences, seed)):
        if position in plants:
            yield json.dumps(plants[position].to_dict(), ensure_ascii=False).encode() + b"\n"
        yield json.dumps(article.to_dict(), ensure_ascii=False).encode() + b"\n"


def build(name: str, url: str, lines: Iterator[bytes], workers: int, sidecar: Path | None) -> dict:
    """Import the lines (or, with a cache, reuse the archive built before): rate and peak memory."""
    if sidecar is not None and sidecar.exists():
        figures = json.loads(sidecar.read_text())
        print(f"[{name}] cached archive ({figures['new']:,} articles): import figures are from its build", flush=True)
        return figures
    started = time.perf_counter()
    report = Archive(url).import_lines(lines, batch_size=2000, workers=workers)
    elapsed = time.perf_counter() - started
    assert not report.errors, report.errors[:3]
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    figures = {"new": report.new, "seconds": elapsed, "rate": report.new / elapsed, "rss_mb": rss / 1024}
    if sidecar is not None:
        sidecar.write_text(json.dumps(figures))
    return figures


def bench_backend(name: str, url: str, figures: dict, lines: list[bytes], mix: list[tuple[str, str, dict]], repeat: int, workers: int) -> dict:
    print(
        f"[{name}] imported {figures['new']:,} articles in {figures['seconds']:.1f} s = {figures['rate']:,.0f} articles/s"
        f" ({workers} preparing worker process{'es' if workers != 1 else ''}; peak RSS {figures['rss_mb']:,.0f} MB)",
        flush=True,
    )
    archive = Archive(url)
    again = time.perf_counter()
    second = archive.import_lines(lines, batch_size=2000, workers=workers)
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
    return {**figures, "p50": percentile(every, 0.5), "p95": percentile(every, 0.95), "totals": totals}


def size_per_article(url: str, articles: int) -> float:
    """Bytes of the database (SQLite: the file and its WAL; PostgreSQL: the database) per article."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / articles
    with get_engine(url).connect() as connection:
        return connection.scalar(text("SELECT pg_database_size(current_database())")) / articles


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--pg", default="host=127.0.0.1 port=5432 user=postgres dbname=test", help="libpq admin DSN")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--cache", type=Path, help="keep the built archives here (SQLite file, PostgreSQL database) and reuse them"
    )
    parser.add_argument(
        "--workers", type=int, default=prepare_workers(),
        help="import's preparing processes (default: as `union-archive import`, %(default)s here)",
    )  # fmt: skip
    return parser.parse_args()


def _pg_url(admin_dsn: str, name: str, reuse: bool) -> str:
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not reuse:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not reuse:
            admin.execute(f'CREATE DATABASE "{name}"')
        info = admin.info
        return f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}"


def main() -> None:
    args = _arguments()
    sentences = corpus_sentences(CORPUS)
    every = max(2, args.articles // 20)
    plants = [position for position, _ in search_table.planted(args.articles, every)]
    expected = [position + 1 + k for k, position in enumerate(plants)]
    total = args.articles + len(plants)
    sample = list(make_articles(min(args.articles, 20_000), sentences, args.seed))
    authors = Counter(name for a in sample for name in a.authors)
    mix = query_mix(sentences, random.Random(args.seed), [name for name, _ in authors.most_common()])
    again = [json.dumps(a.to_dict(), ensure_ascii=False).encode() + b"\n" for a in sample[:10_000]]
    print(f"corpus: {len(sentences):,} sentences from {CORPUS}; {total:,} articles ({len(plants)} planted)", flush=True)
    tag = f"{args.articles}-{args.seed}"
    results: dict[str, dict] = {}
    agreed: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.cache or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        urls = {}
        if not args.no_sqlite:
            sqlite_file = folder / f"search-{tag}.sqlite"
            if not args.cache:
                sqlite_file.unlink(missing_ok=True)
            urls["sqlite"] = f"sqlite:///{sqlite_file}"
        if not args.no_pg:
            urls["postgresql"] = _pg_url(args.pg, f"ua_bench_{tag.replace('-', '_')}", args.cache is not None)
        for name, url in urls.items():
            sidecar = folder / f"search-{tag}-{name}.json" if args.cache else None
            lines = article_lines(args.articles, sentences, args.seed, every)
            figures = build(name, url, lines, args.workers, sidecar)
            results[name] = bench_backend(name, url, figures, again, mix, args.repeat, args.workers)
            rows, agreed[name] = search_table.table(name, url, args.repeat)
            size = size_per_article(url, total)
            print(f"[{name}] {'database size per article':<44} {size:10,.0f} B (<= 3,500 B){' met' if size <= 3500 else ' MISSED'}")
            target = 3000 if name == "sqlite" else 2000
            print(f"[{name}] {'import rate':<44} {figures['rate']:10,.0f} /s (>= {target:,} /s){' met' if figures['rate'] >= target else ' MISSED'}")
            print(f"[{name}] {'import peak RSS':<44} {figures['rss_mb']:10,.0f} MB (<= 500 MB){' met' if figures['rss_mb'] <= 500 else ' MISSED'}")
            for row in rows:
                print(row.line(name))
            problems = search_table.planted_problems(url, expected)
            print(f"[{name}] planted articles: " + ("all found" if not problems else "; ".join(problems)), flush=True)
            get_engine(url).dispose()
            if name == "postgresql" and not args.cache:
                with psycopg.connect(args.pg, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
    if len(results) == 2:
        differ = {k: v for k, v in results["sqlite"]["totals"].items() if v != results["postgresql"]["totals"][k]}
        print(f"same result counts on both backends: {not differ}" + (f" (differ: {differ})" if differ else ""))
        same = agreed["sqlite"] == agreed["postgresql"]
        print(f"same results of the table's queries on both backends: {same}")


if __name__ == "__main__":
    main()
