"""Pages that could not be fetched, parsed or stored: kept with their reason and raw bytes."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from archive import models
from archive.store.snapshots import compress


def record_failure(
    session: Session,
    url: str,
    stage: str,
    reason: str,
    *,
    site: str | None = None,
    status: int | None = None,
    headers: dict[str, Any] | None = None,
    body: bytes | None = None,
    crawl_run_id: int | None = None,
) -> models.Failure:
    failure = models.Failure(
        url=url,
        site=site,
        stage=stage,
        reason=reason,
        status=status,
        headers=headers or {},
        body_zlib=compress(body) if body is not None else None,
        crawl_run_id=crawl_run_id,
    )
    session.add(failure)
    session.flush()
    return failure
