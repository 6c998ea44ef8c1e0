"""Markup made from selectors: the element a template's XPath selects, created where it would look.

A mirror page is not written as a second copy of a template's markup: for each field, the
builder asks for the slot its template's first XPath describes (`slot(body, xpath)`), and the
elements on the way are found or created, e.g. `//div[contains(@class,'xl_title')]/h1` gives
`<div class="xl_title"><h1/></div>` (the `div` reused by the next field that names it). Class and
id predicates become attributes; predicates on text (`contains(., '发表时间')`) are met by the
content the builder fills in. `check` then confirms the template, read as the parser reads it,
selects exactly the filled nodes, so the pages and the selectors cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

_STEP = re.compile(r"(//|/)([\w*-]+)((?:\[(?:[^\[\]]|\[[^\]]*\])*\])*)")
_PREDICATE = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]")
_CLASS = re.compile(r"""contains\(\s*(?:@class|concat\([^)]*normalize-space\(@class\)[^)]*\))\s*,\s*'\s*([\w-]+)\s*'\s*\)""")
_EXACT = re.compile(r"""@(class|id)\s*=\s*'([^']*)'""")


class SlotError(ValueError):
    """An XPath the builder cannot turn into markup."""


@dataclass(frozen=True, slots=True)
class Step:
    descendant: bool
    tag: str
    attributes: dict[str, str] = field(default_factory=dict)

    def find(self) -> str:
        """An XPath for an existing element this step may reuse (direct child, same tag and attributes)."""
        tests = "".join(
            f"[contains(concat(' ',normalize-space(@class),' '),' {c} ')]" for c in self.attributes.get("class", "").split()
        )
        if "id" in self.attributes:
            tests += f"[@id='{self.attributes['id']}']"
        return f"./{self.tag}{tests}"


def steps(xpath: str) -> list[Step]:
    """The location steps of a simple XPath (`//tag[...]/tag[...]`, optionally relative `.//`)."""
    text = xpath.strip().removeprefix(".")
    found: list[Step] = []
    position = 0
    for match in _STEP.finditer(text):
        if match.start() != position:
            raise SlotError(f"cannot build markup for {xpath!r} (at {text[position:]!r})")
        position = match.end()
        axis, tag, predicates = match.groups()
        attributes: dict[str, str] = {}
        for predicate in _PREDICATE.findall(predicates):
            classes = _CLASS.findall(predicate)
            for name, value in _EXACT.findall(predicate):
                attributes[name] = value
            if classes:
                attributes["class"] = " ".join([attributes.get("class", ""), *classes]).strip()
        found.append(Step(axis == "//", "div" if tag == "*" else tag, attributes))
    if position != len(text) or not found:
        raise SlotError(f"cannot build markup for {xpath!r}")
    return found


def slot(context: etree._Element, xpath: str, count: int = 1) -> list[etree._Element]:
    """`count` new elements where `xpath` looks, under `context`; the elements on the way are reused."""
    *path, last = steps(xpath)
    parent = context
    for step in path:
        existing = parent.xpath(step.find())
        parent = existing[0] if existing else etree.SubElement(parent, step.tag, step.attributes)
    return [etree.SubElement(parent, last.tag, dict(last.attributes)) for _ in range(count)]


def selected(root: etree._Element, xpaths: tuple[str, ...]) -> list[etree._Element]:
    """What a template's XPaths select, read as `core.sites.tabled` reads them (the first that matches)."""
    for xpath in xpaths:
        found = root.xpath(xpath)
        if found:
            return list(found)
    return []


def check(root: etree._Element, xpaths: tuple[str, ...], filled: list[etree._Element], what: str) -> None:
    """Raise unless the template's XPaths select exactly the filled slot(s)."""
    got = selected(root, xpaths)
    if got[: len(filled)] != filled or (len(filled) > 1 and len(got) != len(filled)):
        raise SlotError(f"{what}: the template's selectors {xpaths!r} do not select the slot built for them")
