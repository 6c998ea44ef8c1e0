"""`union-archive backup` / `restore`: the whole archive, losslessly, to a file and back."""

from __future__ import annotations

import gzip
from typing import IO

import click

from archive import paths
from archive.backup import backup, restore
from archive.db import require_archive
from cli.app import db_url_from, main


def _open(path: str, mode: str) -> IO[str]:
    if path.endswith(".gz"):
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return open(path, mode, encoding="utf-8")  # noqa: SIM115 - closed by the caller's `with`


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {table}" for table, n in counts.items())


DATA_DIR = click.option("--data-dir", envvar=paths.ENV_VAR, help="The data directory (its images/ store; default ./data).")


@main.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
@DATA_DIR
@click.pass_context
def backup_command(ctx: click.Context, file: str, data_dir: str | None) -> None:
    """Write the whole archive to FILE (JSON Lines; gzip when it ends in .gz): every version,
    raw snapshot, failure, crawl run, person and role, and the archived image files, to restore
    on any backend."""
    url = require_archive(db_url_from(ctx))
    with _open(file, "w") as out:
        counts = backup(url, out, paths.images_dir(paths.data_dir(data_dir)))
    click.echo(f"backed up {_summary(counts)} to {file}", err=True)


@main.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@DATA_DIR
@click.pass_context
def restore_command(ctx: click.Context, file: str, data_dir: str | None) -> None:
    """Restore a backup FILE into an empty archive (--db), its image files into the data
    directory's image store; the search index is rebuilt."""
    with _open(file, "r") as lines:
        counts = restore(db_url_from(ctx), lines, paths.images_dir(paths.data_dir(data_dir)))
    click.echo(f"restored {_summary(counts)} from {file}", err=True)
