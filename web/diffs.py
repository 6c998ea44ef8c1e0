"""Differences between two versions of an article, line by line (difflib), as data to render."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

FIELDS = ("title", "pretitle", "subtitle", "authors", "editors", "source", "source_url", "published_at", "channel")


def version_lines(data: dict[str, Any]) -> list[str]:
    """A version as lines: one per field (`title: ...`), then one per paragraph."""
    lines: list[str] = []
    for name in FIELDS:
        value = data.get(name)
        if isinstance(value, list):
            value = " > ".join(value) if name == "channel" else ", ".join(value)
        lines.append(f"{name}: {value or ''}")
    lines.append("")
    lines.extend(data.get("body") or [])
    lines.extend(f"image: {image.get('url')} {image.get('caption') or ''}".rstrip() for image in data.get("images") or [])
    return lines


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a side-by-side diff: `tag` is equal, replace, delete or insert."""

    tag: str
    left: str | None
    right: str | None


def side_by_side(old: list[str], new: list[str]) -> list[Row]:
    rows: list[Row] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        left, right = old[i1:i2], new[j1:j2]
        for index in range(max(len(left), len(right))):
            rows.append(
                Row(tag, left[index] if index < len(left) else None, right[index] if index < len(right) else None)
            )
    return rows


def unified(old: list[str], new: list[str], old_name: str, new_name: str) -> list[str]:
    return list(difflib.unified_diff(old, new, old_name, new_name, lineterm=""))
