"""Score attribution and quote detection against the hand-annotated gold.

    python -m bench.eval_attribution            # the evaluation table, written to
                                                # analysis/data/validity/attribution_gold.csv
    python -m bench.eval_attribution --no-write # print only
    python -m bench.eval_attribution --errors   # and every disagreement, for reading
                                                # (not of the sets kept out of tuning)
    python -m bench.eval_attribution --profiles # and the per-outlet tables on the seeds

    python -m bench.eval_attribution --import-babe annotation.csv
                                                # a blind annotation of the BABE sample, as
                                                # text, stored as offsets

The gold (``tests/data/attribution_gold.csv``, guidelines in ``attribution_gold.md``) covers
every sentence of the seeds, of the hand-written hard cases (``tests/data/attribution_cases/``)
and of six held-out sets (``tests/data/attribution_heldout*/``). A second gold covers 600
real news sentences, a fixed sample of BABE's SG2 file (``attribution_babe_items.csv``, in
BABE's tune and test halves): BABE is read from ``../shared`` and never copied, so the project
keeps only character offsets into its text (``attribution_babe_gold.csv``); without BABE
those two corpora are left out. All are run through the same pipeline here. The table (figures
only, no article text) is kept in the package so that the framing report can show it
(``analysis.validate.validity_figures(detector="attribution")``); ``tests/test_validate.py``
checks that it is current.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
from pathlib import Path

import pandas as pd

from analysis.attribution import (
    GOLD_COLUMNS,
    NO_CONTENT,
    attribution_profile,
    content_agreement,
    evaluate_attributions,
    find_attributions,
    find_hedges,
    hedge_rates,
    match_attributions,
    read_gold,
)
from analysis.clean import normalize_text
from analysis.errors import ParameterError
from analysis.pipeline import prepare_corpus
from analysis.quotes import evaluate_quotes, find_quotes, match_quotes, voices
from analysis.validate import read_babe

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "attribution_gold.csv"
DATA = ROOT / "tests" / "data"
CORPORA = {
    "seeds": ROOT / "seeds",
    "cases": DATA / "attribution_cases",
    "heldout": DATA / "attribution_heldout",
    "heldout2": DATA / "attribution_heldout2",
    "heldout3": DATA / "attribution_heldout3",
    "heldout4": DATA / "attribution_heldout4",
    "heldout5": DATA / "attribution_heldout5",
    "heldout6": DATA / "attribution_heldout6",
}
OUT = ROOT / "analysis" / "data" / "validity" / "attribution_gold.csv"

# Real news: a sample of BABE's sentences (read from ../shared, never copied), annotated blind.
# The project keeps only the sampled ids and character offsets into BABE's text.
BABE = ROOT.parent / "shared" / "validation" / "babe"
BABE_FILE = "final_labels_SG2.csv"
BABE_ITEMS = DATA / "attribution_babe_items.csv"
BABE_GOLD = DATA / "attribution_babe_gold.csv"
BABE_CORPORA = ("babe_tune", "babe_test")
# a second, blind coding of the content of a sample of attributions (inter-coder agreement)
SECOND = DATA / "attribution_content_second.csv"
# scored, never read: --errors leaves them out
HELD_OUT = ("heldout6", "babe_test")
_SPANS = ("cue", "source", "quote", "speaker")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def babe_items(babe: Path = BABE, *, items_file: Path = BABE_ITEMS) -> pd.DataFrame | None:
    """The sampled BABE sentences (``doc_id, outlet, text, corpus``), their texts read from
    ``babe`` and checked against the stored hashes; ``None`` when BABE is not there."""
    if not (babe / BABE_FILE).is_file():
        return None
    items = pd.read_csv(items_file, dtype=str, keep_default_na=False)
    frame = read_babe(babe / BABE_FILE).sentences.set_index("doc_id")
    missing = sorted(set(items["doc_id"]) - set(frame.index))
    if missing:
        raise ParameterError(f"{items_file}: {missing[0]} is not a row of {babe / BABE_FILE}")
    out = items.assign(outlet=frame.loc[items["doc_id"], "outlet"].to_numpy(),
                       text=frame.loc[items["doc_id"], "text"].to_numpy())
    changed = out[out["text"].map(_sha) != out["text_sha256"]]
    if len(changed):
        raise ParameterError(f"{items_file}: the text of {changed['doc_id'].iloc[0]} differs from "
                             f"the one annotated (hash {changed['text_sha256'].iloc[0]}): is "
                             f"{babe} BABE's commit named in its SOURCE.md?")
    return out[["doc_id", "outlet", "text", "corpus"]]


def babe_gold(items: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame, *,
              gold_file: Path = BABE_GOLD) -> pd.DataFrame:
    """The BABE gold in the gold file's form (``read_gold``'s columns). Each stored span is cut
    from BABE's raw text (``items``), normalised as the cleaner normalises, and found in the
    cleaned document (the same occurrence as in the raw text); its sentence in ``sentences``
    gives ``sent_id`` and the cue's occurrence there."""
    stored = pd.read_csv(gold_file, dtype=str, keep_default_na=False)
    raw = dict(zip(items["doc_id"], items["text"], strict=True))
    corpus = dict(zip(items["doc_id"], items["corpus"], strict=True))
    clean = dict(zip(documents["doc_id"], documents["text"], strict=True))
    sents = {d: g for d, g in sentences[sentences["doc_id"].isin(raw)].groupby("doc_id")}
    rows = []
    for line, r in enumerate(stored.to_dict("records"), start=2):
        where = f"{gold_file.name}: line {line}"
        if r["doc_id"] not in raw:
            raise ParameterError(f"{where}: {r['doc_id']} is not in the BABE sample")
        text = raw[r["doc_id"]]
        row = {c: r.get(c, "") for c in GOLD_COLUMNS}
        row["corpus"] = corpus[r["doc_id"]]
        anchor = None
        for name in _SPANS:
            if not r[f"{name}_start"]:
                row[name] = ""
                continue
            s, e = int(r[f"{name}_start"]), int(r[f"{name}_end"])
            row[name] = normalize_text(text[s:e])
            if anchor is None and name in ("cue", "quote"):
                anchor = (row[name], text[:s].count(text[s:e]) + 1)
        if anchor is None:
            raise ParameterError(f"{where}: a row needs a cue or a quote span")
        content = r.get("content_start", "")
        if content and content != NO_CONTENT:
            content = normalize_text(text[int(content):int(r["content_end"])])
        row["content"] = content
        piece, nth = anchor
        found = _occurrences(clean[r["doc_id"]], piece)
        if len(found) < nth:
            raise ParameterError(f"{where}: the span {piece!r} is not in the cleaned text")
        pos = found[nth - 1]
        doc = sents[r["doc_id"]]
        sent = doc[(doc["start"] <= pos) & (doc["end"] > pos)].iloc[0]
        row["sent_id"] = int(sent["sent_id"])
        if row["record"] == "attribution":
            row["cue_occurrence"] = sent["text"].count(piece, 0, pos - int(sent["start"])) + 1
        rows.append(row)
    gold = pd.DataFrame(rows, columns=GOLD_COLUMNS)
    gold["cue_occurrence"] = pd.to_numeric(gold["cue_occurrence"].replace("", 1)).astype(int)
    return gold


