"""Scale: the whole pipeline over corpora larger than memory, on all cores or on a Dask cluster.

A Media Cloud export is hundreds of thousands of stories; :func:`analysis.framing.analyse_corpus`
holds a whole corpus in memory. :func:`run_pipeline` streams it instead:

1. :func:`analysis.corpus.iter_corpus` reads the corpus (a folder, CSV, JSONL or Parquet file)
   in chunks of ``chunk_size`` documents, with the same checks and errors as
   :func:`~analysis.corpus.load_corpus`;
2. each chunk goes through :func:`analyse_documents` (clean, segment, loaded language, actors,
   attribution, quotes, hedges, stance toward actors): in this process, in worker processes
   (``workers=N``, all cores of one machine) or on a Dask cluster (``scheduler="dask"`` or a
   scheduler address);
3. each chunk's tables are written to Parquet, one file per table and chunk
   (``<out>/<table>/part-000000.parquet``), and ``<out>/manifest.json`` is written last, in
   a temporary folder beside ``<out>`` that replaces it only when the run has finished.

Every metric of the pipeline is computed per document (a sentence, a hit, a mention, a quote
never looks into another document), so the streamed tables are the in-memory tables, row for
row, whatever the chunking and however many workers (tested); the chunks of a run, and so the
files, depend only on the corpus and ``chunk_size``. Memory is bounded by design: the reader
holds one chunk, at most ``2 × workers`` chunks are in flight, and each worker holds the tables
of one chunk. What needs the whole corpus at once (text reuse across documents, keyness) is
not part of a streamed run.

:func:`read_tables` reads a table back (all chunks, or the columns you need),
:func:`iter_tables` chunk by chunk, and :func:`aggregate_streamed` computes per-outlet
aggregates (tokens, hit counts, loaded-language rates with their bootstrap intervals,
attribution profiles, quote kinds, actor counts) chunk by chunk from the files, equal to the
same aggregates on in-memory tables.

Example::

    from analysis.scale import aggregate_streamed, read_tables, run_pipeline
    out = run_pipeline("mediacloud.csv", "runs/ukraine", workers=8, id_column="id",
                       outlet_column="media_name", date_column="publish_date")
    aggregate_streamed(out)["loaded_rates"]
    read_tables(out, "loaded_hits", columns=["outlet", "match", "target"])

With worker processes, call it under ``if __name__ == "__main__":`` in a script (processes are
started with *spawn*). On a Dask cluster, every worker needs framescope installed and the output
folder's parent must be on a file system the workers share (they write into the run's
temporary folder beside it).
"""

from __future__ import annotations

import gc
import hashlib
import inspect
import itertools
import json
import multiprocessing
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.actors import actors_lexicon, find_mentions, load_actors, naming_forms
from analysis.attribution import (
    SOURCE_TYPES,
    STANCES,
    find_attributions,
    find_hedges,
    mark_voice,
)
from analysis.clean import CleaningRules, clean_corpus, load_cleaning_rules
from analysis.corpus import (
    DOC_COLUMNS,
    CorpusWarning,
    check_day_range,
    filter_corpus,
    fingerprint_corpus,
    iter_corpus,
)
from analysis.errors import CorpusError, ParameterError, check_choice
from analysis.lexicons import Lexicon, MultiMatcher, compile_multi, load_lexicon, match_lexicons
from analysis.loaded import compute_loaded_rates, loaded_targets
from analysis.pipeline import no_documents_error
from analysis.quotes import find_quotes, quote_spans_by_doc
from analysis.report import (
    check_apart,
    corpus_inputs,
    environment,
    no_sentences_left,
    write_atomically,
    write_table,
)
from analysis.segment import segment_corpus
from analysis.stance import CONTEXTS, SCORE_COLUMNS, stance_sentences
from analysis.stats import check_bootstrap, exact_mean, exact_sum
from analysis.wordlists import DATA_FILES, data_file_info

#: The tables a run writes, in order: one Parquet file per table and chunk.
TABLES: tuple[str, ...] = (
    "documents",
    "removals",
    "sentences",
    "loaded_hits",
    "mentions",
    "attributions",
    "quotes",
    "hedges",
    "stance_sentences",
)
#: Values of ``scheduler`` other than a Dask scheduler address.
SCHEDULERS: tuple[str, ...] = ("processes", "dask")
Scheduler = Literal["processes", "dask"] | str | None
MANIFEST = "manifest.json"
#: What a run writes in its folder (and all that ``overwrite`` replaces).
RUN_ENTRIES: tuple[str, ...] = (MANIFEST, "aggregates", *TABLES)
FORMAT_VERSION = 2  # 2: loaded_hits have voice and voice_reason
#: Documents-table columns kept in a run (the text is in the sentence table; other metadata
#: columns of the input are not carried: join them back by ``doc_id``).
DOCUMENT_COLUMNS: list[str] = [c for c in DOC_COLUMNS if c != "text"] + [
    "n_chars_raw",
    "n_chars_clean",
]
_INT_COLUMNS = frozenset(
    """source_line n_chars_raw n_chars_clean n_chars sent_id para_id start end n_tokens distance
    form_start source_start source_end cue_start cue_end content_start content_end end_sent_id
    n_words n_mentions n_loaded context_start context_end""".split()
)
_FLOAT_COLUMNS = frozenset(SCORE_COLUMNS)
_BOOL_COLUMNS = frozenset(["apposition"])
_ADDRESS = re.compile(r"^[a-z]+://\S+$|^[\w.-]+:\d+$")
_TEMPLATE_TEXT = (
    "Advertisement\n\n"
    "Russian President Vladimir Putin, a tyrant, said the talks were “very good”, and the BBC "
    "reportedly claimed the deal may fail."
)


