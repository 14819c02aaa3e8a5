"""The ``framescope`` command line.

Errors in the user's input (a broken file, an unknown outlet, a bad parameter) are printed as
one readable line and the command exits with status 2; nothing is printed as a traceback.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
import warnings
from collections.abc import Sequence
from pathlib import Path

from analysis.errors import FramescopeError


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "corpus", help="a folder of .txt files with manifest.csv, or a CSV/JSONL/Parquet file"
    )
    p.add_argument("--manifest", help="manifest CSV for a folder (default: <folder>/manifest.csv)")
    p.add_argument(
        "--format", default="auto", choices=["auto", "folder", "csv", "jsonl", "parquet"]
    )
    p.add_argument("--text-column", default="text")
    p.add_argument("--id-column", default="doc_id", help="use '' to number the rows")
    p.add_argument("--outlet-column", default="outlet")
    p.add_argument("--date-column", default="date", help="use '' if there is none")
    p.add_argument(
        "--date-format",
        help="how the dates are written, as a strptime format, e.g. '%%d.%%m.%%Y' "
        "(default: ISO 8601 or RFC 2822 dates; dates are never guessed)",
    )
    p.add_argument("--title-column", default="title", help="use '' if there is none")
    p.add_argument(
        "--url-column", help="default: url, if the file has it; a column you name must be there"
    )
    p.add_argument(
        "--language-column",
        help="default: language, if the file has it; a column you name must be there",
    )
    p.add_argument(
        "--encoding-errors",
        default="strict",
        choices=["strict", "fallback"],
        help="'fallback' decodes non-UTF-8 files as Windows-1252 with a warning",
    )
    p.add_argument("--outlets", nargs="+", help="keep only these outlets")
    p.add_argument("--start", help="first day to keep (YYYY-MM-DD)")
    p.add_argument("--end", help="last day to keep (YYYY-MM-DD), the whole day")


def _corpus_kwargs(args: argparse.Namespace) -> dict:
    kw = {
        "format": args.format,
        "text_column": args.text_column,
        "id_column": args.id_column or None,
        "outlet_column": args.outlet_column,
        "date_column": args.date_column or None,
        "title_column": args.title_column or None,
        "encoding_errors": args.encoding_errors,
        "outlets": args.outlets,
        "start": args.start,
        "end": args.end,
    }
    # url and language are optional: left out, the loader reads them where the file has them
    for key in ("url_column", "language_column"):
        value = getattr(args, key)
        if value is not None:
            kw[key] = value or None
    if args.manifest:
        kw["manifest"] = args.manifest
    if args.date_format:
        kw["date_format"] = args.date_format
    return kw


def _cmd_summarize(args: argparse.Namespace) -> int:
    from analysis.build import report_name
    from analysis.report import summarize_corpus

    # the default is the report's folder name: "summarize ." inside seeds/ gives reports/seeds
    out = Path(args.out) if args.out else Path("reports") / report_name(args.corpus)
    summarize_corpus(args.corpus, out, **_corpus_kwargs(args))
    print(f"framescope: wrote {out / 'summary.html'}")
    return 0


def _parse_param(text: str) -> tuple[str, object]:
    """``-p NAME=VALUE``: the value read as YAML (``500``, ``[BBC News, Al Jazeera]``), else
    kept as text; for a parameter that takes a list, one value is a list of one
    (``-p extra_lexicons=my.csv`` is ``["my.csv"]``)."""
    import yaml

    from analysis.build import list_parameters

    if "=" not in text:
        raise FramescopeError(f"--param {text!r}: write NAME=VALUE, e.g. bootstrap_reps=500")
    key, value = text.split("=", 1)
    try:
        parsed = yaml.safe_load(value) if value else ""
    except (yaml.YAMLError, ValueError):  # not YAML, or a date YAML cannot make ("2025-02-30")
        parsed = value
    if parsed is None:
        parsed = ""
    key = key.strip()
    if key in list_parameters() and not isinstance(parsed, list):
        return key, [value] if value else []  # one name or path, as written: a list of one
    if isinstance(parsed, (int, float, list, bool)):
        return key, parsed
    return key, str(value)


def _cmd_report(args: argparse.Namespace) -> int:
    from analysis.build import build_report, build_reports_from_config

    logging.basicConfig(level=logging.INFO, format="framescope: %(message)s")
    logging.getLogger("papermill").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        handler.addFilter(_quiet_after_interrupt)
    if args.config:
        if args.corpus:
            raise FramescopeError("give either a corpus or --config, not both")
        results = build_reports_from_config(args.config, reports_dir=args.reports_dir)
        failed = [r for r in results if not r.ok]
        for r in results:
            status = "ok" if r.ok else f"FAILED: {r.message}"
            print(f"framescope: {r.name}: {status} ({r.seconds:.1f} s)")
        print(f"framescope: {len(results) - len(failed)} built, {len(failed)} failed")
        return 1 if failed else 0
    if not args.corpus:
        raise FramescopeError("give a corpus (e.g. seeds/) or --config reports.yaml")
    params = dict(_parse_param(p) for p in args.param or [])
    out = build_report(args.corpus, name=args.name, reports_dir=args.reports_dir, parameters=params)
    print(f"framescope: wrote {out / 'framing_report.html'}")
    return 0


def _cmd_run(args: argparse.Namespace) -> int:
    from analysis.scale import read_manifest, run_pipeline

    out = run_pipeline(  # the aggregates are part of the run: written before it replaces --out
        args.corpus,
        args.out,
        chunk_size=args.chunk_size,
        workers=args.workers,
        scheduler=args.scheduler,
        stance_context=args.stance_context,
        overwrite=args.overwrite,
        progress=not args.no_progress,
        aggregates={"intervals": args.intervals, "n_boot": args.n_boot},
        **_corpus_kwargs(args),
    )
    totals = read_manifest(out)["totals"]
    print(
        f"framescope: wrote {out}: {totals['n_documents']:,} documents in "
        f"{totals['n_chunks']} chunks, {totals['rows']['sentences']:,} sentences "
        f"(Parquet tables, manifest.json, aggregates/*.csv)"
    )
    return 0


def _cmd_classroom_build(args: argparse.Namespace) -> int:
    from analysis.classroom import build_versions

    written = build_versions(args.source, out=args.out)
    for version, files in written.items():
        n = sum(f.suffix == ".ipynb" for f in files)
        folder = Path(args.out) / version
        print(f"framescope: wrote {n} {version} notebooks (and handouts) to {folder}")
    return 0


def _cmd_classroom_template(args: argparse.Namespace) -> int:
    from analysis.agreement import write_coding_template
    from analysis.pipeline import prepare_corpus

    sentences = prepare_corpus(args.corpus, **_corpus_kwargs(args)).sentences
    path = write_coding_template(args.out, sentences, coders=args.coders)
    coders = ", ".join(args.coders)
    print(f"framescope: wrote {path} ({len(sentences)} sentences, coders: {coders})")
    return 0


def _cmd_classroom_agreement(args: argparse.Namespace) -> int:
    import pandas as pd

    from analysis.agreement import (
        add_coder,
        compare_coders,
        detect_codes,
        find_disagreements,
        measure_agreement,
        read_codings,
        score_detector,
    )

    prepared = None
    if args.corpus:
        from analysis.pipeline import prepare_corpus

        prepared = prepare_corpus(args.corpus)
    coded = read_codings(args.codings, sentences=prepared.sentences if prepared else None)
    with pd.option_context("display.width", 120, "display.max_columns", 20):
        print(f"{args.codings}: {len(coded.units)} sentences, coders: {', '.join(coded.coders)}")
        print(measure_agreement(coded).round(4).to_string(index=False))
        for var in coded.variables:
            print(f"\n{var}, coder pairs:")
            print(compare_coders(coded, variable=var).round(4).to_string(index=False))
        if prepared is not None:
            with_detector = add_coder(
                coded, detect_codes(prepared.sentences, documents=prepared.documents)
            )
            for var in coded.variables:
                print(f"\n{var}, the detector against each coder:")
                scores = score_detector(with_detector, variable=var)
                cols = ["coder", "category", "n", "tp", "fp", "fn", "precision", "recall",
                        "kappa", "agreement"]
                print(scores[cols].round(4).to_string(index=False))
    disagreements = find_disagreements(coded)
    print(f"\n{len(disagreements)} disagreements between coders")
    if args.disagreements:
        disagreements.to_csv(args.disagreements, index=False, lineterminator="\n")
        print(f"framescope: wrote {args.disagreements}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framescope",
        description="Comparative discourse analysis of news: how outlets frame the same story.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("summarize", help="corpus summary report: sizes, cleaning audit, TTR")
    _add_corpus_options(p)
    p.add_argument("--out", help="output folder (default: reports/<corpus name>)")
    p.set_defaults(func=_cmd_summarize)
    r = sub.add_parser(
        "report",
        help="the framing report (papermill): HTML, executed notebook, tables, provenance",
    )
    r.add_argument("corpus", nargs="?", help="corpus folder or file (or use --config)")
    r.add_argument("--name", help="report name: reports/<name>/ (default: the corpus name)")
    r.add_argument("--reports-dir", default="reports", help="where reports go (default reports/)")
    r.add_argument(
        "-p",
        "--param",
        action="append",
        metavar="NAME=VALUE",
        help="a notebook parameter, e.g. -p bootstrap_reps=500 -p outlets='[BBC News]'",
    )
    r.add_argument("--config", help="YAML file listing several reports (scheduled builds)")
    r.set_defaults(func=_cmd_report)
    run = sub.add_parser(
        "run",
        help="the whole pipeline over a corpus of any size, streamed: Parquet tables + aggregates",
    )
    _add_corpus_options(run)
    run.add_argument("--out", required=True, help="output folder (one Parquet file per chunk)")
    run.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    run.add_argument(
        "--scheduler",
        help="'processes', 'dask' (a local Dask cluster) or a Dask scheduler address "
        "(tcp://host:8786)",
    )
    run.add_argument("--chunk-size", type=int, default=500, help="documents per chunk")
    run.add_argument(
        "--stance-context",
        choices=["sentence", "clause"],
        default="sentence",
        help="stance toward actors scored on whole sentences (default) or on each actor's "
        "clauses",
    )
    run.add_argument("--overwrite", action="store_true", help="replace a previous run in --out")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument(
        "--intervals",
        action="store_true",
        help="bootstrap intervals for the loaded-language rates in aggregates/ (memory grows "
        "with --n-boot × documents per outlet)",
    )
    run.add_argument("--n-boot", type=int, default=2000, help="bootstrap resamples (--intervals)")
    run.set_defaults(func=_cmd_run)
    _add_classroom_parser(sub)
    return parser


def _add_classroom_parser(sub: argparse._SubParsersAction) -> None:
    cls = sub.add_parser(
        "classroom",
        help="exercise notebooks (student and teacher versions), coding sheets, agreement",
    )
    csub = cls.add_subparsers(dest="classroom_command", required=True)
    b = csub.add_parser(
        "build", help="write the student and teacher versions of the exercise notebooks"
    )
    b.add_argument(
        "--out", default="build/classroom", help="output folder (default build/classroom)"
    )
    b.add_argument("--source", help="folder of source notebooks (default notebooks/classroom)")
    b.set_defaults(func=_cmd_classroom_build)
    t = csub.add_parser("template", help="an empty coding sheet (CSV) for a corpus's sentences")
    _add_corpus_options(t)
    t.add_argument("--out", required=True, help="the CSV file to write")
    t.add_argument(
        "--coders",
        nargs="+",
        default=["coder1", "coder2"],
        help="coder names (default coder1 coder2)",
    )
    t.set_defaults(func=_cmd_classroom_template)
    a = csub.add_parser(
        "agreement",
        help="agreement between coders (percent, Cohen's kappa, Krippendorff's alpha) of a sheet",
    )
    a.add_argument("codings", help="a filled coding sheet (docs/codebook.md)")
    a.add_argument(
        "--corpus",
        help="the corpus the sheet was made from: check its sentences and score the detectors",
    )
    a.add_argument("--disagreements", help="write the disagreements (with sentences) to this CSV")
    a.set_defaults(func=_cmd_classroom_agreement)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler's timeout, ``kill``), raised so that a build in progress is cleaned
    up as after Ctrl-C: its folder kept as ``<name>.failed``, the last good report untouched."""


