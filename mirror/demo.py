"""`make demo`: serve the bundled mirror, crawl it into demo.sqlite, query it, stop the mirror."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mirror.server import DEMO_ROOT, Mirror, MirrorServer

DB_FILE = Path("demo.sqlite")
QUERIES = ["工会", "職工技能大賽"]


def run(*args: str) -> None:
    command = [sys.executable, "-m", "cli", "--db", str(DB_FILE), *args]
    print("$ union-archive " + " ".join(args), flush=True)
    subprocess.run(command, check=True)


def main() -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB_FILE}{suffix}").unlink(missing_ok=True)
    with MirrorServer(Mirror(DEMO_ROOT)) as server:
        print(f"mirror: {len(server.mirror.urls())} recorded responses at {server.url} (nothing leaves this machine)")
        run("crawl", "people_acftu", "--mirror", server.url)
    run("stats")
    for query in QUERIES:
        run("search", query)
    run("show", "1")


if __name__ == "__main__":
    main()
