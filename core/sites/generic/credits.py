"""Authors, editors and source: the info bar under the headline, credit lines at the story's start
and end, the lines after the story, then JSON-LD and English by-lines; and the 来源 credit's link."""

from __future__ import annotations

import re

from core.sites import common
from core.sites.common import Block, Credits
from core.sites.common.credit_tables import PUBLICATION_HINT
from core.sites.common.names import looks_like_person
from core.sites.generic.document import Page, hint_of
from core.sites.generic.jsonld import jsonld_names
from core.sites.generic.rules import (
    BARE_NAME,
    BYLINE_SLOT,
    BYLINE_SLOT_HINT,
    ENGLISH_BYLINE,
    SLOT_DATE,
    TAIL_CLOSE,
)


def article_credits(
    page: Page, head: list[Block], tail: list[Block], body: Credits
) -> tuple[Credits, dict[str, str]]:
    """Authors, editors and source, in order of evidence: the info bar under the headline, credit
    lines at the story's start and end, the lines after the story (editors over the whole tail
    window, source and authors only close to the story), then JSON-LD and English by-lines; and
    for each of authors, editors, source the rule that filled it."""
    credits = Credits()
    rules: dict[str, str] = {}
    unlabelled_source = _read_head(head, credits)
    _note(rules, credits, "info bar")
    _add_new(credits.authors, body.authors)
    _add_new(credits.editors, body.editors)
    _note(rules, credits, "story credit line")
    tail_source = _read_tail(tail, credits)
    _note(rules, credits, "after story")
    if credits.source is None:
        credits.source = body.source or tail_source
        _note(rules, credits, "story credit line" if body.source else "after story")
    if credits.source is None:
        credits.source = unlabelled_source
        _note(rules, credits, "unlabelled source slot")
    if credits.source is None:
        credits.source = _organisation_shown(page, head)
        _note(rules, credits, "json-ld organisation shown")
    if not credits.authors:
        credits.authors = [name for name in jsonld_names(page.jsonld.get("author")) if not is_org(name)]
        _note(rules, credits, "json-ld")
    if not credits.authors:
        credits.authors = _english_byline(head)
        _note(rules, credits, "english byline")
    credits.authors = [name for name in credits.authors if name not in credits.editors]
    return credits, rules


def _note(rules: dict[str, str], credits: Credits, rule: str) -> None:
    """Record `rule` for each credit field that it was the first to fill."""
    for name, value in (
        ("authors", credits.authors),
        ("editors", credits.editors),
        ("source", credits.source),
    ):
        if value and name not in rules:
            rules[name] = rule


def _add_new(target: list[str], names: list[str]) -> None:
    for name in names:
        if name not in target:
            target.append(name)


def _read_head(head: list[Block], credits: Credits) -> str | None:
    """Credits of the info bar into `credits`; returns the publication shown there without a label."""
    unlabelled_source: str | None = None
    for index, block in enumerate(head):
        if common.is_label_only(block.text) and index + 1 < len(head):
            # the label in one element, its value in the next (`<dt>作者</dt><dd>张三</dd>`)
            credits.merge(
                common.parse_credit_line(block.marked.strip().rstrip(":：︰") + "：" + head[index + 1].marked)
            )
            continue
        if unlabelled_source is None:
            unlabelled_source, bracket_author = _unlabelled_slot(block.text)
            if bracket_author and bracket_author not in credits.authors:
                credits.authors.append(bracket_author)
        _add_new(credits.authors, _bare_byline(block))
        if _credit_candidate(block):
            credits.merge(common.parse_credit_line(block.marked))
    return unlabelled_source


def _read_tail(tail: list[Block], credits: Credits) -> str | None:
    """Editors of the lines after the story into `credits` (authors too, from close lines, when none
    are known yet); returns the first 来源 of a close line."""
    tail_source: str | None = None
    for position, block in enumerate(tail):
        if not _credit_candidate(block):
            continue
        parsed = tail_credit(block.marked)
        _add_new(credits.editors, parsed.editors)
        if position < TAIL_CLOSE:
            tail_source = tail_source or parsed.source
            if not credits.authors:
                credits.authors.extend(parsed.authors)
    return tail_source


