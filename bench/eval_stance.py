"""Score the stance measures against the hand-labelled actor tone of ``tests/data/stance_gold.csv``.

    python -m bench.eval_stance            # the evaluation table, written to
                                           # analysis/data/validity/stance_gold.csv
    python -m bench.eval_stance --no-write # print only
    python -m bench.eval_stance --errors   # and every disagreement of VADER on clauses

The gold (guidelines in ``tests/data/stance_gold.md``) is 91 made-up news sentences, 200
sentence × actor rows, each labelled with how the actor comes across (positive, negative,
neutral) before any framescope code ran on them, and labelled again, blind, by a second
labeller (``tests/data/stance_gold_second.csv``). The table gives the agreement of the two
labellers, then each reading (VADER's compound, TextBlob's polarity, the loaded-term load)
with both contexts (the whole sentence, the actor's clauses), scored against the first labels
(``gold = first``) and against the rows both labellers agree on (``gold = consensus``), beside
the baseline that calls every actor neutral.
The table (figures only, no sentences) is kept in the package so that the framing report can
show it (``analysis.validate.validity_figures(detector="stance")``); ``tests/test_validate.py``
checks that it is current.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from analysis.actors import find_mentions, naming_forms  # noqa: E402
from analysis.agreement import cohen_kappa  # noqa: E402
from analysis.loaded import find_loaded, loaded_targets  # noqa: E402
from analysis.stance import (  # noqa: E402
    CONTEXTS,
    TONE_READINGS,
    evaluate_stance,
    gold_sentences,
    predict_tone,
    read_stance_gold,
    stance_sentences,
)

GOLD = ROOT / "tests" / "data" / "stance_gold.csv"
SECOND = ROOT / "tests" / "data" / "stance_gold_second.csv"
OUT = ROOT / "analysis" / "data" / "validity" / "stance_gold.csv"


def evidence_by_context(gold: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`stance_sentences` on the gold's sentences, with each context."""
    s = gold_sentences(gold)
    mentions = find_mentions(s)
    targets = loaded_targets(find_loaded(s), naming_forms(s, mentions), s)
    return {ctx: stance_sentences(s, mentions, targets, context=ctx) for ctx in CONTEXTS}


def consensus(gold: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The gold rows whose tone the second labeller gave too."""
    both = gold.merge(second[["case_id", "actor", "tone"]], on=["case_id", "actor"], how="left",
                      suffixes=("", "_second"), validate="one_to_one")
    if both["tone_second"].isna().any():
        row = both[both["tone_second"].isna()].iloc[0]
        raise SystemExit(f"{SECOND}: no tone for {row['actor']} in case {row['case_id']}")
    return gold[(both["tone"] == both["tone_second"]).to_numpy()].reset_index(drop=True)


def _labellers(gold: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    both = gold.merge(second, on=["case_id", "actor"], suffixes=("", "_second"))
    same = int((both["tone"] == both["tone_second"]).sum())
    kappa = cohen_kappa(both["tone"].tolist(), both["tone_second"].tolist())
    return pd.DataFrame([
        {"metric": "agreement", "value": round(same / len(both), 4), "n_correct": same,
         "n": len(both), "note": "rows both labellers gave the same tone"},
        {"metric": "kappa", "value": round(kappa, 4), "n_correct": pd.NA, "n": len(both),
         "note": "Cohen's kappa of the two labellers"},
    ]).assign(gold="labellers", reading="", context="")


def evaluation_table(gold: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The labellers' agreement, then every reading × context against the first labels and
    against the consensus, and the all-neutral baseline of each."""
    evidence = evidence_by_context(gold)
    tables = [_labellers(gold, second)]
    for name, labels in (("first", gold), ("consensus", consensus(gold, second))):
        tables += [
            evaluate_stance(evidence[ctx], labels, reading=reading).assign(
                gold=name, reading=reading, context=ctx)
            for reading in TONE_READINGS
            for ctx in CONTEXTS
            if not (reading == "loaded_terms" and ctx == "clause")  # the load has no context
        ]
        neutral = int((labels["tone"] == "neutral").sum())
        tables.append(pd.DataFrame([{
            "metric": "accuracy", "value": round(neutral / len(labels), 4), "n_correct": neutral,
            "n": len(labels), "note": "every actor called neutral (kappa 0)", "gold": name,
            "reading": "all_neutral", "context": "",
        }]))
    out = pd.concat(tables, ignore_index=True)
    out["n_correct"] = out["n_correct"].astype("Int64")
    return out[["gold", "reading", "context", "metric", "value", "n_correct", "n", "note"]]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="print VADER's disagreements")
    parser.add_argument("--no-write", action="store_true",
                        help=f"print only (default: also write {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 90)
    pd.set_option("display.max_rows", 500)
    gold = read_stance_gold(GOLD)
    second = pd.read_csv(SECOND, dtype=str, keep_default_na=False)
    table = evaluation_table(gold, second)
    labellers = table[table["gold"] == "labellers"]
    print("labellers: " + ", ".join(f"{m} {v}" for m, v in labellers[["metric", "value"]].values))
    for name in ("first", "consensus"):
        wide = table[table["gold"] == name].pivot_table(
            index="metric", columns=["reading", "context"], values="value", sort=False)
        print(f"\nagainst the {name} labels:\n{wide.to_string()}")
    if not args.no_write:
        table.to_csv(OUT, index=False, lineterminator="\n")
        print(f"\nWrote {OUT.relative_to(ROOT)} ({len(table)} rows; figures only)")
    if args.errors:
        data = predict_tone(evidence_by_context(gold)["clause"], gold)
        bad = data[data["predicted"] != data["tone"]]
        print("\nVADER on clauses, disagreements:\n" + bad[
            ["case_id", "construction", "actor", "tone", "predicted", "score", "context"]
        ].to_string(index=False))

if __name__ == "__main__":
    main()
