"""Marshmallow schemas of the JSON API: what requests take (validated) and what responses hold.

`web.api` validates query parameters with the argument schemas and apispec turns all of them
into the OpenAPI document served at /api/openapi.json.
"""

from __future__ import annotations

from marshmallow import EXCLUDE, INCLUDE, Schema, fields, validate

from web.common import MAX_OFFSET

API_MAX_LIMIT = 1000


class Args(Schema):
    class Meta:
        unknown = EXCLUDE


class PageArgs(Args):
    limit = fields.Int(load_default=20, validate=validate.Range(0, API_MAX_LIMIT))
    offset = fields.Int(load_default=0, validate=validate.Range(0, MAX_OFFSET))


class FilterArgs(Args):
    q = fields.Str(load_default="", metadata={"description": "query text (archive.query syntax)"})
    site = fields.Str(metadata={"description": "registry name, e.g. people_acftu"})
    author = fields.Str()
    editor = fields.Str()
    source = fields.Str()
    channel = fields.Str()
    since = fields.Str(metadata={"description": "2024, 2024-05 or 2024-05-10"})
    until = fields.Str(metadata={"description": "inclusive: 2024 means to the end of 2024"})


class SearchArgs(FilterArgs, PageArgs):
    sort = fields.Str(load_default="relevance", validate=validate.OneOf(["relevance", "date"]))
    all_copies = fields.Bool(
        load_default=False, metadata={"description": "list every copy of a reprinted story (default: the first, noting the others)"}
    )


class DiffArgs(Args):
    from_ = fields.Int(data_key="from", validate=validate.Range(1, MAX_OFFSET))
    to = fields.Int(validate=validate.Range(1, MAX_OFFSET))


class FailureArgs(Args):
    limit = fields.Int(load_default=50, validate=validate.Range(0, API_MAX_LIMIT))
    offset = fields.Int(load_default=0, validate=validate.Range(0, MAX_OFFSET))


class Error(Schema):
    error = fields.Str(required=True)
    fields_ = fields.Dict(data_key="fields", metadata={"description": "per parameter, what is wrong"})


class Hit(Schema):
    id = fields.Int(required=True)
    url = fields.Str(required=True)
    canonical_url = fields.Str(required=True)
    site = fields.Str(required=True)
    title = fields.Str(required=True)
    published_at = fields.Str(required=True, allow_none=True)
    authors = fields.List(fields.Str(), required=True)
    editors = fields.List(fields.Str(), required=True)
    source = fields.Str(required=True, allow_none=True)
    channel = fields.List(fields.Str(), required=True)
    version = fields.Int(required=True)
    snippet = fields.Str(required=True)
    highlights = fields.List(fields.List(fields.Int()), required=True)
    score = fields.Float(required=True, allow_none=True)
    copies = fields.Int(metadata={"description": "other copies of this story (reprints), when it has some"})
    also_on = fields.List(fields.Str(), metadata={"description": "the other sites with a copy"})
    original_id = fields.Int(allow_none=True, metadata={"description": "the copy credited as the original"})


class SearchResult(Schema):
    query = fields.Str(required=True)
    took_ms = fields.Float(required=True)
    total = fields.Int(required=True)
    total_exact = fields.Bool(
        required=True, metadata={"description": "false when total is an estimate (past 5,000 matches)"}
    )
    results = fields.List(fields.Nested(Hit), required=True)
    limit = fields.Int(required=True)
    offset = fields.Int(required=True)
    sort = fields.Str(required=True)
    notes = fields.List(fields.Str(), required=True)


class Image(Schema):
    url = fields.Str(required=True)
    caption = fields.Str(required=True, allow_none=True)


class ImageLinks(Schema):
    full = fields.Str(required=True, metadata={"description": "the original as received, served by the archive"})
    thumb = fields.Str(required=True)


class ArticleImage(Schema):
    """An image of an article as archived (issue 18): stored (its file's facts) or failed (why)."""

    position = fields.Int(required=True)
    url = fields.Str(required=True)
    caption = fields.Str(required=True, allow_none=True)
    outcome = fields.Str(required=True, validate=validate.OneOf(["stored", "failed"]))
    reason = fields.Str(required=True, allow_none=True)
    sha256 = fields.Str(required=True, allow_none=True)
    content_type = fields.Str(required=True, allow_none=True)
    size = fields.Int(required=True, allow_none=True)
    width = fields.Int(required=True, allow_none=True)
    height = fields.Int(required=True, allow_none=True)
    fetched_at = fields.Str(required=True)
    file = fields.Nested(ImageLinks, required=True, allow_none=True)


