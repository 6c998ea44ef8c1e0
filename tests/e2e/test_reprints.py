"""Acceptance (issue 16): one story crawled from three reconstructed portals is one cluster.

中工网 (workercn) has the original; acftu.org reprints it with `来源：中工网`, a new headline and its
last paragraph dropped; the big5 mirror has a traditional-script copy. Crawled with the real
spiders into one archive (SQLite and PostgreSQL): three articles, one cluster, the credited
portal's copy the original; search shows the story once, "also on 2 sites".
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from mirror.server import MirrorServer
from tests.e2e.conftest import cli, cli_json, run_scrapy

ORIGINAL = "https://www.workercn.cn/c/2023-12-29/8124010.shtml"
REPRINT = "https://www.acftu.org/xwdt/ghyw/202312/t20231230_836790.html"
TRADITIONAL = "http://big5.workercn.cn/big5/www.workercn.cn/c/2023-12-29/8124010.shtml"


def _ids(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT canonical_url, id FROM articles WHERE canonical_url IN (:a, :b, :c)"),
            {"a": ORIGINAL, "b": REPRINT, "c": TRADITIONAL},
        ).all()
    engine.dispose()
    return {url: article_id for url, article_id in rows}


def test_one_story_on_three_portals_is_one_cluster(
    mirror_server: MirrorServer, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the table's title column is wide enough for the note
    for spider in ("acftu_org", "workercn_big5", "workercn"):
        result = run_scrapy(spider, mirror_server.url, db_url, "DOWNLOAD_DELAY=0")
        assert result.returncode == 0, result.stderr[-3000:]
    ids = _ids(db_url)
    assert sorted(ids) == sorted([ORIGINAL, REPRINT, TRADITIONAL])

    shown = cli_json(db_url, "show", str(ids[REPRINT]), "--json")["reprints"]
    assert shown["original_id"] == ids[ORIGINAL]
    assert shown["is_original"] is False
    assert shown["reason"] == "credited: 来源 中工网 on 2 copies names workercn"
    assert [(c["id"], c["site"], c["original"]) for c in shown["copies"]] == [
        (ids[ORIGINAL], "workercn", True),
        (ids[TRADITIONAL], "workercn_big5", False),
    ]
    assert [c["similarity"] for c in shown["copies"]] == [0.762, 0.762]

    found = cli_json(db_url, "search", "巡回宣讲", "--json")
    assert len(found["results"]) == 1
    (hit,) = found["results"]
    others = sorted({"workercn", "workercn_big5", "acftu_org"} - {hit["site"]})
    assert (hit["copies"], hit["also_on"], hit["original_id"]) == (2, others, ids[ORIGINAL])
    table = cli(db_url, "search", "巡回宣讲")
    assert table.returncode == 0 and "also on 2 sites" in table.stdout
    every = cli_json(db_url, "search", "巡回宣讲", "--all-copies", "--json")
    assert sorted(r["id"] for r in every["results"]) == sorted(ids.values())
    assert all("also_on" not in r for r in every["results"])

    report = cli_json(db_url, "reprints", "--json")
    assert report["clusters"] == 1
    assert report["routes"] == [
        {"from": "workercn", "to": "acftu_org", "stories": 1, "median_delay_hours": 26.2},
        {"from": "workercn", "to": "workercn_big5", "stories": 1, "median_delay_hours": 1.5},
    ]
