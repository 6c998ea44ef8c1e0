"""Reading the archive: `search`, `show`, `export`, `import`, `stats`."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from archive import paths
from archive.api import Archive
from archive.db import require_archive
from archive.exchange import prepare_workers
from cli.app import UserError, clear_errors, db_url_from, main
from cli.output import console, plain, printable
from core.article import low_confidence

FORMATS = ("table", "json", "jsonl", "csv")
RESULT_COLUMNS = (
    "id",
    "published_at",
    "site",
    "title",
    "authors",
    "editors",
    "source",
    "url",
    "snippet",
    "score",
)


def _archive(ctx: click.Context, *, create: bool = False) -> Archive:
    """The archive `--db` names; unless `create`, it must exist (read-only commands create nothing)."""
    url = db_url_from(ctx)
    return Archive(url if create else require_archive(url))


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def format_options(*names: str, default: str = "table") -> Callable[[Any], Any]:
    """`--json`, `--jsonl`, `--csv` ... flags passed to the command as `fmt` (else `default`);
    two of them is a usage error, not "the last one wins"."""

    def decorate(func: Any) -> Any:
        @wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            chosen = [name for name in names if kwargs.pop(f"as_{name}")]
            if len(chosen) > 1:
                raise click.UsageError("choose one output format: " + " or ".join(f"--{n}" for n in chosen))
            return func(*args, fmt=chosen[0] if chosen else default, **kwargs)

        for name in reversed(names):
            label = f"{name.upper()} (the default)" if name == default else name.upper()
            command = click.option(f"--{name}", f"as_{name}", is_flag=True, help=f"Print {label}.")(command)
        return command

    return decorate


def reject_unknown_options(query: tuple[str, ...]) -> None:
    """The query words of a command that passes unknown options through (so that `-word`
    excludes a word): a `--name` there is a mistyped option, not a word."""
    for word in query:
        if word.startswith("--") and len(word) > 2:
            raise click.UsageError(f"no such option: {word.split('=')[0]}")


def filter_options(func: Any) -> Any:
    options = [
        click.option("--site", help="Site registry name, e.g. people_acftu."),
        click.option("--author", help="Author name (traditional or simplified)."),
        click.option("--editor", help="Editor name (traditional or simplified)."),
        click.option("--source", help="Source credit (来源), exact after folding."),
        click.option("--channel", help="A channel (breadcrumb) name, exact after folding."),
        click.option("--since", help="From this date on: YYYY, YYYY-MM, YYYY-MM-DD (Beijing time)."),
        click.option("--until", help="Up to and including this date: YYYY, YYYY-MM, YYYY-MM-DD."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _cell(value: Any) -> str:
    """A CSV cell (machine output: the text as stored)."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


TABLE_SNIPPET_CHARS = 40


def _highlighted(snippet: str, spans: list[list[int]], width: int = TABLE_SNIPPET_CHARS) -> Text:
    """The snippet cut to `width` characters around its first match, matches highlighted."""
    start = max(0, spans[0][0] - width // 4) if spans else 0
    start = max(0, min(start, len(snippet) - width))
    end = min(len(snippet), start + width)
    text = Text(("…" if start else "") + printable(snippet[start:end]) + ("…" if end < len(snippet) else ""))
    shift = 1 if start else 0
    for span_start, span_end in spans:
        if span_start < end and span_end > start:
            text.stylize("bold reverse", max(span_start, start) - start + shift, min(span_end, end) - start + shift)
    return text


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1)
@filter_options
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--limit", type=click.IntRange(0, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@click.option("--all-copies", is_flag=True, help="List every copy of a reprinted story (default: one, noting the others).")
@format_options("json", "jsonl", "csv")
@click.pass_context
@clear_errors
def search(ctx: click.Context, query: tuple[str, ...], fmt: str, **options: Any) -> None:
    """Search the archive: words, "phrases", -excluded, a OR b, author:NAME, since:2024-05 ...

    Queries in traditional or simplified script find both.
    """
    reject_unknown_options(query)
    limit, offset, sort = options.pop("limit"), options.pop("offset"), options.pop("sort")
    collapse = not options.pop("all_copies")
    result = _archive(ctx).search(
        " ".join(query), limit=limit, offset=offset, sort=sort, collapse_copies=collapse, **options
    )
    for note in result.notes:
        click.echo(f"note: {printable(note)}", err=True)
    if fmt == "json":
        click.echo(_dumps(result.to_dict(), indent=2))
    elif fmt == "jsonl":
        for row in result.results:
            click.echo(_dumps(row))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(RESULT_COLUMNS)
        for row in result.results:
            writer.writerow([_cell(row.get(name)) for name in RESULT_COLUMNS])
    else:
        table = Table(
            caption=f"{len(result.results)} of {'' if result.total_exact else 'about '}{result.total} · {result.took_ms} ms",
            show_lines=False,
        )
        for name in ("id", "date", "site", "title", "authors", "snippet"):
            table.add_column(name, overflow="fold", justify="right" if name == "id" else "left")
        for row in result.results:
            table.add_row(
                str(row["id"]),
                plain((row["published_at"] or "")[:10]),
                plain(row["site"]),
                plain(row["title"]) + _also_on(row),
                plain(", ".join(row["authors"])),
                _highlighted(row["snippet"], row["highlights"]),
            )
        console().print(table)



