"""Generic news article extractor for any site (Chinese or English).

Order of evidence: JSON-LD, `<meta>`, then the DOM around the displayed headline. The story is the
container with the most sentence-like, link-poor text (text density); LABELS.md's rules say what is
skipped at its start and cut at its end. Chinese credits are read from the lines around the
headline, from credit lines at the story's end, and from datelines in the story itself.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from core.article import Article, Image, ParseError, Published
from core.sites import common
from core.sites.common import Block, Credits

NAME = "generic"
HOSTS: tuple[str, ...] = ()

# ------------------------------------------------------------------------------------------------
# Tables
# ------------------------------------------------------------------------------------------------

TITLE_HINT = re.compile(r"title|biaoti|headline|heading|\bbt\b|tit\d|_tit|tit_|^tit$|hd_?tit", re.I)
CRUMB_HINT = re.compile(
    r"crumb|navpath|position|location|\bpath\d?\b|where|dqwz|curpos|nav_?path|\broute\b|mbx", re.I
)
SENTENCE_END = '。！？!?…”」』".'
PUNCTUATION = re.compile(r"[，。！？；：、“”,.!?;:]")
# Lines that never belong to the story wherever they sit.
NOISE_LINE = re.compile(
    r"^(?:原标题|原題|返回搜狐|查看更多|本文地址|分享到|打印|关闭窗口|【?纠错】?|扫一扫|责任编辑[:：]?\s*$|"
    r"(?:点击|點擊)(?:进入|進入|查看)|上一篇|下一篇|相关(?:新闻|阅读|链接)|热点推荐|延伸阅读|第\s*\d+\s*页\s*/\s*共)"
)
PRINT_EDITION = re.compile(r"^[（(]?《[^》]{1,20}》\s*[（(]?\s*\d{4}\s*年.{0,30}版\s*[）)]?\s*[）)]?$")
MATERIAL_CREDIT = re.compile(
    r"^[（(【\[]?\s*(?:资料来源|資料來源|图片来源|圖片來源|素材来源|数据来源|(?:文中)?图片(?:由|来自))"
)
CAPTION = re.compile(
    r"(?:摄影?|攝影?|供图|供圖|图片来源|资料图|資料圖|图为|圖為|视觉中国|IC photo|Getty)\s*[)）]?\s*$|^[（(]?(?:图|圖|资料图|資料圖|图片|圖片)[为為:：]"
)
PUBLICATION_HINT = re.compile(
    r"网|網|报|報|社|台|刊|站|频道|頻道|新闻|新聞|中心|杂志|雜誌|客户端|日报|晚报|在线|传媒|傳媒|集团|公司|官微|"
    r"号|號|电视|電視|广播|廣播|周刊|时报|時報|论坛|學|学|院|局|委|厅|办|部|会|會|政府|财经|財經|商业|商業|科技|[A-Za-z]{3,}"
)
PERSON_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢"
    "安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵"
    "苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
DATELINE_ONLY = re.compile(r"^[\s\d年月日号:：\-/.（）()星期周一二三四五六日天]*$")
XINHUA_TITLE_LINE = re.compile(r"^(?:据)?(?:新华社|新華社)\S{0,12}电\s*题[:：]")
SUMMARY_BOX = re.compile(r"^[【\[]?\s*(?:摘要|导语|導語|内容提要|內容提要|核心提示|提要)\s*[】\]]?\s*[:：]?")
EDITOR_NOTE = re.compile(r"^[【\[（(]?\s*(?:编者按|編者按|编者的话|前言|导语|導語|引言|摘要)")
SIGNATURE_LINE_MAX = 30
MIN_STORY_CHARS = 20
TAIL_WINDOW = 40  # lines after the story searched for 责任编辑 credits
TAIL_CLOSE = 12  # of those, the lines close enough to credit the story's 来源 and authors


@dataclass(slots=True)
class Page:
    """Everything read from one document, shared by the field extractors."""

    url: str | None
    html: str
    root: etree._Element
    blocks: list[Block]
    jsonld: dict[str, Any]
    dated: dict[int, bool] = field(default_factory=dict)


def looks_like(html: str) -> bool:
    return True


def parse(url: str, html: str) -> Article:
    """Extract an article from any news page."""
    jsonld = _jsonld(html)
    root = common.load_html(html)
    body = root.find("body")
    if body is None:
        body = root
    for hidden in body.xpath(".//*[contains(translate(@style,' ',''),'display:none')]"):
        if hidden.getparent() is not None:
            common.drop(hidden)
    page_blocks = common.blocks(body)
    page = Page(url or None, html, root, page_blocks, jsonld)

    title, subtitle, title_index = _title(page)
    if not title:
        raise ParseError("generic: no headline found; not an article page")
    story = _story(page, title_index) or _story(page, -1)
    if not story:
        raise ParseError("generic: no story text found; not an article page")
    first_story, last_story = story[0], story[-1]
    head_lines = _head_lines(page, title_index, first_story)
    tail_lines = page.blocks[last_story + 1 : last_story + TAIL_WINDOW]

    paragraphs, body_credits = _body(page, story, title)
    if sum(len(paragraph) for paragraph in paragraphs) < MIN_STORY_CHARS:
        raise ParseError(f"generic: story text under {MIN_STORY_CHARS} characters; not an article page")
    credits = _credits(page, head_lines, tail_lines, body_credits)
    page_url = _page_url(page, title)
    canonical = _canonical(page) or page_url
    base = page_url or canonical

    return Article(
        url=page_url or "",
        canonical_url=canonical,
        site=common.host_of(page_url or canonical) or NAME,
        title=title,
        pretitle=_pretitle(page, title_index),
        subtitle=subtitle,
        authors=[name for name in credits.authors if name not in credits.editors],
        editors=credits.editors,
        source=credits.source,
        source_url=_source_url(head_lines + tail_lines, credits.source, base),
        published_at=_published(page, title_index, head_lines),
        body=paragraphs,
        images=_images(page, story, base),
        channel=_channel(page, title_index),
    )


# ------------------------------------------------------------------------------------------------
# JSON-LD and meta
# ------------------------------------------------------------------------------------------------

_JSONLD = re.compile(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)


def _jsonld(html: str) -> dict[str, Any]:
    """The first NewsArticle-like JSON-LD object, flattened from @graph/lists."""
    for raw in _JSONLD.findall(html):
        try:
            data = json.loads(raw.strip())
        except ValueError:
            continue
        items = (
            data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        )
        for item in items:
            if isinstance(item, dict) and re.search(r"Article|Posting|Report", str(item.get("@type", ""))):
                return item
    return {}


def _jsonld_names(value: Any, organisations: bool = False) -> list[str]:
    """Person names (or, with organisations=True, organisation names) of a JSON-LD author value."""
    if isinstance(value, list):
        return [name for item in value for name in _jsonld_names(item, organisations)]
    if isinstance(value, dict):
        is_organisation = "Organization" in str(value.get("@type", ""))
        if is_organisation != organisations:
            return []
        return _jsonld_names(value.get("name"), organisations=False)
    if organisations:
        return []
    if isinstance(value, str) and common.collapse(value):
        return [common.collapse(value)]
    return []


# ------------------------------------------------------------------------------------------------
# Headline
# ------------------------------------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Evidence that a line is the displayed headline, and what each piece is worth.
TITLE_WEIGHTS = {
    "repeated_in_title_tag": 10.0,  # the line is (part of) <title>/og:title/JSON-LD headline
    "contains_title_tag": 8.0,  # the line contains the <title> text
    "h1": 6.0,
    "h2_h3": 3.0,
    "title_class": 4.0,  # class/id says title
    "dateline_below": 5.0,  # a dateline within the next lines
    "bold": 2.0,
    "ends_like_sentence": -6.0,
}
TITLE_THRESHOLD = 6.0


def _title(page: Page) -> tuple[str, str | None, int]:
    """The displayed headline (its first line), a nested 副题 line, and its block index."""
    references = _references(page)
    best: tuple[float, int] | None = None
    weak: list[int] = []  # plain short lines with a dateline under them, used when nothing is better
    for index, block in enumerate(page.blocks):
        text = block.text
        if not (4 <= len(text) <= 160) or block.link_chars > len(text) * 0.5:
            continue
        element = block.element
        tag = element.tag if isinstance(element.tag, str) else ""
        squeezed = _squeeze(text)
        score = 0.0
        if any(squeezed in ref for ref in references) or (
            tag in ("h1", "h2") and any(_squeeze(_lines(element)[0]) in ref for ref in references)
        ):
            score += TITLE_WEIGHTS["repeated_in_title_tag"] + min(len(squeezed), 60) / 6
        elif any(ref and ref in squeezed for ref in references):
            score += TITLE_WEIGHTS["contains_title_tag"]
        if tag == "h1":
            score += TITLE_WEIGHTS["h1"]
        elif tag in ("h2", "h3"):
            score += TITLE_WEIGHTS["h2_h3"]
        if TITLE_HINT.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            score += TITLE_WEIGHTS["title_class"]
        if block.bold:
            score += TITLE_WEIGHTS["bold"]
        if text[-1] in "。，,;；":
            score += TITLE_WEIGHTS["ends_like_sentence"]
        plain_candidate = (
            score == 0
            and best is None
            and len(text) <= 80
            and (
                not common.find_dates(text)
                and not PUNCTUATION.search(text[-1])
                and not re.search(r">|»|›", text)
            )
        )
        if not plain_candidate and (score <= 0 or score + TITLE_WEIGHTS["dateline_below"] < TITLE_THRESHOLD):
            continue
        if any(_has_date(page, i) for i in range(index + 1, min(index + 5, len(page.blocks)))):
            score += TITLE_WEIGHTS["dateline_below"]
            if plain_candidate:
                weak.append(index)
        if score < TITLE_THRESHOLD:
            continue
        score -= index / 2000
        if best is None or score > best[0]:
            best = (score, index)
    if best is None and weak:
        best = (0.0, max(weak, key=lambda i: len(page.blocks[i].text)))
    if best is None:
        fallback = common.collapse(str(page.jsonld.get("headline") or "")) or common.meta_content(
            page.root, "og:title"
        )
        return fallback or "", None, -1
    index = best[1]
    block = page.blocks[index]
    lines = (
        _lines(block.element) if len(common.text_of(block.element)) <= len(block.text) + 2 else [block.text]
    )
    if len(lines) > 1 and lines[0]:
        return lines[0], " ".join(lines[1:]) or None, index
    return block.text, _subtitle(page, index, references), index


def _has_date(page: Page, index: int) -> bool:
    """Whether block `index` is a short line showing a date (cached per page)."""
    cached = page.dated.get(index)
    if cached is None:
        text = page.blocks[index].text
        cached = page.dated[index] = (
            len(text) < 120 and bool(_SLOT_DATE.search(text)) and bool(common.find_dates(text))
        )
    return cached


def _references(page: Page) -> list[str]:
    """Texts that repeat the headline: `<title>`, og:title, JSON-LD headline, a dataset wrapper's title."""
    texts = [
        common.text_of(page.root.find(".//title")),
        common.meta_content(page.root, "og:title", "twitter:title", "ArticleTitle"),
        common.collapse(str(page.jsonld.get("headline") or "")),
        *page.root.xpath("//text/@title"),
    ]
    return [_squeeze(re.sub(r"<[^>]+>", "", t)) for t in texts if t]


