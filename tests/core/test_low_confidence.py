"""Which fields of an article are marked for a reviewer (`show`, the web page, `stats`)."""

from __future__ import annotations

from core.article import LOW_CONFIDENCE, Article, FieldConfidence, low_confidence


def test_fields_below_the_threshold_are_low_confidence() -> None:
    article = Article(
        url="http://news.example.com/1.html",
        title="工会新闻",
        body=["工会干部表示欢迎。"],
        confidence={
            "title": FieldConfidence("headline element", 0.9),
            "body": FieldConfidence("text density over the whole page", LOW_CONFIDENCE - 0.2),
            "source": FieldConfidence("info bar", LOW_CONFIDENCE),
        },
    )
    assert low_confidence(article.to_dict()) == {"body": {"rule": "text density over the whole page", "score": 0.3}}
    assert low_confidence(Article(url="u", title="t").to_dict()) == {}
