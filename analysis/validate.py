"""Validity: how far a detector's hits agree with annotations made by people.

A lexicon count means something only if the words it counts are the words a careful reader
would mark. This module scores any detector's output (a hits table from
:func:`analysis.lexicons.match_lexicon`, :func:`analysis.loaded.find_loaded` or anything with
``doc_id, sent_id, start, end``) against **annotations**: sentences labelled positive or not
(e.g. biased / not biased) and, inside them, the words the annotators marked.

**The annotation file** (a scholar's own hand coding; see ``docs/validity.md``) is a CSV with
one row per sentence::

    id,text,label,marked,outlet
    s1,The senator slammed the reckless bill.,1,slammed|reckless,Fox News
    s2,The bill passed by 52 votes to 48.,0,,Reuters
    s3,"Critics called the plan ""extreme"".",1,extreme,MSNBC

``id`` (unique) and ``text`` are required. ``label`` is ``1/0`` (also ``true/false``,
``yes/no``, ``biased/non-biased``; empty = not labelled, left out of the sentence level).
``marked`` lists the marked words or phrases, separated by ``|`` (a Python or JSON list
string such as ``['slammed', 'reckless']`` also works); ``spans`` may give character offsets
instead (``4-11|20-28``). Any other column (``outlet``, ``topic`` …) is kept and can be used
to break the scores down (``by="outlet"``). :func:`load_annotations` reads it;
:func:`read_babe` reads the BABE corpus (Spinde et al. 2021) into the same form.

**What is measured** (:func:`evaluate` gives all levels in one table):

* ``sentence``: a sentence is predicted positive when it has at least ``min_hits`` hits.
  Precision = share of flagged sentences the annotators labelled positive; recall = share of
  positive sentences flagged; F1 their harmonic mean; Cohen's κ the agreement beyond chance
  (0 = chance, 1 = perfect; it is the figure to compare with agreement between annotators).
* ``word``: the unit is a word *type within a sentence* (unit ``"type"``, the default: a word
  marked in a sentence counts once however often it occurs there) or each word *token*
  (``"token"``). A token is gold when it lies in a marked word or span, predicted when a hit
  overlaps it. Precision = share of predicted words the annotators marked; recall = share of
  marked words the detector found. κ treats every word of the sentences as an item.
* ``span``: the unit is a hit or a marked span; a hit is correct when it overlaps a marked span
  (``match="overlap"``) or has exactly its offsets (``"exact"``); a marked span is found when
  a hit overlaps (or equals) it. No κ (there are no "negative spans").

A marked word that cannot be found in its sentence counts as gold and missed (``n_unlocated``
says how many). Precision is empty when nothing was predicted, recall when nothing was marked.

:func:`disagreements` lists what the detector and the annotators disagree on, as a
concordance (left context, word, right context, outlet, gold, pred, the entry that fired):
read it before trusting any of the figures.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.errors import FramescopeError, ParameterError, check_choice, read_utf8_file
from analysis.segment import SENTENCE_COLUMNS, TOKEN_RE

WordUnit = Literal["type", "token"]
SpanMatch = Literal["overlap", "exact"]
Level = Literal["sentence", "word", "span"]
DisagreementLevel = Literal["word", "sentence"]

WORD_UNITS: tuple[str, ...] = ("type", "token")
SPAN_MATCHES: tuple[str, ...] = ("overlap", "exact")
LEVELS: tuple[str, ...] = ("sentence", "word", "span")
DISAGREEMENT_LEVELS: tuple[str, ...] = ("word", "sentence")

SCORE_COLUMNS = [
    "level",
    "n_sentences",
    "n_gold",
    "n_pred",
    "tp",
    "fp",
    "fn",
    "tn",
    "n_unlocated",
    "precision",
    "recall",
    "f1",
    "kappa",
]
GOLD_COLUMNS = ["doc_id", "sent_id", "start", "end", "word", "located"]
DISAGREEMENT_COLUMNS = [
    "doc_id",
    "sent_id",
    "left",
    "word",
    "right",
    "gold",
    "pred",
    "kind",
    "term",
    "category",
]
POSITIVE_LABELS = frozenset({"1", "true", "yes", "y", "biased", "positive", "pos"})
NEGATIVE_LABELS = frozenset(
    {"0", "false", "no", "n", "non-biased", "not biased", "unbiased", "negative", "neg"}
)
ALL = "(all)"
SPLIT_SALT = "framescope-validity-split-v1"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_SPAN = re.compile(r"^\s*(\d+)\s*[-:]\s*(\d+)\s*$")


class AnnotationError(FramescopeError):
    """An annotation file or table cannot be read (the message names the file and line)."""


@dataclass(frozen=True)
class Annotations:
    """Annotated sentences, ready to run a detector on and to score it.

    ``sentences`` is a sentence table (``doc_id, outlet, date, sent_id, para_id, start, end,
    text, n_tokens``; one row per annotated sentence, ``doc_id`` = its id, ``sent_id`` = 0,
    offsets into the sentence itself) plus ``label`` (True / False / missing = not labelled)
    and every other column of the annotation file. ``gold`` has one row per marked word or
    span found in its sentence (``doc_id, sent_id, start, end, word, located``); marked words
    that are not in their sentence have ``located`` False and offsets -1.
    """

    sentences: pd.DataFrame
    gold: pd.DataFrame
    has_labels: bool
    has_words: bool
    source: str = ""

    def subset(self, mask: Sequence[bool] | pd.Series | np.ndarray) -> Annotations:
        """The annotations of the sentences selected by a boolean ``mask`` (row order)."""
        keep = self.sentences[np.asarray(mask, dtype=bool)].reset_index(drop=True)
        ids = set(zip(keep["doc_id"], keep["sent_id"], strict=True))
        gold_keys = list(zip(self.gold["doc_id"], self.gold["sent_id"], strict=True))
        gold = self.gold[[k in ids for k in gold_keys]].reset_index(drop=True)
        return Annotations(keep, gold, self.has_labels, self.has_words, self.source)


# --------------------------------------------------------------------------------------------
# reading annotations


def _norm_word(text: str) -> str:
    return text.translate(_APOSTROPHES).lower()


def parse_marked(value: object, *, where: str = "") -> list[str]:
    """The marked words of one cell: ``a|b c|d``, or a Python/JSON list string
    (``['a', 'b c']``). Empty cells give ``[]``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
    else:
        text = str(value).strip()
        if not text:
            return []
        if text.startswith("["):
            try:
                parsed = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                try:
                    parsed = json.loads(text)
                except ValueError:
                    raise AnnotationError(
                        f"{where}: marked words {text[:60]!r} look like a list but cannot be "
                        "read; write them as word|word or ['word', 'word']"
                    ) from None
            if not isinstance(parsed, list):
                raise AnnotationError(f"{where}: marked words must be a list, got {text[:60]!r}")
            items = [str(v) for v in parsed]
        else:
            items = text.split("|")
    return [w.strip() for w in items if w.strip()]


