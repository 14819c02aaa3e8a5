"""Stance toward actors: how the sentences that mention an actor read, per outlet.

Document-level sentiment does not measure framing: on the sample corpus every article, the
tabloid's included, reads as mildly positive (TextBlob polarity 0.06 to 0.13), because the
lexicons do not know the words that frame (*tyrant*, *maximalist*, *hoodwinked*) and a whole
article averages what little they do know (:data:`STANCE_LIMITS`). This module looks where
framing happens: in the sentences that mention an actor, and in the loaded terms that land on
the actor.

- :func:`score_sentences` scores every sentence with two off-the-shelf lexicon scorers, both kept
  because they disagree: TextBlob (the *pattern* lexicon of adjectives: polarity −1..+1 and
  subjectivity 0..1) and VADER (compound −1..+1, a normalised sum that handles negation,
  intensifiers and capitals). Both run offline from data bundled with their packages; neither
  needs NLTK data. framescope's scorers re-implement ``TextBlob(text).sentiment`` and VADER's
  ``polarity_scores(text)["compound"]`` step by step and give the same numbers several times
  faster (tested on every seed sentence and on random texts; ``scorer="textblob"`` runs the
  packages' own code).
- :func:`actor_sentences`: one row per sentence × actor it mentions (an apposition, "Keir
  Starmer, the Prime Minister", is not a second mention).
- :func:`actor_stance`: per outlet × actor, the mean scores of the sentences that mention the
  actor with seeded bootstrap intervals, and the **loaded-term load**: loaded terms that land on
  the actor (:func:`analysis.loaded.loaded_targets`) per sentence mentioning it.
- :func:`stance_sentences`: the sentences behind each number, with their scores and loaded
  terms (the evidence to read).
- :func:`actor_salience`: the share of an outlet's sentences that mention each actor and where
  the first mention comes.
- :func:`document_sentiment` and :func:`contrast_levels`: the document-level score, and a table
  that sets it beside the actor-level view.
- :func:`plot_stance_heatmap` and :func:`plot_salience`: the figures.

Reading the numbers: a sentence's score belongs to the whole sentence, so every actor in it gets
the same score ("Putin may have hoodwinked President Trump" scores the same for Putin and Trump).
An actor's mean stance is therefore the tone of the sentences the actor appears in, not the
outlet's attitude toward the actor; the loaded-term load is the sharper, actor-specific signal.
``context="clause"`` (:func:`stance_sentences`, :func:`actor_stance`) scores each actor's own
clauses instead (:func:`clause_spans`: "Zelensky praised the brave troops, while Putin ordered
brutal strikes" gives Zelensky +0.77 and Putin −0.77 in VADER, where the sentence gives both 0),
and :func:`contrast_contexts` sets the two side by side. It cannot separate actors within one
clause (the hoodwinking sentence above stays one clause). Read the sentences
(:func:`analysis.kwic.kwic`) before drawing conclusions.
"""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from analysis._pattern import pattern_modules
from analysis.errors import ParameterError, check_choice
from analysis.plots import literal_text
from analysis.segment import clause_spans
from analysis.stats import (
    bootstrap_mean,
    bootstrap_ratio,
    check_bootstrap,
    exact_mean,
    exact_sum,
    rng_for,
)

if TYPE_CHECKING:  # matplotlib is imported by the figures only: a pipeline worker never needs it
    from matplotlib.figure import Figure

SCORE_COLUMNS = ["tb_polarity", "tb_subjectivity", "vader_compound"]
METRICS = ("tb_polarity", "tb_subjectivity", "vader_compound", "loaded_per_sentence")
SCORERS = ("fast", "textblob")
BYS = ("outlet", "doc_id")
CONTEXTS = ("sentence", "clause")
CONTEXT_COLUMNS = ["context_start", "context_end", "context"]
RESAMPLES = ("sentence", "document")
ACTOR_SENTENCE_COLUMNS = [
    "doc_id",
    "outlet",
    "sent_id",
    "actor",
    "group",
    "kind",
    "n_mentions",
]

# --------------------------------------------------------------------------------------------
# sentence scores


@lru_cache(maxsize=1)
def _pattern_tables() -> tuple[Any, dict[str, tuple[float, float, float, bool]], dict, str]:
    """TextBlob's pattern sentiment lexicon as plain dicts (loaded once).

    ``words`` maps a lower-case word to ``(polarity, subjectivity, intensity, is_modifier)``
    from the part-of-speech-free (``None``) entry that ``TextBlob(text).sentiment`` uses.
    """
    text, en = pattern_modules()  # (without importing NLTK: analysis._pattern)
    EMOTICONS, PUNCTUATION, pattern = text.EMOTICONS, text.PUNCTUATION, en.sentiment
    len(pattern)  # the lexicon is a lazy dict: load it
    words: dict[str, tuple[float, float, float, bool]] = {}
    for word, senses in dict.items(pattern):
        if None in senses:
            p, s, i = senses[None]
            is_mod = any(m in senses for m in pattern.modifiers)
            words[word] = (p, s, i, is_mod)
    faces: dict[str, float] = {}
    for (_mood, p), forms in EMOTICONS.items():
        for face in forms:
            faces.setdefault(face.lower(), p)
    return pattern, words, faces, PUNCTUATION


#: A token as :func:`_textblob_fast` reads it: the lower-cased word, its lexicon entry (or
#: None), whether it is a negation, ``len(w.strip("'")) > 1``, ``len(w) > 2`` and the polarity
#: of the emoticon it is (or None).
_TokenRecord = tuple[
    str, "tuple[float, float, float, bool] | None", bool, bool, bool, "float | None"
]
_TB_TOKENS: dict[str, _TokenRecord] = {}


def _textblob_record(tok: str) -> _TokenRecord:
    """What the loop of :func:`_textblob_fast` needs to know about one token (remembered)."""
    rec = _TB_TOKENS.get(tok)
    if rec is None:
        pattern, words, faces, punctuation = _pattern_tables()
        w = tok.lower()
        face = None
        if w.isalpha() is False and len(w) <= 5 and w not in punctuation:
            face = faces.get(w)
        if len(_TB_TOKENS) >= _CACHE_LIMIT:
            _TB_TOKENS.clear()
        rec = _TB_TOKENS[tok] = (
            w, words.get(w), w in pattern.negations, len(w.strip("'")) > 1, len(w) > 2, face
        )
    return rec


def _scores_anything(rec: _TokenRecord) -> bool:
    # only a lexicon word, an emoticon or "(!)" adds a score; with none, the result is (0, 0)
    return rec[1] is not None or rec[5] is not None or rec[0] == "(!)"


def _acts(rec: _TokenRecord) -> bool:
    # any other token ("plain") changes nothing in the loop of _textblob_sentiment while no
    # modifier and no negation is pending
    return (
        rec[1] is not None or rec[2] or rec[5] is not None or rec[0] == "!" or rec[0] == "(!)"
    )


@lru_cache(maxsize=1)
def _space_only(replacements: tuple[tuple[str, str], ...]) -> bool:
    """Whether TextBlob's contraction replacements only insert white space and look for no
    white space (they do)."""
    return all(
        len(a.split()) == 1 and a == a.strip() and "".join(b.split()) == a
        for a, b in replacements
    )


_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_THIRD = itemgetter(2)
_FOURTH = itemgetter(3)


def _textblob_whole(text: str) -> tuple[float, float]:
    recs = tuple(_textblob_record(t) for t in _textblob_tokens(text))
    if not any(map(_scores_anything, recs)):
        return 0.0, 0.0
    return _textblob_sentiment([recs], [True])


def _pad(text: str, replace: tuple[tuple[str, str], ...]) -> str:
    """The contractions and quote marks of ``text`` padded with spaces, as in
    :func:`_textblob_tokens`."""
    for a, b in replace:
        text = text.replace(a, b)
    return (
        text.replace("“", " “ ")
        .replace("”", " ” ")
        .replace("‘", " ‘ ")
        .replace("’", " ’ ")
        .replace("'", " ' ")
        .replace('"', ' " ')
    )


def _textblob_fast(
    text: str, chunks: list[str] | None = None, records: list[_ChunkRecord] | None = None
) -> tuple[float, float]:
    """``TextBlob(text).sentiment`` as ``(polarity, subjectivity)``, without building a TextBlob.

    The same tokenizer, the same lexicon and the same arithmetic, in the same order, as
    ``textblob._text.Sentiment.__call__`` / ``assessments`` for a string; only the per-word
    dictionary look-ups, the bookkeeping of labels and the tokenizer's work per word are
    streamlined. ``_textblob_tokens`` pads contractions and quote marks with spaces and
    tokenizes each white-space chunk of the result. Those replacements only insert white space
    and none of their patterns holds white space (checked on TextBlob's table, else the whole
    tokenizer is used), so the padded chunks are those of each chunk of the text padded on its
    own: each chunk's token records are made once and remembered (:func:`_chunk_records`), so
    that a sentence costs a look-up per chunk. The same condition as ``_textblob_tokens`` sends
    a text to the whole tokenizer: a line break, or tokens that ``find_tokens``'s steps across
    chunks would change (:func:`_merges_tokens`, asked only when an emoticon, "(!)" or the
    paragraph mark occurs in the text without its white space). A sentence none of whose
    tokens is a lexicon word, an emoticon or "(!)" adds no assessment and scores ``(0.0,
    0.0)`` without the loop, as in TextBlob. ``chunks``: ``text.split()``, ``records``: their
    :func:`_chunk_records`, if the caller has them.
    """
    tokenizer, replace, risky = _tokenizer_tables()
    if not _verified("textblob") or "\n" in text or "\r" in text or not _space_only(replace):
        return _textblob_whole(text)
    if chunks is None:
        chunks = text.split()
    if next(risky.iter("".join(chunks).lower()), None) is not None and _merges_tokens(
        _chunk_tokens(text, tokenizer, replace)
    ):
        return _textblob_whole(text)
    if records is None:
        records = _chunk_records(chunks)
    if not any(map(_TB_SCORES, records)):
        return 0.0, 0.0
    return _textblob_sentiment(list(map(_TB_RECORDS, records)), list(map(_TB_ACTS, records)))


