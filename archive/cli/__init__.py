"""`union-archive` entry point: importing the command modules registers their commands."""

from archive.cli import crawl  # noqa: F401
from archive.cli import extract  # noqa: F401
from archive.cli import search, serve  # noqa: F401
from archive.cli import text  # noqa: F401
from archive.cli.app import main

__all__ = ["main"]
