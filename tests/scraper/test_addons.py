"""RedisScaleOut, applied by Scrapy from the project's ADDONS: scrapy-redis scheduling only when
ARCHIVE_REDIS_URL is set; otherwise Scrapy's own scheduler and duplicate filter."""

from __future__ import annotations

from scrapy.settings import Settings

from tests.support import project_crawler

SCALE_OUT = ("SCHEDULER", "SCHEDULER_QUEUE_CLASS", "DUPEFILTER_CLASS", "REDIS_URL", "SCHEDULER_QUEUE_KEY",
             "SCHEDULER_DUPEFILTER_KEY", "SCHEDULER_PERSIST")


def scale_out_settings(settings: Settings) -> dict[str, object]:
    return {name: settings[name] for name in SCALE_OUT}


def test_without_a_redis_url_nothing_changes() -> None:
    assert scale_out_settings(project_crawler().settings) == scale_out_settings(Settings())


def test_a_redis_url_shares_the_frontier_of_the_run() -> None:
    crawler = project_crawler(ARCHIVE_REDIS_URL="redis://127.0.0.1:6379/0", ARCHIVE_REDIS_RUN="2024-05-10")
    assert scale_out_settings(crawler.settings) == {
        "SCHEDULER": "scraper.redis_worker.LeasingScheduler",
        "SCHEDULER_QUEUE_CLASS": "scraper.redis_frontier.LeasedQueue",
        "DUPEFILTER_CLASS": "scraper.redis_frontier.LeaseDupeFilter",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SCHEDULER_QUEUE_KEY": "union-archive:%(spider)s:2024-05-10:requests",
        "SCHEDULER_DUPEFILTER_KEY": "union-archive:%(spider)s:2024-05-10:dupefilter",
        "SCHEDULER_PERSIST": True,
    }


def test_the_default_run() -> None:
    crawler = project_crawler(ARCHIVE_REDIS_URL="redis://127.0.0.1:6379/0")
    assert crawler.settings["SCHEDULER_QUEUE_KEY"] == "union-archive:%(spider)s:default:requests"
    assert crawler.settings["SCHEDULER_DUPEFILTER_KEY"] == "union-archive:%(spider)s:default:dupefilter"
    assert crawler.settings.getdict("REDIS_PARAMS") == {
        "socket_timeout": 5, "socket_connect_timeout": 3, "retry_on_timeout": False,
    }