def _parse_label(value: object, *, where: str) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return pd.NA
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = str(value).strip().lower()
    if not text:
        return pd.NA
    if text in POSITIVE_LABELS:
        return True
    if text in NEGATIVE_LABELS:
        return False
    raise AnnotationError(
        f"{where}: label {value!r} is not understood; use 1/0 (or true/false, yes/no, "
        "biased/non-biased), or leave it empty for an unlabelled sentence"
    )


def _parse_spans(value: object, text: str, *, where: str) -> list[tuple[int, int]]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    out = []
    for part in str(value).split("|"):
        if not part.strip():
            continue
        m = _SPAN.match(part)
        if not m:
            raise AnnotationError(f"{where}: span {part!r} is not 'start-end' (e.g. 4-11)")
        s, e = int(m.group(1)), int(m.group(2))
        if not 0 <= s < e <= len(text):
            raise AnnotationError(f"{where}: span {s}-{e} is outside the sentence (0-{len(text)})")
        out.append((s, e))
    return out


def locate_words(text: str, words: Iterable[str]) -> list[tuple[int, int, str, bool]]:
    """Where each marked word (or phrase) occurs in ``text``: every occurrence as a whole
    token sequence, compared case-insensitively with curly and straight apostrophes alike.

    Returns ``(start, end, word, located)``; a word that does not occur gives one row
    ``(-1, -1, word, False)``. Duplicate words (case-insensitively) are located once.
    """
    toks = [(m.start(), m.end(), _norm_word(m.group())) for m in TOKEN_RE.finditer(text)]
    lowers = [t[2] for t in toks]
    out: list[tuple[int, int, str, bool]] = []
    seen: set[str] = set()
    for word in words:
        key = _norm_word(word.strip())
        if not key or key in seen:
            continue
        seen.add(key)
        target = [_norm_word(m.group()) for m in TOKEN_RE.finditer(word)]
        found = False
        if target:
            k = len(target)
            for i in range(len(lowers) - k + 1):
                if lowers[i : i + k] == target:
                    out.append((toks[i][0], toks[i + k - 1][1], word, True))
                    found = True
        if not found:
            out.append((-1, -1, word, False))
    return out


