"""Keyword in context: the concordance behind every number.

:func:`kwic` returns one row per occurrence with its left context, the match, its right
context, and where it is (``doc_id, outlet, sent_id, start, end``). It takes any span table
(lexicon hits, actor mentions, attributions), filtered by entry, category or actor, or searches
the sentences for a regular expression. Context is the rest of the match's sentence, cut to
``width`` characters on each side.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.errors import ParameterError

KWIC_COLUMNS = ["doc_id", "outlet", "sent_id", "left", "match", "right", "start", "end"]


def kwic(
    sentences: pd.DataFrame,
    spans: pd.DataFrame | None = None,
    *,
    pattern: str | None = None,
    term: str | None = None,
    category: str | None = None,
    actor: str | None = None,
    outlet: str | None = None,
    where: dict[str, object] | None = None,
    width: int = 60,
    ignore_case: bool = True,
) -> pd.DataFrame:
    """A concordance of ``spans`` (a hits or mentions table) or of a regex ``pattern``.

    Filters: ``term`` (a lexicon entry), ``category``, ``actor`` (mentions, loaded-language
    targets, or quote and attribution speakers), ``outlet``, and ``where`` (any columns of
    ``spans``: ``where={"source_type": "anonymous"}``). Exactly one of ``spans`` and ``pattern``
    is needed. A span that runs over several sentences (a long quote) is shown whole, with the
    context of its first and last sentences.
    """
    if (spans is None) == (pattern is None):
        raise ParameterError("kwic needs exactly one of spans=... (a hits table) or pattern='...'")
    if not isinstance(width, int) or width < 1:
        raise ParameterError(f"width={width!r}: use a positive number of characters")
    if pattern is not None:
        try:
            rx = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
        except re.error as exc:
            raise ParameterError(
                f"pattern={pattern!r} is not a valid regular expression ({exc})"
            ) from exc
        rows = []
        for s in sentences.itertuples(index=False):
            for m in rx.finditer(s.text):
                if m.end() > m.start():
                    rows.append(
                        (s.doc_id, s.outlet, s.sent_id, s.start + m.start(), s.start + m.end())
                    )
        spans = pd.DataFrame(rows, columns=["doc_id", "outlet", "sent_id", "start", "end"])
    assert spans is not None
    sel = spans
    if term is not None:
        sel = sel[sel["term"] == term]
    if category is not None:
        sel = sel[sel["category"] == category]
    if actor is not None:
        col = next((c for c in ("actor", "target", "speaker_actor") if c in sel.columns), None)
        if col is None:
            raise ParameterError(
                "actor=... needs a table with an actor, target or speaker_actor column"
            )
        sel = sel[sel[col] == actor]
    for col, value in (where or {}).items():
        if col not in sel.columns:
            raise ParameterError(
                f"where: no column {col!r}; the table has: {', '.join(map(str, sel.columns))}"
            )
        sel = sel[sel[col] == value]
    if outlet is not None:
        sel = sel[sel["outlet"] == outlet]
    bounds = {
        doc: (grp["start"].to_numpy(), grp["text"].tolist())
        for doc, grp in sentences.sort_values(["doc_id", "start"]).groupby("doc_id", sort=False)
    }
    rows = []
    for h in sel.itertuples(index=False):
        starts, texts = bounds[h.doc_id]
        first = int(np.searchsorted(starts, h.start, side="right")) - 1
        last = int(np.searchsorted(starts, h.end - 1, side="right")) - 1
        left = texts[first][: h.start - starts[first]]
        right = texts[last][h.end - starts[last] :]
        if first == last:
            match = texts[first][h.start - starts[first] : h.end - starts[first]]
        else:  # a span over several sentences: rebuild it from the sentences it covers
            pieces = [texts[first][h.start - starts[first] :]]
            pieces += texts[first + 1 : last]
            pieces.append(texts[last][: h.end - starts[last]])
            match = " ".join(pieces)
        if len(left) > width:
            left = "…" + left[-width:]
        if len(right) > width:
            right = right[:width] + "…"
        rows.append((h.doc_id, h.outlet, h.sent_id, left, match, right, h.start, h.end))
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
