"""analysis.compare: the outlet profile and metrics per time period."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.compare import add_period, outlet_profile, per_period, plot_profile
from analysis.errors import ParameterError
from analysis.loaded import find_loaded, loaded_rates
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def hits(seeds):
    return find_loaded(seeds.sentences)


def test_periods_from_dates(seeds):
    q = add_period(seeds.sentences, freq="quarter").groupby("doc_id")["period"].first().to_dict()
    assert q == {"000": "2025Q4", "001": "2026Q1", "002": "2026Q1", "003": "2026Q1", "004": "2025Q1"}
    m = add_period(seeds.sentences, freq="month").groupby("doc_id")["period"].first()
    assert m["004"] == "2025-03"
    with pytest.raises(ParameterError, match="freq='week' is not allowed"):
        add_period(seeds.sentences, freq="week")  # type: ignore[arg-type]


def test_per_period_equals_metric_on_each_slice(seeds, hits):
    pp = per_period(loaded_rates, seeds.sentences, tables={"hits": hits}, freq="year",
                    n_boot=200, per_category=False)
    assert sorted(pp["period"].unique()) == ["2025", "2026"]
    y2025 = pp[pp["period"] == "2025"].drop(columns="period").reset_index(drop=True)
    docs = {"000", "004"}
    direct = loaded_rates(hits[hits["doc_id"].isin(docs)], seeds.sentences[seeds.sentences["doc_id"].isin(docs)],
                          n_boot=200, per_category=False)
    pd.testing.assert_frame_equal(y2025, direct)


def test_profile_has_one_row_per_outlet_with_n(seeds, hits):
    rates = loaded_rates(hits, seeds.sentences, n_boot=200)
    p = outlet_profile(seeds.sentences, loaded_rates=rates).set_index("outlet")
    assert len(p) == 5
    assert p.loc["UK tabloid (unnamed)", "loaded_per_1k"] > 3 * p.loc["BBC News", "loaded_per_1k"]
    assert p.loc["BBC News", "n_tokens"] == 571  # 580 less the 9 of its removed photo caption
    assert p["loaded_n"].sum() == len(hits)
    fig = plot_profile(p.reset_index())
    assert fig.axes[0].get_title() == "Outlet profile"


def test_profile_gathers_keyness_and_reuse(seeds):
    from analysis.keyness import keyness
    from analysis.reuse import document_similarity, find_reused_passages, reuse_mask

    key = keyness(seeds.sentences, direction="over")
    sim = document_similarity(seeds.documents)
    passages = find_reused_passages(seeds.documents, sim)
    p = outlet_profile(seeds.sentences, keyness=key, reused=reuse_mask(seeds.sentences, passages))
    p = p.set_index("outlet")
    assert p.loc["Unidentified republisher", "key_words"].split("; ")[0] == "percent"
    assert p.loc["Unidentified republisher", "reused_n"] == 14
    assert p.loc["Unidentified republisher", "reuse_checked_n"] == 14
    assert p.loc["BBC News", "reused_share"] == 0  # the source keeps its own text
    # the figure labels the share with its sentences (it showed the attribution count)
    fig = plot_profile(p.reset_index(), metrics=["reused_share"])
    labels = {t.get_position()[1]: t.get_text() for t in fig.axes[0].texts}
    row = list(p.index).index("Unidentified republisher")
    assert labels[row] == "1\nof 14"
    # a rate is labelled with its hits, a share with its total, a stance mean with its n
    small = pd.DataFrame({"outlet": ["A"], "loaded_per_1k": [18.4], "loaded_n": [11],
                          "anonymous_share": [0.18], "attributions_n": [11],
                          "stance_Putin_vader_compound": [0.2], "stance_Putin_n": [4]})
    fig = plot_profile(small, metrics=["loaded_per_1k", "anonymous_share",
                                       "stance_Putin_vader_compound"])
    assert [t.get_text() for t in fig.axes[0].texts] == ["18.4\n11 hits", "0.18\nof 11",
                                                         "0.2\nn=4"]


def test_profile_figure_colours_missing_values_grey_and_equal_ones_white():
    p = pd.DataFrame({"outlet": ["A", "B", "C"], "m_loaded_per_sentence": [0.5, float("nan"), 0.0],
                      "same_per_1k": [2.0, 2.0, 2.0]})
    image = plot_profile(p, metrics=["m_loaded_per_sentence", "same_per_1k"]).axes[0].images[0]
    cells = image.get_array()
    assert cells.mask.tolist() == [[False, False], [True, False], [False, False]]
    assert cells[:, 1].tolist() == [0.0, 0.0, 0.0]  # white: nothing to tell apart
    assert (cells[0, 0], cells[2, 0]) == (1.0, 0.0)
    rgba = image.cmap(np.ma.masked_invalid([np.nan]))[0]
    assert tuple(round(c, 3) for c in rgba[:3]) == (0.851, 0.851, 0.851)  # grey


def test_an_outlet_all_of_whose_text_is_copied_has_an_empty_profile_row():
    """With exclude_reused the republisher's one article (a copy of the BBC's, '75%' restyled
    as '75 percent') leaves no sentence: its profile row has no rates, and the profile figure
    draws it (it failed converting the row's missing n to an integer)."""
    from analysis.framing import analyse_corpus

    fa = analyse_corpus(corpus=str(SEEDS), exclude_reused=True, bootstrap_reps=100)
    p = fa.tables["outlet_profile"].set_index("outlet")
    row = p.loc["Unidentified republisher"]
    assert pd.isna(row["loaded_per_1k"]) and row["reused_n"] == 14
    fig = plot_profile(fa.tables["outlet_profile"])
    assert len(fig.axes[0].texts) == len(p) * (len(fig.axes[0].get_xticks()))
