"""Word lists shipped as data (``analysis/data/<name>.txt``): one word per line, ``#`` lines
are metadata or comments. Used by several modules, loaded once."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from typing import Any

from analysis.errors import ParameterError

WORD_LISTS: tuple[str, ...] = (
    "stopwords_en", "sentence_openers", "name_modifiers", "collective_nouns", "states",
    "metonym_names", "calendar_words",
)


@cache
def load_word_list(name: str, *, lower: bool = True) -> frozenset[str]:
    """The words of the shipped list ``name`` (one of :data:`WORD_LISTS`)."""
    if name not in WORD_LISTS:
        raise ParameterError(f"no word list {name!r}; choose one of: {', '.join(WORD_LISTS)}")
    res = resources.files("analysis") / "data" / f"{name}.txt"
    words = (
        w.strip() for w in res.read_text(encoding="utf-8").splitlines() if not w.startswith("#")
    )
    return frozenset((w.lower() if lower else w) for w in words if w)


#: The shipped data files besides lexicons, cleaning rules and the actor registry that change
#: results (their versions and hashes go into a report's provenance).
DATA_FILES: tuple[str, ...] = (*(f"{n}.txt" for n in WORD_LISTS), "abbreviations.tsv")


def data_file_info(file_name: str) -> dict[str, Any]:
    """Name, version (its ``# version:`` line) and sha256 of a shipped data file (one of
    :data:`DATA_FILES`), for provenance."""
    if file_name not in DATA_FILES:
        raise ParameterError(f"no data file {file_name!r}; choose one of: {', '.join(DATA_FILES)}")
    data = (resources.files("analysis") / "data" / file_name).read_bytes()
    version = "unversioned"
    for line in data.decode("utf-8").splitlines():
        if line.startswith("# version:"):
            version = line.split(":", 1)[1].strip()
            break
    return {"file": f"analysis/data/{file_name}", "version": version,
            "sha256": hashlib.sha256(data).hexdigest()}
