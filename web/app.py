"""Flask app: the search page, article pages, the health page, exports and feeds, and a JSON API
with an OpenAPI document (`web.api`).

Scraped text is hostile: every template is autoescaped, highlights are built from escaped parts,
bidirectional text is isolated, and responses carry a restrictive Content-Security-Policy.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy.engine import make_url
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.serving import make_server

from archive.db import resolve_url
from archive.facets import site_title
from archive.paths import data_dir, images_dir, warc_dir
from core.article import low_confidence
from web import api, exports, pages
from web.common import archive, filter_link, highlight, http_url, search_link, search_options

log = logging.getLogger(__name__)


def _security_headers(response: Response) -> Response:
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'",
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _form_sites() -> list[dict[str, str]]:
    """The site drop-down of an error page (empty when the archive cannot be read)."""
    try:
        return archive().sites()
    except Exception:  # noqa: BLE001 - an error page must render even when the database is down
        return []


def _error(exc: Exception) -> tuple[Any, int]:
    """Every error: JSON under /api/, else the error page with the search form as it was sent."""
    if not isinstance(exc, HTTPException):
        log.exception("unhandled error on %s", request.path, exc_info=exc)
        exc = InternalServerError()
    code = exc.code or 500
    message = exc.description or exc.name
    if request.path.startswith("/api/"):
        return jsonify({"error": message}), code
    page = render_template(
        "error.html", code=code, message=message, query=request.args.get("q", ""), options=search_options(),
        sites=_form_sites(),
    )
    return page, code


def create_app(db_url: str | None = None, data_root: str | None = None) -> Flask:
    app = Flask(__name__)
    app.config["ARCHIVE_URL"] = resolve_url(db_url)
    app.config["WARC_ROOT"] = warc_dir(data_dir(data_root))
    app.config["IMAGES_ROOT"] = images_dir(data_dir(data_root))
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.jinja_env.autoescape = True
    app.jinja_env.filters["highlight"] = highlight
    app.jinja_env.filters["http_url"] = http_url
    app.jinja_env.globals.update(
        low_confidence=low_confidence, search_link=search_link, filter_link=filter_link, site_title=site_title
    )
    app.after_request(_security_headers)
    app.register_error_handler(Exception, _error)
    for rule, view in (*pages.ROUTES, *exports.ROUTES):
        app.get(rule)(view)
    api.register(app)
    return app


def run(db_url: str | None = None, host: str = "127.0.0.1", port: int = 8000, data_root: str | None = None) -> None:
    """Serve until interrupted (threaded WSGI server; put a proxy in front for the internet)."""
    app = create_app(db_url, data_root)
    server = make_server(host, port, app, threaded=True)
    shown = make_url(app.config["ARCHIVE_URL"]).render_as_string(hide_password=True)
    print(f"serving {shown} on http://{host}:{server.server_port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
