"""Attribution and hedging: whom each outlet lets speak, how it introduces them, and how
much it vouches for what they say.

:func:`find_attributions` finds the reporting clauses of every sentence and splits each into
**source**, **cue** and **content**. The constructions (``pattern``):

* ``source_verb``: "X said (that) …", "X told reporters …", "X posted on X that …";
* ``content_source_verb``: "“…,” X said", "…, a US official said", "…, Bloomberg reports";
* ``verb_source``: "…, said Starmer";
* ``coordinated`` and ``participle``: "X said … and urged …", "…, adding that …" (the source is
  the earlier one's, or the sentence's subject);
* ``according_to``, ``citing``, ``passive_by``: "according to X", "citing X", "confirmed by X";
* ``agentless``: "it's been claimed", "it is understood", "is said to", "reports suggest", the
  hearsay adverbs "reportedly" and "allegedly", and
  a label in the passive with no agent ("was labelled “extremist”": someone's words, whose
  unsaid).

Cues are lexicon data (``reporting_verbs`` for verbs and their stance, ``hedges`` category
``agentless_attribution`` for the agentless formulas); a reporting verb inside a direct quote
is the quoted speaker's and is skipped. The **source type** (``named_person``,
``named_institution``, ``anonymous``, ``vague``) comes from the actor registry
(:func:`analysis.actors.find_mentions`) and the ``source_cues`` lexicon applied to the source
phrase; "he", "she" and "his spokesman" are resolved to the person named in the previous
sentence. The **verb stance** (``neutral``, ``distancing``, ``endorsing``; ``none`` for
"according to") is the reporting verb's, from the lexicon.

Reading the tables: :func:`attribution_profile` gives, per outlet, the share of attributions
of each source type and stance with the counts behind them; :func:`find_hedges` and
:func:`hedge_rates` tell hedges in the outlet's own voice from hedges on someone else's claim
(inside an attribution's content, or distancing forms such as "reportedly", "if these claims
are true"). The detector is rule-based and reads surface patterns, not syntax: every row keeps
``doc_id, sent_id, start, end`` (the whole clause, offsets into the cleaned text) so
``kwic(sentences, attributions)`` shows the sentences behind each number, and
:func:`evaluate_attributions` scores it against hand annotation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Literal, NamedTuple

import pandas as pd

from analysis._pattern import plural_nouns
from analysis.actors import find_mentions
from analysis.errors import ParameterError, check_choice
from analysis.lexicons import Lexicon, Matcher, compile_matcher, load_lexicon, match_lexicon
from analysis.loaded import compute_loaded_rates, loaded_rates
from analysis.quotes import QuoteSpan, quote_spans_by_doc
from analysis.segment import _token_re, tokenize
from analysis.stats import metric_row
from analysis.wordlists import load_word_list

ATTRIBUTION_COLUMNS = [
    "doc_id",
    "outlet",
    "sent_id",
    "start",
    "end",
    "source",
    "source_start",
    "source_end",
    "source_type",
    "cue",
    "cue_start",
    "cue_end",
    "verb_stance",
    "content_start",
    "content_end",
    "pattern",
    "speaker_actor",
    "speaker_group",
    "speaker_resolution",
]
SOURCE_TYPES = ("named_person", "named_institution", "anonymous", "vague")
#: The shipped lexicons attribution and hedging read (reporting verbs, source cues, hedges).
ATTRIBUTION_LEXICONS = ("reporting_verbs", "source_cues", "hedges")
STANCES = ("neutral", "distancing", "endorsing", "none")
PATTERNS = (
    "source_verb",
    "content_source_verb",
    "verb_source",
    "coordinated",
    "participle",
    "according_to",
    "citing",
    "passive_by",
    "agentless",
)
HEDGE_VOICES = ("outlet", "attributed")

# --------------------------------------------------------------------------------------------
# word classes the surface rules need (closed classes; content words come from the lexicons)

_BE = frozenset("is are was were be been being 's".split())
_HAVE = frozenset("has have had".split())
# words that may stand between a source and its verb ("Zelensky has previously rejected")
_AUX_ADVERBS = frozenset(
    """has have had will would could can may might must shall should did does do also
    previously later already earlier again repeatedly reportedly allegedly publicly privately
    recently just once now still first further subsequently separately openly then not never
    only even himself herself itself themselves long consistently strongly firmly flatly
    categorically initially originally immediately quickly""".split()
)
_DETERMINERS = frozenset(
    "the a an his her its their our my your this these those such one another some several".split()
)
# quantifiers and numbers open a noun phrase as a determiner does ("both sides", "two people
# familiar with"), but are no noun phrase on their own ("they all said")
_COUNTS = frozenset(
    "both all many most few two three four five six seven eight nine ten dozens hundreds".split()
)
_TIME_NOUNS = frozenset(
    "seconds minutes hours days weeks months years decades ago later earlier".split()
)
# units of time that a noun phrase or "that" can open ("a day after the vote", "that night")
_TIME_UNITS = frozenset("day week month year night morning evening afternoon time".split())
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART_OF_DAY = r"(?:night|morning|afternoon|evening)"
# a plain plural ("backbenchers", "spies"; not "news", "status", "minister's")
_PLURAL_WORD = r"[a-z]{2,}[^su\W]s"
_POSSESSIVE_PRONOUNS = frozenset("his her their its".split())
_INDEFINITE = frozenset("a an one another some several two three four".split())
_HONORIFICS = frozenset("mr mrs ms miss dr sir lady lord dame".split())
_INDEFINITE_PERSONS = frozenset("everyone everybody someone somebody anyone anybody those".split())
_PRONOUNS = frozenset("he she they it we i".split())
_CONJUNCTIONS = frozenset("and but or".split())
_PREPOSITIONS = frozenset(
    """of for in on at with from to by about over under into onto between among against during
    following including without within across through toward towards amid despite via per
    near after before like""".split()
)
_BARRIERS = frozenset(
    """and but or nor that which who whom whose while as when where whereas if because although
    though since until so than yet there what how why not no""".split()
) | _BE | _PREPOSITIONS | frozenset("has have had will would could can may might must".split())
# heads that take a prepositional phrase inside a source ("sources close to the Kremlin")
_PP_HEADS = frozenset(
    """close familiar official officials source sources spokesman spokeswoman spokesperson head
    chief minister ministry secretary representative representatives member members people
    person family diplomat diplomats aide aides adviser advisers advisor advisors commander
    ambassador governor office officers pal pals friend friends ally allies colleague colleagues
    insider insiders supporter supporters briefed analysts economists experts researchers scientists
    lawyers staff bosses executives workers employees ombudsman commissioner director
    president chair chairman chairwoman panel consortium relatives families parents researcher
    everyone someone anyone one group coalition thousands hundreds dozens report study survey
    poll polls polling investigation analysis editorial article memo letter surveys studies
    mission delegation committee council commission observers""".split()
)
# extra lower-case words that occur inside source phrases ("a senior EU diplomat")
_SOURCE_WORDS = frozenset(
    """senior top former deputy acting western eastern local regional foreign defence defense
    security intelligence military press region state government border national presidential
    russian ukrainian american european british french german close familiar plc rights human
    civil groups""".split()
)
_SUBORDINATE_OPENERS = frozenset(
    """following after before despite in on at as when while if although though since during
    meanwhile however earlier later speaking asked finally instead indeed moreover nevertheless
    separately similarly likewise ultimately""".split()
)
# words that start the content's subject after an addressee, like pronouns
_CONTENT_SUBJECTS = frozenset("nothing everything something nobody everyone no".split())
_WEEKDAYS = frozenset(_DAY[3:-1].lower().split("|"))
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday yesterday today tonight earlier
    later last this next""".split()
)
# Verbs of speaking that never carry content on their own ("when the pair spoke on Monday").
_NO_CONTENT_VERBS = frozenset("spoke speaking".split())
_CITE_VERBS = frozenset("citing cited cites quoting".split())
# passives of hearsay before "to have" ("is said to have told")
_HEARSAY = frozenset("said reported believed understood thought alleged rumoured rumored".split())
# verbs whose subject is the subject of the infinitive after them ("appeared to rule out")
_RAISING = frozenset("appear appears appeared seem seems seemed".split())
# between a source and "say"/"saying": what it is in the habit of saying ("As McConnell is
# fond of saying, “…”", "as the president likes to say")
_HABITUAL_CUES = frozenset("say saying".split())
_HABITUAL_BEFORE = re.compile(
    r"\s(?:(?:is|was|are|were|has\s+been|have\s+been)\s+(?:(?:so|very|particularly)\s+)?"
    r"(?:fond\s+of|known\s+for)|(?:likes?|liked|loves?|loved|used)\s+to)\s+$"
)

_PUNCT_GAP = re.compile(r"[^\s]")
# after an abbreviation's point, a capitalised plural opens a new sentence ("… based in the U.K.
# Analysts said"), where a name or a title goes on ("U.S. President Donald Trump")
_NEW_SENTENCE = re.compile(r"\s+(?:(The|A|An|It|He|She|They|We|But|And)|([A-Z][a-z]+s))\b")
_SPACE = re.compile(r"\s")
_READ_AHEAD = 30  # characters tokenized at a time when a rule reads on to the right
_START = itemgetter(0)
_QUOTE_OPENERS = "“\"‘"


def _source_words(cues: Lexicon) -> frozenset[str]:
    """Lower-case words that can be part of a source phrase: the words of the source-cue terms,
    name modifiers (titles), the collective nouns of groups ("authorities", "troops") and a few
    adjectives."""
    words = set(_SOURCE_WORDS) | load_word_list("name_modifiers")
    words |= load_word_list("collective_nouns")
    for term in cues.entries["term"]:
        if not term.startswith("re:"):
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", term))
    return frozenset(words - _BARRIERS - _DETERMINERS - _PRONOUNS)


# --------------------------------------------------------------------------------------------
# one sentence


