"""`union-archive import-text` on the seed: exact fields, repaired body, raw bytes kept, searchable."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]


def union_archive(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cli", "--db", str(db), *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)


def test_seed_imports_with_exact_fields(shared_dir: Path, tmp_path: Path) -> None:
    seed = shared_dir / "seeds" / "000_a35abb5be80df67a.txt"
    repaired = (shared_dir / "seeds" / "000_a35abb5be80df67a.repaired.txt").read_text(encoding="utf-8")
    db = tmp_path / "archive.sqlite"

    result = union_archive(db, "import-text", str(seed))
    assert result.returncode == 0, result.stderr
    assert "article 1 (new)" in result.stdout

    found = json.loads(union_archive(db, "search", "工会", "--json").stdout)
    assert found["total"] == 1
    article = json.loads(union_archive(db, "show", str(found["results"][0]["id"]), "--json").stdout)
    assert article["title"] == "吉林省總出實招讓工會十八大精神“生根結果”"
    assert article["subtitle"] == "全周期提升技能 全時空高品質服務"
    assert article["authors"] == ["彭冰", "柳姍姍"]
    assert article["editors"] == ["劉瓊", "黃瑾"]
    assert article["source"] == "中工網"
    assert article["published_at"] == "2023-12-25T08:51+08:00"
    assert article["channel"] == ["中國共產黨新聞網", "中國工會新聞"]
    expected_body = [line for line in repaired.split("\n")[9:] if line.strip() and not line.startswith("(責編")]
    assert article["body"] == expected_body
    assert {r["kind"] for r in article["repairs"]} >= {"pinyin", "byte_loss"}

    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        raw = connection.execute(text("SELECT body_zlib FROM snapshots")).scalar_one()
        unrepaired = connection.execute(text("SELECT unrepaired FROM article_versions")).scalar_one()
    engine.dispose()
    assert zlib.decompress(raw) == seed.read_bytes()
    assert json.loads(unrepaired)["text"] == seed.read_text(encoding="utf-8")

    again = union_archive(db, "import-text", str(seed))
    assert "(unchanged)" in again.stdout


def test_text_without_article_shape_is_reported(tmp_path: Path) -> None:
    not_an_article = tmp_path / "notes.txt"
    not_an_article.write_text("just a line\n", encoding="utf-8")
    result = union_archive(tmp_path / "a.sqlite", "import-text", str(not_an_article))
    assert result.returncode == 1
    assert "notes.txt: not imported:" in result.stderr
    assert "1 of 1 file(s) could not be imported" in result.stderr