def _also_on(row: dict[str, Any]) -> Text:
    """The note on a result that stands for several copies (reprints, issue 16)."""
    sites = row.get("also_on")
    if sites:
        return Text(f"\n(also on {len(sites)} site{'s' if len(sites) > 1 else ''})", style="dim")
    if row.get("copies"):
        return Text(f"\n({row['copies']} more on this site)", style="dim")
    return Text("")


def _print_copies(out: Any, found: dict[str, Any] | None) -> None:
    """`show`: the article's other copies (reprints), earliest first."""
    if not found:
        return
    role = "the original" if found["is_original"] else f"a copy; original: article {found['original_id']}"
    out.print(Text("reprints: ", style="dim") + plain(f"{role} ({found['reason']})"))
    table = Table(title=f"{len(found['copies'])} other cop{'y' if len(found['copies']) == 1 else 'ies'}")
    for name in ("id", "site", "date", "title", "similarity"):
        table.add_column(name, justify="right" if name in ("id", "similarity") else "left")
    for copy in found["copies"]:
        similarity = "" if copy["similarity"] is None else f"{copy['similarity']:.0%}"
        title = plain(copy["title"]) + (Text(" (original)", style="dim") if copy["original"] else Text(""))
        table.add_row(str(copy["id"]), plain(copy["site"]), plain((copy["published_at"] or "")[:10]), title, similarity)
    out.print(table)

