"""analysis.report: atomic writes and escaping of untrusted article text."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from analysis.report import _HOST, html_table, summarize_corpus, write_atomically


def test_write_atomically_replaces_only_on_success(tmp_path: Path):
    out = tmp_path / "r"
    with write_atomically(out) as tmp:
        (tmp / "a.txt").write_text("good")
    assert (out / "a.txt").read_text() == "good"
    with pytest.raises(RuntimeError), write_atomically(out) as tmp:
        (tmp / "a.txt").write_text("half")
        raise RuntimeError("cell failed")
    assert (out / "a.txt").read_text() == "good"  # last good report untouched
    assert (tmp_path / "r.failed" / "a.txt").read_text() == "half"  # kept for inspection
    assert not [p for p in tmp_path.iterdir() if ".building-" in p.name]


def test_html_table_escapes_markup():
    df = pd.DataFrame({"text": ['<script>alert(1)</script> <img src=x onerror="alert(2)">']})
    out = html_table(df)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_summary_of_hostile_article_renders_as_text(tmp_path: Path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "x.txt").write_text(
        'Officials said <script>document.title="pwned"</script> was <b>bold</b>.\n'
        '<img src=x onerror="alert(1)">\n',
        encoding="utf-8",
    )
    (corpus / "manifest.csv").write_text(
        'doc_id,outlet,title\nx,"<i>Evil</i> Outlet","<script>alert(3)</script>"\n', encoding="utf-8"
    )
    out = summarize_corpus(corpus, tmp_path / "r")
    html = (out / "summary.html").read_text()
    assert "<script" not in html.lower().replace("&lt;script", "")
    assert "<img" not in html and "<i>Evil" not in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html  # the title, as text
    assert "&lt;i&gt;Evil&lt;/i&gt; Outlet" in html


@pytest.mark.parametrize(
    ("umask", "mode"), [(0o022, 0o755), (0o027, 0o750), (0o077, 0o700)], ids=["022", "027", "077"]
)
def test_report_folder_mode_follows_the_umask(tmp_path: Path, umask: int, mode: int):
    old = os.umask(umask)
    try:
        with write_atomically(tmp_path / "r") as tmp:
            (tmp / "a.txt").write_text("good")
        with pytest.raises(RuntimeError), write_atomically(tmp_path / "r") as tmp:
            raise RuntimeError("cell failed")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r").stat().st_mode) == mode  # as a plain mkdir makes it
    assert stat.S_IMODE((tmp_path / "r.failed").stat().st_mode) == mode
    assert (tmp_path / "r" / "a.txt").read_text() == "good"


def test_code_identity_hashes_the_modules(tmp_path):
    from analysis.report import code_identity

    code = code_identity()
    assert set(code) == {"sha256", "git_commit", "git_dirty"}
    assert len(code["sha256"]) == 64 and code_identity() is code  # once per process
    # in this checkout git names the commit; elsewhere both are None and the hash remains
    assert code["git_commit"] is None or len(code["git_commit"]) == 40


def test_a_build_removes_the_folders_that_killed_builds_left(tmp_path: Path):
    """SIGKILL (the OOM killer, a hard timeout) leaves ``.<name>.building-…``; the next build of
    the name removes those of dead processes on this machine and names those it cannot judge."""
    never = int(Path("/proc/sys/kernel/pid_max").read_text())  # process ids are below it
    folders = {
        "dead": f".r.building-{_HOST}-{never}-0123456789ab",  # killed: removed
        "live": f".r.building-{_HOST}-{os.getpid()}-0123456789ab",  # in use: kept, silently
        "away": f".r.building-otherhost-{never}-0123456789ab",  # another machine: kept
        "old": ".r.building-0123456789ab",  # named before process ids: kept
        "other": f".rr.building-{_HOST}-{never}-0123456789ab",  # another report's: not looked at
    }
    for name in folders.values():
        (tmp_path / name).mkdir()
        (tmp_path / name / "framing_report.ipynb").write_text("{}")
    (tmp_path / f".r.building-{_HOST}-{never}-ffffffffffff").write_text("a file, not a build")
    with pytest.warns(UserWarning) as caught:
        with write_atomically(tmp_path / "r") as tmp:
            (tmp / "a.txt").write_text("good")
    assert sorted(str(w.message) for w in caught) == sorted([
        f"{tmp_path / folders['old']}: the folder of a build made by an older framescope, which "
        "cannot be told finished from here; delete it if no build of r is running",
        f"{tmp_path / folders['away']}: the folder of a build made on otherhost, which cannot be "
        "told finished from here; delete it if no build of r is running",
        f"{tmp_path / folders['dead']}: removed, the unfinished folder of a build (process "
        f"{never}) that was killed before it could clean up",
    ])
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([folders["old"], folders["away"], folders["live"], folders["other"],
                           f".r.building-{_HOST}-{never}-ffffffffffff", "r"])
    assert (tmp_path / "r" / "a.txt").read_text() == "good"
