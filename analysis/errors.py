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
    byte offset and the line, and how to fix it)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except IsADirectoryError:
        raise error(f"{path}: a folder, not a {what}; give the path of the file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise error(
            f"{path}: not valid UTF-8 at byte offset {exc.start} (line {line}); re-encode the "
            "file as UTF-8 (in Excel: Save As, 'CSV UTF-8'; in LibreOffice: character set "
            "Unicode (UTF-8))"
        ) from exc
    # line ends as a file opened in text mode reads them (universal newlines)
    return text.replace("\r\n", "\n").replace("\r", "\n")
