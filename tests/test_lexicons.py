"""analysis.lexicons: lexicon files as data, user overrides, and the one-pass matcher."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.errors import LexiconError, ParameterError
from analysis.lexicons import (
    compile_matcher,
    compile_multi,
    lexicon_from_frame,
    load_lexicon,
    match_lexicon,
    match_lexicons,
    read_lexicon_file,
    shadowed_entries,
    shipped_lexicons,
)
from analysis.wordlists import DATA_FILES, WORD_LISTS, data_file_info, load_word_list

HEADER = "# name: test\n# version: 0.1.0\nterm,category,case,source,rationale\n"


def _lex(rows: str, tmp_path: Path, name: str = "t.csv", *, meta: str = "") -> Path:
    """A lexicon file of ``rows`` (the first on line 4, after the lines of ``meta``)."""
    path = tmp_path / name
    path.write_text(meta + HEADER + rows, encoding="utf-8")
    return path


def _find(lexicon, text: str) -> list[str]:
    m = compile_matcher(lexicon)
    return [text[s:e] for s, e, _ in m.find(text)]


def test_the_calendar_word_list_is_shipped_versioned_and_read_as_written():
    """The weekday and month names analysis.actors and analysis.quotes both read (no name
    after a demonym phrase, no surname after a nickname) are one versioned data file."""
    from importlib import resources

    assert "calendar_words" in WORD_LISTS and "calendar_words.txt" in DATA_FILES
    assert (resources.files("analysis") / "data" / "calendar_words.txt").is_file()
    info = data_file_info("calendar_words.txt")  # in every report's provenance
    assert info["file"] == "analysis/data/calendar_words.txt" and info["version"] == "1.0.0"
    words = load_word_list("calendar_words", lower=False)
    assert len(words) == 19 and {"Monday", "Sunday", "January", "May", "December"} <= words
    assert not {"MONDAY", "monday", "Mondays", "Mon", "Sept", "Mayor"} & words


def test_shipped_lexicons_load_with_versions_and_sources():
    assert {"loaded_language", "reporting_verbs", "hedges", "source_cues"} <= set(shipped_lexicons())
    lex = load_lexicon("loaded_language")
    assert lex.name == "loaded_language"
    assert re.fullmatch(r"\d+\.\d+\.\d+", lex.version)
    assert len(lex.entries) >= 300
    assert (lex.entries["source"].str.len() > 0).all()
    assert {"pejorative_label", "dehumanising_violent", "deception", "delegitimation",
            "emotive_intensifier", "euphemism", "booster"} <= set(lex.categories)
    info = lex.info()
    assert info["sha256"] == lex.sha256 and len(lex.sha256) == 64


def test_word_boundaries_wildcards_multiword_and_apostrophes(tmp_path):
    lex = read_lexicon_file(_lex(
        "regime,delegitimation,,x,\n"
        "hoodwink*,deception,,x,\n"
        "meat grinder,dehumanising_violent,,x,\n"
        "Putin's war,pejorative_label,,x,\n"
        "puppet regime,delegitimation,,x,\n", tmp_path))
    text = "A regimen, the regime’s puppet regime; hoodwinked, Hoodwinking, hoodwink. Meat  grinder? meat grinder. Putin’s war"
    assert _find(lex, text) == ["regime", "puppet regime", "hoodwinked", "Hoodwinking", "hoodwink", "meat grinder", "Putin’s war"]


def test_shipped_wildcards_leave_plain_words_alone():
    # Each of these plain words was once matched by a wildcard (statist*, shill*, cabal*,
    # kook*, sham*, claim*) of loaded_language 2.1.0; the loaded forms still match.
    lex = load_lexicon("loaded_language")
    plain = ("Statistics and statistical work by statisticians; the Kenyan shilling and ten "
             "shillings; a caballero, a kookaburra, shame, shampoo, a shaman; benefit claimants.")
    assert _find(lex, plain) == []
    loaded = "Statists and shills, shilling for a cabal of kooks, claimed a sham."
    assert _find(lex, loaded) == ["Statists", "shills", "shilling for", "cabal", "kooks",
                                  "claimed", "sham"]


def test_shadowed_entries_are_listed_and_the_shipped_lexicons_have_none(tmp_path):
    # 104 entries of loaded_language 2.1.0 could never count: on BABE's and the seeds' texts
    # 'racist' and 'illegal aliens' got the category of the wildcard before their own entry
    for name in shipped_lexicons():
        assert shadowed_entries(load_lexicon(name)).empty, name
    lex = read_lexicon_file(_lex(
        "idiot*,pejorative_label,,x,\n"
        "idiotic,emotive_intensifier,,x,\n"  # 5: covered by the wildcard before it
        "idiots,pejorative_label,,x,\n"  # 6: the same
        "\"re:war on (?:women|science)\",scare,,x,\n"
        "war on women,delegitimation,,x,\n"  # 8: covered by the regex
        "NATO,naming,sensitive,x,\n"
        "nato,naming,,x,\n"  # 10: not covered (it also matches 'Nato')
        "Nato*,naming,sensitive,x,\n"  # 11: not covered: NATO is not its case
        "kind,x,,x,\nkindness,x,,x,\n",  # a plain term never covers a longer one
        tmp_path))
    found = shadowed_entries(lex)
    assert list(found.columns) == ["term", "category", "origin", "shadowed_by",
                                   "shadowed_by_category", "shadowed_by_origin"]
    assert found[["term", "shadowed_by", "shadowed_by_category"]].values.tolist() == [
        ["idiotic", "idiot*", "pejorative_label"],
        ["idiots", "idiot*", "pejorative_label"],
        ["war on women", "re:war on (?:women|science)", "scare"],
    ]
    assert found["origin"].str.endswith(("t.csv:5", "t.csv:6", "t.csv:8")).all()
    # a regex that looks around its words does not cover a plain term (it counts elsewhere)
    looking = read_lexicon_file(_lex("\"re:(?<!media )reports\\b\",vague,,x,\nreports,other,,x,\n",
                                     tmp_path, "look.csv"))
    assert shadowed_entries(looking).empty
    assert _find(looking, "Media reports said so.") == ["reports"]
    # and the matcher does give those words the covering entry's category
    found_by = [lex.entries.loc[i, "term"] for _, _, i in compile_matcher(lex).find("idiotic")]
    assert found_by == ["idiot*"]


def test_case_sensitive_acronyms(tmp_path):
    lex = read_lexicon_file(_lex("NATO,naming,sensitive,x,\nNato,naming,sensitive,x,\nUS,naming,sensitive,x,\n", tmp_path))
    found = compile_matcher(lex).find("Nato and NATO told us the US nato.")
    assert [lex.entries.loc[i, "term"] for _, _, i in found] == ["Nato", "NATO", "US"]


def test_regex_entries(tmp_path):
    lex = read_lexicon_file(_lex(
        "\"re:if (?:these|the) claims are true\",hedge,,x,\n"
        "claims,verb,,x,\n", tmp_path))
    assert _find(lex, "If these claims are true, he claims more.") == ["If these claims are true", "claims"]


def test_malformed_lexicon_names_the_line(tmp_path):
    with pytest.raises(LexiconError, match=r"t\.csv: line 5: 4 fields where the header has 5"):
        read_lexicon_file(_lex("tyrant,label,,x,why\nthug,label,x,\n", tmp_path))
    with pytest.raises(LexiconError, match=r"t\.csv:4: term 'thug' needs a source or a rationale"):
        read_lexicon_file(_lex("thug,label,,,\n", tmp_path))
    with pytest.raises(LexiconError, match=r"t\.csv:5: duplicate term 'Thug' \(also at .*t\.csv:4\)"):
        read_lexicon_file(_lex("thug,label,,x,\nThug,label,,x,\n", tmp_path))
    with pytest.raises(LexiconError, match=r"'\*' is only allowed at the end"):
        read_lexicon_file(_lex("hood*wink,label,,x,\n", tmp_path))
    with pytest.raises(LexiconError, match=r"bad regular expression"):
        read_lexicon_file(_lex("re:(unclosed,label,,x,\n", tmp_path))
    with pytest.raises(LexiconError, match=r"case='upper'"):
        read_lexicon_file(_lex("NATO,label,upper,x,\n", tmp_path))
    bad = tmp_path / "nover.csv"
    bad.write_text("term,category,case,source,rationale\nx,y,,z,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"no '# version: X.Y.Z'"):
        read_lexicon_file(bad)


def test_unclosed_quote_in_a_lexicon_names_the_line(tmp_path):
    # once 'thug' and 'regime' silently became part of tyrant's rationale
    rows = 'tyrant,label,,x,"a loaded word\nthug,label,,x,why\nregime,label,,x,why\n'
    with pytest.raises(
        LexiconError,
        match=r't\.csv: line 4: a field opened with " on this line is never closed \(it would '
        r"run to the end of the file, line 6\); check the quoting",
    ):
        read_lexicon_file(_lex(rows, tmp_path))
    user = _lex('thug,label,,x,why\n"puppet regime,label,,x,why\nregime,label,,"x",why\n',
                tmp_path, "mine.csv")
    with pytest.raises(
        LexiconError,
        match=r'mine\.csv: line 5: a field opened with " on this line is never closed \(the " '
        r"on line 6 was read as its end\)",
    ):
        load_lexicon("loaded_language", extra=[user])


def test_quoted_lexicon_fields_still_load_with_their_lines(tmp_path):
    rows = (
        'tyrant,label,,x,"loaded, ""strongly"""\n'
        'thug,label,,x,"over\ntwo lines"\n'
        "regime,label,,x,why\n"
    )
    entries = read_lexicon_file(_lex(rows, tmp_path)).entries
    assert entries["rationale"].tolist() == ['loaded, "strongly"', "over\ntwo lines", "why"]
    assert entries["origin"].str.rsplit(":", n=1).str[1].tolist() == ["4", "5", "7"]


