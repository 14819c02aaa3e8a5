"""analysis.loaded: loaded-language hits, rates with intervals, targets; checked on the seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.actors import find_mentions, naming_forms
from analysis.errors import ParameterError
from analysis.lexicons import lexicon_from_frame
from analysis.loaded import find_loaded, loaded_rates, loaded_targets, target_table
from analysis.stats import bootstrap_ratio, rng_for


@pytest.fixture(scope="module")
def hits(seeds):
    return find_loaded(seeds.sentences)


@pytest.fixture(scope="module")
def targets(seeds, hits):
    forms = naming_forms(seeds.sentences, find_mentions(seeds.sentences))
    return loaded_targets(hits, forms, seeds.sentences)


def test_tabloid_far_more_loaded_than_bbc(seeds, hits):
    rates = loaded_rates(hits, seeds.sentences).set_index(["outlet", "category"])
    tabloid = rates.loc[("UK tabloid (unnamed)", "all"), "rate_per_1k"]
    bbc = rates.loc[("BBC News", "all"), "rate_per_1k"]
    assert tabloid >= 3 * bbc
    assert tabloid > 10
    found = set(hits[hits["doc_id"] == "004"]["match"].str.lower())
    assert {"tyrant", "meat grinder", "hoodwinked", "warmongering"} <= found


def test_rates_add_up_and_say_when_no_interval(seeds, hits):
    rates = loaded_rates(hits, seeds.sentences)
    overall = rates[rates["category"] == "all"].set_index("outlet")
    assert overall["n_hits"].sum() == len(hits)
    assert overall["n_tokens"].sum() == seeds.sentences["n_tokens"].sum()
    row = overall.loc["UK tabloid (unnamed)"]
    assert row["rate_per_1k"] == pytest.approx(1000 * row["n_hits"] / row["n_tokens"], abs=1e-4)
    assert overall["ci_low"].isna().all()  # one document per outlet
    assert (overall["interval_note"] == "only 1 document (< 5): no interval").all()
    per_cat = rates[rates["category"] != "all"].groupby("outlet")["n_hits"].sum()
    assert (per_cat == overall["n_hits"].reindex(per_cat.index)).all()


def test_bootstrap_interval_with_enough_documents(seeds, hits):
    # Five copies of each seed as separate documents of one outlet each.
    sents = pd.concat([seeds.sentences.assign(doc_id=seeds.sentences["doc_id"] + f"-{k}") for k in range(5)])
    hh = pd.concat([hits.assign(doc_id=hits["doc_id"] + f"-{k}") for k in range(5)])
    a = loaded_rates(hh, sents, n_boot=500, seed=7)
    b = loaded_rates(hh, sents, n_boot=500, seed=7)
    pd.testing.assert_frame_equal(a, b)  # seeded: identical
    row = a[(a["outlet"] == "UK tabloid (unnamed)") & (a["category"] == "all")].iloc[0]
    # identical documents: the interval collapses onto the rate
    assert row["ci_low"] == pytest.approx(row["rate_per_1k"]) and row["ci_high"] == pytest.approx(row["rate_per_1k"])
    assert row["interval_note"] == "95% bootstrap over 5 documents"


def test_bootstrap_ratio_matches_scipy():
    from scipy.stats import bootstrap

    rng = np.random.default_rng(1)
    num = rng.poisson(8, size=40).astype(float)
    den = rng.integers(400, 900, size=40).astype(float)
    lo, hi = bootstrap_ratio(num, den, n_boot=4000, rng=rng_for(3, "x"), scale=1000)
    res = bootstrap((num, den), lambda n, d: 1000 * n.sum() / d.sum(), paired=True,
                    vectorized=False, n_resamples=4000, method="percentile", random_state=5)
    assert lo == pytest.approx(res.confidence_interval.low, rel=0.03)
    assert hi == pytest.approx(res.confidence_interval.high, rel=0.03)


def test_bad_parameters_are_clear(seeds, hits):
    with pytest.raises(ParameterError, match="by='paper' is not allowed; choose one of: 'outlet', 'doc_id'"):
        loaded_rates(hits, seeds.sentences, by="paper")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="n_boot=10"):
        loaded_rates(hits, seeds.sentences, n_boot=10)


def test_tyrant_lands_on_putin(targets):
    t = targets.set_index("match")
    assert t.loc["tyrant", "target"] == "Putin"
    assert t.loc["tyrant", "relation"] == "same_phrase"
    table = target_table(targets)
    putin = table[(table["target"] == "Putin")].set_index("outlet")
    assert putin.index.tolist() == ["UK tabloid (unnamed)", "World News Actuality"]
    assert "tyrant" in putin.loc["UK tabloid (unnamed)", "terms"]
    # "as Putin presses forward with his maximalist war aims": the outlet's own word, his
    assert "maximalist" in putin.loc["World News Actuality", "terms"]


def test_target_window_rules(seeds, targets):
    t = {(r.doc_id, r.sent_id, r.match): (r.target, r.relation) for r in targets.itertuples()}
    # "Putin may have hoodwinked US leader President Trump": a verb of deceit (lands_on =
    # subject) lands on its doer, not on the nearest actor (Trump, the one deceived)
    assert t["004", 9, "hoodwinked"] == ("Putin", "subject")
    # "If these claims are true, Putin …": another clause
    assert t["004", 9, "claims"] == ("", "")
    # "The US leader paused … for Kyiv’s war effort following his public spat with …
    # Zelensky": his, the US leader's (not Kyiv's: "his" is a person's)
    assert t["004", 11, "spat"] == ("Trump", "possessive")
    # "Crunch talks have begun in Saudi Arabia": a place, not a target
    assert t["004", 0, "Crunch talks"] == ("", "")
    assert t["000", 14, "maximalist"] == ("Putin", "possessive")
    assert t["004", 6, "meat grinder"] == ("", "")  # no actor within reach


def test_owners_places_and_the_nearest():
    texts = ["Putin may have hoodwinked Trump into a deal.",  # the nearest
             "Trump slammed Zelensky on Monday.",  # a tie: to the right, the one slammed
             "The brutal Putin met Trump.",  # the nearest, ties to the right
             "Trump praised Zelensky for his brave resistance.",  # his: the nearest person
             "Zelensky visited Kyiv to praise its brave defenders.",  # its: the state
             "Brutal fighting raged in Ukraine.",  # a place
             "Ukraine faced brutal attacks.",  # the same state as an actor
             "These claims by Putin were false."]  # a noun after a determiner: the nearest
    got = _landings(texts, {
        "term": ["hoodwinked", "slammed", "brutal", "brave", "claims"],
        "category": ["deception", "loaded_saying_verb", "test", "test", "loaded_saying_verb"]})
    assert got == [("d0", "hoodwinked", "Trump", "window"),
                   ("d1", "slammed", "Zelensky", "window"),
                   ("d2", "brutal", "Putin", "window"),
                   ("d3", "brave", "Zelensky", "possessive"),
                   ("d4", "brave", "Ukraine", "possessive"),
                   ("d5", "Brutal", "", ""),
                   ("d6", "brutal", "Ukraine", "window"),
                   ("d7", "claims", "Putin", "window")]


def test_a_verb_of_deceit_lands_on_its_doer():
    """lands_on=subject: the review found 'Putin may have hoodwinked US leader President Trump'
    landing on Trump, the one deceived (the nearest actor), in the seeds' tabloid."""
    texts = ["Putin may have hoodwinked US leader President Trump.",  # active: the subject
             "Trump was hoodwinked by Putin.",  # passive: the agent
             "The talks were derailed by the Kremlin.",  # the agent, after 'by the'
             "Trump was hoodwinked.",  # passive, no agent: nobody
             "Putin is manipulating Trump.",  # a progressive is active
             "Zelensky said Putin derailed the talks.",  # the nearest actor before it
             "Having hoodwinked Trump, the envoy left.",  # no actor before it: nobody
             "The tyrant Putin hoodwinked Trump.",  # tyrant: its own phrase
             "Putin, Zelensky said, hoodwinked Trump.",  # a limit: the parenthesis is nearer
             # (the review of the rule:) a negated passive, a phrase and an adjective after
             # "is", a noun with its agent, a place
             "Trump was not hoodwinked by Putin.",
             "Russia is propping up Assad and Putin.",
             "Putin is manipulative.",
             "Trump condemned the meddling by Russia.",
             "Officials in Ukraine meddled in the vote."]
    got = _landings(texts, {
        "term": ["hoodwinked", "derailed", "manipulat*", "tyrant", "propping up", "meddl*"],
        "category": ["deception", "loaded_action_verb", "deception", "pejorative_label",
                     "loaded_action_verb", "loaded_action_verb"],
        "lands_on": ["subject", "subject", "subject", "", "subject", "subject"]})
    assert got == [("d0", "hoodwinked", "Putin", "subject"),
                   ("d1", "hoodwinked", "Putin", "agent"),
                   ("d2", "derailed", "Russia", "agent"),  # (the Kremlin: Russia)
                   ("d3", "hoodwinked", "", ""),
                   ("d4", "manipulating", "Putin", "subject"),
                   ("d5", "derailed", "Putin", "subject"),
                   ("d6", "hoodwinked", "", ""),
                   ("d7", "tyrant", "Putin", "same_phrase"),
                   ("d7", "hoodwinked", "Putin", "subject"),
                   ("d8", "hoodwinked", "Zelensky", "subject"),
                   ("d9", "hoodwinked", "Putin", "agent"),
                   ("d10", "propping up", "Russia", "subject"),
                   ("d11", "manipulative", "Putin", "subject"),
                   ("d12", "meddling", "Russia", "agent"),
                   ("d13", "meddled", "", "")]
    # the shipped lexicon says so for its verbs of deceit and loaded action verbs
    shipped = find_loaded(_one_sentence_documents(texts))
    assert set(shipped.loc[shipped["match"].isin(["hoodwinked", "derailed"]), "lands_on"]) == {
        "subject"}


