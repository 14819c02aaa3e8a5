"""Actors: who is talked about, and how each outlet names them.

The **actor registry** is data (``analysis/data/actors.csv``): one row per surface form
(``alias``) of an actor, with ``alias_type`` (name, surname, title_name, role, spelling,
metonym, demonym), ``kind`` (person, state, institution, alliance, group) and ``group`` (Ukraine,
Russia, US, Europe, other). A scholar adds a new story's cast with a CSV of the same columns
(``load_actors(extra=["cast.csv"])``); ``mode="override"`` remaps an alias (e.g. "the Kremlin"
to Putin rather than Russia). A ``demonym`` row (alias "Russian" for Russia) stands for the
actor named through its organs and agents: the demonym followed by each noun of the shipped
word list ``collective_nouns`` ("Russian forces", "Ukrainian officials", "the American side");
the demonym alone ("Russian drones", "the Russian people") is not a mention. Nor is a place
read as its state (a ``metonym``: Washington, Moscow, Kyiv) that opens another name, the next
word being one of the word list ``metonym_names`` ("The Washington Post", "the Moscow Times",
"Kyiv Mayor", "the Rome Statute").

:func:`find_mentions` finds every alias in the sentence table with the lexicon matcher
(possessives such as "Putin’s" included; a lower-case case-sensitive alias such as "the PM"
also matches sentence-initially as "The PM"). A role right after a name of the same actor and a
comma ("Sir Keir Starmer, the Prime Minister") is marked ``apposition`` so that it is not
counted as a second mention.

:func:`naming_forms` extends each mention to the full form the outlet used: titles, epithets
and modifiers to its left ("Russian President Vladimir Putin", "tyrant Putin", "US leader
President Trump", "Mr Trump"), and :func:`naming_variants` counts the forms per outlet: how each
outlet *names* each actor.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import os
import re
from collections.abc import Callable, Container, Iterable
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np
import pandas as pd

from analysis._csvrows import checked_rows, read_records
from analysis.errors import LexiconError, check_choice, read_utf8_file
from analysis.lexicons import (
    Lexicon,
    check_spacing,
    compile_matcher,
    lexicon_from_frame,
    match_keys,
    match_lexicon,
    source_list,
)
from analysis.segment import STRING_DTYPE
from analysis.wordlists import load_word_list

REGISTRY_COLUMNS = ["actor", "alias", "alias_type", "kind", "group", "case", "note"]
ALIAS_TYPES = ("name", "surname", "title_name", "role", "spelling", "metonym", "demonym")
KINDS = ("person", "state", "institution", "alliance", "group")
GROUPS = ("Ukraine", "Russia", "US", "Europe", "other")
MENTION_COLUMNS = [
    "doc_id",
    "outlet",
    "sent_id",
    "start",
    "end",
    "match",
    "actor",
    "alias_type",
    "kind",
    "group",
    "apposition",
]


RegistrySource = str | os.PathLike | pd.DataFrame
_REGISTRY_SOURCES = (str, os.PathLike, pd.DataFrame)
_REQUIRED = ("actor", "alias", "kind", "group")


def _parse_registry(text: str, origin: str) -> pd.DataFrame:
    """The rows of registry CSV text (``origin`` names it in errors), checked; read strictly
    (a quoted field never closed is an error naming its line), as lexicons are."""
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines) and (lines[i].startswith("#") or not lines[i].strip(" \t\r\n,")):
        i += 1
    records = read_records(
        io.StringIO("".join(lines[i:]), newline=""), origin=origin, error=LexiconError,
        first_line=i + 1,
    )
    try:
        header_line, header = next(records)
    except StopIteration:
        raise LexiconError(
            f"{origin}: line {i + 1}: no header row; expected {','.join(REGISTRY_COLUMNS)}"
        ) from None
    header = [h.strip() for h in header]
    _check_columns(header, f"{origin}: line {header_line}")
    rows, wheres = [], []
    for line, values in checked_rows(
        records, len(header), origin=origin, error=LexiconError,
        hint="quote fields that contain commas",
    ):
        row = dict(zip(header, (v.strip() for v in values), strict=True))
        row["origin"] = f"{origin}:{line}"
        rows.append(row)
        wheres.append(f"{origin}: line {line}")
    return _check_rows(pd.DataFrame(rows, columns=[*header, "origin"]), wheres)


def _check_columns(header: list[str], where: str, *, origin_ok: bool = False) -> None:
    """The required columns are there, and no column is a near miss of a registry column
    (``Case``, ``alias type``): it would be ignored, and its values silently lost. Other
    columns (a scholar's own ids or notes) are read and ignored."""
    for col in header:
        if col == "origin" and origin_ok:  # (a registry table read before: its rows' origins)
            continue
        if col == "origin":
            raise LexiconError(
                f"{where}: column 'origin' is reserved (framescope writes each row's file and "
                "line there); rename yours"
            )
        if col in REGISTRY_COLUMNS:
            continue
        folded = col.casefold().replace(" ", "_").replace("-", "_")
        close = [c for c in REGISTRY_COLUMNS if c == folded] or difflib.get_close_matches(
            folded, REGISTRY_COLUMNS, n=1, cutoff=0.8
        )
        if close:
            raise LexiconError(
                f"{where}: column {col!r} is not a registry column (did you mean {close[0]!r}?); "
                f"rename it: its values would be ignored. Columns: {','.join(REGISTRY_COLUMNS)}"
            )
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise LexiconError(
            f"{where}: missing column(s) {', '.join(missing)}; expected "
            f"{','.join(REGISTRY_COLUMNS)}"
        )


def _registry_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A user's DataFrame of registry rows, checked as a file's rows are."""
    _check_columns([str(c) for c in frame.columns], "user actors DataFrame", origin_ok=True)
    frame = frame.copy()
    frame["origin"] = [f"user:row {i + 1}" for i in range(len(frame))]
    for col in REGISTRY_COLUMNS:
        if col in frame.columns:
            frame[col] = frame[col].fillna("").astype(str).str.strip()
    return _check_rows(frame, frame["origin"].tolist())


def _check_rows(frame: pd.DataFrame, wheres: list[str]) -> pd.DataFrame:
    """The registry columns of ``frame`` (``alias_type`` ``name`` where empty, ``case``
    ``sensitive`` or empty), each row checked; ``wheres`` name the rows in errors."""
    for col in REGISTRY_COLUMNS:
        if col not in frame.columns:
            frame[col] = ""
    frame["alias_type"] = frame["alias_type"].where(frame["alias_type"] != "", "name")
    frame["case"] = frame["case"].replace("insensitive", "")
    for where, row in zip(wheres, frame.to_dict("records"), strict=True):
        if not row["actor"] or not row["alias"]:
            raise LexiconError(f"{where}: empty actor or alias")
        for col, allowed in (("kind", KINDS), ("group", GROUPS), ("alias_type", ALIAS_TYPES)):
            value = row[col]
            if value not in allowed:
                close = [a for a in allowed if a.casefold() == value.casefold()] or (
                    difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
                )
                raise LexiconError(
                    f"{where}: {col}={value!r} for {row['alias']!r}"
                    + (f" (did you mean {close[0]!r}?)" if close else "")
                    + f"; allowed: {', '.join(allowed)}"
                )
        check_spacing(row["alias"], where, what="alias")
        if row["case"] not in ("", "sensitive"):
            raise LexiconError(
                f"{where}: case={row['case']!r} for {row['alias']!r}; use 'sensitive' (the alias "
                "only matches as written) or leave it empty"
            )
    return frame[[*REGISTRY_COLUMNS, "origin"]].reset_index(drop=True)


@lru_cache(maxsize=1)
def _shipped_registry() -> pd.DataFrame:
    res = resources.files("analysis") / "data" / "actors.csv"
    return _parse_registry(res.read_text(encoding="utf-8"), "analysis/data/actors.csv")


def _alias_keys(frame: pd.DataFrame) -> pd.Series:
    """Each alias as the matcher compares it (curly apostrophes as straight ones, lower-cased
    unless case-sensitive)."""
    return match_keys(frame["alias"], frame["case"])


def load_actors(
    *,
    extra: RegistrySource | Iterable[RegistrySource] = (),
    mode: Literal["add", "override", "replace"] = "add",
) -> pd.DataFrame:
    """The actor registry (shipped, plus a user's CSVs or DataFrames; one alone is a list of
    one).

    ``mode="add"`` adds the user's aliases (an alias already in the registry is an error; an
    alias equal to a phrase a demonym row stands for, such as "Russian officials", is allowed
    and takes that phrase over);
    ``"override"`` lets the user's row win for an alias in both; ``"replace"`` uses only the
    user's rows. A user's file is read as a lexicon is (UTF-8, strict quoting, errors naming
    the line), every value is checked, and the registry is checked as the matcher will read it
    (an alias given twice, a demonym given twice, a tab in an alias: errors here, before any
    analysis starts).
    """
    check_choice("mode", mode, ("add", "override", "replace"))
    items = source_list(extra, name="extra", types=_REGISTRY_SOURCES,
                        what="an actor file's path or a DataFrame")
    base = _shipped_registry().copy()
    users = []
    for item in items:
        if isinstance(item, pd.DataFrame):
            users.append(_registry_frame(item))
        else:
            text = read_utf8_file(item, what="actor registry file", error=LexiconError)
            users.append(_parse_registry(text, str(item)))
    if not users:
        return base
    user = pd.concat(users, ignore_index=True)
    if mode == "replace":
        registry = user.reset_index(drop=True)
    else:
        base_keys = set(_alias_keys(base).str.lower())
        user_keys = _alias_keys(user).str.lower()
        if mode == "add":
            clash = user[user_keys.isin(base_keys)]
            if len(clash):
                row = clash.iloc[0]
                raise LexiconError(
                    f"{row['origin']}: alias {row['alias']!r} is already in the registry; "
                    "use mode='override' to remap it"
                )
        keep = base[~_alias_keys(base).str.lower().isin(set(user_keys))]
        registry = pd.concat([keep, user], ignore_index=True)
    actors_lexicon(registry)  # every check of the matcher's, now
    return registry


def actors_lexicon(registry: pd.DataFrame | None = None) -> Lexicon:
    """The registry as a lexicon (term = alias, category = actor) for the matcher; a demonym
    row gives one term per collective noun ("Russian" -> "Russian forces", ...), unless the
    registry has that term as an alias of its own."""
    registry = load_actors() if registry is None else registry
    expanded = _expand_demonyms(registry)
    _check_aliases(registry)
    registry = expanded
    frame = pd.DataFrame(
        {
            "term": registry["alias"],
            "category": registry["actor"],
            "case": registry["case"],
            "source": "actor registry",
            "rationale": registry["note"],
            "alias_type": registry["alias_type"],
            "kind": registry["kind"],
            "group": registry["group"],
            "origin": registry["origin"],
        }
    )
    # Case-sensitive lower-case aliases ("the PM") also match at a sentence start ("The PM").
    sens = frame[(frame["case"] == "sensitive") & frame["term"].str[0].str.islower()].copy()
    sens["term"] = sens["term"].str[0].str.upper() + sens["term"].str[1:]
    sens = sens[~sens["term"].isin(set(frame["term"]))]
    frame = pd.concat([frame, sens], ignore_index=True)
    lexicon = lexicon_from_frame(frame, name="actors", version=_registry_version())
    # where the aliases came from ("analysis/data/actors.csv", a user's file), for provenance
    files = dict.fromkeys(o.rsplit(":", 1)[0] for o in registry["origin"].astype(str))
    return dataclasses.replace(lexicon, origins=tuple(files))


def _check_aliases(registry: pd.DataFrame) -> None:
    """An alias given twice (in any case, unless case-sensitive; curly and straight
    apostrophes alike, as the matcher reads them) is an error naming both rows: the matcher
    would give every mention of it to one of the two."""
    keys = _alias_keys(registry)
    twice = keys[keys.duplicated(keep=False)]
    if not len(twice):
        return
    rows = registry.loc[twice.index[twice == twice.iloc[0]]]
    first, second = rows.iloc[0], rows.iloc[1]
    raise LexiconError(
        f"{second['origin']}: alias {second['alias']!r} (actor {second['actor']}) is given twice "
        f"(also at {first['origin']}, actor {first['actor']}); keep one row per alias"
    )


def _expand_demonyms(registry: pd.DataFrame) -> pd.DataFrame:
    """Each demonym row replaced by a row per collective noun (in alphabetical order), the
    row's other columns kept; a phrase the registry has as an alias of its own (in any case)
    is left to that alias."""
    is_demonym = registry["alias_type"] == "demonym"
    if not is_demonym.any():
        return registry
    demonyms = registry[is_demonym]
    twice = demonyms[demonyms["alias"].str.lower().duplicated(keep=False)]
    if len(twice):
        first, second = twice.iloc[0], twice.iloc[1]
        raise LexiconError(
            f"{second['origin']}: demonym {second['alias']!r} is given twice (also at "
            f"{first['origin']}); keep one row per demonym"
        )
    nouns = sorted(load_word_list("collective_nouns"))
    aliases = set(registry["alias"].str.lower())
    rows = []
    for row in registry.to_dict("records"):
        if row["alias_type"] != "demonym":
            rows.append(row)
            continue
        for noun in nouns:
            alias = f"{row['alias']} {noun}"
            if alias.lower() not in aliases:
                rows.append({**row, "alias": alias})
    return pd.DataFrame(rows, columns=registry.columns)


@lru_cache(maxsize=1)
def _registry_version() -> str:
    res = resources.files("analysis") / "data" / "actors.csv"
    for line in res.read_text(encoding="utf-8").splitlines():
        if line.startswith("# version:"):
            return line.split(":", 1)[1].strip()
    return "unversioned"


_APPOSITION_GAP = re.compile(r"^\s*,\s*$")


def sentence_texts(
    sentences: pd.DataFrame, keys: Container[tuple[str, int]] | None = None
) -> dict[tuple[str, int], tuple[int, str]]:
    """``(doc_id, sent_id) -> (start, text)`` for every sentence (or those whose key is in
    ``keys``): the look-up the span tables use to read a hit's sentence (a dict, because a
    pandas ``.loc`` per hit is slow)."""
    if keys is None:
        key_list = zip(sentences["doc_id"].tolist(), sentences["sent_id"].tolist(), strict=True)
        values = zip(sentences["start"].tolist(), sentences["text"].tolist(), strict=True)
        return dict(zip(key_list, values, strict=True))
    rows = rows_with_keys(sentences, keys)
    starts, texts = take_lists(sentences, ("start", "text"), rows)
    key_list = zip(*take_lists(sentences, ("doc_id", "sent_id"), rows), strict=True)
    return dict(zip(key_list, zip(starts, texts, strict=True), strict=True))


def rows_with_keys(
    frame: pd.DataFrame, keys: Container[tuple[str, int]], among: Iterable[bool] | None = None
) -> list[int]:
    """The positions of the rows of ``frame`` whose ``(doc_id, sent_id)`` is in ``keys`` (and,
    if given, whose flag in ``among`` is true), in order."""
    pairs = zip(frame["doc_id"].tolist(), frame["sent_id"].tolist(), strict=True)
    if among is None:
        return [i for i, key in enumerate(pairs) if key in keys]
    return [i for i, (key, flag) in enumerate(zip(pairs, among, strict=True))
            if flag and key in keys]


def take_lists(frame: pd.DataFrame, columns: Iterable[str], rows: list[int]) -> list[list]:
    """``frame[c].tolist()`` at ``rows`` for each of ``columns`` (only those rows are read)."""
    return [frame[c].take(rows).tolist() for c in columns]


def _same_as_previous(column: pd.Series) -> np.ndarray:
    """For each row, whether its value equals the previous row's (as Python compares them;
    False for the first row)."""
    out = np.zeros(len(column), dtype=bool)
    if len(column) < 2:
        return out
    if column.dtype == STRING_DTYPE and not column.hasnans:  # compared in Arrow, not as objects
        values = column.array
        out[1:] = np.asarray(values[1:] == values[:-1], dtype=bool)
    elif column.dtype.kind in "iub":
        values = column.to_numpy()
        out[1:] = values[1:] == values[:-1]
    else:
        values = column.tolist()
        out[1:] = [a is b or a == b for a, b in zip(values[1:], values[:-1], strict=True)]
    return out


def find_mentions(
    sentences: pd.DataFrame,
    registry: pd.DataFrame | None = None,
    *,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every actor mention in the sentence table, with offsets.

    Columns: ``doc_id, outlet, sent_id, start, end, match, actor, alias_type, kind, group,
    apposition``. ``apposition`` is True for a second mention of the same actor right after a
    comma ("Keir Starmer, the Prime Minister"): count mentions with ``~apposition``. ``hits``:
    ``match_lexicon(sentences, actors_lexicon(registry))`` if the caller has it already.
    """
    if hits is None:
        hits = match_lexicon(sentences, compile_matcher(actors_lexicon(registry)))
    hits = _drop_demonyms_in_compounds(hits.rename(columns={"category": "actor"}), sentences)
    hits = _drop_places_in_names(hits, sentences)
    if len(hits) == 0:
        return pd.DataFrame(columns=MENTION_COLUMNS)
    # a mention right after one of the same actor in the same sentence: read the gap between
    same = np.flatnonzero(
        _same_as_previous(hits["doc_id"])
        & _same_as_previous(hits["sent_id"])
        & _same_as_previous(hits["actor"])
    )
    keys = list(zip(*take_lists(hits, ("doc_id", "sent_id"), same.tolist()), strict=True))
    texts = sentence_texts(sentences, set(keys))
    starts, ends = hits["start"].to_numpy(), hits["end"].to_numpy()
    appos = np.zeros(len(hits), dtype=bool)
    for i, key, start, prev_end in zip(
        same.tolist(), keys, starts[same].tolist(), ends[same - 1].tolist(), strict=True
    ):
        s_start, s_text = texts[key]
        appos[i] = _APPOSITION_GAP.match(s_text[prev_end - s_start : start - s_start]) is not None
    hits["apposition"] = appos
    return hits[MENTION_COLUMNS].reset_index(drop=True)