@dataclass
class _Sentence:
    doc_id: str
    outlet: str
    sent_id: int
    offset: int
    text: str
    mentions: list[tuple]  # rows of _mentions_by_sentence (document offsets)
    quotes: list[tuple[int, int]]  # inner spans of balanced quotes, sentence-local
    words: frozenset[str]
    # the tokens of text read so far, a prefix of tokenize(text): the rules read the words up
    # to and around a cue, so the rest of a long sentence is never tokenized
    toks: list[tuple[int, int, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.toks = []
        self._read = 0  # text[:_read] is tokenized; it ends at a space or at the end of text

    def _read_to(self, pos: int) -> bool:
        """Tokenize on to the first space at or after ``pos`` (False if all is read). No
        token crosses a space, so matching up to it finds exactly the tokens tokenize does."""
        if self._read >= len(self.text):
            return False
        space = _SPACE.search(self.text, max(pos, self._read + 1))
        end = space.start() if space else len(self.text)
        if not self._read:  # the fastest pattern that tokenizes text like TOKEN_RE
            self._pattern = _token_re(self.text)
        self.toks += [(m.start(), m.end(), m.group())
                      for m in self._pattern.finditer(self.text, self._read, end)]
        self._read = end
        return True

    def has(self, i: int) -> bool:
        """Whether the sentence has a token ``i`` (read up to it)."""
        while len(self.toks) <= i:
            if not self._read_to(self._read + _READ_AHEAD):
                return False
        return True

    def low(self, i: int) -> str:
        return self.toks[i][2].lower().replace("’", "'")

    def gap(self, a: int, b: int, ignore: str = "") -> bool:
        """Whether text[a:b] holds punctuation (anything but spaces and ``ignore``). The point
        that ends a dotted abbreviation ("U.S.", "U.N.": tokenized as "U.S" and ".") is part of
        the word, not punctuation."""
        if a >= 2 and self.text[a - 2] == "." and self.text[a:a + 1] == "." and self.text[
            a - 1
        ].isupper() and not self._new_sentence(a + 1):
            a += 1
        if not ignore:  # str.isspace and the regex \s take the same characters
            span = self.text[a:b]
            return span != "" and not span.isspace()
        return bool(_PUNCT_GAP.search(self.text[a:b].translate({ord(c): None for c in ignore})))

    def _new_sentence(self, pos: int) -> bool:
        """After an abbreviation's point at ``pos - 1``, a new sentence starts: a capitalised
        function word or a capitalised plural the source words know ("… in the U.K. Analysts
        said"), where a name or a title goes on ("U.S. President Donald Trump", "J.D. Simkins")."""
        m = _NEW_SENTENCE.match(self.text, pos)
        if m is None or m.group(2) is None:
            return m is not None
        plural = m.group(2).lower()
        return plural in self.words or plural in _PP_HEADS

    def mention_covering(self, i: int) -> tuple[int, int] | None:
        """The span (sentence-local) of the first mention that covers token ``i``."""
        o = self.offset
        s, e, _ = self.toks[i]
        s, e = s + o, e + o
        for m in self.mentions:
            if m[0] <= s and e <= m[1]:
                return int(m[0]) - o, int(m[1]) - o
        return None

    def token_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        while (not self.toks or self.toks[-1][0] < pos) and self._read_to(pos):
            pass
        return bisect.bisect_left(self.toks, pos, key=_START)


def _is_possessive(word: str) -> bool:
    # ("who’s argued that" is "who has": the verb of a relative clause, not a noun after a
    # possessive)
    return word.endswith(("’s", "'s")) and len(word) > 2 and word[:-2].lower() != "who"


def _is_nominal(word: str, words: frozenset[str]) -> bool:
    low = word.lower().replace("’", "'")
    return word[:1].isupper() or word[:1].isdigit() or low in words or _is_possessive(word)


def _determiner_near(sent: _Sentence, i: int, reach: int = 3) -> bool:
    """A determiner or possessive within ``reach`` tokens to the left, with nothing between
    that ends a noun phrase: then a lower-case word at ``i`` is a noun ("the border guards")."""
    for j in range(i - 1, max(i - 1 - reach, -1), -1):
        if sent.gap(sent.toks[j][1], sent.toks[j + 1][0]):
            return _plural_possessive(sent, j, j + 1)  # "The Conservatives’ policing spokeswoman"
        low = sent.low(j)
        if low in _DETERMINERS or low in _COUNTS or _is_possessive(sent.toks[j][2]):
            return True
        if low in _BARRIERS:
            return False
    return False


# abbreviated titles before a name ("Rep. Thomas Okafor", "Gov. Ann Lee")
_TITLES = (
    r"(?:Rep|Reps|Sen|Sens|Gov|Gen|Lt|Col|Dr|Mr|Mrs|Ms|Prof|Rev|Sgt|Capt|Adm|Maj|Cmdr|Amb|Hon)"
)
_TITLE_BEFORE = re.compile(r"(?:^|(?<=[\s(“\"‘]))(" + _TITLES + r")\.\s+$")
_TITLE_AFTER = re.compile(_TITLES + r"\.\s+")


def _joins_names(sent: _Sentence, i: int, start: int | None) -> bool:
    """Token ``i`` is an "and" between two names, or two names' phrases: one source ("Trump and
    Macron said", "The United States and the European Union issued") or one name ("The Canadian
    Food and Beverage Alliance")."""
    if start is None or i < 1 or sent.low(i) != "and":
        return False
    before, first = sent.toks[i - 1][2], sent.toks[start][2]
    if sent.low(start) in _DETERMINERS and sent.has(start + 1):
        first = sent.toks[start + 1][2]
    return (
        before[:1].isupper() and before.isalpha() and first[:1].isupper()
        and not sent.gap(sent.toks[i - 1][1], sent.toks[i][0])
        and not sent.gap(sent.toks[i][1], sent.toks[i + 1][0])
    )


_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)


def _inside_title(sent: _Sentence, i: int, start: int | None) -> bool:
    """A lower-case word between a capitalised word and a role word before a name: part of the
    title ("Tory transport spokesman Mark Fennimore", "NURW general secretary Reg Dalton")."""
    return (
        start is not None and i > 0 and sent.low(start) in sent.words
        and sent.toks[i][2].isalpha() and sent.toks[i - 1][2][:1].isupper()
        and sent.low(i - 1) not in _DETERMINERS
        and sent.low(i - 1) not in _TIME_WORDS and sent.low(i - 1) not in _MONTHS
        and not sent.gap(sent.toks[i - 1][1], sent.toks[i][0])
        # not over an opening adverbial without its comma ("In Paris climate envoy …")
        and not (i > 1 and sent.low(i - 2) in _PREPOSITIONS)
    )


def _plural_possessive(sent: _Sentence, i: int, nxt: int) -> bool:
    """Token ``i`` is a plural possessive before token ``nxt`` ("The Police Officers’
    Association", "the steel producers’ association"): its apostrophe is no gap."""
    return sent.toks[i][2][-1:] in ("s", "S") and sent.text[
        sent.toks[i][1] : sent.toks[nxt][0]
    ] in ("’ ", "' ")


def _slash_joined(sent: _Sentence, a: int, b: int) -> bool:
    """Tokens ``a`` and ``b`` are two names joined by a slash ("a Reuters/Ipsos poll", "an NBC
    News/NBC Bay Area investigation"): one phrase."""
    return (sent.text[sent.toks[a][1] : sent.toks[b][0]] == "/"
            and sent.toks[a][2][:1].isupper() and sent.toks[b][2][:1].isupper())


# the head word of a body's name that takes a lower-case preposition inside the name ("Centers
# for Disease Control and Prevention", "Organization for Security and Co-operation in Europe")
_NAME_HEADS = frozenset(
    """academy administration agency alliance assembly association authority bank board bureau
    campaign center centers centre centres church coalition college commission committee
    conference congress corporation council court department federation forum foundation front
    fund institute institution league ministry movement network office organisation
    organization parliament party school service society union university""".split()
)
_IN_BODY_NAMES = frozenset("of for in on".split())
_TITLE_CHAIN_WORDS = frozenset("and of for in on the".split())


def _inside_body_name(sent: _Sentence, i: int, start: int) -> bool:
    """The preposition at token ``i`` is inside the capitalised name of a body, between two
    of its capitalised words, with the body's head word before it ("Centers for Disease
    Control", "Organization for Security and Co-operation in Europe"; not "Trump in Paris")."""
    if sent.low(i) not in _IN_BODY_NAMES or start != i + 1 or not sent.toks[start][2][:1].isupper():
        return False
    for k in range(i - 1, max(i - 9, -1), -1):
        word = sent.toks[k][2]
        if sent.gap(sent.toks[k][1], sent.toks[k + 1][0]):
            return False
        if word[:1].isupper():
            if word.lower() in _NAME_HEADS:
                return True
        elif word not in _TITLE_CHAIN_WORDS or k == i - 1:
            return False
    return False


def _takes_pp(sent: _Sentence, k: int) -> bool:
    """Token ``k`` heads a source that takes a prepositional phrase: a source head ("sources
    close to", "the head of"), or a plural noun the lexicons do not know ("Senior figures in
    the party said", "Stars of the show said": the source is not the party or the show)."""
    low = sent.low(k)
    if low in _PP_HEADS:
        return True
    if low in _SAID or low in _PAST_VERBS or sent.low(k + 1) == "by" or sent.gap(
        sent.toks[k][1], sent.toks[k + 1][0]
    ):
        return False
    if (sent.toks[k][2].islower() or k == 0) and _PLURAL.fullmatch(low) is not None:
        return True  # (a capitalised one is a name: not "in Paris, with French officials")
    # a singular noun after a determiner that opens the clause, with a determiner or a name
    # after its preposition: "The mother of the victim said" (not "A lack of trust said")
    return (
        k >= 1 and sent.toks[k][2].isalpha() and sent.toks[k][2].islower()
        and sent.low(k - 1) in ("the", "a", "an") and sent.has(k + 2)
        and (sent.low(k + 2) in _DETERMINERS or sent.toks[k + 2][2][:1].isupper())
        and (k == 1 or _LEAD_OPENS.search(sent.text, 0, sent.toks[k - 1][0]) is not None)
    )


def _left_np(sent: _Sentence, j: int) -> tuple[int, int] | None:
    """The noun phrase ending with token ``j`` (token indices), read leftwards over names,
    titles, source words, determiners and prepositional phrases a source head takes."""
    start: int | None = None
    joined = None  # the first token after the last "and" that joined two names
    i = j
    while i >= 0 and j - i < 14:
        if start is not None and sent.gap(sent.toks[i][1], sent.toks[start][0]) and not (
            _plural_possessive(sent, i, start) or _slash_joined(sent, i, start)
        ):
            break
        m = sent.mention_covering(i)
        if m is not None:
            start = sent.token_index(m[0])
            i = start - 1
            continue
        low, word = sent.low(i), sent.toks[i][2]
        if low in _PREPOSITIONS:
            if start is not None and i > 0 and (
                _takes_pp(sent, i - 1)
                # a title-case name: "Doctors Without Borders", "Reporters Without Borders"
                or (word[:1].isupper() and sent.toks[i - 1][2][:1].isupper())
                or _inside_body_name(sent, i, start)
            ):
                start, i = i, i - 1
                if sent.low(i) not in _PP_HEADS and not word[:1].isupper():
                    start, i = i, i - 1  # the plural itself, which no other test takes
                continue
            break
        if low in _COUNTS and start is not None:
            start, i = i, i - 1  # "The two leaders", "Russia's two biggest banks"
            continue
        if low in _TIME_NOUNS:
            break  # "Within two hours police said": the time is no part of the source
        if low in _DETERMINERS:
            start = i
            # "people familiar with the matter": a determiner after an absorbed preposition
            if i >= 2 and sent.low(i - 1) in _PREPOSITIONS and _takes_pp(sent, i - 2):
                i -= 1
                continue
            if _joins_names(sent, i - 1, start):  # "The United States and the European Union"
                joined, i = start, i - 1
                continue
            break
        if low in _PRONOUNS:
            return (i, i) if start is None else None
        if _joins_names(sent, i, start):  # "Trump and Macron", "Food and Beverage Alliance"
            joined, start, i = start, i, i - 1
            continue
        if low in _BARRIERS and not (word.isupper() and len(word) > 1):  # not "the WHO"
            break
        if _is_nominal(word, sent.words) or (
            low not in _SAID and low not in _PAST_VERBS and _determiner_near(sent, i, 4)
            # (not "the talks said X", "The chancellor met Yellen and Lagarde said")
        ) or _inside_title(sent, i, start) or (
            # a plain plural after a source head's "of": "A consortium of banks said"
            i == j and i >= 2 and sent.low(i - 1) == "of" and sent.low(i - 2) in _PP_HEADS
            and _PLURAL.fullmatch(word) is not None
        ) or (
            # a headline's agent noun after a capitalised word: "Yale psychiatrist explains"
            i == j == 1 and word.isalpha() and sent.toks[0][2][:1].isupper()
            and _AGENT_NOUN.search(low) is not None
        ):
            start, i = i, i - 1
            continue
        break
    if joined is not None and start is not None and start > 0 and sent.toks[start - 1][2].islower(
    ) and not sent.gap(sent.toks[start - 1][1], sent.toks[start][0]):
        # the first name is an object ("Starmer spoke to Zelensky and Macron said", "opposed by
        # Labour and the SNP said"): only the second is the source
        start = joined
    p = sent.toks[start][0] if start is not None else 0
    # (looked for only after ". ", in the few characters a title takes)
    if p >= 3 and sent.text[p - 2] == "." and sent.text[p][:1].isupper():
        title = _TITLE_BEFORE.search(sent.text, max(0, p - 8), p)
        if title is not None:
            start = sent.token_index(title.start(1))  # "Rep. Thomas Okafor"
    return None if start is None else (start, j)


def _right_np(sent: _Sentence, pos: int) -> tuple[int, int] | None:
    """The noun phrase starting at the first token at or after ``pos`` (token indices)."""
    j = sent.token_index(pos)
    if not sent.has(j) or sent.gap(pos, sent.toks[j][0]):
        return None
    end: int | None = None
    determiner = False
    i = j
    title = _TITLE_AFTER.match(sent.text, sent.toks[j][0])
    if title is not None:  # "said Gov. Ann Lee": the title's point is no break
        i = sent.token_index(title.end())
        if not sent.has(i) or not sent.toks[i][2][:1].isupper():
            return None
        end = i - 1
    while i - j < 12 and sent.has(i):
        if i > j and sent.gap(sent.toks[i - 1][1], sent.toks[i][0]) and not (
            title is not None and sent.toks[i][0] == title.end()
        ) and not _slash_joined(sent, i - 1, i):
            break
        m = sent.mention_covering(i)
        if m is not None:
            i = sent.token_index(m[1])
            end = i - 1
            continue
        low, word = sent.low(i), sent.toks[i][2]
        if low in _WEEKDAYS and end is not None and end == i - 1 and sent.low(end) in _PP_HEADS:
            i += 1  # "a report Thursday in the New York Times": the day is no part of it
            continue
        if low in _PREPOSITIONS:
            if end is not None and sent.low(end) in _PP_HEADS and (
                end == i - 1 or (end == i - 2 and sent.low(i - 1) in _WEEKDAYS)
            ):
                i, determiner = i + 1, False
                continue
            if low == "of" and end is None and i > j and sent.low(i - 1) in _PARTITIVES:
                i += 1  # "some of her rivals", "two of the judges"
                continue
            break
        if low in _DETERMINERS or (low in _COUNTS and end is None):
            determiner, i = True, i + 1
            continue
        if low in _PRONOUNS and end is None and not determiner:
            return (j, i)
        if low in _BARRIERS:
            break
        if _is_nominal(word, sent.words) or (
            # a plain plural after a lower-case source word: "According to white nationalists"
            not determiner and end == i - 1 and sent.toks[end][2].islower()
            and not sent.low(end).endswith("s") and low in plural_nouns() and (
                # (after a body's word only its members: "company executives", "party members";
                # not "government figures")
                (sent.low(end) not in _BODY_HEADS and sent.low(end) not in _WHICH_HEADS)
                or low in _PP_HEADS or low in _PEOPLE_PLURALS
            )
        ):
            end, i = i, i + 1
            continue
        if determiner and end is not None and (
            low.endswith("ed") or low in _IRREGULAR_PARTICIPLES or low in _SAID
            or low in _SPEAKING or low in _EVIDENTIAL
        ):
            break  # a verb after the determiner's nouns ("the talks failed", "… found", "… left",
            # "the company suggests")
        if determiner:
            # the determiner's noun ("the army"); a second lower-case word after it is more
            # likely a verb ("the draft included")
            end, i, determiner = i, i + 1, False
            continue
        break
    return None if end is None else (j, end)


def _sentence_subject(sent: _Sentence, *, speaking: bool = False) -> tuple[int, int] | None:
    """The subject noun phrase at the start of the sentence (after a leading adverbial
    clause ending in a comma: "Following talks …, the Ukrainian leader …"; after "But" or
    "And" when ``speaking``, for a participle of speaking: "But Ms Carver hit back,
    insisting …", not "But the shares fell, suggesting …")."""
    if not sent.has(0):
        return None
    pos = sent.toks[0][0]
    if sent.low(0) in _SUBORDINATE_OPENERS:
        comma = sent.text.find(",")
        if comma < 0:
            return None
        pos = comma + 1
    elif sent.low(0) in _CONJUNCTIONS and sent.has(1) and speaking:
        pos = sent.toks[1][0]  # "But Ms Carver hit back, insisting …"
    np = _right_np(sent, pos)
    if np is not None and _is_possessive(sent.toks[np[1]][2]):
        # the possessor is no subject: "China’s economy has been slowing, suggesting …"
        # (one lower-case noun; anything else leaves the possessor, as before)
        n = np[1] + 1
        if sent.has(n) and sent.toks[n][2].isalpha() and sent.toks[n][2].islower() and (
            sent.low(n) not in _NOT_OWNED
        ) and not sent.gap(sent.toks[np[1]][1], sent.toks[n][0]):
            np = (np[0], n)
    return np


# words that end the noun after a possessive subject
_NOT_OWNED = _AUX_ADVERBS | _BE | _HAVE | _PREPOSITIONS | _CONJUNCTIONS


# --------------------------------------------------------------------------------------------
# finding the clauses of one sentence


@dataclass
class _Attr:
    cue: tuple[int, int]
    stance: str
    pattern: str
    source: tuple[int, int] | None  # sentence-local character span
    lead: int  # where the clause begins, to bound the content of the clause before it
    content: tuple[int, int] = (0, 0)
    side: str = "after"  # where the content is: after, before, whole, label (set already)


def _chars(sent: _Sentence, np: tuple[int, int] | None) -> tuple[int, int] | None:
    if np is None:
        return None
    end = sent.toks[np[1]][1]
    if not sent.gap(end, end + 1) and sent.text[end:end + 1] == ".":
        end += 1  # the point of a dotted abbreviation ("the U.N.")
    return sent.toks[np[0]][0], end


def _inside_quote(sent: _Sentence, s: int, e: int) -> bool:
    """A cue inside a direct quote is the quoted speaker's, unless the quote starts with it
    (Lavrov has “ruled out European peacekeepers”: the outlet quotes the predicate)."""
    for qs, qe in sent.quotes:
        if qs <= s and e <= qe:
            return sent.text[qs:s].strip() != ""
    return False


def _token_before(sent: _Sentence, pos: int) -> int:
    """Index of the last token starting before ``pos`` (-1 if none)."""
    return sent.token_index(pos) - 1


_OF = re.compile(r"\s+of\b")
# a warning of quoted words: the words are the content ("tech giants warn of ‘innovation tax’")
_WARN_OF_QUOTE = re.compile(r"\s+of\s+(?:an?\s+|the\s+)?[“\"‘]")
_WARNING = frozenset("warn warns warned warning".split())
_BY = re.compile(r"\s+by\s+")
# plural nouns of texts, records and figures before the verb "show" ("Polls show", ", court
# records show,"); after anything else "show" is mostly a noun or an infinitive
_EVIDENCE_PLURALS = frozenset(
    """polls surveys studies records data figures numbers statistics documents reports results
    emails messages texts transcripts filings images photos photographs videos footage
    tests analyses estimates projections models findings memos letters papers accounts
    minutes logs receipts""".split()
)
# a lower-case noun after a count and a participle ("15 confirmed cases"), not a determiner,
# a pronoun, "that" or an -ing verb ("Two confirmed the report", "Three reported seeing")
_ADJECTIVE_AFTER_COUNT = re.compile(
    r"\s+(?!(?:the|a|an|this|that|these|those|his|her|their|its|our|it|they|he|she|we)\b)"
    r"[a-z]+\b(?<!ing)(?![^.;:“\"]{0,60}\bthat\b)"
)
# the participles that modify a counted noun ("15 confirmed cases", "two alleged victims");
# not "Two warned ministers that"
_ADJECTIVAL_PARTICIPLES = frozenset(
    """confirmed reported alleged suspected claimed estimated expected projected announced
    proposed rumoured rumored documented recorded""".split()
)
_UP = re.compile(r"\s+up\b")
# words before "shows" that make it the noun ("TV shows", "talk shows")
_SHOW_KINDS = frozenset(
    "tv talk game reality chat cooking quiz radio television road trade fashion air comedy "
    "news breakfast morning late-night".split()
)


def _warns_of_quote(sent: _Sentence, s: int, e: int) -> bool:
    """The cue at ``s:e`` is a warning of quoted words: its content is the quote after "of"."""
    return sent.text[s:e].lower() in _WARNING and _WARN_OF_QUOTE.match(sent.text, e) is not None


# passives whose "that" after the agent opens their content ("It was reported by Reuters that")
_SAYING_PASSIVES = frozenset(
    """told informed assured reassured reminded warned briefed said reported announced claimed
    stated suggested argued alleged""".split()
)
# "Lavrov was quoted as saying", "was quoted by RIA Novosti as saying": the subject speaks
_QUOTED_AS = re.compile(
    r"\b(?:was|were|is|are|been|being)\s+(?:(?:widely|also|later|reportedly|then)\s+)?quoted"
    r"(?:\s+by\s+[^,;:“”\"]{1,60}?)?\s+as\s+$"
)
_AS_SAYING = re.compile(r"\s+as\s+(?:saying|telling)\b")


def _from_verb(sent: _Sentence, s: int, e: int, stance: str, found: list[_Attr]) -> _Attr | None:
    """The attribution a reporting-verb (or attribution-phrase) hit heads, if it heads one."""
    cue = sent.text[s:e].lower()
    if cue in _NO_CONTENT_VERBS or _inside_quote(sent, s, e):
        return None
    j = _token_before(sent, s)
    opener = _QUOTE_OPENERS if any(qs == s for qs, _ in sent.quotes) else ""
    adjacent = j >= 0 and not sent.gap(sent.toks[j][1], s, opener)
    if adjacent and (sent.low(j) in _DETERMINERS or _is_possessive(sent.toks[j][2])) and not (
        sent.low(j) in _SOME_PEOPLE and cue in _BASE_SAYING
    ):
        return None  # a noun: "these claims", "the alleged attack", "Russia's demands"
    if _OF.match(sent.text, e) and cue not in _WARNING:
        return None  # "claims of genocide" (but "warned of a recession" states its content)
    if cue in _CITE_VERBS and adjacent and sent.low(j) in _BE:
        return None  # "he was quoting Shakespeare"
    if cue in _HEARSAY and _TO_BE_OR_HAVE.match(sent.text, e):
        return None  # "Dozens of homes said to be at risk were evacuated": a reduced passive
    if adjacent and cue in _ADJECTIVAL_PARTICIPLES and (
        sent.toks[j][2][:1].isdigit() or sent.low(j) in _COUNTS
    ) and _ADJECTIVE_AFTER_COUNT.match(sent.text, e):
        return None  # "only 15 confirmed coronavirus cases", "two reported deaths": adjectives
    if cue in ("shows", "show") and adjacent and (
        sent.low(j) in _SHOW_KINDS or sent.low(j) in _COUNTS or sent.toks[j][2].isdigit()
    ):
        return None  # "one of his favorite TV shows to spread the message": the noun
    if cue == "show" and not (adjacent and sent.low(j) in _EVIDENCE_PLURALS):
        return None  # "the show", "to show that", "They show up": only "Polls show", "data show"
    if cue in ("show", "shows") and _UP.match(sent.text, e):
        return None  # "Polls show up in every campaign email": a phrasal verb
    if cue in ("calls on", "call on") and not _calls_on_someone(sent, s, e, j, adjacent):
        return None  # "Calls on social media to …", "Fresh calls on", "calls on the phone"
    if cue == "quoting" and not sent.text[:s].rstrip().endswith(","):
        return None  # ", quoting officials, said"; not "Quoting the Bible is", "kept quoting"
    if cue in ("saying", "telling"):
        quoted = _QUOTED_AS.search(sent.text, max(0, s - 90), s)
        if quoted is not None:  # "Lavrov was quoted (by RIA) as saying": Lavrov speaks
            k = _token_before(sent, quoted.start())
            src = _chars(sent, _over_prepositions(sent, _left_np(sent, k))) if k >= 0 else None
            return None if src is None else _Attr((s, e), stance, "source_verb", src, src[0])
    if cue in _CITE_VERBS or cue == "according to":
        src = _released_by(sent, e) or _chars(sent, _right_np(sent, e))
        pattern = "citing" if cue in _CITE_VERBS else "according_to"
        return None if src is None else _Attr((s, e), stance, pattern, src, s)
    label = _LABEL_NEXT.match(sent.text, e) if cue in _LABELLING else None
    if label is not None:  # "what X called “…”", "was branded a “…” by X", not "dubbed “…”"
        return _bare_label(sent, s, e, stance, j, label, found)
    by = _BY.match(sent.text, e)
    if by is not None and (
        cue in _NOT_SPEECH_BY or (cue == "confirmed" and _LEGISLATURE.match(sent.text, by.end()))
    ):
        return None  # "threatened by Islam", "confirmed by the Senate": no one's words
    if by is not None and adjacent and sent.low(j) in _BE | {"as"}:
        # "was confirmed by the Kremlin", "as reported by Reuters" (not "said by phone")
        src = _chars(sent, _right_np(sent, by.end()))
        if src is None or _BY_TIME.match(sent.text, src[0]):
            return None
        # "Reporters were told by officials that …": a verb of saying's content follows the
        # agent (not "rejected by the court that had convicted him": a relative clause); and
        # "was quoted by RIA as saying …": the relay's content is what the quoted one said
        side = "after" if (
            cue in _SAYING_PASSIVES and _REPORTED_NEXT.match(sent.text, src[1])
        ) or (cue == "quoted" and _AS_SAYING.match(sent.text, src[1])) else "before"
        return _Attr((s, e), stance, "passive_by", src, s, side=side)
    if (
        by is not None and adjacent and cue not in ("said", "told", "wrote")
        and (cue.endswith("ed") or cue in _IRREGULAR_PARTICIPLES)
        and sent.toks[j][2].islower() and sent.low(j) not in _PRONOUNS
        and sent.low(j) not in _CONJUNCTIONS  # ("have been put forward and rejected by Kyiv")
    ):
        # a reduced passive after a noun: "a claim questioned by some of her rivals", "figures
        # disputed by the opposition": the agent is the source, not the noun
        np = _right_np(sent, by.end())
        if np is not None:  # the agent ends before the main verb ("the council avoids")
            for i in range(np[0] + 1, np[1] + 1):
                if (sent.low(i).endswith("s") and sent.toks[i][2].islower()
                        and sent.low(i) not in plural_nouns()
                        and sent.toks[i - 1][2].islower() and sent.low(i - 1) in sent.words):
                    np = (np[0], i - 1)
                    break
        src = _chars(sent, np)
        if src is None or _BY_TIME.match(sent.text, src[0]) or not (
            _may_speak(sent, np[0])
        ):
            return None  # ("reported by region", "announced by email"; "by witnesses" speaks)
        return _Attr((s, e), stance, "passive_by", src, s, side="before")
    if cue in _PUBLISHING and (
        _IN_A_TEXT.search(sent.text, max(0, s - 40), s)
        or (_TEXT_NOUN_BEFORE.search(sent.text, max(0, s - 16), s)
            and _THEN_ITS_VERB.match(sent.text, e))
    ):
        # a participle: "said in a statement posted on its website that", "A statement posted
        # on its website said" (the statement, with its participle, is the source of "said")
        return None
    return _with_left_source(sent, s, e, stance, j, opener, found)


_NOT_AN_ADDRESSEE = re.compile(
    r"\s+(?:the\s+)?(?:phone|telephone|line|radio|air|social\s+media|Twitter|Facebook|X|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


# "Some argue the bill is unconstitutional", "Some say that": a group, not a determiner
_SOME_PEOPLE = frozenset("some many most few others".split())
_BASE_SAYING = frozenset("say argue claim warn insist predict concede believe fear".split())
_TO_BE_OR_HAVE = re.compile(r"\s+to\s+(?:be|have)\b")
_CALLS_ADJECTIVES = frozenset(
    """fresh mounting repeated growing renewed new further increasing urgent loud louder many
    more several numerous earlier recent""".split()
)


def _calls_on_someone(sent: _Sentence, s: int, e: int, j: int, adjacent: bool) -> bool:
    """Whether present "calls on" is a verb with its addressee: after a subject (a pronoun,
    a capitalised word inside the sentence or a source word) or after the comma closing a
    relative clause or an apposition; not the noun opening the sentence or after an adjective
    or a number, nor "calls on the phone"."""
    if j < 0 or _NOT_AN_ADDRESSEE.match(sent.text, e):
        return False
    if not adjacent:  # after a relative clause or an apposition: "The petition, which …, calls"
        return sent.text[sent.toks[j][1] : s].strip() == ","
    word, low = sent.toks[j][2], sent.low(j)
    if low in _CALLS_ADJECTIVES or word[:1].isdigit():
        return False  # "Fresh calls on", "300 calls on Monday"
    return (
        low in _PRONOUNS or low in sent.words or word[:1].isupper()  # "Amnesty calls on"
        or (j > 0 and sent.low(j - 1) in _DETERMINERS)  # "The resolution calls on"
    )


# a text a source speaks in, right before a participle that tells where it appeared
_IN_A_TEXT = re.compile(
    r"\b(?:in|on|via|through)\s+(?:an?|the|its|his|her|their)\s+(?:[\w-]+\s+)?"
    r"(?:statement|post|letter|message|video|email|interview|tweet|note|article|op-ed)\s+$",
    re.IGNORECASE,
)


def _on_board(sent: _Sentence, src: tuple[int, int]) -> tuple[int, int] | None:
    """"Passengers on board", "Those on board": the people with their adverbial "on board"."""
    if sent.text[src[0] : src[1]].lower() != "board" or not sent.text[: src[0]].endswith("on "):
        return None
    k = sent.token_index(src[0]) - 2  # the token before "on"
    np = _left_np(sent, k) if k >= 0 else None
    # (the people only: "board" would type them as a body)
    return None if np is None else (sent.toks[np[0]][0], sent.toks[np[1]][1])


# one lower-case word right after a preposition: the preposition's object, not a source
_LONE_OBJECT = re.compile(r".*\b(?:on|of|in|aboard|at|for)\s+[a-z]+", re.DOTALL)
_PUBLISHING = frozenset("posted published released issued shared circulated tweeted sent".split())
_TEXT_NOUN_BEFORE = re.compile(
    r"\b(?:statement|post|letter|message|video|email|tweet|note|memo|report)\s+$", re.IGNORECASE
)
_THEN_ITS_VERB = re.compile(
    r"\s+(?:on|in|to|by|at|online)\b(?:(?!\bthat\b(?!\s+(?:night|day|morning|evening|"
    r"afternoon|week|month|year)\b))[^,;:“”\"]){0,60}?\s(?:said|says|stated|states|warned|"
    r"warns|claimed|claims|added|urged|urges|read|reads)\b"
)


# a text and who put it out: "according to extracts released by Downing Street", "citing
# documents seen by Reuters", "court documents filed by prosecutors"
_TEXT_AND_AGENT = (
    r"(?:(?:an?|the|two|three|four|five|several|some|internal|leaked|secret)\s+)?"
    r"(?:(?:internal|leaked|secret|confidential)\s+)?(?:[a-z]{3,}\s+)?"
    r"(?:" + _PLURAL_WORD + r"|memo|report|document|letter|email|study|survey|assessment|"
    r"briefing|dossier|data|decree|draft)\s+(?:released|published|issued|obtained|seen|leaked|"
    r"shared|circulated|filed|compiled|collected|gathered|provided|prepared)\s+by\s+"
)
_RELEASED_BY = re.compile(r"\s+" + _TEXT_AND_AGENT)
# the same as a source phrase; group 1: the agent is capitalised (a body, not "prosecutors")
_TEXT_BY = re.compile(_TEXT_AND_AGENT + r"(?:the\s+)?([A-Z])?")


def _released_by(sent: _Sentence, e: int) -> tuple[int, int] | None:
    """A source that is a text and who put it out: a plain plural or a document noun, a
    participle and its agent ("figures released by the ONS", "an internal memo obtained by the
    Courier")."""
    m = _RELEASED_BY.match(sent.text, e)
    if m is None:
        return None
    agent = _right_np(sent, m.end())
    if agent is not None:
        end = sent.toks[agent[1]][1]
    else:  # a plain plural agent: "court documents filed by prosecutors"
        plural = _PLURAL.match(sent.text, m.end())
        if plural is None:
            return None
        end = plural.end()
    text = m.group()
    return (e + len(text) - len(text.lstrip()), end)


# labelling verbs (the reporting_verbs entry that takes them); with the quoted label right after
# the verb, the label has no object before it
_LABELLING = frozenset(
    "call called calls calling brand branded brands branding label labelled labeled labels "
    "labelling labeling dub dubbed dubs dubbing".split()
)
# (an apostrophe inside a word is not a closing mark: “the snoopers’ charter”)
_LABEL_NEXT = re.compile(r"\s+(?:(?:a|an|as)\s+)?[“\"‘]((?:[^”\"’]|’(?=[\w ]\w)){1,80})[”\"’]")
# verbs whose agent in the passive is no speaker ("perceived to be threatened by Islam")
_NOT_SPEECH_BY = frozenset("threatened threatening".split())
# a legislature's vote on an appointment ("the first … secretary confirmed by the Senate")
_LEGISLATURE = re.compile(
    r"(?:the\s+)?(?:Senate|Congress|Parliament|parliament)\b(?!['’]s)(?!\s+(?:[A-Z]|(?:of|"
    r"majority|minority|committee|aides?|staff|clerk|leaders?|office|spokes\w+|intelligence|"
    r"health|library|press|budget|finance|judiciary|panel|members?|sources?|officials?|"
    r"investigators?|ethics|foreign|armed|banking|commerce|rules)\b))"
)
# "by the time …", "by 2023": not an agent
_BY_TIME = re.compile(r"(?:the\s+)?(?:time|end|start|middle|beginning|close)\b|\d", re.I)
_RELATIVE_BEFORE = re.compile(r"\b(?:what|which|that|whom|who)\s+(?:[\w’'.-]+\s+){1,4}$", re.I)


def _bare_label(
    sent: _Sentence, s: int, e: int, stance: str, j: int, label: re.Match, found: list[_Attr]
) -> _Attr | None:
    """A labelling verb right before its quoted label: the label is a source's words in a
    relative clause ("what Zelensky called “a turning point”", "which critics have called …")
    or in the passive, with its agent ("was branded a “war criminal” by the court") or with its
    source left unsaid ("was labelled “extremist” last year": an agentless attribution, the
    distancing of "it has been claimed", whose content is the label); after a noun it names a
    thing ("an operation dubbed “Spiderweb”"), no attribution. A passive without an agent
    names, too ("is called “levelling up”", "was dubbed “omicron”"), unless the verb is one of
    branding or labelling or the label is "a …" ("was called “a hero”")."""
    if j >= 0 and sent.low(j) in _BE:
        by = _BY.match(sent.text, label.end())
        if by is not None and not _BY_TIME.match(sent.text, by.end()):
            # the agent: a noun phrase, or a bare plural ("by ministers", "by some")
            src = _chars(sent, _right_np(sent, by.end()) or _bare_agent(sent, by.end()))
            return None if src is None else _Attr((s, e), stance, "passive_by", src, s)
        inner = label.group(1).lstrip()
        article = label.group(0).split()[0].lower() in ("a", "an") or inner.lower().startswith(
            ("a ", "an ")
        )
        verb = sent.text[s:e].lower()
        if not inner[:1].islower() or not (verb.startswith(("brand", "label")) or article):
            return None  # a name ("was called “Spiderweb”", "was dubbed “omicron”")
        # the cue is the passive with its auxiliaries ("has been branded"), as "it has been
        # claimed" is; the content is the label, not the outlet's words around it
        k = j
        while k > 0 and sent.low(k - 1) in _BE | _HAVE:
            k -= 1
        a = _Attr((sent.toks[k][0], e), stance, "agentless", None, sent.toks[k][0],
                  side="label")
        a.content = (label.start(1) - 1, label.end(1) + 1)
        return a
    rel = _RELATIVE_BEFORE.search(sent.text, max(0, s - 60), s)
    if rel is None:
        return None
    a = _with_left_source(sent, s, e, stance, j, "", found)
    if a is None or a.source is None:
        return a
    # the source is the relative clause's subject, right after the relative word ("what
    # Zelensky called"), not a noun the participle follows ("that an operation dubbed “…”")
    between = sent.text[rel.start() : a.source[0]].split()
    first = sent.text[a.source[0] : a.source[1]].split()[0].lower()
    return a if len(between) == 1 and first not in ("a", "an") else None


_QUANTIFIERS = frozenset("many some most several all both few".split())
# quantifiers before a partitive "of" ("some of her rivals", "two of the judges")
_PARTITIVES = _QUANTIFIERS | frozenset("one two three four each".split())
_CLAUSE_WORDS = frozenset("that who which whose when after before while as".split())
# role nouns of an apposition that the source words may lack
_ROLE_NOUNS = frozenset(
    """fellow analyst expert professor researcher critic adviser advisor director founder
    editor author economist historian lawyer campaigner activist veteran member chair
    chairman chairwoman chairperson president leader candidate head democrat republican
    owner boss""".split()
)
# lower-case words that open a role before its noun ("vice president of", "co-founder of")
_ROLE_OPENERS = frozenset("vice co-founder executive managing senior".split())
_AGENT_STOP = _PREPOSITIONS | frozenset("who which that whose when as".split())


def _bare_agent(sent: _Sentence, pos: int) -> tuple[int, int] | None:
    """A lower-case agent after "by" that the noun-phrase reader does not take: a quantifier or
    up to three words, joined by "and"/"or" ("by ministers", "by many economists", "by
    campaigners and charities", "by some", "by those who oppose it" → "those")."""
    j = sent.token_index(pos)
    if not sent.has(j) or sent.gap(pos, sent.toks[j][0]):
        return None
    end, i = None, j
    while i - j < 5 and sent.has(i):
        if i > j and sent.gap(sent.toks[i - 1][1], sent.toks[i][0]):
            break
        low, word = sent.low(i), sent.toks[i][2]
        if i == j and low in _DETERMINERS and low not in _QUANTIFIERS:
            return None  # a determiner's phrase is the noun-phrase reader's ("by the WHO")
        if low in _AGENT_STOP or not word.isalpha() or not word.islower():
            break
        if low in _CONJUNCTIONS:
            if end is None or not sent.has(i + 1):
                break
        else:
            end = i
        i += 1
    return None if end is None else (j, end)


# a body's acronym in brackets between its name and the verb
# a US legislator's party and state after the name ("Sen. Mitch McConnell (R-Ky.)", "(D-CA)",
# "(D-N.Y.)", "(R-West Virginia)"): part of the source, though the source is typed without it
_PARTY_STATE = r"[DRI][-–](?:[A-Z][A-Za-z]{0,8}\.?){1,3}(?: [A-Z][a-z]{1,8}\.?)?"
_PARTY_TAG = re.compile(r" \(" + _PARTY_STATE + r"\)")
# (or a party tag: "Sen. Mitch McConnell (R-Ky.) said")
_ACRONYM_BEFORE = re.compile(r"\s\(([A-Z][A-Za-z&-]{1,9}|" + _PARTY_STATE + r")\)\s*$")


# -ing forms that after "is" are often adjectives or other senses ("the job is demanding",
# "is claiming damages"): progressive only before "that" or a clause's pronoun subject
_ADJECTIVE_PRONE = frozenset(
    "demanding promising threatening revealing compelling striking claiming".split()
)
# adverbs that are also surnames: as a sentence's capitalised first word, the subject ("Long
# argued the …"; not "Initially reported as …", "Previously reported by …")
_SURNAME_ADVERBS = frozenset(["long"])
_THAT_NEXT = re.compile(r"\s+(?:that|he|she|they|we|it)\b")  # ("is claiming he is …")
# nouns whose "is" before an -ing form is a copula and the -ing form a gerund ("The key is
# asking the right questions", "Her job is warning people")
_GERUND_SUBJECTS = frozenset(
    """part key job goal aim problem challenge idea point trick task answer solution priority
    focus message role danger risk worry hope fear plan strategy tactic""".split()
)


def _progressive(sent: _Sentence, s: int, e: int) -> bool:
    """The cue is the -ing form of a progressive ("is urging", "were insisting that"), not an
    adjective ("is demanding")."""
    cue = sent.text[s:e].lower().split(None, 1)[0]  # ("is calling for")
    if not cue.endswith("ing") or cue == "telling":  # ("it is telling that")
        return False
    return cue not in _ADJECTIVE_PRONE or _THAT_NEXT.match(sent.text, e) is not None


# lower-case words in -ly that are nouns or adjectives before a verb's subject's head, not
# adverbs ("the family said", "a US ally warned")
_LY_NOUNS = frozenset(
    """family ally assembly rally supply monopoly anomaly bully homily melancholy italy daily
    weekly monthly quarterly tally reply elderly""".split()
)
# a determiner that makes a participle after an adverb an adjective ("a newly added feature"),
# unlike "Some privately warned", "Several openly criticised", "One angrily said"
_ARTICLES_AND_POSSESSIVES = frozenset(
    "the a an this these those his her its their our my your".split()
)


def _ly_adverb(word: str) -> bool:
    """A lower-case adverb in -ly ("predictably", "bluntly") between a source and its verb."""
    return len(word) > 4 and word.endswith("ly") and word.islower() and word.isalpha() and (
        word not in _LY_NOUNS
    )


_NOT_A_HEAD = _COUNTS | frozenset("lot number couple dozen handful host range series few".split())


def _object_gap(sent: _Sentence, np: tuple[int, int] | None) -> tuple[int, int] | None:
    """A noun phrase that ends in a relative clause with its object left out: "a scale health
    experts describe as unprecedented", "a move critics say will fail": "a" cannot take the
    plural, so the source is the plural phrase after the singular noun."""
    if np is None or np[1] - np[0] < 2 or sent.low(np[0]) not in ("a", "an"):
        return np
    noun, head = sent.low(np[0] + 1), sent.toks[np[1]][2]
    if (
        not any(sent.toks[i][2][:1].isdigit() for i in range(np[0], np[1] + 1))
        and noun.isalpha() and sent.toks[np[0] + 1][2].islower() and not noun.endswith("s")
        and noun not in _NOT_A_HEAD and head.islower() and head.isalpha()
        and _PLURAL.fullmatch(head) is not None and not head.endswith(("ss", "us", "is"))
        and not any(sent.low(i) in _PREPOSITIONS for i in range(np[0], np[1] + 1))
    ):
        return (np[0] + 2, np[1])
    return np


def _with_left_source(
    sent: _Sentence, s: int, e: int, stance: str, j: int, opener: str, found: list[_Attr]
) -> _Attr | None:
    k, right = j, s
    if k > 0 and _ly_adverb(sent.toks[k][2]) and not sent.gap(sent.toks[k][1], s, opener):
        if sent.low(k - 1) in _ARTICLES_AND_POSSESSIVES:
            return None  # "a newly added feature", "the widely criticized effort": adjectival
        right, k = sent.toks[k][0], k - 1  # "The candidates predictably criticized"
    if sent.text[s:e].lower() in _HABITUAL_CUES:
        habit = _HABITUAL_BEFORE.search(sent.text, max(0, right - 32), right)
        if habit is not None and habit.start() > 0:
            right = habit.start()  # "As Trump is fond of saying", "as the president likes to say"
            k = _token_before(sent, right)
    acronym = None
    if sent.text[max(0, right - 3) : right].rstrip().endswith(")"):
        acronym = _ACRONYM_BEFORE.search(sent.text, max(0, right - 16), right)
    if acronym is not None:  # "the … mission of the Organization for … (OSCE) said"
        right = acronym.start()
        k = _token_before(sent, right)
    words = sent.text[max(0, right - 16) : right].split()  # (any white space)
    last = words[-1].lower() if words else ""
    when = (  # (the word before the verb first: the pattern is tried for every verb)
        _TIME_BEFORE_VERB.search(sent.text, max(0, right - 30), right)
        if last in _TIME_LAST_WORDS else None
    )
    if when is not None and when.start() > 0:
        right = when.start() + 1
        k = _token_before(sent, when.start())
    progressive = _progressive(sent, s, e)
    while k >= 0 and not sent.gap(sent.toks[k][1], right, opener):
        if (sent.low(k) in _AUX_ADVERBS and not (k == 0 and sent.low(0) in _SURNAME_ADVERBS
                                                 and sent.toks[0][2][:1].isupper())) or (
            progressive and sent.low(k) in _BE
            and not (k > 0 and sent.low(k - 1) in _GERUND_SUBJECTS)
        ):  # (a capitalised first word is the subject's: "Long argued the …")
            # (an -ing verb after "is", "was", "has been": "The group is urging voters to")
            right, k = sent.toks[k][0], k - 1
        elif sent.low(k) == "to" and k > 0 and sent.low(k - 1) in _RAISING:
            right, k = sent.toks[k - 1][0], k - 2  # "Putin appeared to rule out"
        elif (
            sent.low(k) == "to" and k > 1 and sent.low(k - 1) in _HEARSAY
            and sent.low(k - 2) in _BE and k + 1 < len(sent.toks) and sent.low(k + 1) in _HAVE
        ):
            # "Putin is said to have told aides": the outlet passes on hearsay (the agentless
            # "is said to" is its own row) of what Putin told
            right, k = sent.toks[k - 2][0], k - 3
        else:
            break
    punct = k < 0 or sent.gap(sent.toks[k][1], right, opener)
    if k >= 0 and not punct and (sent.low(k) in _BE or sent.low(k).endswith("'re")):
        return None  # passive or adjectival ("is being asked", "it's been claimed", "they’re told")
    if (
        k > 0 and not punct and sent.low(k) in _MANNER_PREPOSITIONS
        and sent.text[s:e].lower() in _SPEAKING_PARTICIPLES
    ):
        # "tried to justify it by claiming …", "ended by saying that …", "while insisting":
        # the clause's subject speaks; after a comma, the reporter before it goes on ("X said
        # …, before adding that …")
        after_comma = sent.text[: sent.toks[k][0]].rstrip().endswith(",")
        # (an "added to" a thing before it reports nothing: "The minister added to the
        # confusion by saying …")
        reporting = [a for a in found if not _added_to_a_thing(sent.text, a.cue[1])]
        if reporting and after_comma:
            return _Attr((s, e), stance, "participle", reporting[-1].source, s)
        if reporting or _THAT_WORD.search(sent.text, 0, s):
            return None  # ("Police said the man had escaped after telling guards …": his)
        subject = _chars(sent, _sentence_subject(sent, speaking=True))
        if subject is None or subject[0] >= s:
            return None
        return _Attr((s, e), stance, "participle", subject, s)
    if k >= 0 and not punct and sent.low(k) in _CONJUNCTIONS:
        return _coordinated(sent, s, e, stance, k, found)
    if not punct:
        near = sent.text[max(0, right - 40) : right]
        issued = (
            _ISSUED.search(sent.text, max(0, right - 90), right)
            if sent.text[s:e].endswith("ing") and any(w in near for w in _ISSUED_WORDS)
            else None
        )
        if issued is not None and issued.start() > 0:
            # "The US and the EU issued a joint statement urging …": the issuers speak
            k = _token_before(sent, issued.start() + 1)
        src = _before_who(sent, right) or _chars(
            sent, _object_gap(sent, _over_prepositions(sent, _left_np(sent, k)))
            or _bare_plural(sent, s, k, e)
        )
        if src is None or (
            src[0] > 0 and not _LEAD_OPENS.search(sent.text, max(0, src[0] - 12), src[0])
        ):  # the phrase read opens no clause: "A study published in the Lancet found"
            src = _published_text(sent, right) or src
            if src is not None and _LONE_OBJECT.fullmatch(sent.text, max(0, src[0] - 12), src[1]):
                aboard = _on_board(sent, src)
                if aboard is None:
                    return None  # "A lack of trust said": the preposition's object
                src = aboard  # "Passengers on board said"
        if src is not None and acronym is not None and src[1] == sent.toks[k][1]:
            src = (src[0], acronym.end(1) + 1)  # the acronym is part of the name
        if (
            src is not None and sent.text[s:e].lower() in _SPEAKING_PARTICIPLES
            and _OBJECT_OF_PREPOSITION.search(sent.text, max(0, src[0] - 8), src[0])
        ):
            # the phrase is an object: "has written to Housing Secretary Angela Morrow asking
            # her to …" speaks for the clause's subject
            subject = _chars(sent, _sentence_subject(sent, speaking=True))
            if subject is None or subject[0] >= src[0]:
                return None
            return _Attr((s, e), stance, "participle", subject, s)
        if src is not None and _reduced_relative(sent, src, s, e):
            return None
        return None if src is None else _Attr((s, e), stance, "source_verb", src, src[0])
    return _after_punctuation(sent, s, e, stance, k, found)


# a preposition right before a phrase: the phrase is its object ("as part of a plan …")
_AFTER_PREPOSITION = re.compile(
    r"\b(?:of|in|on|at|for|from|with|under|into|about|over|against|behind|among|amid)\s+$"
)
# what follows a participle that modifies a noun: a time or a place, not a clause
_MODIFIER_AFTER = re.compile(
    r"\s+(?:last|this|next|earlier|later|on|in|at|during|after|before|since|yesterday|today|"
    r"[A-Z][a-z]+day)\b(?![^.;:“\"]{0,60}\bthat\b)"
)


def _reduced_relative(sent: _Sentence, src: tuple[int, int], s: int, e: int) -> bool:
    """A past participle after the object of a preposition, followed by a time or a place, is
    a reduced relative clause, not a reporting verb ("as part of a social justice initiative
    announced last summer", "under a deal agreed in March"): the object does not speak."""
    cue = sent.text[s:e].lower()
    return (
        cue.endswith("ed") and sent.text[src[0]].islower()
        and _AFTER_PREPOSITION.search(sent.text, max(0, src[0] - 10), src[0]) is not None
        and _MODIFIER_AFTER.match(sent.text, e) is not None
    )


_WHO = re.compile(r"\b[Ww]ho\b[^,;:“”\"]*$")  # (not "the WHO")
# a study, report or letter with where or by whom it was published or signed, right before its
# verb
_PUBLISHED_TEXT = re.compile(
    r"(?:^|(?<=[\s(“\"]))((?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:study|report|survey|review|"
    r"analysis|paper|poll|audit|assessment|letter|memo|document|petition|motion|email|"
    r"statement|lawsuit|complaint)\s+"
    r"(?:published|released|conducted|commissioned|carried\s+out|led|signed|written|drafted|"
    r"sent|backed|seen|leaked|obtained|tabled|issued|filed|posted)\s+(?:by|in|on|for|at|to)\s+"
    # (a comma only inside a number: "signed by 10,000 residents")
    r"(?:[^,;:“”\"]|,(?=\d{3}\b)){1,90}?)\s*$",
    re.IGNORECASE,
)


def _published_text(sent: _Sentence, right: int) -> tuple[int, int] | None:
    """"A study published in the Journal of … in 2024 found": the study, with its participle
    phrase, when it opens the clause (the noun-phrase reader stops at "in 2024")."""
    m = _PUBLISHED_TEXT.search(sent.text, max(0, right - 160), right)
    if m is None or (
        m.start(1) > 0
        and not _LEAD_OPENS.search(sent.text, max(0, m.start(1) - 12), m.start(1))
        and not _OPENING_CONJUNCTION.fullmatch(sent.text, 0, m.start(1))
    ):
        return None
    time = _PUBLISHED_WHEN.search(sent.text, m.start(1), m.end(1))
    if time is not None:  # only if the participle keeps a phrase ("published by the Treasury")
        rest = _PUBLISHED_TEXT.match(sent.text, m.start(1), time.start())
        if rest is not None and rest.end(1) == time.start():
            return m.start(1), time.start()
    return m.start(1), m.end(1)


_OPENING_CONJUNCTION = re.compile(r"(?:But|And|Yet|Now|However,)\s+")
# a time that ends a published text's phrase is no part of the source ("A statement issued by
# the family on Friday said", "A study published in 2023 found" keeps "A study published")
_PUBLISHED_WHEN = re.compile(r"\s+(?:on\s+" + _DAY + r"|in\s+(?:19|20)\d\d)$")
# (the nouns of _ISSUED, tested with "in" first: it is searched only where one occurs)
_ISSUED_WORDS = ("statement", "communiqu", "declaration")
# a text its source put out, right before a participle that reports it
_ISSUED = re.compile(
    r"\s+(?:(?:has|have|had)\s+)?(?:issued|released|put\s+out)\s+(?:a|an|the|its|their|his|"
    r"her)\s+(?:[\w-]+\s+){0,2}?(?:statement|communiqu[eé]|declaration)\s+"
    r"(?:on\s+" + _DAY + r"\s+)?$",
    re.IGNORECASE,
)
# what must follow the verb for a bare plural to be its source: a that-clause, a quote or a colon
_REPORTED_NEXT = re.compile(r"\s*(?:that\s|[:“\"‘])", re.IGNORECASE)
_PLURAL = re.compile(_PLURAL_WORD + r"\b")
# verbs of speaking, which a bare plural before "that" or a quote is the speaker of
_SPEAKING = frozenset(
    """said say says told tell tells warned warn warns insisted insist insists argued argue
    argues claimed claim claims added urged urge urges stressed demanded complained admitted
    announced declared vowed pledged maintained wrote write writes replied responded countered
    protested accused cautioned predicted flag flags flagged promised""".split()
)
# the plain verbs of saying, after which a bare plural speaks with or without "that" ("Local
# residents said the water was unsafe")
_SAYING = frozenset(
    "said say says told tell tells warned warn warns insisted insist insists".split()
)
# the past forms among them: never a noun after a determiner ("the talks said X"), where
# "claims" and "says" may be ("familiar with the claims said")
_SAID = frozenset(w for w in _SPEAKING if w.endswith("ed") or w in ("said", "told", "wrote"))
_SAID_NOTHING = re.compile(
    r"\s+(?:(?:very\s+|too\s+)?little|nothing|goodbye|farewell|farewells|sorry|thanks|hello)"
    r"(?:\s+(?:more|else|further))?(?:\s+(?:publicly|officially|yet|now|so\s+far|at\s+all))?"
    r"(?=\s*(?:[,.;:!?]|$|\s(?:to|about|on|at|in|as|when|while|after|before|and|but|because|"
    r"since|for|until|during)\b))",
    re.IGNORECASE,
)
_COMPLAINING = frozenset("complain complains complained complaining".split())
# a topic with no that-clause or quote in its clause
_ABOUT_TOPIC = re.compile(r"\s+(?:about|of|over)\s(?![^,;:.!?]*(?:\bthat\b|[“\"‘]))")
# a verb of saying negated or declined before a question word reports no content
_NOT_BEFORE = re.compile(r"(?:\bnot|n[’']t|\bnever|\bdeclined\s+to|\brefused\s+to)\s+$", re.I)
_WH_NEXT = re.compile(r"\s+(?:when|whether|how|why|if|what|who|where|which)\b", re.IGNORECASE)
_ADDING = frozenset("add adds added adding".split())
# an amount with its unit: "2%", "40 points", "$5bn", "300 jobs"
_AMOUNT_NEXT = re.compile(
    r"\s+(?:another\s+|a\s+further\s+|nearly\s+|almost\s+)?(?:[$£€¥][\d.,]+\s*"
    r"(?:bn|billion|m|million|trillion|tn)?|[\d.,]+\s*(?:(?:million|billion|m|bn)\s+)?"
    r"(?:%|per\s+cent|percent|points?|pence|p|"
    r"cents?|basis\s+points|jobs|pounds|dollars|euros|staff|workers|employees|people|members|"
    r"customers|subscribers|homes|goals|seats))(?![\w])",
    re.IGNORECASE,
)
# a verb later in the clause of an amount or of "nothing": it opens a reported clause
# ("adding 4,000 jobs would go", "added 2% was too much", "said nothing at this stage
# suggested foul play"), unless a subordinate clause has it ("said nothing when it was read")
_CLAUSE_VERB = re.compile(
    r"(?:(?!\b(?:after|as|while|when|because|since|before|despite|following|amid)\b"
    # (the market's reason: "added 2% on news that the bid had been approved")
    r"|\bon\s+(?:news|hopes|reports|speculation|expectations|fears|concerns|signs|talk)\b)"
    # (a point inside a number or after an initial: "2.8", "the U.S. would")
    r"(?:[^,;:!?.]|\.(?=\d)|(?<=\b(?-i:[A-Z]))\.))*?\b(?:had|has|have|was|is|were|are|would|will|"
    r"could|can|might|"
    r"(?-i:may)|should|did|does|do|\w+ed)\b",  # (not the month: "added 200,000 jobs in May")
    re.IGNORECASE,
)
_CLAUSE_OPENS_THAT = re.compile(r"\bthat$", re.IGNORECASE)
# (not "such as", "as well as", "just as")
_NOT_A_COMPARISON = r"(?<!\bsuch )(?<!\bas well )(?<!\bjust )"
_CONJUNCTION_LEAD = re.compile(
    _NOT_A_COMPARISON + r"\b(?:as|while|when|after|because|since)$", re.IGNORECASE
)


# finite auxiliaries and forms of be and have (without "may", which is also the month)
_AUXILIARIES = "is|are|was|were|has|have|had|will|would|could|can|might|must|should|did|does|do"
# verbs of assertion whose bare clause ("claim the vaccine is unsafe") is a claim, as a plain
# verb of saying's is; the clause is a few words and a finite verb, with no conjunction or
# punctuation between ("activists claimed the prize" has none)
_ASSERTING = frozenset("claim claims claimed allege alleges alleged argue argues argued".split())
_FINITE_CLAUSE_NEXT = re.compile(
    # a subject (a determiner first, or none) then its verb; no second determiner, preposition
    # or pronoun, which would start a relative clause on an object ("migrants claimed asylum in
    # countries they had passed through", "floods claimed lives the council could have saved")
    r"\s+(?:(?:the|a|an|this|these|those|his|her|its|their|our)\s+)?"
    r"(?:(?!(?:as|after|when|while|because|since|before|despite|amid|following|and|but|or|that|"
    r"which|who|to|the|a|an|this|these|those|his|her|its|their|our|in|on|at|of|for|from|with|by|"
    r"into|they|he|she|it|we|you|i)\b)[\w’'-]+\s+){1,3}"
    r"(?:" + _AUXILIARIES + r"|wants|want)\b",  # (not "may": the month)
    re.IGNORECASE,
)


def _bare_plural(sent: _Sentence, s: int, k: int, e: int) -> tuple[int, int] | None:
    """A group named by a plain plural noun the lexicons do not know, with its capitalised
    modifiers, when it opens the clause and the verb reports: "as Labour backbenchers warned
    that", "Military chiefs had warned that", "that campaigners said: …", "Local residents said
    the water was unsafe". Only after a plain verb of saying may the that-clause, quote or colon
    be missing: a bare plural before other verbs is too often no source ("Shares added 3%")."""
    verb = sent.text[s:e].lower()
    if verb not in _SPEAKING:
        return None  # "as bonds signalled that", "results showed that": evidence, no speaker
    if not _REPORTED_NEXT.match(sent.text, e) and (
        verb not in _SAYING or _SAID_NOTHING.match(sent.text, e)
    ) and not (verb in _ASSERTING and _FINITE_CLAUSE_NEXT.match(sent.text, e)):
        return None  # "Shares added 3%", "activists claimed the prize", "executives said nothing"
    np = _plural_np(sent, k)
    if np is None:
        return None
    lead = sent.text[: sent.toks[np[0]][0]].rstrip()
    if not lead or _OPENS_CLAUSE.search(lead) or _CLAUSE_OPENS_THAT.search(lead):
        return np
    # a conjunction without its comma, before a that-clause, a quote or a warning of quoted
    # words, as in headlines ("Markets slide as analysts warn that", "as tech giants warn of
    # ‘innovation tax’"); the plural may have one lower-case modifier there
    if not (_REPORTED_NEXT.match(sent.text, e) or _WARN_OF_QUOTE.match(sent.text, e)):
        return None
    start = np[0]
    if _CONJUNCTION_LEAD.search(lead):
        return np
    if start > 0 and sent.toks[start - 1][2].isalpha() and sent.toks[start - 1][2].islower():
        word = sent.low(start - 1)
        if word not in _BARRIERS and word not in _DETERMINERS and _CONJUNCTION_LEAD.search(
            sent.text[: sent.toks[start - 1][0]].rstrip()
        ) and not sent.gap(sent.toks[start - 1][1], sent.toks[start][0]):
            return (start - 1, np[1])
    return None


def _plural_np(sent: _Sentence, k: int) -> tuple[int, int] | None:
    """A plain plural at token ``k`` with its capitalised modifiers and source words before it
    ("Labour backbenchers", "Commuter groups"), as token indices."""
    if not _PLURAL.fullmatch(sent.toks[k][2]):
        return None
    if sent.low(k) in _BARRIERS or sent.low(k) in _AUX_ADVERBS:
        return None
    start = k
    while start > 0 and not sent.gap(sent.toks[start - 1][1], sent.toks[start][0]):
        word = sent.toks[start - 1][2]
        if sent.low(start - 1) in _BARRIERS or not (
            word[:1].isupper() or sent.low(start - 1) in sent.words
        ):
            break
        start -= 1
    return (start, k)


_OF_PHRASE = frozenset("of on from in at for with across around throughout".split())
_AFTER_RELATIVE = re.compile(r"\b(?:which|that|what)\s+$", re.IGNORECASE)


def _over_prepositions(
    sent: _Sentence, np: tuple[int, int] | None, *, antecedent: bool = False
) -> tuple[int, int] | None:
    """A source noun phrase with its prepositional phrases, when the whole opens the clause:
    "One Labour MP on the left of the party said", "Residents of the town said" (the noun
    phrase reader alone stops at "the party", "the town"); with ``antecedent``, wherever it
    stands, as the antecedent of a "who" ("… from Sen. Bob Smith of Ohio, who said")."""
    if np is None:
        return None
    if (
        np[1] - np[0] >= 2 and sent.low(np[1] - 1) == "on" and sent.low(np[1]) in _WEEKDAYS
        and not (sent.low(np[1]) == "sunday" and sent.low(np[1] - 2) in _ON_SUNDAY_TITLES)
    ):
        return (np[0], np[1] - 2)  # "The prime minister on Sunday said": the time is not
    start, head_end = np[0], -1
    for _ in range(3):
        p = start - 1
        if antecedent:  # lower-case modifiers the reader left out ("of reproductive rights")
            for _ in range(2):
                word = sent.toks[p][2] if p >= 1 else ""
                if sent.low(p) in _OF_PHRASE if p >= 1 else True:
                    break
                if not (word.isalpha() and word.islower()) or word in _BARRIERS or sent.gap(
                    sent.toks[p][1], sent.toks[p + 1][0]
                ):
                    break
                p -= 1
        if p < 1 or sent.low(p) not in _OF_PHRASE or sent.gap(
            sent.toks[p][1], sent.toks[p + 1][0]
        ):
            break
        head = _left_np(sent, p - 1)
        if head is None:
            break
        if antecedent and not (
            _source_head(sent, p - 1) or _AGENT_NOUN.search(sent.low(p - 1))
        ):
            break  # "criticism from Sen. Bob Smith of Ohio, who": the antecedent is Smith's
        if start == np[0] and np[0] == np[1] and sent.low(np[0]) in _TIME_WORDS:
            if sent.low(np[0]) == "sunday" and sent.low(p - 1) in _ON_SUNDAY_TITLES:
                return (head[0], np[1])  # a newspaper: "The Mail on Sunday reported"
            # "Trump on Monday said", "Modi on Sunday said": the time is no part of the
            # source, and never the source itself
            return head
        start, head_end = head[0], p - 1
    if start == np[0] or not (
        _source_head(sent, head_end) or (
            sent.low(start) in _INDEFINITE_OPENERS and _AGENT_NOUN.search(sent.low(head_end))
        )
    ):
        return np
    lead = sent.text[: sent.toks[start][0]].rstrip()
    return (start, np[1]) if antecedent or not lead or _OPENS_CLAUSE.search(lead) else np


# the newspapers named "X on Sunday"
# (the Sunday Express has its day first; "Herald on Sunday": Scotland, New Zealand)
_ON_SUNDAY_TITLES = frozenset("mail sun independent scotland ireland wales herald".split())
_PHRASE_PREPOSITION = re.compile(
    r"\b(?:of|to|at|for|on|in|with|after|about|against)\s+(?:the\s+)?$", re.IGNORECASE
)


def _in_appositive_phrase(phrase: str, at: int) -> bool:
    """Whether a mention ``at`` characters into a source ``phrase`` names an object of its
    apposition, not the speaker ("Jan Novak, a critic of Putin": Putin; "a fellow at the …
    Forum in Washington": Washington): after the phrase's first comma and a preposition."""
    comma = phrase.find(",")
    if 0 <= comma < at and _PHRASE_PREPOSITION.search(phrase, 0, at) is not None:
        return True
    # a place as the scope of a body's name, not its owner ("The Organization for Security
    # and Co-operation in Europe": not Europe; "officials in Kyiv" and "the Government of
    # Ukraine" keep theirs)
    return _SCOPE_IN_NAME.search(phrase, 0, at) is not None


_SCOPE_IN_NAME = re.compile(r"\S\s+[A-Z][\w’'-]*\s+in\s+$")


# plural nouns of people that head a source with its prepositional phrase at a sentence's
# start ("Residents of the town said", "Teachers across the state have called for")
_PEOPLE_PLURALS = frozenset(
    """residents teachers parents students doctors nurses workers farmers voters activists
    protesters campaigners critics lawyers experts analysts economists scientists researchers
    citizens locals villagers commuters passengers shoppers fans supporters employees""".split()
)


# an indefinite phrase introduces a participant, who is the source with the phrases after it:
# "One nurse at the hospital said", "a senior gymnast from Auburn University revealed", when
# its head can be an agent (not "A lack of trust said": the object of a preposition before)
_INDEFINITE_OPENERS = frozenset("a an one another".split())
_AGENT_NOUN = re.compile(
    r"(?:ist|ast|er|or|ian|ant|ent|man|woman|person|nurse|doctor|medic|chief|officer|judge|"
    r"student|pupil|mother|father|parent|widow|victim|survivor|witness|neighbour|neighbor|"
    r"resident|local|friend|relative|colleague|couple|team|group|panel|body|mission|embassy|"
    r"delegation|agency|committee|council|office|ministry|union|company|firm|court)$"
)


def _source_head(sent: _Sentence, i: int) -> bool:
    """Whether token ``i`` can head a source whose prepositional phrases follow it: a source word
    ("officials"), an actor mention ("Trump on Monday said"), a capitalised word inside the
    sentence ("One Labour MP on the left …") or a plural noun of people opening it ("Residents
    of the town"), not another first word ("Fighting in", "Earlier in")."""
    if sent.low(i) in sent.words or sent.low(i) in _PP_HEADS or sent.mention_covering(i):
        return True
    if i == 0:  # a plain plural of people opening the sentence: "Teachers across the state"
        return sent.low(0) in _PEOPLE_PLURALS
    return sent.toks[i][2][:1].isupper()


_WHICH_VERB = re.compile(
    r"[,–—(]\s*which\s+(?:(?:" + "|".join(sorted(_AUX_ADVERBS)) + r")\s+)*$", re.IGNORECASE
)


# bodies and texts, besides _BODY_HEADS, that a "which" before a reporting verb stands for
_WHICH_HEADS = frozenset(
    """commission committee court council government board regulator watchdog authority
    police army military tribunal inquiry panel report study survey poll memo letter statement
    document filing ruling lawsuit petition email motion resolution decree draft dossier
    investigation editorial article audit analysis bill proposal plan manifesto trust warning
    """.split()
)


def _names_a_body_or_text(sent: _Sentence, np: tuple[int, int]) -> bool:
    """The phrase's last word is a body's, a text's or a capitalised name ("the electoral
    commission", "the report", "Reuters"), which can be what "which" stands for as a speaker."""
    word = sent.toks[np[1]][2]
    return word[:1].isupper() or word.lower() in _BODY_HEADS or word.lower() in _WHICH_HEADS


def _before_who(sent: _Sentence, pos: int) -> tuple[int, int] | None:
    """"officials who spoke on condition of anonymity said": the source is the noun phrase
    before "who"; "the electoral commission, which said": a body's or text's "which" right
    before the verb."""
    # most sentences have no "who" (the only letters re.IGNORECASE takes for w, h, o are
    # these and their capitals): looked for with str methods first
    if "who" not in sent.text[:pos].lower():
        if "which " not in sent.text[max(0, pos - 40) : pos]:
            return None
        # "according to the electoral commission, which said it had recounted", "The
        # ministry — which said …": a body's "which" right before its verb (no other words
        # but auxiliaries and adverbs), after a comma, a dash or a bracket
        m = _WHICH_VERB.search(sent.text, max(0, pos - 40), pos)
        if m is None:
            return None
        j = _token_before(sent, m.start())
        np = _left_np(sent, j) if j >= 0 else None
        return _chars(sent, np) if np is not None and _names_a_body_or_text(sent, np) else None
    m = _WHO.search(sent.text, 0, pos)
    if m is None:
        return None
    j = _token_before(sent, m.start())
    if j < 0:
        return None
    np = _left_np(sent, j)
    if np is not None and np[0] < np[1] and sent.low(np[0]) in _PREPOSITIONS:
        np = (np[0] + 1, np[1])  # "supporters of the president who said": not "of the …"
    return _chars(sent, _over_prepositions(sent, np, antecedent=True) if np else np)


# past participles that do not end in -ed ("were sent home and told")
_IRREGULAR_PARTICIPLES = frozenset(
    """sent kept caught given shown taken thrown told held left made put set brought found seen
    known written spoken driven beaten bought built paid laid led met read run shut sold won hit
    cut struck stopped""".split()
)


# past forms that are hardly ever a noun after a determiner
_PAST_VERBS = frozenset(
    "met told sent held brought found caught gave took won led spoke wrote".split()
)


def _is_participle(word: str) -> bool:
    return word.endswith("ed") or word in _IRREGULAR_PARTICIPLES


def _coordinated(
    sent: _Sentence, s: int, e: int, stance: str, k: int, found: list[_Attr]
) -> _Attr | None:
    first = k
    while first > max(k - 3, 0) and not sent.gap(sent.toks[first - 1][1], sent.toks[first][0]):
        first -= 1  # (the words of the clause before the conjunction, not across a dash)
    before = [sent.low(i) for i in range(first, k)]
    if before and any(
        w in ("be", "been", "being") or (w in _BE and _is_participle(after))
        for w, after in zip(before, [*before[1:], ""], strict=True)
    ):
        return None  # passives: "have been put forward and rejected", "were consulted and told"
    # a clause inside a closed dash or bracket is no subject's: "Trump touted the “holiday”
    # —which experts noted would have to be paid back—but said …"
    outer = [a for a in found if not _CLOSED_ASIDE.search(sent.text, a.cue[1], sent.toks[k][0])]
    src = outer[-1].source if outer else _chars(sent, _sentence_subject(sent))
    if src is None or src[0] >= s:
        return None
    return _Attr((s, e), stance, "coordinated", src, sent.toks[k][0])


_LATIN_WORD = re.compile(r"[A-Za-z]+")
_CLOSED_ASIDE = re.compile(r"[—–)]")


# a plain plural alone after an inverted verb, ending the sentence
_LAST_PLURAL = re.compile(r"\s+" + _PLURAL_WORD + r"[.!?]?[”\"’]?\s*$")


# participles that report speech, after which a sentence's "But"/"And" subject is the speaker
_SPEAKING_PARTICIPLES = frozenset(
    """saying insisting adding accusing warning arguing claiming calling telling urging
    stressing denying vowing complaining demanding asking""".split()
)
_THAT_WORD = re.compile(r"\bthat\b", re.IGNORECASE)


def _may_speak(sent: _Sentence, i: int) -> bool:
    """An agent after "by" that opens with token ``i`` can be a speaker: a capitalised name, a
    determiner, count or possessive, an adjective of rank ("local", "senior") or a plain plural
    ("by witnesses"); not a means ("by email", "by region")."""
    low = sent.low(i)
    return sent.toks[i][2][:1].isupper() or low in _DETERMINERS or low in _COUNTS or (
        low in _POSSESSIVE_PRONOUNS or low in _RANKS or low in plural_nouns()
    )


_RANKS = frozenset("local senior top".split())
# prepositions and conjunctions before a participle of speaking whose subject is the clause's
_MANNER_PREPOSITIONS = frozenset("by while after before".split())
# (only "to": after "a message from the council saying", "an interview with the mayor
# saying" the object is the speaker)
_OBJECT_OF_PREPOSITION = re.compile(r"\bto\s+$")
_ADDING_TO = re.compile(r"\s+to\b")


def _after_punctuation(
    sent: _Sentence, s: int, e: int, stance: str, k: int, found: list[_Attr]
) -> _Attr | None:
    """A verb right after a comma or quote mark: an apposition source ("Sir Keir Starmer, the
    Prime Minister, told"), an inverted one ("…, said Starmer") or a participle (", adding")."""
    if k >= 0:
        appos = (
            _apposition(sent, k) or _before_relative_clause(sent, s)
            # (the aside first: "The minister, after a meeting with the unions, said")
            or _prepositional_aside(sent, s, e) or _parenthetical(sent, s, e)
        )
        if appos is not None:
            return _Attr((s, e), stance, "source_verb", appos, appos[0])
    inverted = _right_np(sent, e) if _may_invert(sent, s, k) else None  # (k: token before)
    if (
        inverted is None and not sent.text[s:e].lower().endswith("ing")
        and _LAST_PLURAL.match(sent.text, e)
    ):  # "…, say spies" (a headline), not "…, warning colleagues"
        inverted = (sent.token_index(e + 1), sent.token_index(e + 1))
    if inverted is not None and sent.text[e : e + 1].isspace():
        np_end = sent.toks[inverted[1]][1]
        tag = _PARTY_TAG.match(sent.text, np_end)  # "said Sen. Bernie Sanders (I-Vt.)."
        after = sent.text[np_end if tag is None else tag.end() :].lstrip()
        nxt = _LATIN_WORD.match(after)
        if not after or after[0] in ".,;:!?" or (nxt and nxt.group().lower() in _PREPOSITIONS):
            src = (sent.toks[inverted[0]][0], sent.toks[inverted[1]][1])
            role = _closing_apposition(sent, src[1])
            if role is not None:  # "said Marta Kowalczyk, a fellow at the Atlantic Forum."
                src = (src[0], role)
            else:
                age = _AGE_AFTER.match(sent.text, src[1])
                if age is not None:  # "said Maureen Okello, 67, who has lived …"
                    src = (src[0], age.end())
            return _Attr((s, e), stance, "verb_source", src, s, side="before")
    if sent.text[s:e].lower().endswith("ing"):
        speaking = sent.text[s:e].lower() in _SPEAKING_PARTICIPLES and not _ADDING_TO.match(
            sent.text, e
        )
        src = found[-1].source if found else _chars(
            sent, _sentence_subject(sent, speaking=speaking)
        )
        if src is not None and src[0] < s:
            return _Attr((s, e), stance, "participle", src, sent.text.rfind(",", 0, s))
    return None


_AGE_AFTER = re.compile(r",\s+\d{1,3}(?=\s*(?:,(?!\d)|[.!?]|$))")
# a name given to someone or something right before its quote ("a man called “Ivan”")
_NAMED_BEFORE = re.compile(
    r"\b(?:called|named|dubbed|nicknamed|codenamed|code-named|known\s+as|titled|entitled)\s*$",
    re.IGNORECASE,
)


def _may_invert(sent: _Sentence, s: int, k: int) -> bool:
    """Whether the verb at ``s`` may have its source after it: not when it follows a quoted
    name with nothing but white space between ("A man called “Ivan” answered the door"; "“We
    will win” said Zelensky" and "The unit is called “Bear”, said a spokesman" invert)."""
    if k < 0:
        return True
    end = sent.toks[k][1]
    for qs, qe in sent.quotes:
        if qe == end and sent.text[end + 1 : s].isspace():  # “…name” verb
            return _NAMED_BEFORE.search(sent.text, max(0, qs - 30), max(0, qs - 1)) is None
    return True


_CLOSING_ROLE = re.compile(
    r",\s+(?:the|a|an)\s+((?:[\w’'-]+\s+){0,3}?[\w’'-]+)(?:\s+(?:of|at|for|to|on|in|from)\s+"
    r"[^,;:“\"”()]{1,100}?)?(?=\s*[.!?]?[”\"’]?\s*$)"
)


def _closing_apposition(sent: _Sentence, end: int) -> int | None:
    """Where a role after an inverted source ends, when it closes the sentence ("…," said
    Ursula von der Leyen, the president of the European Commission.): its head is a word of
    roles or sources ("president", "fellow", "spokesman"), not "the day after the vote", "a
    remark that …"."""
    m = _CLOSING_ROLE.match(sent.text, end)
    if m is None:
        return None
    words = m.group(1).lower().split()
    if _CLAUSE_WORDS.intersection(words):
        return None  # "a remark that alarmed Kyiv"
    head = words[-1]
    if head.endswith(("ist", "ian")) and len(head) > 5:
        return m.end()  # "an epidemiologist at …", "a historian of …"
    return m.end() if head in sent.words or head in _PP_HEADS or head in _ROLE_NOUNS else None


def _apposition(sent: _Sentence, k: int) -> tuple[int, int] | None:
    """"NAME, ROLE," or "ROLE, NAME," right before the verb: the source is both ("Senator
    Jeanne Shaheen, the senior Democrat on the Foreign Relations Committee, said"; "Russia's
    foreign minister, Sergey Lavrov, said")."""
    if sent.text[sent.toks[k][1] :].lstrip()[:1] != ",":
        return None
    role = _left_np(sent, k)
    if role is None or k - role[0] > 6 or (role[0] == k and sent.low(k) in _SENTENCE_ADVERBS):
        return None  # (", however," is an aside, no role: _prepositional_aside reads it)
    for _ in range(2):  # a role with a prepositional phrase: "the senior Democrat on the …"
        p = role[0] - 1
        if p > 0 and sent.low(p) in ("on", "of", "at", "for", "in") and not sent.gap(
            sent.toks[p][1], sent.toks[role[0]][0]
        ):
            head = _left_np(sent, p - 1)
            if head is None or k - head[0] > 12:
                break
            role = (head[0], role[1])
    before = sent.text[: sent.toks[role[0]][0]].rstrip()
    if not before.endswith(","):
        return None
    name_end = _token_before(sent, len(before) - 1)
    if name_end < 0 or not (
        sent.toks[name_end][2][:1].isupper() or sent.toks[role[0]][2][:1].isupper()
    ):
        return None
    name = _left_np(sent, name_end)
    if name is None:
        return None
    # with its prepositional phrase: "Sen. Dale Rooker of Kansas, the committee's ranking …"
    name = _over_prepositions(sent, name) or name
    lead = sent.text[: sent.toks[name[0]][0]].rstrip()
    if lead and not _opens_a_clause(lead):  # the name opens a clause
        return None
    return sent.toks[name[0]][0], sent.toks[role[1]][1]


# what a parenthetical after a source may open with: a determiner or possessive, a number, or a
# capitalised word ("Rep. Thomas Okafor, a Democrat from Maryland whose district …, told";
# "Calinescu, 52, a former central banker who has led …, told"; "its chairman, Rep. Lyle Brandt
# of Texas, posted"), not an adverb ("Zelensky, visibly tired, said")
# adverbs of a whole sentence, set in commas between a source and its verb ("The opposition,
# meanwhile, said"): an aside, never an apposition
_SENTENCE_ADVERBS = frozenset(
    """however meanwhile though too also instead nonetheless nevertheless moreover likewise
    similarly separately again now""".split()
)
# a prepositional phrase in commas between a source and its verb: where or when it spoke
# ("The committee, in a report released Monday, said"; "Pfizer, in a statement, said")
_PP_ASIDE = re.compile(
    r",\s+(?:(?:in|on|at|during|via|through|like|unlike|with|after|for)\s+"
    r"(?:an?|the|his|her|its|their|[A-Z]|\d)"
    r"[^,;:“”\"()]{0,90}"
    # or a sentence adverb: "The opposition, meanwhile, said", "Putin, however, insisted"
    r"|(?:" + "|".join(sorted(_SENTENCE_ADVERBS)) + r"|in\s+turn|in\s+contrast|by\s+contrast|"
    r"in\s+response|in\s+reply|for\s+example|for\s+instance|for\s+now))"
    r",$"
)


def _prepositional_aside(sent: _Sentence, s: int, e: int) -> tuple[int, int] | None:
    """The source before a prepositional phrase in commas that says where, when or how it
    spoke, or with whom it is compared, without the phrase ("The ministry, in a statement
    issued on Tuesday, said": the ministry; "Harris, like her rivals, signaled"; "Putin, for his
    part, said").
    The source opens the clause and is no time or adverb; the verb is no participle."""
    if sent.text[s:e].lower().endswith("ing"):
        return None
    before = sent.text[:s]
    aux = _AUX_END.search(before)
    m = _PP_ASIDE.search(before[: aux.start() if aux else s].rstrip())
    if m is None:
        return None
    j = _token_before(sent, m.start() + 1)
    np = _left_np(sent, j) if j >= 0 else None
    if np is None or sent.low(np[0]) in _TIME_WORDS or sent.low(np[0]) in _SUBORDINATE_OPENERS:
        return None
    lead = sent.text[: sent.toks[np[0]][0]].rstrip()
    if lead and not _opens_a_clause(lead):
        return None
    return _chars(sent, np)


_PARENTHETICAL_OPENS = re.compile(r"(?:a|an|the|his|her|its|their|one|\d+|[A-Z])")
_PARENTHETICAL_TIME = _TIME_NOUNS | _TIME_UNITS | {"moment"}
_REPORTER_AFTER = frozenset(
    "understands understood says said reports reported believes learned learnt".split()
)
_AUX_END = re.compile(r"(?:\s+(?:has|have|had|will|would|also))*\s*$")


# a title given to a text between its name and its verb ("A report by the UN, titled “Running
# on Empty”, warned")
_TITLED = re.compile(r"(?:titled|entitled|called|named|dubbed)\s+[“\"‘][^“”\"‘’]+[”\"’]")


def _opens_with_a_role(part: str) -> bool:
    """A parenthetical opens with a role without its article ("Jane Doe, vice president of
    access for the clinic, explained"; "Lee, founder of the group, said")."""
    first = part.split(None, 1)[0].lower() if part else ""
    return (first in _ROLE_NOUNS or first in _ROLE_OPENERS
            or first in load_word_list("name_modifiers"))


def _parenthetical(sent: _Sentence, s: int, e: int) -> tuple[int, int] | None:
    """A source noun phrase followed by a parenthetical of up to 25 words and two commas, then
    the verb: the source is both, as written (the guideline's "with appositions"). The noun
    phrase opens the clause and is no adverb ("Yesterday, the president, …"); it or the
    parenthetical starts with a capital, or it names a role. Each comma's part of the
    parenthetical opens like a noun phrase (not "had no criminal record, said police"), none is
    a time ("The minister, a day after the vote, said") or a reporter ("the Guardian
    understands"), and the verb is no participle ("Reeves, the chancellor, defended the plan,
    insisting") and has no source after it ("…, said Lavrov, would be signed")."""
    cue = sent.text[s:e].lower()
    if cue.endswith("ing"):
        return None
    after = _right_np(sent, e)
    if after is not None and sent.text[sent.toks[after[1]][1] :].lstrip()[:1] in ",.;":
        return None  # (the sentence's end too: "" is in any string)
    before = sent.text[:s]
    aux = _AUX_END.search(before)
    end = before[: aux.start() if aux else s].rstrip()
    if not end.endswith(","):
        return None
    end = end[:-1]
    commas = [m.start() for m in re.finditer(",", end)]
    for c in reversed(commas[-2:]) if len(commas) >= 2 else commas[-1:]:
        inner = end[c + 1 :].strip()
        parts = [part.strip() for part in inner.split(",")]
        words = [w.lower() for w in inner.split()]
        titled = _TITLED.fullmatch(inner) is not None  # ", titled “Running on Empty”,"
        if (
            not (titled or all(
                _PARENTHETICAL_OPENS.match(part) or _opens_with_a_role(part) for part in parts
            ))
            or len(words) > 25
            or (not titled and any(q in inner for q in "“”\"‘()"))
            or any(w in _PARENTHETICAL_TIME for w in words[:3])
            or words[-1] in _REPORTER_AFTER
        ):
            continue
        j = _token_before(sent, c)
        np = _left_np(sent, j) if j >= 0 else None
        if np is None or sent.low(np[0]) in _TIME_WORDS or sent.low(np[0]) in _SUBORDINATE_OPENERS:
            continue
        lead = sent.text[: sent.toks[np[0]][0]].rstrip()
        if lead and not _opens_a_clause(lead):
            continue
        if not (
            sent.toks[np[0]][2][:1].isupper() or inner[:1].isupper()
            or any(sent.low(i) in sent.words for i in range(np[0], np[1] + 1))
        ):
            continue
        return sent.toks[np[0]][0], len(end)
    return None


# what a clause's first noun phrase follows: a mark, a quote that ends, or ", and", ", but",
# ", where" …
_OPENS_CLAUSE = re.compile(r"(?:[,;:“\"(–—”’]|,\s*(?:and|but|where|when|while|as))$")
# a subordinating conjunction that opens the clause ("Smith resigned after The Herald, the
# student newspaper, reported"; not "such as", "as well as")
_SUBORDINATOR_LEAD = re.compile(
    _NOT_A_COMPARISON + r"\b(?:after|before|when|while|because|since|although|though|as|that)$",
    re.IGNORECASE,
)


def _opens_a_clause(lead: str) -> bool:
    """The text before a source phrase ends where a clause can begin: punctuation, a
    conjunction after a comma or a subordinating conjunction."""
    return _OPENS_CLAUSE.search(lead) is not None or _SUBORDINATOR_LEAD.search(lead) is not None
_LEAD_OPENS = re.compile(r"(?:^|[,;:“\"(–—”’]|,\s*(?:and|but|where|when|while|as))\s*$")
# a relative clause or a participle phrase between the source and its verb (and its auxiliaries)
_RELATIVE = re.compile(
    # (any participle; "managing director of …" is a role, read as a parenthetical with it)
    r",\s+(?:who|which|(?!managing\b)[a-z]+ing|"
    r"asked|interviewed|dated|addressed|published|written|signed|released|"
    r"obtained|seen|leaked)\b[^,]*(?:,[^,]*)?,\s*(?:(?:"
    + "|".join(sorted(_AUX_ADVERBS)) + r")\s+)*(?:(?:is|are|was|were)\s+said\s+to\s+(?:have\s+)?)?$"
)


# a where-clause between the source and its verb is one only when it has a verb of its own
# ("Belgium, where the assets are held, has said"; in "a school in Kharkiv, where the governor,
# Oleh Syniehubov, said" the source is inside it)
_WHERE_CLAUSE = re.compile(
    r",\s+where\b([^,]*(?:,[^,]*)?),\s*(?:(?:has|have|had|will|would|also)\s+)*$"
)
_FINITE = _BE | _HAVE | frozenset("will would can could may might must do does did".split())


# a who-clause with no comma in it, up to the phrase that ends it
_WHO_ONLY = re.compile(r"\s+who\s[^,;:“”\"]*\s", re.IGNORECASE)


def _before_relative_clause(sent: _Sentence, s: int) -> tuple[int, int] | None:
    """"X, who met … on Monday, warned", "X, speaking in Kyiv, said": the source is the noun
    phrase before the clause. A where-clause counts only with a verb of its own ("Belgium,
    where the assets are held, has said"): "…a school in Kharkiv, where the governor said" has
    its source inside the clause."""
    m = _RELATIVE.search(sent.text, 0, s)
    if m is None:
        m = _WHERE_CLAUSE.search(sent.text, 0, s)
        words = m.group(1).split() if m is not None else []
        if not any(w.lower() in _FINITE or w.endswith("ed") for w in words):
            return None
    j = _token_before(sent, m.start() + 1)
    # (or a plain plural: "Commuter groups, who have backed …, warned")
    np = (_left_np(sent, j) or _plural_np(sent, j)) if j >= 0 else None
    if np is None:
        return None
    age = np[0]
    if np[0] == np[1] and sent.toks[age][2].isdigit() and age >= 1 and sent.text[
        sent.toks[age - 1][1] : sent.toks[age][0]
    ].strip() == ",":
        # an age between the name and the clause: "Mr. Harris, 74, who has …, said"
        name = _left_np(sent, age - 1)
        if name is not None:
            np = (name[0], np[1])
    lead = sent.text[: sent.toks[np[0]][0]].rstrip()
    if lead and not _OPENS_CLAUSE.search(lead):
        # the phrase ends a who-clause of the source: "The woman who would identify herself
        # only as Anna, citing a fear of reprisals, says"
        who = _before_who(sent, sent.toks[np[0]][0])
        if who is not None and _WHO_ONLY.fullmatch(sent.text, who[1], sent.toks[np[0]][0]):
            before = sent.text[: who[0]].rstrip()
            if not before or _OPENS_CLAUSE.search(before):
                return who[0], sent.toks[np[1]][1]
        return None  # "She grew up in Ohio, where …, says her biographer": Ohio is no source
    return _chars(sent, np)


def _agentless(sent: _Sentence, s: int, e: int, stance: str) -> _Attr:
    return _Attr((s, e), stance, "agentless", None, s)


_FIRST_WORD = re.compile(r"[\w’']+")
_CLAUSE_END = re.compile(r"[,.;]")
_THAT_OR_QUOTE = re.compile(r"\bthat\b|[“\"]")
# an infinitive that opens with a quote: "vows to ‘bring country to a standstill’"
_QUOTED_INFINITIVE = re.compile(r"to\s+[‘“\"]")


# a citing aside between a verb and its that-clause or quote: "reported, citing a source, that"
# (or a relay's: "told reporters, as quoted by Interfax, that")
_ASIDE_OPENS = r",\s+(?:citing|quoting|as\s+(?:quoted|reported|cited)\s+by)\s"
_CITING_ASIDE = re.compile(_ASIDE_OPENS + r"[^,;:“”\"]{1,80},\s+(?:that\s+|(?=[“\"]))")
# an addressee of a few words before a citing aside ("told reporters, as quoted by …,")
_WORDS_BEFORE_ASIDE = re.compile(r"(?:\s+[\w’'.-]+){1,4}(?=" + _ASIDE_OPENS + ")")


# a quantity that opens the content ("said at least 30 people had died", "said up to half of")
_QUANTITY_NEXT = re.compile(
    r"(?:at\s+least|at\s+most|up\s+to|more\s+than|fewer\s+than|less\s+than|nearly|almost|around|"
    r"about|over|some)\s+(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|a\s+dozen|"
    r"dozens|hundreds|thousands|millions|half|a\s+third|a\s+quarter|a\s+fifth)\b)",
    re.IGNORECASE,
)


# a prepositional phrase in front of the content, then a comma and the clause's subject
_PHRASE_THEN_CLAUSE = re.compile(
    r"(?:under|after|with|without|despite|given|amid|following|if|unless|in)\s+[^,;:.“”\"]{1,60},"
    r"(?=\s+(?:(?:he|she|it|they|we|the|a|an|this|these|those|there|its|his|her|their)\b|[A-Z]))"
)


def _content_after(rest: str) -> bool:
    """Whether a source-verb clause introduces content after the verb ("said that …", "told
    reporters …") rather than closing content before it ("“…,” Macron said in a statement")."""
    r = rest.lstrip()
    if _CITING_ASIDE.match(rest):
        return True  # "reported, citing a source, that …"
    if not r or r[0] in ".,;!?)–—":
        return False
    if r[0] in ":“\"‘":
        return True
    first = _FIRST_WORD.match(r)
    if first is None:
        return True
    word = first.group().lower()
    if word == "to" and _QUOTED_INFINITIVE.match(r):
        return True
    if _QUANTITY_NEXT.match(r):
        return True  # "The UN said at least 30 people had died": a number, no preposition
    if word in _PREPOSITIONS or word in _TIME_WORDS:
        clause = _CLAUSE_END.split(r, maxsplit=1)[0]
        if _THAT_OR_QUOTE.search(clause) is not None:
            return True
        after = _PHRASE_THEN_CLAUSE.match(r)
        if after is not None and _CLAUSE_VERB.match(r, after.end()):
            return True  # "said under the new agreement, the U.S. would also work with Sudan"
        # a time or place, then a clause with its verb: "said Monday he would veto the bill",
        # "said on Monday the plan was dead" (not "the ministry said Monday.")
        return _time_then_clause(rest, 0) is not None
    return True


# a clause after a time or place: a pronoun, a determiner, a number or a capitalised word
_CLAUSE_AFTER_TIME = re.compile(
    r"\s+(?:(?:he|she|it|they|we|i|you|the|a|an|this|these|those|there|its|his|her|their|our|"
    r"two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands|many|some|several|"
    r"no|all|both|most|more)\b|\d|[A-Z“\"‘])"
)
_PLACE_IN_TIME = re.compile(r"\b(?:in|at|outside)\s+(?:the\s+)?[A-Z]")


# a subject of up to three words and an irregular past or present verb ("said Friday Nixon
# made a mistake")
_IRREGULAR_PAST_NEXT = re.compile(
    r"\s+(?:[\w’'.-]+\s+){1,3}?(?:made|took|gave|got|went|came|saw|knew|thought|found|left|lost|"
    r"won|became|began|kept|held|brought|ran|sent|spent|paid|met|fell|rose|grew|led|put|set|"
    r"wants|needs|says|knows|thinks|means)\b"
)


def _time_then_clause(text: str, pos: int) -> int | None:
    """Where the clause starts after a time or place phrase at ``pos`` ("said Monday he would
    …", "said in Kyiv the talks had failed"), if a clause with its verb follows. After a place
    a capitalised word may be the rest of its name ("in Tel Aviv the war …"): not a clause."""
    time = _ONLY_TIME.match(text, pos)
    if time is None:
        return None
    if _QUANTITY_NEXT.match(text, time.end() + 1):
        return time.end()  # "said on Wednesday at least 100 million doses could be …"
    if _CLAUSE_AFTER_TIME.match(text, time.end()) is None:
        return None
    end = time.end()
    if text[end + 1 : end + 2].isupper() and _PLACE_IN_TIME.search(time.group()):
        end = _rest_of_place(text, time.end())
        if end == time.end():
            return None
    verb = _CLAUSE_VERB.match(text, end) or _IRREGULAR_PAST_NEXT.match(text, end)
    return end if verb else None


def _rest_of_place(text: str, end: int) -> int:
    """The end of a place phrase that ends at ``end`` ("in Tel") with the rest of its name
    ("Aviv") and a time after it ("on Monday"), when a clause opening in lower case follows;
    else ``end``."""
    rest = _PLACE_REST.match(text, end)
    return rest.end() if rest is not None else end


# verbs whose to-infinitive is their content ("pledged to ban", "threatened to invoke", "claims
# to be an independent group")
_COMMISSIVES = frozenset(
    """vow vows vowed vowing pledge pledges pledged pledging promise promises promised promising
    threaten threatens threatened threatening claim claims claimed claiming""".split()
)
_TO_INFINITIVE = re.compile(r"\s+to\s+(?:(?:not|also|never|quickly|soon)\s+)?[a-z]")


def _content_after_cue(sent: _Sentence, a: _Attr) -> bool:
    """:func:`_content_after`, and for verbs of telling whether the addressee ends the clause
    ("“…,” one official told the BBC." has its content before)."""
    rest = sent.text[a.cue[1] :]
    if _warns_of_quote(sent, *a.cue):
        return True  # "tech giants warn of ‘innovation tax’"
    if a.source is not None and _AS_PARENTHETICAL.search(sent.text, 0, a.source[0]) and (
        _QUOTE_NEXT.match(rest) or sent.text[a.cue[0] : a.cue[1]].lower() == "put it"
    ):
        # "As one minister put it, “the game is up.”", "As he said, the war …", "as the
        # minister put it in an interview, is that “…”"
        return True
    if sent.text[a.cue[0] : a.cue[1]].lower() in _COMMISSIVES and _TO_INFINITIVE.match(rest):
        return True  # "Trump pledged to ban the devices": what he pledged follows
    cue = sent.text[a.cue[0] : a.cue[1]].lower()
    telling = cue in _TELLING
    if telling and _ADDRESSEE_TO.match(rest):
        return True  # "told aides to ask China": what he told them to do follows
    if cue in _WARNING and _WARNED_ABOUT.match(rest):
        return True  # "warned about the danger of normalizing …": what the warning is of
    if not _content_after(rest):
        return False
    if not telling:
        return True
    np = _right_np(sent, a.cue[1])
    if np is None:  # a bare addressee that ends the sentence ("“…,” she told reporters."),
        # after a quote or a comma (not "He resigned before he told colleagues.")
        lead = (a.source or a.cue)[0]
        return not (
            (_BARE_ADDRESSEE_ENDS.match(rest) and _CONTENT_ENDS.search(sent.text, 0, lead))
            or (_BARE_ADDRESSEE_THEN.match(rest) and _QUOTE_ENDS.search(sent.text, 0, lead))
        )
    end = sent.toks[np[1]][1]
    time = _TIME_BEFORE_CLAUSE.match(sent.text, end)
    return _content_after(sent.text[time.end() if time else end :])


_CONTENT_ENDS = re.compile(r"[,”\"’]\s*$")
_WARNED_ABOUT = re.compile(r"\s+(?:about|of|against)\s+\S")
# an addressee of a verb of telling and a to-infinitive ("told aides to ask", "told the
# governors to reopen"): group 1 ends the addressee
_ADDRESSEE_TO = re.compile(
    r"(\s+(?:him|her|them|us|me|(?:the|his|her|their|its|our)\s+[\w’'-]+|[A-Za-z][\w’'-]*))"
    r"(?=\s+to\s+(?:not\s+)?[a-z“\"‘])"
)
# "as X put it, “…”", "As he said, the war …": a parenthetical whose content follows it
_AS_PARENTHETICAL = re.compile(r"(?:^|[,;(–—]\s*)[Aa]s\s+$")
_QUOTE_NEXT = re.compile(r"\s*(?:[,:]\s*[“\"‘]|,\s+\w)")


_SKIP_INTO_CONTENT = re.compile(r"(?:[\s,:]|that\b)+", re.IGNORECASE)
# (", which" too: "Kyiv accuses Moscow of war crimes, which the Kremlin denies")
_TRAILING = re.compile(r"(?:[\s,;:.!?—–]|\b(?:and|but|or|which)\b)+$", re.IGNORECASE)
_TRAILING_REVERSED = re.compile(r"(?:[\s,;:.!?—–]|\b(?:dna|tub|ro|hcihw)\b)+", re.IGNORECASE)


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    m = _SKIP_INTO_CONTENT.match(text, a, b)
    if m:
        a = m.end()
    b = _trailing_start(text, a, b)
    return (a, max(a, b))


def _trailing_start(text: str, a: int, b: int) -> int:
    """Where the run _TRAILING matches at the end of text[a:b] begins (``b`` if none).

    Matched from the end, on the reversed span: each character starts at most one item of the
    run (a mark, or and/but/or between word boundaries), so the greedy match is the longest
    run, the one the leftmost search finds (without trying every start)."""
    m = _TRAILING_REVERSED.match(text[a:b][::-1])
    return b - m.end() if m else b


# a reporting clause set into its content: a comma before it, and after it a comma and the
# content's verb ("Inflation, she added, had fallen …", "The plan, he said, was dead")
_INTERPOSED_BEFORE = re.compile(r"\w,\s*$")
_INTERPOSED_AFTER = re.compile(
    r",\s+(?:(?:also|still|now|not|never|already)\s+)?(?:(?:" + _AUXILIARIES
    + r"|ca|wo)(?:n[’']t)?|may|"
    r"(?!(?:quoted|asked|pressed|flanked|reported|cited|interviewed|speaking)\b)[a-z]+ed"
    r"(?!\s+(?:by|whether|if|about)\b))\b"
)
_FINITE_BEFORE = re.compile(r"\b(?:" + _AUXILIARIES + r"|may)\b")


def _set_content(sent: _Sentence, found: list[_Attr]) -> None:
    """Decide where each clause's content is and bound it by its neighbours."""
    text = sent.text
    n = len(text)
    for a in found:
        if a.pattern == "source_verb" and not _content_after_cue(sent, a):
            a.pattern, a.side = "content_source_verb", "before"
            lead = (a.source or a.cue)[0]
            if (
                _INTERPOSED_AFTER.match(text, a.cue[1]) and _INTERPOSED_BEFORE.search(text, 0, lead)
                and not _FINITE_BEFORE.search(text, 0, lead)
            ):
                # "The plan, he said, was dead": the sentence around it (not "The ceasefire is
                # holding, the ministry said, quoted by TASS": a whole clause before it)
                a.side = "whole"
        elif a.pattern in ("according_to", "citing", "agentless") and a.side != "label":
            a.side = _side_of_phrase(text, a)
    for idx, a in enumerate(found):
        later = [b.lead for b in found[idx + 1 :] if b.lead > a.cue[1]]
        if a.side == "label":
            continue  # the quoted label (_bare_label)
        if a.side == "after":
            anchor = _content_anchor(sent, a)
            end = min(_clause_break(text, anchor, sent.quotes), _relative_close(sent, a, anchor))
            end = _outlet_resumes(sent, anchor, end)
            end = _infinitive_ends(sent, a, anchor, end)
            later = [x for x in later if x > anchor]  # (not an aside skipped: ", citing …,")
            a.content = _trim(text, anchor, min([*later, end]))
            if a.content[0] == a.content[1] and later:
                # "Reuters reported that Zelensky said that …": the report nests the next
                # clause, which is its content (and the next clause's the rest)
                nested = min(later)
                a.content = _trim(text, anchor, min([x for x in later if x != nested] + [end]))
        elif a.side == "before":
            earlier = [b for b in found[:idx] if b.side == "before"]
            begin = max((max(b.cue[1], (b.source or b.cue)[1]) for b in earlier), default=0)
            stop = a.source[0] if a.pattern == "content_source_verb" else a.cue[0]
            a.content = _trim(text, max(begin, _dateline_end(text)), stop)
            if a.pattern == "passive_by":
                noun = _NOUN_BEFORE_PASSIVE.search(text, begin, stop)
                if noun is not None:
                    # "…, a claim questioned by her rivals": what they questioned is the claim
                    a.content = (noun.start(1), noun.end(1))
                else:  # "The plan was rejected by …": the plan, not its auxiliary
                    aux = _PASSIVE_AUXILIARY.search(text, *a.content)
                    if aux is not None and aux.start() > a.content[0]:
                        a.content = (a.content[0], aux.start())
            if a.content[0] == a.content[1] and earlier:
                # "…, the BBC said, citing a source": both report the same content
                a.content = earlier[-1].content
        else:  # the whole sentence, up to the next clause ("…, according to a person …")
            a.content = _trim(text, _dateline_end(text), min([*later, n]))
    for idx, a in enumerate(found):
        if a.pattern == "passive_by" and idx + 1 < len(found) and text[
            a.cue[0] : a.cue[1]
        ].lower() == "quoted" and _AS_SAYING.match(text, (a.source or a.cue)[1]):
            a.content = found[idx + 1].content  # "quoted by TASS as telling reporters …"
            continue
        if a.pattern in ("citing", "passive_by") and idx > 0 and (
            found[idx - 1].side == "after" and found[idx - 1].cue[1] < a.cue[0]
            and a.cue[1] <= found[idx - 1].content[0]
        ):
            a.content = found[idx - 1].content  # "reported, citing a source, that …"
            continue
        if a.pattern == "citing" and idx + 1 < len(found):
            b = found[idx + 1]  # "TASS, citing a source …, reported that …": b's content
            if b.source is None or b.cue[0] < a.cue[1]:
                continue
            opens = a.source is not None and not text[a.source[1] : b.source[0]].strip(" ,")
            if b.source[1] <= a.cue[0] or opens:  # or "Citing a source, TASS reported that …"
                a.content = b.content


# a reporting clause inside a non-restrictive relative clause: its antecedent the source
# ("Russia, which denies the accusations, said …") or its object ("The strike, which Ukraine
# said killed 12, hit …"); the mark that opened the relative clause closes it (a bracket
# its closing bracket)
_RELATIVE_AFTER_SOURCE = re.compile(r"\s*([,–—(])\s*(?:which|who)\b[^,;:–—()“”\"]*$")
_RELATIVE_BEFORE_SOURCE = re.compile(r"([,–—(])\s*(?:which|who|whom)\s+$")
_RELATIVE_CLOSES = {",": (",",), "(": (")",), "–": ("–", "—"), "—": ("–", "—")}


def _relative_close(sent: _Sentence, a: _Attr, anchor: int) -> int:
    """Where the relative clause that holds the reporting clause ends, or the sentence's end:
    the content stays inside it (the main clause after it is the outlet's)."""
    text = sent.text
    if a.source is None or "wh" not in text[max(0, a.source[0] - 8) : a.cue[0]]:
        return len(text)  # a quick test first: most clauses are not relative
    m = _RELATIVE_AFTER_SOURCE.match(text[a.source[1] : a.cue[0]])
    if m is None:
        m = _RELATIVE_BEFORE_SOURCE.search(text, 0, a.source[0])
        if m is None or m.end() != a.source[0]:
            return len(text)
    marks = _RELATIVE_CLOSES[m.group(1)]
    pos = anchor
    while True:
        close = min((i for i in (text.find(k, pos) for k in marks) if i >= 0), default=-1)
        if close < 0:
            return len(text)
        inside = next((qe for qs, qe in sent.quotes if qs <= close < qe), None)
        if inside is not None:
            pos = inside  # a mark inside a quote is the speaker's
            continue
        word = _FIRST_WORD.match(text, close + 1 + (text[close + 1 : close + 2] == " "))
        aside = word is not None and (word.group().lower() in _PREPOSITIONS
                                      or word.group().lower() in _SENTENCE_ADVERBS)
        if not aside:
            return close
        # "said that the war, in his view, would end": an aside in the content, skipped
        pos = text.find(marks[0], close + 1) + 1 if marks == (",",) else close + 1
        if pos == 0:
            return len(text)


# Where a content after its cue gives way to the outlet's own words (the session 13 content
# gold of BABE's tune half: contents ran on past these): the occasion of the speech act ("…
# in a statement on Wednesday", "during his State of the Union address", "in response to a
# question"; not "on Twitter": "a promise that Trump made on Twitter" is the content's), a new
# clause after ", and" or ", while", the outlet's comment in ", as …", ", sparking …", and a
# relative clause or an apposition after the content (", which prohibits …", ", a reference
# to …"; not one closed by the content's verb: "the plan, which was drafted in May, was dead")
_OCCASION = re.compile(
    r"\s(?:in\s+(?:a|an|his|her|their|its)\s+(?:(?:written|joint|brief|televised|video)\s+)?"
    r"(?:statement|interview|tweet|post|speech|letter|op-ed|press\s+release|video|email)s?\b"
    r"|during\s+(?:(?:his|her|their|its)\s+[A-Z]|(?:a|an|his|her|their|its|the)\s+(?:\w+\s+)?"
    r"(?:speech|address|interview|press\s+conference|news\s+conference|briefing|visit|call|"
    r"hearing|debate|rally|appearance|town\s+hall)\b)"
    r"|in\s+response\s+to\b)"
)
_RESUMES = re.compile(
    r",(?P<close>[”’\"])?\s+(?:(?:and|while|whereas)\s+(?!that\b)(?=(?:he|she|it|they|we|i|"
    r"the|his|her|its|their|this|these|those|there|ahead|early|later)\b)"
    r"|while\b|(?P<as>as)\s+(?!(?:well|much|many|long|soon|far|if|though|a\s+result)\b)"
    r"|(?:sparking|prompting|drawing|triggering|fuelling|fueling)\b"
    # the outlet's own gloss: ", in what appears to be the largest attack"
    r"|in\s+what\s+(?:appears|appeared|seems|seemed|looks|looked|would\s+be|could\s+be|"
    r"may\s+be|might\s+be|amounts\s+to|amounted\s+to|is\s+believed|was\s+believed)\b"
    r"|(?P<rest>which\b|an?\s))"
)
# an apposition after a spaced dash that runs to the end of the content, the outlet's gloss on
# it ("… annexed but not captured – a longstanding red line for Kyiv"); not a pair of dashes
# ("the deal – a compromise – would pass")
_DASH_APPOSITION = re.compile(r"\s[–—]\s+(?:an?|the)\s[^–—“”\"]*$")
_SHORT_ASIDE = re.compile(r"(?:\s*[\w’'-]+){1,3},")
_CONTENT_VERB_AFTER = re.compile(
    r",\s+(?:(?:also|still|now|not|never|already)\s+)?(?:(?:" + _AUXILIARIES
    + r"|ca|wo)(?:n[’']t)?|may|[a-z]+ed)\b"
)


# a second verb phrase of the source in the past tense after a to-infinitive content ("vowed
# to cut taxes and made a pledge", "and then left the stage"): the infinitive cannot go on
# with a past form, so the content ends there; the past form must take an object or a particle
# ("pledged to help the displaced and injured people" goes on)
_PAST_AFTER_INFINITIVE = re.compile(
    r"\s+and\s+(?:(?:then|also|later|quickly|promptly)\s+)?(?:[a-z]+ed|made|took|gave|got|went|"
    r"came|saw|left|won|lost|held|sent|spent|paid|met|led|put|set|brought|began|kept|ran|told|"
    r"wrote|spoke)\s+(?:a|an|the|his|her|their|its|our|this|that|these|those|to|on|up|out|off|"
    r"back|for|with|into|it|him|them)\b"
)


# a to-infinitive content, perhaps after the capacity the source acts in ("vowed as president
# to hold energy giants liable")
_INFINITIVE_CONTENT = re.compile(r"\s*(?:as\s+(?:[\w’'-]+\s+){1,3}?)?to\s")


def _infinitive_ends(sent: _Sentence, a: _Attr, anchor: int, end: int) -> int:
    """Where a to-infinitive content of a commissive ("vowed to …") ends before the source's
    next verb phrase in the past tense (``end`` if there is none)."""
    text = sent.text
    if " and " not in text[anchor:end] or not _INFINITIVE_CONTENT.match(text, anchor):
        return end  # a quick test first
    if text[a.cue[0] : a.cue[1]].lower() not in _COMMISSIVES:
        return end
    m = _PAST_AFTER_INFINITIVE.search(text, anchor, end)
    if m is None or any(qs <= m.start() < qe for qs, qe in sent.quotes):
        return end
    return m.start()


def _outlet_resumes(sent: _Sentence, anchor: int, end: int) -> int:
    """Where, between ``anchor`` and ``end``, the outlet takes over from the content after a
    cue (``end`` if it does not): outside quotes, at the first :data:`_OCCASION` or
    :data:`_RESUMES`."""
    text = sent.text
    span = text[anchor:end]
    if "–" in span or "—" in span:
        dash = _DASH_APPOSITION.search(text, anchor, end)
        if dash is not None and text[anchor : dash.start()].strip() and not any(
            qs <= dash.start() < qe for qs, qe in sent.quotes
        ):
            end = dash.start()
            span = text[anchor:end]
    if "," not in span and " in " not in span and " during " not in span:
        return end  # a quick test first
    skip = _SKIP_INTO_CONTENT.match(text, anchor, end)
    first = skip.end() if skip else anchor  # where the content's words begin
    for pattern in (_RESUMES, _OCCASION):
        for m in pattern.finditer(text, anchor, end):
            # (after a quote that ends in a comma: “…,” a line that drew …)
            at = m.start("close") + 1 if pattern is _RESUMES and m.group("close") else m.start()
            if any(qs <= at < qe for qs, qe in sent.quotes):
                continue  # the speaker's own words
            before = text[first:at]
            if at <= first or not before.strip(" ,:"):
                continue  # fronted in the content: "said that in response to …, the …"
            if pattern is _RESUMES and m.group("as") and _SHORT_ASIDE.match(text, m.end()):
                continue  # "the war, as expected, would go on"
            rest = m.group("rest") if pattern is _RESUMES else None
            if rest is not None:
                # a relative clause or an apposition: the outlet's when what closes it is no
                # verb of the content, unless it holds a quote (the source's words: "…, which
                # could have “substantial” effects"); an apposition only where it and the
                # content before it have no comma ("he is, above all things, a moron"; "a
                # waste of time, a divisive exercise, and a distraction")
                close = text.find(",", m.end(), end)
                if close >= 0 and _CONTENT_VERB_AFTER.match(text, close):
                    continue
                if any(at < qs < end for qs, _ in sent.quotes):
                    continue
                if rest != "which" and (close >= 0 or "," in before.replace(",”", "")):
                    continue
            end = min(end, at)
            break
    return end


# a wire story's dateline ("OTTAWA —", "PORT SELANG, July 8 (PRNA) —", "KYIV, Ukraine (AP) —"):
# the outlet's, not part of a content that opens the sentence
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}(?:,\s+[A-Z][\w.]*(?:\s+[\w.]+){0,2})?"
    r"(?:\s+\([A-Za-z&.\s]+\))?\s*[—–-]{1,2}\s+"
)


