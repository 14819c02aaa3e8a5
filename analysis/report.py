"""Reports: tables, provenance and self-contained HTML, written safely.

Every report is built in a temporary folder next to its destination and moved into place only
when it is complete, so a failed build never overwrites the last good report
(:func:`write_atomically`). Article text is untrusted: every string that reaches HTML goes
through :func:`html.escape` (tables via ``DataFrame.to_html(escape=True)``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import pandas as pd

from analysis.corpus import CorpusWarning
from analysis.describe import describe_documents, describe_outlets
from analysis.errors import ParameterError
from analysis.pipeline import PreparedCorpus, prepare_corpus
from analysis.wordlists import DATA_FILES, data_file_info

PROVENANCE_PACKAGES = (
    "framescope",
    "pandas",
    "numpy",
    "scipy",
    "pyarrow",
    "nltk",
    "textblob",
    "vaderSentiment",
    "matplotlib",
    "papermill",
    "pyahocorasick",
)


# --------------------------------------------------------------------------------------------
# safe output


@contextmanager
def write_atomically(
    out_dir: str | Path,
    *,
    keep_failed: bool = True,
    keep_old: Callable[[Path], bool] | None = None,
):
    """Yield a temporary folder; on success it replaces ``out_dir``, on failure nothing changes.

    The temporary folder is a sibling of ``out_dir`` (same file system, so the final move is a
    rename), made as a plain ``mkdir`` would: the report folder's mode follows the umask. If
    the body raises (``KeyboardInterrupt`` too), the previous ``out_dir`` is left untouched and
    the temporary folder is kept as ``<out_dir>.failed`` for inspection, or deleted with
    ``keep_failed=False``. On success the previous ``out_dir`` is renamed away, the new one
    renamed in, and the old one deleted; with ``keep_old``, the entries of the old folder for
    which it is true (a scholar's notes beside a run's tables) are moved into the new one
    before the old one is deleted.
    """
    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _building_folder(out)
    failed = out.with_name(out.name + ".failed")
    try:
        yield tmp
    except BaseException:
        if keep_failed:
            shutil.rmtree(failed, ignore_errors=True)
            tmp.rename(failed)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if keep_old is not None and old.exists():
        for entry in sorted(old.iterdir()):
            if keep_old(entry):
                entry.rename(out / entry.name)
    shutil.rmtree(old, ignore_errors=True)
    if keep_failed:
        shutil.rmtree(failed, ignore_errors=True)


def check_replaceable(out: Path, *, what: str, choose: str) -> None:
    """Refuse to replace ``out`` unless it is missing, an empty folder, or a framescope output
    (a folder with ``provenance.json``, as every report and summary has): a file, a symlink or
    a folder of other files is never deleted. ``what`` names the output ("report",
    "summary") and ``choose`` the options that move it ("--out")."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise ParameterError(f"{out}: exists and is not a {what} folder; choose another {choose}")
    if out.is_dir() and any(out.iterdir()) and not (out / "provenance.json").is_file():
        raise ParameterError(
            f"{out}: the folder exists and is not a framescope {what} (no provenance.json), so "
            f"a build would delete it; choose another {choose}, or move it away"
        )


def corpus_inputs(
    corpus: str | Path, options: dict[str, Any]
) -> list[tuple[str | Path | None, str]]:
    """The files an output must keep apart from (:func:`check_apart`): the corpus, and the
    manifest, cleaning rules, extra lexicons and actor files that ``options`` name."""
    inputs: list[tuple[str | Path | None, str]] = [
        (corpus, "the corpus"),
        (options.get("manifest"), "the corpus's manifest"),
        (options.get("cleaning_rules"), "the cleaning rules"),
    ]
    for key, what in (("extra_lexicons", "the lexicon"), ("extra_actors", "the actor file")):
        paths = options.get(key) or ()
        paths = [paths] if isinstance(paths, (str, Path)) else paths
        inputs += [(p, what) for p in paths if isinstance(p, (str, Path))]
    return inputs


