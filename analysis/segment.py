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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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
# A candidate sentence end: terminal punctuation, closing quotes or brackets, then whitespace.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")
_NEXT = re.compile(r"\s+(\S+)")
_OPENING = "\"'“‘([«"
_WORD_BEFORE = re.compile(r"([^\W\d_](?:[^\W_]|\.(?=[^\W_]))*)\.$")
# Characters _WORD_BEFORE's word is made of, and a whole run of them up to the full stop.
_WORD_PART = re.compile(r"[^\W_]|\.(?=[^\W_])")
_WORD_RUN = re.compile(r"(?:[^\W_]|\.(?=[^\W_]))*\.")
_WINDOW = 24


def _word_before(line: str, end: int) -> re.Match[str] | None:
    """``_WORD_BEFORE.search(line, 0, end)``, looking only at the last few characters.

    The leftmost match is the first letter of the longest run of word characters before the
    full stop, so a match found in a window is the whole line's when the character before it
    cannot belong to the run; otherwise (a run longer than the window) the line is searched.
    """
    start = max(0, end - _WINDOW)
    m = _WORD_BEFORE.search(line, start, end)
    if m is None:
        if start == 0 or not _WORD_RUN.fullmatch(line, start, end):
            return None
    elif m.start() == 0 or not _WORD_PART.match(line, m.start() - 1, end):
        return m
    return _WORD_BEFORE.search(line, 0, end)


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
    nxt = _NEXT.match(line, match.end())
    if nxt is None:  # only whitespace follows: the line's end handles it
        return False
    word = nxt.group(1)
    first = word[0]
    if first in _OPENING:
        starts_ok = len(word) == 1 or word[1].isupper() or word[1].isdigit() or word[1] in _OPENING
    else:
        starts_ok = first.isupper() or first.isdigit()
    if not starts_ok:
        return False
    punct = match.group()
    if not punct.startswith(".") or len(punct.rstrip("\"'”’)]")) > 1:
        return True  # ! ? … or an ellipsis written as dots
    if punct != ".":
        return True  # full stop inside closing quotes/brackets: ".”" ends the sentence
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
    pos = 0
    para = -1
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        para += 1
        seg_start = 0
        for m in _CANDIDATE.finditer(line):
            if _is_boundary(line, m, abbr):
                yield from _trimmed(line, seg_start, m.end(), line_start, para)
                seg_start = m.end()
        yield from _trimmed(line, seg_start, len(line), line_start, para)


def _trimmed(
    line: str, start: int, end: int, offset: int, para: int
) -> Iterator[tuple[int, int, int]]:
    seg = line[start:end]
    stripped = seg.strip()
    if stripped:
        lead = len(seg) - len(seg.lstrip())
        s = offset + start + lead
        yield (s, s + len(stripped), para)


def count_tokens(text: str) -> int:
    """Number of word tokens in ``text`` (the denominator of every per-1,000-token rate)."""
    return len(TOKEN_RE.findall(text))


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Return the word tokens of ``text`` as ``(start, end, token)``."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def segment_corpus(docs: pd.DataFrame) -> pd.DataFrame:
    """Build the sentence table from a (cleaned) documents table.

    One row per sentence: ``doc_id, outlet, date, sent_id, para_id, start, end, text,
    n_tokens``. ``sent_id`` counts from 0 within each document; ``start``/``end`` are offsets
    into the document's ``text``.
    """
    rows: list[tuple] = []
    for doc_id, outlet, date, text in zip(
        *(docs[c].tolist() for c in ("doc_id", "outlet", "date", "text")), strict=True
    ):
        for sent_id, (start, end, para) in enumerate(iter_sentence_spans(text)):
            sent = text[start:end]
            rows.append((doc_id, outlet, date, sent_id, para, start, end, sent, count_tokens(sent)))
    out = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    for col in ("sent_id", "para_id", "start", "end", "n_tokens"):
        out[col] = out[col].astype("int64")
    out["date"] = pd.to_datetime(out["date"])
    return out


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
