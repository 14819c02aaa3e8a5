"""analysis.attribution: reporting clauses (source, cue, content), source types, verb stance,
hedges in whose voice, and the evaluation against the hand-annotated gold."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.attribution import (
    ATTRIBUTION_COLUMNS,
    PATTERNS,
    SOURCE_TYPES,
    STANCES,
    attribution_profile,
    content_agreement,
    evaluate_attributions,
    find_attributions,
    find_hedges,
    hedge_rates,
    mark_voice,
    match_attributions,
    read_gold,
    voice_rates,
)
from analysis.errors import ParameterError
from analysis.kwic import kwic
from analysis.lexicons import lexicon_from_frame, load_lexicon, match_lexicon
from analysis.pipeline import prepare_corpus
from analysis.quotes import find_quotes
from analysis.wordlists import load_word_list
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data"
GOLD = DATA / "attribution_gold.csv"


@pytest.fixture(scope="module")
def seed_attr(seeds) -> pd.DataFrame:
    return find_attributions(seeds.sentences, documents=seeds.documents)


@pytest.fixture(scope="module")
def cases():
    return prepare_corpus(DATA / "attribution_cases")


@pytest.fixture(scope="module")
def case_attr(cases) -> pd.DataFrame:
    return find_attributions(cases.sentences, documents=cases.documents)


def _rows(attr: pd.DataFrame, doc_id: str, sent_id: int) -> list[tuple[str, str, str, str, str]]:
    sel = attr[(attr["doc_id"] == doc_id) & (attr["sent_id"] == sent_id)]
    return list(sel[["source", "cue", "source_type", "verb_stance", "pattern"]].itertuples(index=False, name=None))


# --------------------------------------------------------------------------------------------
# the checks of the issue, on the seeds


def test_004_has_anonymous_and_distancing_attributions_003_has_none(seed_attr):
    a004 = seed_attr[seed_attr["doc_id"] == "004"]
    assert ("western security officials", "Citing", "anonymous", "neutral", "citing") in _rows(seed_attr, "004", 6)
    assert ("", "it’s been claimed", "vague", "distancing", "agentless") in _rows(seed_attr, "004", 5)
    assert set(a004.loc[a004["source_type"] == "anonymous", "source"]) == {
        "western security officials", "French officials"}
    a003 = seed_attr[seed_attr["doc_id"] == "003"]
    assert len(a003) > 0
    assert not (a003["source_type"] == "anonymous").any()
    assert not (a003["verb_stance"] == "distancing").any()


def test_attributions_per_seed_document(seed_attr):
    # counted by reading the texts (tests/data/attribution_gold.csv); 003's fifth, "to sayany",
    # is glued by scraping and not found
    assert seed_attr.groupby("doc_id").size().to_dict() == {"000": 19, "001": 9, "002": 2, "003": 4, "004": 11}


def test_constructions_on_the_seeds(seed_attr):
    assert _rows(seed_attr, "000", 0) == [
        ("French President Emmanuel Macron", "said", "named_person", "neutral", "source_verb"),
        ("French President Emmanuel Macron", "urged", "named_person", "neutral", "coordinated"),
    ]
    assert _rows(seed_attr, "000", 4) == [
        ("White House press secretary Karoline Leavitt", "posted", "named_person", "neutral", "content_source_verb")]
    assert _rows(seed_attr, "000", 5) == [
        ("a US official", "said", "anonymous", "neutral", "content_source_verb"),
        ("Ukrainian President Volodymyr Zelensky", "said", "named_person", "neutral", "source_verb"),
    ]
    assert _rows(seed_attr, "000", 10) == [("reports", "according to", "vague", "none", "according_to")]
    assert _rows(seed_attr, "000", 11)[0][0] == "Sir Keir Starmer, the Prime Minister"  # apposition
    assert _rows(seed_attr, "000", 12) == [("his spokesman", "confirmed", "named_person", "endorsing", "source_verb")]
    assert [r[1:] for r in _rows(seed_attr, "000", 23)] == [
        ("concluded", "named_person", "neutral", "content_source_verb"),
        ("adding", "named_person", "neutral", "participle"),
    ]
    assert _rows(seed_attr, "001", 9) == [("Starmer", "said", "named_person", "neutral", "verb_source")]
    assert _rows(seed_attr, "004", 7) == [
        ("Putin", "demanded", "named_person", "neutral", "source_verb"),
        ("Bloomberg", "reports", "named_institution", "neutral", "content_source_verb"),
    ]
    assert _rows(seed_attr, "004", 19) == [
        ("Russia’s defence ministry", "said", "named_institution", "neutral", "source_verb")]


def test_pronouns_and_possessive_roles_resolve_to_the_previous_sentence(seed_attr):
    def speaker(doc, sent):
        row = seed_attr[(seed_attr["doc_id"] == doc) & (seed_attr["sent_id"] == sent)].iloc[0]
        return row["source"], row["speaker_actor"], row["speaker_group"], row["speaker_resolution"]

    assert speaker("000", 9) == ("His spokesman", "Driscoll", "US", "role_previous_sentence")
    assert speaker("000", 12) == ("his spokesman", "Starmer", "Europe", "role_previous_sentence")
    assert speaker("001", 4) == ("he", "Witkoff", "US", "pronoun_previous_sentence")
    assert speaker("003", 17) == ("He", "Trump", "US", "pronoun_previous_sentence")  # "He also said"
    assert speaker("000", 23) == ("the EU chief", "von der Leyen", "Europe", "explicit")


def test_offsets_point_into_the_cleaned_text_and_kwic_shows_them(seeds, seed_attr):
    texts = dict(zip(seeds.documents["doc_id"], seeds.documents["text"], strict=True))
    for r in seed_attr.itertuples():
        text = texts[r.doc_id]
        assert text[r.cue_start:r.cue_end] == r.cue
        assert text[r.source_start:r.source_end] == r.source
        assert r.start <= r.cue_start and r.cue_end <= r.end
        assert r.content_start <= r.content_end
    assert list(seed_attr.columns) == ATTRIBUTION_COLUMNS
    assert set(seed_attr["source_type"]) <= set(SOURCE_TYPES)
    assert set(seed_attr["verb_stance"]) <= set(STANCES)
    assert set(seed_attr["pattern"]) <= set(PATTERNS)
    k = kwic(seeds.sentences, seed_attr[seed_attr["source_type"] == "anonymous"])
    assert k["match"].tolist()[0].startswith("Ukraine has agreed")  # 000: "…, a US official said"
    assert k["match"].tolist()[0].endswith("a US official said")


def test_content_spans(seeds, seed_attr):
    texts = dict(zip(seeds.documents["doc_id"], seeds.documents["text"], strict=True))

    def content(doc, sent, cue):
        r = seed_attr[(seed_attr["doc_id"] == doc) & (seed_attr["sent_id"] == sent) & (seed_attr["cue"] == cue)].iloc[0]
        return texts[doc][r.content_start:r.content_end]

    assert content("000", 0, "said") == ("peace talks aimed at ending the war in Ukraine are at a “crucial "
                                         "juncture”")
    assert content("000", 5, "said") == "Ukraine has agreed to the US proposal to end the war with Russia with only “minor details” outstanding"
    assert content("004", 6, "Citing").startswith("the feeling is that “there is no indication")
    # ", but …" goes back to the outlet's own voice
    assert content("002", 13, "said") == "Washington had offered security guarantees for 15 years"


# --------------------------------------------------------------------------------------------
# hard cases (tests/data/attribution_cases)


def test_inversion_according_to_and_agentless_forms(case_attr):
    assert _rows(case_attr, "c01", 0) == [("a senior EU diplomat", "said", "anonymous", "neutral", "verb_source")]
    assert _rows(case_attr, "c01", 1) == [("reports", "according to", "vague", "none", "according_to")]
    assert _rows(case_attr, "c01", 2) == [("the Kremlin", "According to", "named_institution", "none", "according_to")]
    assert _rows(case_attr, "c01", 3) == [("", "It is understood", "vague", "neutral", "agentless")]
    assert _rows(case_attr, "c01", 4) == [("", "is said to", "vague", "neutral", "agentless")]
    assert _rows(case_attr, "c01", 5) == [("", "It's been claimed", "vague", "distancing", "agentless")]
    assert _rows(case_attr, "c01", 6) == [("Reports", "suggest", "vague", "neutral", "source_verb")]
    assert _rows(case_attr, "c01", 8) == [("Moscow", "says", "named_institution", "neutral", "verb_source")]


def test_hearsay_adverbs_are_agentless_attributions_and_hedges():
    # codebook S4: "X reportedly did Y" is "it is reported that X did Y", a claim with no
    # source; the adverb takes the stance of its participle (reported, alleged), and it stays
    # a hedge on someone else's claim
    s = _sentences(
        "Trump is reportedly furious with his envoy over the deadlock.",
        "Zelensky has reportedly rejected the plan.",
        "The minister allegedly told aides that the report was rubbish.",
        "Reportedly, the two men did not speak.",
        "The supposedly independent inquiry found no wrongdoing.",
        "The alleged plot was foiled.",
    )
    out = find_attributions(s)
    got = out[["sent_id", "source", "cue", "source_type", "verb_stance", "pattern"]].values.tolist()
    assert got == [
        [0, "", "reportedly", "vague", "neutral", "agentless"],
        [1, "", "reportedly", "vague", "neutral", "agentless"],
        [1, "Zelensky", "rejected", "named_person", "neutral", "source_verb"],
        [2, "", "allegedly", "vague", "distancing", "agentless"],
        [2, "The minister", "told", "named_person", "neutral", "source_verb"],
        [3, "", "Reportedly", "vague", "neutral", "agentless"],
    ]
    hedges = find_hedges(s, attributions=out, quotes=find_quotes(s, attributions=out))
    assert hedges[["sent_id", "match", "category", "voice"]].values.tolist() == [
        [0, "reportedly", "agentless_attribution", "attributed"],
        [1, "reportedly", "agentless_attribution", "attributed"],
        [2, "allegedly", "agentless_attribution", "attributed"],
        [3, "Reportedly", "agentless_attribution", "attributed"],
        [4, "supposedly", "distancing_hedge", "attributed"],
    ]


def test_groups_by_a_plain_plural_parties_and_a_bodys_people():
    # a capitalised plural that only opens the sentence is a group, not a name (Brill's
    # lexicon, shipped with TextBlob, knows "farmers" as a plural noun and not "harris"); a
    # party speaking as a body is an institution, its MP a person
    out = find_attributions(_sentences(
        "Farmers warned that prices would rise.",
        "Ministers insisted that the plan was fair.",
        "Harris said the fees were fair.",
        "Critics say the plan is flawed.",
        "Local residents said the water was unsafe.",
        "Democrats said the bill was dead.",
        "Labour MP Jane Doe said it was a disgrace.",
        "Labour backbenchers warned that the deal was bad.",
        "Labour's Jane Doe said it was a disgrace.",
        "Germany's Deutsche Bank said the risk was small.",
        "Prices rose, as markets feared a cut.",
    ))
    got = out[["sent_id", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "Farmers", "anonymous"],
        [1, "Ministers", "anonymous"],
        [2, "Harris", "named_person"],
        [3, "Critics", "vague"],
        [4, "Local residents", "anonymous"],  # a plain verb of saying needs no "that"
        [5, "Democrats", "named_institution"],
        [6, "Labour MP Jane Doe", "named_person"],
        [7, "Labour backbenchers", "anonymous"],
        [8, "Labour's Jane Doe", "named_person"],
        [9, "Germany's Deutsche Bank", "named_institution"],
    ]


def test_heldout4_spans_times_titles_and_written_texts():
    """Constructions heldout4's blind run got wrong, each on a sentence of its own."""
    s = _sentences(
        # a name with its prepositional phrase before an apposition
        "Rep. Ann Lee of Ohio, the panel’s senior Democrat, said the rule would fail.",
        # a closing apposition after an inverted source keeps its relative clause
        "“It is over,” said Dr. Tom Hale, a virologist at Leeds University who advised the inquiry.",
        "“We will appeal,” said Rep. Jo Park, a Republican from Utah who chairs the panel.",
        # a time between the source and its verb is no part of the source
        "The federation last night rejected the offer.",
        "Minister Ruth Odum on Tuesday insisted that the figures were right.",
        # lower-case words inside a title before a name
        "Labour health spokesman Dan Ruiz said the cuts were cruel.",
        "Board chairperson Ida Moss said the vote was fair.",
        # a verb of writing whose object is the text written is no attribution
        "Ms Lee, who wrote the law, said it had worked.",
        "He wrote a letter to the mayor last year.",
        "He wrote in the Times that the deal was dead.",
    )
    out = find_attributions(s)
    got = out[["sent_id", "source", "cue"]].values.tolist()
    assert got == [
        [0, "Rep. Ann Lee of Ohio, the panel’s senior Democrat", "said"],
        [1, "Dr. Tom Hale, a virologist at Leeds University who advised the inquiry", "said"],
        [2, "Rep. Jo Park, a Republican from Utah who chairs the panel", "said"],
        [3, "The federation", "rejected"],
        [4, "Minister Ruth Odum", "insisted"],
        [5, "Labour health spokesman Dan Ruiz", "said"],
        [6, "Board chairperson Ida Moss", "said"],
        [7, "Ms Lee", "said"],
        [9, "He", "wrote"],
    ]


def test_heldout4_coordinated_names_issuers_and_coordinated_verbs():
    """More of heldout4's blind misses, on sentences of their own."""
    s = _sentences(
        # "and" between names: one source, or one name
        "Spain and Portugal said the plan was unfair.",
        "The Food and Drug Administration said the drug was safe.",
        "The United Kingdom and the European Union issued a statement urging calm.",
        # a verb after "but"/"and" once a clause with a copula has ended
        "The minister confirmed the letter was real but said it was old.",
        "The plans have been put forward and rejected by Kyiv.",
        # participles after a verb that is no reporting clause, after "But"
        "But Mr Ode hit back, insisting the deal was fair and accusing critics of spite.",
        # a reporting verb inside another clause's source describes the speaker
        "“We are ready,” said Dr. Eva Lund, a chemist at Oslo University who advised the panel.",
        # a verb of saying is no noun after a determiner ("the talks said")
        "Aides familiar with the talks said Leader Tom Ash had told colleagues he would quit.",
    )
    out = find_attributions(s)
    got = out[["sent_id", "source", "cue", "source_type"]].values.tolist()
    assert got == [
        [0, "Spain and Portugal", "said", "named_institution"],
        [1, "The Food and Drug Administration", "said", "named_institution"],
        [2, "The United Kingdom and the European Union", "urging", "named_institution"],
        [3, "The minister", "confirmed", "named_person"],
        [3, "The minister", "said", "named_person"],
        [5, "Mr Ode", "insisting", "named_person"],
        [5, "Mr Ode", "accusing", "named_person"],
        [6, "Dr. Eva Lund, a chemist at Oslo University who advised the panel", "said", "named_person"],
        [7, "Aides familiar with the talks", "said", "anonymous"],
        [7, "Leader Tom Ash", "told", "named_person"],
    ]


def test_heldout4_bodies_documents_and_members():
    """heldout4's blind type and span misses, on sentences of their own: bodies named by an
    apposition, documents as sources, roles, members of a named body."""
    s = _sentences(
        "Vantor Labs, the Boston company behind the Echo app, said it would comply.",
        "Senate Finance Committee Chair Ruth Abel told reporters the vote would slip.",
        "The union boss said the offer was an insult.",
        "The main opposition alliance rejected the result.",
        "Opposition MPs said the count was rigged.",
        "According to the constitution, the court must rule within 14 days.",
        "The draft memo, dated May 2 and addressed to the board, says the plan is weak.",
        "Governor Ann Dix, who took office in 2023 and has since fallen out with the party, has repeatedly called for a recount.",
        "Parent groups, who have backed the strike in the past, warned that schools would close.",
        "According to a confidential report obtained by the Herald, the scheme failed.",
        "A study published in the Lancet last year found that the drug worked.",
        "A letter signed by 40 MPs said the plan was dead.",
        "Ms. Dix’s office said the governor was travelling.",
        "According to economists at Deutsche Bank, rates will fall.",
        "The firm is said to be weighing a bid, according to a person briefed on the talks.",
        "Experts at the WHO warned that cases would rise.",
    )
    out = find_attributions(s)
    got = out[["sent_id", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "Vantor Labs, the Boston company behind the Echo app", "named_institution"],
        [1, "Senate Finance Committee Chair Ruth Abel", "named_person"],
        [2, "The union boss", "named_person"],
        [3, "The main opposition alliance", "named_institution"],
        [4, "Opposition MPs", "anonymous"],
        [5, "the constitution", "named_institution"],
        [6, "The draft memo", "named_institution"],
        [7, "Governor Ann Dix", "named_person"],
        [8, "Parent groups", "anonymous"],
        [9, "a confidential report obtained by the Herald", "named_institution"],
        [10, "A study published in the Lancet", "named_institution"],  # (the time is not)
        [11, "A letter signed by 40 MPs", "named_institution"],
        [12, "Ms. Dix’s office", "named_institution"],
        [13, "economists at Deutsche Bank", "anonymous"],
        [14, "", "vague"],
        [14, "a person briefed on the talks", "anonymous"],
        [15, "Experts at the WHO", "anonymous"],
    ]


def test_heldout5_plural_possessives_bodies_roles_and_contractions():
    """heldout5's blind misses, on sentences of their own: a plural possessive inside a
    source, body nouns (source_cues 1.6.0), lower-case roles before a name (name_modifiers
    1.2.0) and the contracted agentless "it’s claimed" (hedges 2.2.0)."""
    s = _sentences(
        "The Police Officers’ Association, which represents officers, said it had concerns.",
        "The workers’ union said the plan would fail.",
        "The farmers’ leader, Tom Hill, said prices were falling.",
        "The Tories’ housing spokeswoman, Ann Lee, said the plan would fail.",
        "The football federation said it would investigate.",
        "Labour councillor Jo Marsh, who voted against the plan, said it was rushed.",
        "The club boss pocketed a secret payment, it’s claimed.",
        "Voters’ anger, the poll found, was rising.",
    )
    got = find_attributions(s)[["sent_id", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "The Police Officers’ Association", "named_institution"],
        [1, "The workers’ union", "named_institution"],
        [2, "The farmers’ leader, Tom Hill", "named_person"],
        [3, "The Tories’ housing spokeswoman, Ann Lee", "named_person"],
        [4, "The football federation", "named_institution"],
        [5, "Labour councillor Jo Marsh", "named_person"],
        [6, "", "vague"],
    ]  # (no row for a possessive before a parenthetical)


