"""workercn parser on the RECONSTRUCTED mirror pages (www, e-paper, big5 gate with GBK and Big5 bytes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.decode import decode_html
from core.sites import extract, parser_for, workercn
from mirror.server import DEMO_ROOT

HOSTS = ("www.workercn.cn", "big5.workercn.cn")


def pages(*hosts: str) -> list[Path]:
    return sorted(p for host in hosts for p in (DEMO_ROOT / host).iterdir() if (p / "expected.json").exists())


def extracted(folder: Path) -> tuple[dict[str, object], dict[str, object]]:
    meta = json.loads((folder / "response.json").read_text())
    decoded = decode_html((folder / "body").read_bytes(), meta["headers"]["Content-Type"])
    return extract(meta["url"], decoded.text, decoded.encoding).to_dict(), json.loads((folder / "expected.json").read_text())


@pytest.mark.parametrize("folder", pages(*HOSTS), ids=lambda p: p.name)
def test_mirror_page_fields(folder: Path) -> None:
    got, want = extracted(folder)
    for field, value in want.items():
        assert got[field] == value, field


def test_gate_and_epaper_routing() -> None:
    assert parser_for("http://big5.workercn.cn/big5/xz.workercn.cn/10930/1.shtml", "") is workercn
    assert workercn.site_name("http://big5.workercn.cn/big5/www.workercn.cn/c/2023-12-27/1.shtml") == "workercn_big5"
    epaper = "https://www.workercn.cn/papers/grrb/2023/12/26/5/news-2.html"
    assert next(t for p, t in workercn.TEMPLATES if p.search(epaper)) is workercn.EPAPER


def test_glued_pinyin_in_credit_line_is_ignored() -> None:
    folder = DEMO_ROOT / "big5.workercn.cn" / "big5_www.workercn.cn_c_2023-12-27_8123501.shtml"
    assert "(lái)".encode("gbk") in (folder / "body").read_bytes()
    got, _ = extracted(folder)
    assert got["source"] == "工人日報"
    assert got["encoding"] == "gb18030"
