"""The HTML pages: search (facets, timeline, pages), article (versions, diff, raw page, WARC), health."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Response, abort, current_app, render_template, request

from archive.browse import RawPage
from web import diffs, timeline
from web.common import (
    MAX_LIMIT,
    MAX_OFFSET,
    PAGE_SIZE,
    archive,
    filters_only,
    int_arg,
    page_numbers,
    range_label,
    search_link,
    search_options,
)

RAW_CSP = "sandbox; default-src 'none'"


def index() -> str:
    query = request.args.get("q", "")
    options = search_options()
    limit = int_arg("limit", PAGE_SIZE, 1, MAX_LIMIT)
    offset = int_arg("offset", 0, 0, MAX_OFFSET)
    try:
        copies = request.args.get("all_copies") != "1"  # reprints (issue 16): one result per story
        result = archive().search(query, limit=limit, offset=offset, collapse_copies=copies, **options)
        facets = archive().facets(query, **filters_only(options))
    except ValueError as exc:
        abort(400, str(exc))
    months = {entry["value"]: entry["count"] for entry in facets["months"]}
    chart = timeline.svg(months, lambda month: search_link(since=month, until=month, offset=None))
    return render_template(
        "search.html",
        query=query,
        options=options,
        result=result,
        facets=facets,
        chart=chart,
        sites=archive().sites(),
        shown=range_label(offset, len(result.results), result.total, result.total_exact),
        pages=page_numbers(offset, limit, result.total),
        current_page=offset // limit + 1,
        limit=limit,
    )


def _article_or_404(article_id: int) -> dict[str, Any]:
    data = archive().get(article_id)
    if data is None:
        abort(404, f"no article with id {article_id}")
    return data


def article(article_id: int) -> str:
    data = _article_or_404(article_id)
    versions = archive().versions(article_id)
    has_raw = archive().raw_page(article_id) is not None
    archived = {row["url"]: row for row in archive().images(article_id)}
    reprints = archive().copies(article_id)
    return render_template(
        "article.html", article=data, versions=versions, has_raw=has_raw, archived=archived, reprints=reprints
    )


def version_pair(article_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The versions named by `from` and `to` (default: the previous and the current one)."""
    versions = {v["version"]: v for v in archive().versions(article_id)}
    if not versions:
        abort(404, f"no article with id {article_id}")
    newest = max(versions)
    old = int_arg("from", max(1, newest - 1), 1, MAX_OFFSET)
    new = int_arg("to", newest, 1, MAX_OFFSET)
    if old not in versions or new not in versions:
        abort(404, f"article {article_id} has versions 1 to {newest}")
    return versions[old], versions[new]


def diff(article_id: int) -> str:
    data = _article_or_404(article_id)
    old, new = version_pair(article_id)
    old_lines, new_lines = diffs.version_lines(old["data"]), diffs.version_lines(new["data"])
    view = "unified" if request.args.get("view") == "unified" else "side"
    return render_template(
        "diff.html",
        article=data,
        versions=archive().versions(article_id),
        old=old,
        new=new,
        view=view,
        rows=diffs.side_by_side(old_lines, new_lines) if view == "side" else [],
        lines=diffs.unified(old_lines, new_lines, f"version {old['version']}", f"version {new['version']}")
        if view == "unified"
        else [],
    )


def raw_response(page: RawPage, filename: str, attachment: bool) -> Response:
    """Archived bytes as text/plain in a sandbox: a browser shows them and runs nothing."""
    charset = page.encoding or "utf-8"
    response = Response(page.body, mimetype="text/plain")
    response.headers["Content-Type"] = f"text/plain; charset={charset}"
    disposition = "attachment" if attachment else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Content-Security-Policy"] = RAW_CSP
    return response


def raw(article_id: int) -> Response:
    version = request.args.get("version")
    page = archive().raw_page(article_id, int_arg("version", 0, 0, MAX_OFFSET) if version else None)
    if page is None:
        abort(404, f"no archived page for article {article_id}")
    return raw_response(page, f"article-{article_id}.txt", attachment=False)


def warc(article_id: int) -> Response:
    """The article's stored responses as one gzipped WARC file."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / f"article-{article_id}.warc.gz"
        counts = archive().article_warc(article_id, current_app.config["WARC_ROOT"], out)
        if counts is None:
            abort(404, f"no article with id {article_id}")
        body = out.read_bytes()
    response = Response(body, mimetype="application/warc")
    response.headers["Content-Disposition"] = f'attachment; filename="article-{article_id}.warc.gz"'
    return response


def image(article_id: int, position: int, thumb: bool = False) -> Response:
    """An archived image of an article (issue 18), from the image store: the app serves it itself."""
    found = archive().image_file(current_app.config["IMAGES_ROOT"], article_id, position, thumb)
    if found is None:
        abort(404, f"no archived image {position} of article {article_id}")
    response = Response(found.body, mimetype=found.content_type)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def image_thumb(article_id: int, position: int) -> Response:
    return image(article_id, position, thumb=True)


def failure_raw(failure_id: int) -> Response:
    page = archive().failure_raw(failure_id)
    if page is None:
        abort(404, f"no raw bytes kept for failure {failure_id}")
    return raw_response(page, f"failure-{failure_id}.txt", attachment=True)


def health() -> str:
    offset = int_arg("offset", 0, 0, MAX_OFFSET)
    by_site: dict[str, list[dict[str, Any]]] = {}
    for row in archive().site_months():
        by_site.setdefault(row["site"], []).append(row)
    return render_template(
        "health.html",
        by_site=by_site,
        runs=archive().runs(20),
        failures=archive().failures(50, offset),
    )


ROUTES = (
    ("/", index),
    ("/article/<int:article_id>", article),
    ("/article/<int:article_id>/diff", diff),
    ("/article/<int:article_id>/raw", raw),
    ("/article/<int:article_id>/warc", warc),
    ("/article/<int:article_id>/images/<int:position>", image),
    ("/article/<int:article_id>/images/<int:position>/thumb", image_thumb),
    ("/health", health),
    ("/failures/<int:failure_id>/raw", failure_raw),
)
