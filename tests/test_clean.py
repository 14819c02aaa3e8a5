"""analysis.clean: normalisation, general boilerplate rules on the seeds, audit of removals."""

from __future__ import annotations

import re

from analysis.clean import clean_corpus, clean_text, flag_glued_words, normalize_text
from analysis.corpus import load_corpus
from tests.conftest import SEEDS


def test_normalize_spaces_dashes_and_keeps_both_quote_styles():
    raw = "President\u00a0Donald Trump\u00a0said\u2009\u201cyes\u201d \u2012 and \"no\"\u200b.\r\nNext\u2011line \u2015 end\u00ad."
    assert normalize_text(raw) == "President Donald Trump said \u201cyes\u201d \u2013 and \"no\".\nNext-line \u2014 end."
    assert normalize_text("e\u0301") == "\u00e9"  # NFC


def _removed(seeds, doc_id):
    r = seeds.removals
    return r[r["doc_id"] == doc_id][["rule", "text"]].values.tolist()


def test_000_repeated_headline_and_lede_removed(seeds, seed_raw_texts):
    removed = _removed(seeds, "000")
    assert [rule for rule, _ in removed] == ["repeated_lede", "byline"]
    assert removed[0][1].startswith("World News Actuality Presented By Claire Evren French President")
    text = seeds.documents.set_index("doc_id").loc["000", "text"]
    assert text.startswith("French President Emmanuel Macron said peace talks")
    assert text.count("crucial juncture") == 1  # the lede survives exactly once


def test_001_related_lists_and_tail_removed(seeds):
    removed = _removed(seeds, "001")
    rules = [rule for rule, _ in removed]
    assert rules == ["list_item"] * 4 + ["boilerplate_line"] * 2 + ["headline_list"] * 4
    texts = [t for _, t in removed]
    assert texts[4] == "end of list" and texts[5] == "Advertisement" and texts[6] == "Related News"
    clean = seeds.documents.set_index("doc_id").loc["001", "text"]
    assert "list 1 of 4" not in clean and "Gaza" not in clean and "Advertisement" not in clean
    assert clean.rstrip().endswith("said Starmer.")


def test_002_read_also_block_removed(seeds):
    removed = _removed(seeds, "002")
    assert [rule for rule, _ in removed] == ["headline_list"] * 4
    assert removed[0][1] == "Read also:"
    clean = seeds.documents.set_index("doc_id").loc["002", "text"]
    assert "Moses Simon" not in clean
    assert "For months, the so-called “backstop” has been on the agenda" in clean


def test_003_caption_and_byline_removed(seeds):
    removed = _removed(seeds, "003")
    assert [rule for rule, _ in removed] == ["byline", "image_caption", "caption_line"]
    assert removed[0][1] == "Paulin Kola"
    assert removed[1][1].startswith("News imageEPA A man holding a dog")
    assert removed[2][1] == (
        "Russia has intensified attacks - particularly against Ukraine's energy sector"
    )
    clean = seeds.documents.set_index("doc_id").loc["003", "text"]
    assert clean.startswith("Macron hosts Ukraine and allies to try to cement security guarantees")


