"""Extraction benchmark: per-field accuracy on the labelled corpus, ours beside GNE, trafilatura and
newspaper4k, plus extraction speed (ours vs trafilatura on the same pages, in one run, CPU time).

    python bench/extraction_eval.py [--corpus DIR] [--verbose] [--repeat N]

Scoring (core/sites/evaluation.py, shared with the tests): every field is compared exactly after
whitespace collapse. `published_at` is compared as `YYYY-MM-DD[ HH:MM[:SS]]` at the precision the
tool reports (ours: as displayed on the page). `body_first`/`body_last` compare the label's (up to)
15 characters with the start of the first / end of the last paragraph. `url` is the page URL the
tool reports (the crawler's URL is passed in where INDEX.tsv has one, as a crawl would). A tool that
has no output for a field scores only where the label is empty; such cells are marked `*`.
"Fully right" = title, authors, editors, source and published_at all right.

Then the same tools on the metamorphic variants of every page (bench/metamorphic.py: the page as a
different CMS would write it); there "fully right" also needs body_first and body_last.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import metamorphic  # noqa: E402
from core.decode import decode_html  # noqa: E402
from core.sites import common, evaluation, extract  # noqa: E402

Extractor = Callable[[str | None, str], dict[str, Any]]
# Fields each competitor has no output for (scored only where the label is empty).
NOT_EXTRACTED = {
    "gne": {"subtitle", "pretitle", "editors", "source", "url"},
    "trafilatura": {"subtitle", "pretitle", "editors", "source"},
    "newspaper4k": {"subtitle", "pretitle", "editors", "source"},
}


def ours(url: str | None, html: str) -> dict[str, Any]:
    return evaluation.label_view(extract(url, html))


def _paragraph_view(text: str | None) -> tuple[str | None, str | None]:
    paragraphs = [common.collapse(line) for line in (text or "").splitlines() if common.collapse(line)]
    return (paragraphs[0], paragraphs[-1]) if paragraphs else (None, None)


def _date_text(value: Any) -> str | None:
    """A competitor's date as `YYYY-MM-DD[ HH:MM[:SS]]`, at the precision it gives."""
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.strip():
        return evaluation.published_label(common.parse_date(value.replace("T", " ")))
    return None


def _empty_view() -> dict[str, Any]:
    return {field: None for field in evaluation.FIELDS} | {"authors": [], "editors": []}


def load_gne() -> Extractor:
    from gne import GeneralNewsExtractor

    extractor = GeneralNewsExtractor()

    def run(url: str | None, html: str) -> dict[str, Any]:
        result = extractor.extract(html)
        first, last = _paragraph_view(result.get("content"))
        author = common.collapse(result.get("author"))
        return _empty_view() | {
            "title": common.collapse(result.get("title")) or None,
            "authors": [author] if author else [],
            "published_at": _date_text(result.get("publish_time")),
            "body_first": first,
            "body_last": last,
        }

    return run


def load_trafilatura() -> Extractor:
    import trafilatura

    def run(url: str | None, html: str) -> dict[str, Any]:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if document is None:
            return _empty_view()
        data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
        first, last = _paragraph_view(data.get("text"))
        authors = [common.collapse(a) for a in (data.get("author") or "").split(";") if common.collapse(a)]
        return _empty_view() | {
            "title": common.collapse(data.get("title")) or None,
            "authors": authors,
            "published_at": _date_text(data.get("date")),
            "body_first": first,
            "body_last": last,
            "url": data.get("url") or url,
        }

    return run


def load_newspaper() -> Extractor:
    import newspaper

    def run(url: str | None, html: str) -> dict[str, Any]:
        article = newspaper.Article(url or "http://example.invalid/", language="zh", fetch_images=False)
        article.download(input_html=html)
        article.parse()
        first, last = _paragraph_view(article.text)
        canonical = article.canonical_link or (url if url else None)
        return _empty_view() | {
            "title": common.collapse(article.title) or None,
            "authors": [common.collapse(a) for a in article.authors if common.collapse(a)],
            "published_at": _date_text(article.publish_date),
            "body_first": first,
            "body_last": last,
            "url": canonical,
        }

    return run


COMPETITORS: dict[str, Callable[[], Extractor]] = {
    "gne": load_gne,
    "trafilatura": load_trafilatura,
    "newspaper4k": load_newspaper,
}


def timed_totals(
    extractors: dict[str, Extractor], inputs: list[tuple[str | None, str]], repeat: int
) -> dict[str, float]:
    """Best-of-`repeat` CPU time for each extractor to extract every page once; the extractors take
    turns in every round so that load changes on the machine hit them alike."""
    best = dict.fromkeys(extractors, float("inf"))
    for _ in range(repeat):
        for name, extractor in extractors.items():
            start = time.process_time()
            for url, html in inputs:
                with contextlib.suppress(Exception):  # a failing page still costs its time
                    extractor(url, html)
            best[name] = min(best[name], time.process_time() - start)
    return best


@dataclass
class Scores:
    """Per-tool tallies over the labelled pages."""

    correct: dict[str, dict[str, int]]
    fully_right: dict[str, int]
    failures: dict[str, int]


def load_tools() -> dict[str, Extractor]:
    """Ours and every competitor that is installed (the missing ones are named on stderr)."""
    tools: dict[str, Extractor] = {"ours": ours}
    for name, loader in COMPETITORS.items():
        try:
            tools[name] = loader()
        except ImportError as exc:
            print(f"{name}: not installed ({exc.name}); see bench/README.md", file=sys.stderr)
    return tools


