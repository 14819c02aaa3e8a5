"""Deterministic large corpora built from the seeds' sentences (for benchmarks only).

``build_text(n_bytes, seed)`` shuffles and repeats the cleaned seed sentences into one text of
at least ``n_bytes`` UTF-8 bytes, in paragraphs of 1–4 sentences. Same arguments, same bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

from analysis.pipeline import prepare_corpus

ROOT = Path(__file__).resolve().parents[1]


def seed_sentences() -> list[str]:
    return prepare_corpus(ROOT / "seeds").sentences["text"].tolist()


def build_text(n_bytes: int, *, seed: int = 0) -> str:
    rng = random.Random(seed)
    sentences = seed_sentences()
    parts: list[str] = []
    size = 0
    while size < n_bytes:
        k = rng.randint(1, 4)
        para = " ".join(rng.choice(sentences) for _ in range(k))
        parts.append(para)
        size += len(para.encode("utf-8")) + 2
    return "\n\n".join(parts)
