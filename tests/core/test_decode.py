"""decode_html on the corpus pages whose declared charset is wrong or missing (INDEX.tsv)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from core.decode import decode_html
from tests.support import unavailable

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# Titles of unlabelled pages (labelled ones come from labels.jsonl).
KNOWN_TITLES = {
    "netease/gerapy_list_netease_rolling_news.html": "最新滚动新闻_网易新闻中心",
    "acftu_org/jscryptominer_acftu_org_home_frameset.html": "中华全国总工会网站",
}


def expected_encoding(actual_bytes: str) -> str:
    """INDEX's `actual_bytes` column as the codec decode_html should report."""
    if actual_bytes.startswith("utf-8"):
        return "utf-8"
    return "gb18030"  # gb2312 / gbk / gb18030 bytes all decode as the gb18030 superset


def mislabelled_rows() -> list[dict[str, str]]:
    if not (CORPUS / "INDEX.tsv").is_file():
        return []
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        row
        for row in rows
        if row["declared_charset"].lower() != row["actual_bytes"].split("(")[0].lower()
        and not (
            row["declared_charset"].lower() in ("gbk", "gb2312") and row["actual_bytes"].startswith("gb2312")
        )
    ]


def titles(corpus_dir: Path) -> dict[str, str]:
    known = dict(KNOWN_TITLES)
    with (corpus_dir / "labels.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            label = json.loads(line)
            known[label["file"]] = label["title"]
    return known


@pytest.mark.parametrize("row", mislabelled_rows(), ids=lambda row: row["file"])
def test_mislabelled_page_decodes(corpus_dir: Path, row: dict[str, str]) -> None:
    title = titles(corpus_dir).get(row["file"])
    if title is None:
        pytest.skip("no known title for this page")
    decoded = decode_html((corpus_dir / "pages" / row["file"]).read_bytes())
    assert title in decoded.text
    assert decoded.encoding == expected_encoding(row["actual_bytes"])
    assert decoded.replacements == 0


def test_mislabelled_rows_found() -> None:
    if not CORPUS.is_dir():
        unavailable(f"corpus not found at {CORPUS}")
    files = {row["file"] for row in mislabelled_rows()}
    assert "people/magichtml_finance_2024-05-10_c1004-40232587.html" in files
    assert "netease/cwced_163_biz_2004-12-10.html" in files
    assert "qianlong/cwced_qianlong_beijing_2003-05_nocharset.html" in files


BIG5_STORY = (
    "<html><head><meta charset=big5><title>全國總工會</title></head><body><p>"
    + "中華全國總工會召開會議，部署職工技能大賽和冬季送溫暖活動，要求各級工會組織關心困難職工生活。" * 20
    + "</p></body></html>"
)


@pytest.mark.parametrize("label", ["big5", None])
def test_big5_page_with_one_bad_sequence_costs_one_replacement(label: str | None) -> None:
    body = BIG5_STORY.encode("big5")
    if label is None:
        body = body.replace(b"<meta charset=big5>", b"")
    middle = body.index("部署".encode("big5"))
    damaged = body[:middle] + b"\x81\x40" + body[middle:]  # not Big5, but valid gb18030 (丂)
    decoded = decode_html(damaged)
    assert decoded.encoding == "big5hkscs"
    assert decoded.replacements == 1
    assert decoded.text.count("\ufffd") == 1
    assert "全國總工會召開會議" in decoded.text and "部署職工技能大賽" in decoded.text


def test_gbk_page_mislabelled_big5_still_reads_as_gb18030() -> None:
    story = "全国总工会召开会议，部署职工技能大赛和冬季送温暖活动，要求各级工会组织关心困难职工生活。" * 20
    body = f"<html><head><meta charset=big5></head><body><p>{story}</p></body></html>".encode("gbk")
    decoded = decode_html(body)
    assert decoded.encoding == "gb18030"
    assert story in decoded.text
