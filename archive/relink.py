"""Linking a whole archive's reprints in one pass (`union-archive reprints --link`).

Articles not yet linked are walked in id order, a batch at a time, one transaction per batch (a
killed pass resumes where it stopped: linked articles have their `reprint_links` row). With
`workers`, the texts of the next batches (folding, shingles, signatures: most of the work) are
prepared in worker processes while this one links the current batch.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from archive.db import transaction
from archive.reprints import Linked, Text, bodies, link, prepare_text, unlinked

BATCH = 2000
AHEAD = 2
"""Batches prepared ahead of the one being linked."""


def _prepare(url: str | None, ids: list[int]) -> dict[int, Text]:
    """The texts of these articles, read and prepared here (in a worker: the linker only links)."""
    with transaction(url) as session:
        found = bodies(session.connection(), ids)
    return {article_id: prepare_text(body) for article_id, body in found.items()}


def _next(url: str | None, after: int, batch: int) -> list[int]:
    with transaction(url) as session:
        return unlinked(session.connection(), after, batch)


def link_all(
    url: str | None, *, batch: int = BATCH, workers: int = 0, progress: Callable[[int], None] | None = None
) -> Linked:
    """Link every article not linked yet; `progress(n)` after each batch of n articles."""
    total = Linked()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) if workers else None
    queue: deque[tuple[list[int], Future[dict[int, Text]] | dict[int, Text]]] = deque()
    after = 0
    try:
        while True:
            while len(queue) <= (AHEAD if pool else 0):
                ids = _next(url, after, batch)
                if not ids:
                    break
                after = ids[-1]
                queue.append((ids, pool.submit(_prepare, url, ids) if pool else _prepare(url, ids)))
            if not queue:
                return total
            ids, texts = queue.popleft()
            prepared = texts.result() if isinstance(texts, Future) else texts
            with transaction(url) as session:
                done = link(session.connection(), ids, prepared)
            total.articles += done.articles
            total.copies += done.copies
            total.clusters |= done.clusters
            if progress:
                progress(len(ids))
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
