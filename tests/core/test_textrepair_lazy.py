"""Clean text is repaired without the character model: it is loaded only for a suspect run.

The pre-checks need the common characters, shipped precomputed (`core/textrepair/common_characters.txt`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
from core.textrepair import repair_text
from core.textrepair.lm import model

clean = [
    "各级工会深入企业车间和职工家庭开展走访慰问，详细了解职工生产生活中的困难和诉求。",
    "基層工會服務職工工作紀實（第3篇）",
    "本报记者  张  华\\u30002023-05-10 09:30",
    "Trade unions · 工人日报 · 100% “职工之家”《劳动法》",
]
assert all(not repair_text(text).changed for text in clean)
print(model.cache_info().currsize)
assert repair_text("中國共產(chǎn)黨").text == "中國共產黨"
print(model.cache_info().currsize)
assert repair_text("»ù²ã¹¤»á").text == "基层工会"
print(model.cache_info().currsize)
"""


def test_clean_text_never_loads_the_model() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, check=True)
    # Clean text and glued pinyin need no model; GBK read as Latin-1 is scored with it.
    assert done.stdout.split() == ["0", "0", "1"]


def test_the_shipped_common_characters_are_the_models() -> None:
    from core.textrepair import lm

    key, chars = lm.COMMON_FILE.read_text(encoding="utf-8").splitlines()[:2]
    # A stale file (jieba or OpenCC changed) is ignored, only slower: refresh it with lm.write_common_file().
    assert key == lm.common_key(lm._traditional_fold())
    assert frozenset(json.loads(chars)) == lm.compute_common_characters() == lm.model().common
