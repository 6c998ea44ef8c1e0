"""The page's JSON-LD article object and the names in its `author` value."""

from __future__ import annotations

import json
import re
from typing import Any

from core.sites import common
from core.sites.generic.rules import JSONLD_SCRIPT


def read_jsonld(html: str) -> dict[str, Any]:
    """The first NewsArticle-like JSON-LD object, flattened from @graph/lists."""
    for raw in JSONLD_SCRIPT.findall(html):
        try:
            data = json.loads(raw.strip())
        except ValueError:
            continue
        items = (
            data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        )
        for item in items:
            if isinstance(item, dict) and re.search(r"Article|Posting|Report", str(item.get("@type", ""))):
                return item
    return {}


def jsonld_names(value: Any, organisations: bool = False) -> list[str]:
    """Person names (or, with organisations=True, organisation names) of a JSON-LD author value."""
    if isinstance(value, list):
        return [name for item in value for name in jsonld_names(item, organisations)]
    if isinstance(value, dict):
        is_organisation = "Organization" in str(value.get("@type", ""))
        if is_organisation != organisations:
            return []
        return jsonld_names(value.get("name"), organisations=False)
    if organisations:
        return []
    if isinstance(value, str) and common.collapse(value):
        return [common.collapse(value)]
    return []
