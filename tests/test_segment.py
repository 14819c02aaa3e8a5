"""analysis.segment: sentence boundaries on the seeds and hard cases, offsets, properties."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.segment import (
    TOKEN_RE,
    _bmp_token_re,
    clause_spans,
    count_tokens,
    iter_sentence_spans,
    segment_corpus,
    tokenize,
)


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in iter_sentence_spans(text)]


def test_seed_sentence_counts(seeds):
    counts = seeds.sentences.groupby("doc_id").size().to_dict()
    # 003: 23, its visible photo caption removed by cleaning (rule "caption_line")
    assert counts == {"000": 24, "001": 10, "002": 14, "003": 23, "004": 21}


def test_offsets_slice_back(seeds):
    texts = seeds.documents.set_index("doc_id")["text"]
    for row in seeds.sentences.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.text
    assert (seeds.sentences["n_tokens"] > 0).all()


def test_004_headline_does_not_run_into_lede(seeds):
    s = seeds.sentences[seeds.sentences["doc_id"] == "004"]["text"].tolist()
    assert s[0].endswith("bringing the war to an end in Ukraine")
    assert s[1] == "Vladimir Putin has laid out the three things that would see him pull back his troops from Ukraine."


def test_quote_that_ends_a_sentence(seeds):
    s = seeds.sentences[seeds.sentences["doc_id"] == "000"]["text"].tolist()
    assert s[3].startswith("“Over the past week") and s[3].endswith("to the table.")
    assert s[7].endswith("not paper guarantees.”")
    assert s[9] == "His spokesman said talks were going “well”."


def test_numbers_are_not_split(seeds):
    s = seeds.sentences
    assert s["text"].str.contains("90% agreed.", regex=False).sum() == 1
    assert s["text"].str.contains("90 percent agreed.", regex=False).sum() == 1
    one = "Over 400,000 Russians killed for 0.8 percent of Ukraine. Next one."
    assert _sentences(one) == ["Over 400,000 Russians killed for 0.8 percent of Ukraine.", "Next one."]


def test_abbreviations():
    text = (
        "Mr. Trump met Dr. Smith at No. 10 Downing Street. "
        "Sir Keir Starmer spoke in the U.S. Senate on Jan. 6. "
        "He flew to the U.S. The talks began at 9 a.m. on Monday. "
        "J. D. Vance said little. It was late!“Fine,” he said. Why? Because."
    )
    assert _sentences(text) == [
        "Mr. Trump met Dr. Smith at No. 10 Downing Street.",
        "Sir Keir Starmer spoke in the U.S. Senate on Jan. 6.",
        "He flew to the U.S.",
        "The talks began at 9 a.m. on Monday.",
        "J. D. Vance said little.",
        "It was late!“Fine,” he said.",
        "Why?",
        "Because.",
    ]


def test_quote_closing_after_full_stop_and_lowercase_continuation():
    text = "“We will win.” The minister left. “Is it over?” she asked. He said “no.” and left."
    assert _sentences(text) == [
        "“We will win.”",
        "The minister left.",
        "“Is it over?” she asked.",
        "He said “no.” and left.",
    ]


def test_tokens():
    toks = [t for _, _, t in tokenize("Ukraine’s so-called 90% of 400,000 U.S. troops—now.")]
    assert toks == ["Ukraine’s", "so-called", "90%", "of", "400,000", "U.S", "troops", "now"]
    assert count_tokens("“Fine,” he said.") == 3


def test_sentence_table_columns(seeds):
    assert list(seeds.sentences.columns) == [
        "doc_id", "outlet", "date", "sent_id", "para_id", "start", "end", "text", "n_tokens",
    ]
    first = seeds.sentences.iloc[0]
    assert (first.doc_id, first.sent_id, first.outlet) == ("000", 0, "World News Actuality")


_alphabet = st.sampled_from(list("abc XYZ.!?\n\n“”\"'’0-9…,") + ["Mr.", "U.S.", " The ", "No. 4"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_alphabet, max_size=80).map("".join))
def test_spans_cover_every_non_space_character_exactly_once(text):
    spans = list(iter_sentence_spans(text))
    covered = []
    last_end = 0
    for start, end, _ in spans:
        assert start >= last_end  # in order, no overlap
        assert start < end
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.append(text[start:end])
        last_end = end
    # every non-whitespace character appears once, in order
    assert "".join("".join(c.split()) for c in covered) == "".join(text.split())


def test_segment_corpus_handles_empty_frame(seeds):
    empty = seeds.documents.iloc[0:0]
    assert len(segment_corpus(empty)) == 0


def test_bmp_token_re_matches_token_re_on_every_bmp_character():
    chars = "".join(map(chr, range(0x10000)))
    for i in range(0, len(chars), 97):
        window = chars[i : i + 200]
        spans = [m.span() for m in _bmp_token_re().finditer(window)]
        assert spans == [m.span() for m in TOKEN_RE.finditer(window)]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9٣५²½.,:%'’-_ \t…ü")), max_size=80))
def test_bmp_token_re_matches_token_re(text):
    assert [m.span() for m in _bmp_token_re().finditer(text)] == [
        m.span() for m in TOKEN_RE.finditer(text)
    ]
    assert len(_bmp_token_re(counting=True).findall(text)) == len(TOKEN_RE.findall(text))
    assert tokenize(text + "\U0001d400") == [
        (m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text + "\U0001d400")
    ]


def test_sentence_table_as_built_row_by_row():
    """The table built column by column (the document's columns repeated) equals the table
    made from one row per sentence, for dates and ids of several kinds and any index."""
    import pandas as pd

    from analysis.segment import SENTENCE_COLUMNS, count_tokens, iter_sentence_spans

    texts = ["Mr. Smith went. He said so!\nA new line", "", "  ", "One. Two. Three.", "x"]
    dates = {
        "us": pd.to_datetime(["2024-01-01"] * 5).astype("datetime64[us]"),
        "ns": pd.to_datetime(["2024-01-01"] * 5).astype("datetime64[ns]"),
        "text": ["2024-01-01", "2024-02-01", "2024-01-03", "2024-01-01", "2023-01-01"],
        "missing": pd.to_datetime(["2024-01-01", None, "2024-01-01", None, "2024-01-01"]),
        "zone": pd.to_datetime(["2024-01-01"] * 5).tz_localize("UTC"),
    }
    ids = {"str": list("abcde"), "object": pd.Series(list("abcde"), dtype=object),
           "int": [1, 2, 3, 4, 5], "missing": ["a", None, "c", "d", "e"]}
    for date in dates.values():
        for doc_id in ids.values():
            docs = pd.DataFrame({"doc_id": doc_id, "outlet": list("pqppr"), "date": date,
                                 "text": texts})
            for part in (docs, docs.iloc[[3, 0]], docs.iloc[[1, 2]]):
                rows = [
                    (d, o, day, i, para, a, b, t[a:b], count_tokens(t[a:b]))
                    for d, o, day, t in zip(part["doc_id"].tolist(), part["outlet"].tolist(),
                                            part["date"].tolist(), part["text"].tolist(),
                                            strict=True)
                    for i, (a, b, para) in enumerate(iter_sentence_spans(t))
                ]
                expected = pd.DataFrame(rows, columns=SENTENCE_COLUMNS).astype(
                    dict.fromkeys(("sent_id", "para_id", "start", "end", "n_tokens"), "int64")
                )
                expected["date"] = pd.to_datetime(expected["date"])
                pd.testing.assert_frame_equal(segment_corpus(part), expected)


def test_word_before_clamps_an_end_beyond_the_line_as_search_does():
    """Found by differential testing against the code before the speed-ups: an end past the
    line raised IndexError instead of being clamped as ``_WORD_BEFORE.search`` clamps it."""
    from analysis.segment import _WORD_BEFORE, _word_before

    def span(m):
        return None if m is None else (m.span(), m.group())

    for line, end in [("", 1), ("a.", 3), (".", 2), ("Mr.", 9)]:
        assert span(_word_before(line, end)) == span(_WORD_BEFORE.search(line, 0, end))


def test_clause_spans_split_at_contrast_not_at_lists_parentheticals_or_clock_times():
    def parts(text):
        return [text[a:b] for a, b in clause_spans(text)]

    assert parts("Zelensky praised the troops, while Putin ordered strikes.") == [
        "Zelensky praised the troops", "while Putin ordered strikes."]
    assert parts("Trump was delighted; Putin was furious.") == ["Trump was delighted", "Putin was furious."]
    assert parts("He said: Putin lied, although Lavrov denied it.") == [
        "He said", "Putin lied", "although Lavrov denied it."]
    for one in ("Putin, Trump and Zelensky met in Geneva.",  # a list
                "Putin — who started the war — met Trump.",  # a parenthetical
                "Talks began at 10:30 in Geneva.",  # a clock time
                "The details are delicate, but not insurmountable, officials said.",
                "Putin, though ruthless, is pragmatic.",  # a concessive parenthetical
                "Putin, though, refused to budge.",  # adverbs: nothing follows the conjunction
                "The plan was rejected, though.",
                "Putin, yet, remained a ruthless operator.",
                "Putin, while a pragmatist, is ruthless.",  # a subject word, but a parenthetical
                "Zelensky, while the war raged, flew to Washington.",
                "At 10:30, while the minister spoke, protesters gathered.",
                "Inflation has fallen, yet again.",
                "The talks, while difficult, continued.",
                "But Putin refused."):  # a sentence that opens with "But"
        assert parts(one) == [one]
    assert clause_spans("") == [(0, 0)]
    # a subject after the conjunction starts a clause, even with an apposition after it
    assert parts("Zelensky praised the troops, while Putin, the Russian president, ordered strikes.") == [
        "Zelensky praised the troops", "while Putin, the Russian president, ordered strikes."]
    assert parts("Starmer was applauded, but Trump, speaking in Ohio, was booed.") == [
        "Starmer was applauded", "but Trump, speaking in Ohio, was booed."]
    assert parts("It cost 3,000, but the deal held.") == ["It cost 3,000", "but the deal held."]
    assert parts("The ceasefire held, but, crucially, Putin refused.") == [
        "The ceasefire held", "but, crucially, Putin refused."]
    # a subordinate clause that opens the sentence ends at its first comma
    assert parts("If these claims are true, Putin may have hoodwinked Trump.") == [
        "If these claims are true", "Putin may have hoodwinked Trump."]
    assert parts("When the talks began, Putin left; Trump stayed.") == [
        "When the talks began", "Putin left", "Trump stayed."]
    for one in ("As host of the talks, Macron will be keen.",  # "as", "after", "since": also
                "After the vote, Putin spoke.",  # prepositions
                "Since 2022, Russia has occupied Crimea.",
                "If true, it matters.",  # one word: no clause of its own
                "If, as expected, the talks fail, Putin wins."):
        assert parts(one) == [one]


_CLAUSE_PIECES = ["Putin", "Zelensky", "the troops", "praised", "ordered strikes", ",", ";", ":",
                  " but", " while", " though", " yet", " not", " also", "3,000", "10:30", "“",
                  "”", ".", " ", "  ", "\n", "é", "😀"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CLAUSE_PIECES), max_size=30))
def test_clause_spans_are_ordered_and_leave_out_only_separators(pieces):
    text = " ".join(pieces)
    spans = clause_spans(text)
    assert spans and all(0 <= a <= b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))
    gaps = [text[b1:a2] for (_, b1), (a2, _) in pairwise(spans)]
    # between two clauses: separators (semicolons, colons, a comma) and white space only
    assert all(g.strip() and not g.strip(";:, \n") for g in gaps), gaps
    assert not text[: spans[0][0]].strip(";:, \n")  # before the first: separators only
    assert not text[spans[-1][1] :].strip(";:, \n")
