"""The query parser's limits and notes: hostile queries are refused with a clear error, or run
with what was searched said; nothing searchable never means "everything"."""

from __future__ import annotations

import pytest
from archive_samples import add, make_article

from archive import Archive
from archive.query import MAX_QUERY_CHARS, MAX_TERM_TOKENS, MAX_TERMS, QueryError, parse


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("工" * (MAX_QUERY_CHARS + 1), f"at most {MAX_QUERY_CHARS} are searched"),
        (" ".join(f"-词{n}" for n in range(MAX_TERMS + 1)), f"more than {MAX_TERMS} terms"),
        (" ".join(f"w{n}" for n in range(20_000)), "characters long"),
        ("职工" * (MAX_TERM_TOKENS // 2 + 1), "too long to search"),
    ],
)
def test_oversized_queries_are_refused(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(text)


def test_a_query_at_the_limits_is_accepted() -> None:
    query = parse(" ".join(f"-词{n}" for n in range(MAX_TERMS)))
    assert len(query.excluded) == MAX_TERMS
    assert not query.unsearchable


@pytest.mark.parametrize("text", ["😀", '"', "%", "\x00", "* ( )", '""'])
def test_nothing_searchable_matches_nothing_and_says_so(text: str) -> None:
    query = parse(text)
    assert query.unsearchable
    assert query.notes and "nothing searchable" in query.notes[0]


def test_unknown_field_is_searched_as_text_and_said() -> None:
    query = parse("title:工会")
    assert [term.text for term in query.positive_terms()] == ["title:工会"]
    assert query.notes == [
        "title: is not a field (author:, editor:, source:, site:, channel:, since:, until:); searched as text"
    ]


def test_ordinary_queries_have_no_notes() -> None:
    query = parse('工会 "技能大赛" -足球 author:刘琼 since:2024-01')
    assert query.notes == [] and not query.unsearchable
    assert parse("").unsearchable is False


def test_search_of_nothing_searchable_finds_nothing_and_says_why(db_url: str) -> None:
    add(db_url, make_article(1, title="工会新闻", body=["工会干部表示欢迎。"]))
    archive = Archive(db_url)
    assert archive.search("").total == 1
    for text in ("😀", '"', "%", "\x00"):
        result = archive.search(text)
        assert (result.total, result.results) == (0, [])
        assert "nothing searchable" in result.to_dict()["notes"][0]
    said = archive.search("title:工会")
    assert said.notes[0].startswith("title: is not a field")
