"""`union-archive extract`: parse saved pages into article JSON, without touching the archive."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from cli.app import main
from core.page import Extracted, page_to_article

TEXT_SUFFIXES = (".txt", ".text")
"""Files read as plain-text article dumps (the seed's shape) rather than HTML."""


def extract_file(path: str, url: str | None) -> dict[str, Any]:
    """One output record for one input file: the article a crawl would store, or why there is none."""
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return {"input": path, "stage": "read", "error": exc.strerror or str(exc)}
    headers = {"Content-Type": "text/plain"} if path.lower().endswith(TEXT_SUFFIXES) else {}
    found = page_to_article(url, body, headers=headers)
    if isinstance(found, Extracted):
        return {"input": path, **found.article.to_dict()}
    return {"input": path, "stage": found.stage, "error": found.reason}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--url", default=None, help="The page's original URL (applies to every PATH).")
@click.option("--jsonl", is_flag=True, help="One compact JSON object per line instead of indented JSON.")
def extract(paths: tuple[str, ...], url: str | None, jsonl: bool) -> None:
    """Extract article fields from saved pages and print them as JSON: exactly what a crawl stores
    (decoded, parsed, repaired, validated). `.txt` files are read as plain-text article dumps.

    Each PATH gives one JSON object: {"input": PATH, ...article fields} or, when the file cannot
    be read or holds no article, {"input": PATH, "stage": STAGE, "error": REASON}; the other files
    are still processed.
    Exit status: 0 if at least one file was extracted, 1 if every file failed.
    """
    succeeded = 0
    for path in paths:
        record = extract_file(path, url)
        if "error" not in record:
            succeeded += 1
        if jsonl:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    if not succeeded:
        sys.exit(1)