def test_user_adds_overrides_replaces(tmp_path):
    mine = _lex("thieving regime,pejorative_label,,my study,\n", tmp_path, "mine.csv")
    added = load_lexicon("loaded_language", extra=[mine])
    base = load_lexicon("loaded_language")
    assert len(added.entries) == len(base.entries) + 1
    assert added.version == f"{base.version}+test@0.1.0"
    assert added.sha256 != base.sha256
    # entries that differ only in an extra column hash apart: the matchers a run compiles are
    # cached by the hash (a verb's stance overridden alone once got the cached matcher's)
    verbs = load_lexicon("reporting_verbs").entries
    cols = ["term", "category", "case", "source", "rationale", "stance"]
    frame = verbs[cols].copy()
    other = frame.copy()
    other.loc[other["term"] == "said", "stance"] = "distancing"
    assert lexicon_from_frame(frame).sha256 != lexicon_from_frame(other).sha256
    assert lexicon_from_frame(frame).sha256 == lexicon_from_frame(frame.copy()).sha256
    clash = _lex("meat grinder,my_category,,my study,\n", tmp_path, "clash.csv",
                 meta="# new_categories: my_category\n")
    with pytest.raises(LexiconError, match=r"clash\.csv:5: term 'meat grinder' is already in loaded_language"):
        load_lexicon("loaded_language", extra=[clash])
    over = load_lexicon("loaded_language", extra=[clash], mode="override")
    assert over.entries.set_index("term").loc["meat grinder", "category"] == "my_category"
    frame = pd.DataFrame({"term": ["tyrant*"], "category": ["remove"], "source": ["me"]})
    dropped = load_lexicon("loaded_language", extra=[frame], mode="override")
    assert "tyrant*" not in set(dropped.entries["term"])
    only = load_lexicon("loaded_language", extra=[mine], mode="replace")
    assert only.entries["term"].tolist() == ["thieving regime"]
    with pytest.raises(ParameterError, match="mode='merge' is not allowed"):
        load_lexicon("loaded_language", mode="merge")  # type: ignore[arg-type]
    with pytest.raises(LexiconError, match="no shipped lexicon 'loaded'"):
        load_lexicon("loaded")


