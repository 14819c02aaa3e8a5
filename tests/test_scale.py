"""analysis.scale and the streaming reader: corpora larger than memory, all cores, Dask.

Real runs on the seeds and on a generated corpus (bench/corpus_gen.py, about 1 MB): streamed
tables equal the in-memory ones, 1 and 2 workers and a Dask cluster write identical files,
memory is bounded by construction (chunks, a bounded number in flight), bad options are clear.
Nothing here is timed: throughput is measured by bench/pipeline.py.
"""

from __future__ import annotations

import hashlib
import json
import random
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.actors import _TOKEN_LEFT, _token_left, find_mentions, naming_forms
from analysis.attribution import attribution_profile, find_attributions, find_hedges, mark_voice
from analysis.clean import _CHAR_MAP, _MAPPED, _TRANSLATE, _map_char
from analysis.cli import main
from analysis.corpus import CorpusWarning, iter_corpus, load_corpus
from analysis.errors import CorpusError, ParameterError
from analysis.framing import analyse_corpus
from analysis.loaded import find_loaded, loaded_rates, loaded_targets
from analysis.quotes import find_quotes
from analysis.scale import (
    TABLES,
    _ChunkTask,
    _lexicon_matcher,
    _run_processes,
    aggregate_streamed,
    analyse_documents,
    iter_tables,
    load_resources,
    read_manifest,
    read_tables,
    run_pipeline,
    table_schemas,
)
from analysis.segment import _WORD_BEFORE, _word_before
from analysis.stance import (
    _textblob_fast,
    _textblob_reference,
    _textblob_tokens,
    _vader_fast,
    _vader_reference,
    _vader_tables,
    actor_stance,
    stance_sentences,
)
from bench.corpus_gen import write_corpus
from tests.conftest import SEEDS

# rows of each table are identified by these columns (sorted by them to compare)
KEYS = {
    "documents": ["doc_id"],
    "removals": ["doc_id", "start"],
    "sentences": ["doc_id", "sent_id"],
    "loaded_hits": ["doc_id", "start"],
    "mentions": ["doc_id", "start"],
    "attributions": ["doc_id", "sent_id", "cue_start"],
    "quotes": ["doc_id", "start"],
    "hedges": ["doc_id", "start"],
    "stance_sentences": ["doc_id", "sent_id", "actor"],
}


def _sorted(df: pd.DataFrame, name: str) -> pd.DataFrame:
    return df.sort_values(KEYS[name], kind="stable").reset_index(drop=True)


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# the columns a hand-made JSONL file does not have
_NO_COLUMNS = {"date_column": None, "title_column": None, "url_column": None,
               "language_column": None}


def _jsonl(path: Path, n: int, *, broken_line: int | None = None) -> Path:
    """``n`` one-sentence documents of two outlets, line ``broken_line`` cut off mid-object."""
    lines = []
    for i in range(n):
        doc = {"doc_id": f"late{i}", "outlet": "Outlet A" if i % 2 else "Outlet B",
               "text": f"Putin said the talks were a disaster. Report {i} followed."}
        lines.append(json.dumps(doc) if i + 1 != broken_line else '{"doc_id": "late6", "outlet":')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _broken_jsonl(path: Path) -> Path:
    return _jsonl(path, 10, broken_line=7)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """About 1 MB of news-like documents from the seeds' sentences, five outlets."""
    path = tmp_path_factory.mktemp("gen") / "generated.jsonl"
    return write_corpus(path, 1_000_000, seed=7)


