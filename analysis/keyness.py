"""Keyness: which words an outlet uses markedly more (or less) than a reference.

For each target (an outlet, or a document with ``by="doc_id"``) and each word, the 2×2 table

    ==============  ==========  ==============
                    target      reference
    ==============  ==========  ==============
    this word       a           b
    other words     c - a       d - b
    ==============  ==========  ==============

(``c`` and ``d`` are the numbers of word tokens in the target and the reference) is tested with
the **log-likelihood ratio** G² (Dunning 1993; the keyness statistic of Rayson & Garside 2000),
``G² = 2 Σ O ln(O / E)`` over the four cells, with ``E`` the counts expected if target and
reference used the word at the same rate. This is the exact G² of the 2×2 table, so it equals
``scipy.stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")``; Rayson's
online calculator sums only the two "this word" cells, which differs from it slightly when a
word is common. The p-value is the χ² (1 df) tail of G².

**Reading the numbers.** G² says how sure we can be that the difference is not chance; it grows
with corpus size, so it does not say how *big* the difference is. ``log_ratio`` does (Hardie
2014): ``log2((a / c) / (b / d))``, the binary log of the ratio of the two relative frequencies.
1 means twice as frequent in the target, 3 eight times, -1 half as frequent. A word absent on one
side would give an infinite ratio, so a zero frequency is replaced by 0.5 *for the log ratio
only* (Hardie's suggestion): the value is then a floor for "only here" words, not a measurement,
and should be read as "at least this much". ``direction`` is ``"over"`` when the target uses the
word at a higher rate than the reference, ``"under"`` when lower (and ``"equal"`` in the rare
case of exactly the same rate).

G² is computed for thousands of words at once: with p < 0.05 about one word in twenty is "key" by
chance. Use a strict cut (G² ≥ 15.13 is p < 0.0001) or combine G² with a minimum log ratio, and
read the words in context (:func:`key_term_kwic`) before interpreting them. A word can be key
because one article dwells on one sub-story: with few documents per outlet, keyness describes the
documents more than the outlet.

**Tokens.** Word tokens of the sentence table (:data:`analysis.segment.TOKEN_RE`), lower-cased,
with the curly apostrophe unified to ``'`` and a final clitic ``'s`` stripped ("Ukraine’s" →
"ukraine"; contractions like "it's" → "it" too: telling a possessive from "is" needs a parser).
``stopwords=True`` leaves out the shipped function-word list (``data/stopwords_en.txt``) and
``drop_numbers=True`` leaves out tokens made only of digits, separators and ``%`` ("90%",
"2022", "400,000"). Both filters only choose which words are *tested and listed*: the totals
``c`` and ``d`` always count every word token, so a word's G² and log ratio do not change when
a filter is switched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd
from scipy.stats import chi2

from analysis.errors import ParameterError, check_choice
from analysis.kwic import KWIC_COLUMNS, kwic
from analysis.segment import TOKEN_RE
from analysis.wordlists import load_word_list

KEYNESS_COLUMNS = [
    "token",
    "freq_target",
    "freq_reference",
    "total_target",
    "total_reference",
    "g2",
    "p_value",
    "log_ratio",
    "direction",
]
# Hardie (2014): the frequency put in place of a zero for the log ratio only.
ZERO_FREQUENCY = 0.5

_POSSESSIVE = re.compile(r"'s$")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*%?")


def load_stopwords() -> frozenset[str]:
    """The shipped English function-word list (``data/stopwords_en.txt``), lower-case."""
    return load_word_list("stopwords_en")


def normalize_token(token: str) -> str:
    """The form keyness counts: lower case, ``’`` as ``'``, a final ``'s`` stripped."""
    low = token.lower().replace("’", "'")
    stripped = _POSSESSIVE.sub("", low)
    return stripped or low


def token_frequencies(texts: Iterable[str]) -> Counter[str]:
    """Frequencies of the normalised word tokens (:func:`normalize_token`) of ``texts``."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(normalize_token(m.group()) for m in TOKEN_RE.finditer(text))
    return counts


