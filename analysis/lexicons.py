"""Lexicons as data, and the one-pass matcher every lexicon-based metric uses.

A lexicon is a versioned CSV file (format: ``docs/lexicon-format.md``): metadata lines
(``# name:``, ``# version:`` …), then ``term, category, case, source, rationale`` and any extra
columns (``stance``, ``voice`` …). framescope's own lexicons ship in
``analysis/data/lexicons/`` and are read with :mod:`importlib.resources`; a scholar adds,
overrides or replaces entries with their own file or DataFrame::

    lex = load_lexicon("loaded_language")                                    # shipped
    lex = load_lexicon("loaded_language", extra=["my_terms.csv"])            # add entries
    lex = load_lexicon("loaded_language", extra=[df], mode="override")      # mine win
    lex = load_lexicon("my_lexicon.csv")                                     # my own only

**Matching** (:func:`match_lexicon`) makes one pass over the whole sentence table with an
Aho–Corasick automaton (pyahocorasick) for plain and wildcard terms, plus one compiled regular
expression for the few ``re:`` entries; it never loops over terms. Matches respect word
boundaries (``regime`` does not match in ``regimen``), treat curly and straight apostrophes
alike, honour ``case=sensitive`` entries (``NATO`` vs ``Nato``), extend ``hoodwink*`` over the
rest of the word, and keep the leftmost-longest of overlapping matches (``puppet regime`` rather
than ``regime``). Every hit keeps its document, sentence and character offsets.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import numpy as np
import pandas as pd

from analysis._csvrows import checked_rows, read_records
from analysis.errors import LexiconError, ParameterError, check_choice, read_utf8_file
from analysis.segment import STRING_DTYPE

MergeMode = Literal["add", "override", "replace"]
MERGE_MODES: tuple[str, ...] = ("add", "override", "replace")
REQUIRED_COLUMNS = ("term", "category")
BASE_COLUMNS = ["term", "category", "case", "source", "rationale"]
HIT_COLUMNS = [
    "doc_id",
    "outlet",
    "sent_id",
    "start",
    "end",
    "match",
    "term",
    "category",
    "lexicon",
]
_CHUNK_CHARS = 8_000_000
MIN_STEM = 3  # letters of a wildcard's stem (its last word): "sjw*", "gun nut*"
REMOVE = "remove"  # the category of a user's row that drops a shipped entry
# the values an optional column may take, checked on load (file and line in the error)
LANDS_ON = ("", "subject")  # loaded terms: the nearest actor, or the one who does it
_COLUMN_VALUES = {"lands_on": LANDS_ON}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


@dataclass(frozen=True)
class Lexicon:
    """A lexicon: its entries (one row each) and what identifies its version."""

    name: str
    version: str
    entries: pd.DataFrame
    description: str = ""
    sources: str = ""
    origins: tuple[str, ...] = field(default_factory=tuple)
    # categories a user's file declares it adds to the lexicon it extends (``# new_categories:``)
    new_categories: tuple[str, ...] = field(default_factory=tuple)

    @cached_property
    def sha256(self) -> str:
        """Hash of the entries as used, extra columns included (so a user's additions change
        it, and so does an override that only changes a verb's ``stance`` or a term's
        ``lands_on``: the matchers compiled for a run are cached by it)."""
        extra = sorted(c for c in self.entries.columns if c not in BASE_COLUMNS and c != "origin")
        data = self.entries[BASE_COLUMNS + extra].to_csv(index=False, lineterminator="\n")
        return hashlib.sha256(data.encode("utf-8")).hexdigest()

    def info(self) -> dict[str, object]:
        """Name, version, sha256, size and where the entries came from (for provenance)."""
        return {
            "name": self.name,
            "version": self.version,
            "sha256": self.sha256,
            "n_entries": len(self.entries),
            "origins": list(self.origins),
        }

    @property
    def categories(self) -> list[str]:
        return sorted(self.entries["category"].unique())


# --------------------------------------------------------------------------------------------
# reading


def shipped_lexicons() -> list[str]:
    """Names of the lexicons that ship with framescope."""
    folder = resources.files("analysis") / "data" / "lexicons"
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".csv"))


def read_lexicon_file(path: str | Path) -> Lexicon:
    """Read and validate one lexicon CSV file. Errors name the file and line."""
    path = Path(path)
    text = read_utf8_file(path, what="lexicon file", error=LexiconError)
    return parse_lexicon(text, origin=str(path))


def _read_shipped(name: str) -> Lexicon:
    res = resources.files("analysis") / "data" / "lexicons" / f"{name}.csv"
    if not res.is_file():
        raise LexiconError(
            f"no shipped lexicon {name!r}; shipped: {', '.join(shipped_lexicons())} "
            "(or pass the path of your own .csv file)"
        )
    return parse_lexicon(
        res.read_text(encoding="utf-8"), origin=f"analysis/data/lexicons/{name}.csv"
    )


_VERSION = re.compile(r"\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?")


def _metadata_line(line: str) -> str | None:
    """The text of a metadata line after its ``#`` (``None`` if it is none): a spreadsheet
    saves the line as a cell of a row, with a comma per empty cell after it (``# version:
    1.0.0,,,,``) and in double quotes when the text holds a comma; both are undone."""
    stripped = line.strip()
    if stripped.startswith('"#'):
        try:
            stripped = next(csv.reader([stripped]))[0]
        except (csv.Error, StopIteration, IndexError):
            return None
    elif stripped.startswith("#"):
        stripped = stripped.rstrip(",")
    else:
        return None
    return stripped.lstrip("#").strip()


def parse_lexicon(text: str, *, origin: str) -> Lexicon:
    """Parse lexicon CSV text (metadata lines, header, rows); ``origin`` names it in errors."""
    meta: dict[str, str] = {}
    meta_lines: dict[str, int] = {}
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and (
        (line := _metadata_line(lines[i])) is not None or not lines[i].strip(" \t\r\n,")
    ):
        if line and ":" in line:
            key, value = line.split(":", 1)
            meta[key.strip().lower()] = value.strip()
            meta_lines[key.strip().lower()] = i + 1
        i += 1
    header_line = i + 1
    if "version" not in meta:
        raise LexiconError(
            f"{origin}: line 1: no '# version: X.Y.Z' metadata line before the header; "
            "lexicons are versioned (see docs/lexicon-format.md)"
        )
    if not _VERSION.fullmatch(meta["version"]):
        raise LexiconError(
            f"{origin}: line {meta_lines['version']}: version {meta['version']!r} is not a "
            "version number X.Y.Z (semantic versioning, e.g. '# version: 1.0.0'; see "
            "docs/lexicon-format.md)"
        )
    new_categories = tuple(
        dict.fromkeys(c.strip() for c in re.split(r"[,;]", meta.get("new_categories", ""))
                      if c.strip())
    )
    records = read_records(
        io.StringIO("".join(lines[i:]), newline=""),
        origin=origin,
        error=LexiconError,
        first_line=header_line,
    )
    try:
        _, header = next(records)
    except StopIteration:
        raise LexiconError(f"{origin}: line {header_line}: no header row") from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise LexiconError(
            f"{origin}: line {header_line}: header lacks column(s) {', '.join(missing)}; "
            f"expected {','.join(BASE_COLUMNS)}"
        )
    rows = []
    for line_no, values in checked_rows(
        records, len(header), origin=origin, error=LexiconError,
        hint="quote fields that contain commas",
    ):
        row = dict(zip(header, (v.strip() for v in values), strict=True))
        row["origin"] = f"{origin}:{line_no}"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*header, "origin"])
    lex = Lexicon(
        name=meta.get("name", Path(origin).stem),
        version=meta["version"],
        entries=_validate(frame, origin),
        description=meta.get("description", ""),
        sources=meta.get("sources", ""),
        origins=(origin,),
        new_categories=new_categories,
    )
    return lex


def lexicon_from_frame(
    frame: pd.DataFrame,
    *,
    name: str = "user",
    version: str = "user",
    new_categories: Iterable[str] = (),
) -> Lexicon:
    """Make a lexicon from a DataFrame with at least ``term`` and ``category`` columns.

    ``new_categories``: categories the entries add to the lexicon they extend (as the
    ``# new_categories:`` line of a file; see :func:`load_lexicon`)."""
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(f"frame: expected a DataFrame, got {type(frame).__name__}")
    if isinstance(new_categories, str):
        new_categories = [new_categories]
    declared = tuple(dict.fromkeys(str(c).strip() for c in new_categories))
    if not all(declared):
        raise ParameterError("new_categories: a category name is empty")
    frame = frame.copy()
    if "origin" not in frame.columns:
        frame["origin"] = [f"{name}:row {i + 1}" for i in range(len(frame))]
    return Lexicon(name=name, version=version, entries=_validate(frame, name), origins=(name,),
                   new_categories=declared)


def _validate(frame: pd.DataFrame, origin: str) -> pd.DataFrame:
    for col in REQUIRED_COLUMNS:
        if col not in frame.columns:
            raise LexiconError(f"{origin}: missing column {col!r}")
    frame = frame.copy()
    for col in BASE_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
        frame[col] = frame[col].fillna("").astype(str).str.strip()
    for row in frame.itertuples():
        where = row.origin
        if not row.term:
            raise LexiconError(f"{where}: empty term")
        if not row.category:
            raise LexiconError(f"{where}: term {row.term!r} has no category")
        if not row.source and not row.rationale:
            raise LexiconError(
                f"{where}: term {row.term!r} needs a source or a rationale (say why it is there)"
            )
        if row.case not in ("", "sensitive", "insensitive"):
            raise LexiconError(
                f"{where}: case={row.case!r} for {row.term!r}; use 'sensitive' or leave it empty"
            )
        if row.term.startswith("re:"):
            try:
                re.compile(row.term[3:])
            except re.error as exc:
                raise LexiconError(
                    f"{where}: bad regular expression in {row.term!r} ({exc})"
                ) from exc
        elif "*" in row.term[:-1]:
            raise LexiconError(
                f"{where}: {row.term!r}: '*' is only allowed at the end of a term (hoodwink*)"
            )
        elif row.term.endswith("*") and len(row.term.rstrip("*").split()[-1]) < MIN_STEM:
            raise LexiconError(
                f"{where}: {row.term!r}: a wildcard stem needs at least {MIN_STEM} letters"
            )
        else:
            check_spacing(row.term, where)
    for col, allowed in _COLUMN_VALUES.items():
        if col in frame.columns:
            frame[col] = frame[col].fillna("").astype(str).str.strip().str.lower()
            bad = frame[~frame[col].isin(allowed)]
            if len(bad):
                first = bad.iloc[0]
                raise LexiconError(
                    f"{first['origin']}: {col}={first[col]!r} for {first['term']!r}; use "
                    + " or ".join(repr(v) if v else "'' (empty)" for v in allowed)
                )
    frame["case"] = frame["case"].replace("insensitive", "")
    keys = _keys(frame)
    dupes = keys[keys.duplicated(keep=False)]
    if len(dupes):
        first_key = dupes.iloc[0]
        same = dupes.index[dupes == first_key]
        a, b = frame.loc[same[0]], frame.loc[same[1]]
        folded = (
            f" (as {a['term']!r}: the matcher reads curly apostrophes as straight ones)"
            if _fold_apostrophes(a["term"]) == _fold_apostrophes(b["term"])
            and a["term"] != b["term"]
            else ""
        )
        raise LexiconError(
            f"{b['origin']}: duplicate term {b['term']!r} (also at {a['origin']}){folded}; "
            "keep one row per term"
        )
    return frame.reset_index(drop=True)


def check_spacing(term: str, where: str, *, what: str = "term") -> None:
    """A plain term's words are separated by single spaces, as in the cleaned text the matcher
    reads (cleaning turns every run of white space into one space): a tab, a line break, a
    non-breaking space or two spaces in a row would make the term never match."""
    odd = re.search(r"[^\S ]| {2,}", term)
    if odd is None:
        return
    found = odd.group()
    problem = (
        "two or more spaces in a row" if found.startswith(" ")
        else "a tab" if found == "\t"
        else "a line break" if found in "\r\n"
        else f"a white-space character {found!r} (U+{ord(found):04X})"
    )
    raise LexiconError(
        f"{where}: {what} {term!r} has {problem}; the text it is matched against has single "
        "spaces between words, so it could never match: separate its words with one space"
    )


def _keys(frame: pd.DataFrame) -> pd.Series:
    return match_keys(frame["term"], frame["case"])


def match_keys(terms: pd.Series, cases: pd.Series) -> pd.Series:
    """Each term as the matcher compares it: curly apostrophes as straight ones, lower-cased
    unless its case is ``sensitive``."""
    folded = terms.map(_fold_apostrophes)
    return folded.where(cases == "sensitive", folded.str.lower())


LexiconSource = str | os.PathLike | pd.DataFrame | Lexicon
_SOURCE_TYPES = (str, os.PathLike, pd.DataFrame, Lexicon)


def load_lexicon(
    lexicon: str | os.PathLike | Lexicon,
    *,
    extra: LexiconSource | Iterable[LexiconSource] = (),
    mode: MergeMode = "add",
) -> Lexicon:
    """Load a shipped lexicon by name (or a file path) and merge a user's entries into it.

    ``extra``: the user's lexicon files (paths), DataFrames or lexicons; one of them alone
    is read as a list of one. Their categories must be the lexicon's own, or declared new
    (``# new_categories:``), and a category ``remove`` (in any case) drops an entry.

    ``mode="add"``: the user's entries are added; a term present in both, or an entry of the
    user's and one of the lexicon's that match the same word (``tyrant`` and ``tyrant*``), is
    an error naming both places. ``"override"``: the user's entry replaces the lexicon's of the
    same term and wins on any word both match (the lexicon's ``tyrant*`` still counts
    ``tyrants``); a ``remove`` row drops the entry of its term, and is an error when there is
    none or when another entry of the lexicon still matches the word. ``"replace"``: only the
    user's entries are used, under the shipped lexicon's name.
    """
    check_choice("mode", mode, MERGE_MODES)
    items = source_list(extra, name="extra", types=_SOURCE_TYPES,
                        what="a lexicon file's path, a DataFrame or a Lexicon")
    if isinstance(lexicon, Lexicon):
        base = lexicon
    elif isinstance(lexicon, os.PathLike) or (
        isinstance(lexicon, str) and lexicon.endswith(".csv")
    ):
        base = read_lexicon_file(lexicon)
    elif isinstance(lexicon, str) and lexicon:
        base = _read_shipped(lexicon)
    else:
        raise ParameterError(
            f"lexicon={lexicon!r}: give the name of a shipped lexicon "
            f"({', '.join(shipped_lexicons())}), the path of a .csv file or a Lexicon"
        )
    extras = [_as_lexicon(e) for e in items]
    if mode != "replace" or not extras:
        _check_no_remove_rows(base)
    if not extras:
        return base
    user = pd.concat([e.entries for e in extras], ignore_index=True)
    is_remove = user["category"].str.casefold() == REMOVE
    user.loc[is_remove, "category"] = REMOVE
    user = _validate(user, "your entries")  # a term in two of the user's files
    is_remove = (user["category"] == REMOVE).to_numpy()
    user_version = "+".join(f"{e.name}@{e.version}" for e in extras)
    if is_remove.any() and mode != "override":
        row = user[is_remove].iloc[0]
        how = (
            "with mode='replace' only your entries are used, so there is nothing to remove: "
            "delete the row" if mode == "replace"
            else "that only works with mode='override' (in a report: -p lexicon_mode=override)"
        )
        raise LexiconError(
            f"{row['origin']}: term {row['term']!r} has category remove, which drops an entry "
            f"of {base.name}; {how}"
        )
    if mode == "replace":
        entries = user
    else:
        _check_categories(user[~is_remove], base, extras)
        entries = _merge(base, user, is_remove, mode)
    entries = _validate(entries, base.name)
    return Lexicon(
        name=base.name,
        version=f"{base.version}+{user_version}" if mode != "replace" else user_version,
        entries=entries,
        description=base.description,
        sources=base.sources,
        origins=base.origins + tuple(o for e in extras for o in e.origins),
    )


def source_list(value: object, *, name: str, types: tuple[type, ...], what: str) -> list[Any]:
    """``value`` (parameter ``name``) as a list of ``types``: one of them alone is a list of one
    (a path is not a list of its characters); anything else is a :class:`ParameterError`
    saying what was expected (``what``: "a lexicon file's path, a DataFrame or a Lexicon")."""
    if isinstance(value, types):
        return [value]
    try:
        items = list(value)  # type: ignore[call-overload]
    except TypeError:
        raise ParameterError(
            f"{name}={value!r}: expected {what}, or a list of them"
        ) from None
    for item in items:
        if not isinstance(item, types) or (isinstance(item, str) and not item.strip()):
            raise ParameterError(f"{name}: {item!r} ({type(item).__name__}) is not {what}")
    return items


def _as_lexicon(item: LexiconSource) -> Lexicon:
    if isinstance(item, Lexicon):
        return item
    if isinstance(item, pd.DataFrame):
        return lexicon_from_frame(item)
    return read_lexicon_file(item)


def _check_no_remove_rows(lexicon: Lexicon) -> None:
    rows = lexicon.entries[lexicon.entries["category"].str.casefold() == REMOVE]
    if len(rows):
        row = rows.iloc[0]
        raise LexiconError(
            f"{row['origin']}: term {row['term']!r} has category remove, which drops an entry of "
            "the lexicon a file of yours extends: it only works in a file given as extra with "
            "mode='override' (load_lexicon(name, extra=[file], mode='override'); in a report "
            "-p extra_lexicons='[file]' -p lexicon_mode=override)"
        )


def _check_categories(user: pd.DataFrame, base: Lexicon, extras: list[Lexicon]) -> None:
    """Every category of the user's entries is the lexicon's own or declared new by them (a
    typo would make a category of one term, silently)."""
    known = set(base.categories)
    allowed = known | {c for e in extras for c in e.new_categories}
    unknown = user[~user["category"].isin(allowed)]
    if not len(unknown):
        return
    row = unknown.iloc[0]
    category = row["category"]
    close = difflib.get_close_matches(category, sorted(allowed), n=1, cutoff=0.6)
    if not close:
        by_folded = {c.casefold(): c for c in sorted(allowed)}
        close = [by_folded[category.casefold()]] if category.casefold() in by_folded else []
    raise LexiconError(
        f"{row['origin']}: term {row['term']!r} has category {category!r}, which {base.name} "
        "does not have" + (f" (did you mean {close[0]!r}?)" if close else "")
        + f"; its categories: {', '.join(sorted(known))}. To add a category of your own, "
        f"declare it in your file with the line '# new_categories: {category}' before the "
        f"header (a DataFrame: lexicon_from_frame(df, new_categories=[{category!r}]))"
    )


def _merge(base: Lexicon, user: pd.DataFrame, is_remove: np.ndarray, mode: str) -> pd.DataFrame:
    """The entries of ``base`` merged with the user's (``mode`` add or override; the user's
    ``remove`` rows are ``is_remove``), after the checks that no entry of the user's silently
    does nothing (see :func:`load_lexicon`)."""
    shipped = _EntryIndex(base.entries)
    rows = user.to_dict("records")
    if mode == "add":
        for row in rows:
            same = shipped.same_term(row)
            if same:
                other = base.entries.loc[same[0], "origin"]
                raise LexiconError(
                    f"{row['origin']}: term {row['term']!r} is already in {base.name} ({other}); "
                    "to replace it (or drop it with category remove), use mode='override' (in a "
                    "report: -p lexicon_mode=override)"
                )
            found = shipped.covering(row) or shipped.covered(row)
            if found:
                b, word = found[0]
                entry = base.entries.loc[b]
                raise LexiconError(
                    f"{row['origin']}: term {row['term']!r} and {base.name}'s entry "
                    f"{entry['term']!r} ({entry['origin']}, category {entry['category']}) both "
                    f"match {word!r}, where {base.name}'s entry would win; to let yours win "
                    "there, use mode='override' (in a report: -p lexicon_mode=override); to "
                    "drop that entry, give it category remove in override mode"
                )
        return pd.concat([base.entries, user], ignore_index=True)
    replaced: set[int] = set()
    inherit: list[int | None] = []  # per row of the user's, the shipped entry it replaces
    for row, remove in zip(rows, is_remove.tolist(), strict=True):
        same = shipped.same_term(row)
        replaced.update(same)
        inherit.append(same[0] if same else None)
        if remove and not same:
            found = shipped.covering(row)
            if found:
                entry = base.entries.loc[found[0][0]]
                raise LexiconError(
                    f"{row['origin']}: the remove row {row['term']!r} drops nothing: "
                    f"{base.name} has no entry {row['term']!r}, but its entry {entry['term']!r} "
                    f"({entry['origin']}, category {entry['category']}) matches it; a remove row "
                    f"drops a whole entry: to stop counting {row['term']!r}, remove "
                    f"{entry['term']!r} (and add back, as entries of yours, the words it matches "
                    "that you still want counted)"
                )
            close = difflib.get_close_matches(
                row["term"].lower(), base.entries["term"].str.lower().tolist(), n=1, cutoff=0.8
            )
            raise LexiconError(
                f"{row['origin']}: the remove row {row['term']!r} drops nothing: {base.name} has "
                "no entry that matches it" + (f" (did you mean {close[0]!r}?)" if close else "")
                + "; check the spelling, or delete the row"
            )
    keep = base.entries.drop(index=sorted(replaced))
    kept = _EntryIndex(keep)
    for row, remove in zip(rows, is_remove.tolist(), strict=True):
        found = kept.covering(row) if remove else []
        if found:
            entry = keep.loc[found[0][0]]
            raise LexiconError(
                f"{row['origin']}: removing {row['term']!r} still leaves it counted: "
                f"{base.name}'s entry {entry['term']!r} ({entry['origin']}, category "
                f"{entry['category']}) matches it too; remove {entry['term']!r} as well (and add "
                "back, as entries of yours, the words it matches that you still want counted)"
            )
    # an entry of the user's that replaces a shipped one keeps the shipped values of the extra
    # columns the user's lexicon does not have (a new category for hoodwink*, its lands_on kept)
    missing = [c for c in base.entries.columns
               if c not in user.columns and c not in BASE_COLUMNS and c != "origin"]
    if missing:
        user = user.copy()
        for col in missing:
            user[col] = [base.entries.at[b, col] if b is not None else np.nan for b in inherit]
    # the user's entries first: on a word theirs and a shipped wildcard or regex both match
    # (same span), the matcher keeps the first entry
    return pd.concat([user[~is_remove], keep], ignore_index=True)


class _EntryIndex:
    """Which entries of a lexicon match the words an entry (of another lexicon) matches, as far
    as that can be told from the terms: plain terms, wildcards and regular expressions against
    plain terms and wildcards (two regular expressions are not compared)."""

    def __init__(self, entries: pd.DataFrame) -> None:
        self.index = entries.index.tolist()
        self.terms = entries["term"].tolist()
        self.sensitive = (entries["case"] == "sensitive").tolist()
        self.written: dict[str, list[int]] = {}  # folded term as written -> positions
        self.lower: dict[str, list[int]] = {}
        self.stems: dict[str, list[int]] = {}  # lower-cased stem of a wildcard -> positions
        words: list[tuple[str, int]] = []  # (lower-cased word or stem, position) of each
        self.regexes: list[tuple[int, re.Pattern[str]]] = []
        for pos, (term, sensitive) in enumerate(zip(self.terms, self.sensitive, strict=True)):
            if term.startswith("re:"):
                self.regexes.append(
                    (pos, re.compile(term[3:], 0 if sensitive else re.IGNORECASE))
                )
                continue
            text = _fold_apostrophes(term.rstrip("*"))
            if term.endswith("*"):
                self.stems.setdefault(text.lower(), []).append(pos)
            else:
                self.written.setdefault(text, []).append(pos)
                self.lower.setdefault(text.lower(), []).append(pos)
            words.append((text.lower(), pos))
        words.sort()
        self.words = words

    def same_term(self, row: dict[str, Any]) -> list[int]:
        """The entries (index labels) with the term of ``row`` (compared as written if that
        is case-sensitive, without case if not)."""
        term = row["term"]
        if term.startswith("re:"):
            found = [p for p, t in enumerate(self.terms) if t == term]
        else:
            text = _fold_apostrophes(term)
            wild = text.endswith("*")
            stem = text.rstrip("*")
            if row["case"] == "sensitive":
                candidates = (self.stems.get(stem.lower(), []) if wild
                              else self.written.get(stem, []))
                found = [p for p in candidates if self._stem(p) == stem]
            else:
                found = (self.stems if wild else self.lower).get(stem.lower(), [])
        return [self.index[p] for p in found]

    def _stem(self, pos: int) -> str:
        return _fold_apostrophes(self.terms[pos].rstrip("*"))

    def _case_ok(self, pos: int, row: dict[str, Any], word: str) -> bool:
        """Whether the entry at ``pos`` and ``row`` can match the same text, as far as case
        goes (both case-sensitive: the part they share must be written alike)."""
        if not (self.sensitive[pos] and row["case"] == "sensitive"):
            return True
        stem = self._stem(pos)
        n = min(len(stem), len(word))
        return stem[:n] == word[:n]

    def covering(self, row: dict[str, Any]) -> list[tuple[int, str]]:
        """``(entry, word)`` for each entry that matches every word ``row``'s term matches (a
        plain term: that word; a wildcard: its stem and every word it runs on to); ``word``
        is one such word."""
        term = row["term"]
        if term.startswith("re:"):
            return []
        wild = term.endswith("*")
        word = _fold_apostrophes(term.rstrip("*"))
        low = word.lower()
        found: list[tuple[int, str]] = []
        if not wild:
            for pos in self.lower.get(low, []):
                if self._case_ok(pos, row, word):
                    found.append((pos, word))
        for k in range(1, len(low) + 1):
            if low[:k] in self.stems and all(map(_is_word_char, low[k:])):
                for pos in self.stems[low[:k]]:
                    if self._case_ok(pos, row, word):
                        found.append((pos, word))
        written = term.rstrip("*")
        for pos, rx in self.regexes:
            if rx.fullmatch(written) or rx.fullmatch(word):
                found.append((pos, written))
        return [(self.index[p], w) for p, w in sorted(found)]

    def covered(self, row: dict[str, Any]) -> list[tuple[int, str]]:
        """``(entry, word)`` for each entry whose words ``row``'s term all matches (a
        wildcard's: the terms and stems that start with its stem; a regular expression's: the
        terms it matches in full, and the stems of wildcards)."""
        term = row["term"]
        found: list[tuple[int, str]] = []
        if term.startswith("re:"):
            rx = re.compile(term[3:], 0 if row["case"] == "sensitive" else re.IGNORECASE)
            for pos, t in enumerate(self.terms):
                if not t.startswith("re:") and rx.fullmatch(t.rstrip("*")):
                    found.append((pos, t.rstrip("*")))
        elif term.endswith("*"):
            stem = _fold_apostrophes(term.rstrip("*"))
            low = stem.lower()
            at = bisect.bisect_left(self.words, (low, -1))
            while at < len(self.words) and self.words[at][0].startswith(low):
                text, pos = self.words[at]
                at += 1
                if all(map(_is_word_char, text[len(low):])) and self._case_ok(pos, row, stem):
                    found.append((pos, self.terms[pos].rstrip("*")))
        return [(self.index[p], w) for p, w in sorted(found)]


_LOOKAROUND = ("(?<", "(?=", "(?!")
SHADOW_COLUMNS = ["term", "category", "origin", "shadowed_by", "shadowed_by_category",
                  "shadowed_by_origin"]


def shadowed_entries(lexicon: Lexicon) -> pd.DataFrame:
    """The entries of ``lexicon`` that can never count, one row each: on every word such an
    entry matches, an earlier entry matches the same words, and the matcher keeps the first
    entry on the same words (``tyrants`` after ``tyrant*``). Read it before trusting a
    category's rate: a shadowed entry's category is never given to its words (``idiotic,
    emotive_intensifier`` after ``idiot*, pejorative_label`` is counted as a pejorative label).

    Columns: the entry's ``term``, ``category``, ``origin`` (file and line), and the first
    earlier entry that covers it (``shadowed_by``, ``shadowed_by_category``,
    ``shadowed_by_origin``). Covering is told from the terms, as for a user's overrides
    (:func:`load_lexicon`): a plain term by an earlier entry of its word, a wildcard of a
    shorter stem, or a ``re:`` entry that matches the whole term; a wildcard by a wildcard of a
    shorter or equal stem. A case-sensitive entry never covers a case-insensitive one. Move a
    shadowed entry before the one that covers it to give its words its category, or delete it
    if the categories agree. framescope's own lexicons have none (tested)."""
    entries = lexicon.entries
    index = _EntryIndex(entries)
    position = {label: pos for pos, label in enumerate(entries.index)}
    sensitive = (entries["case"] == "sensitive").tolist()
    rows = []
    for pos, row in enumerate(entries.to_dict("records")):
        for other, _ in index.covering(row):
            o = position[other]
            if o >= pos or (sensitive[o] and row["case"] != "sensitive"):
                continue
            if index.terms[o].startswith("re:") and (
                row["term"].endswith("*") or any(x in index.terms[o] for x in _LOOKAROUND)
            ):
                # a regex that matches the stem need not match the stem's words, nor one that
                # looks around the term every place the term occurs ("re:(?<!media )reports")
                continue
            cover = entries.loc[other]
            rows.append([row["term"], row["category"], row.get("origin", ""), cover["term"],
                         cover["category"], cover.get("origin", "")])
            break
    return pd.DataFrame(rows, columns=SHADOW_COLUMNS)


# --------------------------------------------------------------------------------------------
# matching


def _fold_apostrophes(text: str) -> str:
    # str.replace is C-fast; str.translate with a dict is ten times slower on large texts
    return text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@lru_cache(maxsize=1024)
def _required_literals(pattern: str, *, cap: int = 64) -> tuple[str, ...]:
    """Literals one of which every match of ``pattern`` must contain (lower-cased), or ()
    (cached: a lexicon's entries are parsed once per process).

    Walks the pattern's top level: literal characters, alternations of plain words
    (``(?:is|was)``) and optional characters multiply into sets of strings; the run whose
    shortest string is longest wins. The matcher uses them to find, with the automaton, the few
    lines where a regex entry can match, so that the regex engine never scans the whole corpus.
    """
    try:
        parsed = re._parser.parse(pattern)  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - the pattern compiled already
        return ()
    c = re._constants  # type: ignore[attr-defined]

    def options(op: object, arg: object) -> set[str] | None:
        if op is c.LITERAL:
            return {chr(arg)}  # type: ignore[arg-type]
        if op is c.IN and all(o is c.LITERAL for o, _ in arg):  # type: ignore[attr-defined]
            return {chr(a) for _, a in arg}  # type: ignore[attr-defined]
        if op is c.SUBPATTERN:
            sub = arg[-1]  # type: ignore[index]
            return words(sub)
        if op is c.BRANCH:  # (?:a|b) is inlined as a branch
            out: set[str] = set()
            for alt in arg[1]:  # type: ignore[index]
                w = words(alt)
                if w is None:
                    return None
                out |= w
            return out
        if op is c.MAX_REPEAT and arg[0] == 0 and arg[1] == 1:  # type: ignore[index]
            inner = words(arg[2])  # type: ignore[index]
            return None if inner is None else inner | {""}
        if op is c.AT:
            return {""}
        return None

    def words(seq: object) -> set[str] | None:
        acc = {""}
        for op, arg in seq:  # type: ignore[attr-defined]
            opts = options(op, arg)
            if opts is None:
                return None
            acc = {a + b for a in acc for b in opts}
            if len(acc) > cap:
                return None
        return acc

    best: set[str] = set()
    run: set[str] = {""}
    for op, arg in parsed:
        opts = options(op, arg)
        if opts is None or len(run) * len(opts) > cap:
            run = {""} if opts is None else set(opts)
        else:
            run = {a + b for a in run for b in opts}
        if run and (not best or min(map(len, run)) > min(map(len, best))):
            best = set(run)
    return tuple(sorted({b.translate(_APOSTROPHES).lower() for b in best}))


def _fold(text: str) -> str:
    """``text`` with apostrophes folded and lower-cased, character for character."""
    folded = _fold_apostrophes(text).lower()
    if len(folded) != len(text):  # a few characters change length when lower-cased
        folded = "".join(
            c if len(c.lower()) != 1 else c.lower() for c in _fold_apostrophes(text)
        )
    return folded


# A regex entry that may refer to a group: matched only with the whole lexicon's pattern.
_GROUP_REFERENCE = re.compile(r"\\\d|\(\?P=|\(\?\(")


def _unsafe_ignorecase_class() -> str:
    """The characters for which an ASCII anchor found in the folded text does not follow from
    a match: those ``re.IGNORECASE`` matches with characters of another lower case (``ſ`` and
    ``s``, ``ı`` and ``i``, …), those lower-cased to two characters, and those beyond the BMP.
    Without ``re._casefix`` (another Python), every non-ASCII character."""
    try:
        from re._casefix import _EXTRA_CASES as extra  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - Python 3.11 to 3.13 have it
        return "[^\x00-\x7f]"
    codes = [
        c for c in range(0x80, 0x10000)
        if len(low := chr(c).lower()) != 1 or c in extra or ord(low) in extra
    ]
    ranges = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    body = "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return f"[{body}\U00010000-\U0010ffff]"


_UNSAFE_IGNORECASE = re.compile(_unsafe_ignorecase_class())


def _leftmost_longest(candidates: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The candidates ``(start, end, idx)`` kept leftmost-longest, non-overlapping, in order."""
    if not candidates:
        return []
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    out: list[tuple[int, int, int]] = []
    last_end = -1
    for c in candidates:
        if c[0] >= last_end:
            out.append(c)
            last_end = c[1]
    return out


@dataclass
class Matcher:
    """A compiled lexicon: an Aho–Corasick automaton plus one regex for ``re:`` entries.

    The automatons' values are ``(entry ids, is_anchor)``."""

    lexicon: Lexicon
    automaton: ahocorasick.Automaton | None
    regex: re.Pattern[str] | None
    regex_ci: re.Pattern[str] | None
    # An automaton of literals that every regex entry needs: the regexes run only on the lines
    # where one occurs. None when some regex entry has no usable literal (then they scan all).
    anchors: ahocorasick.Automaton | None = None
    # The plain terms and the anchors in one automaton (values ``(entry ids, is_anchor)``), so
    # that the text is scanned once, not twice; used while ``anchors`` is set.
    combined: ahocorasick.Automaton | None = None
    # Per anchor, the regex entries that need it; and the entries as ``(idx, part, is
    # case-sensitive)``, for patterns of the entries whose anchors a line has (which find there
    # what the whole pattern finds: the others cannot match). Empty when that does not hold:
    # an anchor is not ASCII, or an entry may refer to a group (``\1``, ``(?P=``, ``(?(``).
    anchor_entries: dict[str, tuple[int, ...]] = field(default_factory=dict)
    regex_parts: tuple[tuple[int, str, bool], ...] = ()
    _subsets: dict[frozenset[int], list[re.Pattern[str]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """All matches in ``text`` as ``(start, end, entry_index)``, leftmost-longest,
        non-overlapping, in text order."""
        folded = _fold(text)
        lines: set[int] | None = None  # starts of the lines where an anchor occurs
        if self.anchors is not None and self.combined is not None:
            lines = set()
            hits = self._plain_hits(folded, text, self.combined.iter(folded), lines)
        elif self.automaton is not None:
            hits = self._plain_hits(folded, text, self.automaton.iter(folded), None)
        else:
            hits = []
        return _leftmost_longest(hits + self._regex_matches(text, folded, lines))

    def _plain_hits(
        self, folded: str, text: str, found: Iterable[tuple[int, tuple]], lines: set[int] | None
    ) -> list[tuple[int, int, int]]:
        """The automaton's hits of plain terms that stand as words, as ``(start, end, idx)``;
        the line of each anchor hit goes into ``lines``."""
        candidates: list[tuple[int, int, int]] = []
        n = len(text)
        terms = self._terms
        cases = self._sensitive
        wild = self._wild
        lengths = self._lengths
        # _is_word_char inlined (a call per automaton hit is a good part of the time)
        for end_idx, (ids, anchor) in found:
            if anchor:
                lines.add(folded.rfind("\n", 0, end_idx) + 1)  # type: ignore[union-attr]
                if not ids:
                    continue
            end = end_idx + 1
            after = folded[end] if end < n else " "
            after_word = after.isalnum() or after == "_"
            for idx in ids:
                start = end - lengths[idx]
                if start > 0:
                    before = folded[start - 1]
                    if before.isalnum() or before == "_":
                        continue
                stop = end
                if wild[idx]:
                    while stop < n and _is_word_char(folded[stop]):
                        stop += 1
                elif after_word:
                    continue
                if cases[idx] and _fold_apostrophes(text[start:end]) != terms[idx]:
                    continue
                candidates.append((start, stop, idx))
        return candidates

    def _regex_matches(
        self, text: str, folded: str, lines: set[int] | dict[int, set[int]] | None = None
    ) -> list[tuple[int, int, int]]:
        """Matches of the ``re:`` entries; ``lines``: the starts of the lines where an anchor
        occurs (found here when None), or for each such line the entries whose anchor it is."""
        patterns = [rx for rx in (self.regex, self.regex_ci) if rx is not None]
        if not patterns:
            return []
        if self.anchors is None:
            spans = [(0, len(text), patterns)]
        else:
            if lines is None:
                lines = set()
                for end_idx, _ in self.anchors.iter(folded):
                    lines.add(folded.rfind("\n", 0, end_idx) + 1)
            by_entries = isinstance(lines, dict) and bool(self.regex_parts)
            spans = []
            for start in sorted(lines):
                stop = folded.find("\n", start)
                stop = len(text) if stop < 0 else stop
                rxs = patterns
                if by_entries and _UNSAFE_IGNORECASE.search(text, start, stop) is None:
                    rxs = self._subset_patterns(frozenset(lines[start]))  # type: ignore[index]
                spans.append((start, stop, rxs))
        found = []
        for a, b, rxs in spans:
            for rx in rxs:
                for m in rx.finditer(text, a, b):
                    if m.end() > m.start():
                        found.append((m.start(), m.end(), int(m.lastgroup[1:])))
        return found

    def _subset_patterns(self, ids: frozenset[int]) -> list[re.Pattern[str]]:
        """The patterns of the regex entries ``ids`` only, as :func:`compile_matcher` builds
        them (cached)."""
        found = self._subsets.get(ids)
        if found is None:
            found = [
                rx
                for sensitive, flags in ((True, 0), (False, re.IGNORECASE))
                if (rx := _compile_alt([part for idx, part, cs in self.regex_parts
                                        if cs is sensitive and idx in ids], flags))
            ]
            self._subsets[ids] = found
        return found

    @cached_property
    def _terms(self) -> list[str]:
        terms = self.lexicon.entries["term"].tolist()
        return [t.rstrip("*").translate(_APOSTROPHES) for t in terms]

    @cached_property
    def _lengths(self) -> list[int]:
        return [len(t) for t in self._terms]

    @cached_property
    def _sensitive(self) -> list[bool]:
        return (self.lexicon.entries["case"] == "sensitive").tolist()

    @cached_property
    def _wild(self) -> list[bool]:
        return self.lexicon.entries["term"].str.endswith("*").tolist()


def compile_matcher(lexicon: Lexicon) -> Matcher:
    """Compile a lexicon for matching (build once, use for any number of texts)."""
    entries = lexicon.entries
    automaton = ahocorasick.Automaton()
    groups: dict[str, list[int]] = {}
    plain = 0
    regex_cs: list[str] = []
    regex_ci: list[str] = []
    regex_parts: list[tuple[int, str, bool]] = []
    terms = entries["term"].tolist()  # (lists: iterating a column is slow)
    for idx, (term, case) in enumerate(zip(terms, entries["case"].tolist(), strict=True)):
        if term.startswith("re:"):
            part = f"(?P<e{idx}>{term[3:]})"
            (regex_cs if case == "sensitive" else regex_ci).append(part)
            regex_parts.append((idx, part, case == "sensitive"))
            continue
        key = term.rstrip("*").translate(_APOSTROPHES).lower()
        groups.setdefault(key, []).append(idx)
        plain += 1
    for key, ids in groups.items():
        automaton.add_word(key, (tuple(ids), False))  # (entry ids, is an anchor), as combined
    if plain:
        automaton.make_automaton()

    anchors = None
    regex_terms = [t[3:] for t in terms if t.startswith("re:")]
    literals = [_required_literals(t) for t in regex_terms]
    usable = [
        bool(lits) and all(len(x) >= 3 and len(x.strip()) >= 2 for x in lits) for lits in literals
    ]
    combined = None
    anchor_entries: dict[str, tuple[int, ...]] = {}
    if regex_terms and all(usable):
        for (idx, _, _), lits in zip(regex_parts, literals, strict=True):
            for lit in lits:
                anchor_entries[lit] = (*anchor_entries.get(lit, ()), idx)
        if not all(lit.isascii() for lit in anchor_entries) or any(
            _GROUP_REFERENCE.search(t) for t in regex_terms
        ):
            anchor_entries, regex_parts = {}, []
        anchors = ahocorasick.Automaton()
        anchor_keys = {x for lits in literals for x in lits}
        for lit in anchor_keys:
            anchors.add_word(lit, lit)
        anchors.make_automaton()
        combined = ahocorasick.Automaton()
        for key in groups.keys() | anchor_keys:
            combined.add_word(key, (tuple(groups.get(key, ())), key in anchor_keys))
        combined.make_automaton()
    return Matcher(
        lexicon=lexicon,
        automaton=automaton if plain else None,
        regex=_compile_alt(regex_cs, 0),
        regex_ci=_compile_alt(regex_ci, re.IGNORECASE),
        anchors=anchors,
        combined=combined,
        anchor_entries=anchor_entries if anchors is not None else {},
        regex_parts=tuple(regex_parts) if anchors is not None else (),
    )


def _compile_alt(parts: list[str], flags: int) -> re.Pattern[str] | None:
    if not parts:
        return None
    # word boundaries around each regex entry, as for plain terms
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", flags)


@lru_cache(maxsize=1)
def _bmp_word_chars() -> np.ndarray:
    """``_is_word_char`` of every character of the BMP, indexed by code point."""
    return np.array([_is_word_char(c) for c in map(chr, range(0x10000))], dtype=bool)


def _word_chars_at(text: str, codes: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """``_is_word_char(text[p])`` for each of ``positions`` (``codes``: text's code points)."""
    at = codes[positions]
    out = _bmp_word_chars()[np.minimum(at, 0xFFFF)]
    beyond = np.flatnonzero(at > 0xFFFF)
    if len(beyond):
        out[beyond] = [_is_word_char(text[p]) for p in positions[beyond].tolist()]
    return out


def _leftmost_longest_array(cands: np.ndarray) -> np.ndarray:
    """:func:`_leftmost_longest` of an ``(n, 3)`` array of ``(start, end, idx)`` rows."""
    if len(cands) == 0:
        return cands
    start, end, idx = cands[:, 0], cands[:, 1], cands[:, 2]
    # sorted by start, longest first, then entry: one packed key (a single-key sort is many
    # times faster than np.lexsort) when it fits in 63 bits
    span, entries = int((end - start).max()) + 1, int(idx.max()) + 1
    if (int(start.max()) + 1) * span * entries < 2**62:
        order = np.argsort((start * span + (span - 1 - (end - start))) * entries + idx,
                           kind="stable")
    else:
        order = np.lexsort((idx, start - end, start))
    cands = cands[order]
    start, end = cands[:, 0], cands[:, 1]
    # A candidate starting at or after every earlier end is kept: the first of a cluster of
    # overlapping candidates. One starting before the end of its cluster's first is not; the
    # others (after a chain of overlaps) are decided one by one.
    keep = np.ones(len(cands), dtype=bool)
    keep[1:] = start[1:] >= np.maximum.accumulate(end)[:-1]
    first = np.maximum.accumulate(np.where(keep, np.arange(len(cands)), 0))
    rest = np.flatnonzero(~keep & (start >= end[first]))
    keep_end = -1
    cluster = -1
    for i, s, e, c in zip(
        rest.tolist(), start[rest].tolist(), end[rest].tolist(), first[rest].tolist(),
        strict=True,
    ):
        if c != cluster:  # the first candidate of the cluster, kept
            cluster, keep_end = c, int(end[c])
        if s >= keep_end:
            keep[i] = True
            keep_end = e
    return cands[keep]


@dataclass
class MultiMatcher:
    """Several compiled lexicons matched with one scan of the text.

    ``find(text)[k] == matchers[k].find(text)``: one automaton holds every lexicon's plain terms
    and regex anchors (its value is the key's number), and each hit is checked, with array
    operations, for the lexicons it belongs to. Scanning is a good part of matching a lexicon
    (about 13 ns a character), so the pipeline's four lexicons cost one scan, not four.
    """

    matchers: tuple[Matcher, ...]
    automaton: ahocorasick.Automaton | None
    # Per key (CSR: rows ``term_ptr[key]:term_ptr[key + 1]``), the entries it is, as rows
    # ``(k, idx, length, is_wild, case-sensitive term number or -1)``; ``sensitive`` holds those
    # terms as written. ``anchor_ptr``/``anchor_rows``: the lexicons whose anchor the key is,
    # as rows ``(k, idx of a regex entry needing it, or -1)``.
    term_ptr: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    term_rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 5), dtype=np.int64))
    sensitive: tuple[str, ...] = ()
    anchor_ptr: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    anchor_rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), dtype=np.int64))

    def find(self, text: str) -> list[list[tuple[int, int, int]]]:
        """:meth:`Matcher.find` of every lexicon, in the order of ``matchers``."""
        return [list(map(tuple, found.tolist())) for found in self._find_arrays(text)]

    def _find_arrays(self, text: str) -> list[np.ndarray]:
        """:meth:`find`, each lexicon's matches as an ``(n, 3)`` int64 array.

        The checks of :meth:`Matcher._plain_hits` (the term stands as a word, or a wildcard's
        word runs on; case-sensitive terms as written) on all the automaton's hits at once.
        """
        folded = _fold(text)
        n = len(text)
        empty = np.zeros((0, 3), dtype=np.int64)
        cands = [empty] * len(self.matchers)
        # per lexicon with anchors: the lines where one occurs -> the entries needing them
        lines: list[dict[int, set[int]] | None] = [
            {} if m.anchors is not None else None for m in self.matchers
        ]
        if self.automaton is not None:
            flat = np.fromiter(
                chain.from_iterable(self.automaton.iter(folded)), dtype=np.int64
            )
            last, keys = flat[0::2], flat[1::2]
            codes = _code_points(folded)
            if len(self.anchor_rows):
                hit, row = _expand(keys, self.anchor_ptr)
                if len(hit):
                    newlines = np.flatnonzero(codes == 10)
                    # folded.rfind("\n", 0, last) + 1: the start of the hit's line
                    line = np.concatenate(([0], newlines + 1))[
                        np.searchsorted(newlines, last[hit])
                    ]
                    for k, idx, start in zip(*self.anchor_rows[row].T.tolist(), line.tolist(),
                                             strict=True):
                        lines[k].setdefault(start, set()).add(idx)  # type: ignore[union-attr]
            hit, row = _expand(keys, self.term_ptr)
            rows = self.term_rows[row]
            k, idx, length, wild, case = rows.T
            end = last[hit] + 1
            start = end - length
            ok = (start == 0) | ~_word_chars_at(folded, codes, np.maximum(start - 1, 0))
            ok &= wild.astype(bool) | (end >= n) | ~_word_chars_at(
                folded, codes, np.minimum(end, n - 1)
            )
            stop = end.copy()
            for i in np.flatnonzero(ok & (wild == 1)).tolist():
                j = int(end[i])
                while j < n and _is_word_char(folded[j]):
                    j += 1
                stop[i] = j
            sel = np.flatnonzero(ok & (case >= 0))
            if len(sel):
                ok[sel] = _as_written(text, start[sel], end[sel],
                                      [self.sensitive[c] for c in case[sel].tolist()])
            found = np.stack((start, stop, idx, k), axis=1)[ok]
            cands = [found[found[:, 3] == j, :3] for j in range(len(self.matchers))]
        out = []
        for m, found, lines_k in zip(self.matchers, cands, lines, strict=True):
            regex = m._regex_matches(text, folded, lines_k)
            if regex:
                found = np.concatenate((found, np.array(regex, dtype=np.int64)))
            out.append(_leftmost_longest_array(found))
        return out


