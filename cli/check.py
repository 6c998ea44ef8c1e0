"""`union-archive check [--repair] [--json]`: is the archive whole (see `archive.check`)?"""

from __future__ import annotations

import json
import sys

import click
from rich.progress import Progress, SpinnerColumn, TextColumn

from archive.api import Archive
from archive.db import require_archive
from cli.app import db_url_from, main
from cli.output import console


@main.command()
@click.option(
    "--repair",
    is_flag=True,
    help="If problems are found: rewrite what the versions give, rebuild the search index, check again.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
def check(ctx: click.Context, repair: bool, as_json: bool) -> None:
    """Verify every article's versions, row copy, people and search index entry; exit 1 on problems."""
    archive = Archive(require_archive(db_url_from(ctx)))
    out = console(stderr=True)
    columns = SpinnerColumn(), TextColumn("checking: {task.completed:,.0f} articles")
    progress = Progress(*columns, console=out, transient=True, disable=not out.is_terminal)
    with progress:
        task = progress.add_task("check", total=None)
        report = archive.check(repair=repair, progress=lambda n: progress.advance(task, n))
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        if report.repaired is not None:
            done = report.repaired
            click.echo(
                f"repaired: {done['articles_rewritten']:,} article rows rewritten, {done['people_rekeyed']:,} people "
                f"rekeyed, search index rebuilt ({done['index_rebuilt']:,} articles)"
            )
        click.echo(report.summary())
        for problem in report.problems:
            click.echo(f"- {problem.line()}")
    if not report.ok:
        sys.exit(1)