def annotations_from_frame(
    frame: pd.DataFrame,
    *,
    id_column: str = "id",
    text_column: str = "text",
    label_column: str | None = "label",
    marked_column: str | None = "marked",
    spans_column: str | None = "spans",
    outlet_column: str | None = "outlet",
    source: str = "annotations",
    first_line: int = 2,
) -> Annotations:
    """Make :class:`Annotations` from a DataFrame in the annotation format (see the module
    docstring). Columns named ``None`` or absent from the frame are not used; at least one of
    labels, marked words and spans is needed. Errors name ``source`` and the row's line
    (``first_line`` is the line of the first row, 2 for a CSV with a header)."""
    for name, col in (("id_column", id_column), ("text_column", text_column)):
        if col not in frame.columns:
            have = ", ".join(map(str, frame.columns))
            raise AnnotationError(f"{source}: no column {col!r} ({name}); columns are {have}")
    label_col = label_column if label_column in frame.columns else None
    marked_col = marked_column if marked_column in frame.columns else None
    spans_col = spans_column if spans_column in frame.columns else None
    if label_col is None and marked_col is None and spans_col is None:
        raise AnnotationError(
            f"{source}: no annotations: the file needs a {label_column!r} column (sentence "
            f"labels), a {marked_column!r} column (marked words) or a {spans_column!r} column"
        )
    ids = frame[id_column].astype(str).str.strip()
    dupes = ids[ids.duplicated(keep=False)]
    if len(dupes):
        lines = [str(first_line + i) for i in dupes.index[:2]]
        raise AnnotationError(
            f"{source}: lines {' and '.join(lines)}: duplicate id {dupes.iloc[0]!r}"
        )
    used = {id_column, text_column, label_col, marked_col, spans_col}
    extra_cols = [c for c in frame.columns if c not in used]
    rows = []
    labels = []
    gold_rows: list[tuple] = []
    for pos, (i, rec) in enumerate(frame.iterrows()):
        where = f"{source}: line {first_line + pos}"
        text = rec[text_column]
        if not isinstance(text, str) or not text.strip():
            raise AnnotationError(f"{where}: empty text for id {ids.loc[i]!r}")
        doc_id = ids.loc[i]
        if not doc_id:
            raise AnnotationError(f"{where}: empty id")
        outlet = str(rec[outlet_column]) if outlet_column in frame.columns else ""
        rows.append(
            (
                doc_id,
                outlet,
                pd.NaT,
                0,
                0,
                0,
                len(text),
                text,
                sum(1 for _ in TOKEN_RE.finditer(text)),
            )
        )
        labels.append(_parse_label(rec[label_col], where=where) if label_col else pd.NA)
        if marked_col is not None:
            words = parse_marked(rec[marked_col], where=where)
            for s, e, w, ok in locate_words(text, words):
                gold_rows.append((doc_id, 0, s, e, w, ok))
        if spans_col is not None:
            for s, e in _parse_spans(rec[spans_col], text, where=where):
                gold_rows.append((doc_id, 0, s, e, text[s:e], True))
    sentences = pd.DataFrame(rows, columns=SENTENCE_COLUMNS)
    for col in ("sent_id", "para_id", "start", "end", "n_tokens"):
        sentences[col] = sentences[col].astype("int64")
    sentences["label"] = pd.array(labels, dtype="boolean")
    for col in extra_cols:
        if col != outlet_column:
            sentences[col] = frame[col].to_numpy()
    gold = pd.DataFrame(gold_rows, columns=GOLD_COLUMNS)
    gold = gold.astype({"sent_id": "int64", "start": "int64", "end": "int64", "located": bool})
    return Annotations(
        sentences=sentences,
        gold=gold,
        has_labels=label_col is not None,
        has_words=marked_col is not None or spans_col is not None,
        source=source,
    )


def load_annotations(
    path: str | Path,
    *,
    id_column: str = "id",
    text_column: str = "text",
    label_column: str | None = "label",
    marked_column: str | None = "marked",
    spans_column: str | None = "spans",
    outlet_column: str | None = "outlet",
    sep: str = ",",
) -> Annotations:
    """Read a hand-coded annotation CSV (UTF-8; format in the module docstring and
    ``docs/validity.md``). Bad rows are errors naming the file and line."""
    path = Path(path)
    text = read_utf8_file(path, what="annotation file", error=AnnotationError)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, quoting=csv.QUOTE_MINIMAL
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise AnnotationError(f"{path}: cannot be read as CSV ({exc})") from exc
    return annotations_from_frame(
        frame,
        id_column=id_column,
        text_column=text_column,
        label_column=label_column,
        marked_column=marked_column,
        spans_column=spans_column,
        outlet_column=outlet_column,
        source=str(path),
    )


# BABE's SG1 file names outlets by slug, SG2 by name; use the names for both.
_BABE_OUTLETS = {
    "breitbart": "Breitbart",
    "alternet": "Alternet",
    "msnbc": "MSNBC",
    "federalist": "Federalist",
    "reuters": "Reuters",
    "usa-today": "USA Today",
    "huffpost": "HuffPost",
    "fox-news": "Fox News",
}


