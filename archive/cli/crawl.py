"""`union-archive crawl` and `sites`."""

from __future__ import annotations

import json
from dataclasses import asdict

import click
from rich.console import Console
from rich.table import Table

from archive.cli.app import UserError, db_url_from, main
from archive.db import resolve_url


@main.command()
def sites() -> None:
    """List the portal spiders and whether their profiles are verified against recorded pages."""
    from scraper.crawl import spider_classes

    table = Table("spider", "portal", "start", "verified")
    for name, cls in spider_classes().items():
        spec = cls.spec
        table.add_row(name, spec.title, spec.start_urls[0], "yes" if spec.verified else "no (reconstructed)")
    Console().print(table)


@main.command()
@click.argument("names", nargs=-1)
@click.option("--mirror", envvar="UNION_ARCHIVE_MIRROR", help="Fetch everything from this local mirror URL.")
@click.option("--max-pages", type=int, help="Stop after this many article pages per site.")
@click.option("--progress/--no-progress", default=True, help="Show a progress line on stderr.")
@click.option("--json", "as_json", is_flag=True, help="Print the run summary as JSON.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE", help="Override a Scrapy setting.")
@click.pass_context
def crawl(
    ctx: click.Context, names: tuple[str, ...], mirror: str | None, max_pages: int | None,
    progress: bool, as_json: bool, overrides: tuple[str, ...],
) -> None:
    """Crawl the named portals into the archive."""
    from scraper.crawl import run_crawls, spider_classes

    known = spider_classes()
    if not names:
        raise click.UsageError("name at least one site (see `union-archive sites`)")
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UserError(f"unknown site(s): {', '.join(unknown)}; known: {', '.join(known)}")
    settings: dict[str, object] = {
        "ARCHIVE_DB": resolve_url(db_url_from(ctx)),
        "ARCHIVE_PROGRESS_ENABLED": progress,
        "LOG_LEVEL": "WARNING",
    }
    if mirror:
        settings["ARCHIVE_MIRROR"] = mirror
    for pair in overrides:
        key, _, value = pair.partition("=")
        settings[key] = value
    spider_args = {"max_pages": max_pages} if max_pages else {}
    summaries = run_crawls(list(names), settings, spider_args)
    if as_json:
        click.echo(json.dumps([asdict(s) for s in summaries], ensure_ascii=False))
        return
    for s in summaries:
        click.echo(
            f"{s.spider}: {s.pages} pages fetched, {s.articles_new} new, {s.articles_updated} updated, "
            f"{s.articles_unchanged} unchanged, {s.failures} failures ({s.finish_reason})"
        )