def test_babe_sources_bodies_outlets_polls_and_appositions():
    """The source misses of the BABE sample's tune half (real US news), on sentences of their
    own: universities, stations and outlets named by "News" (source_cues 1.7.0), names joined
    by a slash, polls and investigations as documents, a weekday and a prepositional phrase
    after a document, a body's apposition with a post-modifier, a plural after a lower-case
    source word."""
    s = _sentences(
        "Yale University said on Monday that classes would stay online.",
        "Channel 4 News reported that the minister had resigned.",
        "The bridge was closed, regional radio station Kappa 9 News reported.",
        "Turnout will fall, according to a Gallup/Knight survey published on Monday.",
        "Costs are rising, according to a CBS News/YouGov poll released on Friday.",
        "Waste was rife, according to an investigation by the Tampa Bay Times.",
        "The aide was fired, according to a report Sunday in the Washington Post.",
        "Vimeo, a video platform especially popular with artists, says it will drop the ads.",
        "According to local activists who organised the march, the police were absent.",
    )
    got = find_attributions(s)[["sent_id", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "Yale University", "named_institution"],
        [1, "Channel 4 News", "named_institution"],
        [2, "station Kappa 9 News", "named_institution"],
        [3, "a Gallup/Knight survey", "named_institution"],
        [4, "a CBS News/YouGov poll", "named_institution"],
        [5, "an investigation by the Tampa Bay Times", "named_institution"],
        [6, "a report Sunday in the Washington Post", "named_institution"],
        [7, "Vimeo, a video platform especially popular with artists", "named_institution"],
        [8, "local activists", "vague"],
    ]


def test_babe_cues_roles_time_spans_participles_and_relative_clauses():
    """The cue misses of the BABE sample's tune half, on sentences of their own: a
    parenthetical that opens with a role and no article, a span of time and an auxiliary
    between source and verb, a source's "across" phrase, a participle of speaking after "by",
    "after" or "while", an apposition source after a subordinating conjunction, "rights
    groups" in a relative clause, a movement as a body (source_cues 1.7.0), people named by a
    plural noun with a prepositional phrase opening the sentence."""
    s = _sentences(
        "Ann Lee, vice president of services for the Hope Clinic, explained that demand was up.",
        "Tom Park, founder of the group, said it would close.",
        "Parents for decades have called for smaller classes.",
        "Teachers across the state have called for a pay rise.",
        "The mayor defended the cuts by arguing that the city was broke.",
        "The minister resigned after saying the plan had failed.",
        "Lee quit after The Clarion, the campus newspaper, reported she had lied.",
        "The law sets a curfew, which rights groups say is cruel.",
        "The peace movement has called for talks.",
        "Zelensky, visibly tired, said the war would go on.",
        "He won the vote by calling an early election.",
        "Residents of the town said the water was unsafe.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "explained", "Ann Lee, vice president of services for the Hope Clinic", "named_person"],
        [1, "said", "Tom Park, founder of the group", "named_person"],
        [2, "called for", "Parents", "anonymous"],
        [3, "called for", "Teachers across the state", "anonymous"],
        [4, "arguing", "The mayor", "named_person"],
        [5, "saying", "The minister", "named_person"],
        [6, "reported", "The Clarion, the campus newspaper", "named_institution"],
        [7, "say", "rights groups", "anonymous"],
        [8, "called for", "The peace movement", "named_institution"],
        [11, "said", "Residents of the town", "anonymous"],
    ]  # (an adverb is no parenthetical source; "calling an election" reports nothing)


def test_babe_false_attributions_passives_evidence_and_titles():
    """The false attributions and quote kinds of the BABE sample's tune half, on sentences of
    their own: "added to" a thing, "TV shows to", a passive "threatened by", an appointment
    "confirmed by the Senate", a reduced passive whose agent is the source ("a claim questioned
    by some of her rivals"; "two of the judges"), a verb of evidence inside another source's
    claim (the quote after it is that source's), and titles with the comma inside the marks."""
    s = _sentences(
        "The verdict has added to the anger among residents.",
        "The group is using one of his favorite TV shows to spread the message.",
        "Its values are seen as threatened by extremism.",
        "She would be the first Black woman confirmed by the Senate to the post.",
        "He says the tax will raise $3 billion, a figure disputed by some of his rivals.",
        "The ban is lawful, according to two of the judges.",
        "She said the mayor’s silence shows he “does not care about the poor.”",
        "Speaking on NBC's “Meet the Press,” the senator said the vote would pass.",
        "The star of the BBC comedy “Fleabag,” she hosted the awards.",
        "“It is over,” he added to the crowd.",
        "A new poll shows that support is rising.",
    )
    attr = find_attributions(s)
    got = attr[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [4, "says", "He", "named_person"],
        [4, "disputed", "some of his rivals", "anonymous"],
        [5, "according to", "two of the judges", "anonymous"],
        [6, "said", "She", "named_person"],
        [7, "said", "the senator", "named_person"],
        [9, "added", "he", "named_person"],
        [10, "shows", "A new poll", "named_institution"],
    ]
    quotes = find_quotes(s, attributions=attr)
    assert quotes[["sent_id", "kind", "speaker"]].values.tolist() == [
        [6, "speech", "She"],
        [7, "name_or_title", ""],
        [8, "name_or_title", ""],
        [9, "speech", "he"],
    ]


def test_babe_progressives_feelings_and_described_sources():
    """More of the BABE sample's tune-half misses, on sentences of their own: progressives
    ("is urging"; not the adjective "is demanding", nor "is claiming damages", nor "it is
    telling that"), a feeling stated about a proposition ("expressed concern that";
    reporting_verbs 1.7.0), "Some people" as a vague source, a who-clause source before a
    participle phrase, typed by its head, and "is saying nothing"."""
    s = _sentences(
        "A veterans' group is urging voters to reject the plan.",
        "Moscow has been insisting that the talks are over.",
        "The job is demanding and the pay is low.",
        "It is telling that nobody came.",
        "The firm is claiming damages.",
        "Some people have expressed concern that the plan could reward the rich.",
        "Officials raised concerns about the plan.",
        "The man who would give his name only as Ivan, citing fear of reprisals, says he fled.",
        "He is saying nothing.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "urging", "A veterans' group", "anonymous"],
        [1, "insisting", "Moscow", "named_institution"],
        [5, "expressed concern that", "Some people", "vague"],
        [7, "says", "The man who would give his name only as Ivan", "anonymous"],
    ]


def test_babe_asides_surnames_and_estimates():
    """The BABE sample's tune half, last misses: a coordinated verb after a clause inside
    dashes (the dashes' clause is no subject, nor does its "be" make a passive), a capitalised
    first word that is also an adverb ("Long argued": the subject), and estimates before a
    clause (reporting_verbs 1.7.0; not the nouns and the adjective)."""
    s = _sentences(
        "Lee praised the “rebate”—which critics noted would have to be repaid—but said it would stay.",
        "Long argued the hypocrisy of the rich has moved the debate.",
        "The senator estimates her plan will cost $2 trillion.",
        "Analysts estimated that the deal was worth $5bn.",
        "An estimated 300 people died.",
        "The cost was estimated at $5bn.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "praised", "Lee", "named_person"],
        [0, "noted", "critics", "vague"],
        [0, "said", "Lee", "named_person"],
        [1, "argued", "Long", "named_person"],
        [2, "estimates", "The senator", "named_person"],
        [3, "estimated", "Analysts", "vague"],
    ]


def test_which_before_a_verb_and_titled_texts():
    """A body's or text's "which" right before its verb is the body ("according to the
    electoral commission, which said it had recounted"), not a plan's "which said nothing", nor
    a clause's; a title between a text and its verb is part of the source ("A report by the
    UN, titled “Running on Empty”, warned")."""
    s = _sentences(
        "The claim is false, according to the electoral commission, which said it had recounted.",
        "The vote was delayed by the board, which also warned that funds were short.",
        "He backed the plan, which said nothing about taxes.",
        "The bill passed, which shows the mood has changed.",
        "A report by the UN, titled “Running on Empty”, warned that pledges were weak.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "according to", "the electoral commission", "named_institution"],
        [0, "said", "the electoral commission", "named_institution"],
        [1, "warned", "the board", "named_institution"],
        [4, "warned", "A report by the UN, titled “Running on Empty”", "named_institution"],
    ]


def test_review_of_the_babe_rules():
    """A helper's review of the BABE rules on 598 new sentences (191 better, 57 worse): the
    regressions, mended. A legislature's confirmation only when it is the whole agent, a verb
    of evidence dropped only inside another source's claim (not in the outlet's clause after
    ", and", ", but", ";"), "added to" a person with a that-clause or a quote, a participle
    after "by" inside someone's reported clause (not theirs), gerunds after an abstract subject,
    events that "raised fears that", conditionals, agents that are means ("by email"), a main
    verb after the agent, titles vs speech after "told the show"."""
    s = _sentences(
        "The news was confirmed by the Senate majority leader's office.",
        "The mayor said the budget was balanced, but the audit showed a £2m gap.",
        "She added to the committee that she had no regrets.",
        "The ruling added to the growing sense that the government has lost control.",
        "Police said the man had escaped after telling guards he was ill.",
        "The key is asking the right questions, the coach said.",
        "The news raised hopes that a deal was near.",
        "If Labour, the main opposition party, says no, the bill will fail.",
        "A settlement announced by email on Friday ended the dispute.",
        "A route recommended by the council avoids the town centre.",
        "The star told the show “I was terrified,” before breaking down.",
        "A deal announced by both sides on Friday ends the strike.",
        "The row began when Jones, the club captain, called the referee “a disgrace.”",
        "Shares fell when Nvidia, the chipmaker, reports results next week.",
        "The network cancelled two shows to save money.",
        "The minister added to the confusion by saying the rules had not changed.",
    )
    attr = find_attributions(s)
    got = attr[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "confirmed", "the Senate majority leader's office", "named_institution"],
        [1, "said", "The mayor", "named_person"],
        [1, "showed", "the audit", "named_institution"],
        [2, "added", "She", "named_person"],
        [4, "said", "Police", "named_institution"],
        [5, "said", "the coach", "anonymous"],
        [9, "recommended", "the council", "named_institution"],
        [10, "told", "The star", "anonymous"],
        [11, "announced", "both sides", "anonymous"],
        [12, "called", "Jones, the club captain", "named_person"],
        [13, "reports", "Nvidia, the chipmaker", "named_person"],  # (the reviewers disagree)
        [15, "saying", "The minister", "named_person"],
    ]
    quotes = find_quotes(s, attributions=attr)
    assert quotes[["sent_id", "kind", "speaker"]].values.tolist() == [
        [10, "speech", "The star"], [12, "speech", "Jones, the club captain"],
    ]


def test_babe_second_batch_long_phrases_adverbs_and_compounds():
    """The second tune batch of the BABE sample, on sentences of their own: a source with four
    modifiers before its head, a sentence adverb before the subject ("Finally, he …,
    suggesting"), "is claiming he …", a cue inside a compound ("life-threatening"), giants and
    campaigns as bodies (source_cues 1.7.0)."""
    s = _sentences(
        "Critics of the state refugee resettlement program warn that costs will rise.",
        "Finally, he turned to the budget, suggesting that nothing had been done.",
        "The senator is claiming he was never told.",
        "After a life-threatening illness, she returned to work.",
        "The tech giant said it would appeal.",
        "Her campaign confirmed the news.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "warn", "Critics of the state refugee resettlement program", "vague"],
        [1, "suggesting", "he", "named_person"],
        [2, "claiming", "The senator", "named_person"],
        [4, "said", "The tech giant", "named_institution"],
        [5, "confirmed", "Her campaign", "named_institution"],
    ]


def test_babe_evaluative_verbs_and_participle_asides():
    """Evaluative speech acts the BABE annotators marked (reporting_verbs 1.7.0: touted,
    denounced, lambasted, ridiculed, mocked, decried, scoffed; not "derided", which heldout3's
    annotator left without a row before a phrase), and any participle phrase between a source
    and its verb ("Harris, vying to be …, slammed")."""
    s = _sentences(
        "Sen. Ann Cole, vying to be the first woman to lead the party, slammed the plan.",
        "The governor touted how the new law had cut crime.",
        "The expert scoffed at a promise that the mayor made.",
        "Opposition leaders denounced the decree.",
        "Officials, including the minister, said the plan was dead.",
        "The deal, angering unions, went ahead.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "slammed", "Sen. Ann Cole", "named_person"],
        [1, "touted", "The governor", "named_person"],
        [2, "scoffed", "The expert", "anonymous"],
        [3, "denounced", "Opposition leaders", "anonymous"],
        [4, "said", "Officials, including the minister", "anonymous"],
    ]


def test_second_review_of_the_babe_rules():
    """A second helper review (433 new sentences: 116 better, 30 worse), mended: an opening
    participle phrase's adverb is no subject (only the surname-like "Long" is), "is saying
    nothing publicly" is a state, nouns are no estimates, a legislature followed by a time or
    a vote count confirms an appointment, "added to" a thing reads only its own clause, bare
    plural agents speak ("disputed by witnesses"), a body's members ("company executives"),
    described people ("Some people who attended"), a role's -ing modifier is no participle
    clause ("managing director"), and a body head decides over a vague modifier."""
    s = _sentences(
        "Initially reported as a gas leak, the blast was later blamed on a bomb.",
        "Downing Street is saying nothing publicly, but aides are furious.",
        "Official estimates suggest the toll could rise further.",
        "The envoy was confirmed by the Senate late on Wednesday by 51 votes to 47.",
        "The deal was confirmed by Senate Majority Leader Chuck Schumer on Tuesday.",
        "The blaze added to the hardship of tenants, who told reporters: “We have lost it all.”",
        "A version of events disputed by witnesses was published.",
        "According to company executives, the merger will save money.",
        "Some people who attended the rally said police used pepper spray.",
        "Claire Dunn, managing director of the bus company, admitted that services were poor.",
        "The social media giant said it would appeal the ruling.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [4, "confirmed", "Senate Majority Leader Chuck Schumer", "named_person"],
        [6, "disputed", "witnesses", "vague"],
        [7, "According to", "company executives", "anonymous"],
        [8, "said", "Some people", "anonymous"],
        [9, "admitted", "Claire Dunn, managing director of the bus company", "named_person"],
        [10, "said", "The social media giant", "named_institution"],
    ]  # (5: the tenants' "told" is missed, as before)


def test_third_review_participle_asides_and_roles():
    """A third review (214 new sentences on b148c8d: 30 better, 23 worse): 22 of the worse were
    participle asides lost to a list of role-like -ing words; only "managing" is left out
    of them now (its role is read as a parenthetical, whole)."""
    s = _sentences(
        "Sarah Cole, founding partner of the firm, told the Financial Times the fund would close.",
        "The senator, visiting troops in Poland, insisted that support would not waver.",
        "Kate Ryan, incoming president of the union, said members were angry.",
        "Claire Dunn, managing director of Atlas Freight, said rates would rise.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "told", "Sarah Cole", "named_person"],
        [1, "insisted", "The senator", "named_person"],
        [2, "said", "Kate Ryan", "named_person"],
        [3, "said", "Claire Dunn, managing director of Atlas Freight", "named_person"],
    ]


def test_evidence_plurals_show_and_unknown_plurals_with_a_phrase():
    """"show" after a plural noun of texts or figures ("Polls show", ", court records show,";
    reporting_verbs 1.8.0, with those plurals as documents in source_cues 1.8.0), not the noun
    or the infinitive; a plural the lexicons do not know heads its prepositional phrase
    ("Senior figures in the party said": not "the party"), but not a name before a comma
    ("in Paris, with French officials indicating")."""
    s = _sentences(
        "Polls show the transgender ideology is deeply unpopular.",
        "By the time he was fired, court records show, he had drawn 23 complaints.",
        "Biden wants to show that he can win.",
        "The stars of the show said they were tired.",
        "Senior figures in the party said he should go.",
        "Troops will meet in Paris, with French officials indicating 30 countries could join.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "show", "Polls", "named_institution"],
        [1, "show", "court records", "named_institution"],
        [3, "said", "The stars of the show", "anonymous"],
        [4, "said", "Senior figures in the party", "anonymous"],
        [5, "indicating", "French officials", "anonymous"],
    ]


def test_dotted_abbreviations_in_sources_and_lamented():
    """US news writes "U.S." and "U.N.": the tokenizer gives "U.S" and ".", and that point is
    part of the word, not punctuation that ends the source ("A U.S. official, speaking on
    condition of anonymity, confirmed" had no row, "the U.N. said" neither); "lamented"
    (reporting_verbs 1.8.0)."""
    s = _sentences(
        "A U.S. official, speaking on condition of anonymity, confirmed that talks were held.",
        "Russia killed civilians in Syria last year, U.N. investigators said on Monday.",
        "The strikes may amount to war crimes, the U.N. said.",
        "He moved to the U.S. He said it was great.",
        "Senator Banks lamented that China had become a partisan issue.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "confirmed", "A U.S. official", "anonymous"],
        [1, "said", "U.N. investigators", "anonymous"],
        [2, "said", "the U.N.", "named_institution"],
        [3, "said", "He", "named_person"],
        [4, "lamented", "Senator Banks", "named_person"],
    ]