def test_match_lexicon_hits_table_offsets(seeds):
    lex = lexicon_from_frame(pd.DataFrame({
        "term": ["tyrant", "meat grinder", "so-called", "hoodwink*"],
        "category": ["label", "metaphor", "delegitimation", "deception"],
        "source": "test",
    }))
    hits = match_lexicon(seeds.sentences, lex)
    assert list(hits.columns[:9]) == ["doc_id", "outlet", "sent_id", "start", "end", "match", "term", "category", "lexicon"]
    texts = seeds.documents.set_index("doc_id")["text"]
    for h in hits.itertuples():
        assert texts[h.doc_id][h.start:h.end] == h.match
    got = hits[hits["doc_id"] == "004"][["sent_id", "match"]].values.tolist()
    assert got == [[5, "tyrant"], [6, "meat grinder"], [9, "hoodwinked"], [12, "so-called"]]
    assert hits.groupby("doc_id").size().to_dict() == {"002": 2, "003": 2, "004": 4}


def test_matcher_agrees_with_naive_regex_on_seeds(seeds):
    """Cross-check: the one-pass matcher finds what one regex per term finds."""
    lex = load_lexicon("loaded_language")
    plain = lex.entries[~lex.entries["term"].str.startswith("re:")]
    naive = set()
    for s in seeds.sentences.itertuples():
        text = s.text.replace("’", "'")
        for term in plain["term"]:
            body = re.escape(term.rstrip("*")) + (r"\w*" if term.endswith("*") else "")
            for m in re.finditer(rf"(?<!\w){body}(?!\w)", text, re.IGNORECASE):
                naive.add((s.doc_id, s.start + m.start(), s.start + m.end()))
    hits = match_lexicon(seeds.sentences, lex)
    hits = hits[~hits["term"].str.startswith("re:")]
    fast = set(zip(hits["doc_id"], hits["start"], hits["end"], strict=True))
    # the matcher drops overlapped shorter matches; everything it finds, the naive way finds
    assert fast <= naive
    assert len(naive - fast) == sum(
        1 for d, s, e in naive - fast if any(d == d2 and s2 <= s and e <= e2 for d2, s2, e2 in fast)
    )


