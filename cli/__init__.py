"""`union-archive` entry point: importing the command modules registers their commands."""

from cli import (  # noqa: F401  (imported for their @main.command registrations)
    backup,
    check,
    crawl,
    crawl_site,
    extract,
    importtext,
    reparse,
    reprints,
    search,
    serve,
    text,
)
from cli.app import main

__all__ = ["main"]
