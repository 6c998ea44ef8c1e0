"""Shared helpers for site parsers: HTML loading, text blocks, Chinese credit lines and datelines.

Everything here is pure and table-driven: label words, separators and date shapes are data at the
top of the module, so a new site convention is one more entry, not one more branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import etree

from core.article import Published

# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

_WHITESPACE = re.compile(r"[\s\u3000\xa0\u200b\u200c\u200d\u2060\ufeff]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BUT_MARKS = re.compile(r"[\x00\x03-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A Hanyu Pinyin gloss glued after a character by "BIG5" mirrors: 網(wǎng)絡(luò)
_PINYIN_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\(\s*[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}\s*\)")


def collapse(text: str | None) -> str:
    """Collapse whitespace runs (including U+3000 and NBSP) to one space, drop control characters."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", _CONTROL.sub("", text)).strip()


def collapse_marked(text: str) -> str:
    """`collapse` that keeps the link marks of `Block.marked`."""
    return _WHITESPACE.sub(" ", _CONTROL_BUT_MARKS.sub("", text)).strip()


def unmark(text: str) -> str:
    return text.replace("\x01", "").replace("\x02", "")


def strip_pinyin(text: str) -> str:
    """Remove pinyin glosses glued after characters (`來(lái)源` -> `來源`); used on credit lines only."""
    return _PINYIN_GLOSS.sub("", text)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def load_html(html: str) -> etree._Element:
    """Parse HTML text into an lxml tree (plain elements: no per-node Python class lookup, which
    costs more than the parse) with scripts, styles, comments and processing instructions removed."""
    from core.article import ParseError

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
LINK_OPEN, LINK_CLOSE = "\x01", "\x02"


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


def blocks(container: etree._Element) -> list[Block]:
    """Split a container into paragraphs: each block element or `<br>`-separated line is one."""
    result: list[Block] = []
    parts: list[str] = []  # text with link marks
    images: list[etree._Element] = []
    counts = [0, 0]  # characters inside links, inside bold
    owner = [container]

    def flush() -> None:
        if not parts and not images:
            return
        marked = collapse_marked("".join(parts))
        text = collapse(marked) if (LINK_OPEN in marked or LINK_CLOSE in marked) else marked
        if text or images:
            result.append(
                Block(
                    text,
                    owner[0],
                    marked,
                    counts[0],
                    list(images),
                    bold=bool(text) and counts[1] >= len(text.replace(" ", "")) * 0.9,
                )
            )
        parts.clear()
        images.clear()
        counts[0] = counts[1] = 0

    def add(text: str, in_link: bool, in_bold: bool) -> None:
        parts.append(text)
        if in_link or in_bold:
            size = len(text.strip())
            if in_link:
                counts[0] += size
            if in_bold:
                counts[1] += size

    def walk(node: etree._Element, in_link: bool, in_bold: bool) -> None:
        tag = node.tag
        if not isinstance(tag, str):
            tag = ""
        is_block = tag in BLOCK_TAGS
        if is_block:
            flush()
            owner[0] = node
        if tag == "br":
            flush()
        elif tag == "img":
            images.append(node)
        elif tag not in SKIPPED_TAGS:
            opens_link = tag == "a" and not in_link
            link = in_link or tag == "a"
            bold = in_bold or tag == "strong" or tag == "b"
            if opens_link:
                parts.append(LINK_OPEN)
            if node.text:
                add(node.text, link, bold)
            for child in node:
                walk(child, link, bold)
            if opens_link:
                parts.append(LINK_CLOSE)
        if is_block:
            flush()
            parent = node.getparent()
            owner[0] = parent if parent is not None else container
        if node.tail and node is not container:
            add(node.tail, in_link, in_bold)

    walk(container, False, False)
    flush()
    return result


