"""Split cleaned documents into sentences and word tokens, with character offsets.

This builds the **sentence table**, the spine every framing metric reads: one row per sentence
with ``doc_id, outlet, date, sent_id, para_id, start, end, text, n_tokens``. ``start`` and
``end`` are offsets into the *cleaned* text of the document, so ``text[start:end]`` gives the
sentence back exactly, and any hit found in a sentence can be shown in context.

The segmenter is rule-based, offline and deterministic (NLTK's punkt models are not installed
and never downloaded). Rules:

* a line break always ends a sentence: a headline without a full stop does not run into the
  lede below it, and list items stay apart;
* ``.``, ``!``, ``?`` or ``…``, optionally followed by closing quotes or brackets (``.”``,
  ``?"``, ``.)``), end a sentence when whitespace and then an upper-case letter, a digit or an
  opening quote follow;
* a full stop after an abbreviation does not (``Mr``, ``Dr``, ``Gen``, ``No. 10``, ``Jan. 6``),
  nor after a single initial (``J. D. Vance``); after an initialism (``U.S.``) or a general
  abbreviation (``etc.``) it does only before a typical sentence opener (``The``, ``He``,
  ``But`` …). The lists are data (``data/abbreviations.tsv``, ``data/sentence_openers.txt``);
* decimals ("0.8 percent"), percentages ("90%") and times are never split, since no
  whitespace follows their full stop.

Word tokens are runs of letters and digits with internal apostrophes, hyphens or full stops
("Ukraine’s", "so-called", "U.S", "0.8"), numbers with separators ("400,000", "90%").
Punctuation is not a token; ``n_tokens`` counts words, the denominator of every rate.

:func:`clause_spans` splits a sentence into clauses at punctuation (``;``, ``: ``, a comma
before *but, while, whereas, although …*), for the measures that must not reach across a
clause (stance on an actor's clauses, the actor a loaded term lands on).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

SENTENCE_COLUMNS = [
    "doc_id",
    "outlet",
    "date",
    "sent_id",
    "para_id",
    "start",
    "end",
    "text",
    "n_tokens",
]
TOKEN_COLUMNS = ["doc_id", "sent_id", "token_id", "start", "end", "token", "lower"]

# A word token: numbers with separators and an optional percent sign, or letters/digits joined
# by apostrophes, hyphens or full stops.
TOKEN_RE = re.compile(r"\d+(?:[.,:]\d+)*%?|[^\W_]+(?:['’\-.][^\W_]+)*")
# A candidate sentence end: terminal punctuation, closing quotes or brackets, then whitespace
# and the next word (group 1); a candidate followed by whitespace only ends no sentence (the
# line's end does). Its first character is a class of its own, which the search skips to.
_CANDIDATE = re.compile(r"[.!?…][.!?…]*[\"'”’)\]]*(?=\s+(\S+))")
_OPENING = "\"'“‘([«"
_WORD_BEFORE = re.compile(r"([^\W\d_](?:[^\W_]|\.(?=[^\W_]))*)\.$")
# Read backwards from the full stop: group 1 runs to the word's first letter, the whole match
# to the start of the run of word characters and inner full stops.
_WORD_REVERSED = re.compile(r"((?:[^\W_]|(?<=[^\W_])\.)*[^\W\d_])?(?:\d|(?<=[^\W_])\.)*")
_WINDOW = 24


def _word_before(line: str, end: int) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(line, 0, end)``, found by reading the few characters before the
    full stop backwards.

    The leftmost match starts at the first letter of the run of word characters before the
    full stop, so it is found in a window when the run starts inside it; otherwise (a longer
    run, or no full stop at ``end``) the line is searched.
    """
    stop = end - 1
    if stop < 0 or stop >= len(line) or line[stop] != ".":  # (search clamps end to the line)
        return _WORD_BEFORE.search(line, 0, end)
    start = max(0, stop - _WINDOW)
    run = _WORD_REVERSED.match(line[start:stop][::-1])
    if start > 0 and run.end() == stop - start:
        return _WORD_BEFORE.search(line, 0, end)
    word = run.group(1)
    return None if word is None else _WORD_BEFORE.match(line, stop - len(word), end)


@dataclass(frozen=True)
class _Abbreviations:
    kinds: dict[str, str]
    openers: frozenset[str]