class Repair(Schema):
    kind = fields.Str(required=True)
    field = fields.Str(required=True)
    start = fields.Int(required=True)
    end = fields.Int(required=True)
    before = fields.Str(required=True)
    after = fields.Str(required=True)
    confidence = fields.Float(required=True)


class ArticleData(Schema):
    """An article version as `Article.to_dict()` (the export shape)."""

    class Meta:
        unknown = INCLUDE

    url = fields.Str(required=True)
    canonical_url = fields.Str(required=True)
    site = fields.Str(required=True)
    title = fields.Str(required=True)
    pretitle = fields.Str(required=True, allow_none=True)
    subtitle = fields.Str(required=True, allow_none=True)
    authors = fields.List(fields.Str(), required=True)
    editors = fields.List(fields.Str(), required=True)
    source = fields.Str(required=True, allow_none=True)
    source_url = fields.Str(required=True, allow_none=True)
    published_at = fields.Str(required=True, allow_none=True)
    body = fields.List(fields.Str(), required=True)
    images = fields.List(fields.Nested(Image), required=True)
    channel = fields.List(fields.Str(), required=True)
    encoding = fields.Str(required=True, allow_none=True)
    repairs = fields.List(fields.Nested(Repair), required=True)
    confidence = fields.Dict(metadata={"description": "per field: the parser's rule and score"})


class Copy(Schema):
    """Another copy of an article's story (reprints, issue 16)."""

    id = fields.Int(required=True)
    site = fields.Str(required=True)
    published_at = fields.Str(required=True, allow_none=True)
    title = fields.Str(required=True)
    url = fields.Str(required=True)
    similarity = fields.Float(required=True, allow_none=True, metadata={"description": "Jaccard of the story texts' shingles"})
    original = fields.Bool(required=True, metadata={"description": "this copy is the cluster's original"})


class Reprints(Schema):
    """The cluster of copies an article is in (`archive.copies.copies_of`)."""

    cluster_id = fields.Int(required=True)
    original_id = fields.Int(required=True, allow_none=True)
    is_original = fields.Bool(required=True)
    reason = fields.Str(required=True, metadata={"description": "why the original was chosen"})
    copies = fields.List(fields.Nested(Copy), required=True, metadata={"description": "the other copies, earliest first"})


class Article(ArticleData):
    id = fields.Int(required=True)
    version = fields.Int(required=True)
    reprints = fields.Nested(Reprints, metadata={"description": "the other copies of this story, when it has some"})


class Version(Schema):
    version = fields.Int(required=True)
    created_at = fields.Str(required=True)
    data = fields.Nested(ArticleData, required=True)


class Diff(Schema):
    article_id = fields.Int(required=True)
    from_ = fields.Int(data_key="from", required=True)
    to = fields.Int(required=True)
    unified = fields.List(fields.Str(), required=True, metadata={"description": "difflib unified diff lines"})


class Count(Schema):
    value = fields.Str(required=True)
    count = fields.Int(required=True)


class SiteCount(Count):
    title = fields.Str(required=True)


class Facets(Schema):
    window = fields.Int(required=True, metadata={"description": "how many of the newest matches were counted"})
    approximate = fields.Bool(required=True, metadata={"description": "true when there were more matches"})
    sites = fields.List(fields.Nested(SiteCount), required=True)
    sources = fields.List(fields.Nested(Count), required=True)
    authors = fields.List(fields.Nested(Count), required=True)
    years = fields.List(fields.Nested(Count), required=True)
    months = fields.List(fields.Nested(Count), required=True)


class Site(Schema):
    name = fields.Str(required=True)
    title = fields.Str(required=True)


class Stats(Schema):
    """`archive.stats.collect`: the sections below, and any the report gains (other helpers' own)."""

    class Meta:
        unknown = INCLUDE

    totals = fields.Dict(keys=fields.Str(), values=fields.Int(), required=True)
    sites = fields.List(fields.Dict(), required=True)
    months = fields.List(fields.Dict(), required=True)
    authors = fields.List(fields.Dict(), required=True)
    editors = fields.List(fields.Dict(), required=True)
    sources = fields.List(fields.Dict(), required=True)
    failures = fields.Dict(required=True)


class Failure(Schema):
    id = fields.Int(required=True)
    url = fields.Str(required=True)
    site = fields.Str(required=True, allow_none=True)
    stage = fields.Str(required=True)
    reason = fields.Str(required=True)
    status = fields.Int(required=True, allow_none=True)
    created_at = fields.Str(required=True)
    has_body = fields.Bool(required=True)


class Failures(Schema):
    total = fields.Int(required=True)
    limit = fields.Int(required=True)
    offset = fields.Int(required=True)
    failures = fields.List(fields.Nested(Failure), required=True)
