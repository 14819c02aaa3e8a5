"""Descriptive statistics of a corpus: size per document and per outlet, lexical diversity,
and what cleaning removed.

Type-token ratio (TTR) falls as texts get longer, so comparing outlets by raw TTR mostly
compares text lengths. ``sttr`` (standardised TTR: the mean TTR of consecutive 100-token
segments, Scott 1996's WordSmith measure) is comparable across lengths; it is empty when a text
has fewer than 100 tokens.
"""

from __future__ import annotations

import pandas as pd

from analysis.segment import TOKEN_RE

STTR_SEGMENT = 100


def _types_and_sttr(tokens: list[str]) -> tuple[int, float]:
    n_types = len(set(tokens))
    segments = [tokens[i : i + STTR_SEGMENT] for i in range(0, len(tokens), STTR_SEGMENT)]
    full = [s for s in segments if len(s) == STTR_SEGMENT]
    sttr = sum(len(set(s)) / STTR_SEGMENT for s in full) / len(full) if full else float("nan")
    return n_types, sttr


def _lower_tokens(texts: pd.Series) -> list[str]:
    return [m.group().lower() for t in texts for m in TOKEN_RE.finditer(t)]


def describe_documents(
    documents: pd.DataFrame, sentences: pd.DataFrame, removals: pd.DataFrame
) -> pd.DataFrame:
    """One row per document: size, lexical diversity and what cleaning removed."""
    rows = []
    by_doc = dict(tuple(sentences.groupby("doc_id", sort=False)))
    removed = removals.groupby("doc_id")
    removed_chars = removed["n_chars"].sum()
    removed_spans = removed.size()
    removed_rules = removed["rule"].agg(lambda r: ", ".join(sorted(set(r))))
    for doc in documents.itertuples(index=False):
        sents = by_doc.get(doc.doc_id, sentences.iloc[0:0])
        tokens = _lower_tokens(sents["text"])
        n_types, sttr = _types_and_sttr(tokens)
        rows.append(
            {
                "doc_id": doc.doc_id,
                "outlet": doc.outlet,
                "date": doc.date,
                "title": doc.title,
                "n_sentences": len(sents),
                "n_tokens": len(tokens),
                "n_types": n_types,
                "ttr": round(n_types / len(tokens), 4) if tokens else float("nan"),
                "sttr": round(sttr, 4),
                "n_chars_raw": int(doc.n_chars_raw),
                "n_chars_clean": int(doc.n_chars_clean),
                "removed_spans": int(removed_spans.get(doc.doc_id, 0)),
                "removed_chars": int(removed_chars.get(doc.doc_id, 0)),
                "removal_rules": removed_rules.get(doc.doc_id, ""),
            }
        )
    return pd.DataFrame(rows)


def describe_outlets(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """One row per outlet: documents, sentences, words, types, TTR and STTR, date range."""
    rows = []
    for outlet, docs in documents.groupby("outlet", sort=True):
        sents = sentences[sentences["outlet"] == outlet]
        tokens = _lower_tokens(sents["text"])
        n_types, sttr = _types_and_sttr(tokens)
        rows.append(
            {
                "outlet": outlet,
                "n_documents": len(docs),
                "n_sentences": len(sents),
                "n_tokens": len(tokens),
                "n_types": n_types,
                "ttr": round(n_types / len(tokens), 4) if tokens else float("nan"),
                "sttr": round(sttr, 4),
                "tokens_per_document": round(len(tokens) / len(docs), 1),
                "first_date": docs["date"].min(),
                "last_date": docs["date"].max(),
            }
        )
    return pd.DataFrame(rows)