def score(
    tools: dict[str, Extractor],
    pages: list[evaluation.LabelledPage],
    inputs: list[tuple[str | None, str]],
    verbose: bool,
) -> Scores:
    """Every tool on every page, field by field; with `verbose`, our mismatches are listed."""
    scores = Scores(
        {name: dict.fromkeys(evaluation.FIELDS, 0) for name in tools},
        dict.fromkeys(tools, 0),
        dict.fromkeys(tools, 0),
    )
    for page, (url, html) in zip(pages, inputs, strict=True):
        for name, extractor in tools.items():
            try:
                view = extractor(url, html)
            except Exception as exc:  # noqa: BLE001 - a crash is a wrong answer for every field
                scores.failures[name] += 1
                view = _empty_view()
                if name == "ours":
                    print(f"ours failed on {page.file}: {exc}", file=sys.stderr)
            for field in evaluation.FIELDS:
                scores.correct[name][field] += evaluation.field_matches(page.label, view, field)
            if all(evaluation.field_matches(page.label, view, f) for f in evaluation.KEY_FIELDS):
                scores.fully_right[name] += 1
            if name == "ours" and verbose:
                for field, (expected, got) in evaluation.mismatches(page.label, view).items():
                    print(f"  {page.file}: {field}: label={expected!r} ours={got!r}")
    return scores


def print_accuracy(scores: Scores, names: list[str], total: int, corpus: Path) -> None:
    width = 14
    print(f"Extraction accuracy on {total} labelled pages ({corpus})")
    print("field".ljust(14) + "".join(name.rjust(width) for name in names))
    for field in evaluation.FIELDS:
        cells = []
        for name in names:
            mark = "*" if field in NOT_EXTRACTED.get(name, ()) else " "
            cells.append(f"{100 * scores.correct[name][field] / total:6.1f}%{mark}".rjust(width))
        print(field.ljust(14) + "".join(cells))
    print(
        "fully right".ljust(14) + "".join(f"{scores.fully_right[n]:>3}/{total}".rjust(width) for n in names)
    )
    if any(scores.failures.values()):
        print("crashes".ljust(14) + "".join(f"{scores.failures[n]:>6}".rjust(width) for n in names))
    print("* no output for this field: right only where the label is empty")


def print_speed(tools: dict[str, Extractor], inputs: list[tuple[str | None, str]], repeat: int) -> None:
    """Ours beside trafilatura, when it is installed."""
    total = len(inputs)
    timed = {name: tools[name] for name in ("ours", "trafilatura") if name in tools}
    times = timed_totals(timed, inputs, repeat)
    print()
    print(f"Speed over {total} pages (CPU time, best of {repeat}, taking turns; decoding excluded):")
    for name, seconds in times.items():
        print(f"  {name:<12} {1000 * seconds:8.1f} ms  ({1000 * seconds / total:.2f} ms/page)")
    if "trafilatura" in times:
        print(f"  ours is {times['trafilatura'] / times['ours']:.1f}x faster than trafilatura (target >= 3x)")


def print_variants(
    tools: dict[str, Extractor], pages: list[evaluation.LabelledPage], inputs: list[tuple[str | None, str]]
) -> metamorphic.VariantScores:
    """Every tool on the metamorphic variants of every page (bench/metamorphic.py); returns ours."""
    labelled = [(p.file, url, html, p.label) for p, (url, html) in zip(pages, inputs, strict=True)]
    results = {name: metamorphic.score_variants(extractor, labelled) for name, extractor in tools.items()}
    pairs = results["ours"].pairs
    width = 14
    print()
    print(
        f"Metamorphic variants: {pairs} (page, transformation) pairs, {len(metamorphic.TRANSFORMS)} transformations"
    )
    print("field".ljust(14) + "".join(name.rjust(width) for name in tools))
    for field in metamorphic.CORE_FIELDS:
        cells = [f"{100 * results[n].correct[field] / pairs:6.1f}% ".rjust(width) for n in tools]
        print(field.ljust(14) + "".join(cells))
    print("fully right".ljust(14) + "".join(f"{100 * results[n].share:6.1f}% ".rjust(width) for n in tools))
    print("  (fully right here = all of " + ", ".join(metamorphic.CORE_FIELDS) + ")")
    for name, (right, total) in results["ours"].by_transform.items():
        print(f"  ours, {name:<32} {right:>3}/{total}")
    return results["ours"]


def print_targets(scores: Scores, total: int, variants: metamorphic.VariantScores | None) -> None:
    per_field = [100 * scores.correct["ours"][f] / total for f in evaluation.FIELDS]
    fully_right = scores.fully_right["ours"]
    print()
    print(
        f"Targets: every field >= 97%: {'met' if min(per_field) >= 97 else 'MISSED'} "
        f"(lowest {min(per_field):.1f}%, median {statistics.median(per_field):.1f}%); "
        f">= 32/{total} fully right: {'met' if fully_right >= 32 else 'MISSED'} ({fully_right})"
    )
    if variants is not None:
        print(
            f"         metamorphic variants >= 95% fully right: "
            f"{'met' if variants.share >= 0.95 else 'MISSED'} ({100 * variants.share:.1f}%)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--verbose", "-v", action="store_true", help="list our mismatching fields per page")
    parser.add_argument("--repeat", type=int, default=5, help="timing rounds (best of N)")
    parser.add_argument("--no-variants", action="store_true", help="skip the metamorphic variants")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    pages = evaluation.labelled_pages(args.corpus)
    inputs = [(page.url, decode_html(page.path.read_bytes()).text) for page in pages]
    tools = load_tools()
    scores = score(tools, pages, inputs, args.verbose)
    print_accuracy(scores, list(tools), len(pages), args.corpus)
    variants = None if args.no_variants else print_variants(tools, pages, inputs)
    print_speed(tools, inputs, args.repeat)
    print_targets(scores, len(pages), variants)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