# --------------------------------------------------------------------------------------------
# one chunk


@dataclass(frozen=True)
class PipelineResources:
    """What every chunk is analysed with (loaded once, sent to every worker)."""

    rules: CleaningRules
    loaded: Lexicon
    registry: pd.DataFrame
    target_window: int = 3
    stance_context: str = "sentence"
    # the shipped attribution lexicons, loaded once per run instead of once per chunk
    verbs: Lexicon = field(default_factory=lambda: load_lexicon("reporting_verbs"))
    cues: Lexicon = field(default_factory=lambda: load_lexicon("source_cues"))
    hedges: Lexicon = field(default_factory=lambda: load_lexicon("hedges"))

    def info(self) -> dict[str, Any]:
        return {
            "cleaning_rules_version": self.rules.version,
            "cleaning_rules_sha256": self.rules.sha256,
            "lexicons": [self.loaded.info(), self.verbs.info(), self.cues.info(),
                         self.hedges.info(), actors_lexicon(self.registry).info()],
            "actors": {
                "n_aliases": len(self.registry),
                "actors": int(self.registry["actor"].nunique()),
            },
            "data_files": [data_file_info(name) for name in DATA_FILES],
            "target_window": self.target_window,
            "stance_context": self.stance_context,
        }


def load_resources(
    *,
    cleaning_rules: str | Path | None = None,
    extra_lexicons: Sequence[str | Path] = (),
    extra_actors: Sequence[str | Path] = (),
    target_window: int = 3,
    stance_context: Literal["sentence", "clause"] = "sentence",
) -> PipelineResources:
    """Load the cleaning rules, loaded-language lexicon and actor registry a run uses (the
    shipped ones, plus a scholar's files as in the report's ``extra_lexicons`` and
    ``extra_actors``); ``target_window`` and ``stance_context`` as the report's parameters
    (:func:`analysis.stance.stance_sentences`'s ``context``)."""
    if not isinstance(target_window, int) or isinstance(target_window, bool) or target_window < 0:
        raise ParameterError(f"target_window={target_window!r}: use a non-negative integer")
    check_choice("stance_context", stance_context, CONTEXTS)
    return PipelineResources(
        rules=load_cleaning_rules(cleaning_rules),
        loaded=load_lexicon("loaded_language", extra=list(extra_lexicons)),
        registry=load_actors(extra=list(extra_actors)),
        target_window=target_window,
        stance_context=stance_context,
    )


_MATCHERS: dict[tuple[str, ...], MultiMatcher] = {}


def _lexicon_matcher(res: PipelineResources) -> MultiMatcher:
    """The one-scan matcher of the loaded-language lexicon, the actor aliases, the reporting
    verbs and the hedges, compiled once per process (about 40 ms each time, 2 % of a chunk).
    Every chunk reaches a worker with its own copy of the resources, so the cache is keyed by
    what they hold, not by the object."""
    registry = res.registry.to_csv(index=False, lineterminator="\n").encode("utf-8")
    key = (res.loaded.sha256, res.verbs.sha256, res.hedges.sha256,
           hashlib.sha256(registry).hexdigest())
    if key not in _MATCHERS:
        if len(_MATCHERS) >= 4:  # a process that serves several runs keeps a few
            _MATCHERS.clear()
        _MATCHERS[key] = compile_multi(
            [res.loaded, actors_lexicon(res.registry), res.verbs, res.hedges]
        )
    return _MATCHERS[key]


def analyse_documents(
    docs: pd.DataFrame, resources: PipelineResources | None = None
) -> dict[str, pd.DataFrame]:
    """Run the whole per-document pipeline on a documents table and return its tables.

    The chain of :func:`analysis.framing.analyse_corpus` for what is measured per document:
    ``documents`` (metadata, characters before and after cleaning), ``removals`` (what cleaning
    removed), ``sentences`` (the sentence table), ``loaded_hits`` (loaded-language hits and the
    actor each lands on), ``mentions`` (actor mentions with the form each outlet names them by),
    ``attributions`` (reporting clauses: source, cue, content), ``quotes`` (direct quotes, kind
    and speaker), ``hedges`` (with their voice) and ``stance_sentences`` (each sentence × actor
    it mentions, with TextBlob and VADER scores and the loaded terms landing on the actor).
    Keys are :data:`TABLES`; every table keeps ``doc_id`` (and offsets) to trace a number back.
    """
    res = resources or load_resources()
    clean, removals = clean_corpus(docs, rules=res.rules)
    sentences = segment_corpus(clean)
    # The four lexicons matched on the whole text, with one scan (= find_loaded, the matching
    # in find_mentions and find_attributions, and find_hedges's, which attribution reads too)
    hits, actor_hits, verb_hits, hedge_hits = match_lexicons(sentences, _lexicon_matcher(res))
    mentions = find_mentions(sentences, res.registry, hits=actor_hits)
    forms = naming_forms(sentences, mentions)
    targets = loaded_targets(hits, forms, sentences, window=res.target_window)
    # the quote marks are paired once: attribution skips cues inside quotes, quotes need them
    quote_spans = quote_spans_by_doc(sentences, clean)
    attributions = find_attributions(
        sentences, verbs=res.verbs, cues=res.cues, hedges=res.hedges, mentions=mentions,
        documents=clean, hedge_hits=hedge_hits, verb_hits=verb_hits, quote_spans=quote_spans,
    )
    quotes = find_quotes(
        sentences, clean, attributions=attributions, mentions=mentions, quote_spans=quote_spans
    )
    hedges = find_hedges(
        sentences, lexicon=res.hedges, attributions=attributions, quotes=quotes, hits=hedge_hits
    )
    stance = stance_sentences(sentences, mentions, targets, context=res.stance_context)
    targets = mark_voice(  # as analysis.framing.analyse_corpus does
        targets, attributions=attributions, quotes=quotes, reported_speech="outlet"
    )
    return {
        "documents": clean[DOCUMENT_COLUMNS].reset_index(drop=True),
        "removals": removals,
        "sentences": sentences,
        "loaded_hits": targets,
        "mentions": forms,
        "attributions": attributions,
        "quotes": quotes,
        "hedges": hedges,
        "stance_sentences": stance,
    }