def test_the_visible_caption_under_an_image_is_removed_by_the_shipped_rules(seed_raw_texts,
                                                                            tmp_path):
    """BBC's photo is followed by its visible caption, a line with no full stop that the
    segmenter made sentence 1 of the article (the review). caption_line_max_words (25 in the
    shipped rules) removes such a line; a rules file with 0 keeps it."""
    from importlib import resources

    import pytest

    from analysis.clean import load_cleaning_rules
    from analysis.errors import FramescopeError

    shipped = (resources.files("analysis") / "data" / "boilerplate.yaml").read_text(encoding="utf-8")
    assert "\ncaption_line_max_words: 25\n" in shipped
    caption = "Russia has intensified attacks - particularly against Ukraine's energy sector"
    cleaned, removals = clean_text(seed_raw_texts["003"])  # the shipped rules remove it
    assert [(r["rule"], r["text"]) for r in removals][-1] == ("caption_line", caption)
    assert caption not in cleaned
    mine = tmp_path / "rules.yaml"
    mine.write_text(shipped.replace("caption_line_max_words: 25", "caption_line_max_words: 0"),
                    encoding="utf-8")
    off = load_cleaning_rules(mine)
    kept, kept_removals = clean_text(seed_raw_texts["003"], rules=off)  # 0 keeps it
    assert caption in kept
    assert "caption_line" not in [r["rule"] for r in kept_removals]
    # only the line right under the caption, short, and no sentence
    for text in ["Image caption: Getty Images\nMinisters met in Brussels on Monday.\n",
                 "Image caption: Getty Images\n\nMinisters met in Brussels\n",
                 "Image caption: Getty Images\n" + "word " * 30 + "\n"]:
        assert [r["rule"] for r in clean_text(text)[1]] == ["image_caption"]
    assert [r["rule"] for r in clean_text("Image caption: Getty Images\nMinisters in Brussels\n")[1]
            ] == ["image_caption", "caption_line"]
    assert [r["rule"] for r in clean_text("Image caption: Getty Images\nMinisters in Brussels\n",
                                          rules=off)[1]] == ["image_caption"]
    mine.write_text(shipped.replace("caption_line_max_words: 25", "caption_line_max_words: -1"),
                    encoding="utf-8")
    with pytest.raises(FramescopeError, match=r"rules\.yaml: 'caption_line_max_words' must be a "
                                              r"whole number of words"):
        load_cleaning_rules(mine)


def test_004_nothing_removed(seeds):
    assert _removed(seeds, "004") == []


def test_removals_are_auditable_and_no_article_sentence_lost(seeds, seed_raw_texts):
    for doc_id, raw in seed_raw_texts.items():
        norm = normalize_text(raw)
        rows = seeds.removals[seeds.removals["doc_id"] == doc_id]
        for row in rows.itertuples():
            assert norm[row.start : row.end] == row.text
            assert row.n_chars == row.end - row.start
        # every kept line of the normalised text is in the cleaned text, in order
        removed_spans = {(r.start, r.end) for r in rows.itertuples()}
        clean = seeds.documents.set_index("doc_id").loc[doc_id, "text"]
        pos = 0
        offset = 0
        for line in norm.split("\n"):
            span = (offset, offset + len(line))
            offset += len(line) + 1
            if not line or span in removed_spans:
                continue
            found = clean.find(line, pos)
            assert found >= 0, (doc_id, line)
            pos = found + len(line)


def test_general_rules_on_unseen_layouts():
    text = (
        "Ministers met in Brussels on Monday.\n"
        "ADVERTISEMENT\n"
        "More on this story:\n"
        "• Talks collapse in Geneva\n"
        "• Inside the peace plan\n"
        "The meeting ended without agreement, officials said.\n"
        "Image caption: Getty Images\n"
        "Ministers met in Brussels on Monday.\n"
    )
    cleaned, removals = clean_text(text)
    assert [r["rule"] for r in removals] == [
        "boilerplate_line", "headline_list", "headline_list", "headline_list",
        "image_caption", "repeated_line",
    ]
    assert cleaned == (
        "Ministers met in Brussels on Monday.\n"
        "The meeting ended without agreement, officials said."
    )


def test_headline_list_stops_at_article_prose():
    text = "Related:\nA short headline\nThis sentence is article prose and ends with a full stop.\n"
    cleaned, removals = clean_text(text)
    assert [r["text"] for r in removals] == ["Related:", "A short headline"]
    assert cleaned == "This sentence is article prose and ends with a full stop."


def test_glued_words_are_flagged_not_changed(seeds, seed_raw_texts):
    glued = flag_glued_words(seeds.documents)
    assert glued[["doc_id", "token", "kind", "possible_split"]].values.tolist() == [
        ["003", "sayany", "vocabulary_glue", "say any"],
        ["003", "USwould", "case_glue", "US would"],
    ]
    clean = seeds.documents.set_index("doc_id").loc["003", "text"]
    for row in glued.itertuples():
        assert clean[row.start : row.end] == row.token
    # compounds are not glue
    assert not re.search(r"ceasefire|backstop|peacekeep", " ".join(glued["token"]))


