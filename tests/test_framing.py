"""analysis.framing: parameter checks and the analysis on corpora with nothing to find."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import CorpusWarning
from analysis.errors import CorpusError, LexiconError, ParameterError
from analysis.framing import analyse_corpus, check_corpus, check_parameters, parameter_names
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


# A bad value of every parameter that has one, and the message it gets before any work starts
# (the notebook's parameters cell has the same names, types and comments).
BAD_VALUES = {
    "corpus": ("nope", r"parameter corpus='nope': no such file or folder"),
    "manifest": ("nope.csv", r"parameter manifest='nope.csv': file not found"),
    "text_column": ("", r"parameter text_column='': give the name of the corpus's column"),
    "outlet_column": ("", r"parameter outlet_column='': give the name"),
    "outlets": (["BBC News", 2], r"parameter outlets=\['BBC News', 2\]: expected a list of strings"),
    "start_date": ("2025-02-30", r"parameter start_date='2025-02-30' is not a date: day is out "
                                 r"of range for month; write the day as YYYY-MM-DD"),
    "end_date": ("01.06.2025", r"parameter end_date='01.06.2025' is not a date: day and month "
                               r"could be either way round"),
    "date_format": ("%m/%Y", r"parameter date_format='%m/%Y': the format must name a whole day"),
    "actors": (["Putni"], r"parameter actors: unknown actor 'Putni' \(did you mean 'Putin'\?\)"),
    "extra_lexicons": (["mine.csv"], r"parameter extra_lexicons: file 'mine.csv' not found"),
    "extra_actors": (["cast.csv"], r"parameter extra_actors: file 'cast.csv' not found"),
    "bootstrap_seed": (-1, r"parameter bootstrap_seed=-1: use 0 or more"),
    "bootstrap_reps": (99, r"parameter bootstrap_reps=99: use 100 or more"),
    "min_docs": (1, r"parameter min_docs=1: use 2 or more"),
    "target_window": (-1, r"parameter target_window=-1: use 0 or more"),
    "stance_context": ("window", r"parameter stance_context='window' is not allowed"),
    "kwic_width": (0, r"parameter kwic_width=0: use 1 or more"),
    "keyness_min_freq": (0, r"parameter keyness_min_freq=0: use 1 or more"),
    "keyness_top": (0, r"parameter keyness_top=0: use 1 or more"),
    "exclude_reused": ("yes", r"parameter exclude_reused='yes' has type str; expected bool"),
    "lexicon_mode": ("merge", r"parameter lexicon_mode='merge' is not allowed; choose one of: "
                              r"'add', 'override', 'replace'"),
    "encoding_errors": ("ignore", r"parameter encoding_errors='ignore' is not allowed"),
}
# any string will do: an empty column name means "none", output_dir is set by build_report
FREE = {"id_column", "date_column", "title_column", "output_dir"}


def test_every_parameter_is_checked_before_any_work():
    assert set(BAD_VALUES) | FREE == set(parameter_names())
    for name, (value, message) in BAD_VALUES.items():
        params = {"corpus": str(SEEDS), name: value}
        with pytest.raises(ParameterError, match=message):
            check_parameters(params)


def test_start_after_end_is_an_error():
    with pytest.raises(ParameterError, match=r"start_date='2026-01-07' and end_date='2026-01-06': "
                       r"the start is after the end"):
        check_parameters({"corpus": str(SEEDS), "start_date": "2026-01-07", "end_date": "2026-01-06"})
    p = check_parameters({"corpus": str(SEEDS), "start_date": "2026-01-06", "end_date": "2026-01-06"})
    assert (p.start_date, p.end_date) == ("2026-01-06", "2026-01-06")


def test_unknown_actors_are_listed_with_the_registry_s_ids():
    with pytest.raises(ParameterError) as exc:
        check_parameters({"corpus": str(SEEDS), "actors": ["Putin", "Zelenksy", "Nobody"]})
    message = str(exc.value)
    assert message.startswith("parameter actors: unknown actors 'Zelenksy' (did you mean "
                              "'Zelensky'?), 'Nobody'; the actor registry "
                              "(analysis/data/actors.csv) has: 'Australia', 'Budanov',")
    assert "'Putin', " in message and "'von der Leyen', " in message
    assert message.endswith("'Zelensky'; add a new actor with extra_actors (a CSV of the "
                            "registry's columns)")
    with pytest.raises(ParameterError, match=r"unknown actor 'putin' \(did you mean 'Putin'\?\)"):
        check_parameters({"corpus": str(SEEDS), "actors": ["putin"]})  # ids are case-sensitive


def test_actors_of_a_user_registry_are_known(tmp_path: Path):
    cast = tmp_path / "cast.csv"
    cast.write_text("actor,alias,kind,group\nGrossi,Rafael Grossi,person,other\n", encoding="utf-8")
    p = check_parameters({"corpus": str(SEEDS), "actors": ["Grossi", "Putin"], "extra_actors": [str(cast)]})
    assert p.actors == ["Grossi", "Putin"]
    with pytest.raises(ParameterError, match=rf"unknown actor 'Grosi' \(did you mean 'Grossi'\?\); "
                       rf"the actor registry \(analysis/data/actors.csv, {re.escape(str(cast))}\) has: "
                       r".*'Grossi'"):
        check_parameters({"corpus": str(SEEDS), "actors": ["Grosi"], "extra_actors": [str(cast)]})
    cast.write_text("actor,alias,kind,group\nGrossi,Rafael Grossi,person,IAEA\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cast.csv: line 2: group='IAEA'"):
        check_parameters({"corpus": str(SEEDS), "extra_actors": [str(cast)]})


def test_a_malformed_extra_lexicon_fails_in_the_check(tmp_path: Path):
    mine = tmp_path / "mine.csv"
    mine.write_text("term,category\nwarmonger,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.csv"):
        check_parameters({"corpus": str(SEEDS), "extra_lexicons": [str(mine)]})


def test_a_report_user_can_override_the_shipped_lexicon_and_read_a_cp1252_file(tmp_path: Path):
    """lexicon_mode=override lets a scholar's file drop or recategorise shipped entries (the
    review found the noun in "If these claims are true" counted as a loaded verb of saying and
    no report parameter to remove it); encoding_errors=fallback reads a Windows-1252 file."""
    mine = tmp_path / "mine.csv"
    mine.write_text("# name: mine\n# version: 0.1.0\nterm,category,case,source,rationale\n"
                    "claims,remove,,me,'claims' is mostly a noun in this corpus\n",
                    encoding="utf-8")
    shipped = analyse_corpus(corpus=str(SEEDS), bootstrap_reps=100).tables["loaded_hits"]
    assert "claims" in set(shipped["match"].str.lower())
    with pytest.raises(LexiconError, match=r"-p lexicon_mode=override"):
        check_parameters({"corpus": str(SEEDS), "extra_lexicons": [str(mine)]})
    fa = analyse_corpus(corpus=str(SEEDS), extra_lexicons=[str(mine)], lexicon_mode="override",
                        bootstrap_reps=100)
    hits = fa.tables["loaded_hits"]
    assert "claims" not in set(hits["match"].str.lower())
    assert len(hits) == len(shipped) - (shipped["match"].str.lower() == "claims").sum()
    lexicons = {lex["name"]: lex for lex in fa.provenance()["lexicons"]}
    assert lexicons["loaded_language"]["version"] == "3.1.0+mine@0.1.0"
    corpus = tmp_path / "cp1252"
    corpus.mkdir()
    (corpus / "a.txt").write_bytes("Caf\xe9 owners said the tyrant\x92s plan failed.".encode("latin-1"))
    (corpus / "manifest.csv").write_text("doc_id,file,outlet,date\na,a.txt,X,2026-01-01\n",
                                         encoding="utf-8")
    with pytest.raises(CorpusError, match=r"-p encoding_errors=fallback"):
        analyse_corpus(corpus=str(corpus))
    with pytest.warns(CorpusWarning, match=r"decoded as Windows-1252"):
        fa = analyse_corpus(corpus=str(corpus), encoding_errors="fallback", bootstrap_reps=100)
    assert fa.tables["sentences"]["text"].tolist() == ["Café owners said the tyrant’s plan failed."]


def test_date_format_reads_the_corpus_dates_in_the_report(tmp_path: Path):
    corpus = tmp_path / "eu.csv"
    text = (SEEDS / "003_f8c39a15cec7a091.txt").read_text(encoding="utf-8")
    pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["BBC News", "Al Jazeera"],
                  "date": ["11.03.2025", "06.01.2026"], "text": [text, text]}).to_csv(corpus, index=False)
    params = {"corpus": str(corpus), "title_column": "", "bootstrap_reps": 200}
    with pytest.raises(CorpusError, match=r"eu\.csv: line 2: cannot read date '11\.03\.2025'"):
        check_corpus(check_parameters(params))
    fa = analyse_corpus(**params, date_format="%d.%m.%Y", end_date="2026-01-06")
    docs = fa.prepared.documents
    assert docs["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-03-11", "2026-01-06"]
    assert fa.provenance()["parameters"]["date_format"] == "%d.%m.%Y"


def test_check_corpus_reads_and_filters_as_the_analysis_does():
    check_corpus(check_parameters({"corpus": str(SEEDS), "start_date": "2026-01-06"}))
    with pytest.raises(CorpusError, match=r"no documents match the filters \(outlets 'BBC News'; to "
                       r"2025-12-31\): 'BBC News' has 1 document, dated 2026-01-06"):
        check_corpus(check_parameters({"corpus": str(SEEDS), "outlets": ["BBC News"],
                                       "end_date": "2025-12-31"}))
    with pytest.raises(CorpusError, match=r"no documents match the filters \(from 2027-01-01\)"):
        analyse_corpus(corpus=str(SEEDS), start_date="2027-01-01")


def test_show_figure_carries_the_figures_description_as_alt():
    from analysis.framing import show_figure
    from analysis.plots import describe_figure, new_figure

    fig, ax = new_figure(3, 2)
    ax.set_title("The $5 Post")
    ax.set_xlabel("hits")
    image = show_figure(fig)
    assert describe_figure(fig) == "The $5 Post (x: hits)"
    data, metadata = image._repr_mimebundle_()  # what the kernel writes into the notebook
    assert "image/png" in data
    assert metadata["image/png"]["alt"] == "The $5 Post (x: hits)"  # the report's alt text
