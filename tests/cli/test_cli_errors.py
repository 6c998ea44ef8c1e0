"""The CLI under careless use and hostile text: one-line errors, no traceback, no empty archive
created by a read-only command, scraped text printed as text (no markup, no escape sequences)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.article import Article, Published

REPO = Path(__file__).resolve().parents[2]
HOSTILE_TITLE = "工会[/]新闻 [bold]粗[/bold] [link=https://evil.invalid]点[/link] \x1b]8;;https://evil.invalid\x1b\\链\x1b[31m红"


def union_archive(*args: str, stdin: bytes | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "cli", *args]
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, timeout=120, check=False)


def assert_one_line_error(result: subprocess.CompletedProcess[bytes], *expected: str) -> str:
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 1, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for part in expected:
        assert part in stderr
    return stderr


@pytest.fixture
def hostile_archive(tmp_path: Path) -> Path:
    """An archive holding one article whose title, author and body carry markup and escapes."""
    article = Article(
        url="http://news.example.com/2024/0510/1.html",
        site="news.example.com",
        title=HOSTILE_TITLE,
        authors=["李[/]娜"],
        source="[red]工人日报",
        published_at=Published.beijing(2024, 5, 10, 8, 0),
        body=["第一段：工会\x1b[2J清屏 [/] 结束。"],
    )
    lines = tmp_path / "hostile.jsonl"
    lines.write_text(json.dumps(article.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    db = tmp_path / "hostile.sqlite"
    result = union_archive("--db", str(db), "import", str(lines), "--workers", "0")
    assert result.returncode == 0, result.stderr
    return db


@pytest.mark.parametrize("command", [["stats"], ["search", "工会"], ["show", "1"], ["export"], ["diff", "1"]])
def test_read_only_commands_do_not_create_an_archive(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "missing.sqlite"
    result = union_archive("--db", str(db), *command)
    assert_one_line_error(result, "no archive at", str(db))
    assert not db.exists()


def test_serve_refuses_a_missing_archive(tmp_path: Path) -> None:
    db = tmp_path / "missing.sqlite"
    assert_one_line_error(union_archive("--db", str(db), "serve", "--port", "0"), "no archive at")
    assert not db.exists()


def test_database_errors_are_one_line(tmp_path: Path) -> None:
    assert_one_line_error(union_archive("--db", "garbage://x", "stats"), "not a database URL", "garbage://x")
    not_sqlite = tmp_path / "notes.sqlite"
    not_sqlite.write_text("not a database", encoding="utf-8")
    assert_one_line_error(union_archive("--db", str(not_sqlite), "search", "工会"), "file is not a database")
    down = "postgresql://u:secret@127.0.0.1:1/archive"
    stderr = assert_one_line_error(union_archive("--db", down, "stats"), "cannot be used", "Connection refused")
    assert "secret" not in stderr


def test_unknown_search_option_is_an_error_not_a_word(hostile_archive: Path) -> None:
    result = union_archive("--db", str(hostile_archive), "search", "工会", "--autor", "李娜")
    assert result.returncode == 2
    assert "no such option: --autor" in result.stderr.decode()
    excluded = union_archive("--db", str(hostile_archive), "search", "工会", "-清屏", "--json")
    assert json.loads(excluded.stdout)["total"] == 0


def test_two_output_formats_are_an_error(hostile_archive: Path) -> None:
    result = union_archive("--db", str(hostile_archive), "search", "工会", "--jsonl", "--csv")
    assert result.returncode == 2
    assert "choose one output format: --jsonl or --csv" in result.stderr.decode()
    assert union_archive("--db", str(hostile_archive), "export", "--jsonl", "--csv").returncode == 2


def test_db_after_the_command_is_the_archive_used(hostile_archive: Path, tmp_path: Path) -> None:
    result = union_archive("search", "工会", "--json", "--db", str(hostile_archive), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 1
    assert not (tmp_path / "archive.sqlite").exists()


@pytest.mark.parametrize("command", [["search", "工会"], ["stats"], ["show", "1"], ["show", "1", "--versions"]])
def test_scraped_text_is_printed_as_text(hostile_archive: Path, command: list[str]) -> None:
    result = union_archive("--db", str(hostile_archive), *command)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "\x1b" not in out
    assert "Traceback" not in result.stderr.decode()
    if command[0] == "show" and len(command) == 2:
        assert "工会[/]新闻 [bold]粗[/bold] [link=https://evil.invalid]点[/link] ␛]8;;https://evil.invalid␛\\链␛[31m红" in out
        assert "李[/]娜" in out and "[red]工人日报" in out and "工会␛[2J清屏 [/] 结束" in out
    if command[0] == "stats":
        assert "李[/]娜" in out


def test_export_into_a_closed_pipe_is_quiet(hostile_archive: Path) -> None:
    command = f"{sys.executable} -m cli --db {hostile_archive} export | head -c 1 >/dev/null"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=REPO, capture_output=True, timeout=60)
    assert b"Broken pipe" not in result.stderr and b"Traceback" not in result.stderr


def test_fix_text_keeps_the_input_around_invalid_utf8() -> None:
    result = union_archive("fix-text", stdin="工会\xff职工技能大赛今天开幕。".encode().replace(b"\xc3\xbf", b"\xff"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == "工会\ufffd职工技能大赛今天开幕。"
