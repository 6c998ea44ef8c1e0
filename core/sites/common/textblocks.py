"""A container's visible text cut into paragraphs (`Block`s): one per block element or `<br>` line,
with how much of it is link text or bold and the images inside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from core.sites.common.text import LINK_CLOSE, LINK_OPEN, collapse, collapse_marked

BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "thead",
        "tr",
        "td",
        "th",
        "section",
        "article",
        "blockquote",
        "center",
        "pre",
        "header",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "form",
        "hr",
        "address",
        "main",
        "nav",
    ]
)
SKIPPED_TAGS = frozenset(("title", "head", "meta", "link", "base"))
BOLD_TAGS = frozenset(("strong", "b"))


@dataclass(slots=True)
class Block:
    """One paragraph of visible text and the element that holds it.

    `marked` is the same text with link text wrapped in LINK_OPEN/LINK_CLOSE, so a credit parser can
    tell `来源：<a>X</a>(上海)` (the link is the value) from plain text.
    """

    text: str
    element: etree._Element
    marked: str = ""
    link_chars: int = 0
    images: list[etree._Element] = field(default_factory=list)
    bold: bool = False


class _Splitter:
    """Walks a container in document order, cutting a `Block` at every block element and `<br>`."""

    def __init__(self, container: etree._Element) -> None:
        self.container = container
        self.result: list[Block] = []
        self.parts: list[str] = []  # text with link marks
        self.images: list[etree._Element] = []
        self.link_chars = 0
        self.bold_chars = 0
        self.owner = container

    def flush(self) -> None:
        if not self.parts and not self.images:
            return
        marked = collapse_marked("".join(self.parts))
        text = collapse(marked) if (LINK_OPEN in marked or LINK_CLOSE in marked) else marked
        if text or self.images:
            bold = bool(text) and self.bold_chars >= len(text.replace(" ", "")) * 0.9
            self.result.append(Block(text, self.owner, marked, self.link_chars, list(self.images), bold=bold))
        self.parts.clear()
        self.images.clear()
        self.link_chars = self.bold_chars = 0

    def add(self, text: str, in_link: bool, in_bold: bool) -> None:
        self.parts.append(text)
        if in_link or in_bold:
            size = len(text.strip())
            if in_link:
                self.link_chars += size
            if in_bold:
                self.bold_chars += size

    def leave_block(self, node: etree._Element) -> None:
        self.flush()
        parent = node.getparent()
        self.owner = parent if parent is not None else self.container

    def walk(self, node: etree._Element, in_link: bool, in_bold: bool) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush()
            self.owner = node
        if tag == "br":
            self.flush()
        elif tag == "img":
            self.images.append(node)
        elif tag not in SKIPPED_TAGS:
            opens_link = tag == "a" and not in_link
            link = in_link or tag == "a"
            bold = in_bold or tag in BOLD_TAGS
            if opens_link:
                self.parts.append(LINK_OPEN)
            if node.text:
                self.add(node.text, link, bold)
            for child in node:
                self.walk(child, link, bold)
            if opens_link:
                self.parts.append(LINK_CLOSE)
        if is_block:
            self.leave_block(node)
        if node.tail and node is not self.container:
            self.add(node.tail, in_link, in_bold)


def blocks(container: etree._Element) -> list[Block]:
    """Split a container into paragraphs: each block element or `<br>`-separated line is one."""
    splitter = _Splitter(container)
    splitter.walk(container, False, False)
    splitter.flush()
    return splitter.result
