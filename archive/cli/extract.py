"""`union-archive extract`: parse saved pages into article JSON, without touching the archive."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from archive.cli.app import main
from scraper.article import ParseError
from scraper.decode import decode_html
from scraper.sites import extract as extract_article


def extract_file(path: str, url: str | None) -> dict[str, Any]:
    """One output record for one input file: the article fields, or the reason it failed."""
    try:
        body = Path(path).read_bytes()
        decoded = decode_html(body)
        article = extract_article(url, decoded.text, decoded.encoding)
    except (OSError, ParseError, ValueError) as exc:
        return {"input": path, "error": str(exc) or type(exc).__name__}
    except Exception as exc:  # noqa: BLE001 - one bad page must not stop the others; say what broke
        return {"input": path, "error": f"{type(exc).__name__}: {exc}"}
    return {"input": path, **article.to_dict()}


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--url", default=None, help="The page's original URL (applies to every PATH).")
@click.option("--jsonl", is_flag=True, help="One compact JSON object per line instead of indented JSON.")
def extract(paths: tuple[str, ...], url: str | None, jsonl: bool) -> None:
    """Extract article fields from saved HTML files and print them as JSON.

    Each PATH gives one JSON object: {"input": PATH, ...article fields} or, when the file cannot
    be read or parsed, {"input": PATH, "error": REASON}; the other files are still processed.
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