def _occurrences(text: str, piece: str) -> list[int]:
    found, pos = [], text.find(piece)
    while pos >= 0:
        found.append(pos)
        pos = text.find(piece, pos + 1)
    return found


def babe_offsets(gold: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Turn a blind annotation of the BABE sample written as text (the gold file's columns,
    ``doc_id`` a BABE id, ``cue_occurrence`` counted in the whole item) into the stored form:
    character offsets into BABE's text instead of the words. A source or speaker is taken at
    its occurrence nearest the cue or quote; a quote at the first occurrence no earlier quote
    row of the item has taken."""
    raw = dict(zip(items["doc_id"], items["text"], strict=True))
    rows, taken = [], set()
    for line, r in enumerate(gold.to_dict("records"), start=2):
        text = raw.get(r["doc_id"])
        if text is None:
            raise ParameterError(f"line {line}: {r['doc_id']} is not in the BABE sample")
        out = {"doc_id": r["doc_id"], "record": r["record"]}
        where = f"line {line}: {r['doc_id']}"

        def find_all(piece: str, text: str = text, where: str = where) -> list[int]:
            found = _occurrences(text, piece)
            if not found:
                raise ParameterError(f"{where}: {piece!r} is not in its text")
            return found

        if r["record"] == "attribution":
            at = find_all(r["cue"])[int(r["cue_occurrence"] or 1) - 1]
            out["cue_start"], out["cue_end"] = at, at + len(r["cue"])
        else:
            at = next(p for p in find_all(r["quote"]) if (r["doc_id"], p) not in taken)
            taken.add((r["doc_id"], at))
            out["quote_start"], out["quote_end"] = at, at + len(r["quote"])
        for name in ("source", "speaker", "content"):
            if r.get(name) == NO_CONTENT and name == "content":
                out["content_start"] = out["content_end"] = NO_CONTENT
            elif r.get(name):
                near = min(find_all(r[name]), key=lambda p, at=at: (abs(p - at), p))
                out[f"{name}_start"], out[f"{name}_end"] = near, near + len(r[name])
        for col in ("source_type", "verb_stance", "kind", "speaker_actor", "speaker_group",
                    "speaker_resolution"):
            out[col] = r[col]
        rows.append(out)
    columns = ["doc_id", "record", *(f"{n}_{e}" for n in _SPANS for e in ("start", "end")),
               "content_start", "content_end", "source_type", "verb_stance", "kind",
               "speaker_actor", "speaker_group", "speaker_resolution"]
    table = pd.DataFrame(rows, columns=columns)
    for col in columns[2:10]:
        table[col] = table[col].astype("Int64")
    for col in columns[10:12]:  # an offset, "-" (no content in the sentence) or empty
        table[col] = table[col].map(lambda v: "" if pd.isna(v) else str(v))
    return table


def gold_corpus(*, babe: Path | None = BABE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and documents of every annotated corpus together (their doc ids differ),
    with a ``corpus`` column; the BABE sample too when ``babe`` holds BABE."""
    sentences, documents = [], []
    for name, path in CORPORA.items():
        p = prepare_corpus(path)
        sentences.append(p.sentences.assign(corpus=name))
        documents.append(p.documents.assign(corpus=name))
    items = babe_items(babe) if babe is not None else None
    if items is not None:
        babe_sentences, babe_documents = babe_corpus(items)
        sentences.append(babe_sentences)
        documents.append(babe_documents)
    return pd.concat(sentences, ignore_index=True), pd.concat(documents, ignore_index=True)


def babe_corpus(items: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The BABE sample (:func:`babe_items`) through the pipeline, one document per item, with
    its ``corpus`` and, in the documents, its ``raw_text``."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "babe.jsonl"
        items.drop(columns="corpus").to_json(path, orient="records", lines=True, force_ascii=False)
        p = prepare_corpus(path, date_column=None, title_column=None, url_column=None,
                           language_column=None)
    corpus = dict(zip(items["doc_id"], items["corpus"], strict=True))
    raw = dict(zip(items["doc_id"], items["text"], strict=True))
    return (p.sentences.assign(corpus=p.sentences["doc_id"].map(corpus)),
            p.documents.assign(corpus=p.documents["doc_id"].map(corpus),
                               raw_text=p.documents["doc_id"].map(raw)))


def read_all_gold(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The gold file, and the BABE gold when ``documents`` holds the BABE sample."""
    gold = read_gold(GOLD)
    babe = documents[documents["corpus"].isin(BABE_CORPORA)]
    if babe.empty:
        return gold
    items = babe[["doc_id", "corpus"]].assign(text=babe["raw_text"])
    return pd.concat([gold, babe_gold(items, sentences, babe)], ignore_index=True)


def second_coding(gold: pd.DataFrame, documents: pd.DataFrame, *,
                  second_file: Path = SECOND) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The attributions whose content a second coder coded blind (``second_file``: ``file``
    (``attribution_gold.csv`` or ``attribution_babe_gold.csv``), ``row`` (its data row, from 0),
    ``doc_id`` and ``cue`` to check the row, ``content`` for framescope's own texts,
    ``content_start, content_end`` into BABE's text for BABE's), as two gold tables row for
    row: the first coding (``gold``, :func:`read_all_gold`) and the second. BABE's rows are left
    out when ``documents`` does not hold the BABE sample."""
    second = pd.read_csv(second_file, dtype=str, keep_default_na=False)
    n_own = int((~gold["corpus"].isin(BABE_CORPORA)).sum())  # the gold file's rows come first
    raw = {}
    if "raw_text" in documents.columns:
        babe = documents[documents["corpus"].isin(BABE_CORPORA)]
        raw = dict(zip(babe["doc_id"], babe["raw_text"], strict=True))
    rows, contents = [], []
    for line, r in enumerate(second.to_dict("records"), start=2):
        where = f"{second_file.name}: line {line}"
        if r["file"] == BABE_GOLD.name:
            if r["doc_id"] not in raw:
                continue
            at = n_own + int(r["row"])
            c = r["content_start"]
            content = c if c in ("", NO_CONTENT) else normalize_text(
                raw[r["doc_id"]][int(c):int(r["content_end"])])
        elif r["file"] == GOLD.name:
            at, content = int(r["row"]), r["content"]
        else:
            raise ParameterError(f"{where}: file {r['file']!r} is not {GOLD.name} or "
                                 f"{BABE_GOLD.name}")
        if at >= len(gold) or gold.at[at, "doc_id"] != r["doc_id"] or (
            r["file"] == GOLD.name and gold.at[at, "cue"] != r["cue"]
        ) or gold.at[at, "record"] != "attribution":
            raise ParameterError(f"{where}: row {r['row']} of {r['file']} is not the "
                                 f"attribution it was coded for ({r['doc_id']}): was the gold "
                                 f"file reordered?")
        rows.append(at)
        contents.append(content)
    first = gold.loc[rows].reset_index(drop=True)
    return first, first.assign(content=contents)


def evaluation_table(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """All metrics, over all annotated corpora and per corpus. ``all`` is framescope's own
    gold (the BABE sample has its rows, ``babe_tune`` and ``babe_test``, and is not in it)."""
    gold = read_all_gold(sentences, documents)
    attributions = find_attributions(sentences, documents=documents)
    quotes = find_quotes(sentences, documents, attributions=attributions)
    own = ~sentences["corpus"].isin(BABE_CORPORA)
    present = [c for c in BABE_CORPORA if c in set(sentences["corpus"])]
    tables = []
    for name in ("all", *CORPORA, *present):
        sents = sentences[own] if name == "all" else sentences[sentences["corpus"] == name]
        g = gold[gold["corpus"].isin(CORPORA)] if name == "all" else gold[gold["corpus"] == name]
        t = pd.concat([evaluate_attributions(attributions, g, sents),
                       evaluate_quotes(quotes, g, sents, documents)], ignore_index=True)
        tables.append(t.assign(corpus=name))
    first, second = second_coding(gold, documents)
    own_rows = first["corpus"].isin(CORPORA)
    for name, keep in (("all", own_rows), ("babe_sample", ~own_rows)):
        if keep.any():
            tables.append(content_agreement(first[keep], second[keep], sentences).assign(
                corpus=f"coders_{name}"))
    out = pd.concat(tables, ignore_index=True)[["corpus", "metric", "value", "n_correct", "n", "note"]]
    out["value"] = out["value"].astype(float).round(4)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every disagreement")
    parser.add_argument("--profiles", action="store_true", help="print per-outlet tables on the seeds")
    parser.add_argument("--no-write", action="store_true", help=f"print only (default: also write {OUT.relative_to(ROOT)})")
    parser.add_argument("--import-babe", type=Path, metavar="CSV",
                        help=f"turn a blind annotation of the BABE sample, written as text, into "
                             f"offsets in {BABE_GOLD.relative_to(ROOT)}, and stop")
    args = parser.parse_args(argv)
    if args.import_babe:
        items = babe_items()
        if items is None:
            parser.error(f"BABE is not at {BABE}")
        gold = pd.read_csv(args.import_babe, dtype=str, keep_default_na=False)
        babe_offsets(gold, items).to_csv(BABE_GOLD, index=False, lineterminator="\n")
        print(f"Wrote {BABE_GOLD.relative_to(ROOT)} ({len(gold)} rows)")
        return
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 70)
    pd.set_option("display.max_rows", 500)
    sentences, documents = gold_corpus()
    table = evaluation_table(sentences, documents)
    print(table.drop(columns="note").to_string(index=False))
    if not args.no_write:
        table.to_csv(OUT, index=False, lineterminator="\n")
        print(f"\nWrote {OUT.relative_to(ROOT)} ({len(table)} rows; figures only)")
    if args.errors:
        gold = read_all_gold(sentences, documents)
        attributions = find_attributions(sentences, documents=documents)
        quotes = find_quotes(sentences, documents, attributions=attributions)
        # the sets kept out of tuning are never printed, so that they stay blind
        shown = sentences[~sentences["corpus"].isin(HELD_OUT)]
        gold = gold[~gold["corpus"].isin(HELD_OUT)]
        pairs = match_attributions(attributions, gold, shown)
        bad = pairs[(pairs["status"] != "tp") | (pairs["gold_type"] != pairs["pred_type"])
                    | (pairs["gold_stance"] != pairs["pred_stance"]) | ~pairs["source_overlap"]]
        print("\nattribution disagreements:\n" + bad.to_string(index=False))
        qp = match_quotes(quotes, gold, shown, documents)
        qbad = qp[(qp["status"] != "tp") | (qp["gold_kind"] != qp["pred_kind"])
                  | ((qp["gold_kind"] == "speech") & ~qp["speaker_correct"])]
        print("\nquote disagreements:\n" + qbad.assign(gold_text=qbad["gold_text"].str[:40],
                                                      pred_text=qbad["pred_text"].str[:40]).to_string(index=False))
    if args.profiles:
        seeds = prepare_corpus(CORPORA["seeds"])
        attributions = find_attributions(seeds.sentences, documents=seeds.documents)
        quotes = find_quotes(seeds.sentences, seeds.documents, attributions=attributions)
        profile = attribution_profile(attributions, seeds.sentences)
        for dimension in ("source_type", "verb_stance"):
            wide = profile[profile["dimension"] == dimension].pivot(index="outlet", columns="value", values="n")
            print(f"\n{dimension} per outlet (n; shares in attribution_profile):\n{wide.to_string()}")
        hedges = find_hedges(seeds.sentences, attributions=attributions, quotes=quotes)
        rates = hedge_rates(hedges, seeds.sentences)
        print("\nhedges per 1,000 tokens:\n" + rates[rates["category"] == "all"].drop(
            columns=["category", "ci_low", "ci_high", "interval_note"]).to_string(index=False))
        print("\nvoices per actor group:\n" + voices(quotes, level="group").to_string(index=False))


if __name__ == "__main__":
    main()
