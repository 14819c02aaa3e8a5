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


def boilerplate_corpus(folder: Path) -> Path:
    """A scrape of page furniture only (``boiler.jsonl`` in ``folder``): two documents that
    clean down to no sentence (4 removed spans)."""
    corpus = folder / "boiler.jsonl"
    corpus.write_text(
        '{"doc_id": "a", "outlet": "X", "date": "2025-01-01", "text": "Advertisement\\n\\n'
        'Related News\\n\\nAdvertisement"}\n'
        '{"doc_id": "b", "outlet": "Y", "date": "2025-01-02", "text": "Advertisement"}\n',
        encoding="utf-8",
    )
    return corpus