def _arrow_type(column: str) -> pa.DataType:
    if column == "date":
        return pa.timestamp("us")
    if column in _INT_COLUMNS:
        return pa.int64()
    if column in _FLOAT_COLUMNS:
        return pa.float64()
    if column in _BOOL_COLUMNS:
        return pa.bool_()
    return pa.string()


def table_schemas(resources: PipelineResources) -> dict[str, pa.Schema]:
    """The Parquet schema of each table (the same for every chunk, empty ones included): the
    columns of a run on a small template document, typed by column name."""
    template = pd.DataFrame(
        {
            "doc_id": ["template"],
            "outlet": ["template"],
            "date": pd.to_datetime(["2025-01-01"]),
            "title": [""],
            "url": [""],
            "language": [""],
            "note": [""],
            "text": [_TEMPLATE_TEXT],
            "source": [""],
            "source_line": [1],
        }
    )
    tables = analyse_documents(template, resources)
    return {
        name: pa.schema([(str(c), _arrow_type(str(c))) for c in tables[name].columns])
        for name in TABLES
    }


@dataclass(frozen=True)
class _ChunkTask:
    index: int
    docs: pd.DataFrame
    out_dir: str
    resources: PipelineResources
    schemas: dict[str, pa.Schema]


def _part_name(index: int) -> str:
    return f"part-{index:06d}.parquet"


def _write_table(df: pd.DataFrame | None, schema: pa.Schema, path: Path) -> int:
    if df is None or len(df) == 0:
        table = schema.empty_table()
    else:
        missing = [n for n in schema.names if n not in df.columns]
        if missing:  # pragma: no cover - the pipeline's columns do not depend on the data
            raise RuntimeError(f"{path.parent.name}: columns {missing} missing in a chunk")
        table = pa.Table.from_pandas(df[schema.names], schema=schema, preserve_index=False)
    # no pandas metadata: every chunk reads back with the same dtypes, the bytes depend only
    # on the rows
    table = table.replace_schema_metadata(None)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    tmp.replace(path)
    return table.num_rows


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often while a chunk is analysed (restored after).

    The analysis allocates millions of short-lived tuples, lists and dicts that reference
    counting frees; with the default thresholds (700, 10, 10) the collector still walks the
    young objects every 700 allocations, about 7% of a chunk's time. Results do not depend on
    it, and the garbage it would find (cycles) is collected at the higher thresholds too.
    """
    old = gc.get_threshold()
    gc.set_threshold(100_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _run_chunk(task: _ChunkTask) -> dict[str, Any]:
    """Analyse one chunk and write its tables (a top-level function, so that worker processes
    started with spawn and Dask workers can run it). Returns the chunk's row counts."""
    out = Path(task.out_dir)
    docs = task.docs
    tables: dict[str, pd.DataFrame | None]
    if len(docs):
        with _fewer_collections():
            tables = dict(analyse_documents(docs, task.resources))
    else:
        tables = dict.fromkeys(TABLES)
    rows = {}
    for name in TABLES:
        rows[name] = _write_table(
            tables[name], task.schemas[name], out / name / _part_name(task.index)
        )
    return {
        "chunk": task.index,
        "part": _part_name(task.index),
        "n_documents": len(docs),
        "fingerprint_sha256": fingerprint_corpus(docs) if len(docs) else "",
        "n_chars_raw": int(docs["text"].str.len().sum()) if len(docs) else 0,
        "rows": rows,
    }


# --------------------------------------------------------------------------------------------
# running


def _check_options(chunk_size: object, workers: object, scheduler: object) -> str:
    """Validate the run options; return the executor: inline, processes, dask or client."""
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ParameterError(f"chunk_size={chunk_size!r}: use a positive integer (e.g. 500)")
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ParameterError(f"workers={workers!r}: use a positive integer (1 = this process)")
    if scheduler is None:
        return "inline" if workers == 1 else "processes"
    if hasattr(scheduler, "submit") and hasattr(scheduler, "nthreads"):
        return "client"  # a dask.distributed.Client
    if not isinstance(scheduler, str):
        raise ParameterError(
            f"scheduler={scheduler!r}: use None, 'processes', 'dask', a Dask scheduler address "
            "such as 'tcp://10.0.0.5:8786', or a dask.distributed.Client"
        )
    if scheduler in SCHEDULERS:
        return scheduler
    if _ADDRESS.match(scheduler):
        return "address"
    raise ParameterError(
        f"scheduler={scheduler!r} is not allowed; choose one of: None, "
        f"{', '.join(map(repr, SCHEDULERS))}, or a Dask scheduler address such as "
        "'tcp://10.0.0.5:8786'"
    )


