"""Web benchmark: the search page (results, facets, timeline, site drop-down) on an N-article archive.

    .venv/bin/python bench/web_bench.py                  # 100,000 articles, SQLite
    .venv/bin/python bench/web_bench.py -n 20000 --pg     # also PostgreSQL

The archive is built as bench/search_bench.py builds it (the same corpus builder and query mix,
which includes words found in about half the articles). Each query of the mix is requested as
the page `/?q=...` through the WSGI app in this process (routing, search, facets, rendering;
no socket), once cold, then `--repeat` times; the wall time of each request is timed. Figures are
printed; this is not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import CORPUS, corpus_sentences, make_articles, percentile, query_mix  # noqa: E402

from archive.api import Archive  # noqa: E402
from archive.db import get_engine  # noqa: E402
from archive.exchange import prepare_workers  # noqa: E402
from web import create_app  # noqa: E402


def page_url(query: str, options: dict) -> str:
    return "/?" + urlencode({"q": query, **options})


def bench_pages(name: str, url: str, lines: list[bytes], mix: list[tuple[str, str, dict]], repeat: int) -> None:
    started = time.perf_counter()
    if lines:
        report = Archive(url).import_lines(lines, batch_size=2000, workers=prepare_workers())
        print(f"[{name}] imported {report.new:,} articles in {time.perf_counter() - started:.1f} s", flush=True)
    stored = Archive(url).counts()["articles"]
    client = create_app(url).test_client()
    timings: dict[str, list[float]] = {}
    every: list[float] = []
    for category, query, options in mix:
        path = page_url(query, options)
        assert client.get(path).status_code == 200, path
        for _ in range(repeat):
            began = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - began) * 1000
            assert response.status_code == 200 and (b"<svg" in response.data or b"0 of 0" in response.data), path
            timings.setdefault(category, []).append(elapsed)
            every.append(elapsed)
    for word in ("工会", "发展"):
        found = Archive(url).search(word, limit=0)
        about = "" if found.total_exact else "about "
        print(f"[{name}] '{word}' matches {about}{found.total:,} of {stored:,} articles ({found.total / max(stored, 1):.0%})")
    print(
        f"[{name}] search page, {len(mix)} queries x {repeat}: p50 {percentile(every, 0.5):.1f} ms, "
        f"p95 {percentile(every, 0.95):.1f} ms, max {max(every):.1f} ms"
    )
    for category, values in timings.items():
        print(f"[{name}]   {category:<16} p50 {percentile(values, 0.5):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--pg", nargs="?", const="host=127.0.0.1 port=5432 user=postgres dbname=test",
                        help="also PostgreSQL (libpq admin DSN)")
    parser.add_argument("--db", help="an archive search_bench.py built (--cache) with the same -n and --seed: no import")
    args = parser.parse_args()
    sentences = corpus_sentences(CORPUS)
    articles = list(make_articles(args.articles, sentences, args.seed))
    lines = [json.dumps(a.to_dict(), ensure_ascii=False).encode() + b"\n" for a in articles]
    authors = Counter(name for a in articles for name in a.authors)
    mix = query_mix(sentences, random.Random(args.seed), [name for name, _ in authors.most_common()])
    if args.db:
        bench_pages(args.db.split(":", 1)[0], args.db, [], mix, args.repeat)
        return
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
        bench_pages("sqlite", url, lines, mix, args.repeat)
        get_engine(url).dispose()
    if args.pg:
        name = f"ua_webbench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(args.pg, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            info = admin.info
        url = f"postgresql+psycopg://{info.user}@{info.host}:{info.port}/{name}"
        try:
            bench_pages("postgresql", url, lines, mix, args.repeat)
        finally:
            get_engine(url).dispose()
            with psycopg.connect(args.pg, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