def read_babe(path: str | Path) -> Annotations:
    """Read a BABE file (``final_labels_SG1.csv`` or ``final_labels_SG2.csv``; Spinde et al.
    2021) as :class:`Annotations`.

    ``label`` is ``label_bias`` (Biased → True, Non-biased → False, "No agreement" → not
    labelled); ``marked`` is ``biased_words``; ``outlet``, ``topic``, ``type`` and
    ``label_opinion`` are kept, and ``half`` (:func:`split_half` of the text) is added. Ids are
    ``<file stem>:<row>``, counting rows from 1. The data is read where it lies, never copied.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise AnnotationError(f"{path}: BABE file not found") from None
    needed = {"text", "outlet", "label_bias", "biased_words"}
    if not needed <= set(frame.columns):
        raise AnnotationError(
            f"{path}: not a BABE label file (needs columns {', '.join(sorted(needed))})"
        )
    frame = frame.copy()
    frame.insert(0, "id", [f"{path.stem}:{i + 1}" for i in range(len(frame))])
    frame["label"] = (
        frame["label_bias"]
        .str.strip()
        .str.lower()
        .map({"biased": "1", "non-biased": "0"})
        .fillna("")
    )
    frame["outlet"] = frame["outlet"].map(lambda o: _BABE_OUTLETS.get(o.strip(), o.strip()))
    frame["half"] = split_half(frame["text"])
    frame = frame.drop(columns=["label_bias", "news_link"], errors="ignore")
    return annotations_from_frame(
        frame,
        label_column="label",
        marked_column="biased_words",
        spans_column=None,
        source=str(path),
    )


def normalise_for_split(text: str) -> str:
    """The form of a sentence that :func:`split_half` hashes: NFKC, case-folded, curly
    apostrophes and quotes straightened, runs of whitespace as one space, stripped."""
    t = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    t = t.replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(t.casefold().split())


def split_half(texts: Iterable[str], *, salt: str = SPLIT_SALT) -> np.ndarray:
    """Split sentences once, deterministically, into a ``"tune"`` and a ``"test"`` half.

    A sentence goes to ``"tune"`` when the first 8 hex digits of
    ``sha256(salt + "\\n" + normalised text)`` form an even number, else to ``"test"``. The
    split depends only on the text (not on row order, file or machine), so the same sentence
    lands in the same half in every file that contains it (BABE's SG1 sentences are also in
    SG2), and about half of any set goes each way.
    """
    out = []
    for t in texts:
        digest = hashlib.sha256(f"{salt}\n{normalise_for_split(str(t))}".encode()).hexdigest()
        out.append("tune" if int(digest[:8], 16) % 2 == 0 else "test")
    return np.array(out, dtype=object)


# --------------------------------------------------------------------------------------------
# scoring


def _check_hits(hits: pd.DataFrame) -> None:
    missing = [c for c in ("doc_id", "sent_id", "start", "end") if c not in hits.columns]
    if missing:
        raise ParameterError(
            f"the hits table lacks column(s) {', '.join(missing)}; pass the output of "
            "match_lexicon / find_loaded (or any table with doc_id, sent_id, start, end)"
        )


def _check_by(ann: Annotations, by: str | None) -> None:
    if by is not None and by not in ann.sentences.columns:
        cols = [c for c in ann.sentences.columns if c not in SENTENCE_COLUMNS or c == "outlet"]
        raise ParameterError(f"by={by!r} is not a column of the annotations; use one of {cols}")


def _hits_by_sentence(
    ann: Annotations, hits: pd.DataFrame
) -> dict[tuple[object, int], list[tuple[int, int, str, str]]]:
    """Hits per sentence, offsets made relative to the sentence."""
    _check_hits(hits)
    starts = dict(
        zip(
            zip(ann.sentences["doc_id"], ann.sentences["sent_id"], strict=True),
            ann.sentences["start"],
            strict=True,
        )
    )
    terms = hits["term"] if "term" in hits.columns else pd.Series("", index=hits.index)
    cats = hits["category"] if "category" in hits.columns else pd.Series("", index=hits.index)
    out: dict[tuple[object, int], list[tuple[int, int, str, str]]] = {}
    for d, s, a, b, t, c in zip(
        hits["doc_id"], hits["sent_id"], hits["start"], hits["end"], terms, cats, strict=True
    ):
        key = (d, int(s))
        if key not in starts:
            continue
        off = starts[key]
        out.setdefault(key, []).append((int(a) - off, int(b) - off, str(t), str(c)))
    return out


def word_table(ann: Annotations, hits: pd.DataFrame) -> pd.DataFrame:
    """One row per word token of the annotated sentences, with ``gold`` (in a marked word or
    span), ``pred`` (overlapped by a hit) and the ``term``/``category`` of the hit, plus one
    row per marked word that is not in its sentence (``token_id`` -1, ``pred`` False).
    Offsets are relative to the sentence."""
    by_sent = _hits_by_sentence(ann, hits)
    gold_by: dict[tuple[object, int], list[tuple[int, int]]] = {}
    unlocated = []
    for d, s, a, b, w, ok in ann.gold[GOLD_COLUMNS].itertuples(index=False):
        if ok:
            gold_by.setdefault((d, int(s)), []).append((int(a), int(b)))
        else:
            unlocated.append((d, int(s), -1, -1, -1, w, _norm_word(w), True, False, "", ""))
    rows = []
    for d, s, text in zip(
        ann.sentences["doc_id"], ann.sentences["sent_id"], ann.sentences["text"], strict=True
    ):
        key = (d, int(s))
        g = gold_by.get(key, [])
        h = by_sent.get(key, [])
        for i, m in enumerate(TOKEN_RE.finditer(text)):
            a, b = m.start(), m.end()
            is_gold = any(a < ge and gs < b for gs, ge in g)
            fired = [x for x in h if a < x[1] and x[0] < b]
            rows.append(
                (
                    d,
                    int(s),
                    i,
                    a,
                    b,
                    m.group(),
                    _norm_word(m.group()),
                    is_gold,
                    bool(fired),
                    fired[0][2] if fired else "",
                    fired[0][3] if fired else "",
                )
            )
    cols = [
        "doc_id",
        "sent_id",
        "token_id",
        "start",
        "end",
        "token",
        "lower",
        "gold",
        "pred",
        "term",
        "category",
    ]
    return pd.DataFrame(rows + unlocated, columns=cols)


def cohen_kappa(tp: int, fp: int, fn: int, tn: int) -> float:
    """Cohen's κ of two binary codings from their confusion matrix (``tp`` = both positive,
    ``fp`` = predicted only, ``fn`` = gold only, ``tn`` = both negative).

    κ = (p_o − p_e) / (1 − p_e), with p_o the observed agreement and p_e the agreement
    expected by chance from the two codings' marginals. NaN when p_e = 1 (both codings put
    everything in one class) or there are no items.
    """
    n = tp + fp + fn + tn
    if n == 0:
        return float("nan")
    po = (tp + tn) / n
    pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
    if pe >= 1:
        return float("nan")
    return (po - pe) / (1 - pe)


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> tuple[float, float, float]:
    p = tp_p / n_pred if n_pred else float("nan")
    r = tp_r / n_gold if n_gold else float("nan")
    if np.isnan(p) or np.isnan(r):
        f = float("nan")
    elif p + r == 0:
        f = 0.0
    else:
        f = 2 * p * r / (p + r)
    return p, r, f


def _row(
    level: str,
    n_sent: int,
    tp: int,
    fp: int,
    fn: int,
    tn: int | None,
    n_unlocated: int = 0,
    *,
    tp_pred: int | None = None,
) -> dict[str, object]:
    n_gold, n_pred = tp + fn, (tp_pred if tp_pred is not None else tp) + fp
    p, r, f = _prf(n_pred - fp, n_pred, tp, n_gold)
    return {
        "level": level,
        "n_sentences": n_sent,
        "n_gold": n_gold,
        "n_pred": n_pred,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn if tn is not None else pd.NA,
        "n_unlocated": n_unlocated,
        "precision": p,
        "recall": r,
        "f1": f,
        "kappa": cohen_kappa(tp, fp, fn, tn) if tn is not None else float("nan"),
    }


def _grouped(ann: Annotations, by: str | None) -> list[tuple[str, set[tuple[object, int]]]]:
    keys = list(zip(ann.sentences["doc_id"], ann.sentences["sent_id"].astype(int), strict=True))
    groups = [(ALL, set(keys))]
    if by is not None:
        values = ann.sentences[by].astype(str).to_numpy()
        for value in sorted(set(values)):
            groups.append((value, {k for k, v in zip(keys, values, strict=True) if v == value}))
    return groups


def _finish(rows: list[dict[str, object]], by: str | None) -> pd.DataFrame:
    out = pd.DataFrame(rows)
    cols = ([by] if by else []) + SCORE_COLUMNS
    if by is None:
        out = out.drop(columns=["_group"])
    else:
        out = out.rename(columns={"_group": by})
    return out[cols].reset_index(drop=True)


def sentence_predictions(ann: Annotations, hits: pd.DataFrame, *, min_hits: int = 1) -> pd.Series:
    """True for each annotated sentence with at least ``min_hits`` hits (row order of
    ``ann.sentences``). A table with a boolean ``pred`` column and ``doc_id, sent_id`` (a
    sentence classifier's output) is taken as the predictions themselves."""
    if not isinstance(min_hits, int) or min_hits < 1:
        raise ParameterError(f"min_hits={min_hits!r}: use a positive integer")
    keys = pd.MultiIndex.from_arrays([ann.sentences["doc_id"], ann.sentences["sent_id"]])
    if "pred" in hits.columns and not {"start", "end"} <= set(hits.columns):
        pred = hits.set_index(["doc_id", "sent_id"])["pred"].astype(bool)
        return pd.Series(pred.reindex(keys, fill_value=False).to_numpy(), name="pred")
    _check_hits(hits)
    counts = hits.groupby(["doc_id", "sent_id"]).size()
    n = counts.reindex(keys, fill_value=0).to_numpy()
    return pd.Series(n >= min_hits, name="pred")


def score_sentences(
    ann: Annotations, hits: pd.DataFrame, *, by: str | None = None, min_hits: int = 1
) -> pd.DataFrame:
    """Sentence level: precision, recall, F1 and Cohen's κ of "has at least ``min_hits``
    hits" against the sentence labels, overall (``(all)``) and per value of ``by``.
    Unlabelled sentences are left out (``n_sentences`` counts the labelled ones)."""
    if not ann.has_labels:
        raise ParameterError(f"{ann.source}: the annotations have no sentence labels")
    _check_by(ann, by)
    pred = sentence_predictions(ann, hits, min_hits=min_hits).to_numpy()
    gold = ann.sentences["label"]
    labelled = gold.notna().to_numpy()
    g = gold.fillna(False).to_numpy(dtype=bool)
    keys = list(zip(ann.sentences["doc_id"], ann.sentences["sent_id"].astype(int), strict=True))
    rows = []
    for name, members in _grouped(ann, by):
        m = labelled & np.fromiter((k in members for k in keys), dtype=bool, count=len(keys))
        gm, pm = g[m], pred[m]
        tp = int((gm & pm).sum())
        fp = int((~gm & pm).sum())
        fn = int((gm & ~pm).sum())
        tn = int((~gm & ~pm).sum())
        rows.append({"_group": name, **_row("sentence", int(m.sum()), tp, fp, fn, tn)})
    return _finish(rows, by)


def score_words(
    ann: Annotations,
    hits: pd.DataFrame,
    *,
    by: str | None = None,
    unit: WordUnit = "type",
) -> pd.DataFrame:
    """Word level: precision, recall, F1 and κ of the words hits fall on against the marked
    words, overall and per value of ``by``. ``unit="type"`` counts each distinct word once per
    sentence; ``"token"`` counts every occurrence. κ takes every word of the sentences as an
    item (marked or not, hit or not)."""
    check_choice("unit", unit, WORD_UNITS)
    if not ann.has_words:
        raise ParameterError(f"{ann.source}: the annotations have no marked words or spans")
    _check_by(ann, by)
    words = word_table(ann, hits)
    if unit == "type":
        words = (
            words.groupby(["doc_id", "sent_id", "lower"], sort=False)
            .agg(gold=("gold", "any"), pred=("pred", "any"), unloc=("token_id", "max"))
            .reset_index()
        )
        words["unloc"] = words["unloc"] < 0
    else:
        words["unloc"] = words["token_id"] < 0
    keys = list(zip(words["doc_id"], words["sent_id"].astype(int), strict=True))
    g = words["gold"].to_numpy(dtype=bool)
    p = words["pred"].to_numpy(dtype=bool)
    unloc = words["unloc"].to_numpy(dtype=bool)
    rows = []
    for name, members in _grouped(ann, by):
        m = np.fromiter((k in members for k in keys), dtype=bool, count=len(keys))
        gm, pm = g[m], p[m]
        rows.append(
            {
                "_group": name,
                **_row(
                    "word",
                    len(members),
                    int((gm & pm).sum()),
                    int((~gm & pm).sum()),
                    int((gm & ~pm).sum()),
                    int((~gm & ~pm).sum()),
                    int(unloc[m].sum()),
                ),
            }
        )
    return _finish(rows, by)


def score_spans(
    ann: Annotations,
    hits: pd.DataFrame,
    *,
    by: str | None = None,
    match: SpanMatch = "overlap",
) -> pd.DataFrame:
    """Span level: a hit is correct when it overlaps a marked span (``match="overlap"``) or
    has exactly its offsets (``"exact"``); a marked span is found when a hit overlaps (or
    equals) it. ``tp`` counts found marked spans, ``fp`` incorrect hits, ``fn`` marked spans
    not found (those not located in their sentence included); precision = 1 − fp / n_pred."""
    check_choice("match", match, SPAN_MATCHES)
    if not ann.has_words:
        raise ParameterError(f"{ann.source}: the annotations have no marked words or spans")
    _check_by(ann, by)
    by_sent = _hits_by_sentence(ann, hits)
    gold_by: dict[tuple[object, int], list[tuple[int, int]]] = {}
    unloc_by: dict[tuple[object, int], int] = {}
    for d, s, a, b, ok in zip(
        ann.gold["doc_id"],
        ann.gold["sent_id"],
        ann.gold["start"],
        ann.gold["end"],
        ann.gold["located"],
        strict=True,
    ):
        if ok:
            gold_by.setdefault((d, int(s)), []).append((int(a), int(b)))
        else:
            unloc_by[(d, int(s))] = unloc_by.get((d, int(s)), 0) + 1

    def hit(x: tuple[int, int], y: tuple[int, int]) -> bool:
        return x == y if match == "exact" else (x[0] < y[1] and y[0] < x[1])

    per_sent: dict[tuple[object, int], tuple[int, int, int, int, int]] = {}
    for key in set(gold_by) | set(by_sent) | set(unloc_by):
        g = gold_by.get(key, [])
        h = [(a, b) for a, b, _, _ in by_sent.get(key, [])]
        found = sum(1 for x in g if any(hit(y, x) for y in h))
        right = sum(1 for y in h if any(hit(y, x) for x in g))
        u = unloc_by.get(key, 0)
        per_sent[key] = (found, len(h) - right, len(g) - found + u, u, right)
    rows = []
    for name, members in _grouped(ann, by):
        tot = np.zeros(5, dtype=int)
        for key in members:
            if key in per_sent:
                tot += per_sent[key]
        tp, fp, fn, u, right = (int(x) for x in tot)
        rows.append(
            {"_group": name, **_row("span", len(members), tp, fp, fn, None, u, tp_pred=right)}
        )
    return _finish(rows, by)


def evaluate(
    ann: Annotations,
    hits: pd.DataFrame,
    *,
    by: str | None = None,
    levels: Sequence[Level] = LEVELS,  # type: ignore[assignment]
    unit: WordUnit = "type",
    match: SpanMatch = "overlap",
    min_hits: int = 1,
) -> pd.DataFrame:
    """All scores in one table: one row per level (``sentence``, ``word``, ``span``) and group
    (``(all)`` and each value of ``by``). Levels the annotations cannot support (no labels,
    no marked words) are left out. Columns: ``level, [by], n_sentences, n_gold, n_pred, tp,
    fp, fn, tn, n_unlocated, precision, recall, f1, kappa``.

    How to read it: precision says how far a hit can be trusted, recall how much of what the
    annotators saw the detector catches; κ near 0 means no better than chance. Look at
    ``n_gold``: a figure on a handful of items is noise.
    """
    for level in levels:
        check_choice("levels", level, LEVELS)
    check_choice("unit", unit, WORD_UNITS)
    check_choice("match", match, SPAN_MATCHES)
    parts = []
    if "sentence" in levels and ann.has_labels:
        parts.append(score_sentences(ann, hits, by=by, min_hits=min_hits))
    if "word" in levels and ann.has_words:
        parts.append(score_words(ann, hits, by=by, unit=unit))
    if "span" in levels and ann.has_words:
        parts.append(score_spans(ann, hits, by=by, match=match))
    if not parts:
        return pd.DataFrame(columns=([by] if by else []) + SCORE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)
    if by:
        out = out[["level", by] + [c for c in SCORE_COLUMNS if c != "level"]]
    return out


# --------------------------------------------------------------------------------------------
# calibration aids


def entry_scores(ann: Annotations, hits: pd.DataFrame) -> pd.DataFrame:
    """How each lexicon entry fares against the annotations: one row per ``term`` that fired.

    Columns: ``term, category, n_hits, n_on_marked`` (hits overlapping a marked word or span),
    ``word_precision`` (their share), ``n_labelled`` (hits in labelled sentences),
    ``n_in_positive`` (in sentences labelled positive) and ``sentence_precision``. An entry
    with many hits and low precision on both counts mostly fires on text the annotators found
    neutral: the first candidate to drop or narrow. Compute it on tuning data only.
    """
    _check_hits(hits)
    if "term" not in hits.columns:
        raise ParameterError("entry_scores needs a hits table with a 'term' column")
    by_sent = _hits_by_sentence(ann, hits)
    gold_by: dict[tuple[object, int], list[tuple[int, int]]] = {}
    for d, s, a, b, ok in zip(
        ann.gold["doc_id"], ann.gold["sent_id"], ann.gold["start"], ann.gold["end"],
        ann.gold["located"], strict=True,
    ):
        if ok:
            gold_by.setdefault((d, int(s)), []).append((int(a), int(b)))
    labels = dict(
        zip(zip(ann.sentences["doc_id"], ann.sentences["sent_id"].astype(int), strict=True),
            ann.sentences["label"], strict=True)
    )
    rows = []
    for key, found in by_sent.items():
        g = gold_by.get(key, [])
        lab = labels.get(key, pd.NA)
        for a, b, term, cat in found:
            on = any(a < ge and gs < b for gs, ge in g)
            rows.append((term, cat, on, not pd.isna(lab), bool(lab) if not pd.isna(lab) else False))
    cols = ["term", "category", "on_marked", "labelled", "positive"]
    per_hit = pd.DataFrame(rows, columns=cols)
    if per_hit.empty:
        return pd.DataFrame(columns=["term", "category", "n_hits", "n_on_marked",
                                     "word_precision", "n_labelled", "n_in_positive",
                                     "sentence_precision"])
    out = per_hit.groupby(["term", "category"], sort=False).agg(
        n_hits=("on_marked", "size"),
        n_on_marked=("on_marked", "sum"),
        n_labelled=("labelled", "sum"),
        n_in_positive=("positive", "sum"),
    ).reset_index()
    out["word_precision"] = out["n_on_marked"] / out["n_hits"]
    out["sentence_precision"] = out["n_in_positive"] / out["n_labelled"].where(
        out["n_labelled"] > 0
    )
    out = out[["term", "category", "n_hits", "n_on_marked", "word_precision", "n_labelled",
               "n_in_positive", "sentence_precision"]]
    return out.sort_values(["n_hits", "term"], ascending=[False, True]).reset_index(drop=True)


def missed_words(ann: Annotations, hits: pd.DataFrame) -> pd.DataFrame:
    """Marked words the detector did not hit, most frequent first: ``word`` (lower-cased) and
    ``n_sentences`` (sentences in which it was marked and missed). Gaps to consider filling
    with *general* terms; compute it on tuning data only."""
    words = word_table(ann, hits)
    miss = words[words["gold"] & ~words["pred"]]
    out = (
        miss.drop_duplicates(["doc_id", "sent_id", "lower"])
        .groupby("lower").size().rename("n_sentences").reset_index()
        .rename(columns={"lower": "word"})
    )
    return out.sort_values(["n_sentences", "word"], ascending=[False, True]).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# disagreements


def _cut(left: str, right: str, width: int) -> tuple[str, str]:
    if len(left) > width:
        left = "…" + left[-width:]
    if len(right) > width:
        right = right[:width] + "…"
    return left, right


def disagreements(
    ann: Annotations,
    hits: pd.DataFrame,
    *,
    level: DisagreementLevel = "word",
    width: int = 50,
    min_hits: int = 1,
    columns: Sequence[str] = ("outlet",),
) -> pd.DataFrame:
    """Where the detector and the annotators disagree, as a concordance.

    ``level="word"``: one row per word token that was hit but not marked (``kind`` "false
    positive", with the ``term`` and ``category`` that fired) or marked but not hit ("miss";
    marked words not found in the sentence have ``kind`` "miss (not in text)"). ``left`` and
    ``right`` are the rest of the sentence, cut to ``width`` characters.
    ``level="sentence"``: one row per flagged sentence labelled negative ("false positive",
    ``word`` = the matched text of its hits) or positive sentence not flagged ("miss",
    ``word`` = its marked words); ``left`` is the sentence, ``right`` empty.
    ``columns`` are annotation columns to add (default ``outlet``).
    """
    check_choice("level", level, DISAGREEMENT_LEVELS)
    if not isinstance(width, int) or width < 1:
        raise ParameterError(f"width={width!r}: use a positive number of characters")
    extra = [c for c in columns if c in ann.sentences.columns]
    info = ann.sentences.set_index(["doc_id", "sent_id"])
    rows = []
    if level == "word":
        words = word_table(ann, hits)
        bad = words[words["gold"] != words["pred"]]
        for w in bad.itertuples(index=False):
            text = info.loc[(w.doc_id, w.sent_id), "text"]
            if w.token_id < 0:
                left, right = _cut(text, "", width)
                kind = "miss (not in text)"
            else:
                left, right = _cut(text[: w.start], text[w.end :], width)
                kind = "false positive" if w.pred else "miss"
            rows.append(
                (
                    w.doc_id,
                    w.sent_id,
                    left,
                    w.token,
                    right,
                    bool(w.gold),
                    bool(w.pred),
                    kind,
                    w.term,
                    w.category,
                )
            )
    else:
        if not ann.has_labels:
            raise ParameterError(f"{ann.source}: the annotations have no sentence labels")
        pred = sentence_predictions(ann, hits, min_hits=min_hits).to_numpy()
        gold = ann.sentences["label"]
        by_sent = _hits_by_sentence(ann, hits) if {"start", "end"} <= set(hits.columns) else {}
        marked = ann.gold.groupby(["doc_id", "sent_id"])["word"].agg(lambda s: "; ".join(s))
        for i, s in enumerate(ann.sentences.itertuples(index=False)):
            if pd.isna(gold.iloc[i]) or bool(gold.iloc[i]) == bool(pred[i]):
                continue
            key = (s.doc_id, int(s.sent_id))
            fired = by_sent.get(key, [])
            if pred[i]:
                word = "; ".join(s.text[a:b] for a, b, _, _ in fired)
                terms = "; ".join(t for _, _, t, _ in fired)
                cats = "; ".join(sorted({c for _, _, _, c in fired}))
                kind = "false positive"
            else:
                word = marked.get(key, "")
                terms = cats = ""
                kind = "miss"
            rows.append(
                (
                    s.doc_id,
                    s.sent_id,
                    s.text,
                    word,
                    "",
                    bool(gold.iloc[i]),
                    bool(pred[i]),
                    kind,
                    terms,
                    cats,
                )
            )
    out = pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)
    if extra:
        keys = list(zip(out["doc_id"], out["sent_id"], strict=True))
        add = info.loc[keys, extra] if keys else pd.DataFrame(columns=extra)
        for j, col in enumerate(extra):
            out.insert(5 + j, col, add[col].to_numpy())
    return out