PRETITLE_HINT = re.compile(r"pre|yinti|intro|kicker|\byt\b|shoulder", re.I)


def _pretitle(page: Page, index: int) -> str | None:
    """A kicker line right above the headline, marked as one (`h3.pre`, `p.introtitle`)."""
    if index <= 0:
        return None
    previous = page.blocks[index - 1]
    element = previous.element
    hint = f"{element.get('class') or ''} {element.get('id') or ''}"
    text = previous.text
    if not text or len(text) > 60 or previous.link_chars or not PRETITLE_HINT.search(hint):
        return None
    return text


SUBTITLE_HINT = re.compile(r"sub|fbt|futi|fu_?title|second", re.I)


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
    hint = f"{element.get('class') or ''} {element.get('id') or ''}"
    if SUBTITLE_HINT.search(hint):
        return text
    if any(_squeeze(title_block.text + text) in ref for ref in references):
        return text
    if (
        element.tag == title_block.element.tag
        and element.tag in ("td", "div")
        and _centered(element)
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


# ------------------------------------------------------------------------------------------------
# Story detection (text density)
# ------------------------------------------------------------------------------------------------

STORY_GAP = 3  # non-story lines tolerated inside the story (subheads, captions)


def _content_weight(block: Block) -> float:
    """How story-like a paragraph is: long, punctuated, few links."""
    text = block.text
    if len(text) < 12 and not (len(text) >= 6 and text[-1] in "。！？"):
        return 0.0
    link_ratio = block.link_chars / max(len(text), 1)
    if link_ratio > 0.5:
        return 0.0
    punctuation = len(PUNCTUATION.findall(text))
    return (len(text) + 10 * punctuation) * (1 - link_ratio)


def _story(page: Page, title_index: int) -> list[int]:
    """Indexes of the story's blocks: the densest container, then its densest contiguous run."""
    weights = [_content_weight(block) for block in page.blocks]
    scores: dict[etree._Element, float] = {}
    for index, block in enumerate(page.blocks):
        weight = weights[index]
        if not weight or (title_index >= 0 and index < title_index):
            continue
        element = block.element
        parent = element if element.tag not in ("p", "span", "font", "strong", "b") else element.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + weight
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + weight * 0.4
    if not scores:
        return []
    # Repeated cards (related stories, comment items) share one class; a story container is unique.
    class_counts: dict[tuple[str, str], int] = {}
    for element in scores:
        key = (element.tag, element.get("class") or "")
        class_counts[key] = class_counts.get(key, 0) + 1
    for element in scores:
        if element.get("class") and class_counts[(element.tag, element.get("class") or "")] >= 3:
            scores[element] *= 0.25
    container = max(scores, key=lambda element: scores[element])
    inside = {id(e) for e in container.iter()}
    indexes = [i for i, block in enumerate(page.blocks) if id(block.element) in inside and i > title_index]
    if not indexes:
        return []
    seed = max(range(len(indexes)), key=lambda k: weights[indexes[k]])
    start = end = seed
    for step in (1, -1):
        gap, k = 0, seed + step
        while 0 <= k < len(indexes):
            block = page.blocks[indexes[k]]
            if weights[indexes[k]]:
                gap = 0
                if step == 1:
                    end = k
                else:
                    start = k
            elif block.text:
                gap += 1
                if gap > STORY_GAP:
                    break
            k += step
    # Short lines right after the run are left to the end rules.
    while (
        end + 1 < len(indexes)
        and page.blocks[indexes[end + 1]].text
        and end + 1 - seed < 400
        and (
            len(page.blocks[indexes[end + 1]].text) <= 60
            and not weights[indexes[end + 1]]
            and page.blocks[indexes[end + 1]].text[-1:] in "。！？）)"
        )
    ):
        end += 1
    return indexes[start : end + 1]


# ------------------------------------------------------------------------------------------------
# Body paragraphs
# ------------------------------------------------------------------------------------------------


def _is_credit_only(text: str) -> bool:
    """A short line that is only a credit or dateline (`新京报记者 彭冲 山东冠县报道`, `【编辑:刘欢】`,
    `2005-04-05 06:40更新 来源：转载文章`), not a sentence."""
    plain = common.unmark(text).strip()
    if not plain or len(plain) > 60 or re.search(r"[。！？!?]", plain):
        return False
    return common.has_credit_label(plain.strip("【】[]（）() "))


def _body(page: Page, story: list[int], title: str) -> tuple[list[str], Credits]:
    return story_paragraphs([page.blocks[index] for index in story], title)


def story_paragraphs(
    story: list[Block], title: str, captions: frozenset[str] = frozenset()
) -> tuple[list[str], Credits]:
    """Story paragraphs after the LABELS.md start/end rules, and the credits found on the way.

    Dropped anywhere: photo captions (a short centered line under an image, or a line ending in
    摄/供图), promo and pager lines. At the start: headline repeats, Xinhua headline stacks,
    byline- and dateline-only lines, leading bold headings (an editor's note is kept). At the end:
    credit lines, print-edition lines, material credits, notice signature lines, and a trailing
    author parenthetical on the last paragraph.
    """
    credits = Credits()
    items: list[Block] = []
    caption_next = False
    for block in story:
        text = block.text
        if block.images and not text:
            caption_next = True
            continue
        if not text:
            continue
        if text in captions:
            caption_next = False
            continue
        is_caption = (
            CAPTION.search(text) is not None
            and len(text) < 150
            and not (common.has_credit_label(text) and common.parse_credit_line(text).authors)
        )
        if caption_next and len(text) < 120 and (is_caption or (_centered(block.element) and not block.bold)):
            caption_next = False
            continue
        caption_next = False
        if is_caption and len(text) < 80:
            continue
        if (
            NOISE_LINE.match(text)
            and not common.has_credit_label(text)
            or block.link_chars >= len(text) * 0.8
            and len(text) < 60
        ):
            continue
        items.append(block)

    # Start: skip headline repeats, headline stacks, bylines, datelines, promos and bold headings.
    title_squeezed = _squeeze(title)
    while items:
        block = items[0]
        text = block.text
        squeezed = _squeeze(text)
        if EDITOR_NOTE.match(text):
            break
        if _is_credit_only(block.marked):
            credits.merge(common.parse_credit_line(block.marked))
            items.pop(0)
            continue
        if (
            squeezed == title_squeezed
            or (len(squeezed) >= 6 and squeezed in title_squeezed)
            or XINHUA_TITLE_LINE.match(text)
            or DATELINE_ONLY.match(text)
            or (block.bold and len(text) < 60 and text[-1] not in "。！？")
            or (
                len(text) < 40
                and text[-1] not in SENTENCE_END
                and text[-1] not in "，：:"
                and len(items) > 1
                and not common.find_dates(text)
                and _next_is_longer(items)
            )
        ):
            items.pop(0)
            continue
        break

    # End: credits, print-edition lines, material credits, notice signature blocks.
    while items:
        text = items[-1].text
        if _is_credit_only(items[-1].marked):
            credits.merge(_tail_credit(items[-1].marked))
            items.pop()
            continue
        if PRINT_EDITION.match(text) or MATERIAL_CREDIT.match(text) or DATELINE_ONLY.match(text):
            items.pop()
            continue
        if len(text) <= SIGNATURE_LINE_MAX and text[-1] not in SENTENCE_END and len(items) > 1:
            items.pop()
            continue
        break

    paragraphs = [block.text for block in items]
    if paragraphs:
        lead = common.lead_credit(paragraphs[0])
        last, names = common.trailing_credit(paragraphs[-1])
        if last != paragraphs[-1]:
            if last:
                paragraphs[-1] = last
            else:
                paragraphs.pop()
        for name in lead + names:
            if name not in credits.authors:
                credits.authors.append(name)
    return paragraphs, credits


def _next_is_longer(items: list[Block]) -> bool:
    return len(items) > 1 and len(items[1].text) > 40


def _centered(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "text-align:center" in style or (element.get("align") or "").lower() == "center"


def _tail_credit(marked: str) -> Credits:
    """A credit line at the story's end; a 来源 naming a person is that person's byline."""
    credits = common.parse_credit_line(marked.strip("【】[]（）() "))
    if credits.source and _is_person(credits.source):
        credits.authors.append(credits.source)
        credits.source = None
    return credits


def _source_url(lines: list[Block], source: str | None, base: str | None) -> str | None:
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


def _is_org(value: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", value)) and bool(PUBLICATION_HINT.search(value))


def _is_person(value: str) -> bool:
    """A 来源 value that is a person's name (`来源: 尹娟`): two or three characters, a common surname
    first, nothing of a publication's name (`来源：央视` stays a source)."""
    return (
        bool(PERSON_NAME.fullmatch(value))
        and value[0] in COMMON_SURNAMES
        and not PUBLICATION_HINT.search(value)
    )


# ------------------------------------------------------------------------------------------------
# Credits: head lines, tail lines, story datelines
# ------------------------------------------------------------------------------------------------


def _head_lines(page: Page, title_index: int, first_story: int) -> list[Block]:
    """Lines between the headline and the story (the info bar), at most a dozen."""
    if title_index < 0:
        return []
    lines: list[Block] = []
    for block in page.blocks[title_index + 1 : title_index + 13]:
        if len(block.text) >= 60 and _content_weight(block) and not common.has_credit_label(block.text[:8]):
            if SUMMARY_BOX.match(block.text):
                continue  # a summary box between the headline and the info bar
            break
        if len(block.text) <= 200:
            lines.append(block)
    return lines


BYLINE_SLOT = (
    ".//*[contains(@class,'author') or contains(@id,'author') or contains(@class,'byline')"
    " or contains(@class,'writer') or contains(@class,'zuozhe') or contains(@class,'reporter')]"
)
BYLINE_SLOT_HINT = re.compile(r"author|byline|writer|zuozhe|reporter", re.I)
BARE_NAME = re.compile(r"[\u4e00-\u9fff·]{2,6}")


def _bare_byline(block: Block) -> list[str]:
    """Names in an unlabelled byline slot (`<span class="author">张三 李四</span>`) on this line."""
    if len(block.text) > 60:
        return []
    elements = (
        [block.element]
        if BYLINE_SLOT_HINT.search(f"{block.element.get('class') or ''} {block.element.get('id') or ''}")
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


ENGLISH_BYLINE = re.compile(
    r"^By\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)*)"
)


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


def _credits(page: Page, head: list[Block], tail: list[Block], body: Credits) -> Credits:
    """Authors, editors and source, in order of evidence: the info bar under the headline, credit
    lines at the story's start and end, the lines after the story (editors over the whole tail
    window, source and authors only close to the story), then JSON-LD and English by-lines."""
    credits = Credits()
    unlabelled_source: str | None = None
    for block in head:
        line = block.marked
        if unlabelled_source is None:
            unlabelled_source, bracket_author = _unlabelled_slot(block.text)
            if bracket_author and bracket_author not in credits.authors:
                credits.authors.append(bracket_author)
        for name in _bare_byline(block):
            if name not in credits.authors:
                credits.authors.append(name)
        if not _credit_candidate(block):
            continue
        parsed = common.parse_credit_line(line)
        credits.merge(parsed)
    for name in body.authors:
        if name not in credits.authors:
            credits.authors.append(name)
    for name in body.editors:
        if name not in credits.editors:
            credits.editors.append(name)
    tail_source: str | None = None
    for position, block in enumerate(tail):
        if not _credit_candidate(block):
            continue
        parsed = _tail_credit(block.marked)
        for name in parsed.editors:
            if name not in credits.editors:
                credits.editors.append(name)
        if position < TAIL_CLOSE:
            tail_source = tail_source or parsed.source
            if not credits.authors:
                credits.authors.extend(parsed.authors)
    if credits.source is None:
        credits.source = body.source or tail_source or unlabelled_source
    if credits.source is None:
        # An organisation credited as author and shown in the info bar is the source slot.
        shown = {block.text for block in head}
        for name in _jsonld_names(page.jsonld.get("author"), organisations=True):
            if name in shown:
                credits.source = name
                break
    if not credits.authors:
        credits.authors = [name for name in _jsonld_names(page.jsonld.get("author")) if not _is_org(name)]
    if not credits.authors:
        credits.authors = _english_byline(head)
    credits.authors = [name for name in credits.authors if name not in credits.editors]
    return credits


_SLOT_DATE = re.compile(
    r"\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?(?:\s*\d{1,2}[:：]\d{2}(?::\d{2})?)?"
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
    rest = _SLOT_DATE.sub(" | ", rest)
    rest = re.sub(r"(?:星期|週|周)[一二三四五六日天]|上午|下午|\d{1,2}:\d{2}|更新", " ", rest)
    for fragment in re.split(r"\s*\|\s*|\s{2,}", rest):
        candidate = common.clean_source(fragment)
        if (
            candidate
            and 2 <= len(candidate) <= 20
            and PUBLICATION_HINT.search(candidate)
            and not re.search(r"\d", candidate)
        ):
            return candidate, author
    return None, author


# ------------------------------------------------------------------------------------------------
# Date, URL, images, channel
# ------------------------------------------------------------------------------------------------

PUBLISH_LABEL = re.compile(r"(?:发布|發布|发稿|發稿|发表|發表|出版|刊发)(?:时间|時間|日期)\s*[:：]?\s*$")
# Dates that are not the publication: a document's signing date, an update, a deadline.
OTHER_DATE_LABEL = re.compile(
    r"(?:成文|更新|修改|截止|生效|印发|印發|失效|有效期|截至|报名|活动)(?:日期|时间|時間|至)?\s*[:：]?\s*$"
)


def _dateline(lines: list[Block]) -> Published | None:
    """The first date in the lines that is not labelled as another kind of date; a date labelled
    as the publication date (发布日期/发稿时间…) wins over an unlabelled one."""
    unlabelled: Published | None = None
    for block in lines:
        text = common.strip_pinyin(block.text)
        for start, _, value in common.find_dates(text):
            before = text[max(0, start - 10) : start]
            if OTHER_DATE_LABEL.search(before):
                continue
            if PUBLISH_LABEL.search(before):
                return value
            if unlabelled is None:
                unlabelled = value
    return unlabelled


def _published(page: Page, title_index: int, head: list[Block]) -> Published | None:
    """The dateline shown with the headline; else one shown just above it; else JSON-LD/meta."""
    found = _dateline(head)
    if found:
        return found
    if title_index >= 0:
        above = [b for b in page.blocks[max(0, title_index - 8) : title_index] if len(b.text) <= 60]
        found = _dateline(list(reversed(above)))
        if found:
            return found
    for value in (
        page.jsonld.get("datePublished"),
        common.meta_content(
            page.root,
            "article:published_time",
            "pubdate",
            "publishdate",
            "publish_date",
            "og:release_date",
            "datePublished",
        ),
    ):
        if isinstance(value, str):
            found = _iso_date(value)
            if found:
                return found
    return None


def _iso_date(value: str) -> Published | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?", value.strip())
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if match[4] is None:
        return Published.beijing(year, month, day)
    parsed = common.parse_date(value.replace("T", " "))
    if parsed is None:
        return None
    # Keep the page's own offset when it gives one.
    from datetime import datetime

    try:
        at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return parsed
    if at.tzinfo is None:
        return parsed
    return Published(at, parsed.precision)


# (needle that must occur, pattern, how far into the file it can be); the needle is a cheap pre-check.
_SAVED_FROM = (
    ("<!--", re.compile(r"^\s*<!--\s*(https?://[^\s>]+?)\s*-->"), 4_000),
    ("saved from", re.compile(r"saved from url=\(\d+\)(https?://[^\s>]+)", re.I), 4_000),
    ("<text", re.compile(r"""<text\s+id=["'](https?://[^"']+)["']""", re.I), 4_000),
    ("<url>", re.compile(r"<url>\s*(?:<!\[CDATA\[)?\s*(https?://[^<\]\s]+)", re.I), None),
    ("url", re.compile(r"""\barticle_?url\s*[:=]\s*["'](https?://[^"']+)["']""", re.I), None),
    (
        "文",
        re.compile(
            r"""(?:本文地址|本文链接|原文地址|原文链接)\s*[:：]\s*(?:<a[^>]*>)?\s*(https?://[^\s<"']+)"""
        ),
        None,
    ),
)


# A share widget's link carries the page's own URL: bshare_view?…&url=http%3A%2F%2F…
_SHARE_LINK = re.compile(
    r"""(?:share|jiathis|addthis)[^"'\s<>]*?[?&](?:amp;)?(?:url|u)=(https?(?:%3A|:)[^&"'\s<>]+)""", re.I
)


def _canonical(page: Page) -> str | None:
    for href in page.root.xpath("//link[@rel='canonical']/@href"):
        url = common.clean_url(common.absolute(page.url, href))
        if url and urlsplit(url).path not in ("", "/"):
            return url
    for value in (common.meta_content(page.root, "og:url"), common.meta_content(page.root, "url")):
        if value and value.startswith("http") and urlsplit(value).path not in ("", "/"):
            return common.clean_url(value)
    return None


def _page_url(page: Page, title: str) -> str | None:
    """The given URL, else the page's own URL as written in the file (canonical, saved-from…)."""
    if page.url:
        return common.clean_url(page.url)
    canonical = _canonical(page)
    if canonical:
        return canonical
    lowered = page.html.lower()
    for needle, pattern, reach in _SAVED_FROM:
        text = page.html if reach is None else page.html[:reach]
        if needle not in (lowered if reach is None else lowered[:reach]):
            continue
        match = pattern.search(text)
        if match:
            return common.clean_url(match.group(1))
    share = _SHARE_LINK.search(page.html) if "url=" in lowered else None
    if share:
        shared = unquote(share.group(1))
        if urlsplit(shared).path not in ("", "/"):
            return common.clean_url(shared)
    squeezed = _squeeze(title)
    for link in page.root.xpath("//a[starts-with(@href,'http')]"):
        href = link.get("href") or ""
        if re.search(r"\d{4,}", href) and _squeeze("".join(link.itertext())) == squeezed:
            return common.clean_url(href)
    return None


def _images(page: Page, story: list[int], base: str | None) -> list[Image]:
    images: list[Image] = []
    seen: set[str] = set()
    for position, index in enumerate(story):
        for img in page.blocks[index].images:
            src = img.get("data-src") or img.get("src")
            url = common.absolute(base, src) if base else src
            if not url or url in seen or url.startswith("data:"):
                continue
            seen.add(url)
            caption = common.collapse(img.get("alt")) or None
            following = page.blocks[story[position + 1]] if position + 1 < len(story) else None
            if (
                following is not None
                and following.text
                and len(following.text) < 120
                and (CAPTION.search(following.text) or _centered(following.element))
            ):
                caption = following.text
            images.append(Image(url, caption))
    return images


CRUMB_PREFIX = re.compile(r"^(?:当前位置|您的位置|你的位置|所在位置|當前位置|您現在的位置|您现在的位置)")


def _channel(page: Page, title_index: int) -> list[str]:
    """Breadcrumb link texts (`首页 > 新闻 > 国内`), looked for in the lines above the headline."""
    start = max(0, title_index - 120) if title_index >= 0 else 0
    end = title_index if title_index >= 0 else min(len(page.blocks), 120)
    for block in reversed(page.blocks[start:end]):
        if not block.link_chars or len(block.text) > 120:
            continue
        element = block.element
        parent = element.getparent()
        hints = f"{element.get('class') or ''} {element.get('id') or ''}"
        if parent is not None:
            hints += f" {parent.get('class') or ''} {parent.get('id') or ''}"
        if not (CRUMB_HINT.search(hints) or CRUMB_PREFIX.match(block.text)):
            continue
        names = [common.text_of(a) for a in element.xpath(".//a")]
        names = [n for n in names if n and len(n) <= 20]
        if 1 <= len(names) <= 8:
            return names
    return []