def _dateline_end(text: str) -> int:
    m = _DATELINE.match(text) if text[:2].isupper() else None
    return m.end() if m is not None else 0


# a noun phrase in apposition right before a reduced passive ("…, a claim questioned by", "…,
# a move condemned by"): the participle's object
_NOUN_BEFORE_PASSIVE = re.compile(
    r",\s+((?:a|an|the|this|that|these|those)\s+(?:[\w’'-]+\s+){0,4}?[\w’'-]+)\s+$"
)


_PASSIVE_AUXILIARY = re.compile(
    r"(?:\s+(?:has|have|had|will|would|could|may|might|must)(?:\s+not)?)?\s+"
    r"(?:was|were|is|are|be|been|being)(?:\s+(?:not|also|first|later|widely|repeatedly|"
    r"strongly|roundly|quickly|immediately|[a-z]+ly))*\s*$"
)


# ", but …" (not ", but that …") usually returns to the outlet's own voice
_BUT = re.compile(r"(?:,|\s[-–—])\s+but\b(?!\s+that\b)")


def _clause_break(text: str, anchor: int, quotes: list[tuple[int, int]]) -> int:
    if text.find("but", anchor) < 0:  # a quick test first: most sentences have no "but"
        return len(text)
    m = _BUT.search(text, anchor)
    while m is not None:
        inside = next((qe for qs, qe in quotes if qs <= m.start() < qe), None)
        if inside is None:
            return m.start()
        m = _BUT.search(text, inside)  # ", but" inside a quote is the speaker's: "“…, but …”"
    return len(text)


