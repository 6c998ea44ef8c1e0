"""HTML loading and element lookups: the parsed tree, visible text, first match, `<meta>` content."""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from lxml import etree

from core.article import ParseError
from core.sites.common.text import collapse

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_NOT_XML_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What lxml refuses in text it is given (XML 1.0 Char): C0 controls but tab and newlines, surrogates."""
_REMOVED = "//script|//style|//noscript|//template"
MAX_DEPTH = 256
"""Nesting kept as it is (libxml2's own default limit); deeper markup is flattened so that tree walks
stay far from Python's recursion limit."""
_PARAGRAPHS = frozenset({"p", "br", "img", "h1", "h2", "h3", "h4", "h5", "h6"})


def load_html(html: str) -> etree._Element:
    """Parse HTML text into an lxml tree (plain elements: no per-node Python class lookup, which
    costs more than the parse) with scripts, styles, comments and processing instructions removed.

    `huge_tree` lifts libxml2's limits on text and attribute size; a document libxml2 still gives
    up on (nesting deeper than 2048, say: it drops the rest) is parsed again with BeautifulSoup's
    lenient builder, so no part of a page is lost silently."""
    text = html.replace("\x00", "") if "\x00" in html else html  # no copies of a large page for nothing
    if _XML_DECLARATION.match(text):
        text = _XML_DECLARATION.sub("", text, count=1)
    if not text or text.isspace():
        raise ParseError("empty document")
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(text, parser)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"unparseable HTML: {exc}") from exc
    if any(error.level == etree.ErrorLevels.FATAL for error in parser.error_log):
        root = _lenient_tree(text)
    if root is None:
        raise ParseError("no HTML elements in the document")
    for node in root.xpath(_REMOVED):
        drop(node)
    _flatten_deep(root)
    return root


def _flatten_deep(root: etree._Element) -> None:
    """Unwrap the elements below `MAX_DEPTH`, keeping their text and paragraphs (then what is still
    nested below those paragraphs: their text joins them)."""
    for levels, keep in ((MAX_DEPTH, _PARAGRAPHS), (MAX_DEPTH + 1, frozenset())):
        for node in root.xpath("/".join(["*"] * levels)):
            tags = {child.tag for child in node.iterdescendants()} - keep
            etree.strip_tags(node, *tags)


def _lenient_tree(text: str) -> etree._Element:
    """The document as BeautifulSoup's `html.parser` builder reads it, made an lxml tree (without
    recursion: the documents that come here are the deeply nested ones)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bs4's hints about what the markup resembles
        soup = BeautifulSoup(xml_safe(text), "html.parser")
    top = soup.find("html")
    root = etree.Element("html")
    pending: list[tuple[Tag, etree._Element]] = [(top if isinstance(top, Tag) else soup, root)]
    while pending:
        source, target = pending.pop()
        last: etree._Element | None = None
        for child in source.children:
            if isinstance(child, Tag):
                element = _element(target, child)
                if element is None:  # a tag name lxml refuses: its content joins the parent
                    pending.append((child, target))
                    continue
                pending.append((child, element))
                last = element
            elif isinstance(child, NavigableString) and not isinstance(child, PreformattedString):
                if last is None:
                    target.text = (target.text or "") + child
                else:
                    last.tail = (last.tail or "") + child
    return root


def _element(parent: etree._Element, tag: Tag) -> etree._Element | None:
    try:
        element = etree.SubElement(parent, tag.name.lower())
    except ValueError:
        return None
    for name, value in tag.attrs.items():
        try:
            element.set(name, " ".join(value) if isinstance(value, list) else str(value))
        except (ValueError, TypeError):
            continue  # an attribute name lxml refuses
    return element


def xml_safe(text: str) -> str:
    """Text without the characters lxml refuses to hold (control characters, lone surrogates)."""
    return _NOT_XML_CHARACTERS.sub("", text)


def drop(node: etree._Element) -> None:
    """Remove a node but keep its tail text."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        previous = node.getprevious()
        # the parser keeps control characters that lxml refuses when text is set: strip them
        if previous is not None:
            previous.tail = xml_safe((previous.tail or "") + tail)
        else:
            parent.text = xml_safe((parent.text or "") + tail)
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
