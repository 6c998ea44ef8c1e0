"""Every article page the mirror ships extracts to exactly the `expected.json` written beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.decode import decode_html
from core.sites import extract
from mirror.server import DEMO_ROOT, Mirror

PAGES = sorted(meta.parent for meta in DEMO_ROOT.rglob("expected.json"))


@pytest.mark.parametrize("folder", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_mirror_page_extracts_to_expected(folder: Path) -> None:
    meta = json.loads((folder / "response.json").read_text(encoding="utf-8"))
    assert meta["reconstructed"] is True
    decoded = decode_html((folder / "body").read_bytes(), meta["headers"].get("Content-Type"))
    got = extract(meta["url"], decoded.text, decoded.encoding).to_dict()
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    assert {field: got[field] for field in expected} == expected


def test_every_shipped_response_is_marked_reconstructed() -> None:
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in DEMO_ROOT.rglob("response.json")]
    assert len(metas) == len(Mirror(DEMO_ROOT).urls())
    assert all(meta["reconstructed"] is True for meta in metas)