def _organisation_shown(page: Page, head: list[Block]) -> str | None:
    """An organisation credited as JSON-LD author and shown in the info bar: the source slot."""
    shown = {block.text for block in head}
    for name in jsonld_names(page.jsonld.get("author"), organisations=True):
        if name in shown:
            return name
    return None


def _bare_byline(block: Block) -> list[str]:
    """Names in an unlabelled byline slot (`<span class="author">张三 李四</span>`) on this line."""
    if len(block.text) > 60:
        return []
    elements = (
        [block.element]
        if BYLINE_SLOT_HINT.search(hint_of(block.element))
        else block.element.xpath(BYLINE_SLOT)
    )
    for element in elements:
        text = common.text_of(element)
        if not text or len(text) > 30 or text not in block.text or common.find_dates(text):
            continue
        if common.has_credit_label(text):
            continue
        names = common.split_names(text)
        if names and len(names) <= 4 and all(BARE_NAME.fullmatch(name) for name in names):
            return names
    return []


def _english_byline(head: list[Block]) -> list[str]:
    """`By Jane Doe and John Roe` in the lines under an English headline."""
    for block in head:
        match = ENGLISH_BYLINE.match(block.text)
        if match:
            return [
                name.strip() for name in re.split(r"\s*(?:,|\band\b|&)\s*", match.group(1)) if name.strip()
            ]
    return []


def _credit_candidate(block: Block) -> bool:
    """A short line whose own (unlinked) text carries a credit label."""
    if not block.text or len(block.text) > 100:
        return False
    unlinked = re.sub("\x01[^\x02]*\x02", " ", block.marked)
    return common.has_credit_label(unlinked) or (
        block.link_chars <= len(block.text) * 0.5 and common.has_credit_label(block.marked)
    )


def _unlabelled_slot(line: str) -> tuple[str | None, str | None]:
    """A publication name sitting next to the dateline without a label (`TNW中文站2016年10月14日07:17`),
    and a bare bracketed name there (`2004年7月16日08:19 [ 黄宇 ] 来源：…`)."""
    if not common.find_dates(line):
        return None, None
    author = None
    bracket = re.search(r"[\[【]\s*([\u4e00-\u9fff]{2,3})\s*[\]】]\s*(?:[^\w\s]\s*)?(?:来源|來源)", line)
    if bracket:
        author = bracket.group(1)
    if common.has_credit_label(line):
        return None, author
    rest = re.sub(r"https?://\S+|www\.\S+", " ", line)
    rest = SLOT_DATE.sub(" | ", rest)
    rest = re.sub(r"(?:星期|週|周)[一二三四五六日天]|上午|下午|\d{1,2}:\d{2}|更新", " ", rest)
    for fragment in re.split(r"\s*\|\s*|\s{2,}", rest):
        candidate = common.clean_source(fragment)
        if (
            candidate
            and 2 <= len(candidate) <= 20
            and PUBLICATION_HINT.search(candidate)
            and re.search(r"[\u4e00-\u9fff]", candidate)  # a domain or logo text is no outlet name
            and not re.search(r"\d", candidate)
        ):
            return candidate, author
    return None, author


def tail_credit(marked: str) -> Credits:
    """A credit line at the story's end; a 来源 naming a person is that person's byline."""
    credits = common.parse_credit_line(marked.strip("【】[]（）() "))
    if credits.source and is_person(credits.source):
        credits.authors.append(credits.source)
        credits.source = None
    return credits


def is_org(value: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", value)) and bool(PUBLICATION_HINT.search(value))


def is_person(value: str) -> bool:
    """A 来源 value that is a person's name (`来源: 尹娟`), not an outlet (`来源：央视`)."""
    return looks_like_person(value)


def source_url(lines: list[Block], source: str | None, base: str | None) -> str | None:
    """The link behind the 来源 credit, when the credit is a link."""
    if not source:
        return None
    for block in lines:
        if common.LINK_OPEN + source not in block.marked:
            continue
        for link in block.element.xpath(".//a[@href]"):
            if common.text_of(link) == source:
                return common.absolute(base, link.get("href"))
    return None
