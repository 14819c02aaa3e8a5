"""The spine in one call: corpus → cleaning → sentence table.

``prepare_corpus`` runs loading, filtering, cleaning and segmentation and returns every table a
report needs to start from. Each step is also available on its own (``analysis.corpus``,
``analysis.clean``, ``analysis.segment``). Filters that keep no document are an error that says
what the corpus has (:func:`load_filtered`), never an empty analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.clean import clean_corpus, flag_glued_words, load_cleaning_rules
from analysis.corpus import filter_corpus, fingerprint_corpus, load_corpus
from analysis.errors import CorpusError
from analysis.segment import segment_corpus


@dataclass
class PreparedCorpus:
    """The tables of a prepared corpus.

    ``documents``: cleaned documents (``text`` is the cleaned text the offsets refer to);
    ``removals``: what cleaning removed; ``sentences``: the sentence table; ``glued_words``:
    possible glued words (never corrected); ``fingerprint``: sha256 of the ids, outlets, dates
    and *raw* texts, as loaded; ``rules_version`` and ``rules_sha256``: the version and hash of
    the cleaning rules used.
    """

    documents: pd.DataFrame
    removals: pd.DataFrame
    sentences: pd.DataFrame
    glued_words: pd.DataFrame
    fingerprint: str
    rules_version: str
    load_options: dict[str, Any] = field(default_factory=dict)
    rules_sha256: str = ""


def load_filtered(
    path: str | Path,
    *,
    outlets: str | list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    **load_options: Any,
) -> pd.DataFrame:
    """The raw documents of a corpus that the filters keep (:func:`~analysis.corpus.load_corpus`
    then :func:`~analysis.corpus.filter_corpus`); filters that keep no document are a
    :class:`~analysis.errors.CorpusError` saying what the corpus has, so that no analysis runs
    on nothing."""
    if isinstance(outlets, str):
        outlets = [outlets]  # one outlet, not its letters
    raw = load_corpus(path, **load_options)
    kept = filter_corpus(raw, outlets=outlets, start=start, end=end)
    if len(kept) == 0:
        selected = raw if outlets is None else raw[raw["outlet"].isin(list(outlets))]
        dates = pd.to_datetime(selected["date"], errors="coerce").dropna()
        raise no_documents_error(
            outlets=outlets,
            start=start,
            end=end,
            n_documents=len(selected),
            n_dated=len(dates),
            first=dates.min() if len(dates) else None,
            last=dates.max() if len(dates) else None,
        )
    return kept


def no_documents_error(
    *,
    outlets: Sequence[str] | None,
    start: object,
    end: object,
    n_documents: int,
    n_dated: int = 0,
    first: pd.Timestamp | None = None,
    last: pd.Timestamp | None = None,
) -> CorpusError:
    """The error for filters that keep no document: the filters, and what the corpus (or the
    chosen outlets) has: ``n_documents`` documents, ``n_dated`` of them dated ``first`` to
    ``last``."""
    filters = []
    if outlets is not None:
        filters.append(f"outlets {', '.join(map(repr, outlets)) or 'none'}")
    if start is not None:
        filters.append(f"from {start}")
    if end is not None:
        filters.append(f"to {end}")
    if outlets is None:
        who = "the corpus has"
    elif len(outlets) == 1:
        who = f"{outlets[0]!r} has"
    else:
        who = "these outlets have"
    if n_documents == 0:
        found = "the outlet list is empty"
    else:
        found = f"{who} {n_documents} document{'s' if n_documents != 1 else ''}"
        if not n_dated or first is None or last is None:
            found += ", none with a date"
        else:
            first_day, last_day = first.date(), last.date()
            found += (
                f", dated {first_day}" if first_day == last_day
                else f", dated {first_day} to {last_day}"
            )
            if n_dated < n_documents:
                found += f" ({n_documents - n_dated} without a date)"
    return CorpusError(
        f"no documents match the filters ({'; '.join(filters)}): {found}; widen or drop the "
        "filters"
    )


def prepare_corpus(
    path: str | Path,
    *,
    outlets: str | list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    cleaning_rules: str | Path | None = None,
    **load_options: Any,
) -> PreparedCorpus:
    """Load, filter, clean and segment a corpus (see :func:`analysis.corpus.load_corpus` for
    ``load_options``: ``manifest``, ``format``, ``text_column``, ``id_column`` …)."""
    raw = load_filtered(path, outlets=outlets, start=start, end=end, **load_options)
    fingerprint = fingerprint_corpus(raw)
    rules = load_cleaning_rules(cleaning_rules)
    docs, removals = clean_corpus(raw, rules=rules)
    sentences = segment_corpus(docs)
    return PreparedCorpus(
        documents=docs,
        removals=removals,
        sentences=sentences,
        glued_words=flag_glued_words(docs),
        fingerprint=fingerprint,
        rules_version=rules.version,
        rules_sha256=rules.sha256,
        load_options={k: (str(v) if isinstance(v, Path) else v) for k, v in load_options.items()},
    )
