"""Build reports: run the framing report notebook through papermill, safely.

``build_report`` validates the parameters, and reads the corpus with its filters, *before* a
kernel starts, runs ``notebooks/framing_report.ipynb`` with papermill into a temporary folder
next to ``reports/<name>/``, renders a self-contained HTML page from the executed notebook,
writes every table as CSV and ``provenance.json``, and only then replaces the previous report.
When a cell fails, the build raises :class:`ReportBuildError` naming the cell and the error,
keeps the failed notebook in ``reports/<name>.failed/`` and leaves the last good report (if
there is one) untouched.

``build_reports_from_config`` builds every report a YAML file lists (for schedules), logging
each, and reports which failed while still building the others.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import logging
import re
import sys
import time
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import mistune
import nbformat
import pandas as pd
import yaml

from analysis.errors import FramescopeError, ParameterError, read_utf8_file
from analysis.framing import FramingParameters, check_corpus, check_parameters
from analysis.report import (
    check_apart,
    check_replaceable,
    corpus_inputs,
    html_page,
    summary_html,
    write_atomically,
)

NOTEBOOK_NAME = "framing_report.ipynb"
_SAFE_MARKDOWN = mistune.create_markdown(escape=True)
log = logging.getLogger("framescope.build")


class ReportBuildError(FramescopeError):
    """A report's notebook failed; the message names the cell and the error."""


def default_notebook() -> Path:
    """The framing report notebook: ``notebooks/`` of a source checkout."""
    here = Path(__file__).resolve().parents[1] / "notebooks" / NOTEBOOK_NAME
    if here.is_file():
        return here
    raise FramescopeError(  # pragma: no cover - an installed wheel without the notebooks
        f"cannot find notebooks/{NOTEBOOK_NAME}; pass notebook=... (the project checkout's copy)"
    )


def build_report(
    corpus: str | Path,
    *,
    name: str | None = None,
    reports_dir: str | Path = "reports",
    parameters: dict[str, Any] | None = None,
    notebook: str | Path | None = None,
) -> Path:
    """Build the framing report of ``corpus`` into ``reports_dir/name`` and return that folder.

    The folder holds the executed notebook, ``framing_report.html`` (self-contained: figures
    embedded, no scripts, readable with no server), ``summary.html``, every table under
    ``tables/`` and ``provenance.json``.
    """
    nb_path = Path(notebook) if notebook else default_notebook()
    params = normalize_parameters(parameters or {})
    for key in ("corpus", "output_dir"):
        if key in params:
            raise ParameterError(f"parameter {key} is set by build_report; do not pass it")
    params["corpus"] = str(Path(corpus).resolve())
    for key in ("extra_lexicons", "extra_actors"):
        if isinstance(params.get(key, []), list):  # (anything else: check_parameters says so)
            params[key] = [str(Path(p).resolve()) for p in params.get(key, [])]
    if params.get("manifest"):
        params["manifest"] = str(Path(params["manifest"]).resolve())
    check_corpus(check_parameters(params))  # before any kernel starts
    name = report_name(corpus, name)
    out = Path(reports_dir) / name
    check_apart(out, corpus_inputs(corpus, params), choose="--name or --reports-dir")
    check_replaceable(out, what="report", choose="--name or --reports-dir")
    failed = out.with_name(out.name + ".failed")
    kept = (
        "the previous report is untouched" if out.is_dir()
        else "no report was written (there was none before)"
    )
    import papermill as pm

    started = time.perf_counter()
    with write_atomically(out) as tmp:
        tmp = tmp.resolve()  # the kernel runs in notebooks/: give it absolute paths
        executed = tmp / NOTEBOOK_NAME
        try:
            _execute_notebook(nb_path, executed, {**params, "output_dir": str(tmp)})
        except pm.PapermillExecutionError as exc:
            raise ReportBuildError(
                f"{name}: cell {exc.cell_index} (execution {exc.exec_count}) failed: "
                f"{exc.ename}: {exc.evalue}; the failed notebook is kept in "
                f"{failed / NOTEBOOK_NAME}; {kept}"
            ) from None
        except RuntimeError as exc:
            if "Kernel didn't respond" not in str(exc):
                raise
            raise ReportBuildError(  # seen in a network namespace without its loopback
                f"{name}: the notebook's kernel did not start ({exc}). papermill talks to it "
                "over the loopback interface (127.0.0.1): check that it is up (in a fresh "
                f"network namespace: ip link set lo up); {kept}"
            ) from None
        (tmp / "framing_report.html").write_text(render_html(executed), encoding="utf-8")
        _write_summary(tmp)
    log.info("%s: built in %.1f s", name, time.perf_counter() - started)
    return out


