"""Benchmark: one large document (default 50 MB) through load → clean → segment.

Usage: python bench/large_document.py [--mb 50] [--seed 0]

Writes the document to a temporary folder with a manifest, then measures wall time of each
step and the peak resident memory of the process (ru_maxrss). Prints one table.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.clean import clean_corpus
from analysis.corpus import load_corpus
from analysis.segment import segment_corpus
from bench.corpus_gen import build_text


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    text = build_text(int(args.mb * 1_000_000), seed=args.seed)
    n_bytes = len(text.encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "big.txt").write_text(text, encoding="utf-8")
        (folder / "manifest.csv").write_text("doc_id,outlet\nbig,Bench\n", encoding="utf-8")
        del text
        base = peak_mb()
        t0 = time.perf_counter()
        docs = load_corpus(folder)
        t1 = time.perf_counter()
        clean, removals = clean_corpus(docs)
        t2 = time.perf_counter()
        sentences = segment_corpus(clean)
        t3 = time.perf_counter()
    print(f"document: {n_bytes / 1e6:.1f} MB, {len(sentences):,} sentences, "
          f"{int(sentences['n_tokens'].sum()):,} tokens, {len(removals)} removals")
    print(f"load    {t1 - t0:6.2f} s")
    print(f"clean   {t2 - t1:6.2f} s")
    print(f"segment {t3 - t2:6.2f} s")
    print(f"total   {t3 - t0:6.2f} s  ({n_bytes / 1e6 / (t3 - t0):.1f} MB/s)")
    print(f"peak RSS {peak_mb():.0f} MB (before loading: {base:.0f} MB)")


if __name__ == "__main__":
    main()
