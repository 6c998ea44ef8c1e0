"""Reprint detection benchmark (issue 16): precision and recall per kind of edit, hard negatives,
and the cost of linking (per article at N articles, a whole archive's pass, index bytes).

Run from the project root (needs ../shared/corpus):

    .venv/bin/python bench/reprint_eval.py [--articles 100000] [--workers 2] [--seed 16] [-v]
        [--db sqlite] [--db postgresql+psycopg://127.0.0.1/test]

`--db` (repeatable; default sqlite) names the backends measured: `sqlite` (a temporary file), or
a PostgreSQL URL: a scratch database is created on that server for each measurement and dropped
after (the database the URL names is only connected to, to create it).

Quality: the labelled set of `bench/reprint_cases.py` is stored through the store's one write path
(`archive.store.store_articles`, which links as it stores) into a new archive; each
copy counts as found when it is in its original's cluster. Precision counts the pairs of
articles the clusters put together (per kind: the pairs a copy of that kind is in); a hard
negative pair is kept apart when its two articles are in different clusters.

Cost: `--articles` synthetic articles (characters drawn with the corpus's character frequencies,
800-2,000 per article: unrelated stories) are inserted as rows, then linked in one pass
(`archive.relink.link_all`, `--workers` processes): the rate and the 1,000,000-article estimate;
the index bytes per article (SQLite: the file's growth over the pass; PostgreSQL: the growth of
`pg_total_relation_size` of the reprint tables, heap, indexes and TOAST, right after the pass and
after VACUUM); then 200 articles more, each linked alone as the store links a batch of one (ms per
article, mean and p95).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive import models  # noqa: E402
from archive.db import get_engine, transaction  # noqa: E402
from archive.relink import link_all  # noqa: E402
from archive.reprints import link, prepare_text  # noqa: E402
from archive.store import store_articles  # noqa: E402
from bench.reprint_cases import EDITS, CaseSet, build, corpus_stories  # noqa: E402
from core.reprints import verify  # noqa: E402

TARGETS = {"precision": 0.98, "recall": 0.95, "link_ms": 5.0, "million_minutes": 15.0, "bytes": 300}


def clusters_of(url: str, cases: CaseSet) -> dict[str, int | None]:
    """Each case's cluster id (None: no copy found) after storing them all."""
    articles = [case.article for case in cases.cases]
    with transaction(url) as session:
        for start in range(0, len(articles), 100):
            store_articles(session, articles[start : start + 100])
    with get_engine(url).connect() as connection:
        by_url = dict(
            connection.execute(
                select(models.Article.canonical_url, models.ReprintLink.cluster_id).join(
                    models.ReprintLink, models.ReprintLink.article_id == models.Article.id
                )
            ).all()
        )
    return {case.key: by_url.get(case.article.url) for case in cases.cases}


REPRINT_TABLES = ("reprint_links", "reprint_bands", "reprint_clusters")


