"""`union-archive sites` says which portal profiles are verified, where each is declared, and checks site files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import main
from mirror.build_portals import HEXI_FILE


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


def test_sites_check_says_ok(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["sites", "--check", str(HEXI_FILE), "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{HEXI_FILE}: OK (1 site(s): hexi_federation)\n"


def test_sites_check_names_the_field_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "city.toml"
    bad.write_text(HEXI_FILE.read_text(encoding="utf-8").replace("\\d{6}", "(\\d{6}"), encoding="utf-8")
    result = CliRunner().invoke(main, ["sites", "--check", str(bad), "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad}: sites[0].article_url: not a valid regular expression "
        "(missing ), unterminated subpattern at position 30)\n"
    )


def test_sites_lists_site_files_with_their_origin(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    shutil.copy(HEXI_FILE, tmp_path / "sites" / "hexi.toml")
    result = CliRunner().invoke(main, ["sites", "--json", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    rows = {row["spider"]: row for row in map(json.loads, result.output.splitlines())}
    assert rows["hexi_federation"] == {
        "spider": "hexi_federation",
        "portal": "河西市总工会 (www.hexizgh.example)",
        "start_urls": ["http://www.hexizgh.example/xwzx/index.html"],
        "verified": False,
        "in_crawl_all": True,
        "origin": str(tmp_path / "sites" / "hexi.toml"),
        "notes": "city CMS with the one-line info bar (来源: 作者: 浏览:次 发表时间:)",
    }
    assert rows["workercn"]["origin"] == "built-in"


def test_a_site_file_clashing_with_a_data_dir_site_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    shutil.copy(HEXI_FILE, tmp_path / "sites" / "hexi.toml")
    again = tmp_path / "again.toml"
    shutil.copy(HEXI_FILE, again)
    result = CliRunner().invoke(main, ["sites", "--sites", str(again), "--data-dir", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {again}: sites[0].name: 'hexi_federation' is already a site ({tmp_path / 'sites' / 'hexi.toml'})\n"
    )
