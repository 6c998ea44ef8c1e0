"""Lost-byte runs in text NFKC-normalized after the misreading: the folded characters of the shifted
run (`Ｄ` -> `D`, `！` -> `!`) are read back as the bytes they were, and the run is repaired exactly."""

from __future__ import annotations

import unicodedata

import pytest

from core.textrepair import repair_text


def _lose_byte_then_nfkc(text: str, index: int) -> str:
    """`text` (already NFKC) as gb18030 without byte `index`, misread, then NFKC-normalized."""
    raw = text.encode("gb18030")
    return unicodedata.normalize("NFKC", (raw[:index] + raw[index + 1 :]).decode("gb18030", "replace"))


SHOWN = "職工們紛紛表示。那時他們還年輕,工作積極"  # 。那 (A1A3 C4C7) shifted reads A3C4 `Ｄ`, folded to D
NOTICE = "記者在現場看到。【詳細】工會組織職工開展活動"  # 。【 (A1A3 A1BE) shifted reads A3A1 `！`, folded to !
VISIT = "工會幹部深入車間,了解職工需求。那天下午"


@pytest.mark.parametrize(
    ("original", "index", "damaged"),
    [
        (SHOWN, 0, "毠\ue627兗娂姳硎尽D菚r他們還年輕,工作積極"),
        (SHOWN, 6, "職工們娂姳硎尽D菚r他們還年輕,工作積極"),
        (SHOWN, 14, "職工們紛紛表示D菚r他們還年輕,工作積極"),
        (NOTICE, 0, "浾咴诂F場看到。【詳細】工會組織職工開展活動"),
        (NOTICE, 14, "記者在現場看到!驹敿殹抗\ue63a\ue484M織職工開展活動"),
        (VISIT, 0, "\ue63a䦷植可钊胲囬g,了解職工需求。那天下午"),
        (VISIT, 4, "工會植可钊胲囬g,了解職工需求。那天下午"),
    ],
)
def test_folded_run_is_read_back(original: str, index: int, damaged: str) -> None:
    assert _lose_byte_then_nfkc(original, index) == damaged
    result = repair_text(damaged)
    assert result.text == original
    assert [r.kind for r in result.repairs] == ["byte_loss"]
    (repair,) = result.repairs
    assert damaged[: repair.start] + repair.after + damaged[repair.end :] == original
    assert damaged[repair.start : repair.end] == repair.before
    assert 0.5 < repair.confidence <= 1.0


def test_run_ending_at_an_orphan_trail_byte() -> None:
    # The shift ends on the trail byte of 時 (95 72), read in step as `r`: the run includes it.
    repair = repair_text("職工們紛紛表示D菚r他們還年輕,工作積極").repairs[0]
    assert (repair.start, repair.end, repair.before, repair.after) == (7, 10, "D菚r", "。那時")


@pytest.mark.parametrize("clean", [SHOWN, NOTICE, VISIT, "全市共有職工三十萬人(其中女職工十二萬人)", "第(13)期:A股上漲1.5%"])
def test_nfkc_text_without_damage_is_untouched(clean: str) -> None:
    assert repair_text(clean).text == clean
    assert not repair_text(clean).changed
