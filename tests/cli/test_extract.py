"""`union-archive extract`: JSON per input, errors reported per file, exit status."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
PAGE = FIXTURES / "acftu_2024_rider_stations"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["extract", *args])
    return result.exit_code, result.output


def test_jsonl_with_url() -> None:
    url = json.loads((PAGE / "response.json").read_text(encoding="utf-8"))["url"]
    code, output = run(str(PAGE / "body.html"), "--url", url, "--jsonl")
    assert code == 0
    lines = output.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    expected = json.loads((PAGE / "expected.json").read_text(encoding="utf-8"))
    assert record == {"input": str(PAGE / "body.html"), **expected}
    assert "让新就业形态劳动者" in lines[0]  # ensure_ascii=False


def test_pretty_output_is_indented() -> None:
    code, output = run(str(PAGE / "body.html"))
    assert code == 0
    assert output.startswith('{\n  "input": ')
    assert json.loads(output)["title"] == "让新就业形态劳动者“有家可回”"


def test_failed_file_reported_and_others_continue(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.html"
    code, output = run(str(empty), str(missing), str(PAGE / "body.html"), "--jsonl")
    assert code == 0
    records = [json.loads(line) for line in output.strip().splitlines()]
    assert [r["input"] for r in records] == [str(empty), str(missing), str(PAGE / "body.html")]
    assert "error" in records[0] and records[0]["error"]
    assert "error" in records[1]
    assert records[2]["site"] == "people_acftu"


def test_exit_status_one_when_every_input_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"   ")
    code, output = run(str(empty), "--jsonl")
    assert code == 1
    assert json.loads(output)["error"]
