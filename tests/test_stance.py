"""analysis.stance: sentence scores (offline, equal to TextBlob), stance per outlet × actor with
the loaded-term load, salience, the document-level contrast, the figures; checked on the seeds."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from analysis.actors import find_mentions, load_actors, naming_forms
from analysis.errors import ParameterError
from analysis.loaded import find_loaded, loaded_targets
from analysis.stance import (
    STANCE_LIMITS,
    _pattern_tables,
    _textblob_fast,
    actor_salience,
    actor_sentences,
    actor_stance,
    contrast_contexts,
    contrast_levels,
    describe_contrast,
    document_sentiment,
    evaluate_stance,
    gold_sentences,
    plot_salience,
    plot_stance_heatmap,
    predict_tone,
    read_stance_gold,
    score_sentences,
    stance_limits,
    stance_sentences,
)
from analysis.stats import bootstrap_mean, rng_for
from tests.conftest import ROOT

TABLOID = "UK tabloid (unnamed)"
OUTLETS = ["Al Jazeera", "BBC News", TABLOID, "Unidentified republisher", "World News Actuality"]


def _sentences(texts: list[str], outlet: str = "X") -> pd.DataFrame:
    """A sentence table with one one-sentence document per text."""
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": outlet,
            "date": "2025-01-01",
            "sent_id": 0,
            "para_id": 0,
            "start": 0,
            "end": [len(t) for t in texts],
            "text": texts,
            "n_tokens": [len(t.split()) for t in texts],
        }
    )


@pytest.fixture(scope="module")
def mentions(seeds):
    return find_mentions(seeds.sentences)


@pytest.fixture(scope="module")
def targets(seeds, mentions):
    forms = naming_forms(seeds.sentences, mentions)
    return loaded_targets(find_loaded(seeds.sentences), forms, seeds.sentences)


@pytest.fixture(scope="module")
def scores(seeds):
    return score_sentences(seeds.sentences)


@pytest.fixture(scope="module")
def stance(seeds, mentions, targets, scores):
    return actor_stance(seeds.sentences, mentions, targets, scores=scores, n_boot=500)


# --------------------------------------------------------------------------------------------
# 1. the registry covers the story's cast


def test_registry_covers_the_cast():
    cases = {
        "Putin": "Putin", "Zelensky": "Zelensky", "Trump": "Trump", "Macron": "Macron",
        "Starmer": "Starmer", "the PM": "Starmer", "Merz": "Merz", "von der Leyen": "von der Leyen",
        "Witkoff": "Witkoff", "Kushner": "Kushner", "Rutte": "Rutte", "Lavrov": "Lavrov",
        "Yermak": "Yermak", "Rubio": "Rubio", "Russia": "Russia", "Moscow": "Russia",
        "Ukraine": "Ukraine", "Kyiv": "Ukraine", "US": "US", "Washington": "US",
        "NATO": "NATO", "Nato": "NATO", "EU": "EU", "coalition of the willing": "Coalition of the Willing",
    }
    texts = [f"Yesterday {alias} spoke." for alias in cases]
    m = find_mentions(_sentences(texts), load_actors())
    found = dict(zip(m["doc_id"], m["actor"], strict=True))
    assert [found.get(f"d{i}") for i in range(len(cases))] == list(cases.values())


# --------------------------------------------------------------------------------------------
# 3. sentence scores: offline, and exactly TextBlob's and VADER's numbers


def test_scores_are_textblob_and_vader_exactly(seeds, scores):
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    s = seeds.sentences
    assert list(scores.columns) == ["doc_id", "sent_id", "tb_polarity", "tb_subjectivity", "vader_compound"]
    assert scores[["doc_id", "sent_id"]].equals(s[["doc_id", "sent_id"]].reset_index(drop=True))
    vader = SentimentIntensityAnalyzer()
    for text, row in zip(s["text"], scores.itertuples(index=False), strict=True):
        blob = TextBlob(text).sentiment
        assert (row.tb_polarity, row.tb_subjectivity) == (blob.polarity, blob.subjectivity)
        assert row.vader_compound == vader.polarity_scores(text)["compound"]
    reference = score_sentences(s, scorer="textblob")
    pd.testing.assert_frame_equal(scores, reference, check_exact=True)
    assert scores["tb_polarity"].between(-1, 1).all() and scores["tb_subjectivity"].between(0, 1).all()
    assert scores["vader_compound"].between(-1, 1).all()
    # the whole documents too (long texts, several sentences, quotes)
    fast = document_sentiment(seeds.documents)
    slow = document_sentiment(seeds.documents, scorer="textblob")
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)


_WORDS = sorted(_pattern_tables()[1])
_SPECIAL = ["not", "no", "never", "n't", "don't", "!", "(!)", "( ! )", ":)", ":-(", "<3", "xD",
            ".", ",", "?", "'", '"', "“", "”", "’", "the", "a", "ab", "x", "e.g.", "U.S.", "...",
            "—", "\n\n", "very", "really", "extremely", "can't", "I'm"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(_SPECIAL)), max_size=14),
       st.sampled_from([" ", "", "  "]), st.booleans())
def test_fast_scorer_equals_textblob_on_any_text(tokens, sep, upper):
    from textblob import TextBlob

    text = sep.join(t.upper() if upper and i % 3 == 0 else t for i, t in enumerate(tokens))
    blob = TextBlob(text).sentiment
    assert _textblob_fast(text) == (blob.polarity, blob.subjectivity)


@pytest.mark.parametrize("text", [
    "At 07:36 GMT, Russia said the talks were good.",   # ":3" inside a clock time
    "Updated 12:30 BST: a terrible, bad day :3",        # and a real ":3" at the end
    "It was good :3. Then bad :(",                     # faces at sentence ends
    "Great ( ! ) news, he said (!) and left",
    "lovely:) day", "x:Dgood", "sad :-( and :-(x", "END-OF-SENTENCE good",
    "He said 'good :)' twice", "A \u201cbrilliant :D\u201d plan",
])
def test_fast_scorer_equals_textblob_where_faces_hide_in_tokens(text, monkeypatch):
    """A face's characters inside a token (a clock time) leave the text on the chunk-by-chunk
    path; a face TextBlob merges sends it through TextBlob's own tokenizer; both give
    TextBlob's numbers."""
    from textblob import TextBlob
    from textblob._text import find_tokens

    from analysis.stance import _merges_tokens, _textblob_tokens

    blob = TextBlob(text).sentiment
    assert _textblob_fast(text) == (blob.polarity, blob.subjectivity)
    assert _textblob_fast(text, text.split()) == (blob.polarity, blob.subjectivity)
    assert _textblob_tokens(text) == " ".join(find_tokens(text)).split()
    if text.startswith("At 07:36"):  # the clock time stays on the chunk-by-chunk path
        assert not _merges_tokens(_textblob_tokens(text))
        import analysis.stance as stance

        def whole(_text):
            raise AssertionError("sent through the whole tokenizer")

        monkeypatch.setattr(stance, "_textblob_whole", whole)
        assert _textblob_fast(text) == (blob.polarity, blob.subjectivity)