def test_regex_prefilter_never_loses_a_match(seeds):
    """The automaton of required literals only narrows where regexes run: same matches."""
    import dataclasses

    text = "\n".join(seeds.sentences["text"]) + (
        "\nThey told lies. It’s been claimed that, if these claims are true, he has blood on his hands."
        "\nBlood on their hands; not a real country; lying through his teeth; floods of migrants."
    )
    for name in shipped_lexicons():
        m = compile_matcher(load_lexicon(name))
        plain = dataclasses.replace(m, anchors=None)
        assert m.find(text) == plain.find(text), name
        # terms and anchors in one automaton (one scan) = two automatons (two scans)
        two_scans = dataclasses.replace(m, combined=None)
        assert m.find(text) == two_scans.find(text), name
    lex = load_lexicon("loaded_language")
    assert compile_matcher(lex).anchors is not None  # the shipped lexicon is prefiltered


def test_regex_only_lexicon(tmp_path):
    lex = read_lexicon_file(_lex("\"re:it(?:'|’)?s been claimed\",hedge,,x,\n", tmp_path))
    assert _find(lex, "But it’s been claimed, and its been claimed.") == ["it’s been claimed", "its been claimed"]


def test_chunked_matching_gives_the_same_hits(seeds, monkeypatch):
    import analysis.lexicons as lx

    lex = load_lexicon("loaded_language")
    whole = match_lexicon(seeds.sentences, lex)
    monkeypatch.setattr(lx, "_CHUNK_CHARS", 500)  # many chunks, boundaries inside documents
    chunked = match_lexicon(seeds.sentences, lex)
    pd.testing.assert_frame_equal(whole, chunked)


def test_several_lexicons_in_one_scan_equal_one_by_one(seeds, tmp_path):
    """match_lexicons (one automaton for all) = match_lexicon per lexicon, on the seeds and on
    generated text, with shared keys, regex entries with and without anchors, case-sensitive
    and wildcard terms, and an empty sentence table."""
    import dataclasses

    from analysis.actors import actors_lexicon, load_actors
    from analysis.clean import clean_corpus
    from analysis.segment import segment_corpus
    from bench.corpus_gen import iter_documents

    docs = pd.DataFrame(list(iter_documents(200_000, seed=11)))
    docs["date"] = pd.to_datetime(docs["date"])
    docs[["source", "note"]] = ""
    docs["source_line"] = 1
    generated = segment_corpus(clean_corpus(docs)[0])
    mine = read_lexicon_file(_lex(
        "Putin,a,,x,\nputin*,b,,x,\nUS,c,sensitive,x,\nsaid,d,,x,\n"
        "\"re:(?:very|really) good\",e,,x,\n\"re:\\bsa\\w+\",f,,x,\n", tmp_path
    ))
    lexicons = [load_lexicon(n) for n in shipped_lexicons()]
    lexicons += [actors_lexicon(load_actors()), mine]
    no_anchors = dataclasses.replace(compile_matcher(load_lexicon("hedges")), anchors=None)
    for sentences in (seeds.sentences, generated, seeds.sentences.head(0)):
        every = match_lexicons(sentences, [*lexicons, no_anchors])
        for lexicon, hits in zip([*lexicons, no_anchors], every, strict=True):
            pd.testing.assert_frame_equal(hits, match_lexicon(sentences, lexicon))
    text = "\n".join(generated["text"])
    multi = compile_multi(lexicons)
    assert multi.find(text) == [m.find(text) for m in multi.matchers]
    assert sum(map(len, multi.find(text))) > 1000


def test_one_scan_equals_one_by_one_on_odd_text(tmp_path):
    """MultiMatcher runs on a line only the regex entries whose anchors occur there; still the
    matches of the whole pattern: one line without a newline, letters that re.IGNORECASE
    matches across lower cases (ſ/s, ı/i), Greek and Cyrillic, and an entry with a group
    reference (matched with the whole pattern)."""
    mine = read_lexicon_file(_lex(
        "\"re:(?P<w>\\w+) and (?P=w)\",a,,x,\n\"re:it is not clear\",b,,x,\nsaid,c,,x,\n", tmp_path
    ))
    lexicons = [load_lexicon(n) for n in shipped_lexicons()] + [mine]
    multi = compile_multi(lexicons)
    assert multi.matchers[-1].regex_parts == ()  # the group reference: whole pattern only
    for text in (
        "It is not clear, about 5 of them, officials said",
        "It ıs not clear; it iſ not clear. IT IS NOT CLEAR.\nmore and more, about 5",
        "Σ about 5 µ; around ٣ in Кыив; it was not clear\nwar on democracy, WAR ON TRUTH",
        "",
    ):
        assert multi.find(text) == [m.find(text) for m in multi.matchers], text


