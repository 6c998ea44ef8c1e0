"""Turn articles that miss what every article has (a title, some body text) into failures."""

from __future__ import annotations

from typing import Any

from pipelines.base import SwitchablePipeline
from scraper.items import ArticleItem, PageFailure


def problems(item: ArticleItem) -> list[str]:
    article = item.article
    found = []
    if not article.title.strip():
        found.append("no title")
    if not any(p.strip() for p in article.body):
        found.append("no body text")
    return found


class ValidatePipeline(SwitchablePipeline):
    switch = "VALIDATE"

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        found = problems(item)
        if not found:
            return item
        return PageFailure(item.page.url, item.article.site, "validate", "; ".join(found), item.page)
