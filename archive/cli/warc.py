"""`union-archive export-warc FILE`: a WARC of a selection, replaying the captured bytes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from archive import paths
from archive.cli.app import clear_errors, db_url_from, main


@main.command("export-warc")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--site", help="Only this site's articles.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only articles published on or after DATE.")
@click.option("--data-dir", envvar=paths.ENV_VAR, help="Where the crawls' WARC captures are (default ./data).")
@click.pass_context
@clear_errors
def export_warc(ctx: click.Context, file: Path, site: str | None, since: datetime | None, data_dir: str | None) -> None:
    """Write every stored response of the selected articles to FILE (.warc.gz)."""
    from archive.warc import export_warc as export

    counts = export(
        db_url_from(ctx), paths.warc_dir(paths.data_dir(data_dir)), file, site, since.date() if since else None
    )
    click.echo(
        f"wrote {counts['captured']} captured and {counts['reconstructed']} reconstructed response(s) to {file}",
        err=True,
    )