def _execute_notebook(nb_path: Path, executed: Path, parameters: dict[str, Any]) -> None:
    """Run the notebook with papermill into ``executed``.

    The kernel process's own stderr (its log: not the cells' output, which the notebook
    keeps) is held in a temporary file and passed on to ours when the run ends, as it was
    written, unless the run was interrupted: Ctrl-C or SIGTERM closes the kernel's sockets
    under it, and what it then prints (a ``ZMQError: Socket operation on non-socket``
    traceback) is noise in the log, not news; ``framescope: interrupted`` says what happened.
    """
    import tempfile

    import papermill as pm

    with tempfile.TemporaryFile() as kernel_stderr:
        interrupted = False
        try:
            pm.execute_notebook(
                str(nb_path),
                str(executed),
                parameters=parameters,
                cwd=str(nb_path.parent),
                kernel_name="python3",
                progress_bar=False,
                kernel_manager_class=_kernel_manager(kernel_stderr),
            )
        except KeyboardInterrupt:  # (and SIGTERM: analysis.cli raises it as one)
            interrupted = True
            raise
        finally:
            if not interrupted:
                kernel_stderr.seek(0)
                sys.stderr.write(kernel_stderr.read().decode("utf-8", "replace"))
                sys.stderr.flush()


def _kernel_manager(stderr: IO[bytes]) -> type:
    """A kernel manager class (nbclient's ``kernel_manager_class``) whose kernels write their
    stderr to ``stderr``."""
    from jupyter_client.manager import AsyncKernelManager

    class KernelManager(AsyncKernelManager):
        async def start_kernel(self, **kw: Any) -> None:
            kw.setdefault("stderr", stderr)
            await super().start_kernel(**kw)

    return KernelManager


def list_parameters() -> frozenset[str]:
    """The report's parameters that take a list (``outlets``, ``actors``, ``extra_lexicons`` …)."""
    hints = typing.get_type_hints(FramingParameters)
    return frozenset(k for k, t in hints.items() if (typing.get_origin(t) or t) is list)


