"""Errors framescope raises for bad input.

Every error names the file (and line, where there is one) and says what to do, so that the
command line can print it as one readable line instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path


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


def read_utf8_file(path: str | Path, *, what: str, error: type[FramescopeError]) -> str:
    """The text of a user's UTF-8 file (a byte-order mark is dropped), or ``error`` naming the
    file: not found (``what`` says which kind of file was expected) or not UTF-8 (with the
    byte offset)."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not valid UTF-8 at byte offset {exc.start}") from exc
