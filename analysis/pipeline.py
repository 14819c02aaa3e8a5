"""The spine in one call: corpus → cleaning → sentence table.

``prepare_corpus`` runs loading, filtering, cleaning and segmentation and returns every table a
report needs to start from. Each step is also available on its own (``analysis.corpus``,
``analysis.clean``, ``analysis.segment``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.clean import clean_corpus, flag_glued_words, load_cleaning_rules
from analysis.corpus import filter_corpus, fingerprint_corpus, load_corpus
from analysis.segment import segment_corpus


@dataclass
class PreparedCorpus:
    """The tables of a prepared corpus.

    ``documents``: cleaned documents (``text`` is the cleaned text the offsets refer to);
    ``removals``: what cleaning removed; ``sentences``: the sentence table; ``glued_words``:
    possible glued words (never corrected); ``fingerprint``: sha256 of the *raw* ids and texts,
    as loaded; ``rules_version``: the version of the cleaning rules used.
    """

    documents: pd.DataFrame
    removals: pd.DataFrame
    sentences: pd.DataFrame
    glued_words: pd.DataFrame
    fingerprint: str
    rules_version: str
    load_options: dict[str, Any] = field(default_factory=dict)


def prepare_corpus(
    path: str | Path,
    *,
    outlets: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    cleaning_rules: str | Path | None = None,
    **load_options: Any,
) -> PreparedCorpus:
    """Load, filter, clean and segment a corpus (see :func:`analysis.corpus.load_corpus` for
    ``load_options``: ``manifest``, ``format``, ``text_column``, ``id_column`` …)."""
    raw = load_corpus(path, **load_options)
    raw = filter_corpus(raw, outlets=outlets, start=start, end=end)
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
        load_options={k: (str(v) if isinstance(v, Path) else v) for k, v in load_options.items()},
    )
