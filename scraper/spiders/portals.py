"""The named portal spiders: a `SiteSpec` each (start pages, URL patterns, politeness)."""

from __future__ import annotations

from scraper.spiders.base import PortalSpider, SiteSpec


class PeopleAcftuSpider(PortalSpider):
    name = "people_acftu"
    spec = SiteSpec(
        name="people_acftu",
        title="中国工会新闻 (acftu.people.com.cn)",
        start_urls=("http://acftu.people.com.cn/GB/67502/index.html",),
        article_url=r"://acftu\.people\.com\.cn/n1/\d{4}/\d{4}/c\d+-\d+\.html$",
        list_url=r"://acftu\.people\.com\.cn/GB/67502/index\d*\.html$",
        allowed_domains=("acftu.people.com.cn",),
        verified=True,
        notes="article template verified on recorded people.com.cn pages (2019 and 2022-24)",
    )
