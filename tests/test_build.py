"""analysis.build and the framing report notebook: papermill runs, safety, reproducibility."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.build import (
    ReportBuildError,
    build_report,
    normalize_parameters,
    notebook_parameters,
    read_config,
    render_html,
    report_name,
)
from analysis.cli import main
from analysis.errors import CorpusError, ParameterError
from analysis.framing import check_corpus, check_parameters, parameter_names
from tests.conftest import ROOT, SEEDS, boilerplate_corpus

NOTEBOOK = ROOT / "notebooks" / "framing_report.ipynb"


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> Path:
    reports = tmp_path_factory.mktemp("reports")
    return build_report(SEEDS, name="seeds", reports_dir=reports, parameters={"bootstrap_reps": 500})


def test_notebook_parameters_are_documented_and_match_the_package():
    params = notebook_parameters(NOTEBOOK)
    assert list(params) == parameter_names()
    for name, info in params.items():
        assert info["help"], f"parameter {name} has no comment"
        assert info["inferred_type_name"] in ("str", "int", "list", "bool"), name


def test_help_notebook_lists_parameters_with_comments():
    papermill = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "papermill"
    if not papermill.exists():
        papermill = Path(shutil.which("papermill") or "papermill")
    out = subprocess.run([str(papermill), "--help-notebook", str(NOTEBOOK)], capture_output=True, text=True)
    assert "bootstrap_seed: int (default 0)" in out.stdout
    assert "seed of the bootstrap intervals" in out.stdout
    assert "outlets: list (default [])" in out.stdout


def test_seed_report_contents(seed_report: Path):
    names = {p.name for p in seed_report.iterdir()}
    assert {"framing_report.html", "framing_report.ipynb", "summary.html", "provenance.json", "tables"} <= names
    rates = pd.read_csv(seed_report / "tables" / "loaded_rates.csv")
    overall = rates[rates["category"] == "all"].set_index("outlet")["rate_per_1k"]
    assert overall["UK tabloid (unnamed)"] > 3 * overall["BBC News"]
    targets = pd.read_csv(seed_report / "tables" / "loaded_targets.csv")
    assert "tyrant" in targets[targets["target"] == "Putin"]["terms"].iloc[0]
    prov = json.loads((seed_report / "provenance.json").read_text())
    assert prov["parameters"]["bootstrap_reps"] == 500
    assert prov["lexicons"][0]["name"] == "loaded_language" and len(prov["lexicons"][0]["sha256"]) == 64
    # every lexicon the tables depend on, the actor registry as matched, and the word lists
    assert [lx["name"] for lx in prov["lexicons"]] == [
        "loaded_language", "reporting_verbs", "source_cues", "hedges", "actors"]
    assert prov["lexicons"][-1]["origins"] == ["analysis/data/actors.csv"]
    assert prov["lexicons"][-1]["version"] == "1.1.0"
    files = {f["file"]: f for f in prov["data_files"]}
    assert files["analysis/data/collective_nouns.txt"]["version"] == "1.1.0"
    assert {"analysis/data/abbreviations.tsv", "analysis/data/name_modifiers.txt"} <= set(files)
    assert len(prov["corpus"]["fingerprint_sha256"]) == 64
    # the code, the cleaning rules and the validity figures are identified, not only versioned
    from analysis.clean import load_cleaning_rules
    from analysis.report import code_identity

    assert prov["code"] == code_identity() and len(prov["code"]["sha256"]) == 64
    assert prov["cleaning_rules_sha256"] == load_cleaning_rules().sha256
    assert [f["file"] for f in prov["validity_files"]] == [
        "analysis/data/validity/attribution_gold.csv",
        "analysis/data/validity/loaded_language_babe.csv", "analysis/data/validity/stance_gold.csv"]
    html = (seed_report / "framing_report.html").read_text()
    for heading in ("1. The corpus and what cleaning removed", "2. Loaded language", "3. Naming",
                    "4. Attribution and hedging", "5. Voices", "6. Stance toward actors",
                    "7. Keyness", "8. Text reuse", "The outlet profile",
                    "9. Validity", "10. Method notes and limits", "11. Provenance"):
        assert heading in html
    assert html.count("data:image/png;base64,") >= 6  # figures embedded
    alts = re.findall(r'<img alt="([^"]*)"', html)  # each figure described by its titles
    assert len(alts) == html.count("data:image/png;base64,")
    assert "Loaded language per outlet (x: hits per 1,000 tokens)" in alts
    assert "Actor salience by outlet (x: % of the outlet&#x27;s sentences" in " ".join(alts)
    assert all(alt and "IPython" not in alt and "object" not in alt for alt in alts)
    assert "Not yet measured" not in html
    profile = pd.read_csv(seed_report / "tables" / "outlet_profile.csv").set_index("outlet")
    assert profile.loc["UK tabloid (unnamed)", "anonymous_n"] == 2
    # loaded terms by voice: 11 in seed 004, 2 of them inside quotes
    assert profile.loc["UK tabloid (unnamed)", ["loaded_n", "loaded_own_n", "loaded_quoted_n"]].tolist() == [11, 9, 2]
    assert "Whose words? Loaded terms in the outlet" in html
    assert "Sentence or clause: whose tone is it?" in html
    assert "vader_compound / clause" in html  # the stance validity table
    # the contrast paragraph reads this corpus's table; the HTML's provenance is the JSON's
    assert "3 in the 7 sentences of UK tabloid (unnamed) (0.43 per sentence" in html
    assert f'&quot;built_at&quot;: &quot;{prov["built_at"]}&quot;' in html
    # no axis name left over a first column (the pivots' "value", the profile's "outlet")
    row = '<tr style="text-align: right;">\n      '
    assert row + "<th>outlet</th>\n      <th>anonymous</th>" in html
    assert row + "<th>metric</th>\n      <th>Al Jazeera</th>" in html
    assert row + "<th>value</th>\n      <th>outlet</th>" not in html
    assert row + "<th>outlet</th>\n      <th>metric</th>" not in html
    assert profile.loc["UK tabloid (unnamed)", "stance_Putin_loaded_per_sentence"] > 0.25
    edits = pd.read_csv(seed_report / "tables" / "edits.csv", dtype=str)
    assert {"number_style", "paragraph_dropped"} <= set(edits["pattern"])
    assert "<script" not in html
    assert "http://" not in html and "https://" not in html  # self-contained
    executed = nbformat.read(str(seed_report / "framing_report.ipynb"), as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)


def test_two_builds_are_identical_but_for_timestamps(seed_report: Path, tmp_path: Path):
    again = build_report(SEEDS, name="seeds", reports_dir=tmp_path, parameters={"bootstrap_reps": 500})
    tables = sorted((seed_report / "tables").iterdir())
    assert len(tables) >= 10
    for table in tables:
        assert table.read_bytes() == (again / "tables" / table.name).read_bytes(), table.name

    def strip_time(text: str) -> str:
        return re.sub(r"&quot;built_at&quot;: &quot;[^&]+&quot;|\"built_at\": \"[^\"]+\"", "TIME", text)

    a = strip_time((seed_report / "framing_report.html").read_text())
    b = strip_time((again / "framing_report.html").read_text())
    assert a == b


def test_bad_parameters_fail_before_a_kernel_starts(tmp_path: Path):
    with pytest.raises(ParameterError, match=r"unknown parameter\(s\) n_boot; the report takes: corpus"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"n_boot": 5})
    with pytest.raises(ParameterError, match=r"parameter bootstrap_reps='many' has type str; expected int"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"bootstrap_reps": "many"})
    with pytest.raises(ParameterError, match=r"parameter outlets=3 has type int; expected list"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"outlets": 3})
    with pytest.raises(ParameterError, match=r"parameter kwic_width=0: use 1 or more"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"kwic_width": 0})
    with pytest.raises(ParameterError, match=r"parameter actors: unknown actor 'Putni' \(did you mean 'Putin'\?\)"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"actors": ["Putni"]})
    with pytest.raises(ParameterError, match=r"parameter actors=\[\]: name at least one actor"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"actors": []})
    assert list(tmp_path.iterdir()) == []  # nothing was started


def test_one_name_or_path_where_a_list_is_expected_is_a_list_of_one(tmp_path: Path, monkeypatch, capsys):
    """A review found "-p extra_lexicons=my.csv" (and the same in reports.yaml or from Python)
    read as the list of its characters: "file '.../m' not found"."""
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "nope.csv"
    with pytest.raises(ParameterError, match=rf"^parameter extra_lexicons: file '{missing}' not found$"):
        build_report(SEEDS, reports_dir=tmp_path / "r", parameters={"extra_lexicons": "nope.csv"})
    with pytest.raises(ParameterError, match=rf"^parameter extra_actors: file '{missing}' not found$"):
        build_report(SEEDS, reports_dir=tmp_path / "r", parameters={"extra_actors": Path("nope.csv")})
    with pytest.raises(CorpusError, match=r"unknown outlet\(s\) 'Fox'; "):
        build_report(SEEDS, reports_dir=tmp_path / "r", parameters={"outlets": "Fox"})
    assert main(["report", str(SEEDS), "--reports-dir", "r", "-p", "extra_lexicons=nope.csv"]) == 2
    assert capsys.readouterr().err == f"framescope: error: parameter extra_lexicons: file '{missing}' not found\n"
    config = tmp_path / "cfg" / "reports.yaml"
    config.parent.mkdir()
    config.write_text(f"reports:\n  - name: a\n    corpus: {SEEDS}\n    parameters:\n"
                      "      extra_lexicons: my.csv\n      outlets: BBC News\n      actors: Putin\n",
                      encoding="utf-8")
    [entry] = read_config(config)
    assert entry["parameters"] == {"extra_lexicons": [str(config.parent / "my.csv")],
                                   "outlets": ["BBC News"], "actors": ["Putin"]}
    assert not (tmp_path / "r").exists()  # nothing was started


def test_failing_cell_names_cell_and_keeps_previous_report(seed_report: Path, tmp_path: Path):
    reports = tmp_path / "reports"
    shutil.copytree(seed_report, reports / "seeds")
    before = (reports / "seeds" / "framing_report.html").read_bytes()
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell("raise RuntimeError('the corpus server is down')"))
    broken = tmp_path / "framing_report.ipynb"
    nbformat.write(nb, str(broken))
    with pytest.raises(ReportBuildError, match=r"seeds: cell \d+ \(execution \d+\) failed: RuntimeError: the corpus server is down.*; the previous report is untouched$"):
        build_report(SEEDS, name="seeds", reports_dir=reports, notebook=broken)
    assert (reports / "seeds" / "framing_report.html").read_bytes() == before
    failed = reports / "seeds.failed" / "framing_report.ipynb"
    assert failed.exists()
    assert "the corpus server is down" in failed.read_text()


def test_a_failed_first_build_does_not_speak_of_a_previous_report(tmp_path: Path):
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('the corpus server is down')"))
    broken = tmp_path / "framing_report.ipynb"
    nbformat.write(nb, str(broken))
    reports = tmp_path / "reports"
    with pytest.raises(ReportBuildError) as exc:
        build_report(SEEDS, name="seeds", reports_dir=reports, notebook=broken)
    message = str(exc.value)
    assert "RuntimeError: the corpus server is down" in message
    assert message.endswith(f"kept in {reports / 'seeds.failed' / 'framing_report.ipynb'}; no report "
                            "was written (there was none before)")
    assert "previous report" not in message
    assert sorted(p.name for p in reports.iterdir()) == ["seeds.failed"]


def test_a_report_never_lands_outside_its_folder_or_replaces_other_files(tmp_path: Path):
    """The name is one plain folder name, and a folder that is not a report is never replaced
    (a review found "report ." replacing the whole reports folder and "--name /abs/dir"
    deleting the files in it)."""
    reports = tmp_path / "reports"
    for bad in ("", ".", "..", "../escaped", "/tmp/victim", "a/b", ".hidden", "x.failed"):
        with pytest.raises(ParameterError, match=r"give a plain folder name"):
            build_report(SEEDS, name=bad, reports_dir=reports)
    victim = reports / "thesis"
    victim.mkdir(parents=True)
    (victim / "thesis.txt").write_text("my thesis data", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"thesis: the folder exists and is not a framescope "
                       r"report \(no provenance.json\), so a build would delete it"):
        build_report(SEEDS, name="thesis", reports_dir=reports)
    assert (victim / "thesis.txt").read_text(encoding="utf-8") == "my thesis data"
    assert sorted(p.name for p in reports.iterdir()) == ["thesis"]  # nothing was started
    # the default name is the corpus's own name, also for "." inside the corpus folder
    assert report_name(SEEDS) == "seeds"
    assert report_name(".") == Path.cwd().name
    assert report_name(SEEDS / "manifest.csv") == "manifest"


def _start_build(reports: Path) -> subprocess.Popen:
    """``framescope report seeds`` into ``reports``, in a session of its own, once its kernel is
    writing tables into the build folder (mid-notebook)."""
    import sys
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "analysis.cli", "report", str(SEEDS), "--name", "seeds",
         "--reports-dir", str(reports)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not list(reports.glob(".seeds.building-*/tables/*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return proc


@pytest.mark.parametrize(
    ("how", "code", "message"),
    [("SIGTERM", 143, "framescope: terminated (SIGTERM); nothing finished was replaced\n"),
     ("SIGINT", 130, "framescope: interrupted\n")],
)
def test_an_interrupted_build_keeps_the_previous_report_and_prints_one_line(
        seed_report: Path, tmp_path: Path, how: str, code: int, message: str):
    """A scheduler's timeout (SIGTERM to framescope) or Ctrl-C (SIGINT to the terminal's whole
    process group, the kernel too) mid-build: the last good report stays byte-identical, the
    unfinished build is kept as seeds.failed, no temporary folder is left behind, and the log
    gets framescope's line, not the kernel's ZMQError traceback about its closed sockets."""
    import signal

    reports = tmp_path / "reports"
    shutil.copytree(seed_report, reports / "seeds")
    before = {p.name: p.read_bytes() for p in (reports / "seeds").iterdir() if p.is_file()}
    proc = _start_build(reports)
    if how == "SIGINT":
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert err.endswith(message)
    assert "Traceback" not in err and "ZMQError" not in err, err
    after = {p.name: p.read_bytes() for p in (reports / "seeds").iterdir() if p.is_file()}
    assert after == before
    assert sorted(p.name for p in reports.iterdir()) == ["seeds", "seeds.failed"]


def test_the_next_build_removes_what_a_killed_build_left(tmp_path: Path):
    """SIGKILL runs no clean-up: the build folder stays, until the next build of the name."""
    import signal

    reports = tmp_path / "reports"
    proc = _start_build(reports)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=120)
    [left] = reports.glob(".seeds.building-*")
    assert (left / "tables").is_dir()
    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    nb.cells = [nbformat.v4.new_code_cell("raise RuntimeError('a quick failure')")]
    broken = tmp_path / "framing_report.ipynb"
    nbformat.write(nb, str(broken))
    with pytest.warns(UserWarning, match=rf"{re.escape(str(left))}: removed, the unfinished "
                      rf"folder of a build \(process {proc.pid}\) that was killed"):
        with pytest.raises(ReportBuildError, match="a quick failure"):
            build_report(SEEDS, name="seeds", reports_dir=reports, notebook=broken)
    assert sorted(p.name for p in reports.iterdir()) == ["seeds.failed"]


def test_corpus_errors_fail_before_a_kernel_starts(tmp_path: Path):
    with pytest.raises(CorpusError, match=r"no documents match the filters \(from 2027-01-01\): the "
                       r"corpus has 5 documents, dated 2025-03-11 to 2026-01-06"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"start_date": "2027-01-01"})
    with pytest.raises(CorpusError, match=r"unknown outlet\(s\) 'Fox'; the corpus has: 'Al Jazeera'"):
        build_report(SEEDS, reports_dir=tmp_path, parameters={"outlets": ["Fox"]})
    assert list(tmp_path.iterdir()) == []  # nothing was started


def test_config_builds_all_and_fails_if_any_failed(tmp_path: Path, capsys):
    config = tmp_path / "reports.yaml"
    config.write_text(
        "reports:\n"
        f"  - name: all-seeds\n    corpus: {SEEDS}\n    parameters:\n      bootstrap_reps: 200\n"
        "  - name: broken\n    corpus: no-such-folder\n"
        f"  - name: recent\n    corpus: {SEEDS}\n    parameters:\n      start_date: '2026-01-01'\n",
        encoding="utf-8",
    )
    code = main(["report", "--config", str(config), "--reports-dir", str(tmp_path / "out")])
    assert code == 1
    out = capsys.readouterr().out
    assert "all-seeds: ok" in out and "recent: ok" in out
    assert "broken: FAILED" in out and "no such file or folder" in out
    assert "2 built, 1 failed" in out
    recent = pd.read_csv(tmp_path / "out" / "recent" / "tables" / "outlets.csv")
    assert sorted(recent["outlet"]) == ["Al Jazeera", "BBC News", "Unidentified republisher"]


def test_render_html_escapes_plain_text_outputs(tmp_path: Path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="<script>alert(1)</script>"),
        nbformat.v4.new_output("execute_result", data={"text/plain": "<img src=x onerror=alert(2)>"}, execution_count=1),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), cell]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, str(path))
    html = render_html(path)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Content-Security-Policy" in html


def test_a_report_of_one_outlet_builds_without_keyness(tmp_path: Path):
    """One outlet (a filter, or a corpus of one source) has no rest to compare with: the report
    builds, with an empty keyness table (the keyness cell failed with a KeyError)."""
    out = build_report(SEEDS, name="bbc", reports_dir=tmp_path, parameters={"outlets": ["BBC News"]})
    keyness = pd.read_csv(out / "tables" / "keyness.csv")
    assert keyness.empty and {"outlet", "token", "g2", "p_value", "log_ratio"} <= set(keyness.columns)
    html = (out / "framing_report.html").read_text(encoding="utf-8")
    assert "with one outlet there is nothing to compare" in html
    assert "No rows in this corpus." in html


def test_render_html_gives_every_figure_a_description_as_alt_text(tmp_path: Path):
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    title = 'The $\\foo{$ Post" onerror="alert(1) <b>'  # a title made from an outlet's name

    def image(text: str, **metadata):
        return nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": text},
                                      metadata={"image/png": metadata} if metadata else {})

    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        image("<IPython.core.display.Image object>", alt=f"{title} (x: hits\nper 1,000 tokens)"),
        image("<IPython.core.display.Image object>"),  # no description: not the object's name
        image("<Figure size 700x235 with 1 Axes>"),
        image("Rates per outlet"),
    ]
    nb = nbformat.v4.new_notebook()
    nb.cells = [cell]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, str(path))
    alts = re.findall(r'<img alt="([^"]*)"', render_html(path))
    assert alts == [
        "The $\\foo{$ Post&quot; onerror=&quot;alert(1) &lt;b&gt; (x: hits per 1,000 tokens)",
        "figure",
        "figure",
        "Rates per outlet",
    ]


def _two_document_report(tmp_path: Path, name: str, docs: dict[str, tuple[str, str]]) -> str:
    """The HTML of the report on a corpus of ``docs`` (doc id -> outlet, text)."""
    corpus = tmp_path / name
    corpus.mkdir()
    for doc_id, (_, text) in docs.items():
        (corpus / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    rows = "".join(f"{doc_id},{outlet}\n" for doc_id, (outlet, _) in docs.items())
    (corpus / "manifest.csv").write_text("doc_id,outlet\n" + rows, encoding="utf-8")
    out = build_report(corpus, name=name, reports_dir=tmp_path / "r", parameters={"bootstrap_reps": 200})
    return (out / "framing_report.html").read_text()


def test_report_builds_on_a_corpus_with_nothing_to_find(tmp_path: Path):
    html = _two_document_report(tmp_path, "calm", {
        "a": ("Calm Times", "Ministers met in Paris on Tuesday. They talked."),
        "b": ("Quiet Post", "The weather was mild. Trains ran on time."),
    })
    assert "Nothing to plot" in html
    assert "Why document-level sentiment does not measure framing" in html  # markdown output


def test_report_builds_when_outlet_names_hold_dollars(tmp_path: Path):
    """An outlet 'The $\\foo{$ Post' made the figures fail (mathtext); the names are data."""
    html = _two_document_report(tmp_path, "dollars", {
        "a": ("The $\\foo{$ Post", "Putin, the tyrant, said the regime would crush the protest."),
        "b": ("$5 and $10 Times", "Trump said the scheme was a disaster. Putin met aides."),
    })
    assert html.count("data:image/png;base64,") >= 5
    assert "The $\\foo{$ Post" in html and "$5 and $10 Times" in html  # in the tables, as written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reports:\n  - name: a\n    corpus: seeds\n    parameters:\n      - bootstrap_reps: 500\n",
         "{path}: report 1 (a): parameters must be a mapping of NAME: VALUE lines (e.g. "
         "'bootstrap_reps: 500' under 'parameters:', with no '- '), not a list"),
        ("reports:\n  - name: same\n    corpus: seeds\n    parameters: {outlets: [BBC News]}\n"
         "  - name: other\n    corpus: seeds\n"
         "  - name: same\n    corpus: seeds\n    parameters: {outlets: [Al Jazeera]}\n",
         "{path}: report 3 (same): report 1 has the same name, and both would be written to "
         "<reports-dir>/same/; give each report its own name"),
        ("reports:\n\t- name: tabbed\n    corpus: seeds\n",
         "{path}: line 2, column 1: not valid YAML: while scanning for the next token; found "
         "character '\\t' that cannot start any token (indent with spaces, not tabs)"),
        ("reports:\n  - name: a\n    corpus: [seeds]\n",
         "{path}: report 1 (a): corpus: give the path of a corpus folder or file"),
        ("reports:\n  - name: a\n    corpus: seeds\n    # Gr\xfc\xdfe\n",
         "{path}: not valid UTF-8 at byte offset 47 (line 4); re-encode the file as UTF-8 (in "
         "Excel: Save As, 'CSV UTF-8'; in LibreOffice: character set Unicode (UTF-8))"),
    ],
)
def test_config_problems_are_one_line_naming_the_file(tmp_path: Path, capsys, text, message):
    """A review found a list of parameters and a Latin-1 comment giving internal errors, two
    reports of one name silently replacing each other, and PyYAML's messages over 4 lines."""
    config = tmp_path / "reports.yaml"
    config.write_bytes(text.encode("latin-1"))
    code = main(["report", "--config", str(config), "--reports-dir", str(tmp_path / "out")])
    assert code == 2
    assert capsys.readouterr().err == f"framescope: error: {message.format(path=config)}\n"
    assert not (tmp_path / "out").exists()  # nothing was built


