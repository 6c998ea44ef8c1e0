"""`union-archive sites` says which portal profiles are verified against recorded pages."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cli import main


def test_sites_json_marks_verified_profiles() -> None:
    result = CliRunner().invoke(main, ["sites", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["spider"]: row for row in map(json.loads, result.output.splitlines())}
    assert rows["people_acftu"]["verified"] is True
    assert rows["people_acftu"]["start_urls"] == ["http://acftu.people.com.cn/GB/67502/index.html"]
    unverified = {name for name, row in rows.items() if not row["verified"]}
    assert unverified == {
        "acftu_org", "beijing_federation", "generic", "guangdong_federation", "jilin_federation",
        "shanghai_federation", "workercn", "workercn_big5",
    }
    assert rows["generic"]["in_crawl_all"] is False
    assert all(row["in_crawl_all"] for name, row in rows.items() if name != "generic")