def test_leftmost_longest_array_equals_the_loop():
    """The array version keeps what the one-by-one loop keeps, on random overlapping
    candidates (clusters, chains of overlaps, equal spans of several entries)."""
    import numpy as np

    from analysis.lexicons import _leftmost_longest, _leftmost_longest_array

    rng = np.random.default_rng(3)
    for n in (0, 1, 2, 5, 40, 400):
        for _ in range(30):
            start = rng.integers(0, max(n, 1) * 3, n)
            cands = sorted({(int(s), int(s + rng.integers(1, 12)), int(rng.integers(0, 4)))
                            for s in start})
            rng.shuffle(cands)
            arr = np.array(cands, dtype=np.int64).reshape(-1, 3)
            assert list(map(tuple, _leftmost_longest_array(arr).tolist())) == (
                _leftmost_longest(list(cands))
            )


def test_case_sensitive_terms_as_written(tmp_path):
    """Case-sensitive terms match only as written (curly apostrophes as straight ones), in one
    scan as one by one."""
    lex = read_lexicon_file(_lex(
        "US,a,sensitive,x,\nO'Neill,b,sensitive,x,\nthe PM,c,sensitive,x,\nus,d,,x,\n", tmp_path
    ))
    text = "US and us, Us; O’Neill, O'neill and O'Neill met the PM, The PM, the pm. US"
    assert _find(lex, text) == ["US", "us", "Us", "O’Neill", "O'Neill", "the PM", "US"]
    multi = compile_multi([lex, load_lexicon("loaded_language")])
    assert multi.find(text) == [m.find(text) for m in multi.matchers]


@pytest.mark.parametrize("name", ["loaded_language", "reporting_verbs", "source_cues", "hedges"])
def test_every_shipped_regex_entry_has_an_anchor(name):
    """Each ``re:`` entry of a shipped lexicon holds a literal the matcher can look for first;
    one entry without (a top-level alternation, say) makes every entry of the lexicon run on
    every line: the bench's lexicon step went from 0.22 s to 0.57 s a chunk when the 'lament'
    pattern of reporting_verbs 1.8.0 had one."""
    lexicon = load_lexicon(name)
    assert compile_matcher(lexicon).anchors is not None


def _origin(lexicon, term: str) -> str:
    return lexicon.entries.set_index("term").loc[term, "origin"]


def _hits(lexicon, text: str) -> list[list[str]]:
    sentences = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "sent_id": [0], "start": [0],
                              "end": [len(text)], "text": [text]})
    return match_lexicon(sentences, lexicon)[["match", "term", "category"]].values.tolist()


def test_a_users_entry_for_a_word_a_shipped_wildcard_covers_takes_effect_or_is_an_error(tmp_path):
    """The shipped lexicon has 'tyrant*' (not 'tyrant'): a user's 'tyrant' once never matched
    (the wildcard won on the same word), in add and override mode, without an error."""
    base = load_lexicon("loaded_language")
    wildcard = re.escape(_origin(base, "tyrant*"))
    mine = _lex("tyrant,epithet,,me,recategorise\n", tmp_path, "mine.csv")
    with pytest.raises(LexiconError, match=(
        rf"mine\.csv:4: term 'tyrant' and loaded_language's entry 'tyrant\*' \({wildcard}, "
        r"category pejorative_label\) both match 'tyrant', where loaded_language's entry would "
        r"win; to let yours win there, use mode='override'"
    )):
        load_lexicon("loaded_language", extra=[mine])
    over = load_lexicon("loaded_language", extra=[mine], mode="override")
    assert _hits(over, "The tyrant and the tyrants.") == [
        ["tyrant", "tyrant", "epithet"],  # the user's entry, on its word
        ["tyrants", "tyrant*", "pejorative_label"],  # the wildcard, on the others
    ]
    assert _hits(base, "The tyrant.") == [["tyrant", "tyrant*", "pejorative_label"]]
    # an override that gives hoodwink* a category of its own keeps its shipped lands_on
    hood = _lex("hoodwink*,pejorative_label,,me,my codebook\n", tmp_path, "hood.csv")
    entry = load_lexicon("loaded_language", extra=[hood], mode="override").entries.set_index("term")
    assert entry.loc["hoodwink*", ["category", "lands_on"]].tolist() == ["pejorative_label", "subject"]
    # an override of a shipped exact term a shipped wildcard also covers ('smears', 'smear*')
    smears = _lex("smears,deception,,me,an accusation here\n", tmp_path, "smears.csv")
    assert _hits(load_lexicon("loaded_language", extra=[smears], mode="override"),
                 "He smears them.") == [["smears", "smears", "deception"]]