def test_fifth_babe_batch_adjectives_reduced_relatives_and_singular_heads():
    """The fifth BABE batch: a participle after a count is an adjective ("15 confirmed
    cases"), one after a preposition's object and before a time a reduced relative ("a social
    justice initiative announced last summer"); a singular head after the determiner that
    opens the clause takes its prepositional phrase ("The mother of the victim announced")."""
    s = _sentences(
        "When America had only 15 confirmed coronavirus cases the number would fall.",
        "Two confirmed the report.",
        "They teamed up as part of a social justice initiative announced last summer.",
        "The mother of the victim announced on Monday that she would sue.",
        "He spoke of a plan announced on Monday that would cut taxes.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [1, "confirmed", "Two", "anonymous"],
        [3, "announced", "The mother of the victim", "anonymous"],
        [4, "announced", "a plan", "anonymous"],  # (a relative "that": left as it was)
    ]


def test_review_of_the_fifth_batch_rules():
    """A helper's review of this session's rules (385 new sentences: 117 better, 16 worse),
    mended: "show up" is a phrasal verb; an abbreviation's point before a capitalised function
    word or plural ends the sentence ("in the U.K. Analysts said"), not before a name ("J.D.
    Simkins"); the month "May" is no modal that opens a clause after an amount ("added 200,000
    jobs in May, the … said"); "lament" only before "that", a colon, a quote
    or the end, or after a quote or a comma (reporting_verbs 1.8.0); only participles that
    modify counted nouns are adjectives after a count ("Two warned ministers that" speaks)."""
    s = _sentences(
        "Polls show up in every campaign email these days.",
        "The company is based in the U.K. Analysts said its shares were undervalued.",
        "Washington Post reporter J.D. Simkins said the account was false.",
        "The U.S. economy added 200,000 jobs in May, the Labor Department said.",
        "Business leaders lamented the lack of clarity.",
        "“It is a tragedy,” she lamented.",
        "Two warned ministers that the plan would fail.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [1, "said", "Analysts", "vague"],
        [2, "said", "J.D. Simkins", "named_person"],
        [3, "said", "the Labor Department", "named_institution"],
        [5, "lamented", "she", "named_person"],
        [6, "warned", "Two", "anonymous"],
    ]


def test_prepositional_aside_between_source_and_verb():
    """A prepositional phrase in commas that says where or when the source spoke does not hide
    it ("The committee, in a report released Monday, said" had no row); the source is without
    the phrase, and a passive or a later source is left as it was."""
    s = _sentences(
        "The committee, in a report released Monday, said the agency had failed.",
        "The minister, in an interview with the BBC, insisted that the plan was sound.",
        "Trump, on Twitter, has claimed the vote was rigged.",
        "The deal, on Monday, was announced by the EU.",
        "The bill, in its current form, would cut taxes, officials said.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "said", "The committee", "named_institution"],
        [1, "insisted", "The minister", "named_person"],
        [2, "claimed", "Trump", "named_person"],
        [3, "announced", "the EU", "named_institution"],
        [4, "said", "officials", "anonymous"],
    ]


def test_aside_of_comparison_or_circumstance_between_source_and_verb():
    """", like her rivals," and ", for his part," hide no source either (no row before), and
    an aside of circumstance is no apposition of the source ("The minister, after a meeting
    with the unions" was the source)."""
    s = _sentences(
        "Harris, like her Democrat competitors at the time, signaled that she supports the plan.",
        "Putin, for his part, said the war would go on.",
        "The minister, after a meeting with the unions, said the strike was over.",
        "The prices, unlike the wages, rose sharply, analysts said.",
    )
    got = find_attributions(s)[["sent_id", "cue", "source"]].values.tolist()
    assert got == [
        [0, "signaled", "Harris"],
        [1, "said", "Putin"],
        [2, "said", "The minister"],
        [3, "said", "analysts"],
    ]


def test_heldout5_participles_questions_ages_and_roles():
    """More of heldout5's blind misses, on sentences of their own: a participle after a text
    ("in a statement posted on its website"), a negated verb of saying before a question word,
    an age after an inverted source, a role's prepositional phrase, "put it" with a phrase of
    where or when."""
    s = _sentences(
        "The ministry said in a statement posted on its website that it would retaliate.",
        "A statement posted on its website said the firm would appeal.",
        "The officials did not say when the investigations might begin.",
        "She declined to say how much it cost.",
        "“It is wrong,” said Tom Hill, 54, who farms nearby.",
        "“It is wrong,” said Tom Hill, 2,000 times.",
        "The plan fails, the prison ombudsman for England and Wales has said.",
        "The answer, as the minister put it in an interview on Monday, is that “nobody pays”.",
        "He put it in the drawer, “just in case,” he said.",
        "Local MP Jane Hill has written to Housing Secretary Ann Lee asking her to act.",
    )
    got = find_attributions(s)[["sent_id", "source", "cue", "source_type"]].values.tolist()
    assert got == [
        [0, "The ministry", "said", "named_institution"],
        [1, "A statement posted on its website", "said", "named_institution"],
        [4, "Tom Hill, 54", "said", "named_person"],
        [5, "Tom Hill", "said", "named_person"],
        [6, "the prison ombudsman for England and Wales", "said", "named_person"],
        [7, "the minister", "put it", "named_person"],
        [8, "he", "said", "named_person"],
        [9, "Local MP Jane Hill", "asking", "named_person"],  # not the addressee
    ]


def test_heldout5_documents_companies_groups_and_topics():
    """The last of heldout5's general misses, on sentences of their own: data and decrees with
    their compiler, a company's last word, "calls on … to", a group around a named person, a
    lower-case plural that promised, a complaint about a topic (no claim)."""
    s = _sentences(
        "According to customs data compiled by the finance ministry, imports rose.",
        "According to documents filed by prosecutors, he lied.",
        "Castlemere Homes said the plan was sound.",
        "The petition calls on Fenbridge District Council to “halt the demolition”.",
        "There were calls on social media to boycott the firm.",
        "Pals of Calloway insisted he had done nothing wrong.",
        "Friends of Europe said the plan was weak.",
        "In September, ministers promised that no household would pay more.",
        "Residents complained about the noise.",
        "Residents complained that the noise was unbearable.",
    )
    got = find_attributions(s)[["sent_id", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "customs data compiled by the finance ministry", "named_institution"],
        [1, "documents filed by prosecutors", "vague"],
        [2, "Castlemere Homes", "named_institution"],
        [3, "The petition", "named_institution"],
        [5, "Pals of Calloway", "anonymous"],
        [6, "Friends of Europe", "named_institution"],
        [7, "ministers", "anonymous"],
        [9, "Residents", "anonymous"],
    ]


def test_review_of_session_8_rules():
    """A review of this session's rules on 414 new sentences (183 better, 20 worse): the
    shapes it found wrong, each mended."""
    s = _sentences(
        "Calls on the government to resign grew louder on Monday.",
        "Fresh calls on ministers to act grew.",
        "The hotline received 300 calls on Monday to report missing pets.",
        "He calls on the phone every Sunday to check on her.",
        "The union calls on members to strike.",
        "Families can claim the payments they are entitled to.",
        "The report warned in its conclusions that ministers had said too little.",
        "Airlines said they would cut fares.",
        "Dozens of homes said to be at risk were evacuated.",
        "Castlemere Homes said the plan was sound.",
        "Passengers on board said the crew had been calm.",
        "A lack of trust said more about the party than its leader.",
        "The league’s chief executive said the match would go ahead.",
        "Unions warned of a “two-tier system”.",
        "The network added 2 million subscribers.",
        "Relatives of the victims said they wanted answers.",
        "Friends of the Earth said the plan was weak.",
        "A researcher at the institute said the data were incomplete.",
        "Everyone on the panel said the film was a masterpiece.",
        "One of the judges said the entry was weak.",
    )
    got = find_attributions(s)[["sent_id", "source", "cue", "source_type"]].values.tolist()
    assert got == [
        [4, "The union", "calls on", "named_institution"],
        [6, "The report", "warned", "named_institution"],
        [7, "Airlines", "said", "anonymous"],  # a plural opening the sentence: no company
        [9, "Castlemere Homes", "said", "named_institution"],
        [10, "Passengers on board", "said", "anonymous"],  # (the people; "board" is no body)
        [12, "The league’s chief executive", "said", "named_person"],
        [13, "Unions", "warned", "anonymous"],
        [15, "Relatives of the victims", "said", "anonymous"],
        [16, "Friends of the Earth", "said", "named_institution"],
        [17, "A researcher at the institute", "said", "anonymous"],  # (was "the institute")
        [18, "Everyone on the panel", "said", "anonymous"],
        [19, "One of the judges", "said", "anonymous"],
    ]


def test_third_review_of_session_8_rules():
    """A review of the last rules (236 new sentences: 72 better, 13 worse), each regression
    mended: "from X" and "with X" keep X as the speaker of a participle, a relative clause
    with its own verb inside a present claim's subject, "calls on" after a one-word name or a
    document, "plc", the people on board, "Friends of Mr X"."""
    s = _sentences(
        "Residents received a message from the council saying bins would not be collected.",
        "The paper published an interview with the mayor saying she would not seek re-election.",
        "Critics argue the plan they unveiled will fail.",
        "Tenants can claim the deposits they were owed.",
        "Amnesty calls on Israel to allow aid into Gaza.",
        "The resolution calls on all parties to respect the ceasefire.",
        "Growing calls on the chancellor to quit were ignored.",
        "Meridian Pharmaceuticals plc said the trial had been halted.",
        "Passengers on board said it was “terrifying”.",
        "A lack of trust said more about the party than its leader.",
        "Friends of Mr Hale said he had been depressed.",
        "A statement posted online that night said the club regretted the decision.",
    )
    got = find_attributions(s)[["sent_id", "source", "cue", "source_type"]].values.tolist()
    assert got == [
        [0, "the council", "saying", "named_institution"],
        [1, "the mayor", "saying", "named_person"],
        [2, "Critics", "argue", "vague"],
        [4, "Amnesty", "calls on", "named_person"],  # (an unknown one-word name)
        [5, "The resolution", "calls on", "named_institution"],
        [7, "Meridian Pharmaceuticals plc", "said", "named_institution"],
        [8, "Passengers on board", "said", "anonymous"],
        [10, "Friends of Mr Hale", "said", "anonymous"],
    ]  # (11: no "posted" row; its "said" is missed, as before the rule)


def test_headline_warnings_and_flags():
    """Headline shapes heldout4 missed: a group after a conjunction without its comma, a
    warning of quoted words or of a plain noun (the gold's guideline: "warned **of a
    recession**"), *flag* before a quote or *that*; not the noun *warning* or *flag*, or other
    senses of the verb."""
    s = _sentences(
        "Senate panel advances AI bill as tech giants warn of ‘innovation tax’",
        "Bill advances as unions warn that it will hurt",
        'Opposition rejects poll result as observers flag "serious irregularities"',
        "The auditor flagged that the accounts were late.",
        "Critics warned of “a power grab” on Monday.",
        "Markets slide as analysts warn of recession",
        "She flagged down a taxi.",
        "Support for the plan flagged as the summer wore on.",
        "Its warning of “chaos” was ignored.",
        "Groups such as unions warned that it would hurt.",
    )
    out = find_attributions(s)
    got = out[["sent_id", "source", "cue", "source_type"]].values.tolist()
    assert got == [
        [0, "tech giants", "warn", "anonymous"],
        [1, "unions", "warn", "anonymous"],
        [2, "Opposition", "rejects", "named_institution"],
        [2, "observers", "flag", "vague"],
        [3, "The auditor", "flagged", "anonymous"],
        [4, "Critics", "warned", "vague"],
        [5, "analysts", "warn", "vague"],
    ]
    text = dict(zip(s["sent_id"], s["text"], strict=True))
    start = dict(zip(s["sent_id"], s["start"], strict=True))
    content = {r.sent_id: text[r.sent_id][r.content_start - start[r.sent_id]:r.content_end - start[r.sent_id]]
               for r in out.itertuples()}
    assert content[0] == "‘innovation tax’" and content[4] == "“a power grab” on Monday"
    assert content[5] == "of recession"  # the preposition kept, as the guideline says


def test_present_tense_verbs_before_a_clause():
    """Analysis pieces put *argue*, *claim*, *predict*, *concede* before a clause with its own
    subject and a finite verb or modal; without one ("argue the case for", "claim
    compensation", "argue about whether") they report no claim."""
    s = _sentences(
        "Critics argue the plan will fail.",
        "Analysts predict the bank will cut rates.",
        "Officials concede the target will be missed.",
        "Both sides claim the island has been theirs for centuries.",
        "Residents claim compensation for the flooding.",
        "Economists argue the case for lower rates.",
        "Voters argue about whether it is fair.",
        "Parents claim the school ignored their complaints.",  # (missed: no auxiliary)
        "Some argue the bill is unconstitutional.",
        "Many say that the bill will pass.",
        "Some claims that the vaccine is unsafe have spread.",
    )
    got = find_attributions(s)[["sent_id", "source", "cue"]].values.tolist()
    assert got == [
        [0, "Critics", "argue"],
        [1, "Analysts", "predict"],
        [2, "Officials", "concede"],
        [3, "Both sides", "claim"],
        [8, "Some", "argue"],  # an unspecified group (vague), not a determiner
        [9, "Many", "say"],
    ]


def test_review_of_session_7_last_rules():
    """A review of session 7's last rules (Sunday titles, documents, "added", "said nothing")
    on new sentences: what it found wrong, each mended."""
    s = _sentences(
        "The Express on Sunday reported that the hospital had closed.",
        "The Herald on Sunday reported that the minister had misled parliament.",
        "A petition signed by 10,000 residents demanded that the library stay open.",
        "An email sent to staff on Monday said cuts were coming.",
        "A statement issued by the family on Friday said he had died peacefully.",
        "A lawsuit filed in Texas claims the firm misled investors.",
        "But a report released by the Treasury on Friday warned that growth would slow.",
        "A study published in 2023 found that the drug worked.",
        "The petition, signed by 10,000 residents, demanded a vote.",
        "Shares added 2% on news that the merger had been approved.",
        "Sterling added 0.4% on expectations the Bank would hold rates.",
        "The company added 300 staff at its plant in Sunderland.",
        "The witness said nothing because she was afraid.",
        "Police have said nothing since the arrest was made.",
        "The spokesman said nothing more.",
        "The spokeswoman said very little.",
        "Police said nothing on Monday had changed.",
        "He added 10,000 homes would be built.",
        "Modi on Sunday said the talks would continue.",
        "The prime minister on Sunday said the plan was sound.",
        "The Independent on Sunday said it was true.",
    )
    got = find_attributions(s)[["sent_id", "source", "source_type"]].values.tolist()
    assert got == [
        [0, "The Express", "named_institution"],  # the Sunday Express has its day first
        [1, "The Herald on Sunday", "named_institution"],
        [2, "A petition signed by 10,000 residents", "named_institution"],
        [3, "An email sent to staff", "named_institution"],
        [4, "A statement issued by the family", "named_institution"],
        [5, "A lawsuit filed in Texas", "named_institution"],
        [6, "a report released by the Treasury", "named_institution"],
        [7, "A study published in 2023", "named_institution"],  # (no phrase left without it)
        [8, "The petition", "named_institution"],
        [16, "Police", "named_institution"],
        [17, "He", "named_person"],
        [18, "Modi", "named_person"],  # a day is never the source, nor part of it
        [19, "The prime minister", "named_person"],
        [20, "The Independent on Sunday", "named_institution"],
    ]


def test_review_of_session_7_rules_narrows_them():
    """Sentences a review wrote against this session's rules, where they first went wrong."""
    s = _sentences(
        "Arron Banks, the businessman, arrived late.",
        "Banks said the vote had been rigged.",  # 1: a surname the document gives
        "“He reportedly wants out,” the pundit joked.",  # 2: hearsay inside a quote
        "Police said the suspect had allegedly stolen a car.",  # 3: the police's claim
        "Asked about the deal, executives said nothing.",  # 4: no claim
        "Sheffield Wednesday said it had been fined.",  # 5: a day inside a name
        "Starmer spoke to Zelensky and Macron said the call went well.",  # 6: an object
        "The chancellor met Yellen and Lagarde said the talks were good.",  # 7: a verb
        "The Guardian published a letter saying the school should close.",  # 8: the letter
        "The workers were sent home and told they would not be paid.",  # 9: a passive
        "But the shares fell sharply, suggesting investors were worried.",  # 10: no speaker
        "Justice Ann Reid wrote the law plainly barred the practice.",  # 11: content
        "Lawyers familiar with the claims said the case would settle.",  # 12: a noun
        "Dr. Sarah Lin, a virologist who warned in May that the virus was spreading, said it was late.",
        "Tory MPs warned that the leader would face a vote.",  # 14: members
        "Conservatives in the House warned that the deal went too far.",  # 15: members
        "The minister late on Tuesday insisted the vote would go ahead.",  # 16: the time
        "The regulator found the bank was negligent and warned that fines would follow.",
    )
    out = find_attributions(s)
    got = out[["sent_id", "source", "cue", "source_type"]].values.tolist()
    assert got == [
        [1, "Banks", "said", "named_person"],
        [2, "the pundit", "joked", "anonymous"],
        [3, "Police", "said", "named_institution"],
        [5, "Sheffield Wednesday", "said", "named_person"],
        [6, "Macron", "said", "named_person"],
        [7, "Lagarde", "said", "named_person"],
        [8, "a letter", "saying", "named_institution"],  # a document
        [11, "Justice Ann Reid", "wrote", "named_person"],
        [12, "Lawyers familiar with the claims", "said", "anonymous"],
        [13, "Dr. Sarah Lin", "warned", "named_person"],
        [13, "Dr. Sarah Lin, a virologist who warned in May that the virus was spreading", "said",
         "named_person"],
        [14, "Tory MPs", "warned", "anonymous"],
        [15, "Conservatives in the House", "warned", "anonymous"],
        [16, "The minister", "insisted", "named_person"],
        [17, "The regulator", "warned", "named_institution"],
    ]


