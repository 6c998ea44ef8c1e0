"""Site files: a valid file becomes portal declarations; a malformed one is one line naming the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.decode import decode_html
from core.sitefile import SiteFileError, parse_site_file
from core.sites import BUILTIN, generic
from core.sites.portal import Politeness
from core.sites.tabled import Tabled
from mirror.build_portals import HEXI_FILE, HEXI_PAGES

MINIMAL = """\
[[sites]]
name = "city_federation"
title = "某市总工会"
start_urls = ["http://zgh.city.example/news/index.html"]
article_url = '/news/\\d{4}/\\d{4}/\\d+\\.html$'
list_url = '/news/index(?:_\\d+)?\\.html$'
"""


def test_minimal_site_uses_the_generic_extractor() -> None:
    (portal,) = parse_site_file(MINIMAL, "city.toml", BUILTIN)
    assert (portal.name, portal.title, portal.hosts, portal.start_urls) == (
        "city_federation", "某市总工会", ("zgh.city.example",), ("http://zgh.city.example/news/index.html",)
    )
    assert (portal.parser, portal.pager, portal.enabled, portal.verified, portal.origin) == (
        generic, "links", True, False, "city.toml"
    )
    assert portal.spider_settings() == {"DOWNLOAD_DELAY": 1.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}


def test_hexi_site_file_declares_its_template() -> None:
    (portal,) = parse_site_file(HEXI_FILE.read_text(encoding="utf-8"), "hexi.toml", BUILTIN)
    assert portal.name == "hexi_federation"
    assert portal.politeness == Politeness(download_delay=2.0, concurrent_requests=1)
    assert isinstance(portal.parser, Tabled)
    template = portal.parser.template_for(portal.start_urls[0])
    assert (template.site, template.title, template.info, template.story, template.noise) == (
        "hexi_federation", ("//div[@class='news_title']/h1",), ("//div[@class='news_info']",),
        ("//div[@id='news_content']",), (".//div[@class='fenxiang']",),
    )


@pytest.mark.parametrize("folder", sorted(p.parent for p in HEXI_PAGES.rglob("expected.json")), ids=lambda p: p.name)
def test_hexi_pages_extract_with_the_site_file(folder: Path) -> None:
    registry = BUILTIN.with_portals(parse_site_file(HEXI_FILE.read_text(encoding="utf-8"), "hexi.toml", BUILTIN))
    meta = json.loads((folder / "response.json").read_text(encoding="utf-8"))
    assert meta["reconstructed"] is True
    decoded = decode_html((folder / "body").read_bytes(), meta["headers"]["Content-Type"])
    got = registry.extract(meta["url"], decoded.text, decoded.encoding).to_dict()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert {field: got[field] for field in expected} == expected


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (MINIMAL.replace("article_url", "#article_url"),
         "city.toml: sites[0].article_url: missing (required: name, title, start_urls, article_url, list_url)"),
        (MINIMAL.replace("\\d{4}/\\d{4}", "(\\d{4}/\\d{4}"),
         "city.toml: sites[0].article_url: not a valid regular expression "
         "(missing ), unterminated subpattern at position 6)"),
        (MINIMAL.replace('"某市总工会"', "3"), "city.toml: sites[0].title: expected a string, got an integer 3"),
        (MINIMAL.replace('["http://zgh.city.example/news/index.html"]', "5"),
         "city.toml: sites[0].start_urls: expected a string or a list of strings, got an integer 5"),
        (MINIMAL + "enabled = 1\n", "city.toml: sites[0].enabled: expected true or false, got an integer 1"),
        (MINIMAL + "colour = 'red'\n",
         "city.toml: sites[0].colour: unknown key (known: name, title, start_urls, article_url, list_url, hosts, "
         "pager, enabled, notes, selectors, meta, politeness)"),
        (MINIMAL.replace("city_federation", "workercn"), "city.toml: sites[0].name: 'workercn' is already a site (built-in)"),
        (MINIMAL + MINIMAL.replace("zgh.city", "www.city"), "city.toml: sites[1].name: 'city_federation' is already a site (city.toml)"),
        (MINIMAL.replace("zgh.city.example", "www.acftu.org"),
         "city.toml: sites[0].hosts: www.acftu.org is already served by site 'acftu_org' (built-in)"),
        (MINIMAL.replace("city_federation", "City-Federation"),
         "city.toml: sites[0].name: 'City-Federation' is not a site name (lower-case letters, digits and _, starting with a letter)"),
        (MINIMAL.replace("http://zgh", "ftp://zgh"),
         "city.toml: sites[0].start_urls[0]: 'ftp://zgh.city.example/news/index.html' is not an http(s) URL"),
        (MINIMAL + "pager = 'script'\n", "city.toml: sites[0].pager: expected one of 'links', 'trs_script', got 'script'"),
        (MINIMAL + "[sites.selectors]\ntitle = ['//h1', '//h2[']\nstory = '//div'\n",
         "city.toml: sites[0].selectors.title[1]: not a valid XPath (Invalid expression)"),
        (MINIMAL + "[sites.selectors]\ntitle = '//h1'\n",
         "city.toml: sites[0].selectors.story: missing (the story container is required with selectors)"),
        (MINIMAL + "[sites.selectors]\nheadline = '//h1'\nstory = '//div'\n",
         "city.toml: sites[0].selectors.headline: unknown key (known: title, story, info, byline, editor, pretitle, "
         "subtitle, breadcrumb, noise)"),
        (MINIMAL + "[sites.politeness]\ndownload_delay = 'slow'\n",
         "city.toml: sites[0].politeness.download_delay: expected a number of seconds (0 or more), got 'slow'"),
        (MINIMAL + "[sites.politeness]\nconcurrent_requests = 0\n",
         "city.toml: sites[0].politeness.concurrent_requests: expected a whole number (1 or more), got 0"),
        (MINIMAL + "title = 'again'\n",
         "city.toml: not valid TOML (Cannot overwrite a value (at line 7, column 16))"),
        ("name = 'x'\n", "city.toml: name: unknown key (a site file holds [[sites]] tables)"),
        ("", "city.toml: sites: missing (declare each site in a [[sites]] table)"),
    ],
)
def test_malformed_site_file_is_one_line_naming_the_field(text: str, error: str) -> None:
    with pytest.raises(SiteFileError) as raised:
        parse_site_file(text, "city.toml", BUILTIN)
    message = str(raised.value)
    assert "\n" not in message
    assert message == error
