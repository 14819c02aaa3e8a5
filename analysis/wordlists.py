"""Word lists shipped as data (``analysis/data/<name>.txt``): one word per line, ``#`` lines
are metadata or comments. Used by several modules, loaded once."""

from __future__ import annotations

from functools import cache
from importlib import resources

from analysis.errors import ParameterError

WORD_LISTS: tuple[str, ...] = (
    "stopwords_en", "sentence_openers", "name_modifiers", "collective_nouns"
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
