"""Score attribution and quote detection against the hand-annotated gold.

    python -m bench.eval_attribution            # the evaluation table, written to
                                                # analysis/data/validity/attribution_gold.csv
    python -m bench.eval_attribution --no-write # print only
    python -m bench.eval_attribution --errors   # and every disagreement, for reading
    python -m bench.eval_attribution --profiles # and the per-outlet tables on the seeds

The gold (``tests/data/attribution_gold.csv``, guidelines in ``attribution_gold.md``) covers
every sentence of the seeds, of the hand-written hard cases (``tests/data/attribution_cases/``)
and of four held-out sets (``tests/data/attribution_heldout/``, ``attribution_heldout2/``,
``attribution_heldout3/``, ``attribution_heldout4/``); all
are run through the same pipeline here. The table (figures only, no article text) is kept in the package so that
the framing report can show it (``analysis.validate.validity_figures(detector="attribution")``);
``tests/test_validate.py`` checks that it is current.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from analysis.attribution import (
    attribution_profile,
    evaluate_attributions,
    find_attributions,
    find_hedges,
    hedge_rates,
    match_attributions,
    read_gold,
)
from analysis.pipeline import prepare_corpus
from analysis.quotes import evaluate_quotes, find_quotes, match_quotes, voices

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


def gold_corpus() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sentences and documents of every annotated corpus together (their doc ids differ),
    with a ``corpus`` column."""
    sentences, documents = [], []
    for name, path in CORPORA.items():
        p = prepare_corpus(path)
        sentences.append(p.sentences.assign(corpus=name))
        documents.append(p.documents.assign(corpus=name))
    return pd.concat(sentences, ignore_index=True), pd.concat(documents, ignore_index=True)


def evaluation_table(sentences: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """All metrics, over all annotated corpora and per corpus."""
    gold = read_gold(GOLD)
    attributions = find_attributions(sentences, documents=documents)
    quotes = find_quotes(sentences, documents, attributions=attributions)
    tables = []
    for name in ("all", *CORPORA):
        sents = sentences if name == "all" else sentences[sentences["corpus"] == name]
        g = gold if name == "all" else gold[gold["corpus"] == name]
        t = pd.concat([evaluate_attributions(attributions, g, sents),
                       evaluate_quotes(quotes, g, sents, documents)], ignore_index=True)
        tables.append(t.assign(corpus=name))
    out = pd.concat(tables, ignore_index=True)[["corpus", "metric", "value", "n_correct", "n", "note"]]
    out["value"] = out["value"].astype(float).round(4)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print every disagreement")
    parser.add_argument("--profiles", action="store_true", help="print per-outlet tables on the seeds")
    parser.add_argument("--no-write", action="store_true", help=f"print only (default: also write {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
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
        gold = read_gold(GOLD)
        attributions = find_attributions(sentences, documents=documents)
        quotes = find_quotes(sentences, documents, attributions=attributions)
        pairs = match_attributions(attributions, gold, sentences)
        bad = pairs[(pairs["status"] != "tp") | (pairs["gold_type"] != pairs["pred_type"])
                    | (pairs["gold_stance"] != pairs["pred_stance"]) | ~pairs["source_overlap"]]
        print("\nattribution disagreements:\n" + bad.to_string(index=False))
        qp = match_quotes(quotes, gold, sentences, documents)
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
