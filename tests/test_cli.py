"""The framescope command line: the summary report, and one readable line for bad input."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import _parse_param, main
from analysis.corpus import CorpusWarning
from tests.conftest import SEEDS, boilerplate_corpus


def test_summarize_writes_report(tmp_path: Path, capsys):
    out = tmp_path / "seeds"
    assert main(["summarize", str(SEEDS), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "documents.csv", "glued_words.csv", "outlets.csv", "provenance.json",
        "removals.csv", "sentences.csv", "summary.html",
    ]
    outlets = pd.read_csv(out / "outlets.csv")
    assert outlets.set_index("outlet")["n_sentences"].to_dict() == {
        "Al Jazeera": 10, "BBC News": 23, "UK tabloid (unnamed)": 21,
        "Unidentified republisher": 14, "World News Actuality": 24,
    }
    assert outlets["n_tokens"].sum() == pd.read_csv(out / "sentences.csv")["n_tokens"].sum()
    docs = pd.read_csv(out / "documents.csv", dtype={"doc_id": str})
    assert docs.set_index("doc_id")["removed_spans"].to_dict() == {
        "000": 2, "001": 10, "002": 4, "003": 3, "004": 0,  # 003: byline, image caption, caption line
    }
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["corpus"]["n_documents"] == 5
    assert len(prov["corpus"]["fingerprint_sha256"]) == 64
    assert prov["packages"]["pandas"] == pd.__version__
    html = (out / "summary.html").read_text()
    assert "What cleaning removed" in html and "News imageEPA" in html
    assert "wrote" in capsys.readouterr().out


def test_summary_tables_are_byte_identical_across_runs(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    main(["summarize", str(SEEDS), "--out", str(a)])
    main(["summarize", str(SEEDS), "--out", str(b)])
    for name in ("documents.csv", "outlets.csv", "removals.csv", "sentences.csv", "glued_words.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path):
    bad = tmp_path / "corpus"
    bad.mkdir()
    (bad / "a.txt").write_bytes("caf\xe9".encode("latin-1"))
    (bad / "manifest.csv").write_text("doc_id,outlet\na,X\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "analysis.cli", "summarize", str(bad), "--out", str(tmp_path / "r")],
        capture_output=True, text=True,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("framescope: error: ") and "a.txt" in lines[0] and "byte offset 3" in lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_outlet_is_one_line(tmp_path: Path, capsys):
    code = main(["summarize", str(SEEDS), "--outlets", "Daily Mail", "--out", str(tmp_path / "r")])
    assert code == 2
    err = capsys.readouterr().err
    assert "unknown outlet(s) 'Daily Mail'" in err and "'BBC News'" in err


def test_failed_build_keeps_last_good_report(tmp_path: Path):
    out = tmp_path / "seeds"
    assert main(["summarize", str(SEEDS), "--out", str(out)]) == 0
    before = (out / "sentences.csv").read_bytes()
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.csv").write_text("doc_id,outlet\nx,Y\n", encoding="utf-8")
    assert main(["summarize", str(broken), "--out", str(out)]) == 2
    assert (out / "sentences.csv").read_bytes() == before


def _bare_csv(tmp_path: Path) -> Path:
    """A CSV corpus with no url or language column."""
    path = tmp_path / "good.csv"
    path.write_text(
        "doc_id,outlet,date,title,text\n"
        'a,BBC News,2025-06-02,Talks,"Talks resumed in Geneva. Officials said so."\n'
        'b,Al Jazeera,2025-06-03,Truce,"The truce held, officials said."\n',
        encoding="utf-8",
    )
    return path


def test_summarize_and_run_a_csv_without_url_or_language(tmp_path: Path, capsys):
    corpus = _bare_csv(tmp_path)
    assert main(["summarize", str(corpus), "--out", str(tmp_path / "s")]) == 0
    docs = pd.read_csv(tmp_path / "s" / "documents.csv", dtype=str, keep_default_na=False)
    assert docs["doc_id"].tolist() == ["a", "b"]
    assert main(["run", str(corpus), "--out", str(tmp_path / "r"), "--no-progress"]) == 0
    assert "2 documents in 1 chunks" in capsys.readouterr().out
    code = main(["summarize", str(corpus), "--url-column", "link", "--out", str(tmp_path / "x")])
    assert code == 2
    assert "good.csv: line 1: no column 'link' (for url)" in capsys.readouterr().err


def test_unclosed_quote_is_one_line_naming_the_line(tmp_path: Path, capsys):
    corpus = tmp_path / "c.csv"
    corpus.write_text('doc_id,outlet,text\na,X,"Never closed.\nb,Y,Swallowed.\n', encoding="utf-8")
    assert main(["summarize", str(corpus), "--out", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert err.startswith('framescope: error: ') and len(err.strip().splitlines()) == 1
    assert 'c.csv: line 2: a field opened with " on this line is never closed' in err


def test_summary_folder_is_not_private(tmp_path: Path):
    old = os.umask(0o022)
    try:
        assert main(["summarize", str(SEEDS), "--out", str(tmp_path / "r")]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r").stat().st_mode) == 0o755  # drwxr-xr-x, like mkdir


def test_filters_that_keep_no_document_are_one_line(tmp_path: Path, capsys):
    message = ("framescope: error: no documents match the filters (from 2027-01-01): the corpus "
               "has 5 documents, dated 2025-03-11 to 2026-01-06; widen or drop the filters\n")
    assert main(["summarize", str(SEEDS), "--start", "2027-01-01", "--out", str(tmp_path / "s")]) == 2
    assert capsys.readouterr().err == message
    assert not (tmp_path / "s").exists()
    assert main(["run", str(SEEDS), "--start", "2027-01-01", "--out", str(tmp_path / "r"),
                 "--no-progress"]) == 2
    assert capsys.readouterr().err == message
    assert not (tmp_path / "r").exists()


def test_parameters_are_parsed_as_yaml_or_kept_as_text():
    assert _parse_param("bootstrap_reps=500") == ("bootstrap_reps", 500)
    assert _parse_param("outlets=[BBC News, Al Jazeera]") == ("outlets", ["BBC News", "Al Jazeera"])
    assert _parse_param("actors=Putin") == ("actors", ["Putin"])
    # every list parameter: one value is a list of one, as written (not YAML's False or 2025)
    assert _parse_param("extra_lexicons=my.csv") == ("extra_lexicons", ["my.csv"])
    assert _parse_param("extra_actors=[a.csv, b.csv]") == ("extra_actors", ["a.csv", "b.csv"])
    assert _parse_param("outlets=No") == ("outlets", ["No"])
    assert _parse_param("outlets=") == ("outlets", [])
    assert _parse_param("start_date=2025-02-28") == ("start_date", "2025-02-28")
    # YAML reads it as a date it cannot make: the text goes to the parameter check
    assert _parse_param("start_date=2025-02-30") == ("start_date", "2025-02-30")


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("start_date=2025-02-30", "parameter start_date='2025-02-30' is not a date: day is out of "
                                  "range for month; write the day as YYYY-MM-DD"),
        ("start_date=01.06.2025", "parameter start_date='01.06.2025' is not a date: day and month "
                                  "could be either way round"),
        ("kwic_width=0", "parameter kwic_width=0: use 1 or more"),
        ("target_window=-1", "parameter target_window=-1: use 0 or more"),
        ("actors=[Putni]", "parameter actors: unknown actor 'Putni' (did you mean 'Putin'?); the "
                           "actor registry (analysis/data/actors.csv) has: 'Australia', "),
    ],
)
def test_bad_report_parameters_are_one_line_before_a_kernel_starts(tmp_path: Path, capsys, param, message):
    reports = tmp_path / "reports"
    assert main(["report", str(SEEDS), "--reports-dir", str(reports), "-p", param]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"framescope: error: {message}") and err.count("\n") == 1
    assert not reports.exists()  # nothing was started


def test_date_format_and_a_whole_end_day_on_the_command_line(tmp_path: Path, capsys):
    corpus = tmp_path / "eu.csv"
    corpus.write_text(
        "doc_id,outlet,date,text\n"
        "a,X,11.03.2025 09:00,Talks resumed on Tuesday.\n"
        "b,Y,06.01.2026 15:00,The truce held.\n",
        encoding="utf-8",
    )
    out = tmp_path / "s"
    args = ["summarize", str(corpus), "--title-column", "", "--out", str(out), "--end", "2026-01-06"]
    assert main(args) == 2
    assert capsys.readouterr().err == (
        f"framescope: error: {corpus}: line 2: cannot read date '11.03.2025 09:00': not an ISO 8601 "
        "or RFC 2822 date; write dates as ISO 8601 (2025-03-11, 2025-03-11T15:00:00+01:00) or name "
        "the column's format with date_format (e.g. date_format='%d.%m.%Y'; --date-format "
        "'%d.%m.%Y'; in a report -p date_format=%d.%m.%Y)\n"
    )
    assert main([*args, "--date-format", "%d.%m.%Y"]) == 2
    assert capsys.readouterr().err.endswith(
        "line 2: cannot read date '11.03.2025 09:00': it does not match date_format '%d.%m.%Y'; "
        "fix the date or the format\n"
    )
    # b at 15:00 on the end day is kept
    assert main([*args, "--date-format", "%d.%m.%Y %H:%M"]) == 0
    docs = pd.read_csv(out / "documents.csv")
    assert docs[["doc_id", "date"]].values.tolist() == [["a", "2025-03-11"], ["b", "2026-01-06"]]
    assert _parse_param("date_format=%d.%m.%Y") == ("date_format", "%d.%m.%Y")


def _user_files(tmp_path: Path) -> dict[str, Path]:
    """A copy of the seed corpus, a folder of someone's work, a CSV file and an empty folder."""
    corpus = tmp_path / "mycorpus"
    shutil.copytree(SEEDS, corpus)
    thesis = tmp_path / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.docx").write_text("chapter 1", encoding="utf-8")
    csv = tmp_path / "good.csv"
    csv.write_text("a,b\n", encoding="utf-8")
    return {"corpus": corpus, "thesis": thesis, "csv": csv}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("mycorpus", "mycorpus: the output would replace the corpus {corpus}; choose another --out"),
        (".", ".: the output folder holds the corpus {corpus}, which writing it would delete; "
              "choose another --out"),
        ("mycorpus/summary", "mycorpus/summary: the output folder is inside the corpus {corpus}; "
                             "write outputs outside it (choose another --out)"),
        ("thesis", "thesis: the folder exists and is not a framescope summary (no provenance.json), "
                   "so a build would delete it; choose another --out, or move it away"),
        ("good.csv", "good.csv: exists and is not a summary folder; choose another --out"),
        ("link", "link: the output would replace the corpus {corpus}; choose another --out"),
    ],
)
def test_summarize_never_replaces_the_corpus_or_other_files(tmp_path: Path, capsys, monkeypatch, out, message):
    """A review found "summarize mycorpus --out mycorpus" deleting the articles, and --out on a
    folder of other files, a CSV file or "." deleting them (or an internal error)."""
    files = _user_files(tmp_path)
    (tmp_path / "link").symlink_to(files["corpus"])
    before = _snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    corpus = "mycorpus"
    assert main(["summarize", corpus, "--out", out]) == 2
    assert capsys.readouterr().err == f"framescope: error: {message.format(corpus=corpus)}\n"
    assert _snapshot(tmp_path) == before  # nothing deleted, nothing written