def log_likelihood(
    freq_target: np.ndarray | float,
    freq_reference: np.ndarray | float,
    total_target: np.ndarray | float,
    total_reference: np.ndarray | float,
) -> np.ndarray:
    """G² of the 2×2 table ``[[a, b], [c - a, d - b]]`` (vectorised; ``0 · ln 0 = 0``)."""
    a = np.asarray(freq_target, dtype=float)
    b = np.asarray(freq_reference, dtype=float)
    c = np.asarray(total_target, dtype=float)
    d = np.asarray(total_reference, dtype=float)
    n = c + d
    observed = (a, b, c - a, d - b)
    expected = (c * (a + b) / n, d * (a + b) / n, c * (n - a - b) / n, d * (n - a - b) / n)
    g2 = np.zeros(np.broadcast(a, b, c, d).shape)
    for o, e in zip(observed, expected, strict=True):
        with np.errstate(divide="ignore", invalid="ignore"):
            g2 = g2 + np.where(o > 0, o * np.log(o / e), 0.0)
    # Rounding can leave a tiny negative value where observed == expected.
    return np.maximum(2 * g2, 0.0)


def log_ratio(
    freq_target: np.ndarray | float,
    freq_reference: np.ndarray | float,
    total_target: np.ndarray | float,
    total_reference: np.ndarray | float,
) -> np.ndarray:
    """Hardie's log ratio, ``log2((a / c) / (b / d))``, with a zero frequency read as 0.5."""
    a = np.asarray(freq_target, dtype=float)
    b = np.asarray(freq_reference, dtype=float)
    a = np.where(a == 0, ZERO_FREQUENCY, a)
    b = np.where(b == 0, ZERO_FREQUENCY, b)
    return np.log2((a / np.asarray(total_target, dtype=float)) / (b / total_reference))