def _check_out_dir(out_dir: Path, *, overwrite: bool) -> None:
    """Refuse a file, a non-empty folder without ``overwrite``, and a folder that holds no run.
    Nothing is deleted here: the run is written beside ``out_dir`` and replaces it only when it
    has finished (:func:`analysis.report.write_atomically`)."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ParameterError(f"{out_dir}: exists and is not a folder")
    if out_dir.exists() and any(out_dir.iterdir()):
        if not overwrite:
            raise ParameterError(
                f"{out_dir}: the folder is not empty; pass overwrite=True (--overwrite) to "
                "replace a previous run, or choose another folder"
            )
        if not any((out_dir / name).exists() for name in RUN_ENTRIES):
            raise ParameterError(
                f"{out_dir}: not a framescope run (no {MANIFEST} or table folders); refusing "
                "to overwrite it"
            )


def _not_the_runs(entry: Path) -> bool:
    """Whether an entry of a previous run's folder is someone else's (kept on ``overwrite``)."""
    return entry.name not in RUN_ENTRIES


@dataclass
class _Seen:
    """What the filters saw: every outlet, and the documents of the chosen outlets (how many,
    how many dated, the first and last date), for the errors of filters that keep nothing."""

    outlets: set[str] = field(default_factory=set)
    n_documents: int = 0
    n_dated: int = 0
    first: pd.Timestamp | None = None
    last: pd.Timestamp | None = None

    def add(self, docs: pd.DataFrame) -> None:
        self.n_documents += len(docs)
        dates = pd.to_datetime(docs["date"], errors="coerce").dropna()
        if len(dates):
            self.n_dated += len(dates)
            first, last = dates.min(), dates.max()
            self.first = first if self.first is None else min(self.first, first)
            self.last = last if self.last is None else max(self.last, last)


def _filtered_chunks(
    chunks: Iterable[pd.DataFrame],
    *,
    outlets: Sequence[str] | None,
    start: str | None,
    end: str | None,
    seen: _Seen,
) -> Iterator[pd.DataFrame]:
    for docs in chunks:
        seen.outlets.update(docs["outlet"].unique().tolist())
        if outlets is not None:
            docs = docs[docs["outlet"].isin(list(outlets))].reset_index(drop=True)
        seen.add(docs)
        if start is not None or end is not None:
            docs = filter_corpus(docs, start=start, end=end)
        yield docs


class _Progress:
    def __init__(self, enabled: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(
            total=None, unit="doc", desc="framescope run", disable=not enabled, smoothing=0.1
        )
        self.chars = 0

    def update(self, summary: dict[str, Any]) -> None:
        self.chars += summary["n_chars_raw"]
        self.bar.update(summary["n_documents"])
        elapsed = self.bar.format_dict.get("elapsed") or 0
        if elapsed:
            self.bar.set_postfix_str(f"{self.chars / 1e6 / elapsed:.2f} M chars/s", refresh=False)

    def close(self) -> None:
        self.bar.close()


# A runner gets ``tasks(schemas)``, an iterator of chunk tasks once the table schemas are
# known: they are computed where the chunks are analysed (a worker), so that this process
# only reads the corpus and stays small.
TaskFactory = Callable[[dict[str, pa.Schema]], Iterator[_ChunkTask]]


def _run_inline(tasks: TaskFactory, done: Any, resources: PipelineResources) -> None:
    for task in tasks(table_schemas(resources)):
        done(_run_chunk(task))


def _run_processes(
    tasks: TaskFactory, done: Any, resources: PipelineResources, workers: int
) -> None:
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    pending: set[Future] = set()
    try:
        schemas = executor.submit(table_schemas, resources).result()
        for task in tasks(schemas):
            pending.add(executor.submit(_run_chunk, task))
            while len(pending) >= 2 * workers:  # bounded: at most 2 chunks per worker in flight
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in finished:
                    done(f.result())
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                done(f.result())
    except BaseException:
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown(wait=True)


def _run_dask(tasks: TaskFactory, done: Any, resources: PipelineResources, client: Any) -> None:
    from distributed import as_completed

    in_flight = 2 * max(1, sum(client.nthreads().values()))
    futures = as_completed()
    try:
        schemas = client.submit(table_schemas, resources, pure=False).result()
        for task in tasks(schemas):
            futures.add(client.submit(_run_chunk, task, pure=False))
            while futures.count() >= in_flight:
                done(next(futures).result())
        for f in futures:
            done(f.result())
    except BaseException:
        client.cancel(list(futures.futures))
        raise


def run_pipeline(
    path: str | Path,
    out_dir: str | Path,
    *,
    chunk_size: int = 500,
    workers: int = 1,
    scheduler: Scheduler | Any = None,
    outlets: Sequence[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    cleaning_rules: str | Path | None = None,
    extra_lexicons: Sequence[str | Path] = (),
    extra_actors: Sequence[str | Path] = (),
    target_window: int = 3,
    stance_context: Literal["sentence", "clause"] = "sentence",
    overwrite: bool = False,
    progress: bool = True,
    aggregates: Mapping[str, Any] | None = None,
    **load_options: Any,
) -> Path:
    """Run the whole pipeline over a corpus of any size, chunk by chunk, and write every table
    to Parquet in ``out_dir``. Returns ``out_dir``.

    Parameters
    ----------
    path, load_options:
        The corpus and how to read it, as :func:`analysis.corpus.load_corpus` (``manifest``,
        ``format``, ``text_column``, ``id_column``, ``outlet_column``, ``date_column`` …).
    chunk_size:
        Documents per chunk (per Parquet file). Memory grows with it, not with the corpus.
    workers:
        Processes on this machine (``1``: this process). With ``scheduler="dask"``, the number
        of workers of the local Dask cluster started for the run; with a scheduler address or
        a ``Client``, the cluster's workers are used and ``workers`` is not.
    scheduler:
        ``None`` (this process, or worker processes when ``workers > 1``), ``"processes"``,
        ``"dask"`` (a local ``dask.distributed`` cluster), the address of a running Dask
        scheduler (``"tcp://10.0.0.5:8786"``), or a ``dask.distributed.Client``.
    outlets, start, end:
        Keep only these outlets, and documents dated within ``[start, end]``, as
        :func:`analysis.corpus.filter_corpus` (an outlet that is not in the corpus is an error,
        raised when the whole corpus has been read, and so are filters that keep no document;
        the run's files are then deleted, and ``out_dir`` is as it was).
    cleaning_rules, extra_lexicons, extra_actors, target_window, stance_context:
        As in the framing report (:func:`load_resources`): ``stance_context="clause"`` scores
        each actor's clauses in ``stance_sentences`` instead of the whole sentence.
    overwrite:
        Replace a previous run in ``out_dir`` once the new one has finished (only its tables,
        manifest and aggregates are replaced: other files in the folder stay).
    progress:
        Show a progress bar (tqdm, on stderr): documents done and throughput.
    aggregates:
        Options of :func:`aggregate_streamed` (e.g. ``{"intervals": False}``; ``{}`` for its
        defaults) to write its tables to ``out_dir/aggregates/<name>.csv`` as part of the run
        (as ``framescope run`` does); ``None``: no aggregates.

    The tables (:data:`TABLES`) go to ``out_dir/<table>/part-<chunk>.parquet``; ``manifest.json``
    records the corpus, the options (the aggregates' too), lexicon versions, framescope's and
    the packages' versions, Python and the platform (:func:`analysis.report.environment`),
    per-chunk fingerprints and row counts. The run is written in a temporary folder beside
    ``out_dir`` (``.<name>.building-<host>-<pid>-<random>``), which replaces ``out_dir`` only
    when the manifest and the aggregates are written: a run that fails or is interrupted deletes its
    temporary folder and leaves ``out_dir`` as it was, so a folder without a manifest was never
    a run. Same corpus and options give the same files whatever ``workers`` or ``scheduler``.
    """
    kind = _check_options(chunk_size, workers, scheduler)
    check_day_range(start, end)  # before the corpus is read or a worker starts
    if outlets is not None and (
        isinstance(outlets, str) or not all(isinstance(o, str) for o in outlets)
    ):
        raise ParameterError(f"outlets={outlets!r}: give a list of outlet names")
    aggregate_options = None if aggregates is None else _aggregate_options(aggregates)
    out = Path(out_dir)
    resources = load_resources(
        cleaning_rules=cleaning_rules,
        extra_lexicons=extra_lexicons,
        extra_actors=extra_actors,
        target_window=target_window,
        stance_context=stance_context,
    )
    chunks = iter_corpus(path, chunk_size=chunk_size, **load_options)
    first = next(chunks)  # a corpus that cannot be read fails here, before any worker starts
    inputs = {**load_options, "cleaning_rules": cleaning_rules,
              "extra_lexicons": extra_lexicons, "extra_actors": extra_actors}
    check_apart(out, corpus_inputs(path, inputs), choose="--out")
    _check_out_dir(out, overwrite=overwrite)
    options = {
        "framescope_run": FORMAT_VERSION,
        "corpus": str(path),
        "load_options": {
            k: (str(v) if isinstance(v, Path) else v) for k, v in load_options.items()
        },
        "chunk_size": chunk_size,
        "filters": {
            "outlets": list(outlets) if outlets is not None else None,
            "start": start,
            "end": end,
        },
        "aggregates": aggregate_options,
        **environment(),
    }
    # written beside ``out`` (the same file system, which Dask workers share), moved into place
    # only when the manifest and the aggregates are written: a failed or interrupted run leaves
    # the previous one as it was and deletes its own files
    with write_atomically(out, keep_failed=False, keep_old=_not_the_runs) as tmp:
        manifest = _stream(
            itertools.chain([first], chunks),
            tmp,
            kind=kind,
            workers=workers,
            scheduler=scheduler,
            resources=resources,
            outlets=outlets,
            start=start,
            end=end,
            progress=progress,
            options=options,
        )
        (tmp / MANIFEST).write_text(
            json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8"
        )
        if aggregate_options is not None:
            (tmp / "aggregates").mkdir()
            for name, table in aggregate_streamed(tmp, **aggregate_options).items():
                write_table(table, tmp / "aggregates" / f"{name}.csv")
    totals = manifest["totals"]
    if totals["rows"]["sentences"] == 0:  # (written all the same: its removals say why)
        see = f"the run's removals table ({out / 'removals'})"
        warnings.warn(
            no_sentences_left(path, totals["n_documents"], see=see), CorpusWarning, stacklevel=2
        )
    return out


def _aggregate_options(aggregates: Mapping[str, Any]) -> dict[str, Any]:
    """Every option of :func:`aggregate_streamed`, defaults filled in, checked before a run."""
    try:
        bound = inspect.signature(aggregate_streamed).bind(None, **aggregates)
    except TypeError as exc:
        raise ParameterError(f"aggregates={dict(aggregates)!r}: {exc}") from None
    bound.apply_defaults()
    chosen = {k: v for k, v in bound.arguments.items() if k != "out_dir"}
    check_bootstrap(chosen["n_boot"], chosen["seed"], chosen["level"])
    return chosen


def _stream(
    chunks: Iterator[pd.DataFrame],
    folder: Path,
    *,
    kind: str,
    workers: int,
    scheduler: Any,
    resources: PipelineResources,
    outlets: Sequence[str] | None,
    start: str | None,
    end: str | None,
    progress: bool,
    options: dict[str, Any],
) -> dict[str, Any]:
    """Analyse the chunks and write their tables into ``folder``; return the manifest."""
    for name in TABLES:
        (folder / name).mkdir()
    seen = _Seen()
    known: dict[str, dict[str, pa.Schema]] = {}

    def tasks(schemas: dict[str, pa.Schema]) -> Iterator[_ChunkTask]:
        known["schemas"] = schemas
        filtered = _filtered_chunks(chunks, outlets=outlets, start=start, end=end, seen=seen)
        for i, docs in enumerate(filtered):
            yield _ChunkTask(i, docs, str(folder), resources, schemas)

    summaries: list[dict[str, Any]] = []
    bar = _Progress(progress)

    def done(summary: dict[str, Any]) -> None:
        summaries.append(summary)
        bar.update(summary)

    try:
        if kind == "inline":
            _run_inline(tasks, done, resources)
        elif kind == "processes":
            _run_processes(tasks, done, resources, workers)
        else:
            from distributed import Client, LocalCluster

            if kind == "client":
                _run_dask(tasks, done, resources, scheduler)
            elif kind == "dask":
                with (
                    LocalCluster(
                        n_workers=workers,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=None,
                    ) as cluster,
                    Client(cluster) as client,
                ):
                    _run_dask(tasks, done, resources, client)
            else:
                with Client(scheduler) as client:
                    _run_dask(tasks, done, resources, client)
    finally:
        bar.close()
    if outlets is not None:
        unknown = [o for o in outlets if o not in seen.outlets]
        if unknown:
            raise CorpusError(
                f"unknown outlet(s) {', '.join(map(repr, unknown))}; "
                f"the corpus has: {', '.join(map(repr, sorted(seen.outlets)))}"
            )
    if not any(s["n_documents"] for s in summaries):
        raise no_documents_error(
            outlets=None if outlets is None else list(outlets),
            start=start,
            end=end,
            n_documents=seen.n_documents,
            n_dated=seen.n_dated,
            first=seen.first,
            last=seen.last,
        )
    summaries.sort(key=lambda s: s["chunk"])
    return {
        **options,
        "resources": resources.info(),
        "tables": {name: [str(n) for n in known["schemas"][name].names] for name in TABLES},
        "totals": {
            "n_chunks": len(summaries),
            "n_documents": sum(s["n_documents"] for s in summaries),
            "n_chars_raw": sum(s["n_chars_raw"] for s in summaries),
            "rows": {name: sum(s["rows"][name] for s in summaries) for name in TABLES},
        },
        "chunks": summaries,
    }


# --------------------------------------------------------------------------------------------
# reading a run


def read_manifest(out_dir: str | Path) -> dict[str, Any]:
    """The ``manifest.json`` of a finished run (an error if the run did not finish)."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        raise ParameterError(
            f"{out_dir}: no finished framescope run here ({MANIFEST} missing: the run failed, "
            "is still going, or the folder is wrong)"
        )
    return json.loads(path.read_text(encoding="utf-8"))


def _parts(out_dir: str | Path, name: str) -> list[Path]:
    check_choice("name", name, TABLES)
    manifest = read_manifest(out_dir)
    return [Path(out_dir) / name / c["part"] for c in manifest["chunks"]]


def iter_tables(
    out_dir: str | Path, name: str, *, columns: Sequence[str] | None = None
) -> Iterator[pd.DataFrame]:
    """Yield table ``name`` of a run chunk by chunk (one DataFrame per chunk, in order)."""
    for part in _parts(out_dir, name):
        yield pq.read_table(part, columns=list(columns) if columns else None).to_pandas()


def read_tables(
    out_dir: str | Path, name: str, *, columns: Sequence[str] | None = None
) -> pd.DataFrame:
    """Table ``name`` (one of :data:`TABLES`) of a run, all chunks in order, as one DataFrame.

    Ask for the ``columns`` you need: a whole table of a large corpus may not fit in memory
    (use :func:`iter_tables` to go chunk by chunk).
    """
    parts = _parts(out_dir, name)
    cols = list(columns) if columns else None
    tables = [pq.read_table(p, columns=cols) for p in parts]
    if not tables:
        return pd.DataFrame(columns=cols or [])
    return pa.concat_tables(tables).to_pandas()


def aggregate_streamed(
    out_dir: str | Path,
    *,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    min_docs: int = 5,
    intervals: bool = True,
) -> dict[str, pd.DataFrame]:
    """Per-outlet aggregates of a run, computed chunk by chunk from its Parquet files.

    Each equals the same aggregate on the in-memory tables of the whole corpus (tested):

    - ``outlets``: ``outlet, n_docs, n_sentences, n_tokens, n_loaded_hits, n_mentions,
      n_attributions, n_quotes, n_hedges`` (mentions without appositions);
    - ``loaded_counts``: ``outlet, category, n_hits``;
    - ``loaded_voice_counts``: ``outlet, voice, n_hits`` (loaded terms in the outlet's own words
      and in direct quotes, as :func:`analysis.attribution.mark_voice` marks them; absent, with
      a warning, for a run written before the voice split);
    - ``loaded_rates``: :func:`analysis.loaded.loaded_rates` (hits per 1,000 tokens, with the
      seeded bootstrap interval over documents; ``intervals=False`` skips the bootstrap, whose
      memory grows with ``n_boot`` × the documents of the largest outlet);
    - ``attribution_profile``: :func:`analysis.attribution.attribution_profile`;
    - ``quote_kinds``: ``outlet, kind, n`` (quotes per kind);
    - ``actor_counts``: ``outlet, actor, n_sentences, n_mentions, n_loaded,
      loaded_per_sentence, tb_polarity, tb_subjectivity, vader_compound`` (sentences mentioning
      the actor, the loaded terms landing on it, and the mean scores of those sentences, or of
      the actor's clauses in a run with ``stance_context="clause"``, as in
      :func:`analysis.stance.actor_stance`, without its intervals; the sums are exact, chunk
      by chunk, so the means are the in-memory ones to the last bit).

    Memory holds one chunk's columns plus a row per document.
    """
    docs_parts, tok_parts, hit_parts = [], [], []
    counters: dict[str, list[pd.Series]] = {
        k: [] for k in (
            "mentions", "attributions", "quotes", "hedges", "attr", "kinds", "actors", "voice"
        )
    }
    for docs in iter_tables(out_dir, "documents", columns=["outlet", "doc_id"]):
        docs_parts.append(docs)
    for s in iter_tables(out_dir, "sentences", columns=["outlet", "doc_id", "n_tokens"]):
        tok_parts.append(
            s.groupby(["outlet", "doc_id"], sort=True)
            .agg(n_tokens=("n_tokens", "sum"), n_sentences=("n_tokens", "size"))
            .reset_index()
        )
    # runs of format 1 (before the voice split) have no voice column: their other aggregates
    # are still read, without loaded_voice_counts
    has_voice = "voice" in read_manifest(out_dir)["tables"]["loaded_hits"]
    if not has_voice:
        warnings.warn(
            f"{out_dir}: run written before loaded hits had a voice (format 1): no "
            "loaded_voice_counts; run it again with overwrite=True to get them",
            stacklevel=2,
        )
    hit_columns = ["outlet", "doc_id", "category", *(["voice"] if has_voice else [])]
    for h in iter_tables(out_dir, "loaded_hits", columns=hit_columns):
        hit_parts.append(h.groupby(["outlet", "doc_id", "category"]).size().rename("n_hits"))
        if has_voice:
            counters["voice"].append(h.groupby(["outlet", "voice"]).size())
    for m in iter_tables(out_dir, "mentions", columns=["outlet", "actor", "apposition"]):
        m = m[~m["apposition"].astype(bool)]
        counters["mentions"].append(m.groupby(["outlet", "actor"]).size())
    for a in iter_tables(out_dir, "attributions", columns=["outlet", "source_type", "verb_stance"]):
        counters["attributions"].append(a.groupby("outlet").size())
        for dim in ("source_type", "verb_stance"):
            counters["attr"].append(
                a.groupby(["outlet", dim]).size().rename_axis(["outlet", "value"]).rename(dim)
            )
    for q in iter_tables(out_dir, "quotes", columns=["outlet", "kind"]):
        counters["quotes"].append(q.groupby("outlet").size())
        counters["kinds"].append(q.groupby(["outlet", "kind"]).size())
    for h in iter_tables(out_dir, "hedges", columns=["outlet"]):
        counters["hedges"].append(h.groupby("outlet").size())
    score_sums: list[dict[tuple[str, str], list[Fraction]]] = []
    for st in iter_tables(
        out_dir, "stance_sentences",
        columns=["outlet", "actor", "n_mentions", "n_loaded", *SCORE_COLUMNS],
    ):
        grouped = st.groupby(["outlet", "actor"])
        counters["actors"].append(
            grouped.agg(
                n_sentences=("actor", "size"),
                n_mentions=("n_mentions", "sum"),
                n_loaded=("n_loaded", "sum"),
            )
        )
        score_sums.append(_exact_sums(st))

    doc_tokens = _concat(tok_parts, ["outlet", "doc_id", "n_tokens", "n_sentences"])
    hits = _sum_series(hit_parts, ["outlet", "doc_id", "category"]).rename("n_hits").reset_index()
    outlet_names = sorted(set(_concat(docs_parts, ["outlet", "doc_id"])["outlet"]))

    def per_outlet(key: str) -> pd.Series:
        return _sum_series(counters[key], ["outlet"]).reindex(outlet_names, fill_value=0)

    docs = _concat(docs_parts, ["outlet", "doc_id"])
    outlets = pd.DataFrame({"outlet": outlet_names})
    outlets["n_docs"] = docs.groupby("outlet").size().reindex(outlet_names, fill_value=0).to_numpy()
    by_outlet = doc_tokens.groupby("outlet")[["n_sentences", "n_tokens"]].sum()
    by_outlet = by_outlet.reindex(outlet_names, fill_value=0)
    outlets["n_sentences"] = by_outlet["n_sentences"].to_numpy()
    outlets["n_tokens"] = by_outlet["n_tokens"].to_numpy()
    outlets["n_loaded_hits"] = (
        hits.groupby("outlet")["n_hits"].sum().reindex(outlet_names, fill_value=0).to_numpy()
    )
    mention_counts = _sum_series(counters["mentions"], ["outlet", "actor"])
    outlets["n_mentions"] = (
        mention_counts.groupby(level="outlet").sum().reindex(outlet_names, fill_value=0).to_numpy()
    )
    outlets["n_attributions"] = per_outlet("attributions").to_numpy()
    outlets["n_quotes"] = per_outlet("quotes").to_numpy()
    outlets["n_hedges"] = per_outlet("hedges").to_numpy()
    for col in outlets.columns[1:]:
        outlets[col] = outlets[col].astype("int64")

    loaded_counts = (
        hits.groupby(["outlet", "category"], sort=True)["n_hits"].sum().reset_index()
        if len(hits)
        else pd.DataFrame(columns=["outlet", "category", "n_hits"])
    )
    rates = compute_loaded_rates(
        doc_tokens[["outlet", "doc_id", "n_tokens"]],
        hits[["doc_id", "category", "n_hits"]],
        n_boot=n_boot,
        seed=seed,
        level=level,
        min_docs=min_docs,
        intervals=intervals,
    )
    tokens = doc_tokens.groupby("outlet")["n_tokens"].sum()
    profile = _attribution_profile(
        _sum_frames(counters["attr"], ["outlet", "value"]),
        per_outlet("attributions"),
        tokens,
    )
    kinds = _sum_series(counters["kinds"], ["outlet", "kind"]).rename("n").reset_index()
    voice = _sum_series(counters["voice"], ["outlet", "voice"]).rename("n_hits").reset_index()
    actors = _sum_frames(
        counters["actors"], ["outlet", "actor"], columns=["n_sentences", "n_mentions", "n_loaded"]
    )
    actors = actors.reset_index().sort_values(["outlet", "actor"]).reset_index(drop=True)
    actors["loaded_per_sentence"] = [
        round(float(n / s), 4) if s else float("nan")
        for n, s in zip(actors["n_loaded"], actors["n_sentences"], strict=True)
    ]
    # the mean scores of the sentences (or clauses) mentioning the actor, from exact chunk sums
    totals: dict[tuple[str, str], list[Fraction]] = {}
    for part in score_sums:
        for key, sums in part.items():
            acc = totals.setdefault(key, [Fraction(0)] * len(sums))
            totals[key] = [a + b for a, b in zip(acc, sums, strict=True)]
    for k, col in enumerate(SCORE_COLUMNS):
        actors[col] = [
            round(exact_mean(totals[o, a][k], n), 4)
            for o, a, n in zip(actors["outlet"], actors["actor"], actors["n_sentences"],
                               strict=True)
        ]
    return {
        "outlets": outlets,
        "loaded_counts": loaded_counts,
        "loaded_rates": rates,
        **({"loaded_voice_counts": voice} if has_voice else {}),
        "attribution_profile": profile,
        "quote_kinds": kinds,
        "actor_counts": actors,
    }


def _exact_sums(stance: pd.DataFrame) -> dict[tuple[str, str], list[Fraction]]:
    """Per outlet × actor, the exact sums (:func:`analysis.stats.exact_sum`) of the score
    columns of one chunk."""
    values: dict[tuple[str, str], list[list[float]]] = {}
    rows = zip(stance["outlet"].tolist(), stance["actor"].tolist(),
               *(stance[c].tolist() for c in SCORE_COLUMNS), strict=True)
    for outlet, actor, *scores in rows:
        cols = values.setdefault((outlet, actor), [[] for _ in SCORE_COLUMNS])
        for col, v in zip(cols, scores, strict=True):
            col.append(v)
    return {key: [exact_sum(col) for col in cols] for key, cols in values.items()}


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c.startswith("n_") else object) for c in columns}
        )
    return pd.concat(parts, ignore_index=True)


