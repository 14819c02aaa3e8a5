"""Loaded language: how often each outlet uses pejorative, emotive, deceptive, delegitimising
and euphemistic terms, and which actors those terms land on.

Reading the numbers: a **rate** is hits per 1,000 word tokens, so outlets with long and short
texts compare fairly. Its 95% interval comes from a seeded bootstrap over *documents* (the unit
an outlet publishes); with fewer than ``min_docs`` documents for an outlet no interval is given
and ``interval_note`` says so, because an interval from one or two articles means nothing.
A rate counts words, not meanings: every number links to its sentences (:func:`analysis.kwic`),
and a scholar should read them before drawing conclusions.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Literal

import pandas as pd

from analysis.actors import rows_with_keys, sentence_texts, take_lists
from analysis.errors import ParameterError, check_choice
from analysis.lexicons import Lexicon, load_lexicon, match_lexicon
from analysis.segment import clause_spans
from analysis.stats import bootstrap_ratio, check_bootstrap, rng_for

RATE_COLUMNS = [
    "category",
    "n_hits",
    "n_tokens",
    "n_docs",
    "rate_per_1k",
    "ci_low",
    "ci_high",
    "interval_note",
]
TARGET_COLUMNS = ["target", "target_group", "relation", "distance"]


def find_loaded(sentences: pd.DataFrame, lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Loaded-language hits in the sentence table (shipped ``loaded_language`` lexicon by
    default). Columns as :func:`analysis.lexicons.match_lexicon`."""
    return match_lexicon(sentences, lexicon or load_lexicon("loaded_language"))


def loaded_rates(
    hits: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
    per_category: bool = True,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    min_docs: int = 5,
) -> pd.DataFrame:
    """Hits per 1,000 tokens per outlet (or per document), overall (``category == "all"``) and
    per category, with a seeded bootstrap interval over documents.

    Columns: ``<by>, category, n_hits, n_tokens, n_docs, rate_per_1k, ci_low, ci_high,
    interval_note``. Per document, and for outlets with fewer than ``min_docs`` documents, the
    interval is empty and ``interval_note`` says why.
    """
    check_choice("by", by, ("outlet", "doc_id"))
    doc_tokens = sentences.groupby(["outlet", "doc_id"], sort=True)["n_tokens"].sum()
    hit_counts = hits.groupby(["doc_id", "category"]).size()
    return compute_loaded_rates(
        doc_tokens.rename("n_tokens").reset_index(),
        hit_counts.rename("n_hits").reset_index(),
        by=by,
        per_category=per_category,
        n_boot=n_boot,
        seed=seed,
        level=level,
        min_docs=min_docs,
    )


def compute_loaded_rates(
    doc_tokens: pd.DataFrame,
    hit_counts: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
    per_category: bool = True,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    min_docs: int = 5,
    intervals: bool = True,
) -> pd.DataFrame:
    """:func:`loaded_rates` from counts instead of the hits and sentence tables: the same
    table, number for number.

    ``doc_tokens`` has ``outlet, doc_id, n_tokens`` (tokens per document, or per sentence:
    they are summed), ``hit_counts`` has ``doc_id, category, n_hits`` (hits per document and
    category, summed likewise). Both are small (a row per document), so rates over a corpus
    larger than memory are computed from counts gathered chunk by chunk
    (:func:`analysis.scale.aggregate_streamed`). The bootstrap needs ``n_boot`` × (documents of
    the largest outlet) numbers in memory at once; ``intervals=False`` leaves the intervals
    out (``interval_note`` says so).
    """
    check_choice("by", by, ("outlet", "doc_id"))
    check_bootstrap(n_boot, seed, level)
    if not isinstance(min_docs, int) or min_docs < 2:
        raise ParameterError(f"min_docs={min_docs!r}: use an integer of at least 2")
    tokens_per_doc = doc_tokens.groupby(["outlet", "doc_id"], sort=True)["n_tokens"].sum()
    categories = ["all"] + (sorted(hit_counts["category"].unique()) if per_category else [])
    counts = hit_counts.groupby(["doc_id", "category"])["n_hits"].sum()
    per_doc_all = counts.groupby(level="doc_id").sum()
    # documents × categories (0 where a document has no hit of a category)
    by_category = counts.unstack(fill_value=0) if len(categories) > 1 else None
    rows = []
    groups = tokens_per_doc.groupby(level=by, sort=True)
    for key, tokens in groups:
        doc_ids = tokens.index.get_level_values("doc_id")
        den = tokens.to_numpy(dtype=float)
        table = by_category.reindex(doc_ids, fill_value=0) if by_category is not None else None
        for cat in categories:
            if cat == "all":
                num = per_doc_all.reindex(doc_ids, fill_value=0).to_numpy(dtype=float)
            else:
                num = table[cat].to_numpy(dtype=float)
            n_docs = len(doc_ids)
            rate = 1000 * num.sum() / den.sum() if den.sum() else float("nan")
            lo = hi = float("nan")
            if by == "doc_id":
                note = "one document: no interval"
            elif n_docs < min_docs:
                plural = "s" if n_docs != 1 else ""
                note = f"only {n_docs} document{plural} (< {min_docs}): no interval"
            elif not intervals:
                note = "no interval (intervals=False)"
            else:
                lo, hi = bootstrap_ratio(
                    num,
                    den,
                    n_boot=n_boot,
                    rng=rng_for(seed, str(key), cat),
                    level=level,
                    scale=1000,
                )
                note = f"{int(level * 100)}% bootstrap over {n_docs} documents"
            rows.append(
                {
                    by: key,
                    "category": cat,
                    "n_hits": int(num.sum()),
                    "n_tokens": int(den.sum()),
                    "n_docs": n_docs,
                    "rate_per_1k": round(rate, 4),
                    "ci_low": round(lo, 4),
                    "ci_high": round(hi, 4),
                    "interval_note": note,
                }
            )
    return pd.DataFrame(rows, columns=[by, *RATE_COLUMNS])