@lru_cache(maxsize=1)
def _abbreviations() -> _Abbreviations:
    base = resources.files("analysis") / "data"
    kinds: dict[str, str] = {}
    lines = (base / "abbreviations.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.strip() or line.startswith("#") or line.startswith("term\t"):
            continue
        term, kind = line.split("\t")
        kinds[term.strip().lower()] = kind.strip()
    openers = frozenset(
        w.strip()
        for w in (base / "sentence_openers.txt").read_text(encoding="utf-8").splitlines()
        if w.strip() and not w.startswith("#")
    )
    return _Abbreviations(kinds, openers)


def _is_boundary(line: str, match: re.Match[str], abbr: _Abbreviations) -> bool:
    word = match.group(1)
    first = word[0]
    if first in _OPENING:
        starts_ok = len(word) == 1 or word[1].isupper() or word[1].isdigit() or word[1] in _OPENING
    else:
        starts_ok = first.isupper() or first.isdigit()
    if not starts_ok:
        return False
    if match.group() != ".":
        return True  # ! ? …, an ellipsis written as dots, or ".”" (a full stop inside quotes)
    before = _word_before(line, match.end())
    if before is None:
        return True
    token = before.group(1)
    low = token.lower()
    kind = abbr.kinds.get(low)
    bare = word.lstrip(_OPENING).rstrip(",;:")
    if kind is None:
        if len(token) == 1 and token.isupper():
            return False  # an initial: "J. D. Vance"
        if "." in token and all(len(p) == 1 for p in token.split(".")):
            kind = "initialism"  # an initialism not in the list: "N.A.T.O."
        else:
            return True
    if kind == "title":
        return False
    if kind in ("numeric", "month"):
        return not first.isdigit()
    return bare in abbr.openers


def iter_sentence_spans(text: str) -> Iterator[tuple[int, int, int]]:
    """Yield ``(start, end, para_id)`` for each sentence of ``text``, in order.

    The spans never overlap, contain no leading or trailing whitespace, and together cover every
    non-whitespace character of ``text`` exactly once. ``para_id`` numbers the non-blank lines.
    """
    abbr = _abbreviations()
    candidates = _CANDIDATE.finditer
    pos = 0
    para = -1
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line or line.isspace():
            continue
        para += 1
        seg_start = line_start  # where the sentence being read starts, as an offset into text
        for m in candidates(line):
            if _is_boundary(line, m, abbr):
                end = line_start + m.end()
                # the sentence ends with the candidate's punctuation: only leading space to trim
                seg = text[seg_start:end]
                yield (end - len(seg.lstrip()), end, para)
                seg_start = end
        seg = text[seg_start:pos - 1].lstrip()
        if seg:
            start = pos - 1 - len(seg)
            yield (start, start + len(seg.rstrip()), para)


def _bmp_class(cls: str) -> str:
    """The characters of the BMP (U+0000–U+FFFF) that the regex class ``cls`` matches, as a
    class of code-point ranges."""
    chars = "".join(map(chr, range(0x10000)))
    ranges = (re.escape(m.group()[0]) + "-" + re.escape(m.group()[-1])
              for m in re.finditer(f"{cls}+", chars))
    return "[" + "".join(ranges) + "]"


@lru_cache(maxsize=2)
def _bmp_token_re(counting: bool = False) -> re.Pattern[str]:
    """:data:`TOKEN_RE` for text without characters beyond the BMP: the same matches, faster.

    Its classes are code-point ranges, which the regex engine tests with a bitmap rather than
    Unicode look-ups, and it starts with one class, which the search skips to quickly. A token
    starting with a digit takes the number branch, as in TOKEN_RE (where it is tried first).
    ``counting``: with an empty group at the end, so that ``findall`` lists an empty string
    per token (cheaper than the tokens; only their number is wanted).
    """
    w, d = _bmp_class(r"[^\W_]"), _bmp_class(r"\d")
    token = rf"{w}(?:(?<={d}){d}*+(?:[.,:]{d}++)*+%?+|{w}*+(?:['’\-.]{w}++)*+)"
    return re.compile(f"{token}()" if counting else token)


def _token_re(text: str, counting: bool = False) -> re.Pattern[str]:
    """The fastest pattern that tokenizes ``text`` exactly like :data:`TOKEN_RE`."""
    # a character beyond the BMP takes two UTF-16 code units (a quick test of the whole text)
    beyond_bmp = len(text.encode("utf-16-le", "surrogatepass")) != 2 * len(text)
    return TOKEN_RE if beyond_bmp else _bmp_token_re(counting)


def count_tokens(text: str) -> int:
    """Number of word tokens in ``text`` (the denominator of every per-1,000-token rate)."""
    return len(_token_re(text, counting=True).findall(text))


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Return the word tokens of ``text`` as ``(start, end, token)``."""
    return [(m.start(), m.end(), m.group()) for m in _token_re(text).finditer(text)]


# Clause boundaries: a semicolon, a colon before a space, and a comma before a conjunction that
# opens a contrasting or concessive clause (decided in clause_spans). Commas before "and",
# "who", "which" and dashes are left alone: they join lists ("Putin, Trump and Zelensky") and
# parentheticals ("Putin — who started the war — said") more often than they separate clauses.
_CLAUSE_BREAK = re.compile(
    r"\s*;\s*|:\s+|,\s+(?=((?:[Bb]ut|[Ww]hile|[Ww]hilst|[Ww]hereas|[Aa]lthough|[Tt]hough|"
    r"[Yy]et)\b))"
)
# a subordinate clause that opens the sentence, closed by its first comma ("If these claims are
# true, Putin …", "When the talks began, …"): two words at least before the comma, and none
# of ; : or a quote mark in it. Only conjunctions that are never prepositions: "As host of the
# talks, Macron …", "After the vote, Putin …", "Since 2022, Russia …" open no clause
_FRONTED_CLAUSE = re.compile(
    r"\s*(?:If|When|Whenever|Although|Though|While|Whilst|Because|Unless|Even\s+if|"
    r"Even\s+though)\s+[^\s,;:“”\"]+(?:\s+[^\s,;:“”\"]+)+(,)\s+"
)
_NOT_A_CLAUSE = frozenset("not also only again".split())
_SUBJECT_WORDS = frozenset(
    "the a an he she it they we i you his her its their this these those there".split()
)
_NEXT_WORD = re.compile(r"\s+([^\s,;:.!?]+)")
_CLOSED = re.compile(r"(?:\s+[^\s,;:]+){1,3},")  # the conjunction's phrase closed by a comma


def _opens_clause(text: str, conj_end: int, conj: str, before: str) -> bool:
    """Whether the conjunction ending at ``conj_end`` opens a clause (see :func:`clause_spans`);
    ``before`` is the text of the clause so far."""
    if text.startswith(",", conj_end):
        return conj.lower() == "but"  # "…, but, crucially, Putin refused"; "Putin, though, …"
    nxt = _NEXT_WORD.match(text, conj_end)
    if nxt is None or nxt.group(1).lower() in _NOT_A_CLAUSE:
        return False  # "…, though." "…, but not insurmountable, …", "yet again"
    if _CLOSED.match(text, conj_end) is None:
        return True
    # a phrase closed by a comma: a parenthetical ("Putin, though ruthless, is"; "The talks,
    # while the toughest yet, continued") unless a subject follows a clause of its own
    # ("Zelensky praised the troops, while Putin, the Russian president, ordered")
    word = nxt.group(1)
    subject = word[:1].isupper() or word[:1] in "“\"‘" or word.lower() in _SUBJECT_WORDS
    return subject and len(before.split()) >= 3


def clause_spans(text: str) -> list[tuple[int, int]]:
    """The clauses of a sentence as ``(start, end)`` offsets into ``text``, in order, without
    their separators.

    A sentence is split at a semicolon, at a colon followed by a space, and at a comma followed
    by *but, while, whilst, whereas, although, though* or *yet* that opens a clause: "Zelensky
    praised the troops, while Putin ordered new strikes" is two clauses. Not a clause: the
    conjunction as an adverb ("Putin, though, refused", "…, though."), before *not*, *also*,
    *only* or *again* ("delicate, but not insurmountable, details", "yet again"), and a
    parenthetical that a comma closes within three words ("Putin, though ruthless, is
    pragmatic"; "Starmer, while Prime Minister, pledged"), unless a subject follows a clause
    of three words or more ("Starmer was applauded, but Trump, speaking in Ohio, was booed").
    "…, but, crucially, Putin refused" splits. A subordinate clause that opens the sentence
    ends at its first comma ("If these claims are true, Putin …", "When the talks began,
    Zelensky …"; not after a word that is also a preposition: "As host of the talks, …").
    Lists, appositions, relative clauses and dashes do not split: a clause here is a stretch of
    the sentence that a reader takes as one statement, found from punctuation, not a parse.
    """
    spans = []
    pos = 0
    fronted = _FRONTED_CLAUSE.match(text)
    if fronted is not None:
        spans.append((0, fronted.start(1)))
        pos = fronted.end()
    for m in _CLAUSE_BREAK.finditer(text, pos):
        conj = m.group(1)
        if conj is not None and not _opens_clause(
            text, m.end() + len(conj), conj, text[pos : m.start()]
        ):
            continue
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text) or not spans:
        spans.append((pos, len(text)))
    return spans


def segment_corpus(docs: pd.DataFrame) -> pd.DataFrame:
    """Build the sentence table from a (cleaned) documents table.

    One row per sentence: ``doc_id, outlet, date, sent_id, para_id, start, end, text,
    n_tokens``. ``sent_id`` counts from 0 within each document; ``start``/``end`` are offsets
    into the document's ``text``.
    """
    spans: list[tuple[int, int, int]] = []  # (start, end, para_id) of every sentence
    texts: list[str] = []
    n_tokens: list[int] = []
    counts = []  # sentences per document
    for text in docs["text"].tolist():
        findall = _token_re(text, counting=True).findall
        before = len(spans)
        spans.extend(iter_sentence_spans(text))
        sents = [text[start:end] for start, end, _ in spans[before:]]
        texts.extend(sents)
        n_tokens.extend([len(findall(sent)) for sent in sents])
        counts.append(len(spans) - before)
    ints = ("sent_id", "para_id", "start", "end", "n_tokens")
    if not spans:
        out = pd.DataFrame([], columns=SENTENCE_COLUMNS).astype(dict.fromkeys(ints, "int64"))
        out["date"] = pd.to_datetime(out["date"])
        return out
    # the document's columns repeated for its sentences; the table built column by column
    doc_of = np.repeat(np.arange(len(counts)), counts)
    first = np.cumsum(counts) - counts
    start, end, para = np.array(spans, dtype=np.int64).reshape(-1, 3).T
    out = pd.DataFrame(
        {
            "doc_id": _repeat(docs["doc_id"], doc_of),
            "outlet": _repeat(docs["outlet"], doc_of),
            "date": _repeat(docs["date"], doc_of),
            "sent_id": np.arange(len(spans), dtype=np.int64) - first[doc_of],
            "para_id": para,
            "start": start,
            "end": end,
            "text": texts,
            "n_tokens": np.array(n_tokens, dtype=np.int64),
        }
    )
    out["date"] = pd.to_datetime(out["date"])
    return out


#: The dtype pandas gives a column made from a list of Python strings (the sentence table's
#: text columns): such a column can be taken and compared as it is, without converting.
STRING_DTYPE = pd.Series(["a"]).dtype


def _repeat(column: pd.Series, rows: np.ndarray) -> object:
    """The values of ``column`` at ``rows`` for the table, as the list of them would be made:
    a column of strings (or of dates, without time zone) taken as it is, others as a list."""
    datetime = isinstance(column.dtype, np.dtype) and column.dtype.kind == "M"
    if (column.dtype == STRING_DTYPE or datetime) and not column.hasnans:
        return column.array.take(rows)
    values = column.tolist()
    return [values[i] for i in rows.tolist()]


def tokens_table(sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per word token: ``doc_id, sent_id, token_id, start, end, token, lower``.

    Offsets are into the document's cleaned text, like the sentence table's.
    """
    rows: list[tuple] = []
    for doc_id, sent_id, s_start, text in zip(
        sentences["doc_id"],
        sentences["sent_id"],
        sentences["start"],
        sentences["text"],
        strict=True,
    ):
        for i, m in enumerate(TOKEN_RE.finditer(text)):
            tok = m.group()
            rows.append(
                (doc_id, sent_id, i, s_start + m.start(), s_start + m.end(), tok, tok.lower())
            )
    out = pd.DataFrame(rows, columns=TOKEN_COLUMNS)
    for col in ("sent_id", "token_id", "start", "end"):
        out[col] = out[col].astype("int64")
    return out