def _sum_series(parts: list[pd.Series], levels: list[str]) -> pd.Series:
    parts = [p for p in parts if len(p)]
    if not parts:
        index = (
            pd.MultiIndex.from_arrays([[]] * len(levels), names=levels)
            if len(levels) > 1
            else pd.Index([], name=levels[0])
        )
        return pd.Series([], index=index, dtype="int64")
    total = pd.concat(parts).groupby(level=levels, sort=True).sum()
    return total.astype("int64")


def _sum_frames(parts: list, levels: list[str], columns: list[str] | None = None) -> pd.DataFrame:
    parts = [p.to_frame() if isinstance(p, pd.Series) else p for p in parts if len(p)]
    if not parts:
        index = pd.MultiIndex.from_arrays([[]] * len(levels), names=levels)
        return pd.DataFrame({c: pd.Series(dtype="int64") for c in columns or []}, index=index)
    total = pd.concat(parts).groupby(level=levels, sort=True).sum()
    return total.fillna(0).astype("int64")


def _attribution_profile(
    counts: pd.DataFrame, totals: pd.Series, tokens: pd.Series
) -> pd.DataFrame:
    """:func:`analysis.attribution.attribution_profile` from counts (same rows, same numbers)."""
    rows = []
    for dimension, values in (("source_type", SOURCE_TYPES), ("verb_stance", STANCES)):
        col = counts[dimension] if dimension in counts.columns else pd.Series(dtype="int64")
        for key in sorted(tokens.index):
            total = int(totals.get(key, 0))
            for value in values:
                n = int(col.get((key, value), 0))
                rows.append(
                    {
                        "outlet": key,
                        "dimension": dimension,
                        "value": value,
                        "n": n,
                        "n_attributions": total,
                        "share": round(n / total, 4) if total else float("nan"),
                        "per_1k_tokens": round(1000 * n / tokens[key], 4)
                        if tokens[key]
                        else float("nan"),
                    }
                )
    return pd.DataFrame(rows)


__all__ = [
    "SCHEDULERS",
    "TABLES",
    "PipelineResources",
    "aggregate_streamed",
    "analyse_documents",
    "iter_tables",
    "load_resources",
    "read_manifest",
    "read_tables",
    "run_pipeline",
    "table_schemas",
]