def test_overlaps_in_add_mode_both_ways_with_regexes_and_case(tmp_path):
    base = read_lexicon_file(_lex(
        "tyrant*,label,,x,\nwarmonger,label,,x,\n\"re:so[- ]called\",scare,,x,\n"
        "NATO,naming,sensitive,x,\n", tmp_path, "base.csv"))
    for row, word, other in [
        ("warmong*,label,,me,", "warmonger", "warmonger"),  # my wildcard covers its term
        ("tyrants*,label,,me,", "tyrants", "tyrant\\*"),  # its wildcard covers mine
        ("so-called,scare,,me,", "so-called", "re:so\\[- \\]called"),  # its regex covers mine
        ("\"re:warmongers?\",label,,me,", "warmonger", "warmonger"),  # mine covers its term
        ("NATO*,naming,sensitive,me,", "NATO", "NATO"),  # both as written
    ]:
        mine = _lex(row + "\n", tmp_path, "mine.csv")
        with pytest.raises(LexiconError, match=rf"mine\.csv:4: term .* and test's entry '{other}' "
                                               rf"\(.*base\.csv:\d, category \w+\) both match '{word}'"):
            load_lexicon(base, extra=[mine])
    # a case-insensitive term is the same term as a case-sensitive one of any case
    with pytest.raises(LexiconError, match=r"mine\.csv:4: term 'Nato' is already in test \(.*base\.csv:7\)"):
        load_lexicon(base, extra=[_lex("Nato,naming,,me,\n", tmp_path, "mine.csv")])
    # no overlap: a longer phrase (leftmost-longest wins), another word, another case as written
    fine = _lex("tyrant regime,label,,me,\ntyro,label,,me,\nNato,naming,sensitive,me,\n",
                tmp_path, "fine.csv")
    assert len(load_lexicon(base, extra=[fine]).entries) == 7


def test_remove_rows_drop_an_entry_or_say_why_they_cannot(tmp_path):
    base = load_lexicon("loaded_language")
    # a remove row for a word only the wildcard 'tyrant*' covers: the remove would do nothing
    word = _lex("tyrant,remove,,me,drop it\n", tmp_path, "word.csv")
    with pytest.raises(LexiconError, match=(
        rf"word\.csv:4: the remove row 'tyrant' drops nothing: loaded_language has no entry "
        rf"'tyrant', but its entry 'tyrant\*' \({re.escape(_origin(base, 'tyrant*'))}, category "
        r"pejorative_label\) matches it; a remove row drops a whole entry: to stop counting "
        r"'tyrant', remove 'tyrant\*'"
    )):
        load_lexicon("loaded_language", extra=[word], mode="override")
    # the category compared without case: 'Remove' drops the entry, makes no category 'Remove'
    cap = _lex("tyrant*, Remove ,,me,drop it\n", tmp_path, "cap.csv")
    dropped = load_lexicon("loaded_language", extra=[cap], mode="override")
    assert "tyrant*" not in set(dropped.entries["term"])
    assert set(dropped.categories) == set(base.categories)
    assert len(dropped.entries) == len(base.entries) - 1
    assert _hits(base, "The tyrant and the tyrants.") == [
        ["tyrant", "tyrant*", "pejorative_label"], ["tyrants", "tyrant*", "pejorative_label"]]
    assert _hits(dropped, "The tyrant and the tyrants.") == []
    # removing 'smears' (cervical smears, in health news) leaves it counted by 'smear*'
    smears = _lex("smears,remove,,me,a test here\n", tmp_path, "smears.csv")
    with pytest.raises(LexiconError, match=(
        r"smears\.csv:4: removing 'smears' still leaves it counted: loaded_language's entry "
        rf"'smear\*' \({re.escape(_origin(base, 'smear*'))}, category deception\) matches it "
        r"too; remove 'smear\*' as well"
    )):
        load_lexicon("loaded_language", extra=[smears], mode="override")
    # since 3.0.0 no wildcard covers 'claims': removing it alone stops it being counted
    claims = _lex("claims,remove,,me,a noun here\n", tmp_path, "claims.csv")
    assert _hits(load_lexicon("loaded_language", extra=[claims], mode="override"),
                 "If these claims are true, he claimed.") == [
        ["claimed", "claimed", "loaded_saying_verb"]]
    # a term of no entry at all
    typo = _lex("tyrnat*,remove,,me,typo\n", tmp_path, "typo.csv")
    with pytest.raises(LexiconError, match=r"typo\.csv:4: the remove row 'tyrnat\*' drops nothing: "
                                           r"loaded_language has no entry that matches it \(did "
                                           r"you mean 'tyrant\*'\?\); check the spelling"):
        load_lexicon("loaded_language", extra=[typo], mode="override")
    # remove rows outside override mode, and in a lexicon that is not an extra
    for mode, how in [("add", "that only works with mode='override'"),
                      ("replace", "with mode='replace' only your entries are used")]:
        with pytest.raises(LexiconError, match=rf"cap\.csv:4: term 'tyrant\*' has category "
                                               rf"remove, which drops an entry of loaded_language; {how}"):
            load_lexicon("loaded_language", extra=[cap], mode=mode)
    with pytest.raises(LexiconError, match=r"cap\.csv:4: term 'tyrant\*' has category remove, which "
                                           r"drops an entry of the lexicon a file of yours extends"):
        load_lexicon(cap)
    # a remove row without case drops the entries of the term in any case
    acronyms = read_lexicon_file(_lex("NATO,naming,sensitive,x,\nNato,naming,sensitive,x,\n"
                                      "nato*,naming,,x,\n", tmp_path, "acr.csv"))
    nato = _lex("nato,remove,,me,\nNATO*,remove,sensitive,me,\n", tmp_path, "nato.csv")
    with pytest.raises(LexiconError, match=r"nato\.csv:5: the remove row 'NATO\*' drops nothing: "
                                           r"test has no entry 'NATO\*', but its entry 'nato\*'"):
        load_lexicon(acronyms, extra=[nato], mode="override")
    nato = _lex("nato,remove,,me,\nnato*,remove,,me,\n", tmp_path, "nato.csv")
    assert load_lexicon(acronyms, extra=[nato], mode="override").entries.empty