def test_caption_credit_search_from_the_line_end_equals_a_full_search(seed_raw_texts):
    """The caption-credit regex ends with ``$``: searching only the last characters of a line
    (its longest match) finds what a search of the whole line finds."""
    from analysis.clean import _default_rules, _end_width, _search_end
    from bench.corpus_gen import iter_documents

    rules = _default_rules()
    assert _end_width(rules.caption_end) is not None
    assert _end_width(re.compile(r"a|b$")) is None and _end_width(re.compile(r"x+$")) is None
    texts = list(seed_raw_texts.values())
    texts += [d["text"] for d in iter_documents(100_000, seed=5)]
    lines = [ln for t in texts for ln in normalize_text(t).split("\n")]
    lines += ["walking on snow.EPA", "EPA", "xEPA", "a man.Getty Images", "snow.EPA ", ".AP", "",
              "x" * 40 + ")Shutterstock", "Getty Images", "on the road.PA Media"]
    found = 0
    for pattern in (rules.caption_end, re.compile(r"(?<=w)[a-z]\d{1,3}$"), re.compile(r"\bAP$")):
        for line in lines + ["aw1", "bw12", "the AP", "theAP"]:
            full = pattern.search(line)
            fast = _search_end(pattern, line)
            assert (full and full.span()) == (fast and fast.span()), (pattern.pattern, line)
            found += full is not None
    assert found >= 5


def test_lines_with_single_spaces_only_are_cleaned_as_any_line(seed_raw_texts, monkeypatch):
    """clean_text takes the casefold of a line for _squash when the normalised text has no
    whitespace but single spaces and line breaks; forcing the general way changes nothing."""
    import random

    import analysis.clean as clean

    rng = random.Random(4)
    pieces = ["Related:", "Read more.", "Advertisement", "By John Smith", "ẞtraße ﬁnal:", "A B C",
              "Photo: Reuters", "Image caption A man walks.EPA", "Putin said the war would end.",
              "ŉ İstanbul. …", "- Story 1 of 3", "\u1680", "\x1c", "  ", "\n", "\n\n", " "]
    texts = list(seed_raw_texts.values()) + [
        "".join(rng.choice(pieces) + rng.choice([" ", "\n", ""]) for _ in range(rng.randint(1, 40)))
        for _ in range(300)
    ]
    fast = [clean_text(t) for t in texts]
    monkeypatch.setattr(clean, "_ODD_SPACES", ("",))  # always "other whitespace"
    assert [clean_text(t) for t in texts] == fast


def test_whitespace_is_every_space_character():
    import sys

    from analysis.clean import _ODD_SPACES, _WHITESPACE

    assert _WHITESPACE == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    assert _ODD_SPACES == ("\x1c", "\x1d", "\x1e", "\x1f", "\u1680")


def test_caption_credit_suffixes_only_skip_lines_without_a_match(seed_raw_texts):
    import dataclasses

    from analysis.clean import _default_rules

    rules = _default_rules()
    assert rules.caption_end_suffixes  # the credits, checked before the caption_end search
    always = dataclasses.replace(rules, caption_end_suffixes=None)
    texts = [*seed_raw_texts.values(), "A man walks on snow.EPA\nBody text here.", "x.Reuters"]
    assert [clean_text(t, rules=rules) for t in texts] == [
        clean_text(t, rules=always) for t in texts
    ]


def test_runs_of_spaces_and_blank_lines_collapse():
    assert normalize_text("a  b   c\n  d  \n\ne") == "a b c\nd\n\ne"
    assert normalize_text("a b\nc") == "a b\nc"
    assert clean_text("Alpha beta.\n\n\n\nGamma delta.\n\n\nEnd here.")[0] == (
        "Alpha beta.\n\nGamma delta.\n\nEnd here."
    )
    assert clean_text("Alpha beta.\n\nGamma.")[0] == "Alpha beta.\n\nGamma."


def test_clean_corpus_of_no_documents_gives_empty_tables():
    none = load_corpus(SEEDS).iloc[:0]
    docs, removals = clean_corpus(none)
    assert len(docs) == 0 and len(removals) == 0
    assert list(docs.columns) == [*none.columns, "n_chars_raw", "n_chars_clean"]
    assert docs["text"].dtype == none["text"].dtype  # still a string column
    assert str(docs["n_chars_clean"].dtype) == "int64"
    assert str(removals["start"].dtype) == "int64"