_BARRIER = re.compile(r"[;:()\[\]—–]|\s-\s")
# _BARRIER's two branches apart: a search for a class alone skips through the text quickly
_BARRIER_CHAR = re.compile(r"[;:()\[\]—–]")
_SPACED_DASH = re.compile(r"\s-\s")
_WORD = re.compile(r"[^\W_][\w’'.-]*")


# a possessive pronoun before the term's noun phrase ("his maximalist war aims", "his public
# spat"): the term is its owner's, the nearest actor before it in the clause
_POSSESSIVE_BEFORE = re.compile(r"\b(his|her|its|their)\s+(?:[a-z][\w’'-]*\s+){0,2}$")
# the kinds of actor each pronoun can stand for ("his" not for Kyiv, "its" not for Putin)
_OWNER_KINDS = {
    "his": frozenset({"person"}),
    "her": frozenset({"person", "state"}),
    "its": frozenset({"state", "institution", "alliance", "group"}),
    "their": frozenset({"state", "institution", "alliance", "group"}),
}
_POSSESSIVE_REACH = 15  # words back to the owner
# a term with ``lands_on = subject`` (a verb of deceit or a loaded action verb: "Putin
# hoodwinked Trump") lands on the actor who does it: the nearest actor before it in its
# clause, up to this many words back ("Putin may have hoodwinked"); in a passive ("Trump was
# hoodwinked by Putin") on the actor after "by", and on nobody when no agent is named
_SUBJECT_REACH = 8
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|gets|got|gotten|getting|(?:is|are|was|were)n[’']t)"
    r"\s+(?:(?:not|never|also|even|already|[a-z]+ly)\s+){0,2}$",
    re.IGNORECASE,
)
_IRREGULAR_PARTICIPLES = frozenset({"spun", "snuck", "slunk", "misled", "led"})
_BY_AGENT = re.compile(r"\s+by\s+(?:the\s+)?", re.IGNORECASE)  # (fullmatch of the gap)
# a state named as the place where something happens ("talks have begun in Saudi Arabia") is
# the setting, not an actor the term is about
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|inside|across|throughout)\s+(?:the\s+)?$", re.IGNORECASE
)


