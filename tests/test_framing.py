"""analysis.framing: parameter checks and the analysis on corpora with nothing to find."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.errors import ParameterError
from analysis.framing import analyse_corpus, check_parameters
from tests.conftest import SEEDS


def test_quiet_corpus_gives_empty_tables_not_errors(tmp_path: Path):
    (tmp_path / "calm.txt").write_text("Ministers met in Paris on Tuesday. They talked.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("doc_id,outlet\ncalm,Calm Times\n", encoding="utf-8")
    fa = analyse_corpus(corpus=str(tmp_path))
    assert len(fa.tables["loaded_hits"]) == 0 and len(fa.tables["mentions"]) == 0
    rates = fa.tables["loaded_rates"]
    assert rates[["outlet", "category", "n_hits", "n_tokens"]].values.tolist() == [["Calm Times", "all", 0, 8]]
    assert len(fa.kwic("loaded")) == 0


def test_parameter_checks():
    with pytest.raises(ParameterError, match=r"parameter corpus='nope': no such file or folder"):
        check_parameters({"corpus": "nope"})
    with pytest.raises(ParameterError, match=r"start_date='yesterday' is not a date"):
        check_parameters({"corpus": str(SEEDS), "start_date": "yesterday"})
    with pytest.raises(ParameterError, match=r"bootstrap_reps=True has type bool; expected int"):
        check_parameters({"corpus": str(SEEDS), "bootstrap_reps": True})
    with pytest.raises(ParameterError, match=r"expected a list of strings"):
        check_parameters({"corpus": str(SEEDS), "outlets": [1, 2]})
    with pytest.raises(ParameterError, match=r"extra_lexicons: file 'mine.csv' not found"):
        check_parameters({"corpus": str(SEEDS), "extra_lexicons": ["mine.csv"]})
    with pytest.raises(ParameterError, match=r"parameter stance_context=.window. is not allowed; choose one of: .sentence., .clause."):
        check_parameters({"corpus": str(SEEDS), "stance_context": "window"})


def test_stance_context_chooses_the_stance_table_and_both_are_set_side_by_side():
    by = {ctx: analyse_corpus(corpus=str(SEEDS), stance_context=ctx, bootstrap_reps=200).tables
          for ctx in ("sentence", "clause")}
    key = ["outlet", "actor"]
    wna = ("World News Actuality", "Zelensky")
    for ctx, tables in by.items():
        stance = tables["stance"].set_index(key)
        contrast = tables["stance_contexts"].set_index(key)
        # the report's stance is the chosen context's; the contrast is the same either way
        assert stance.loc[wna, "vader_compound"] == contrast.loc[wna, f"vader_compound_{ctx}"]
        assert contrast.loc[wna, "vader_compound_shift"] == -0.0383
        assert "context" in tables["stance_clauses"].columns
        assert ("context" in tables["stance_sentences"].columns) == (ctx == "clause")
    assert by["clause"]["outlet_profile"].set_index("outlet").loc["World News Actuality", "stance_Zelensky_vader_compound"] == 0.2351
    assert by["sentence"]["outlet_profile"].set_index("outlet").loc["World News Actuality", "stance_Zelensky_vader_compound"] == 0.2734


def test_outlet_filter_and_actors_of_interest():
    fa = analyse_corpus(corpus=str(SEEDS), outlets=["BBC News", "UK tabloid (unnamed)"], actors=["Putin"],
                        bootstrap_reps=200)
    assert sorted(fa.tables["outlets"]["outlet"]) == ["BBC News", "UK tabloid (unnamed)"]
    assert set(fa.tables["naming_variants"]["actor"]) == {"Putin"}
