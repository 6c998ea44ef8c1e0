"""`union-archive` entry point: importing the command modules registers their commands."""

from archive.cli import (  # noqa: F401
    crawl,  # noqa: F401
    crawl_site,  # noqa: F401
    extract,  # noqa: F401
    importtext,  # noqa: F401
    search,
    serve,
    text,  # noqa: F401
)
from archive.cli.app import main

__all__ = ["main"]