#: Set when Ctrl-C or SIGTERM stops the command.
_interrupted = threading.Event()


def _on_sigterm(signum: int, frame: object) -> None:
    _interrupted.set()
    raise _Terminated


def _on_sigint(signum: int, frame: object) -> None:
    _interrupted.set()
    raise KeyboardInterrupt


def _quiet_after_interrupt(record: logging.LogRecord) -> bool:
    """A log filter: once the command is interrupted, only framescope's own records pass. The
    libraries' last words as the kernel is shut down under a running cell (papermill's "Kernel
    died while waiting for execute reply", asyncio's "Task exception was never retrieved" with a
    ``DeadKernelError`` traceback) say nothing the one line ``framescope: interrupted`` does not."""
    return not _interrupted.is_set() or record.name.startswith("framescope")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    args = parser.parse_args(argv)
    if threading.current_thread() is not threading.main_thread():
        return _main(args)
    _interrupted.clear()
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    previous_int = signal.signal(signal.SIGINT, _on_sigint)
    try:
        return _main(args)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_int)


def _main(args: argparse.Namespace) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.formatwarning = lambda msg, cat, *a, **k: f"framescope: warning: {msg}\n"
        try:
            return args.func(args)
        except FramescopeError as exc:
            print(f"framescope: error: {exc}", file=sys.stderr)
            return 2
        except _Terminated:
            print("framescope: terminated (SIGTERM); nothing finished was replaced",
                  file=sys.stderr)
            return 143
        except KeyboardInterrupt:
            print("framescope: interrupted", file=sys.stderr)
            return 130
        except Exception as exc:
            if args.debug:
                raise
            print(
                f"framescope: internal error: {type(exc).__name__}: {exc} "
                "(please report it; rerun with --debug for the traceback)",
                file=sys.stderr,
            )
            return 3


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