def absolute(base: str | None, href: str | None) -> str | None:
    """Absolute URL of href against base (None when href is empty or a script link)."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "#", "mailto:", "data:")):
        return None
    joined = urljoin(base or "", href)
    return joined if joined.startswith(("http://", "https://")) else (joined or None)


_TRACKING_QUERY = re.compile(r"^(spm|agt|utm_[a-z]+|from|share_token|tt_from|ivk_sa)=", re.I)


def clean_url(url: str | None) -> str | None:
    """Drop tracking query strings and fragments; percent-encode non-ASCII path characters."""
    if not url:
        return None
    from urllib.parse import quote

    parts = urlsplit(url.strip())
    query = "&".join(p for p in parts.query.split("&") if p and not _TRACKING_QUERY.match(p))
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_CLOCK = r"(?:(?P<ampm>上午|下午|早上|晚上|凌晨|中午|AM|PM)?\s*(?P<H>\d{1,2})\s*[:：时時]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)"
DATE_PATTERNS = (
    re.compile(
        r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"
        r"(?:\s*(?:星期|週|周|礼拜)[一二三四五六日天])?(?:\s*" + _CLOCK + ")?"
    ),
    re.compile(
        r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
        r"(?:(?:\s*|T)" + _CLOCK + ")?"
    ),
    # news.cn page header: `2024 05/09 22:27:02` or `202405/09 22:27:02`
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?P<m>\d{2})/(?P<d>\d{2})(?!\d)(?:\s*" + _CLOCK + ")?"),
)


def _published(match: re.Match[str]) -> Published | None:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if match["H"] is None:
        try:
            return Published.beijing(year, month, day)
        except ValueError:
            return None
    hour, minute = int(match["H"]), int(match["M"])
    ampm = match["ampm"]
    if ampm in ("下午", "晚上", "PM") and hour < 12:
        hour += 12
    if ampm in ("上午", "凌晨", "AM") and hour == 12:
        hour = 0
    second = int(match["S"]) if match["S"] is not None else None
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        return None
    try:
        return Published.beijing(year, month, day, hour, minute, second)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, int, Published]]:
    """Every dateline in text: (start, end, value), in order of appearance."""
    found: list[tuple[int, int, Published]] = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = _published(match)
            if value is not None and not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), value))
    found.sort(key=lambda item: item[0])
    return found


def parse_date(text: str | None) -> Published | None:
    """The first dateline in text at the precision shown; None when no full year-month-day is there."""
    if not text:
        return None
    dates = find_dates(text)
    return dates[0][2] if dates else None


# --------------------------------------------------------------------------------------------
# Credit lines: 来源 / 作者 / 记者 / 责编 ...
# --------------------------------------------------------------------------------------------

COLON = r"\s*[:：︰︱丨|｜/]\s*"
# How a label is separated from its value.
SEPARATORS = {
    "colon": COLON,  # 编辑：张三
    "colon_or_space": r"(?:" + COLON + r"|\s+(?=\S))",  # 责任编辑 张三, 来源 新华网
    "optional": r"(?:" + COLON + r")?",  # 记者张三, 本报记者 张三
}
# (kind, regex of the label, separator). Order matters: longer labels first.
CREDIT_LABELS: tuple[tuple[str, str, str], ...] = (
    ("ignore", r"素材来源|资料来源|資料來源|图片来源|圖片來源|视频来源|數據來源|数据来源", "colon_or_space"),
    ("source", r"信息来源|文章来源|新闻来源|稿件来源|稿源|来源|來源", "colon_or_space"),
    ("source", r"出处|出處", "colon"),
    ("editor", r"责任编辑|責任編輯|责编|責編", "colon_or_space"),
    ("editor", r"值班编辑|本文编辑|网络编辑|编辑|編輯", "colon"),
    (
        "ignore",
        r"校对|校對|审核|審核|审校|審校|签发|簽發|监制|監製|出品|策划|策劃|统筹|統籌|制作|製作|设计|設計"
        r"|浏览|瀏覽|点击|點擊|阅读|閱讀|字号|字號|分享|打印|纠错|糾錯|评论|評論|访问量|浏览次数",
        "colon",
    ),
    (
        "ignore",
        r"发布时间|發布時間|发稿时间|發稿時間|发表时间|發表時間|发布日期|發布日期|更新时间|时间|時間|日期",
        "colon",
    ),
    ("author", r"作者", "colon_or_space"),
    ("author", r"撰文|执笔人|執筆人|执笔|執筆|编译|編譯|口述|整理|文字|文", "colon"),
    ("photo", r"摄影|攝影|图片|圖片|图|圖|摄像|攝像", "colon"),
    (
        "author",
        r"(?:本报|本報|本刊|本台|本网|本網|特约|特約|见习|見習|实习|實習|驻\S{1,4}|[\u4e00-\u9fff·]{1,12}?)?"
        r"(?:记者|記者)|(?:本报|本報)?(?:通讯员|通訊員)|实习生|實習生|特约撰稿人",
        "optional",
    ),
)
_LABEL_RE = re.compile(
    "|".join(
        f"(?P<k{i}>(?:{regex}){SEPARATORS[separator]})"
        for i, (_, regex, separator) in enumerate(CREDIT_LABELS)
    )
)
_LABEL_KIND = {f"k{i}": kind for i, (kind, _, _) in enumerate(CREDIT_LABELS)}

NAME_SEPARATORS = re.compile(r"[\s、，,;；/&＆]+")
_BRACKETS = str.maketrans({c: " " for c in "()（）[]【】〔〕<>「」『』"})
# Words that sit among names but are not names.
NOT_NAMES = frozenset(
    [
        "报道",
        "報道",
        "整合",
        "综合",
        "綜合",
        "整理",
        "编译",
        "編譯",
        "摄",
        "攝",
        "摄影",
        "供图",
        "文",
        "图",
        "圖",
        "等",
        "联合",
        "聯合",
        "电",
        "電",
        "讯",
        "訊",
        "发自",
        "發自",
        "报",
        "记者",
        "記者",
        "通讯员",
        "通訊員",
        "实习生",
        "實習生",
        "本报",
        "本報",
        "作者",
        "稿",
        "本报讯",
        "本報訊",
        "新华社",
        "新華社",
        "题",
        "题图",
    ]
)
_PHOTO_CREDIT = re.compile(
    r"[^\s、，,/]*?(?:供图|供圖)|[\u4e00-\u9fff·]{2,4}\s?/?\s?(?:摄影|攝影|摄|攝)(?![\u4e00-\u9fff])"
)
# `姚峰 上海报道`: a place before 报道 after a name; `李四报道` alone: the name itself.
_REPORTED_FROM = re.compile(r"(?<=\S)(\s+)\S*(?:报道|報道)|(?:报道|報道)")
_NOT_NAME_PREFIX = re.compile(r"^(?:发自|發自|来自|來自|综合|綜合|整理|据|據)")
MAX_CJK_NAME = 6
_AUTHOR_MARK = re.compile(r"/\s*文|文\s*/|/\s*图|图\s*/")


def _single_cjk(token: str) -> bool:
    return len(token) == 1 and "\u3400" <= token <= "\u9fff"


_AFFILIATION = re.compile(r"(?<=\S)\s*[（(][^（）()]{1,30}[）)]")
_NOT_NAME_SUFFIX = re.compile(
    r"(?:教授|研究员|研究員|主任|书记|書記|院长|院長|局长|局長|部长|部長|主席|委员|委員|专家|專家|博士|学者|學者|律师|律師|"
    r"老师|老師|大学|大學|学院|學院|研究院|研究所|中心|公司|集团|集團|单位|單位|频道|頻道|工作室|栏目组|欄目組)$"
)


def split_names(value: str) -> list[str]:
    """Person names in a credit value: separators split, `方 敏` padding merged, non-names dropped
    (affiliations in brackets after a name, job titles, places before 报道, photographers)."""
    value = _AFFILIATION.sub(" ", strip_pinyin(value)).translate(_BRACKETS)
    value = _AUTHOR_MARK.sub(" ", value)
    value = _PHOTO_CREDIT.sub(" ", value)
    value = _REPORTED_FROM.sub(" ", value)
    names: list[str] = []
    for group in re.split(r"[、，,;；/&＆｜|︱丨]+", value):
        tokens: list[str] = []
        for raw in group.split():
            for piece in _split_he(raw):
                tokens.append(_strip_name_label(piece))
        merged: list[str] = []
        run: list[str] = []
        for token in tokens + [""]:
            if _single_cjk(token):
                run.append(token)
                continue
            if run:
                merged.append("".join(run))
                run = []
            if token:
                merged.append(token)
        names.extend(merged)
    result: list[str] = []
    for name in names:
        name = name.strip("：:·.。-—|丨｜︱ ")
        if not name or name in NOT_NAMES or len(name) < 2 or name in result or _NOT_NAME_PREFIX.match(name):
            continue
        if _NOT_NAME_SUFFIX.search(name):
            continue
        if re.fullmatch(r"[\u4e00-\u9fff·]+", name) and len(name) > MAX_CJK_NAME:
            continue
        if re.fullmatch(r"[\d\W_]+", name):
            continue
        result.append(name)
    return result


def _split_he(token: str) -> list[str]:
    """Split `张三和李四` on 和 only when both sides are at least two characters."""
    if "和" in token:
        left, _, right = token.partition("和")
        if len(left) >= 2 and len(right) >= 2:
            return [left, *_split_he(right)]
    return [token]


_NAME_LABEL = re.compile(
    r"^(?:.*?(?:记者|記者|通讯员|通訊員|实习生|實習生|作者|执笔人|執筆人|执笔|撰文|编译|責編|责编|编辑|編輯|责任编辑))"
)


def _strip_name_label(token: str) -> str:
    """`记者陈智` -> `陈智`; `新华社记者` -> ``."""
    return _NAME_LABEL.sub("", token)


@dataclass(slots=True)
class Credits:
    """What a credit line says."""

    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    photographers: list[str] = field(default_factory=list)

    def merge(self, other: Credits) -> None:
        for name in other.authors:
            if name not in self.authors:
                self.authors.append(name)
        for name in other.editors:
            if name not in self.editors:
                self.editors.append(name)
        if self.source is None:
            self.source = other.source


# 来源 values that name no publication (`来源：转载文章`): passed over for a better credit.
GENERIC_SOURCES = frozenset(
    (
        "转载文章",
        "转载",
        "网络",
        "互联网",
        "网友投稿",
        "本站",
        "本网",
        "原创",
        "综合",
        "未知",
        "其他",
        "网络转载",
        "网络整理",
    )
)
_WRAPPERS = (("《", "》"), ("[", "]"), ("【", "】"), ("（", "）"), ("(", ")"), ("〔", "〕"), ("「", "」"))


def clean_source(value: str | None) -> str | None:
    """A 来源 value without label debris, wrapping brackets and trailing separators."""
    if not value:
        return None
    value = collapse(strip_pinyin(value)).strip(" |丨︱:：,，;；")
    changed = True
    while changed and value:
        changed = False
        for opening, closing in _WRAPPERS:
            if value.startswith(opening) and value.endswith(closing) and value.count(opening) == 1:
                value = value[1:-1].strip()
                changed = True
    value = re.sub(r"\s*[\[【（(〔]\s*[\]】）)〕]\s*$", "", value)
    value = value.strip(" |丨︱[]【】")
    if value in GENERIC_SOURCES:
        return None
    return value or None


_CLOSING = {"[": "]", "【": "】", "（": "）", "(": ")", "〔": "〕"}


def _cut_value(value: str) -> str:
    """A label's value ends at a dateline, a bar, a wide gap or the bracket that closes the credit."""
    stripped = value.strip()
    if stripped[:1] in _CLOSING and _CLOSING[stripped[0]] in stripped:
        value = stripped[: stripped.index(_CLOSING[stripped[0]]) + 1]
    else:
        value = re.split(r"[\]】〕]", value, maxsplit=1)[0]
    dates = find_dates(value)
    if dates:
        value = value[: dates[0][0]]
    return re.split(r"\s*[|丨︱]\s*|\s{3,}", value.strip(), maxsplit=1)[0] if value.strip() else ""


