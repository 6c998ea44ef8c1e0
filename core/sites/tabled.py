"""A parser driven by a selector table: site modules describe their templates as data, this reads them.

A `Template` lists, per field, XPaths tried in order (the first that matches wins), plus the
`<meta>` names some CMSes fill (the Chinese government-site convention `ArticleTitle`, `PubDate`,
`ContentSource`, `Author`), a regex for the date in the URL and a fixed source for pages that
carry none (a newspaper's e-paper). `parse(template, url, html)` is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from core.article import Article, Image, ParseError, Published
from core.sites import common
from core.sites.common import Credits

XPaths = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template:
    site: str
    """Registry name the extracted article carries."""
    title: XPaths
    story: XPaths
    info: XPaths = ()
    """Credit/date lines (`来源：… 作者：… 发表时间：…`); every node the first matching XPath finds is read."""
    byline: XPaths = ()
    """An author-only slot: labelled (`本报记者 张三`) or bare names."""
    editor: XPaths = ()
    pretitle: XPaths = ()
    subtitle: XPaths = ()
    breadcrumb: XPaths = ()
    noise: XPaths = ()
    """Blocks inside the story that are never story text (share bars, related links, pagers)."""
    meta: dict[str, str] = field(default_factory=dict)
    """Field -> `<meta name>` fallback: title, published, source, authors."""
    url_date: str | None = None
    """Regex with groups y, m, d: the date in the article URL, used when the page shows none."""
    source: str | None = None
    """Source credit for pages that show none (an e-paper page is the paper itself)."""
    title_suffix: str = r"\s*[-_|｜]\s*[^-_|｜]+$"
    """What to cut from `<title>` when it is the only headline."""


@dataclass(frozen=True, slots=True)
class Tabled:
    """A parser made of templates, one per page URL shape (the first pattern that matches wins)."""

    templates: tuple[tuple[re.Pattern[str], Template], ...]

    @classmethod
    def of(cls, template: Template) -> Tabled:
        """A parser with one template for every page."""
        return cls(((re.compile(""), template),))

    def template_for(self, url: str) -> Template:
        return next((t for pattern, t in self.templates if pattern.search(url or "")), self.templates[-1][1])

    def parse(self, url: str, html: str) -> Article:
        return parse(self.template_for(url), url, html)


CAPTION = "self::*[contains(@class,'pictext') or contains(@class,'caption') or contains(@class,'img_desc')]"
PROMO = re.compile(r"(点击进入|點擊進入|>>|》》|更多精彩|扫码|掃碼|下载客户端|關注|关注公众号)")


def _nodes(root: etree._Element, xpaths: XPaths) -> list[etree._Element]:
    for xpath in xpaths:
        found = root.xpath(xpath)
        if found:
            return list(found)
    return []


def _text(root: etree._Element, xpaths: XPaths) -> str:
    return common.text_of(common.first(root, xpaths)) if xpaths else ""


def _title(root: etree._Element, template: Template) -> str:
    title = _text(root, template.title)
    if not title and "title" in template.meta:
        title = common.meta_content(root, template.meta["title"]) or ""
    if not title:
        page_title = common.text_of(common.first(root, ("//title",)))
        title = re.sub(template.title_suffix, "", page_title)
    if not title:
        raise ParseError(f"{template.site}: no headline found; not an article page")
    return title


def _info(root: etree._Element, template: Template, base: str | None) -> tuple[Credits, Published | None, str | None]:
    """Credits, publication time and source link from the info lines."""
    credits = Credits()
    published = None
    source_url = None
    for node in _nodes(root, template.info):
        text = common.strip_pinyin(common.text_of(node))
        credits.merge(common.parse_credit_line(text))
        published = published or common.parse_date(text)
        for link in node.xpath(".//a[@href]"):
            if credits.source and common.clean_source(common.text_of(link)) == credits.source:
                source_url = common.absolute(base, link.get("href"))
    return credits, published, source_url


def _byline(root: etree._Element, template: Template) -> list[str]:
    text = common.strip_pinyin(_text(root, template.byline)).strip("□■ ")
    if not text:
        return []
    if common.has_credit_label(text):
        return common.parse_credit_line(text).authors
    return common.split_names(text)


def _images(story: etree._Element, base: str | None) -> list[Image]:
    images: list[Image] = []
    for img in story.xpath(".//img[@src]"):
        src = common.absolute(base, img.get("src"))
        if not src or any(i.url == src for i in images):
            continue
        holder = img.getparent() if img.getparent() is not None else img
        caption_node = holder.getnext()
        caption = ""
        if caption_node is not None and caption_node.xpath(CAPTION):
            caption = common.text_of(caption_node)
        images.append(Image(src, caption or common.collapse(img.get("alt")) or None))
    return images


def _body(story: etree._Element, title: str, captions: set[str], credits: Credits) -> list[str]:
    """Story paragraphs; credit lines inside the story (`责任编辑：…`) go to the credits instead."""
    paragraphs: list[str] = []
    for block in common.blocks(story):
        text = block.text
        if not text or text in captions or text == title:
            continue
        if block.link_chars and block.link_chars >= len(text) * 0.6 and PROMO.search(text):
            continue
        if len(text) <= 60 and common.has_credit_label(text) and not re.search(r"[。！？]$", text):
            found = common.parse_credit_line(text)
            if found.authors or found.editors or found.source:
                credits.merge(found)
                continue
        paragraphs.append(text)
    return paragraphs


def parse(template: Template, url: str, html: str) -> Article:
    """Extract an article from a page of this template."""
    root = common.load_html(html)
    title = _title(root, template)
    canonical = next(
        (common.clean_url(common.absolute(url, h)) for h in root.xpath("//link[@rel='canonical']/@href") if h.strip()),
        None,
    )
    page_url = url or canonical or ""
    base = page_url or None
    story = common.first(root, template.story)
    if story is None:
        raise ParseError(f"{template.site}: no story container found")

    credits, published, source_url = _info(root, template, base)
    byline = _byline(root, template)
    if byline:
        credits.authors = byline + [n for n in credits.authors if n not in byline]
    editor_text = _text(root, template.editor)
    if editor_text:
        credits.merge(common.parse_credit_line(common.strip_pinyin(editor_text)))

    for noise in story.xpath(" | ".join(template.noise)) if template.noise else []:
        if noise is not story:
            common.drop(noise)
    images = _images(story, base)
    body = _body(story, title, {i.caption for i in images if i.caption}, credits)
    if not credits.authors and body:
        credits.authors = common.lead_credit(body[0])

    published = published or _meta_date(root, template) or _url_date(page_url, template)
    source = credits.source or common.clean_source(_meta(root, template, "source")) or template.source
    authors = credits.authors or common.split_names(_meta(root, template, "authors") or "")
    return Article(
        url=page_url,
        canonical_url=canonical or page_url or None,
        site=template.site,
        title=title,
        pretitle=_text(root, template.pretitle) or None,
        subtitle=_text(root, template.subtitle) or None,
        authors=[n for n in authors if n not in credits.editors],
        editors=credits.editors,
        source=source,
        source_url=source_url if source == credits.source else None,
        published_at=published,
        body=body,
        images=images,
        channel=[t for t in (common.text_of(a) for n in _nodes(root, template.breadcrumb) for a in n.xpath(".//a")) if t],
    )


def _meta(root: etree._Element, template: Template, name: str) -> str | None:
    return common.meta_content(root, template.meta[name]) if name in template.meta else None


def _meta_date(root: etree._Element, template: Template) -> Published | None:
    return common.parse_date(_meta(root, template, "published"))


def _url_date(url: str, template: Template) -> Published | None:
    match = re.search(template.url_date, url) if template.url_date else None
    if not match:
        return None
    try:
        return Published.beijing(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
