"""The displayed headline: the line with the most headline evidence (TITLE_WEIGHTS), its 副题
(subtitle) and the kicker line above it (pretitle)."""

from __future__ import annotations

import re

from lxml import etree

from core.sites import common
from core.sites.common import Block
from core.sites.generic.document import Page, centered, has_date, hint_of, squeeze
from core.sites.generic.rules import (
    PRETITLE_HINT,
    PUNCTUATION,
    SUBTITLE_HINT,
    TITLE_HINT,
    TITLE_THRESHOLD,
    TITLE_WEIGHTS,
)


def find_headline(page: Page) -> tuple[str, str | None, int]:
    """The displayed headline (its first line), a nested 副题 line, and its block index (-1 when
    no line qualifies and the headline comes from JSON-LD or og:title)."""
    references = _references(page)
    index = _best_line(page, references)
    if index is None:
        fallback = (
            common.collapse(str(page.jsonld.get("headline") or ""))
            or common.meta_content(page.root, "og:title", "ArticleTitle")
            or title_tag_headline(page)
        )
        return fallback or "", None, -1
    block = page.blocks[index]
    lines = (
        _lines(block.element) if len(common.text_of(block.element)) <= len(block.text) + 2 else [block.text]
    )
    if len(lines) > 1 and lines[0]:
        return lines[0], " ".join(lines[1:]) or None, index
    return block.text, _subtitle(page, index, references), index


def title_tag_headline(page: Page) -> str:
    """The `<title>` without the site's suffix (`X - 某市总工会`, `X_某网`): the last resort when no
    displayed line qualifies as the headline."""
    text = common.text_of(page.root.find(".//title"))
    return re.split(r"\s+[-|—–]\s+|\s*[_|｜]\s*", text, maxsplit=1)[0].strip() if text else ""


def _best_line(page: Page, references: list[str]) -> int | None:
    """Index of the best-scoring headline line; else the longest plain short line with a dateline
    under it; else None."""
    best: tuple[float, int] | None = None
    weak: list[int] = []  # plain short lines with a dateline under them, used when nothing is better
    for index, block in enumerate(page.blocks):
        text = block.text
        if not (4 <= len(text) <= 160) or block.link_chars > len(text) * 0.5:
            continue
        score = _score(block, references)
        plain_candidate = score == 0 and best is None and _plain_line(text)
        if not plain_candidate and (score <= 0 or score + TITLE_WEIGHTS["dateline_below"] < TITLE_THRESHOLD):
            continue
        if any(has_date(page, i) for i in range(index + 1, min(index + 5, len(page.blocks)))):
            score += TITLE_WEIGHTS["dateline_below"]
            if plain_candidate:
                weak.append(index)
        if score < TITLE_THRESHOLD:
            continue
        score -= index / 2000
        if best is None or score > best[0]:
            best = (score, index)
    if best is None and weak:
        return max(weak, key=lambda i: len(page.blocks[i].text))
    return best[1] if best is not None else None


def _score(block: Block, references: list[str]) -> float:
    """The line's own headline evidence (the dateline below it is weighed by the caller)."""
    text = block.text
    element = block.element
    tag = element.tag if isinstance(element.tag, str) else ""
    squeezed = squeeze(text)
    score = 0.0
    if any(squeezed in ref for ref in references) or (
        tag in ("h1", "h2") and any(squeeze(_lines(element)[0]) in ref for ref in references)
    ):
        score += TITLE_WEIGHTS["repeated_in_title_tag"] + min(len(squeezed), 60) / 6
    elif any(ref and ref in squeezed for ref in references):
        score += TITLE_WEIGHTS["contains_title_tag"]
    if tag == "h1":
        score += TITLE_WEIGHTS["h1"]
    elif tag in ("h2", "h3"):
        score += TITLE_WEIGHTS["h2_h3"]
    if TITLE_HINT.search(hint_of(element)):
        score += TITLE_WEIGHTS["title_class"]
    if block.bold:
        score += TITLE_WEIGHTS["bold"]
    if text[-1] in "。，,;；":
        score += TITLE_WEIGHTS["ends_like_sentence"]
    return score


def _plain_line(text: str) -> bool:
    """A short line with no date, no closing punctuation and no breadcrumb arrows."""
    return len(text) <= 80 and (
        not common.find_dates(text) and not PUNCTUATION.search(text[-1]) and not re.search(r">|»|›", text)
    )


def _references(page: Page) -> list[str]:
    """Texts that repeat the headline: `<title>`, og:title, JSON-LD headline, a dataset wrapper's title."""
    texts = [
        common.text_of(page.root.find(".//title")),
        common.meta_content(page.root, "og:title", "twitter:title", "ArticleTitle"),
        common.collapse(str(page.jsonld.get("headline") or "")),
        *page.root.xpath("//text/@title"),
    ]
    return [squeeze(re.sub(r"<[^>]+>", "", t)) for t in texts if t]


def find_pretitle(page: Page, index: int) -> str | None:
    """A kicker line right above the headline, marked as one (`h3.pre`, `p.introtitle`)."""
    if index <= 0:
        return None
    previous = page.blocks[index - 1]
    text = previous.text
    if (
        not text
        or len(text) > 60
        or previous.link_chars
        or not PRETITLE_HINT.search(hint_of(previous.element))
    ):
        return None
    return text


def _subtitle(page: Page, index: int, references: list[str]) -> str | None:
    """A secondary headline right under the title: marked as one, or completing the title in `<title>`."""
    if index + 1 >= len(page.blocks):
        return None
    title_block, following = page.blocks[index], page.blocks[index + 1]
    text = following.text
    if (
        not text
        or len(text) > 90
        or common.find_dates(text)
        or common.has_credit_label(text)
        or text[-1] in "。"
    ):
        return None
    element = following.element
    if SUBTITLE_HINT.search(hint_of(element)):
        return text
    if any(squeeze(title_block.text + text) in ref for ref in references):
        return text
    if (
        element.tag == title_block.element.tag
        and element.tag in ("td", "div")
        and centered(element)
        and (
            element.getparent() is not None
            and element.getparent().getparent() is title_block.element.getparent().getparent()
        )
    ):
        return text
    return None


def _lines(element: etree._Element) -> list[str]:
    """Lines of a headline element: nested blocks and <br> split a main line from a 副题 line."""
    parts = [b.text for b in common.blocks(element) if b.text]
    return parts or [common.text_of(element)]