def _textblob_sentiment(
    groups: list[tuple[_TokenRecord, ...]], acts: list[bool]
) -> tuple[float, float]:
    """TextBlob's assessments loop and averages over the token records of ``groups`` (in order),
    ``acts[j]``: whether a token of ``groups[j]`` is not plain (:func:`_acts`).

    A plain token changes nothing while no modifier and no negation is pending (``m`` and
    ``n`` None, as at the start): only the groups with a token that acts are read, each
    followed by the plain groups up to the one after which nothing is pending.
    """
    modifier = _pattern_tables()[0].modifier
    ps: list[float] = []
    ss: list[float] = []
    ii: list[float] = []
    neg: list[int] = []
    m: str | None = None  # preceding modifier (a known adverb)
    n: str | None = None  # preceding negation
    end = len(groups)
    for k in compress(range(end), acts):
        j = k
        while True:
            for w, entry, is_negation, long_stripped, longer_than_2, face in groups[j]:
                if entry is not None:
                    p, s, i, is_mod = entry
                    if m is None:
                        ps.append(p)
                        ss.append(s)
                        ii.append(i)
                        neg.append(1)
                    else:
                        ps[-1] = max(-1.0, min(p * ii[-1], +1.0))
                        ss[-1] = max(-1.0, min(s * ii[-1], +1.0))
                        ii[-1] = i
                    if n is not None:
                        ii[-1] = 1.0 / ii[-1]
                        neg[-1] = -1
                    m = w if is_mod else None
                    n = w if is_negation else None
                else:
                    if is_negation:
                        n = w
                    elif n and long_stripped:
                        n = None
                    if n is not None and m is not None and modifier(m):
                        neg[-1] = -1
                        n = None
                    elif m and longer_than_2:
                        m = None
                    if w == "!" and ps:
                        ps[-1] = max(-1.0, min(ps[-1] * 1.25, +1.0))
                    if w == "(!)":
                        ps.append(0.0)
                        ss.append(1.0)
                        ii.append(1.0)
                        neg.append(1)
                    if face is not None:
                        ps.append(face)
                        ss.append(1.0)
                        ii.append(1.0)
                        neg.append(1)
            j += 1
            if (m is None and n is None) or j == end or acts[j]:
                break  # (the next group that acts is the next k)
    # Summed left to right from 0, as textblob does (not math.fsum, not sum()'s compensation).
    pol = 0
    sub = 0
    for p, s, k in zip(ps, ss, neg, strict=True):
        pol += p * -0.5 if k < 0 else p
        sub += s
    count = float(len(ps) or 1)
    return pol / count, sub / count


#: Size at which each per-word cache of the fast scorers is emptied (bounded memory). The
#: token records take more room than plain tokens did: 350,000 keeps the worst case (every
#: cache full of distinct tokens, about 0.6 MB per 1,000 tokens over the record caches) at
#: what 500,000 plain entries took before, about 240 MB per process.
_CACHE_LIMIT = 350_000
#: Versions whose code the fast scorers reproduce step by step (checked against the packages
#: themselves by the tests); with any other version the packages' own code is used.
_VERIFIED = {"textblob": ("0.20.1",), "vaderSentiment": ("3.3.2",)}


@lru_cache(maxsize=2)
def _verified(package: str) -> bool:
    from importlib import metadata

    try:
        return metadata.version(package) in _VERIFIED[package]
    except metadata.PackageNotFoundError:  # pragma: no cover
        return False
_CHUNK_TOKENS: dict[str, list[str]] = {}


@lru_cache(maxsize=1)
def _tokenizer_tables() -> tuple[Any, tuple[tuple[str, str], ...], Any]:
    """TextBlob's tokenizer, its contraction replacements in order, and an automaton of what
    makes a text need the whole tokenizer: emoticons, "(!)" and the end-of-sentence marker
    (looked for in the text with its white space removed, lower-cased)."""
    import ahocorasick

    text = pattern_modules()[0]
    EMOTICONS, EOS, replacements = text.EMOTICONS, text.EOS, text.replacements

    pattern = _pattern_tables()[0]
    risky = ahocorasick.Automaton()
    for forms in EMOTICONS.values():
        for face in forms:
            key = "".join(face.split()).lower()
            risky.add_word(key, key)
    for key in ("(!)", EOS.lower()):
        risky.add_word(key, key)
    risky.make_automaton()
    return pattern.tokenizer, tuple(replacements.items()), risky


def _textblob_tokens(text: str) -> list[str]:
    """``" ".join(find_tokens(text)).split()``: TextBlob's tokens of ``text``, the same list.

    ``find_tokens`` inserts spaces (around quotes, before contractions), then splits every
    white-space separated chunk on its own; only its last steps (sentence grouping, emoticon
    and "(!)" merging, paragraph markers) look across chunks. So a text without a line break
    whose chunk-by-chunk tokens none of those steps can change (:func:`_merges_tokens`) gets
    the same tokens chunk by chunk, and a chunk ("said", "Ukraine,") is tokenized once and
    remembered. Any other text goes through ``find_tokens`` whole.
    """
    tokenizer, replace, risky = _tokenizer_tables()
    if not _verified("textblob") or "\n" in text or "\r" in text:
        return " ".join(tokenizer(text)).split()
    tokens = _chunk_tokens(text, tokenizer, replace)
    if next(risky.iter("".join(text.split()).lower()), None) is not None and _merges_tokens(
        tokens
    ):
        return " ".join(tokenizer(text)).split()
    return tokens


def _chunk_tokens(text: str, tokenizer: Any, replace: tuple[tuple[str, str], ...]) -> list[str]:
    """TextBlob's tokens of each white-space chunk of ``text`` (padded as ``find_tokens`` pads
    it), before its steps across chunks; each chunk is tokenized once and remembered."""
    text = _pad(text, replace)  # re.sub with these literal patterns is str.replace
    cache = _CHUNK_TOKENS
    out: list[str] = []
    for chunk in text.split():
        toks = cache.get(chunk)
        if toks is None:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            toks = cache[chunk] = " ".join(tokenizer(chunk)).split()
        out.extend(toks)
    return out


def _merges_tokens(tokens: list[str]) -> bool:
    """Whether ``find_tokens``'s steps across chunks can change these chunk-by-chunk tokens.

    Those steps group the tokens into sentences (which keeps every token but its
    end-of-sentence marker), then, in each sentence joined by spaces, merge "( ! )" into "(!)"
    and the characters of an emoticon that ends at a space or the sentence's end. Both
    patterns match in the whole sequence joined by spaces wherever they match in one of its
    sentences, so where neither matches there (and the marker is absent) nothing changes: a
    clock time "07:36" holds the face ":3" but not at a token's end.
    """
    text = pattern_modules()[0]
    joined = " ".join(tokens)
    return (
        text.EOS in joined
        or text.RE_SARCASM.search(joined) is not None
        or text.RE_EMOTICONS.search(joined) is not None
    )


def _textblob_reference(text: str) -> tuple[float, float]:
    from textblob import TextBlob

    sentiment = TextBlob(text).sentiment
    return sentiment.polarity, sentiment.subjectivity


@lru_cache(maxsize=1)
def _vader() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _vader_reference(text: str) -> float:
    return float(_vader().polarity_scores(text)["compound"])


@lru_cache(maxsize=1)
def _vader_tables() -> tuple[Any, Any, dict[str, float], frozenset[str]]:
    """VADER's module, analyser, lexicon and the single characters its emoji pass replaces
    (none of them ASCII or white space: :func:`_vader_fast` relies on it)."""
    import vaderSentiment.vaderSentiment as vs

    analyser = _vader()
    emoji_chars = frozenset(k for k in analyser.emojis if len(k) == 1)
    if any(c.isascii() or c.isspace() for c in emoji_chars):  # pragma: no cover
        raise RuntimeError("vaderSentiment: an ASCII or white-space emoji character")
    return vs, analyser, analyser.lexicon, emoji_chars


#: A white-space token as :func:`_vader_fast` reads it: VADER's word (punctuation stripped),
#: lower-cased, whether it is a lexicon word that is not a booster (only those get a valence),
#: whether it is upper case, whether it is a lexicon word, its booster value (None if it is not
#: a booster) and whether VADER takes it as a negation.
_VaderRecord = tuple[str, str, bool, bool, bool, "float | None", bool]
#: What both fast scorers need to know about a white-space chunk of a text: its
#: :data:`_VaderRecord` fields, then whether it is quiet as one of the three words before a
#: lexicon word (:func:`_loud_words`), its valence if VADER's rules for a lexicon word take
#: nothing from the word itself (else None), whether it holds an emoji character, and its
#: TextBlob token records, whether one of them scores and whether one of them acts.
_ChunkRecord = tuple[
    str, str, bool, bool, bool, "float | None", bool, bool, "float | None", bool,
    "tuple[_TokenRecord, ...]", bool, bool,
]
_CHUNKS: dict[str, _ChunkRecord] = {}
_QUIET = itemgetter(7)
_EMOJI = itemgetter(9)
_TB_RECORDS = itemgetter(10)
_TB_SCORES = itemgetter(11)
_TB_ACTS = itemgetter(12)