def _as_written(text: str, start: np.ndarray, end: np.ndarray, terms: list[str]) -> np.ndarray:
    """``_fold_apostrophes(text[s:e]) == term`` for each span and term (of the same length),
    compared on the spans and terms each joined into one string."""
    got = _fold_apostrophes("".join(map(text.__getitem__, map(slice, start.tolist(),
                                                                end.tolist()))))
    want = "".join(terms)
    if got == want:
        return np.ones(len(terms), dtype=bool)
    differs = _code_points(got) != _code_points(want)
    return ~np.logical_or.reduceat(differs, np.cumsum(end - start) - (end - start))


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _expand(keys: np.ndarray, ptr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a CSR table ``ptr``: ``(hit, row)`` for every row of every key of ``keys``."""
    first = ptr[keys]
    counts = ptr[keys + 1] - first
    hit = np.repeat(np.arange(len(keys)), counts)
    offsets = np.cumsum(counts) - counts
    return hit, first[hit] + np.arange(len(hit)) - offsets[hit]


def compile_multi(matchers: Sequence[Lexicon | Matcher]) -> MultiMatcher:
    """One automaton for several lexicons (see :class:`MultiMatcher`)."""
    compiled = tuple(m if isinstance(m, Matcher) else compile_matcher(m) for m in matchers)
    # key -> its rows (k, idx, length, is_wild, case-sensitive term number or -1), and its
    # anchor rows (k, idx of a regex entry needing it or -1)
    terms: dict[str, list[tuple[int, int, int, int, int]]] = {}
    anchor_of: dict[str, list[tuple[int, int]]] = {}
    sensitive: list[str] = []
    for k, m in enumerate(compiled):
        plain = dict(m.automaton.items()) if m.automaton is not None else {}
        anchors = set(m.anchors.keys()) if m.anchors is not None else set()
        for key in plain.keys() | anchors:
            rows = terms.setdefault(key, [])
            for idx in plain[key][0] if key in plain else ():
                case = -1
                if m._sensitive[idx]:
                    case = len(sensitive)
                    sensitive.append(m._terms[idx])
                rows.append((k, idx, m._lengths[idx], int(m._wild[idx]), case))
            if key in anchors:
                ids = m.anchor_entries.get(key, (-1,))
                anchor_of.setdefault(key, []).extend((k, idx) for idx in ids)
    if not terms:
        return MultiMatcher(compiled, None)
    automaton = ahocorasick.Automaton()
    keys = list(terms)
    for number, key in enumerate(keys):
        automaton.add_word(key, number)
    automaton.make_automaton()
    term_rows = [row for key in keys for row in terms[key]]
    anchor_rows = [row for key in keys for row in anchor_of.get(key, ())]
    return MultiMatcher(
        compiled,
        automaton,
        term_ptr=np.cumsum([0, *(len(terms[key]) for key in keys)]),
        term_rows=np.array(term_rows, dtype=np.int64).reshape(-1, 5),
        sensitive=tuple(sensitive),
        anchor_ptr=np.cumsum([0, *(len(anchor_of.get(key, ())) for key in keys)]),
        anchor_rows=np.array(anchor_rows, dtype=np.int64).reshape(-1, 2),
    )


def match_lexicons(
    sentences: pd.DataFrame, lexicons: Sequence[Lexicon | Matcher] | MultiMatcher
) -> list[pd.DataFrame]:
    """:func:`match_lexicon` for several lexicons with one scan of the text: the hits table
    of each, equal to ``match_lexicon(sentences, lexicon)``."""
    multi = lexicons if isinstance(lexicons, MultiMatcher) else compile_multi(lexicons)
    if len(sentences) == 0:
        return [match_lexicon(sentences, m) for m in multi.matchers]
    texts, starts, parts = _find_in_sentences(sentences, multi._find_arrays)
    return [
        _hits_table(sentences, texts, starts, m, [(offset, found[k]) for offset, found in parts])
        for k, m in enumerate(multi.matchers)
    ]


def _find_in_sentences(
    sentences: pd.DataFrame, find: Callable[[str], Any]
) -> tuple[list[str], np.ndarray, list[tuple[int, Any]]]:
    """``find`` over the sentences joined by newlines (no entry spans a newline), in chunks of
    a few MB (bounded memory, cache-friendly): the texts, each sentence's start in the joined
    text, and ``(offset of the chunk, find(chunk))`` per chunk."""
    texts = sentences["text"].tolist()
    lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    bounds = np.searchsorted(starts, np.arange(0, int(starts[-1]) + 1, _CHUNK_CHARS))
    bounds = [*sorted(set(bounds.tolist()) - {0}), len(texts)]
    parts = []
    first = 0
    for last in bounds:
        if last <= first:
            continue
        parts.append((int(starts[first]), find("\n".join(texts[first:last]))))
        first = last
    return texts, starts, parts


def match_lexicon(
    sentences: pd.DataFrame,
    lexicon: Lexicon | Matcher,
    *,
    extra_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Find every lexicon entry in the sentence table; return the hits table.

    One row per hit: ``doc_id, outlet, sent_id, start, end, match, term, category, lexicon``
    and the lexicon's extra columns (or those named in ``extra_columns``). ``start``/``end`` are
    offsets into the document's cleaned text, like the sentence table's, so every hit can be
    shown in its sentence (:func:`analysis.kwic.kwic`).
    """
    matcher = lexicon if isinstance(lexicon, Matcher) else compile_matcher(lexicon)
    entries = matcher.lexicon.entries
    if extra_columns is None:
        extra_columns = [c for c in entries.columns if c not in BASE_COLUMNS and c != "origin"]
    columns = HIT_COLUMNS + list(extra_columns)
    if len(sentences) == 0:
        return pd.DataFrame(columns=columns)
    # One pass over the text, hits mapped back to their sentence by binary search over the
    # sentences' positions in the joined text.
    texts, starts, parts = _find_in_sentences(sentences, matcher.find)
    return _hits_table(sentences, texts, starts, matcher, parts, extra_columns)


def _hits_table(
    sentences: pd.DataFrame,
    texts: list[str],
    starts: np.ndarray,
    matcher: Matcher,
    parts: list[tuple[int, list[tuple[int, int, int]]]],
    extra_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The hits table of :func:`match_lexicon` from the matches of each joined chunk."""
    entries = matcher.lexicon.entries
    if extra_columns is None:
        extra_columns = [c for c in entries.columns if c not in BASE_COLUMNS and c != "origin"]
    columns = HIT_COLUMNS + list(extra_columns)
    pos_parts, end_parts, idx_parts = [], [], []
    for offset, found in parts:
        if len(found):
            arr = np.asarray(found, dtype=np.int64)
            pos_parts.append(arr[:, 0] + offset)
            end_parts.append(arr[:, 1] + offset)
            idx_parts.append(arr[:, 2])
    if not pos_parts:
        return pd.DataFrame(columns=columns)
    pos, ends, idx = (np.concatenate(p) for p in (pos_parts, end_parts, idx_parts))
    row = np.searchsorted(starts, pos, side="right") - 1
    local_start = pos - starts[row]
    local_end = ends - starts[row]
    sent_start = sentences["start"].to_numpy()[row]
    matches = [  # (Python ints: indexing with numpy scalars is slow)
        texts[r][s:e]
        for r, s, e in zip(row.tolist(), local_start.tolist(), local_end.tolist(), strict=True)
    ]
    out = pd.DataFrame(
        {
            "doc_id": _take(sentences["doc_id"], row),
            "outlet": _take(sentences["outlet"], row),
            "sent_id": sentences["sent_id"].to_numpy()[row],
            "start": sent_start + local_start,
            "end": sent_start + local_end,
            "match": matches,
            "term": _take(entries["term"], idx),
            "category": _take(entries["category"], idx),
            "lexicon": matcher.lexicon.name,
            **{col: _take(entries[col], idx) if col in entries.columns else ""
               for col in extra_columns},
        }
    )
    return out.reset_index(drop=True)


def _take(column: pd.Series, rows: np.ndarray) -> Any:
    """``column.to_numpy()[rows]``, as a column of the table; a column of strings without
    missing values is taken as it is (the same column, without converting the strings)."""
    if column.dtype == STRING_DTYPE and not column.hasnans:
        return column.array.take(rows)
    return column.to_numpy()[rows]
