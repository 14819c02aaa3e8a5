"""Errors framescope raises for bad input.

Every error names the file (and line, where there is one) and says what to do, so that the
command line can print it as one readable line instead of a traceback.
"""

from __future__ import annotations


class FramescopeError(Exception):
    """Base class: a problem with the user's input, reported in one readable line."""


class CorpusError(FramescopeError):
    """A corpus file or manifest cannot be read as documents."""


class LexiconError(FramescopeError):
    """A lexicon file or table is malformed."""


class ParameterError(FramescopeError, ValueError):
    """A function or notebook parameter has a value that is not allowed."""


def check_choice(name: str, value: object, allowed: tuple[str, ...] | list[str]) -> None:
    """Raise :class:`ParameterError` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise ParameterError(
            f"{name}={value!r} is not allowed; choose one of: {', '.join(map(repr, allowed))}"
        )
