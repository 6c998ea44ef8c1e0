"""The data directory: one place that resolves it (lock file, logs, WARC files).

`--data-dir`, else `UNION_ARCHIVE_DATA`, else `./data`.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = "data"
ENV_VAR = "UNION_ARCHIVE_DATA"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The resolved (absolute) data directory; not created."""
    chosen = explicit or os.environ.get(ENV_VAR) or DEFAULT_DATA_DIR
    return Path(chosen).expanduser().resolve()


def lock_file(root: Path) -> Path:
    return root / "crawl.lock"


def log_dir(root: Path) -> Path:
    return root / "logs"


def warc_dir(root: Path) -> Path:
    return root / "warc"


def images_dir(root: Path) -> Path:
    """The default image store of the crawl (`IMAGES_STORE`), which the web app serves from."""
    return root / "images"