def test_config_dates_need_no_quotes(tmp_path: Path):
    """``start_date: 2026-01-01`` (a date to YAML) is read as -p reads it, not refused."""
    config = tmp_path / "reports.yaml"
    config.write_text("\ufeffreports:\n  - name: recent\n    corpus: seeds\n    parameters:\n"
                      "      start_date: 2026-01-01\n      end_date: '2026-01-31'\n", encoding="utf-8")
    [entry] = read_config(config)
    assert entry["parameters"] == {"start_date": "2026-01-01", "end_date": "2026-01-31"}
    assert entry["corpus"] == str(tmp_path / "seeds")
    assert normalize_parameters({"end_date": dt.date(2026, 1, 6), "outlets": ""}) == {
        "end_date": "2026-01-06", "outlets": []}


def test_a_corpus_with_no_sentence_once_cleaned_fails_before_a_kernel_starts(tmp_path: Path):
    """It passed the checks and failed in a cell with KeyError: 'dimension'."""
    corpus = boilerplate_corpus(tmp_path)
    reports = tmp_path / "reports"
    with pytest.raises(CorpusError) as exc:
        build_report(corpus, reports_dir=reports, parameters={"title_column": ""})
    assert str(exc.value) == (
        f"{corpus}: no sentence is left once its 2 documents are cleaned: all their text was "
        "removed as page furniture (or was empty); see what cleaning removed in the summary "
        f"(framescope summarize {corpus}, with the report's column options: its summary.html "
        "and removals.csv)")
    assert not reports.exists()  # nothing was started
    # one document with a sentence is enough (the check stops at the first)
    with corpus.open("a", encoding="utf-8") as f:
        f.write('{"doc_id": "c", "outlet": "Y", "date": "2025-01-03", "text": "Talks resumed."}\n')
    check_corpus(check_parameters({"corpus": str(corpus), "title_column": ""}))
