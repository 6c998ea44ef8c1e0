"""Confidence per core field: which rule produced it and a 0-1 score; not content."""

from __future__ import annotations

from core.article import Article, FieldConfidence
from core.sites import extract
from tests.core.sites.test_generic_rules import PARAGRAPHS, URL, page


def test_generic_reports_rule_and_score_for_every_core_field() -> None:
    article = extract(URL, page("2024-01-05 09:30 来源：某市日报 作者：张三"))
    assert article.confidence == {
        "title": FieldConfidence("displayed headline", 0.95),
        "authors": FieldConfidence("info bar", 0.9),
        "editors": FieldConfidence("not found", 0.6),
        "source": FieldConfidence("info bar", 0.9),
        "published_at": FieldConfidence("dateline under headline", 0.95),
        "body": FieldConfidence("text density under headline", 0.45),
    }


def test_title_tag_fallback_and_whole_page_density_are_low() -> None:
    cells = "".join(f"<tr><td>{text}</td></tr>" for text in PARAGRAPHS * 2)
    html = f"<html><head><title>市总工会开展送温暖活动 - 某市总工会</title></head><body><table>{cells}</table></body></html>"
    article = extract("http://www.example-gov.cn/a/2.html", html)
    assert article.confidence["title"] == FieldConfidence("<title> fallback", 0.3)
    assert article.confidence["body"] == FieldConfidence("whole-page text density", 0.4)


def test_confidence_is_printed_round_trips_and_is_not_content() -> None:
    article = extract(URL, page("2024-01-05 09:30 来源：某市日报"))
    data = article.to_dict()
    assert data["confidence"]["source"] == {"rule": "info bar", "score": 0.9}
    assert Article.from_dict(data).confidence == article.confidence
    assert "confidence" not in article.content_fields()
    assert "confidence" not in Article(url="u", title="t").to_dict()
