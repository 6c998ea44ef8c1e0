"""Snippets: a window around the first match with its spans, at a bounded cost per result."""

from __future__ import annotations

import time

from archive.snippets import SNIPPET_CHARS, make_snippet


def test_window_around_the_first_match() -> None:
    body = ["前言" * 100, "工会干部表示欢迎。"]  # 210 characters joined; the match at 201
    snippet, spans = make_snippet(body, ["工会"])
    # The window is the last SNIPPET_CHARS characters (it cannot start later and stay full).
    assert snippet == "…" + ("前言" * 100 + " 工会干部表示欢迎。")[210 - SNIPPET_CHARS :]
    assert spans == [[201 - (210 - SNIPPET_CHARS) + 1, 201 - (210 - SNIPPET_CHARS) + 3]]


def test_a_huge_article_with_matches_everywhere_costs_little() -> None:
    body = ["工会职工" * 2500] * 2000  # 20 M characters, 10 million matches
    started = time.perf_counter()
    snippet, spans = make_snippet(body, ["工会", "职工"])
    assert time.perf_counter() - started < 0.5
    assert snippet == ("工会职工" * 30) + "…"
    assert spans == [[n, n + 2] for n in range(0, SNIPPET_CHARS, 2)]