def check_apart(
    out: str | Path, inputs: Iterable[tuple[str | Path | None, str]], *, choose: str
) -> None:
    """Refuse an output folder that would swallow the inputs: ``out`` may not be an input
    (``inputs`` are ``(path, what it is)`` pairs: the corpus, its manifest, a lexicon), hold
    one, or lie inside one (a corpus folder), nor be or hold the current folder. Paths are
    compared resolved, so a symlink to the corpus is the corpus. A :class:`ParameterError`
    names the output, the input and ``choose`` (the options that move the output)."""
    target = Path(out).resolve()
    here = Path.cwd().resolve()
    for path, what in inputs:
        if path is None or str(path) == "":
            continue
        p = Path(path).resolve()
        if Path(path).name in ("", ".", ".."):  # ("the corpus ." says little)
            path = p
        if target == p:
            raise ParameterError(
                f"{out}: the output would replace {what} {path}; choose another {choose}"
            )
        if target in p.parents:
            raise ParameterError(
                f"{out}: the output folder holds {what} {path}, which writing it would delete; "
                f"choose another {choose}"
            )
        if p in target.parents:
            raise ParameterError(
                f"{out}: the output folder is inside {what} {path}; write outputs outside it "
                f"(choose another {choose})"
            )
    if target == here or target in here.parents:
        raise ParameterError(
            f"{out}: the output would replace the current folder ({here}) or a folder holding "
            f"it; choose another {choose}, e.g. a folder under reports/"
        )


def _building_folder(out: Path) -> Path:
    """A new, empty sibling of ``out`` to build in, made by a plain ``mkdir`` so that its mode
    follows the umask (and any default ACL) like any folder the user makes: it is renamed into
    place as the report folder. (``tempfile.mkdtemp`` makes it private, ``drwx------``, and
    reading the umask to ``chmod`` it afterwards would set the process's umask for a moment.)

    Its name, ``.<name>.building-<host>-<pid>-<random>``, says which process builds in it, so
    that a later build can tell a folder left by a killed build (:func:`_remove_stale_builds`)
    from one in use.
    """
    _remove_stale_builds(out)
    for _ in range(100):
        tmp = out.with_name(
            f".{out.name}.building-{_HOST}-{os.getpid()}-{secrets.token_hex(6)}"
        )
        try:
            tmp.mkdir()
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
        return tmp
    raise FileExistsError(  # pragma: no cover
        f"{out.parent}: cannot make a folder to build {out.name} in"
    )


#: This machine's name as a build folder's name holds it (a folder-name-safe form).
_HOST = re.sub(r"[^A-Za-z0-9.]", "_", platform.node()) or "host"


def _remove_stale_builds(out: Path) -> None:
    """Delete the build folders of ``out`` that a killed build left (SIGKILL, the OOM killer,
    a hard ``timeout``: no ``finally`` ran), warning of each; warn of those it cannot judge.

    A folder is deleted only if all of this holds: it is a real folder (not a symlink) named
    as :func:`_building_folder` names them, made on this machine, by a process that is no
    longer running. A folder whose process still runs is a build in progress (another
    ``framescope`` building the same name) and is left alone, silently. A build folder from
    another machine (a shared file system), or of the older name without a process
    (``.<name>.building-<random>``), is left, with a warning naming it. (A process id reused
    since by an unrelated process keeps a stale folder: the safe side.)
    """
    prefix = f".{out.name}.building-"
    if not out.parent.is_dir():
        return
    for entry in sorted(out.parent.iterdir()):
        if not entry.name.startswith(prefix) or entry.is_symlink() or not entry.is_dir():
            continue
        m = _BUILD_NAME.fullmatch(entry.name[len(prefix):])
        if m and m["host"] == _HOST and not _running(int(m["pid"])):
            shutil.rmtree(entry, ignore_errors=True)
            warnings.warn(
                f"{entry}: removed, the unfinished folder of a build (process {m['pid']}) that "
                "was killed before it could clean up",
                stacklevel=4,
            )
        elif not m or m["host"] != _HOST:
            where = f"on {m['host']}" if m else "by an older framescope"
            warnings.warn(
                f"{entry}: the folder of a build made {where}, which cannot be told finished "
                f"from here; delete it if no build of {out.name} is running",
                stacklevel=4,
            )


_BUILD_NAME = re.compile(r"(?P<host>[A-Za-z0-9._]+)-(?P<pid>[0-9]+)-[0-9a-f]{12}")


def _running(pid: int) -> bool:
    """Whether process ``pid`` exists on this machine (another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:  # (no such process id)
        return False
    return True


def write_table(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` as CSV deterministically (UTF-8, ``\\n`` line ends, ISO dates, no index)."""
    df.to_csv(path, index=False, lineterminator="\n", date_format="%Y-%m-%d", float_format="%.6g")


# --------------------------------------------------------------------------------------------
# provenance