@pytest.mark.parametrize("text", [
    # TextBlob: what is pending after a word that acts (a modifier, a negation) across chunks
    "not a good plan", "very a good plan", "not, very good", "extremely ,  bad !", "never",
    "really really good really", "not not bad", "a b c very", "the very best, not", "good !",
    "It isn't very good at all", "'very' good", "very'' good", "very 'good'", "(!) good",
    # VADER: words before a lexicon word that its rules read, and capitals
    "the plan was so good", "a truly this bad day", "no or nor bad news", "never so good",
    "at least good", "very least good", "without a doubt great", "we are no good",
    "GOOD day for all", "a GOOD day for all", "not GOOD", "kind of good", "it was kind",
    "so so so good", "this is this good", "I am not at all sure it is good", "good? Bad?? ok!",
    "the heart of the good", "the kind of good", "of the never so good", "no one or bad",
    "no, nor good", "without any doubt good", "never, this good", "so the good", "a no good",
    "least of all good", "at the least good", "most good", "the most good thing",
])
def test_fast_scorers_equal_the_packages_on_hard_contexts(text):
    """The shortcuts of the fast scorers (plain tokens skipped while nothing is pending, a
    lexicon word's valence taken as it is when the words before it are quiet) give the
    packages' numbers where a rule does have something to do."""
    from analysis.stance import _score_texts, _textblob_reference, _vader_reference

    expected = (*_textblob_reference(text), _vader_reference(text))
    assert _score_texts([text], "fast") == [expected]
    assert _score_texts([text.upper()], "fast") == [
        (*_textblob_reference(text.upper()), _vader_reference(text.upper()))
    ]


@pytest.fixture(scope="module")
def generated_sentences() -> list[str]:
    """The distinct sentences of about 150 KB of the bench's generated corpus."""
    from analysis.clean import clean_corpus
    from analysis.segment import segment_corpus
    from bench.corpus_gen import iter_documents

    docs = pd.DataFrame(list(iter_documents(150_000, seed=3)))
    docs["date"] = pd.to_datetime(docs["date"])
    for col in ("source", "note"):
        docs[col] = ""
    docs["source_line"] = 1
    sentences = segment_corpus(clean_corpus(docs)[0])
    return list(dict.fromkeys(sentences["text"]))


def test_fast_scorers_equal_textblob_and_vader_on_generated_text(generated_sentences):
    """The fast scorers (their per-token and per-chunk caches warm after the first pass) give
    TextBlob's and VADER's numbers on every sentence of generated news text."""
    from analysis.stance import _textblob_reference, _vader_fast, _vader_reference

    assert len(generated_sentences) > 500
    for _ in range(2):  # cold caches, then warm
        for text in generated_sentences:
            tb, vader = _textblob_reference(text), _vader_reference(text)
            assert _textblob_fast(text) == tb, text
            assert _vader_fast(text) == vader, text
            chunks = text.split()  # as score_sentences calls them: one split for both
            assert _textblob_fast(text, chunks) == tb and _vader_fast(text, chunks) == vader