def test_lands_on_takes_two_values(tmp_path):
    from analysis.errors import LexiconError
    from analysis.lexicons import read_lexicon_file

    bad = tmp_path / "mine.csv"
    bad.write_text("# name: mine\n# version: 0.1.0\nterm,category,source,lands_on\n"
                   "duped,deception,me,subject\nfleeced,deception,me,object\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"mine\.csv:5: lands_on='object' for 'fleeced'; use "
                                           r"'' \(empty\) or 'subject'"):
        read_lexicon_file(bad)


def _landings(texts: list[str], entries: dict) -> list[tuple]:
    """``(doc_id, match, target, relation)`` of each hit of a hand-made lexicon on one-sentence
    documents."""
    s = _one_sentence_documents(texts)
    lex = lexicon_from_frame(pd.DataFrame({**entries, "source": "hand-made case"}))
    t = loaded_targets(find_loaded(s, lex), naming_forms(s, find_mentions(s)), s)
    return [tuple(r) for r in t[["doc_id", "match", "target", "relation"]].itertuples(index=False)]


def _one_sentence_documents(texts: list[str]) -> pd.DataFrame:
    """A sentence table of one-sentence documents d0, d1, … (outlet X)."""
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": "X",
                         "date": "2025-01-01", "sent_id": 0, "para_id": 0, "start": 0,
                         "end": [len(t) for t in texts], "text": texts,
                         "n_tokens": [len(t.split()) for t in texts]})


