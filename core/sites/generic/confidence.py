"""How sure the generic extractor is of each core field: the rule that produced it and a 0-1 score.

The scores rank the rules by their evidence (a labelled credit in the info bar, then credits found
further from the headline, then unlabelled slots and metadata, then fallbacks); a field that is
empty because nothing was found scores by how often that is right (most pages have no editor line
to miss). They are for sorting pages to check by hand, not calibrated probabilities.
"""

from __future__ import annotations

from core.article import FieldConfidence

RULES: dict[str, float] = {
    # headline
    "displayed headline": 0.95,
    "displayed headline, not in <title>": 0.8,
    "json-ld/og:title": 0.6,
    "<title> fallback": 0.3,
    # body
    "text density under headline": 0.9,
    "whole-page text density": 0.4,
    # credits
    "info bar": 0.9,
    "story credit line": 0.85,
    "after story": 0.75,
    "json-ld": 0.8,
    "english byline": 0.7,
    "unlabelled source slot": 0.5,
    "json-ld organisation shown": 0.6,
    # dates
    "dateline under headline": 0.95,
    "dateline above headline": 0.8,
    "metadata": 0.6,
    "not found": 0.6,
}
SHORT_STORY_CHARS = 200
"""A story under this many characters is less sure to be the story (its score is halved)."""


def field_confidence(rules: dict[str, str], story_chars: int) -> dict[str, FieldConfidence]:
    """FieldConfidence for every core field from the rule that produced it ("not found" when none)."""
    result = {}
    for name in ("title", "authors", "editors", "source", "published_at", "body"):
        rule = rules.get(name, "not found")
        score = RULES[rule]
        if name == "body" and story_chars < SHORT_STORY_CHARS:
            score /= 2
        result[name] = FieldConfidence(rule, round(score, 2))
    return result