def loaded_targets(
    hits: pd.DataFrame,
    forms: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    window: int = 3,
) -> pd.DataFrame:
    """The actor each loaded term lands on.

    ``forms`` is :func:`analysis.actors.naming_forms` output. A hit inside an actor's name form
    ("tyrant Putin") lands on that actor (``relation = "same_phrase"``). After a possessive
    pronoun ("Putin presses forward with his maximalist war aims", "his public spat with
    Zelensky") it lands on the nearest actor before it that the pronoun can stand for, up to 15
    words back and not across a comma (``"possessive"``). Otherwise the nearest actor name form
    in the same sentence within ``window`` words lands it (``"window"``), with ties going to
    the right (a modifier usually precedes its head; and the hand-labelled actor tone puts
    "slammed", "branded", "mocked" on their object, though "snubbed" and "lectured" on their
    subject, which proximity cannot tell apart). Words are not counted across ``; : ( ) —``
    nor into another clause (:func:`analysis.segment.clause_spans`: "praised the brave
    troops, while Putin ordered …" does not land *brave* on Putin; "If these claims are true,
    Putin …" does not land *claims* on Putin). A state named as a place ("talks have begun in
    Saudi Arabia") is the setting, not a target. A term whose lexicon entry has ``lands_on =
    subject`` (verbs of deceit and loaded action verbs in ``loaded_language``: *hoodwinked*,
    *derailed*, *meddled*) lands on the actor who does it, not on the nearest one: the
    nearest actor before it in its clause, up to 8 words back ("Putin may have hoodwinked US
    leader President Trump" → Putin, ``"subject"``); the actor right after *by*, in a passive
    or after a noun ("Trump was not hoodwinked by Putin", "the meddling by Russia" →
    ``"agent"``); and nobody in a passive without an agent, or when no actor comes before it
    (the doer is not an actor of the registry). Hits with no actor
    in reach get an empty target. Adds ``target, target_group, relation, distance`` to the
    hits (``distance`` in words, -1 for none).
    """
    if not isinstance(window, int) or window < 0:
        raise ParameterError(f"window={window!r}: use a non-negative integer (words)")
    out = hits.copy()
    if len(out) == 0:
        for col in TARGET_COLUMNS:
            out[col] = pd.Series(dtype=object)
        return out
    hit_docs, hit_sents = hits["doc_id"].tolist(), hits["sent_id"].tolist()
    hit_keys = set(zip(hit_docs, hit_sents, strict=True))
    # Only the head mention of a name form counts ("US leader President Trump" → Trump, not US),
    # and only in the sentences with a hit.
    head = (~forms["apposition"].astype(bool)).tolist()
    rows = rows_with_keys(forms, hit_keys, among=head)
    cols = take_lists(
        forms, ("doc_id", "sent_id", "form_start", "end", "actor", "group", "kind"), rows
    )
    groups: dict[tuple, list[tuple]] = {}  # per sentence, in order of first appearance
    for row in zip(*cols, strict=True):
        groups.setdefault((row[0], row[1]), []).append(row)
    by_sent: dict[tuple, list[tuple]] = {}
    for key, grp in groups.items():
        if len(grp) == 1:  # no other form for it to be inside
            by_sent[key] = grp
            continue
        spans = [(r[2], r[3]) for r in grp]
        for r, (s, e) in zip(grp, spans, strict=True):
            inner = any(s2 <= s and e <= e2 and (s2, e2) != (s, e) for s2, e2 in spans)
            if not inner:
                by_sent.setdefault(key, []).append(r)
    sent_text = sentence_texts(sentences, by_sent)
    targets, groups_, relations, distances = [], [], [], []
    # (the values were checked when the lexicon was read: analysis.lexicons.LANDS_ON)
    lands = (hits["lands_on"].fillna("").tolist() if "lands_on" in hits.columns
             else [""] * len(hits))
    hit_rows = zip(
        hit_docs, hit_sents, hits["start"].tolist(), hits["end"].tolist(), lands, strict=True
    )
    clause_starts: dict[tuple, list[int]] = {}  # per sentence, where each clause begins

    def same_clause(key: tuple, s_start: int, s_text: str, a: int, b: int) -> bool:
        starts = clause_starts.get(key)
        if starts is None:
            starts = clause_starts[key] = [s_start + x for x, _y in clause_spans(s_text)]
        return bisect_right(starts, a) == bisect_right(starts, b)

    for doc_id, sent_id, h_start, h_end, lands_on in hit_rows:
        cands = by_sent.get((doc_id, sent_id))
        best = None
        if cands is not None and lands_on == "subject":
            key = (doc_id, sent_id)
            s_start, s_text = sent_text[key]
            best = _doer(cands, key, s_start, s_text, h_start, h_end, same_clause)
            cands = None  # the doer or nobody, never merely the nearest actor
        if cands is not None:
            key = (doc_id, sent_id)
            s_start, s_text = sent_text[key]
            before = s_text[max(0, h_start - s_start - 40) : h_start - s_start]
            owner = _POSSESSIVE_BEFORE.search(before)
            owner_kinds = _OWNER_KINDS[owner.group(1)] if owner is not None else frozenset()
            for _d, _s, c_start, c_end, c_actor, c_group, c_kind in cands:
                if c_start <= h_start and h_end <= c_end:
                    best = ((-1,), 0, c_actor, c_group, "same_phrase")
                    break
                if c_start >= h_end:  # actor to the right
                    gap = s_text[h_end - s_start : c_start - s_start]
                    side = 0
                elif c_end <= h_start:  # actor to the left
                    gap = s_text[c_end - s_start : h_start - s_start]
                    side = 1
                else:
                    continue
                if _BARRIER_CHAR.search(gap) or ("-" in gap and _SPACED_DASH.search(gap)):
                    continue  # a barrier: _BARRIER.search(gap)
                if c_kind == "state" and _LOCATIVE_BEFORE.search(
                    s_text, max(0, c_start - s_start - 12), c_start - s_start
                ):
                    continue  # "in Saudi Arabia": a place
                dist = len(_WORD.findall(gap))
                if owner_kinds and side == 1 and dist <= _POSSESSIVE_REACH and "," not in gap:
                    # (not across a comma: in "once Putin's protégé, now his most rabid attack
                    # dog" the dog is the protégé, not Putin)
                    if c_kind not in owner_kinds:
                        continue  # "for Kyiv’s war effort following his public spat"
                    rank = (0, -c_end, dist)  # the nearest owner before it
                    relation = "possessive"
                elif dist <= window:
                    rank = (1, dist, side)  # the nearest, ties to the right
                    relation = "window"
                else:
                    continue
                if best is not None and rank >= best[0]:
                    continue
                if "," in gap and not same_clause(key, s_start, s_text, h_start, c_start):
                    continue  # "the brave troops, while Putin …": another clause
                best = (rank, dist, c_actor, c_group, relation)
        if best is None:
            targets.append("")
            groups_.append("")
            relations.append("")
            distances.append(-1)
        else:
            targets.append(best[2])
            groups_.append(best[3])
            relations.append(best[4])
            distances.append(best[1])
    out["target"] = targets
    out["target_group"] = groups_
    out["relation"] = relations
    out["distance"] = distances
    return out


