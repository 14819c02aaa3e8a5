"""Load a news corpus into a documents table.

A corpus is one of:

* a **folder** of UTF-8 ``.txt`` files plus a manifest CSV (``manifest.csv`` in the folder by
  default) with one row per document: ``doc_id, outlet, date, title, url, language, note`` and
  optionally ``file`` (the file name; ``<doc_id>.txt`` when absent);
* a **CSV, JSONL or Parquet file** with one row per document, a text column and metadata
  columns. Column names are configurable, so an export from Media Cloud or any scraper loads by
  naming its columns (``id_column="id", outlet_column="media_name", date_column="publish_date"``).

The result is the *documents table*: one row per document with ``doc_id, outlet, date, title,
url, language, note, text, source, source_line`` and any further metadata columns of the input.
``source`` and ``source_line`` say where each document came from, so that every later error or
number can be traced back to a file and line. :func:`fingerprint_corpus` gives a stable sha256
over the ids, outlets, dates and texts, recorded in every report's provenance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal

import numpy as np
import pandas as pd

from analysis._csvrows import checked_rows, read_records
from analysis.errors import CorpusError, ParameterError, check_choice

CorpusFormat = Literal["auto", "folder", "csv", "jsonl", "parquet"]
FORMATS: tuple[str, ...] = ("auto", "folder", "csv", "jsonl", "parquet")
EncodingErrors = Literal["strict", "fallback"]

#: Columns every documents table has, in this order; other metadata columns follow.
DOC_COLUMNS: list[str] = [
    "doc_id",
    "outlet",
    "date",
    "title",
    "url",
    "language",
    "note",
    "text",
    "source",
    "source_line",
]
MANIFEST_REQUIRED: tuple[str, ...] = ("doc_id", "outlet")
#: How much of a file is inspected for NUL bytes to tell binary files from text.
_BINARY_SNIFF_BYTES = 8192


class _IfPresent(str):
    """The default name of an optional metadata column (``url``, ``language``): read when the
    file has the column, left empty when it has not. A name the caller passes, even the same
    one, must be in the file."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{str(self)!r} (if the file has it)"


_URL = _IfPresent("url")
_LANGUAGE = _IfPresent("language")


class CorpusWarning(UserWarning):
    """A recoverable problem in the input: the document was skipped or decoded by fallback."""


# --------------------------------------------------------------------------------------------
# reading bytes as text


def read_text_file(path: Path, *, encoding_errors: EncodingErrors = "strict") -> str:
    """Read ``path`` as UTF-8 text (a BOM is dropped) and return it.

    A binary file (NUL bytes) is an error. A file that is not valid UTF-8 is an error naming
    the byte offset, unless ``encoding_errors="fallback"``: then it is decoded as Windows-1252
    (what most non-UTF-8 news scrapes are) and a :class:`CorpusWarning` names the file.
    """
    check_choice("encoding_errors", encoding_errors, ("strict", "fallback"))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read file ({exc.strerror or exc})") from exc
    return decode_bytes(data, name=str(path), encoding_errors=encoding_errors)


