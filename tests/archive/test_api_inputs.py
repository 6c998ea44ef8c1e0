"""Inputs the JSON API passes straight to the `Archive`: huge ids and NUL bytes are answered,
not errors (they gave 500s on both backends)."""

from __future__ import annotations

from archive_samples import add, make_article

from archive import Archive


def test_ids_beyond_64_bits_name_no_article(db_url: str) -> None:
    add(db_url, make_article(1, title="工会新闻", body=["工会干部表示欢迎。"]))
    archive = Archive(db_url)
    assert archive.get(10**30) is None
    assert archive.versions(10**30) == []
    assert archive.get(-1) is None
    assert archive.get(1) is not None


def test_nul_in_filters_is_removed(db_url: str) -> None:
    add(db_url, make_article(1, title="工会新闻", body=["工会干部表示欢迎。"], authors=["刘琼"]))
    archive = Archive(db_url)
    assert archive.search("工会", author="\x00").total == 1
    assert archive.search("工会", author="刘\x00琼").total == 1
    assert archive.search("", source="\x00x").total == 0
