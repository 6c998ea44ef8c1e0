"""The pure core: the `Article` value, decoding, site parsers, text repair and validation.

Nothing here does I/O or imports Scrapy or SQLAlchemy (`lint-imports` checks it); the archive,
the Scrapy side, the CLI and the web app build on it. `core.page.page_to_article` is the one
path from a fetched page to an article or a failure.
"""
