"""Flask app: a search page, article pages, and a JSON API with the CLI's `search --json` shape.

Scraped text is hostile: every template is autoescaped, highlights are built from escaped parts,
and responses carry a restrictive Content-Security-Policy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, current_app, jsonify, render_template, request
from markupsafe import Markup, escape
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from archive.api import Archive
from archive.db import resolve_url
from core.article import low_confidence

FILTERS = ("site", "author", "editor", "source", "channel", "since", "until")
PAGE_SIZE = 20
MAX_LIMIT = 200


def highlight(snippet: str, spans: list[list[int]]) -> Markup:
    """The snippet, escaped, with each [start, end) span in <mark>."""
    parts: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        parts.append(str(escape(snippet[last:start])))
        parts.append(f"<mark>{escape(snippet[start:end])}</mark>")
        last = end
    parts.append(str(escape(snippet[last:])))
    return Markup("".join(parts))


def http_url(value: str | None) -> str | None:
    """`value` if it is an http(s) URL (safe as a link target), else None."""
    if value and value.split(":", 1)[0].lower() in ("http", "https"):
        return value
    return None


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name, "")
    try:
        value = int(raw) if raw.strip() else default
    except ValueError:
        abort(400, f"{name} must be a number")
    return max(low, min(value, high))


def _search_args() -> dict[str, Any]:
    options: dict[str, Any] = {name: request.args.get(name, "").strip() or None for name in FILTERS}
    sort = request.args.get("sort", "relevance")
    options["sort"] = sort if sort in ("relevance", "date") else "relevance"
    return options


def _archive() -> Archive:
    return Archive(current_app.config["ARCHIVE_URL"])


def _security_headers(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _error(exc: Any) -> tuple[Any, int]:
    """400 and 404: JSON under /api/, else the error page."""
    message = getattr(exc, "description", str(exc))
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), exc.code
    return render_template("error.html", code=exc.code, message=message), exc.code


def index() -> str:
    query = request.args.get("q", "")
    options = _search_args()
    limit = _int("limit", PAGE_SIZE, 1, MAX_LIMIT)
    offset = _int("offset", 0, 0, 10_000_000)
    try:
        result = _archive().search(query, limit=limit, offset=offset, **options)
    except ValueError as exc:
        abort(400, str(exc))
    kept = {k: v for k, v in {"q": query, **options, "limit": limit}.items() if v}

    def page(new_offset: int) -> str:
        return "?" + urlencode({**kept, "offset": new_offset})

    return render_template(
        "search.html",
        query=query,
        options=options,
        result=result,
        previous=page(max(0, offset - limit)) if offset > 0 else None,
        next=page(offset + limit) if offset + limit < result.total else None,
    )


def article(article_id: int) -> str:
    data = _archive().get(article_id)
    if data is None:
        abort(404, f"no article with id {article_id}")
    versions = _archive().versions(article_id)
    return render_template("article.html", article=data, versions=versions)


def api_search() -> Response:
    limit = _int("limit", PAGE_SIZE, 0, 1000)
    offset = _int("offset", 0, 0, 10_000_000)
    try:
        result = _archive().search(request.args.get("q", ""), limit=limit, offset=offset, **_search_args())
    except ValueError as exc:
        abort(400, str(exc))
    return jsonify(result.to_dict())


def api_article(article_id: int) -> Response:
    data = _archive().get(article_id)
    if data is None:
        abort(404, f"no article with id {article_id}")
    return jsonify(data)


def api_versions(article_id: int) -> Response:
    versions = _archive().versions(article_id)
    if not versions:
        abort(404, f"no article with id {article_id}")
    return jsonify(versions)


ROUTES: tuple[tuple[str, Callable[..., Any]], ...] = (
    ("/", index),
    ("/article/<int:article_id>", article),
    ("/api/search", api_search),
    ("/api/articles/<int:article_id>", api_article),
    ("/api/articles/<int:article_id>/versions", api_versions),
)
"""The GET routes; each view's name is its endpoint."""


def create_app(db_url: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config["ARCHIVE_URL"] = resolve_url(db_url)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.jinja_env.autoescape = True
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.filters["http_url"] = http_url
    app.jinja_env.globals["low_confidence"] = low_confidence
    app.after_request(_security_headers)
    app.register_error_handler(400, _error)
    app.register_error_handler(404, _error)
    for rule, view in ROUTES:
        app.get(rule)(view)
    return app


def run(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (threaded WSGI server; put a proxy in front for the internet)."""
    app = create_app(db_url)
    server = make_server(host, port, app, threaded=True)
    shown = make_url(app.config["ARCHIVE_URL"]).render_as_string(hide_password=True)
    print(f"serving {shown} on http://{host}:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
