"""The transformations of the metamorphic suite (bench/metamorphic.py): what a different CMS does
to the same article. Each is a pure function of (tree, label) that changes the tree in place and
says whether it applied; those that change characters carry the same change for the label's text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from core.sites import common

BLOCKISH = frozenset({"p", "div", "table", "tr", "td", "ul", "ol", "li", "h1", "h2", "h3", "h4", "section"})
_CREDIT_START = re.compile(
    r"(?=(?:来源|來源|作者|记者|記者|责任编辑|編輯|编辑|责编|发布|發布|时间|時間|日期|浏览|瀏覽|点击|字号)\s*[:：])"
)
_TO_HALF = str.maketrans({"：": ":", "（": "(", "）": ")", "【": "[", "】": "]"})
_TO_FULL = str.maketrans({"(": "（", ")": "）", "[": "【", "]": "】"})
_HALF_COLON = re.compile(r":(?!//)")


@dataclass(frozen=True)
class Transform:
    name: str
    apply: Callable[[etree._Element, dict[str, Any]], bool]
    text_map: Callable[[str], str] | None = None
    """How the transformation changes visible text (applied to the label's strings too)."""


# --- Helpers ------------------------------------------------------------------------------------


def _body(root: etree._Element) -> etree._Element:
    body = root.find("body")
    return body if body is not None else root


def _elements(root: etree._Element) -> Iterator[etree._Element]:
    for element in _body(root).iter():
        if isinstance(element.tag, str):
            yield element


def _text_nodes(root: etree._Element, change: Callable[[str], str]) -> None:
    """Apply `change` to every text and tail inside <body> (not attributes, not <head>)."""
    for element in _elements(root):
        if element.text:
            element.text = change(element.text)
        if element.tail and element is not _body(root):
            element.tail = change(element.tail)


def headline_element(root: etree._Element, title: str | None) -> etree._Element | None:
    """The deepest element whose visible text is the labelled headline (or starts with it)."""
    if not title:
        return None
    found = None
    for element in _elements(root):
        text = common.text_of(element)
        if text == title or (text.startswith(title) and len(text) <= len(title) + 40):
            found = element  # iteration is in document order, deeper elements come later
    return found


def info_element(root: etree._Element, headline: etree._Element) -> etree._Element | None:
    """The smallest element near the headline (the 12 elements after it) showing a date or a credit
    label in a short line: the info bar."""
    after = False
    seen = 0
    for element in _elements(root):
        if element is headline:
            after = True
            continue
        if not after or headline in element.iterancestors():
            continue
        text = common.text_of(element)
        if not text:
            continue
        seen += 1
        if seen > 12:
            return None
        if (
            len(text) <= 120
            and "。" not in text
            and (common.find_dates(text) or common.has_credit_label(text))
        ):
            deeper = [
                child
                for child in element.iter()
                if child is not element
                and isinstance(child.tag, str)
                and child.tag in BLOCKISH
                and common.text_of(child) == text
            ]
            return deeper[-1] if deeper else element
    return None


def _paragraph_runs(root: etree._Element, minimum: int = 2) -> list[list[etree._Element]]:
    """Runs of consecutive `<p>` siblings (at least `minimum`): the story's paragraphs and the like."""
    runs: list[list[etree._Element]] = []
    for parent in _elements(root):
        run: list[etree._Element] = []
        for child in parent:
            if child.tag == "p" and not (child.tail or "").strip():
                run.append(child)
                continue
            if child.tag == "p":
                run.append(child)
            if len(run) >= minimum:
                runs.append(run)
            run = []
        if len(run) >= minimum:
            runs.append(run)
    return runs


def _move_content(source: etree._Element, target: etree._Element) -> None:
    """Move an element's text and children into `target` (its own tail stays)."""
    target.text = source.text
    source.text = None
    for child in list(source):
        target.append(child)


# --- Transformations -------------------------------------------------------------------------


def strip_class_and_id(root: etree._Element, label: dict[str, Any]) -> bool:
    for element in _elements(root):
        for attribute in ("class", "id"):
            element.attrib.pop(attribute, None)
    return True


def rename_class_and_id(root: etree._Element, label: dict[str, Any]) -> bool:
    """Every class and id replaced by an opaque token (the same name gives the same token)."""

    def token(value: str) -> str:
        return "x" + hashlib.sha1(value.encode()).hexdigest()[:6]

    for element in _elements(root):
        for attribute in ("class", "id"):
            value = element.get(attribute)
            if value:
                element.set(attribute, " ".join(token(part) for part in value.split()))
    return True


def p_to_div(root: etree._Element, label: dict[str, Any]) -> bool:
    paragraphs = [e for e in _elements(root) if e.tag == "p"]
    for element in paragraphs:
        element.tag = "div"
    return bool(paragraphs)


def div_to_p(root: etree._Element, label: dict[str, Any]) -> bool:
    """Leaf `<div>`s (no block element inside) become `<p>`s."""
    leaves = [
        e
        for e in _elements(root)
        if e.tag == "div"
        and not any(c.tag in BLOCKISH for c in e.iterdescendants() if isinstance(c.tag, str))
    ]
    for element in leaves:
        element.tag = "p"
    return bool(leaves)


def p_to_table_cells(root: etree._Element, label: dict[str, Any]) -> bool:
    """Each run of paragraphs becomes a table with one paragraph per row."""
    runs = _paragraph_runs(root)
    for run in runs:
        table = etree.Element("table")
        run[0].addprevious(table)
        for paragraph in run:
            cell = etree.SubElement(etree.SubElement(table, "tr"), "td")
            _move_content(paragraph, cell)
            cell.tail = None
            table.tail = paragraph.tail
            paragraph.getparent().remove(paragraph)
    return bool(runs)


def br_lines(root: etree._Element, label: dict[str, Any]) -> bool:
    """Each run of paragraphs becomes one `<div>` of `<br>`-separated lines."""
    runs = _paragraph_runs(root)
    for run in runs:
        holder = etree.Element("div")
        run[0].addprevious(holder)
        for position, paragraph in enumerate(run):
            if position:
                etree.SubElement(holder, "br")
            _append_content(paragraph, holder)
            holder.tail = paragraph.tail
            paragraph.getparent().remove(paragraph)
    return bool(runs)


def _append_content(source: etree._Element, target: etree._Element) -> None:
    """Append an element's text and children at the end of `target`."""
    text = source.text or ""
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text
    for child in list(source):
        target.append(child)


def to_half_width(text: str) -> str:
    return text.translate(_TO_HALF)


def to_full_width(text: str) -> str:
    return _HALF_COLON.sub("：", text.translate(_TO_FULL))


def half_width(root: etree._Element, label: dict[str, Any]) -> bool:
    _text_nodes(root, to_half_width)
    return True


def full_width(root: etree._Element, label: dict[str, Any]) -> bool:
    _text_nodes(root, to_full_width)
    return True


def _detached_info(
    root: etree._Element, label: dict[str, Any]
) -> tuple[etree._Element, etree._Element] | None:
    """(headline element, a new `<div>` holding the info bar's content, taken out of the page)."""
    headline = headline_element(root, label.get("title"))
    if headline is None:
        return None
    info = info_element(root, headline)
    if info is None:
        return None
    moved = etree.Element("div")
    _move_content(info, moved)
    return headline, moved


def _outside_cell(element: etree._Element) -> etree._Element:
    """Where a sibling can go: the element itself, or its cell's table when it sits in a table."""
    for ancestor in element.iterancestors("table"):
        return ancestor
    return element


def byline_above_headline(root: etree._Element, label: dict[str, Any]) -> bool:
    found = _detached_info(root, label)
    if found is None:
        return False
    headline, moved = found
    if headline.tag in ("td", "th"):
        headline.insert(0, moved)
        moved.tail, headline.text = headline.text, None
    else:
        headline.addprevious(moved)
    return True


def byline_below_headline(root: etree._Element, label: dict[str, Any]) -> bool:
    """The info bar moved to right under the headline (a template that puts it in the story box)."""
    found = _detached_info(root, label)
    if found is None:
        return False
    headline, moved = found
    if headline.tag in ("td", "th"):
        headline.append(moved)
    else:
        moved.tail, headline.tail = headline.tail, None
        headline.addnext(moved)
    return True


def split_info_bar(root: etree._Element, label: dict[str, Any]) -> bool:
    """The info bar's text cut into `<span>`s at every credit label, with no space between them."""
    headline = headline_element(root, label.get("title"))
    info = info_element(root, headline) if headline is not None else None
    if info is None:
        return False
    changed = False
    for node in [info, *info.iterdescendants()]:
        if not isinstance(node.tag, str):
            continue
        for attribute in ("text", "tail"):
            if attribute == "tail" and node is info:
                continue
            value = getattr(node, attribute)
            pieces = [p.strip() for p in _CREDIT_START.split(value or "")]
            pieces = [p for p in pieces if p]
            if len(pieces) < 2:
                continue
            spans = []
            for piece in pieces:
                span = etree.Element("span")
                span.text = piece
                spans.append(span)
            setattr(node, attribute, None)
            if attribute == "text":
                for offset, span in enumerate(spans):
                    node.insert(offset, span)
            else:
                for span in reversed(spans):
                    node.addnext(span)
            changed = True
    return changed


def title_suffix_changed(root: etree._Element, label: dict[str, Any]) -> bool:
    """`<title>` becomes `headline_栏目名_另一个网站名` (another site's suffix convention)."""
    title = label.get("title")
    head = root.find("head")
    if not title or head is None:
        return False
    element = head.find("title")
    if element is None:
        element = etree.SubElement(head, "title")
    element.text = f"{title}_综合新闻_示例资讯网"
    return True


NAVIGATION = [
    "首页",
    "新闻中心",
    "工会动态",
    "基层风采",
    "劳模风采",
    "权益维护",
    "理论研究",
    "图片新闻",
    "视频",
    "专题",
]
RELATED = [
    ("全市职工技能大赛圆满落幕 二百余名选手同台竞技", "2023-11-02"),
    ("区总工会召开年度工作会议部署重点任务", "2023-10-28"),
    ("劳模工匠进校园活动走进第一中学", "2023-10-15"),
    ("户外劳动者服务站点新增三十处", "2023-09-30"),
    ("职工书屋建设经验交流会举行", "2023-09-12"),
    ("新就业形态劳动者入会集中行动启动", "2023-08-26"),
]


def navigation_and_related(root: etree._Element, label: dict[str, Any]) -> bool:
    """A menu bar at the top of the page and a related-articles list right after the story."""
    body = _body(root)
    menu = etree.Element("div")
    for name in NAVIGATION:
        link = etree.SubElement(menu, "a", href="/" + hashlib.sha1(name.encode()).hexdigest()[:6] + "/")
        link.text = name
        link.tail = " | "
    body.insert(0, menu)
    related = etree.Element("div")
    heading = etree.SubElement(related, "h3")
    heading.text = "相关新闻"
    items = etree.SubElement(related, "ul")
    for number, (text, day) in enumerate(RELATED):
        item = etree.SubElement(items, "li")
        link = etree.SubElement(item, "a", href=f"/news/{day}/{number}.html")
        link.text = text
        link.tail = f" {day}"
    last = _last_paragraph(root, label.get("body_last"))
    if last is None:
        body.append(related)
    else:
        _outside_cell(last).addnext(related) if last.tag in ("td", "tr") else last.addnext(related)
    return True


def _last_paragraph(root: etree._Element, body_last: str | None) -> etree._Element | None:
    """The deepest block element whose text ends the story (the label's last snippet)."""
    if not body_last:
        return None
    found = None
    for element in _elements(root):
        if element.tag in BLOCKISH and common.text_of(element).endswith(body_last):
            found = element
    return found


TRANSFORMS: tuple[Transform, ...] = (
    Transform("class/id removed", strip_class_and_id),
    Transform("class/id renamed", rename_class_and_id),
    Transform("<p> -> <div>", p_to_div),
    Transform("leaf <div> -> <p>", div_to_p),
    Transform("<p> -> <td> rows", p_to_table_cells),
    Transform("<p> -> <br> lines", br_lines),
    Transform("full-width -> half-width", half_width, to_half_width),
    Transform("half-width -> full-width", full_width, to_full_width),
    Transform("byline above headline", byline_above_headline),
    Transform("byline below headline", byline_below_headline),
    Transform("info bar split in spans", split_info_bar),
    Transform("<title> suffix changed", title_suffix_changed),
    Transform("navigation + related inserted", navigation_and_related),
)
