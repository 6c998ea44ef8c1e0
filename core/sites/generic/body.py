"""Story paragraphs after the LABELS.md rules: what is dropped anywhere, skipped at the start and
cut at the end, and the credits found on the way."""

from __future__ import annotations

import re

from core.sites import common
from core.sites.common import Block, Credits
from core.sites.generic.credits import tail_credit
from core.sites.generic.document import centered, squeeze
from core.sites.generic.rules import (
    CAPTION,
    DATELINE_ONLY,
    EDITOR_NOTE,
    MATERIAL_CREDIT,
    NOISE_LINE,
    PRINT_EDITION,
    SENTENCE_END,
    SIGNATURE_LINE_MAX,
    XINHUA_TITLE_LINE,
)


def story_paragraphs(
    story: list[Block], title: str, captions: frozenset[str] = frozenset()
) -> tuple[list[str], Credits]:
    """Story paragraphs after the LABELS.md start/end rules, and the credits found on the way.

    Dropped anywhere: photo captions (a short centered line under an image, or a line ending in
    摄/供图), promo and pager lines. At the start: headline repeats, Xinhua headline stacks,
    byline- and dateline-only lines, leading bold headings (an editor's note is kept). At the end:
    credit lines, print-edition lines, material credits, notice signature lines, and a trailing
    author parenthetical on the last paragraph.
    """
    credits = Credits()
    items = _without_captions_and_noise(story, captions)
    _skip_start(items, title, credits)
    _cut_end(items, credits)
    paragraphs = [block.text for block in items]
    if paragraphs:
        lead = common.lead_credit(paragraphs[0])
        last, names = common.trailing_credit(paragraphs[-1])
        if last != paragraphs[-1]:
            if last:
                paragraphs[-1] = last
            else:
                paragraphs.pop()
        for name in lead + names:
            if name not in credits.authors:
                credits.authors.append(name)
    return paragraphs, credits


def _without_captions_and_noise(story: list[Block], captions: frozenset[str]) -> list[Block]:
    """The story's text lines without photo captions, promo and pager lines."""
    items: list[Block] = []
    caption_next = False
    for block in story:
        text = block.text
        if block.images and not text:
            caption_next = True
            continue
        if not text:
            continue
        if text in captions:
            caption_next = False
            continue
        is_caption = _is_caption(text)
        if caption_next and len(text) < 120 and (is_caption or (centered(block.element) and not block.bold)):
            caption_next = False
            continue
        caption_next = False
        if is_caption and len(text) < 80:
            continue
        if _is_noise(block):
            continue
        items.append(block)
    return items


def _is_caption(text: str) -> bool:
    return (
        CAPTION.search(text) is not None
        and len(text) < 150
        and not (common.has_credit_label(text) and common.parse_credit_line(text).authors)
    )


def _is_noise(block: Block) -> bool:
    """A promo or pager line, or a short line that is mostly links."""
    text = block.text
    return bool(
        NOISE_LINE.match(text)
        and not common.has_credit_label(text)
        or block.link_chars >= len(text) * 0.8
        and len(text) < 60
    )


def _skip_start(items: list[Block], title: str, credits: Credits) -> None:
    """Drop headline repeats, headline stacks, bylines, datelines, promos and bold headings at the
    start (credit lines there go into `credits`); an editor's note is kept."""
    title_squeezed = squeeze(title)
    while items:
        block = items[0]
        if EDITOR_NOTE.match(block.text):
            break
        if _is_credit_only(block.marked):
            credits.merge(common.parse_credit_line(block.marked))
        elif not _is_lead_debris(block, items, title_squeezed):
            break
        items.pop(0)


def _is_lead_debris(block: Block, items: list[Block], title_squeezed: str) -> bool:
    """A line at the story's start that is not story: the headline again, a Xinhua headline stack,
    a bare dateline, a bold heading, or a short heading-like line before a longer one."""
    text = block.text
    squeezed = squeeze(text)
    return bool(
        squeezed == title_squeezed
        or (len(squeezed) >= 6 and squeezed in title_squeezed)
        or XINHUA_TITLE_LINE.match(text)
        or DATELINE_ONLY.match(text)
        or (block.bold and len(text) < 60 and text[-1] not in "。！？")
        or (
            len(text) < 40
            and text[-1] not in SENTENCE_END
            and text[-1] not in "，：:"
            and len(items) > 1
            and not common.find_dates(text)
            and _next_is_longer(items)
        )
    )


def _cut_end(items: list[Block], credits: Credits) -> None:
    """Drop credit lines (into `credits`), print-edition lines, material credits and notice
    signature lines at the end."""
    while items:
        text = items[-1].text
        rest, names = common.trailing_credit(text)
        if _is_credit_only(items[-1].marked):
            credits.merge(tail_credit(items[-1].marked))
        elif names and not rest:  # a bare author parenthetical on its own line: `（张巨峰）`
            credits.merge(Credits(authors=names))
        elif not (
            PRINT_EDITION.match(text)
            or MATERIAL_CREDIT.match(text)
            or DATELINE_ONLY.match(text)
            or (len(text) <= SIGNATURE_LINE_MAX and text[-1] not in SENTENCE_END and len(items) > 1)
        ):
            break
        items.pop()


def _is_credit_only(text: str) -> bool:
    """A short line that is only a credit or dateline (`新京报记者 彭冲 山东冠县报道`, `【编辑:刘欢】`,
    `2005-04-05 06:40更新 来源：转载文章`), not a sentence."""
    plain = common.unmark(text).strip()
    if not plain or len(plain) > 60 or re.search(r"[。！？!?]", plain):
        return False
    return common.has_credit_label(plain.strip("【】[]（）() "))


def _next_is_longer(items: list[Block]) -> bool:
    return len(items) > 1 and len(items[1].text) > 40
