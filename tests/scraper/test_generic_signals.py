"""`article_signals` of the generic spider on pages without a headline element (issue 13: it raised
AttributeError on `<meta name=ArticleTitle>` + `PubDate`)."""

from __future__ import annotations

from core.sites.common import load_html
from scraper.spiders.generic import Signals, article_signals

STORY = "全国总工会今天召开会议，部署职工技能大赛和冬季送温暖活动，要求各级工会组织切实关心困难职工生活。"


def test_a_title_and_date_in_metadata_make_an_article() -> None:
    root = load_html(
        '<html><head><meta name="ArticleTitle" content="只有元数据标题的文章">'
        f'<meta name="PubDate" content="2024-05-11 10:00"></head><body><p>{STORY}</p></body></html>'
    )
    assert article_signals("http://127.0.0.1/news/2024/0511/meta-title.html", root) == Signals(
        url_shape=True, list_url=False, headline=True, dateline=True, byline=False, story_chars=len(STORY)
    )


def test_no_headline_no_article() -> None:
    root = load_html(f'<html><head><meta name="PubDate" content="2024-05-11"></head><body><p>{STORY}</p></body></html>')
    assert not article_signals("http://127.0.0.1/news/2024/0511/1.html", root).is_article
