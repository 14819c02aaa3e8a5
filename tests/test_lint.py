"""The code base is ruff clean (the project's lint settings are in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_ruff_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "analysis", "tests", "bench"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
