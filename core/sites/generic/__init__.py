"""Generic news article extractor for any site (Chinese or English).

Order of evidence: JSON-LD, `<meta>`, then the DOM around the displayed headline. The story is the
container with the most sentence-like, link-poor text (text density); LABELS.md's rules say what is
skipped at its start and cut at its end. Chinese credits are read from the lines around the
headline, from credit lines at the story's end, and from datelines in the story itself.

    rules      data: the rule tables (line patterns, headline weights, limits, saved-URL spots)
    document   the `Page` the extractors share, and small facts about its lines
    jsonld     the JSON-LD article object and its author names
    headline   the headline, its subtitle and pretitle
    story      where the story is (text density), and the info bar above it
    body       the story's paragraphs after the start/end rules
    credits    authors, editors, source and the source's link
    published  the publication date
    urls       the page's own URL and its canonical URL
    images     the story's images and captions
    channel    the breadcrumb
    confidence the rule behind each core field and its 0-1 score
"""

from __future__ import annotations

from core.article import Article, ParseError
from core.sites import common
from core.sites.generic.body import story_paragraphs
from core.sites.generic.channel import breadcrumb
from core.sites.generic.confidence import field_confidence
from core.sites.generic.credits import article_credits, source_url
from core.sites.generic.document import Page, squeeze
from core.sites.generic.headline import find_headline, find_pretitle, title_tag_headline
from core.sites.generic.images import story_images
from core.sites.generic.jsonld import read_jsonld
from core.sites.generic.published import published_at
from core.sites.generic.rules import MIN_STORY_CHARS, TAIL_WINDOW
from core.sites.generic.story import find_story, head_lines, info_above
from core.sites.generic.urls import canonical_url, page_url

NAME = "generic"
HOSTS: tuple[str, ...] = ()


def looks_like(html: str) -> bool:
    return True


def read_page(url: str | None, html: str) -> Page:
    """The page's JSON-LD, tree and visible blocks (elements hidden with `display:none` dropped)."""
    jsonld = read_jsonld(html)
    root = common.load_html(html)
    body = root.find("body")
    if body is None:
        body = root
    for hidden in body.xpath(".//*[contains(translate(@style,' ',''),'display:none')]"):
        if hidden.getparent() is not None:
            common.drop(hidden)
    return Page(url or None, html, root, common.blocks(body), jsonld)


def parse(url: str, html: str) -> Article:
    """Extract an article from any news page."""
    page = read_page(url, html)
    title, subtitle, title_index = find_headline(page)
    if not title:
        raise ParseError("generic: no headline found; not an article page")
    rules = {"title": _title_rule(page, title, title_index), "body": "text density under headline"}
    story = find_story(page, title_index)
    if not story or title_index < 0:
        story = story or find_story(page, -1)  # no story under a headline: density over the whole page
        rules["body"] = "whole-page text density"
    if not story:
        raise ParseError("generic: no story text found; not an article page")
    head = head_lines(page, title_index)
    tail = page.blocks[story[-1] + 1 : story[-1] + TAIL_WINDOW]

    paragraphs, body_credits = story_paragraphs([page.blocks[index] for index in story], title)
    story_chars = sum(len(paragraph) for paragraph in paragraphs)
    if story_chars < MIN_STORY_CHARS:
        raise ParseError(f"generic: story text under {MIN_STORY_CHARS} characters; not an article page")
    credits, credit_rules = article_credits(page, head + info_above(page, title_index), tail, body_credits)
    published, rules["published_at"] = published_at(page, title_index, head)
    own_url = page_url(page, title)
    canonical = canonical_url(page) or own_url
    base = own_url or canonical

    return Article(
        url=own_url or "",
        canonical_url=canonical,
        site=common.host_of(own_url or canonical) or NAME,
        title=title,
        pretitle=find_pretitle(page, title_index),
        subtitle=subtitle,
        authors=[name for name in credits.authors if name not in credits.editors],
        editors=credits.editors,
        source=credits.source,
        source_url=source_url(head + tail, credits.source, base),
        published_at=published,
        body=paragraphs,
        images=story_images(page, story, base),
        channel=breadcrumb(page, title_index),
        confidence=field_confidence(rules | credit_rules, story_chars),
    )


def _title_rule(page: Page, title: str, title_index: int) -> str:
    """Which headline rule gave the title (a `confidence.RULES` key)."""
    if title_index < 0:
        return "<title> fallback" if title == title_tag_headline(page) else "json-ld/og:title"
    shown_in_title_tag = squeeze(title) in squeeze(common.text_of(page.root.find(".//title")))
    return "displayed headline" if shown_in_title_tag else "displayed headline, not in <title>"


__all__ = ["HOSTS", "NAME", "looks_like", "parse", "story_paragraphs"]
