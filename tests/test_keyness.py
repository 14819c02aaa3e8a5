"""analysis.keyness: log-likelihood keyness and log ratio, checked by hand, against scipy and on
the seeds."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency

from analysis.errors import ParameterError
from analysis.keyness import (
    KEYNESS_COLUMNS,
    key_term_kwic,
    keyness,
    load_stopwords,
    log_likelihood,
    log_ratio,
    normalize_token,
    token_frequencies,
)
from analysis.segment import segment_corpus

BBC, REPUB, TABLOID = "BBC News", "Unidentified republisher", "UK tabloid (unnamed)"


def _sentences(texts: dict[str, str]) -> pd.DataFrame:
    """A sentence table with one document per outlet."""
    docs = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": list(texts),
            "date": ["2025-01-01"] * len(texts),
            "text": list(texts.values()),
        }
    )
    return segment_corpus(docs)


@pytest.fixture(scope="module")
def table(seeds):
    return keyness(seeds.sentences)


# --------------------------------------------------------------------------------------------
# the statistics


def _g2_by_hand(a, b, c, d):
    n = c + d
    cells = [(a, c * (a + b) / n), (b, d * (a + b) / n),
             (c - a, c * (n - a - b) / n), (d - b, d * (n - a - b) / n)]
    return 2 * sum(o * math.log(o / e) for o, e in cells if o > 0)


@pytest.mark.parametrize(
    "a,b,c,d",
    [(10, 5, 1000, 2000), (4, 0, 383, 2050), (0, 9, 580, 1853), (7, 2, 598, 1835),
     (1, 1, 10, 10), (50, 50, 100, 100), (3, 30, 100, 100)],
)
def test_log_likelihood_equals_hand_formula_and_scipy(a, b, c, d):
    g2 = float(log_likelihood(a, b, c, d))
    assert g2 == pytest.approx(_g2_by_hand(a, b, c, d), abs=1e-9)
    table = np.array([[a, b], [c - a, d - b]])
    stat, _p, dof, _ = chi2_contingency(table, correction=False, lambda_="log-likelihood")
    assert dof == 1
    assert g2 == pytest.approx(stat, abs=1e-9)


def test_equal_rates_give_zero_and_log_ratio_is_hardies():
    assert float(log_likelihood(5, 10, 100, 200)) == 0.0
    assert float(log_ratio(5, 10, 100, 200)) == 0.0
    # (10 / 1000) / (5 / 2000) = 4: twice doubled
    assert float(log_ratio(10, 5, 1000, 2000)) == pytest.approx(2.0)
    # a zero frequency is read as 0.5 for the log ratio only
    assert float(log_ratio(4, 0, 100, 100)) == pytest.approx(math.log2(4 / 0.5))
    assert float(log_ratio(0, 4, 100, 100)) == pytest.approx(-3.0)


def test_hand_made_corpus_counts_and_figures():
    sents = _sentences(
        {
            "A": "Sanctions bite. Sanctions bite hard. Sanctions, sanctions and Nato’s sanctions.",
            "B": "Talks go on. Talks stall. Nato's talks resume and talks.",
        }
    )
    k = keyness(sents, min_freq=1, stopwords=False)
    a = k[k["outlet"] == "A"].set_index("token")
    # possessive stripped, curly and straight apostrophes alike: "Nato’s" and "Nato's" → nato
    assert a.loc["nato", ["freq_target", "freq_reference"]].tolist() == [1, 1]
    assert a.loc["sanctions", ["freq_target", "freq_reference", "total_target", "total_reference"]].tolist() == [5, 0, 10, 10]
    assert a.loc["sanctions", "g2"] == pytest.approx(_g2_by_hand(5, 0, 10, 10))
    assert a.loc["sanctions", "direction"] == "over"
    assert a.loc["talks", "direction"] == "under"
    assert a.loc["and", "direction"] == "equal" and a.loc["and", "g2"] == 0.0
    # both outlets are tested against each other: B's table mirrors A's
    b = k[k["outlet"] == "B"].set_index("token")
    assert b.loc["sanctions", "g2"] == pytest.approx(a.loc["sanctions", "g2"])
    assert b.loc["sanctions", "log_ratio"] == pytest.approx(-a.loc["sanctions", "log_ratio"])


def test_tokens_are_normalised():
    assert normalize_token("Ukraine’s") == "ukraine"
    assert normalize_token("Trump's") == "trump"
    assert normalize_token("so-called") == "so-called"
    assert normalize_token("'s") == "'s"
    counts = token_frequencies(["Ukraine’s army and Ukraine's allies: UKRAINE."])
    assert counts["ukraine"] == 3
    assert "the" in load_stopwords() and "ukraine" not in load_stopwords()


# --------------------------------------------------------------------------------------------
# the seeds


def test_every_seed_row_agrees_with_scipy(table):
    assert table.columns.tolist() == ["outlet", *KEYNESS_COLUMNS]
    for r in table.itertuples(index=False):
        t = np.array([[r.freq_target, r.freq_reference],
                      [r.total_target - r.freq_target, r.total_reference - r.freq_reference]])
        stat, p, _, _ = chi2_contingency(t, correction=False, lambda_="log-likelihood")
        assert r.g2 == pytest.approx(stat, abs=1e-9)
        assert r.p_value == pytest.approx(p, rel=1e-9, abs=1e-15)


def test_seed_key_words(table):
    top = table[table["direction"] == "over"].groupby("outlet").head(1).set_index("outlet")
    # the republisher writes "percent" where the BBC writes "%": 4 times, nobody else once
    assert top.loc[REPUB, "token"] == "percent"
    rep = top.loc[REPUB]
    assert (rep["freq_target"], rep["freq_reference"]) == (4, 0)
    # the reference: 2041 tokens (the BBC's 571, without its removed photo caption, and the rest)
    assert (rep["total_target"], rep["total_reference"]) == (383, 2041)
    assert rep["g2"] == pytest.approx(14.7964, abs=1e-4)
    assert rep["p_value"] == pytest.approx(0.000120, abs=1e-6)
    assert rep["log_ratio"] == pytest.approx(math.log2((4 / 383) / (0.5 / 2041)))
    # the BBC's Venezuela paragraphs (dropped by the republisher) make it key for the BBC
    assert top.loc[BBC, "token"] == "venezuela"
    assert top.loc[BBC, "g2"] == pytest.approx(8.6868, abs=1e-4)
    # the tabloid names Putin (7 times, twice elsewhere) and spells "defence" 4 times
    assert top.loc[TABLOID, "token"] == "putin"
    assert top.loc[TABLOID, "g2"] == pytest.approx(11.2436, abs=1e-4)
    tab = table[table["outlet"] == TABLOID].set_index("token")
    assert tab.loc["defence", ["freq_target", "freq_reference"]].tolist() == [4, 0]
    assert top.loc["Al Jazeera", "token"] == "said"
    assert top.loc["World News Actuality", "token"] in {"proposal", "put"}
    # the BBC never names Putin: key by its absence
    bbc = table[table["outlet"] == BBC].set_index("token")
    assert bbc.loc["putin", "direction"] == "under"
    assert bbc.loc["putin", ["freq_target", "freq_reference"]].tolist() == [0, 9]


def test_sorted_filtered_and_deterministic(seeds, table):
    assert table["outlet"].is_monotonic_increasing
    for _, grp in table.groupby("outlet"):
        keys = list(zip(-grp["g2"].round(9), grp["token"], strict=True))
        assert keys == sorted(keys)
    assert (table["freq_target"] + table["freq_reference"] >= 3).all()
    assert not set(table["token"]) & load_stopwords()
    assert not table["token"].str.fullmatch(r"\d+(?:[.,:]\d+)*%?").any()
    shuffled = seeds.sentences.sample(frac=1, random_state=1)
    pd.testing.assert_frame_equal(keyness(shuffled), table)


def test_filters_do_not_change_the_statistics(seeds, table):
    full = keyness(seeds.sentences, stopwords=False, drop_numbers=False, min_freq=1)
    merged = table.merge(full, on=["outlet", "token"], suffixes=("", "_full"))
    assert len(merged) == len(table)
    assert np.allclose(merged["g2"], merged["g2_full"])
    assert (merged["total_target"] == merged["total_target_full"]).all()
    bbc = full[full["outlet"] == BBC].set_index("token")
    assert bbc.loc["the", "freq_target"] > 20
    assert bbc.loc["90%", "freq_target"] == 1  # numbers are tokens when kept
    # totals are every word token of the outlet
    assert bbc["total_target"].iloc[0] == seeds.sentences.loc[seeds.sentences["outlet"] == BBC, "n_tokens"].sum()


def test_reference_outlet_and_corpus(seeds):
    s = seeds.sentences
    k = keyness(s, target=REPUB, reference="outlet", reference_outlet=BBC)
    assert set(k["outlet"]) == {REPUB}
    first = k.iloc[0]
    assert (first["token"], first["freq_target"], first["freq_reference"]) == ("percent", 4, 0)
    assert first["total_reference"] == 571  # the BBC's tokens, its photo caption removed
    assert first["g2"] == pytest.approx(7.3262, abs=1e-4)
    v = k.set_index("token").loc["venezuela"]
    assert (v["freq_target"], v["freq_reference"], v["direction"]) == (0, 3, "under")
    # every outlet against the BBC, the BBC itself not a target
    assert BBC not in set(keyness(s, reference="outlet", reference_outlet=BBC)["outlet"])

    # a reference corpus given as a sentence table, or as frequencies, is the same as "rest"
    rest = keyness(s, target=BBC)
    others = s[s["outlet"] != BBC]
    as_sentences = keyness(s[s["outlet"] == BBC], reference="corpus", reference_corpus=others)
    pd.testing.assert_frame_equal(as_sentences, rest)
    freqs = token_frequencies(others["text"])
    freq_table = pd.DataFrame({"token": list(freqs), "freq": list(freqs.values())})
    as_freqs = keyness(s, target=BBC, reference="corpus", reference_corpus=freq_table)
    pd.testing.assert_frame_equal(as_freqs, rest)
    as_series = keyness(s, target=BBC, reference="corpus", reference_corpus=pd.Series(freqs))
    pd.testing.assert_frame_equal(as_series, rest)
    # a partial frequency list with the corpus size given
    part = freq_table[freq_table["token"].isin(["putin", "venezuela", "trump"])]
    small = keyness(s, target=BBC, reference="corpus", reference_corpus=part,
                    reference_total=int(sum(freqs.values())), min_freq=1).set_index("token")
    assert small.loc["venezuela", "g2"] == pytest.approx(rest.set_index("token").loc["venezuela", "g2"])


def test_by_document_top_and_direction(seeds):
    k = keyness(seeds.sentences, by="doc_id", top=2, direction="over")
    assert k.columns[0] == "doc_id"
    assert k.groupby("doc_id").size().max() == 2
    assert (k["direction"] == "over").all()
    assert k.set_index("doc_id").loc["002"].iloc[0]["token"] == "percent"
    under = keyness(seeds.sentences, target=BBC, direction="under")
    assert (under["direction"] == "under").all() and under.iloc[0]["token"] == "putin"


def test_key_term_kwic(seeds, table):
    lines = key_term_kwic(seeds.sentences, table, BBC, n=2)
    assert lines.columns.tolist()[:4] == ["rank", "token", "g2", "log_ratio"]
    ven = lines[lines["token"] == "venezuela"]
    assert len(ven) == 3 and (ven["rank"] == 1).all() and set(ven["doc_id"]) == {"003"}
    assert set(ven["match"]) == {"Venezuela"}
    text = seeds.documents.set_index("doc_id").loc["003", "text"]
    for r in lines.itertuples(index=False):
        assert text[r.start:r.end] == r.match
    # "Trump's" is found as trump
    assert "Trump's" in set(lines.loc[lines["token"] == "trump", "match"])
    rep = key_term_kwic(seeds.sentences, table, REPUB, n=1)
    assert rep["match"].tolist() == ["percent"] * 4
    assert key_term_kwic(seeds.sentences, table, BBC, n=1, direction="under").empty  # Putin


def test_parameters(seeds):
    s = seeds.sentences
    with pytest.raises(ParameterError, match="reference='elsewhere'"):
        keyness(s, reference="elsewhere")
    with pytest.raises(ParameterError, match="needs reference_outlet"):
        keyness(s, reference="outlet")
    with pytest.raises(ParameterError, match="not in the outlet column"):
        keyness(s, reference="outlet", reference_outlet="Reuters")
    with pytest.raises(ParameterError, match="the same"):
        keyness(s, target=BBC, reference="outlet", reference_outlet=BBC)
    with pytest.raises(ParameterError, match="target='Reuters'"):
        keyness(s, target="Reuters")
    with pytest.raises(ParameterError, match="needs reference_corpus"):
        keyness(s, reference="corpus")
    with pytest.raises(ParameterError, match="frequency table"):
        keyness(s, reference="corpus", reference_corpus=pd.DataFrame({"word": ["a"]}))
    with pytest.raises(ParameterError, match="integers"):
        keyness(s, reference="corpus", reference_corpus=pd.DataFrame({"token": ["a"], "freq": [1.5]}))
    with pytest.raises(ParameterError, match="need reference=\"corpus\""):
        keyness(s, reference_corpus=s)
    with pytest.raises(ParameterError, match="min_freq"):
        keyness(s, min_freq=0)
    with pytest.raises(ParameterError, match="top"):
        keyness(s, top=0)
    with pytest.raises(ParameterError, match="by="):
        keyness(s, by="date")
    with pytest.raises(ParameterError, match="at least two"):
        keyness(s[s["outlet"] == BBC])
    with pytest.raises(ParameterError, match="reference_total"):
        keyness(s, reference="corpus", reference_corpus=s, reference_total=1)