def _doer(
    cands: list[tuple], key: tuple, s_start: int, s_text: str, h_start: int, h_end: int,
    same_clause,
) -> tuple | None:
    """The actor who does what a ``lands_on = subject`` term says, as ``loaded_targets``'s
    ``best``: inside a name form (``same_phrase``), after *by* in a passive (``agent``), or
    the nearest actor before it in its clause (``subject``); ``None`` for nobody."""
    local_start, local_end = h_start - s_start, h_end - s_start
    # a participle after "was", "got", "wasn't", "was never": passive ("is manipulating", a
    # progressive, and "is manipulative", an adjective, are not)
    first = s_text[local_start:local_end].split(maxsplit=1)[0].lower()
    passive = (first.endswith("ed") or first in _IRREGULAR_PARTICIPLES) and (
        _PASSIVE_BEFORE.search(s_text, max(0, local_start - 40), local_start) is not None
    )
    best = None
    for _d, _s, c_start, c_end, c_actor, c_group, c_kind in cands:
        if c_start <= h_start and h_end <= c_end:
            return ((-1,), 0, c_actor, c_group, "same_phrase")
        if c_start >= h_end and _BY_AGENT.fullmatch(s_text[local_end : c_start - s_start]):
            # the agent: "hoodwinked by Putin", and after a noun, "the meddling by Russia"
            best = ((0,), 1, c_actor, c_group, "agent")
            continue
        if passive or c_end > h_start or (best is not None and best[4] == "agent"):
            continue
        if c_kind == "state" and _LOCATIVE_BEFORE.search(
            s_text, max(0, c_start - s_start - 12), c_start - s_start
        ):
            continue  # "Officials in Ukraine meddled": a place
        gap = s_text[c_end - s_start : local_start]
        if _BARRIER_CHAR.search(gap) or ("-" in gap and _SPACED_DASH.search(gap)):
            continue
        dist = len(_WORD.findall(gap))
        if dist > _SUBJECT_REACH:
            continue
        if "," in gap and not same_clause(key, s_start, s_text, h_start, c_start):
            continue
        rank = (1, -c_end)
        if best is None or rank < best[0]:
            best = (rank, dist, c_actor, c_group, "subject")
    return best


def target_table(
    targets: pd.DataFrame, *, by: Literal["outlet", "doc_id"] = "outlet"
) -> pd.DataFrame:
    """Loaded terms per outlet × actor they land on: ``n`` and the terms themselves."""
    check_choice("by", by, ("outlet", "doc_id"))
    t = targets[targets["target"] != ""]
    if len(t) == 0:
        return pd.DataFrame(columns=[by, "target", "n", "terms"])
    return (
        t.groupby([by, "target"], sort=True)
        .agg(n=("match", "size"), terms=("match", lambda s: "; ".join(sorted(set(s.str.lower())))))
        .reset_index()
    )