def parse_credit_line(line: str) -> Credits:
    """Read labelled credits from one line: `来源：X 作者：A、B 责任编辑：C`, `本报记者 王乐文 方 敏`.

    An empty value (`作者: 浏览:次`) gives nothing; it never borrows the next label.
    """
    credits = Credits()
    text = strip_pinyin(collapse_marked(line))
    matches = list(_LABEL_RE.finditer(text))
    for index, match in enumerate(matches):
        kind = _LABEL_KIND[match.lastgroup or ""]
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        raw = text[match.end() : end]
        linked = re.match(r"\s*(?:\x01\s*\x02\s*)*\x01([^\x02]+)\x02", raw)
        raw = unmark(raw)
        if kind == "source":
            value = linked.group(1) if linked and linked.group(1).strip() else _cut_value(raw)
            if credits.source is None and clean_source(value):
                credits.source = clean_source(value)
        elif kind in ("author", "editor", "photo"):
            value = _cut_value(raw)
            names = split_names(value)
            target = {"author": credits.authors, "editor": credits.editors, "photo": credits.photographers}[
                kind
            ]
            for name in names:
                if name not in target:
                    target.append(name)
    credits.authors = [
        n for n in credits.authors if n not in credits.editors and n not in credits.photographers
    ]
    return credits


