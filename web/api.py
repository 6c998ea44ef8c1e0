"""The JSON API under /api/: one table of operations from which the routes and the OpenAPI 3
document (apispec over the marshmallow schemas of `web.schemas`) are both made."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask, Response, abort, jsonify, request
from marshmallow import Schema, ValidationError

from web import diffs, schemas
from web.common import archive

MAX_URL = 8192
"""Longer request targets get 414 (a query string is not a place for a whole article)."""


class InvalidArguments(Exception):
    def __init__(self, messages: dict[str, Any]) -> None:
        super().__init__("invalid parameters")
        self.messages = messages


def args(schema: type[Schema]) -> dict[str, Any]:
    """The request's query parameters, loaded (typed, defaulted, validated) by `schema`."""
    try:
        return schema().load(request.args.to_dict())
    except ValidationError as exc:
        raise InvalidArguments(exc.normalized_messages()) from exc  # type: ignore[arg-type]


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """Text parameters without NUL (no backend stores or matches it)."""
    return {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in values.items()}


def search() -> Response:
    values = _clean(args(schemas.SearchArgs))
    try:
        collapse = not values.pop("all_copies")  # reprints (issue 16): one result per story
        return jsonify(archive().search(values.pop("q"), collapse_copies=collapse, **values).to_dict())
    except ValueError as exc:
        abort(400, str(exc))


def facets() -> Response:
    values = _clean(args(schemas.FilterArgs))
    try:
        return jsonify(archive().facets(values.pop("q"), **values))
    except ValueError as exc:
        abort(400, str(exc))


def article(article_id: int) -> Response:
    data = archive().get(article_id)
    if data is None:
        abort(404, f"no article with id {article_id}")
    found = archive().copies(article_id)  # reprints (issue 16), as `show ID --json` lists them
    return jsonify({**data, "reprints": found} if found else data)


def versions(article_id: int) -> Response:
    found = archive().versions(article_id)
    if not found:
        abort(404, f"no article with id {article_id}")
    return jsonify(found)


def diff(article_id: int) -> Response:
    values = args(schemas.DiffArgs)
    found = {v["version"]: v for v in archive().versions(article_id)}
    if not found:
        abort(404, f"no article with id {article_id}")
    newest = max(found)
    old, new = values.get("from_", max(1, newest - 1)), values.get("to", newest)
    if old not in found or new not in found:
        abort(404, f"article {article_id} has versions 1 to {newest}")
    lines = diffs.unified(
        diffs.version_lines(found[old]["data"]), diffs.version_lines(found[new]["data"]),
        f"version {old}", f"version {new}",
    )
    return jsonify({"article_id": article_id, "from": old, "to": new, "unified": lines})


def images(article_id: int) -> Response:
    if archive().get(article_id) is None:
        abort(404, f"no article with id {article_id}")
    return jsonify([{**row, "file": _image_links(article_id, row)} for row in archive().images(article_id)])


def _image_links(article_id: int, row: dict[str, Any]) -> dict[str, str] | None:
    if row["outcome"] != "stored":
        return None
    base = f"/article/{article_id}/images/{row['position']}"
    return {"full": base, "thumb": f"{base}/thumb"}


def sites() -> Response:
    return jsonify(archive().sites())


def stats() -> Response:
    return jsonify(archive().stats())


def failures() -> Response:
    values = args(schemas.FailureArgs)
    return jsonify(archive().failures(values["limit"], values["offset"]))


@dataclass(frozen=True, slots=True)
class Operation:
    path: str
    """OpenAPI path template; the Flask rule is made from it (`{id}` -> `<int:id>`)."""
    view: Callable[..., Response]
    summary: str
    response: type[Schema]
    many: bool = False
    arguments: type[Schema] | None = None


OPERATIONS = (
    Operation("/api/search", search, "Search: the CLI's `search --json` shape", schemas.SearchResult,
              arguments=schemas.SearchArgs),
    Operation("/api/facets", facets, "Facet counts over the newest matches of a search", schemas.Facets,
              arguments=schemas.FilterArgs),
    Operation("/api/articles/{article_id}", article, "The current version of an article", schemas.Article),
    Operation("/api/articles/{article_id}/versions", versions, "Every version of an article", schemas.Version,
              many=True),
    Operation("/api/articles/{article_id}/diff", diff, "Unified diff between two versions", schemas.Diff,
              arguments=schemas.DiffArgs),
    Operation("/api/articles/{article_id}/images", images, "The article's images as archived: stored or failed",
              schemas.ArticleImage, many=True),
    Operation("/api/sites", sites, "The sites the archive holds", schemas.Site, many=True),
    Operation("/api/stats", stats, "What is in the archive", schemas.Stats),
    Operation("/api/failures", failures, "Pages that failed, newest first", schemas.Failures,
              arguments=schemas.FailureArgs),
)


def _json(schema: type[Schema], many: bool = False) -> dict[str, Any]:
    body: Any = schema
    if many:
        body = {"type": "array", "items": body}
    return {"content": {"application/json": {"schema": body}}}


def openapi() -> dict[str, Any]:
    """The OpenAPI 3 document of `OPERATIONS`."""
    spec = APISpec("union-archive", "1.0", "3.0.3", plugins=[MarshmallowPlugin()])
    for operation in OPERATIONS:
        parameters: list[dict[str, Any]] = []
        if "{article_id}" in operation.path:
            parameters.append(
                {"in": "path", "name": "article_id", "required": True, "schema": {"type": "integer", "minimum": 0}}
            )
        if operation.arguments is not None:
            parameters.append({"in": "query", "schema": operation.arguments})
        responses = {"200": _json(operation.response, operation.many), "default": _json(schemas.Error)}
        spec.path(
            path=operation.path,
            operations={"get": {"summary": operation.summary, "parameters": parameters, "responses": responses}},
        )
    return spec.to_dict()


def openapi_view() -> Response:
    return jsonify(openapi())


def _invalid(exc: InvalidArguments) -> tuple[Response, int]:
    return jsonify({"error": "invalid parameters", "fields": exc.messages}), 400


def _too_long() -> None:
    if len(request.full_path) > MAX_URL:
        abort(414, f"request target longer than {MAX_URL} characters")


def register(app: Flask) -> None:
    for operation in OPERATIONS:
        rule = operation.path.replace("{article_id}", "<int:article_id>")
        app.get(rule, endpoint="api_" + operation.view.__name__)(operation.view)
    app.get("/api/openapi.json", endpoint="api_openapi")(openapi_view)
    app.register_error_handler(InvalidArguments, _invalid)
    app.before_request(_too_long)
