"""Deterministic large corpora built from the seeds' sentences (for benchmarks and tests only).

``build_text(n_bytes, seed)`` shuffles and repeats the cleaned seed sentences into one text of
at least ``n_bytes`` UTF-8 bytes, in paragraphs of 1–4 sentences. Same arguments, same bytes.

``iter_documents(n_bytes, seed=...)`` yields news-like documents (one dict each, the columns of
a Media Cloud style export: ``doc_id, outlet, date, title, url, language, text``) of about
1.5–8 KB, spread over the five seed outlets and a year of dates: a headline line, paragraphs of
1–3 seed sentences and, as in real scrapes, some page furniture taken from the seeds' own
removals (an "Advertisement" line, a "Read also:" list, a headline-plus-lede teaser). With
``vary=True`` (default) every sentence gets a time or place opener ("On 14 March, …",
"In Kyiv on Tuesday, …", "By 09:41 GMT, …"), so that a chunk of documents holds few exact
repeats: the seeds have only 89 distinct sentences, and a benchmark of the same 89 sentences
again and again would measure caches, not the pipeline. ``write_corpus(path, n_bytes)`` writes
them as JSONL, Parquet or CSV (streaming: memory stays small at any size). Same arguments,
same bytes.

Command line: ``python bench/corpus_gen.py OUT.jsonl --mb 1000`` (or ``.parquet``/``.csv``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(ROOT))

from analysis.pipeline import prepare_corpus  # noqa: E402

OUTLETS = (
    "World News Actuality",
    "Al Jazeera",
    "Unidentified republisher",
    "BBC News",
    "UK tabloid (unnamed)",
)
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_PLACES = "Kyiv Moscow Washington Paris London Geneva Brussels Istanbul Riyadh Berlin".split()
# Openers that are lower-cased after a prefix ("On 3 March, the talks ..."); "I" stays.
_LOWER_OPENERS = frozenset(
    "The A An He She It They We You This That These Those There His Her Its Their Our But And "
    "Yet So In On".split()
)
_FURNITURE = ("Advertisement", "Share this article", "Story continues below advertisement")


@lru_cache(maxsize=1)
def seed_sentences() -> list[str]:
    """The cleaned sentences of the seed corpus, in order (93, of which 89 distinct)."""
    return prepare_corpus(ROOT / "seeds").sentences["text"].tolist()


@lru_cache(maxsize=1)
def _headlines() -> list[str]:
    """Headline-like lines the cleaner removed from the seeds (list items), without bullets."""
    removals = prepare_corpus(ROOT / "seeds").removals
    lines = removals.loc[removals["rule"] == "headline_list", "text"].tolist()
    return [ln.lstrip("-• ").strip() for ln in lines if len(ln.split()) >= 4]


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


def _vary(sentence: str, rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        prefix = f"On {rng.randint(1, 28)} {rng.choice(_MONTHS)}, "
    elif kind == 1:
        prefix = f"In {rng.choice(_PLACES)} on {rng.choice(_DAYS)}, "
    else:
        prefix = f"By {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} GMT, "
    first = sentence.split(" ", 1)[0]
    if first in _LOWER_OPENERS:
        sentence = sentence[0].lower() + sentence[1:]
    return prefix + sentence


def iter_documents(
    n_bytes: int, *, seed: int = 0, vary: bool = True, min_bytes: int = 1500,
    max_bytes: int = 8000,
) -> Iterator[dict[str, str]]:
    """Yield documents until their texts add up to at least ``n_bytes`` UTF-8 bytes."""
    rng = random.Random(seed)
    pool = seed_sentences()
    heads = _headlines()
    size = 0
    i = 0
    while size < n_bytes:
        target = rng.randint(min_bytes, max_bytes)
        headline = rng.choice(heads)
        lines = [headline, ""]
        lede = None
        body = 0
        while body < target:
            k = rng.randint(1, 3)
            sents = [rng.choice(pool) for _ in range(k)]
            if vary:
                sents = [_vary(s, rng) for s in sents]
            para = " ".join(sents)
            lede = lede or sents[0]
            lines += [para, ""]
            body += len(para) + 2
            if rng.random() < 0.04:
                lines += [rng.choice(_FURNITURE), ""]
        if rng.random() < 0.2:  # a scraped teaser: headline and lede run together
            lines = [f"{headline} {lede}", "", *lines]
        if rng.random() < 0.2:
            lines += ["Read also:", *(f"- {h}" for h in rng.sample(heads, 3))]
        text = "\n".join(lines).strip("\n") + "\n"
        day = rng.randrange(365)
        yield {
            "doc_id": f"g{seed:02d}-{i:08d}",
            "outlet": OUTLETS[rng.randrange(len(OUTLETS))],
            "date": f"2025-{1 + day // 31 % 12:02d}-{1 + day % 28:02d}",
            "title": headline,
            "url": f"https://example.org/{seed}/{i}",
            "language": "en",
            "text": text,
        }
        size += len(text.encode("utf-8"))
        i += 1


def write_corpus(
    path: str | Path, n_bytes: int, *, seed: int = 0, vary: bool = True,
    rows_per_group: int = 2000,
) -> Path:
    """Write :func:`iter_documents` to ``path`` (``.jsonl``, ``.parquet`` or ``.csv``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    docs = iter_documents(n_bytes, seed=seed, vary=vary)
    name = path.name.lower()
    if name.endswith(".jsonl"):
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for doc in docs:
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    elif name.endswith(".csv"):
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(next(iter_documents(1))), lineterminator="\n")
            writer.writeheader()
            writer.writerows(docs)
    elif name.endswith(".parquet"):
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        batch: list[dict[str, str]] = []
        try:
            for doc in docs:
                batch.append(doc)
                if len(batch) == rows_per_group:
                    table = pa.Table.from_pylist(batch)
                    writer = writer or pq.ParquetWriter(path, table.schema)
                    writer.write_table(table)
                    batch = []
            if batch:
                table = pa.Table.from_pylist(batch)
                writer = writer or pq.ParquetWriter(path, table.schema)
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()
    else:
        raise SystemExit(f"{path}: use a .jsonl, .parquet or .csv name")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("out", help="output file: .jsonl, .parquet or .csv")
    ap.add_argument("--mb", type=float, default=100, help="size of the texts in MB (1e6 bytes)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-vary", action="store_true", help="repeat the seed sentences verbatim")
    args = ap.parse_args()
    out = write_corpus(args.out, int(args.mb * 1_000_000), seed=args.seed, vary=not args.no_vary)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB on disk)")


if __name__ == "__main__":
    main()
