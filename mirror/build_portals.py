"""Build mirror pages for the union portals (RECONSTRUCTED pages, not recordings).

No raw page of these sites was available. Each site gets list pages (linked by its declared
pagination: links, or the TRS pager script) and articles made from its own declaration: the
template its parser uses for the article URL gives the elements (`mirror/slots.py`), the stories
(`mirror/stories.py`) fill them, and only the furniture no selector reads comes from
`mirror/looks.py`. Every article folder gets `expected.json`, written from the story data (never
from a parser). The city federation of `mirror/sitefiles/hexi.toml` is built the same way from
the selectors of that site file, into `mirror/sitefiles/pages`. Run `python -m mirror.build_portals`
after editing; the output is committed.
"""

from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import opencc
from lxml import etree

from core.decode import decode_html
from core.sitefile import parse_site_file
from core.sites import BUILTIN, provincial, workercn
from core.sites.portal import Portal, TemplateParser
from core.sites.tabled import Tabled, Template
from mirror import looks, pictures, stories
from mirror.looks import NOISE, ListLook, Look
from mirror.slots import check, slot
from mirror.stories import Story

PAGES = Path(__file__).parent / "pages"
SITEFILES = Path(__file__).parent / "sitefiles"
HEXI_FILE = SITEFILES / "hexi.toml"
HEXI_PAGES = SITEFILES / "pages"
IMAGE_PAGES = Path(__file__).parent / "imagesite"
"""The image site (issue 18): its own root, so that the other mirror tests' crawls do not reach it."""
_S2T = opencc.OpenCC("s2tw")


@dataclass
class MirrorSite:
    name: str
    """The site name the articles carry (expected.json)."""
    start_url: str
    parser: TemplateParser
    column: str
    channel: list[str]
    more_lists: list[str]
    """List page paths the pagination reaches from the start page."""
    stories: list[Story]
    look: Look
    list_look: ListLook
    list_title: str
    site_title: str = ""
    looks: tuple[tuple[Template, Look], ...] = ()
    """Looks of further templates of the parser (workercn's e-paper)."""
    pager: str = "links"
    encoding: str = "utf-8"
    content_type: str = "text/html; charset=utf-8"
    charset_meta: str = '<meta charset="utf-8">'
    traditional: bool = False
    """Text shown in traditional script (the big5 gate converts pages on the fly)."""
    decoded_as: str = "utf-8"
    per_page: int = 2
    root: Path = field(default=PAGES)

    @classmethod
    def of(cls, portal: Portal | None, **fields: object) -> MirrorSite:
        """A mirror of a declared portal: its name, start page, parser and pager come from the declaration."""
        assert portal is not None and isinstance(portal.parser, TemplateParser), portal
        return cls(portal.name, portal.start_urls[0], portal.parser, pager=portal.pager, **fields)  # type: ignore[arg-type]

    @property
    def host(self) -> str:
        return urlsplit(self.start_url).hostname or ""

    @property
    def lists(self) -> list[str]:
        return [urlsplit(self.start_url).path, *self.more_lists]

    def url(self, path: str) -> str:
        return f"{urlsplit(self.start_url).scheme}://{self.host}{path}"

    def look_for(self, template: Template) -> Look:
        return next((look for known, look in self.looks if known is template), self.look)

    def shown(self, text: str) -> str:
        return _S2T.convert(text) if self.traditional else text


# ----------------------------------------------------------------------------------------------
# Article pages: elements from the template's selectors, filled with a story
# ----------------------------------------------------------------------------------------------


def _put(node: etree._Element, markup: str) -> None:
    """Set a node's content from an HTML fragment."""
    holder = lxml.html.fragment_fromstring(f"<div>{markup}</div>")
    node.text = holder.text
    for child in holder:
        node.append(child)


def _fill(root: etree._Element, xpaths: tuple[str, ...], markup: list[str], what: str) -> list[etree._Element]:
    """Make the slot(s) `xpaths` select, one per fragment, and fill them; check the selectors find them."""
    if not xpaths or not markup:
        return []
    nodes = slot(root.body, xpaths[0], len(markup))
    for node, fragment in zip(nodes, markup, strict=True):
        _put(node, fragment)
    check(root, xpaths, nodes, what)
    return nodes


def _values(site: MirrorSite, story: Story) -> dict[str, str]:
    return {
        key: html.escape(value)
        for key, value in {
            "title": story.title, "column": site.column, "site_title": site.site_title, "source": story.source or "",
            "author": story.author_line, "published": story.published, "editors": "、".join(story.editors),
        }.items()
    }


