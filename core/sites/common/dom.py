"""HTML loading and element lookups: the parsed tree, visible text, first match, `<meta>` content."""

from __future__ import annotations

import re

from lxml import etree

from core.article import ParseError
from core.sites.common.text import collapse

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def load_html(html: str) -> etree._Element:
    """Parse HTML text into an lxml tree (plain elements: no per-node Python class lookup, which
    costs more than the parse) with scripts, styles, comments and processing instructions removed."""
    text = _XML_DECLARATION.sub("", html, count=1).replace("\x00", "")
    if not text.strip():
        raise ParseError("empty document")
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"unparseable HTML: {exc}") from exc
    if root is None:
        raise ParseError("no HTML elements in the document")
    for node in root.xpath("//script|//style|//noscript|//template"):
        drop(node)
    return root


def drop(node: etree._Element) -> None:
    """Remove a node but keep its tail text."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def text_of(node: etree._Element | None) -> str:
    """Visible text of an element, whitespace collapsed."""
    if node is None:
        return ""
    return collapse("".join(node.itertext()))


def first(root: etree._Element, xpaths: tuple[str, ...] | list[str]) -> etree._Element | None:
    """The first element matched by the first xpath in the list that matches anything."""
    for xpath in xpaths:
        found = root.xpath(xpath)
        if found:
            return found[0]
    return None


def first_text(root: etree._Element, xpaths: tuple[str, ...] | list[str]) -> etree._Element | None:
    """The first element, over the xpaths in order, that has visible text."""
    for xpath in xpaths:
        for node in root.xpath(xpath):
            if text_of(node):
                return node
    return None


def meta_content(root: etree._Element, *names: str) -> str | None:
    """Content of the first non-empty `<meta name|property|itemprop=...>` among the given names."""
    for name in names:
        for node in root.xpath(
            "//meta[translate(@name,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n"
            " or translate(@property,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')=$n"
            " or @itemprop=$n]",
            n=name.lower(),
        ):
            value = collapse(node.get("content"))
            if value:
                return value
    return None
