"""The framing analysis behind the report notebook: parameters, checks, and every table.

``notebooks/framing_report.ipynb`` is thin: it calls :func:`analyse_corpus` with its
parameters and shows the tables and figures this module returns, next to evidence sentences.
Everything a notebook would otherwise compute lives here, with tests.

Parameters are checked before any work starts (:func:`check_parameters`): an unknown name, a
wrong type or an impossible value is a :class:`~analysis.errors.ParameterError` that says what
is allowed.
"""

from __future__ import annotations

import copy
import difflib
import json
import types
import typing
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.actors import (
    actors_lexicon,
    find_mentions,
    load_actors,
    naming_forms,
    naming_variants,
)
from analysis.attribution import (
    ATTRIBUTION_LEXICONS,
    attribution_profile,
    find_attributions,
    find_hedges,
    hedge_rates,
    mark_voice,
    voice_rates,
)
from analysis.clean import clean_text, load_cleaning_rules
from analysis.compare import outlet_profile
from analysis.corpus import check_date_format, parse_day
from analysis.describe import describe_documents, describe_outlets
from analysis.errors import CorpusError, ParameterError, check_choice
from analysis.keyness import KEYNESS_COLUMNS, keyness
from analysis.kwic import kwic
from analysis.lexicons import MERGE_MODES, Lexicon, load_lexicon
from analysis.loaded import find_loaded, loaded_rates, loaded_targets, target_table
from analysis.pipeline import PreparedCorpus, load_filtered, prepare_corpus
from analysis.quotes import find_quotes, voices
from analysis.report import no_sentences_left, provenance, write_table
from analysis.reuse import (
    document_edits,
    document_similarity,
    exclude_reused,
    find_reused_passages,
    reuse_mask,
)
from analysis.segment import iter_sentence_spans
from analysis.stance import (
    CONTEXTS,
    actor_salience,
    actor_stance,
    contrast_contexts,
    document_sentiment,
    score_sentences,
    stance_sentences,
)


@dataclass
class FramingParameters:
    """The report's parameters (the notebook's ``parameters`` cell has the same names)."""

    corpus: str = "seeds"
    manifest: str = ""
    text_column: str = "text"
    id_column: str = "doc_id"
    outlet_column: str = "outlet"
    date_column: str = "date"
    date_format: str = ""
    title_column: str = "title"
    encoding_errors: str = "strict"
    outlets: list = field(default_factory=list)
    start_date: str = ""
    end_date: str = ""
    actors: list = field(
        default_factory=lambda: ["Putin", "Zelensky", "Trump", "Starmer", "Macron"]
    )
    extra_lexicons: list = field(default_factory=list)
    lexicon_mode: str = "add"
    extra_actors: list = field(default_factory=list)
    bootstrap_seed: int = 0
    bootstrap_reps: int = 2000
    min_docs: int = 5
    target_window: int = 3
    stance_context: str = "sentence"
    kwic_width: int = 70
    keyness_min_freq: int = 3
    keyness_top: int = 15
    exclude_reused: bool = False
    output_dir: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def parameter_names() -> list[str]:
    return [f.name for f in fields(FramingParameters)]


