"""analysis.actors: the registry, mentions with offsets, and naming variants per outlet."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.actors import find_mentions, load_actors, naming_forms, naming_variants
from analysis.errors import LexiconError


@pytest.fixture(scope="module")
def forms(seeds):
    return naming_forms(seeds.sentences, find_mentions(seeds.sentences))


def test_registry_is_data_with_groups():
    reg = load_actors()
    assert {"Putin", "Zelensky", "Trump", "Macron", "Starmer", "NATO", "Russia", "Ukraine"} <= set(reg["actor"])
    assert set(reg["group"]) <= {"Ukraine", "Russia", "US", "Europe", "other"}
    assert reg.set_index("alias").loc["Zelenskyy", "actor"] == "Zelensky"


def test_mentions_offsets_possessives_and_apposition(seeds):
    m = find_mentions(seeds.sentences)
    texts = seeds.documents.set_index("doc_id")["text"]
    for row in m.itertuples():
        assert texts[row.doc_id][row.start:row.end] == row.match
    assert (m[m["doc_id"] == "004"]["actor"] == "Putin").sum() == 7
    # possessives: "Mr Trump’s US" is a mention of Trump, "Russia’s Vladimir Putin" one of Putin
    m004 = m[m["doc_id"] == "004"]
    assert m004[m004["sent_id"] == 18]["match"].tolist() == ["The PM", "Mr Trump", "US"]
    assert m004[m004["sent_id"] == 15]["match"].tolist()[0] == "Russia’s Vladimir Putin"
    # "Sir Keir Starmer, the Prime Minister" is one mention plus an apposition
    s000 = m[(m["doc_id"] == "000") & (m["actor"] == "Starmer")]
    assert s000[["match", "apposition"]].values.tolist() == [["Sir Keir Starmer", False], ["the Prime Minister", True]]
    # "The PM" at a sentence start matches the case-sensitive alias "the PM"
    assert (m[(m["doc_id"] == "004")]["match"] == "The PM").sum() == 2


def test_naming_variants_per_outlet(forms):
    v = naming_variants(forms)
    def forms_of(actor, outlet):
        return set(v[(v["actor"] == actor) & (v["outlet"] == outlet)]["form"])
    assert "tyrant Putin" in forms_of("Putin", "UK tabloid (unnamed)")
    assert "Russia’s Vladimir Putin" in forms_of("Putin", "UK tabloid (unnamed)")
    assert forms_of("NATO", "BBC News") == {"Nato"}
    assert forms_of("NATO", "World News Actuality") == {"NATO"}
    assert {"The PM", "Prime Minister Sir Keir Starmer"} <= forms_of("Starmer", "UK tabloid (unnamed)")
    assert forms_of("Starmer", "World News Actuality") == {"Sir Keir Starmer"}
    assert "Ukrainian President Volodymyr Zelensky" in forms_of("Zelensky", "World News Actuality")
    assert "US leader President Trump" in forms_of("Trump", "UK tabloid (unnamed)")
    # a name in apposition to a role stays in the form: the republisher names Starmer and
    # Zelensky as its BBC source does, with a comma (it had "UK Prime Minister" alone)
    assert forms_of("Starmer", "Unidentified republisher") == {"UK Prime Minister, Keir Starmer"}
    assert forms_of("Starmer", "BBC News") == {"UK Prime Minister Keir Starmer", "Starmer"}
    assert "Ukraine’s leader, Volodymyr Zelensky" in forms_of("Zelensky", "Unidentified republisher")
    shares = v.groupby(["actor", "outlet"])["share"].sum()
    assert ((shares - 1).abs() < 1e-3).all()


def test_user_cast_added_and_overridden(seeds, tmp_path):
    cast = tmp_path / "cast.csv"
    cast.write_text("actor,alias,alias_type,kind,group,case,note\n"
                    "Lipetsk,Lipetsk region,name,group,Russia,,region of western Russia\n", encoding="utf-8")
    reg = load_actors(extra=[cast])
    m = find_mentions(seeds.sentences, reg)
    assert m[m["actor"] == "Lipetsk"][["doc_id", "match"]].values.tolist() == [["002", "Lipetsk region"], ["003", "Lipetsk region"]]
    remap = pd.DataFrame({"actor": ["Putin"], "alias": ["the Kremlin"], "kind": ["person"], "group": ["Russia"]})
    with pytest.raises(LexiconError, match="alias 'the Kremlin' is already in the registry"):
        load_actors(extra=[remap])
    reg2 = load_actors(extra=[remap], mode="override")
    assert reg2.set_index("alias").loc["the Kremlin", "actor"] == "Putin"
    bad = tmp_path / "bad.csv"
    bad.write_text("actor,alias,kind,group\nX,Y,person,Mars\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.csv: line 2: group='Mars'"):
        load_actors(extra=[bad])


def test_same_as_previous_on_every_kind_of_column():
    import numpy as np

    from analysis.actors import _same_as_previous

    nan = float("nan")
    for values in (
        ["a", "a", "b", "b", "a"],
        [1, 1, 2, 2, 2],
        [True, True, False],
        [1.0, 1.0, nan, nan, 2.0],
        ["a", None, None, "a"],
        [("x", 1), ("x", 1), ("y", 1)],
        [],
        ["a"],
    ):
        col = pd.Series(values, dtype=object if values and isinstance(values[0], tuple) else None)
        items = col.tolist()
        pairs = zip(items[1:], items[:-1], strict=True)
        expected = [False] + [a is b or a == b for a, b in pairs]
        assert _same_as_previous(col).tolist() == expected[: len(items)], values
        assert _same_as_previous(col).dtype == np.bool_


def test_apposition_needs_the_same_actor_in_the_same_sentence(seeds):
    mentions = find_mentions(seeds.sentences)
    rows = list(zip(mentions["doc_id"], mentions["sent_id"], mentions["actor"], strict=True))
    for i in mentions.index[mentions["apposition"]]:
        assert i > 0 and rows[i] == rows[i - 1]
    assert mentions["apposition"].any()


def _hand_sentences(tmp_path, texts: list[str]) -> pd.DataFrame:
    """The sentence table of a small JSONL corpus, one document per text."""
    import json

    from analysis.corpus import load_corpus
    from analysis.segment import segment_corpus

    path = tmp_path / "hand.jsonl"
    path.write_text("".join(json.dumps({"doc_id": f"h{i}", "outlet": "Hand", "date": "2026-01-01", "text": t}) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return segment_corpus(load_corpus(path, title_column=None, url_column=None, language_column=None))


def test_demonyms_name_a_state_through_its_agents(tmp_path):
    sents = _hand_sentences(tmp_path, [
        "Russian forces shelled Kharkiv overnight, while Russian drones hit Odesa.",
        "The Ukrainian side said talks would resume; the Russian people were not asked.",
        "Workers polish officials' cars. Polish officials denied it.",
        "European diplomats met American negotiators and Russia's delegation.",
    ])
    m = find_mentions(sents)
    got = m[["doc_id", "match", "actor", "alias_type", "kind"]].values.tolist()
    assert got == [
        ["h0", "Russian forces", "Russia", "demonym", "state"],  # "Russian drones": a weapon, not an actor
        ["h1", "Ukrainian side", "Ukraine", "demonym", "state"],  # "the Russian people": not the state
        ["h2", "Polish officials", "Poland", "demonym", "state"],  # case-sensitive: not the verb
        ["h3", "European diplomats", "Europe", "demonym", "group"],
        ["h3", "American negotiators", "US", "demonym", "state"],
        ["h3", "Russia", "Russia", "name", "state"],  # the possessive, as for any alias
    ]
    texts = dict(zip(sents["doc_id"] + ":" + sents["sent_id"].astype(str), sents["text"], strict=True))
    for row in m.itertuples():  # offsets are the document's
        assert row.match in texts[f"{row.doc_id}:{row.sent_id}"]


def test_demonym_rows_from_a_user_and_explicit_aliases_win(tmp_path):
    sents = _hand_sentences(tmp_path, ["Hungarian officials and Russian officials met Russian troops."])
    cast = pd.DataFrame({"actor": ["Hungary", "Lavrov"], "alias": ["Hungarian", "Russian officials"],
                         "alias_type": ["demonym", "role"], "kind": ["state", "person"],
                         "group": ["Europe", "Russia"]})
    m = find_mentions(sents, load_actors(extra=[cast]))
    assert m[["match", "actor", "alias_type"]].values.tolist() == [
        ["Hungarian officials", "Hungary", "demonym"],
        ["Russian officials", "Lavrov", "role"],  # the user's own alias, not Russia's demonym form
        ["Russian troops", "Russia", "demonym"],
    ]


def test_demonym_mentions_on_the_seeds_and_their_naming_forms(seeds, forms):
    m = find_mentions(seeds.sentences)
    d = m[m["alias_type"] == "demonym"]
    assert d[["doc_id", "sent_id", "match", "actor"]].values.tolist() == [
        ["000", 8, "Russian officials", "Russia"],
        ["000", 19, "European officials", "Europe"],
        ["004", 2, "Ukrainian officials", "Ukraine"],
        ["004", 12, "French officials", "France"],
    ]
    v = naming_variants(forms)
    assert "Russian officials" in set(v[v["actor"] == "Russia"]["form"])


def test_demonym_phrases_in_compounds_and_titles_are_not_the_state(tmp_path):
    sents = _hand_sentences(tmp_path, [
        "Pro-Russian forces seized the building; non-European officials watched.",
        "Latin American leaders met South American diplomats.",
        "The Russian government-in-exile met Russian-Ukrainian negotiators.",
        "Ukrainian negotiator Rustem Umerov said talks went well.",  # a title before a name
        "Ukrainian military intelligence chief Kyrylo Budanov agreed.",
        "A Ukrainian commander said the line held; Ukrainian commander Oleksandr Syrskyi agreed.",
        "Russian forces Tuesday shelled Kharkiv, and Russian officials said nothing.",
    ])
    m = find_mentions(sents)  # ... and before a name it is a title (Syrskyi is not in the registry)
    assert m[["doc_id", "match", "actor"]].values.tolist() == [
        ["h3", "Rustem Umerov", "Umerov"],  # one mention, the person's; not Ukraine as well
        ["h4", "Kyrylo Budanov", "Budanov"],
        ["h5", "Ukrainian commander", "Ukraine"],  # a singular agent speaks for the state ...
        ["h6", "Russian forces", "Russia"],  # a weekday after the phrase is not a name
        ["h6", "Russian officials", "Russia"],
    ]


def test_a_weekday_or_month_after_a_demonym_phrase_is_no_name(tmp_path):
    """The capitalised word after a demonym phrase opens a name, and the phrase is a title
    ("Ukrainian negotiator Rustem Umerov"), unless it is in the word list calendar_words:
    whole words, as written (a surname that starts like a month is still a name)."""
    sents = _hand_sentences(tmp_path, [
        "Russian officials May 9 marked Victory Day.",
        "Russian officials Mayhew and Petrov spoke.",  # a name, not the month
        "Ukrainian military intelligence chief Monday said nothing.",  # titles skipped first
        "Ukrainian officials MONDAY said nothing.",  # not as written: read as a name
        "Russian forces Mondays shell the city.",
        "Ukrainian negotiator March said nothing.",
    ])
    m = find_mentions(sents)
    assert m[["doc_id", "match", "actor"]].values.tolist() == [
        ["h0", "Russian officials", "Russia"],
        ["h2", "Ukrainian military", "Ukraine"],
        ["h5", "Ukrainian negotiator", "Ukraine"],
    ]


def test_a_place_that_opens_another_name_is_not_the_state(tmp_path):
    """A capital read as its state (metonym) is no mention of it inside the name of an outlet,
    a city office, a treaty or a club (word list metonym_names): a quote of the Washington Post
    is not a US voice."""
    sents = _hand_sentences(tmp_path, [
        "The Washington Post reported that Washington had agreed.",
        "The Moscow Times and the Kyiv Independent quoted Moscow and Kyiv.",
        "Kyiv Mayor Vitali Klitschko said Kyiv would hold.",
        "Russia never joined the Rome Statute; Washington state sued.",
        "Washington’s envoy met the Kremlin.",  # a possessive is still the state
    ])
    m = find_mentions(sents)
    assert m[["doc_id", "match", "actor"]].values.tolist() == [
        ["h0", "Washington", "US"],
        ["h1", "Moscow", "Russia"],
        ["h1", "Kyiv", "Ukraine"],
        ["h2", "Kyiv", "Ukraine"],
        ["h3", "Russia", "Russia"],
        ["h4", "Washington", "US"],
        ["h4", "the Kremlin", "Russia"],
    ]
    assert m.loc[0, "start"] == sents.loc[0, "text"].index("Washington had") + sents.loc[0, "start"]


def test_a_demonym_given_twice_is_an_error_naming_the_rows():
    twice = pd.DataFrame({"actor": ["Poland", "Poland"], "alias": ["Polish", "polish"],
                          "alias_type": ["demonym", "demonym"], "kind": ["state", "state"],
                          "group": ["Europe", "Europe"]})
    from analysis.actors import actors_lexicon

    with pytest.raises(LexiconError, match=r"user:row 2: demonym 'polish' is given twice \(also at user:row 1\)"):
        actors_lexicon(load_actors(extra=[twice], mode="replace"))


HEAD = "actor,alias,alias_type,kind,group,case,note\n"


def test_a_users_actor_file_is_read_as_strictly_as_a_lexicon(tmp_path):
    """extra_actors once skipped the checks lexicons get: a Latin-1 file was an internal
    UnicodeDecodeError, an Excel file (BOM) 'missing column actor', an unclosed quote swallowed
    the rows after it, and alias_type and case were never checked."""
    latin = tmp_path / "latin1.csv"
    latin.write_bytes((HEAD + "Selenskyj,Selenskyj,spelling,person,Ukraine,,Schreibweise f\xfcr "
                              "Selenskyj\n").encode("latin-1"))
    with pytest.raises(LexiconError, match=r"latin1\.csv: not valid UTF-8 at byte offset \d+ "
                                           r"\(line 2\); re-encode the file as UTF-8"):
        load_actors(extra=[latin])
    excel = tmp_path / "excel.csv"
    excel.write_bytes(("\ufeff" + HEAD + "Selenskyj,Selenskyj,spelling,person,Ukraine,,German "
                       "spelling\n").replace("\n", "\r\n").encode())
    reg = load_actors(extra=[excel])
    assert reg.set_index("alias").loc["Selenskyj"].tolist() == [
        "Selenskyj", "spelling", "person", "Ukraine", "", "German spelling", f"{excel}:2"]
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text(HEAD + 'Selenskyj,Selenskyj,spelling,person,Ukraine,,"German spelling\n'
                               "Merkel,Angela Merkel,name,person,Europe,,\n"
                               "Scholz,Olaf Scholz,name,person,Europe,,\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r'unclosed\.csv: line 2: a field opened with " on this '
                                           r"line is never closed \(it would run to the end of "
                                           r"the file, line 4\)"):
        load_actors(extra=[unclosed])
    short = tmp_path / "short.csv"
    short.write_text(HEAD + "Merkel,Angela Merkel,name,person,Europe\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"short\.csv: line 2: 5 fields where the header has 7"):
        load_actors(extra=[short])
    for row, message in [
        ("Selenskyj,Selenskyj,Spelling,person,Ukraine,,",
         r"alias_type='Spelling' for 'Selenskyj' \(did you mean 'spelling'\?\); allowed: name, "
         r"surname, title_name, role, spelling, metonym, demonym"),
        ("Merkel,Angela Merkel,nmae,person,Europe,,", r"alias_type='nmae' .*did you mean 'name'"),
        ("Merkel,Angela Merkel,name,Person,Europe,,", r"kind='Person' .*did you mean 'person'"),
        ("Merkel,Merkel,surname,person,Europe,Sensitive,", r"case='Sensitive' for 'Merkel'; use "
                                                           r"'sensitive'"),
        ("Merkel,Angela\tMerkel,name,person,Europe,,", r"alias 'Angela\\tMerkel' has a tab"),
    ]:
        bad = tmp_path / "bad.csv"
        bad.write_text(HEAD + row + "\n", encoding="utf-8")
        with pytest.raises(LexiconError, match=rf"bad\.csv: line 2: {message}"):
            load_actors(extra=[bad])
    # an empty alias_type is a name; the DataFrame of a user is checked as a file is
    fine = tmp_path / "fine.csv"
    fine.write_text(HEAD + "Merkel,Angela Merkel,,person,Europe,insensitive,\n", encoding="utf-8")
    assert load_actors(extra=[fine]).set_index("alias").loc["Angela Merkel", ["alias_type", "case"]
                                                             ].tolist() == ["name", ""]
    frame = pd.DataFrame({"actor": ["Merkel"], "alias": ["Angela Merkel"], "kind": ["chancellor"],
                          "group": ["Europe"]})
    with pytest.raises(LexiconError, match=r"user:row 1: kind='chancellor' for 'Angela Merkel'"):
        load_actors(extra=[frame])


def test_a_near_miss_of_a_registry_column_is_an_error_other_columns_are_ignored(tmp_path):
    """A column spelt 'Case' or 'alias type' was once dropped without a word: its values were
    lost (every alias case-insensitive, every alias_type 'name')."""
    for header, col, meant in [("actor,alias,alias type,kind,group", "alias type", "alias_type"),
                               ("actor,alias,kind,group,Case", "Case", "case"),
                               ("Actor,alias,kind,group", "Actor", "actor"),
                               ("actor,alias,kind,group,notes", "notes", "note")]:
        bad = tmp_path / "cast.csv"
        row = ",".join({"actor": "Merkel", "alias": "Merkel", "kind": "person", "group": "Europe"}
                       .get(h.casefold(), "surname" if "alias" in h else "sensitive")
                       for h in header.split(","))
        bad.write_text(header + "\n" + row + "\n", encoding="utf-8")
        with pytest.raises(LexiconError, match=(
            rf"cast\.csv: line 1: column '{col}' is not a registry column \(did you mean "
            rf"'{meant}'\?\); rename it: its values would be ignored"
        )):
            load_actors(extra=[bad])
    frame = pd.DataFrame({"actor": ["Merkel"], "alias": ["Merkel"], "kind": ["person"],
                          "group": ["Europe"], "Case": ["sensitive"]})
    with pytest.raises(LexiconError, match=r"user actors DataFrame: column 'Case' .*'case'"):
        load_actors(extra=[frame])
    # 'origin' is framescope's (a file's row and line): a file may not bring its own
    bad.write_text("actor,alias,kind,group,origin\nMerkel,Angela Merkel,person,Europe,x\n",
                   encoding="utf-8")
    with pytest.raises(LexiconError, match=r"cast\.csv: line 1: column 'origin' is reserved"):
        load_actors(extra=[bad])
    # a column of the scholar's own (an id) is read and ignored
    own = tmp_path / "own.csv"
    own.write_text("actor,alias,kind,group,wikidata\nMerkel,Angela Merkel,person,Europe,Q567\n",
                   encoding="utf-8")
    reg = load_actors(extra=[own]).set_index("alias")
    assert reg.loc["Angela Merkel", ["actor", "alias_type"]].tolist() == ["Merkel", "name"]
    assert "wikidata" not in reg.columns


def test_an_alias_given_twice_is_an_error_of_load_actors_and_of_the_report_check(tmp_path):
    """It was only found by the matcher, in the report's kernel, after the up-front check."""
    from analysis.framing import check_parameters
    from tests.conftest import SEEDS

    twice = tmp_path / "dupalias.csv"
    twice.write_text(HEAD + "Selenskyj,Selenskyj,spelling,person,Ukraine,,\n"
                            "Merkel,Selenskyj,name,person,Europe,,\n", encoding="utf-8")
    message = (r"dupalias\.csv:3: alias 'Selenskyj' \(actor Merkel\) is given twice \(also at "
               r".*dupalias\.csv:2, actor Selenskyj\); keep one row per alias")
    with pytest.raises(LexiconError, match=message):
        load_actors(extra=[twice])
    with pytest.raises(LexiconError, match=message):
        check_parameters({"corpus": str(SEEDS), "extra_actors": [str(twice)], "actors": ["Putin"]})
    apostrophes = pd.DataFrame({"actor": ["ONeill", "ONeill"], "alias": ["O’Neill", "O'Neill"],
                                "kind": ["person"] * 2, "group": ["other"] * 2})
    with pytest.raises(LexiconError, match=r"user:row 2: alias \"O'Neill\" .* given twice"):
        load_actors(extra=[apostrophes])
    # as written, two case-sensitive aliases differ
    cases = pd.DataFrame({"actor": ["A", "B"], "alias": ["the Left", "The Left"],
                          "kind": ["group"] * 2, "group": ["other"] * 2,
                          "case": ["sensitive"] * 2})
    assert len(load_actors(extra=[cases], mode="replace")) == 2


def test_extra_actors_may_be_one_path(tmp_path):
    cast = tmp_path / "cast.csv"
    cast.write_text(HEAD + "Lipetsk,Lipetsk region,name,group,Russia,,\n", encoding="utf-8")
    for one in (str(cast), cast):
        assert load_actors(extra=one)["alias"].iloc[-1] == "Lipetsk region"
    from analysis.errors import ParameterError

    with pytest.raises(ParameterError, match=r"extra=7: expected an actor file's path"):
        load_actors(extra=7)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"extra: None \(NoneType\) is not an actor file's path"):
        load_actors(extra=[None])  # type: ignore[list-item]
