"""`union-archive reprints`: how stories spread between sites; `--link` links an existing archive."""

from __future__ import annotations

import json
import time
from typing import Any

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from archive.api import Archive
from archive.db import require_archive
from archive.query import parse_bound
from cli.app import UserError, clear_errors, db_url_from, main
from cli.output import console, plain


@main.command()
@click.option("--since", help="Stories whose original was published from this date on: YYYY, YYYY-MM, YYYY-MM-DD.")
@click.option("--link", "link", is_flag=True, help="First link every article not linked yet (an existing archive).")
@click.option("--workers", type=click.IntRange(0, 64), default=2, show_default=True, help="Processes for --link.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@clear_errors
def reprints(ctx: click.Context, since: str | None, link: bool, workers: int, as_json: bool) -> None:
    """Which sites' stories were copied to which sites, how many and how fast (median delay).

    Copies are linked as articles are stored; `--link` links what was stored before (resumable).
    """
    archive = Archive(require_archive(db_url_from(ctx)))
    try:
        bound = parse_bound(since, end=False) if since else None
    except ValueError as exc:
        raise UserError(f"--since: {exc}") from None
    if link:
        _link(archive, workers, quiet=as_json)
    report = archive.reprints(bound)
    report["since"] = since
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print(report)


def _link(archive: Archive, workers: int, quiet: bool) -> None:
    total = archive.counts()["articles"]
    started = time.perf_counter()
    columns = (TextColumn("linking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console(stderr=True), disable=quiet, transient=True) as progress:
        task = progress.add_task("link", total=total)
        done = archive.link_reprints(workers=workers, progress=lambda n: progress.advance(task, n))
    seconds = time.perf_counter() - started
    if not quiet:
        rate = done.articles / seconds if seconds > 0 else 0.0
        click.echo(
            f"linked {done.articles} articles in {seconds:.1f} s ({rate:.0f}/s): "
            f"{done.copies} copies found, {len(done.clusters)} clusters made or changed",
            err=True,
        )


def _print(report: dict[str, Any]) -> None:
    out = console()
    since = f" since {report['since']}" if report["since"] else ""
    out.print(
        plain(
            f"{report['clusters']} stories with copies{since}; {report['in_clusters']} of {report['linked']} "
            f"linked articles are in clusters"
        )
    )
    outlets = Table(title="outlets whose stories spread")
    for name in ("site", "stories", "copies", "to sites", "median delay (h)"):
        outlets.add_column(name, justify="left" if name in ("site", "to sites") else "right")
    for row in report["outlets"]:
        outlets.add_row(
            plain(row["site"]), str(row["stories"]), str(row["copies"]), plain(", ".join(row["sites"])), _hours(row)
        )
    out.print(outlets)
    routes = Table(title="from the original's site to the copy's")
    for name in ("from", "to", "stories", "median delay (h)"):
        routes.add_column(name, justify="left" if name in ("from", "to") else "right")
    for row in report["routes"]:
        routes.add_row(plain(row["from"]), plain(row["to"]), str(row["stories"]), _hours(row))
    out.print(routes)


def _hours(row: dict[str, Any]) -> str:
    value = row["median_delay_hours"]
    return "" if value is None else f"{value:.1f}"