def test_categories_of_a_users_entries_are_the_lexicons_own_or_declared(tmp_path):
    typo = _lex("warmongers galore,pejorative_lable,,me,typo\n", tmp_path, "typo.csv")
    with pytest.raises(LexiconError, match=(
        r"typo\.csv:4: term 'warmongers galore' has category 'pejorative_lable', which "
        r"loaded_language does not have \(did you mean 'pejorative_label'\?\); its categories: "
        r"booster, deception, .*\. To add a category of your own, declare it in your file with "
        r"the line '# new_categories: pejorative_lable' before the header"
    )):
        load_lexicon("loaded_language", extra=[typo])
    for mode in ("add", "override"):
        with pytest.raises(LexiconError, match="pejorative_lable"):
            load_lexicon("loaded_language", extra=[typo], mode=mode)
    # declared new categories (an Excel-saved line, with its trailing commas, too)
    new = _lex("zorblat,my_frame,,me,new\nglorp,other_frame,,me,new\n", tmp_path, "new.csv",
               meta="# new_categories: my_frame; other_frame,,,,\n")
    lex = load_lexicon("loaded_language", extra=[new])
    assert {"my_frame", "other_frame"} <= set(lex.categories)
    assert _hits(lex, "Zorblat and glorp.") == [["Zorblat", "zorblat", "my_frame"],
                                               ["glorp", "glorp", "other_frame"]]
    frame = pd.DataFrame({"term": ["zorblat"], "category": ["my_frame"], "source": ["me"]})
    with pytest.raises(LexiconError, match=r"user:row 1: term 'zorblat' has category 'my_frame'.*"
                                           r"lexicon_from_frame\(df, new_categories=\['my_frame'\]\)"):
        load_lexicon("loaded_language", extra=[frame])
    declared = lexicon_from_frame(frame, new_categories=["my_frame"])
    assert "my_frame" in load_lexicon("loaded_language", extra=[declared]).categories
    # replace: the user's categories are the lexicon's
    assert load_lexicon("loaded_language", extra=[typo], mode="replace").categories == [
        "pejorative_lable"]