def check_parameters(params: dict[str, Any]) -> FramingParameters:
    """Validate ``params`` (names, types, values) and return them as :class:`FramingParameters`.

    Raises :class:`ParameterError` naming the parameter and what is allowed.
    """
    known = {f.name: f for f in fields(FramingParameters)}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ParameterError(
            f"unknown parameter(s) {', '.join(unknown)}; the report takes: {', '.join(known)}"
        )
    hints = typing.get_type_hints(FramingParameters)
    for name, value in params.items():
        expected = hints[name]
        origin = typing.get_origin(expected) or expected
        if isinstance(origin, types.UnionType):  # pragma: no cover - no unions yet
            continue
        ok = isinstance(value, origin) and not (origin is int and isinstance(value, bool))
        if not ok:
            raise ParameterError(
                f"parameter {name}={value!r} has type {type(value).__name__}; "
                f"expected {origin.__name__}"
            )
        if origin is list and not all(isinstance(v, str) for v in value):
            raise ParameterError(f"parameter {name}={value!r}: expected a list of strings")
    p = FramingParameters(**params)
    if not p.corpus or not Path(p.corpus).exists():
        raise ParameterError(f"parameter corpus={p.corpus!r}: no such file or folder")
    if p.manifest and not Path(p.manifest).is_file():
        raise ParameterError(f"parameter manifest={p.manifest!r}: file not found")
    for name in ("text_column", "outlet_column"):
        if not getattr(p, name):
            raise ParameterError(f"parameter {name}='': give the name of the corpus's column")
    for name in ("extra_lexicons", "extra_actors"):
        for path in getattr(p, name):
            if not Path(path).is_file():
                raise ParameterError(f"parameter {name}: file {path!r} not found")
    minimum = {
        "bootstrap_reps": 100,
        "bootstrap_seed": 0,
        "min_docs": 2,
        "target_window": 0,
        "kwic_width": 1,
        "keyness_min_freq": 1,
        "keyness_top": 1,
    }
    for name, least in minimum.items():
        value = getattr(p, name)
        if value < least:
            raise ParameterError(f"parameter {name}={value}: use {least} or more")
    check_choice("parameter stance_context", p.stance_context, CONTEXTS)
    check_choice("parameter lexicon_mode", p.lexicon_mode, MERGE_MODES)
    check_choice("parameter encoding_errors", p.encoding_errors, ("strict", "fallback"))
    try:
        check_date_format(p.date_format or None)
    except ParameterError as exc:
        raise ParameterError(f"parameter {exc}") from None
    dates = {}
    for name in ("start_date", "end_date"):
        value = getattr(p, name)
        if value:
            try:
                dates[name] = parse_day(value, name)
            except ParameterError as exc:
                raise ParameterError(f"parameter {exc}") from None
    if len(dates) == 2 and dates["start_date"] > dates["end_date"]:
        raise ParameterError(
            f"parameters start_date={p.start_date!r} and end_date={p.end_date!r}: the start "
            "is after the end"
        )
    if p.extra_lexicons:  # a malformed lexicon fails here, not in the analysis
        load_lexicon("loaded_language", extra=p.extra_lexicons, mode=p.lexicon_mode)
    registry = load_actors(extra=p.extra_actors)
    if not p.actors:
        raise ParameterError(
            "parameter actors=[]: name at least one actor of interest, by its registry id (e.g. "
            "-p actors='[Putin, Zelensky]'): the stance, salience and voice sections are about them"
        )
    _check_actors(p.actors, registry)
    return p


def _check_actors(actors: list[str], registry: pd.DataFrame) -> None:
    """An error naming the actors of interest that are not in the registry, with the ids it has
    (and the closest one to each unknown name)."""
    known = sorted(set(registry["actor"]), key=str.casefold)
    unknown = [a for a in actors if a not in set(known)]
    if not unknown:
        return
    by_folded = {k.casefold(): k for k in known}
    names = []
    for actor in unknown:
        close = difflib.get_close_matches(actor.casefold(), list(by_folded), n=1, cutoff=0.6)
        names.append(f"{actor!r}" + (f" (did you mean {by_folded[close[0]]!r}?)" if close else ""))
    files = ", ".join(dict.fromkeys(o.rsplit(":", 1)[0] for o in registry["origin"].astype(str)))
    raise ParameterError(
        f"parameter actors: unknown actor{'s' if len(unknown) > 1 else ''} {', '.join(names)}; "
        f"the actor registry ({files}) has: {', '.join(map(repr, known))}; add a new actor "
        "with extra_actors (a CSV of the registry's columns)"
    )


@dataclass
class FramingAnalysis:
    """All tables of one framing analysis, plus what made them."""

    params: FramingParameters
    prepared: PreparedCorpus
    lexicons: list[Lexicon]
    tables: dict[str, pd.DataFrame]
    spans: dict[str, pd.DataFrame]
    _provenance: dict[str, Any] | None = field(default=None, init=False, repr=False)

    @property
    def sentences(self) -> pd.DataFrame:
        return self.prepared.sentences

    def kwic(self, spans: str, **filters: Any) -> pd.DataFrame:
        """Concordance of one of the span tables (``loaded``, ``mentions``, ``targets``)."""
        filters.setdefault("width", self.params.kwic_width)
        return kwic(self.sentences, self.spans[spans], **filters)

    def provenance(self) -> dict[str, Any]:
        """Corpus fingerprint, lexicon versions, parameters, package versions and build time,
        made once per analysis, so that ``provenance.json`` and the report's provenance section
        are the same record (a copy each call)."""
        if self._provenance is None:
            params = self.params.as_dict()
            params.pop("output_dir")  # where the tables went is not an input of the analysis
            self._provenance = provenance(
                self.prepared, parameters=params, lexicons=[lex.info() for lex in self.lexicons]
            )
        return copy.deepcopy(self._provenance)

    def write_tables(self, folder: str | Path) -> list[Path]:
        """Write every table as CSV into ``folder/tables`` and ``provenance.json`` beside it."""
        out = Path(folder)
        (out / "tables").mkdir(parents=True, exist_ok=True)
        written = []
        for name, table in sorted(self.tables.items()):
            path = out / "tables" / f"{name}.csv"
            write_table(table, path)
            written.append(path)
        prov = out / "provenance.json"
        prov.write_text(
            json.dumps(self.provenance(), indent=2, sort_keys=True, default=str) + "\n",
            encoding="utf-8",
        )
        return [*written, prov]


