"""analysis.kwic: concordances of hits, mentions and regular expressions."""

from __future__ import annotations

import pytest

from analysis.actors import find_mentions
from analysis.errors import ParameterError
from analysis.kwic import kwic
from analysis.loaded import find_loaded


def test_kwic_of_a_lexicon_entry(seeds):
    hits = find_loaded(seeds.sentences)
    k = kwic(seeds.sentences, hits, category="dehumanising_violent")
    assert k.columns.tolist() == ["doc_id", "outlet", "sent_id", "left", "match", "right", "start", "end"]
    row = k[k["match"] == "meat grinder"].iloc[0]
    assert row["doc_id"] == "004" and row["sent_id"] == 6
    assert row["left"].endswith("more and more Russian citizens into the ")
    assert row["right"].startswith(" – if “he does not get")


def test_kwic_of_an_actor_and_a_regex(seeds):
    k = kwic(seeds.sentences, find_mentions(seeds.sentences), actor="NATO")
    # "NATO Secretary General, Mark Rutte" names Rutte, so 002/003's "Nato/NATO Secretary
    # General" are Rutte's mentions, not NATO's
    assert k[["doc_id", "match"]].values.tolist() == [["000", "NATO"], ["003", "Nato"], ["004", "NATO"], ["004", "Nato"]]
    r = kwic(seeds.sentences, pattern=r"\bclaim\w*", width=20)
    assert set(r["match"].str.lower()) == {"claims", "claimed"}
    assert all(len(x) <= 21 for x in r["left"])


def test_kwic_parameters(seeds):
    with pytest.raises(ParameterError, match="exactly one of"):
        kwic(seeds.sentences)
    with pytest.raises(ParameterError, match="not a valid regular expression"):
        kwic(seeds.sentences, pattern="(")


def test_kwic_of_quotes_across_sentences_and_where(seeds):
    from analysis.attribution import find_attributions
    from analysis.quotes import find_quotes

    mentions = find_mentions(seeds.sentences)
    attrs = find_attributions(seeds.sentences, mentions=mentions, documents=seeds.documents)
    quotes = find_quotes(seeds.sentences, seeds.documents, attributions=attrs, mentions=mentions)
    k = kwic(seeds.sentences, quotes, actor="Macron")
    assert any(m.startswith("“the absolute condition for a good peace") for m in k["match"])
    long = quotes[quotes["end_sent_id"] > quotes["sent_id"]].iloc[0]
    row = kwic(seeds.sentences, quotes.loc[[long.name]]).iloc[0]
    texts = seeds.documents.set_index("doc_id")["text"]
    assert " ".join(row["match"].split()) == " ".join(texts[long.doc_id][long.start:long.end].split())
    anon = kwic(seeds.sentences, attrs, where={"source_type": "anonymous"})
    assert set(anon["doc_id"]) <= {"000", "004"} and (anon["doc_id"] == "004").any()
    with pytest.raises(ParameterError, match="where: no column 'nope'"):
        kwic(seeds.sentences, attrs, where={"nope": 1})
