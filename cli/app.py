"""The `union-archive` command group; each area adds its commands in its own module."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A clear one-line error for the CLI edge (exit code 1)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
        except click.ClickException:
            raise
        except (OSError, ValueError, LookupError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