def _vader_record(vs: Any, lexicon: dict[str, float], raw: str) -> _VaderRecord:
    word = vs.SentiText._strip_punc_if_word(raw)
    low = word.lower()
    booster = vs.BOOSTER_DICT.get(low)
    return (
        word, low, low in lexicon and booster is None, word.isupper(), low in lexicon, booster,
        low in _vader_negations() or "n't" in low,  # vaderSentiment.negated([word])
    )


def _chunk_record(chunk: str) -> _ChunkRecord:
    vs, _analyser, lexicon, emoji_chars = _vader_tables()
    tokenizer, replace, _risky = _tokenizer_tables()
    vader = _vader_record(vs, lexicon, chunk)
    _word, low, valence, _upper, _in_lexicon, booster, negation = vader
    quiet = booster is None and not negation and low not in _loud_words()
    solo = None
    if valence and low != "no" and low not in _idiom_words() and lexicon[low] != 0:
        solo = lexicon[low]
    tb = tuple(
        _textblob_record(t)
        for part in _pad(chunk, replace).split()
        for t in " ".join(tokenizer(part)).split()
    )
    return (
        *vader, quiet, solo, not chunk.isascii() and not emoji_chars.isdisjoint(chunk),
        tb, any(map(_scores_anything, tb)), any(map(_acts, tb)),
    )


def _chunk_records(chunks: list[str]) -> list[_ChunkRecord]:
    """The :data:`_ChunkRecord` of each chunk (made once per chunk and remembered: one cache
    serves both scorers)."""
    cache = _CHUNKS
    records = list(map(cache.get, chunks))  # (a loop in C)
    if None in records:
        for k, chunk in enumerate(chunks):
            if records[k] is None:
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                records[k] = cache[chunk] = _chunk_record(chunk)
    return records


def _vader_fast(
    text: str, chunks: list[str] | None = None, records: list[_ChunkRecord] | None = None
) -> float:
    """``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]``, the same number.

    The same steps as ``vaderSentiment`` 3.3.2 in the same order with the same arithmetic; what
    changes is the bookkeeping: each white-space token is stripped, lower-cased and looked up
    once (and remembered, with what the rules ask of it: :func:`_chunk_records`), a sentence
    without a lexicon word other than a booster scores 0.0 without the per-word rules (every
    word then contributes 0, as in VADER), a lexicon word whose rules find nothing to do (itself
    and the three words before it quiet) gets its valence without them, the others read the
    records instead of lower-casing the sentence again for each rule, and the punctuation
    emphasis (0.0) is not computed for a text without "!" or "?". A text with an emoji goes
    through VADER itself. ``chunks``: ``text.split()``, ``records``: their
    :func:`_chunk_records`, if the caller has them.
    """
    vs, analyser, lexicon, _emoji_chars = _vader_tables()
    if not _verified("vaderSentiment"):
        return _vader_reference(text)
    if records is None:
        records = _chunk_records(text.split() if chunks is None else chunks)
    # str.isascii() reads a flag; an emoji character (never ASCII or white space) is in a chunk
    if not text.isascii() and any(map(_EMOJI, records)):
        return _vader_reference(text)
    if not any(map(_THIRD, records)):
        return 0.0
    lows = list(map(_SECOND, records))
    n = len(lows)
    n_upper = sum(map(_FOURTH, records))
    is_cap_diff = 0 < n - n_upper < n  # vs.allcap_differential(words)
    sentiments: list[float] = [0] * n
    quiet = [True, True, True, *map(_QUIET, records)]  # quiet[i + 3]: records[i]'s
    c_incr = vs.C_INCR
    # only the lexicon words get a valence: their indices picked in C
    for i in compress(range(n), map(_THIRD, records)):
        valence = records[i][8]
        if valence is not None and quiet[i] and quiet[i + 1] and quiet[i + 2]:
            # _vader_valence's steps leave it as it is (adding a 0.0 scalar to it, not 0)
            if records[i][3] and is_cap_diff:
                valence = valence + c_incr if valence > 0 else valence - c_incr
            sentiments[i] = valence
        elif not (i < n - 1 and lows[i] == "kind" and lows[i + 1] == "of"):
            sentiments[i] = _vader_valence(vs, lexicon, records, lows, i, is_cap_diff)
    if "but" in lows:
        sentiments = analyser._but_check(list(map(_FIRST, records)), sentiments)
    sum_s = float(sum(sentiments))
    if "!" in text or "?" in text:  # else the emphasis is 0.0, which changes no sum
        punct = analyser._punctuation_emphasis(text)
        if sum_s > 0:
            sum_s += punct
        elif sum_s < 0:
            sum_s -= punct
    return float(round(vs.normalize(sum_s), 4))


def _vader_scalar(vs: Any, rec: _VaderRecord, valence: float, cap_diff: bool) -> float:
    """``vaderSentiment.scalar_inc_dec`` for the word of ``rec``."""
    scalar = 0.0
    if rec[5] is not None:
        scalar = rec[5]
        if valence < 0:
            scalar *= -1
        if rec[3] and cap_diff:
            if valence > 0:
                scalar += vs.C_INCR
            else:
                scalar -= vs.C_INCR
    return scalar


def _vader_valence(
    vs: Any,
    lexicon: dict[str, float],
    records: list[_VaderRecord],
    lows: list[str],
    i: int,
    cap_diff: bool,
) -> float:
    """``SentimentIntensityAnalyzer.sentiment_valence`` for the lexicon word ``records[i]``.

    The three preceding-word steps of VADER's loop (``scalar_inc_dec``, ``_negation_check``,
    ``_special_idioms_check``) are written out, reading the records; the arithmetic and its
    order are VADER's (a 0.0 scalar is still added: -0.0 + 0.0 is 0.0).
    """
    n_scalar = vs.N_SCALAR
    low = lows[i]
    valence = lexicon[low]
    if low == "no" and i != len(lows) - 1 and records[i + 1][4]:
        valence = 0.0
    if (
        (i > 0 and lows[i - 1] == "no")
        or (i > 1 and lows[i - 2] == "no")
        or (i > 2 and lows[i - 3] == "no" and lows[i - 1] in ["or", "nor"])
    ):
        valence = lexicon[low] * n_scalar
    if records[i][3] and cap_diff:
        if valence > 0:
            valence += vs.C_INCR
        else:
            valence -= vs.C_INCR
    # start_i = 0: the word before
    if i > 0 and not records[i - 1][4]:
        valence = valence + _vader_scalar(vs, records[i - 1], valence, cap_diff)
        if records[i - 1][6]:
            valence = valence * n_scalar
    # start_i = 1: two words before
    if i > 1 and not records[i - 2][4]:
        s = _vader_scalar(vs, records[i - 2], valence, cap_diff)
        if s != 0:
            s = s * 0.95
        valence = valence + s
        if lows[i - 2] == "never" and (lows[i - 1] == "so" or lows[i - 1] == "this"):
            valence = valence * 1.25
        elif lows[i - 2] == "without" and lows[i - 1] == "doubt":
            pass
        elif records[i - 2][6]:
            valence = valence * n_scalar
    # start_i = 2: three words before, then the idioms
    if i > 2 and not records[i - 3][4]:
        s = _vader_scalar(vs, records[i - 3], valence, cap_diff)
        if s != 0:
            s = s * 0.9
        valence = valence + s
        if (
            (lows[i - 3] == "never"
            and (lows[i - 2] == "so" or lows[i - 2] == "this"))
            or (lows[i - 1] == "so" or lows[i - 1] == "this")
        ):
            valence = valence * 1.25
        elif lows[i - 3] == "without" and (lows[i - 2] == "doubt" or lows[i - 1] == "doubt"):
            pass
        elif records[i - 3][6]:
            valence = valence * n_scalar
        valence = _vader_idioms(vs, valence, lows, i)
    # _least_check
    if i > 1 and not records[i - 1][4] and lows[i - 1] == "least":
        if lows[i - 2] != "at" and lows[i - 2] != "very":
            valence = valence * n_scalar
    elif i > 0 and not records[i - 1][4] and lows[i - 1] == "least":
        valence = valence * n_scalar
    return valence


@lru_cache(maxsize=1)
def _vader_negations() -> frozenset[str]:
    import vaderSentiment.vaderSentiment as vs

    return frozenset(vs.NEGATE)


@lru_cache(maxsize=1)
def _loud_words() -> frozenset[str]:
    """The words that, before a lexicon word, can change its valence other than as a booster
    or a negation: "no", "least", "never", "without", "so", "this", "or", "nor" and the
    words of :func:`_idiom_words`."""
    return frozenset(
        ("no", "least", "never", "without", "so", "this", "or", "nor", *_idiom_words())
    )


@lru_cache(maxsize=1)
def _idiom_words() -> frozenset[str]:
    """The words of VADER's multi-word special cases and boosters ("kiss of death", "kind of")."""
    import vaderSentiment.vaderSentiment as vs

    return frozenset(
        w for key in (*vs.SPECIAL_CASES, *vs.BOOSTER_DICT) if " " in key for w in key.split()
    )


