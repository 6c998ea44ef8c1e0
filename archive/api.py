"""`Archive`: the small Python API users script against (the CLI and web app use it too)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import func, select

from archive import browse, copies, exchange, models, relink, reprints
from archive import check as archive_check
from archive import facets as archive_facets
from archive import images as archive_images
from archive import stats as archive_stats
from archive.db import resolve_url, transaction
from archive.search import Bound, Filters, SearchResult, Sort, search
from archive.store.versions import full, row_of
from archive.warc import export_warc

MAX_ID = 2**63 - 1


def _storable_id(article_id: int) -> bool:
    """Ids are positive 64-bit integers: a larger one (a 30-digit URL) names no article."""
    return 0 < article_id <= MAX_ID


def _text(value: str | None) -> str | None:
    """A filter value as the databases take it: NUL removed (PostgreSQL text cannot hold it)."""
    return value.replace("\x00", "") if value is not None else None


def _filters(values: dict[str, Any]) -> Filters:
    """Keyword filters as `Filters`, text values cleaned as `Archive.search` cleans them."""
    return Filters(**{name: _text(value) if isinstance(value, str) else value for name, value in values.items()})


class Archive:
    """An archive database: `Archive("sqlite:///a.sqlite").search("工会")`, `.get(1)`."""

    def __init__(self, url: str | None = None) -> None:
        self.url = resolve_url(url)

    def search(
        self,
        query: str,
        *,
        site: str | None = None,
        author: str | None = None,
        editor: str | None = None,
        source: str | None = None,
        channel: str | None = None,
        since: Bound | None = None,
        until: Bound | None = None,
        limit: int = 20,
        offset: int = 0,
        sort: Sort = "relevance",
        collapse_copies: bool = True,
    ) -> SearchResult:
        """Search with the query language of `archive.query`; keyword filters AND with it.

        `since`/`until` take a date, a datetime or text (`2024`, `2024-05`, `2024-05-10`);
        `until` includes the period it names.
        """
        site, author, editor, source, channel = (
            _text(value) for value in (site, author, editor, source, channel)
        )
        filters = Filters(
            site=site, author=author, editor=editor, source=source, channel=channel, since=since, until=until
        )
        with transaction(self.url) as session:
            return search(
                session, query, filters, limit=limit, offset=offset, sort=sort, collapse_copies=collapse_copies
            )

    def get(self, article_id: int) -> dict[str, Any] | None:
        """The current version of an article as `Article.to_dict()`, plus `id` and `version`."""
        if not _storable_id(article_id):
            return None
        with transaction(self.url) as session:
            row = session.get(models.Article, article_id)
            if row is None:
                return None
            data = full(row.versions[-1].data, row_of(row))
            return {"id": row.id, "version": row.version, **data}

    def copies(self, article_id: int) -> dict[str, Any] | None:
        """The other copies of an article (`archive.copies.copies_of`); None when it has none."""
        if not _storable_id(article_id):
            return None
        with transaction(self.url) as session:
            return copies.copies_of(session.connection(), article_id)

    def reprints(self, since: datetime | None = None) -> dict[str, Any]:
        """Which sites' stories spread to which sites, how fast (`archive.copies.spread`)."""
        with transaction(self.url) as session:
            connection = session.connection()
            return {**copies.spread(connection, since), **reprints.counts(connection)}

    def link_reprints(self, *, workers: int = 0, progress: Callable[[int], None] | None = None) -> reprints.Linked:
        """Link every article not linked yet into the reprint clusters (`archive.relink`)."""
        return relink.link_all(self.url, workers=workers, progress=progress)

    def versions(self, article_id: int) -> list[dict[str, Any]]:
        if not _storable_id(article_id):
            return []
        with transaction(self.url) as session:
            row = session.get(models.Article, article_id)
            if row is None:
                return []
            fields = row_of(row)
            return [
                {"version": v.version, "created_at": v.created_at.isoformat(), "data": full(v.data, fields)}
                for v in row.versions
            ]

    def counts(self) -> dict[str, int]:
        with transaction(self.url) as session:
            return {
                "articles": session.scalar(select(func.count()).select_from(models.Article)) or 0,
                "versions": session.scalar(select(func.count()).select_from(models.ArticleVersion)) or 0,
                "failures": session.scalar(select(func.count()).select_from(models.Failure)) or 0,
                "snapshots": session.scalar(select(func.count()).select_from(models.Snapshot)) or 0,
            }

    def iter_export(self, query: str = "", **filters: Any) -> Iterator[dict[str, Any]]:
        """Current version of each selected article as `Article.to_dict()`, in archive order."""
        return exchange.iter_export(self.url, query, Filters(**filters))

    def export(self, out: IO[str], *, fmt: str = "jsonl", query: str = "", **filters: Any) -> int:
        """Write the selected articles as JSON Lines (`jsonl`) or CSV; the number written."""
        rows = self.iter_export(query, **filters)
        if fmt == "jsonl":
            return exchange.write_jsonl(rows, out)
        if fmt == "csv":
            return exchange.write_csv(rows, out)
        raise ValueError(f"unknown export format {fmt!r} (jsonl or csv)")

    def import_lines(
        self,
        lines: Iterable[bytes | str],
        *,
        batch_size: int = exchange.BATCH,
        progress: Callable[[int], None] | None = None,
        workers: int = 0,
    ) -> exchange.ImportReport:
        """Store JSON Lines articles (as `export` writes them); idempotent, batched.

        `workers` > 0 prepares batches in that many worker processes (started with `spawn`: a
        script calling this needs the `if __name__ == "__main__":` guard), as `import` does.
        """
        return exchange.import_lines(self.url, lines, batch_size=batch_size, progress=progress, workers=workers)

    def check(self, *, repair: bool = False, progress: archive_check.Progress | None = None) -> archive_check.CheckReport:
        """Verify the archive (`archive.check`); with `repair`, when problems are found, mend what
        can be mended (rows, people's keys, the search index) and check again.

        `progress(n)` is called as articles are checked (n of `counts()["articles"]`, per pass)."""
        with transaction(self.url) as session:
            report = archive_check.check(session.connection(), progress)
        if not repair or report.ok:
            return report
        with transaction(self.url) as session:
            repaired = archive_check.repair(session.connection())
        with transaction(self.url) as session:
            report = archive_check.check(session.connection(), progress)
        report.repaired = repaired
        return report

    def stats(self, top: int = archive_stats.TOP) -> dict[str, Any]:
        with transaction(self.url) as session:
            return archive_stats.collect(session, top=top)

    def facets(self, query: str, **filters: Any) -> dict[str, Any]:
        """Facet counts (site, source, author, year, month) of a search (`archive.facets`)."""
        with transaction(self.url) as session:
            return archive_facets.facets(session, query, _filters(filters))

    def sites(self) -> list[dict[str, str]]:
        """The sites the archive holds: name and display title."""
        with transaction(self.url) as session:
            return archive_facets.site_names(session)

    def raw_page(self, article_id: int, version: int | None = None) -> browse.RawPage | None:
        """The archived response an article (version) was extracted from."""
        if not _storable_id(article_id):
            return None
        with transaction(self.url) as session:
            return browse.article_raw(session, article_id, version)

    def failure_raw(self, failure_id: int) -> browse.RawPage | None:
        if not _storable_id(failure_id):
            return None
        with transaction(self.url) as session:
            return browse.failure_raw(session, failure_id)

    def failures(self, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        with transaction(self.url) as session:
            return browse.failures(session, limit, offset)

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The last crawl runs with their health (counts, field coverage, alerts)."""
        with transaction(self.url) as session:
            return browse.runs(session, limit)

    def site_months(self) -> list[dict[str, Any]]:
        with transaction(self.url) as session:
            return browse.site_months(session)

    def article_warc(self, article_id: int, warc_root: Path, out_path: Path) -> dict[str, int] | None:
        """Write every stored response of one article into a WARC file; None if no such article."""
        if not _storable_id(article_id):
            return None
        with transaction(self.url) as session:
            urls = browse.article_urls(session, article_id)
        if not urls:
            return None
        return export_warc(self.url, warc_root, out_path, urls)

    def images(self, article_id: int) -> list[dict[str, Any]]:
        """An article's images as archived (issue 18): stored (sha256, type, size, dimensions) or failed."""
        if not _storable_id(article_id):
            return []
        with transaction(self.url) as session:
            return archive_images.article_images(session, article_id)

    def image_file(self, store: Path, article_id: int, position: int, thumb: bool = False) -> archive_images.ImageFile | None:
        """The bytes of an article's stored image (or thumbnail) in a folder image store."""
        if not (_storable_id(article_id) and 0 <= position <= MAX_ID):
            return None
        with transaction(self.url) as session:
            return archive_images.image_file(session, store, article_id, position, thumb)
