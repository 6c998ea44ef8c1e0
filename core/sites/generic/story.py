"""Where the story is (text density): the container with the most sentence-like, link-poor text,
then its densest contiguous run of paragraphs; and the info-bar lines between headline and story."""

from __future__ import annotations

from lxml import etree

from core.sites import common
from core.sites.common import Block
from core.sites.generic.document import Page, has_date
from core.sites.generic.rules import (
    ABOVE_REACH,
    LEAD_REACH,
    LEGAL_NOTICE,
    PUNCTUATION,
    SENTENCE_END,
    STORY_GAP,
    SUMMARY_BOX,
)

INLINE_TAGS = ("p", "span", "font", "strong", "b")
"""Paragraph-level tags whose parent, not themselves, is the container a paragraph counts for."""
LEAF_TAGS = ("div", "section")
"""Containers that hold one paragraph's text and no block inside count like a `<p>` (a CMS that
writes every paragraph as a `<div>`)."""
ROW_TAGS = {"td": "table", "th": "table", "li": "", "dd": "", "dt": ""}
"""Cells and list items holding text themselves count for their table or list (a government CMS
puts each paragraph in a table row)."""


def content_weight(block: Block) -> float:
    """How story-like a paragraph is: long, punctuated, few links."""
    text = block.text
    if len(text) < 12 and not (len(text) >= 6 and text[-1] in "。！？"):
        return 0.0
    link_ratio = block.link_chars / max(len(text), 1)
    if link_ratio > 0.5 or LEGAL_NOTICE.search(text):
        return 0.0
    punctuation = len(PUNCTUATION.findall(text))
    return (len(text) + 10 * punctuation) * (1 - link_ratio)


def find_story(page: Page, title_index: int) -> list[int]:
    """Indexes of the story's blocks: the densest container, then its densest contiguous run."""
    weights = [content_weight(block) for block in page.blocks]
    scores = _container_scores(page, weights, title_index)
    if not scores:
        return []
    container = max(scores, key=lambda element: scores[element])
    inside = {id(e) for e in container.iter()}
    indexes = [i for i, block in enumerate(page.blocks) if id(block.element) in inside and i > title_index]
    if not indexes:
        return []
    run = _densest_run(page, indexes, weights)
    return _lead_before(page, run, weights, title_index) + run


def _lead_before(page: Page, run: list[int], weights: list[float], title_index: int) -> list[int]:
    """Story paragraphs right before the story's container (a lead paragraph in an element of its
    own, a notice's preamble before its numbered list, a sentence cut by an inserted box): lines
    ending in punctuation, up to LEAD_REACH of them, with no other text between
    them and the story."""
    lead: list[int] = []
    index = run[0] - 1
    while index > title_index and len(lead) < LEAD_REACH:
        block = page.blocks[index]
        text = block.text
        if text:
            if not (
                weights[index]
                and text[-1] in SENTENCE_END + "：:，,；;"
                and not common.has_credit_label(text[:8])
                and not SUMMARY_BOX.match(text)
                and not has_date(page, index)
            ):
                break
            lead.insert(0, index)
        index -= 1
    return lead


def _container_scores(page: Page, weights: list[float], title_index: int) -> dict[etree._Element, float]:
    """Each container's story weight: its paragraphs' weights, and 0.4 of them for the container
    above; repeated cards (related stories, comment items) share one class and count a quarter."""
    scores: dict[etree._Element, float] = {}
    for index, block in enumerate(page.blocks):
        weight = weights[index]
        if not weight or (title_index >= 0 and index < title_index):
            continue
        parent = _unit(block.element)
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + weight * 0.4
    # Repeated cards share one class; a story container is unique.
    class_counts: dict[tuple[str, str], int] = {}
    for element in scores:
        key = (element.tag, element.get("class") or "")
        class_counts[key] = class_counts.get(key, 0) + 1
    for element in scores:
        if element.get("class") and class_counts[(element.tag, element.get("class") or "")] >= 3:
            scores[element] *= 0.25
    return scores


def _unit(element: etree._Element) -> etree._Element | None:
    """The container a paragraph counts for: the parent of a `<p>`/inline run or of a leaf `<div>`,
    the table of a cell, the list of an item; a block element otherwise itself."""
    if element.tag in INLINE_TAGS or (element.tag in LEAF_TAGS and not _has_block_child(element)):
        return element.getparent()
    if element.tag in ROW_TAGS:
        wanted = ROW_TAGS[element.tag]
        if not wanted:
            return element.getparent()
        for ancestor in element.iterancestors(wanted):
            return ancestor
    return element


def _has_block_child(element: etree._Element) -> bool:
    return any(isinstance(child.tag, str) and child.tag in common.BLOCK_TAGS for child in element)


def _densest_run(page: Page, indexes: list[int], weights: list[float]) -> list[int]:
    """From the heaviest paragraph, grow over story lines both ways, tolerating STORY_GAP other lines;
    then take the short sentence-ending lines right after (left to the end rules)."""
    seed = max(range(len(indexes)), key=lambda k: weights[indexes[k]])
    start = _grow(page, indexes, weights, seed, -1)
    end = _grow(page, indexes, weights, seed, 1)
    while (
        end + 1 < len(indexes)
        and page.blocks[indexes[end + 1]].text
        and end + 1 - seed < 400
        and (
            len(page.blocks[indexes[end + 1]].text) <= 60
            and not weights[indexes[end + 1]]
            and page.blocks[indexes[end + 1]].text[-1:] in "。！？）)"
        )
    ):
        end += 1
    return indexes[start : end + 1]


def _grow(page: Page, indexes: list[int], weights: list[float], seed: int, step: int) -> int:
    """The farthest story line from `seed` in direction `step` before more than STORY_GAP others."""
    reached, gap, k = seed, 0, seed + step
    while 0 <= k < len(indexes):
        if weights[indexes[k]]:
            gap = 0
            reached = k
        elif page.blocks[indexes[k]].text:
            gap += 1
            if gap > STORY_GAP:
                break
        k += step
    return reached


def head_lines(page: Page, title_index: int) -> list[Block]:
    """Lines between the headline and the story (the info bar), at most a dozen."""
    if title_index < 0:
        return []
    lines: list[Block] = []
    for block in page.blocks[title_index + 1 : title_index + 13]:
        if len(block.text) >= 60 and content_weight(block) and not common.has_credit_label(block.text[:8]):
            if SUMMARY_BOX.match(block.text):
                continue  # a summary box between the headline and the info bar
            break
        if len(block.text) <= 200:
            lines.append(block)
    return lines


def info_above(page: Page, title_index: int) -> list[Block]:
    """Info-bar lines right above the headline (a template that puts the byline first): short
    lines with a date or a credit label among the few lines before it, nearest last."""
    lines: list[Block] = []
    for index in range(title_index - 1, max(-1, title_index - ABOVE_REACH), -1):
        block = page.blocks[index]
        if len(block.text) > 120:
            break
        if block.link_chars <= len(block.text) * 0.5 and (
            has_date(page, index) or common.has_credit_label(block.text)
        ):
            lines.insert(0, block)
    return lines
