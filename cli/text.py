"""`union-archive fix-text`: repair damaged Chinese text (see `core.textrepair`)."""

from __future__ import annotations

import dataclasses
import json
import sys

import click

from cli.app import clear_errors, main
from core.decode import UndecodableError, decode_html
from core.textrepair import RepairResult, repair_text


def _read(path: str) -> str:
    """The text of a file (or stdin): bytes decoded as `core.decode` does, so invalid UTF-8
    costs a replacement character where it stands, not the whole input."""
    if path == "-":
        raw = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as handle:
            raw = handle.read()
    try:
        return decode_html(raw, "text/plain").text
    except UndecodableError:  # no encoding reads it plausibly: keep the bytes' UTF-8 reading
        return raw.decode("utf-8", "replace")


def _report(name: str, result: RepairResult) -> None:
    click.echo(f"{name}: {len(result.repairs)} repair(s)", err=True)
    if not result.repairs:
        return
    click.echo(f"  {'kind':<14} {'start':>6} {'end':>6} {'conf':>5}  before -> after", err=True)
    for repair in result.repairs:
        click.echo(
            f"  {repair.kind:<14} {repair.start:>6} {repair.end:>6} {repair.confidence:>5.2f}  "
            f"{repair.before!r} -> {repair.after!r}",
            err=True,
        )


@main.command("fix-text")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--jsonl", is_flag=True, help="One JSON object per file: input, text, repairs.")
@click.option("--report", is_flag=True, help="Print a table of the repairs to stderr.")
@clear_errors
def fix_text(files: tuple[str, ...], jsonl: bool, report: bool) -> None:
    """Repair text damaged by converters and wrong decodings; repaired text to stdout (stdin without FILE)."""
    for name in files or ("-",):
        result = repair_text(_read(name))
        if report:
            _report(name, result)
        if jsonl:
            record = {
                "input": name,
                "text": result.text,
                "repairs": [dataclasses.asdict(r) for r in result.repairs],
            }
            click.echo(json.dumps(record, ensure_ascii=False))
        else:
            click.echo(result.text, nl=False)