@contextlib.contextmanager
def scratch(db: str, name: str) -> Iterator[tuple[str, Callable[[], float]]]:
    """A new, empty archive on backend `db` (see the module notes) and what its reprint index
    takes on disk now (bytes; SQLite: the file, after a WAL checkpoint; PostgreSQL: the reprint
    tables' total relation size)."""
    if db == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{name}.sqlite"
            url = f"sqlite:///{path}"

            def file_size() -> float:
                with get_engine(url).connect() as connection:
                    connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
                return path.stat().st_size

            get_engine(url)
            yield url, file_size
            get_engine(url).dispose()
        return
    server = make_url(db)
    database = f"reprint_eval_{name}_{os.getpid()}"
    admin = create_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {database}"))
        connection.execute(text(f"CREATE DATABASE {database}"))
    url = server.set(database=database).render_as_string(hide_password=False)
    tables = ", ".join(f"'{table}'" for table in REPRINT_TABLES)

    def relation_size() -> float:
        with get_engine(url).connect() as connection:
            query = f"SELECT sum(pg_total_relation_size(oid)) FROM pg_class WHERE relname IN ({tables})"
            return float(connection.execute(text(query)).scalar_one())

    try:
        get_engine(url)
        yield url, relation_size
    finally:
        get_engine(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
        admin.dispose()


def vacuum(url: str) -> None:
    """VACUUM the reprint tables (PostgreSQL; what a live archive's autovacuum does)."""
    with get_engine(url).connect() as connection:
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        for table in REPRINT_TABLES:
            connection.execute(text(f"VACUUM {table}"))


def quality(cases: CaseSet, verbose: bool, db: str = "sqlite") -> dict[str, float]:
    with scratch(db, "quality") as (url, _):
        found = clusters_of(url, cases)
    group = {case.key: case.group for case in cases.cases}
    kind = {case.key: case.kind for case in cases.cases}
    members: dict[int, list[str]] = defaultdict(list)
    for key, cluster in found.items():
        if cluster is not None:
            members[cluster].append(key)
    pairs = [(a, b) for keys in members.values() for a, b in combinations(sorted(keys), 2)]
    right = Counter()
    total = Counter()
    for a, b in pairs:
        for k in {kind[a], kind[b]} - {"original"} or {"original"}:
            total[k] += 1
            right[k] += group[a] == group[b]
        if verbose and group[a] != group[b]:
            print(f"  false pair: {a} + {b}")
    originals = {case.group: case.key for case in cases.cases if case.kind == "original"}
    texts = {case.key: prepare_text(case.article.body) for case in cases.cases}
    keys = {key: set(found.keys) for key, found in texts.items()}
    verified = Counter()
    recall = Counter()
    copies = Counter()
    direct = Counter()
    for case in cases.cases:
        if case.kind in EDITS:
            copies[case.kind] += 1
            direct[case.kind] += bool(keys[case.key] & keys[originals[case.group]])
            verified[case.kind] += verify(texts[case.key].shingled, texts[originals[case.group]].shingled).copy
            cluster = found[case.key]
            hit = cluster is not None and cluster == found[originals[case.group]]
            recall[case.kind] += hit
            if verbose and not hit:
                print(f"  missed: {case.key}")
    print(f"{'kind of edit':<14} {'copies':>6} {'recall':>8} {'LSH pair':>8} {'verified':>8} {'pairs':>6} {'precision':>9}")
    for k in EDITS:
        precision = right[k] / total[k] if total[k] else 1.0
        print(
            f"{k:<14} {copies[k]:>6} {recall[k] / copies[k]:>8.3f} {direct[k] / copies[k]:>8.3f}"
            f" {verified[k] / copies[k]:>8.3f}"
            f" {total[k]:>6} {precision:>9.3f}"
        )
    all_right, all_pairs = sum(right.values()), sum(total.values())
    overall = {
        "recall": sum(recall.values()) / sum(copies.values()),
        "precision": all_right / all_pairs if all_pairs else 1.0,
    }
    lsh, checked = (sum(found.values()) / sum(copies.values()) for found in (direct, verified))
    print(
        f"{'all':<14} {sum(copies.values()):>6} {overall['recall']:>8.3f} {lsh:>8.3f} {checked:>8.3f}"
        f" {all_pairs:>6} {overall['precision']:>9.3f}"
    )
    print(
        "(recall: in the original's cluster; LSH pair: shares a band key with the original itself;"
        " verified: core.reprints.verify takes it for a copy of the original itself)"
    )
    apart = Counter()
    seen = Counter()
    for name, a, b in cases.negatives:
        seen[name] += 1
        kept = found[a] is None or found[a] != found[b]
        apart[name] += kept
        if verbose and not kept:
            print(f"  negative joined: {a} + {b}")
    print("hard negatives kept apart: " + ", ".join(f"{n} {apart[n]}/{seen[n]}" for n in sorted(seen)))
    overall["negatives_apart"] = sum(apart.values()) / max(1, sum(seen.values()))
    return overall


def _alphabet() -> tuple[list[str], list[int]]:
    counts = Counter(ch for _, _, body in corpus_stories() for p in body for ch in p if "\u4e00" <= ch <= "\u9fff")
    chars = sorted(counts)
    return chars, [counts[c] for c in chars]


def _synthetic(rng: random.Random, chars: list[str], weights: list[int]) -> list[str]:
    size = rng.randint(800, 2000)
    letters = "".join(rng.choices(chars, weights, k=size))
    return [letters[i : i + 200] + "。" for i in range(0, size, 200)]


def _insert(url: str, start: int, count: int, rng: random.Random, alphabet: tuple[list[str], list[int]]) -> list[int]:
    rows = [
        {
            "site_id": 1,
            "canonical_url": f"http://synthetic.example/{n}",
            "url": f"http://synthetic.example/{n}",
            "content_hash": f"{n:064d}",
            "title": f"synthetic {n}",
            "body": _synthetic(rng, *alphabet),
        }
        for n in range(start, start + count)
    ]
    with transaction(url) as session:
        connection = session.connection()
        if start == 0:
            connection.execute(insert(models.Site.__table__).values(id=1, name="synthetic"))
        connection.execute(insert(models.Article.__table__), rows)
        return list(connection.execute(select(models.Article.id).where(models.Article.id > start)).scalars())


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pass's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _link_each(url: str, ids: list[int]) -> list[float]:
    """Milliseconds linking each of these articles alone (a transaction each, as the store links
    a batch of one; the commit is not counted)."""
    times = []
    for article_id in ids:
        with transaction(url) as session:
            tick = time.perf_counter()
            link(session.connection(), [article_id])
            times.append((time.perf_counter() - tick) * 1000)
    return times


def cost(articles: int, workers: int, seed: int, db: str = "sqlite") -> dict[str, float]:
    rng = random.Random(seed)
    alphabet = _alphabet()
    with scratch(db, "cost") as (url, size):
        for start in range(0, articles, 10_000):
            _insert(url, start, min(10_000, articles - start), rng, alphabet)
        before = size()
        started, cpu_started = time.perf_counter(), _cpu()
        done = link_all(url, workers=workers)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu_started
        index_bytes = (size() - before) / articles
        vacuumed = None
        if db != "sqlite":
            vacuum(url)
            vacuumed = (size() - before) / articles
        times = _link_each(url, _insert(url, articles, 200, rng, alphabet))
    rate = done.articles / seconds
    cpu_rate = done.articles / (cpu / max(1, workers))
    figures = {
        "rate": rate,
        "million_minutes": 1_000_000 / rate / 60,
        "million_minutes_cpu": 1_000_000 / cpu_rate / 60,
        "bytes": index_bytes if vacuumed is None else vacuumed,
        "link_ms": statistics.mean(times),
        "link_p95_ms": sorted(times)[int(len(times) * 0.95)],
    }
    backend = "SQLite" if db == "sqlite" else "PostgreSQL"
    print(
        f"{backend}: one pass over {articles:,} articles ({workers} workers): {seconds:.1f} s, {rate:,.0f} articles/s;"
        f" 1,000,000 estimated {figures['million_minutes']:.1f} min (target <= {TARGETS['million_minutes']:.0f})"
    )
    print(
        f"  CPU time of the pass (this process and its workers): {cpu:.1f} s; on {max(1, workers)} idle cores"
        f" 1,000,000 would take {figures['million_minutes_cpu']:.1f} min (the machine is shared: wall time varies)"
    )
    after = "" if vacuumed is None else f"; after VACUUM {vacuumed:.0f}"
    print(f"  index: {index_bytes:.0f} bytes per article{after} (target <= {TARGETS['bytes']})")
    print(
        f"  linking one new article at {articles:,}: {figures['link_ms']:.2f} ms mean,"
        f" {figures['link_p95_ms']:.2f} ms p95 (target <= {TARGETS['link_ms']:.0f})"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--db", action="append", help="sqlite, or a PostgreSQL URL (repeatable; default sqlite)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    backends = args.db or ["sqlite"]
    cases = build(args.seed)
    originals = sum(case.kind == "original" for case in cases.cases)
    print(f"labelled set: {originals} stories, {len(cases.cases)} articles, {len(cases.negatives)} hard-negative pairs")
    for db in backends:
        print(f"--- {'SQLite' if db == 'sqlite' else 'PostgreSQL'} ---")
        figures = quality(cases, args.verbose, db)
        print(
            f"targets: precision {figures['precision']:.3f} (>= {TARGETS['precision']}), recall {figures['recall']:.3f}"
            f" (>= {TARGETS['recall']}), hard negatives apart {figures['negatives_apart']:.0%} (all)"
        )
    for db in backends if args.articles else []:
        cost(args.articles, args.workers, args.seed, db)


if __name__ == "__main__":
    main()
