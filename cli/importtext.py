"""`union-archive import-text`: import plain-text article dumps, repaired, with their raw bytes."""

from __future__ import annotations

from pathlib import Path

import click

from archive.db import transaction
from archive.store import Incoming, RawPage, store_article
from cli.app import UserError, db_url_from, main
from core.page import Extracted, page_to_article


@main.command("import-text")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--url", help="The article's URL, when one file is imported and its URL is known.")
@click.pass_context
def import_text(ctx: click.Context, files: tuple[str, ...], url: str | None) -> None:
    """Import text dumps in the seed's shape (channel >> line, title, byline, date + 來源, body, 責編)."""
    if url and len(files) > 1:
        raise click.UsageError("--url names one article: give one file with it")
    db_url = db_url_from(ctx)
    failed = 0
    for name in files:
        raw = Path(name).read_bytes()
        headers = {"Content-Type": "text/plain", "X-Imported-From": name}
        found = page_to_article(url, raw, headers=headers)
        if not isinstance(found, Extracted):
            click.echo(f"{name}: not imported: {found.reason} (stage: {found.stage})", err=True)
            failed += 1
            continue
        article = found.article
        with transaction(db_url) as session:
            page = RawPage(article.url, 200, headers, raw, found.encoding, found.encoding_reason)
            stored = store_article(session, Incoming(article, page, unrepaired=found.unrepaired))
        click.echo(
            f"{name}: article {stored.article_id} ({stored.outcome}), {len(article.repairs)} repair(s): "
            f"{article.title}"
        )
    if failed:
        raise UserError(f"{failed} of {len(files)} file(s) could not be imported")