def has_credit_label(text: str) -> bool:
    return _LABEL_RE.search(strip_pinyin(unmark(text))) is not None


# A dateline opening a story: 新华社北京5月19日电（刘艺、杨吉）, 本报讯（记者叶婉）, 长江网10月4日讯（记者陈智 整合）
LEAD_DATELINE = re.compile(
    r"^(?:据)?[^，。！？“”\s]{0,30}?(?:\d{1,2}月\d{1,2}日)?(?:电|讯|訊|電)\s*[（(](?P<credit>[^（）()]{1,40})[）)]"
)
# A trailing credit at the end of the last paragraph: （姚峰 上海报道）, （总台记者 张倩）, (记者宋晨、田中全
TRAILING_CREDIT = re.compile(r"[（(](?P<credit>[^（）()。！？]{1,40})(?:[）)]|$)\s*$")


def lead_credit(paragraph: str) -> list[str]:
    """Names in a lead dateline `新华社…电（记者邹伟）`."""
    match = LEAD_DATELINE.match(paragraph)
    if not match:
        return []
    return credit_names(match["credit"])


def credit_names(credit: str) -> list[str]:
    """Names in a parenthetical credit: labels and org prefixes dropped, photographers excluded."""
    credit = collapse(credit)
    if re.search(r"(?:编辑|責編|责编|编辑|校对|审核|来源|來源)", credit):
        return []
    if re.search(r"摄|攝|供图|图片", credit) and not re.search(r"记者|記者|文", credit):
        return []
    return split_names(credit)