def test_scoring_needs_no_nltk_data_and_no_network(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    code = f"""
import socket
def _no_network(*a, **k):
    raise RuntimeError("network used")
socket.socket.connect = _no_network
socket.create_connection = _no_network
import nltk
nltk.data.path[:] = [{str(empty)!r}]
def _no_download(*a, **k):
    raise RuntimeError("nltk.download called")
nltk.download = _no_download
from analysis.pipeline import prepare_corpus
from analysis.stance import score_sentences, document_sentiment
c = prepare_corpus({str(ROOT / "seeds")!r})
a = score_sentences(c.sentences)
b = score_sentences(c.sentences, scorer="textblob")
d = document_sentiment(c.documents)
assert a.equals(b) and len(a) == len(c.sentences) and len(d) == 5
print("offline ok")
"""
    env = {**os.environ, "NLTK_DATA": str(empty)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "offline ok" in result.stdout


def test_scores_are_deterministic_and_copies_score_alike(seeds, scores):
    pd.testing.assert_frame_equal(score_sentences(seeds.sentences), scores, check_exact=True)
    # 002 republishes 003: identical sentences get identical scores
    s = seeds.sentences.assign(**{c: scores[c].to_numpy() for c in scores.columns[2:]})
    dup = s[s.duplicated("text", keep=False)]
    assert len(dup) > 0
    assert (dup.groupby("text")["vader_compound"].nunique() == 1).all()


# --------------------------------------------------------------------------------------------
# actor sentences and stance


def test_actor_sentences_one_row_per_sentence_and_actor(seeds, mentions):
    a = actor_sentences(seeds.sentences, mentions)
    assert list(a.columns) == ["doc_id", "outlet", "sent_id", "actor", "group", "kind", "n_mentions"]
    assert not a.duplicated(["doc_id", "sent_id", "actor"]).any()
    assert a["n_mentions"].sum() == (~mentions["apposition"]).sum()
    idx = a.set_index(["doc_id", "sent_id", "actor"])["n_mentions"]
    # "Ukraine’s leader, Volodymyr Zelensky": one mention, not two
    assert idx[("002", 0, "Zelensky")] == 1
    # "Sir Keir Starmer, the Prime Minister": one mention
    assert idx[("000", 11, "Starmer")] == 1
    assert (a[(a["doc_id"] == "004") & (a["actor"] == "Putin")]["sent_id"].tolist() == [1, 2, 5, 6, 7, 9, 15])


def test_putin_load_in_the_tabloid_stands_out(stance, targets):
    st_ = stance.set_index(["outlet", "actor"])
    tab = st_.loc[(TABLOID, "Putin")]
    assert (tab["n_sentences"], tab["n_loaded"]) == (7, 3)
    assert tab["loaded_per_sentence"] == pytest.approx(3 / 7, abs=1e-4)
    assert tab["loaded_terms"] == "hoodwinked; maximalist; tyrant"  # hoodwinked: its doer
    # the tabloid loads Putin in the most sentences; World News Actuality in 1 of its 2 ("his
    # maximalist war aims"); the other outlets do not name him
    wna = st_.loc[("World News Actuality", "Putin")]
    assert (wna["n_sentences"], wna["n_loaded"], wna["loaded_terms"]) == (2, 1, "maximalist")
    assert {o for o, a in st_.index if a == "Putin"} == {TABLOID, "World News Actuality"}
    assert set(targets.loc[targets["target"] == "Putin", "doc_id"]) == {"000", "004"}
    # it is the tabloid's most loaded actor among those it mentions in 5+ sentences
    frequent = stance[(stance["outlet"] == TABLOID) & (stance["n_sentences"] >= 5)]
    assert frequent.sort_values("loaded_per_sentence").iloc[-1]["actor"] == "Putin"


def test_stance_means_and_counts_add_up(seeds, mentions, stance, scores):
    ev = stance_sentences(seeds.sentences, mentions, scores=scores)
    for (outlet, actor), g in ev.groupby(["outlet", "actor"]):
        row = stance[(stance["outlet"] == outlet) & (stance["actor"] == actor)].iloc[0]
        assert row["n_sentences"] == len(g)
        assert row["n_mentions"] == g["n_mentions"].sum()
        for col in ("tb_polarity", "tb_subjectivity", "vader_compound"):
            assert row[col] == pytest.approx(g[col].mean(), abs=5e-5)
        assert row["n_loaded"] == g["n_loaded"].sum()
    assert len(stance) == ev.groupby(["outlet", "actor"]).ngroups
    # evidence: the sentences behind the tabloid's Putin cell, with their loaded terms
    putin = ev[(ev["outlet"] == TABLOID) & (ev["actor"] == "Putin")]
    assert putin.loc[putin["sent_id"] == 5, "loaded_terms"].item() == "tyrant; maximalist"
    assert putin.loc[putin["sent_id"] == 5, "text"].item().startswith("But tyrant Putin")


def test_intervals_are_seeded_and_honest_about_small_n(seeds, mentions, targets, scores, stance):
    st_ = stance.set_index(["outlet", "actor"])
    tab = st_.loc[(TABLOID, "Putin")]
    assert tab["interval_note"] == "95% bootstrap over 7 sentences in 1 document"
    vals = stance_sentences(seeds.sentences, mentions, targets, scores=scores)
    vals = vals[(vals["outlet"] == TABLOID) & (vals["actor"] == "Putin")]
    for col in ("vader_compound", "tb_polarity"):
        lo, hi = bootstrap_mean(vals[col].to_numpy(), n_boot=500, rng=rng_for(0, TABLOID, "Putin"))
        assert (tab[f"{col}_low"], tab[f"{col}_high"]) == (round(lo, 4), round(hi, 4))
        assert tab[f"{col}_low"] <= tab[col] <= tab[f"{col}_high"]
    assert tab["loaded_per_sentence_low"] <= tab["loaded_per_sentence"] <= tab["loaded_per_sentence_high"]
    small = st_.loc[("World News Actuality", "Putin")]
    assert np.isnan(small["vader_compound_low"]) and np.isnan(small["loaded_per_sentence_high"])
    assert small["interval_note"] == "only 2 sentences (< 5): no interval"
    assert (stance["n_sentences"] < 5).eq(stance["vader_compound_low"].isna()).all()
    again = actor_stance(seeds.sentences, mentions, targets, scores=scores, n_boot=500)
    pd.testing.assert_frame_equal(again, stance)
    other = actor_stance(seeds.sentences, mentions, targets, scores=scores, n_boot=500, seed=3)
    assert not other["vader_compound_low"].equals(stance["vader_compound_low"])
    pd.testing.assert_series_equal(other["vader_compound"], stance["vader_compound"])


def test_document_resampling(seeds, mentions, targets, scores):
    per_doc = actor_stance(seeds.sentences, mentions, targets, scores=scores, resample="document", n_boot=200)
    assert (per_doc["interval_note"] == "only 1 document (< 5): no interval").all()
    # five copies of each seed as separate documents of the same outlet
    k = range(5)
    sents = pd.concat([seeds.sentences.assign(doc_id=seeds.sentences["doc_id"] + f"-{i}") for i in k])
    men = pd.concat([mentions.assign(doc_id=mentions["doc_id"] + f"-{i}") for i in k])
    tgt = pd.concat([targets.assign(doc_id=targets["doc_id"] + f"-{i}") for i in k])
    out = actor_stance(sents, men, tgt, resample="document", n_boot=200).set_index(["outlet", "actor"])
    row = out.loc[(TABLOID, "Putin")]
    assert row["interval_note"] == "95% bootstrap over 5 documents"
    assert (row["n_docs"], row["n_sentences"], row["n_loaded"]) == (5, 35, 15)
    # identical documents: the interval collapses onto the mean
    assert row["loaded_per_sentence_low"] == pytest.approx(row["loaded_per_sentence"], abs=1e-4)
    assert row["vader_compound_high"] == pytest.approx(row["vader_compound"], abs=1e-4)
    by_doc = actor_stance(seeds.sentences, mentions, targets, scores=scores, by="doc_id", n_boot=200)
    assert list(by_doc.columns[:3]) == ["doc_id", "outlet", "actor"]
    assert by_doc.set_index(["doc_id", "actor"]).loc[("004", "Putin"), "n_loaded"] == 3


def test_targets_are_computed_when_not_given(seeds, mentions, stance):
    auto = actor_stance(seeds.sentences, mentions, n_boot=500)
    pd.testing.assert_frame_equal(auto, stance)


def test_no_mentions_gives_empty_tables(seeds):
    none = find_mentions(seeds.sentences).iloc[0:0]
    out = actor_stance(seeds.sentences, none, n_boot=200)
    assert len(out) == 0 and "loaded_per_sentence" in out.columns
    assert len(actor_salience(seeds.sentences, none)) == 0


def test_bad_parameters_are_clear(seeds, mentions):
    s = seeds.sentences
    with pytest.raises(ParameterError, match="by='paper' is not allowed; choose one of: 'outlet', 'doc_id'"):
        actor_stance(s, mentions, by="paper")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="resample='word'"):
        actor_stance(s, mentions, resample="word")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="scorer='nltk'"):
        score_sentences(s, scorer="nltk")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="min_n=1"):
        actor_stance(s, mentions, min_n=1)
    with pytest.raises(ParameterError, match="n_boot=10"):
        actor_stance(s, mentions, n_boot=10)
    with pytest.raises(ParameterError, match="scores has no row"):
        actor_stance(s, mentions, scores=score_sentences(s.iloc[:3]))
    with pytest.raises(ParameterError, match="mentions lacks column"):
        actor_sentences(s, mentions.drop(columns="actor"))


