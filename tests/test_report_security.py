"""Untrusted article text renders as text: the HTML report opened in headless Chromium runs no
script from a hostile corpus (Debian's chromium, installed by `make test`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.build import build_report

HOSTILE = (
    "The tyrant <script>document.body.insertAdjacentHTML('beforeend','<p id=pwned1>x</p>')</script> "
    "slammed the sham regime.\n\n"
    "Officials said the brutal <img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> "
    "attack was propaganda.\n\n"
    "A so-called </td></tr></table><svg onload=\"document.title='PWNED'\"></svg> ceasefire "
    "<b>bold</b> <a href=\"javascript:alert(1)\">link</a> was a bloodbath.\n"
)

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=3000",
]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "calm.txt").write_text("Ministers met in Paris on Tuesday. They talked.\n", encoding="utf-8")
    (corpus / "manifest.csv").write_text(
        "doc_id,outlet,date,title\n"
        "evil,\"<script>document.title='PWNED'</script> Daily\",2026-01-01,\"<i onmouseover=alert(1)>t</i>\"\n"
        "calm,Calm Times,2026-01-02,Calm\n",
        encoding="utf-8",
    )
    return build_report(corpus, name="hostile", reports_dir=root / "reports", parameters={"bootstrap_reps": 200})


def test_hostile_text_is_escaped_in_the_html(hostile_report: Path):
    for page in ("framing_report.html", "summary.html"):
        html = (hostile_report / page).read_text()
        assert "<script" not in html
        assert "<svg" not in html and "<img src=x" not in html and "<b>bold" not in html
        assert '<a href="javascript' not in html  # the link is text, not a link
    html = (hostile_report / "framing_report.html").read_text()
    assert "&lt;script&gt;document.body.insertAdjacentHTML" in html  # shown, as text


def test_no_script_runs_in_headless_chromium(hostile_report: Path, tmp_path: Path):
    chromium = _chromium()
    if chromium is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; `make test` installs Debian's chromium")
        pytest.skip("Chromium is not installed (make test installs it where it can)")
    for page in ("framing_report.html", "summary.html"):
        result = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / page}", "--dump-dom",
             (hostile_report / page).resolve().as_uri()],
            capture_output=True, text=True, timeout=120,
        )
        dom = result.stdout
        assert "</html>" in dom, result.stderr[-2000:]
        assert "pwned1" not in dom.replace("&lt;p id=pwned1&gt;", "")  # the script did not run
        assert "data-pwned" not in dom.replace("setAttribute('data-pwned'", "")
        assert "<title>PWNED" not in dom
        assert "&lt;script&gt;" in dom  # the text is there, as text