# verbs whose first object is the addressee ("told Reuters that …")
_TELLING = frozenset(
    "told tell tells telling informed assured reassured reminded warned briefed".split()
)
_THAT_LATER = re.compile(r"\s+([^,.;:“\"]{1,60}?)\s+that\b")


def _content_anchor(sent: _Sentence, a: _Attr) -> int:
    """Where the content after a cue begins: after "that" when an addressee or a place comes
    first ("told Reuters that …", "wrote on Telegram that …"), and after the addressee of
    "told" without "that" ("told US president Donald Trump he wanted …")."""
    text = sent.text
    if a.pattern in ("according_to", "citing"):
        return _after_np(text, a)
    aside = _CITING_ASIDE.match(text, a.cue[1])
    if aside is not None:
        return aside.end()  # "reported, citing a source, that …"
    time = _TIME_COLON.match(text, a.cue[1])
    if time is not None:
        return time.end()  # "hit back last night: “…”"
    if _warns_of_quote(sent, *a.cue):
        return _OF.match(text, a.cue[1]).end()  # the quoted words after "warned of"
    m = _THAT_LATER.match(text, a.cue[1])
    cue = text[a.cue[0] : a.cue[1]].lower()
    if m is not None:
        first = m.group(1).split()[0].lower()
        between = m.group(1)
        if first in _PREPOSITIONS or cue in _TELLING:
            return m.end()
        nxt = _FIRST_WORD.match(text, m.end() + 1) if text[m.end() : m.end() + 1] == " " else None
        if nxt is not None and nxt.group().lower() not in _NO_CLAUSE_AFTER_THAT and (
            _ONLY_TIME.fullmatch(" " + between)  # "reported last month that …"
            or all(w.lower() in _AUX_ADVERBS - {"now"} for w in between.split())  # "again that"
        ):
            return m.end()
    if cue in _PROMISING:
        bare = _BARE_ADDRESSEE.match(text, a.cue[1])
        if bare is not None:
            return bare.end()  # "promised voters he would …", "promised them a vote"
    if cue in _ADDRESSEE_FIRST:
        words = _WORDS_BEFORE_ASIDE.match(text, a.cue[1])
        aside = _CITING_ASIDE.match(text, words.end()) if words is not None else None
        if aside is not None:
            return aside.end()  # "told reporters, as quoted by Interfax, that …"
        return _after_addressee(sent, a.cue[1])
    start = _time_then_clause(text, a.cue[1])
    if start is not None:
        return start  # "said Monday he would veto the bill": the time is not content
    return a.cue[1]


