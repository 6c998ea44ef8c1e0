"""The `union-archive` command group; each area adds its commands in its own module.

Errors a user can cause (a bad `--db` URL, a database that is down or is not an archive, a file
that cannot be read) end in one line on stderr and exit status 1, never a traceback; an
unexpected error says what it was and how to see the traceback (`UNION_ARCHIVE_DEBUG=1`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from archive.db import NoArchive, resolve_url

F = TypeVar("F", bound=Callable[..., Any])
DEBUG_ENV = "UNION_ARCHIVE_DEBUG"


class UserError(click.ClickException):
    """A clear one-line error for the CLI edge (exit code 1)."""


def _shown_url(url: str | None) -> str:
    """The archive URL for a message, password hidden."""
    resolved = resolve_url(url)
    try:
        return make_url(resolved).render_as_string(hide_password=True)
    except ArgumentError:
        return resolved


def _hoist_db(args: list[str]) -> list[str]:
    """`union-archive search x --db URL` means `union-archive --db URL search x`: the option is
    moved before the command (up to a `--`, after which everything is an argument)."""
    out: list[str] = []
    hoisted: list[str] = []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--":
            out += [arg, *rest]
            break
        if arg == "--db" and rest and out:
            hoisted += [arg, rest.pop(0)]
        elif arg.startswith("--db=") and out:
            hoisted.append(arg)
        else:
            out.append(arg)
    return hoisted + out


class ArchiveGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _hoist_db(args))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit, BrokenPipeError):
            raise
        except Exception as exc:  # noqa: BLE001 - the CLI edge: one line, not a traceback
            if os.environ.get(DEBUG_ENV):
                raise
            raise UserError(_message(exc, db_url_from(ctx))) from None


def _message(error: Exception, db_url: str | None) -> str:
    if isinstance(error, NoArchive):
        return str(error)
    if isinstance(error, NoSuchModuleError | ArgumentError):
        return f"not a database URL the archive can open: {_shown_url(db_url)} ({error})"
    if isinstance(error, SQLAlchemyError):
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return f"the archive at {_shown_url(db_url)} cannot be used: {reason}"
    if isinstance(error, OSError | ValueError | LookupError):
        return str(error)
    return f"{type(error).__name__}: {error} (set {DEBUG_ENV}=1 to see the traceback)"


@click.group(cls=ArchiveGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_url",
    envvar="UNION_ARCHIVE_DB",
    default=None,
    help="SQLAlchemy URL of the archive (default: sqlite file archive.sqlite here).",
)
@click.pass_context
def main(ctx: click.Context, db_url: str | None) -> None:
    """Crawl, repair, store and search trade-union news."""
    ctx.ensure_object(dict)
    ctx.obj["db_url"] = db_url


def db_url_from(ctx: click.Context) -> str | None:
    root = ctx.find_root()
    return (root.obj or {}).get("db_url")


def clear_errors(func: F) -> F:
    """Turn library errors into one-line messages and a non-zero exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, BrokenPipeError):
            raise  # click ends a closed pipe (`export | head`) quietly
        except (OSError, ValueError, LookupError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
