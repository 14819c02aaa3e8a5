"""Score the stance measures against the hand-labelled actor tone of ``tests/data/stance_gold.csv``.

    python -m bench.eval_stance            # the evaluation table, written to
                                           # analysis/data/validity/stance_gold.csv
    python -m bench.eval_stance --no-write # print only
    python -m bench.eval_stance --errors   # and every disagreement of VADER on clauses

The gold (guidelines in ``tests/data/stance_gold.md``) is 91 made-up news sentences, 200
sentence × actor rows, each labelled with how the actor comes across (positive, negative,
neutral), written and labelled by hand before any framescope code ran on them. Each reading
(VADER's compound, TextBlob's polarity, the loaded-term load) is scored with both contexts
(the whole sentence, the actor's clauses), beside the baseline that calls every actor neutral.
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
OUT = ROOT / "analysis" / "data" / "validity" / "stance_gold.csv"


def evidence_by_context(gold: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`stance_sentences` on the gold's sentences, with each context."""
    s = gold_sentences(gold)
    mentions = find_mentions(s)
    targets = loaded_targets(find_loaded(s), naming_forms(s, mentions), s)
    return {ctx: stance_sentences(s, mentions, targets, context=ctx) for ctx in CONTEXTS}


def evaluation_table(gold: pd.DataFrame) -> pd.DataFrame:
    """Every reading × context, and the all-neutral baseline."""
    evidence = evidence_by_context(gold)
    tables = [
        evaluate_stance(evidence[ctx], gold, reading=reading).assign(reading=reading, context=ctx)
        for reading in TONE_READINGS
        for ctx in CONTEXTS
        if not (reading == "loaded_terms" and ctx == "clause")  # the load has no context
    ]
    neutral = int((gold["tone"] == "neutral").sum())
    tables.append(pd.DataFrame([{
        "metric": "accuracy", "value": round(neutral / len(gold), 4), "n_correct": neutral,
        "n": len(gold), "note": "every actor called neutral (kappa 0)", "reading": "all_neutral",
        "context": "",
    }]))
    out = pd.concat(tables, ignore_index=True)
    return out[["reading", "context", "metric", "value", "n_correct", "n", "note"]]


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
    table = evaluation_table(gold)
    wide = table.pivot_table(index="metric", columns=["reading", "context"], values="value",
                             sort=False)
    print(wide.to_string())
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