def normalize_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` as the report takes them, the same from Python, ``-p`` and ``reports.yaml``:
    one name or path where a list is expected is a list of one (``"my.csv"`` →
    ``["my.csv"]``; ``""`` → ``[]``), never a list of its characters; a date where text is
    expected (YAML reads ``start_date: 2026-01-01`` as one) is its ISO text. Anything else is
    left for :func:`analysis.framing.check_parameters` to judge."""
    lists = list_parameters()
    out = dict(params)
    for key, value in params.items():
        if key in lists and isinstance(value, (str, Path)):
            out[key] = [str(value)] if str(value) else []
        elif key not in lists and isinstance(value, dt.date):
            out[key] = value.isoformat()
    return out


def report_name(corpus: str | Path, name: str | None = None) -> str:
    """The report's folder name: ``name``, else the corpus's own name (the file's stem, or the
    folder's name: ``report .`` inside ``seeds/`` gives ``seeds``). It must be one plain folder
    name, so that a report never lands outside ``reports_dir`` or replaces it."""
    if name is None:
        path = Path(corpus).resolve()
        name = path.stem if path.is_file() else path.name
    if (not name or name in (".", "..") or name.startswith(".") or any(c in name for c in "/\\\0")
            or name.endswith(".failed")):
        raise ParameterError(
            f"report name {name!r}: give a plain folder name (letters, digits, '-', '_'; no "
            "'/', no leading '.', not ending in '.failed'), e.g. --name seeds"
        )
    return name


def _write_summary(folder: Path) -> None:
    tables = {
        key: pd.read_csv(
            folder / "tables" / f"{key}.csv", dtype={"doc_id": str}, keep_default_na=False
        )
        for key in ("outlets", "documents", "removals", "sentences", "glued_words")
    }
    prov = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    (folder / "summary.html").write_text(summary_html(tables, prov), encoding="utf-8")


# --------------------------------------------------------------------------------------------
# HTML


def render_html(executed_notebook: str | Path) -> str:
    """A self-contained, script-free HTML page of an executed notebook.

    Markdown cells are rendered; code is left out (the report is for readers; the notebook is
    kept beside it); outputs are included: HTML tables (produced escaped by
    :func:`analysis.framing.show`), PNG figures as data URIs with their descriptions as alt
    text, text as escaped ``<pre>``. The page's Content-Security-Policy forbids scripts, so even
    an HTML output that slipped through could not run one.
    """
    nb = nbformat.read(str(executed_notebook), as_version=4)
    parts: list[str] = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & {"parameters", "injected-parameters"}:
            continue
        if cell.cell_type == "markdown":
            parts.append(mistune.html(cell.source))
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                parts.append(_render_output(output))
    title = "framescope: framing report"
    return html_page(title, "\n".join(p for p in parts if p))


def _render_output(output: dict) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr":
            return ""
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if "image/png" in data:
            png = data["image/png"].replace("\n", "")
            base64.b64decode(png, validate=True)  # refuse anything that is not base64
            alt = _alt_text(output)
            return f'<figure><img alt="{alt}" src="data:image/png;base64,{png}"></figure>'
        if "text/html" in data:
            return data["text/html"]
        if "text/markdown" in data:  # package-written notes; raw HTML in them is escaped
            return _SAFE_MARKDOWN(data["text/markdown"])
        if "text/plain" in data:
            return f"<pre>{html.escape(data['text/plain'])}</pre>"
    if kind == "error":  # pragma: no cover - a failed build never renders
        name, value = html.escape(output.get("ename", "")), html.escape(output.get("evalue", ""))
        return f"<pre>{name}: {value}</pre>"
    return ""


#: What Python calls an object that has no text of its own: no description of a figure.
_BARE_REPR = re.compile(r"<[\w.]+ object( at 0x[0-9a-fA-F]+)?>|<Figure size [^>]*>")


def _alt_text(output: dict) -> str:
    """An image output's alt text, HTML-escaped (titles and labels come from the corpus): the
    description the output carries (``alt`` in its metadata, as
    :func:`analysis.framing.show_figure` gives it), else its plain text unless that is only the
    object's name (``<IPython.core.display.Image object>``, ``<Figure size 700x300 with 1
    Axes>``), else "figure"."""
    meta = output.get("metadata", {}).get("image/png")
    alt = meta.get("alt") if isinstance(meta, dict) else None
    if not alt:
        text = output.get("data", {}).get("text/plain", "")
        alt = "" if _BARE_REPR.fullmatch(text.strip()) else text
    return html.escape(" ".join(str(alt).split()) or "figure")


# --------------------------------------------------------------------------------------------
# scheduled builds


@dataclass
class BuildResult:
    name: str
    ok: bool
    seconds: float
    message: str


def read_config(path: str | Path) -> list[dict[str, Any]]:
    """Read a report schedule: ``reports:`` a list of ``{name, corpus, parameters}``.

    Relative paths (corpus, manifest, extra lexicons and actors) are relative to the YAML file.
    ``parameters`` is a mapping of the report's parameters, read as
    :func:`normalize_parameters` does (an unquoted ``start_date: 2026-01-01`` is the text
    ``"2026-01-01"``; ``extra_lexicons: my.csv`` a list of one). Every problem (not UTF-8, not
    YAML, a missing or unknown key, parameters that are not a mapping, two reports of one name,
    which would write the same folder) is one :class:`FramescopeError` line naming the file,
    and the report or the line.
    """
    path = Path(path)
    data = _load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise FramescopeError(f"{path}: expected a top-level 'reports:' list")
    entries = []
    seen: dict[str, int] = {}
    base = path.parent
    for i, entry in enumerate(data["reports"], start=1):
        if not isinstance(entry, dict) or "corpus" not in entry or "name" not in entry:
            raise FramescopeError(f"{path}: report {i}: needs at least 'name' and 'corpus'")
        where = f"{path}: report {i} ({entry['name']})"
        unknown = set(entry) - {"name", "corpus", "parameters"}
        if unknown:
            raise FramescopeError(
                f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: name, corpus, "
                "parameters"
            )
        try:
            name = report_name(entry["corpus"], str(entry["name"]))
        except ParameterError as exc:
            raise FramescopeError(f"{path}: report {i}: {exc}") from None
        if name in seen:
            raise FramescopeError(
                f"{where}: report {seen[name]} has the same name, and both would be written to "
                f"<reports-dir>/{name}/; give each report its own name"
            )
        seen[name] = i
        if not isinstance(entry["corpus"], str) or not entry["corpus"]:
            raise FramescopeError(f"{where}: corpus: give the path of a corpus folder or file")
        raw = entry.get("parameters") or {}
        if not isinstance(raw, dict):
            raise FramescopeError(
                f"{where}: parameters must be a mapping of NAME: VALUE lines (e.g. "
                f"'bootstrap_reps: 500' under 'parameters:', with no '- '), not a "
                f"{type(raw).__name__}"
            )
        params = normalize_parameters(raw)
        for key in ("extra_lexicons", "extra_actors"):
            if isinstance(params.get(key), list):
                params[key] = [str(base / p) if isinstance(p, str) else p for p in params[key]]
        if params.get("manifest"):
            params["manifest"] = str(base / params["manifest"])
        entries.append({"name": name, "corpus": str(base / entry["corpus"]), "parameters": params})
    return entries


def _load_yaml(path: Path) -> Any:
    """The YAML of a config file, or one :class:`FramescopeError` line: not found, not UTF-8
    (with the line and byte offset), or not YAML (with the line and column, and PyYAML's
    problem, its own lines joined)."""
    text = read_utf8_file(path, what="config file", error=FramescopeError)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}:" if mark is not None else ""
        parts = [getattr(exc, "context", None), getattr(exc, "problem", None)]
        problem = "; ".join(p for p in parts if p) or str(exc)
        hint = " (indent with spaces, not tabs)" if "\\t" in problem else ""
        raise FramescopeError(
            f"{path}:{where} not valid YAML: {' '.join(problem.split())}{hint}"
        ) from None


def build_reports_from_config(
    config: str | Path, *, reports_dir: str | Path = "reports", progress: bool = True
) -> list[BuildResult]:
    """Build every report in ``config``; a failure is logged and the others still build."""
    from tqdm import tqdm

    entries = read_config(config)
    results = []
    bar = tqdm(entries, desc="reports", unit="report", disable=not progress)
    for entry in bar:
        bar.set_postfix_str(entry["name"])
        t0 = time.perf_counter()
        try:
            build_report(
                entry["corpus"],
                name=entry["name"],
                reports_dir=reports_dir,
                parameters=entry["parameters"],
            )
            results.append(BuildResult(entry["name"], True, time.perf_counter() - t0, "ok"))
            log.info("%s: ok (%.1f s)", entry["name"], time.perf_counter() - t0)
        except FramescopeError as exc:
            results.append(BuildResult(entry["name"], False, time.perf_counter() - t0, str(exc)))
            log.error("%s: FAILED: %s", entry["name"], exc)
    return results


def notebook_parameters(notebook: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The notebook's parameters as papermill sees them (name → type, default, help)."""
    import papermill as pm

    params = pm.inspect_notebook(str(notebook or default_notebook()))
    return {k: dict(v) for k, v in params.items()}
