"""people.com.cn article pages, including the union channel acftu.people.com.cn.

Template generations, all read through the same selector table:
- 2022-24: `div.rm_txt` > `h3.pre`, `h1`, `h4.sub`, `div.author`, `div.col-1-1` (date | 来源),
  `div.rm_txt_con` (story), `div.edit` (责编).
- 2016-19: `div.text_title` > `h1`, `h4.sub`, `p.author`, `div.box01 div.fl`; `div.box_con` story;
  `div.edit clearfix`.
- older: `#p_title`, `#p_publishtime`, `#p_origin`, `#p_content`/`#rwb_zw`, `div.edit`.
`/BIG5/` mirrors carry the same markup in traditional script (labels 來源/責編/記者).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from core.article import Article, Image, ParseError
from core.sites import common, generic
from core.sites.common import Block, Credits
from core.sites.generic import story_paragraphs

NAME = "people"
# Hosts with their own registry name (the union channel is its own portal: `core.sites.registry_builtin`).
SITE_NAMES = {"acftu.people.com.cn": "people_acftu", "acftu.people.cn": "people_acftu"}

HEADER = (
    "//div[contains(concat(' ',normalize-space(@class),' '),' rm_txt ')]",
    "//div[contains(concat(' ',normalize-space(@class),' '),' text_title ')]",
    "//div[contains(concat(' ',normalize-space(@class),' '),' title ')][.//h1]",
)
SELECTORS: dict[str, tuple[str, ...]] = {
    "title": (".//h1[not(contains(@class,'cf'))]", "//h1[@id='p_title']", "//div[@id='p_title']", "//h1"),
    "pretitle": (".//h3[contains(@class,'pre')]", "//h3[@id='p_pretitle']"),
    "subtitle": (".//h4[contains(@class,'sub')]", "//h4[@id='p_subtitle']", "//h2[contains(@class,'sub')]"),
    "byline": (
        ".//div[contains(@class,'author')]",
        ".//p[contains(@class,'author')]",
        "//p[contains(@class,'author')]",
        "//div[@id='p_author']",
    ),
    "dateline": (
        ".//div[contains(@class,'col-1-1')]",
        ".//div[contains(@class,'box01')]/div[contains(@class,'fl')]",
        "//div[contains(@class,'box01')]/div[contains(@class,'fl')]",
        "//div[@id='p_publishtime']/..",
        "//p[contains(@class,'sou')]",
    ),
    "story": (
        "//div[contains(concat(' ',normalize-space(@class),' '),' rm_txt_con ')]",
        "//div[@id='rwb_zw']",
        "//div[contains(@class,'box_con')]",
        "//div[@id='p_content']",
        "//div[contains(@class,'show_text')]",
        "//div[contains(@class,'artDet')]",
    ),
    "editor": (
        "//div[contains(concat(' ',normalize-space(@class),' '),' edit ')]",
        "//div[@id='p_editor']",
        "//div[contains(@class,'edit')]",
    ),
    "breadcrumb": (
        "//*[@id='rwb_navpath']",
        "//div[contains(@class,'route')]",
        "//div[contains(@class,'path')]",
    ),
    "pager": ("//div[contains(@class,'zdfy')]//a[@href]",),
}
# Inside the story: blocks that are never story text.
STORY_NOISE = (
    ".//div[contains(concat(' ',normalize-space(@class),' '),' edit ')]",
    ".//div[contains(@class,'zdfy')]",
    ".//center",
    ".//*[@id='paper_num']",
    ".//p[contains(@class,'paper_num')]",
    ".//div[contains(@class,'tjewm')]",
    ".//div[contains(@class,'rm_relevant')]",
    ".//div[contains(@class,'otitle')]",
    ".//*[contains(@class,'ops_share') or @id='ops_share']",
    ".//table[contains(@class,'pagination')]",
)
CAPTION_XPATH = ".//*[contains(@class,'pictext') or contains(@class,'picture_title')]"
LOOKS_LIKE = (
    re.compile(r"""id=["']rwb_navpath["']"""),
    re.compile(r"""class=["'][^"']*\brm_txt_con\b"""),
    re.compile(r"""class=["'][^"']*\bbox01\b[\s\S]{0,2000}来源|people\.com\.cn"""),
)


def looks_like(html: str) -> bool:
    """A saved people.com.cn article page (either template), recognised without its URL."""
    head = html[:400_000]
    return bool(LOOKS_LIKE[0].search(head)) and (
        bool(LOOKS_LIKE[1].search(head)) or "people.com.cn" in head or "people.cn" in head
    )


def site_name(url: str | None) -> str:
    """`people_acftu` for the union channel, `people` for any other people.com.cn host or mirror path."""
    for host in re.findall(r"([a-z0-9.-]+\.people\.(?:com\.)?cn)", (url or "").lower()):
        return SITE_NAMES.get(host, NAME)
    return NAME