def _meta(head: etree._Element, template: Template, story: Story) -> None:
    """The `<meta name>` tags the template falls back to."""
    content = {"title": story.title, "published": story.published, "source": story.source or "", "authors": story.author_line}
    for key, name in template.meta.items():
        etree.SubElement(head, "meta", name=name, content=content[key]).tail = "\n"


def _crumbs(site: MirrorSite) -> str:
    hrefs = ["/"] * (len(site.channel) - 1) + [site.lists[0]]
    return " &gt; ".join(f'<a href="{href}">{html.escape(text)}</a>' for href, text in zip(hrefs, site.channel, strict=True))


def _story(root: etree._Element, template: Template, story: Story, what: str) -> None:
    (node,) = _fill(root, template.story, [""], f"{what} story")
    for src, caption in story.images:
        etree.SubElement(etree.SubElement(node, "p", style="text-align: center;"), "img", src=src, alt="")
        etree.SubElement(node, "p", {"class": "pictext"}).text = caption
    for paragraph in story.body:
        etree.SubElement(node, "p").text = "\u3000\u3000" + paragraph
    for noise in template.noise:
        _put(slot(node, noise)[0], html.escape(NOISE))
    for child in node:
        child.tail = "\n"


def article_page(site: MirrorSite, story: Story) -> str:
    """The page of one story on the template the site's parser uses for its URL."""
    template = site.parser.template_for(site.url(story.path))
    look = site.look_for(template)
    values = _values(site, story)
    root = lxml.html.document_fromstring(
        f"<html><head>{site.charset_meta}<title>{look.head_title.format(**values)}</title>"
        f"{look.head.format(**values)}</head><body>\n"
        f"<!-- RECONSTRUCTED page for union-archive tests: {look.note} -->\n{look.top}</body></html>"
    )
    _meta(root.head, template, story)
    what = f"{site.name} {story.path}"
    _fill(root, template.breadcrumb, [_crumbs(site)], f"{what} breadcrumb")
    for name in ("pretitle", "title", "subtitle"):
        value = getattr(story, name)
        _fill(root, getattr(template, name), [html.escape(value)] if value else [], f"{what} {name}")
    _fill(root, template.byline, [look.byline.format(**values)], f"{what} byline")
    _fill(root, template.info, [line.format(**values) for line in look.info], f"{what} info")
    _story(root, template, story, what)
    _fill(root, template.editor, [look.editor.format(**values)] if story.editors else [], f"{what} editor")
    for block in lxml.html.fragments_fromstring(look.bottom) if look.bottom else []:
        root.body.append(block)
    for child in root.body:
        child.tail = "\n"
    page = site.shown(lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"))
    if site.traditional and story.encoding == "gbk":
        # Pinyin glued after characters, as "BIG5" mirrors show it (GBK has the tone letters; Big5 has not).
        page = page.replace("來源：", "來(lái)源：")
    return page + "\n"


# ----------------------------------------------------------------------------------------------
# List pages: links to the stories, and the declared pagination
# ----------------------------------------------------------------------------------------------


def _pager(site: MirrorSite, number: int) -> str:
    if site.pager == "trs_script":
        return (
            '<script type="text/javascript">\n'
            f'var countPage = {len(site.lists)};\ncreatePageHTML(countPage, {number - 1}, "index", "html");\n</script>'
        )
    links = " ".join(f'<a href="{path}">{n}</a>' for n, path in enumerate(site.lists, start=1))
    return links + (f' <a href="{site.lists[number]}">下一页</a>' if number < len(site.lists) else "")


def list_page(site: MirrorSite, number: int, chunk: list[Story]) -> str:
    look = site.list_look
    base = site.lists[0].rstrip("/")
    items = "\n".join(
        look.item.format(
            href="." + s.path.removeprefix(base) if look.relative else s.path,
            title=html.escape(s.title), day=s.published[:10], published=s.published,
            source=html.escape(s.source or "工人日报"), id=s.path.rsplit("/", 1)[-1].split(".")[0],
        )
        for s in chunk
    )
    body = look.page.format(column=html.escape(site.column), start=site.lists[0], items=items, pager=_pager(site, number))
    return site.shown(
        f"<!DOCTYPE html>\n<html><head>{site.charset_meta}<title>{html.escape(site.list_title)}</title></head><body>\n"
        f"<!-- RECONSTRUCTED list page for union-archive tests -->\n{body}\n</body></html>\n"
    )


# ----------------------------------------------------------------------------------------------
# The sites
# ----------------------------------------------------------------------------------------------


def _cms(portal: str, column: str, channel: list[str], more: list[str], items: list[Story], **fields: object) -> MirrorSite:
    return MirrorSite.of(
        BUILTIN.portal(portal), column=column, channel=channel, more_lists=more, stories=items, look=looks.CMS_ARTICLE,
        list_look=looks.CMS_LIST, list_title=f"{column}-{channel[0]}", site_title=channel[0], per_page=1, **fields,
    )


def portal_sites() -> list[MirrorSite]:
    return [
        MirrorSite.of(
            BUILTIN.portal("workercn"), column="人物", channel=["中工网", "人物"], more_lists=["/character/index_2.shtml"],
            stories=stories.WORKERCN_STORIES, look=looks.WORKERCN_ARTICLE, looks=((workercn.EPAPER, looks.WORKERCN_EPAPER),),
            list_look=looks.WORKERCN_LIST, list_title="人物 - 中工网",
        ),
        MirrorSite.of(
            BUILTIN.portal("workercn_big5"), column="人物", channel=["中工网", "人物"],
            more_lists=["/big5/www.workercn.cn/character/index_2.shtml"], stories=stories.BIG5_STORIES,
            look=looks.WORKERCN_ARTICLE, list_look=looks.WORKERCN_LIST, list_title="人物 - 中工网",
            encoding="big5", content_type="text/html", charset_meta='<meta charset="big5">', traditional=True,
            decoded_as="big5hkscs", per_page=1,
        ),
        MirrorSite.of(
            BUILTIN.portal("acftu_org"), column="工会要闻", channel=["首页", "新闻动态", "工会要闻"],
            more_lists=["/xwdt/ghyw/index_1.html"], stories=stories.ACFTU_STORIES, look=looks.TRS_ARTICLE,
            list_look=looks.TRS_LIST, list_title="工会要闻_中华全国总工会",
        ),
        _cms(
            "jilin_federation", "工作动态", ["吉林省总工会", "首页", "工作动态"], ["/gzdt/index_2.html"], stories.JILIN_STORIES,
            encoding="gbk", content_type="text/html; charset=gb2312", decoded_as="gb18030",
            charset_meta='<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        ),
        _cms("beijing_federation", "工会新闻", ["北京市总工会", "首页", "工会新闻"], ["/ghzz/ghxw/index_2.html"], stories.BEIJING_STORIES),
        _cms("shanghai_federation", "工会要闻", ["上海市总工会", "首页", "工会要闻"], ["/ghyw/ghyw_2.html"], stories.SHANGHAI_STORIES),
        MirrorSite.of(
            BUILTIN.portal("guangdong_federation"), column="工会要闻", channel=["首页", "工会要闻"],
            more_lists=["/ghyw/index_2.html"], stories=stories.GUANGDONG_STORIES, look=looks.GOV_ARTICLE,
            list_look=looks.GOV_LIST, list_title="工会要闻 - 广东省总工会", per_page=1,
        ),
    ]


# A made-up city federation site (清河市总工会, fictional host, no declared portal: what `crawl-site`
# and the info-bar recognition are tested on): the union-CMS template, named after its host.
CITY = MirrorSite(
    "zgh.qinghe.example", "http://zgh.qinghe.example/news/index.html", Tabled.of(provincial.UNION_CMS),
    column="工会动态", channel=["清河市总工会", "首页", "工会动态"], more_lists=["/news/index_2.html"],
    stories=stories.CITY_STORIES, look=looks.CMS_ARTICLE, list_look=looks.CMS_LIST, list_title="工会动态-清河市总工会",
    site_title="清河市总工会",
)


IMAGE_SITE = MirrorSite(
    "zgh.huaxi.example", "http://zgh.huaxi.example/news/index.html", Tabled.of(provincial.UNION_CMS),
    column="工会动态", channel=["华溪市总工会", "首页", "工会动态"], more_lists=["/news/index_2.html"],
    stories=stories.IMAGE_STORIES, look=looks.CMS_ARTICLE, list_look=looks.CMS_LIST, list_title="工会动态-华溪市总工会",
    site_title="华溪市总工会", root=IMAGE_PAGES,
)


def picture_files() -> dict[str, tuple[bytes, str]]:
    """URL -> (bytes, Content-Type) of the image site's pictures (the missing one is not served)."""
    photo = pictures.stage_photo()
    return {
        f"{stories.PICTURE_HOST}/2024/0301/stage.jpg": (photo, "image/jpeg"),
        IMAGE_SITE.url("/upload/2024/0303/stage-copy.jpg"): (photo, "image/jpeg"),
        IMAGE_SITE.url("/upload/2024/0301/banner.png"): (pictures.banner(), "image/png"),
        IMAGE_SITE.url("/upload/2024/0304/noise.png"): (pictures.oversized(), "image/png"),
    }


def build_pictures() -> None:
    for url, (body, content_type) in picture_files().items():
        parts = urlsplit(url)
        write(IMAGE_PAGES / (parts.hostname or "") / parts.path.strip("/").replace("/", "_"), url, body, content_type)


def hexi_site() -> MirrorSite:
    """The city federation a user adds with a site file: its pages follow that file's selectors."""
    (portal,) = parse_site_file(HEXI_FILE.read_text(encoding="utf-8"), HEXI_FILE.name, BUILTIN)
    return MirrorSite.of(
        portal, column="新闻中心", channel=["河西市总工会", "新闻中心"], more_lists=["/xwzx/index_1.html"],
        stories=stories.HEXI_STORIES, look=looks.HEXI_ARTICLE, list_look=looks.CMS_LIST,
        list_title="新闻中心_河西市总工会", site_title="河西市总工会", root=HEXI_PAGES,
    )


# ----------------------------------------------------------------------------------------------
# Build
# ----------------------------------------------------------------------------------------------


def published_iso(value: str) -> str:
    if len(value) == 10:
        return value
    day, clock = value.split(" ")
    return f"{day}T{clock}+08:00"


def expected(site: MirrorSite, story: Story) -> dict[str, object]:
    url = site.url(story.path)
    return {
        "url": url,
        "canonical_url": url,
        "site": site.name,
        "title": site.shown(story.title),
        "pretitle": site.shown(story.pretitle) if story.pretitle else None,
        "subtitle": site.shown(story.subtitle) if story.subtitle else None,
        "authors": [site.shown(name) for name in story.authors],
        "editors": [site.shown(name) for name in story.editors],
        "source": site.shown(story.source) if story.source else None,
        "source_url": None,
        "published_at": published_iso(story.published),
        "body": [site.shown(p) for p in story.body],
        "encoding": "gb18030" if story.encoding == "gbk" else site.decoded_as,
    } | ({"images": [{"url": urljoin(url, src), "caption": caption} for src, caption in story.images]} if story.images else {})


def folder_for(site: MirrorSite, path: str) -> Path:
    name = path.strip("/").replace("/", "_") or "index"
    return site.root / site.host / name


def write(folder: Path, url: str, body: bytes, content_type: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "body").write_bytes(body)
    meta = {"url": url, "status": 200, "headers": {"Content-Type": content_type, "Server": "nginx"}, "reconstructed": True}
    (folder / "response.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def encode(text: str, encoding: str) -> bytes:
    """Encode a page, checking that the bytes decode back to the text (what expected.json relies on)."""
    body = text.encode(encoding)
    decoded = decode_html(body)
    assert decoded.text == text, f"{encoding} bytes do not decode back cleanly"
    return body


def build_site(site: MirrorSite) -> None:
    for story in site.stories:
        folder = folder_for(site, story.path)
        body = encode(article_page(site, story), story.encoding or site.encoding)
        write(folder, site.url(story.path), body, site.content_type)
        (folder / "expected.json").write_text(
            json.dumps(expected(site, story), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    chunks = [site.stories[i:i + site.per_page] for i in range(0, len(site.stories), site.per_page)]
    chunks = chunks[: len(site.lists) - 1] + [sum(chunks[len(site.lists) - 1:], [])]
    for number, (path, chunk) in enumerate(zip(site.lists, chunks, strict=True), start=1):
        body = encode(list_page(site, number, chunk), site.encoding)
        write(folder_for(site, path), site.url(path), body, site.content_type)
        if path.endswith("/"):
            write(folder_for(site, path + "index.html"), site.url(path + "index.html"), body, site.content_type)


def build() -> list[MirrorSite]:
    sites = [*portal_sites(), CITY, hexi_site(), IMAGE_SITE]
    for site in sites:
        if (site.root / site.host).exists():
            shutil.rmtree(site.root / site.host)
        build_site(site)
    shutil.rmtree(IMAGE_PAGES / urlsplit(stories.PICTURE_HOST).netloc, ignore_errors=True)
    build_pictures()
    for path, page in (("/", stories.IMAGE_HOME), ("/about.html", stories.IMAGE_ABOUT)):
        write(folder_for(IMAGE_SITE, path), IMAGE_SITE.url(path), page.encode(), IMAGE_SITE.content_type)
    write(folder_for(CITY, "/"), CITY.url("/"), stories.CITY_HOME.encode(), CITY.content_type)
    write(folder_for(CITY, "/about.html"), CITY.url("/about.html"), stories.CITY_ABOUT.encode(), CITY.content_type)
    return sites


if __name__ == "__main__":
    built = build()
    print(f"built {sum(len(s.stories) for s in built)} articles on {len(built)} sites under {PAGES}, {HEXI_PAGES} and {IMAGE_PAGES}")
