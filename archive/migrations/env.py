"""Alembic environment: migrates the connection `archive.schema.ensure_schema` hands over.

Run by hand (`alembic -c archive/migrations/alembic.ini -x db=URL upgrade head`), it migrates
the archive `-x db=URL` or `UNION_ARCHIVE_DB` names (without ensure_schema's lock).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from archive.models import Base

config = context.config
target_metadata = Base.metadata


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run(connection)
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    from archive.db import resolve_url

    url = make_url(resolve_url(context.get_x_argument(as_dictionary=True).get("db")))
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    engine = create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        run(connection)
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported: the FTS objects differ per database")
main()