def test_terms_that_could_never_match_are_errors_naming_the_line(tmp_path):
    for term, problem in [
        ("sabre\trattler", "a tab"),
        ("peace  charade", "two or more spaces in a row"),
        ("peace\u00a0charade", r"a white-space character '\\xa0' \(U\+00A0\)"),
        ('"peace\ncharade"', "a line break"),
    ]:
        path = _lex(f"zzgood term,epithet,,me,\n{term},epithet,,me,\n", tmp_path)
        with pytest.raises(LexiconError, match=rf"t\.csv:5: term .* has {problem}; the text it "
                                               r"is matched against has single spaces between "
                                               r"words, so it could never match"):
            read_lexicon_file(path)
    # a regular expression may hold any white space
    assert len(read_lexicon_file(_lex('"re:peace\\s+charade",epithet,,me,\n', tmp_path)).entries) == 1
    # curly and straight apostrophes are the same to the matcher
    apos = _lex("Kremlin’s puppet,pejorative_label,,me,x\nKremlin's puppet,epithet,,me,x\n",
                tmp_path, "apos.csv")
    with pytest.raises(LexiconError, match=r"apos\.csv:5: duplicate term \"Kremlin's puppet\" "
                                           r"\(also at .*apos\.csv:4\) \(as 'Kremlin’s puppet': "
                                           r"the matcher reads curly apostrophes as straight ones\)"):
        read_lexicon_file(apos)
    # ... also between a user's entry and the shipped one it overrides
    shipped = load_lexicon("loaded_language", extra=[
        _lex("Putin's war,pejorative_label,,x,\n", tmp_path, "one.csv")])
    other = _lex("Putin’s war,epithet,,me,\n", tmp_path, "two.csv")
    over = load_lexicon(shipped, extra=[other], mode="override")
    assert _hits(over, "It is Putin's war.") == [["Putin's war", "Putin’s war", "epithet"]]
    # three-letter wildcard stems are the least (the shipped lexicon has 'sjw*', 'gun nut*')
    assert read_lexicon_file(_lex("sjw*,label,,x,\ngun nut*,label,,x,\n", tmp_path)).entries[
        "term"].tolist() == ["sjw*", "gun nut*"]
    with pytest.raises(LexiconError, match=r"t\.csv:4: 'nu\*': a wildcard stem needs at least 3 letters"):
        read_lexicon_file(_lex("nu*,label,,x,\n", tmp_path))


def test_version_and_encoding_problems_name_the_line(tmp_path):
    latin = tmp_path / "latin1.csv"
    latin.write_bytes((HEADER + "warmongers galore,pejorative_label,,me,x\n"
                       "L\xfcgenpresse,delegitimation,,me,German\n").encode("latin-1"))
    with pytest.raises(LexiconError, match=r"latin1\.csv: not valid UTF-8 at byte offset \d+ "
                                           r"\(line 5\); re-encode the file as UTF-8 \(in Excel: "
                                           r"Save As, 'CSV UTF-8'"):
        load_lexicon("loaded_language", extra=[latin])
    excel = tmp_path / "excel.csv"
    excel.write_bytes(
        "\ufeff# name: my_terms,,,,\r\n# version: 1.0.0,,,,\r\n"
        '"# description: mine, from a spreadsheet",,,,\r\n,,,,\r\n'
        "term,category,case,source,rationale\r\nwarmongers galore,pejorative_label,,me,x\r\n"
        .encode()
    )
    lex = read_lexicon_file(excel)
    assert (lex.name, lex.version, lex.description) == ("my_terms", "1.0.0",
                                                        "mine, from a spreadsheet")
    assert lex.entries["origin"].tolist() == [f"{excel}:6"]
    assert load_lexicon("loaded_language", extra=[excel]).version.endswith("+my_terms@1.0.0")
    for version in ("1.0", "v1.0.0", "1.0.0,x"):
        bad = tmp_path / "bad.csv"
        bad.write_text(f"# name: x\n# version: {version}\nterm,category,source\nzorb,label,x\n",
                       encoding="utf-8")
        with pytest.raises(LexiconError, match=rf"bad\.csv: line 2: version '{re.escape(version)}' "
                                               r"is not a version number X\.Y\.Z"):
            read_lexicon_file(bad)
    assert read_lexicon_file(_lex("zorb,label,,x,\n", tmp_path,
                                  meta="")).version == "0.1.0"


def test_extra_may_be_one_path_and_other_values_are_parameter_errors(tmp_path):
    mine = _lex("thieving regime,pejorative_label,,my study,\n", tmp_path, "mine.csv")
    base = load_lexicon("loaded_language")
    for one in (str(mine), mine, pd.read_csv(mine, comment="#", dtype=str, keep_default_na=False)):
        lex = load_lexicon("loaded_language", extra=one)
        assert len(lex.entries) == len(base.entries) + 1
        assert lex.entries["term"].iloc[-1] == "thieving regime"
    with pytest.raises(ParameterError, match=r"extra=5: expected a lexicon file's path"):
        load_lexicon("loaded_language", extra=5)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"extra: 3 \(int\) is not a lexicon file's path"):
        load_lexicon("loaded_language", extra=[str(mine), 3])  # type: ignore[list-item]
    with pytest.raises(ParameterError, match=r"extra: '' \(str\) is not a lexicon file's path"):
        load_lexicon("loaded_language", extra=[""])
    with pytest.raises(ParameterError, match=r"lexicon=None: give the name of a shipped lexicon"):
        load_lexicon(None)  # type: ignore[arg-type]
    with pytest.raises(LexiconError, match=r": a folder, not a lexicon file; give the path of the file"):
        load_lexicon("loaded_language", extra=[tmp_path])
