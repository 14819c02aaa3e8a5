"""Benchmark: loaded-language matching throughput and memory, against the hand-written way.

Usage: python bench/matching.py [--mb 100] [--baseline-mb 5] [--seed 0]

Builds a deterministic corpus by shuffling and repeating the seeds' sentences (documents of
about 4 KB, ``--mb`` megabytes in all), then, each in its own process so peak memory is its own:

* framescope: ``match_lexicon`` over the sentence table (one pass, Aho–Corasick);
* hand-written: one ``re.findall`` per lexicon term per document, what a scholar writes first.
  It is run on the first ``--baseline-mb`` megabytes only (on all of it, it would take hours);
  throughput is per MB either way.

Prints MB/s per core (single process), peak RSS and the ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DOC_BYTES = 4000


def build_sentences(n_bytes: int, seed: int):
    import pandas as pd

    from analysis.segment import count_tokens
    from bench.corpus_gen import seed_sentences

    rng = random.Random(seed)
    pool = seed_sentences()
    rows = []
    size = doc = 0
    while size < n_bytes:
        pos = 0
        sent_id = 0
        while pos < DOC_BYTES:
            text = rng.choice(pool)
            rows.append((f"d{doc:07d}", f"outlet{doc % 7}", sent_id, pos, pos + len(text), text, count_tokens(text)))
            pos += len(text) + 1
            sent_id += 1
        size += pos
        doc += 1
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "sent_id", "start", "end", "text", "n_tokens"])


def run_child(approach: str, mb: float, seed: int) -> dict:
    from analysis.lexicons import compile_matcher, load_lexicon, match_lexicon

    sentences = build_sentences(int(mb * 1_000_000), seed)
    n_bytes = int(sentences["text"].str.len().sum() + len(sentences))
    lex = load_lexicon("loaded_language")
    t0 = time.perf_counter()
    if approach == "framescope":
        hits = match_lexicon(sentences, compile_matcher(lex))
        n_hits = len(hits)
    else:
        # the hand-written way: per document, one findall per term
        docs = sentences.groupby("doc_id", sort=False)["text"].agg("\n".join)
        patterns = []
        for term in lex.entries["term"]:
            if term.startswith("re:"):
                body = term[3:]
            else:
                body = re.escape(term.rstrip("*")) + (r"\w*" if term.endswith("*") else "")
            patterns.append(rf"\b{body}\b" if not term.startswith("re:") else body)
        flags = re.IGNORECASE
        n_hits = 0
        for text in docs:
            text = text.replace("’", "'")
            for p in patterns:
                n_hits += len(re.findall(p, text, flags))
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"approach": approach, "mb": n_bytes / 1e6, "seconds": elapsed, "hits": n_hits, "peak_mb": peak}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mb", type=float, default=100)
    ap.add_argument("--baseline-mb", type=float, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", choices=["framescope", "handwritten"])
    args = ap.parse_args()
    if args.child:
        mb = args.mb
        print(json.dumps(run_child(args.child, mb, args.seed)))
        return
    results = []
    for approach, mb in (("framescope", args.mb), ("handwritten", args.baseline_mb)):
        out = subprocess.run(
            [sys.executable, __file__, "--child", approach, "--mb", str(mb), "--seed", str(args.seed)],
            capture_output=True, text=True, check=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'approach':<12} {'MB':>8} {'seconds':>9} {'MB/s/core':>10} {'hits':>10} {'peak RSS MB':>12}")
    for r in results:
        r["mbps"] = r["mb"] / r["seconds"]
        print(f"{r['approach']:<12} {r['mb']:8.1f} {r['seconds']:9.2f} {r['mbps']:10.2f} {r['hits']:10d} {r['peak_mb']:12.0f}")
    fs, hw = results
    print(f"ratio (framescope / hand-written throughput): {fs['mbps'] / hw['mbps']:.0f}x")
    print("peak RSS includes building the benchmark corpus (a DataFrame of sentences) in the process.")


if __name__ == "__main__":
    main()