# verbs of telling whose first object is always the addressee ("warned" is left out: "warned
# Kyiv would fall" has no addressee)
_ADDRESSEE_FIRST = _TELLING - {"warned"}
# verbs of promising, whose object is the addressee only when a clause or a second object
# follows it ("promised voters he would …", "promised them a vote"; not "promised a tax cut")
_PROMISING = frozenset("promise promises promised promising".split())
# a time or place phrase between the addressee and the content ("told reporters on Tuesday
# night he …", "told the BBC in Kyiv the talks …", "told reporters in an interview he …"); a
# place is one capitalised word, so that a title of the content's subject stays in the
# content ("told reporters in Kyiv President Putin was lying")
# the second word of a two-word place ("New York", "the White House", "Downing Street"); any
# other capitalised word after the place starts the content ("in Kyiv President Putin …")
_PLACE_SECOND = (
    r"(?:York|Jersey|Delhi|Kong|Angeles|Francisco|Petersburg|Street|House|Office|Hill|Square|"
    r"Palace|Hall|Building|Room|Lanka|Arabia|Korea|Africa|Zealand|Kingdom|States|Nations|"
    r"Union|Capitol|Bank|Strip)"
)
_ONE_PHRASE = (
    r"(?:\s+(?:(?:on|late\s+on|early\s+on|late|early)\s+)?" + _DAY + r"(?:\s+" + _PART_OF_DAY
    + r")?\b|"
    r"\s+(?:last|this|next)\s+(?:week|weekend|month|year|" + _PART_OF_DAY + r"|" + _DAY + r")\b|"
    r"\s+(?:yesterday|today|tonight)(?:\s+" + _PART_OF_DAY + r")?\b|\s+(?:overnight|recently)\b|"
    r"\s+(?:earlier|later)(?:\s+(?:today|this\s+(?:week|month|year)|on|in\s+the\s+day))?\b|"
    r"\s+at\s+the\s+weekend\b|"
    r"\s+(?:in|at|during|after)\s+(?:an?|the)\s+(?:interview|statement|briefing|phone\s+call|call|"
    r"press\s+conference|news\s+conference|meeting|summit|rally|hearing|visit\s+to\s+[A-Z][\w-]*)\b|"
    r"\s+(?:by|over\s+the)\s+(?:phone|telephone|video\s+link)\b|"
    r"\s+on\s+condition\s+of\s+anonymity\b|"
    r"\s+(?:on|aboard)\s+Air\s+Force\s+One\b|"
    r"\s+(?:in|at|outside)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+" + _PLACE_SECOND + r")?\b(?![’']))"
)
# up to two of them ("in Washington on Monday")
_TIME_PHRASE = r"(?:" + _ONE_PHRASE + r"){1,2}"
_ONLY_TIME = re.compile(_TIME_PHRASE)
# the rest of a place's name, perhaps a time, then a clause that opens in lower case ("in Tel
# Aviv the war", "in Tel Aviv on Monday the war")
_PLACE_REST = re.compile(r"(?:\s+[A-Z][\w’'.-]*){1,2}(?:" + _TIME_PHRASE + r")?(?=\s+(?:he|she|"
                         r"it|they|we|the|a|an|this|these|those|there|its|his|her|their|our)\s)")
