"""`show` and the web article page mark the fields the extractor was not sure of."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from archive import Archive
from cli import main
from core.article import Article, FieldConfidence
from web.app import create_app


def archive_with_unsure_body(tmp_path: Path) -> str:
    article = Article(
        url="http://gov.example.com/art/2024/5/10/art_1.html",
        site="gov.example.com",
        title="关于开展职工技能竞赛的通知",
        body=["各区县总工会：现将有关事项通知如下。"],
        confidence={
            "title": FieldConfidence("headline element", 0.9),
            "body": FieldConfidence("whole-page text density", 0.3),
        },
    )
    lines = tmp_path / "one.jsonl"
    lines.write_text(json.dumps(article.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    Archive(db_url).import_lines(lines.read_bytes().splitlines())
    return db_url


def test_show_marks_low_confidence_fields(tmp_path: Path) -> None:
    db_url = archive_with_unsure_body(tmp_path)
    result = CliRunner().invoke(main, ["--db", db_url, "show", "1"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "check by hand: body (low confidence 0.30, rule whole-page text density)" in result.output
    assert "check by hand: title" not in result.output


def test_web_article_page_marks_low_confidence_fields(tmp_path: Path) -> None:
    db_url = archive_with_unsure_body(tmp_path)
    page = create_app(db_url).test_client().get("/article/1").get_data(as_text=True)
    assert '<p class="meta low-confidence">check by hand: body (low confidence 0.30, rule whole-page text density)</p>' in page


def test_stats_counts_low_confidence_fields_per_site(tmp_path: Path) -> None:
    db_url = archive_with_unsure_body(tmp_path)
    assert Archive(db_url).stats()["low_confidence"] == [{"site": "gov.example.com", "field": "body", "articles": 1}]
    result = CliRunner().invoke(main, ["--db", db_url, "stats"], catch_exceptions=False)
    assert "low-confidence fields (check by hand)" in result.output
