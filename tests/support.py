"""What many tests share: the rule for a missing service or missing shared material (skip locally,
fail under `CI=true`), the project's Scrapy settings for unit-built crawlers, and README tables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
from markdown_it import MarkdownIt
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

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


NO_ENGINE = {"EXTENSIONS_BASE": {}}
"""Settings for a crawler that never starts: Scrapy's own extensions (log stats, throttle, ...)
need the engine on spider_opened; the project's extensions stay."""


def send_signal(crawler: Crawler, signal: object, **kwargs: Any) -> None:
    """Send a crawl signal to the crawler's handlers as the engine does; a handler's error is raised."""
    for _receiver, outcome in crawler.signals.send_catch_log(signal, spider=crawler.spider, **kwargs):
        if isinstance(outcome, Failure):
            outcome.raiseException()


README = Path(__file__).resolve().parents[1] / "README.md"


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell of the README: its Markdown source and its code spans."""

    text: str
    code: tuple[str, ...]


def readme_table(heading: str) -> list[list[Cell]]:
    """The body rows of the first table in README.md's section titled `heading`."""
    tokens = MarkdownIt("commonmark").enable("table").parse(README.read_text(encoding="utf-8"))
    starts = [i for i, t in enumerate(tokens) if t.type == "heading_open" and tokens[i + 1].content == heading]
    assert starts, f"README.md has no section {heading!r}"
    level = tokens[starts[0]].tag
    rows: list[list[Cell]] = []
    in_body = False
    for token in tokens[starts[0] + 3:]:
        if token.type == "heading_open" and token.tag <= level or token.type == "table_close" and rows:
            break
        in_body = in_body or token.type == "tbody_open"
        if in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "inline":
            code = tuple(child.content for child in token.children or () if child.type == "code_inline")
            rows[-1].append(Cell(token.content, code))
    return rows
