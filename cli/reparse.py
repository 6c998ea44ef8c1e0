"""`union-archive reparse`: extraction again over the stored raw pages, after a parser fix."""

from __future__ import annotations

import json

import click

from archive.db import require_archive
from archive.reparse import reparse as reparse_archive
from cli.app import clear_errors, db_url_from, main
from cli.crawl import DATA_DIR_OPTION, SITES_OPTION, site_registry
from cli.output import printable

FAILING_SHOWN = 20


@main.command()
@click.option("--site", help="Only this site's articles (a site the archive holds).")
@click.option("--json", "as_json", is_flag=True, help="Print the counts and the pages still failing as JSON.")
@SITES_OPTION
@DATA_DIR_OPTION
@click.pass_context
@clear_errors
def reparse(
    ctx: click.Context, site: str | None, as_json: bool, site_files: tuple[str, ...], data_dir: str | None
) -> None:
    """Re-run extraction over stored raw pages (after a parser fix); changed output adds a version.

    Recorded parse failures whose page is still not archived are parsed again from their bytes:
    `recovered` counts those now stored, `still failing` the others; each page that fails is
    listed with its stage and reason. Site files are loaded as a crawl loads them.
    """
    registry = site_registry(data_dir, site_files)
    report = reparse_archive(require_archive(db_url_from(ctx)), site, registry)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    click.echo(", ".join(f"{n} {k}" for k, n in report.counts.items()))
    for page in report.failing[:FAILING_SHOWN]:
        click.echo(printable(f"  {page['url']}: {page['stage']}: {page['reason']}"))
    if len(report.failing) > FAILING_SHOWN:
        click.echo(f"  ... and {len(report.failing) - FAILING_SHOWN} more (--json lists them all)")
