"""Shared test fixtures: where the team's shared material (../shared beside the checkout) lives."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO.parent / "shared"
CORPUS_DIR = SHARED_DIR / "corpus"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """`../shared` beside the checkout (DESIGN.md, corpus, seeds)."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared material not found at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    """The recorded third-party pages and their labels, read in place."""
    if not (shared_dir / "corpus" / "labels.jsonl").is_file():
        pytest.skip("corpus labels not found")
    return shared_dir / "corpus"
