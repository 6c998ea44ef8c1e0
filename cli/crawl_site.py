"""`union-archive crawl-site URL`: crawl any one site into the archive (the `generic` spider)."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime
from urllib.parse import urlsplit

import click

from archive.db import resolve_url
from cli.app import clear_errors, db_url_from, main

DRY_RUN_PIPELINE = "scraper.spiders.generic.DryRunPrinter"


@main.command("crawl-site")
@click.argument("url")
@click.option("--max-pages", type=click.IntRange(min=1), default=200, show_default=True,
              help="Fetch at most this many pages of the site.")
@click.option("--depth", type=click.IntRange(min=0), default=3, show_default=True,
              help="Follow links at most this many clicks away from URL.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Keep only articles published on or after DATE.")
@click.option("--dry-run", is_flag=True, help="Print what would be stored as JSON lines; write nothing.")
@click.option("--mirror", envvar="UNION_ARCHIVE_MIRROR", help="Fetch everything from this local mirror URL.")
@click.option("--progress/--no-progress", default=True, help="Show a progress line on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("--no-images", is_flag=True, help="Do not fetch the articles' images (ARCHIVE_IMAGES_ENABLED=False).")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.pass_context
@clear_errors
def crawl_site(
    ctx: click.Context, url: str, max_pages: int, depth: int, since: datetime | None, dry_run: bool,
    mirror: str | None, progress: bool, as_json: bool, no_images: bool, overrides: tuple[str, ...],
) -> None:
    """Crawl one site from URL: follow its list and pagination links, store the articles found."""
    from scraper.crawl import project_settings, run_crawls

    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise click.UsageError(f"not an http(s) URL: {url}")
    settings: dict[str, object] = {
        "ARCHIVE_DB": resolve_url(db_url_from(ctx)),
        "ARCHIVE_PROGRESS_ENABLED": progress,
        "LOG_LEVEL": "WARNING",
    }
    if dry_run:
        pipelines = dict(project_settings().getdict("ITEM_PIPELINES"))
        settings["ITEM_PIPELINES"] = {**pipelines, DRY_RUN_PIPELINE: 950}
        settings["ARCHIVE_STORE_ENABLED"] = False
    if mirror:
        settings["ARCHIVE_MIRROR"] = mirror
    if no_images:
        settings["ARCHIVE_IMAGES_ENABLED"] = False
    for pair in overrides:
        key, _, value = pair.partition("=")
        settings[key] = value
    spider_args = {"url": url, "max_pages": max_pages, "depth": depth, "since": since.date().isoformat() if since else None}
    (summary,) = run_crawls(["generic"], settings, spider_args)
    if as_json:
        click.echo(json.dumps(asdict(summary), ensure_ascii=False), err=dry_run)
    else:
        click.echo(
            f"{urlsplit(url).hostname}: {summary.pages} pages fetched, {summary.articles_new} new, "
            f"{summary.articles_updated} updated, {summary.articles_unchanged} unchanged, "
            f"{summary.failures} failures ({summary.finish_reason})",
            err=dry_run,
        )
    if summary.start_failure or summary.finish_reason != "finished":
        click.echo(f"error: could not crawl {url}: {summary.start_failure or summary.finish_reason}", err=True)
        sys.exit(1)