# a time between a source and its verb ("The union last night denied", "Police on Friday night
# said"; "on Monday" alone is read elsewhere, so that "The Mail on Sunday" keeps its name;
# places stay with the source: "Diplomats in Port Amani said")
_TIME_LAST_WORDS = frozenset(
    """night week weekend month year morning evening afternoon yesterday today tonight monday
    tuesday wednesday thursday friday saturday sunday years decades months weeks has have
    had""".split()
)
_TIME_BEFORE_VERB = re.compile(
    r"(?:\s+(?:last|this|next)\s+(?:week|weekend|month|year|" + _PART_OF_DAY + r"|" + _DAY
    + r")|\s+(?:yesterday|today|tonight)(?:\s+" + _PART_OF_DAY + r")?|\s+on\s+" + _DAY
    + r"\s+" + _PART_OF_DAY + r"|\s+(?:late|early)\s+on\s+" + _DAY
    # "Activists for years have called for": a span of time, and the auxiliary after it
    + r"|\s+for\s+(?:years|decades|months|weeks)(?=\s+(?:has|have|had)\s+$))"
    + r"(?:\s+(?:has|have|had))?\s+$"
)
# words after "that" that make it a pronoun or a determiner, not a conjunction ("said yesterday
# that was not true", "later that day")
_NO_CLAUSE_AFTER_THAT = _BE | _HAVE | _TIME_WORDS | _TIME_UNITS | frozenset(
    "why would could will can may might must should".split()
)
_TIME_COLON = re.compile(_TIME_PHRASE + r"\s*:")
# one lower-case word, perhaps with a time, place or other prepositional phrase, then the end
# of the sentence ("“…,” she told reporters after the final session.")
_BARE_ADDRESSEE_ENDS = re.compile(
    r"\s+[a-z][\w’'-]*(?:" + _TIME_PHRASE + r"|\s+(?:on|in|at|after|before|during|outside|"
    r"following|ahead\s+of)\s+[^,;:“\"”]{1,60}?)?\s*[.!?]?[”\"’]?\s*$"
)
# after a quote: a bare addressee, perhaps an as/when/while clause (with no "that"), then the
# end or a participle of speaking ("“…,” he told reporters as the plenary broke up, adding …")
_BARE_ADDRESSEE_THEN = re.compile(
    r"\s+[a-z][\w’'-]*(?:\s+(?:as|when|while)\s+(?:(?!\bthat\b)[^,;:“\"”]){1,60}?)?"
    r"(?:\s*[.!?]?[”\"’]?\s*$|,\s+(?:adding|saying|insisting|noting|warning|stressing|"
    r"arguing|explaining|urging)\b)"
)
_QUOTE_ENDS = re.compile(r"[”\"’],?\s*$")
_CLAUSE_START = (
    r"(?=\s+(?:(?:he|she|it|they|we|i|you|the|a|an|this|these|those|there)\b|[A-Z“\"‘]))"
)
# a bare addressee before the content: an object pronoun, or a lower-case noun followed by the
# start of a clause ("told reporters he would …"), perhaps after a time or place phrase
_BARE_ADDRESSEE = re.compile(
    r"\s+(?:(?:him|them|us|me)\b|(?!(?:that|of|about|how|what|why|when|where|whether|if|to)\b)"
    r"[a-z][\w’'-]*(?=(?:" + _TIME_PHRASE + r")?" + _CLAUSE_START + r"))(?:" + _TIME_PHRASE
    + _CLAUSE_START + r")?"
)
_TIME_BEFORE_CLAUSE = re.compile(_TIME_PHRASE + _CLAUSE_START)


def _after_addressee(sent: _Sentence, pos: int) -> int:
    """The end of the addressee that starts after ``pos`` (or ``pos`` if there is none)."""
    np = _right_np(sent, pos)
    if np is None:
        bare = _BARE_ADDRESSEE.match(sent.text, pos) or _ADDRESSEE_TO.match(sent.text, pos)
        if bare is None:
            return pos
        if _PLACE_IN_TIME.search(bare.group()):
            return _rest_of_place(sent.text, bare.end())  # "told reporters in Tel Aviv the war"
        return bare.end()
    end = _addressee_end(sent, np)
    time = _TIME_BEFORE_CLAUSE.match(sent.text, end)
    if time is None:
        return end
    if _PLACE_IN_TIME.search(time.group()):
        return _rest_of_place(sent.text, time.end())  # "told the BBC in Tel Aviv the war …"
    return time.end()


def _addressee_end(sent: _Sentence, np: tuple[int, int]) -> int:
    """Where the addressee the noun phrase ``np`` starts ends."""
    # the noun phrase reader runs on into the content's subject ("the Financial Times the
    # talks", "her the plan", "his cabinet Europe"): a determiner after a word or after a
    # determiner starts it, and so does a name after a common noun that is not a title
    # ("US president Donald Trump" is one addressee)
    first, last = np
    titles = load_word_list("name_modifiers")
    seen_word = False
    for i in range(first, last + 1):
        low, word = sent.low(i), sent.toks[i][2]
        prev = sent.toks[i - 1][2] if i > first else ""
        lprev = prev.lower()
        if i > first and (low in _PRONOUNS or low in _TIME_WORDS or low in _CONTENT_SUBJECTS):
            # "told the Guardian he was …", "the BBC last week", "the BBC nothing had …"
            return sent.toks[i - 1][1]
        if low in _DETERMINERS:
            if seen_word or (i > first and lprev in _DETERMINERS):
                return sent.toks[i - 1][1]
        elif word[:1].isupper() and prev[:1].islower() and lprev not in _DETERMINERS and (
            lprev not in titles or lprev.endswith("s")  # a title before a name is singular
        ):
            return sent.toks[i - 1][1]
        elif word[:1].isupper() and prev[:1].isupper() and _starts_mention(sent, i):
            return sent.toks[i - 1][1]  # "told Fox News Zelensky was …": a second name
        else:
            seen_word = True
    return sent.toks[last][1]


def _starts_mention(sent: _Sentence, i: int) -> bool:
    """Whether an actor mention begins at token ``i``."""
    m = sent.mention_covering(i)
    return m is not None and m[0] == sent.toks[i][0]


def _side_of_phrase(text: str, a: _Attr) -> str:
    head = text[: a.cue[0]].strip(" “\"‘")
    if not head or (a.pattern == "agentless" and text[a.cue[1] - 5 : a.cue[1]] == " that"):
        return "after"  # (a formula that ends in "that": "they are constantly told that …")
    tail_from = (a.source or a.cue)[1] if a.pattern != "agentless" else a.cue[1]
    if not text[tail_from:].strip(" .!?”\"’"):
        return "before"
    return "before" if a.pattern != "agentless" else "whole"


def _after_np(text: str, a: _Attr) -> int:
    """Content of "According to X, …" / "Citing X, …" starts after the comma."""
    end = (a.source or a.cue)[1]
    comma = text.find(",", end)
    return comma + 1 if comma >= 0 else end


# "put it" is speech before its quote, or after "As X" with an adverb between ("As Ms Marsh-
# Tanaka put it, somewhat drily, … “…”"); the lexicon lets both through
_PUT_IT_SPEECH = re.compile(r"\s*[,:]\s*[“\"‘]")
_AS_SOURCE = re.compile(r"(?:^|[\s(“\"])[Aa]s\s+(?:[\w.’'-]+\s+){1,5}$")


def _clauses(sent: _Sentence, verb_hits: list[tuple], agentless_hits: list[tuple]) -> list[_Attr]:
    found: list[_Attr] = []
    for s, e, stance in sorted(verb_hits):
        if s > 0 and sent.text[s - 1] == "-":
            continue  # part of a compound: "a life-threatening infection", "self-described"
        if sent.text[s:e].lower() == "put it" and not _PUT_IT_SPEECH.match(sent.text, e) and (
            _AS_SOURCE.search(sent.text, max(0, s - 60), s) is None
        ):
            continue  # "He put it, carefully, into the drawer by the “…” plaque": no speech
        a = _from_verb(sent, s, e, stance, found)
        if a is not None:
            found.append(a)
    for s, e, stance in agentless_hits:
        if any(s < a.cue[1] and a.cue[0] < e for a in found):
            continue
        if sent.text[e - 10 : e] == " told that" and any(a.cue[1] <= s for a in found):
            continue  # "She said she was told that …": her claim, with no hearsay of its own
        found.append(_agentless(sent, s, e, stance))
    found.sort(key=lambda a: a.cue[0])
    _set_content(sent, found)
    evidence = [a for a in found if _evidence_in_content(sent, a, found)]
    if evidence:  # part of another source's claim: that claim's content runs on over it
        found = [a for a in found if a not in evidence]
        _set_content(sent, found)
    # a verb inside another clause's source describes the speaker ("said Dr. Tom Hale, a
    # virologist who advised the inquiry"): no attribution of its own, unless it reports a
    # claim there ("a virologist who warned in January that the virus was spreading")
    sources = [a.source for a in found if a.source is not None] if len(found) > 1 else []
    kept = []
    for a in found:
        if _tells_nothing(sent, a) or _hearsay_of_others(sent, a, found):
            continue
        outer = None
        for span in sources:
            if span[0] <= a.cue[0] and a.cue[1] <= span[1]:
                outer = span
                break
        if outer is not None:
            if not _CLAIM_LATER.search(sent.text, a.cue[1], outer[1]):
                continue
            name_end = sent.text.find(",", outer[0], a.cue[0])
            if name_end > outer[0]:  # its speaker is the person the source names
                a.source = (outer[0], name_end)
        kept.append(a)
    if any(a.pattern == "agentless" for a in found) and len(kept) < len(found) and kept:
        # a hearsay adverb dropped as another source's words no longer cuts that source's
        # content ("Police said the suspect had allegedly stolen a car": all of it)
        _set_content(sent, kept)
    return kept


_CLAUSE_JOIN = re.compile(r"[;:]|,\s*(?:and|but|while|whereas|yet)\b|\s(?:but|while|whereas)\s")
# verbs of evidence: what a text or fact "shows" (endorsing in reporting_verbs)
_EVIDENTIAL = frozenset(
    "shows showed show suggests suggested proves proved demonstrates demonstrated".split()
)


def _evidence_in_content(sent: _Sentence, a: _Attr, found: list[_Attr]) -> bool:
    """A verb of evidence in the content another source is given is part of that source's
    claim, not an attribution of the outlet's ("he said the president's visit shows he “…”":
    his argument, and the quote is his)."""
    s = a.cue[0]
    if a.pattern != "source_verb" or sent.text[s : a.cue[1]].lower() not in _EVIDENTIAL:
        return False
    start = a.source[0] if a.source is not None else s
    # the content runs up to the evidence's clause with nothing between (not "…, and its
    # filing shows", "…; a memo shows", "…, but CCTV shows": the outlet's own clause)
    return any(
        b is not a and b.pattern != "agentless" and b.cue[1] <= b.content[0] <= start
        and (b.content[1] > start or not sent.text[b.content[1] : start].strip())
        and not _CLAUSE_JOIN.search(sent.text, b.content[0], start)
        for b in found
    )


def _hearsay_of_others(sent: _Sentence, a: _Attr, found: list[_Attr]) -> bool:
    """A hearsay adverb in someone else's words is theirs, not the outlet's attribution: inside
    a quote ("“He reportedly wants out,” the pundit joked") or in the content another source
    is given ("Police said the suspect had allegedly stolen …")."""
    s, e = a.cue
    if a.pattern != "agentless" or not sent.text[s:e].lower().endswith("edly"):
        return False
    # (the content of a clause before the adverb is cut where the adverb's clause begins)
    return any(qs <= s and e <= qe for qs, qe in sent.quotes) or any(
        b.pattern != "agentless" and b.cue[1] <= b.content[0] <= s
        # (not after the content's end at ", but": "claims to be independent, but reportedly
        # works with the industry" is the outlet's hearsay)
        and not _CONTENT_BREAK.search(sent.text, b.content[1], s)
        for b in found
    )


_CONTENT_BREAK = re.compile(r"[;.]|,\s+but\b")


# the rest of a sentence that is an addressee and nothing else ("colleagues.", "the BBC.",
# "reporters in London.", "MPs at the weekend."; not "staff to stay at home.", "them nothing
# had changed.")
_ONLY_ADDRESSEE = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its|our)\s+)?(?!(?:to|that)\b)[\w’'-]+"
    r"(?:\s+(?!(?:to|that)\b)[\w’'-]+)?(?:" + _TIME_PHRASE
    + r"|\s+(?:on|in|at)\s+(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)?\s*[.!?]?[”\"’]?\s*"
)


# a verb of writing whose object is the text written ("who wrote the bill", "He wrote a letter
# to the minister."): it reports authorship, no claim, unless the sentence goes on to one
_WRITING = frozenset("wrote write writes writing penned pens authored drafted".split())
_WRITTEN_TEXT = re.compile(
    r"\s+(?:the|a|an|his|her|its|their|this|that)\s+(?:[\w’'-]+\s+){0,2}?(?:bill|law|letter|"
    r"book|report|article|column|piece|op-ed|memo|amendment|legislation|novel|foreword|speech|"
    r"paper|essay|manifesto|constitution|rules|code|song|script)s?\b",
    re.IGNORECASE,
)
# what may follow the text written when the verb reports authorship: the clause ends, or a
# preposition, conjunction, relative word or time follows ("wrote the bill in 2019, …")
_AUTHORSHIP_ENDS = re.compile(
    r"\s*(?:[,.;:)!?”\"’–—]|$|\s(?:in|on|at|for|to|with|about|and|but|who|which|that|last|this|"
    r"after|before|while|when|during|since|from|by|of)\b)",
    re.IGNORECASE,
)
_CLAIM_LATER = re.compile(
    r"\bthat\b|[“\"‘:]|\b(?:saying|calling|urging|warning|arguing|claiming)\b"
)


# "added to" a thing, not to someone (the thing's clause is read by _added_to_a_thing)
_ADDED_TO_THING = re.compile(
    r"\s+to\s+(?:the|a|an|its|his|her|their|this|growing|mounting|rising)\s", re.IGNORECASE
)
# … or a thing with its own that-clause ("added to the growing sense that", "the evidence that")
_ADDED_TO_THAT = re.compile(
    r"\s+to\s+(?:(?:the|a|an|its|his|her|their|this)\s+)?(?:(?:growing|mounting|rising)\s+)?"
    r"(?:sense|evidence|fears?|concerns?|speculation|suspicions?|impression|belief|feeling|"
    r"perception|pressure|calls?|doubts?|signs?|hopes?)\s+that\b",
    re.IGNORECASE,
)
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|been)\s+$", re.IGNORECASE)
_CLAUSE_STOP = re.compile(r"[,.;!?]")
_QUOTE_AFTER_COMMA = re.compile(r",\s*[“\"‘]")


def _added_to_a_thing(text: str, pos: int) -> bool:
    """"added to" a thing, not to someone: "has added to the disquiet", "added to the growing
    sense that …" (not "added to the committee that …", "added to the BBC: “…”")."""
    if _ADDED_TO_THAT.match(text, pos):
        return True
    m = _ADDED_TO_THING.match(text, pos)
    if m is None:
        return False
    # the thing's clause: no colon, that-clause or quote of speech in it or right after it
    stop = _CLAUSE_STOP.search(text, m.end())
    end = stop.start() if stop else len(text)
    clause = text[m.end() : end]
    return ":" not in clause and " that " not in f" {clause} " and not (
        _QUOTE_AFTER_COMMA.match(text, end)
    )


def _tells_nothing(sent: _Sentence, a: _Attr) -> bool:
    """A verb of telling followed by nothing but its addressee, with no content before it,
    reports no claim ("He told the BBC.", "He resigned before he told colleagues."), nor does
    a verb of writing followed by the text written ("Holloway, who wrote the bill, said …"):
    no attribution. ("“…,” she told reporters." keeps its content before.)"""
    verb = sent.text[a.cue[0] : a.cue[1]].lower()
    if verb in _WRITING and a.pattern in ("source_verb", "coordinated"):
        text = _WRITTEN_TEXT.match(sent.text, a.cue[1])
        if text is None or not _AUTHORSHIP_ENDS.match(sent.text, text.end()):
            return False  # "wrote the law plainly barred the practice": content
        clause_end = sent.text.find(",", text.end())
        return _CLAIM_LATER.search(
            sent.text, text.end(), clause_end if clause_end >= 0 else len(sent.text)
        ) is None and not _CONTENT_ENDS.search(sent.text, 0, (a.source or a.cue)[0])
    amount = (
        _AMOUNT_NEXT.match(sent.text, a.cue[1])
        if verb in _ADDING and a.pattern in ("source_verb", "coordinated") else None
    )
    if amount is not None and not _CLAUSE_VERB.match(sent.text, amount.end()):
        # (not ", adding 40 jobs would go", "added 2% was too much")
        return True  # "Shares added 2%", "The company added 300 jobs": an amount, no claim
    if verb in _ADDING and _added_to_a_thing(sent.text, a.cue[1]) and not (
        sent.text[a.content[0] : a.content[1]].strip() and a.content[1] <= a.cue[0]
    ) and not _CONTENT_ENDS.search(sent.text, 0, (a.source or a.cue)[0]):
        return True  # "Floyd's death has added to the disquiet": it increased it, no claim
    if verb in _COMPLAINING and _ABOUT_TOPIC.match(sent.text, a.cue[1]):
        return True  # "people who have complained about police conduct": a topic, no claim
    if verb in _SAYING and _WH_NEXT.match(sent.text, a.cue[1]) and _NOT_BEFORE.search(
        sent.text, max(0, a.cue[0] - 16), a.cue[0]
    ):
        return True  # "did not say when the talks would start", "declined to say whether"
    nothing = (
        _SAID_NOTHING.match(sent.text, a.cue[1]) if verb in _SAYING or verb == "saying" else None
    )
    if nothing is not None and verb == "saying" and _BE_BEFORE.search(
        sent.text, max(0, a.cue[0] - 8), a.cue[0]
    ):
        return True  # "The family is saying nothing until …", "is saying little about": a state
    if nothing is not None and not (
        a.pattern == "content_source_verb" and sent.text[a.content[0] : a.content[1]].strip()
    ) and not _CLAUSE_VERB.match(sent.text, nothing.end()):
        return True  # "The fans said goodbye", "He said nothing": no claim
    if verb not in _TELLING:
        return False
    if a.pattern == "content_source_verb" and sent.text[a.content[0] : a.content[1]].strip():
        return False
    if _CONTENT_ENDS.search(sent.text, 0, (a.source or a.cue)[0]):
        return False  # content before the clause: “…,” he told reporters in New York.
    return _ONLY_ADDRESSEE.fullmatch(sent.text, a.cue[1]) is not None


# --------------------------------------------------------------------------------------------
# source types and speakers

_ACTOR, _KIND, _GROUP, _APPOSITION = 2, 3, 4, 5  # fields of a _mentions_by_sentence row


@dataclass(frozen=True)
class _Resources:
    cues: Matcher
    cue_categories: tuple[str, ...]
    words: frozenset[str]
    # source phrase -> its cue hits as (end, category) ("a US official" recurs): the matcher is
    # a pure function
    hits: dict[str, tuple[tuple[int, str], ...]] = field(default_factory=dict, compare=False)
    categories: dict[str, frozenset[str]] = field(default_factory=dict, compare=False)
    # source phrase -> (members, named_end, head, body): _phrase_facts
    facts: dict[str, tuple[bool, bool, str | None, bool]] = field(
        default_factory=dict, compare=False
    )


def _cue_hits(res: _Resources, phrase: str) -> tuple[tuple[int, str], ...]:
    found = res.hits.get(phrase)
    if found is None:
        found = tuple((e, res.cue_categories[idx]) for _, e, idx in res.cues.find(phrase))
        res.hits[phrase] = found
    return found


def _source_categories(res: _Resources, phrase: str) -> frozenset[str]:
    cats = res.categories.get(phrase)
    if cats is None:
        cats = res.categories[phrase] = frozenset(cat for _, cat in _cue_hits(res, phrase))
    return cats


def _phrase_facts(res: _Resources, phrase: str) -> tuple[bool, bool, str | None, bool]:
    """What the source type reads off a phrase alone (:func:`_names_members`,
    :func:`_ends_with_a_name`, :func:`_head_category`, :func:`_apposition_names_a_body`), once
    per phrase."""
    facts = res.facts.get(phrase)
    if facts is None:
        facts = (
            _names_members(res, phrase),
            bool(phrase) and _ends_with_a_name(res, phrase),
            _head_category(res, phrase) if phrase else None,
            _apposition_names_a_body(res, phrase),
        )
        res.facts[phrase] = facts
    return facts


# what "friends of …" is around when no person is named: someone lower-case ("the accused")
_AROUND_SOMEONE = re.compile(
    r"(?:the|a|an|his|her|their)\s+[a-z]|(?!(?:the|a|an|his|her|their)\b)[a-z]"
)
# plural heads of a group of unnamed people around someone ("allies of", "friends of")
_GROUP_HEADS = frozenset(
    "allies friends supporters colleagues insiders pals aides advisers advisors relatives "
    "families family parents".split()
)


_MEMBER_ACRONYMS = frozenset("MPs MEPs MSPs TDs".split())
_BODY_HEADS = frozenset(
    """company firm organisation organization charity alliance coalition group party union
    agency ministry department bank insurer retailer carmaker manufacturer supermarket chain
    airline operator developer startup start-up conglomerate publisher platform website
    outlet newspaper network university college station giant campaign""".split()
)
# an adverb and its adjective after the apposition's noun ("a social media platform
# particularly popular with young people")
_POSTMODIFIER = re.compile(r"\s+\w+ly\s+\w+$")
_PERSON_TITLE = re.compile(r"(?:Sir|Lord|Lady|Dame|Baroness|Baron|Dr|Mr|Mrs|Ms|Prof)\.?\s")
_AT_A_BODY = re.compile(r"\s(?:at|from|inside|within)\s+(?:the\s+)?[A-Z]")
_AT_A_PLACE = re.compile(r"\s+(?:at|from|inside|within|in|for|across|around)\s+")
_DAY_AFTER_TEXT = re.compile(r"\s+" + _DAY + r"$")
_APPOSITION_HEAD = re.compile(
    r",\s+(?:the|a|an)\s+([^,]*?)(?=\s+(?:of|at|for|behind|in|from|with|on|that|which|who|whose)\b|"
    r",|$)"
)