def decode_bytes(data: bytes, *, name: str, encoding_errors: EncodingErrors = "strict") -> str:
    """Decode ``data`` as UTF-8 with the checks of :func:`read_text_file`."""
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        raise CorpusError(
            f"{name}: looks like a binary file (NUL bytes), not text; "
            "export the article as plain UTF-8 text"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if encoding_errors == "fallback":
            warnings.warn(
                f"{name}: not valid UTF-8 (byte offset {exc.start}); decoded as Windows-1252",
                CorpusWarning,
                stacklevel=3,
            )
            return data.decode("cp1252", errors="replace")
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(
            f"{name}: not valid UTF-8 at byte offset {exc.start} (line {line}); "
            "re-encode the file as UTF-8, or read it as Windows-1252 with "
            "encoding_errors='fallback' (--encoding-errors fallback; in a report "
            "-p encoding_errors=fallback)"
        ) from exc


# --------------------------------------------------------------------------------------------
# public API


def load_corpus(
    path: str | Path,
    *,
    manifest: str | Path | None = None,
    format: CorpusFormat = "auto",
    text_column: str = "text",
    id_column: str | None = "doc_id",
    outlet_column: str = "outlet",
    date_column: str | None = "date",
    title_column: str | None = "title",
    url_column: str | None = _URL,
    language_column: str | None = _LANGUAGE,
    date_format: str | None = None,
    encoding_errors: EncodingErrors = "strict",
) -> pd.DataFrame:
    """Load a corpus and return its documents table (one row per document).

    Parameters
    ----------
    path:
        A folder of ``.txt`` files with a manifest, or a ``.csv``, ``.jsonl``/``.ndjson`` or
        ``.parquet`` file.
    manifest:
        For a folder: the manifest CSV (default ``<folder>/manifest.csv``).
    format:
        ``"auto"`` (from the path) or one of ``"folder", "csv", "jsonl", "parquet"``.
    text_column, id_column, outlet_column, date_column, title_column, url_column,
    language_column:
        Column names in a tabular file. ``id_column=None`` numbers the rows (``row-000001``);
        the other optional columns may be ``None`` when the file has no such column. ``url``
        and ``language`` are read when the file has them and left empty when it has not,
        unless you name a column: a column you name (even ``url_column="url"``) must be there.
    date_format:
        ``None`` (default): dates are read as ISO 8601 (``2025-06-01``, ``2025-06-01
        12:34:56``, ``2025-06-01T15:00:00Z``, ``…+02:00``) or RFC 2822 (``Mon, 01 Jun 2025
        12:00:00 +0000``). Or the ``strptime`` format of the date column (or the manifest's),
        e.g. ``"%d.%m.%Y"``; then only that format is read. Dates are never guessed: any other
        value (``today``, ``11.03.2025`` without a format, a year alone) is an error naming the
        file, line and value (:func:`parse_date`). An offset is dropped, not converted: a date
        keeps the local day and time it was written with. An empty cell is no date.
    encoding_errors:
        ``"strict"`` (default): a file that is not UTF-8 is an error naming the byte offset.
        ``"fallback"``: decode it as Windows-1252 with a warning naming the file.

    Empty or whitespace-only documents are skipped with a :class:`CorpusWarning`; duplicate
    ids, missing files, missing columns, binary files and unparseable dates are errors
    (:class:`~analysis.errors.CorpusError`) that name the file and line.
    """
    check_choice("format", format, FORMATS)
    check_choice("encoding_errors", encoding_errors, ("strict", "fallback"))
    check_date_format(date_format)
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    fmt = _detect_format(path) if format == "auto" else format
    if fmt == "folder":
        docs = _load_folder(
            path, manifest=manifest, encoding_errors=encoding_errors, date_format=date_format
        )
    else:
        if manifest is not None:
            raise CorpusError(f"{path}: a manifest is only used with a folder of .txt files")
        columns = {
            "text": text_column,
            "doc_id": id_column,
            "outlet": outlet_column,
            "date": date_column,
            "title": title_column,
            "url": url_column,
            "language": language_column,
        }
        if fmt == "csv":
            rows = _read_csv_rows(path, encoding_errors=encoding_errors)
        elif fmt == "jsonl":
            rows = _read_jsonl_rows(path, encoding_errors=encoding_errors)
        else:
            rows = _read_parquet_rows(path)
        docs = _rows_to_documents(rows, columns=columns, source=path, date_format=date_format)
    docs = _finish(docs)
    _warn_not_english(docs, path, _LanguageCount())
    return docs


def iter_corpus(
    path: str | Path,
    *,
    chunk_size: int = 500,
    manifest: str | Path | None = None,
    format: CorpusFormat = "auto",
    text_column: str = "text",
    id_column: str | None = "doc_id",
    outlet_column: str = "outlet",
    date_column: str | None = "date",
    title_column: str | None = "title",
    url_column: str | None = _URL,
    language_column: str | None = _LANGUAGE,
    date_format: str | None = None,
    encoding_errors: EncodingErrors = "strict",
) -> Iterator[pd.DataFrame]:
    """Load a corpus chunk by chunk: yield documents tables of at most ``chunk_size`` documents.

    The same corpora, options, columns, checks, warnings and errors as :func:`load_corpus`, for
    corpora larger than memory: the file is read as a stream (CSV and JSONL line by line,
    Parquet by record batches, a folder's texts file by file), so memory holds one chunk.
    Chunks follow the order of the file (``chunk_size`` input rows each; empty documents are
    skipped, so a chunk may hold fewer); within a chunk, documents are sorted by ``doc_id`` as
    :func:`load_corpus` sorts them. Concatenated and sorted by ``doc_id``, the chunks are
    :func:`load_corpus`'s table.

    Differences that streaming cannot avoid: an error in a late row (a duplicate id, a bad date)
    is raised when its chunk is read, after earlier chunks were yielded; in a JSONL file, a
    column counts as present once a row of the current or an earlier chunk has it; a folder's
    manifest is read and its files checked before the first chunk.
    """
    check_choice("format", format, FORMATS)
    check_choice("encoding_errors", encoding_errors, ("strict", "fallback"))
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ParameterError(f"chunk_size={chunk_size!r}: use a positive integer (e.g. 500)")
    check_date_format(date_format)
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or folder")
    fmt = _detect_format(path) if format == "auto" else format
    if fmt != "folder" and manifest is not None:
        raise CorpusError(f"{path}: a manifest is only used with a folder of .txt files")
    columns: dict[str, str | None] = {
        "text": text_column,
        "doc_id": id_column,
        "outlet": outlet_column,
        "date": date_column,
        "title": title_column,
        "url": url_column,
        "language": language_column,
    }
    seen: dict[str, int] = {}
    languages = _LanguageCount()
    n_rows = 0
    n_docs = 0
    if fmt == "folder":
        source, present, batches = _stream_folder(
            path, manifest=manifest, encoding_errors=encoding_errors, chunk_size=chunk_size
        )
        columns = {c: c for c in ("doc_id", "outlet", "date", "title", "url", "language")}
        columns["text"] = "text"
    else:
        source = path
        if fmt == "csv":
            present, rows = _stream_csv_rows(path, encoding_errors=encoding_errors)
        elif fmt == "jsonl":
            present, rows = set(), _stream_jsonl_rows(path, encoding_errors=encoding_errors)
        else:
            present, rows = _stream_parquet_rows(path, batch_size=chunk_size)
        batches = _batched(rows, chunk_size)
    for batch in batches:
        n_rows += len(batch)
        if fmt == "jsonl":
            for _, row in batch:
                present.update(row.keys())
        docs = _rows_to_documents(
            batch,
            columns=columns,
            source=source,
            in_folder=fmt == "folder",
            seen=seen,
            present=present,
            chunk=True,
            date_format=date_format,
        )
        if docs is not None:
            n_docs += len(docs)
            docs = _finish(docs)
            languages.add(docs)
            yield docs
    if n_rows == 0:
        if fmt == "jsonl":
            raise CorpusError(f"{path}: the file has no JSON lines")
        raise CorpusError(f"{source}: no documents")
    if n_docs == 0:
        raise CorpusError(f"{source}: every document is empty")
    _warn_not_english(None, path, languages)


def _option(key: str, python: str, cli: str) -> str:
    """How a user sets the column option of ``key`` in Python, on the command line and in a
    report: ``date_column=None (--date-column ''; in a report -p date_column='')``."""
    name = f"{key if key != 'doc_id' else 'id'}_column"
    flag = "--" + name.replace("_", "-")
    in_report = key in ("text", "doc_id", "outlet", "date", "title")  # the report's parameters
    return f"{name}={python} ({flag} {cli}" + (
        f"; in a report -p {name}={cli})" if in_report else ")"
    )


def fingerprint_corpus(docs: pd.DataFrame) -> str:
    """Return a stable sha256 (hex) over the documents' ids, outlets, dates and texts, in id
    order.

    It changes when any text, id, outlet or date changes (every table is grouped by outlet, and
    filtered by date), and not when rows are reordered or other metadata such as titles are
    edited. Reports record it so a scholar can tell which corpus a number is from.
    """
    dates = pd.to_datetime(docs["date"], errors="coerce") if "date" in docs else None
    days = (
        [""] * len(docs) if dates is None
        else dates.dt.strftime("%Y-%m-%d").fillna("").tolist()
    )
    outlets = docs["outlet"].astype(str).tolist() if "outlet" in docs else [""] * len(docs)
    h = hashlib.sha256()
    for doc_id, outlet, day, text in sorted(zip(
        docs["doc_id"].astype(str), outlets, days, docs["text"], strict=True
    )):
        for part in (doc_id, outlet, day, text):
            data = part.encode("utf-8")
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
    return h.hexdigest()


def check_day_range(
    start: str | dt.date | None, end: str | dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    """The days of a ``[start, end]`` filter (:func:`parse_day`; ``None`` where not given),
    checked before any text is read: a malformed day, or a start after the end, is a
    :class:`~analysis.errors.ParameterError`."""
    first = parse_day(start, "start") if start is not None else None
    last = parse_day(end, "end") if end is not None else None
    if first is not None and last is not None and first > last:
        raise ParameterError(
            f"start={str(start)!r} is after end={str(end)!r}; the start must be on or before "
            "the end"
        )
    return first, last


def filter_corpus(
    docs: pd.DataFrame,
    *,
    outlets: str | Iterable[str] | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
) -> pd.DataFrame:
    """Keep the documents of the given outlets (one name, or a list of names) and within
    ``[start, end]`` (inclusive).

    ``start`` and ``end`` are days (``"2025-06-01"`` or a :class:`datetime.date`; see
    :func:`parse_day`) and documents are compared by their calendar day, so ``end="2026-01-06"``
    keeps an article of 2026-01-06 at 15:00. A start after the end is a
    :class:`~analysis.errors.ParameterError`. An outlet that is not in the corpus is an error
    listing the outlets that are, so a typo never silently produces an empty report. Documents
    without a date are dropped as soon as a date bound is given.
    """
    first, last = check_day_range(start, end)
    out = docs
    if outlets is not None:
        wanted = [outlets] if isinstance(outlets, str) else list(outlets)  # not its letters
        known = sorted(docs["outlet"].unique())
        unknown = [o for o in wanted if o not in known]
        if unknown:
            raise CorpusError(
                f"unknown outlet(s) {', '.join(map(repr, unknown))}; "
                f"the corpus has: {', '.join(map(repr, known))}"
            )
        out = out[out["outlet"].isin(wanted)]
    if first is not None or last is not None:
        days = pd.to_datetime(out["date"], errors="coerce")
        if days.dt.tz is not None:  # a table made elsewhere: its local day, as load_corpus's
            days = days.dt.tz_localize(None)
        days = days.dt.normalize()
        keep = days.notna()
        if first is not None:
            keep &= days >= pd.Timestamp(first)
        if last is not None:
            keep &= days <= pd.Timestamp(last)
        out = out[keep]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# formats


def _detect_format(path: Path) -> str:
    if path.is_dir():
        return "folder"
    suffixes = "".join(path.suffixes[-2:]).lower()
    name = path.name.lower()
    if name.endswith(".csv") or name.endswith(".tsv"):
        return "csv"
    if name.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    raise CorpusError(
        f"{path}: cannot tell the corpus format from the name (suffix {suffixes!r}); "
        "pass format='csv', 'jsonl', 'parquet' or a folder"
    )


def _read_manifest(
    folder: Path, manifest: str | Path | None, encoding_errors: EncodingErrors
) -> tuple[Path, list[tuple[int, dict[str, object]]]]:
    """The manifest's path and rows, checked: it exists, has rows and the required columns."""
    manifest_path = Path(manifest) if manifest is not None else folder / "manifest.csv"
    if not manifest_path.exists():
        raise CorpusError(
            f"{manifest_path}: manifest not found; a folder corpus needs a CSV with one row per "
            "file (columns doc_id, outlet, date, title, url, language, note, file)"
        )
    rows = _read_csv_rows(manifest_path, encoding_errors=encoding_errors)
    missing = [c for c in MANIFEST_REQUIRED if rows and c not in rows[0][1]]
    if not rows:
        raise CorpusError(f"{manifest_path}: the manifest has no rows")
    if missing:
        raise CorpusError(
            f"{manifest_path}: line 1: missing required column(s) {', '.join(missing)}"
        )
    return manifest_path, rows


def _load_folder(
    folder: Path,
    *,
    manifest: str | Path | None,
    encoding_errors: EncodingErrors,
    date_format: str | None = None,
) -> pd.DataFrame:
    manifest_path, rows = _read_manifest(folder, manifest, encoding_errors)
    listed: set[str] = set()
    out_rows: list[tuple[int, dict[str, object]]] = []
    for line, row in rows:
        doc_id = str(row.get("doc_id", "")).strip()
        if not doc_id:
            raise CorpusError(f"{manifest_path}: line {line}: empty doc_id")
        file_name = str(row.get("file") or f"{doc_id}.txt").strip()
        file_path = folder / file_name
        listed.add(file_name)
        if not file_path.is_file():
            raise CorpusError(
                f"{manifest_path}: line {line}: file {file_name!r} for doc_id {doc_id!r} "
                f"is not in {folder}; fix the file name or remove the row"
            )
        text = read_text_file(file_path, encoding_errors=encoding_errors)
        record = {k: v for k, v in row.items() if k != "file"}
        record["text"] = text
        record["source"] = str(file_path)
        record["source_line"] = line
        out_rows.append((line, record))
    for txt in sorted(p.name for p in folder.glob("*.txt")):
        if txt not in listed:
            warnings.warn(
                f"{folder / txt}: file has no row in {manifest_path.name}; skipped "
                "(add a manifest row to include it)",
                CorpusWarning,
                stacklevel=3,
            )
    columns = {c: c for c in ("doc_id", "outlet", "date", "title", "url", "language")}
    columns["text"] = "text"
    return _rows_to_documents(
        out_rows, columns=columns, source=manifest_path, in_folder=True, date_format=date_format
    )


def _read_csv_rows(
    path: Path, *, encoding_errors: EncodingErrors
) -> list[tuple[int, dict[str, object]]]:
    """The rows of a CSV (or TSV, or ``;``-separated) file as ``(line, row)`` pairs, ``line``
    being the line a row starts on. Broken quoting (a field opened with ``"`` and never closed)
    is an error naming the line the field starts on, not a field that swallows the rows after
    it."""
    text = read_text_file(path, encoding_errors=encoding_errors)
    delimiter = _csv_delimiter(path, text[:4096])
    records = read_records(
        io.StringIO(text, newline=""), origin=str(path), error=CorpusError, delimiter=delimiter
    )
    header = _csv_header(path, records)
    return list(_csv_rows(path, header, records))


def _csv_delimiter(path: Path, sample: str) -> str:
    """Tab for a ``.tsv`` file; otherwise ``;`` when the sample has far more of them than
    commas (a spreadsheet's export in a comma-decimal locale), else ``,``."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    return ";" if sample.count(";") > sample.count(",") * 2 else ","


def _csv_header(path: Path, records: Iterator[tuple[int, list[str]]]) -> list[str]:
    """The column names of a CSV file's first record, checked: there is one, names are
    unique."""
    try:
        _, header = next(records)
    except StopIteration:
        raise CorpusError(f"{path}: the file is empty") from None
    header = [h.strip() for h in header]
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise CorpusError(f"{path}: line 1: duplicate column name(s) {', '.join(dupes)}")
    return header


def _csv_rows(
    path: Path, header: list[str], records: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, dict[str, object]]]:
    """The records after the header as ``(line, row)`` pairs: blank rows are skipped, a row
    with another number of fields than the header is an error naming its line."""
    for line, values in checked_rows(
        records, len(header), origin=str(path), error=CorpusError,
        hint="check quoting (a text with commas must be in double quotes)",
    ):
        yield line, dict(zip(header, values, strict=True))


def _read_jsonl_rows(
    path: Path, *, encoding_errors: EncodingErrors
) -> list[tuple[int, dict[str, object]]]:
    if path.name.lower().endswith(".gz"):
        import gzip

        data = gzip.decompress(path.read_bytes())
        text = decode_bytes(data, name=str(path), encoding_errors=encoding_errors)
    else:
        text = read_text_file(path, encoding_errors=encoding_errors)
    rows: list[tuple[int, dict[str, object]]] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(
                f"{path}: line {line_no}: not valid JSON ({exc.msg}, column {exc.colno}); "
                "each line must be one JSON object"
            ) from exc
        if not isinstance(obj, dict):
            raise CorpusError(
                f"{path}: line {line_no}: expected a JSON object, got {type(obj).__name__}"
            )
        rows.append((line_no, obj))
    if not rows:
        raise CorpusError(f"{path}: the file has no JSON lines")
    return rows


def _read_parquet_rows(path: Path) -> list[tuple[int, dict[str, object]]]:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise CorpusError(f"{path}: cannot read as Parquet ({exc})") from exc
    records = frame.to_dict(orient="records")
    # A Parquet file has no lines; row numbers (1-based) stand in for them in messages.
    return [(i, rec) for i, rec in enumerate(records, start=1)]


# --------------------------------------------------------------------------------------------
# streaming readers (iter_corpus): the same rows as the readers above, without reading a whole
# file into memory

_SCAN_BLOCK = 1 << 24


def _batched(rows: Iterable[tuple[int, dict]], size: int) -> Iterator[list[tuple[int, dict]]]:
    batch: list[tuple[int, dict]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _open_binary(path: Path) -> BinaryIO:
    try:
        if path.name.lower().endswith(".gz"):
            import gzip

            return gzip.open(path, "rb")  # type: ignore[return-value]
        return path.open("rb")
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read file ({exc.strerror or exc})") from exc


def _first_bad_utf8(path: Path) -> tuple[int, int] | None:
    """Where ``read_text_file`` would report the file as not UTF-8: ``(offset, line)`` as
    ``decode_bytes`` computes them (offsets after a BOM), or None. Reads blocks cut after a
    line break (no UTF-8 character spans one), so memory holds one block."""
    with _open_binary(path) as fh:
        carry = b""
        offset = 0  # of the current part in the file
        lines_before = 0
        tail = b""  # the last bytes before the current part
        bom = None
        while True:
            block = fh.read(_SCAN_BLOCK)
            data = carry + block
            if block:
                cut = data.rfind(b"\n") + 1
                part, carry = data[:cut], data[cut:]
            else:
                part, carry = data, b""
            if part:
                if bom is None:
                    bom = part.startswith(b"\xef\xbb\xbf")
                try:
                    part.decode("utf-8-sig" if offset == 0 else "utf-8")
                except UnicodeDecodeError as exc:
                    if offset == 0:
                        at = exc.start  # utf-8-sig counts from after the BOM
                    else:
                        at = offset + exc.start - (3 if bom else 0)
                    if at >= offset:
                        line = lines_before + part[: at - offset].count(b"\n") + 1
                    else:  # within the 3 bytes of a BOM shift: count in the previous bytes
                        line = lines_before - tail[at - offset :].count(b"\n") + 1
                    return at, line
                lines_before += part.count(b"\n")
                offset += len(part)
                tail = (tail + part)[-3:]
            if not block:
                return None


def _open_text(path: Path, *, encoding_errors: EncodingErrors) -> io.TextIOWrapper:
    """The file as a text stream (universal newlines, untranslated) decoded as
    :func:`read_text_file` decodes it, with its checks done before the first read."""
    with _open_binary(path) as fh:
        head = fh.read(_BINARY_SNIFF_BYTES)
    name = str(path)
    if b"\x00" in head:
        raise CorpusError(
            f"{name}: looks like a binary file (NUL bytes), not text; "
            "export the article as plain UTF-8 text"
        )
    bad = _first_bad_utf8(path)
    if bad is None:
        return io.TextIOWrapper(_open_binary(path), encoding="utf-8-sig", newline="")
    at, line = bad
    if encoding_errors == "fallback":
        warnings.warn(
            f"{name}: not valid UTF-8 (byte offset {at}); decoded as Windows-1252",
            CorpusWarning,
            stacklevel=4,
        )
        return io.TextIOWrapper(
            _open_binary(path), encoding="cp1252", errors="replace", newline=""
        )
    raise CorpusError(
        f"{name}: not valid UTF-8 at byte offset {at} (line {line}); "
        "re-encode the file as UTF-8, or read it as Windows-1252 with "
        "encoding_errors='fallback' (--encoding-errors fallback; in a report "
        "-p encoding_errors=fallback)"
    )


def _stream_csv_rows(
    path: Path, *, encoding_errors: EncodingErrors
) -> tuple[set[str], Iterator[tuple[int, dict[str, object]]]]:
    """The header's columns and the rows of :func:`_read_csv_rows`, read as a stream."""
    fh = _open_text(path, encoding_errors=encoding_errors)
    delimiter = _csv_delimiter(path, fh.read(4096))
    fh.seek(0)
    records = read_records(fh, origin=str(path), error=CorpusError, delimiter=delimiter)
    try:
        header = _csv_header(path, records)
    except CorpusError:
        fh.close()
        raise

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        with fh:
            yield from _csv_rows(path, header, records)

    return set(header), rows()


def _stream_jsonl_rows(
    path: Path, *, encoding_errors: EncodingErrors
) -> Iterator[tuple[int, dict[str, object]]]:
    """The rows of :func:`_read_jsonl_rows`, read as a stream (lines as ``str.splitlines``
    cuts them)."""
    fh = _open_text(path, encoding_errors=encoding_errors)
    with fh:
        line_no = 0
        for raw in fh:
            for line in raw.splitlines():
                line_no += 1
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CorpusError(
                        f"{path}: line {line_no}: not valid JSON ({exc.msg}, column "
                        f"{exc.colno}); each line must be one JSON object"
                    ) from exc
                if not isinstance(obj, dict):
                    raise CorpusError(
                        f"{path}: line {line_no}: expected a JSON object, got "
                        f"{type(obj).__name__}"
                    )
                yield line_no, obj


def _stream_parquet_rows(
    path: Path, *, batch_size: int
) -> tuple[set[str], Iterator[tuple[int, dict[str, object]]]]:
    """The columns and rows of :func:`_read_parquet_rows`, read record batch by record batch
    (converted to pandas as ``pd.read_parquet`` converts a whole file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        schema = pf.schema_arrow
    except Exception as exc:  # pyarrow raises several types for a broken file
        raise CorpusError(f"{path}: cannot read as Parquet ({exc})") from exc
    # the columns as pandas sees them (an index stored by pandas is not a column)
    present = set(map(str, schema.empty_table().to_pandas().columns))

    def rows() -> Iterator[tuple[int, dict[str, object]]]:
        i = 0
        try:
            batches = pf.iter_batches(batch_size=batch_size)
            for batch in batches:
                frame = pa.Table.from_batches([batch], schema=schema).to_pandas()
                for rec in frame.to_dict(orient="records"):
                    i += 1
                    yield i, rec
        except CorpusError:
            raise
        except Exception as exc:
            raise CorpusError(f"{path}: cannot read as Parquet ({exc})") from exc

    return present, rows()


def _stream_folder(
    folder: Path, *, manifest: str | Path | None, encoding_errors: EncodingErrors, chunk_size: int
) -> tuple[Path, set[str], Iterator[list[tuple[int, dict[str, object]]]]]:
    """A folder corpus as chunks of rows: the manifest is read and every row checked first (as
    :func:`_load_folder` does), then the texts are read chunk by chunk."""
    manifest_path, rows = _read_manifest(folder, manifest, encoding_errors)
    listed: set[str] = set()
    planned: list[tuple[int, dict[str, object], Path]] = []
    for line, row in rows:
        doc_id = str(row.get("doc_id", "")).strip()
        if not doc_id:
            raise CorpusError(f"{manifest_path}: line {line}: empty doc_id")
        file_name = str(row.get("file") or f"{doc_id}.txt").strip()
        file_path = folder / file_name
        listed.add(file_name)
        if not file_path.is_file():
            raise CorpusError(
                f"{manifest_path}: line {line}: file {file_name!r} for doc_id {doc_id!r} "
                f"is not in {folder}; fix the file name or remove the row"
            )
        planned.append((line, row, file_path))
    for txt in sorted(p.name for p in folder.glob("*.txt")):
        if txt not in listed:
            warnings.warn(
                f"{folder / txt}: file has no row in {manifest_path.name}; skipped "
                "(add a manifest row to include it)",
                CorpusWarning,
                stacklevel=3,
            )
    present = set().union(*(r.keys() for _, r in rows)) - {"file"}
    present |= {"text", "source", "source_line"}

    def chunks() -> Iterator[list[tuple[int, dict[str, object]]]]:
        for i in range(0, len(planned), chunk_size):
            batch = []
            for line, row, file_path in planned[i : i + chunk_size]:
                record = {k: v for k, v in row.items() if k != "file"}
                record["text"] = read_text_file(file_path, encoding_errors=encoding_errors)
                record["source"] = str(file_path)
                record["source_line"] = line
                batch.append((line, record))
            yield batch

    return manifest_path, present, chunks()


# --------------------------------------------------------------------------------------------
# dates: read strictly, never guessed

#: ISO 8601 / RFC 3339: a calendar date, optionally a time ("T" or a space) with seconds,
#: a fraction and an offset (``Z``, ``+01:00``, ``+0100``, ``+01``).
_ISO_DATE = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?"
    r"(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?",
    re.IGNORECASE,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: RFC 2822 (RSS ``pubDate``, e-mail): ``Mon, 01 Jun 2025 12:00:00 +0000``; the weekday is
#: optional, the time and the zone are not.
_RFC2822_DATE = re.compile(
    r"(?:(?P<wd>[A-Za-z]{3}),\s*)?(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3})\s+(?P<y>\d{4})\s+"
    r"(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?\s+"
    r"(?P<tz>[+-]\d{4}|UT|UTC|GMT|Z|[ECMP][SD]T)",
    re.IGNORECASE,
)
_RELATIVE = frozenset({"today", "now", "yesterday", "tomorrow", "current", "present"})
_NO_DATE_WORDS = frozenset(
    {"nan", "nat", "none", "null", "na", "n/a", "-", "unknown", "undated", "n.d."}
)
_DAY_MONTH = re.compile(r"\d{1,2}(?P<sep>[./ -])\d{1,2}(?P=sep)\d{2,4}")
_YEAR_OR_MONTH = re.compile(r"\d{4}(?:[-/.]\d{1,2})?")
#: strptime directives that read text in the machine's locale: the same file would read
#: differently on another machine.
_LOCALE_DIRECTIVES = ("%c", "%x", "%X")

DATE_FORMAT_HINT = (
    "write dates as ISO 8601 (2025-03-11, 2025-03-11T15:00:00+01:00) or name the column's "
    "format with date_format (e.g. date_format='%d.%m.%Y'; --date-format '%d.%m.%Y'; in a "
    "report -p date_format=%d.%m.%Y)"
)


def check_date_format(date_format: str | None) -> None:
    """Raise :class:`~analysis.errors.ParameterError` unless ``date_format`` is ``None`` (ISO
    8601 or RFC 2822 dates) or a ``strptime`` format that names a whole day: a year (``%Y``,
    or ``%y``), a month (``%m``, ``%b``, ``%B``) and a day (``%d``), or a year and a day of
    the year (``%j``); not a locale's format (``%c``, ``%x``, ``%X``)."""
    if date_format is None:
        return
    example = "date_format='%d.%m.%Y' (or None for ISO 8601 dates)"
    if not isinstance(date_format, str) or not date_format.strip():
        raise ParameterError(f"date_format={date_format!r}: give a strptime format, e.g. {example}")
    directives = set(re.findall(r"%.", date_format.replace("%%", "")))
    local = [d for d in _LOCALE_DIRECTIVES if d in directives]
    if local:
        raise ParameterError(
            f"date_format={date_format!r}: {', '.join(local)} read the machine's locale, so "
            "the same file would read differently elsewhere; spell the format out, e.g. "
            f"{example}"
        )
    has_year = bool(directives & {"%Y", "%y"})
    has_day = "%j" in directives or (
        bool(directives & {"%m", "%b", "%B"}) and "%d" in directives
    )
    if not (has_year and has_day):
        raise ParameterError(
            f"date_format={date_format!r}: the format must name a whole day (a year %Y, a "
            f"month %m/%b/%B and a day %d), e.g. {example}"
        )
    sample = dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    try:
        dt.datetime.strptime(sample.strftime(date_format), date_format)
    except ValueError as exc:
        raise ParameterError(
            f"date_format={date_format!r} is not a strptime format ({exc}), e.g. {example}"
        ) from None


def parse_date(value: object, *, date_format: str | None = None) -> pd.Timestamp | None:
    """One document's date, read strictly: a naive :class:`pandas.Timestamp` (the local date
    and time as written), or ``None`` for an empty cell.

    Text is read as ISO 8601 (``2025-06-01``, ``2025-06-01 12:34:56``,
    ``2025-06-01T15:00:00Z``, ``…+02:00``) or RFC 2822 (``Mon, 01 Jun 2025 12:00:00 +0000``),
    or, when ``date_format`` is given, with that ``strptime`` format only. An offset is
    dropped, not converted: an article written at 00:30 in Berlin (``+01:00``) is dated that
    day, not the previous day in UTC. A date or datetime value (a Parquet date column) is taken
    as it is, its offset dropped the same way. Anything else (``today``, ``11.03.2025``, a
    year alone, ``nan``) raises :class:`ValueError` saying why; callers add the file and line.
    """
    if value is None or (not isinstance(value, str) and _is_missing(value)):
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        ts = pd.Timestamp(value)
        return ts.tz_localize(None) if ts.tzinfo is not None else ts
    if isinstance(value, dt.date):
        return pd.Timestamp(value)
    if isinstance(value, np.datetime64):
        return pd.Timestamp(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float, np.integer, np.floating)):
        raise ValueError(f"a {type(value).__name__} is not a date")
    text = str(value).strip()
    if not text:
        return None
    if date_format is not None:
        try:
            parsed = dt.datetime.strptime(text, date_format)
        except ValueError:
            raise ValueError(f"it does not match date_format {date_format!r}") from None
        return pd.Timestamp(parsed.replace(tzinfo=None))
    parsed = _parse_iso(text) or _parse_rfc2822(text)
    if parsed is None:
        if not isinstance(value, str) and not _YEAR_OR_MONTH.fullmatch(text):
            raise ValueError(
                "a number is not a date (a count of seconds or days since 1970 is not read); "
                "write dates as ISO 8601 text, e.g. 2025-03-11"
            )
        raise ValueError("; ".join(_why_not_a_date(text)))
    return pd.Timestamp(parsed)


def parse_day(value: object, name: str) -> dt.date:
    """A date filter's bound (``start``, ``end``): a :class:`datetime.date` (a datetime gives
    its day), or text ``YYYY-MM-DD``; anything else is a
    :class:`~analysis.errors.ParameterError` naming ``name`` and saying how to write it."""
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if isinstance(value, dt.date):
        return value
    hint = "write the day as YYYY-MM-DD, e.g. 2025-06-01"
    if not isinstance(value, str):
        raise ParameterError(f"{name}={value!r} is not a date; {hint}")
    text = value.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m is None:
        if _ISO_DATE.fullmatch(text):
            why = "a filter keeps whole days, so give the day without a time"
        else:
            why = _why_not_a_date(text)[0]
        raise ParameterError(f"{name}={value!r} is not a date: {why}; {hint}")
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError as exc:
        raise ParameterError(f"{name}={value!r} is not a date: {exc}; {hint}") from None


def _is_missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # an array-like value: not missing, and not a date
        return False


def _parse_iso(text: str) -> dt.datetime | None:
    m = _ISO_DATE.fullmatch(text)
    if m is None:
        return None
    g = m.groupdict()
    if g["tz"] and g["tz"].upper() != "Z":
        hours, minutes = int(g["tz"][1:3]), int(g["tz"].replace(":", "")[3:5] or 0)
        if hours > 23 or minutes > 59:
            raise ValueError(f"not a valid date (the offset {g['tz']} is out of range)")
    fraction = (g["f"] or "0")[:6].ljust(6, "0")  # to microseconds, cut (not rounded)
    try:
        return dt.datetime(
            int(g["y"]), int(g["m"]), int(g["d"]),
            int(g["H"] or 0), int(g["M"] or 0), int(g["S"] or 0), int(fraction),
        )
    except ValueError as exc:
        raise ValueError(f"not a valid date ({exc})") from None


def _parse_rfc2822(text: str) -> dt.datetime | None:
    m = _RFC2822_DATE.fullmatch(text)
    if m is None:
        return None
    g = m.groupdict()
    month = g["mon"].lower()
    if month not in _MONTHS:
        return None
    try:
        parsed = dt.datetime(
            int(g["y"]), _MONTHS.index(month) + 1, int(g["d"]),
            int(g["H"]), int(g["M"]), int(g["S"] or 0),
        )
    except ValueError as exc:
        raise ValueError(f"not a valid date ({exc})") from None
    if g["wd"] is not None:
        weekday = g["wd"].lower()
        if weekday not in _WEEKDAYS:
            return None
        if _WEEKDAYS.index(weekday) != parsed.weekday():
            actual = parsed.strftime("%A")
            raise ValueError(
                f"{parsed:%Y-%m-%d} is a {actual}, not a {g['wd']}: the date or the weekday "
                "is wrong"
            )
    return parsed


def _why_not_a_date(text: str) -> tuple[str, str]:
    """Why ``text`` is not read as a date, and how to fix it (for the error message)."""
    folded = text.casefold()
    if folded in _RELATIVE:
        return (
            "a relative date is another day each time the corpus is read",
            "write the day it stands for as YYYY-MM-DD",
        )
    if folded in _NO_DATE_WORDS:
        return "it is not a date", "leave the cell empty for a document without a date"
    m = _DAY_MONTH.fullmatch(text)
    if m:
        sep = m.group("sep")
        year = "%Y" if len(text.rsplit(sep, 1)[-1]) == 4 else "%y"
        day_first, month_first = f"%d{sep}%m{sep}{year}", f"%m{sep}%d{sep}{year}"
        return (
            "day and month could be either way round (11.03.2025: 11 March or November 3?)",
            f"name the column's order with date_format={day_first!r} or {month_first!r} "
            f"(--date-format '{day_first}'; in a report -p date_format={day_first})",
        )
    if _YEAR_OR_MONTH.fullmatch(text):
        return (
            "a year or a month alone is not a day",
            "give the day as YYYY-MM-DD, or leave the cell empty",
        )
    return "not an ISO 8601 or RFC 2822 date", DATE_FORMAT_HINT


# --------------------------------------------------------------------------------------------
# rows -> documents


def _rows_to_documents(
    rows: list[tuple[int, dict[str, object]]],
    *,
    columns: dict[str, str | None],
    source: Path,
    in_folder: bool = False,
    seen: dict[str, int] | None = None,
    present: set[str] | None = None,
    chunk: bool = False,
    date_format: str | None = None,
) -> pd.DataFrame | None:
    """The documents of ``rows`` (``(line, record)`` pairs), validated.

    For one chunk of a streamed corpus (``chunk=True``): ``seen`` carries the ids of earlier
    chunks (duplicates across chunks are errors too), ``present`` the columns the file has, and
    a chunk without documents gives ``None`` instead of an error.
    """
    if not rows and not chunk:
        raise CorpusError(f"{source}: no documents")
    if present is None:
        present = set().union(*(r.keys() for _, r in rows))
    required = ["text", "outlet"] + (["doc_id"] if columns.get("doc_id") else [])
    for key in required:
        col = columns[key]
        if col not in present:
            raise CorpusError(
                f"{source}: line 1: missing required column {col!r} (for {key}); "
                f"the file has: {', '.join(sorted(map(str, present)))}. "
                f"Name the right one with {_option(key, '<column>', '<column>')}"
            )
    for key, col in columns.items():
        if (
            key not in required
            and col is not None
            and not isinstance(col, _IfPresent)
            and col not in present
            and not in_folder
        ):
            raise CorpusError(
                f"{source}: line 1: no column {col!r} (for {key}); if the file has none: "
                f"{_option(key, 'None', repr(''))}"
            )
    renamed = {v: k for k, v in columns.items() if v is not None}
    records: list[dict[str, object]] = []
    seen = {} if seen is None else seen
    for line, row in rows:
        rec: dict[str, object] = {}
        for k, v in row.items():
            rec[renamed.get(k, k)] = v
        if not columns.get("doc_id"):
            rec["doc_id"] = f"row-{line:06d}"
        doc_id = _as_str(rec.get("doc_id"))
        if not doc_id:
            raise CorpusError(f"{source}: line {line}: empty document id")
        if doc_id in seen:
            raise CorpusError(
                f"{source}: line {line}: duplicate doc_id {doc_id!r} (first on line "
                f"{seen[doc_id]}); ids must be unique"
            )
        seen[doc_id] = line
        text = rec.get("text")
        if text is None or (isinstance(text, float) and pd.isna(text)):
            text = ""
        if not isinstance(text, str):
            raise CorpusError(f"{source}: line {line}: text of {doc_id!r} is not a string")
        if not text.strip():
            # a folder's text file has no line to point at: its manifest row is named instead
            where = (
                f"{rec.get('source')}: document {doc_id!r} (line {line} of {source.name}) is empty"
                if in_folder
                else f"{source}: line {line}: document {doc_id!r} is empty"
            )
            warnings.warn(f"{where}; skipped", CorpusWarning, stacklevel=4)
            continue
        outlet = _as_str(rec.get("outlet"))
        if not outlet:
            raise CorpusError(
                f"{source}: line {line}: document {doc_id!r} has no outlet; every document "
                "needs one (use 'unknown' if it is not known)"
            )
        rec["doc_id"] = doc_id
        rec["outlet"] = outlet
        rec["text"] = text
        rec["date"] = _parse_date(
            rec.get("date"), source=source, line=line, date_format=date_format
        )
        for key in ("title", "url", "language", "note"):
            rec[key] = _as_str(rec.get(key))
        rec.setdefault("source", str(source))
        rec.setdefault("source_line", line)
        records.append(rec)
    if not records:
        if chunk:
            return None
        raise CorpusError(f"{source}: every document is empty")
    return pd.DataFrame.from_records(records)


def _as_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return str(value).strip()


def _parse_date(
    value: object, *, source: Path, line: int, date_format: str | None = None
) -> pd.Timestamp | None:
    """:func:`parse_date`, its error a :class:`CorpusError` naming the file, line and value."""
    try:
        return parse_date(value, date_format=date_format)
    except ValueError as exc:
        shown = value.strip() if isinstance(value, str) else value
        fix = "; fix the date or the format" if date_format is not None else ""
        raise CorpusError(
            f"{source}: line {line}: cannot read date {shown!r}: {exc}{fix}"
        ) from None


def _finish(docs: pd.DataFrame) -> pd.DataFrame:
    for col in DOC_COLUMNS:
        if col not in docs.columns:
            docs[col] = ""
    extra = [c for c in docs.columns if c not in DOC_COLUMNS]
    docs = docs[DOC_COLUMNS + extra].copy()
    docs["date"] = pd.to_datetime(docs["date"])
    docs["source_line"] = docs["source_line"].astype("int64")
    for col in ("doc_id", "outlet", "title", "url", "language", "note", "text", "source"):
        docs[col] = docs[col].astype(str)
    return docs.sort_values("doc_id", kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# documents not in English

#: ``language`` values that mean English: ``en``, ``eng``, ``English``, ``en-GB``, ``en_US`` …
_ENGLISH = r"(?i:en|eng|english)(?:[-_][A-Za-z0-9]+)*"
#: How many document ids and outlets a warning names.
_NAMED = 5


class _LanguageCount:
    """The documents whose ``language`` is given and is not English, counted across the chunks
    of a corpus: per language and per outlet, and the first ids (in id order, so the same
    whatever the chunks)."""

    def __init__(self) -> None:
        self.n_documents = 0
        self.languages: dict[str, int] = {}
        self.outlets: dict[str, int] = {}
        self.ids: list[str] = []

    def add(self, docs: pd.DataFrame) -> None:
        self.n_documents += len(docs)
        language = docs["language"].astype(str).str.strip()
        other = docs[(language != "") & ~language.str.fullmatch(_ENGLISH)]
        if other.empty:
            return
        for key, counts in (("language", self.languages), ("outlet", self.outlets)):
            for value, n in other[key].astype(str).str.strip().value_counts().items():
                counts[value] = counts.get(value, 0) + int(n)
        self.ids = sorted([*self.ids, *other["doc_id"].astype(str)])[:_NAMED]

    def message(self, source: object) -> str | None:
        n = sum(self.languages.values())
        if not n:
            return None

        def listed(counts: dict[str, int]) -> str:
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"{name!r} {count}" for name, count in top[:_NAMED])
            return shown + (f" and {len(top) - _NAMED} more" if len(top) > _NAMED else "")

        ids = ", ".join(map(repr, self.ids)) + (" …" if n > len(self.ids) else "")
        return (
            f"{source}: {n} of {self.n_documents} document{'s' if self.n_documents != 1 else ''} "
            f"{'has' if n == 1 else 'have'} a language other than English in the language column "
            f"({listed(self.languages)}; outlets {listed(self.outlets)}; ids {ids}); framescope's "
            "lexicons, actor names, reporting verbs and sentiment are English, so these "
            "documents are scored as if they were English and show little or no loaded "
            "language, stance or attribution; leave them out (e.g. with outlets) or translate "
            "them"
        )


def _warn_not_english(docs: pd.DataFrame | None, source: object, count: _LanguageCount) -> None:
    """One :class:`CorpusWarning` for the corpus's documents that are not in English (by their
    ``language`` column; framescope detects no language). ``docs`` is added to ``count``
    first."""
    if docs is not None:
        count.add(docs)
    message = count.message(source)
    if message is not None:
        warnings.warn(message, CorpusWarning, stacklevel=3)