# a demonym phrase is not the state when it is part of a larger word or demonym ("pro-Russian
# forces", "Latin American leaders", "Russian government-in-exile") or a title before a name
# ("Ukrainian negotiator Rustem Umerov": the mention is the person's), the capitalised word
# after it being no weekday or month (word list calendar_words: "Russian forces Tuesday")
_COMPOUND_BEFORE = re.compile(r"(?:-|\b(?:[Ll]atin|[Ss]outh|[Nn]orth|[Cc]entral|[Aa]frican)\s+)$")


def _drop_hits(
    hits: pd.DataFrame, sentences: pd.DataFrame, alias_type: str,
    drops: Callable[[str, int, int], bool],
) -> pd.DataFrame:
    """The actor hits without those of ``alias_type`` for which ``drops(text, start, end)`` is
    true: ``text`` is the hit's sentence, ``start`` and ``end`` the hit's offsets in it."""
    rows = np.flatnonzero((hits["alias_type"] == alias_type).to_numpy())
    if not len(rows):
        return hits
    keys = list(zip(*take_lists(hits, ("doc_id", "sent_id"), rows.tolist()), strict=True))
    texts = sentence_texts(sentences, set(keys))
    drop = []
    for i, key, start, end in zip(
        rows.tolist(), keys, hits["start"].take(rows).tolist(), hits["end"].take(rows).tolist(),
        strict=True,
    ):
        s_start, text = texts[key]
        if drops(text, start - s_start, end - s_start):
            drop.append(i)
    return hits.drop(index=hits.index[drop]).reset_index(drop=True) if drop else hits


