"""`union-archive fix-text`, run as the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

EXE = Path(sys.executable).with_name("union-archive")


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(EXE), "fix-text", *args], input=stdin, capture_output=True, text=True, encoding="utf-8",
                          check=True)


def test_seed_file_to_stdout(shared_dir: Path) -> None:
    seed = shared_dir / "seeds/000_a35abb5be80df67a.txt"
    expected = (shared_dir / "seeds/000_a35abb5be80df67a.repaired.txt").read_text(encoding="utf-8")
    assert _run(str(seed)).stdout == expected


def test_stdin_and_report() -> None:
    done = _run("--report", stdin="鍩哄眰宸ヤ細\n")
    assert done.stdout == "基层工会\n"
    assert "utf8_as_gbk" in done.stderr
    assert "'鍩哄眰宸ヤ細' -> '基层工会'" in done.stderr


def test_jsonl_one_object_per_file(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.txt"
    damaged.write_text("產(chǎn)業", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("工会工作。\n", encoding="utf-8")
    lines = _run("--jsonl", str(damaged), str(clean)).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert records == [
        {
            "input": str(damaged),
            "text": "產業",
            "repairs": [{"kind": "pinyin", "field": "text", "start": 1, "end": 7, "before": "(chǎn)",
                         "after": "", "confidence": 0.99}],
        },
        {"input": str(clean), "text": "工会工作。\n", "repairs": []},
    ]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    done = subprocess.run([str(EXE), "fix-text", str(tmp_path / "nope.txt")], capture_output=True, text=True)
    assert done.returncode != 0
    assert "nope.txt" in done.stderr
