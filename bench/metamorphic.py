"""Metamorphic variants of a labelled page: the same article as a different CMS would write it.

Each transformation is a pure function of (tree, label): it changes the tree in place and says
whether it applied (a page without an info bar has no info bar to move). Transformations that
change characters (full-width <-> half-width punctuation) also map the label, so the expected
fields are what the changed page shows. `variants(html, label)` yields (name, html, label) for
every transformation that applies; `score_variants` scores an extractor over them the way
`bench/extraction_eval.py` scores the corpus.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from bench.metamorphic_transforms import TRANSFORMS
from core.sites import evaluation

CORE_FIELDS = ("title", "authors", "editors", "source", "published_at", "body_first", "body_last")
"""The fields a variant must keep: the fully-right fields and the body's first and last snippets."""

# --- Variants and their scores ----------------------------------------------------------------


def parse_tree(html: str) -> etree._Element:
    parser = etree.HTMLParser(no_network=True)
    # lxml cannot set text holding C0 controls; LABELS.md drops them from the labels anyway
    root = etree.fromstring(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", html), parser)
    if root is None:
        raise ValueError("no HTML elements")
    return root


def relabel(label: dict[str, Any], text_map: Callable[[str], str] | None) -> dict[str, Any]:
    """The label as the transformed page shows it."""
    if text_map is None:
        return label
    mapped = dict(label)
    for field in CORE_FIELDS:
        value = label.get(field)
        if isinstance(value, str) and field != "published_at":
            mapped[field] = text_map(value)
        elif isinstance(value, list):
            mapped[field] = [text_map(v) for v in value]
    return mapped


def variants(html: str, label: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(transformation name, transformed HTML, label of the transformed page) for each that applies."""
    original = parse_tree(html)
    for transform in TRANSFORMS:
        root = copy.deepcopy(original)
        if transform.apply(root, label):
            yield (
                transform.name,
                etree.tostring(root, encoding="unicode", method="html"),
                relabel(label, transform.text_map),
            )


def fully_right(label: dict[str, Any], view: dict[str, Any]) -> bool:
    return all(evaluation.field_matches(label, view, field) for field in CORE_FIELDS)


@dataclass
class VariantScores:
    """Tallies over (page, transformation) pairs."""

    pairs: int = 0
    fully_right: int = 0
    correct: dict[str, int] | None = None
    by_transform: dict[str, list[int]] | None = None  # name -> [right, pairs]
    misses: list[tuple[str, str, dict[str, tuple[Any, Any]]]] | None = None

    def __post_init__(self) -> None:
        self.correct = self.correct or dict.fromkeys(CORE_FIELDS, 0)
        self.by_transform = self.by_transform or {}
        self.misses = self.misses or []

    @property
    def share(self) -> float:
        return self.fully_right / self.pairs if self.pairs else 0.0


def score_variants(
    extractor: Callable[[str | None, str], dict[str, Any]],
    pages: list[tuple[str, str | None, str, dict[str, Any]]],
) -> VariantScores:
    """Score `extractor` (url, html) -> label view over every variant of every (file, url, html,
    label) page; a crash is a wrong answer for every field."""
    scores = VariantScores()
    for file, url, html, label in pages:
        for name, variant, expected in variants(html, label):
            try:
                view = extractor(url, variant)
            except Exception:  # noqa: BLE001 - a crash is a wrong answer
                view = {}
            scores.pairs += 1
            tally = scores.by_transform.setdefault(name, [0, 0])
            tally[1] += 1
            for field in CORE_FIELDS:
                scores.correct[field] += evaluation.field_matches(expected, view, field)
            if view and fully_right(expected, view):
                scores.fully_right += 1
                tally[0] += 1
            else:
                wrong = {
                    f: (expected.get(f), view.get(f))
                    for f in CORE_FIELDS
                    if not evaluation.field_matches(expected, view, f)
                }
                scores.misses.append((file, name, wrong))
    return scores