def test_targets_stay_in_their_clause():
    texts = ["Zelensky praised the brave troops, while Putin ordered brutal strikes.",
             "Putin, though ruthless, is pragmatic.",  # a parenthetical: one clause
             "The ruthless, brutal Putin smiled."]  # a list of modifiers: one clause
    s = _one_sentence_documents(texts)
    lex = lexicon_from_frame(pd.DataFrame({"term": ["brave", "brutal", "ruthless"],
                                           "category": "test", "source": "hand-made case"}))
    t = loaded_targets(find_loaded(s, lex), naming_forms(s, find_mentions(s)), s)
    got = [(d, m, target) for d, m, target in t[["doc_id", "match", "target"]].itertuples(index=False)]
    # brave: 2 words from Zelensky and from Putin (ties go right), but Putin is across ", while"
    assert got == [("d0", "brave", "Zelensky"),
                   ("d0", "brutal", "Putin"),
                   ("d1", "ruthless", "Putin"),
                   ("d2", "ruthless", "Putin"), ("d2", "brutal", "Putin")]


def test_barrier_in_two_searches_equals_the_pattern():
    """loaded_targets looks for _BARRIER's class and its spaced dash apart: the same gaps."""
    import random

    from analysis.loaded import _BARRIER, _BARRIER_CHAR, _SPACED_DASH

    rng = random.Random(5)
    alphabet = list("a -;:()[]—–\t\n,.") + ["\u00a0"]
    for _ in range(5000):
        gap = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        split = bool(_BARRIER_CHAR.search(gap) or ("-" in gap and _SPACED_DASH.search(gap)))
        assert split == bool(_BARRIER.search(gap)), gap


def test_sentence_texts_of_some_keys(seeds):
    from analysis.actors import sentence_texts

    every = sentence_texts(seeds.sentences)
    keys = set(list(every)[::7]) | {("no such document", 0)}
    assert sentence_texts(seeds.sentences, keys) == {k: v for k, v in every.items() if k in keys}