def parse(url: str, html: str) -> Article:
    """Parse a people.com.cn article page."""
    root = common.load_html(html)
    header = common.first(root, HEADER)
    scope = header if header is not None else root

    title_node = common.first_text(scope, SELECTORS["title"])
    if title_node is None:
        title_node = common.first_text(root, SELECTORS["title"][1:])
    title = common.text_of(title_node)
    if not title:
        raise ParseError("people: no headline (h1) found; not an article page")

    canonical = _canonical(root, url)
    page_url = url or canonical or ""
    base = page_url or None

    story = common.first(root, SELECTORS["story"])
    if story is None:
        raise ParseError("people: no story container (rm_txt_con / box_con / p_content)")

    credits = Credits()
    byline = common.first(scope, SELECTORS["byline"])
    if byline is not None:
        credits.merge(_byline_credits(common.text_of(byline)))

    published = None
    source = source_url = None
    dateline = common.first(scope, SELECTORS["dateline"])
    if dateline is not None:
        published = common.parse_date(common.strip_pinyin(common.text_of(dateline)))
        source, source_url = _source(dateline, base)

    editor_node = common.first(root, SELECTORS["editor"])
    editors = common.parse_credit_line(common.text_of(editor_node)).editors if editor_node is not None else []

    for noise in story.xpath(" | ".join(STORY_NOISE)):
        if noise is not story:
            common.drop(noise)
    images = _images(story, base)
    captions = {image.caption for image in images if image.caption}
    body, body_authors = _body(common.blocks(story), title, captions)
    if not credits.authors:
        credits.authors = body_authors
    authors = [name for name in credits.authors if name not in editors]

    article = Article(
        url=page_url,
        canonical_url=canonical or page_url or None,
        site=site_name(page_url or canonical or _channel_home(root)),
        title=title,
        pretitle=_optional(scope, "pretitle"),
        subtitle=_optional(scope, "subtitle"),
        authors=authors,
        editors=editors,
        source=source,
        source_url=source_url,
        published_at=published,
        body=body,
        images=images,
        channel=_channel(root),
    )
    if article.published_at is None or not article.body:
        _fill_from_generic(article, url, html)
    return article


def _fill_from_generic(article: Article, url: str, html: str) -> None:
    """A template variant the selectors miss (no dateline or no story found): take what the
    generic extractor reads for the missing fields."""
    try:
        fallback = generic.parse(url, html)
    except ParseError:
        return
    if article.published_at is None:
        article.published_at = fallback.published_at
        article.source = article.source or fallback.source
    if not article.body:
        article.body = fallback.body
        article.authors = article.authors or [n for n in fallback.authors if n not in article.editors]


def _optional(scope: etree._Element, field: str) -> str | None:
    node = common.first(scope, SELECTORS[field])
    return common.text_of(node) or None


def _byline_credits(text: str) -> Credits:
    """The byline slot: labelled (`本报记者 王乐文 方 敏`, `□ 本报记者 葛灵丹`) or bare names."""
    text = text.strip("□■ ")
    if not text:
        return Credits()
    if common.has_credit_label(text):
        return common.parse_credit_line(text)
    return Credits(authors=common.split_names(text))


def _source(dateline: etree._Element, base: str | None) -> tuple[str | None, str | None]:
    """`2024年05月10日06:58 | 来源：<a href=…>人民网－人民日报</a>`: link text and href when linked."""
    text = common.strip_pinyin(common.text_of(dateline))
    match = re.search(r"(?:来源|來源)\s*[:：]\s*(.*)$", text)
    if not match:
        return None, None
    for link in dateline.xpath(".//a[@href]"):
        link_text = common.strip_pinyin(common.text_of(link))
        if link_text and match.group(1).startswith(link_text):
            return common.clean_source(link_text), common.absolute(base, link.get("href"))
    return common.clean_source(common.parse_credit_line(text).source or match.group(1)), None


def _canonical(root: etree._Element, url: str | None) -> str | None:
    """`<link rel=canonical>`, og:url, else page 1 of the pager on the channel's host."""
    for href in root.xpath("//link[@rel='canonical']/@href"):
        if href.strip():
            return common.clean_url(common.absolute(url, href))
    og_url = common.meta_content(root, "og:url")
    if og_url and urlsplit(og_url).path not in ("", "/"):
        return common.clean_url(common.absolute(url, og_url))
    if url:
        return None
    pager = root.xpath(SELECTORS["pager"][0])
    home = _channel_home(root)
    if pager and home:
        return common.clean_url(common.absolute(common.absolute(None, home), pager[0].get("href")))
    return None


def _channel_home(root: etree._Element) -> str | None:
    """The last breadcrumb link: the channel's home on the page's own host."""
    hrefs = root.xpath("//*[@id='rwb_navpath']//a/@href")
    return hrefs[-1] if hrefs else None


def _channel(root: etree._Element) -> list[str]:
    crumb = common.first(root, SELECTORS["breadcrumb"])
    if crumb is None:
        return []
    return [text for text in (common.text_of(a) for a in crumb.xpath(".//a")) if text]


def _images(story: etree._Element, base: str | None) -> list[Image]:
    images: list[Image] = []
    for img in story.xpath(".//img[@src]"):
        src = common.absolute(base, img.get("src")) if base else img.get("src")
        if not src or src.endswith((".gif",)) and "next_page" in src:
            continue
        caption = _caption_for(img)
        if all(existing.url != src for existing in images):
            images.append(Image(src, caption))
    return images


def _caption_for(img: etree._Element) -> str | None:
    """Caption of an image: the template's caption element right after the image's paragraph."""
    holder = img
    while holder.getparent() is not None and holder.getparent().tag not in ("div", "td", "body"):
        holder = holder.getparent()
    sibling = holder.getnext()
    if sibling is not None and sibling.xpath("self::*[contains(@class,'pictext')]"):
        return common.text_of(sibling) or None
    inner = holder.xpath(CAPTION_XPATH)
    if inner:
        return common.text_of(inner[0]) or None
    alt = common.collapse(img.get("alt"))
    return alt or None


def _body(story_blocks: list[Block], title: str, captions: set[str]) -> tuple[list[str], list[str]]:
    """Story paragraphs (the shared LABELS.md start/end rules) and the names credited in the story."""
    paragraphs, credits = story_paragraphs(story_blocks, title, frozenset(captions))
    return paragraphs, credits.authors
