"""TextBlob's pattern modules, loaded without importing NLTK.

The fast sentiment scorers of :mod:`analysis.stance` need two modules of the installed
``textblob`` package: ``textblob._text`` (the tokenizer, emoticons, contractions) and
``textblob.en`` (the English pattern sentiment lexicon). Both import only the standard library
and each other, but importing either the usual way first runs ``textblob/__init__.py``, which
imports ``TextBlob`` and with it all of NLTK (and, through NLTK, SciPy): about 190 MB and a
second in every process, which every worker of a streamed run would pay for nothing.

:func:`pattern_modules` executes the two files of the installed package as private module
objects instead: the same code and data files, so the same lexicon and tokenizer; they are
registered under their own names only while ``textblob.en`` executes (it imports
``textblob._text``), then removed again, so a later ``import textblob`` (the reference scorer,
a notebook) loads the real package as usual. Where ``textblob.en`` is already imported, its
modules are used.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType

_NAMES = ("textblob._text", "textblob.en")


@lru_cache(maxsize=1)
def pattern_modules() -> tuple[ModuleType, ModuleType]:
    """``(textblob._text, textblob.en)`` of the installed textblob, without NLTK (see above)."""
    if all(name in sys.modules for name in _NAMES):
        return sys.modules[_NAMES[0]], sys.modules[_NAMES[1]]
    spec = importlib.util.find_spec("textblob")  # (finds the package; does not run it)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textblob is not installed: pip install textblob")
    root = Path(next(iter(spec.submodule_search_locations)))
    saved = {name: sys.modules.get(name) for name in _NAMES}
    try:
        text = _execute(_NAMES[0], root / "_text.py")
        en = _execute(_NAMES[1], root / "en" / "__init__.py", package=True)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:  # pragma: no cover - only one of the two was imported before
                sys.modules[name] = module
    return text, en


def _execute(name: str, path: Path, *, package: bool = False) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        name, path, submodule_search_locations=[str(path.parent)] if package else None
    )
    if spec is None or spec.loader is None:  # pragma: no cover - a file of the package
        raise ModuleNotFoundError(f"textblob: cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # textblob.en imports textblob._text while it runs
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def plural_nouns() -> frozenset[str]:
    """The lower-case words that Brill's lexicon, shipped with textblob
    (``textblob/en/en-lexicon.txt``), tags as plural common nouns (NNS): "farmers",
    "ministers", "unions". It tells a group named by a plain plural from a name when the word
    is capitalised only because it opens the sentence ("Farmers warned that …" against
    "Harris said …"). Read as a file: the tagger itself needs NLTK."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textblob is not installed: pip install textblob")
    path = Path(next(iter(spec.submodule_search_locations))) / "en" / "en-lexicon.txt"
    words = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, _, tag = line.rstrip("\n").partition(" ")
            if tag == "NNS" and word.islower():
                words.append(word)
    return frozenset(words)