def _vader_idioms(vs: Any, valence: float, lows: list[str], i: int) -> float:
    """``SentimentIntensityAnalyzer._special_idioms_check`` on the lower-cased words."""
    special, booster = vs.SPECIAL_CASES, vs.BOOSTER_DICT
    # Every n-gram looked up has its words in _idiom_words(); those without word i all hold
    # word i - 2: when neither is one, nothing can match (most words: skip the strings)
    words = _idiom_words()
    if lows[i] not in words and lows[i - 2] not in words:
        return valence
    onezero = f"{lows[i - 1]} {lows[i]}"
    twoonezero = f"{lows[i - 2]} {lows[i - 1]} {lows[i]}"
    twoone = f"{lows[i - 2]} {lows[i - 1]}"
    threetwoone = f"{lows[i - 3]} {lows[i - 2]} {lows[i - 1]}"
    threetwo = f"{lows[i - 3]} {lows[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in special:
            valence = special[seq]
            break
    if len(lows) - 1 > i:
        zeroone = f"{lows[i]} {lows[i + 1]}"
        if zeroone in special:
            valence = special[zeroone]
    if len(lows) - 1 > i + 1:
        zeroonetwo = f"{lows[i]} {lows[i + 1]} {lows[i + 2]}"
        if zeroonetwo in special:
            valence = special[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in booster:
            valence = valence + booster[n_gram]
    return valence


def _score_texts(texts: Iterable[str], scorer: str) -> list[tuple[float, float, float]]:
    textblob = _textblob_fast if scorer == "fast" else _textblob_reference
    vader = _vader_fast if scorer == "fast" else _vader_reference
    seen: dict[str, tuple[float, float, float]] = {}
    out = []
    for text in texts:
        score = seen.get(text)
        if score is None:  # republished copy: identical sentences are scored once
            if scorer == "fast":  # both read the same white-space chunks' records
                chunks = text.split()
                records = _chunk_records(chunks)
                pol, sub = _textblob_fast(text, chunks, records)
                score = (float(pol), float(sub), _vader_fast(text, chunks, records))
            else:
                pol, sub = textblob(text)
                score = (float(pol), float(sub), vader(text))
            seen[text] = score
        out.append(score)
    return out


def score_sentences(
    sentences: pd.DataFrame, *, scorer: Literal["fast", "textblob"] = "fast"
) -> pd.DataFrame:
    """Sentiment scores of every sentence: ``doc_id, sent_id, tb_polarity, tb_subjectivity,
    vader_compound`` (same order as ``sentences``; full precision).

    ``tb_polarity`` (−1..+1) and ``tb_subjectivity`` (0..1) are TextBlob's pattern-lexicon
    averages over the sentence's known adjectives and adverbs (0.0 when it knows none);
    ``vader_compound`` (−1..+1) is VADER's normalised sum of word valences. A score of 0 means
    "the lexicon found nothing", not "neutral": most news sentences score 0 on both.
    ``scorer="textblob"`` calls ``TextBlob(text).sentiment`` itself (slower; the numbers are
    the same). Deterministic; keyed by ``doc_id, sent_id`` so it can be computed once per corpus
    and passed to :func:`actor_stance` (``scores=``).
    """
    check_choice("scorer", scorer, SCORERS)
    scores = _score_texts(sentences["text"].astype(str).tolist(), scorer)
    out = sentences[["doc_id", "sent_id"]].reset_index(drop=True).copy()
    values = np.array(scores, dtype=float).reshape(len(out), 3)
    for k, col in enumerate(SCORE_COLUMNS):
        out[col] = values[:, k]
    return out


def document_sentiment(
    documents: pd.DataFrame, *, scorer: Literal["fast", "textblob"] = "fast"
) -> pd.DataFrame:
    """Document-level sentiment, for contrast: each document's whole (cleaned) text scored as
    one string. Columns ``doc_id, outlet, n_chars, tb_polarity, tb_subjectivity,
    vader_compound`` (rounded to 4 decimals).

    This is the number framing studies should *not* rely on: TextBlob averages every known
    adjective of the article, so long texts converge on mild positivity, and VADER's compound
    saturates toward ±1 on long texts (it normalises a sum that grows with length). See
    :data:`STANCE_LIMITS` and :func:`contrast_levels`.
    """
    check_choice("scorer", scorer, SCORERS)
    texts = documents["text"].astype(str)
    scores = np.array(_score_texts(texts, scorer), dtype=float).reshape(len(documents), 3)
    out = pd.DataFrame(
        {
            "doc_id": documents["doc_id"].to_numpy(),
            "outlet": documents["outlet"].to_numpy(),
            "n_chars": texts.str.len().to_numpy(),
        }
    )
    for k, col in enumerate(SCORE_COLUMNS):
        out[col] = np.round(scores[:, k], 4)
    return out


# --------------------------------------------------------------------------------------------
# actors in sentences


def actor_sentences(sentences: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence × actor it mentions: ``doc_id, outlet, sent_id, actor, group, kind,
    n_mentions``.

    ``mentions`` is :func:`analysis.actors.find_mentions` output. ``n_mentions`` counts the
    actor's mentions in the sentence, appositions left out ("Keir Starmer, the Prime Minister"
    is one mention). Sorted by document, sentence, actor.
    """
    missing = [c for c in ("doc_id", "sent_id", "actor") if c not in mentions.columns]
    if missing:
        raise ParameterError(
            f"mentions lacks column(s) {', '.join(missing)}: pass analysis.actors.find_mentions "
            "output"
        )
    m = mentions
    if "apposition" in m.columns:
        m = m[~m["apposition"].astype(bool)]
    if len(m) == 0:
        return pd.DataFrame(columns=ACTOR_SENTENCE_COLUMNS)
    m = m.assign(
        group=m["group"] if "group" in m.columns else "",
        kind=m["kind"] if "kind" in m.columns else "",
    )
    out = (
        m.groupby(["doc_id", "sent_id", "actor"], sort=True)
        .agg(group=("group", "first"), kind=("kind", "first"), n_mentions=("actor", "size"))
        .reset_index()
    )
    outlets = sentences.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    out["outlet"] = out["doc_id"].map(outlets)
    if out["outlet"].isna().any():
        bad = out.loc[out["outlet"].isna(), "doc_id"].iloc[0]
        raise ParameterError(f"mentions refer to document {bad!r}, which is not in sentences")
    return out[ACTOR_SENTENCE_COLUMNS].reset_index(drop=True)


def _actor_contexts(sentences: pd.DataFrame, mentions: pd.DataFrame, act: pd.DataFrame) -> dict:
    """(doc_id, sent_id, actor) -> (start, end) of the actor's context in the sentence
    (document offsets): from the first clause that mentions the actor to the last."""
    wanted = act[["doc_id", "sent_id"]].drop_duplicates()
    sent = sentences.merge(wanted, on=["doc_id", "sent_id"], how="inner")
    clauses = {
        (d, i): [(start + a, start + b) for a, b in clause_spans(t)]
        for d, i, start, t in zip(
            sent["doc_id"].tolist(), sent["sent_id"].tolist(), sent["start"].tolist(),
            sent["text"].astype(str).tolist(), strict=True,
        )
    }
    out: dict[tuple[str, int, str], tuple[int, int]] = {}
    for d, i, actor, m_start in zip(
        mentions["doc_id"].tolist(), mentions["sent_id"].tolist(), mentions["actor"].tolist(),
        mentions["start"].tolist(), strict=True,
    ):
        spans = clauses.get((d, i))
        if spans is None:
            continue
        # the clause the mention starts in (a mention starting in a separator: the next one)
        k = next((k for k, (_a, b) in enumerate(spans) if m_start < b), len(spans) - 1)
        a, b = spans[k]
        old = out.get((d, i, actor))
        out[(d, i, actor)] = (a, b) if old is None else (min(old[0], a), max(old[1], b))
    return out


def _landed(
    targets: pd.DataFrame | None, sentences: pd.DataFrame, mentions: pd.DataFrame
) -> pd.DataFrame:
    """Loaded terms landing on an actor, per sentence: ``doc_id, sent_id, actor, n_loaded,
    terms``."""
    if targets is None:
        from analysis.actors import naming_forms
        from analysis.loaded import find_loaded, loaded_targets

        targets = loaded_targets(
            find_loaded(sentences), naming_forms(sentences, mentions), sentences
        )
    if "target" not in targets.columns:
        raise ParameterError(
            "targets lacks column 'target': pass analysis.loaded.loaded_targets output"
        )
    # (missing targets are left out, as groupby left out missing keys)
    t = targets[targets["target"].notna() & (targets["target"].astype(str) != "")]
    if len(t) == 0:
        return pd.DataFrame(columns=["doc_id", "sent_id", "actor", "n_loaded", "terms"])
    # grouped with a dict: pandas' groupby with a list aggregate calls Python per group
    groups: dict[tuple[str, int, str], list[str]] = {}
    for doc_id, sent_id, actor, term in zip(
        t["doc_id"].tolist(), t["sent_id"].tolist(), t["target"].tolist(),
        t["match"].str.lower().tolist(), strict=True,
    ):
        groups.setdefault((doc_id, sent_id, actor), []).append(term)
    keys = sorted(groups)
    return pd.DataFrame({
        "doc_id": [k[0] for k in keys],
        "sent_id": pd.array([k[1] for k in keys], dtype="int64"),
        "actor": [k[2] for k in keys],
        "n_loaded": pd.array([len(groups[k]) for k in keys], dtype="int64"),
        "terms": [groups[k] for k in keys],
    })


def _fmt_level(level: float) -> str:
    return f"{round(level * 100, 1):g}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def stance_sentences(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    scores: pd.DataFrame | None = None,
    scorer: Literal["fast", "textblob"] = "fast",
    context: Literal["sentence", "clause"] = "sentence",
) -> pd.DataFrame:
    """The evidence behind :func:`actor_stance`: one row per sentence × actor it mentions, with
    the scores of what is said around the actor and the loaded terms that land on that actor.

    Columns: ``doc_id, outlet, sent_id, actor, group, kind, n_mentions, tb_polarity,
    tb_subjectivity, vader_compound, n_loaded, loaded_terms`` (the terms, lower case, joined by
    "; ") and ``text`` (the sentence). Filter it by ``outlet`` and ``actor`` to read the
    sentences behind a cell of the stance table. ``targets`` and ``scores`` as in
    :func:`actor_stance`.

    ``context``: what is scored for each actor. ``"sentence"``: the whole sentence, so every
    actor in it gets the same scores. ``"clause"``: the clauses of the sentence
    (:func:`clause_spans`) from the first that mentions the actor to the last, so in
    "Zelensky praised the brave troops, while Putin ordered brutal strikes" each actor gets
    its own clause's scores; the rows then also have ``context_start, context_end`` (offsets
    into the cleaned document text, like the sentence's) and ``context`` (the text scored).
    An actor whose context is the whole sentence gets the sentence's scores.
    """
    check_choice("scorer", scorer, SCORERS)
    check_choice("context", context, CONTEXTS)
    act = actor_sentences(sentences, mentions)
    keys = ["doc_id", "sent_id"]
    if scores is None:
        needed = sentences.merge(act[keys].drop_duplicates(), on=keys, how="inner")
        scores = score_sentences(needed, scorer=scorer)
    missing = [c for c in [*keys, *SCORE_COLUMNS] if c not in scores.columns]
    if missing:
        raise ParameterError(
            f"scores lacks column(s) {', '.join(missing)}: pass score_sentences output"
        )
    data = act.merge(scores[[*keys, *SCORE_COLUMNS]], on=keys, how="left", validate="many_to_one")
    if data[SCORE_COLUMNS].isna().any().any():
        row = data[data[SCORE_COLUMNS].isna().any(axis=1)].iloc[0]
        raise ParameterError(
            f"scores has no row for sentence {row['sent_id']} of document {row['doc_id']!r}: "
            "pass score_sentences(sentences)"
        )
    landed = _landed(targets, sentences, mentions)
    data = data.merge(landed, on=[*keys, "actor"], how="left")
    data["n_loaded"] = data["n_loaded"].fillna(0).astype(int)
    data["loaded_terms"] = [
        "; ".join(ts) if isinstance(ts, list) else "" for ts in data.pop("terms")
    ]
    text = sentences[[*keys, "start", "end", "text"]].drop_duplicates(keys)
    data = data.merge(text, on=keys, how="left")
    columns = [*ACTOR_SENTENCE_COLUMNS, *SCORE_COLUMNS, "n_loaded", "loaded_terms", "text"]
    if context == "clause":
        data = _score_clauses(data, _actor_contexts(sentences, mentions, act), scorer)
        columns += CONTEXT_COLUMNS
    return data[columns]


def _score_clauses(data: pd.DataFrame, contexts: dict, scorer: str) -> pd.DataFrame:
    """``data`` with each row's context span and text, and the context's scores where the
    context is not the whole sentence."""
    spans = [
        contexts.get((d, i, a), (s, e))
        for d, i, a, s, e in zip(
            data["doc_id"].tolist(), data["sent_id"].tolist(), data["actor"].tolist(),
            data["start"].tolist(), data["end"].tolist(), strict=True,
        )
    ]
    starts = data["start"].tolist()
    texts = data["text"].astype(str).tolist()
    data = data.assign(
        context_start=pd.array([a for a, _ in spans], dtype="int64"),
        context_end=pd.array([b for _, b in spans], dtype="int64"),
        context=[t[a - s : b - s] for t, s, (a, b) in zip(texts, starts, spans, strict=True)],
    )
    partial = [i for i, (t, c) in enumerate(zip(texts, data["context"], strict=True)) if c != t]
    if partial:
        scored = _score_texts([data["context"].iat[i] for i in partial], scorer)
        values = data[SCORE_COLUMNS].to_numpy(dtype=float, copy=True)
        values[partial] = np.array(scored, dtype=float).reshape(len(partial), 3)
        data[SCORE_COLUMNS] = values
    return data


def actor_stance(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
    scores: pd.DataFrame | None = None,
    scorer: Literal["fast", "textblob"] = "fast",
    resample: Literal["sentence", "document"] = "sentence",
    context: Literal["sentence", "clause"] = "sentence",
    n_boot: int = 2000,
    seed: int = 0,
    min_n: int = 5,
    level: float = 0.95,
) -> pd.DataFrame:
    """Stance toward each actor per outlet (or document): the mean sentiment of the sentences
    that mention the actor, with intervals, and the loaded terms that land on it.

    One row per ``<by> × actor`` the outlet mentions. Columns: ``<by>`` (and ``outlet`` when
    ``by="doc_id"``), ``actor, group, kind, n_docs, n_sentences`` (sentences mentioning the
    actor), ``n_mentions``; for each of ``tb_polarity, tb_subjectivity, vader_compound`` the
    mean over those sentences and its ``_low``/``_high`` interval; ``n_loaded`` (loaded terms
    landing on the actor), ``loaded_per_sentence`` (= ``n_loaded / n_sentences``: the
    **loaded-term load**, 0.43 means about one loaded term on the actor for every two sentences
    that mention it) with its interval, ``loaded_terms`` (the terms, for checking) and
    ``interval_note``.

    Intervals: a seeded percentile bootstrap (``n_boot`` resamples, ``level``) over the
    sentences mentioning the actor (``resample="sentence"``) or over documents, each keeping
    all its sentences (``"document"``: the honest unit when an outlet has many articles, since
    sentences of one article are not independent). With fewer than ``min_n`` units there is no
    interval and ``interval_note`` says so. The same resamples are used for every metric of a
    row.

    ``targets`` is :func:`analysis.loaded.loaded_targets` output (computed with the shipped
    loaded-language lexicon when omitted); ``scores`` is :func:`score_sentences` output
    (computed for the sentences that mention an actor when omitted). ``context="clause"``
    scores, for each actor, the clauses that mention it instead of the whole sentence (see
    :func:`stance_sentences`); the means are then over those clauses, one per sentence.
    """
    check_choice("by", by, BYS)
    check_choice("scorer", scorer, SCORERS)
    check_choice("resample", resample, RESAMPLES)
    check_choice("context", context, CONTEXTS)
    check_bootstrap(n_boot, seed, level)
    if not isinstance(min_n, int) or isinstance(min_n, bool) or min_n < 2:
        raise ParameterError(f"min_n={min_n!r}: use an integer of at least 2")
    data = stance_sentences(
        sentences, mentions, targets, scores=scores, scorer=scorer, context=context
    )
    metrics = [*SCORE_COLUMNS, "n_loaded"]
    lead = [by] if by == "outlet" else ["doc_id", "outlet"]
    rows = []
    for (key, actor), g in data.groupby([by, "actor"], sort=True):
        n_sent = len(g)
        doc_ids = g["doc_id"].unique()
        row: dict[str, Any] = {by: key}
        if by == "doc_id":
            row["outlet"] = g["outlet"].iloc[0]
        row.update(
            actor=actor,
            group=g["group"].iloc[0],
            kind=g["kind"].iloc[0],
            n_docs=len(doc_ids),
            n_sentences=n_sent,
            n_mentions=int(g["n_mentions"].sum()),
        )
        n_units = n_sent if resample == "sentence" else len(doc_ids)
        unit = "sentence" if resample == "sentence" else "document"
        can = n_units >= min_n and not (resample == "document" and by == "doc_id")
        for col in metrics:
            vals = g[col].to_numpy(dtype=float)
            name = "loaded_per_sentence" if col == "n_loaded" else col
            # summed exactly: a streamed run's chunk sums give the same mean (analysis.scale)
            mean = exact_mean(exact_sum(vals.tolist()), len(vals))
            lo = hi = float("nan")
            if can:
                rng = rng_for(seed, str(key), str(actor))  # same resamples for every metric
                if resample == "sentence":
                    lo, hi = bootstrap_mean(vals, n_boot=n_boot, rng=rng, level=level)
                else:
                    per_doc = g.groupby("doc_id", sort=True)[col]
                    lo, hi = bootstrap_ratio(
                        per_doc.sum().to_numpy(dtype=float),
                        per_doc.size().to_numpy(dtype=float),
                        n_boot=n_boot,
                        rng=rng,
                        level=level,
                    )
            if col == "n_loaded":
                row["n_loaded"] = int(vals.sum())
            row[name] = round(mean, 4)
            row[f"{name}_low"] = round(lo, 4)
            row[f"{name}_high"] = round(hi, 4)
        terms = sorted({t for ts in g["loaded_terms"] for t in ts.split("; ") if t})
        row["loaded_terms"] = "; ".join(terms)
        if resample == "document" and by == "doc_id":
            note = "one document: no interval (resample='document')"
        elif not can:
            note = f"only {_plural(n_units, unit)} (< {min_n}): no interval"
        elif resample == "sentence":
            note = (
                f"{_fmt_level(level)} bootstrap over {_plural(n_sent, 'sentence')} "
                f"in {_plural(len(doc_ids), 'document')}"
            )
        else:
            note = f"{_fmt_level(level)} bootstrap over {_plural(len(doc_ids), 'document')}"
        row["interval_note"] = note
        rows.append(row)
    columns = [
        *lead,
        "actor",
        "group",
        "kind",
        "n_docs",
        "n_sentences",
        "n_mentions",
    ]
    for col in SCORE_COLUMNS:
        columns += [col, f"{col}_low", f"{col}_high"]
    columns += [
        "n_loaded",
        "loaded_per_sentence",
        "loaded_per_sentence_low",
        "loaded_per_sentence_high",
        "loaded_terms",
        "interval_note",
    ]
    return pd.DataFrame(rows, columns=columns)


def actor_salience(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
) -> pd.DataFrame:
    """How prominent each actor is per outlet (or document): how many of its sentences mention
    the actor, and how early the actor first appears.

    Columns: ``<by>`` (and ``outlet`` when ``by="doc_id"``), ``actor, group, kind,
    n_sentences`` (sentences mentioning the actor), ``n_sentences_total`` (all sentences),
    ``share`` (the first over the second, 0..1), ``n_mentions`` (appositions left out),
    ``n_docs`` (documents mentioning the actor), ``n_docs_total``, ``first_sentence`` (0-based
    index of the sentence with the first mention; 0 = the lede) and ``first_position``
    (that index over the document's last index: 0 = first sentence, 1 = last). Per outlet, the
    two positions are medians over the documents that mention the actor. Sorted by ``<by>``,
    then by descending ``n_sentences``.
    """
    check_choice("by", by, BYS)
    act = actor_sentences(sentences, mentions)
    lead = [by] if by == "outlet" else ["doc_id", "outlet"]
    columns = [
        *lead,
        "actor",
        "group",
        "kind",
        "n_sentences",
        "n_sentences_total",
        "share",
        "n_mentions",
        "n_docs",
        "n_docs_total",
        "first_sentence",
        "first_position",
    ]
    if len(act) == 0:
        return pd.DataFrame(columns=columns)
    order = sentences[["doc_id", "outlet", "sent_id"]].copy()
    order["index"] = order.groupby("doc_id")["sent_id"].rank(method="first").astype(int) - 1
    order["last"] = order.groupby("doc_id")["index"].transform("max")
    act = act.merge(order[["doc_id", "sent_id", "index", "last"]], on=["doc_id", "sent_id"])
    first = (
        act.groupby(["doc_id", "actor"], sort=True)
        .agg(first_sentence=("index", "min"), last=("last", "first"))
        .reset_index()
    )
    first["first_position"] = np.where(
        first["last"] > 0, first["first_sentence"] / first["last"].where(first["last"] > 0, 1), 0.0
    )
    first["outlet"] = first["doc_id"].map(
        sentences.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    )
    totals = sentences.groupby(by).agg(
        n_sentences_total=("sent_id", "size"), n_docs_total=("doc_id", "nunique")
    )
    counts = (
        act.groupby([*lead, "actor"], sort=True)
        .agg(
            group=("group", "first"),
            kind=("kind", "first"),
            n_sentences=("sent_id", "size"),
            n_mentions=("n_mentions", "sum"),
            n_docs=("doc_id", "nunique"),
        )
        .reset_index()
    )
    pos = (
        first.groupby([by, "actor"], sort=True)[["first_sentence", "first_position"]]
        .median()
        .reset_index()
    )
    out = counts.merge(totals, left_on=by, right_index=True).merge(pos, on=[by, "actor"])
    out["share"] = (out["n_sentences"] / out["n_sentences_total"]).round(4)
    out["first_position"] = out["first_position"].astype(float).round(4)
    out["first_sentence"] = out["first_sentence"].astype(float)
    out = out.sort_values([by, "n_sentences", "actor"], ascending=[True, False, True])
    return out[columns].reset_index(drop=True)


def contrast_levels(
    doc_sentiment: pd.DataFrame,
    stance: pd.DataFrame,
    *,
    actors: Sequence[str] = ("Putin",),
) -> pd.DataFrame:
    """The document-level view beside the actor-level one, one row per outlet.

    ``doc_sentiment`` is :func:`document_sentiment` output (averaged per outlet over its
    documents), ``stance`` is :func:`actor_stance` output (``by="outlet"``). Columns:
    ``outlet, n_docs, doc_tb_polarity, doc_vader_compound`` and, for each actor,
    ``<actor>_n_sentences, <actor>_vader_compound, <actor>_n_loaded,
    <actor>_loaded_per_sentence`` (0 sentences and empty scores where the outlet does not
    mention the actor). Use it to see what a single document score hides.
    """
    if "outlet" not in stance.columns or "doc_id" in stance.columns:
        raise ParameterError("stance: pass actor_stance(..., by='outlet') output")
    docs = (
        doc_sentiment.groupby("outlet", sort=True)
        .agg(
            n_docs=("doc_id", "size"),
            doc_tb_polarity=("tb_polarity", "mean"),
            doc_vader_compound=("vader_compound", "mean"),
        )
        .round(4)
    )
    outlets = sorted(set(docs.index) | set(stance["outlet"]))
    out = docs.reindex(outlets)
    out["n_docs"] = out["n_docs"].fillna(0).astype(int)
    for actor in actors:
        s = stance[stance["actor"] == actor].set_index("outlet").reindex(outlets)
        out[f"{actor}_n_sentences"] = s["n_sentences"].fillna(0).astype(int)
        out[f"{actor}_vader_compound"] = s["vader_compound"]
        out[f"{actor}_n_loaded"] = s["n_loaded"].fillna(0).astype(int)
        out[f"{actor}_loaded_per_sentence"] = s["loaded_per_sentence"]
    out.index.name = "outlet"
    return out.reset_index()


def contrast_contexts(sentence_stance: pd.DataFrame, clause_stance: pd.DataFrame) -> pd.DataFrame:
    """Stance toward each actor scored on whole sentences beside the same scored on the
    actor's clauses, one row per outlet × actor.

    Both tables are :func:`actor_stance` output (``by="outlet"``), with ``context="sentence"``
    and ``context="clause"``. Columns: ``outlet, actor, n_sentences`` and, for ``tb_polarity``
    and ``vader_compound``, ``<metric>_sentence``, ``<metric>_clause`` and ``<metric>_shift``
    (clause − sentence). A shift near 0 says the actor's stance does not depend on which
    clause of a sentence it is in; a large one says the sentence-level score mixes the actor
    with what is said about others in the same sentence (read the clauses:
    :func:`stance_sentences` with ``context="clause"``).
    """
    for name, table in (("sentence_stance", sentence_stance), ("clause_stance", clause_stance)):
        if "outlet" not in table.columns or "doc_id" in table.columns:
            raise ParameterError(f"{name}: pass actor_stance(..., by='outlet') output")
    keys = ["outlet", "actor"]
    metrics = ["tb_polarity", "vader_compound"]
    out = sentence_stance[[*keys, "n_sentences", *metrics]].merge(
        clause_stance[[*keys, *metrics]], on=keys, how="outer", suffixes=("_sentence", "_clause"),
        validate="one_to_one",
    )
    columns = [*keys, "n_sentences"]
    for m in metrics:
        out[f"{m}_shift"] = (out[f"{m}_clause"] - out[f"{m}_sentence"]).round(4)
        columns += [f"{m}_sentence", f"{m}_clause", f"{m}_shift"]
    return out[columns].sort_values(keys).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# validity: actor-targeted tone against hand labels

TONES = ("positive", "negative", "neutral")
STANCE_GOLD_COLUMNS = ["case_id", "text", "actor", "tone", "construction"]
#: What is read as a tone: a score column (its sign, with a neutral band of ``threshold``), or
#: ``loaded_terms`` (a loaded term landing on the actor reads as negative, none as neutral).
TONE_READINGS = ("vader_compound", "tb_polarity", "loaded_terms")


def read_stance_gold(path: str | Path) -> pd.DataFrame:
    """Read a hand-labelled actor-tone file (format: ``tests/data/stance_gold.md``): one row per
    sentence × actor with ``case_id, text, actor, tone, construction``. A sentence's rows must
    share their text and construction; a wrong tone is an error naming the line."""
    from analysis.errors import read_utf8_file

    if Path(path).is_dir():
        raise ParameterError(f"{path}: is a folder; give the stance gold CSV file")
    text = read_utf8_file(path, what="stance gold file", error=ParameterError)
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise ParameterError(f"{path}, line 1: not valid CSV ({exc})") from None
    missing = [c for c in STANCE_GOLD_COLUMNS if c not in header]
    if missing:
        raise ParameterError(f"{path}: stance gold file lacks column(s) {', '.join(missing)}")
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise ParameterError(f"{path}, line 1: column {twice[0]!r} is there twice")
    rows = []
    try:
        for row in reader:
            line = reader.line_num  # the physical line the record ends on
            if None in row:
                raise ParameterError(
                    f"{path}, line {line}: more fields than columns (quote a text that holds a "
                    "comma)"
                )
            if not any((v or "").strip() for v in row.values()):
                continue  # an empty row (a spreadsheet's trailing ",,,,")
            if row["tone"] not in TONES:
                raise ParameterError(
                    f"{path}, line {line}: tone {row['tone']!r} is not one of {', '.join(TONES)}"
                )
            empty = [c for c in ("case_id", "text", "actor") if not (row[c] or "").strip()]
            if empty:
                raise ParameterError(f"{path}, line {line}: empty {', '.join(empty)}")
            rows.append(row)
    except csv.Error as exc:  # (the record that starts after the last one read)
        raise ParameterError(
            f"{path}, line {reader.line_num + 1}: not valid CSV ({exc}); an unclosed quote?"
        ) from None
    if not rows:
        raise ParameterError(f"{path}: no labelled rows")
    gold = pd.DataFrame(rows, columns=header, dtype=str).fillna("")
    per_case = gold.groupby("case_id")[["text", "construction"]].nunique()
    bad = per_case[(per_case > 1).any(axis=1)]
    if len(bad):
        raise ParameterError(
            f"{path}: the rows of case {bad.index[0]!r} differ in text or construction; give "
            "each sentence one case_id"
        )
    if gold.duplicated(["case_id", "actor"]).any():
        case, actor = gold.loc[gold.duplicated(["case_id", "actor"]), ["case_id", "actor"]].iloc[0]
        raise ParameterError(f"{path}: actor {actor!r} is labelled twice in case {case!r}")
    return gold


def gold_sentences(gold: pd.DataFrame) -> pd.DataFrame:
    """The gold's sentences as a sentence table: one one-sentence document per case
    (``doc_id`` = ``case_id``, outlet ``"gold"``), ready for :func:`stance_sentences`."""
    from analysis.segment import count_tokens

    cases = gold.drop_duplicates("case_id")
    texts = cases["text"].tolist()
    return pd.DataFrame({
        "doc_id": cases["case_id"].tolist(),
        "outlet": "gold",
        "date": pd.Timestamp("2026-01-01"),
        "sent_id": 0,
        "para_id": 0,
        "start": 0,
        "end": [len(t) for t in texts],
        "text": texts,
        "n_tokens": [count_tokens(t) for t in texts],
    })


def _read_tone(value: float, reading: str, threshold: float) -> str:
    if reading == "loaded_terms":
        return "negative" if value > 0 else "neutral"
    return "positive" if value >= threshold else "negative" if value <= -threshold else "neutral"


def predict_tone(
    evidence: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    reading: Literal["vader_compound", "tb_polarity", "loaded_terms"] = "vader_compound",
    threshold: float = 0.05,
) -> pd.DataFrame:
    """The gold rows with the tone a stance measure gives each actor: ``predicted``
    (``positive``, ``negative``, ``neutral``, or ``not found`` where the registry does not find
    the actor in its sentence) and the value it was read from (``score``), with the ``context``
    scored when the evidence has one. See :func:`evaluate_stance` for ``reading`` and
    ``threshold``; this is the table to read its disagreements in."""
    check_choice("reading", reading, TONE_READINGS)
    if isinstance(threshold, bool) or not isinstance(threshold, numbers.Real) or not (
        0 <= threshold < 1
    ):
        raise ParameterError(f"threshold={threshold!r}: use a number at least 0 and below 1")
    column = "n_loaded" if reading == "loaded_terms" else reading
    keep = ["case_id", "actor", column, *(["context"] if "context" in evidence.columns else [])]
    pred = evidence.rename(columns={"doc_id": "case_id"})[keep]
    # (a gold table saved from predict_tone keeps only its labels here)
    labels = gold.drop(columns=[c for c in ("context", "score", "predicted") if c in gold.columns])
    data = labels.merge(pred, on=["case_id", "actor"], how="left", validate="one_to_one")
    found = data[column].notna()
    data["predicted"] = [
        _read_tone(float(v), reading, threshold) if ok else "not found"
        for v, ok in zip(data[column].tolist(), found.tolist(), strict=True)
    ]
    return data.rename(columns={column: "score"})


def evaluate_stance(
    evidence: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    reading: Literal["vader_compound", "tb_polarity", "loaded_terms"] = "vader_compound",
    threshold: float = 0.05,
) -> pd.DataFrame:
    """How often a stance measure gives the hand-labelled tone of each actor in a sentence.

    ``evidence`` is :func:`stance_sentences` output on :func:`gold_sentences`, with either
    ``context``; ``gold`` is :func:`read_stance_gold` output. ``reading`` is what becomes the
    predicted tone: a score's sign (positive at ``+threshold`` or more, negative at
    ``−threshold`` or less, else neutral; 0.05 is VADER's authors' usual band) or the
    loaded-term load (any loaded term landing on the actor reads as negative). A gold actor the
    actor registry does not find in its sentence counts as wrong.

    Rows ``metric, value, n_correct, n, note``: ``accuracy`` (over every gold row),
    ``accuracy_<construction>``, ``kappa`` (Cohen's κ of predicted and gold tone: 0 is chance,
    and calling everything neutral scores 0), ``<tone>_precision`` and ``<tone>_recall``,
    ``found`` (gold actors found in their sentence). The rows behind them:
    :func:`predict_tone`.
    """
    from analysis.agreement import cohen_kappa
    from analysis.stats import metric_row

    data = predict_tone(evidence, gold, reading=reading, threshold=threshold)
    found = data["predicted"] != "not found"
    right = data["predicted"] == data["tone"]
    rows = [metric_row("accuracy", int(right.sum()), len(data), "gold actors given their tone")]
    for construction, r in right.groupby(data["construction"], sort=True):
        rows.append(metric_row(f"accuracy_{construction}", int(r.sum()), len(r),
                               f"the same, in sentences of kind {construction}"))
    rows.append({"metric": "kappa",
                 "value": round(cohen_kappa(data["predicted"].tolist(), data["tone"].tolist()), 4),
                 "n_correct": float("nan"), "n": len(data),
                 "note": "Cohen's kappa, predicted vs gold tone (0 = chance)"})
    for tone in TONES:
        said, real = data["predicted"] == tone, data["tone"] == tone
        rows.append(metric_row(f"{tone}_precision", int((said & real).sum()), int(said.sum()),
                               f"predicted {tone} that are {tone}"))
        rows.append(metric_row(f"{tone}_recall", int((said & real).sum()), int(real.sum()),
                               f"{tone} actors predicted {tone}"))
    rows.append(metric_row("found", int(found.sum()), len(data),
                           "gold actors the registry finds in their sentence"))
    out = pd.DataFrame(rows, columns=["metric", "value", "n_correct", "n", "note"])
    out["n_correct"] = out["n_correct"].astype("Int64")  # (none for kappa)
    return out


# --------------------------------------------------------------------------------------------
# figures

_METRIC_LABELS = {
    "tb_polarity": "TextBlob polarity (−1 negative … +1 positive)",
    "tb_subjectivity": "TextBlob subjectivity (0 objective … 1 subjective)",
    "vader_compound": "VADER compound (−1 negative … +1 positive)",
    "loaded_per_sentence": "loaded terms landing on the actor per sentence mentioning it",
}


def _main_actors(table: pd.DataFrame, actors: Sequence[str] | None, max_actors: int) -> list[str]:
    if actors is not None:
        return list(actors)
    totals = table.groupby("actor")["n_sentences"].sum()
    ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    return [a for a, _ in ranked[:max_actors]]


def _ink(rgba: Sequence[float]) -> str:
    r, g, b = rgba[:3]
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "#FFFFFF"


def _mark_outlets(ax: Any, outlets: list[str], colors: dict[str, str], y: Iterable[float]) -> None:
    """Colour each outlet's tick label's marker with the outlet's colour (text stays black)."""
    for yi, outlet in zip(y, outlets, strict=True):
        ax.annotate(
            "■",
            xy=(0, yi),
            xycoords=("axes fraction", "data"),
            xytext=(-4, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            color=colors.get(outlet, "#777777"),
            fontsize=9,
            annotation_clip=False,
        )


@literal_text
def plot_stance_heatmap(
    stance: pd.DataFrame,
    *,
    metric: Literal[
        "tb_polarity", "tb_subjectivity", "vader_compound", "loaded_per_sentence"
    ] = "vader_compound",
    actors: Sequence[str] | None = None,
    max_actors: int = 10,
    colors: dict[str, str] | None = None,
    by: Literal["outlet", "doc_id"] = "outlet",
    title: str | None = None,
) -> Figure:
    """Heatmap ``<by>`` × actor of one stance metric from :func:`actor_stance`: each cell gives
    the value and ``n`` (sentences mentioning the actor); an outlet that does not mention the
    actor has an empty cell ("not mentioned"). Columns are the ``actors`` given or the
    ``max_actors`` most mentioned, most mentioned first. Sentiment metrics use a diverging
    scale centred on 0; cells with few sentences deserve little weight (see their n)."""
    import matplotlib as mpl

    from analysis.plots import new_figure, outlet_colors

    check_choice("metric", metric, METRICS)
    check_choice("by", by, BYS)
    if len(stance) == 0:
        raise ParameterError("plot_stance_heatmap: the stance table is empty")
    cols = _main_actors(stance, actors, max_actors)
    rows = sorted(stance[by].unique())
    values = stance.pivot_table(index=by, columns="actor", values=metric, aggfunc="first")
    counts = stance.pivot_table(index=by, columns="actor", values="n_sentences", aggfunc="first")
    values = values.reindex(index=rows, columns=cols)
    counts = counts.reindex(index=rows, columns=cols)
    grid = values.to_numpy(dtype=float)
    finite = grid[np.isfinite(grid)]
    if metric in ("tb_polarity", "vader_compound"):
        lim = max(0.1, float(np.ceil(np.abs(finite).max() * 10) / 10) if finite.size else 0.1)
        cmap, vmin, vmax = mpl.colormaps["RdBu"], -lim, lim
    else:
        top = float(finite.max()) if finite.size else 0.0
        cmap, vmin, vmax = mpl.colormaps["Oranges"], 0.0, max(top, 0.1)
    cmap = cmap.with_extremes(bad="#F2F2F2")
    fig, ax = new_figure(1.05 * len(cols) + 3.2, 0.55 * len(rows) + 1.9)
    im = ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    signed = metric in ("tb_polarity", "vader_compound")
    for i in range(len(rows)):
        for j in range(len(cols)):
            v, n = grid[i, j], counts.iat[i, j]
            if np.isfinite(v):
                text = (f"{v:+.2f}" if signed else f"{v:.2f}") + f"\nn={int(n)}"
                ink = _ink(cmap(im.norm(v)))
            else:
                text, ink = "not\nmentioned", "#888888"
            ax.text(j, i, text, ha="center", va="center", fontsize=6.5, color=ink)
    ax.set_xticks(range(len(cols)), cols, rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(axis="y", pad=16, length=0)
    _mark_outlets(ax, rows, colors or outlet_colors(stance[by]), range(len(rows)))
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    cbar = fig.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label(_METRIC_LABELS[metric], fontsize=7)
    cbar.ax.tick_params(labelsize=7)
    ax.set_xlabel("actor (n = sentences mentioning the actor)")
    ax.set_ylabel(by)
    what = {
        "tb_polarity": "TextBlob polarity, mean over the sentences mentioning the actor",
        "tb_subjectivity": "TextBlob subjectivity, mean over the sentences mentioning the actor",
        "vader_compound": "VADER compound, mean over the sentences mentioning the actor",
        "loaded_per_sentence": "loaded terms landing on the actor per sentence mentioning it",
    }[metric]
    # (a sentiment score is the sentence's tone, which the hand-labelled actor tone shows is
    # often not the tone toward the actor: say so where the figure is read)
    short = {"tb_polarity": "TextBlob polarity", "vader_compound": "VADER compound"}
    default = (f"Tone of the sentences mentioning each actor, by {by}\n{short[metric]}, mean over "
               "those sentences: not necessarily the tone toward the actor" if signed
               else f"Stance toward actors by {by}: {what}")
    ax.set_title(title or default, fontsize=9)
    fig.tight_layout()
    return fig


@literal_text
def plot_salience(
    salience: pd.DataFrame,
    *,
    actors: Sequence[str] | None = None,
    max_actors: int = 8,
    colors: dict[str, str] | None = None,
    by: Literal["outlet", "doc_id"] = "outlet",
    title: str = "Actor salience by outlet",
) -> Figure:
    """Two panels from :func:`actor_salience`: left, the share of each outlet's sentences that
    mention each actor (bars in outlet colours, labelled ``k/N`` sentences); right, where the
    actor is first mentioned (0 = first sentence, 1 = last; median over documents). Actors are
    the ``actors`` given or the ``max_actors`` most mentioned."""
    from analysis.plots import new_figure, outlet_colors

    check_choice("by", by, BYS)
    if len(salience) == 0:
        raise ParameterError("plot_salience: the salience table is empty")
    names = _main_actors(salience, actors, max_actors)
    outlets = sorted(salience[by].unique())
    colors = colors or outlet_colors(salience[by])
    data = salience.set_index([by, "actor"])
    totals = salience.groupby(by)["n_sentences_total"].first()
    height = 0.8 / max(len(outlets), 1)
    fig, (ax, ax2) = new_figure(
        10.5, 0.12 * len(outlets) * len(names) + 2.2, ncols=2, width_ratios=[2.2, 1], sharey=True
    )
    y_actor = np.arange(len(names))[::-1].astype(float)
    xmax = 0.0
    for k, outlet in enumerate(outlets):
        offs = y_actor + 0.4 - height * (k + 0.5)
        color = colors.get(outlet, "#777777")
        shares, firsts = [], []
        for actor in names:
            if (outlet, actor) in data.index:
                r = data.loc[(outlet, actor)]
                shares.append(100 * float(r["share"]))
                firsts.append(float(r["first_position"]))
            else:
                shares.append(0.0)
                firsts.append(np.nan)
        ax.barh(
            offs, shares, height=height * 0.92, color=color, label=f"{outlet} (N={totals[outlet]})"
        )
        ax2.scatter(firsts, offs, color=color, s=14, zorder=3)
        for yi, actor, share in zip(offs, names, shares, strict=True):
            n = (
                int(data.loc[(outlet, actor), "n_sentences"])
                if (outlet, actor) in data.index
                else 0
            )
            ax.text(share, yi, f" {n}/{totals[outlet]}", va="center", fontsize=6, color="#333333")
        xmax = max(xmax, *shares)
    ax.set_yticks(y_actor, names)
    ax.set_xlim(0, max(xmax, 1.0) * 1.25)
    ax.set_xlabel("% of the outlet's sentences that mention the actor\n(label: k of N sentences)")
    ax.set_ylabel("actor")
    ax.set_title(title)
    handles, labels = ax.get_legend_handles_labels()
    ax2.legend(
        handles,
        labels,
        fontsize=7,
        frameon=False,
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        title=f"{by} (N = sentences)",
        title_fontsize=7,
    )
    ax2.set_xlim(-0.05, 1.05)
    ax2.set_xlabel("position of the first mention\n(0 = first sentence, 1 = last)")
    ax2.set_title("How early the actor appears")
    ax2.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------------------------
# documented limits

STANCE_LIMITS = """\
**Why document-level sentiment does not measure framing.** Each sample article scored as one
text (its cleaned text, `TextBlob(text).sentiment`) reads as mildly positive: TextBlob polarity
0.061 (World News Actuality), 0.131 (Al Jazeera), 0.105 (unidentified republisher), 0.095
(BBC News) and 0.102 (UK tabloid). The tabloid, which calls Putin a *tyrant* who may have
*hoodwinked* Trump and throws citizens into the *meat grinder*, sits in the middle of the pack.
Measured on the sample corpus:

- **The lexicons do not know the framing words.** Neither TextBlob nor VADER has *tyrant*,
  *maximalist* or *hoodwinked*: both score "tyrant Putin has made deliberately maximalist
  demands" 0.0. They were built for reviews and social media; news frames through labels,
  metaphors and verbs of saying.
- **A document averages everything.** TextBlob averages every adjective it knows: *willing*
  (of "coalition of the willing", positive, in all five articles), *more*, *top*,
  *outstanding*, and *military* (negative). VADER's compound normalises a sum that grows with
  the text and saturates: +0.99 for World News Actuality and Al Jazeera, +0.94 for the
  republisher's edited copy of the BBC story, but −0.40 for the BBC original, and +0.28 for
  the tabloid. Cutting a few paragraphs flips the sign.
- **Sentiment is not stance.** A score belongs to a sentence, not to an actor in it: "If these
  claims are true, Putin may have hoodwinked US leader President Trump ..." scores the same for
  both men (VADER +0.42: its *peace* cancels *warmongering*, and the *true* of "if these claims
  are true" is left).

**What the actor-level view sees.** Loaded terms that land on Putin: 3 in the 7 tabloid
sentences that mention him (0.43 per sentence: *tyrant*, *maximalist*, *hoodwinked*), 1 in the
2 World News Actuality sentences (0.50: "as Putin presses forward with his *maximalist* war
aims"); the other three outlets do not name him. Per sentence, two sentences put World News
Actuality above the tabloid's seven: give little weight to cells with few sentences (every
cell prints its n). The sentiment of the tabloid's Putin sentences is, if anything, positive
(TextBlob +0.10, VADER +0.17): the load, not the sentiment, carries the framing. Even the load
is a lexicon count placed by rules (a term lands on the actor of its own phrase, the owner of
"his", the doer of a verb of deceit, or the nearest actor in its clause: *hoodwinked* in
"Putin may have hoodwinked US leader President Trump" lands on Putin as its subject, and the
rule would be fooled by a subject it cannot see): read the sentences
(KWIC).
"""


def describe_contrast(contrast: pd.DataFrame, *, actors: Sequence[str]) -> str:
    """What :func:`contrast_levels` shows for *this* corpus, as Markdown with its numbers: each
    outlet's mean document-level TextBlob polarity and VADER compound, then, per actor, the
    loaded terms that land on the actor and the mean VADER compound of the sentences that
    mention the actor, per outlet that names the actor (with the count of sentences behind
    each figure), and the outlets that do not name the actor. Every figure is read from
    ``contrast``, so the text never describes another corpus (:data:`STANCE_LIMITS` is the
    sample corpus's measured illustration)."""
    from analysis.report import markdown_literal as lit  # names are corpus data: no Markdown

    actors = list(actors)
    missing = [f"{a}_n_sentences" for a in actors if f"{a}_n_sentences" not in contrast.columns]
    if "doc_tb_polarity" not in contrast.columns or missing:
        raise ParameterError(
            "contrast: pass contrast_levels(...) output computed for the same actors"
            + (f" (no column {missing[0]})" if missing else "")
        )
    if contrast.empty:
        return "**This corpus, scored both ways.** No outlet has documents to score."
    rows = contrast.sort_values("outlet", kind="stable")
    docs = rows[rows["n_docs"] > 0]

    def listed(col: str, fmt: str) -> str:
        return ", ".join(f"{format(v, fmt)} ({lit(o)})" for o, v in zip(docs["outlet"], docs[col],
                                                                        strict=True))

    lines = [
        "**This corpus, scored both ways.** Each article scored as one text, mean per outlet: "
        f"TextBlob polarity {listed('doc_tb_polarity', '.3f')}; VADER compound "
        f"{listed('doc_vader_compound', '+.2f')}."
    ]
    for actor in actors:
        named = rows[rows[f"{actor}_n_sentences"] > 0]
        if named.empty:
            lines.append(f"- **{lit(actor)}**: no outlet of this corpus names the actor.")
            continue
        parts = []
        for rec in named.to_dict("records"):
            n, k = int(rec[f"{actor}_n_sentences"]), int(rec[f"{actor}_n_loaded"])
            vader = rec[f"{actor}_vader_compound"]
            tone = "" if pd.isna(vader) else f"; VADER of those sentences {vader:+.2f}"
            parts.append(
                f"{k} in the {n} sentence{'s' if n != 1 else ''} of {lit(rec['outlet'])} "
                f"({k / n:.2f} per sentence{tone})"
            )
        absent = [o for o in rows["outlet"] if o not in set(named["outlet"])]
        tail = f"; not named by {', '.join(map(lit, absent))}" if absent else ""
        lines.append(f"- **{lit(actor)}**: loaded terms that land on the actor: "
                     + ", ".join(parts) + tail + ".")
    lines.append(
        "\nWhere the outlets' document scores sit close together while the loads differ, the "
        "document level hides the framing. Cells with few sentences say little: read the "
        "sentences (KWIC) before drawing conclusions."
    )
    return "\n".join(lines)


def stance_limits() -> str:
    """:data:`STANCE_LIMITS`, the documented limits of sentiment as a framing measure, as
    Markdown for the report (the figures in it are the sample corpus's, checked by the tests)."""
    return STANCE_LIMITS


__all__: list[str] = [
    "METRICS",
    "SCORE_COLUMNS",
    "STANCE_LIMITS",
    "actor_salience",
    "actor_sentences",
    "actor_stance",
    "contrast_levels",
    "describe_contrast",
    "document_sentiment",
    "plot_salience",
    "plot_stance_heatmap",
    "score_sentences",
    "stance_limits",
    "stance_sentences",
]
