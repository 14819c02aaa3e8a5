"""bench/eval_attribution.py: the BABE sample's gold, kept as offsets into BABE's text (BABE is
read from ../shared and never copied), turned back into the gold file's form and placed in the
segmenter's sentences; on a hand-made BABE-like file, and on BABE itself when it is there."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.errors import ParameterError
from bench.eval_attribution import (
    BABE,
    BABE_FILE,
    BABE_GOLD,
    BABE_ITEMS,
    _sha,
    babe_corpus,
    babe_gold,
    babe_items,
    babe_offsets,
)

HEADER = "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words\n"
TEXTS = [
    # two sentences in one item, curly quotes, and a double space that cleaning collapses
    "The senator said  the bill was “dead on arrival.” Critics, however, claimed it would pass. ",
    "Nothing here is attributed to anyone. ",
    "“We will win,” he said, and he said it twice. ",
]
STRING_GOLD = [
    # corpus, doc_id, sent_id, record, cue, cue_occurrence, source, source_type, verb_stance,
    # quote, kind, speaker, speaker_actor, speaker_group, speaker_resolution, note
    ["babe", "final_labels_SG2:1", "0", "attribution", "said", "1", "The senator", "anonymous",
     "neutral", "", "", "", "", "", "", ""],
    ["babe", "final_labels_SG2:1", "0", "quote", "", "", "", "", "", "dead on arrival.", "speech",
     "The senator", "", "", "explicit", ""],
    ["babe", "final_labels_SG2:1", "0", "attribution", "claimed", "1", "Critics", "vague",
     "distancing", "", "", "", "", "", "", ""],
    ["babe", "final_labels_SG2:3", "0", "attribution", "said", "2", "he", "named_person",
     "neutral", "", "", "", "", "", "", ""],
    ["babe", "final_labels_SG2:3", "0", "quote", "", "", "", "", "", "We will win,", "speech",
     "he", "", "", "none", ""],
]
COLUMNS = ["corpus", "doc_id", "sent_id", "record", "cue", "cue_occurrence", "source",
           "source_type", "verb_stance", "quote", "kind", "speaker", "speaker_actor",
           "speaker_group", "speaker_resolution", "note"]


@pytest.fixture
def fake_babe(tmp_path):
    babe = tmp_path / "babe"
    babe.mkdir()
    lines = [f"{t};http://x;reuters;politics;center;Non-biased;;[]\n" for t in TEXTS]
    (babe / BABE_FILE).write_text(HEADER + "".join(lines), encoding="utf-8-sig")
    items = pd.DataFrame({"doc_id": [f"final_labels_SG2:{i}" for i in (1, 2, 3)],
                          "corpus": ["babe_tune", "babe_test", "babe_tune"],
                          "text_sha256": [_sha(t) for t in TEXTS]})
    items.to_csv(tmp_path / "items.csv", index=False)
    return babe, tmp_path / "items.csv"


def test_string_gold_round_trips_through_offsets_into_sentences(fake_babe, tmp_path):
    babe, items_file = fake_babe
    items = babe_items(babe, items_file=items_file)
    assert items["text"].tolist() == TEXTS and items["outlet"].tolist() == ["Reuters"] * 3
    stored = babe_offsets(pd.DataFrame(STRING_GOLD, columns=COLUMNS), items)
    # offsets only: no words of the text in the stored table
    assert not any(isinstance(v, str) and "senator" in v for v in stored.to_numpy().ravel())
    assert (stored.loc[0, "cue_start"], stored.loc[0, "cue_end"]) == (12, 16)
    assert stored.loc[3, "cue_start"] == TEXTS[2].index("said", 20)  # the second "said"
    assert stored.loc[4, "speaker_start"] == TEXTS[2].index("he")  # nearest the quote
    stored.to_csv(tmp_path / "gold.csv", index=False)
    sentences, documents = babe_corpus(items)
    assert sentences.groupby("doc_id").size().tolist() == [2, 1, 1]
    gold = babe_gold(items, sentences, documents, gold_file=tmp_path / "gold.csv")
    assert gold["corpus"].tolist() == ["babe_tune"] * 5
    assert gold["sent_id"].tolist() == [0, 0, 1, 0, 0]
    assert gold["cue"].tolist() == ["said", "", "claimed", "said", ""]
    assert gold["cue_occurrence"].tolist() == [1, 1, 1, 2, 1]
    assert gold.loc[1, "quote"] == "dead on arrival." and gold.loc[4, "speaker"] == "he"
    assert gold.loc[2, "source"] == "Critics"


def test_a_changed_babe_text_or_an_unknown_id_is_an_error(fake_babe, tmp_path):
    babe, items_file = fake_babe
    items = pd.read_csv(items_file, dtype=str)
    items.loc[1, "text_sha256"] = "0" * 16
    items.to_csv(tmp_path / "changed.csv", index=False)
    with pytest.raises(ParameterError, match=r"changed\.csv: the text of final_labels_SG2:2 "
                                             r"differs .* SOURCE\.md"):
        babe_items(babe, items_file=tmp_path / "changed.csv")
    items.loc[1, "doc_id"] = "final_labels_SG2:9"
    items.to_csv(tmp_path / "unknown.csv", index=False)
    with pytest.raises(ParameterError, match="final_labels_SG2:9 is not a row of"):
        babe_items(babe, items_file=tmp_path / "unknown.csv")
    assert babe_items(tmp_path / "nowhere", items_file=items_file) is None
    real = babe_items(babe, items_file=items_file)
    bad = pd.DataFrame([["babe", "final_labels_SG2:1", "0", "attribution", "insisted", "1", "",
                         "vague", "distancing", "", "", "", "", "", "", ""]], columns=COLUMNS)
    with pytest.raises(ParameterError, match="line 2: final_labels_SG2:1: 'insisted' is not in"):
        babe_offsets(bad, real)


@pytest.mark.skipif(not (BABE / BABE_FILE).is_file(), reason="BABE is not in ../shared")
def test_the_stored_babe_gold_places_every_row():
    items = babe_items()
    assert len(items) == 750 and items["corpus"].value_counts().to_dict() == {
        "babe_tune": 450, "babe_test": 300}
    assert pd.read_csv(BABE_ITEMS)["doc_id"].is_unique
    sentences, documents = babe_corpus(items)
    gold = babe_gold(items, sentences, documents)
    assert len(gold) == len(pd.read_csv(BABE_GOLD))
    texts = sentences.set_index(["doc_id", "sent_id"])["text"]
    for g in gold[gold["record"] == "attribution"].itertuples():
        assert texts[g.doc_id, g.sent_id].count(g.cue) >= g.cue_occurrence


def test_coded_contents_are_stored_as_offsets_and_read_back(fake_babe, tmp_path):
    babe, items_file = fake_babe
    items = babe_items(babe, items_file=items_file)
    contents = ["the bill was “dead on arrival.”", "", "it would pass", "-", ""]
    coded = pd.DataFrame(STRING_GOLD, columns=COLUMNS).assign(content=contents)
    stored = babe_offsets(coded, items)
    assert (stored.loc[0, "content_start"], stored.loc[0, "content_end"]) == ("18", "49")
    assert stored.loc[3, "content_start"] == stored.loc[3, "content_end"] == "-"
    assert stored.loc[1, "content_start"] == ""  # a quote row: nothing coded
    stored.to_csv(tmp_path / "gold.csv", index=False)
    sentences, documents = babe_corpus(items)
    gold = babe_gold(items, sentences, documents, gold_file=tmp_path / "gold.csv")
    assert gold["content"].tolist() == contents
    # a file stored before contents were coded reads with none
    stored.drop(columns=["content_start", "content_end"]).to_csv(tmp_path / "old.csv", index=False)
    old = babe_gold(items, sentences, documents, gold_file=tmp_path / "old.csv")
    assert set(old["content"]) == {""}


def test_a_second_coding_is_checked_against_the_rows_it_was_coded_for(tmp_path):
    from analysis.attribution import read_gold
    from bench.eval_attribution import GOLD, second_coding

    gold = read_gold(GOLD)
    documents = pd.DataFrame({"doc_id": ["000"], "corpus": ["seeds"]})
    path = tmp_path / "second.csv"
    row = {"file": "attribution_gold.csv", "row": 0, "doc_id": "000", "cue": "said",
           "content": "Ukraine needs peace", "content_start": "", "content_end": ""}
    pd.DataFrame([row]).to_csv(path, index=False)
    first, second = second_coding(gold, documents, second_file=path)
    assert first.loc[0, "content"] == gold.loc[0, "content"]
    assert second.loc[0, "content"] == "Ukraine needs peace"
    pd.DataFrame([{**row, "cue": "urged"}]).to_csv(path, index=False)
    with pytest.raises(ParameterError, match=r"row 0 of attribution_gold\.csv is not the attribution"):
        second_coding(gold, documents, second_file=path)
    # BABE's rows are left out without BABE
    babe_row = {**row, "file": "attribution_babe_gold.csv", "doc_id": "final_labels_SG2:14",
                "cue": "", "content": "", "content_start": "0", "content_end": "4"}
    pd.DataFrame([babe_row]).to_csv(path, index=False)
    assert second_coding(gold, documents, second_file=path)[0].empty