def keyness(
    sentences: pd.DataFrame,
    *,
    target: str | None = None,
    reference: Literal["rest", "outlet", "corpus"] = "rest",
    reference_outlet: str | None = None,
    reference_corpus: pd.DataFrame | pd.Series | None = None,
    reference_total: int | None = None,
    by: Literal["outlet", "doc_id"] = "outlet",
    min_freq: int = 3,
    stopwords: bool = True,
    drop_numbers: bool = True,
    direction: Literal["both", "over", "under"] = "both",
    top: int | None = None,
) -> pd.DataFrame:
    """Key words of each outlet (or of ``target`` only) against a reference.

    ``reference``:

    * ``"rest"`` — every other outlet of ``sentences`` pooled;
    * ``"outlet"`` — one outlet of ``sentences``, ``reference_outlet`` (it is not a target);
    * ``"corpus"`` — ``reference_corpus``: another sentence table (a ``text`` column), or a
      frequency table (columns ``token, freq``, or a Series of frequencies indexed by token).
      Tokens of a frequency table are normalised like the corpus's; its total is the sum of
      ``freq`` unless ``reference_total`` gives the corpus size (needed when the table lists
      only some words).

    ``by="doc_id"`` makes documents the targets instead of outlets. A word is tested when its
    frequency in target and reference together is at least ``min_freq``. ``direction`` keeps
    only over- or under-used words; ``top`` keeps the first ``top`` rows of each target.

    Returns one row per target and word: ``<by>, token, freq_target, freq_reference,
    total_target, total_reference, g2, p_value, log_ratio, direction``, sorted by target, then
    G² (highest first), then token. See the module docstring for how to read them.
    """
    check_choice("reference", reference, ("rest", "outlet", "corpus"))
    check_choice("by", by, ("outlet", "doc_id"))
    check_choice("direction", direction, ("both", "over", "under"))
    if not isinstance(min_freq, int) or isinstance(min_freq, bool) or min_freq < 1:
        raise ParameterError(f"min_freq={min_freq!r}: use a positive integer (e.g. 3)")
    if top is not None and (not isinstance(top, int) or isinstance(top, bool) or top < 1):
        raise ParameterError(f"top={top!r}: use a positive integer or None for every word")
    missing = {by, "text"} - set(sentences.columns)
    if missing:
        raise ParameterError(
            f"sentences has no column {', '.join(sorted(missing))}: pass a sentence table"
        )
    groups = sorted(sentences[by].astype(str).unique())
    if reference == "outlet":
        if reference_outlet is None:
            raise ParameterError('reference="outlet" needs reference_outlet="<outlet name>"')
        if reference_outlet not in groups:
            raise ParameterError(
                f"reference_outlet={reference_outlet!r} is not in the {by} column of the sentence "
                f"table; "
                f"choose one of: {', '.join(map(repr, groups))}"
            )
    elif reference_outlet is not None:
        raise ParameterError('reference_outlet is only used with reference="outlet"')
    if reference == "corpus":
        if reference_corpus is None:
            raise ParameterError(
                'reference="corpus" needs reference_corpus= (a sentence table or a frequency '
                "table with columns token, freq)"
            )
    elif reference_corpus is not None or reference_total is not None:
        raise ParameterError('reference_corpus and reference_total need reference="corpus"')
    if target is not None:
        if target not in groups:
            raise ParameterError(
                f"target={target!r} is not in the {by} column of the sentence table; "
                f"choose one of: {', '.join(map(repr, groups))}"
            )
        if reference == "outlet" and target == reference_outlet:
            raise ParameterError("target and reference_outlet are the same: nothing to compare")
        targets = [target]
    else:
        targets = [g for g in groups if not (reference == "outlet" and g == reference_outlet)]
    if reference == "rest" and len(groups) < 2:
        raise ParameterError(
            f'reference="rest" needs at least two {by} values; with one, use reference="corpus"'
        )

    keys = sentences[by].astype(str)
    counts = {g: token_frequencies(sentences.loc[keys == g, "text"]) for g in groups}
    fixed_reference: Counter[str] | None = None
    if reference == "outlet":
        fixed_reference = counts[str(reference_outlet)]
    elif reference == "corpus":
        fixed_reference = _reference_counts(reference_corpus)
    fixed_total = None
    if fixed_reference is not None:
        fixed_total = sum(fixed_reference.values())
        if reference_total is not None:
            if not isinstance(reference_total, int) or reference_total < fixed_total:
                raise ParameterError(
                    f"reference_total={reference_total!r}: use an integer at least the sum of "
                    f"the frequencies ({fixed_total})"
                )
            fixed_total = reference_total
        if fixed_total == 0:
            raise ParameterError("the reference corpus has no word tokens")
    all_counts: Counter[str] = Counter()
    for c in counts.values():
        all_counts.update(c)
    stop = load_stopwords() if stopwords else frozenset()

    frames = []
    for g in targets:
        tgt = counts[g]
        if fixed_reference is None:
            ref = all_counts.copy()
            ref.subtract(tgt)
            ref = +ref  # drop the zeros left by the subtraction
            ref_total = sum(ref.values())
        else:
            ref, ref_total = fixed_reference, fixed_total
        frames.append(
            _key_table(tgt, ref, ref_total, stop, drop_numbers, min_freq, direction, top).assign(
                **{by: g}
            )
        )
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[by])
    out = out.reindex(columns=[by, *KEYNESS_COLUMNS])
    for col in ("freq_target", "freq_reference", "total_target", "total_reference"):
        out[col] = out[col].astype("int64")
    for col in ("g2", "p_value", "log_ratio"):
        out[col] = out[col].astype(float)
    return out.reset_index(drop=True)


def _reference_counts(ref: pd.DataFrame | pd.Series | None) -> Counter[str]:
    if isinstance(ref, pd.Series):
        pairs = zip(ref.index.astype(str), ref.to_numpy(), strict=True)
    elif isinstance(ref, pd.DataFrame) and "text" in ref.columns:
        return token_frequencies(ref["text"])
    elif isinstance(ref, pd.DataFrame) and {"token", "freq"} <= set(ref.columns):
        pairs = zip(ref["token"].astype(str), ref["freq"].to_numpy(), strict=True)
    else:
        raise ParameterError(
            "reference_corpus: pass a sentence table (with a text column) or a frequency table "
            "(columns token, freq)"
        )
    out: Counter[str] = Counter()
    for tok, freq in pairs:
        if pd.isna(freq) or freq < 0 or freq != int(freq):
            raise ParameterError(
                f"reference_corpus: the frequency of {tok!r} is {freq!r}; use counts (integers "
                "of at least 0)"
            )
        out[normalize_token(tok)] += int(freq)
    return out