def _apposition_names_a_body(res: _Resources, phrase: str) -> bool:
    """The apposition after a name is a body's ("Halcyon Labs, the San Francisco company
    behind …"): the name is the body's, not a person's. Only words that name nothing but a
    body count ("the veteran broadcaster", "the former regulator" are people too), and no
    title opens the name ("Sir Martin Pryce, …")."""
    if _PERSON_TITLE.match(phrase):
        return False
    m = _APPOSITION_HEAD.search(phrase)
    if m is None or not m.group(1):
        return False
    return _POSTMODIFIER.sub("", m.group(1)).rsplit(None, 1)[-1].lower() in _BODY_HEADS


def _names_members(res: _Resources, phrase: str) -> bool:
    """Whether a source phrase ends in a plain plural that no institution term covers: members
    of a group ("military chiefs", "Police officers", "Labour backbenchers"), not a body ("the
    armed forces")."""
    # members at a place or body: "Economists at the bank", "Staff at the ministry" (not "Friends
    # of the Earth", a name)
    whole, phrase = phrase, _AT_A_PLACE.split(phrase, maxsplit=1)[0]
    head = phrase.rsplit(None, 1)[-1] if phrase else ""
    if head in _MEMBER_ACRONYMS or (head.lower() in ("staff", "personnel") and whole != phrase):
        return True  # "Opposition MPs", "Labour MEPs", "Staff at the charity"
    if head == phrase and head[1:].islower() and head.lower() in plural_nouns() and (
        whole != phrase or "party" not in _source_categories(res, phrase)  # "Democrats": the party
    ):
        # "Farmers warned that": capitalised because it opens the sentence (a surname that is
        # also a plural noun, "Banks said", is read as a group too)
        head = head.lower()
    if not head.islower() or _PLURAL.fullmatch(head) is None:
        return False
    return not any(e == len(phrase) and cat == "institution" for e, cat in _cue_hits(res, phrase))


# capitalised modifiers and a lower-case agent noun, with no article: a headline's indefinite
# source ("Yale psychiatrist explains why …")
_HEADLINE_AGENT = re.compile(r"(?:[A-Z][\w.-]*\s+){1,3}[a-z]+")


def _classify(
    phrase: str, mentions: list[tuple], cats: frozenset[str], resolved: tuple | None,
    words: list[str], people: list[tuple], named: bool = False, members: bool = False,
    named_end: bool = False, head: str | None = None,
) -> str:
    """Source type of a source phrase (see the module docstring for the categories);
    ``mentions`` and ``resolved`` are rows of :func:`_mentions_by_sentence`, ``words`` the
    phrase's lower-case words and ``people`` the mentions of persons (as _rows_for_sentence
    makes them)."""
    if not words:
        return "vague"
    if words[0] in _SOME_PEOPLE and (len(words) == 1 or words[1:] == ["people"]):
        return "vague"  # "Some argue", "Many say", "Others insist", "Some people have expressed"
    if len(words) == 1 and words[0] in _PRONOUNS:
        if words[0] in ("he", "she", "i"):
            return "named_person"
        if resolved is not None:
            return "named_person" if resolved[_KIND] == "person" else "named_institution"
        return "named_institution" if words[0] == "it" else "vague"
    if (
        len(words) > 2 and words[0] in _GROUP_HEADS and words[1] in _OF_PHRASE | {"close"}
        and (people or words[0] != "friends" or words[2] in _HONORIFICS
             or _AROUND_SOMEONE.match(phrase.split(None, 2)[2]))
    ) or (len(words) > 3 and words[:2] == ["the", "family"] and words[2] == "of"):
        # "Allies of Keir Starmer", "Pals of Calloway", "Friends of the accused", "The family
        # of Jamal Khashoggi": unnamed people (only "friends" also names organisations:
        # "Friends of the Earth")
        return "anonymous"
    if len(words) > 2 and words[:2] == ["friends", "of"] and words[2] not in _HONORIFICS:
        return "named_institution"  # "Friends of the Earth", "Friends of Europe" (not "of Mr X")
    text_by = _TEXT_BY.match(phrase)
    if text_by is not None:  # "figures released by the ONS", "emails obtained by the Times",
        # "customs data compiled by the finance ministry"; not "documents filed by prosecutors"
        last = words[-1]
        definite_body = text_by.group(0).endswith(("the ", "The ")) and not _PLURAL.fullmatch(last)
        return "named_institution" if text_by.group(1) or definite_body else "vague"
    if _PUBLISHED_TEXT.fullmatch(phrase):  # "A study published in the Journal of …"
        return "named_institution"
    if named_end:
        return "named_person"  # "A spokesman for the Commission, Anders Lindqvist"
    if (
        not people and head is None and "role_reference" not in cats
        and words[0] not in _DETERMINERS and _HEADLINE_AGENT.fullmatch(phrase) is not None
        and _AGENT_NOUN.search(words[-1]) is not None
    ):
        return "anonymous"  # a headline's "Yale psychiatrist", "Labour member": "a …"
    if "anonymous_source" in cats or (
        words[0] in _INDEFINITE and not people and head != "document"  # not "A leaked memo"
    ) or words[0] in _INDEFINITE_PERSONS:  # "Everyone on the panel", "Someone at the ministry"
        return "anonymous"
    if people or (words[0] in _POSSESSIVE_PRONOUNS and "role_reference" in cats):
        return "named_person"
    if "vague_source" in cats and head == "institution" and not people and "," not in phrase:
        return "named_institution"  # "The social media giant": a body ("media" modifies it)
    if "vague_source" in cats:
        # "analysts at Goldman Sachs": unnamed members of a named body
        return "anonymous" if _AT_A_BODY.search(phrase) else "vague"
    if len(words) > 2 and words[0] in _PEOPLE_PLURALS:
        return "anonymous"  # "Residents of the town", "Teachers across the state": unnamed people
    if _is_state(phrase):
        return "named_institution"  # a state the registry does not list: "Belgium said"
    if named:
        return "named_person"  # "Marta Kowalczyk, a fellow at the … Forum in Washington"
    if head in ("institution", "document") and not people:
        return "named_institution"  # "Marovia's Constitutional Court", "the court"
    if head == "role_reference" and not members:
        return "named_person"  # one person's role: "the EU's migration commissioner"
    if members and not mentions:
        return "anonymous"  # "military chiefs", "police officers": unnamed members of a body
    if "institution" in cats or "document" in cats or mentions or (
        "party" in cats and _only_a_party(phrase)
    ):
        return "named_institution"
    if "role_reference" in cats:
        return "named_person"
    head = phrase.split()[-1]
    if head.islower() and (words[-1] in load_word_list("collective_nouns") or members):
        # "Pro-Russian forces", "Latin American leaders", "Labour backbenchers": left unnamed
        return "anonymous"
    if any(w[:1].isupper() for w in phrase.split()[1:]) or phrase[:1].isupper():
        if words[0] in _DETERMINERS:  # "the International Criminal Court": a body's name
            return "named_institution" if head[:1].isupper() else "anonymous"
        return "named_person"
    return "anonymous"


def _only_a_party(phrase: str) -> bool:
    """The phrase is a party's name and capitalised words around it ("Democrats", "the Lib
    Dems", "Senate Republicans"), not a group of its members ("Labour MPs" are read as members
    before this; "Conservatives on the Supreme Court")."""
    words = phrase.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    words = [w for w in words if w != "and"]  # "Republicans and Democrats"
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words)


_STATE_PHRASE = re.compile(r"(?:the\s+)?(.+?)(?:['’]s\s+\w+(?:\s+\w+)?)?")


def _is_state(phrase: str) -> bool:
    """A source phrase that is a state's name, or its possessive before a word or two
    ("Belgium", "the United Kingdom", "Poland's government"; analysis/data/states.txt), or
    states joined by "and" ("Spain and Portugal")."""
    m = _STATE_PHRASE.fullmatch(phrase.strip())
    if m is None or m.group(1).lower() not in load_word_list("states"):
        # ("Bosnia and Herzegovina" is one state)
        return " and " in phrase and all(_is_state(part) for part in phrase.split(" and "))
    after = phrase.strip()[m.end(1) :].lower().split()[1:]  # the words after "'s"
    titles = load_word_list("name_modifiers")
    return not any(w in titles or w in _ROLE_NOUNS or w in _PP_HEADS for w in after)


def _starts_with_a_name(
    phrase: str, words: list[str], mentions: list[tuple], start: int
) -> bool:
    """Two capitalised words open the phrase and no actor mention begins there: a person's name
    the registry does not know, whatever institution the rest names ("Reform UK leader Nigel
    Farage", "Senator Jeanne Shaheen, the senior Democrat on the … Committee")."""
    toks = phrase.split()
    return (
        start >= 0 and len(toks) >= 2 and words[0] not in _DETERMINERS
        and toks[0][:1].isupper() and toks[1][:1].isupper()
        and toks[0].isalpha() and toks[1].rstrip(",").isalpha()
        and not any(m[0] == start for m in mentions)
        # a name before an apposition, or a title's name at the end ("… leader Nigel Farage");
        # not "Latin American leaders", "Wall Street Journal", "West Midlands Police"
        and ("," in phrase or (
            len(toks) >= 4 and toks[-3].islower() and toks[-1][:1].isupper()
            and toks[-2][:1].isupper()
        ))
    )


_NAME_WORD = re.compile(r"[A-Z][\w’'-]*[a-z][\w’'-]*")
_TRAILING_PLACE = re.compile(r"\s+(?:of|from)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?$")


def _ends_with_a_name(res: _Resources, phrase: str) -> bool:
    """A person's name closes the phrase: two or three capitalised words after a role word, an
    abbreviated title, a body's possessive or an apposition's comma ("Senate Majority Leader
    Raymond Castellano", "Labour's Jane Doe", "A spokesman for the Commission, Anders
    Lindqvist", "its chairman, Rep. Lyle Brandt of Texas"), and no institution or state among
    them; or the phrase opens with an abbreviated title and a name ("Rep. Thomas Okafor, a
    Democrat from …")."""
    first = phrase.split(None, 2)
    last = phrase.split()[-2:]
    if len(last) == 2 and _TITLE_AFTER.match(last[0] + " ") and _NAME_WORD.fullmatch(last[1]):
        return True  # "The lawyer, Mr. Cohen"
    if len(first) >= 2 and _TITLE_AFTER.match(phrase) and _NAME_WORD.fullmatch(
        first[1].rstrip(",")
    ) and not _is_possessive(first[1]):  # not "Ms. Thibodeau's office"
        return True
    toks = _TRAILING_PLACE.sub("", phrase).split()
    for n in (3, 2):
        if len(toks) <= n or not all(_NAME_WORD.fullmatch(t) for t in toks[-n:]):
            continue
        before = toks[-n - 1]
        low = before.lower().rstrip(",")
        role = low in load_word_list("name_modifiers") or "role_reference" in _source_categories(
            res, before.rstrip(",")  # as written: "MP" is a case-sensitive cue
        )
        if before.endswith(","):  # an apposition to a role: "A spokesman for the …, Anders …"
            role = "role_reference" in _source_categories(res, " ".join(toks[: -n]))
        if _is_possessive(before):  # a body's person: "Labour's Jane Doe", "the BBC's …"
            role = bool({"institution", "party"} & _source_categories(res, " ".join(toks[:-n])))
        if not (role or _TITLE_AFTER.match(before + " ")):
            continue
        name = " ".join(toks[-n:])
        cats = _source_categories(res, name)
        return "institution" not in cats and "role_reference" not in cats and not _is_state(name)
    return False


def _head_category(res: _Resources, phrase: str) -> str | None:
    """The category of the source cue that ends the phrase ("the EU's migration commissioner":
    role_reference; "Marovia's Constitutional Court": institution), if one does."""
    # the head before an "of" phrase or after a possessive decides ("The head of the regulator",
    # "The firm's founder": one person's role)
    core = _AT_A_PLACE.split(phrase.split(" of ", 1)[0], maxsplit=1)[0]
    # a text by its author, a text's day ("a study by Harvard researchers", "a report Thursday
    # in the New York Times"): the text is the head
    core = _DAY_AFTER_TEXT.sub("", core.split(" by ", 1)[0])
    word = core.rsplit(None, 1)[-1].lower() if core else ""
    if word in _ROLE_NOUNS and (core != phrase or "'" in core or "’" in core):
        return "role_reference"
    last = None
    for e, cat in _cue_hits(res, core):  # "Staff at the charity": the staff, not the charity
        if e == len(core):
            last = cat
    return last


def _resolve_previous(previous: list[tuple], *, person: bool) -> tuple | None:
    """The first actor the previous sentence names (a person, or any actor for "it"/"they");
    ``previous``: its rows of :func:`_mentions_by_sentence`."""
    for m in previous:
        if m[_APPOSITION]:
            continue
        if not person or m[_KIND] == "person":
            return m
    return None


def _speaker(
    words: list[str], inside: list[tuple], people: list[tuple], previous: list[tuple],
    before: Sequence[tuple] = (),
) -> tuple[tuple | None, str]:
    """The actor (a row of :func:`_mentions_by_sentence`) a source phrase speaks for, and how
    it was found; the phrase as :func:`_classify` takes it. ``before``: the mentions earlier in
    the phrase's own sentence, given only for a pronoun right after a relative word: the
    sentence's first person, usually its subject ("Peskov said …, which he called “theft”":
    he is Peskov; "Asked about Putin, he said" looks back to the previous sentence)."""
    if not words:
        return None, "none"
    if len(words) == 1 and words[0] in _PRONOUNS:
        person = words[0] in ("he", "she", "i")
        same = _resolve_previous(list(before), person=person) if person else None
        if same is not None:
            return same, "pronoun_same_sentence"
        m = _resolve_previous(previous, person=person)
        return m, "pronoun_previous_sentence" if m else "none"
    if words[0] in _POSSESSIVE_PRONOUNS and not inside:
        m = _resolve_previous(previous, person=words[0] != "its")
        return m, "role_previous_sentence" if m else "none"
    return (people or inside or [None])[0], "explicit"


def _rows_for_sentence(
    sent: _Sentence,
    found: list[_Attr],
    previous: list[tuple],
    res: _Resources,
    surnames: Callable[[str, str], bool],
) -> list[tuple]:
    """The table rows of a sentence's attributions, in ``ATTRIBUTION_COLUMNS`` order."""
    rows = []
    o = sent.offset
    for a in found:
        src = a.source or (a.cue[0], a.cue[0])
        phrase = sent.text[src[0] : src[1]] if a.source else ""
        first, last = src[0] + o, src[1] + o  # the source in document offsets
        # a who-clause describes the source and does not type it ("The woman who would identify
        # herself only as Anna": a person left unnamed; "Voters who backed the party": people)
        full = phrase
        tag = _PARTY_TAG.match(sent.text, src[1]) if phrase and sent.text[
            src[1] : src[1] + 2] == " (" else None
        if tag is not None:  # reported with the name, typed without it
            full, src = full + tag.group(), (src[0], tag.end())
        elif phrase.endswith(")"):  # a body's acronym likewise: "The Centers for … (CDC)"
            acronym = _ACRONYM_BEFORE.search(phrase + " ")
            if acronym is not None and acronym.start() > 0:
                phrase = phrase[: acronym.start()]
                last = first + len(phrase)
        if " who " in phrase:
            phrase = phrase.split(" who ", 1)[0]
            last = first + len(phrase)
        inside = [m for m in sent.mentions if first <= m[0] and m[1] <= last
                  and not _in_appositive_phrase(phrase, m[0] - first)]
        # the phrase's words and persons, read by the speaker and the source type
        words = phrase.lower().replace("’", "'").split()
        people = [m for m in inside if m[_KIND] == "person"]
        # a pronoun source right after a relative word ("Peskov said …, which he called
        # “theft”") refers back into its own sentence: the mentions before it
        before = (
            [m for m in sent.mentions if m[1] <= first]
            if len(words) == 1 and words[0] in _PRONOUNS
            and _AFTER_RELATIVE.search(sent.text, 0, src[0]) else []
        )
        actor, resolution = _speaker(words, inside, people, previous, before)
        cats = _source_categories(res, phrase) if phrase else frozenset()
        # a name the registry does not know opens the phrase (its first two words are no
        # institution: "Foreign Office"; a party before a title is: "Labour MP Jane Doe")
        members, named_end, head, body = _phrase_facts(res, phrase)
        two = " ".join(phrase.split()[:2])
        named = _starts_with_a_name(phrase, words, inside, first) and not any(
            e == len(two) and cat == "institution" for e, cat in _cue_hits(res, two)
        ) and not body
        # a plain plural head that is no body's name: members of a group ("military chiefs",
        # "Labour backbenchers"; not "the armed forces")
        if members and phrase.isalpha() and surnames(sent.doc_id, phrase):
            members = False  # "Banks said", after "Arron Banks": a surname, not a group
        if body:
            members = False  # "Meridian Health, a charity that runs hospices": the body
            # (and the apposition's own words are no vague source: "Snapchat, a social media
            # platform particularly popular with young people")
            cats = cats - {"vague_source", "anonymous_source"}
        source_type = _classify(phrase, inside, cats, actor, words, people, named, members,
                                named_end, head)
        if source_type == "vague" and words[1:] == ["people"] and sent.text[
            src[1] : src[1] + 5
        ].lower() == " who ":
            source_type = "anonymous"  # "Some people who attended the rally said": described
        lead = a.cue[0] if a.pattern in ("coordinated", "participle") else src[0]
        begin = min(lead, a.cue[0], a.content[0] if a.content[1] > a.content[0] else a.cue[0])
        own_source = src[1] if a.pattern not in ("coordinated", "participle") else 0
        finish = max(own_source, a.cue[1], a.content[1])
        rows.append((
            sent.doc_id,
            sent.outlet,
            sent.sent_id,
            o + begin,  # start
            o + finish,  # end
            full,  # source
            o + src[0],
            o + src[1],
            source_type,
            sent.text[a.cue[0] : a.cue[1]],  # cue
            o + a.cue[0],
            o + a.cue[1],
            a.stance if a.stance in STANCES else "neutral",  # verb_stance
            o + a.content[0],
            o + a.content[1],
            a.pattern,
            actor[_ACTOR] if actor else "",  # speaker_actor
            actor[_GROUP] if actor else "",  # speaker_group
            resolution,  # speaker_resolution
        ))
    return rows


# --------------------------------------------------------------------------------------------
# public API


def _hits_by_sentence(hits: pd.DataFrame, value: str) -> dict[tuple[str, int], list[tuple]]:
    out: dict[tuple[str, int], list[tuple]] = {}
    for doc_id, sent_id, s, e, v in zip(
        *(hits[c].tolist() for c in ("doc_id", "sent_id", "start", "end", value)), strict=True
    ):
        out.setdefault((doc_id, int(sent_id)), []).append((int(s), int(e), v))
    return out