def _corpus_options(p: FramingParameters) -> dict[str, Any]:
    """How the analysis reads and filters the corpus (for :func:`prepare_corpus`)."""
    options: dict[str, Any] = {
        "outlets": p.outlets or None,
        "start": p.start_date or None,
        "end": p.end_date or None,
        "text_column": p.text_column,
        "id_column": p.id_column or None,
        "outlet_column": p.outlet_column,
        "date_column": p.date_column or None,
        "date_format": p.date_format or None,
        "title_column": p.title_column or None,
        "encoding_errors": p.encoding_errors,
    }
    if p.manifest:
        options["manifest"] = p.manifest
    return options


def check_corpus(p: FramingParameters) -> None:
    """Read the corpus and apply the filters as :func:`analyse_corpus` does, so that a corpus
    that cannot be read, an unknown outlet, filters that keep no document, or documents with
    no sentence once cleaned (all page furniture) fail before a report's kernel starts (a
    :class:`~analysis.errors.CorpusError`). Documents are cleaned one by one until one has a
    sentence: the first, in any corpus with text."""
    docs = load_filtered(p.corpus, **_corpus_options(p))
    rules = load_cleaning_rules()
    for text in docs["text"].tolist():
        if next(iter_sentence_spans(clean_text(text, rules=rules)[0]), None) is not None:
            return
    see = (
        f"the summary (framescope summarize {p.corpus}, with the report's column options: its "
        "summary.html and removals.csv)"
    )
    raise CorpusError(no_sentences_left(p.corpus, len(docs), see=see))


def analyse_corpus(**params: Any) -> FramingAnalysis:
    """Run every framing metric that exists on the corpus and return the tables."""
    p = check_parameters(params)
    prepared = prepare_corpus(p.corpus, **_corpus_options(p))
    all_sentences = prepared.sentences
    docs = prepared.documents
    # Text reuse first: a syndicated copy can be left out of the framing metrics.
    similarity = document_similarity(docs)
    passages = find_reused_passages(docs, similarity)
    edits = _edits_of_copies(docs, all_sentences, similarity)
    sentences = exclude_reused(all_sentences, passages) if p.exclude_reused else all_sentences
    loaded_lex = load_lexicon("loaded_language", extra=p.extra_lexicons, mode=p.lexicon_mode)
    registry = load_actors(extra=p.extra_actors)
    boot = {"n_boot": p.bootstrap_reps, "seed": p.bootstrap_seed}
    hits = find_loaded(sentences, loaded_lex)
    rates = loaded_rates(hits, sentences, min_docs=p.min_docs, **boot)
    doc_rates = loaded_rates(hits, sentences, by="doc_id", **boot)
    mentions = find_mentions(sentences, registry)
    forms = naming_forms(sentences, mentions)
    targets = loaded_targets(hits, forms, sentences, window=p.target_window)
    naming = naming_variants(forms)
    if p.actors:
        naming = naming[naming["actor"].isin(p.actors)].reset_index(drop=True)
    scores = score_sentences(sentences)
    # stance scored on whole sentences and on each actor's clauses; the report's stance (and the
    # profile's) is the one stance_context names, and the two are set side by side. Intervals
    # resample documents, as every other rate of the report does: the sentences of one article
    # are not independent, so an interval from one article says nothing
    by_context = {
        ctx: actor_stance(sentences, mentions, targets, scores=scores, context=ctx,
                          resample="document", min_n=p.min_docs, **boot)
        for ctx in CONTEXTS
    }
    stance = by_context[p.stance_context]
    clause_evidence = stance_sentences(
        sentences, mentions, targets, scores=scores, context="clause"
    )
    stance_evidence = (
        clause_evidence if p.stance_context == "clause"
        else stance_sentences(sentences, mentions, targets, scores=scores)
    )
    stance_contexts = contrast_contexts(by_context["sentence"], by_context["clause"])
    salience = actor_salience(sentences, mentions)
    attributions = find_attributions(sentences, mentions=mentions, documents=docs)
    quotes = find_quotes(sentences, docs, attributions=attributions, mentions=mentions)
    hedges = find_hedges(sentences, attributions=attributions, quotes=quotes)
    # whose words each loaded term is: the outlet's own (paraphrase included) or a quote's
    targets = mark_voice(
        targets, attributions=attributions, quotes=quotes, reported_speech="outlet"
    )
    loaded_voice = voice_rates(targets, sentences, min_docs=p.min_docs, **boot)
    attr_profile = attribution_profile(attributions, sentences)
    h_rates = hedge_rates(hedges, sentences, min_docs=p.min_docs, **boot)
    voice_table = voices(quotes)
    voice_groups = voices(quotes, level="group")
    if sentences["outlet"].nunique() >= 2:
        key = keyness(sentences, min_freq=p.keyness_min_freq, direction="over", top=p.keyness_top)
    else:  # one outlet: nothing to compare it with
        key = pd.DataFrame(columns=["outlet", *KEYNESS_COLUMNS])
    profile = outlet_profile(
        sentences,
        loaded_rates=rates,
        loaded_targets=targets,
        loaded_voice_rates=loaded_voice,
        hedge_rates=h_rates,
        attribution_profile=attr_profile,
        quotes=quotes,
        voices=voice_table,
        stance=stance,
        keyness=key,
        reused=reuse_mask(all_sentences, passages),
        main_actors=[a for a in p.actors if a in set(stance["actor"])] or None,
    )
    doc_sentiment = document_sentiment(docs)
    tables = {
        "outlets": describe_outlets(docs, all_sentences),
        "documents": describe_documents(docs, all_sentences, prepared.removals),
        "removals": prepared.removals,
        "glued_words": prepared.glued_words,
        "sentences": all_sentences,
        "loaded_hits": targets,
        "loaded_rates": rates,
        "loaded_rates_by_document": doc_rates,
        "loaded_voice_rates": loaded_voice,
        "loaded_targets": target_table(targets),
        "mentions": forms,
        "naming_variants": naming,
        "stance": stance,
        "stance_sentences": stance_evidence,
        "stance_clauses": clause_evidence,
        "stance_contexts": stance_contexts,
        "salience": salience,
        "document_sentiment": doc_sentiment,
        "attributions": attributions,
        "attribution_profile": attr_profile,
        "hedges": hedges,
        "hedge_rates": h_rates,
        "quotes": quotes,
        "voices": voice_table,
        "voices_by_group": voice_groups,
        "keyness": key,
        "similarity": similarity,
        "shared_passages": passages,
        "edits": edits,
        "outlet_profile": profile,
    }
    spans = {
        "loaded": targets,
        "mentions": forms,
        "targets": targets,
        "stance": stance,
        "stance_sentences": stance_evidence,
        "salience": salience,
        "document_sentiment": doc_sentiment,
        "attributions": attributions,
        "hedges": hedges,
        "quotes": quotes,
    }
    return FramingAnalysis(
        params=p,
        prepared=prepared,
        # every lexicon the tables depend on, the actor registry as the matcher reads it included
        lexicons=[loaded_lex, *(load_lexicon(n) for n in ATTRIBUTION_LEXICONS),
                  actors_lexicon(registry)],
        tables=tables,
        spans=spans,
    )


