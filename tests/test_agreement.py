"""analysis.agreement: coding sheets, agreement between coders, coders against the detectors.

Krippendorff's α is cross-checked against the ``krippendorff`` package (a test-only
dependency, an independent implementation); Cohen's κ against hand-computed examples and
against scikit-learn's cohen_kappa_score (also test-only) and analysis.validate's binary κ from
confusion counts."""

from __future__ import annotations

from fractions import Fraction

import krippendorff
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from analysis.agreement import (
    CODEBOOK,
    CodingError,
    add_coder,
    codings_from_frame,
    cohen_kappa,
    compare_coders,
    count_codes,
    cross_tabulate,
    detect_codes,
    find_disagreements,
    krippendorff_alpha,
    make_coding_template,
    measure_agreement,
    percent_agreement,
    read_codings,
    score_detector,
    to_annotations,
)
from analysis.cli import main
from analysis.errors import ParameterError
from analysis.loaded import find_loaded
from analysis.validate import cohen_kappa as binary_kappa
from analysis.validate import score_sentences
from tests.conftest import ROOT, SEEDS

EXAMPLE = ROOT / "notebooks" / "classroom" / "coding_example.csv"
TEMPLATE = ROOT / "notebooks" / "classroom" / "coding_template.csv"


@pytest.fixture(scope="module")
def coded(seeds):
    return read_codings(EXAMPLE, sentences=seeds.sentences)


@pytest.fixture(scope="module")
def with_detector(seeds, coded):
    return add_coder(coded, detect_codes(seeds.sentences, documents=seeds.documents))


def _package_alpha(matrix: pd.DataFrame | np.ndarray, level: str) -> float:
    """α from the krippendorff package: coders as rows, missing as NaN, codes as numbers."""
    frame = pd.DataFrame(matrix)
    values = sorted({str(v) for v in frame.stack().dropna()})
    if level == "nominal":
        numeric = frame.map(lambda v: np.nan if pd.isna(v) else values.index(str(v)))
    else:
        numeric = frame.map(lambda v: np.nan if pd.isna(v) else float(v))
    data = numeric.to_numpy(dtype=float).T
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha


def test_alpha_on_krippendorffs_example_with_missing_values():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 3 coders × 15 units
    nan = np.nan
    coders = [
        [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
        [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
        [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
    ]
    units = np.array(coders, dtype=object).T  # one row per unit
    assert krippendorff_alpha(units) == pytest.approx(0.691358, abs=1e-6)
    assert krippendorff_alpha(units, level="interval") == pytest.approx(0.810845, abs=1e-6)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval"])
def test_alpha_equals_the_krippendorff_package_on_random_codings(level):
    rng = np.random.default_rng(8)
    checked = 0
    for _ in range(60):
        n_units, n_coders, n_cats = rng.integers(5, 60), rng.integers(2, 6), rng.integers(2, 6)
        truth = rng.integers(0, n_cats, size=n_units)
        codes = np.where(
            rng.random((n_units, n_coders)) < 0.75,
            truth[:, None],
            rng.integers(0, n_cats, size=(n_units, n_coders)),
        ).astype(object)
        codes[rng.random((n_units, n_coders)) < 0.15] = None  # missing values
        frame = pd.DataFrame(codes)
        pairable = frame.notna().sum(axis=1) >= 2
        if frame[pairable].stack().nunique() < 2:
            assert np.isnan(krippendorff_alpha(frame, level=level))
            continue
        assert krippendorff_alpha(frame, level=level) == pytest.approx(
            _package_alpha(frame, level), abs=1e-9
        )
        checked += 1
    assert checked > 40


def test_alpha_accepts_category_strings_and_empty_cells():
    units = [["1", "1"], ["0", "0"], ["0", ""], ["1", "0"], [None, None], ["0", "0"]]
    assert krippendorff_alpha(units) == pytest.approx(_package_alpha(
        pd.DataFrame(units).replace("", None), "nominal"), abs=1e-12)


def test_alpha_edge_cases_and_errors():
    assert np.isnan(krippendorff_alpha([["a", "a"], ["a", "a"]]))  # no variation
    assert np.isnan(krippendorff_alpha([["a", None], [None, "b"]]))  # nothing pairable
    assert krippendorff_alpha([["a", "a"], ["b", "b"]]) == 1.0
    with pytest.raises(ParameterError, match="level="):
        krippendorff_alpha([["a", "b"]], level="ratio")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="numeric codes"):
        krippendorff_alpha([["a", "b"], ["b", "b"]], level="ordinal")
    with pytest.raises(ParameterError, match="one row per unit"):
        krippendorff_alpha(["a", "b"])


# --------------------------------------------------------------------------------------------
# Cohen's kappa and percent agreement


def test_kappa_on_a_hand_computed_two_by_two_table():
    # 50 units: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    # p_o = 35/50 = .7; p_e = .5 × .6 + .5 × .4 = .5; κ = (.7 − .5) / (1 − .5) = .4
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_with_three_categories_by_hand():
    pairs = [("x", "x")] * 6 + [("x", "y")] * 2 + [("y", "y")] * 5 + [("z", "z")] * 4 + [
        ("z", "x")
    ] * 3
    a, b = zip(*pairs, strict=True)
    n = len(pairs)
    po = Fraction(15, n)
    count = {c: (sum(x == c for x in a), sum(y == c for y in b)) for c in "xyz"}
    pe = sum(Fraction(ca * cb, n * n) for ca, cb in count.values())
    assert cohen_kappa(a, b) == pytest.approx(float((po - pe) / (1 - pe)))


def test_kappa_leaves_out_missing_units_and_is_undefined_without_variation():
    a = ["1", "0", "1", None, "0", ""]
    b = ["1", "0", "0", "1", None, "1"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(["1", "0", "1"], ["1", "0", "0"]))
    assert np.isnan(cohen_kappa(["1", "1"], ["1", "1"]))
    assert np.isnan(cohen_kappa([None], ["1"]))
    with pytest.raises(ParameterError, match="same units"):
        cohen_kappa(["1"], ["1", "0"])


def test_kappa_equals_the_binary_kappa_from_confusion_counts():
    rng = np.random.default_rng(3)
    for _ in range(30):
        a = rng.integers(0, 2, size=40)
        b = np.where(rng.random(40) < 0.7, a, rng.integers(0, 2, size=40))
        tp, fp = int(((a == 1) & (b == 1)).sum()), int(((a == 0) & (b == 1)).sum())
        fn, tn = int(((a == 1) & (b == 0)).sum()), int(((a == 0) & (b == 0)).sum())
        expected = binary_kappa(tp, fp, fn, tn)
        got = cohen_kappa(a.tolist(), b.tolist())
        assert (np.isnan(got) and np.isnan(expected)) or got == pytest.approx(expected)


@pytest.mark.parametrize("n_categories", [2, 3, 5])
def test_kappa_equals_scikit_learn_on_random_codings(n_categories):
    """Cohen's κ against scikit-learn's independent implementation, missing units left out."""
    rng = np.random.default_rng(10 + n_categories)
    labels = [f"c{i}" for i in range(n_categories)]
    for _ in range(25):
        a = rng.choice(labels, size=60).astype(object)
        b = np.where(rng.random(60) < 0.6, a, rng.choice(labels, size=60)).astype(object)
        a[rng.random(60) < 0.1] = None
        both = np.array([x is not None for x in a])
        expected = cohen_kappa_score(a[both].tolist(), b[both].tolist())
        got = cohen_kappa(a.tolist(), b.tolist())
        assert got == pytest.approx(expected, abs=1e-12)


def test_percent_agreement():
    assert percent_agreement([["1", "1"], ["0", "1"], ["0", None], ["1", "1"]]) == pytest.approx(
        2 / 3
    )
    assert percent_agreement([["a", "a", "b"], ["a", None, "a"]]) == 0.5
    assert np.isnan(percent_agreement([["a", None]]))


# --------------------------------------------------------------------------------------------
# the example coding sheet


def test_example_sheet_figures_hand_computed_and_cross_checked(coded):
    assert coded.coders == ("ana", "ben")
    loaded = coded.matrix("loaded")
    both = loaded.dropna()
    table = pd.crosstab(both["ana"], both["ben"])
    # both 1: 7, ana 1/ben 0: 2, ana 0/ben 1: 4, both 0: 76 (92 sentences: the BBC's photo
    # caption, which both coded 0, is removed by cleaning)
    assert table.loc["1", "1"] == 7 and table.loc["1", "0"] == 2
    assert table.loc["0", "1"] == 4 and table.loc["0", "0"] == 76
    po = Fraction(83, 89)
    pe = Fraction(9 * 11 + 80 * 78, 89 * 89)
    kappa = float((po - pe) / (1 - pe))
    figures = measure_agreement(coded).set_index("variable")
    assert figures.loc["loaded", "percent_agreement"] == pytest.approx(float(po))
    assert figures.loc["loaded", "kappa"] == pytest.approx(kappa)  # 0.6625
    for var in ("loaded", "source_type"):
        assert figures.loc[var, "alpha"] == pytest.approx(
            _package_alpha(coded.matrix(var), "nominal"), abs=1e-12
        )
    assert figures.loc["loaded", "alpha"] == pytest.approx(0.6639, abs=1e-4)
    assert figures.loc["source_type", "alpha"] == pytest.approx(0.8862, abs=1e-4)
    assert figures.loc["loaded", "n_pairable"] == 89 and figures.loc["loaded", "n_missing"] == 3
    assert figures.loc["source_type", "n_pairable"] == 88
    assert figures.loc["source_type", "n_missing"] == 4
    pairs = compare_coders(coded, variable="loaded").iloc[0]
    assert (pairs["n"], pairs["n_agree"]) == (89, 83)


def test_disagreements_show_the_sentences(coded):
    dis = find_disagreements(coded)
    assert list(dis.columns) == [
        "doc_id", "sent_id", "outlet", "variable", "text", "ana", "ben", "note"
    ]
    assert dis["variable"].value_counts().to_dict() == {"loaded": 6, "source_type": 6}
    row = dis[(dis["doc_id"] == "004") & (dis["sent_id"] == 7)].iloc[0]
    assert "Bloomberg reports" in row["text"]
    assert (row["ana"], row["ben"]) == ("0", "1")
    assert "territorial claims" in row["note"]
    with_missing = find_disagreements(coded, include_missing=True)
    assert len(with_missing) == 12 + 3 + 4
    assert with_missing["ben"].isna().sum() == 7


def test_code_counts(coded):
    counts = count_codes(coded, variable="loaded").set_index("loaded")
    assert counts.loc["1", "ana"] == 9 and counts.loc["1", "ben"] == 11
    assert counts.loc["(missing)", "ben"] == 3


def test_template_in_the_repo_is_up_to_date_with_the_seeds(seeds):
    fresh = make_coding_template(seeds.sentences)
    committed = pd.read_csv(TEMPLATE, dtype=str, keep_default_na=False)
    assert list(committed.columns) == [
        "doc_id", "sent_id", "outlet", "text", "loaded_coder1", "source_type_coder1",
        "loaded_coder2", "source_type_coder2", "note",
    ]
    assert committed.equals(fresh.astype(str)), (
        "notebooks/classroom/coding_template.csv is stale: regenerate it with "
        "`framescope classroom template seeds/ --out notebooks/classroom/coding_template.csv`"
    )
    # an empty template reads as all-missing codings
    empty = read_codings(TEMPLATE, sentences=seeds.sentences)
    assert empty.codes["code"].isna().all()


def test_the_example_sheet_is_the_template_filled_in():
    example = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    template = pd.read_csv(TEMPLATE, dtype=str, keep_default_na=False)
    cols = ["doc_id", "sent_id", "outlet", "text"]
    assert example[cols].equals(template[cols])


# --------------------------------------------------------------------------------------------
# reading sheets: errors name the place


def _sheet(**columns) -> pd.DataFrame:
    base = {
        "doc_id": ["d1", "d1", "d2"],
        "sent_id": ["0", "1", "0"],
        "outlet": ["A", "A", "B"],
        "text": ["One.", "Two.", "Three."],
    }
    return pd.DataFrame({**base, **columns})


def test_codes_are_normalised_and_checked():
    c = codings_from_frame(
        _sheet(loaded_ana=["Yes", "no", ""], source_type_ana=["Named person", "none", "VAGUE"])
    )
    assert c.matrix("loaded")["ana"].tolist()[:2] == ["1", "0"]
    assert pd.isna(c.matrix("loaded")["ana"].iloc[2])
    assert c.matrix("source_type")["ana"].tolist() == ["named_person", "none", "vague"]
    with pytest.raises(CodingError, match=r"sheet: line 3, column loaded_ben: code 'maybe'"):
        codings_from_frame(_sheet(loaded_ben=["1", "maybe", "0"]), source="sheet")


def test_sheet_errors_name_the_problem(seeds, tmp_path):
    with pytest.raises(CodingError, match="column 'lodaed_ana' is not <variable>_<coder>"):
        codings_from_frame(_sheet(lodaed_ana=["1", "0", "0"]))
    with pytest.raises(CodingError, match="no code columns"):
        codings_from_frame(_sheet())
    dup = _sheet(loaded_ana=["1", "0", "0"])
    dup.loc[2, ["doc_id", "sent_id"]] = ["d1", "1"]
    with pytest.raises(CodingError, match="lines 3 and 4: the same doc_id and sent_id"):
        codings_from_frame(dup)
    with pytest.raises(CodingError, match="sent_id 'x' is not a whole number"):
        codings_from_frame(_sheet(loaded_ana=["1", "0", "0"]).assign(sent_id=["0", "x", "1"]))
    with pytest.raises(CodingError, match="coding file not found"):
        read_codings(tmp_path / "nope.csv")
    changed = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    changed.loc[4, "text"] = "Something else entirely."
    path = tmp_path / "changed.csv"
    changed.to_csv(path, index=False)
    with pytest.raises(CodingError, match=r"line 6: sentence 000/4 is not the text"):
        read_codings(path, sentences=seeds.sentences)


def test_own_variables_and_any_codes():
    c = codings_from_frame(
        _sheet(frame_ana=["war", "peace", "war"], frame_ben=["war", "war", "war"]),
        variables={"frame": None},
    )
    assert c.matrix("frame").shape == (3, 2)
    assert measure_agreement(c).iloc[0]["percent_agreement"] == pytest.approx(2 / 3)
    with pytest.raises(ParameterError, match="variable='loaded' is not coded"):
        c.matrix("loaded")


def test_template_parameters(seeds):
    t = make_coding_template(seeds.sentences, coders=["ana"], variables=["loaded"])
    assert list(t.columns) == ["doc_id", "sent_id", "outlet", "text", "loaded_ana", "note"]
    with pytest.raises(ParameterError, match="coder name 'a b'"):
        make_coding_template(seeds.sentences, coders=["a b"])
    with pytest.raises(ParameterError, match="must differ"):
        make_coding_template(seeds.sentences, coders=["x", "x"])


# --------------------------------------------------------------------------------------------
# coders and detectors


def test_detect_codes_follows_the_codebook(seeds):
    codes = detect_codes(seeds.sentences, documents=seeds.documents).set_index(
        ["doc_id", "sent_id"]
    )
    hits = find_loaded(seeds.sentences)
    flagged = set(zip(hits["doc_id"], hits["sent_id"], strict=True))
    assert set(codes.index[codes["loaded"] == "1"]) == flagged
    assert set(codes["source_type"]) <= set(CODEBOOK["source_type"])
    assert codes.loc[("000", 5), "source_type"] == "anonymous"  # a US official + Zelensky
    assert codes.loc[("004", 7), "source_type"] == "named_institution"  # Putin + Bloomberg
    assert codes.loc[("004", 5), "source_type"] == "vague"  # it's been claimed
    assert codes.loc[("002", 6), "source_type"] == "none"


def test_detector_scores_against_coders(with_detector):
    assert with_detector.coders == ("ana", "ben", "detector")
    table = cross_tabulate(with_detector, variable="loaded", coder="ana")
    assert table.loc["1", "1"] == 9 and table.loc["0", "1"] == 6 and table.loc["1", "0"] == 0
    assert int(table.to_numpy().sum()) == 92  # the seed sentences
    scores = score_detector(with_detector, variable="loaded").set_index(["coder", "category"])
    assert scores.loc[("ana", "1"), "precision"] == pytest.approx(9 / 15)
    assert scores.loc[("ana", "1"), "recall"] == 1.0
    assert scores.loc[("ben", "1"), "recall"] == pytest.approx(9 / 11)
    assert scores.loc[("ana", "(all)"), "agreement"] == pytest.approx(86 / 92)
    src = score_detector(with_detector, variable="source_type").set_index(["coder", "category"])
    assert src.loc[("ana", "vague"), "recall"] == pytest.approx(2 / 3)  # "are seen as" missed
    dis = find_disagreements(with_detector, coders=["ana", "detector"], variables=["loaded"])
    assert dis["text"].str.contains("so-called").sum() == 5


def test_detector_scores_equal_analysis_validate(coded, with_detector):
    ann = to_annotations(coded, coder="ana")
    validate = score_sentences(ann, find_loaded(ann.sentences)).iloc[0]
    mine = score_detector(with_detector, variable="loaded", coders=["ana"]).iloc[0]
    for col in ("tp", "fp", "fn", "precision", "recall", "f1", "kappa"):
        assert mine[col] == pytest.approx(validate[col]), col
    with pytest.raises(ParameterError, match="not binary"):
        to_annotations(coded, coder="ana", variable="source_type")


def test_score_detector_needs_the_detector(coded):
    with pytest.raises(ParameterError, match="add_coder"):
        score_detector(coded, variable="loaded")


# --------------------------------------------------------------------------------------------
# command line


def test_cli_agreement_and_template(tmp_path, capsys):
    out = tmp_path / "dis.csv"
    assert main(["classroom", "agreement", str(EXAMPLE), "--corpus", str(SEEDS),
                 "--disagreements", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "0.6639" in printed and "0.8862" in printed
    assert "the detector against each coder" in printed
    assert len(pd.read_csv(out)) == 12
    sheet = tmp_path / "sheet.csv"
    assert main(["classroom", "template", str(SEEDS), "--out", str(sheet),
                 "--coders", "ana", "ben"]) == 0
    assert "loaded_ben" in sheet.read_text(encoding="utf-8").splitlines()[0]
    assert main(["classroom", "agreement", str(SEEDS / "manifest.csv")]) == 2
    assert "no column 'sent_id'" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------
# hard cases found in review


def test_the_same_code_written_differently_is_the_same_code():
    # a column with a gap becomes floats: 1.0 is the code 1
    df = pd.DataFrame({"a": [1, 0, 1, 0, 1], "b": [1, 0, np.nan, 0, 1]})
    assert krippendorff_alpha(df) == 1.0 and percent_agreement(df) == 1.0
    assert cohen_kappa(df["a"].tolist(), df["b"].tolist()) == 1.0
    assert cohen_kappa([1, 0, 1, 0], [1.0, 0.0, 1.0, 0.0]) == 1.0
    assert cohen_kappa([" 1", "0", "1"], ["1", "0 ", "1"]) == 1.0


def test_own_categories_with_spaces_and_any_case():
    frame = pd.DataFrame({
        "doc_id": ["d1"] * 3, "sent_id": ["1", "2", "3"], "text": ["a", "b", "c"],
        "tone_ana": ["very negative", "Neutral", "neutral"],
        "tone_ben": ["Very-negative", "neutral", "very negative"],
        "frame_ana": ["Conflict", "economy", "x"], "frame_ben": ["conflict", "Economy ", "x"],
    })
    coded = codings_from_frame(frame, variables={"tone": ["very negative", "neutral"],
                                                 "frame": None})
    assert coded.matrix("tone")["ana"].tolist() == ["very_negative", "neutral", "neutral"]
    table = measure_agreement(coded).set_index("variable")
    assert table.loc["frame", "percent_agreement"] == 1.0
    assert table.loc["tone", "percent_agreement"] == pytest.approx(2 / 3)


def test_detector_codes_must_be_for_the_sheets_sentences(coded, seeds, tmp_path):
    codes = detect_codes(seeds.sentences, documents=seeds.documents)
    path = tmp_path / "codes.csv"
    codes.to_csv(path, index=False)
    with pytest.raises(ParameterError, match="doc_id as text"):
        add_coder(coded, pd.read_csv(path))  # "000" came back as the number 0
    back = add_coder(coded, pd.read_csv(path, dtype={"doc_id": str}))
    assert back.matrix("loaded")["detector"].notna().all()
