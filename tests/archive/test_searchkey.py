"""The one normalization of indexing and querying: folding, pairs, words and lone characters."""

from __future__ import annotations

import random
import unicodedata

import pytest

from archive.searchkey import _nfkc, article_forms, fold, index_form, query_parts, runs, tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("工会", ["工会", "会"]),
        ("工會職工", ["工会", "会职", "职工", "工"]),
        ("会", ["会"]),
        ("工会，职工", ["工会", "职工", "会", "工"]),
        ("2024年全国职工", ["2024", "年全", "全国", "国职", "职工", "工"]),
        ("第3届工会大会", ["3", "届工", "工会", "会大", "大会", "第", "会"]),
        ("APP工会", ["app", "工会", "会"]),
        ("ＡＢＣ工會abc１２３", ["abc", "工会", "abc123", "会"]),
        ("a工b", ["a", "b", "工"]),
        ("Sunny day, NEAR_the river", ["sunny", "day", "near", "the", "river"]),
        ("", []),
    ],
)
def test_tokens(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected
    assert index_form(text) == " ".join(expected)


@pytest.mark.parametrize(
    ("text", "phrase", "lone"),
    [
        ("工会", ["工会"], []),
        ("会", ["会"], []),
        ("第3届", ["3"], ["第", "届"]),
        ("2024年", ["2024"], ["年"]),
        ("第3届工会", ["3", "届工", "工会"], ["第"]),
        ("a工b", ["a", "b"], ["工"]),
        ("工 会", ["工"], ["会"]),
        ("weather", ["weather"], []),
        ("，", [], []),
    ],
)
def test_query_parts(text: str, phrase: list[str], lone: list[str]) -> None:
    assert query_parts(text) == (phrase, lone)


def test_fold_and_runs() -> None:
    assert fold("職工ＡＢＣ") == "职工abc"
    assert runs("第3届工會") == ["第", "3", "届工会"]


def test_article_forms() -> None:
    assert article_forms("引题", "工会", None, ["第一段", "第二段"]) == (
        "引题 工会 题 会",
        "第一 一段 第二 二段 段 段",
    )


def test_the_fast_nfkc_is_nfkc() -> None:
    """`_nfkc` maps full-width forms first: the same result as NFKC on every character, on a
    full-width form followed by a combining mark (Ａ + U+0301 composes to Á) and on mixed text."""
    every = [chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF]
    assert [c for c in every if _nfkc(c) != unicodedata.normalize("NFKC", c)] == []
    assert _nfkc("Ａ\u0301，ｅ\u0308") == "Á,ë"
    rng = random.Random(5)
    pool = "职工（），。：；！？Ａｚ０\u3000…①⑻ﬁ\u0301\u0308é\u00e9e가\u1100\u1161"
    for _ in range(2000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(1, 30)))
        assert _nfkc(text) == unicodedata.normalize("NFKC", text), text
