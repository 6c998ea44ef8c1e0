"""What is in the archive: totals, articles per site and per month, top people and sources, failures."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from archive import models
from archive.images import failure_reasons, image_counts
from core.article import CORE_FIELDS

TOP = 20


def _count(session: Session, model: type[models.Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def _top_people(session: Session, role: str, top: int) -> list[dict[str, Any]]:
    articles = func.count(func.distinct(models.ArticleRole.article_id))
    rows = session.execute(
        select(models.Person.name, articles)
        .join(models.ArticleRole, models.ArticleRole.person_id == models.Person.id)
        .where(models.ArticleRole.role == role)
        .group_by(models.Person.name)
        .order_by(articles.desc(), models.Person.name)
        .limit(top)
    ).all()
    return [{"name": name, "articles": n} for name, n in rows]


def _low_confidence(session: Session) -> list[dict[str, Any]]:
    """Per site, how many articles have each core field scored low (`Article.low_confidence`)."""
    article = models.Article
    counts = [
        func.sum(case((article.low_confidence.contains(f" {name} "), 1), else_=0)).label(name)
        for name in CORE_FIELDS
    ]
    rows = session.execute(
        select(models.Site.name, *counts)
        .join(article, article.site_id == models.Site.id)
        .where(article.low_confidence.is_not(None))
        .group_by(models.Site.name)
        .order_by(models.Site.name)
    ).all()
    return [
        {"site": row[0], "field": name, "articles": int(n)}
        for row in rows
        for name, n in zip(CORE_FIELDS, row[1:], strict=True)
        if n
    ]


def collect(session: Session, top: int = TOP) -> dict[str, Any]:
    article = models.Article
    n = func.count(article.id)
    sites = session.execute(
        select(models.Site.name, n, func.min(article.published_at), func.max(article.published_at))
        .join(article, article.site_id == models.Site.id)
        .group_by(models.Site.name)
        .order_by(n.desc(), models.Site.name)
    ).all()
    month: ColumnElement[Any] = func.substr(article.published_at, 1, 7)
    months = session.execute(select(month, n).group_by(month).order_by(month.asc().nulls_last())).all()
    sources = session.execute(
        select(article.source, n)
        .where(article.source.is_not(None))
        .group_by(article.source)
        .order_by(n.desc(), article.source)
        .limit(top)
    ).all()
    failures = func.count(models.Failure.id)
    by_stage = session.execute(
        select(models.Failure.stage, failures).group_by(models.Failure.stage).order_by(failures.desc())
    ).all()
    failure_sites = session.execute(
        select(models.Failure.site, failures).group_by(models.Failure.site).order_by(failures.desc())
    ).all()
    return {
        "totals": {
            "articles": _count(session, models.Article),
            "versions": _count(session, models.ArticleVersion),
            "sites": _count(session, models.Site),
            "people": _count(session, models.Person),
            "snapshots": _count(session, models.Snapshot),
            "failures": _count(session, models.Failure),
        },
        "sites": [{"site": s, "articles": c, "first": lo, "last": hi} for s, c, lo, hi in sites],
        "months": [{"month": m or "undated", "articles": c} for m, c in months],
        "authors": _top_people(session, "author", top),
        "editors": _top_people(session, "editor", top),
        "sources": [{"source": s, "articles": c} for s, c in sources],
        "failures": {
            "by_stage": [{"stage": s, "count": c} for s, c in by_stage],
            "by_site": [{"site": s, "count": c} for s, c in failure_sites],
        },
        "low_confidence": _low_confidence(session),
        "images": {**image_counts(session), "failures": failure_reasons(session, top)},
    }
