"""What many tests share: the project's Scrapy settings for unit-built crawlers, and the rule for
a missing service or missing shared material (skip locally, fail under `CI=true`)."""

from __future__ import annotations

import os
from typing import Any, NoReturn

import pytest
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from scraper import settings as scraper_settings


def on_ci() -> bool:
    """CI runs set `CI=true` (as GitHub Actions, GitLab and `.ci/run` do)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> NoReturn:
    """A test cannot run because a service (PostgreSQL, Redis) or `../shared` is missing.

    Locally the test is skipped with the reason; under `CI=true` it fails with it, so a CI
    without the service does not go green.
    """
    if on_ci():
        pytest.fail(f"{reason} (required under CI=true)", pytrace=False)
    pytest.skip(reason)


def project_settings(**overrides: Any) -> dict[str, Any]:
    """scraper/settings.py as a dict (what `Settings.setmodule` reads), with `overrides` on top."""
    return {**{name: value for name, value in vars(scraper_settings).items() if name.isupper()}, **overrides}


def project_crawler(spidercls: type[Spider] | None = None, **overrides: Any) -> Crawler:
    """`scrapy.utils.test.get_crawler` with the project's settings (as `scrapy crawl` has them)."""
    return get_crawler(spidercls, settings_dict=project_settings(**overrides))