def validity_figures(
    *,
    detector: Literal["loaded_language", "attribution", "stance"] = "loaded_language",
    groups: Literal["all", "outlets", "corpora"] = "all",
) -> pd.DataFrame:
    """A detector's measured agreement with human annotation, as shipped (figures only).

    ``detector="loaded_language"``: the loaded-language lexicon against BABE's experts,
    measured by ``bench/validate_babe.py`` (``analysis/data/validity/loaded_language_babe.csv``:
    ``set, group, level, n, n_gold, n_pred, precision, recall, f1, kappa`` and the lexicon's
    version); ``groups="all"`` keeps the overall rows, ``"outlets"`` the per-outlet rows.

    ``detector="attribution"``: attribution (reporting clauses, source type, verb stance) and
    quote detection (kind, speaker) against framescope's hand annotation of the seeds, of hard
    cases and of six held-out sets, measured by ``bench/eval_attribution.py``
    (``analysis/data/validity/attribution_gold.csv``: ``corpus, metric, value, n_correct, n,
    note``); ``groups="all"`` keeps the rows over all of them, ``"corpora"`` the rows per
    corpus. The rules were written while reading the seeds and hard cases and corrected after
    the first blind run on each held-out set (before the corrections: F1 0.815, speaker 0.568 on
    ``heldout2``; F1 0.873, speaker 0.673 on ``heldout3``; F1 0.850, speaker 0.548 on
    ``heldout4``; F1 0.888, speaker 0.714 on ``heldout5``): read the corrected ones as
    development figures. ``heldout6`` has not been used for tuning (F1 0.884, speaker 0.767):
    the best estimate for new text of that made-up kind. ``babe_tune`` and ``babe_test`` are
    750 real US news sentences from BABE, annotated blind (first runs, 150 items each: F1
    0.765, 0.692, 0.688, 0.656 and, in session 10, 0.754; ``tests/data/attribution_gold.md``);
    ``babe_test`` is kept out of tuning (F1 0.743, speaker 0.452), the estimate for real news.
    ``all`` is framescope's own sets, without BABE. The ``content_*`` rows score the matched
    attributions' contents in words (``babe_test`` content word F1 0.816); ``coders_all`` and
    ``coders_babe_sample`` are two blind codings of 75 contents against each other (59 rows of
    framescope's sets, word F1 0.998; 16 BABE rows, 0.995: two AI coders from one guideline,
    an upper bound, not human agreement).

    ``detector="stance"``: the stance measures (VADER, TextBlob, the loaded-term load; on the
    whole sentence and on the actor's clauses) against hand-labelled actor tone, 200 sentence ×
    actor rows of 91 made-up sentences, measured by ``bench/eval_stance.py``
    (``analysis/data/validity/stance_gold.csv``: ``gold, reading, context, metric, value,
    n_correct, n, note``; ``groups="all"`` only). ``gold`` is ``first`` (the first labelling),
    ``consensus`` (the 190 rows both labellings agree on) or ``labellers`` (their agreement,
    Cohen's κ 0.92). An AI helper wrote and labelled the sentences before the measures ran on
    them, a second labelled them blind: read the figures as a rough check, not expert
    agreement.
    """
    check_choice("detector", detector, ("loaded_language", "attribution", "stance"))
    check_choice("groups", groups, ("all", "outlets", "corpora"))
    column, per = {
        "loaded_language": ("group", "outlets"),
        "attribution": ("corpus", "corpora"),
        "stance": (None, None),
    }[detector]
    if groups not in ("all", per):
        allowed = "'all'" if per is None else f"'all' or {per!r}"
        raise ParameterError(
            f"groups={groups!r} does not apply to detector={detector!r}: use {allowed}"
        )
    name = {"loaded_language": "loaded_language_babe.csv", "attribution": "attribution_gold.csv",
            "stance": "stance_gold.csv"}
    res = resources.files("analysis") / "data" / "validity" / name[detector]
    with res.open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, keep_default_na=False, na_values=[""])
    if column is None:
        return table
    keep = table[column] == "all"
    return table[keep if groups == "all" else ~keep].reset_index(drop=True)