def test_second_review_of_session_7_rules():
    """A second review's sentences: the base-form verbs, bodies, roles and members."""
    s = _sentences(
        "The two finalists will claim the prize in Paris.",  # 0: no speech
        "Banks will face a new stress test next month.",  # 1
        "The hotel rooms boast sea views.",  # 2
        "Critics argue that the law is unfair.",  # 3
        "Police said nothing at this stage had been ruled out.",  # 4: "nothing" is a subject
        "Jon Snow, the broadcaster, said the decision was a scandal.",  # 5: a person
        "Lord Tyrie, the former City regulator, said the rules were weak.",  # 6
        "Brightwater, a company that supplies homes in Kent, said bills would rise.",  # 7
        "The head of the regulator said the industry had failed.",  # 8: a role
        "The charity’s director told the BBC that donations had fallen.",  # 9
        "The company released a statement on Friday claiming the claims were false.",  # 10
        "Staff at the hospital said they had not been paid.",  # 11: members
        "Employees at the bank claimed they had been pressured to sell.",  # 12
    )
    out = find_attributions(s)
    got = out[["sent_id", "source", "source_type"]].values.tolist()
    assert got == [
        [3, "Critics", "vague"],
        [4, "Police", "named_institution"],
        [5, "Jon Snow, the broadcaster", "named_person"],
        [6, "Lord Tyrie, the former City regulator", "named_person"],
        [7, "Brightwater, a company that supplies homes in Kent", "named_institution"],
        [8, "The head of the regulator", "named_person"],
        [9, "The charity’s director", "named_person"],
        [10, "The company", "named_institution"],
        [11, "Staff at the hospital", "anonymous"],
        [12, "Employees at the bank", "anonymous"],
    ]


def test_adding_an_amount_reports_no_claim():
    out = find_attributions(_sentences(
        "Shares added 2% in early trading.",
        "The company added 300 jobs last year.",
        "He said the talks were over, adding 4,000 jobs would go.",  # the amount opens a clause
        "Sales rose 3%, the company added.",  # content before the clause
        "Mr Patel added 10,000 homes would be built.",  # no unit: a clause
        "Shares added 2% after the Fed signalled cuts.",  # the verb is another clause's
    ))
    assert out[["sent_id", "source", "cue"]].values.tolist() == [
        [2, "He", "said"], [2, "He", "adding"], [3, "the company", "added"],
        [4, "Mr Patel", "added"], [5, "the Fed", "signalled"],
    ]


def test_saying_nothing_reports_no_claim_unless_nothing_opens_one():
    out = find_attributions(_sentences(
        "Families said nothing when the verdict was read out.",  # the verb is the when-clause's
        "He said nothing about his future had been decided.",  # "nothing" opens the clause
        "The fans said goodbye to the old stadium.",
    ))
    assert out[["sent_id", "source"]].values.tolist() == [[1, "He"]]


def test_as_someone_put_it_with_an_adverb_before_the_quote():
    out = find_attributions(_sentences(
        "As Ms Ode put it, somewhat drily, a bank that can be fired “will learn to obey”.",
        "He put it, carefully, on the table.",  # no speech: no quote follows
        "He put it, reluctantly, into the drawer by the “Employee of the Month” plaque.",  # no As
        "As the chief executive put it, candidly, “we got this badly wrong”.",
    ))
    assert out[["sent_id", "source", "cue"]].values.tolist() == [
        [0, "Ms Ode", "put it"], [3, "the chief executive", "put it"],
    ]


def test_sunday_newspapers_keep_their_names():
    out = find_attributions(_sentences(
        "The Mail on Sunday reported that the minister had lied.",
        "Scotland on Sunday reported that the first minister would stand down.",
        "Trump on Sunday said the talks had failed.",  # a time, no part of the source
    ))
    assert out[["source", "source_type"]].values.tolist() == [
        ["The Mail on Sunday", "named_institution"],
        ["Scotland on Sunday", "named_institution"],
        ["Trump", "named_person"],
    ]


def test_documents_are_institutions_with_an_indefinite_article_too():
    out = find_attributions(_sentences(
        "A leaked memo says the evidence is weak.",
        "A statement said the talks were over.",
        "A company spokesman said it would appeal.",  # a person, indefinite: anonymous
    ))
    assert out[["source", "source_type"]].values.tolist() == [
        ["A leaked memo", "named_institution"],
        ["A statement", "named_institution"],
        ["A company spokesman", "anonymous"],
    ]


def test_surnames_come_from_two_word_names_only():
    out = find_attributions(_sentences(
        "Members of the BMA Junior Doctors Committee met on Monday.",
        "Doctors said the offer was an insult.",  # no "X Doctors" name: a group
    ))
    assert out[["source", "source_type"]].values.tolist() == [["Doctors", "anonymous"]]


def test_stance_and_several_attributions_in_a_sentence(case_attr):
    assert [r[:4] for r in _rows(case_attr, "c02", 0)] == [
        ("Moscow", "claimed", "named_institution", "distancing"),
        ("Kyiv", "insisted", "named_institution", "distancing"),
    ]
    assert _rows(case_attr, "c02", 1)[0][3] == "endorsing"  # admitted
    assert _rows(case_attr, "c02", 2)[0][:4] == ("Officials in Kyiv", "acknowledged", "anonymous", "endorsing")
    assert _rows(case_attr, "c02", 4)[0][:3] == ("Zelensky's spokesman", "said", "named_person")
    assert _rows(case_attr, "c02", 5)[0][:3] == ("Sources close to the Kremlin", "told", "anonymous")
    assert [r[:3] for r in _rows(case_attr, "c02", 6)] == [
        ("the BBC", "said", "named_institution"),
        ("a source close to the army", "citing", "anonymous"),
    ]


def test_sources_named_by_a_demonym(case_attr, cases):
    c07 = case_attr[case_attr["doc_id"] == "c07"]
    got = c07[["sent_id", "source", "source_type", "speaker_actor", "pattern"]].values.tolist()
    assert got == [
        [0, "Russian officials", "anonymous", "Russia", "source_verb"],
        [1, "Pro-Russian forces", "anonymous", "", "source_verb"],  # not the Russian state
        [2, "a Ukrainian official", "anonymous", "Ukraine", "content_source_verb"],
        [3, "The Russian side", "named_institution", "Russia", "source_verb"],
        [4, "Ukrainian negotiator Rustem Umerov", "named_person", "Umerov", "source_verb"],
        [5, "Latin American leaders", "anonymous", "", "source_verb"],
    ]
    # "“…,” a Ukrainian official told reporters.": the addressee ends the clause, so the quote
    # before it is the content and has the official as its speaker
    quotes = find_quotes(cases.sentences, cases.documents, attributions=case_attr)
    q = quotes[quotes["doc_id"] == "c07"]
    assert q[["text", "speaker", "speaker_actor"]].values.tolist() == [
        ["We will not give up an inch,", "a Ukrainian official", "Ukraine"]]


def test_reporting_words_that_are_not_attributions(case_attr, cases):
    # "The reports were published", "Russia's demands", "These claims": nouns, not clauses
    # ("The border guards posted warnings" is a known false positive, counted in the gold)
    c06 = case_attr[case_attr["doc_id"] == "c06"]
    assert c06["sent_id"].tolist() == [2]
    # a reporting verb inside a direct quote is the quoted speaker's ("He told me")
    assert _rows(case_attr, "c03", 3) == [("a Ukrainian commander", "said", "anonymous", "neutral", "content_source_verb")]


def _content_reader(texts: tuple[str, ...], sentences: pd.DataFrame):
    """A row's content as text, for a table of :func:`_sentences` (one sentence per text)."""

    def content(r) -> str:
        o = sentences["start"][r.sent_id]
        return texts[r.sent_id][r.content_start - o : r.content_end - o]

    return content


def _sentences(*texts: str) -> pd.DataFrame:
    """A one-document sentence table, one paragraph per sentence."""
    rows, pos = [], 0
    for i, text in enumerate(texts):
        rows.append({"doc_id": "t", "outlet": "T", "date": pd.Timestamp("2026-01-01"), "sent_id": i,
                     "para_id": i, "start": pos, "end": pos + len(text), "text": text, "n_tokens": len(text.split())})
        pos += len(text) + 2
    return pd.DataFrame(rows)


def test_relative_clauses_appositions_and_passives():
    out = find_attributions(_sentences(
        "In Kyiv, officials who spoke on condition of anonymity said nothing had changed.",
        "The Ukrainian leader, who met Starmer on Monday, warned that a pause would help Russia.",
        "Earlier, Dan Driscoll, the US army secretary, said the talks went well.",
        "The figure was confirmed by the Kremlin.",
        "Putin appeared to rule out any concessions.",
        "He said by phone that he was safe.",
    ))
    got = out[["sent_id", "source", "cue", "source_type", "pattern"]].values.tolist()
    assert got == [
        [0, "officials", "said", "anonymous", "source_verb"],
        [1, "The Ukrainian leader", "warned", "named_person", "source_verb"],
        [2, "Dan Driscoll, the US army secretary", "said", "named_person", "source_verb"],
        [3, "the Kremlin", "confirmed", "named_institution", "passive_by"],
        [4, "Putin", "rule out", "named_person", "source_verb"],
        [5, "He", "said", "named_person", "source_verb"],
    ]


def test_user_lexicons_and_parameter_errors(seeds):
    verbs = load_lexicon("reporting_verbs")
    no_stance = lexicon_from_frame(verbs.entries.drop(columns=["stance"]))
    with pytest.raises(ParameterError, match="stance"):
        find_attributions(seeds.sentences, verbs=no_stance)
    # a user's lexicon changes the stance: "said" as distancing
    said = pd.DataFrame({"term": ["said"], "category": ["reporting_verb"], "source": ["test"], "stance": ["distancing"]})
    custom = load_lexicon("reporting_verbs", extra=[said], mode="override")
    out = find_attributions(seeds.sentences[seeds.sentences["doc_id"] == "001"], verbs=custom)
    assert set(out.loc[out["cue"] == "said", "verb_stance"]) == {"distancing"}


def test_deterministic(seeds, seed_attr):
    again = find_attributions(seeds.sentences, documents=seeds.documents)
    pd.testing.assert_frame_equal(seed_attr, again)


# --------------------------------------------------------------------------------------------
# profiles and hedges


def test_attribution_profile_per_outlet(seeds, seed_attr):
    prof = attribution_profile(seed_attr, seeds.sentences)
    assert list(prof.columns) == ["outlet", "dimension", "value", "n", "n_attributions", "share", "per_1k_tokens"]
    tabloid = prof[prof["outlet"] == "UK tabloid (unnamed)"].set_index(["dimension", "value"])
    assert tabloid.loc[("source_type", "anonymous"), "n"] == 2
    assert tabloid.loc[("source_type", "vague"), "n"] == 1
    assert tabloid.loc[("verb_stance", "distancing"), "n"] == 1
    assert tabloid.loc[("source_type", "anonymous"), "share"] == round(2 / 11, 4)
    bbc = prof[prof["outlet"] == "BBC News"].set_index(["dimension", "value"])
    assert bbc.loc[("source_type", "named_person"), "share"] == 1.0
    assert bbc.loc[("source_type", "anonymous"), "n"] == 0  # zeros are listed
    sums = prof.groupby(["outlet", "dimension"])["share"].sum()
    assert all(abs(s - 1) < 1e-3 for s in sums)
    with pytest.raises(ParameterError):
        attribution_profile(seed_attr, seeds.sentences, by="sentence")


def test_hedges_tell_the_outlets_voice_from_attributed(seeds, seed_attr):
    quotes = find_quotes(seeds.sentences, seeds.documents, attributions=seed_attr)
    h = find_hedges(seeds.sentences, attributions=seed_attr, quotes=quotes)
    voice = {(d, s, m): (v, r) for d, s, m, v, r in h[["doc_id", "sent_id", "match", "voice", "voice_reason"]].itertuples(index=False)}
    assert voice[("004", 9, "If these claims are true")] == ("attributed", "lexicon")
    assert voice[("004", 5, "it’s been claimed")] == ("attributed", "lexicon")
    assert voice[("004", 9, "may")] == ("outlet", "own")
    assert voice[("001", 4, "largely")] == ("attributed", "quote")  # Witkoff's “largely finished”
    assert voice[("004", 12, "could")] == ("attributed", "attribution_content")  # reported, unquoted
    assert voice[("002", 13, "is not yet clear")] == ("outlet", "own")  # after ", but"
    assert voice[("003", 6, "about 75")] == ("outlet", "own")  # approximator before a number
    assert set(h["voice"]) == {"outlet", "attributed"}


def test_hedge_hits_matched_once_give_the_same_tables(seeds, seed_attr):
    """The streaming pipeline matches the hedge lexicon once and hands the hits to both
    find_attributions and find_hedges: the tables equal those of separate matching."""
    hits = match_lexicon(seeds.sentences, load_lexicon("hedges"))
    before = hits.copy()
    attr = find_attributions(seeds.sentences, documents=seeds.documents, hedge_hits=hits)
    pd.testing.assert_frame_equal(attr, seed_attr)
    quotes = find_quotes(seeds.sentences, seeds.documents, attributions=seed_attr)
    shared = find_hedges(seeds.sentences, attributions=attr, quotes=quotes, hits=hits)
    own = find_hedges(seeds.sentences, attributions=seed_attr, quotes=quotes)
    pd.testing.assert_frame_equal(shared, own)
    pd.testing.assert_frame_equal(hits, before)  # the shared table is not changed


def test_quote_marks_paired_once_give_the_same_tables(seeds, seed_attr):
    """The streaming pipeline pairs the quote marks once for attribution and quotes."""
    from analysis.quotes import quote_spans_by_doc

    spans = quote_spans_by_doc(seeds.sentences, seeds.documents)
    attr = find_attributions(seeds.sentences, documents=seeds.documents, quote_spans=spans)
    pd.testing.assert_frame_equal(attr, seed_attr)
    shared = find_quotes(seeds.sentences, seeds.documents, attributions=attr, quote_spans=spans)
    own = find_quotes(seeds.sentences, seeds.documents, attributions=seed_attr)
    pd.testing.assert_frame_equal(shared, own)
    assert len(own) > 10


def test_hedge_rates(seeds, seed_attr):
    h = find_hedges(seeds.sentences, attributions=seed_attr)
    rates = hedge_rates(h, seeds.sentences, n_boot=200)
    assert list(rates.columns) == ["outlet", "voice", "category", "n_hits", "n_tokens", "n_docs",
                                   "rate_per_1k", "ci_low", "ci_high", "interval_note"]
    tab = rates[(rates["outlet"] == "UK tabloid (unnamed)") & (rates["category"] == "all")].set_index("voice")
    assert tab.loc["all", "n_hits"] == tab.loc["outlet", "n_hits"] + tab.loc["attributed", "n_hits"]
    assert tab.loc["attributed", "rate_per_1k"] == round(1000 * tab.loc["attributed", "n_hits"] / tab.loc["all", "n_tokens"], 4)
    assert tab["interval_note"].str.contains("only 1 document").all()
    with pytest.raises(ParameterError):
        hedge_rates(h, seeds.sentences, n_boot=10)


# --------------------------------------------------------------------------------------------
# evaluation against the gold