def _key_table(
    tgt: Counter[str],
    ref: Counter[str],
    ref_total: int,
    stop: frozenset[str],
    drop_numbers: bool,
    min_freq: int,
    direction: str,
    top: int | None,
) -> pd.DataFrame:
    vocab = sorted(
        t
        for t in set(tgt) | set(ref)
        if tgt.get(t, 0) + ref.get(t, 0) >= min_freq
        and t not in stop
        and not (drop_numbers and _NUMBER.fullmatch(t))
    )
    a = np.array([tgt.get(t, 0) for t in vocab], dtype="int64")
    b = np.array([ref.get(t, 0) for t in vocab], dtype="int64")
    c = sum(tgt.values())
    d = ref_total
    g2 = log_likelihood(a, b, c, d)
    lr = log_ratio(a, b, c, d)
    # Compare rates by cross-multiplying the integer counts: no rounding decides a tie.
    over = a * d > b * c
    under = a * d < b * c
    table = pd.DataFrame(
        {
            "token": vocab,
            "freq_target": a,
            "freq_reference": b,
            "total_target": c,
            "total_reference": d,
            "g2": g2,
            "p_value": chi2.sf(g2, 1),
            "log_ratio": lr,
            "direction": np.where(over, "over", np.where(under, "under", "equal")),
        }
    )
    if direction != "both":
        table = table[table["direction"] == direction]
    # Round G² for the sort only, so that float noise cannot reorder tied words.
    table = (
        table.assign(_g=table["g2"].round(9))
        .sort_values(["_g", "token"], ascending=[False, True], kind="stable")
        .drop(columns="_g")
    )
    if top is not None:
        table = table.head(top)
    return table


def key_term_kwic(
    sentences: pd.DataFrame,
    keyness_table: pd.DataFrame,
    target: str,
    *,
    n: int = 5,
    direction: Literal["over", "under"] = "over",
    width: int = 60,
) -> pd.DataFrame:
    """Concordance lines for the ``n`` strongest key words of ``target`` (from :func:`keyness`).

    A key word is a count; these are the sentences it comes from. Every occurrence of each word
    (any case, with or without ``'s``) in ``target``'s sentences is listed, with the word's rank
    and its keyness figures. ``direction="under"`` lists the words the target uses less: they
    appear in its sentences only if it uses them at all. Columns: ``rank, token, g2, log_ratio,
    doc_id, outlet, sent_id, left, match, right, start, end``.
    """
    check_choice("direction", direction, ("over", "under"))
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n={n!r}: use a positive integer")
    by = keyness_table.columns[0]
    if by not in ("outlet", "doc_id") or "token" not in keyness_table.columns:
        raise ParameterError("keyness_table: pass the table keyness() returned")
    rows = keyness_table[
        (keyness_table[by].astype(str) == target) & (keyness_table["direction"] == direction)
    ].head(n)
    columns = ["rank", "token", "g2", "log_ratio", *KWIC_COLUMNS]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    wanted = dict(zip(rows["token"], range(1, len(rows) + 1), strict=True))
    sel = sentences[sentences[by].astype(str) == target]
    spans = []
    for s in sel.itertuples(index=False):
        for m in TOKEN_RE.finditer(s.text):
            tok = normalize_token(m.group())
            if tok in wanted:
                spans.append(
                    (s.doc_id, s.outlet, s.sent_id, s.start + m.start(), s.start + m.end(), tok)
                )
    span_table = pd.DataFrame(
        spans, columns=["doc_id", "outlet", "sent_id", "start", "end", "term"]
    )
    frames = []
    for tok, rank in wanted.items():
        lines = kwic(sel, span_table, term=tok, width=width)
        info = rows[rows["token"] == tok].iloc[0]
        frames.append(
            lines.assign(rank=rank, token=tok, g2=info["g2"], log_ratio=info["log_ratio"])
        )
    out = pd.concat(frames, ignore_index=True)[columns]
    return out.sort_values(["rank", "doc_id", "start"], kind="stable").reset_index(drop=True)