# --------------------------------------------------------------------------------------------
# 4. salience


def test_salience_shares_and_first_mentions(seeds, mentions):
    sal = actor_salience(seeds.sentences, mentions)
    idx = sal.set_index(["outlet", "actor"])
    putin = idx.loc[(TABLOID, "Putin")]
    assert (putin["n_sentences"], putin["n_sentences_total"], putin["share"]) == (7, 21, 0.3333)
    assert (putin["first_sentence"], putin["first_position"]) == (1.0, 0.05)
    assert idx.loc[(TABLOID, "Ukraine"), "first_sentence"] == 0.0
    starmer = idx.loc[("Al Jazeera", "Starmer")]  # first named in sentence 8 of 10
    assert (starmer["first_sentence"], starmer["first_position"]) == (8.0, round(8 / 9, 4))
    assert (sal["share"] == (sal["n_sentences"] / sal["n_sentences_total"]).round(4)).all()
    assert sal["first_position"].between(0, 1).all()
    totals = seeds.sentences.groupby("outlet").size()
    assert (sal.groupby("outlet")["n_sentences_total"].first() == totals).all()
    by_doc = actor_salience(seeds.sentences, mentions, by="doc_id").set_index(["doc_id", "actor"])
    assert by_doc.loc[("004", "Putin"), "share"] == putin["share"]