def _edits_of_copies(
    docs: pd.DataFrame, sentences: pd.DataFrame, similarity: pd.DataFrame
) -> pd.DataFrame:
    """The edits between each copy and its source (pairs marked near_duplicate or contained).

    The source is the document less contained in the other (a republication trims), so the
    edits read as what the copying editor changed.
    """
    related = similarity[similarity["relation"].isin(["near_duplicate", "contained"])]
    parts = []
    for row in related.itertuples(index=False):
        a_in_b, b_in_a = row.containment_a_in_b, row.containment_b_in_a
        source, copy = (row.doc_b, row.doc_a) if a_in_b >= b_in_a else (row.doc_a, row.doc_b)
        parts.append(document_edits(docs, sentences, source, copy))
    if not parts:
        return pd.DataFrame(columns=["doc_a", "doc_b", "kind", "pattern", "text_a", "text_b"])
    return pd.concat(parts, ignore_index=True)


def show(df: pd.DataFrame, *, max_rows: int | None = 40, columns: list[str] | None = None):
    """Display a table in a notebook with every cell HTML-escaped (article text is untrusted)."""
    from IPython.display import HTML

    from analysis.report import html_table

    if len(df) == 0:  # (an empty table may lack the columns: one outlet has no keyness)
        return HTML("<p><em>No rows in this corpus.</em></p>")
    data = df if columns is None else df[columns]
    return HTML(html_table(data, max_rows=max_rows))


def show_figure(fig):
    """Display a figure in a notebook as a PNG (no backend needed; metadata fixed, so the same
    figure gives the same bytes), described for readers who cannot see it: the output's
    ``alt`` (:func:`analysis.plots.describe_figure`) is the image's alt text in the report."""
    import io

    from IPython.display import Image

    from analysis.plots import describe_figure

    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight")
    return Image(data=buf.getvalue(), format="png", metadata={"alt": describe_figure(fig)})


def show_plot(plot: Any, table: pd.DataFrame, /, **options: Any):
    """``show_figure(plot(table, **options))``, or a one-line note when ``table`` has no rows
    (a corpus in which, say, no actor of interest is mentioned still gets its report)."""
    from IPython.display import Markdown

    if len(table) == 0:
        return Markdown(f"*Nothing to plot: no rows for `{plot.__name__}` in this corpus.*")
    return show_figure(plot(table, **options))
