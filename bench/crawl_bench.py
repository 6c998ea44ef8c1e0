"""Crawl throughput: a bare fetch-only spider against the full pipeline, on the same 2,000-page mirror.

    .venv/bin/python bench/crawl_bench.py [--articles 2000]

Serves the articles (demo template, list pages of 50) from the local mirror and crawls them with
politeness off, once with a spider that only fetches and once with `people_acftu` and every
pipeline into a fresh SQLite archive (plus WARC capture), each in its own process. Prints pages/s
of both, their ratio (target >= 0.5) and each process's peak RSS (target < 300 MB). The CPU time
per page of each crawl (its process's, from start to close) is printed too: on a shared machine
it varies less than the wall-clock rates.
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from mirror.build_demo import HEADERS, HOST, LIST_TEMPLATE, DemoArticle, render_article  # noqa: E402
from mirror.server import Mirror, MirrorServer, Recorded  # noqa: E402

PER_LIST = 50
UNPOLITE = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "ROBOTSTXT_OBEY": False,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
}
PARAGRAPHS = [
    "各级工会深入企业车间和职工家庭开展走访慰问，详细了解职工生产生活中的困难和诉求。",
    "慰问组为困难职工送去慰问金和生活用品，并就技能培训、法律援助和心理疏导作出安排。",
    "有关负责人表示，工会将持续做好服务职工工作，推动各项惠工政策落地见效。",
]


def article(number: int) -> DemoArticle:
    month, day = 1 + (number // 28) % 12, 1 + number % 28
    return DemoArticle(
        path=f"/n1/2023/{month:02d}{day:02d}/c67502-{41000000 + number}.html",
        title=f"基层工会服务职工工作纪实（{number}）",
        published=f"2023-{month:02d}-{day:02d} 09:{number % 60:02d}",
        source="工人日报",
        source_url="https://www.workercn.cn/",
        editors=["刘琼"],
        authors=["张华"],
        byline="本报记者  张  华",
        body=[f"{p}（第{number}篇）" for p in PARAGRAPHS] * 3,
    )


def build_mirror(count: int) -> Mirror:
    mirror = Mirror()
    articles = [article(n) for n in range(count)]
    for item in articles:
        mirror.add(Recorded(item.url, 200, dict(HEADERS), render_article(item).encode("gb18030")))
    pages = [articles[i : i + PER_LIST] for i in range(0, count, PER_LIST)]
    for number, chunk in enumerate(pages, start=1):
        items = "\n".join(f'<li><a href="{a.path}">{html.escape(a.title)}</a></li>' for a in chunk)
        pager = f'<a href="/GB/67502/index{number + 1}.html">下一页</a>' if number < len(pages) else ""
        name = "index.html" if number == 1 else f"index{number}.html"
        body = LIST_TEMPLATE.format(items=items, pager=pager).encode("gb18030")
        mirror.add(Recorded(f"http://{HOST}/GB/67502/{name}", 200, dict(HEADERS), body))
    return mirror


def worker(mode: str, mirror_url: str, workdir: Path) -> dict[str, Any]:
    """One crawl in this process; returns its measurements."""
    import re

    import scrapy
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from core.sites import BUILTIN
    from scraper.crawl import project_settings

    spec = BUILTIN.portal("people_acftu")
    assert spec is not None
    article_re, list_re = re.compile(spec.article_url), re.compile(spec.list_url)

    class BareSpider(scrapy.Spider):
        """Fetch list pages and articles; do nothing with them."""

        name = "bare"

        async def start(self) -> Any:
            for url in spec.start_urls:
                yield scrapy.Request(url, callback=self.parse_list)

        def parse_list(self, response: Any) -> Iterator[scrapy.Request]:
            for href in response.css("a::attr(href)").getall():
                url = response.urljoin(href)
                if article_re.search(url):
                    yield scrapy.Request(url, callback=self.parse_article)
                elif list_re.search(url):
                    yield scrapy.Request(url, callback=self.parse_list)

        def parse_article(self, response: Any) -> Iterator[Any]:
            return iter(())

    overrides: dict[str, Any] = {
        **UNPOLITE,
        "ARCHIVE_MIRROR": mirror_url,
        "ARCHIVE_DATA_DIR": str(workdir / "data"),
    }
    if mode == "bare":
        overrides.update(
            ITEM_PIPELINES={}, ARCHIVE_WARC_ENABLED=False, ARCHIVE_STORE_ENABLED=False, EXTENSIONS={}
        )
    else:
        overrides["ARCHIVE_DB"] = f"sqlite:///{workdir / 'bench.sqlite'}"
    process = CrawlerProcess(project_settings(overrides))
    crawler = process.create_crawler(BareSpider if mode == "bare" else "people_acftu")
    moments: list[float] = []

    def mark(**_: Any) -> None:
        moments.append(time.monotonic())

    crawler.signals.connect(mark, signal=signals.response_received)
    crawler.signals.connect(mark, signal=signals.item_scraped)
    process.crawl(crawler)
    cpu_before = _cpu_seconds()
    process.start()
    cpu = _cpu_seconds() - cpu_before
    stats = crawler.stats.get_stats() if crawler.stats else {}
    elapsed = float(stats["elapsed_time_seconds"])
    responses = int(stats.get("downloader/response_count", 0))
    steady = max(moments) - min(moments)
    return {
        "mode": mode,
        "responses": responses,
        "items": int(stats.get("item_scraped_count", 0)),
        "articles_new": int(stats.get("archive/articles_new", 0)),
        "seconds": elapsed,
        "pages_per_s": responses / elapsed,
        "steady_pages_per_s": responses / steady,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu_ms_per_page": 1000 * cpu / responses,
    }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_worker(mode: str, mirror_url: str, workdir: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", mode, "--mirror", mirror_url, "--workdir", str(workdir)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} crawl failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--worker", choices=["bare", "full"])
    parser.add_argument("--mirror")
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.mirror, args.workdir)))
        return
    started = time.monotonic()
    mirror = build_mirror(args.articles)
    lists = -(-args.articles // PER_LIST)
    print(
        f"mirror: {args.articles} article pages + {lists} list pages (built in {time.monotonic() - started:.1f} s)"
    )
    with tempfile.TemporaryDirectory() as tmp, MirrorServer(mirror) as server:
        results = {mode: run_worker(mode, server.url, Path(tmp) / mode) for mode in ("bare", "full")}
    for mode, result in results.items():
        label = "bare fetch-only spider" if mode == "bare" else "full pipeline -> SQLite"
        print(
            f"{label:24s} {result['responses']:5d} pages in {result['seconds']:6.2f} s = "
            f"{result['pages_per_s']:6.1f} pages/s (first to last response: {result['steady_pages_per_s']:6.1f}); "
            f"{result['articles_new']} articles stored; peak RSS {result['peak_rss_mb']:.0f} MB; "
            f"CPU {result['cpu_ms_per_page']:.2f} ms/page"
        )
    ratio = results["full"]["pages_per_s"] / results["bare"]["pages_per_s"]
    steady = results["full"]["steady_pages_per_s"] / results["bare"]["steady_pages_per_s"]
    peak = max(r["peak_rss_mb"] for r in results.values())
    cpu = results["bare"]["cpu_ms_per_page"] / results["full"]["cpu_ms_per_page"]
    print(f"ratio full/bare: {ratio:.2f}, first to last response {steady:.2f}, CPU per page {cpu:.2f} "
          f"(target >= 0.5: {'met' if ratio >= 0.5 else 'MISSED'})")
    print(f"peak memory: {peak:.0f} MB (target < 300 MB: {'met' if peak < 300 else 'MISSED'})")


if __name__ == "__main__":
    main()