def _drop_demonyms_in_compounds(hits: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The actor hits without the demonym phrases that do not name the state (see above)."""
    # words that may stand between the phrase and a name ("military intelligence chief")
    titles = load_word_list("name_modifiers") | load_word_list("collective_nouns")
    calendar = load_word_list("calendar_words", lower=False)  # "Russian forces Tuesday shelled"

    def in_compound_or_title(text: str, start: int, end: int) -> bool:
        before, after = text[:start], text[end:]
        if _COMPOUND_BEFORE.search(before[-12:]) or after.startswith("-"):
            return True
        words = after.split(None, 4)[:4]
        while words and words[0] in titles:  # "Ukrainian military intelligence chief Budanov"
            words.pop(0)
        return bool(words) and words[0][:1].isupper() and words[0].strip(".,;:") not in calendar

    return _drop_hits(hits, sentences, "demonym", in_compound_or_title)


def _drop_places_in_names(hits: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The actor hits without a place read as a state (a metonym) that opens another name:
    "The Washington Post", "the Moscow Times", "Kyiv Mayor", "the Rome Statute" (the word
    after it is in the ``metonym_names`` word list)."""
    names = load_word_list("metonym_names", lower=False)

    def opens_a_name(text: str, start: int, end: int) -> bool:
        after = _NEXT_WORD.match(text, end)
        return after is not None and after.group(1) in names

    return _drop_hits(hits, sentences, "metonym", opens_a_name)


_NEXT_WORD = re.compile(r" ([A-Za-z]+)\b")


# --------------------------------------------------------------------------------------------
# naming

_TOKEN_LEFT = re.compile(r"([^\W_][\w’'.-]*)(\s+)$")
# the white space before a position and then, read backwards, the run of word characters
# before it up to its first letter or digit (group 1, empty when it has none)
_REVERSED_TOKEN = re.compile(r"\s+((?:[\w’'.-]*[^\W_])?)")
_POSSESSIVES = ("’s", "'s", "’", "'")  # in the order they are tried


def _token_left(text: str, end: int) -> tuple[int, str] | None:
    """``(m.start(1), m.group(1))`` of ``_TOKEN_LEFT.search(text, 0, end)``: the word before
    ``end``, or None.

    That match is the white space before ``end`` and the run of word characters before it,
    from the run's first letter or digit on. Read on the reversed text, it is one anchored
    match instead of a search trying every position of the window.
    """
    if end <= 0 or not text[end - 1].isspace():
        return None
    m = _REVERSED_TOKEN.match(text[end - 1 :: -1])
    start, stop = end - m.end(1), end - m.start(1)  # type: ignore[union-attr]
    return None if start == stop else (start, text[start:stop])


def _strip_possessive(form: str) -> str:
    if not form.endswith(_POSSESSIVES):
        return form
    for suffix in _POSSESSIVES:
        if form.endswith(suffix):
            return form[: -len(suffix)]
    return form


def naming_forms(
    sentences: pd.DataFrame,
    mentions: pd.DataFrame,
    *,
    extra_modifiers: Iterable[str] = (),
    max_words: int = 5,
) -> pd.DataFrame:
    """Each mention extended leftwards over its titles, epithets and modifiers.

    A word to the left joins the name while it is capitalised (but not a sentence opener such
    as "The" or "But"), or is a lower-case title or epithet from ``data/name_modifiers.txt``
    ("president", "envoy", "tyrant") or ``extra_modifiers``; at most ``max_words`` words, never
    across punctuation. Returns the mentions with ``form_start``, ``form`` (possessive ’s
    dropped) and ``modifiers`` (the words added to the alias).
    """
    modifiers = load_word_list("name_modifiers") | {w.lower() for w in extra_modifiers}
    openers = load_word_list("sentence_openers", lower=False)
    texts = sentence_texts(sentences)
    out = mentions.copy()
    form_starts, forms, mods = [], [], []
    rows = zip(
        mentions["doc_id"].tolist(),
        mentions["sent_id"].tolist(),
        mentions["start"].tolist(),
        mentions["end"].tolist(),
        strict=True,
    )
    key = None
    joining: dict[str, bool] = {}  # whether a word to the left joins the name form
    for doc_id, sent_id, m_start, m_end in rows:
        if key != (doc_id, sent_id):  # mentions come sentence by sentence
            key = (doc_id, sent_id)
            s_start, s_text = texts[key]
        left = m_start - s_start
        begin = left
        added = 0
        while added < max_words:
            found = _token_left(s_text, begin)
            if found is None:
                break
            word_start, word = found
            joins = joining.get(word)
            if joins is None:
                bare = word.rstrip(".")
                # a capitalised word joins unless it is a sentence opener ("The", "But"), at
                # the sentence's start or not
                joins = (bare[:1].isupper() and bare not in openers) or bare.lower() in modifiers
                joining[word] = joins
            if not joins:
                break
            begin = word_start
            added += 1
        form = _strip_possessive(s_text[begin : m_end - s_start])
        form_starts.append(s_start + begin)
        forms.append(form)
        mods.append(s_text[begin:left].strip() if begin != left else "")
    out["form_start"] = form_starts
    out["form"] = forms
    out["modifiers"] = mods
    return out


def _role_then_name(forms: pd.DataFrame) -> pd.DataFrame:
    """``forms`` with each role head whose apposition names the actor given the combined form
    ("UK Prime Minister, Keir Starmer")."""
    if len(forms) < 2 or "alias_type" not in forms:
        return forms
    appos = forms["apposition"].astype(bool).to_numpy()
    rows = np.flatnonzero(appos[1:]) + 1  # an apposition follows its head (same actor)
    types = forms["alias_type"].to_numpy()
    heads = [i - 1 for i in rows.tolist() if types[i - 1] == "role" and types[i] != "role"]
    if not heads:
        return forms
    out = forms.copy()
    form = out["form"].to_numpy(dtype=object).copy()
    for h in heads:
        form[h] = f"{form[h]}, {form[h + 1]}"
    out["form"] = form
    return out


def naming_variants(
    forms: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
    include_apposition: bool = False,
) -> pd.DataFrame:
    """How each outlet names each actor: one row per ``actor, form, outlet`` with ``n`` and
    the share of that actor's mentions in that outlet. Sorted by actor, outlet, descending n.

    A name in apposition to a role keeps the name in the role's form: "UK Prime Minister, Keir
    Starmer" is one naming of Starmer as written (with its comma), not "UK Prime Minister" (a
    role in apposition to a name, "Keir Starmer, the Prime Minister", is the name's)."""
    check_choice("by", by, ("outlet", "doc_id"))
    forms = _role_then_name(forms)
    data = forms if include_apposition else forms[~forms["apposition"].astype(bool)]
    counts = data.groupby(["actor", by, "form"], sort=True).size().rename("n").reset_index()
    totals = counts.groupby(["actor", by])["n"].transform("sum")
    counts["share"] = (counts["n"] / totals).round(4)
    return counts.sort_values(
        ["actor", by, "n", "form"], ascending=[True, True, False, True]
    ).reset_index(drop=True)
