"""Shared fixtures: the seed corpus, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.pipeline import PreparedCorpus, prepare_corpus

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds() -> PreparedCorpus:
    return prepare_corpus(SEEDS)


@pytest.fixture(scope="session")
def seed_raw_texts() -> dict[str, str]:
    import csv

    with open(SEEDS / "manifest.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {r["doc_id"]: (SEEDS / r["file"]).read_text(encoding="utf-8") for r in rows}
