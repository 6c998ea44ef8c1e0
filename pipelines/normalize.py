"""Repair every text field of an article (mojibake, glued pinyin, invisible characters)."""

from __future__ import annotations

from typing import Any

from pipelines.base import SwitchablePipeline
from pipelines.textrepair import repair_article
from scraper.article import Article
from scraper.items import ArticleItem

TEXT_FIELDS = ("title", "pretitle", "subtitle", "authors", "editors", "source", "body", "channel")


def text_fields(article: Article) -> dict[str, Any]:
    data = article.to_dict()
    return {name: data[name] for name in TEXT_FIELDS}


class NormalizePipeline(SwitchablePipeline):
    switch = "NORMALIZE"

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        repaired = repair_article(item.article)
        if len(repaired.repairs) > len(item.article.repairs):
            item.unrepaired = text_fields(item.article)
        item.article = repaired
        return item
