"""`union-archive serve`: the search page and JSON API over HTTP."""

from __future__ import annotations

import click

from cli.app import clear_errors, db_url_from, main


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--data-dir", envvar="UNION_ARCHIVE_DATA", help="The crawls' data directory: WARC captures, images (default ./data).")
@click.pass_context
@clear_errors
def serve(ctx: click.Context, host: str, port: int, data_dir: str | None) -> None:
    """Serve the search page (/) and the JSON API (/api/search, /api/articles/ID)."""
    from archive.api import Archive
    from archive.db import require_archive
    from web.app import run

    url = require_archive(db_url_from(ctx))
    Archive(url).get(0)  # a broken database fails here, in one line, not on every request
    run(url, host=host, port=port, data_root=data_dir)