def _agentless_hits(
    sentences: pd.DataFrame, hedges: Lexicon, verbs: Matcher, hits: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Hearsay formulas with no source, with the stance of the reporting verb inside them
    ("it's been claimed": distancing; "it is understood": neutral). ``hits``: the hedge
    lexicon's hits in ``sentences`` if already matched (read, not changed)."""
    hits = match_lexicon(sentences, hedges) if hits is None else hits
    keep = hits["category"] == "agentless_attribution"
    if "voice" in hits.columns:
        keep &= hits["voice"] == "attributed"
    hits = hits[keep].copy()
    by_phrase: dict[str, str] = {}  # the formulas recur ("it is understood")
    stances = []
    for phrase in hits["match"].tolist():
        stance = by_phrase.get(phrase)
        if stance is None:
            # a hearsay adverb has the stance of its participle (reportedly: reported,
            # allegedly: alleged)
            verb = phrase[:-2] if phrase.lower().endswith("edly") else phrase
            inner = [verbs.lexicon.entries.at[idx, "stance"] for _, _, idx in verbs.find(verb)]
            inner = [s for s in inner if s in ("distancing", "endorsing")]
            stance = by_phrase[phrase] = inner[0] if inner else "neutral"
        stances.append(stance)
    hits["stance"] = stances
    return hits


def find_attributions(
    sentences: pd.DataFrame,
    *,
    verbs: Lexicon | None = None,
    cues: Lexicon | None = None,
    hedges: Lexicon | None = None,
    mentions: pd.DataFrame | None = None,
    documents: pd.DataFrame | None = None,
    hedge_hits: pd.DataFrame | None = None,
    verb_hits: pd.DataFrame | None = None,
    quote_spans: dict[str, list[QuoteSpan]] | None = None,
) -> pd.DataFrame:
    """Every reporting clause in the sentence table, split into source, cue and content.

    ``verbs`` (reporting verbs with a ``stance`` column), ``cues`` (source cues) and ``hedges``
    (agentless formulas) default to the shipped lexicons; ``mentions`` to
    :func:`analysis.actors.find_mentions`; ``documents`` (cleaned documents) lets quote marks be
    paired on the exact text; ``hedge_hits`` is ``match_lexicon(sentences, hedges)`` if the
    caller has it already (:func:`find_hedges` needs the same table: matched once, not twice),
    ``verb_hits`` likewise ``match_lexicon(sentences, verbs)`` and ``quote_spans``
    ``quote_spans_by_doc(sentences, documents)``.

    One row per attribution (a sentence can have several), columns ``ATTRIBUTION_COLUMNS``:
    ``start, end`` span the whole clause; ``source`` is the phrase as written (empty for
    agentless forms) with ``source_start, source_end``; ``cue`` the reporting words;
    ``content_start, content_end`` what is attributed; ``source_type`` one of
    ``SOURCE_TYPES``; ``verb_stance`` one of ``STANCES``; ``pattern`` the construction;
    ``speaker_actor, speaker_group, speaker_resolution`` the registry actor the source speaks
    for. All offsets are into the document's cleaned text.
    """
    verbs = load_lexicon("reporting_verbs") if verbs is None else verbs
    cues = load_lexicon("source_cues") if cues is None else cues
    hedges = load_lexicon("hedges") if hedges is None else hedges
    if "stance" not in verbs.entries.columns:
        raise ParameterError("verbs: the reporting-verb lexicon needs a 'stance' column")
    mentions = find_mentions(sentences) if mentions is None else mentions
    verb_matcher = compile_matcher(verbs)
    if verb_hits is None:
        verb_hits = match_lexicon(sentences, verb_matcher)
    by_verb = _hits_by_sentence(verb_hits, "stance")
    agentless = _hits_by_sentence(
        _agentless_hits(sentences, hedges, verb_matcher, hedge_hits), "stance"
    )
    res = _Resources(compile_matcher(cues), tuple(cues.entries["category"]), _source_words(cues))
    quotes = {
        doc_id: (spans, [q.end for q in spans])
        for doc_id, spans in (
            quote_spans_by_doc(sentences, documents) if quote_spans is None else quote_spans
        ).items()
    }
    # only the sentences with a reporting-verb or agentless hit are read (compress: no Python
    # loop over the others), with the mentions of these and of the sentences before them
    wanted = by_verb.keys() | agentless.keys()
    by_sent = _mentions_by_sentence(mentions, wanted | {(d, i - 1) for d, i in wanted})
    rows: list[tuple] = []
    ordered = sentences.sort_values(["doc_id", "sent_id"])
    columns = [ordered[c].tolist() for c in _SentenceRow._fields]
    surnames = _Surnames(columns[0], columns[5])
    keys = list(zip(columns[0], map(int, columns[2]), strict=True))
    hit = map(wanted.__contains__, keys)
    for key, row in compress(zip(keys, zip(*columns, strict=True), strict=True), hit):
        s = _SentenceRow._make(row)
        sent = _make_sentence(s, by_sent.get(key, []), quotes.get(s.doc_id, ([], [])), res.words)
        found = _clauses(sent, _local(by_verb.get(key, []), s.start),
                         _local(agentless.get(key, []), s.start))
        previous = by_sent.get((key[0], key[1] - 1), [])
        rows.extend(_rows_for_sentence(sent, found, previous, res, surnames))
    out = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    return out.sort_values(["doc_id", "sent_id", "cue_start"], kind="stable").reset_index(drop=True)


# a run of capitalised words: two of them, not after "of" or "the", are a first name and a
# surname ("Arron Banks"; not "Junior Doctors Committee", "Federation of Young Farmers")
_CAPITALISED_RUN = re.compile(r"(?<![\w’'])((?:[A-Z][a-z]+\s+)+[A-Z][a-z]+)(?![\w’'])")


class _Surnames:
    """Whether a word is a surname in a document ("Banks" after "Arron Banks"), read from the
    document's sentences that hold the word, once per document and word (a capitalised plural
    source is rare, so the sentences are indexed only when one first asks)."""

    def __init__(self, doc_ids: list[str], texts: list[str]) -> None:
        self._doc_ids, self._texts = doc_ids, texts
        self._by_doc: dict[str, list[int]] | None = None
        self._known: dict[tuple[str, str], bool] = {}

    def __call__(self, doc_id: str, word: str) -> bool:
        key = (doc_id, word)
        found = self._known.get(key)
        if found is None:
            if self._by_doc is None:
                self._by_doc = {}
                for i, doc in enumerate(self._doc_ids):
                    self._by_doc.setdefault(doc, []).append(i)
            found = self._known[key] = any(
                self._names(self._texts[i], word) for i in self._by_doc.get(doc_id, [])
                if word in self._texts[i]
            )
        return found

    @staticmethod
    def _names(text: str, word: str) -> bool:
        for m in _CAPITALISED_RUN.finditer(text):
            words = m.group(1).split()
            before = text[max(0, m.start() - 4) : m.start()].lower()
            if len(words) == 2 and words[1] == word and not before.endswith(("of ", "the ")):
                return True
        return False


def _local(hits: list[tuple], offset: int) -> list[tuple]:
    return [(s - offset, e - offset, v) for s, e, v in hits]


class _SentenceRow(NamedTuple):
    doc_id: str
    outlet: str
    sent_id: int
    start: int
    end: int
    text: str


def _mentions_by_sentence(
    mentions: pd.DataFrame, needed: set[tuple[str, int]]
) -> dict[tuple[str, int], list[tuple]]:
    """Mentions per sentence (of the ``needed`` ones) as ``(start, end, actor, kind, group,
    apposition)`` rows, offsets into the document."""
    out: dict[tuple[str, int], list[tuple]] = {}
    keys = list(zip(mentions["doc_id"].tolist(), map(int, mentions["sent_id"].tolist()),
                    strict=True))
    columns = ("start", "end", "actor", "kind", "group", "apposition")
    rows = zip(*(mentions[c].tolist() for c in columns), strict=True)
    pairs = compress(zip(keys, rows, strict=True), map(needed.__contains__, keys))
    for key, row in pairs:
        group = out.get(key)
        if group is None:
            out[key] = [row]
        else:
            group.append(row)
    return out


def _make_sentence(
    s, mentions: list[tuple], quotes: tuple[list[QuoteSpan], list[int]], words
) -> _Sentence:
    # quotes are sorted and do not overlap, so their ends are sorted too: start from the first
    # that ends after the sentence starts, stop at the first that starts after it ends
    quotes, ends = quotes
    i = bisect.bisect_right(ends, s.start)
    inner = []
    while i < len(quotes) and quotes[i].start < s.end:
        q = quotes[i]
        if q.balanced:
            inner.append((q.inner_start - s.start, q.inner_end - s.start))
        i += 1
    return _Sentence(s.doc_id, s.outlet, int(s.sent_id), int(s.start), s.text, mentions,
                     inner, words)


# --------------------------------------------------------------------------------------------
# profiles


def attribution_profile(
    attributions: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
) -> pd.DataFrame:
    """How each outlet attributes: the share of its attributions by source type and by verb
    stance, with the counts behind each share.

    One row per ``<by>, dimension, value`` (``dimension`` is ``source_type`` or
    ``verb_stance``; every value is listed, zeros included): ``n``, ``n_attributions`` (the
    outlet's total, the denominator of ``share``), ``share``, and ``per_1k_tokens`` (n per
    1,000 word tokens of the outlet's text). A share from a handful of attributions is a
    description of those sentences, not an estimate: read ``n`` first.
    """
    check_choice("by", by, ("outlet", "doc_id"))
    tokens = sentences.groupby(by)["n_tokens"].sum()
    rows = []
    for dimension, values in (("source_type", SOURCE_TYPES), ("verb_stance", STANCES)):
        counts = attributions.groupby([by, dimension]).size()
        totals = attributions.groupby(by).size()
        for key in sorted(tokens.index):
            total = int(totals.get(key, 0))
            for value in values:
                n = int(counts.get((key, value), 0))
                rows.append(
                    {
                        by: key,
                        "dimension": dimension,
                        "value": value,
                        "n": n,
                        "n_attributions": total,
                        "share": round(n / total, 4) if total else float("nan"),
                        "per_1k_tokens": round(1000 * n / tokens[key], 4)
                        if tokens[key]
                        else float("nan"),
                    }
                )
    return pd.DataFrame(rows)


def find_hedges(
    sentences: pd.DataFrame,
    *,
    lexicon: Lexicon | None = None,
    attributions: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Hedges and epistemic markers (shipped ``hedges`` lexicon by default), each with the
    voice it is in.

    ``voice`` is ``attributed`` for a hedge on someone else's claim: a distancing, conditional
    or agentless form ("reportedly", "if these claims are true", "it's been claimed"; the
    lexicon's ``voice`` column), a hedge inside an attribution's content ("the ministry said
    it *may* …") or inside a speech quote; otherwise ``outlet``, the outlet's own hedging.
    ``voice_reason`` says which: ``lexicon``, ``attribution_content``, ``quote`` or ``own``
    (:func:`mark_voice` with ``reported_speech="attributed"``). Columns as
    :func:`analysis.lexicons.match_lexicon` plus ``voice, voice_reason``. ``hits``:
    ``match_lexicon(sentences, lexicon)`` if already computed (copied, not changed).
    """
    if hits is None:
        hits = match_lexicon(sentences, lexicon or load_lexicon("hedges"))
    if attributions is None:
        attributions = find_attributions(sentences)
    if quotes is None:
        from analysis.quotes import find_quotes

        quotes = find_quotes(sentences, attributions=attributions)
    return mark_voice(hits, attributions=attributions, quotes=quotes, reported_speech="attributed")


def mark_voice(
    hits: pd.DataFrame,
    *,
    attributions: pd.DataFrame,
    quotes: pd.DataFrame,
    reported_speech: Literal["attributed", "outlet"],
) -> pd.DataFrame:
    """Whose words each hit (any span table with ``doc_id, sent_id, start, end``) is in: the
    outlet's own, or someone else's that the outlet reports.

    ``voice_reason`` is ``quote`` for a hit inside a direct (speech) quote, the speaker's own
    words; ``attribution_content`` for one in the unquoted content of an attribution, reported
    speech ("the ministry said the regime *may* …"); else ``own``. ``voice`` is ``attributed``
    for a quote, ``outlet`` for ``own``, and for reported speech what ``reported_speech`` says:
    ``"attributed"`` where the hit qualifies the source's claim (a hedge such as "may" is the
    source's), ``"outlet"`` where the wording is what counts (in "Zelensky warned that tyrant
    Putin …" the epithet is the outlet's paraphrase, not Zelensky's words). A term inside scare
    quotes stays the outlet's: putting it in quotes is the outlet's own move. Hits that come
    with ``voice == "attributed"`` from their lexicon (the hedges' distancing forms,
    "reportedly") keep it, with ``voice_reason`` ``lexicon``. Returns a copy of ``hits`` with
    ``voice_reason`` added and ``voice`` added or set.
    """
    check_choice("reported_speech", reported_speech, ("attributed", "outlet"))
    hits = hits.copy()
    reasons = _voice_reasons(hits, attributions, quotes)
    if "voice" in hits.columns:
        reasons = ["lexicon" if v == "attributed" else r
                   for v, r in zip(hits["voice"].tolist(), reasons, strict=True)]
    voice = {"own": "outlet", "quote": "attributed", "attribution_content": reported_speech,
             "lexicon": "attributed"}
    hits["voice_reason"] = reasons
    hits["voice"] = [voice[r] for r in reasons]
    return hits


def _voice_reasons(
    hits: pd.DataFrame, attributions: pd.DataFrame, quotes: pd.DataFrame
) -> list[str]:
    """:func:`mark_voice`'s ``voice_reason`` of each hit."""
    contents = _spans_by_sentence(attributions, "content_start", "content_end")
    speech = _spans_by_sentence(quotes[quotes["kind"] == "speech"], "start", "end")
    reasons = []
    # .tolist(): iterating a pandas column boxes every value
    rows = zip(*(hits[c].tolist() for c in ("doc_id", "sent_id", "start", "end")), strict=True)
    for doc_id, sent_id, s, e in rows:
        key = (doc_id, int(sent_id))
        if _within(speech.get(key, ()), s, e):  # a quote inside reported speech is a quote
            reasons.append("quote")
        elif _within(contents.get(key, ()), s, e):
            reasons.append("attribution_content")
        else:
            reasons.append("own")
    return reasons


def _spans_by_sentence(
    table: pd.DataFrame, a: str, b: str
) -> dict[tuple[str, int], list[tuple[int, int]]]:
    """Spans keyed by every sentence they touch (``sent_id`` to ``end_sent_id`` if given), so
    that a hit is only compared with the spans of its own sentence."""
    out: dict[tuple[str, int], list[tuple[int, int]]] = {}
    last = table["end_sent_id"] if "end_sent_id" in table.columns else table["sent_id"]
    for doc_id, first, final, s, e in zip(
        table["doc_id"].tolist(), table["sent_id"].tolist(), last.tolist(), table[a].tolist(),
        table[b].tolist(), strict=True
    ):
        for sent_id in range(int(first), int(final) + 1):
            out.setdefault((doc_id, sent_id), []).append((int(s), int(e)))
    return out


def _within(spans: Iterable[tuple[int, int]], s: int, e: int) -> bool:
    return any(a <= s and e <= b for a, b in spans)


def hedge_rates(
    hedges: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    min_docs: int = 5,
) -> pd.DataFrame:
    """Hedges per 1,000 word tokens per outlet, in the outlet's own voice and on others'
    claims, with a seeded bootstrap interval over documents (as
    :func:`analysis.loaded.loaded_rates`: no interval below ``min_docs`` documents).

    The table of :func:`voice_rates` for the hedges of :func:`find_hedges`. Compare the
    outlet-voice rate across outlets to see who hedges in their own words; the attributed rate
    shows who keeps distance from what they report.
    """
    return voice_rates(
        hedges, sentences, by=by, n_boot=n_boot, seed=seed, level=level, min_docs=min_docs
    )


def voice_rates(
    hits: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    min_docs: int = 5,
) -> pd.DataFrame:
    """Hits with a ``voice`` (:func:`mark_voice`, :func:`find_hedges`) per 1,000 word tokens
    per outlet, in all, in the outlet's own voice and in words it attributes to others, with a
    seeded bootstrap interval over documents (no interval below ``min_docs`` documents).

    Rows: ``voice == "all"`` with ``category == "all"`` and per lexicon category, and one row
    per voice (``outlet``, ``attributed``) with ``category == "all"``. Columns ``<by>, voice,
    category, n_hits, n_tokens, n_docs, rate_per_1k, ci_low, ci_high, interval_note``. Both
    voices count against all of the outlet's tokens, so they add up to the ``all`` rate.
    """
    check_choice("by", by, ("outlet", "doc_id"))
    if "voice" not in hits.columns:
        raise ParameterError("voice_rates needs hits with a 'voice' column: use mark_voice first")
    opts = {"by": by, "n_boot": n_boot, "seed": seed, "level": level, "min_docs": min_docs}
    per_category = loaded_rates(hits, sentences, per_category=True, **opts)
    per_category.insert(1, "voice", "all")
    counts = hits.groupby(["doc_id", "voice"]).size().rename("n_hits").reset_index()
    # a zero count of each voice, so that both get rows even where no hit is in one of them
    doc = sentences["doc_id"].iloc[:1].tolist()
    zeros = pd.DataFrame(
        {"doc_id": doc * 2, "voice": ["outlet", "attributed"] if doc else [], "n_hits": 0}
    )
    counts = pd.concat([counts, zeros], ignore_index=True).rename(columns={"voice": "category"})
    doc_tokens = sentences.groupby(["outlet", "doc_id"], sort=True)["n_tokens"].sum()
    per_voice = compute_loaded_rates(
        doc_tokens.rename("n_tokens").reset_index(), counts, per_category=True, **opts
    )
    per_voice = per_voice[per_voice["category"] != "all"].copy()
    per_voice.insert(1, "voice", per_voice.pop("category"))
    per_voice.insert(2, "category", "all")
    out = pd.concat([per_category, per_voice], ignore_index=True)
    order = {"all": 0, "outlet": 1, "attributed": 2}
    out["_v"] = out["voice"].map(order)
    out["_c"] = (out["category"] != "all").astype(int)
    out = out.sort_values([by, "_v", "_c", "category"], kind="stable").drop(columns=["_v", "_c"])
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# evaluation against hand annotation

GOLD_COLUMNS = [
    "corpus", "doc_id", "sent_id", "record", "cue", "cue_occurrence", "source", "source_type",
    "verb_stance", "content", "quote", "kind", "speaker", "speaker_actor", "speaker_group",
    "speaker_resolution", "note",
]
#: Gold columns a file may leave out: a gold without ``content`` is scored without the content
#: metrics (``-`` in it: no part of the content is in the sentence; empty: not coded).
OPTIONAL_GOLD_COLUMNS = ("content",)
NO_CONTENT = "-"


def read_gold(path: str | Path) -> pd.DataFrame:
    """Read a hand-annotated attribution and quote file (format: ``tests/data/attribution_gold.md``)
    and check its labels."""
    gold = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in GOLD_COLUMNS if c not in gold.columns and c not in OPTIONAL_GOLD_COLUMNS]
    if missing:
        raise ParameterError(f"{path}: gold file lacks column(s) {', '.join(missing)}")
    for column in OPTIONAL_GOLD_COLUMNS:
        if column not in gold.columns:
            gold[column] = ""
    gold["sent_id"] = gold["sent_id"].astype(int)
    gold["cue_occurrence"] = pd.to_numeric(gold["cue_occurrence"].replace("", "1")).astype(int)
    attr = gold["record"] == "attribution"
    checks = (
        ("record", gold["record"], ("attribution", "quote")),
        ("source_type", gold.loc[attr, "source_type"], SOURCE_TYPES),
        ("verb_stance", gold.loc[attr, "verb_stance"], STANCES),
        ("kind", gold.loc[~attr, "kind"], ("speech", "scare_quote", "name_or_title", "unbalanced")),
    )
    for name, values, allowed in checks:
        bad = sorted(set(values) - set(allowed))
        if bad:
            raise ParameterError(f"{path}: {name} {bad[0]!r} is not one of {', '.join(allowed)}")
    return gold


def _gold_cue_spans(gold: pd.DataFrame, sentences: pd.DataFrame) -> list[tuple[int, int]]:
    sents = sentences.set_index(["doc_id", "sent_id"])[["start", "text"]]
    spans = []
    for g in gold.itertuples(index=False):
        try:
            s_start, text = sents.loc[(g.doc_id, int(g.sent_id))]
        except KeyError:
            raise ParameterError(
                f"gold row for {g.doc_id} sentence {g.sent_id}: no such sentence"
            ) from None
        pos = -1
        for _ in range(int(g.cue_occurrence)):
            pos = text.find(g.cue, pos + 1)
        if pos < 0:
            raise ParameterError(f"gold cue {g.cue!r} not in {g.doc_id} sentence {g.sent_id}")
        spans.append((s_start + pos, s_start + pos + len(g.cue)))
    return spans


def match_attributions(
    attributions: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Pair predicted and gold attributions: same sentence, overlapping cues, one to one. One
    row per gold attribution and per unmatched prediction (``status`` tp, fn, fp), with both
    sides' source, type, stance and content, for reading the errors. Predictions in documents
    absent from ``sentences`` are ignored; the gold is taken as complete for the rest.

    The content columns compare what is attributed (gold ``content``, when coded): the words
    of the two contents in the sentence, each side's own cue and source words left out
    (``content_tp`` words in both, ``content_gold_n`` and ``content_pred_n`` in each)."""
    gold = gold[gold["record"] == "attribution"].reset_index(drop=True)
    if "content" not in gold.columns:
        gold = gold.assign(content="")
    pred = attributions[attributions["doc_id"].isin(set(sentences["doc_id"]))]
    pred = pred.reset_index(drop=True)
    spans = _gold_cue_spans(gold, sentences)
    used: set[int] = set()
    pairs: dict[int, int] = {}
    for gi, (gs, ge) in enumerate(spans):
        doc_id, sent_id = gold.at[gi, "doc_id"], gold.at[gi, "sent_id"]
        same = (pred["doc_id"] == doc_id) & (pred["sent_id"] == sent_id)
        cand = pred[same & (pred["cue_start"] < ge) & (pred["cue_end"] > gs)]
        cand = [i for i in cand.index if i not in used]
        if cand:
            pairs[gi] = cand[0]
            used.add(cand[0])
    texts = _sentence_texts(sentences)
    rows = []
    for gi, g in gold.iterrows():
        p = pred.loc[pairs[gi]] if gi in pairs else None
        rows.append(_attr_pair_row(g, p, texts, spans[gi]))
    for pi in sorted(set(pred.index) - used):
        rows.append(_attr_pair_row(None, pred.loc[pi], texts, None))
    return pd.DataFrame(rows)


def _attr_pair_row(g: pd.Series | None, p: pd.Series | None,
                   texts: dict[tuple[str, int], tuple[int, str]],
                   gold_cue: tuple[int, int] | None) -> dict:
    ref = g if g is not None else p
    row = {
        "status": "tp" if g is not None and p is not None else ("fn" if p is None else "fp"),
        "doc_id": ref["doc_id"],
        "sent_id": int(ref["sent_id"]),
        "gold_cue": "" if g is None else g["cue"],
        "pred_cue": "" if p is None else p["cue"],
        "gold_source": "" if g is None else g["source"],
        "pred_source": "" if p is None else p["source"],
        "gold_type": "" if g is None else g["source_type"],
        "pred_type": "" if p is None else p["source_type"],
        "gold_stance": "" if g is None else g["verb_stance"],
        "pred_stance": "" if p is None else p["verb_stance"],
    }
    row["source_overlap"] = _sources_overlap(row["gold_source"], row["pred_source"])
    start, text = texts[(row["doc_id"], row["sent_id"])]
    gold_words = pred_words = None
    if g is not None and g["content"] and gold_cue is not None:
        gold_words = _gold_content_words(g, text, gold_cue[0] - start)
    if p is not None:
        pred_words = _content_words(
            text, (int(p["content_start"]) - start, int(p["content_end"]) - start),
            [(int(p["cue_start"]) - start, int(p["cue_end"]) - start),
             (int(p["source_start"]) - start, int(p["source_end"]) - start)],
        )
    row["gold_content"] = "" if g is None else g["content"]
    row["pred_content"] = "" if p is None else _clip(text, int(p["content_start"]) - start,
                                                      int(p["content_end"]) - start)
    both = gold_words is not None and pred_words is not None
    row["content_tp"] = len(gold_words & pred_words) if both else pd.NA
    row["content_gold_n"] = len(gold_words) if both else pd.NA
    row["content_pred_n"] = len(pred_words) if both else pd.NA
    return row


def _sentence_texts(sentences: pd.DataFrame) -> dict[tuple[str, int], tuple[int, str]]:
    """(doc_id, sent_id) -> (start, text) of each sentence."""
    return {
        (d, int(i)): (int(st), t)
        for d, i, st, t in zip(sentences["doc_id"], sentences["sent_id"], sentences["start"],
                               sentences["text"], strict=True)
    }


def _clip(text: str, start: int, end: int) -> str:
    return text[max(start, 0):max(min(end, len(text)), 0)]


def _content_words(text: str, span: tuple[int, int],
                   leave_out: Sequence[tuple[int, int]]) -> frozenset[int]:
    """The words (start offsets of ``tokenize``'s tokens) of ``text`` inside ``span``, less
    those that overlap a span of ``leave_out`` (the clause's own cue and source)."""
    a, b = span
    return frozenset(
        s for s, e, _ in tokenize(text)
        if s < b and e > a and not any(s < le and e > ls for ls, le in leave_out if le > ls)
    )


def _nearest(text: str, piece: str, pos: int) -> int:
    """The occurrence of ``piece`` in ``text`` nearest ``pos`` (-1 if there is none)."""
    found, at = [], text.find(piece)
    while at >= 0:
        found.append(at)
        at = text.find(piece, at + 1)
    return min(found, key=lambda f: (abs(f - pos), f)) if found else -1


def _gold_content_words(g: pd.Series, text: str, cue: int) -> frozenset[int]:
    """The words of a gold row's content (found in its sentence nearest the cue), less its cue
    and source words; none for ``-``."""
    if g["content"] == NO_CONTENT:
        return frozenset()
    at = _nearest(text, g["content"], cue)
    if at < 0:
        raise ParameterError(f"gold content {g['content']!r} is not in {g['doc_id']} sentence "
                             f"{g['sent_id']}: copy it from the sentence as written, or write "
                             f"{NO_CONTENT!r} when no part of it is there")
    leave_out = [(cue, cue + len(g["cue"]))]
    if g["source"]:
        s = _nearest(text, g["source"], cue)
        if s >= 0:
            leave_out.append((s, s + len(g["source"])))
    return _content_words(text, (at, at + len(g["content"])), leave_out)


def content_agreement(first: pd.DataFrame, second: pd.DataFrame,
                      sentences: pd.DataFrame) -> pd.DataFrame:
    """How closely two codings of the same attributions' contents agree (the ceiling for
    :func:`evaluate_attributions`' content metrics): ``first`` and ``second`` are gold rows
    (:func:`read_gold`'s columns) of the same attributions, row for row, differing only in
    ``content``. Counted as the detector is scored: the words of each content, the cue's and
    source's words left out; ``content_coder_word_f1`` (the first coding's words found in the
    second's and back, so precision and recall are one F1) and ``content_coder_exact`` (rows
    with the same words)."""
    first, second = first.reset_index(drop=True), second.reset_index(drop=True)
    keys = ["doc_id", "sent_id", "cue", "cue_occurrence", "source"]
    if len(first) != len(second) or not first[keys].equals(second[keys]):
        raise ParameterError("content_agreement: the two codings must hold the same "
                             "attributions in the same order (doc_id, sent_id, cue, "
                             "cue_occurrence, source)")
    spans = _gold_cue_spans(first, sentences)
    texts = _sentence_texts(sentences)
    both = n_first = n_second = same = n = 0
    for i in range(len(first)):
        if not first.at[i, "content"] or not second.at[i, "content"]:
            continue  # not coded twice
        n += 1
        start, text = texts[(first.at[i, "doc_id"], int(first.at[i, "sent_id"]))]
        a = _gold_content_words(first.loc[i], text, spans[i][0] - start)
        b = _gold_content_words(second.loc[i], text, spans[i][0] - start)
        both, n_first, n_second = both + len(a & b), n_first + len(a), n_second + len(b)
        same += a == b
    f1 = 2 * both / (n_first + n_second) if n_first + n_second else float("nan")
    return pd.DataFrame([
        {"metric": "content_coder_word_f1", "value": round(f1, 4), "n_correct": both,
         "n": n_first + n_second,
         "note": "words in both codings of a content (cue and source words left out)"},
        metric_row("content_coder_exact", same, n,
                   "attributions whose two codings have the same content words"),
    ])


def _sources_overlap(gold: str, pred: str) -> bool:
    g, p = gold.lower().replace("’", "'"), pred.lower().replace("’", "'")
    if not g or not p:
        return g == p
    return g in p or p in g


def evaluate_attributions(
    attributions: pd.DataFrame, gold: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Score :func:`find_attributions` against hand-annotated attributions (``record ==
    "attribution"`` rows of a gold file read by :func:`read_gold`).

    Rows ``metric, value, n_correct, n, note``: attribution precision, recall and F1 (a
    prediction matches a gold attribution in the same sentence whose cue it overlaps), and,
    over matched pairs, source-type accuracy, verb-stance accuracy and source-span agreement
    (one phrase contains the other). Where the gold codes ``content``: how well the content
    spans agree, counted in words over the matched pairs (the cue's and the source's words left
    out on each side, so "The plan, he said, was dead" and "The plan … was dead" agree):
    ``content_word_precision`` (a low value: contents run on past what was attributed),
    ``content_word_recall`` (low: contents cut short or empty), their F1, and
    ``content_exact``, the share of contents with exactly the gold words.
    """
    pairs = match_attributions(attributions, gold, sentences)
    tp = int((pairs["status"] == "tp").sum())
    n_pred = int((pairs["status"] != "fn").sum())
    n_gold = int((pairs["status"] != "fp").sum())
    matched = pairs[pairs["status"] == "tp"]
    precision = tp / n_pred if n_pred else float("nan")
    recall = tp / n_gold if n_gold else float("nan")
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    rows = [
        metric_row(
            "attribution_precision", tp, n_pred, "predicted attributions matching a gold one"
        ),
        metric_row("attribution_recall", tp, n_gold, "gold attributions found"),
        {"metric": "attribution_f1", "value": round(f1, 4), "n_correct": tp, "n": n_pred + n_gold,
         "note": "harmonic mean of precision and recall"},
        metric_row(
            "source_type_accuracy",
            int((matched["gold_type"] == matched["pred_type"]).sum()),
            len(matched),
            "matched attributions with the gold source type",
        ),
        metric_row("verb_stance_accuracy",
                int((matched["gold_stance"] == matched["pred_stance"]).sum()), len(matched),
                "matched attributions with the gold verb stance"),
        metric_row("source_span_agreement", int(matched["source_overlap"].sum()), len(matched),
                "matched attributions whose source phrase contains or is in the gold one"),
    ]
    coded = matched[matched["content_tp"].notna()]
    if len(coded):
        tp, n_gold, n_pred = (int(coded[c].sum()) for c in ("content_tp", "content_gold_n",
                                                            "content_pred_n"))
        p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        same = (coded["content_tp"] == coded["content_gold_n"]) & (
            coded["content_tp"] == coded["content_pred_n"])
        rows += [
            metric_row("content_word_precision", tp, n_pred,
                       "words of the predicted contents that are in the gold content "
                       "(matched attributions; cue and source words left out)"),
            metric_row("content_word_recall", tp, n_gold,
                       "words of the gold contents the predicted content holds"),
            {"metric": "content_word_f1", "value": round(2 * p * r / (p + r), 4) if tp else 0.0,
             "n_correct": tp, "n": n_pred + n_gold,
             "note": "harmonic mean of content word precision and recall"},
            metric_row("content_exact", int(same.sum()), len(coded),
                       "matched attributions whose content has exactly the gold words"),
        ]
    return pd.DataFrame(rows)

