"""Keyword in context: the concordance behind every number.

:func:`kwic` returns one row per occurrence with its left context, the match, its right
context, and where it is (``doc_id, outlet, sent_id, start, end``). It takes any span table
(lexicon hits, actor mentions, attributions), filtered by entry, category or actor, or searches
the sentences for a regular expression. Context is the rest of the match's sentence, cut to
``width`` characters on each side.
"""

from __future__ import annotations

import re

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
    width: int = 60,
    ignore_case: bool = True,
) -> pd.DataFrame:
    """A concordance of ``spans`` (a hits or mentions table) or of a regex ``pattern``.

    Filters: ``term`` (a lexicon entry), ``category``, ``actor`` (mentions, or loaded-language
    targets), ``outlet``. Exactly one of ``spans`` and ``pattern`` is needed.
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
        col = "actor" if "actor" in sel.columns else "target"
        sel = sel[sel[col] == actor]
    if outlet is not None:
        sel = sel[sel["outlet"] == outlet]
    texts = sentences.set_index(["doc_id", "sent_id"])[["start", "text"]]
    rows = []
    for h in sel.itertuples(index=False):
        s_start, s_text = texts.loc[(h.doc_id, h.sent_id)]
        a, b = h.start - s_start, h.end - s_start
        left = s_text[:a]
        right = s_text[b:]
        if len(left) > width:
            left = "…" + left[-width:]
        if len(right) > width:
            right = right[:width] + "…"
        rows.append((h.doc_id, h.outlet, h.sent_id, left, s_text[a:b], right, h.start, h.end))
    out = pd.DataFrame(rows, columns=KWIC_COLUMNS)
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