# --------------------------------------------------------------------------------------------
# 5. documented limits, measured


def test_document_sentiment_does_not_separate_the_tabloid(seeds):
    doc = document_sentiment(seeds.documents).set_index("doc_id")
    # 003 is scored without its visible photo caption, which cleaning removes (rule caption_line)
    assert doc["tb_polarity"].to_dict() == {"000": 0.0612, "001": 0.1307, "002": 0.1049, "003": 0.0946, "004": 0.1022}
    assert doc["vader_compound"].to_dict() == {"000": 0.9927, "001": 0.9877, "002": 0.9405, "003": -0.3971, "004": 0.2846}
    tb = doc["tb_polarity"]
    assert tb.between(0.06, 0.135).all()  # mildly positive, all five
    assert tb.min() < tb["004"] < tb.max()  # the tabloid is neither the most negative nor extreme
    # VADER saturates and is unstable: an edited copy (002) and its original (003) differ in sign
    assert doc.loc["002", "vader_compound"] > 0.9 and doc.loc["003", "vader_compound"] < 0
    for value in tb:  # the documented figures are the measured ones
        assert f"{value:.3f}" in STANCE_LIMITS
    assert stance_limits() == STANCE_LIMITS
    assert STANCE_LIMITS.strip() in (ROOT / "docs" / "stance.md").read_text(encoding="utf-8")


def test_lexicons_miss_the_framing_words():
    s = _sentences(["tyrant Putin has made deliberately maximalist demands"])
    row = score_sentences(s).iloc[0]
    assert row["vader_compound"] == 0.0
    assert row["tb_polarity"] == 0.0


def test_actor_view_sees_what_the_document_view_does_not(seeds, stance):
    table = contrast_levels(document_sentiment(seeds.documents), stance, actors=["Putin", "Trump"])
    t = table.set_index("outlet")
    assert list(t.index) == OUTLETS
    assert t["Putin_n_loaded"].tolist() == [0, 0, 3, 0, 1]
    assert t["Putin_n_sentences"].tolist() == [0, 0, 7, 0, 2]
    # the document level puts the tabloid mid-pack; the actor level singles it out (by count:
    # per sentence, World News Actuality's two sentences put it above)
    assert t["doc_tb_polarity"].rank()[TABLOID] == 3
    assert t["Putin_n_loaded"].idxmax() == TABLOID
    # and the sentiment of its Putin sentences is no more negative than the corpus's
    assert t.loc[TABLOID, "Putin_vader_compound"] > 0
    assert "3 in the 7" in STANCE_LIMITS and "0.43" in STANCE_LIMITS


