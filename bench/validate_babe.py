"""Validity benchmark: the loaded-language detector against BABE's expert annotations.

Usage::

    python bench/validate_babe.py                 # figures for every set, written to
                                                  # analysis/data/validity/loaded_language_babe.csv
    python bench/validate_babe.py --entries 40    # + the 40 most frequent entries on the tuning half
    python bench/validate_babe.py --misses 40     # + the 40 most frequent missed words (tuning half)
    python bench/validate_babe.py --disagreements 20   # + examples from the tuning half
    python bench/validate_babe.py --voice --no-write   # + held-out figures without quoted hits

BABE (Spinde et al. 2021) is read from ``../shared/validation/babe`` (or ``--babe DIR``) and never
copied into the project; without it the script says so and exits 0.

**Sets.** SG2 (3,673 labelled sentences, 5 experts) is split once, deterministically, by
:func:`analysis.validate.split_half` (sha256 of the normalised sentence text): the lexicon was
calibrated on ``SG2 tune`` only, and ``SG2 test`` is the held-out figure. SG1 holds 1,700
sentences labelled by a different group of 8 experts; 1,699 of them are also in SG2, and the
hash split puts each in the same half as its SG2 twin, so ``SG1 test`` (the SG1 sentences of the
test half) is a second held-out test with independent labels. ``SG1 all`` also counts sentences
seen during tuning and is shown for comparison only.

**Levels.** ``sentence``: a sentence with at least one hit counts as biased, against
``label_bias``. ``word``: word types per sentence (a word counts once per sentence), predicted
when a hit overlaps it, gold when the experts listed it in ``biased_words``. ``word_token``:
the same with every occurrence counted. ``span``: hits against the located marked words
(overlap). See ``docs/validity.md``.

The results table (figures only, no BABE text): ``set, group, level, n, n_gold, n_pred,
precision, recall, f1, kappa, lexicon, lexicon_version, lexicon_sha256``; ``group`` is ``all``
or an outlet, ``n`` the number of sentences scored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.attribution import find_attributions, mark_voice
from analysis.lexicons import Lexicon, compile_matcher, load_lexicon, match_lexicon
from analysis.quotes import find_quotes
from analysis.validate import (
    ALL,
    Annotations,
    disagreements,
    entry_scores,
    evaluate,
    missed_words,
    read_babe,
)

ROOT = Path(__file__).resolve().parents[1]
BABE = Path(__file__).parents[1].parent / "shared" / "validation" / "babe"
OUT = ROOT / "analysis" / "data" / "validity" / "loaded_language_babe.csv"
SETS = ("SG2 tune", "SG2 test", "SG1 test", "SG1 all")
RESULT_COLUMNS = [
    "set",
    "group",
    "level",
    "n",
    "n_gold",
    "n_pred",
    "precision",
    "recall",
    "f1",
    "kappa",
    "lexicon",
    "lexicon_version",
    "lexicon_sha256",
]


def load_sets(babe: Path = BABE, *, sample: int | None = None) -> dict[str, Annotations]:
    """The four evaluation sets (see the module docstring). ``sample`` keeps only the first
    ``sample`` rows of each BABE file (for quick tests)."""
    sg2 = read_babe(babe / "final_labels_SG2.csv")
    sg1 = read_babe(babe / "final_labels_SG1.csv")
    if sample is not None:
        sg2 = sg2.subset(sg2.sentences.index < sample)
        sg1 = sg1.subset(sg1.sentences.index < sample)
    half2, half1 = sg2.sentences["half"], sg1.sentences["half"]
    return {
        "SG2 tune": sg2.subset(half2 == "tune"),
        "SG2 test": sg2.subset(half2 == "test"),
        "SG1 test": sg1.subset(half1 == "test"),
        "SG1 all": sg1,
    }


def score_set(ann: Annotations, lexicon: Lexicon, *, by_outlet: bool = True) -> pd.DataFrame:
    """All levels for one set, overall and (``by_outlet``) per outlet."""
    hits = match_lexicon(ann.sentences, compile_matcher(lexicon))
    by = "outlet" if by_outlet else None
    parts = [
        evaluate(ann, hits, by=by, levels=["sentence", "word", "span"], unit="type"),
        evaluate(ann, hits, by=by, levels=["word"], unit="token").assign(level="word_token"),
    ]
    out = pd.concat(parts, ignore_index=True)
    if by is None:
        out["group"] = "all"
    else:
        out["group"] = out.pop("outlet").replace({ALL: "all"})
    return out


def run(
    babe: Path = BABE,
    *,
    lexicon: Lexicon | None = None,
    sample: int | None = None,
    by_outlet: bool = True,
) -> pd.DataFrame:
    """The results table for every set (see the module docstring)."""
    lex = lexicon or load_lexicon("loaded_language")
    rows = []
    for name, ann in load_sets(babe, sample=sample).items():
        scored = score_set(ann, lex, by_outlet=by_outlet)
        scored.insert(0, "set", name)
        rows.append(scored)
    out = pd.concat(rows, ignore_index=True).rename(columns={"n_sentences": "n"})
    out["lexicon"] = lex.name
    out["lexicon_version"] = lex.version
    out["lexicon_sha256"] = lex.sha256
    order = {"sentence": 0, "word": 1, "word_token": 2, "span": 3}
    out["_set"] = out["set"].map({s: i for i, s in enumerate(SETS)})
    out["_lvl"] = out["level"].map(order)
    out["_all"] = out["group"] != "all"
    out = out.sort_values(["_set", "_all", "group", "_lvl"], kind="stable")
    out = out[RESULT_COLUMNS].reset_index(drop=True)
    for col in ("precision", "recall", "f1", "kappa"):
        out[col] = out[col].astype(float).round(4)
    return out


def score_by_voice(ann: Annotations, lexicon: Lexicon) -> pd.DataFrame:
    """Sentence and word level, overall, for all hits and for the hits in the outlet's own
    voice only (those inside direct quotes left out, as
    :func:`analysis.attribution.mark_voice` marks them): whether experts mark the loaded words
    that are someone else's. Columns: ``hits`` (which hits), ``level, n_pred, tp, fp,
    precision, recall, f1, kappa`` and ``n_in_quotes`` (the hits inside quotes)."""
    hits = match_lexicon(ann.sentences, compile_matcher(lexicon))
    attributions = find_attributions(ann.sentences)
    quotes = find_quotes(ann.sentences, attributions=attributions)
    voiced = mark_voice(hits, attributions=attributions, quotes=quotes, reported_speech="outlet")
    parts = []
    for label, sub in (("all hits", voiced), ("own voice only", voiced[voiced["voice"] == "outlet"])):
        e = evaluate(ann, sub.drop(columns=["voice", "voice_reason"]), levels=["sentence", "word"])
        parts.append(e.assign(hits=label, n_in_quotes=int((voiced["voice_reason"] == "quote").sum())))
    out = pd.concat(parts, ignore_index=True)
    return out[["hits", "level", "n_pred", "tp", "fp", "precision", "recall", "f1", "kappa",
                "n_in_quotes"]].round(4)


def _print_table(df: pd.DataFrame) -> None:
    with pd.option_context("display.width", 200, "display.max_rows", 500,
                           "display.max_colwidth", 60):
        print(df.to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--babe", type=Path, default=BABE, help="folder with BABE's final_labels_SG*.csv")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the results table")
    ap.add_argument("--no-write", action="store_true", help="print only")
    ap.add_argument("--entries", type=int, default=0, metavar="N",
                    help="print the N most frequent lexicon entries on the TUNING half")
    ap.add_argument("--misses", type=int, default=0, metavar="N",
                    help="print the N most frequent missed marked words on the TUNING half")
    ap.add_argument("--disagreements", type=int, default=0, metavar="N",
                    help="print N word-level disagreements from the TUNING half")
    ap.add_argument("--voice", action="store_true",
                    help="print the held-out figures without the hits inside direct quotes")
    args = ap.parse_args(argv)
    if not (args.babe / "final_labels_SG2.csv").is_file():
        print(f"BABE not found at {args.babe} (expected final_labels_SG2.csv there); "
              "nothing to validate. Put shared/ beside the project or pass --babe DIR.")
        return 0
    lex = load_lexicon("loaded_language")
    print(f"Lexicon {lex.name} {lex.version} ({len(lex.entries)} entries, sha256 {lex.sha256[:12]})")
    print("Split: SG2 halves by sha256 of the normalised sentence text (analysis.validate."
          "split_half). The lexicon was calibrated on 'SG2 tune' only; 'SG2 test' and 'SG1 test'"
          " are held out ('SG1 test' = SG1's labels by 8 other experts on the test-half "
          "sentences). 'SG1 all' includes tuning sentences: for comparison only.\n")
    table = run(args.babe, lexicon=lex)
    overall = table[table["group"] == "all"].drop(columns=["group", "lexicon", "lexicon_sha256"])
    print("Overall")
    _print_table(overall)
    test_outlets = table[(table["set"] == "SG2 test") & (table["group"] != "all")
                         & table["level"].isin(["sentence", "word"])]
    print("\nSG2 test half per outlet")
    _print_table(test_outlets.drop(columns=["lexicon", "lexicon_version", "lexicon_sha256"]))
    if args.entries or args.misses or args.disagreements:
        tune = load_sets(args.babe)["SG2 tune"]
        hits = match_lexicon(tune.sentences, lex)
        if args.entries:
            print(f"\nTuning half: the {args.entries} most frequent entries")
            _print_table(entry_scores(tune, hits).head(args.entries).round(3))
        if args.misses:
            print(f"\nTuning half: the {args.misses} most frequent missed marked words")
            _print_table(missed_words(tune, hits).head(args.misses))
        if args.disagreements:
            print(f"\nTuning half: {args.disagreements} word-level disagreements")
            d = disagreements(tune, hits, level="word", width=40)
            _print_table(d.sample(min(args.disagreements, len(d)), random_state=0)
                         [["left", "word", "right", "outlet", "gold", "pred", "term"]])
    if args.voice:
        for name in ("SG2 test", "SG1 test"):
            print(f"\n{name}: all hits and the outlet's own voice only (hits in quotes left out)")
            _print_table(score_by_voice(load_sets(args.babe)[name], lex))
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.out, index=False, lineterminator="\n")
        print(f"\nWrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}"
              f" ({len(table)} rows; figures only, no BABE text)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