def package_versions(names: Iterable[str] = PROVENANCE_PACKAGES) -> dict[str, str]:
    """Installed versions of the packages a report depends on (``"not installed"`` if absent)."""
    out = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def provenance(
    prepared: PreparedCorpus,
    *,
    parameters: dict[str, Any],
    lexicons: Iterable[dict[str, str]] = (),
) -> dict[str, Any]:
    """What a scholar needs to reproduce a report: corpus fingerprint, the cleaning rules'
    version and hash, lexicon (and actor registry) versions and hashes, the versions and hashes
    of the shipped word lists and of the validity figures the report prints, parameters, the
    code (a hash of framescope's modules, and the git commit when built from a checkout),
    package versions, Python and platform, and the build time."""
    return {
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "corpus": {
            "fingerprint_sha256": prepared.fingerprint,
            "n_documents": len(prepared.documents),
            "n_sentences": len(prepared.sentences),
            "outlets": sorted(prepared.documents["outlet"].unique().tolist()),
            "load_options": prepared.load_options,
        },
        "cleaning_rules_version": prepared.rules_version,
        "cleaning_rules_sha256": prepared.rules_sha256,
        "lexicons": list(lexicons),
        "data_files": [data_file_info(name) for name in DATA_FILES],
        "validity_files": validity_files(),
        "parameters": parameters,
        **environment(),
    }


def validity_files() -> list[dict[str, str]]:
    """Name and sha256 of each shipped validity table (``analysis/data/validity``), whose
    figures the report prints."""
    folder = resources.files("analysis") / "data" / "validity"
    return [
        {"file": f"analysis/data/validity/{entry.name}",
         "sha256": hashlib.sha256(entry.read_bytes()).hexdigest()}
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".csv")
    ]