def trailing_credit(paragraph: str) -> tuple[str, list[str]]:
    """Split a trailing author parenthetical off the last paragraph: (text without it, names)."""
    match = TRAILING_CREDIT.search(paragraph)
    if not match:
        return paragraph, []
    credit = match["credit"].strip()
    after_sentence = paragraph[: match.start()].rstrip()[-1:] in "。！？!?”」"
    if not _looks_like_credit(credit, after_sentence):
        return paragraph, []
    names = credit_names(credit)
    return paragraph[: match.start()].rstrip(), names


_CREDIT_HINT = re.compile(
    r"记者|記者|通讯员|通訊員|实习生|报道|報道|编译|編譯|作者|撰文|执笔|文/|/文|整合|整理|综合"
)


def _looks_like_credit(credit: str, after_sentence: bool) -> bool:
    """A parenthetical is a credit when it carries a credit word, or is only short names standing
    after the last sentence (`……共赢。（钟才文）`, not `……举行（见下图）`)."""
    if _CREDIT_HINT.search(credit):
        return True
    if re.search(r"编辑|责编|責編", credit):
        return True
    if not after_sentence:
        return False
    tokens = [t for t in NAME_SEPARATORS.split(credit) if t]
    return (
        bool(tokens) and all(re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", t) for t in tokens) and len(tokens) <= 4
    )


def host_of(url: str | None) -> str:
    if not url:
        return ""
    return (urlsplit(url).hostname or "").lower()