def test_summarize_replaces_a_summary_and_refuses_the_current_folder(tmp_path: Path, capsys, monkeypatch):
    files = _user_files(tmp_path)
    out = tmp_path / "s"
    assert main(["summarize", str(files["corpus"]), "--out", str(out)]) == 0
    (out / "sentences.csv").write_text("stale", encoding="utf-8")
    assert main(["summarize", str(files["corpus"]), "--out", str(out)]) == 0
    assert (out / "sentences.csv").read_text(encoding="utf-8") != "stale"
    monkeypatch.chdir(out)  # "--out ." from inside a summary: not the folder the shell is in
    assert main(["summarize", str(files["corpus"]), "--out", "."]) == 2
    assert "the output would replace the current folder" in capsys.readouterr().err
    assert (out / "provenance.json").is_file()
    # the default folder is reports/<the corpus's name>, also for "." inside a corpus folder
    monkeypatch.chdir(tmp_path)
    assert main(["summarize", "mycorpus"]) == 0
    assert (tmp_path / "reports" / "mycorpus" / "summary.html").is_file()
    monkeypatch.chdir(files["corpus"])
    assert main(["summarize", "."]) == 2
    assert capsys.readouterr().err.startswith(
        f"framescope: error: reports/mycorpus: the output folder is inside the corpus {files['corpus']}; ")