def test_describe_contrast_reads_the_corpus_own_numbers(seeds, stance):
    """The report's paragraph under the contrast table is computed from that table: on the
    seeds it gives the documented figures, and on a corpus without the tabloid it names no
    outlet that is not in it."""
    import mistune

    render = mistune.create_markdown(escape=True)  # as the report renders it
    table = contrast_levels(document_sentiment(seeds.documents), stance, actors=["Putin"])
    text = render(describe_contrast(table, actors=["Putin"]))
    assert "TextBlob polarity 0.131 (Al Jazeera), 0.095 (BBC News)" in text
    assert "3 in the 7 sentences of UK tabloid (unnamed) (0.43 per sentence; VADER of those " \
        "sentences +0.17)" in text
    assert "1 in the 2 sentences of World News Actuality (0.50 per sentence" in text
    assert "not named by Al Jazeera, BBC News, Unidentified republisher." in text
    two = table[table["outlet"].isin(["Al Jazeera", "BBC News"])]
    text = render(describe_contrast(two, actors=["Putin"]))
    assert "tabloid" not in text and "World News" not in text
    assert "<strong>Putin</strong>: no outlet of this corpus names the actor." in text
    with pytest.raises(ParameterError, match="contrast_levels"):
        describe_contrast(table, actors=["Trump"])
    # an outlet's name is data: Markdown in it is shown as written, never a link or an image
    evil = "[Click me](https://evil.example/phish) ![fake](data:image/png;base64,AAAA) *$5*"
    text = render(describe_contrast(two.replace({"outlet": {"BBC News": evil}}), actors=["Putin"]))
    assert "<a " not in text and "<img" not in text and "<em>" not in text
    assert f"({evil})" in text


# --------------------------------------------------------------------------------------------
# 6. figures


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_stance_heatmap(stance):
    fig = plot_stance_heatmap(stance, metric="loaded_per_sentence")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_title().startswith("Stance toward actors by outlet: loaded terms")
    assert ax.get_xlabel() == "actor (n = sentences mentioning the actor)" and ax.get_ylabel() == "outlet"
    assert [t.get_text() for t in ax.get_yticklabels()] == OUTLETS
    assert "0.43\nn=7" in _texts(fig) and "not\nmentioned" in _texts(fig)
    assert "per sentence" in fig.axes[1].get_ylabel()  # the colour bar says the unit
    assert _png(fig) == _png(plot_stance_heatmap(stance, metric="loaded_per_sentence"))
    fig2 = plot_stance_heatmap(stance, actors=["Putin", "Trump"])
    assert [t.get_text() for t in fig2.axes[0].get_xticklabels()] == ["Putin", "Trump"]
    assert "+0.17\nn=7" in _texts(fig2)
    # a sentiment map says it shows the sentences' tone (the review read +0.17 as the tabloid's
    # stance toward Putin: sentences about his attacks that VADER scores positive)
    assert fig2.axes[0].get_title() == (
        "Tone of the sentences mentioning each actor, by outlet\nVADER compound, mean over those "
        "sentences: not necessarily the tone toward the actor")
    with pytest.raises(ParameterError, match="metric='mood'"):
        plot_stance_heatmap(stance, metric="mood")  # type: ignore[arg-type]


def test_salience_figure(seeds, mentions):
    from matplotlib.colors import to_rgba

    from analysis.plots import outlet_colors

    sal = actor_salience(seeds.sentences, mentions)
    fig = plot_salience(sal, actors=["Putin", "Trump"])
    bars, dots = fig.axes
    assert bars.get_title() == "Actor salience by outlet"
    assert "% of the outlet's sentences" in bars.get_xlabel() and "first mention" in dots.get_xlabel()
    assert "7/21" in [t.strip() for t in _texts(fig)]
    colors = outlet_colors(sal["outlet"])
    legend = dots.get_legend()
    assert [t.get_text() for t in legend.get_texts()][2] == f"{TABLOID} (N=21)"
    tabloid_bars = [p for p in bars.patches if p.get_facecolor() == to_rgba(colors[TABLOID])]
    assert len(tabloid_bars) == 2  # one per actor, in the outlet's colour
    assert _png(fig) == _png(plot_salience(sal, actors=["Putin", "Trump"]))


