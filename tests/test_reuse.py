"""analysis.reuse: similarity, shared passages, edits and reuse masks; checked on the seeds (002
is an edited republication of the BBC's 003) and on hand-made documents."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import ParameterError
from analysis.reuse import (
    EDIT_COLUMNS,
    PASSAGE_COLUMNS,
    SIMILARITY_COLUMNS,
    classify_edit,
    document_edits,
    document_similarity,
    exclude_reused,
    find_reused_passages,
    minhash_signatures,
    reuse_mask,
    shared_passages,
)
from analysis.segment import TOKEN_RE, segment_corpus


def _norm_words(text: str) -> list[str]:
    """Words as passages compare them: lower case, apostrophes unified, "75%" as "75 percent"."""
    out = []
    for m in TOKEN_RE.finditer(text):
        w = m.group().lower().replace("’", "'")
        out += [w[:-1], "percent"] if w[:1].isdigit() and w.endswith("%") else [w]
    return out


@pytest.fixture(scope="module")
def texts(seeds) -> dict[str, str]:
    return dict(zip(seeds.documents["doc_id"], seeds.documents["text"], strict=True))


@pytest.fixture(scope="module")
def similarity(seeds):
    return document_similarity(seeds.documents)


@pytest.fixture(scope="module")
def edits(seeds):
    return document_edits(seeds.documents, seeds.sentences, "003", "002")


# --------------------------------------------------------------------------------------------
# similarity


def test_seed_similarity(similarity):
    assert similarity.columns.tolist() == SIMILARITY_COLUMNS
    assert len(similarity) == 10  # every pair of five documents, once
    pair = similarity.set_index(["doc_a", "doc_b"])
    rep = pair.loc[("002", "003")]
    assert rep["relation"] == "contained"
    # ("75%" is read as "75 percent", the copy's house style: no edit breaks a shingle there)
    # (the BBC's 570: its visible photo caption, 9 words, is removed by cleaning)
    assert (rep["n_shingles_a"], rep["n_shingles_b"], rep["shared_shingles"]) == (378, 570, 362)
    assert rep["jaccard"] == pytest.approx(362 / (378 + 570 - 362), abs=1e-4)
    assert rep["containment_a_in_b"] == pytest.approx(362 / 378, abs=1e-4)  # 0.9577
    assert rep["containment_b_in_a"] == pytest.approx(362 / 570, abs=1e-4)  # 0.6351
    assert (rep["outlet_a"], rep["outlet_b"]) == ("Unidentified republisher", "BBC News")
    others = similarity[~((similarity["doc_a"] == "002") & (similarity["doc_b"] == "003"))]
    assert (others["relation"] == "unrelated").all()
    assert others[["containment_a_in_b", "containment_b_in_a"]].max().max() < 0.02
    unrelated = pair.loc[("000", "004")]
    assert unrelated["relation"] == "unrelated" and unrelated["shared_shingles"] == 1  # "the coalition of the willing"


def test_threshold_and_hand_made_sets():
    docs = pd.DataFrame(
        {
            "doc_id": ["x", "y", "z"],
            "outlet": ["X", "Y", "Z"],
            "text": ["one two three four five six", "One two three four five SIX seven", "nothing alike"],
        }
    )
    sim = document_similarity(docs, n=3).set_index(["doc_a", "doc_b"])
    # x: 4 trigrams; y: 5 (case ignored), all of x's among them
    xy = sim.loc[("x", "y")]
    assert (xy["n_shingles_a"], xy["n_shingles_b"], xy["shared_shingles"]) == (4, 5, 4)
    assert xy["jaccard"] == 0.8 and xy["containment_a_in_b"] == 1.0 and xy["containment_b_in_a"] == 0.8
    assert xy["relation"] == "near_duplicate"
    # "nothing alike" has two words: no trigram, related to nothing
    assert sim.loc[("x", "z"), "n_shingles_b"] == 0 and sim.loc[("x", "z"), "relation"] == "unrelated"
    only = document_similarity(docs, n=3, threshold=0.5)
    assert only[["doc_a", "doc_b"]].values.tolist() == [["x", "y"]]


def test_minhash_estimates_are_deterministic_and_close(seeds, similarity):
    est = document_similarity(seeds.documents, method="minhash", num_perm=256, seed=0)
    assert est.equals(document_similarity(seeds.documents, method="minhash", num_perm=256, seed=0))
    assert not est.equals(document_similarity(seeds.documents, method="minhash", num_perm=256, seed=1))
    assert (est["relation"] == similarity["relation"]).all()
    assert np.abs(est["jaccard"] - similarity["jaccard"]).max() < 0.1
    assert (est["n_shingles_a"] == similarity["n_shingles_a"]).all()  # sizes are exact
    # every seed of the default 128 permutations keeps the relations
    for seed in range(5):
        e = document_similarity(seeds.documents, method="minhash", seed=seed)
        assert (e["relation"] == similarity["relation"]).all()
    # banding with a threshold compares only the candidate pair
    lsh = document_similarity(seeds.documents, method="minhash", threshold=0.3)
    assert lsh[["doc_a", "doc_b"]].values.tolist() == [["002", "003"]]
    sigs = minhash_signatures(seeds.documents, num_perm=16)
    assert sigs.shape == (5, 16) and sigs.index.tolist() == ["000", "001", "002", "003", "004"]
    assert sigs.to_numpy().dtype == np.uint64


def test_minhash_lsh_finds_copies_in_a_larger_corpus():
    rng = np.random.default_rng(7)
    vocab = np.array([f"w{i}" for i in range(3000)])
    texts = [" ".join(rng.choice(vocab, 300)) for _ in range(150)]
    ids = [f"d{i:03d}" for i in range(150)]
    copies = []
    for k in range(6):  # edited copies: 3% of the words changed
        words = texts[k * 20].split()
        for pos in rng.choice(len(words), 9, replace=False):
            words[pos] = "edited"
        texts.append(" ".join(words))
        ids.append(f"c{k}")
        copies.append([f"c{k}", f"d{k * 20:03d}"])
    docs = pd.DataFrame({"doc_id": ids, "outlet": "o", "text": texts})
    exact = document_similarity(docs, threshold=0.5)
    lsh = document_similarity(docs, method="minhash", threshold=0.5, seed=3)
    assert exact[["doc_a", "doc_b"]].values.tolist() == copies
    assert lsh[["doc_a", "doc_b"]].values.tolist() == copies
    assert (lsh["relation"] == "contained").all() or (lsh["relation"].isin(["contained", "near_duplicate"])).all()


# --------------------------------------------------------------------------------------------
# shared passages


def test_shared_passages_slice_back(seeds, texts):
    p = shared_passages(seeds.documents, "003", "002")
    assert p.columns.tolist() == PASSAGE_COLUMNS
    assert len(p) == 4 and (p["n_words"] >= 8).all()
    for r in p.itertuples(index=False):
        a = texts["003"][r.start_a:r.end_a]
        b = texts["002"][r.start_b:r.end_b]
        assert a == r.text
        assert _norm_words(a) == _norm_words(b) and len(_norm_words(a)) == r.n_words
    # 379 of the republisher's words are in passages copied from the BBC ("75%" counts as two,
    # "75 percent")
    assert p["n_words"].sum() == 379
    assert p.iloc[0]["text"].startswith("French President Emmanuel Macron is hosting Ukraine's leader")
    assert p["start_a"].is_monotonic_increasing
    # nothing copied between unrelated articles
    assert shared_passages(seeds.documents, "000", "004").empty


def test_passages_found_out_of_order():
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": [
                "First comes the long opening passage about the summit in Paris today. "
                "Then the closing passage about the ceasefire terms agreed by the parties.",
                "Then the closing passage about the ceasefire terms agreed by the parties. "
                "Unrelated words here. First comes the long opening passage about the summit in Paris today.",
            ],
        }
    )
    p = shared_passages(docs, "a", "b", min_words=6)
    a, b = docs["text"]
    assert p["n_words"].tolist() == [12, 12]
    assert p["start_a"].tolist() == [0, a.index("Then")]
    assert p["start_b"].tolist() == [b.index("First"), 0]


def test_find_reused_passages(seeds, similarity):
    p = find_reused_passages(seeds.documents, similarity)
    assert set(zip(p["doc_a"], p["doc_b"], strict=True)) == {("002", "003")}
    assert p["n_words"].sum() == 379


# --------------------------------------------------------------------------------------------
# edits


def test_edits_slice_back(edits, texts):
    assert edits.columns.tolist() == EDIT_COLUMNS
    for r in edits.itertuples(index=False):
        assert texts["003"][r.start_a:r.end_a] == r.text_a
        assert texts["002"][r.start_b:r.end_b] == r.text_b
        assert (r.kind == "inserted") == (r.text_a == "")
        assert (r.kind == "deleted") == (r.text_b == "")
    assert edits["start_a"].is_monotonic_increasing


def test_dropped_paragraphs(seeds, edits):
    dropped = edits[edits["pattern"].isin(["paragraph_dropped", "headline_dropped"])]
    assert (dropped["kind"] == "deleted").all()
    # the headline (the BBC's title, scraped into its text: the copy's scrape has none) and the
    # eight closing paragraphs on Venezuela and Greenland (the visible photo caption under the
    # headline is removed by cleaning, rule "caption_line", so it is no dropped paragraph)
    assert dropped["para_a"].tolist() == [0, *range(14, 22)]
    assert dropped["pattern"].tolist() == ["headline_dropped"] + ["paragraph_dropped"] * 8
    assert dropped.iloc[0]["text_a"] == "Macron hosts Ukraine and allies to try to cement security guarantees"
    assert dropped.iloc[1]["text_a"].startswith("The talks in Paris are being overshadowed")
    assert not dropped["text_a"].str.contains("Russia has intensified attacks - particularly").any()
    tail = " ".join(dropped["text_a"].iloc[1:])
    assert "Venezuela" in tail and "Greenland" in tail and "Frederiksen" in tail
    # they would have stood at the start and at the very end of the copy
    assert dropped.iloc[0]["start_b"] == 0
    assert set(dropped["start_b"].iloc[1:]) == {len(seeds.documents.set_index("doc_id").loc["002", "text"])}
    assert not (edits["pattern"] == "paragraph_added").any()


def test_editorial_patterns(edits):
    counts = edits.groupby("pattern").size().to_dict()
    assert counts == {
        "headline_dropped": 1,
        "paragraph_dropped": 8,  # the closing eight (the caption line is cleaned away)
        "number_style": 4,
        "punctuation": 10,
        "quote_style": 7,
        "case": 1,
        "dash_style": 1,
        "word_form": 1,
        "wording": 2,
    }
    pairs = list(zip(edits["text_a"], edits["text_b"], edits["pattern"], strict=True))
    assert ("90%", "90 percent", "number_style") in pairs
    assert {(a, b) for a, b, p in pairs if p == "number_style"} == {
        ("90%", "90 percent"), ("10%", "10 percent"), ("75%", "75 percent"), ("99%", "99 percent")
    }
    assert ("Nato", "NATO", "case") in pairs
    # " - " dashes became commas five times, with their spacing
    assert [(a, b) for a, b, p in pairs if (a, b) == (" - ", ", ")] == [(" - ", ", ")] * 5
    assert ("-", "–", "dash_style") in pairs  # "agenda - the desire" → "agenda – the desire"
    assert ("Ukraine's", "Ukraine’s", "quote_style") in pairs
    assert ('"', "“", "quote_style") in pairs and ('"', "”", "quote_style") in pairs
    assert ("helping", "help", "word_form") in pairs
    assert ("meeting in Paris", "taking part", "wording") in pairs
    assert ("", "on", "wording") in pairs  # "agree security" → "agree on security"
    commas = edits[(edits["kind"] == "inserted") & (edits["text_b"] == ",")]
    assert len(commas) == 5  # "leader, Volodymyr Zelensky," and "Minister, Keir Starmer, and ... General,"
    nato = edits[edits["text_a"] == "Nato"].iloc[0]
    assert (nato["para_a"], nato["para_b"]) == (10, 9)


def test_read_also_block_is_not_an_edit(seeds, edits):
    # the scraped "Read also:" block of 002 is removed by cleaning (see the removals) ...
    removed = seeds.removals[seeds.removals["doc_id"] == "002"]
    assert "Read also:" in set(removed["text"].str.strip())
    assert any("Moses Simon" in t for t in removed["text"])
    # ... so it is not an insertion of the republisher
    for col in ("text_a", "text_b"):
        assert not edits[col].str.contains("Read also|Moses Simon|Brazil soccer", regex=True).any()
    assert not (edits["pattern"] == "paragraph_added").any()


def test_edits_the_other_way_round(seeds):
    back = document_edits(seeds.documents, seeds.sentences, "002", "003")
    added = back[back["pattern"].isin(["paragraph_added", "headline_added"])]
    assert (added["kind"] == "inserted").all()
    assert added["para_b"].tolist() == [0, *range(14, 22)]
    assert added["pattern"].iloc[0] == "headline_added"
    assert ("90 percent", "90%") in set(zip(back["text_a"], back["text_b"], strict=True))


def test_hand_made_edits():
    docs = pd.DataFrame(
        {
            "doc_id": ["src", "copy"],
            "outlet": ["Source", "Copy"],
            "date": ["2025-03-10", "2025-03-11"],
            "text": [
                "Defence ministers met in Paris.\n\n"
                "The Nato chief said 40% of troops were ready - and more would follow. Officials agreed.\n\n"
                "A closing paragraph about something else entirely here.",
                "Defense ministers met in Paris.\n\n"
                "The NATO chief said 40 per cent of troops were ready, and more would follow.\n\n"
                "An extra paragraph the copy wrote on its own, about the weather.",
            ],
        }
    )
    sents = segment_corpus(docs)
    e = document_edits(docs, sents, "src", "copy")
    got = list(zip(e["kind"], e["pattern"], e["text_a"], e["text_b"], strict=True))
    assert got == [
        ("replaced", "spelling", "Defence", "Defense"),
        ("replaced", "case", "Nato", "NATO"),
        ("replaced", "number_style", "40%", "40 per cent"),
        ("replaced", "punctuation", " - ", ", "),
        ("deleted", "sentence_dropped", "Officials agreed.", ""),
        # the copy's own paragraph goes after the source's paragraph 1, where the source's
        # paragraph 2 was dropped: rewritten beyond recognition, it is not compared word by word
        ("inserted", "paragraph_added", "", "An extra paragraph the copy wrote on its own, about the weather."),
        ("deleted", "paragraph_dropped", "A closing paragraph about something else entirely here.", ""),
    ]
    assert e["para_a"].tolist() == [0, 1, 1, 1, 1, 1, 2]
    assert e["para_b"].tolist() == [0, 1, 1, 1, 1, 2, 1]
    src, cp = docs["text"]
    added = e.iloc[5]
    assert added["start_a"] == added["end_a"] == src.index("Officials agreed.") + len("Officials agreed.")
    dropped = e.iloc[6]
    assert dropped["start_b"] == dropped["end_b"] == cp.index("would follow.") + len("would follow.")


@pytest.mark.parametrize(
    "before,after,pattern",
    [
        ("Nato", "NATO", "case"),
        ("90%", "90 percent", "number_style"),
        ("90 per cent", "90%", "number_style"),
        ("three", "3", "number_style"),
        ("400,000", "400000", "number_style"),
        (" - ", ", ", "punctuation"),
        ("", ",", "punctuation"),
        (",", "", "punctuation"),
        ("-", "–", "dash_style"),
        (" – ", "—", "dash_style"),
        ("Ukraine's", "Ukraine’s", "quote_style"),
        ('"run"', "“run”", "quote_style"),
        ("defence", "defense", "spelling"),
        ("criticise", "criticize", "spelling"),
        ("neighbouring", "neighboring", "spelling"),
        ("centre", "center", "spelling"),
        ("travelled", "traveled", "spelling"),
        ("helping", "help", "word_form"),
        ("a  b", "a b", "whitespace"),
        ("meeting in Paris", "taking part", "wording"),
        ("", "on", "wording"),
        ("Nato’s", "NATO's", "quote_style+case"),
        ("Nato - 90%", "NATO, 90 percent", "case+number_style+punctuation"),
        ("four", "for", "wording"),
        ("same", "same", "none"),
    ],
)
def test_classify_edit(before, after, pattern):
    assert classify_edit(before, after) == pattern


_WORDS = st.sampled_from(
    ["Nato", "NATO", "talks", "Talks", "90%", "90", "percent", "Ukraine's", "Ukraine’s", "the",
     "-", "–", ",", ".", '"', "“", "”", "defence", "defense", "said", "helping", "help"]
)
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=12).map(" ".join)
_DOCUMENT = st.lists(_PARAGRAPH, min_size=1, max_size=4).map("\n\n".join)


@settings(max_examples=60, deadline=None)
@given(_DOCUMENT, _DOCUMENT)
def test_edits_and_passages_always_slice_back(text_a, text_b):
    docs = pd.DataFrame(
        {"doc_id": ["a", "b"], "outlet": ["A", "B"], "date": ["2025-01-01"] * 2, "text": [text_a, text_b]}
    )
    sents = segment_corpus(docs)
    for x, y, tx, ty in (("a", "b", text_a, text_b), ("a", "a", text_a, text_a)):
        e = document_edits(docs, sents, x, y)
        if x == y:
            assert e.empty  # a document is no edit of itself
        for r in e.itertuples(index=False):
            assert tx[r.start_a:r.end_a] == r.text_a and ty[r.start_b:r.end_b] == r.text_b
            assert r.start_a <= r.end_a and r.start_b <= r.end_b
            assert r.kind in {"deleted", "inserted", "replaced"}
            assert (r.kind == "inserted") == (r.text_a == "") and (r.kind == "deleted") == (r.text_b == "")
            assert r.pattern != "none"
        assert e["start_a"].is_monotonic_increasing
    p = shared_passages(docs, "a", "b", min_words=2)
    for r in p.itertuples(index=False):
        assert _norm_words(text_a[r.start_a:r.end_a]) == _norm_words(text_b[r.start_b:r.end_b])
    # passages never overlap on either side
    for lo, hi in (("start_a", "end_a"), ("start_b", "end_b")):
        spans = sorted(zip(p[lo], p[hi], strict=True))
        assert all(e1 <= s2 for (_, e1), (s2, _) in pairwise(spans))


# --------------------------------------------------------------------------------------------
# reuse masks


def test_reuse_mask_marks_the_copy(seeds, similarity):
    passages = find_reused_passages(seeds.documents, similarity)
    masked = reuse_mask(seeds.sentences, passages)
    assert masked.columns.tolist() == [*seeds.sentences.columns, "reused", "reused_from"]
    per_doc = masked.groupby("doc_id")["reused"].sum().to_dict()
    # same date: the document more of which is copied text (002) is the copy
    # every sentence of the copy: "75 percent ... 99 percent" (the BBC's "75% ... 99%") is the
    # copy-editor's house style, not new wording; it had been kept as the republisher's own
    # sentence, which gave it a hedge rate of 111 per 1,000 tokens on 18 tokens (the review)
    assert per_doc == {"000": 0, "001": 0, "002": 14, "003": 0, "004": 0}
    assert set(masked.loc[masked["reused"], "reused_from"]) == {"003"}
    assert masked[(masked["doc_id"] == "002") & ~masked["reused"]].empty
    both = reuse_mask(seeds.sentences, passages, keep="none").groupby("doc_id")["reused"].sum()
    assert both["002"] == 14 and both["003"] == 14  # the BBC's copied sentences too
    strict = reuse_mask(seeds.sentences, passages, min_share=1.0)
    assert strict.loc[strict["doc_id"] == "002", "reused"].sum() < 14


def test_reuse_mask_follows_dates(seeds, similarity):
    passages = find_reused_passages(seeds.documents, similarity)
    sents = seeds.sentences.copy()
    sents.loc[sents["doc_id"] == "002", "date"] = pd.Timestamp("2026-01-05")  # 002 first
    per_doc = reuse_mask(sents, passages).groupby("doc_id")["reused"].sum()
    assert per_doc["002"] == 0 and per_doc["003"] == 14


def test_exclude_reused(seeds, similarity):
    passages = find_reused_passages(seeds.documents, similarity)
    kept = exclude_reused(seeds.sentences, passages)
    assert kept.columns.tolist() == seeds.sentences.columns.tolist()
    assert len(kept) == len(seeds.sentences) - 14
    tokens = kept.groupby("outlet")["n_tokens"].sum()
    assert "Unidentified republisher" not in tokens  # its one article is all copied
    assert tokens["BBC News"] == 571  # all its sentences (its photo caption removed by cleaning)


def test_parameters(seeds):
    d, s = seeds.documents, seeds.sentences
    with pytest.raises(ParameterError, match="method='lsh'"):
        document_similarity(d, method="lsh")
    with pytest.raises(ParameterError, match="n=0"):
        document_similarity(d, n=0)
    with pytest.raises(ParameterError, match=r"threshold=1\.5"):
        document_similarity(d, threshold=1.5)
    with pytest.raises(ParameterError, match="no column text"):
        document_similarity(d.drop(columns="text"))
    with pytest.raises(ParameterError, match="doc_a='999'"):
        shared_passages(d, "999", "002")
    with pytest.raises(ParameterError, match="keep='latest'"):
        reuse_mask(s, pd.DataFrame(columns=PASSAGE_COLUMNS), keep="latest")
    with pytest.raises(ParameterError, match="passages has no column"):
        reuse_mask(s, pd.DataFrame({"doc_a": []}))
    with pytest.raises(ParameterError, match="relations"):
        find_reused_passages(d, document_similarity(d), relations=["copied"])
    with pytest.raises(ParameterError, match="no sentences"):
        document_edits(d, s[s["doc_id"] != "002"], "003", "002")
    # no passages: nothing is reused
    assert not reuse_mask(s, pd.DataFrame(columns=PASSAGE_COLUMNS))["reused"].any()