@pytest.fixture(scope="module")
def generated_run(generated, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "one-worker"
    return run_pipeline(generated, out, chunk_size=60, progress=False)


@pytest.fixture(scope="module")
def generated_memory(generated) -> dict[str, pd.DataFrame]:
    """The in-memory pipeline on the whole generated corpus, step by step (as analyse_corpus)."""
    from analysis.pipeline import prepare_corpus

    prepared = prepare_corpus(generated)
    s, docs = prepared.sentences, prepared.documents
    hits = find_loaded(s)
    mentions = find_mentions(s)
    forms = naming_forms(s, mentions)
    targets = loaded_targets(hits, forms, s)
    attributions = find_attributions(s, mentions=mentions, documents=docs)
    quotes = find_quotes(s, docs, attributions=attributions, mentions=mentions)
    return {
        "sentences": s,
        "removals": prepared.removals,
        "loaded_hits": mark_voice(
            targets, attributions=attributions, quotes=quotes, reported_speech="outlet"
        ),
        "mentions": forms,
        "attributions": attributions,
        "quotes": quotes,
        "hedges": find_hedges(s, attributions=attributions, quotes=quotes),
        "stance_sentences": stance_sentences(s, mentions, targets),
        "raw_mentions": mentions,
    }


# --------------------------------------------------------------------------------------------
# 1. streaming reader: the same documents, checks and errors as load_corpus


def _concat(chunks) -> pd.DataFrame:
    return pd.concat(list(chunks)).sort_values("doc_id", kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("chunk_size", [1, 2, 500])
def test_iter_corpus_folder_equals_load_corpus(chunk_size):
    chunks = list(iter_corpus(SEEDS, chunk_size=chunk_size))
    assert all(len(c) <= chunk_size for c in chunks)
    assert all(c["doc_id"].is_monotonic_increasing for c in chunks)
    pd.testing.assert_frame_equal(_concat(chunks), load_corpus(SEEDS), check_exact=True)


def test_iter_corpus_csv_jsonl_parquet_equal_load_corpus(generated, tmp_path):
    whole = load_corpus(generated)
    pd.testing.assert_frame_equal(_concat(iter_corpus(generated, chunk_size=33)), whole)
    table = whole.drop(columns=["source", "source_line"])
    csv_path, pq_path = tmp_path / "c.csv", tmp_path / "c.parquet"
    table.to_csv(csv_path, index=False)
    table.to_parquet(pq_path, row_group_size=50)
    for path in (csv_path, pq_path):
        expected = load_corpus(path)
        pd.testing.assert_frame_equal(_concat(iter_corpus(path, chunk_size=41)), expected)


def _outcome(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn()
        except CorpusError as exc:
            result = f"error: {exc}"
    return result, [str(w.message) for w in caught]


@pytest.mark.parametrize(
    ("name", "data", "options"),
    [
        ("dupe.jsonl", b'{"doc_id":"a","outlet":"x","text":"t"}\n{"doc_id":"b","outlet":"x",'
         b'"text":" "}\n{"doc_id":"a","outlet":"y","text":"u"}\n', {}),
        ("bom.jsonl", b'\xef\xbb\xbf{"doc_id":"a","outlet":"x","text":"t"}\n{"doc_id":"b",'
         b'"outlet":"x","text":"caf\xe9"}\n', {}),
        ("bom.jsonl", b'\xef\xbb\xbf{"doc_id":"a","outlet":"x","text":"t"}\n{"doc_id":"b",'
         b'"outlet":"x","text":"caf\xe9"}\n', {"encoding_errors": "fallback"}),
        ("rows.csv", b"doc_id,outlet,text\na,x,\"one, two\"\r\nb,y,\"multi\nline\"\n\nc,z\n", {}),
        ("semi.csv", b"doc_id;outlet;text\ra;x;one\rb;y;two\r", {}),
        ("nul.csv", b"doc_id,outlet,text\na,x,t\x00\n", {}),
        ("cols.csv", b"id,outlet,text\na,x,t\n", {}),
        ("date.jsonl", b'{"doc_id":"a","outlet":"x","text":"t","date":"soon"}\n', {}),
        ("list.jsonl", b"[1, 2]\n", {}),
        ("empty.jsonl", b"\n\n", {}),
        ("blank.jsonl", b'{"doc_id":"a","outlet":"x","text":" "}\n', {}),
    ],
)
def test_iter_corpus_checks_and_errors_are_load_corpus_s(tmp_path, name, data, options):
    path = tmp_path / name
    path.write_bytes(data)
    options = {"title_column": None, "url_column": None, "language_column": None, **options}
    if "date" not in name:
        options["date_column"] = None
    expected = _outcome(lambda: load_corpus(path, **options))
    got = _outcome(lambda: _concat(iter_corpus(path, chunk_size=1, **options)))
    if isinstance(expected[0], pd.DataFrame):
        pd.testing.assert_frame_equal(got[0], expected[0])
    else:
        assert got[0] == expected[0]
    assert got[1] == expected[1]


def test_iter_corpus_streams(tmp_path):
    """Chunks come before the whole file has been read: a broken last line is only found
    after the first chunks were yielded (memory holds a chunk, not the file)."""
    lines = [json.dumps({"doc_id": f"d{i}", "outlet": "x", "text": f"text {i}"}) for i in range(10)]
    path = tmp_path / "late.jsonl"
    path.write_text("\n".join([*lines, "{broken"]) + "\n", encoding="utf-8")
    chunks = iter_corpus(path, chunk_size=4, date_column=None, title_column=None,
                         url_column=None, language_column=None)
    assert len(next(chunks)) == 4
    assert len(next(chunks)) == 4
    with pytest.raises(CorpusError, match="line 11: not valid JSON"):
        next(chunks)


# --------------------------------------------------------------------------------------------
# 2. streamed tables = in-memory tables


@pytest.fixture(scope="module")
def seeds_analysis():
    return analyse_corpus(corpus=str(SEEDS), bootstrap_reps=100)


def test_seeds_streamed_tables_equal_the_report_s(seeds_analysis, tmp_path):
    out = run_pipeline(SEEDS, tmp_path / "run", chunk_size=2, progress=False)
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "manifest.json"])
    assert sorted(p.name for p in (out / "sentences").iterdir()) == [
        "part-000000.parquet", "part-000001.parquet", "part-000002.parquet",
    ]
    tables = seeds_analysis.tables
    for name in TABLES[1:]:
        streamed = _sorted(read_tables(out, name), name)
        expected = _sorted(tables[name], name)
        pd.testing.assert_frame_equal(streamed, expected, check_exact=True, obj=name)
    docs = read_tables(out, "documents")
    assert docs["doc_id"].tolist() == ["000", "001", "002", "003", "004"]
    assert "text" not in docs.columns
    manifest = read_manifest(out)
    assert manifest["totals"]["n_documents"] == 5
    assert manifest["totals"]["rows"]["sentences"] == 92  # the BBC's photo caption is cleaned away
    assert [c["n_documents"] for c in manifest["chunks"]] == [2, 2, 1]


def test_seeds_aggregates_equal_in_memory(seeds_analysis, tmp_path):
    out = run_pipeline(SEEDS, tmp_path / "run", chunk_size=3, progress=False)
    agg = aggregate_streamed(out, n_boot=100)
    s = seeds_analysis.sentences
    expected = loaded_rates(seeds_analysis.tables["loaded_hits"], s, n_boot=100)
    pd.testing.assert_frame_equal(agg["loaded_rates"], expected, check_exact=True)
    pd.testing.assert_frame_equal(
        agg["attribution_profile"], seeds_analysis.tables["attribution_profile"], check_exact=True
    )
    outlets = agg["outlets"].set_index("outlet")
    assert outlets["n_tokens"].to_dict() == s.groupby("outlet")["n_tokens"].sum().to_dict()
    assert outlets["n_docs"].sum() == 5 and outlets["n_sentences"].sum() == 92


def test_a_run_with_clause_stance_streams_the_report_s_clause_tables(tmp_path):
    fa = analyse_corpus(corpus=str(SEEDS), bootstrap_reps=100, stance_context="clause")
    out = run_pipeline(SEEDS, tmp_path / "run", chunk_size=2, progress=False,
                       stance_context="clause")
    streamed = read_tables(out, "stance_sentences")
    assert {"context_start", "context_end", "context"} <= set(streamed.columns)
    pd.testing.assert_frame_equal(_sorted(streamed, "stance_sentences"),
                                  _sorted(fa.tables["stance_sentences"], "stance_sentences"),
                                  check_exact=True)
    assert read_manifest(out)["resources"]["stance_context"] == "clause"
    cols = ["outlet", "actor", "n_sentences", "tb_polarity", "tb_subjectivity", "vader_compound"]
    counts = aggregate_streamed(out, intervals=False)["actor_counts"][cols]
    stance = fa.tables["stance"][cols].sort_values(["outlet", "actor"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(counts, stance, check_dtype=False)
    zel = counts.set_index(["outlet", "actor"]).loc[("World News Actuality", "Zelensky")]
    assert zel["vader_compound"] == 0.2351  # the clause figure (the sentence gives 0.2734)


def test_a_run_of_format_1_aggregates_without_voice_counts(tmp_path):
    import json

    out = run_pipeline(SEEDS, tmp_path / "run", chunk_size=5, progress=False)
    assert read_manifest(out)["framescope_run"] == 2
    resources = read_manifest(out)["resources"]  # what the run was analysed with
    assert [lx["name"] for lx in resources["lexicons"]] == [
        "loaded_language", "reporting_verbs", "source_cues", "hedges", "actors"]
    assert "analysis/data/collective_nouns.txt" in {f["file"] for f in resources["data_files"]}
    assert "loaded_voice_counts" in aggregate_streamed(out, n_boot=100)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["framescope_run"] = 1  # as a run written before loaded hits had a voice
    manifest["tables"]["loaded_hits"] = [c for c in manifest["tables"]["loaded_hits"]
                                         if c not in ("voice", "voice_reason")]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.warns(UserWarning, match=r"run written before loaded hits had a voice .*overwrite=True"):
        agg = aggregate_streamed(out, n_boot=100)
    assert "loaded_voice_counts" not in agg and len(agg["loaded_rates"]) > 0


def test_generated_streamed_equals_in_memory(generated_run, generated_memory):
    manifest = read_manifest(generated_run)
    assert manifest["totals"]["n_chunks"] > 3  # really chunked
    for name in TABLES[1:]:
        streamed = _sorted(read_tables(generated_run, name), name)
        expected = _sorted(generated_memory[name], name)
        pd.testing.assert_frame_equal(streamed, expected, check_exact=True, obj=name)


def test_generated_aggregates_equal_in_memory(generated_run, generated_memory):
    mem = generated_memory
    agg = aggregate_streamed(generated_run, n_boot=200, seed=3)
    s, hits = mem["sentences"], mem["loaded_hits"]
    # rates with their seeded bootstrap intervals, number for number
    pd.testing.assert_frame_equal(
        agg["loaded_rates"], loaded_rates(hits, s, n_boot=200, seed=3), check_exact=True
    )
    assert agg["loaded_rates"]["ci_low"].notna().any()  # > min_docs per outlet: intervals
    outlets = agg["outlets"].set_index("outlet")
    assert outlets["n_tokens"].to_dict() == s.groupby("outlet")["n_tokens"].sum().to_dict()
    assert outlets["n_sentences"].to_dict() == s.groupby("outlet").size().to_dict()
    assert outlets["n_loaded_hits"].to_dict() == hits.groupby("outlet").size().to_dict()
    counts = hits.groupby(["outlet", "category"]).size()
    assert agg["loaded_counts"].set_index(["outlet", "category"])["n_hits"].to_dict() == (
        counts.to_dict()
    )
    pd.testing.assert_frame_equal(
        agg["attribution_profile"], attribution_profile(mem["attributions"], s), check_exact=True
    )
    voices = hits.groupby(["outlet", "voice"]).size()
    assert agg["loaded_voice_counts"].set_index(["outlet", "voice"])["n_hits"].to_dict() == (
        voices.to_dict()
    )
    assert set(hits["voice"]) == {"outlet", "attributed"}  # both occur in the generated corpus
    kinds = mem["quotes"].groupby(["outlet", "kind"]).size()
    assert agg["quote_kinds"].set_index(["outlet", "kind"])["n"].to_dict() == kinds.to_dict()
    stance = actor_stance(s, mem["raw_mentions"], hits, n_boot=100)
    cols = ["outlet", "actor", "n_sentences", "n_mentions", "n_loaded", "loaded_per_sentence",
            "tb_polarity", "tb_subjectivity", "vader_compound"]
    pd.testing.assert_frame_equal(
        agg["actor_counts"][cols].reset_index(drop=True),
        stance[cols].sort_values(["outlet", "actor"]).reset_index(drop=True),
        check_dtype=False,
    )
    assert agg["actor_counts"]["vader_compound"].abs().sum() > 1  # real scores, not zeros
    # intervals=False: same rates, no bootstrap
    quick = aggregate_streamed(generated_run, intervals=False)["loaded_rates"]
    assert quick["rate_per_1k"].tolist() == agg["loaded_rates"]["rate_per_1k"].tolist()
    assert quick["ci_low"].isna().all()


# --------------------------------------------------------------------------------------------
# 3. all cores, Dask: the same files


def test_two_workers_write_the_same_files(generated, generated_run, tmp_path):
    out = run_pipeline(generated, tmp_path / "two", chunk_size=60, workers=2, progress=False)
    assert _files(out) == _files(generated_run)
    assert [p.name for p in tmp_path.iterdir()] == ["two"]  # the folder it was built in is gone
    pd.testing.assert_frame_equal(
        read_tables(out, "loaded_hits"), read_tables(generated_run, "loaded_hits")
    )


def test_dask_local_cluster_writes_the_same_files(generated, generated_run, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        out = run_pipeline(
            generated, tmp_path / "dask", chunk_size=60, scheduler=cluster.scheduler_address,
            progress=False,
        )
        before = _files(out)
        assert before == _files(generated_run)
        # a failed overwrite on the cluster: the workers wrote beside the run, which stays
        broken = _broken_jsonl(tmp_path / "late.jsonl")
        with pytest.raises(CorpusError, match="line 7: not valid JSON"):
            run_pipeline(broken, out, chunk_size=2, scheduler=cluster.scheduler_address,
                         overwrite=True, progress=False, **_NO_COLUMNS)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dask", "late.jsonl"]


def test_same_corpus_and_options_same_files(tmp_path):
    a = run_pipeline(SEEDS, tmp_path / "a", chunk_size=2, progress=False)
    b = run_pipeline(SEEDS, tmp_path / "b", chunk_size=2, progress=False)
    assert _files(a) == _files(b)
    c = run_pipeline(SEEDS, tmp_path / "a", chunk_size=2, overwrite=True, progress=False)
    assert _files(c) == _files(b)


# --------------------------------------------------------------------------------------------
# 4. bounded memory, by design


def test_memory_is_bounded_by_chunks(generated, generated_run):
    manifest = read_manifest(generated_run)
    n_docs = len(load_corpus(generated))
    assert manifest["totals"]["n_documents"] == n_docs
    assert manifest["totals"]["n_chunks"] == -(-n_docs // 60)
    assert all(c["n_documents"] <= 60 for c in manifest["chunks"])
    sizes = [len(df) for df in iter_tables(generated_run, "documents")]
    assert max(sizes) <= 60 and sum(sizes) == n_docs


def test_at_most_two_chunks_per_worker_in_flight(tmp_path):
    """The process pool never holds more than 2 × workers chunks: the next chunk is read only
    when one is done."""
    resources = load_resources()
    for name in TABLES:
        (tmp_path / name).mkdir()
    empty = load_corpus(SEEDS).iloc[:0]
    pulled, finished, gaps = [], [], []

    def tasks(schemas):
        assert schemas == table_schemas(resources)  # computed in a worker
        for i in range(9):
            pulled.append(i)
            gaps.append(len(pulled) - len(finished))
            yield _ChunkTask(i, empty, str(tmp_path), resources, schemas)

    _run_processes(tasks, finished.append, resources, workers=2)
    assert sorted(s["chunk"] for s in finished) == list(range(9))
    assert max(gaps) <= 2 * 2


def test_a_worker_imports_no_nltk_scipy_or_matplotlib():
    """What a worker imports is memory every worker pays for: analysing a chunk needs neither
    NLTK (TextBlob's pattern modules are loaded without it) nor SciPy nor matplotlib."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from analysis.corpus import load_corpus\n"
        "from analysis.scale import analyse_documents\n"
        f"tables = analyse_documents(load_corpus({str(SEEDS)!r}))\n"
        "assert len(tables['stance_sentences']) > 100\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'nltk', 'scipy', 'matplotlib', 'textblob', 'sklearn'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[]"]


def test_filters_and_unknown_outlets(tmp_path):
    out = run_pipeline(SEEDS, tmp_path / "f", chunk_size=2, outlets=["BBC News", "Al Jazeera"],
                       progress=False)
    assert sorted(read_tables(out, "documents")["outlet"]) == ["Al Jazeera", "BBC News"]
    assert read_manifest(out)["totals"]["n_documents"] == 2
    with pytest.raises(CorpusError, match=r"unknown outlet.*'Fox'.*the corpus has"):
        run_pipeline(SEEDS, tmp_path / "g", outlets=["Fox"], progress=False)
    assert not (tmp_path / "g").exists()  # no unfinished run left to --overwrite
    out = run_pipeline(SEEDS, tmp_path / "h", start="2026-01-01", progress=False)
    assert read_manifest(out)["totals"]["n_documents"] == 3  # 3 seeds dated 2026-01-06


def test_filters_that_keep_no_document_are_an_error_not_an_empty_run(tmp_path):
    message = ("no documents match the filters (from 2027-01-01): the corpus has 5 documents, "
               "dated 2025-03-11 to 2026-01-06; widen or drop the filters")
    with pytest.raises(CorpusError) as exc:
        run_pipeline(SEEDS, tmp_path / "r", chunk_size=2, start="2027-01-01", progress=False)
    assert str(exc.value) == message  # the message of the report and the summary
    assert not (tmp_path / "r").exists()
    with pytest.raises(CorpusError, match=r"\(outlets 'BBC News', 'Al Jazeera'; to 2025-12-31\): "
                       r"these outlets have 2 documents, dated 2026-01-06;"):
        run_pipeline(SEEDS, tmp_path / "r", chunk_size=2, outlets=["BBC News", "Al Jazeera"],
                     end="2025-12-31", progress=False)
    previous = run_pipeline(SEEDS, tmp_path / "p", progress=False)
    (previous / "notes.txt").write_text("mine")
    before = _files(previous)
    with pytest.raises(CorpusError, match="no documents match the filters"):
        run_pipeline(SEEDS, previous, start="2027-01-01", overwrite=True, progress=False)
    assert _files(previous) == before  # the previous run (and the notes beside it) as it was
    assert [p.name for p in tmp_path.iterdir()] == ["p"]  # no temporary folder left


# --------------------------------------------------------------------------------------------
# 5. bad options are clear


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"chunk_size": 0}, "chunk_size=0: use a positive integer"),
        ({"chunk_size": "500"}, "chunk_size='500'"),
        ({"workers": 0}, "workers=0: use a positive integer"),
        ({"workers": True}, "workers=True"),
        ({"scheduler": "threads"}, "scheduler='threads' is not allowed; choose one of"),
        ({"scheduler": 8786}, "scheduler=8786: use None, 'processes', 'dask'"),
        ({"outlets": "BBC News"}, "give a list of outlet names"),
        ({"target_window": -1}, "target_window=-1"),
        ({"stance_context": "window"}, "stance_context='window' is not allowed; choose one of"),
        ({"start": "2024-13-01"}, "start='2024-13-01' is not a date: month must be in 1..12"),
        ({"start": "2025-01-02", "end": "2024-01-01"}, "start='2025-01-02' is after end="),
    ],
)
def test_bad_options_are_clear(tmp_path, options, message):
    with pytest.raises(ParameterError, match=message):
        run_pipeline(SEEDS, tmp_path / "x", progress=False, **options)
    assert not (tmp_path / "x").exists()
    # checked before the corpus is read: a corpus that is not there is not what is reported
    with pytest.raises(ParameterError, match=message):
        run_pipeline(tmp_path / "nowhere", tmp_path / "x", progress=False, **options)


def test_output_folder_rules(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("keep me")
    with pytest.raises(ParameterError, match="not empty; pass overwrite=True"):
        run_pipeline(SEEDS, foreign, progress=False)
    with pytest.raises(ParameterError, match="not a framescope run"):
        run_pipeline(SEEDS, foreign, overwrite=True, progress=False)
    assert (foreign / "thesis.docx").read_text() == "keep me"
    with pytest.raises(ParameterError, match="no finished framescope run"):
        read_tables(foreign, "sentences")
    with pytest.raises(CorpusError, match="no such file"):
        run_pipeline(tmp_path / "nowhere", tmp_path / "out", progress=False)
    out = run_pipeline(SEEDS, tmp_path / "ok", progress=False)
    with pytest.raises(ParameterError, match="name='sentence' is not allowed"):
        read_tables(out, "sentence")
    with pytest.raises(ParameterError, match="chunk_size=0"):
        next(iter_corpus(SEEDS, chunk_size=0))


def test_command_line_run(tmp_path, capsys):
    out = tmp_path / "cli"
    assert main(["run", str(SEEDS), "--out", str(out), "--chunk-size", "2", "--no-progress"]) == 0
    assert "5 documents in 3 chunks, 92 sentences" in capsys.readouterr().out
    rates = pd.read_csv(out / "aggregates" / "loaded_rates.csv")
    assert set(rates["outlet"]) == {
        "Al Jazeera", "BBC News", "UK tabloid (unnamed)", "Unidentified republisher",
        "World News Actuality",
    }
    assert main(["run", str(SEEDS), "--out", str(out), "--no-progress"]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["run", str(SEEDS), "--out", str(out), "--scheduler", "nope"]) == 2
    assert "scheduler='nope' is not allowed" in capsys.readouterr().err
    clause = tmp_path / "clause"
    assert main(["run", str(SEEDS), "--out", str(clause), "--stance-context", "clause",
                 "--no-progress"]) == 0
    assert "context" in read_tables(clause, "stance_sentences").columns
    counts = pd.read_csv(clause / "aggregates" / "actor_counts.csv").set_index(["outlet", "actor"])
    assert counts.loc[("World News Actuality", "Zelensky"), "vader_compound"] == 0.2351


# --------------------------------------------------------------------------------------------
# 5b. a run replaces the previous one only when it has finished; its manifest says with what


def test_a_failed_overwrite_leaves_the_previous_run_as_it_was(tmp_path, capsys):
    out = tmp_path / "run2"
    assert main(["run", str(SEEDS), "--out", str(out), "--workers", "1", "--no-progress"]) == 0
    (out / "notes.txt").write_text("mine")
    before = _files(out)
    assert {"manifest.json", "aggregates/loaded_rates.csv", "notes.txt",
            "sentences/part-000000.parquet"} <= set(before)
    late = _broken_jsonl(tmp_path / "late.jsonl")
    capsys.readouterr()
    assert main(["run", str(late), "--out", str(out), "--overwrite", "--chunk-size", "2",
                 "--no-progress", "--date-column", "", "--title-column", ""]) == 2
    assert "late.jsonl: line 7: not valid JSON" in capsys.readouterr().err
    assert _files(out) == before  # every file, byte for byte (three chunks had been written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.jsonl", "run2"]
    assert read_manifest(out)["corpus"] == str(SEEDS)


def test_an_interrupted_or_failing_run_deletes_only_its_own_folder(tmp_path, monkeypatch):
    import analysis.scale as scale

    out = run_pipeline(SEEDS, tmp_path / "run", chunk_size=2, progress=False)
    before = _files(out)
    late = _jsonl(tmp_path / "late.jsonl", 6)
    folders = []
    run_chunk = scale._run_chunk

    def interrupted(task):
        folders.append(Path(task.out_dir))
        if task.index == 1:
            raise KeyboardInterrupt
        return run_chunk(task)

    monkeypatch.setattr(scale, "_run_chunk", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_pipeline(late, out, chunk_size=2, overwrite=True, progress=False, **_NO_COLUMNS)
    # the chunks went to a hidden sibling of the run, which is gone
    assert folders[0].parent == tmp_path and folders[0].name.startswith(".run.building-")
    assert not folders[0].exists()
    assert (folders[0] / "documents").name == "documents"
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.jsonl", "run"]
    monkeypatch.undo()
    # the aggregates are part of the run: an error in them (at the end) changes nothing either
    with pytest.raises(ParameterError, match="min_docs=1"):
        run_pipeline(late, out, chunk_size=2, overwrite=True, progress=False,
                     aggregates={"min_docs": 1}, **_NO_COLUMNS)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.jsonl", "run"]
    # their options are checked before the run starts
    with pytest.raises(ParameterError, match="n_boot=50: use an integer of at least 100"):
        run_pipeline(late, tmp_path / "x", progress=False, aggregates={"n_boot": 50},
                     **_NO_COLUMNS)
    with pytest.raises(ParameterError, match="unexpected keyword argument 'boot'"):
        run_pipeline(late, tmp_path / "x", progress=False, aggregates={"boot": 50},
                     **_NO_COLUMNS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.jsonl", "run"]


def test_a_successful_overwrite_replaces_the_run(tmp_path):
    import os
    import stat

    out = run_pipeline(SEEDS, tmp_path / "run", chunk_size=2, progress=False, aggregates={})
    (out / "notes.txt").write_text("mine")
    assert len(read_manifest(out)["chunks"]) == 3
    late = _jsonl(tmp_path / "late.jsonl", 4)
    umask = os.umask(0o027)
    try:
        run_pipeline(late, out, chunk_size=2, overwrite=True, progress=False, **_NO_COLUMNS)
    finally:
        os.umask(umask)
    manifest = read_manifest(out)
    assert manifest["corpus"] == str(late) and manifest["totals"]["n_documents"] == 4
    assert read_tables(out, "documents")["doc_id"].tolist() == ["late0", "late1", "late2",
                                                                "late3"]
    files = _files(out)
    assert "documents/part-000002.parquet" not in files  # the old run's third chunk went
    assert not any(f.startswith("aggregates/") for f in files)  # and its aggregates
    assert (out / "notes.txt").read_text() == "mine"  # a file that is not the run's stays
    assert sorted(p.name for p in tmp_path.iterdir()) == ["late.jsonl", "run"]
    # the folder's mode follows the umask, as a plain mkdir's (not mkdtemp's 0700)
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    assert stat.S_IMODE((out / "documents").stat().st_mode) == 0o750


def test_the_manifest_records_versions_and_options(tmp_path, capsys):
    import platform
    import sys
    from importlib import metadata

    from analysis.report import summarize_corpus

    runs = [tmp_path / "a", tmp_path / "b"]
    for out in runs:
        assert main(["run", str(SEEDS), "--out", str(out), "--chunk-size", "2", "--no-progress",
                     "--intervals", "--n-boot", "200"]) == 0
    assert _files(runs[0]) == _files(runs[1])  # manifest.json and aggregates byte for byte
    manifest = read_manifest(runs[0])
    assert manifest["aggregates"] == {"n_boot": 200, "seed": 0, "level": 0.95, "min_docs": 5,
                                      "intervals": True}
    for name in ("numpy", "pandas", "pyarrow", "textblob", "vaderSentiment"):
        assert manifest["packages"][name] == metadata.version(name)
    assert manifest["framescope_version"] == metadata.version("framescope")
    assert manifest["python"] == sys.version.split()[0]
    assert manifest["platform"] == platform.platform(terse=True)
    assert "built_at" not in manifest  # nothing that changes from one run to the next
    # the same record as a report's provenance
    summarize_corpus(SEEDS, tmp_path / "summary")
    prov = json.loads((tmp_path / "summary" / "provenance.json").read_text(encoding="utf-8"))
    for key in ("framescope_version", "packages", "python", "platform"):
        assert manifest[key] == prov[key]
    assert main(["run", str(SEEDS), "--out", str(tmp_path / "c"), "--no-progress"]) == 0
    assert read_manifest(tmp_path / "c")["aggregates"]["intervals"] is False
    api = run_pipeline(SEEDS, tmp_path / "api", progress=False)
    assert read_manifest(api)["aggregates"] is None
    assert not (api / "aggregates").exists()


# --------------------------------------------------------------------------------------------
# 6. the fast paths give the same results as the code they replace


def _tricky_sentences() -> list[str]:
    return [
        "VADER is VERY SMART, handsome, and FUNNY!!!", "The book was only kind of good.",
        "Not bad at all", "At least it isn't a horrible book.", "Without a doubt, excellent idea.",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Make sure you :) or :D today!",
        "Today only kinda sux! But I'll get by, lol", "He said (!) it was great (8) :-(",
        "It was “good”, he said — ‘very good’... really?!", "no no no good", "bad ass", "",
        "Line one\n\nLine two is great.", "END-OF-SENTENCE is not good", "x-D XD xD o.O",
        # VADER's idioms and multi-word boosters around a lexicon word, before and after it
        "Honestly that party was the bomb and great fun", "The plan is the kiss of death, sadly",
        "A truly sweet cake to die for, lovely", "Well yeah right, great idea", "It was just enough good",
        "Honestly it is sort of bad and kind of sad", "The bus stop was a nice place",
        "He said the shit was bad ass", "My heart, my beating heart, sad",
    ]


def test_fast_scorers_equal_textblob_and_vader_on_every_sentence(seeds_analysis, generated_memory):
    texts = [*seeds_analysis.sentences["text"], *seeds_analysis.prepared.documents["text"],
             *generated_memory["sentences"]["text"].head(3000), *_tricky_sentences()]
    for text in texts:
        assert _vader_fast(text) == _vader_reference(text), text
        assert _textblob_fast(text) == _textblob_reference(text), text


_VADER_WORDS = sorted(_vader_tables()[2])[::7]
_SPECIAL = ["not", "no", "never", "but", "BUT", "least", "at", "very", "kind", "of", "sort", "so",
            "this", "without", "doubt", "isn't", "don't", "or", "nor", "GOOD", "!", "!!", "?",
            "???", ":)", "😁", "the", "shit", "bomb", "bad", "ass", "kiss", "death", "extremely",
            "(!)", "8)", "“great”", "'good'", "U.S.", "...", "\n\n", "Mr.", "—", "to", "die",
            "for", "yeah", "right", "just", "enough", "beating", "heart", "bus", "stop"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_VADER_WORDS), st.sampled_from(_SPECIAL)), max_size=16),
       st.sampled_from([" ", "  ", ", "]), st.booleans())
def test_fast_vader_equals_vader_on_any_text(words, sep, upper):
    text = sep.join(w.upper() if upper and i % 3 == 1 else w for i, w in enumerate(words))
    assert _vader_fast(text) == _vader_reference(text)
    assert str(_vader_fast(text)) == str(_vader_reference(text))  # -0.0 stays -0.0
    assert _textblob_fast(text) == _textblob_reference(text)


def test_textblob_tokens_are_find_tokens_s():
    from textblob.en import sentiment

    for text in _tricky_sentences():
        assert _textblob_tokens(text) == " ".join(sentiment.tokenizer(text)).split()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ1.٣_é²-’' ,\t")), max_size=160),
       st.integers(0, 200))
def test_windowed_searches_equal_whole_line_searches(line, end):
    end = min(end, len(line))
    a, b = _word_before(line, end), _WORD_BEFORE.search(line, 0, end)
    assert (a and a.regs) == (b and b.regs)
    b = _TOKEN_LEFT.search(line, 0, end)
    assert _token_left(line, end) == (b and (b.start(1), b.group(1)))


def test_token_left_on_every_position_of_random_lines():
    rng = random.Random(3)
    alphabet = list("ab _’'.-\n \t1,“Zé")
    for _ in range(3000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for end in range(len(line) + 1):
            b = _TOKEN_LEFT.search(line, 0, end)
            assert _token_left(line, end) == (b and (b.start(1), b.group(1))), (line, end)


def test_character_map_by_regex_equals_translate():
    rng = random.Random(0)
    alphabet = [*_CHAR_MAP, "a", " ", "\n", "é", "—", "“"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert _MAPPED.sub(_map_char, text) == text.translate(_TRANSLATE)


def test_analyse_documents_is_the_report_chain(seeds_analysis):
    tables = analyse_documents(load_corpus(SEEDS))
    assert set(tables) == set(TABLES)
    for name in TABLES[1:]:
        pd.testing.assert_frame_equal(
            _sorted(tables[name], name), _sorted(seeds_analysis.tables[name], name), obj=name
        )


def test_warnings_of_the_reader_reach_the_caller(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id":"a","outlet":"x","text":"Putin said so."}\n'
                    '{"doc_id":"b","outlet":"x","text":""}\n', encoding="utf-8")
    with pytest.warns(CorpusWarning, match="document 'b' is empty; skipped"):
        out = run_pipeline(path, tmp_path / "out", progress=False, date_column=None,
                           title_column=None, url_column=None, language_column=None)
    assert read_manifest(out)["totals"]["n_documents"] == 1


def test_the_lexicon_matcher_is_compiled_once_per_process_and_per_lexicons(tmp_path):
    import pickle

    res = load_resources()
    first = _lexicon_matcher(res)
    # a worker gets its own copy of the resources with every chunk: still the same matcher
    assert _lexicon_matcher(pickle.loads(pickle.dumps(res))) is first
    extra = tmp_path / "extra.csv"
    extra.write_text("# version: 1.0.0\n# new_categories: x\nterm,category,rationale\nzorblat,x,test\n",
                     encoding="utf-8")
    other = _lexicon_matcher(load_resources(extra_lexicons=[extra]))
    assert other is not first  # other lexicons, another matcher
