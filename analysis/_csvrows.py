"""CSV records with the line each starts on, and broken quoting as an error naming the line.

Python's :mod:`csv` reader, left to itself, reads a field opened with ``"`` and never closed as
running on over the following lines: the rows after it silently become part of one field (a
corpus loses documents into one text, a lexicon loses terms into one rationale). A field that
legitimately holds line breaks (a quoted article text) looks the same to the reader until the
quoting goes wrong, so :func:`read_records` reads strictly (``strict=True``: text after a
closing quote, or the end of the file inside a quoted field, is an error) and, when the reader
stops, scans the broken record's own lines to say where the field that was never closed began.
Valid files read exactly as ``csv.reader`` reads them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from analysis.errors import FramescopeError

_QUOTING_HINT = 'check the quoting: end a quoted field with ", and double each " inside it ("")'


def read_records(
    lines: Iterable[str],
    *,
    origin: str,
    error: type[FramescopeError],
    delimiter: str = ",",
    first_line: int = 1,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, values)`` for each CSV record of ``lines`` (as ``csv.reader`` splits
    them, blank records included), where ``line`` is the line the record starts on, counting
    ``lines[0]`` as ``first_line``.

    ``lines`` must keep their line ends (a file opened with ``newline=""``, or
    ``str.splitlines(keepends=True)``). A field opened with ``"`` that is never closed, or text
    after the closing ``"`` of a field, raises ``error`` naming ``origin`` and the line where
    the broken field starts; another CSV error raises it naming the line where reading stopped.
    """
    raw: list[str] = []  # the lines of the record being read

    def feed() -> Iterator[str]:
        for line in lines:
            raw.append(line)
            yield line

    reader = csv.reader(feed(), delimiter=delimiter, strict=True)
    start = first_line
    pending: tuple[int, list[str]] | None = None  # held back until the next record is read
    last: list[str] = []  # the lines of the pending record
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise error(
                _message(raw, origin=origin, start=start, delimiter=delimiter, exc=exc)
            ) from exc
        if pending is not None:
            yield pending
        pending, last, raw = (start, values), raw, []  # feed() appends to the new list
        start = first_line + reader.line_num
    if pending is not None:
        # The end of the file inside a quoted field is an error for a strict reader; checked
        # here too, for a reader that saves the field instead (only the last record can end so).
        problem = _scan(last, start=pending[0], delimiter=delimiter)
        if problem is not None:
            raise error(_describe(problem, origin=origin))
        yield pending


def checked_rows(
    records: Iterable[tuple[int, list[str]]],
    n_fields: int,
    *,
    origin: str,
    error: type[FramescopeError],
    hint: str,
) -> Iterator[tuple[int, list[str]]]:
    """The records of :func:`read_records` after the header that hold a value (blank ones are
    skipped), each with ``n_fields`` fields: another number is ``error`` naming ``origin``, the
    line and ``hint``."""
    for line, values in records:
        if not any(v.strip() for v in values):
            continue
        if len(values) != n_fields:
            raise error(
                f"{origin}: line {line}: {len(values)} fields where the header has {n_fields}; "
                f"{hint}"
            )
        yield line, values


def _message(
    raw: list[str], *, origin: str, start: int, delimiter: str, exc: csv.Error
) -> str:
    problem = _scan(raw, start=start, delimiter=delimiter)
    if problem is not None:
        return _describe(problem, origin=origin)
    where = start + max(len(raw) - 1, 0)
    return f"{origin}: line {where}: malformed CSV ({exc}); {_QUOTING_HINT}"


def _describe(problem: tuple[str, int, int], *, origin: str) -> str:
    kind, opened, stopped = problem
    if kind == "open":
        return (
            f'{origin}: line {opened}: a field opened with " on this line is never closed (it '
            f"would run to the end of the file, line {stopped}); {_QUOTING_HINT}"
        )
    if opened != stopped:
        return (
            f'{origin}: line {opened}: a field opened with " on this line is never closed (the '
            f'" on line {stopped} was read as its end); {_QUOTING_HINT}'
        )
    return (
        f'{origin}: line {opened}: text after the closing " of a quoted field; put the whole '
        f'field in double quotes and double each " inside it ("")'
    )


def _scan(raw: list[str], *, start: int, delimiter: str) -> tuple[str, int, int] | None:
    """Where the quoting of one record's lines goes wrong, as ``csv.reader`` reads them:
    ``("open", opened, last)`` when the lines end inside a quoted field opened on line
    ``opened``; ``("after", opened, line)`` when a quoted field opened on line ``opened`` is
    followed by text after its closing quote on line ``line``; ``None`` when neither."""
    start_field, in_field, in_quoted, quote_in_quoted = range(4)
    state = start_field
    opened = start
    line_no = start
    for line_no, line in enumerate(raw, start=start):
        for ch in line:
            if state == start_field:
                if ch == '"':
                    state, opened = in_quoted, line_no
                elif ch not in (delimiter, "\n", "\r"):
                    state = in_field
            elif state == in_field:
                if ch in (delimiter, "\n", "\r"):
                    state = start_field
            elif state == in_quoted:
                if ch == '"':
                    state = quote_in_quoted
            elif ch == '"':  # a doubled quote inside a quoted field
                state = in_quoted
            elif ch in (delimiter, "\n", "\r"):
                state = start_field
            else:
                return ("after", opened, line_no)
    if state == in_quoted:
        return ("open", opened, line_no)
    return None
