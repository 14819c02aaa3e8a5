"""analysis.classroom: self-checks, student and teacher versions, and every exercise notebook
(both versions) run through papermill, with the numbers they record checked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import krippendorff
import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis import classroom
from analysis.agreement import read_codings
from analysis.classroom import (
    CODE_STUB,
    EXERCISES,
    NOT_ANSWERED,
    TEXT_STUB,
    ClassroomError,
    build_versions,
    check,
    find_exercise_notebooks,
    hint,
    locate_path,
    make_version,
    start_exercise,
)
from analysis.cli import main
from analysis.errors import ParameterError
from analysis.loaded import find_loaded, loaded_rates
from tests.conftest import ROOT, SEEDS

EXAMPLE = ROOT / "notebooks" / "classroom" / "coding_example.csv"
SOURCES = find_exercise_notebooks()
TABLOID = "UK tabloid (unnamed)"


# --------------------------------------------------------------------------------------------
# self-checks


@pytest.fixture
def loaded_exercise():
    return start_exercise("loaded_language", corpus=SEEDS)


def test_check_says_correct_not_answered_or_what_went_wrong(loaded_exercise, seeds):
    tokens = int(seeds.sentences.loc[seeds.sentences["outlet"] == TABLOID, "n_tokens"].sum())
    hits = int((find_loaded(seeds.sentences)["outlet"] == TABLOID).sum())
    rate = 1000 * hits / tokens
    assert check("tabloid_rate", rate).status == "correct"
    assert check("tabloid_rate", round(rate, 2)).ok  # rounding to two decimals is fine
    fb = check("tabloid_rate", None)
    assert fb.status == "not answered" and NOT_ANSWERED in str(fb)
    per_token = check("tabloid_rate", hits / tokens)
    assert per_token.status == "incorrect"
    assert "too low" in per_token.message and "per 1,000 tokens" in per_token.message
    assert "number of hits" in check("tabloid_rate", hits).message
    assert "too high" in check("tabloid_rate", rate * 3).message
    assert "sentences" in check("tabloid_tokens", 21).message
    # a one-element selection counts as its value; a wrong shape is pointed out
    assert check("tabloid_tokens", pd.Series([tokens])).ok
    assert "give one" in check("tabloid_tokens", pd.Series([1, 2])).message
    assert "give a number" in check("tabloid_tokens", "many").message
    assert "not a number" in check("tabloid_tokens", float("nan")).message


def test_whose_words_check_names_the_typical_mistakes():
    start_exercise("voices_and_stance", corpus=SEEDS)
    assert check("tabloid_quoted_loaded", 2).ok  # “maximalist demands”, “Russian claims”
    # 4 = quotes and reported speech; 11 = every loaded term of the tabloid
    assert "counts reported speech too" in check("tabloid_quoted_loaded", 4).message
    assert "every loaded term" in check("tabloid_quoted_loaded", 11).message
    assert check("tabloid_quoted_loaded", 1).status == "incorrect"


def test_clause_check_tells_the_clause_from_the_sentence():
    start_exercise("voices_and_stance", corpus=SEEDS)
    assert check("wna_zelensky_clause_vader", 0.0).ok  # "but … Zelensky said more work …"
    # 0.1531: the whole sentence, lifted by the US official's claim before ", but"
    assert "whole sentence's score" in check("wna_zelensky_clause_vader", 0.1531).message
    assert check("wna_zelensky_clause_vader", 0.296).status == "incorrect"


def test_feedback_never_shows_the_answer(loaded_exercise, seeds):
    rates = loaded_rates(find_loaded(seeds.sentences), seeds.sentences, n_boot=200)
    rate = rates.query("category == 'all' and outlet == @TABLOID")["rate_per_1k"].iloc[0]
    for wrong in (None, 0, 1, 5, 11, 100, 0.018, "x"):
        text = str(check("tabloid_rate", wrong))
        assert f"{rate:.2f}" not in text and f"{rate:.1f}" not in text
    text = str(check("putin_terms", ["spat"]))
    assert "tyrant" not in text and "maximalist" not in text
    assert "not in the answer: spat" in text


def test_choice_and_set_answers(loaded_exercise):
    assert check("highest_rate_outlet", "uk tabloid").ok  # unambiguous beginning, any case
    fb = check("highest_rate_outlet", "Fox News")
    assert fb.status == "incorrect" and "not one of the possible answers" in fb.message
    assert "BBC News" in fb.message  # the options are listed, not the answer
    assert check("putin_terms", "tyrant, maximalist, hoodwinked").ok
    partial = check("putin_terms", ["Tyrant", "maximalist"])
    assert partial.status == "incorrect" and "1 missing" in partial.message


def test_summary_records_statuses_and_values(loaded_exercise):
    check("tabloid_hits", 11)
    check("tabloid_tokens", 5)
    record = loaded_exercise.record()
    assert record["answers"]["tabloid_hits"] == {"status": "correct", "value": 11}
    assert record["answers"]["tabloid_tokens"]["status"] == "incorrect"
    assert record["answers"]["rate_ratio"] == {"status": "not answered", "value": None}
    data, meta = loaded_exercise.summary()._repr_mimebundle_()
    assert "1 of 8 correct" in data["text/plain"]
    assert meta["framescope"]["answers"]["tabloid_hits"]["status"] == "correct"


def test_hints_and_errors(loaded_exercise, tmp_path):
    assert "n_tokens" in hint("tabloid_tokens").message
    with pytest.raises(ParameterError, match="no question 'nope'"):
        check("nope", 1)
    with pytest.raises(ParameterError, match="name="):
        start_exercise("no_such_exercise")
    with pytest.raises(ClassroomError, match="no such file or folder"):
        start_exercise("loaded_language", corpus=tmp_path / "missing")
    classroom._CURRENT = None
    with pytest.raises(ClassroomError, match="start_exercise"):
        check("tabloid_hits", 1)


def test_cannot_check_a_question_about_an_outlet_the_corpus_lacks():
    start_exercise("loaded_language", corpus=ROOT / "tests" / "data" / "attribution_cases")
    fb = check("tabloid_rate", 3.0)
    assert fb.status == "cannot check" and "UK tabloid" in fb.message


def test_lexicon_checks_read_the_students_file(tmp_path):
    path = tmp_path / "lex.csv"
    start_exercise("own_lexicon", corpus=SEEDS, lexicon_path=path)
    assert NOT_ANSWERED in str(check("lexicon_ready", str(path)))  # no file yet
    header = "# name: mine\n# version: 0.1.0\nterm,category,case,source,rationale\n"
    path.write_text(header, encoding="utf-8")
    assert "no entries" in str(check("lexicon_ready", str(path)))
    path.write_text(header + "ceasefire,diplomacy,,me,Goal of talks.\n", encoding="utf-8")
    fb = check("lexicon_ready", str(path))
    assert fb.status == "incorrect" and "at least 6" in fb.message and "one category" in fb.message
    entries = [
        "ceasefire,diplomacy,,me,Goal of talks.", "peace deal,diplomacy,,me,Settlement.",
        "security guarantee*,diplomacy,,me,Protection by agreement.",
        "demand*,confrontation,,me,Imposed positions.", "pressure,confrontation,,me,Force.",
        "red line*,confrontation,,me,Non-negotiable.",
    ]
    path.write_text(header + "\n".join(entries) + "\n", encoding="utf-8")
    assert check("lexicon_ready", str(path)).ok
    assert check("my_hits", 10_000).status == "incorrect"  # recomputed from the file
    assert "entries" in check("my_hits", 6).message
    path.write_text(header + "ceasefire,diplomacy\n", encoding="utf-8")  # no source/rationale
    broken = check("lexicon_ready", str(path))
    assert broken.status == "incorrect" and "line 4" in broken.message
    assert check("my_hits", 3).status == "cannot check"


def test_coding_checks_need_a_readable_sheet(tmp_path):
    start_exercise("coding_agreement", corpus=SEEDS)
    assert "no coding sheet" in check("alpha_loaded", 0.5).message
    bad = tmp_path / "sheet.csv"
    bad.write_text("doc_id,sent_id,text,loaded_ana\n000,0,Wrong text.,1\n", encoding="utf-8")
    start_exercise("coding_agreement", corpus=SEEDS, codings=bad)
    fb = check("alpha_loaded", 0.5)
    assert fb.status == "cannot check" and "not the text" in fb.message


# --------------------------------------------------------------------------------------------
# student and teacher versions


def _source_nb() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = None\n    ### BEGIN SOLUTION\n    x = 42\n    ### END SOLUTION\nx")
    note = nbformat.v4.new_markdown_cell("For teachers only.")
    note.metadata["tags"] = ["teacher"]
    whole = nbformat.v4.new_code_cell("secret = 1")
    whole.metadata["tags"] = ["solution"]
    text = nbformat.v4.new_markdown_cell(
        "Why?\n<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->"
    )
    nb.cells = [cell, note, whole, text]
    return nb


def test_student_and_teacher_versions_of_a_notebook():
    nb = _source_nb()
    student = make_version(nb, version="student")
    assert student.cells[0].source == f"x = None\n    {CODE_STUB}\nx"
    assert [c.source for c in student.cells[1:]] == [CODE_STUB, f"Why?\n{TEXT_STUB}"]
    teacher = make_version(nb, version="teacher")
    assert "Teacher version" in teacher.cells[0].source
    assert teacher.cells[1].source == "x = None\n    x = 42\nx"
    assert teacher.cells[4].source == "Why?\nBecause."
    assert nb.cells[0].source.count("SOLUTION") == 2  # the source is not changed
    bad = nbformat.v4.new_notebook()
    bad.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1")]
    with pytest.raises(ClassroomError, match="without ### END SOLUTION"):
        make_version(bad, version="student", name="bad.ipynb")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_source_notebooks_are_consistent_with_their_exercise(path):
    nb = nbformat.read(str(path), as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and re.search(r"^corpus: str = ", params[0].source, re.M)
    text = "\n".join(c.source for c in nb.cells)
    name = re.search(r'start_exercise\("(\w+)"', text).group(1)
    assert EXERCISES[name]["notebook"] == path.name
    checked = re.findall(r'^check\("(\w+)"', text, re.M)
    assert sorted(checked) == sorted(q.id for q in EXERCISES[name]["questions"])
    assert "ex.summary()" in nb.cells[-1].source
    assert nb.cells[0].source.startswith("# Exercise ")
    for cell in nb.cells:  # an indented Markdown cell would render as a code block
        if cell.cell_type == "markdown":
            assert not cell.source.startswith((" ", "\t")), cell.source[:60]
    # every check has its answer variable set to None before the solution
    student = make_version(nb, version="student")
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    assert "SOLUTION" not in code and CODE_STUB in code
    assert not any("teacher" in c.metadata.get("tags", []) for c in student.cells)


def test_build_versions_writes_both_with_handouts(tmp_path):
    written = build_versions(out=tmp_path)
    for version in ("student", "teacher"):
        names = {p.name for p in written[version]}
        assert {p.name for p in SOURCES} <= names
        assert {"coding_template.csv", "coding_example.csv", "codebook.md",
                "lexicon-format.md"} <= names
    student = nbformat.read(str(tmp_path / "student" / SOURCES[0].name), as_version=4)
    assert student.metadata["framescope_classroom"]["version"] == "student"
    assert main(["classroom", "build", "--out", str(tmp_path / "cli")]) == 0
    assert (tmp_path / "cli" / "teacher" / SOURCES[-1].name).is_file()


def test_locate_path_falls_back_to_the_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert locate_path("seeds") == SEEDS.resolve()
    (tmp_path / "seeds").mkdir()
    assert locate_path("seeds") == (tmp_path / "seeds").resolve()
    # the handouts: in the working folder (a student's copy) first, else the classroom folder
    assert locate_path("coding_example.csv") == EXAMPLE.resolve()
    (tmp_path / "coding_example.csv").write_text("doc_id\n", encoding="utf-8")
    assert locate_path("coding_example.csv") == (tmp_path / "coding_example.csv").resolve()
    with pytest.raises(ClassroomError, match="no such file"):
        locate_path("nowhere.csv")


# --------------------------------------------------------------------------------------------
# every notebook, both versions, through papermill


def _run(version_dir: Path, name: str, out_dir: Path) -> Path:
    work = out_dir / f"{version_dir.name}-{Path(name).stem}"
    work.mkdir(parents=True)
    out = work / name
    params = ["-p", "corpus", str(SEEDS)]
    if name.startswith("04_"):
        params += ["-p", "lexicon_path", str(work / "my_lexicon.csv")]
    if name.startswith("05_"):
        params += ["-p", "template_path", str(work / "sheet.csv")]
        if version_dir.name == "teacher":  # the student version finds its handout by default
            params += ["-p", "codings", str(EXAMPLE)]
    cmd = [sys.executable, "-m", "papermill", str(version_dir / name), str(out), "-k", "python3",
           "--cwd", str(work), "--no-progress-bar", *params]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{version_dir.name}/{name} failed:\n{done.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict[tuple[str, str], nbformat.NotebookNode]:
    base = tmp_path_factory.mktemp("classroom")
    build_versions(out=base / "build")
    jobs = [(v, p.name) for v in ("teacher", "student") for p in SOURCES]
    with ThreadPoolExecutor(max_workers=2) as pool:
        paths = list(pool.map(lambda j: _run(base / "build" / j[0], j[1], base / "runs"), jobs))
    return {job: nbformat.read(str(p), as_version=4) for job, p in zip(jobs, paths, strict=True)}


def _check_outputs(nb: nbformat.NotebookNode) -> dict[str, str]:
    out = {}
    for cell in nb.cells:
        m = re.match(r'check\("(\w+)"', cell.source)
        if cell.cell_type == "code" and m:
            texts = [o["data"]["text/plain"] for o in cell.outputs if "data" in o]
            out[m.group(1)] = "\n".join(texts)
    return out


def _record(nb: nbformat.NotebookNode) -> dict:
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if "framescope" in o.get("metadata", {}):
                return o["metadata"]["framescope"]
    raise AssertionError("no summary record in the executed notebook")


@pytest.mark.parametrize("name", [p.name for p in SOURCES])
def test_student_version_runs_and_nothing_is_answered(executed, name):
    nb = executed[("student", name)]
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    feedback = _check_outputs(nb)
    assert feedback and all(NOT_ANSWERED in text for text in feedback.values()), feedback
    record = _record(nb)
    assert {a["status"] for a in record["answers"].values()} == {"not answered"}
    # the lexicon check is given the file's path; the file has no entries yet
    assert all(a["value"] is None for k, a in record["answers"].items() if k != "lexicon_ready")


@pytest.mark.parametrize("name", [p.name for p in SOURCES])
def test_teacher_version_answers_every_check_correctly(executed, name):
    nb = executed[("teacher", name)]
    feedback = _check_outputs(nb)
    assert feedback and all(text.startswith("✅") for text in feedback.values()), feedback
    record = _record(nb)
    assert {a["status"] for a in record["answers"].values()} == {"correct"}


def _values(executed, name: str) -> dict[str, object]:
    return {k: a["value"] for k, a in _record(executed[("teacher", name)])["answers"].items()}


def test_teacher_answers_equal_the_package_values(executed, seeds):
    s = seeds.sentences
    hits = find_loaded(s)
    tokens = s.groupby("outlet")["n_tokens"].sum()
    n_hits = hits.groupby("outlet").size()
    v = _values(executed, SOURCES[0].name)
    assert v["tabloid_tokens"] == int(tokens[TABLOID]) == 598
    assert v["tabloid_hits"] == int(n_hits[TABLOID]) == 11
    assert v["tabloid_rate"] == pytest.approx(1000 * 11 / 598)
    assert v["highest_rate_outlet"] == TABLOID
    # the BBC's 571 tokens: its photo caption is removed by cleaning
    assert v["rate_ratio"] == pytest.approx((11 / 598) / (2 / 571), rel=1e-4)  # rounded rates
    assert v["putin_terms"] == ["hoodwinked", "maximalist", "tyrant"]  # hoodwinked: its doer
    assert v["the_pm_outlet"] == TABLOID

    v = _values(executed, SOURCES[1].name)
    assert v["tabloid_attributions"] == 11
    assert v["tabloid_anonymous_share"] == pytest.approx(2 / 11)
    assert v["outlets_with_anonymous"] == [TABLOID, "World News Actuality"]
    assert v["distancing_cue"] == "it’s been claimed"
    assert v["bbc_own_hedge_rate"] == pytest.approx(1000 * 4 / 571)
    assert v["top_own_hedging"] == "Unidentified republisher"

    v = _values(executed, SOURCES[2].name)
    assert v["wna_top_speaker"] == "von der Leyen"
    assert v["tabloid_putin_load"] == pytest.approx(3 / 7)  # tyrant, maximalist, hoodwinked
    assert v["tabloid_quoted_loaded"] == 2  # “maximalist demands”, “Russian claims”
    assert v["wna_zelensky_clause_vader"] == 0.0  # the sentence as a whole: 0.1531
    assert v["aljazeera_us_share"] == pytest.approx(36 / 58, abs=1e-4)

    v = _values(executed, SOURCES[3].name)
    assert v["my_hits"] > 0 and v["my_top_outlet"] in set(s["outlet"])

    v = _values(executed, SOURCES[4].name)
    coded = read_codings(EXAMPLE, sentences=s)
    for var, key in (("loaded", "alpha_loaded"), ("source_type", "alpha_source_type")):
        m = coded.matrix(var)
        cats = sorted(set(m.stack().dropna()))
        data = np.array([[np.nan if pd.isna(x) else cats.index(x) for x in m[c]] for c in m.columns])
        assert v[key] == pytest.approx(
            krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"), abs=1e-9
        )
    assert v["percent_agreement_loaded"] == pytest.approx(83 / 89)
    assert v["kappa_by_hand"] == pytest.approx(0.6625, abs=1e-4)
    assert v["n_source_disagreements"] == 6
    assert v["detector_precision"] == pytest.approx(9 / 15)


def test_no_solution_text_reaches_the_student(executed):
    for src in SOURCES:
        nb = nbformat.read(str(src), as_version=4)
        solution_lines = set()
        for cell in nb.cells:
            inside = False
            for line in cell.source.split("\n"):
                if "BEGIN SOLUTION" in line:
                    inside = True
                elif "END SOLUTION" in line:
                    inside = False
                elif inside and len(line.strip()) > 25:
                    solution_lines.add(line.strip())
        student = executed[("student", src.name)]
        text = json.dumps([c.source for c in student.cells])
        leaked = [line for line in solution_lines if json.dumps(line)[1:-1] in text]
        assert not leaked, f"{src.name}: {leaked[:3]}"


# --------------------------------------------------------------------------------------------
# hard cases found in review


def test_counts_are_exact_and_a_long_list_does_not_give_the_answer_away(loaded_exercise, seeds):
    tokens = int(seeds.sentences.loc[seeds.sentences["outlet"] == TABLOID, "n_tokens"].sum())
    assert check("tabloid_tokens", tokens).ok
    assert not check("tabloid_tokens", tokens + 2).ok  # within 0.5 %, but a count is exact
    every_match = sorted(set(find_loaded(seeds.sentences)["match"].str.lower()))
    fb = check("putin_terms", every_match)
    assert fb.status == "incorrect" and "do not belong" in fb.message
    assert "not in the answer" not in fb.message and "spat" not in fb.message


def test_odd_answer_forms(loaded_exercise, seeds):
    tokens = int(seeds.sentences.loc[seeds.sentences["outlet"] == TABLOID, "n_tokens"].sum())
    assert check("tabloid_tokens", np.array(tokens)).ok  # a zero-dimensional array
    assert "with a point" in check("tabloid_rate", "18,39").message  # a decimal comma


def test_undefined_values_cannot_be_checked(tmp_path):
    sheet = pd.read_csv(EXAMPLE, dtype=str, keep_default_na=False)
    for col in [c for c in sheet.columns if c.startswith("loaded_")]:
        sheet[col] = "0"  # no variation: κ and α are undefined
    path = tmp_path / "zeros.csv"
    sheet.to_csv(path, index=False)
    start_exercise("coding_agreement", corpus=SEEDS, codings=path)
    for question in ("kappa_by_hand", "alpha_loaded"):
        fb = check(question, 0.5)
        assert fb.status == "cannot check" and "undefined" in fb.message


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("x = None\n###begin solution\nx = 42\n### End Solution\nx", "code"),
        ("x = None\r\n### BEGIN SOLUTION\r\nx = 42\r\n### END SOLUTION\r\nx", "code"),
        ("Why?\n<!--BEGIN SOLUTION-->\nBecause 42.\n<!--end solution-->", "markdown"),
    ],
)
def test_solution_markers_as_written_by_hand_are_stripped(source, kind):
    nb = nbformat.v4.new_notebook()
    cell = (nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell)(source)
    tagged = nbformat.v4.new_markdown_cell("![answer](attachment:a.png)")
    tagged.metadata["tags"] = ["Solution"]
    tagged["attachments"] = {"a.png": {"image/png": "iVBORw0KGgo="}}
    nb.cells = [cell, tagged]
    student = make_version(nb, version="student")
    assert "42" not in student.cells[0].source
    assert student.cells[1].source == TEXT_STUB and "attachments" not in student.cells[1]
    assert "42" in make_version(nb, version="teacher").cells[1].source