def test_figures_do_not_use_pyplot():
    code = """
import sys
from analysis.pipeline import prepare_corpus
from analysis.actors import find_mentions
from analysis.stance import actor_salience, actor_stance, plot_salience, plot_stance_heatmap
c = prepare_corpus("seeds")
m = find_mentions(c.sentences)
plot_stance_heatmap(actor_stance(c.sentences, m, n_boot=100))
plot_salience(actor_salience(c.sentences, m))
assert "matplotlib.pyplot" not in sys.modules
print("no pyplot")
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# stance on each actor's clauses


def test_clause_context_gives_each_actor_its_own_clause_scored_as_textblob_and_vader_do():
    from textblob import TextBlob
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = ["Zelensky praised the brave troops, while Putin ordered brutal strikes on cities.",
             "Putin may have hoodwinked President Trump.",  # one clause: the same for both
             "Trump was delighted; Putin was furious."]
    s = _sentences(texts)
    m = find_mentions(s)
    whole = stance_sentences(s, m)
    ev = stance_sentences(s, m, context="clause")
    assert list(ev.columns) == [*whole.columns, "context_start", "context_end", "context"]
    got = ev.set_index(["doc_id", "actor"])
    assert got.loc[("d0", "Zelensky"), "context"] == "Zelensky praised the brave troops"
    assert got.loc[("d0", "Putin"), "context"] == "while Putin ordered brutal strikes on cities."
    assert got.loc[("d2", "Trump"), "context"] == "Trump was delighted"
    vader = SentimentIntensityAnalyzer()
    for row in ev.itertuples():
        assert texts[int(row.doc_id[1:])][row.context_start : row.context_end] == row.context
        blob = TextBlob(row.context).sentiment
        assert (row.tb_polarity, row.tb_subjectivity) == (blob.polarity, blob.subjectivity)
        assert row.vader_compound == vader.polarity_scores(row.context)["compound"]
    # the sentence gives both actors of d0 the same (neutral) score; the clauses tell them apart
    d0 = whole[whole["doc_id"] == "d0"]
    assert d0["vader_compound"].tolist() == [0.0, 0.0]
    assert got.loc[("d0", "Zelensky"), "vader_compound"] == 0.765
    assert got.loc[("d0", "Putin"), "vader_compound"] == -0.765
    assert got.loc[("d1", "Putin"), "context"] == texts[1]  # hoodwinked: one clause, both actors
    with pytest.raises(ParameterError, match="'sentence', 'clause'"):
        stance_sentences(s, m, context="window")


def test_clause_context_on_the_seeds(seeds, mentions, targets, scores, stance):
    whole = stance_sentences(seeds.sentences, mentions, targets, scores=scores)
    ev = stance_sentences(seeds.sentences, mentions, targets, scores=scores, context="clause")
    pd.testing.assert_frame_equal(ev[whole.columns], whole.where(ev["context"] == ev["text"], ev[whole.columns]))
    split = ev[ev["context"] != ev["text"]]
    # the seeds' actor sentences are mostly single statements: 12 of 221 rows, in 4 sentences
    # (one of them "If these claims are true, Putin may have hoodwinked …": a fronted clause)
    assert (len(ev), len(split), split[["doc_id", "sent_id"]].drop_duplicates().shape[0]) == (221, 12, 4)
    zelensky = split[(split["doc_id"] == "000") & (split["actor"] == "Zelensky")].iloc[0]
    assert zelensky["context"] == "but Ukrainian President Volodymyr Zelensky said more work needed to be done."
    assert zelensky["vader_compound"] == 0.0
    # same rows, means over the clause scores, same loaded-term load
    clause = actor_stance(seeds.sentences, mentions, targets, scores=scores, n_boot=500, context="clause")
    assert clause[["outlet", "actor", "n_sentences", "n_loaded"]].equals(stance[["outlet", "actor", "n_sentences", "n_loaded"]])
    both = contrast_contexts(stance, clause).set_index(["outlet", "actor"])
    row = both.loc[("World News Actuality", "Zelensky")]
    assert (row["vader_compound_sentence"], row["vader_compound_clause"], row["vader_compound_shift"]) == (0.2734, 0.2351, -0.0383)
    assert (both["vader_compound_shift"] != 0).sum() == 11
    assert both.loc[("BBC News", "Trump"), "vader_compound_shift"] == 0.0
    with pytest.raises(ParameterError, match="by='outlet'"):
        contrast_contexts(stance, actor_stance(seeds.sentences, mentions, targets, scores=scores, by="doc_id", n_boot=200))


# --------------------------------------------------------------------------------------------
# validity against hand-labelled actor tone


def _gold(tmp_path, rows: str):
    path = tmp_path / "gold.csv"
    path.write_text("case_id,text,actor,tone,construction,note\n" + rows, encoding="utf-8")
    return path


def test_evaluate_stance_by_hand_and_kappa_against_sklearn(tmp_path):
    from sklearn.metrics import cohen_kappa_score

    gold = read_stance_gold(_gold(tmp_path, (
        'c1,"Zelensky praised the brave troops, while Putin ordered brutal strikes on cities.",Zelensky,positive,contrast,\n'
        'c1,"Zelensky praised the brave troops, while Putin ordered brutal strikes on cities.",Putin,negative,contrast,\n'
        "c2,Putin met Trump.,Putin,neutral,one_clause,\n"
        "c2,Putin met Trump.,Trump,neutral,one_clause,\n"
        "c3,Macron spoke.,Macron,neutral,single,\n"
        "c3,Macron spoke.,Starmer,neutral,single,not in the sentence: never found\n")))
    s = gold_sentences(gold)
    assert s["doc_id"].tolist() == ["c1", "c2", "c3"] and s["n_tokens"].tolist() == [12, 3, 2]
    m = find_mentions(s)
    figures = {}
    for ctx in ("sentence", "clause"):
        table = evaluate_stance(stance_sentences(s, m, context=ctx), gold).set_index("metric")
        figures[ctx] = table
    # the sentence gives both c1 actors VADER 0.0 (neutral): 3 of 6 right; the clauses 5 of 6
    assert figures["sentence"].loc["accuracy", ["n_correct", "n"]].tolist() == [3, 6]
    assert figures["clause"].loc["accuracy", ["n_correct", "n"]].tolist() == [5, 6]
    assert figures["clause"].loc["accuracy_contrast", "value"] == 1.0
    assert figures["clause"].loc["found", ["n_correct", "n"]].tolist() == [5, 6]
    assert figures["clause"].loc["neutral_recall", ["n_correct", "n"]].tolist() == [3, 4]
    predicted = ["positive", "negative", "neutral", "neutral", "neutral", "not found"]
    assert figures["clause"].loc["kappa", "value"] == round(cohen_kappa_score(gold["tone"], predicted), 4)
    loaded = evaluate_stance(stance_sentences(s, m), gold, reading="loaded_terms").set_index("metric")
    # "brutal" (a loaded term) lands on Putin: negative, right; the load never reads positive
    assert loaded.loc["accuracy", "n_correct"] == 4
    assert loaded.loc["positive_recall", "n_correct"] == 0
    with pytest.raises(ParameterError, match="'vader_compound', 'tb_polarity', 'loaded_terms'"):
        evaluate_stance(stance_sentences(s, m), gold, reading="vader")
    with pytest.raises(ParameterError, match="threshold=1: use a number at least 0 and below 1"):
        evaluate_stance(stance_sentences(s, m), gold, threshold=1)
    rows = predict_tone(stance_sentences(s, m, context="clause"), gold)
    assert rows["predicted"].tolist() == predicted
    assert rows.loc[0, "context"] == "Zelensky praised the brave troops"
    # predict_tone's output can be scored again as gold
    again = evaluate_stance(stance_sentences(s, m, context="clause"), rows, threshold=np.float32(0.05))
    pd.testing.assert_frame_equal(again, figures["clause"].reset_index())


def test_read_stance_gold_names_the_bad_line(tmp_path):
    with pytest.raises(ParameterError, match=r"line 3: tone 'hostile' is not one of positive, negative, neutral"):
        read_stance_gold(_gold(tmp_path, "c1,Putin met Trump.,Putin,neutral,one_clause,\n"
                                         "c1,Putin met Trump.,Trump,hostile,one_clause,\n"))
    with pytest.raises(ParameterError, match="case 'c1' differ in text"):
        read_stance_gold(_gold(tmp_path, "c1,Putin met Trump.,Putin,neutral,one_clause,\n"
                                         "c1,Putin met Biden.,Trump,neutral,one_clause,\n"))
    with pytest.raises(ParameterError, match="'Putin' is labelled twice in case 'c1'"):
        read_stance_gold(_gold(tmp_path, "c1,Putin met Trump.,Putin,neutral,one_clause,\n"
                                         "c1,Putin met Trump.,Putin,negative,one_clause,\n"))
    with pytest.raises(ParameterError, match="not found"):
        read_stance_gold(tmp_path / "nope.csv")
    # the line of the file, after a text that runs over two lines
    with pytest.raises(ParameterError, match=r"line 4: tone 'bad'"):
        read_stance_gold(_gold(tmp_path, 'c1,"Putin met\nTrump.",Putin,neutral,one_clause,\n'
                                         'c2,Putin spoke.,Putin,bad,single,\n'))
    with pytest.raises(ParameterError, match="line 2: empty actor"):
        read_stance_gold(_gold(tmp_path, "c1,Putin met Trump.,,neutral,one_clause,\n"))
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ParameterError, match="lacks column"):
        read_stance_gold(empty)
    with pytest.raises(ParameterError, match="is a folder"):
        read_stance_gold(tmp_path)
    with pytest.raises(ParameterError, match="line 2: more fields than columns"):
        read_stance_gold(_gold(tmp_path, "c1,Putin met, Trump.,Putin,neutral,one_clause,\n"))
    with pytest.raises(ParameterError, match="line 2: not valid CSV"):
        read_stance_gold(_gold(tmp_path, 'c1,"Putin met Trump.,Putin,neutral,one_clause,\n'))
    with pytest.raises(ParameterError, match="no labelled rows"):
        read_stance_gold(_gold(tmp_path, ""))
    # a spreadsheet's empty trailing rows, a byte-order mark and CRLF line ends are fine
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeffcase_id,text,actor,tone,construction,note\r\n"
                      "c1,Putin met Trump.,Putin,neutral,one_clause,\r\n,,,,,\r\n").encode())
    assert read_stance_gold(path)[["case_id", "actor", "tone"]].values.tolist() == [["c1", "Putin", "neutral"]]


def test_the_shipped_gold_is_valid_and_every_actor_is_in_the_registry():
    gold = read_stance_gold(ROOT / "tests" / "data" / "stance_gold.csv")
    assert (gold["case_id"].nunique(), len(gold)) == (91, 200)
    assert set(gold["actor"]) <= set(load_actors()["actor"])
    # the second labelling: the same rows, in the same order, with a tone each
    second = pd.read_csv(ROOT / "tests" / "data" / "stance_gold_second.csv", dtype=str)
    assert second[["case_id", "actor"]].equals(gold[["case_id", "actor"]])
    assert set(second["tone"]) == {"positive", "negative", "neutral"}
