"""The archive: SQLAlchemy models, storage, search and the `union-archive` CLI."""

from archive.api import Archive

__all__ = ["Archive"]