@main.command()
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the article as JSON.")
@click.option("--versions", is_flag=True, help="List the article's versions.")
@click.pass_context
@clear_errors
def show(ctx: click.Context, article_id: int, as_json: bool, versions: bool) -> None:
    """Show one article whole (current version), or its versions."""
    archive = _archive(ctx)
    article = archive.get(article_id)
    if article is None:
        raise UserError(f"no article with id {article_id}")
    if versions:
        history = archive.versions(article_id)
        if as_json:
            click.echo(_dumps(history, indent=2))
            return
        table = Table(title=f"article {article_id}: {len(history)} version(s)")
        for name in ("version", "stored", "title", "published_at", "paragraphs"):
            table.add_column(name)
        for item in history:
            data = item["data"]
            table.add_row(
                str(item["version"]),
                item["created_at"][:19],
                plain(data.get("title")),
                plain(data.get("published_at")),
                str(len(data.get("body") or [])),
            )
        console().print(table)
        return
    if as_json:
        found = archive.copies(article_id)
        click.echo(_dumps({**article, **({"reprints": found} if found else {})}, indent=2))
        return
    out = console(soft_wrap=True)
    out.print(plain(article["title"], style="bold"))
    for label, key in (
        ("pretitle", "pretitle"),
        ("subtitle", "subtitle"),
        ("published", "published_at"),
        ("site", "site"),
        ("authors", "authors"),
        ("editors", "editors"),
        ("source", "source"),
        ("channel", "channel"),
        ("url", "url"),
        ("version", "version"),
    ):
        value = article.get(key)
        if value not in (None, "", []):
            shown = " > ".join(map(printable, value)) if key == "channel" else printable(value)
            out.print(Text(f"{label}: ", style="dim") + Text(shown))
    _print_copies(out, archive.copies(article_id))
    for name, found in low_confidence(article).items():
        out.print(plain(f"check by hand: {name} (low confidence {found['score']:.2f}, rule {found['rule']})", style="yellow"))
    out.print()
    for paragraph in article.get("body") or []:
        out.print(plain(paragraph))
        out.print()


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1)
@filter_options
@format_options("jsonl", "csv", default="jsonl")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-", help="Output file."
)
@click.option(
    "--warc", "warc_file", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the selected articles' raw responses, as received, to this .warc.gz file instead.",
)
@click.option("--data-dir", envvar=paths.ENV_VAR, help="Where the crawls' WARC captures are (default ./data).")
@click.pass_context
@clear_errors
def export(
    ctx: click.Context, query: tuple[str, ...], fmt: str, output: str, warc_file: Path | None,
    data_dir: str | None, **filters: Any,
) -> None:
    """Export articles (current versions) as JSON Lines or CSV, or their raw responses as WARC.

    QUERY and the filters select the articles.
    """
    reject_unknown_options(query)
    archive = _archive(ctx)
    if warc_file is not None:
        from archive.warc import export_warc

        rows = archive.iter_export(" ".join(query), **filters)
        urls = {url for row in rows for url in (row["url"], row["canonical_url"]) if url}
        counts = export_warc(archive.url, paths.warc_dir(paths.data_dir(data_dir)), warc_file, urls)
        click.echo(
            f"wrote {counts['captured']} captured and {counts['reconstructed']} reconstructed "
            f"response(s) and {counts['images']} image exchange(s) to {warc_file}",
            err=True,
        )
        return
    with click.open_file(output, "w", encoding="utf-8", lazy=False) as out:
        count = archive.export(out, fmt=fmt, query=" ".join(query), **filters)
    click.echo(f"exported {count} article(s)", err=True)


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=prepare_workers,
    show_default="cores - 1, at most 2",
    help="Processes that parse and index the next batches while one is written (0: none).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
@click.pass_context
@clear_errors
def import_(ctx: click.Context, file: str, batch_size: int, workers: int, as_json: bool) -> None:
    """Import articles from JSON Lines (as `export` writes); same URL and content adds nothing."""
    archive = _archive(ctx, create=True)
    stream = click.open_file(file, "rb", lazy=False)
    size = Path(file).stat().st_size if file != "-" else None
    progress = Progress(
        TextColumn("importing"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
        console=console(stderr=True),
        transient=True,
    )
    with stream, progress:
        task = progress.add_task("import", total=size)
        report = archive.import_lines(
            stream, batch_size=batch_size, progress=lambda n: progress.advance(task, n), workers=workers
        )
    if as_json:
        click.echo(_dumps(report.to_dict(), indent=2))
    click.echo(
        f"read {report.read}: {report.new} new, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} error(s)",
        err=True,
    )
    for line, reason in report.errors[:20]:
        click.echo(f"line {line}: {reason}", err=True)
    if report.errors:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--top", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.pass_context
@clear_errors
def stats(ctx: click.Context, as_json: bool, top: int) -> None:
    """Articles per site and per month, top authors, editors and sources, failures."""
    data = _archive(ctx).stats(top=top)
    if as_json:
        click.echo(_dumps(data, indent=2))
        return
    out = console()
    out.print(plain(" · ".join(f"{k}: {v}" for k, v in data["totals"].items())))
    _print_table("articles per site", data["sites"])
    _print_table("articles per month", data["months"])
    for key in ("authors", "editors", "sources"):
        _print_table(f"top {key}", data[key])
    _print_table("failures by stage", data["failures"]["by_stage"])
    _print_table("failures by site", data["failures"]["by_site"])
    _print_table("low-confidence fields (check by hand)", data["low_confidence"])
    images = data["images"]
    out.print(plain(f"images: {images['stored']} stored ({images['files']} files, {images['bytes']} bytes), "
                    f"{images['failed']} failed"))
    _print_table("image failures", images["failures"])


def _print_table(title: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    table = Table(title=title)
    for name in rows[0]:
        table.add_column(name, justify="right" if isinstance(rows[0][name], int) else "left")
    for row in rows:
        table.add_row(*(plain(v) for v in row.values()))
    console().print(table)
