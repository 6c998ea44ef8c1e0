"""The portal declarations and the registry: host -> portal -> parser and site name."""

from __future__ import annotations

import json
import re

import pytest

from core.page import Extracted, page_to_article
from core.sites import BUILTIN, acftu_org, generic, people, provincial, workercn
from core.sites.portal import Portal
from core.sites.registry import Registry, RegistryError
from core.sites.registry_builtin import GOV_META, UNION_CMS
from mirror.server import DEMO_ROOT


@pytest.mark.parametrize(
    ("url", "site", "parser"),
    [
        ("http://acftu.people.com.cn/n1/2024/0101/c67502-1.html", "people_acftu", people),
        ("http://finance.people.com.cn/n1/2024/0510/c1004-1.html", "people", people),
        ("http://big5.example.com/gate/big5/acftu.people.com.cn/n1/2024/0101/c67502-1.html", "people_acftu", people),
        ("https://www.workercn.cn/c/2023-12-26/8123456.shtml", "workercn", workercn),
        ("http://xz.workercn.cn/10930/1.shtml", "workercn", workercn),
        ("http://big5.workercn.cn/big5/xz.workercn.cn/10930/1.shtml", "workercn_big5", workercn),
        ("https://www.acftu.org/xwdt/ghyw/202312/t20231226_1.html", "acftu_org", acftu_org),
        ("http://acftu.org.cn/x.html", "acftu_org", acftu_org),
        ("http://www.jlszgh.org.cn/gzdt/2023-12/26/content_1.html", "jilin_federation", UNION_CMS),
        ("https://www.bjzgh.org/ghzz/ghxw/202312/20231226/j_1.html", "beijing_federation", UNION_CMS),
        ("https://www.shzgh.org/ghyw/20231227/1.html", "shanghai_federation", UNION_CMS),
        ("https://www.gdftu.org.cn/ghyw/content/post_1.html", "guangdong_federation", GOV_META),
    ],
)
def test_a_url_names_its_portal_and_parser(url: str, site: str, parser: object) -> None:
    portal = BUILTIN.portal_for(url)
    assert portal is not None and portal.name == site
    assert BUILTIN.parser_for(url, "") is parser


def test_unknown_hosts_go_to_templates_then_generic() -> None:
    page = (DEMO_ROOT / "zgh.qinghe.example" / "news_2023_1226_1001.html" / "body").read_text(encoding="utf-8")
    assert BUILTIN.portal_for("http://zgh.qinghe.example/news/2023/1226/1001.html") is None
    assert BUILTIN.parser_for("http://zgh.qinghe.example/news/2023/1226/1001.html", page) is provincial
    assert BUILTIN.parser_for("http://www.example.org/a.html", "<html></html>") is generic


def test_canonical_link_names_the_portal() -> None:
    page = '<html><head><link rel="canonical" href="https://www.acftu.org/xwdt/ghyw/202312/t20231226_1.html"></head></html>'
    assert BUILTIN.site_for("file:///saved/page.html", page) == (acftu_org, "acftu_org")


def test_every_crawlable_portal_matches_its_own_mirror_pages() -> None:
    """The declared URL rules accept the mirror's articles and list pages of the same portal."""
    for portal in BUILTIN.crawlable():
        urls = [json.loads(p.read_text())["url"] for p in DEMO_ROOT.rglob("response.json")]
        mine = [url for url in urls if BUILTIN.portal_for(url) is portal]
        articles = [u for u in mine if re.search(portal.article_url, u)]
        lists = [u for u in mine if re.search(portal.list_url, u)]
        assert articles and lists, portal.name
        assert all(re.search(portal.list_url, u) for u in portal.start_urls), portal.name


def test_page_to_article_without_site_names_the_spider_site() -> None:
    """What `extract` names a page is what the portal's spider stores it under."""
    for meta in DEMO_ROOT.rglob("expected.json"):
        response = json.loads((meta.parent / "response.json").read_text())
        portal = BUILTIN.portal_for(response["url"])
        if portal is None or not portal.crawlable:
            continue
        found = page_to_article(response["url"], (meta.parent / "body").read_bytes(), headers=response["headers"])
        assert isinstance(found, Extracted) and found.article.site == portal.name, response["url"]


def test_registry_refuses_clashing_declarations() -> None:
    extra = Portal(name="workercn", title="again", hosts=("workercn.example",), parser=generic)
    with pytest.raises(RegistryError, match="two sites are named 'workercn'"):
        BUILTIN.with_portals([extra])
    same_host = Portal(name="other", title="again", hosts=("bjzgh.org",), parser=generic)
    with pytest.raises(RegistryError, match="host bjzgh.org is declared by both 'beijing_federation' and 'other'"):
        BUILTIN.with_portals([same_host])


def test_crawlable_portals_and_their_spider_settings() -> None:
    assert [p.name for p in BUILTIN.crawlable()] == [
        "acftu_org", "beijing_federation", "guangdong_federation", "jilin_federation", "people_acftu",
        "shanghai_federation", "workercn", "workercn_big5",
    ]
    people_acftu, acftu = BUILTIN.portal("people_acftu"), BUILTIN.portal("acftu_org")
    assert people_acftu is not None and acftu is not None
    assert people_acftu.spider_settings() == {} and people_acftu.spider_domains() == ("acftu.people.com.cn",)
    assert acftu.spider_settings() == {"DOWNLOAD_DELAY": 1.0, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
    assert acftu.script_pages('createPageHTML(2, 0, "index", "html");') == ["index.html", "index_1.html"]
    assert Registry(()).parser_for("https://www.acftu.org/a.html", "") is generic
