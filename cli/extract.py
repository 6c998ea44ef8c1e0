"""`union-archive extract`: parse saved pages into article JSON, without touching the archive."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from cli.app import main
from cli.crawl import DATA_DIR_OPTION, SITES_OPTION, site_registry
from core.page import Extracted, page_to_article
from core.sites.registry import Registry
from core.sites.registry_builtin import BUILTIN

TEXT_SUFFIXES = (".txt", ".text")
"""Files read as plain-text article dumps (the seed's shape) rather than HTML."""


def extract_file(
    path: str, url: str | None, content_type: str | None = None, registry: Registry = BUILTIN
) -> dict[str, Any]:
    """One output record for one input file: the article a crawl would store, or why there is none."""
    try:
        body = Path(path).read_bytes()
    except OSError as exc:
        return {"input": path, "stage": "read", "error": exc.strerror or str(exc)}
    if content_type is None and path.lower().endswith(TEXT_SUFFIXES):
        content_type = "text/plain"
    headers = {"Content-Type": content_type} if content_type else {}
    found = page_to_article(url, body, headers=headers, registry=registry)
    if isinstance(found, Extracted):
        return {"input": path, **found.article.to_dict()}
    return {"input": path, "stage": found.stage, "error": found.reason}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--url", default=None, help="The page's original URL (applies to every PATH).")
@click.option(
    "--content-type", help='The Content-Type the page was served with (e.g. "text/html; charset=gbk").'
)
@click.option("--jsonl", is_flag=True, help="One compact JSON object per line instead of indented JSON.")
@SITES_OPTION
@DATA_DIR_OPTION
def extract(
    paths: tuple[str, ...], url: str | None, content_type: str | None, jsonl: bool,
    site_files: tuple[str, ...], data_dir: str | None,
) -> None:
    """Extract article fields from saved pages and print them as JSON: exactly what a crawl stores
    (decoded, parsed, repaired, validated). `.txt` files are read as plain-text article dumps.
    Sites declared in site files (`--sites`, `<data dir>/sites/*.toml`) are parsed as a crawl of
    them parses them.

    Each PATH gives one JSON object: {"input": PATH, ...article fields} or, when the file cannot
    be read or holds no article, {"input": PATH, "stage": STAGE, "error": REASON}; the other files
    are still processed.
    Exit status: 0 if at least one file was extracted, 1 if every file failed.
    """
    registry = site_registry(data_dir, site_files)
    succeeded = 0
    for path in paths:
        record = extract_file(path, url, content_type, registry)
        if "error" not in record:
            succeeded += 1
        if jsonl:
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    if not succeeded:
        sys.exit(1)