def test_run_and_report_outputs_keep_apart_from_the_corpus(tmp_path: Path, capsys, monkeypatch):
    _user_files(tmp_path)
    lexicon = tmp_path / "reports" / "seeds" / "my.csv"  # a lexicon kept in a report's folder
    lexicon.parent.mkdir(parents=True)
    (lexicon.parent / "provenance.json").write_text("{}", encoding="utf-8")
    lexicon.write_text("# version: 1.0.0\nterm,category,note,source,reason\n", encoding="utf-8")
    before = _snapshot(tmp_path)
    monkeypatch.chdir(tmp_path)
    cases = [
        (["run", "mycorpus", "--out", "mycorpus", "--overwrite"],
         "mycorpus: the output would replace the corpus mycorpus; choose another --out"),
        (["run", "mycorpus", "--out", "mycorpus/run"],
         "mycorpus/run: the output folder is inside the corpus mycorpus; write outputs outside it"),
        (["run", "mycorpus", "--out", ".", "--overwrite"],
         ".: the output folder holds the corpus mycorpus, which writing it would delete"),
        (["report", "mycorpus", "--reports-dir", ".", "--name", "mycorpus"],
         "mycorpus: the output would replace the corpus mycorpus; choose another --name or "
         "--reports-dir"),
        (["report", "mycorpus", "--reports-dir", "mycorpus"],
         "mycorpus/mycorpus: the output folder is inside the corpus mycorpus"),
        (["report", "mycorpus", "--name", "seeds", "-p", "extra_lexicons=[reports/seeds/my.csv]"],
         f"reports/seeds: the output folder holds the lexicon {lexicon}, which writing it would "
         "delete; choose another --name or --reports-dir"),
    ]
    for argv, message in cases:
        if argv[0] == "run":
            argv = [*argv, "--no-progress"]
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith(f"framescope: error: {message}") and err.count("\n") == 1, err
    assert _snapshot(tmp_path) == before


def test_summarize_and_run_warn_of_a_corpus_with_no_sentence_once_cleaned(tmp_path: Path):
    """They are where to look at what cleaning removed: written, with a warning saying so."""
    corpus = boilerplate_corpus(tmp_path)
    start = f"{corpus}: no sentence is left once its 2 documents are cleaned: all their text was removed as page furniture (or was empty); see what cleaning removed in "
    options = ["--title-column", ""]
    with pytest.warns(CorpusWarning) as caught:
        assert main(["summarize", str(corpus), "--out", str(tmp_path / "s"), *options]) == 0
    assert [str(w.message) for w in caught] == [
        f"{start}{tmp_path / 's' / 'summary.html'} (What cleaning removed) and {tmp_path / 's' / 'removals.csv'}"]
    removals = pd.read_csv(tmp_path / "s" / "removals.csv")
    assert len(removals) == 4 and len(pd.read_csv(tmp_path / "s" / "sentences.csv")) == 0
    with pytest.warns(CorpusWarning) as caught:
        assert main(["run", str(corpus), "--out", str(tmp_path / "r"), *options, "--no-progress"]) == 0
    assert [str(w.message) for w in caught] == [
        f"{start}the run's removals table ({tmp_path / 'r' / 'removals'})"]