def test_gold_file_is_valid_and_complete():
    gold = read_gold(GOLD)
    assert set(gold["corpus"]) == {"seeds", "cases", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6"}
    assert set(gold.loc[gold["corpus"] == "seeds", "doc_id"]) == {"000", "001", "002", "003", "004"}
    # 94 + c07 (demonyms) + c08, c09 (labelling verbs); heldout2: 63 attributions, 42 quotes;
    # heldout3: 83 attributions, 58 quotes; heldout4: 100 attributions, 72 quotes; heldout5: 86
    # attributions, 62 quotes; heldout6: 89 attributions, 64 quotes
    assert (gold["record"] == "attribution").sum() == 107 + 63 + 83 + 100 + 86 + 89
    assert (gold["record"] == "quote").sum() == 67 + 42 + 58 + 72 + 62 + 64


def test_read_gold_rejects_unknown_labels(tmp_path):
    bad = read_gold(GOLD).head(1).assign(source_type="celebrity")
    path = tmp_path / "g.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(ParameterError, match="celebrity"):
        read_gold(path)


def test_evaluate_attributions_counts(seeds):
    sents = seeds.sentences[seeds.sentences["doc_id"] == "004"]
    gold = read_gold(GOLD)
    gold = gold[(gold["doc_id"] == "004") & (gold["sent_id"].isin([4, 5]))]
    pred = find_attributions(sents)
    pred = pred[pred["sent_id"].isin([4, 5, 19])]
    pred.loc[pred["sent_id"] == 5, "verb_stance"] = "neutral"  # one wrong stance
    m = evaluate_attributions(pred, gold, sents).set_index("metric")
    # pred: sentences 4, 5 (right) and 19 (not in this gold subset: a false positive)
    assert (m.loc["attribution_precision", "n_correct"], m.loc["attribution_precision", "n"]) == (2, 3)
    assert m.loc["attribution_recall", "value"] == 1.0
    assert m.loc["attribution_f1", "value"] == 0.8
    assert m.loc["verb_stance_accuracy", "value"] == 0.5
    pairs = match_attributions(pred, gold, sents)
    assert pairs["status"].tolist() == ["tp", "tp", "fp"]


def test_targets_on_the_gold():
    from bench.eval_attribution import evaluation_table, gold_corpus

    sentences, documents = gold_corpus()
    table = evaluation_table(sentences, documents)
    value = table.set_index(["corpus", "metric"])["value"]
    assert value["all", "attribution_f1"] >= 0.85
    assert value["all", "source_type_accuracy"] >= 0.85
    # floors on every set, all development data now (each held-out set's first blind run is
    # in attribution_gold.md: heldout4's F1 0.850, speaker 0.548); a new blind set is reported
    # as measured until corrections make it development data
    floors = {"attribution_f1": 0.93, "source_type_accuracy": 0.92, "quote_speaker_accuracy": 0.88}
    for corpus in ("seeds", "cases", "heldout", "heldout2", "heldout3"):
        for metric, floor in floors.items():
            assert value[corpus, metric] >= floor, (corpus, metric)
    # heldout4, corrected in session 7: F1 0.929, source type 0.967, speaker 0.806
    assert value["heldout4", "attribution_f1"] >= 0.92
    assert value["heldout4", "source_type_accuracy"] >= 0.95
    assert value["heldout4", "quote_speaker_accuracy"] >= 0.80
    # heldout5, blind run in session 8 (code fbb341b): F1 0.888, source type 0.845, speaker
    # 0.714; corrected since
    assert value["heldout5", "attribution_f1"] >= 0.90
    assert value["heldout5", "source_type_accuracy"] >= 0.90
    assert value["heldout5", "quote_speaker_accuracy"] >= 0.75
    # heldout6, held out: scored blind at the end of session 8 (code b944e6e: F1 0.850,
    # source type 0.845, speaker 0.750) and of session 9 (b148c8d: 0.871, 0.865, 0.767) and not
    # used for tuning (session 10's end: 0.884, 0.868, 0.767); these floors only guard it
    assert value["heldout6", "attribution_f1"] >= 0.87
    assert value["heldout6", "source_type_accuracy"] >= 0.85
    assert value["heldout6", "quote_speaker_accuracy"] >= 0.75
    # the BABE sample (real news; only where ../shared has BABE): the tune half is development
    # data (450 items, F1 0.830 at the end of session 10), the test half held out (0.709 at
    # the end of session 9, 0.727 at the end of session 10): guards only
    if ("babe_test", "attribution_f1") in value.index:
        assert value["babe_tune", "attribution_f1"] >= 0.82
        assert value["babe_tune", "source_type_accuracy"] >= 0.83
        assert value["babe_test", "attribution_f1"] >= 0.72
        assert value["babe_test", "source_type_accuracy"] >= 0.71


def test_lazily_read_tokens_are_those_of_tokenize(seeds):
    import bisect

    from analysis.attribution import _Sentence
    from analysis.segment import tokenize

    texts = seeds.sentences["text"].tolist()[:200] + ["", "  ", "a", "U.S. 5,000% x’s, and"]
    for text in texts:
        full = tokenize(text)
        starts = [t[0] for t in full]
        sent = _Sentence("d", "o", 0, 0, text, [], [], frozenset())
        for pos in (len(text) // 2, 0, len(text) + 1, len(text) // 3):
            assert sent.token_index(pos) == bisect.bisect_left(starts, pos)
            assert sent.toks == full[: len(sent.toks)]
        assert [sent.has(i) for i in range(len(full) + 2)] == [True] * len(full) + [False] * 2
        assert sent.toks == full


def test_trailing_run_found_from_the_end_as_by_the_leftmost_search():
    import random

    from analysis.attribution import _TRAILING, _trailing_start

    rng = random.Random(0)
    pieces = ["and", "but", "or", "band", "nd", "a", " ", ",", ".", "!", ";", "\n", "x", "AND",
              "Or", "nor", "é", "_", "1", "’", "\u00a0", "tub", "dna"]
    for _ in range(40000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        m = _TRAILING.search(text[a:b])
        assert _trailing_start(text, a, b) == (a + m.start() if m else b), (text, a, b)


def test_mark_voice_quotes_reported_speech_and_scare_quotes():
    from analysis.loaded import find_loaded

    s = _sentences(
        "Zelensky said tyrant Putin had lied about the talks.",
        "“The regime is brutal and corrupt,” Zelensky said.",
        "The so-called “special military operation” goes on.",
        "The ministry warned that the “illegal” strikes were barbaric.",
        "Moscow calls the war a “special military operation”.",  # Moscow's label, quoted
    )
    a = find_attributions(s)
    q = find_quotes(s, attributions=a)
    hits = find_loaded(s)
    cols = ["sent_id", "match", "voice", "voice_reason"]
    as_words = mark_voice(hits, attributions=a, quotes=q, reported_speech="outlet")
    assert as_words[cols].values.tolist() == [
        [0, "tyrant", "outlet", "attribution_content"],  # the outlet's paraphrase of Zelensky
        [0, "lied", "outlet", "attribution_content"],
        [1, "brutal", "attributed", "quote"],  # Zelensky's own words
        [1, "corrupt", "attributed", "quote"],
        [2, "so-called", "outlet", "own"],
        [2, "special military operation", "outlet", "own"],  # scare quotes: the outlet's move
        [3, "barbaric", "outlet", "attribution_content"],
        [4, "special military operation", "attributed", "quote"],
    ]
    as_claims = mark_voice(hits, attributions=a, quotes=q, reported_speech="attributed")
    assert as_claims["voice"].tolist() == ["attributed"] * 4 + ["outlet"] * 2 + ["attributed"] * 2
    assert as_claims["voice_reason"].tolist() == as_words["voice_reason"].tolist()
    assert list(as_words.columns) == [*hits.columns, "voice_reason", "voice"]
    assert "voice" not in hits.columns  # a copy: the hits are not changed
    with pytest.raises(ParameterError, match="reported_speech='quoted' is not allowed; choose one of: 'attributed', 'outlet'"):
        mark_voice(hits, attributions=a, quotes=q, reported_speech="quoted")


def test_voice_rates_split_the_rate_and_add_up(seeds, seed_attr):
    from analysis.loaded import find_loaded

    quotes = find_quotes(seeds.sentences, seeds.documents, attributions=seed_attr)
    hits = mark_voice(find_loaded(seeds.sentences), attributions=seed_attr, quotes=quotes,
                      reported_speech="outlet")
    r = voice_rates(hits, seeds.sentences, n_boot=200)
    tab = r[(r["outlet"] == "UK tabloid (unnamed)") & (r["category"] == "all")].set_index("voice")
    # seed 004: 11 loaded terms in 598 tokens, 2 inside quotes (“maximalist demands”, “Russian claims”)
    assert tab["n_hits"].to_dict() == {"all": 11, "outlet": 9, "attributed": 2}
    assert tab.loc["outlet", "rate_per_1k"] == round(1000 * 9 / 598, 4)
    overall = r[(r["voice"] == "all") & (r["category"] == "all")].set_index("outlet")["n_hits"]
    parts = r[(r["voice"] != "all")].groupby("outlet")["n_hits"].sum()
    assert overall.to_dict() == parts.to_dict()
    # the voice rows equal loaded_rates with the voice as the category (how hedge_rates
    # computed them before voice_rates), here on the hedges, where both voices occur
    from analysis.loaded import loaded_rates

    hedges = find_hedges(seeds.sentences, attributions=seed_attr, quotes=quotes)
    got = voice_rates(hedges, seeds.sentences, n_boot=200)
    got = got[got["voice"] != "all"].drop(columns="category").rename(columns={"voice": "category"})
    old = loaded_rates(hedges.assign(category=hedges["voice"]), seeds.sentences, n_boot=200)
    old = old[old["category"] != "all"]
    key = ["outlet", "category"]
    pd.testing.assert_frame_equal(got.sort_values(key).reset_index(drop=True),
                                  old[got.columns].sort_values(key).reset_index(drop=True))
    with pytest.raises(ParameterError, match="needs hits with a 'voice' column"):
        voice_rates(find_loaded(seeds.sentences), seeds.sentences)


def test_mark_voice_keeps_the_lexicons_voice_and_voice_rates_has_both_voices(seeds, seed_attr):
    quotes = find_quotes(seeds.sentences, seeds.documents, attributions=seed_attr)
    raw = match_lexicon(seeds.sentences, load_lexicon("hedges"))
    marked = mark_voice(raw, attributions=seed_attr, quotes=quotes, reported_speech="attributed")
    pd.testing.assert_frame_equal(
        marked, find_hedges(seeds.sentences, attributions=seed_attr, quotes=quotes)
    )
    assert marked.loc[marked["match"] == "it’s been claimed", "voice_reason"].tolist() == ["lexicon"]
    # a corpus where no hit is in a quote still gets a row for the attributed voice (zero)
    calm = _sentences("Critics called the plan reckless.", "The talks went on.")
    from analysis.loaded import find_loaded

    hits = find_loaded(calm).assign(voice="outlet")
    r = voice_rates(hits, calm, n_boot=100)
    assert r[["voice", "category", "n_hits"]].values.tolist() == [
        ["all", "all", 1], ["all", "emotive_intensifier", 1], ["outlet", "all", 1], ["attributed", "all", 0],
    ]


def test_a_bare_addressee_ends_the_clause_only_at_the_end_of_the_sentence():
    s = _sentences(
        "“We will not give up,” Zelensky told reporters on Tuesday.",
        "Zelensky told reporters that talks had failed.",
        "Zelensky told reporters he would not give up.",
    )
    a = find_attributions(s)
    assert a["pattern"].tolist() == ["content_source_verb", "source_verb", "source_verb"]
    text = dict(zip(s["sent_id"], s["text"], strict=True))
    starts = dict(zip(s["sent_id"], s["start"], strict=True))
    contents = [text[r.sent_id][r.content_start - starts[r.sent_id]:r.content_end - starts[r.sent_id]]
                for r in a.itertuples()]
    assert contents[0] == "“We will not give up,”"  # the quote, marks included
    assert contents[1] == "talks had failed"


def test_the_content_of_told_starts_after_its_addressee(seeds, seed_attr):
    cases = {
        "Zelensky told reporters he would not give up.": "he would not give up",
        "Zelensky told the Financial Times the talks had failed.": "the talks had failed",
        "He told her the plan was dead.": "the plan was dead",
        "Macron told his cabinet Europe must act.": "Europe must act",
        "Putin told US envoy Steve Witkoff the offer stood.": "the offer stood",
        "She told them nothing had changed.": "nothing had changed",
        "Zelensky warned Kyiv would fall.": "Kyiv would fall",  # warned: no addressee here
        "Zelensky told reporters that talks had failed.": "talks had failed",
        "He told the Guardian he was optimistic.": "he was optimistic",  # the subject stays
        "Trump told Fox News Zelensky was not ready.": "Zelensky was not ready",  # two names
        "He told allies Kyiv could not hold out.": "Kyiv could not hold out",
    }  # ("He resigned before he told colleagues." reports nothing: no attribution, below)
    s = _sentences(*cases)
    a = find_attributions(s)
    starts = dict(zip(s["sent_id"], s["start"], strict=True))
    got = [list(cases)[r.sent_id][r.content_start - starts[r.sent_id]:r.content_end - starts[r.sent_id]]
           for r in a.itertuples()]
    assert got == list(cases.values())
    # on the seeds: "told US president Donald Trump he wanted the talks …" (004)
    r = seed_attr[(seed_attr["doc_id"] == "004") & (seed_attr["cue"] == "told")].iloc[0]
    text = seeds.documents.set_index("doc_id").loc["004", "text"]
    assert text[r.content_start:r.content_end].startswith("he wanted the talks")


def test_labelling_verbs_and_their_look_alikes():
    s = _sentences(
        "Zelensky called the proposal “a capitulation”.",
        "He called off the “peace summit” on Friday.",  # a phrasal verb
        "Trump called Zelensky after the “disastrous” meeting.",  # telephoned
        "The Kremlin ignored calls to “end the war”.",  # the noun
        "Starmer called on Russia to “stop the killing”.",  # a directive, like 'called for'
        "Sudan's Rapid Support Forces said the city had fallen.",  # a name, not a group
    )
    a = find_attributions(s)
    assert a[["sent_id", "cue", "source", "source_type"]].values.tolist() == [
        [0, "called", "Zelensky", "named_person"],
        [4, "called on", "Starmer", "named_person"],
        [5, "said", "Sudan's Rapid Support Forces", "named_person"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[["sent_id", "kind", "speaker"]].values.tolist() == [
        [0, "speech", "Zelensky"], [1, "scare_quote", ""], [2, "scare_quote", ""],
        [3, "scare_quote", ""], [4, "speech", "Starmer"],
    ]


def test_labels_in_relative_clauses_and_the_passive():
    s = _sentences(
        "The talks reached what Zelensky called “a turning point”.",
        "The plan, which critics have called “a surrender”, was signed.",
        "A drone operation dubbed “Spiderweb” hit four airfields.",  # a name
        "Putin was branded a “war criminal” by the International Criminal Court.",
        "The group was labelled “extremist” last year.",  # passive, no agent: the source unsaid
        "He called his book “A Promised Land”.",  # a title, whoever chose it
        "The operation was called “Spiderweb”.",  # a passive before a name: a name
    )
    a = find_attributions(s)
    assert a[["sent_id", "cue", "source", "source_type", "pattern"]].values.tolist() == [
        [0, "called", "Zelensky", "named_person", "source_verb"],
        [1, "called", "critics", "vague", "source_verb"],
        [3, "branded", "the International Criminal Court", "named_institution", "passive_by"],
        [4, "was labelled", "", "vague", "agentless"],
        [5, "called", "He", "named_person", "source_verb"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[["sent_id", "kind", "speaker", "attribution_cue"]].values.tolist() == [
        [0, "speech", "Zelensky", "called"], [1, "speech", "critics", "called"],
        [2, "name_or_title", "", ""], [3, "speech", "the International Criminal Court", "branded"],
        # someone's words, and the outlet does not say whose
        [4, "speech", "", "was labelled"], [5, "name_or_title", "", ""],
        [6, "name_or_title", "", ""],
    ]


def test_names_after_naming_verbs_stay_names_and_participles_are_not_sources():
    s = _sentences(
        "Reuters reported that the operation, codenamed “Spiderweb”, destroyed 40 aircraft.",
        "Ukraine's SBU said that an operation dubbed “Spiderweb” destroyed 41 aircraft.",
        "The strike, which hit a facility called “Object 12”, killed two.",
        "He was called “a hero” by the time he died.",  # not an agent: the source unsaid
        "It is what some analysts call “a bubble”.",  # base form, relative clause
        "The Pope said the war must end.",  # a title that picks out one person
    )
    a = find_attributions(s)
    assert a[["sent_id", "cue", "source", "source_type"]].values.tolist() == [
        [0, "reported", "Reuters", "named_institution"],
        [1, "said", "Ukraine's SBU", "named_institution"],
        [3, "was called", "", "vague"],
        [4, "call", "some analysts", "anonymous"],
        [5, "said", "The Pope", "named_person"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[["sent_id", "kind", "speaker"]].values.tolist() == [
        [0, "name_or_title", ""], [1, "name_or_title", ""], [2, "name_or_title", ""],
        [3, "speech", ""], [4, "speech", "some analysts"],
    ]


def test_telling_with_only_an_addressee_reports_nothing():
    texts = (
        "He told colleagues in London.",
        "He resigned before he told colleagues.",
        "He told the BBC.",
        "“We stay,” she told reporters.",  # the content is the quote before
        "He told reporters the truth.",
        "“Nothing has changed,” he told reporters in New York.",
        "The prime minister told MPs at the weekend he would not resign.",
        "He told the BBC by phone he was safe.",
        "He told the BBC last week he would stand.",
        "He told the BBC nothing had been agreed.",
        "He told reporters in Washington on Monday he would run.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    got = [(r.sent_id, r.source, r.pattern, full[r.content_start : r.content_end]) for r in a.itertuples()]
    assert got == [
        (3, "she", "content_source_verb", "“We stay,”"), (4, "He", "source_verb", "the truth"),
        (5, "he", "content_source_verb", "“Nothing has changed,”"),
        (6, "The prime minister", "source_verb", "he would not resign"),
        (7, "He", "source_verb", "he was safe"), (8, "He", "source_verb", "he would stand"),
        (9, "He", "source_verb", "nothing had been agreed"),
        (10, "He", "source_verb", "he would run"),
    ]
    q = find_quotes(s, attributions=a)
    assert q[["sent_id", "speaker"]].values.tolist() == [[3, "she"], [5, "he"]]


def test_passive_labels_name_or_label_and_their_content_is_the_label():
    texts = (
        "The brutal regime was labelled “extremist” last year.",
        "Putin’s barbaric invasion has been branded “genocide” on social media.",
        "The new policy is called “levelling up”.",  # naming, not labelling
        "The new variant was dubbed “omicron”.",
        "The virus was dubbed “omicron” by the WHO.",  # a name, with who named it
        "Starmer was branded “weak” by some.",  # a bare agent
        "The protesters were labelled “thugs” by ministers.",
        "The bill has been dubbed “the snoopers’ charter” by opponents.",  # an apostrophe inside
        "He told reporters in New York the talks had collapsed.",  # a two-word place
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    got = [(r.sent_id, r.cue, r.pattern, full[r.content_start : r.content_end]) for r in a.itertuples()]
    # the outlet's own words around the label ("brutal", "barbaric") are not reported speech
    assert got[:2] == [(0, "was labelled", "agentless", "“extremist”"),
                       (1, "has been branded", "agentless", "“genocide”")]
    assert [(r.sent_id, r.source, r.pattern) for r in a.itertuples()][2:] == [
        (5, "some", "passive_by"), (6, "ministers", "passive_by"), (7, "opponents", "passive_by"),
        (8, "He", "source_verb")]
    assert got[-1][-1] == "the talks had collapsed"
    q = find_quotes(s, attributions=a)
    assert q[["kind", "speaker"]].values.tolist() == [
        ["speech", ""], ["speech", ""], ["name_or_title", ""], ["name_or_title", ""],
        ["name_or_title", ""], ["speech", "some"], ["speech", "ministers"], ["speech", "opponents"]]
    words = ["brutal", "barbaric", "extremist"]
    starts = [full.index(w) for w in words]
    hits = pd.DataFrame({"doc_id": "t", "outlet": "T", "sent_id": [0, 1, 0], "start": starts,
                         "end": [b + len(w) for b, w in zip(starts, words, strict=True)],
                         "match": words})
    voiced = mark_voice(hits, attributions=a, quotes=q, reported_speech="attributed")
    assert voiced["voice"].tolist() == ["outlet", "outlet", "attributed"]


def test_time_and_place_after_the_addressee_and_no_inversion_after_a_quoted_name():
    texts = (
        "Zelensky told reporters on Tuesday he would not give up territory.",
        "Zelensky told the BBC in Kyiv the talks had failed.",
        "She told the Guardian on Monday that the plan was dead.",
        "“We stay,” she told reporters on Tuesday.",  # content before: the clause ends there
        "A man called “Ivan” answered the door.",  # a name, then the main verb: no source
        "“We will win” said Zelensky.",  # inverted without a comma in the quote
        "The unit is called “Bear”, said a spokesman.",  # a comma after the name: inverted
        "He told reporters in Kyiv President Putin was lying.",  # a title starts the content
        "Zelensky told the BBC on Tuesday night the talks had failed.",
        "He told reporters in an interview he would resign.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    got = [(r.sent_id, r.source, r.pattern, full[r.content_start : r.content_end])
           for r in a.itertuples()]
    assert got == [
        (0, "Zelensky", "source_verb", "he would not give up territory"),
        (1, "Zelensky", "source_verb", "the talks had failed"),
        (2, "She", "source_verb", "the plan was dead"),
        (3, "she", "content_source_verb", "“We stay,”"),
        (5, "Zelensky", "verb_source", "“We will win”"),
        (6, "a spokesman", "verb_source", "The unit is called “Bear”"),
        (7, "He", "source_verb", "President Putin was lying"),
        (8, "Zelensky", "source_verb", "the talks had failed"),
        (9, "He", "source_verb", "he would resign"),
    ]
    q = find_quotes(s, attributions=a)
    assert q[["sent_id", "kind", "speaker"]].values.tolist() == [
        [3, "speech", "she"], [4, "name_or_title", ""], [5, "speech", "Zelensky"],
        [6, "name_or_title", ""],
    ]


def test_gaps_found_by_the_second_held_out_set():
    """Constructions the blind run on heldout2 missed, each on a sentence of its own."""
    texts = (
        "Drones struck the grid overnight, regional authorities said.",  # a lower-case group head
        "Zelensky, speaking in Kyiv, said he would not sign.",  # a participle phrase between
        # a where-clause with a verb of its own (in "a school in Kharkiv, where the governor
        # said" the source is inside the clause)
        "Belgium, where most of the assets are held, has said it cannot take the risk alone.",
        "Russia's foreign minister, Sergey Lavrov, said the offer was dead.",  # role, then name
        "One Labour MP on the left of the party said the plan was wrong.",  # prepositional phrases
        "“We stay,” said Marta Kowalczyk, a fellow at the Atlantic Policy Forum.",  # closing role
        "“We made progress,” Rustem Umerov told reporters after the final session.",
        "Reform UK leader Nigel Farage said the plan was a vanity project.",  # a name, not the UK
        "A furious MoD insider fumed: “Everyone can see it.”",  # reporting_verbs 1.3.0
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    assert a[["sent_id", "source", "pattern", "source_type"]].values.tolist() == [
        [0, "regional authorities", "content_source_verb", "anonymous"],
        [1, "Zelensky", "source_verb", "named_person"],
        [2, "Belgium", "source_verb", "named_institution"],
        [3, "Russia's foreign minister, Sergey Lavrov", "source_verb", "named_person"],
        [4, "One Labour MP on the left of the party", "source_verb", "anonymous"],
        [5, "Marta Kowalczyk, a fellow at the Atlantic Policy Forum", "verb_source", "named_person"],
        [6, "Rustem Umerov", "content_source_verb", "named_person"],
        [7, "Reform UK leader Nigel Farage", "source_verb", "named_person"],
        [8, "A furious MoD insider", "source_verb", "anonymous"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[["sent_id", "speaker"]].values.tolist() == [
        [5, "Marta Kowalczyk, a fellow at the Atlantic Policy Forum"], [6, "Rustem Umerov"],
        [8, "A furious MoD insider"]]


def test_a_quote_that_runs_on_and_a_pronoun_after_its_antecedent(tmp_path):
    (tmp_path / "d.txt").write_text(
        "One Labour MP said: “We were promised a peacekeeping mission. Now it is a war.”\n\n"
        "In Moscow, Kremlin spokesman Dmitry Peskov said Russia would respond to any seizure, "
        "which he called “theft.”\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("doc_id,outlet\nd,T\n", encoding="utf-8")
    p = prepare_corpus(tmp_path)
    a = find_attributions(p.sentences, documents=p.documents)
    q = find_quotes(p.sentences, p.documents, attributions=a)
    assert q[["sent_id", "end_sent_id", "speaker", "speaker_actor", "speaker_resolution"]].values.tolist() == [
        [0, 1, "One Labour MP", "", "explicit"],  # the quote runs on past "X said:"'s sentence
        [2, 2, "he", "Peskov", "pronoun_same_sentence"],  # not the previous sentence's person
    ]


def test_review_of_the_held_out_fixes_no_false_sources_or_speakers():
    texts = (
        "Zelensky arrived in Washington on Monday.",
        "Asked about Putin, he said the talks had failed.",  # he: Zelensky, not Putin
        "The strike hit a school in Kharkiv, where the governor, Oleh Syniehubov, said two died.",
        "“It is a disgrace,” said Farage, the morning after meeting Trump.",  # no role: no Trump
        "“No,” said Jan Novak, a critic of Putin.",  # Putin is no speaker here
        "Residents of the town said the shelling continued.",  # people, not a name
        "Trump on Monday said the talks had failed.",  # the time is no part of the source
        "West Midlands Police said two men were arrested.",  # an institution, not a name
        "The minister fumed over the leak for days.",  # no speech
    )
    a = find_attributions(_sentences(*texts))
    assert a[["sent_id", "source", "source_type", "speaker_actor"]].values.tolist() == [
        [1, "he", "named_person", "Zelensky"],
        [2, "the governor, Oleh Syniehubov", "named_person", ""],  # the source is in the clause
        [3, "Farage", "named_person", ""],
        [4, "Jan Novak, a critic of Putin", "named_person", ""],
        [5, "Residents of the town", "anonymous", ""],
        [6, "Trump", "named_person", "Trump"],
        [7, "West Midlands Police", "named_institution", ""],
    ]


def test_states_the_registry_lacks_are_institutions_and_their_officials_people():
    a = find_attributions(_sentences(
        "Belgium said it cannot take the risk alone.",
        "Spain's foreign ministry said the plan was dead.",
        "Hungary's foreign minister said the plan was dead.",  # a role: one person
        "Chad Smith said the plan was dead.",  # a first name that is also a state's
    ))
    assert a[["source", "source_type"]].values.tolist() == [
        ["Belgium", "named_institution"], ["Spain's foreign ministry", "named_institution"],
        ["Hungary's foreign minister", "named_person"], ["Chad Smith", "named_person"]]
    assert {"Belgium", "United Kingdom", "Holy See"} <= load_word_list("states", lower=False)


def test_quantified_and_bare_plural_sources_and_nested_reports():
    """More gaps of heldout2, each on a sentence of its own: quantifiers and numbers open a
    source, a plain plural the lexicons do not know is a source before a that-clause, a report
    nests the clause it reports, and a citing phrase between source and verb shares its content."""
    texts = (
        "Talks ended without agreement, officials from both sides said.",
        "According to two people familiar with the talks, the US side proposed a zone.",
        "Troops could be deployed, as Labour backbenchers warned that Parliament must vote.",
        "The Times reported last month that military chiefs had warned that the force was small.",
        "TASS, citing a source in the delegation, reported that Moscow had said no.",
        "The administration has insisted that any deal would not need the Senate.",
        "They all said no.",  # a quantifier alone is no source
        "Prices rose, as markets feared rates would climb.",  # no that-clause: no source
        "He was quoting Shakespeare.",  # a progressive, not a citing phrase
        "Kremlin is playing Trump for a fool, say spies.",  # a headline's inverted plural
        "Putin is said to have told aides that time is on Russia's side.",  # hearsay of telling
        "“We stay,” he will say, according to extracts released by Downing Street.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    got = [[r.sent_id, r.source, r.cue, r.source_type, full[r.content_start : r.content_end]]
           for r in a.itertuples()]
    assert got == [
        [0, "officials from both sides", "said", "anonymous", "Talks ended without agreement"],
        [1, "two people familiar with the talks", "According to", "anonymous",
         "the US side proposed a zone"],
        [2, "Labour backbenchers", "warned", "anonymous", "Parliament must vote"],
        [3, "The Times", "reported", "named_institution",
         "military chiefs had warned that the force was small"],  # not "last month that"
        [3, "military chiefs", "warned", "anonymous", "the force was small"],
        [4, "a source in the delegation", "citing", "anonymous", "Moscow had said no"],
        [4, "TASS", "reported", "named_institution", "Moscow had said no"],
        [4, "Moscow", "said", "named_institution", "no"],
        [5, "The administration", "insisted", "named_institution",
         "any deal would not need the Senate"],
        [9, "spies", "say", "anonymous", "Kremlin is playing Trump for a fool"],
        [10, "", "is said to", "vague", "Putin is said to have told aides that time is on Russia's side"],
        [10, "Putin", "told", "named_person", "time is on Russia's side"],
        [11, "he", "say", "named_person", "“We stay,”"],
        [11, "extracts released by Downing Street", "according to", "named_institution", "“We stay,”"],
    ]


def test_members_of_a_body_are_anonymous_the_body_is_an_institution():
    a = find_attributions(_sentences(
        "Police officers said the road was shut.", "Police said the road was shut.",
        "The armed forces said the road was shut.", "Army commanders said that it failed.",
    ))
    assert a[["source", "source_type"]].values.tolist() == [
        ["Police officers", "anonymous"], ["Police", "named_institution"],
        ["The armed forces", "named_institution"], ["Army commanders", "anonymous"]]


def test_gaps_found_by_the_third_held_out_set():
    """Constructions heldout3's blind run missed or mistyped, each on a sentence of its own."""
    texts = (
        "Rep. Thomas Okafor, a Democrat from Maryland whose district is home to thousands of "
        "federal workers, told reporters that his office had received calls.",  # a parenthetical
        "Calinescu, 52, a former central banker, told state television that he would win.",
        "The caucus will oppose it, and its chairman, Rep. Lyle Brandt of Texas, posted on X "
        "that the group had the votes.",
        "Senate Majority Leader Raymond Castellano said the Senate would stay.",  # role, name
        "A spokesman for the Commission, Anders Lindqvist, said the pact stands.",
        "The EU’s migration commissioner said the pact stands.",  # one person's role
        "Marovia’s Constitutional Court rejected the petition, saying it lacked evidence.",
        "“This is a disgrace,” she blasted.",  # reporting_verbs 1.4.0
        "But Marsh hit back last night: “I have done nothing wrong.”",
        "The bridge was blasted by a missile.",  # no speech
        "Ukraine hit back at Russian positions that night.",  # no speech
        "Zelensky, visibly tired, said the talks failed.",  # no inverted "said the talks"
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    got = [[r.sent_id, r.source, r.cue, r.source_type] for r in a.itertuples()]
    assert got == [
        [0, "Rep. Thomas Okafor, a Democrat from Maryland whose district is home to thousands "
            "of federal workers", "told", "named_person"],
        [1, "Calinescu, 52, a former central banker", "told", "named_person"],
        [2, "its chairman, Rep. Lyle Brandt of Texas", "posted", "named_person"],
        [3, "Senate Majority Leader Raymond Castellano", "said", "named_person"],
        [4, "A spokesman for the Commission, Anders Lindqvist", "said", "named_person"],
        [5, "The EU’s migration commissioner", "said", "named_person"],
        [6, "Marovia’s Constitutional Court", "rejected", "named_institution"],
        [6, "Marovia’s Constitutional Court", "saying", "named_institution"],
        [7, "she", "blasted", "named_person"],
        [8, "Marsh", "hit back", "named_person"],
    ]
    hit_back = a[a["cue"] == "hit back"].iloc[0]
    assert full[hit_back.content_start : hit_back.content_end] == "“I have done nothing wrong.”"


def test_review_of_the_heldout_fixes_numbers_clauses_plurals_and_that():
    """Sentences a review wrote against session 6's rules, where they first went wrong."""
    texts = (
        "The three men said they were innocent.",  # the determiner stays with the number
        "Russia's two biggest banks said they would comply.",
        "Within two hours police said the suspect had been detained.",  # no "two hours police"
        "She grew up in Ohio, where her father worked in a mill, says her biographer.",
        "The cuts are necessary, the chancellor said, warning colleagues.",  # no source "colleagues"
        "Yields jumped, as bonds signalled that investors were nervous.",  # evidence, no speaker
        "Quoting the Bible is no substitute for a policy, the bishop said.",  # no citing phrase
        "Trump said yesterday that was not true.",  # "that" is a pronoun: content keeps it
        "He said later that day that the vote would go ahead.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    got = [[r.sent_id, r.source, r.cue, full[r.content_start : r.content_end]]
           for r in a.itertuples()]
    assert got == [
        [0, "The three men", "said", "they were innocent"],
        [1, "Russia's two biggest banks", "said", "they would comply"],
        [2, "police", "said", "the suspect had been detained"],
        [3, "her biographer", "says", "She grew up in Ohio, where her father worked in a mill"],
        [4, "the chancellor", "said", "The cuts are necessary"],
        [4, "the chancellor", "warning", "colleagues"],
        [6, "the bishop", "said", "Quoting the Bible is no substitute for a policy"],
        [7, "Trump", "said", "yesterday that was not true"],
        [8, "He", "said", "later that day that the vote would go ahead"],
    ]
    types = find_attributions(_sentences(
        "According to figures released by the ONS, prices rose.",
        "According to two documents seen by the BBC, the plan was dropped."))
    assert types[["source", "source_type"]].values.tolist() == [
        ["figures released by the ONS", "named_institution"],
        ["two documents seen by the BBC", "named_institution"]]


def test_an_acronym_in_brackets_before_the_verb_is_part_of_the_source():
    a = find_attributions(_sentences(
        "The International Atomic Energy Agency (IAEA) said the plant was safe.",
        "Prices rose (CPI) on Monday.",
    ))
    assert a[["source", "source_type", "cue"]].values.tolist() == [
        ["The International Atomic Energy Agency (IAEA)", "named_institution", "said"]]


def test_second_review_parentheticals_names_at_the_end_and_literal_verbs():
    """Sentences a second review wrote against the heldout3 rules, where they first went wrong."""
    texts = (
        "Mr Smith, a father of two from Leeds, had no criminal record, said police.",
        "The treaty, a landmark for the region, said Lavrov, would be signed in June.",
        "Reeves, the chancellor, defended the plan, insisting it was fair.",
        "Yesterday, the president, a former general, said the war was over.",
        "A source close to Boris Johnson said no.",  # no name at the end: anonymous
        "A spokesman for Human Rights Watch said no.",
        "The Institute for Fiscal Studies said no.",
        "The ruling party, United Russia, said no.",
        "The lawyer, Mr. Cohen, told the jury it was false.",
        "According to court documents filed by prosecutors, he had moved the money.",
        "Artillery blasted that town for weeks.",  # no speech
        "Ukraine hit back last night: drones struck a refinery.",
        "She put it, carefully, on the table.",
    )
    a = find_attributions(_sentences(*texts))
    assert a[["sent_id", "source", "cue", "source_type"]].values.tolist() == [
        [0, "police", "said", "named_institution"],
        [1, "Lavrov", "said", "named_person"],
        [2, "Reeves", "insisting", "named_person"],
        [3, "the president, a former general", "said", "named_person"],
        [4, "A source close to Boris Johnson", "said", "anonymous"],
        [5, "A spokesman for Human Rights Watch", "said", "anonymous"],
        [6, "The Institute for Fiscal Studies", "said", "named_institution"],
        [7, "The ruling party, United Russia", "said", "named_institution"],
        [8, "The lawyer, Mr. Cohen", "told", "named_person"],
        [9, "court documents filed by prosecutors", "According to", "vague"],
    ]


def test_bare_addressees_after_a_quote_and_groups_around_someone():
    texts = (
        # the coordinated verb is the reporter's, as usually (a review's finding)
        "The BBC reported that Johnson had lied to parliament, and insisted that its reporting "
        "was accurate.",
        "“Perfect is the enemy of done,” he told reporters as the plenary broke up, adding "
        "that the summit had “kept the door open”.",
        "After the vote, she told reporters as she left that she would appeal.",  # no quote
        "A pal of the minister said: “He is brilliant.”",
        "Allies of Keir Starmer said he would stay.",
        "Friends of Europe, a Brussels think tank, said no.",  # an organisation
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    got = [[r.sent_id, r.source, r.cue, r.source_type, full[r.content_start : r.content_end]]
           for r in a.itertuples()]
    assert got[:5] == [
        [0, "The BBC", "reported", "named_institution", "Johnson had lied to parliament"],
        [0, "The BBC", "insisted", "named_institution", "its reporting was accurate"],
        [1, "he", "told", "named_person", "“Perfect is the enemy of done,”"],
        [1, "he", "adding", "named_person", "the summit had “kept the door open”"],
        [2, "she", "told", "named_person", "she would appeal"],
    ]
    assert [r[1:4] for r in got[5:]] == [
        ["A pal of the minister", "said", "anonymous"],
        ["Allies of Keir Starmer", "said", "anonymous"],
        ["Friends of Europe, a Brussels think tank", "said", "named_institution"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[q["sent_id"] == 1]["speaker"].tolist()[0] == "he"


def test_an_age_between_a_name_and_its_relative_clause_stays_with_the_name():
    a = find_attributions(_sentences(
        "Mr. Harris, 74, who has represented the district since 1993, said he would retire."))
    assert a[["source", "source_type"]].values.tolist() == [["Mr. Harris, 74", "named_person"]]


def test_an_as_parenthetical_reports_what_follows_it():
    texts = (
        "Whether ministers can agree is, as one official put it, “anyone’s guess”.",
        "As he said, the war is not over.",
        "Prices rose as analysts said, sharply.",  # no parenthetical: "rose as …"
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    assert [[r.sent_id, r.source, full[r.content_start : r.content_end]]
            for r in a.itertuples()] == [
        [0, "one official", "“anyone’s guess”"], [1, "he", "the war is not over"],
        [2, "analysts", "Prices rose as"]]
    q = find_quotes(s, attributions=a)
    assert q[["kind", "speaker"]].values.tolist() == [["speech", "one official"]]


def test_a_legislators_party_and_state_is_part_of_the_source():
    texts = (
        "Sen. Mitch McConnell (R-Ky.) said the bill would pass.",
        "“We will win,” said Sen. Bernie Sanders (I-Vt.), who spoke first.",
        "House Speaker Nancy Pelosi (D-CA) on Monday spoke at length, telling an audience that "
        "“civilization as we know it is at stake.”",
        "Rep. Alexandria Ocasio-Cortez (D-N.Y.) told reporters she would vote no.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    assert [[r.sent_id, r.source, r.source_type, full[r.source_start : r.source_end]]
            for r in a.itertuples()] == [
        [0, "Sen. Mitch McConnell (R-Ky.)", "named_person", "Sen. Mitch McConnell (R-Ky.)"],
        [1, "Sen. Bernie Sanders (I-Vt.)", "named_person", "Sen. Bernie Sanders (I-Vt.)"],
        [2, "House Speaker Nancy Pelosi (D-CA)", "named_person", "House Speaker Nancy Pelosi (D-CA)"],
        [3, "Rep. Alexandria Ocasio-Cortez (D-N.Y.)", "named_person",
         "Rep. Alexandria Ocasio-Cortez (D-N.Y.)"],
    ]
    q = find_quotes(s, attributions=a)
    assert q["speaker"].tolist() == ["Sen. Bernie Sanders (I-Vt.)",
                                     "House Speaker Nancy Pelosi (D-CA)"]


def test_a_bodys_name_keeps_its_lower_case_prepositions():
    a = find_attributions(_sentences(
        "The Centers for Disease Control and Prevention (CDC) said the virus was spreading.",
        "The Organization for Security and Co-operation in Europe said the vote was fair.",
        "The Union of Concerned Scientists warned that the plan would fail.",
    ))
    assert a[["source", "source_type"]].values.tolist() == [
        ["The Centers for Disease Control and Prevention (CDC)", "named_institution"],
        ["The Organization for Security and Co-operation in Europe", "named_institution"],
        ["The Union of Concerned Scientists", "named_institution"],
    ]


def test_agentless_criticism_is_a_vague_attribution():
    """"has been criticized for" pins a judgement on no one (hedges 2.3.0); with a "by" agent
    after it, the criticism has a source and is no agentless row."""
    texts = (
        "Trump has been criticized for failing to lay out a national strategy.",
        "Iniesta apologised on Tuesday after being criticised for posting a picture.",
        "She was criticized for responding by posting a video.",
        "The report was heavily criticised for its methods by experts.",
        "The plan was criticized as rushed.",  # no "for": as before, no row
    )
    a = find_attributions(_sentences(*texts))
    agentless = a[a["pattern"] == "agentless"]
    assert agentless[["sent_id", "cue", "source", "source_type"]].values.tolist() == [
        [0, "has been criticized", "", "vague"],
        [1, "being criticised", "", "vague"],
        [2, "was criticized", "", "vague"],
    ]
    hedges = find_hedges(_sentences(*texts))
    assert hedges[hedges["term"].str.contains("critici", regex=False)]["sent_id"].tolist() == [0, 1, 2]


def test_an_infinitive_that_opens_with_a_quote_is_the_content():
    """"vows to ‘…’" (a tabloid headline's quote marks) has its content after the verb: the
    quote is the union boss's words (heldout4 m02 had the kicker before it as content)."""
    texts = (
        "SUMMER OF MISERY: Rail union boss vows to ‘bring country to a standstill’ as "
        "Transport Secretary digs in",
        "“We are ready,” Macron said Tuesday at the start of a ‘Coalition of the Willing’ meeting.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    full = "\n\n".join(texts)
    assert [[r.source, r.pattern, full[r.content_start : r.content_end][:24]]
            for r in a.itertuples()] == [
        ["Rail union boss", "source_verb", "to ‘bring country to a s"],
        ["Macron", "content_source_verb", "“We are ready,”"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[q["kind"] == "speech"]["speaker"].tolist() == ["Rail union boss", "Macron"]


def test_reporting_before_that_or_a_quote_is_a_verb_of_saying():
    """"with Reuters reporting “several hundred” demonstrators" pins the figure on Reuters
    (reporting_verbs 1.9.0); the noun "reporting" stays no cue."""
    texts = (
        "Protests took place in Berlin, with Reuters reporting “several hundred” demonstrators.",
        "The BBC, reporting that the talks had failed, cited two sources.",
        "His reporting on the war won a prize.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    got = a[a["cue"] == "reporting"][["sent_id", "source", "source_type"]].values.tolist()
    assert got == [[0, "Reuters", "named_institution"], [1, "The BBC", "named_institution"]]
    q = find_quotes(s, attributions=a)
    assert q[["kind", "speaker"]].values.tolist() == [["speech", "Reuters"]]


def test_what_a_source_is_in_the_habit_of_saying_is_attributed_to_it():
    """"As McConnell is fond of saying, “…”" and "as the president likes to say" had no row."""
    texts = (
        "As dear leader Mitch McConnell (R-Ky.) is fond of saying, “winners make policy, losers "
        "go home.”",
        "As the president likes to say, “promises made, promises kept.”",
        "My father used to say that hard work pays.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    assert a[["sent_id", "source", "cue", "source_type"]].values.tolist() == [
        [0, "dear leader Mitch McConnell (R-Ky.)", "saying", "named_person"],
        [1, "the president", "say", "named_person"],
        [2, "My father", "say", "anonymous"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[["kind", "speaker"]].values.tolist() == [
        ["speech", "dear leader Mitch McConnell (R-Ky.)"], ["speech", "the president"]]


def test_a_time_or_place_between_verb_and_content_is_not_the_content():
    """"Trump said Monday he would veto the bill" had no content (the clause was read as
    closing content before it); the time is skipped, and a time that ends the sentence still
    closes the content before it."""
    texts = (
        "Trump said Monday he would veto the bill.",
        "The minister said on Monday the plan was dead.",
        "The minister said in a statement the plan was dead.",
        "Scores of people were hurt, the ministry said Monday.",
        "“We will win,” the minister said on Monday as the results came in.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    content = [
        texts[r.sent_id][r.content_start - s["start"][r.sent_id] : r.content_end
                         - s["start"][r.sent_id]]
        for r in a.itertuples()
    ]
    assert list(zip(a["pattern"], content, strict=True)) == [
        ("source_verb", "he would veto the bill"),
        ("source_verb", "the plan was dead"),
        ("source_verb", "the plan was dead"),
        ("content_source_verb", "Scores of people were hurt"),
        ("content_source_verb", "“We will win,”"),
    ]


def test_an_indefinite_source_keeps_its_prepositional_phrases():
    """"a senior gymnast from Auburn University revealed" had the university as its source;
    an indefinite phrase whose head can be an agent keeps its phrases, others do not ("A lack
    of trust said" stays no row); polling is a document, the family of a person unnamed people."""
    texts = (
        "One nurse at the hospital said staff were exhausted.",
        "Days after the injury, a senior gymnast from Auburn University revealed Monday she is "
        "retiring.",
        "Polling throughout the Democratic primary showed Sanders triumphing with young voters.",
        "The family of slain Washington Post columnist Jamal Khashoggi said they had forgiven "
        "his killers.",
        "The group was formed after a lack of trust said much about the party.",
    )
    a = find_attributions(_sentences(*texts))
    assert a[["sent_id", "source", "source_type"]].values.tolist() == [
        [0, "One nurse at the hospital", "anonymous"],
        [1, "a senior gymnast from Auburn University", "anonymous"],
        [2, "Polling throughout the Democratic primary", "named_institution"],
        [3, "The family of slain Washington Post columnist Jamal Khashoggi", "anonymous"],
    ]


def test_perfect_shown_and_headline_agents():
    """Two misses of BABE's tune half: "has shown" before a name and an -ing verb
    (reporting_verbs 1.10.0; not "has shown a penchant", "has shown himself", "has shown Europe
    nothing but contempt"), and a headline's agent noun after a capitalised word. "by
    rejecting …" stays no row: after a preposition the participle is too often no speech ("cut
    costs by dismissing 500 workers", "in response to the company announcing")."""
    texts = (
        "Early polling in the general election has shown Biden running weaker with young voters.",
        "Studies have shown that the drug works.",
        "Trump has shown a penchant for quick fixes.",
        "Fauci has shown himself to be a bureaucrat.",
        "Yale psychiatrist explains why the pandemic is a deadly combination",
        "Putin has shown Europe nothing but contempt.",
        "The company cut costs by dismissing 500 workers.",
    )
    a = find_attributions(_sentences(*texts))
    assert a[["sent_id", "source", "cue", "source_type"]].values.tolist() == [
        [0, "Early polling in the general election", "shown", "named_institution"],
        [1, "Studies", "shown", "named_institution"],
        [4, "Yale psychiatrist", "explains", "anonymous"],
    ]


def test_a_bare_plural_before_an_asserted_clause_is_its_source():
    """"Online posts claim the vaccine is unsafe" had no row: a bare plural before a verb of
    assertion needed "that" or a quote. A short clause with a finite verb is enough now, and a
    plain object still is not ("Shares added 3%")."""
    texts = (
        "Online posts claim the vaccine is unsafe.",
        "Facebook posts claim Melinda Gates has said black people must be vaccinated first.",
        "Shares added 3% in early trading.",
        "Rival campaigns argued the debate rules were unfair.",
    )
    a = find_attributions(_sentences(*texts))
    assert a[["sent_id", "source", "cue"]].values.tolist() == [
        [0, "Online posts", "claim"],
        [1, "Facebook posts", "claim"],
        [1, "Melinda Gates", "said"],
        [3, "Rival campaigns", "argued"],
    ]


def test_an_adverb_in_ly_between_source_and_verb_is_no_part_of_the_source():
    """"The Democratic candidates predictably criticized" had the adverb in its source, and "a
    newly added security feature" had "a newly" as one; "falsely" before the verb no longer
    hides an acronym's body."""
    texts = (
        "The Democratic candidates predictably criticized the worst policies.",
        "Users can turn on a newly added security feature.",
        "A report by the United Nations (UN) falsely blamed President Trump for the detentions.",
        "The family said they were shocked.",
    )
    a = find_attributions(_sentences(*texts))
    assert a[["sent_id", "source", "cue"]].values.tolist() == [
        [0, "The Democratic candidates", "criticized"],
        [2, "A report by the United Nations (UN)", "blamed"],
        [3, "The family", "said"],
    ]


def test_a_possessive_subject_keeps_its_noun():
    """The subject of a participle was cut at a possessive ("China’s" for "China’s economy")."""
    texts = ("China’s economy has been slowing since last year, suggesting that stimulus measures "
             "have failed.",)
    a = find_attributions(_sentences(*texts))
    assert a[["source", "cue", "pattern"]].values.tolist() == [
        ["China’s economy", "suggesting", "participle"]]


def test_sentence_adverb_asides_and_interposed_reporting_clauses():
    """"The opposition, meanwhile, said" had no row and "X, however, has accused the minister
    of" had the minister as its source; "The plan, he said, was “dead in the water”" read the
    quote as a scare quote: an interposed clause's content is the sentence around it."""
    texts = (
        "The opposition, meanwhile, said the plan was dead.",
        "The Conservative opposition, however, has accused the minister of “hiding behind the "
        "WHO”.",
        "The plan, he said, was “dead in the water” and would not return.",
        "Scores were hurt, the ministry said, and fled.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    assert a[["sent_id", "source", "cue", "source_type"]].values.tolist() == [
        [0, "The opposition", "said", "named_institution"],
        [1, "The Conservative opposition", "accused", "named_institution"],
        [2, "he", "said", "named_person"],
        [3, "the ministry", "said", "named_institution"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[["sent_id", "kind", "speaker"]].values.tolist() == [
        [1, "speech", "The Conservative opposition"], [2, "speech", "he"]]


def test_a_mission_or_committee_heads_its_prepositional_phrases():
    """"The election observation mission of the Organization for Security and Co-operation in
    Europe (OSCE) said" had "Co-operation in Europe (OSCE)" as its source."""
    texts = ("The election observation mission of the Organization for Security and Co-operation "
             "in Europe (OSCE) said the election was fair.",)
    a = find_attributions(_sentences(*texts))
    assert a["source"].tolist() == [
        "The election observation mission of the Organization for Security and Co-operation in "
        "Europe (OSCE)"]


def test_told_that_without_a_teller_is_agentless_and_the_agent_comes_before_its_content():
    """"they're constantly told that …" names no teller (hedges 2.4.0): an agentless, vague
    attribution whose content follows "that"; "were told by officials that …" had "Reporters
    were" as its content."""
    texts = (
        "Even when Republicans are in power, they're constantly told that the left is "
        "persecuting Christians.",
        "Reporters were told by officials that the meeting was over.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)
    content = [texts[r.sent_id][r.content_start - s["start"][r.sent_id]:
                                r.content_end - s["start"][r.sent_id]] for r in a.itertuples()]
    assert list(zip(a["source"], a["cue"], a["source_type"], a["pattern"], content,
                    strict=True)) == [
        ("", "constantly told that", "vague", "agentless", "the left is persecuting Christians"),
        ("officials", "told", "anonymous", "passive_by", "the meeting was over"),
    ]


def test_a_relative_clause_with_its_object_left_out_has_the_plural_as_source():
    """"a scale health experts describe as unprecedented" had no row (base "describe" before
    "as": reporting_verbs 1.10.0), and "a move critics say will hurt growth" had "a move critics"
    as its source."""
    texts = (
        "The city tested 11 million people, a scale health experts describe as unprecedented.",
        "The bank raised rates, a move critics say will hurt growth.",
        "A senior official said the plan was dead.",
        "It is hard to describe as anything but a failure.",
    )
    a = find_attributions(_sentences(*texts))
    assert a[["sent_id", "source", "cue"]].values.tolist() == [
        [0, "health experts", "describe"],
        [1, "critics", "say"],
        [2, "A senior official", "said"],
    ]


def test_who_s_is_who_has_not_a_possessive():
    """"… who’s argued that …" had no row: "who’s" was read as a possessive before a noun."""
    texts = ("The senator, who’s argued that the treatments have “grave” effects, spoke.",)
    s = _sentences(*texts)
    a = find_attributions(s)
    assert a[["source", "cue"]].values.tolist() == [["The senator", "argued"]]
    assert find_quotes(s, attributions=a)["kind"].tolist() == ["speech"]


def test_review_of_session_12_rules():
    """A review's hard cases for this session's rules (each was wrong after a first version):
    a possessive subject before a finite verb keeps its row; nouns in -ly and pronoun-like
    determiners before an adverb; "they’re told that" is agentless and "told that afternoon" is
    no formula; a relative "that" after a passive's agent; a whole clause before an interposed
    reporting clause; ", however," is no apposition; object relatives after claim; a number
    in an object-gap phrase; "host" before a state; a two-word place before the content."""
    texts = (
        "Trump’s lawyers filed a motion on Friday, arguing that the case should be dropped.",
        "The final tally showed that the incumbent had won.",
        "Some privately warned that the deal would collapse.",
        "They’re constantly told that the left is persecuting Christians.",
        "Staff were told that afternoon that the plant would close.",
        "The appeal was rejected by the court that had convicted him.",
        "The ceasefire is holding, the ministry said, quoted by TASS.",
        "Putin, however, said the talks had failed.",
        "The rules were tightened, but migrants claimed asylum in countries they had passed "
        "through.",
        "A further 200 workers said they would strike.",
        "World Cup host Qatar said the stadiums were ready.",
        "Netanyahu said in Tel Aviv the war would go on.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)

    content = _content_reader(texts, s)

    got = [[r.sent_id, r.source, r.cue, r.source_type, content(r)] for r in a.itertuples()]
    assert got == [
        [0, "Trump’s lawyers", "arguing", "named_person", "the case should be dropped"],
        [1, "The final tally", "showed", "named_institution", "the incumbent had won"],
        [2, "Some", "warned", "vague", "the deal would collapse"],
        [3, "", "constantly told that", "vague", "the left is persecuting Christians"],
        [5, "the court", "rejected", "named_institution", "The appeal"],  # ("was" before session 13)
        [6, "the ministry", "said", "named_institution", "The ceasefire is holding"],
        [7, "Putin", "said", "named_person", "the talks had failed"],
        [9, "A further 200 workers", "said", "anonymous", "they would strike"],
        [10, "Qatar", "said", "named_institution", "the stadiums were ready"],
        [11, "Netanyahu", "said", "named_person", "the war would go on"],  # (empty before session 13)
    ]


def test_quoted_as_saying_is_spoken_by_the_subject():
    """"Lavrov was quoted as saying that …" had no row, and with "by RIA Novosti" after it
    the quote was the agency's: the subject speaks, the agency relays what it said."""
    texts = (
        "Lavrov was quoted as saying that the talks were over.",
        "“The talks are over,” Lavrov was quoted as saying by RIA Novosti.",
        "Russian Foreign Minister Sergei Lavrov was quoted by state news agency TASS as telling "
        "reporters the West had lost.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)

    content = _content_reader(texts, s)

    assert [[r.sent_id, r.source, r.cue, r.pattern, content(r)] for r in a.itertuples()] == [
        [0, "Lavrov", "saying", "source_verb", "the talks were over"],
        [1, "Lavrov", "saying", "content_source_verb", "“The talks are over,”"],
        [2, "state news agency TASS", "quoted", "passive_by", "the West had lost"],
        [2, "Russian Foreign Minister Sergei Lavrov", "telling", "source_verb",
         "the West had lost"],
    ]
    q = find_quotes(s, attributions=a)
    assert q[["kind", "speaker"]].values.tolist() == [["speech", "Lavrov"]]


def test_a_citing_aside_before_the_content_and_which_or_a_dash_after_it():
    """"reported, citing a source, that …" and "told reporters, as quoted by Interfax, that …"
    had no content (or the wrong one) in either row; a content ended in ", which" or a dash
    before the next clause."""
    texts = (
        "The Interfax news agency reported, citing a source, that the talks had been postponed.",
        "Peskov told reporters, as quoted by Interfax, that the talks were over.",
        "Kyiv accuses Moscow of war crimes, which the Kremlin denies.",
        "Trump touted his order for a payroll tax “holiday”—which experts noted would have to be "
        "paid back.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)

    content = _content_reader(texts, s)

    assert [[r.sent_id, r.cue, content(r)] for r in a.itertuples()] == [
        [0, "reported", "the talks had been postponed"],
        [0, "citing", "the talks had been postponed"],
        [1, "told", "the talks were over"],
        [1, "quoted", "the talks were over"],
        [2, "accuses", "Moscow of war crimes"],
        [2, "denies", "Kyiv accuses Moscow of war crimes"],
        [3, "touted", "his order for a payroll tax “holiday”"],
        [3, "noted", "would have to be paid back"],
    ]


def test_a_quantity_after_the_verb_opens_the_content():
    """"The UN said at least 30 people had died" had no content: "at" was read as a preposition
    that closes the clause ("said at a press conference.")."""
    texts = (
        "The UN said at least 30 people had died.",
        "The ministry said over 1,000 troops had crossed.",
        "At least 30 people died, the UN said at a briefing.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)

    content = _content_reader(texts, s)

    assert [[r.pattern, content(r)] for r in a.itertuples()] == [
        ["source_verb", "at least 30 people had died"],
        ["source_verb", "over 1,000 troops had crossed"],
        ["content_source_verb", "At least 30 people died"],
    ]


def test_commissive_infinitives_and_contents_after_times_and_phrases():
    """Contents that were empty: "pledged to ban the devices" (and threatened, promised,
    vowed, claims to be), "said Friday Nixon made a mistake", "said on Wednesday at least 100
    million doses …", "said after the vote, the coalition would collapse"; and a hearsay adverb
    dropped as the source's own words no longer cuts its content ("Police said the suspect had
    allegedly stolen a car" had "the suspect had")."""
    texts = (
        "Trump pledged to ban the devices.",
        "Immigration Voice claims to be an independent group.",
        "Trump also said Friday Nixon made a mistake.",
        "Trump said on Wednesday at least 100 million doses could be distributed.",
        "Officials said after the vote, the coalition would collapse.",
        "The minister said in a statement, adding that it was over.",
        "The administration said under the new agreement, the U.S. would work with Sudan.",
        "Police said the suspect had allegedly stolen a car.",
        "The group claims to be independent, but reportedly works with the industry.",
    )
    s = _sentences(*texts)
    a = find_attributions(s)

    content = _content_reader(texts, s)

    assert [[r.sent_id, r.cue, content(r)] for r in a.itertuples()] == [
        [0, "pledged", "to ban the devices"],
        [1, "claims", "to be an independent group"],
        [2, "said", "Nixon made a mistake"],
        [3, "said", "at least 100 million doses could be distributed"],
        [4, "said", "after the vote, the coalition would collapse"],
        [5, "said", ""],
        [5, "adding", "it was over"],
        [6, "said", "under the new agreement, the U.S. would work with Sudan"],
        [7, "said", "the suspect had allegedly stolen a car"],
        [8, "claims", "to be independent"],
        [8, "reportedly", texts[8].rstrip(".")],
    ]


def _content_gold(rows: list[tuple[int, str, str, str]]) -> pd.DataFrame:
    """Gold attribution rows (sentence, cue, source, content) for the one document of
    ``_sentences``."""
    return pd.DataFrame([
        {"corpus": "t", "doc_id": "t", "sent_id": i, "record": "attribution", "cue": cue,
         "cue_occurrence": 1, "source": source, "source_type": "named_person",
         "verb_stance": "neutral", "content": content}
        for i, cue, source, content in rows
    ])


def test_content_agreement_is_counted_in_words_without_the_cue_and_source():
    sents = _sentences(
        "He said that the plan was dead.",
        "The plan, he said, was dead.",  # interposed: the whole span, his words not counted
        "“We will win,” Zelensky said on Monday.",  # quote marks and commas are not words
        "He said so.",  # the content is not in the sentence
        "Officials said the strike killed 12 people on a night of heavy shelling across the "
        "city.",  # the outlet's setting runs on in the prediction
    )
    gold = _content_gold([
        (0, "said", "He", "the plan was dead"),
        (1, "said", "he", "The plan, he said, was dead"),
        (2, "said", "Zelensky", "We will win"),
        (3, "said", "He", "-"),
        (4, "said", "Officials", "the strike killed 12 people"),
    ])
    pred = find_attributions(sents)
    pairs = match_attributions(pred, gold, sents)
    assert pairs["pred_content"].tolist()[:4] == ["the plan was dead", "The plan, he said, was dead",
                                                  "“We will win,”", "so"]
    assert pairs["content_tp"].tolist() == [4, 4, 3, 0, 5]
    assert pairs["content_gold_n"].tolist() == [4, 4, 3, 0, 5]
    assert pairs["content_pred_n"].tolist() == [4, 4, 3, 1, 14]
    m = evaluate_attributions(pred, gold, sents).set_index("metric")
    assert (m.loc["content_word_precision", "n_correct"], m.loc["content_word_precision", "n"]) == (16, 26)
    assert m.loc["content_word_recall", "value"] == 1.0
    assert m.loc["content_word_f1", "value"] == round(2 * (16 / 26) / (16 / 26 + 1), 4)
    assert (m.loc["content_exact", "n_correct"], m.loc["content_exact", "n"]) == (3, 5)


def test_content_is_scored_only_where_it_is_coded(tmp_path):
    sents = _sentences("He said that the plan was dead.", "She said it would pass.")
    gold = _content_gold([(0, "said", "He", "the plan was dead"), (1, "said", "She", "")])
    m = evaluate_attributions(find_attributions(sents), gold, sents).set_index("metric")
    assert m.loc["content_exact", "n"] == 1  # the uncoded row is left out
    no_content = evaluate_attributions(find_attributions(sents), gold.drop(columns="content"), sents)
    assert not no_content["metric"].str.startswith("content").any()
    # a gold file written before the column existed still reads, with nothing coded
    path = tmp_path / "old.csv"
    read_gold(GOLD).drop(columns="content").to_csv(path, index=False)
    assert set(read_gold(path)["content"]) == {""}


def test_a_gold_content_not_in_its_sentence_is_an_error():
    sents = _sentences("He said that the plan was dead.")
    gold = _content_gold([(0, "said", "He", "the plan is dead")])
    with pytest.raises(ParameterError, match=r"'the plan is dead' is not in t sentence 0: copy it"):
        evaluate_attributions(find_attributions(sents), gold, sents)


def test_content_stays_inside_a_relative_clause():
    texts = (
        "The strike, which Ukraine said killed 12, hit a school in Kharkiv.",  # object gap
        "Russia, which denies the accusations, said it would respond.",  # antecedent the source
        "Moscow, which has repeatedly denied targeting civilians, said the strike hit a depot.",
        "The bill, which critics say will hurt growth, passed on Tuesday.",
        "Zelensky, who said that the war, in his view, would end soon, met Trump.",  # an aside
        "Putin said the strike, which killed 12, was justified.",  # not a relative reporting clause
        # between dashes or brackets (a body's "which" between dashes had no row)
        "The ministry — which said the figures were wrong — gave no numbers.",
        "The ministry (which said the figures were wrong) gave no numbers.",
        "Mr Smith (who said the plan was dead) resigned.",
    )
    s = _sentences(*texts)
    out = find_attributions(s)
    content = _content_reader(texts, s)
    assert [(r.cue, content(r)) for r in out.itertuples()] == [
        ("said", "killed 12"),
        ("denies", "the accusations"), ("said", "it would respond"),
        ("denied", "targeting civilians"), ("said", "the strike hit a depot"),
        ("say", "will hurt growth"),
        ("said", "the war, in his view, would end soon"),
        ("said", "the strike, which killed 12, was justified"),
        ("said", "the figures were wrong"), ("said", "the figures were wrong"),
        ("said", "the plan was dead"),
    ]
    assert out["source"].tolist()[-3:] == ["The ministry", "The ministry", "Mr Smith"]


def test_a_place_that_scopes_a_bodys_name_is_not_its_speaker():
    out = find_attributions(_sentences(
        "The Organization for Security and Co-operation in Europe said the vote was free.",
        "Officials in Kyiv said the vote was free.",
        "The Government of Ukraine said the vote was free.",
    ))
    assert out["speaker_actor"].tolist() == ["", "Ukraine", "Ukraine"]
    assert out["source_type"].tolist() == ["named_institution", "anonymous", "named_institution"]


def test_a_place_of_two_words_before_the_content():
    texts = (
        "Netanyahu said in Tel Aviv the war would go on.",
        "Netanyahu told reporters in Tel Aviv the war would go on.",
        "Netanyahu told the BBC in Tel Aviv the war would go on.",
        "Netanyahu told reporters in Kyiv Zelensky would stay.",  # one word, then the subject
        "Zelensky said in Kyiv the talks had failed.",
        # a time after the two-word place (the content started at "Aviv")
        "Netanyahu told reporters in Tel Aviv on Monday the war would go on.",
        "Netanyahu said in Tel Aviv on Monday night the war would go on.",
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    assert [content(r) for r in find_attributions(s).itertuples()] == [
        "the war would go on", "the war would go on", "the war would go on",
        "Zelensky would stay", "the talks had failed",
        "the war would go on", "the war would go on",
    ]


def test_the_content_ends_where_the_outlet_takes_over():
    texts = (
        # the occasion of the speech act
        "The group said the president incites violence in a statement on Wednesday morning.",
        "Trump touted the economy during his State of the Union address on Tuesday.",
        "He told aides to ask China in response to a question about testing.",  # (had none)
        # a new clause of the outlet's
        "Officials called for scaling back policing, and the efforts have gained momentum.",
        "The firm said it would not take part, sparking friction within the industry.",
        "The White House said further talks are required, as it works to reach a deal.",
        # a relative clause or an apposition after the content
        "Biden said he still supported the Hyde Amendment, which prohibits federal funding.",
        "Trump threatened to invoke the Insurrection Act, an 1807 law.",
        # kept: closed by the content's verb, a quote in it, a list, fronted, an aside
        "Officials said the plan, which was drafted in May, was dead.",
        "He says the ice will melt by 2050, which could have “substantial” effects.",
        "She warned impeachment was a waste of time, a divisive exercise, and a distraction.",
        "Patel said that in response to the surge, the government will act.",
        "He said the war, as expected, would go on.",
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    assert [content(r) for r in find_attributions(s).itertuples()] == [
        "the president incites violence",
        "the economy",
        "to ask China",
        "scaling back policing",
        "it would not take part",
        "further talks are required",
        "he still supported the Hyde Amendment",
        "to invoke the Insurrection Act",
        "the plan, which was drafted in May, was dead",
        "the ice will melt by 2050, which could have “substantial” effects",
        "impeachment was a waste of time, a divisive exercise, and a distraction",
        "in response to the surge, the government will act",
        "the war, as expected, would go on",
    ]


def test_a_warning_about_something_and_an_interposed_clause_before_a_contraction():
    texts = (
        "While stressing he is not singling out either party, Cohen warned about the danger "
        "of normalizing extremism.",  # had its content before the clause
        "He warned against taking sides.",
        "The problem, Ocasio-Cortez complained, wasn’t that the cost was high.",
        "The IMF warned of dire consequences if the talks fail.",  # had no row
        "Experts have warned against Russian gas.",
        "The warning of the generals was ignored.",  # a noun: no row
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    assert [content(r) for r in find_attributions(s).itertuples()] == [
        "about the danger of normalizing extremism",
        "against taking sides",
        "The problem, Ocasio-Cortez complained, wasn’t that the cost was high",
        "of dire consequences if the talks fail",
        "against Russian gas",
    ]


def test_content_agreement_of_two_codings():
    sents = _sentences("He said that the plan was dead.", "“We will win,” Zelensky said on Monday.",
                       "Officials said the strike killed 12 people in the night.")
    first = _content_gold([(0, "said", "He", "the plan was dead"), (1, "said", "Zelensky", "We will win"),
                           (2, "said", "Officials", "the strike killed 12 people in the night")])
    second = first.assign(content=["the plan was dead", "“We will win,”",
                                   "the strike killed 12 people"])
    m = content_agreement(first, second, sents).set_index("metric")
    # quote marks and commas are no content words; the third differs by three words
    assert (m.loc["content_coder_exact", "n_correct"], m.loc["content_coder_exact", "n"]) == (2, 3)
    assert (m.loc["content_coder_word_f1", "n_correct"], m.loc["content_coder_word_f1", "n"]) == (12, 27)
    assert m.loc["content_coder_word_f1", "value"] == round(24 / 27, 4)
    with pytest.raises(ParameterError, match="same attributions in the same order"):
        content_agreement(first, second.iloc[::-1], sents)


def test_the_content_of_a_passive_is_its_subject_or_the_noun_it_qualifies():
    texts = (
        "Warren says her plan will cost $20 trillion, a claim questioned by her rivals.",
        "The army shelled the town, a move condemned by the UN.",
        "The plan has been roundly rejected by the Kremlin.",
        "It was reported by Reuters that the talks failed.",
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    got = [(r.cue, content(r)) for r in find_attributions(s).itertuples()]
    assert got == [("says", "her plan will cost $20 trillion"), ("questioned", "a claim"),
                   ("condemned", "a move"), ("rejected", "The plan"),
                   ("reported", "the talks failed")]


def test_a_dateline_a_closing_apposition_and_a_later_clause_bound_the_content():
    texts = (
        "OTTAWA — Senior officials questioned whether the ban would work, according to documents.",
        "PORT SELANG, July 8 (PRNA) — Sundra will impose tariffs on steel, the ministry said.",
        "Two rivals are said to be weighing a campaign, according to a person briefed on it.",
        "Trump described the bank as “a bunch of very slow people,” a line that drew cheers.",
        "NATO said the talks failed.",  # capitals, but no dateline
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    assert [(r.cue, content(r)) for r in find_attributions(s).itertuples()] == [
        ("questioned", "whether the ban would work"),
        ("according to", "Senior officials questioned whether the ban would work"),
        ("said", "Sundra will impose tariffs on steel"),
        ("are said to", "Two rivals are said to be weighing a campaign"),
        ("according to", "Two rivals are said to be weighing a campaign"),
        ("described", "the bank as “a bunch of very slow people,”"),
        ("said", "the talks failed"),
    ]


def test_the_addressee_of_a_promise_is_not_its_content():
    texts = (
        "Trump promised voters he would cut taxes.",  # had "voters he would cut taxes"
        "Trump promised them a vote.",
        "He promised supporters on Monday he would run.",
        "Trump promised a tax cut.",  # no addressee: the object is the content
        "Biden promised to end the war.",
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    assert [content(r) for r in find_attributions(s).itertuples()] == [
        "he would cut taxes", "a vote", "he would run", "a tax cut", "to end the war",
    ]


def test_a_to_infinitive_content_ends_before_the_sources_next_verb_phrase():
    texts = (
        "Trump vowed to cut taxes and made a pledge to voters.",  # ran on to "voters"
        "She vowed as president to hold energy giants liable and then left the stage.",
        "He promised to cut the tax and raised the deficit.",
        # goes on: an infinitive coordinated, a participle as adjective, a quote
        "He vowed to fight and to win.",
        "They pledged to help the displaced and injured people.",
        "He vowed to “fight and crushed them all” today.",
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    assert [content(r) for r in find_attributions(s).itertuples()] == [
        "to cut taxes", "as president to hold energy giants liable", "to cut the tax",
        "to fight and to win", "to help the displaced and injured people",
        "to “fight and crushed them all” today",
    ]


def test_the_antecedent_of_who_keeps_its_prepositional_phrases():
    s = _sentences(
        "The plan drew criticism from Sen. Bob Smith of Ohio, who said it was a mistake.",
        "He spoke to the mayor of Kyiv, who said the city was safe.",  # was "Kyiv", a body
        "She is an opponent of reproductive rights who’s argued that abortion is wrong.",
        "It angered supporters of the president who said the vote was rigged.",  # "of the …"
        "Officials who spoke on condition of anonymity said the talks failed.",
    )
    out = find_attributions(s)
    assert out[["source", "source_type"]].values.tolist() == [
        ["Sen. Bob Smith of Ohio", "named_person"],
        ["the mayor of Kyiv", "named_person"],
        ["an opponent of reproductive rights", "anonymous"],
        ["the president", "named_person"],
        ["Officials", "anonymous"],
    ]


def test_the_outlets_gloss_after_the_content_is_left_out():
    texts = (
        # the seeds' two contents that ran on (the hedge "appears to" was counted as the
        # ministry's, not the tabloid's own)
        "The ministry said it had shot down 337 drones, including over the capital, in what "
        "appears to be the largest drone attack of the war.",
        "The proposal called for Ukraine to cede land Russia has not captured – a longstanding "
        "red line for Kyiv.",
        # kept: a pair of dashes inside the content, a "what" clause that is the source's
        "He said the deal – a compromise – would pass.",
        "He said the vote, in what he called a sham, was rigged.",
    )
    s = _sentences(*texts)
    content = _content_reader(texts, s)
    assert [content(r) for r in find_attributions(s).itertuples()] == [
        "it had shot down 337 drones, including over the capital",
        "Ukraine to cede land Russia has not captured",
        "the deal – a compromise – would pass",
        "the vote, in what he called a sham, was rigged",
    ]
