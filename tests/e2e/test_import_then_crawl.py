"""An imported text dump is part of its site's archive, and the next scheduled crawl of that
site neither re-checks its `text:` URL nor fails because of it (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

from mirror.server import MirrorServer
from tests.e2e.conftest import RECHECK_ALL, cli, cli_json, crawl_cli


def test_crawl_after_import_text_rechecks_only_fetchable_pages(
    shared_dir: Path, mirror_server: MirrorServer, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    imported = cli(db_url, "import-text", str(shared_dir / "seeds" / "000_a35abb5be80df67a.txt"))
    assert imported.returncode == 0, imported.stderr
    (article,) = cli_json(db_url, "search", "吉林省总", "--json")["results"]
    assert article["site"] == "people_acftu"

    result = crawl_cli(db_url, mirror_server.url, tmp_path / "data", "people_acftu", *RECHECK_ALL)
    assert result.returncode == 0, result.stderr[-3000:]
    (summary,) = json.loads(result.stdout)
    assert (summary["finish_reason"], summary["failed"], summary["alerts"]) == ("finished", False, [])
    # The demo site's own two failures (an HTTP 500 and a malformed page), nothing for the dump.
    assert (summary["articles_new"], summary["failures"]) == (5, 2)
    assert "Missing scheme" not in result.stderr
    assert cli_json(db_url, "stats", "--json")["totals"]["articles"] == 6
