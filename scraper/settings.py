"""Scrapy settings for union-archive (`scrapy crawl NAME` and `union-archive crawl` use these).

Every `ARCHIVE_*` setting is declared here, once, with its default and what it does; code reads
it without restating the default (README "Settings" lists them; tests/test_settings.py checks).
"""

from __future__ import annotations

import os

BOT_NAME = "union-archive"
SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
# One spider per declared portal: the built-in ones (core/sites/registry_builtin.py) and those of
# the site files in <data dir>/sites/*.toml and ARCHIVE_SITE_FILES (scraper/spiders/loader.py).
SPIDER_LOADER_CLASS = "scraper.spiders.loader.PortalSpiderLoader"
# Site files (TOML, README "Adding a site") read besides <data dir>/sites/*.toml: a list of paths.
ARCHIVE_SITE_FILES: list[str] = []

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
# The local mirror's base URL (http://127.0.0.1:PORT) every download goes to; empty: the real hosts.
ARCHIVE_MIRROR = os.environ.get("UNION_ARCHIVE_MIRROR", "")

# The archive database (any SQLAlchemy URL); empty: archive.sqlite in the working directory.
ARCHIVE_DB = os.environ.get("UNION_ARCHIVE_DB", "")

# Each response yields at most one item: a small CONCURRENT_ITEMS saves the reactor from creating
# a hundred idle item workers per response (bench/crawl_bench.py: +20% pages/s).
CONCURRENT_ITEMS = 8

# The store pipeline commits a batch of items at a time, one savepoint per item (pipelines/store.py):
# every ARCHIVE_STORE_BATCH_ITEMS items (at least 1) or ARCHIVE_STORE_BATCH_SECONDS seconds, and at
# the end. A killed crawl loses at most one batch, which the next run fetches again.
ARCHIVE_STORE_BATCH_ITEMS = 100
ARCHIVE_STORE_BATCH_SECONDS = 1.0

# Pipeline switches (pipelines/base.py): drop true duplicates within a run; write items to the archive
# (off: nothing is written and no run is recorded, as `crawl-site --dry-run` does).
ARCHIVE_DEDUPE_ENABLED = True
ARCHIVE_STORE_ENABLED = True
ITEM_PIPELINES = {
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.images.ArticleImagesPipeline": 800,
    "pipelines.store.StorePipeline": 900,
}

# A progress line on stderr (scraper/extensions.py), redrawn every ARCHIVE_PROGRESS_INTERVAL seconds.
ARCHIVE_PROGRESS_ENABLED = False
ARCHIVE_PROGRESS_INTERVAL = 0.5
EXTENSIONS = {"scraper.extensions.ProgressLine": 500, "scraper.extensions.RunRecorder": 600}

# The data directory (WARC captures, logs, the run lock of scale-out workers); empty: $UNION_ARCHIVE_DATA, else ./data
# (archive/paths.py).
ARCHIVE_DATA_DIR = os.environ.get("UNION_ARCHIVE_DATA", "")

# Raw capture of every exchange as received (before decompression) into <data dir>/warc/:
# scraper/middlewares.py.
ARCHIVE_WARC_ENABLED = True
# Redirects: Scrapy's middleware, but one that is not followed (a loop, off the site, not http(s))
# ends as a failure with its reason (scraper/middlewares.py) instead of passing on silently.
DOWNLOADER_MIDDLEWARES = {
    "scraper.middlewares.WarcCaptureMiddleware": 950,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scraper.middlewares.RecordedRedirectMiddleware": 600,
}

# What one response may cost: a body (after decompression: HttpCompressionMiddleware applies the
# same cap to the inflated body) over DOWNLOAD_MAXSIZE bytes is abandoned and recorded as a
# failure; over DOWNLOAD_WARNSIZE it is logged. A news article is rarely over 1 MB.
DOWNLOAD_MAXSIZE = 24 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# A body shorter than its Content-Length is kept (flagged `dataloss`) so that the spider records
# it as a failure with the bytes received, instead of as a complete page or not at all.
DOWNLOAD_FAIL_ON_DATALOSS = False

# Article images (pipelines/images.py, Scrapy's ImagesPipeline): each article's images are fetched
# like pages (robots.txt, politeness, retries, WARC capture) before the article is stored (off with
# `--no-images`, or when nothing is stored). An image over ARCHIVE_IMAGES_MAX_BYTES is abandoned, and
# an article's images past ARCHIVE_IMAGES_MAX_ARTICLE_BYTES in all are not kept: both are recorded as
# failures of the image, never of the article. Files are named by the sha256 of their bytes (one file
# per picture however many articles or portals show it) in IMAGES_STORE (any store Scrapy's
# pipelines take: a folder, s3://, gs://, ftp://; empty: <data dir>/images), with IMAGES_THUMBS.
ARCHIVE_IMAGES_ENABLED = True
ARCHIVE_IMAGES_MAX_BYTES = 10 * 1024 * 1024
ARCHIVE_IMAGES_MAX_ARTICLE_BYTES = 40 * 1024 * 1024
IMAGES_STORE = ""
IMAGES_THUMBS = {"small": (320, 320)}
MEDIA_ALLOW_REDIRECTS = True

# Incremental runs (scraper/spiders/base.py): read the archive once at start, fetch only what is new,
# stop paging after ARCHIVE_STOP_AFTER_KNOWN archived articles in a row, re-check articles published
# in the last ARCHIVE_RECHECK_DAYS (at most every ARCHIVE_RECHECK_INTERVAL_HOURS) with conditional
# requests, and retry a page that failed to download in ARCHIVE_FETCH_FAILURE_RETRIES later runs.
ARCHIVE_INCREMENTAL_ENABLED = True
ARCHIVE_STOP_AFTER_KNOWN = 10
ARCHIVE_RECHECK_DAYS = 7
ARCHIVE_RECHECK_INTERVAL_HOURS = 6
ARCHIVE_FETCH_FAILURE_RETRIES = 2

# Health checks at the end of each run (archive/health.py): alert when a field's coverage among new
# articles falls by ARCHIVE_HEALTH_MAX_DROP against the mean of the last ARCHIVE_HEALTH_HISTORY runs
# that had at least ARCHIVE_HEALTH_MIN_ARTICLES new articles.
ARCHIVE_HEALTH_MAX_DROP = 0.4
ARCHIVE_HEALTH_MIN_ARTICLES = 3
ARCHIVE_HEALTH_HISTORY = 5

# Scale-out on scrapy-redis (scraper/addons.py, redis_frontier.py, redis_worker.py): off unless
# ARCHIVE_REDIS_URL is given. Workers with the same ARCHIVE_REDIS_RUN id share one frontier (empty:
# "default"). A request a worker takes is leased for ARCHIVE_REDIS_LEASE_SECONDS, renewed every
# ARCHIVE_REDIS_HEARTBEAT_SECONDS while the worker lives (a dead worker's pages return to the queue
# that long after its last beat); a finished run's keys expire after ARCHIVE_REDIS_TTL_SECONDS.
ADDONS = {"scraper.addons.RedisScaleOut": 0}
ARCHIVE_REDIS_URL = os.environ.get("UNION_ARCHIVE_REDIS", "")
ARCHIVE_REDIS_RUN = os.environ.get("UNION_ARCHIVE_REDIS_RUN", "")
ARCHIVE_REDIS_LEASE_SECONDS = 30.0
ARCHIVE_REDIS_HEARTBEAT_SECONDS = 2.0
ARCHIVE_REDIS_TTL_SECONDS = 7 * 24 * 3600
