"""Benchmark: the whole pipeline, streamed, against the hand-written way, in one run.

Usage::

    python bench/pipeline.py                       # 100 MB, 1 and 2 workers, baseline on 1 MB
    python bench/pipeline.py --mb 1000 --workers 2 # the 1 GB run
    python bench/pipeline.py --mb 20 --stages      # + where the time goes, step by step
    python bench/pipeline.py --mb 20 --profile     # + cProfile of one chunk

What is measured (every figure is printed with its unit):

* **Corpus**: :func:`bench.corpus_gen.write_corpus` writes ``--mb`` megabytes of news-like
  documents (1.5–8 KB each, five outlets, from the seeds' sentences, each given a time or place
  opener so that few sentences repeat) as JSONL. **MB** is 10^6 bytes of document text (UTF-8),
  the unit of every throughput below; generating the corpus is not timed.
* **framescope**: :func:`analysis.scale.run_pipeline` over the whole corpus (read the JSONL,
  clean, segment, loaded language, actors, attribution, quotes, hedges, stance toward actors,
  write every table to Parquet), once per ``--workers`` value, each in a fresh process: wall
  time of the call, throughput in MB/s and MB/s per core (÷ workers), and **peak memory**: the
  largest total over that process and its worker processes, sampled every 0.2 s (psutil) as
  PSS (proportional set size: pages shared between the processes, such as the libraries every
  worker maps, are counted once, so the total is the physical memory the run uses) and, as an
  upper bound, as RSS (shared pages counted once per process).
* **Hand-written**: what a scholar writes first, run on the first ``--baseline-mb`` MB of the same
  corpus in a fresh process: per document, sentences split with a regex, ``TextBlob(s).sentiment``
  per sentence, and one ``re.findall`` per loaded-language lexicon term. Its throughput is per
  MB like the rest. It does far less than the pipeline (no cleaning, actors, attribution,
  quotes, VADER), so the ratio understates the difference in work per MB.
* **Ratios**: framescope (1 worker) MB/s ÷ hand-written MB/s; scaling = time with 1 worker ÷
  time with 2; time for 1 GB on 2 cores = 1000 MB ÷ (MB/s with 2 workers), measured when
  ``--mb 1000``, otherwise extrapolated (throughput is flat in corpus size: memory and work per
  chunk do not grow with the corpus).
* ``--stages``: each step's throughput on one chunk in this process (CPU time, the steps
  called as :func:`analysis.scale.analyse_documents` calls them); ``--profile``: the top
  functions of one chunk under cProfile.

Targets (issue 9): ≥ 5 MB/s per core, ≥ 10× the hand-written way, 1 GB in ≤ 2 minutes on 2
cores, peak memory ≤ 1 GB. They are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def text_megabytes(path: Path, limit_mb: float | None = None) -> float:
    """MB (10^6 bytes, UTF-8) of the document texts of a corpus (up to ``limit_mb``)."""
    from analysis.corpus import iter_corpus

    total = 0
    for docs in iter_corpus(path, chunk_size=2000):
        for text in docs["text"]:
            total += len(text.encode("utf-8"))
            if limit_mb is not None and total >= limit_mb * 1e6:
                return total / 1e6
    return total / 1e6


# --------------------------------------------------------------------------------------------
# children (each measured in its own process)


def child_framescope(corpus: Path, workers: int, chunk_size: int) -> dict:
    from analysis.scale import read_manifest, run_pipeline

    with tempfile.TemporaryDirectory(prefix="framescope-bench-") as tmp:
        t0 = time.perf_counter()
        out = run_pipeline(corpus, Path(tmp) / "run", workers=workers, chunk_size=chunk_size,
                           progress=False)
        seconds = time.perf_counter() - t0
        totals = read_manifest(out)["totals"]
        disk = sum(p.stat().st_size for p in Path(out).rglob("*.parquet"))
    return {"seconds": seconds, "documents": totals["n_documents"],
            "sentences": totals["rows"]["sentences"], "parquet_mb": disk / 1e6}


def child_handwritten(corpus: Path, baseline_mb: float) -> dict:
    """Per document: regex sentence split, TextBlob(s).sentiment per sentence, one
    re.findall per lexicon term (the loaded-language lexicon)."""
    from textblob import TextBlob

    from analysis.corpus import iter_corpus
    from analysis.lexicons import load_lexicon

    patterns = []
    for term in load_lexicon("loaded_language").entries["term"]:
        if term.startswith("re:"):
            patterns.append(term[3:])
        else:
            body = re.escape(term.rstrip("*")) + (r"\w*" if term.endswith("*") else "")
            patterns.append(rf"\b{body}\b")
    docs = []
    size = 0
    for chunk in iter_corpus(corpus, chunk_size=500):
        for text in chunk["text"]:
            docs.append(text)
            size += len(text.encode("utf-8"))
            if size >= baseline_mb * 1e6:
                break
        if size >= baseline_mb * 1e6:
            break
    t0 = time.perf_counter()
    n_hits = n_sentences = 0
    polarity = 0.0
    for text in docs:
        for sentence in _SENTENCE_SPLIT.split(text):
            if sentence.strip():
                polarity += TextBlob(sentence).sentiment.polarity
                n_sentences += 1
        low = text.replace("’", "'")
        for p in patterns:
            n_hits += len(re.findall(p, low, re.IGNORECASE))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "mb": size / 1e6, "documents": len(docs),
            "sentences": n_sentences, "hits": n_hits}


def measure(args: list[str]) -> dict:
    """Run this script as a child with ``args``; return its JSON result and its peak memory:
    the largest total PSS (and RSS) over the child and its descendants, sampled every 0.2 s."""
    import psutil

    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True)
    peak = {"pss": 0, "rss": 0}
    stop = threading.Event()

    def sample() -> None:
        parent = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                tree = [parent, *parent.children(recursive=True)]
                pss = rss = 0
                for p in tree:
                    try:
                        info = p.memory_full_info()
                        pss += getattr(info, "pss", info.rss)
                        rss += info.rss
                    except psutil.Error:
                        pass
                peak["pss"] = max(peak["pss"], pss)
                peak["rss"] = max(peak["rss"], rss)
            except psutil.Error:
                break
            stop.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    stop.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child {args} failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = peak["pss"] / 1e6
    result["peak_rss_mb"] = peak["rss"] / 1e6
    return result


# --------------------------------------------------------------------------------------------
# where the time goes


def stages(corpus: Path, chunk_size: int) -> None:
    """Each step of :func:`analysis.scale.analyse_documents` on one chunk, called as it calls
    them (the four lexicons matched with one scan, the hits and the quote marks shared, the
    garbage collector's thresholds of a run), CPU time of this process."""
    from analysis.actors import actors_lexicon, find_mentions, naming_forms
    from analysis.attribution import find_attributions, find_hedges, mark_voice
    from analysis.clean import clean_corpus
    from analysis.corpus import iter_corpus
    from analysis.lexicons import match_lexicons
    from analysis.loaded import loaded_targets
    from analysis.quotes import find_quotes, quote_spans_by_doc
    from analysis.scale import _fewer_collections, analyse_documents, load_resources
    from analysis.segment import segment_corpus
    from analysis.stance import stance_sentences

    res = load_resources()
    chunks = iter_corpus(corpus, chunk_size=chunk_size)
    analyse_documents(next(chunks).head(20), res)  # warm caches and lazy imports
    docs = next(chunks, None)
    if docs is None:
        print("(corpus too small for --stages: needs two chunks)")
        return
    mb = sum(len(t.encode("utf-8")) for t in docs["text"]) / 1e6
    times: dict[str, float] = {}

    def timed(name, fn, *a, **k):
        t0 = time.process_time()
        result = fn(*a, **k)
        times[name] = time.process_time() - t0
        return result

    with _fewer_collections():
        clean, _ = timed("clean", clean_corpus, docs, rules=res.rules)
        s = timed("segment", segment_corpus, clean)
        lexicons = [res.loaded, actors_lexicon(res.registry), res.verbs, res.hedges]
        hits, actor_hits, verb_hits, hedge_hits = timed(
            "lexicons (4, one scan)", match_lexicons, s, lexicons
        )
        mentions = timed("actor mentions", find_mentions, s, res.registry, hits=actor_hits)
        forms = timed("naming forms", naming_forms, s, mentions)
        targets = timed("loaded targets", loaded_targets, hits, forms, s)
        spans = timed("quote marks", quote_spans_by_doc, s, clean)
        attrs = timed("attributions", find_attributions, s, verbs=res.verbs, cues=res.cues,
                      hedges=res.hedges, mentions=mentions, documents=clean,
                      hedge_hits=hedge_hits, verb_hits=verb_hits, quote_spans=spans)
        quotes = timed("quotes", find_quotes, s, clean, attributions=attrs, mentions=mentions,
                       quote_spans=spans)
        timed("hedges", find_hedges, s, lexicon=res.hedges, attributions=attrs, quotes=quotes,
              hits=hedge_hits)
        timed("stance (scores)", stance_sentences, s, mentions, targets)
        timed("loaded voice", mark_voice, targets, attributions=attrs, quotes=quotes,
              reported_speech="outlet")
    total = sum(times.values())
    print(f"\nwhere the time goes: one chunk of {len(docs)} documents, {mb:.2f} MB, one core "
          "(CPU seconds)")
    print(f"{'step':<22} {'seconds':>8} {'MB/s':>7} {'share':>6}")
    for name, sec in times.items():
        print(f"{name:<22} {sec:8.3f} {mb / sec:7.1f} {sec / total:6.0%}")
    print(f"{'all':<22} {total:8.3f} {mb / total:7.2f}")


def profile(corpus: Path, chunk_size: int, top: int = 30) -> None:
    import cProfile
    import pstats

    from analysis.corpus import iter_corpus
    from analysis.scale import analyse_documents, load_resources

    res = load_resources()
    chunks = iter_corpus(corpus, chunk_size=chunk_size)
    analyse_documents(next(chunks).head(20), res)
    docs = next(chunks, None)
    if docs is None:
        return
    prof = cProfile.Profile()
    prof.enable()
    analyse_documents(docs, res)
    prof.disable()
    print(f"\ncProfile of one chunk ({len(docs)} documents), top {top} by own time:")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


# --------------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=100, help="corpus size (MB of text)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    ap.add_argument("--baseline-mb", type=float, default=1.0, help="slice for the hand-written way")
    ap.add_argument("--chunk-size", type=int, default=500)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus", help="use this corpus (JSONL/CSV/Parquet/folder) instead")
    ap.add_argument("--keep", help="write the generated corpus here and keep it")
    ap.add_argument("--stages", action="store_true", help="per-step throughput on one chunk")
    ap.add_argument("--profile", action="store_true", help="cProfile of one chunk")
    ap.add_argument("--child", choices=["framescope", "handwritten"], help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child == "framescope":
        print(json.dumps(child_framescope(Path(args.corpus), int(args.workers), args.chunk_size)))
        return
    if args.child == "handwritten":
        print(json.dumps(child_handwritten(Path(args.corpus), args.baseline_mb)))
        return

    from bench.corpus_gen import write_corpus

    tmp = tempfile.TemporaryDirectory(prefix="framescope-corpus-")
    if args.corpus:
        corpus = Path(args.corpus)
        mb = text_megabytes(corpus)
    else:
        folder = Path(args.keep) if args.keep else Path(tmp.name)
        corpus = folder / f"corpus-{args.mb:g}mb-seed{args.seed}.jsonl"
        if not corpus.exists():
            t0 = time.perf_counter()
            write_corpus(corpus, int(args.mb * 1e6), seed=args.seed)
            print(f"generated {corpus.name} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        mb = text_megabytes(corpus)
    print(f"corpus: {corpus.name}, {mb:.1f} MB of text, {corpus.stat().st_size / 1e6:.1f} MB "
          f"on disk; machine: {os.cpu_count()} CPUs")

    runs = []
    for w in [int(x) for x in args.workers.split(",")]:
        r = measure(["--child", "framescope", "--corpus", str(corpus), "--workers", str(w),
                     "--chunk-size", str(args.chunk_size)])
        r.update(workers=w, mb=mb, mbps=mb / r["seconds"])
        runs.append(r)
    base = measure(["--child", "handwritten", "--corpus", str(corpus),
                    "--baseline-mb", str(args.baseline_mb)])
    base["mbps"] = base["mb"] / base["seconds"]

    print(f"\n{'run':<24} {'MB':>8} {'seconds':>9} {'MB/s':>7} {'MB/s/core':>10} "
          f"{'peak PSS MB':>12} {'peak RSS MB':>12}")
    for r in runs:
        name = f"framescope, {r['workers']} worker{'s' if r['workers'] > 1 else ''}"
        print(f"{name:<24} {r['mb']:8.1f} {r['seconds']:9.1f} {r['mbps']:7.2f} "
              f"{r['mbps'] / r['workers']:10.2f} {r['peak_mb']:12.0f} {r['peak_rss_mb']:12.0f}")
    print(f"{'hand-written (1 core)':<24} {base['mb']:8.1f} {base['seconds']:9.1f} "
          f"{base['mbps']:7.3f} {base['mbps']:10.3f} {base['peak_mb']:12.0f} "
          f"{base['peak_rss_mb']:12.0f}")
    print(f"\nframescope output: {runs[0]['documents']:,} documents, {runs[0]['sentences']:,} "
          f"sentences, {runs[0]['parquet_mb']:.1f} MB of Parquet")
    one = next((r for r in runs if r["workers"] == 1), None)
    two = next((r for r in runs if r["workers"] == 2), None)
    if one:
        print(f"ratio, framescope (1 worker) / hand-written, per MB: "
              f"{one['mbps'] / base['mbps']:.1f}x   (target >= 10x)")
        print(f"throughput per core (1 worker): {one['mbps']:.2f} MB/s   (target >= 5 MB/s)")
    if one and two:
        print(f"scaling 1 -> 2 workers: {one['seconds'] / two['seconds']:.2f}x faster")
    if two:
        how = "measured" if mb >= 999 else "extrapolated from this run"
        print(f"1 GB on 2 cores: {1000 / two['mbps']:.0f} s ({how})   (target <= 120 s)")
    print(f"peak memory (PSS): {max(r['peak_mb'] for r in runs):.0f} MB; RSS summed over "
          f"processes: {max(r['peak_rss_mb'] for r in runs):.0f} MB   (target <= 1000 MB)")
    if args.stages:
        stages(corpus, args.chunk_size)
    if args.profile:
        profile(corpus, args.chunk_size)
    tmp.cleanup()


if __name__ == "__main__":
    main()
