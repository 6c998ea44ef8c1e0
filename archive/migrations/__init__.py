"""Alembic migrations of the archive schema (run by `archive.schema.ensure_schema`)."""