@lru_cache(maxsize=1)
def code_identity() -> dict[str, Any]:
    """What identifies the code that made the numbers (the package version alone does not
    change between commits): ``sha256`` over framescope's modules (each ``analysis/**/*.py``,
    its path and bytes, in path order), and, when the package sits in a git checkout,
    ``git_commit`` and ``git_dirty`` (uncommitted changes to tracked files); ``None`` where
    git is not there."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    commit, dirty = None, None
    try:
        run = {"cwd": root.parent, "capture_output": True, "text": True, "timeout": 10}
        head = subprocess.run(["git", "rev-parse", "--verify", "HEAD"], check=False, **run)
        if head.returncode == 0 and (root.parent / ".git").exists():
            commit = head.stdout.strip()
            status = subprocess.run(
                ["git", "status", "--porcelain", "--untracked-files=no"], check=False, **run
            )
            dirty = bool(status.stdout.strip()) if status.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        pass  # no git: the module hash still identifies the code
    return {"sha256": digest.hexdigest(), "git_commit": commit, "git_dirty": dirty}


def environment() -> dict[str, Any]:
    """framescope's version and code (:func:`code_identity`), the versions of the packages the
    results depend on (:data:`PROVENANCE_PACKAGES`), Python and the platform: in every report's
    provenance and every run's manifest. Nothing in it changes between two runs of the same
    code on one machine."""
    return {
        "framescope_version": package_versions(["framescope"])["framescope"],
        "code": code_identity(),
        "packages": package_versions(),
        "python": sys.version.split()[0],
        "platform": platform.platform(terse=True),
    }


# --------------------------------------------------------------------------------------------
# HTML

_CSS = """
body{font-family:Georgia,'Times New Roman',serif;max-width:62rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1,h2,h3{font-family:system-ui,Helvetica,Arial,sans-serif;line-height:1.2}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0 1.5rem;font-family:system-ui,
Helvetica,Arial,sans-serif}
th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}
p.note{color:#555;font-size:.9rem}
code{font-size:.85rem}
@media print{body{max-width:none;margin:0}table{page-break-inside:auto}tr{page-break-inside:avoid}
h2{page-break-after:avoid}}
"""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:])")


def markdown_literal(text: object) -> str:
    """``text`` (an outlet's or actor's name: corpus data, untrusted) for a Markdown paragraph,
    every character that Markdown could read as syntax backslash-escaped, so that it shows as
    written: "[Click me](https://…)" is no link, "![x](data:…)" no image, "*A*" no emphasis.
    Line breaks become spaces (a name never opens a new block)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def html_table(df: pd.DataFrame, *, max_rows: int | None = None) -> str:
    """Render ``df`` as an HTML table with every cell escaped."""
    shown = df if max_rows is None else df.head(max_rows)
    out = shown.to_html(
        index=False, escape=True, border=0, na_rep="", float_format=lambda x: f"{x:.4g}"
    )
    if max_rows is not None and len(df) > max_rows:
        out += f'<p class="note">First {max_rows} of {len(df)} rows; all rows are in the CSV.</p>'
    return out


def html_page(title: str, body: str) -> str:
    """A complete, self-contained HTML page (inline CSS, no scripts, no external resources)."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n"
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------------------------
# the corpus summary (the first report)


def summarize_corpus(
    path: str | Path,
    out_dir: str | Path,
    **options: Any,
) -> Path:
    """Build the corpus summary report of ``path`` into ``out_dir`` and return ``out_dir``.

    Writes ``summary.html`` (documents, words and sentences per outlet; what cleaning removed,
    with the removed text; possible glued words; type-token ratios), the tables as CSV
    (``documents.csv``, ``outlets.csv``, ``removals.csv``, ``sentences.csv``,
    ``glued_words.csv``) and ``provenance.json``. ``options`` go to
    :func:`analysis.pipeline.prepare_corpus`.

    ``out_dir`` is replaced only if it is missing, empty or a previous summary or report (it
    has ``provenance.json``), and never if it is, holds or lies inside the corpus (or its
    manifest): anything else is a :class:`~analysis.errors.ParameterError` before the corpus
    is read.
    """
    out = Path(out_dir)
    check_apart(out, corpus_inputs(path, options), choose="--out")
    check_replaceable(out, what="summary", choose="--out")
    prepared = prepare_corpus(path, **options)
    if len(prepared.sentences) == 0:
        see = f"{out / 'summary.html'} (What cleaning removed) and {out / 'removals.csv'}"
        warnings.warn(
            no_sentences_left(path, len(prepared.documents), see=see), CorpusWarning, stacklevel=2
        )
    documents = describe_documents(prepared.documents, prepared.sentences, prepared.removals)
    outlets = describe_outlets(prepared.documents, prepared.sentences)
    tables = {
        "outlets": outlets,
        "documents": documents,
        "removals": prepared.removals,
        "sentences": prepared.sentences,
        "glued_words": prepared.glued_words,
    }
    params = {"corpus": str(path), **{k: str(v) for k, v in options.items()}}
    prov = provenance(prepared, parameters=params)
    with write_atomically(out.resolve()) as tmp:  # (resolved: "--out ." has a name)
        for name, table in tables.items():
            write_table(table, tmp / f"{name}.csv")
        (tmp / "provenance.json").write_text(
            json.dumps(prov, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
        )
        (tmp / "summary.html").write_text(summary_html(tables, prov), encoding="utf-8")
    return out


def no_sentences_left(corpus: str | Path, n_documents: int, *, see: str) -> str:
    """The message for a corpus that has documents but no sentence once cleaned (a scrape of
    paywall or cookie stubs: all page furniture): ``see`` says where to read what cleaning
    removed. A report refuses such a corpus; a summary or a run warns, as it is where to look."""
    docs = f"{n_documents} document{'s' if n_documents != 1 else ''}"
    return (
        f"{corpus}: no sentence is left once its {docs} are cleaned: all their text was "
        f"removed as page furniture (or was empty); see what cleaning removed in {see}"
    )


def summary_html(tables: dict[str, pd.DataFrame], prov: dict[str, Any]) -> str:
    """The corpus summary page from its tables (outlets, documents, removals, glued_words)."""
    esc = html.escape
    corpus = prov["corpus"]
    removals = tables["removals"]
    by_rule = (
        removals.groupby("rule").agg(spans=("rule", "size"), chars=("n_chars", "sum")).reset_index()
        if len(removals)
        else pd.DataFrame(columns=["rule", "spans", "chars"])
    )
    parts = [
        "<h1>Corpus summary</h1>",
        f"<p>{corpus['n_documents']} documents from {len(corpus['outlets'])} outlets, "
        f"{corpus['n_sentences']} sentences. Corpus fingerprint (sha256 of ids, outlets, dates "
        "and raw texts): "
        f"<code>{esc(corpus['fingerprint_sha256'])}</code>.</p>",
        "<h2>Outlets</h2>",
        '<p class="note">Tokens are words (punctuation excluded). TTR falls with text length; '
        "STTR (mean TTR of 100-token segments) compares texts of different lengths and is "
        "empty below 100 tokens.</p>",
        html_table(tables["outlets"]),
        "<h2>Documents</h2>",
        html_table(tables["documents"]),
        "<h2>What cleaning removed</h2>",
        '<p class="note">Scraping noise is removed by general rules (page furniture, related-'
        "story lists, image captions with agency credits, bylines, repeated lines). Offsets are "
        "into the normalised raw text; every removed span is listed, so nothing is dropped "
        "unseen.</p>",
        html_table(by_rule),
        html_table(removals[["doc_id", "rule", "start", "end", "text"]]),
        "<h2>Possible glued words</h2>",
        '<p class="note">Words glued together where a link was stripped are left as they are '
        "(a guess would change the evidence); they are listed here for the reader.</p>",
        html_table(tables["glued_words"]),
        "<h2>Provenance</h2>",
        f"<pre>{esc(json.dumps(prov, indent=2, sort_keys=True, default=str))}</pre>",
    ]
    return html_page("framescope: corpus summary", "\n".join(parts))
