"""Scrapy settings for union-archive (`scrapy crawl NAME` and `union-archive crawl` use these)."""

from __future__ import annotations

import os

BOT_NAME = "union-archive"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"

USER_AGENT = "union-archive/0.1 (trade-union news archive crawler; Scrapy)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("UNION_ARCHIVE_LOG_LEVEL", "INFO")

# Every download may be routed to a local mirror (tests, demo): see scraper/mirror.py.
DOWNLOAD_HANDLERS = {
    "http": "scraper.mirror.MirrorDownloadHandler",
    "https": "scraper.mirror.MirrorDownloadHandler",
}
ARCHIVE_MIRROR = os.environ.get("UNION_ARCHIVE_MIRROR", "")

# The archive database (any SQLAlchemy URL); default: archive.sqlite in the working directory.
ARCHIVE_DB = os.environ.get("UNION_ARCHIVE_DB", "")

ARCHIVE_NORMALIZE_ENABLED = True
ARCHIVE_VALIDATE_ENABLED = True
ARCHIVE_DEDUPE_ENABLED = True
ARCHIVE_STORE_ENABLED = True
ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 900,
}

ARCHIVE_PROGRESS_ENABLED = False
EXTENSIONS = {"scraper.extensions.ProgressLine": 500}

# Scale-out on scrapy-redis (see scraper/addons.py): off unless a Redis URL is given.
ADDONS = {"scraper.addons.RedisScaleOut": 0}
ARCHIVE_REDIS_URL = os.environ.get("UNION_ARCHIVE_REDIS", "")
ARCHIVE_REDIS_RUN = os.environ.get("UNION_ARCHIVE_REDIS_RUN", "")
