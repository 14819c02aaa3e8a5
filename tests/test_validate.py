"""analysis.validate: scores against annotations, checked on hand-made cases with hand-computed
numbers; κ cross-checked against an independent computation; BABE (from ../shared) when present."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats.contingency import crosstab

from analysis.errors import ParameterError
from analysis.lexicons import lexicon_from_frame, load_lexicon, match_lexicon
from analysis.validate import (
    AnnotationError,
    annotations_from_frame,
    cohen_kappa,
    disagreements,
    entry_scores,
    evaluate,
    load_annotations,
    locate_words,
    missed_words,
    parse_marked,
    score_sentences,
    score_spans,
    score_words,
    split_half,
    validity_figures,
)
from tests.conftest import ROOT, SHARED

BABE = SHARED / "validation" / "babe"
needs_babe = pytest.mark.skipif(
    not (BABE / "final_labels_SG2.csv").is_file(), reason="BABE not in ../shared"
)

CSV = """id,text,label,marked,outlet
s1,The senator slammed the reckless bill.,1,slammed|reckless,A
s2,The bill passed by 52 votes to 48.,0,,B
s3,"Critics called the plan ""extreme"" and radical.",1,['extreme'],A
s4,A radical plan was tabled.,0,,B
s5,Officials said the talks were useful.,yes,useful|invented,B
"""


@pytest.fixture()
def ann(tmp_path):
    path = tmp_path / "coded.csv"
    path.write_text(CSV, encoding="utf-8")
    return load_annotations(path)


@pytest.fixture()
def hits(ann):
    lex = lexicon_from_frame(
        pd.DataFrame({"term": ["slammed", "radical", "bill"], "category": ["x", "y", "z"],
                      "source": "test"})
    )
    return match_lexicon(ann.sentences, lex)


def _row(table, level, group=None, by="outlet"):
    t = table[table["level"] == level]
    if group is not None:
        t = t[t[by] == group]
    assert len(t) == 1
    return t.iloc[0]


# -------------------------------------------------------------------------------------------
# reading


def test_loader_builds_sentence_table_and_gold(ann):
    s = ann.sentences
    assert list(s["doc_id"]) == ["s1", "s2", "s3", "s4", "s5"]
    assert (s["sent_id"] == 0).all() and (s["start"] == 0).all()
    assert (s["end"] == s["text"].str.len()).all()
    assert list(s["label"]) == [True, False, True, False, True]
    assert list(s["outlet"]) == ["A", "B", "A", "B", "B"]
    assert s.loc[0, "n_tokens"] == 6
    g = ann.gold
    assert list(g["word"]) == ["slammed", "reckless", "extreme", "useful", "invented"]
    assert list(g["located"]) == [True, True, True, True, False]
    row = g.iloc[0]
    assert s.loc[0, "text"][row["start"] : row["end"]] == "slammed"


def test_frame_with_own_column_names():
    frame = pd.DataFrame({"sid": [1, 2], "sentence": ["A vile plan.", "A plan."],
                          "biased": [True, False], "words": [["vile"], []], "paper": ["X", "Y"]})
    a = annotations_from_frame(frame, id_column="sid", text_column="sentence",
                               label_column="biased", marked_column="words",
                               outlet_column="paper")
    assert list(a.sentences["doc_id"]) == ["1", "2"]
    assert list(a.sentences["outlet"]) == ["X", "Y"]
    assert list(a.sentences["label"]) == [True, False]
    assert list(a.gold["word"]) == ["vile"]


def test_marked_words_formats():
    assert parse_marked("a|b c| ") == ["a", "b c"]
    assert parse_marked("['a', \"b's\"]") == ["a", "b's"]
    assert parse_marked('["a", "b"]') == ["a", "b"]
    assert parse_marked("") == [] and parse_marked(None) == [] and parse_marked("[]") == []
    with pytest.raises(AnnotationError, match="look like a list"):
        parse_marked("['a', ", where="f.csv: line 3")


def test_locate_words_all_occurrences_case_and_apostrophes():
    text = "Trump’s claim, the CLAIM and claims; dirty tricks."
    found = locate_words(text, ["claim", "Trump's", "dirty tricks", "claim", "absent"])
    spans = [(text[s:e], ok) for s, e, _, ok in found if ok]
    assert spans == [("claim", True), ("CLAIM", True), ("Trump’s", True), ("dirty tricks", True)]
    assert found[-1] == (-1, -1, "absent", False)


def test_loader_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text,label\na,One.,1\nb,Two.,maybe\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"bad\.csv: line 3: label 'maybe'"):
        load_annotations(bad)
    dup = tmp_path / "dup.csv"
    dup.write_text("id,text,label\na,One.,1\na,Two.,0\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match=r"lines 2 and 3: duplicate id 'a'"):
        load_annotations(dup)
    none = tmp_path / "none.csv"
    none.write_text("id,text\na,One.\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="no annotations"):
        load_annotations(none)
    with pytest.raises(AnnotationError, match=r"no column 'body' \(text_column\); columns are id, text"):
        load_annotations(none, text_column="body")
    span = tmp_path / "span.csv"
    span.write_text("id,text,spans\na,One two.,4-99\n", encoding="utf-8")
    with pytest.raises(AnnotationError, match="outside the sentence"):
        load_annotations(span)
    with pytest.raises(AnnotationError, match="not found"):
        load_annotations(tmp_path / "missing.csv")


def test_empty_label_is_unlabelled_and_left_out(tmp_path):
    p = tmp_path / "c.csv"
    p.write_text("id,text,label\na,Slammed.,1\nb,Calm.,\nc,Slammed again.,0\n", encoding="utf-8")
    a = load_annotations(p)
    assert a.sentences["label"].isna().tolist() == [False, True, False]
    lex = lexicon_from_frame(pd.DataFrame({"term": ["slammed"], "category": ["x"],
                                           "source": ["t"]}))
    r = score_sentences(a, match_lexicon(a.sentences, lex)).iloc[0]
    assert (r["n_sentences"], r["tp"], r["fp"], r["fn"], r["tn"]) == (2, 1, 1, 0, 0)
    assert not a.has_words
    with pytest.raises(ParameterError, match="no marked words"):
        score_words(a, match_lexicon(a.sentences, lex))


# -------------------------------------------------------------------------------------------
# scores, hand-computed


def test_sentence_level_by_hand(ann, hits):
    # pred: s1 T, s2 T, s3 T, s4 T, s5 F; gold: T F T F T -> tp 2, fp 2, fn 1, tn 0
    t = score_sentences(ann, hits, by="outlet")
    r = _row(t, "sentence", "(all)")
    assert (r["tp"], r["fp"], r["fn"], r["tn"], r["n_sentences"]) == (2, 2, 1, 0, 5)
    assert r["precision"] == pytest.approx(0.5)
    assert r["recall"] == pytest.approx(2 / 3)
    assert r["f1"] == pytest.approx(4 / 7)
    # p_o = 2/5, p_e = (4*3 + 1*2) / 25 = 14/25 -> kappa = (10/25 - 14/25) / (11/25) = -4/11
    assert r["kappa"] == pytest.approx(-4 / 11)
    a = _row(t, "sentence", "A")  # both positive, both flagged: perfect but kappa undefined
    assert (a["precision"], a["recall"], a["f1"]) == (1.0, 1.0, 1.0)
    assert np.isnan(a["kappa"])
    b = _row(t, "sentence", "B")
    assert (b["tp"], b["fp"], b["fn"], b["f1"]) == (0, 2, 1, 0.0)


def test_word_level_types_and_tokens_by_hand(ann, hits):
    # types per sentence: s1 the senator slammed reckless bill (gold slammed, reckless; pred
    # slammed, bill); s2 8 types, pred bill; s3 7 types, gold extreme, pred radical; s4 5 types,
    # pred radical; s5 6 types, gold useful, plus 'invented' marked but not in the text.
    r = _row(score_words(ann, hits), "word")
    assert (r["tp"], r["fp"], r["fn"], r["tn"], r["n_unlocated"]) == (1, 4, 4, 23, 1)
    assert (r["precision"], r["recall"], r["f1"]) == pytest.approx((0.2, 0.2, 0.2))
    # n = 32, p_o = 24/32, p_e = (5*5 + 27*27)/1024 = 754/1024 -> kappa = 14/270
    assert r["kappa"] == pytest.approx(14 / 270)
    tok = _row(score_words(ann, hits, unit="token"), "word")
    assert (tok["tp"], tok["fp"], tok["fn"], tok["tn"]) == (1, 4, 4, 24)  # 'the' twice in s1


def test_span_level_overlap_and_exact(tmp_path):
    p = tmp_path / "spans.csv"
    text = "They slammed the plan as reckless nonsense."
    p.write_text(f'id,text,spans\na,"{text}",5-12|25-42\n', encoding="utf-8")
    a = load_annotations(p)
    assert list(a.gold["word"]) == ["slammed", "reckless nonsense"]
    lex = lexicon_from_frame(pd.DataFrame({"term": ["slammed the", "nonsense", "plan"],
                                           "category": "x", "source": "t"}))
    h = match_lexicon(a.sentences, lex)
    over = score_spans(a, h).iloc[0]
    # both gold spans are overlapped; 2 of 3 hits overlap gold
    assert (over["tp"], over["fn"], over["fp"], over["n_pred"]) == (2, 0, 1, 3)
    assert over["precision"] == pytest.approx(2 / 3) and over["recall"] == 1.0
    exact = score_spans(a, h, match="exact").iloc[0]
    assert (exact["tp"], exact["fp"], exact["precision"], exact["recall"]) == (0, 3, 0.0, 0.0)
    with pytest.raises(ParameterError, match="match='fuzzy'"):
        score_spans(a, h, match="fuzzy")  # type: ignore[arg-type]


def test_evaluate_all_levels_and_groups(ann, hits):
    t = evaluate(ann, hits, by="outlet")
    assert list(t.columns[:2]) == ["level", "outlet"]
    assert set(t["level"]) == {"sentence", "word", "span"}
    assert set(t["outlet"]) == {"(all)", "A", "B"}
    span = _row(t, "span", "(all)")
    assert (span["tp"], span["fp"], span["fn"]) == (1, 4, 4)
    # group rows add up to the overall row for counts
    for level in ("sentence", "word", "span"):
        part = t[(t["level"] == level) & (t["outlet"] != "(all)")]
        whole = _row(t, level, "(all)")
        for col in ("tp", "fp", "fn"):
            assert part[col].sum() == whole[col]
    only = evaluate(ann, hits, levels=["word"])
    assert list(only["level"]) == ["word"] and "outlet" not in only.columns
    with pytest.raises(ParameterError, match="levels='phrase'"):
        evaluate(ann, hits, levels=["phrase"])  # type: ignore[list-item]
    with pytest.raises(ParameterError, match="unit='lemma'"):
        evaluate(ann, hits, unit="lemma")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="by='paper'"):
        evaluate(ann, hits, by="paper")


def test_min_hits_and_classifier_predictions(ann, hits):
    two = score_sentences(ann, hits, min_hits=2).iloc[0]  # only s1 has two hits
    assert (two["tp"], two["fp"], two["fn"], two["tn"]) == (1, 0, 2, 2)
    preds = pd.DataFrame({"doc_id": ["s1", "s5"], "sent_id": [0, 0], "pred": [True, True]})
    clf = score_sentences(ann, preds).iloc[0]
    assert (clf["tp"], clf["fp"], clf["fn"], clf["tn"]) == (2, 0, 1, 2)
    with pytest.raises(ParameterError, match="min_hits"):
        score_sentences(ann, hits, min_hits=0)
    with pytest.raises(ParameterError, match="lacks column"):
        score_words(ann, pd.DataFrame({"doc_id": ["s1"]}))


def test_no_predictions_give_empty_precision(ann):
    empty = pd.DataFrame(columns=["doc_id", "sent_id", "start", "end"])
    t = evaluate(ann, empty)
    w = _row(t, "word")
    assert np.isnan(w["precision"]) and w["recall"] == 0.0 and np.isnan(w["f1"])
    s = _row(t, "sentence")
    assert s["kappa"] == pytest.approx(0.0)  # predicting nothing agrees only by chance


# -------------------------------------------------------------------------------------------
# kappa cross-checks


def test_kappa_hand_computed():
    # n = 50, p_o = 35/50 = 0.7, p_e = (25*30 + 25*20)/2500 = 0.5 -> 0.4
    assert cohen_kappa(20, 5, 10, 15) == pytest.approx(0.4)
    assert cohen_kappa(10, 0, 0, 10) == pytest.approx(1.0)
    assert cohen_kappa(0, 10, 10, 0) == pytest.approx(-1.0)
    assert np.isnan(cohen_kappa(5, 0, 0, 0))  # one class only
    assert np.isnan(cohen_kappa(0, 0, 0, 0))


def _kappa_independent(gold: np.ndarray, pred: np.ndarray) -> float:
    """Cohen's kappa as 1 - observed/expected disagreement, from scipy's contingency table."""
    table = crosstab(gold, pred, levels=([False, True], [False, True])).count.astype(float)
    expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
    off = ~np.eye(2, dtype=bool)
    return 1 - table[off].sum() / expected[off].sum()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=2, max_size=60))
def test_kappa_matches_independent_implementation(pairs):
    gold = np.array([g for g, _ in pairs])
    pred = np.array([p for _, p in pairs])
    tp = int((gold & pred).sum())
    fp = int((~gold & pred).sum())
    fn = int((gold & ~pred).sum())
    tn = int((~gold & ~pred).sum())
    ours = cohen_kappa(tp, fp, fn, tn)
    if (gold.all() and pred.all()) or ((~gold).all() and (~pred).all()):
        assert np.isnan(ours)
    else:
        assert ours == pytest.approx(_kappa_independent(gold, pred), abs=1e-12)


def test_sentence_kappa_matches_independent_on_table(ann, hits):
    r = _row(score_sentences(ann, hits), "sentence")
    gold = ann.sentences["label"].to_numpy(dtype=bool)
    pred = ann.sentences["doc_id"].isin(set(hits["doc_id"])).to_numpy()
    assert r["kappa"] == pytest.approx(_kappa_independent(gold, pred))


# -------------------------------------------------------------------------------------------
# disagreements and calibration aids


def test_word_disagreements_read_like_kwic(ann, hits):
    d = disagreements(ann, hits)
    assert list(d.columns) == ["doc_id", "sent_id", "left", "word", "right", "outlet", "gold",
                               "pred", "kind", "term", "category"]
    fp = d[d["kind"] == "false positive"]
    assert sorted(fp["word"]) == ["bill", "bill", "radical", "radical"]
    assert set(fp.loc[fp["word"] == "bill", "term"]) == {"bill"}
    miss = d[d["kind"] == "miss"].set_index("word")
    assert miss.loc["reckless", "left"] == "The senator slammed the "
    assert miss.loc["reckless", "right"] == " bill."
    assert miss.loc["reckless", "outlet"] == "A"
    gone = d[d["kind"] == "miss (not in text)"]
    assert list(gone["word"]) == ["invented"]
    narrow = disagreements(ann, hits, width=5)
    assert narrow.set_index("word").loc["reckless", "left"] == "… the "


def test_sentence_disagreements(ann, hits):
    d = disagreements(ann, hits, level="sentence")
    assert list(d["doc_id"]) == ["s2", "s4", "s5"]
    assert list(d["kind"]) == ["false positive", "false positive", "miss"]
    assert d.iloc[0]["word"] == "bill" and d.iloc[2]["word"] == "useful; invented"
    with pytest.raises(ParameterError, match="level='span'"):
        disagreements(ann, hits, level="span")  # type: ignore[arg-type]


def test_entry_scores_and_missed_words(ann, hits):
    e = entry_scores(ann, hits).set_index("term")
    assert e.loc["bill", "n_hits"] == 2 and e.loc["bill", "word_precision"] == 0.0
    assert e.loc["slammed", "word_precision"] == 1.0
    assert e.loc["slammed", "sentence_precision"] == 1.0
    assert e.loc["radical", "sentence_precision"] == 0.5
    m = missed_words(ann, hits)
    assert set(m["word"]) == {"reckless", "extreme", "useful", "invented"}
    assert (m["n_sentences"] == 1).all()


# -------------------------------------------------------------------------------------------
# the split


def test_split_is_deterministic_normalised_and_balanced():
    texts = [f"Sentence number {i} about the budget." for i in range(2000)]
    a = split_half(texts)
    assert (a == split_half(list(reversed(texts)))[::-1]).all()  # order does not matter
    assert set(a) == {"tune", "test"}
    assert 900 < (a == "tune").sum() < 1100
    same = split_half(["The senator’s  PLAN\n", "the senator's plan"])
    assert same[0] == same[1]
    # pinned: changing the hash, salt or normalisation would silently reshuffle the halves
    assert list(split_half(["The senator slammed the reckless bill.",
                            "A radical plan was tabled."])) == ["tune", "test"]


# -------------------------------------------------------------------------------------------
# the figures file and BABE


def test_stored_figures_are_figures_only_and_current():
    path = ROOT / "analysis" / "data" / "validity" / "loaded_language_babe.csv"
    t = pd.read_csv(path)
    assert {"set", "level", "precision", "recall", "f1", "kappa", "n", "lexicon_version"} <= set(
        t.columns)
    assert not ({"text", "word", "left", "right", "biased_words"} & set(t.columns))
    assert set(t["set"]) == {"SG2 tune", "SG2 test", "SG1 test", "SG1 all"}
    assert (t["lexicon_version"] == load_lexicon("loaded_language").version).all()
    test = t[(t["set"] == "SG2 test") & (t["group"] == "all")].set_index("level")
    # issue 10's targets on the held-out half (the figures come from bench/validate_babe.py)
    assert test.loc["word", "precision"] >= 0.40 and test.loc["word", "recall"] >= 0.35
    assert test.loc["sentence", "f1"] >= 0.70 and test.loc["sentence", "precision"] >= 0.65
    sg1 = t[(t["set"] == "SG1 test") & (t["group"] == "all")].set_index("level")
    assert abs(sg1.loc["sentence", "f1"] - test.loc["sentence", "f1"]) < 0.03


def test_bench_without_babe_exits_cleanly(tmp_path):
    from bench.validate_babe import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--babe", str(tmp_path), "--no-write"]) == 0
    assert "BABE not found" in out.getvalue()


@needs_babe
def test_babe_split_is_deterministic_and_sg1_follows_sg2():
    from analysis.validate import normalise_for_split, read_babe

    a = read_babe(BABE / "final_labels_SG2.csv")
    b = read_babe(BABE / "final_labels_SG2.csv")
    assert (a.sentences["half"] == b.sentences["half"]).all()
    share = (a.sentences["half"] == "tune").mean()
    assert 0.45 < share < 0.55
    sg1 = read_babe(BABE / "final_labels_SG1.csv")
    half2 = dict(zip(a.sentences["text"].map(normalise_for_split), a.sentences["half"],
                     strict=True))
    twins = sg1.sentences["text"].map(normalise_for_split).map(half2)
    known = twins.notna()
    assert known.sum() >= 1690  # SG1's sentences are in SG2
    assert (twins[known] == sg1.sentences.loc[known, "half"]).all()


@needs_babe
def test_babe_evaluation_on_a_sample():
    from bench.validate_babe import RESULT_COLUMNS, load_sets, run

    sets = load_sets(BABE, sample=300)
    tune_ids = set(sets["SG2 tune"].sentences["doc_id"])
    test_ids = set(sets["SG2 test"].sentences["doc_id"])
    assert tune_ids and test_ids and not tune_ids & test_ids
    assert len(tune_ids | test_ids) == 300
    t1 = run(BABE, sample=300)
    t2 = run(BABE, sample=300)
    pd.testing.assert_frame_equal(t1, t2)
    assert list(t1.columns) == RESULT_COLUMNS
    overall = t1[t1["group"] == "all"]
    assert set(overall["level"]) == {"sentence", "word", "word_token", "span"}
    vals = overall[["precision", "recall", "f1"]].to_numpy()
    assert ((vals >= 0) & (vals <= 1)).all()
    # the sentence level's n counts labelled sentences only
    sg1 = overall[(overall["set"] == "SG1 all") & (overall["level"] == "sentence")].iloc[0]
    assert sg1["n"] <= 300


@needs_babe
def test_stored_figures_reproduce_from_babe():
    from bench.validate_babe import OUT, run

    stored = pd.read_csv(OUT)
    fresh = run(BABE)
    assert (stored["lexicon_sha256"] == load_lexicon("loaded_language").sha256).all(), (
        "the lexicon changed: re-run python bench/validate_babe.py"
    )
    pd.testing.assert_frame_equal(
        stored[["set", "group", "level", "n", "n_gold", "n_pred"]],
        fresh[["set", "group", "level", "n", "n_gold", "n_pred"]],
    )
    for col in ("precision", "recall", "f1", "kappa"):
        assert np.allclose(stored[col], fresh[col], equal_nan=True, atol=1e-4)


def test_stored_attribution_figures_reproduce_and_are_shown():
    """The attribution/quote figures shipped for the report equal a fresh evaluation."""
    from bench.eval_attribution import BABE_CORPORA, OUT, evaluation_table, gold_corpus

    stored = pd.read_csv(OUT, keep_default_na=False, na_values=[""])
    fresh = evaluation_table(*gold_corpus())
    if not (BABE / "final_labels_SG2.csv").is_file():  # the BABE sample's rows need BABE; the rest must still agree
        stored = stored[~stored["corpus"].isin([*BABE_CORPORA, "coders_babe_sample"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(stored, fresh.reset_index(drop=True), check_dtype=False)
    shown = validity_figures(detector="attribution").set_index("metric")["value"]
    assert shown["attribution_f1"] >= 0.85
    per = validity_figures(detector="attribution", groups="corpora")
    assert set(per["corpus"]) == {"seeds", "cases", "heldout", "heldout2", "heldout3", "heldout4",
                                  "heldout5", "heldout6", "babe_tune", "babe_test", "coders_all",
                                  "coders_babe_sample"}
    # the contents' inter-coder agreement is there, and above what the detector reaches
    coders = per.set_index(["corpus", "metric"])["value"]
    assert coders["coders_all", "content_coder_word_f1"] > shown["content_word_f1"]
    with pytest.raises(ParameterError, match="'all' or 'corpora'"):
        validity_figures(detector="attribution", groups="outlets")
    with pytest.raises(ParameterError, match="loaded_language"):
        validity_figures(detector="sentiment")  # type: ignore[arg-type]


def test_stored_stance_figures_reproduce_and_are_shown():
    """The stance figures shipped for the report equal a fresh evaluation on the gold."""
    from analysis.stance import read_stance_gold
    from bench.eval_stance import GOLD, OUT, SECOND, evaluation_table

    stored = pd.read_csv(OUT, keep_default_na=False, na_values=[""])
    second = pd.read_csv(SECOND, dtype=str, keep_default_na=False)
    fresh = evaluation_table(read_stance_gold(GOLD), second)
    pd.testing.assert_frame_equal(stored, fresh.replace("", np.nan).reset_index(drop=True),
                                  check_dtype=False)
    shown = validity_figures(detector="stance").fillna({"context": "", "reading": ""})
    shown = shown.set_index(["gold", "reading", "context", "metric"])["value"].sort_index()
    assert shown["labellers", "", "", "agreement"] == 0.95
    # against either labels: VADER on the actor's clauses beats VADER on the sentence, which
    # is barely above calling everything neutral
    for gold in ("first", "consensus"):
        vader = shown[gold, "vader_compound"]
        assert vader["clause", "kappa"] > vader["sentence", "kappa"] > 0.1
        assert vader["clause", "accuracy_contrast"] > vader["sentence", "accuracy_contrast"]
        assert vader["clause", "accuracy_one_clause"] == vader["sentence", "accuracy_one_clause"]
        assert shown[gold, "all_neutral", "", "accuracy"] < vader["clause", "accuracy"]
    with pytest.raises(ParameterError, match="use 'all'"):
        validity_figures(detector="stance", groups="outlets")
