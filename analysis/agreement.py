"""Coding by hand: a template to code sentences in, agreement between coders, and how far the
automatic detectors agree with them.

The **codebook** (``docs/codebook.md``) defines two variables coded per sentence:

* ``loaded``: ``1`` if the sentence contains at least one loaded word or phrase, else ``0``;
* ``source_type``: whom the sentence attributes a claim to, the least identifiable source if
  there are several: ``none``, ``named_person``, ``named_institution``, ``anonymous``,
  ``vague``.

**The coding file** is a CSV with one row per sentence of the sentence table: ``doc_id,
sent_id, outlet, text``, then one column per variable and coder named ``<variable>_<coder>``
(``loaded_ana, source_type_ana, loaded_ben, source_type_ben``) and a free ``note``.
:func:`make_coding_template` writes it with empty code columns; :func:`read_codings` reads a
filled one, checks every code against the codebook (errors name the file, line and column)
and, given the sentence table, that every row is still the sentence it was. An empty cell is a
**missing** value (the coder skipped the sentence), not a code.

**What is measured.**

* *Percent agreement*: the share of sentences coded by at least two coders on which they all
  gave the same code. Easy to read, but inflated when one category dominates (most sentences
  are not loaded, so two coders who both say "0" everywhere agree 90% of the time).
* *Cohen's κ* (two coders): (p_o − p_e) / (1 − p_e), the observed agreement p_o corrected by
  the agreement p_e two coders would reach by chance with their own category frequencies;
  sentences one of them left empty are left out. 1 = perfect, 0 = chance, below 0 = worse
  than chance. With more than two coders :func:`measure_agreement` reports the mean over pairs.
* *Krippendorff's α* (any number of coders, missing values allowed): 1 − D_o / D_e, observed
  over expected disagreement computed from the coincidence matrix of all pairable codes
  (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). ``nominal`` (categories),
  ``ordinal`` (ranked codes) or ``interval`` (numbers) distances. Content analysts usually
  want α ≥ 0.8 for conclusions and accept α ≥ 0.667 for tentative ones.

**Coders and detectors.** :func:`detect_codes` codes the same sentences automatically
(``loaded``: any hit of the loaded-language lexicon; ``source_type``: the least identifiable
source the attribution detector finds); :func:`score_detector` then takes each coder as the
reference and gives the detector's precision, recall and κ per category, and
:func:`cross_tabulate` the full cross-tabulation. :func:`to_annotations` turns one coder's
``loaded`` codes into :class:`analysis.validate.Annotations`, so that everything in
:mod:`analysis.validate` (scores at several levels, disagreements in context) works on them.

**Read the disagreements.** :func:`find_disagreements` lists every sentence the coders (or a
coder and the detector) code differently, with its text: most disagreements point at a
decision rule the codebook leaves open, which is what a coder training session is for.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from analysis.errors import FramescopeError, ParameterError, check_choice, read_utf8_file

AlphaLevel = Literal["nominal", "ordinal", "interval"]
ALPHA_LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval")

#: The codebook's variables and their categories (``docs/codebook.md``).
CODEBOOK: dict[str, tuple[str, ...]] = {
    "loaded": ("0", "1"),
    "source_type": ("none", "named_person", "named_institution", "anonymous", "vague"),
}
#: Other spellings accepted for a category (after lower-casing; spaces and hyphens become _).
SYNONYMS: dict[str, dict[str, str]] = {
    "loaded": {
        "yes": "1", "y": "1", "true": "1", "1.0": "1", "loaded": "1",
        "no": "0", "n": "0", "false": "0", "0.0": "0", "not_loaded": "0",
    },
    "source_type": {
        "no_source": "none", "person": "named_person", "institution": "named_institution",
        "organisation": "named_institution", "organization": "named_institution",
        "anon": "anonymous",
    },
}
#: Source types from the most to the least identifiable; a sentence with several
#: attributions is coded with the last of its sources in this order.
SOURCE_ORDER: tuple[str, ...] = ("named_person", "named_institution", "anonymous", "vague")
UNIT_COLUMNS = ["doc_id", "sent_id", "outlet", "text"]
NOTE_COLUMN = "note"
MISSING_CODES = frozenset({"", "na", "n/a", "nan"})
DETECTOR = "detector"
_CODER_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class CodingError(FramescopeError):
    """A coding file cannot be read (the message names the file, line and column)."""


@dataclass(frozen=True)
class Codings:
    """Sentences coded by several coders.

    ``units``: one row per coded sentence (``doc_id, sent_id, outlet, text, note``).
    ``codes``: one row per sentence, variable and coder (``doc_id, sent_id, variable, coder,
    code``); ``code`` is a category string of the codebook or missing (``pd.NA``: the coder
    left the cell empty). ``variables`` maps each variable to its categories (``None``: any
    code accepted).
    """

    units: pd.DataFrame
    codes: pd.DataFrame
    coders: tuple[str, ...]
    variables: Mapping[str, tuple[str, ...] | None]
    source: str = "codings"

    def matrix(self, variable: str) -> pd.DataFrame:
        """The codes of one variable as a table: one row per sentence (in file order, index
        ``doc_id, sent_id``), one column per coder, ``pd.NA`` where a coder left it empty."""
        _check_variable(self, variable)
        sub = self.codes[self.codes["variable"] == variable]
        wide = sub.pivot(index=["doc_id", "sent_id"], columns="coder", values="code")
        keys = pd.MultiIndex.from_frame(self.units[["doc_id", "sent_id"]])
        wide = wide.reindex(index=keys, columns=list(self.coders))
        wide.columns.name = None
        return wide.astype(object).where(wide.notna(), pd.NA)


# --------------------------------------------------------------------------------------------
# template and reading


def make_coding_template(
    sentences: pd.DataFrame,
    *,
    coders: Sequence[str] = ("coder1", "coder2"),
    variables: Sequence[str] = tuple(CODEBOOK),
) -> pd.DataFrame:
    """A coding sheet for ``sentences`` (a sentence table): ``doc_id, sent_id, outlet, text``,
    an empty ``<variable>_<coder>`` column per variable and coder, and an empty ``note``.
    Rename ``coder1``/``coder2`` to the coders' names (letters, digits, ``-`` and ``_``)."""
    _check_coders(coders)
    if not variables:
        raise ParameterError("variables: give at least one variable to code")
    missing = [c for c in UNIT_COLUMNS if c not in sentences.columns]
    if missing:
        raise ParameterError(
            f"sentences lacks column(s) {', '.join(missing)}: pass a sentence table"
        )
    out = sentences[UNIT_COLUMNS].copy()
    out = out.sort_values(["doc_id", "sent_id"], kind="stable").reset_index(drop=True)
    out["text"] = out["text"].map(_one_line)
    for coder in coders:
        for var in variables:
            out[f"{var}_{coder}"] = ""
    out[NOTE_COLUMN] = ""
    return out


def write_coding_template(
    path: str | Path,
    sentences: pd.DataFrame,
    *,
    coders: Sequence[str] = ("coder1", "coder2"),
    variables: Sequence[str] = tuple(CODEBOOK),
) -> Path:
    """Write :func:`make_coding_template` as a UTF-8 CSV (opens in any spreadsheet) and return
    its path."""
    path = Path(path)
    table = make_coding_template(sentences, coders=coders, variables=variables)
    path.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(path, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return path


def read_codings(
    path: str | Path,
    *,
    variables: Mapping[str, Sequence[str] | None] | None = None,
    sentences: pd.DataFrame | None = None,
) -> Codings:
    """Read a filled coding sheet (format in the module docstring and ``docs/codebook.md``).

    ``variables`` maps each variable to its allowed categories (default: the codebook's
    ``loaded`` and ``source_type``; ``None`` as categories accepts any code). Codes are
    compared case-insensitively, with the synonyms in ``SYNONYMS`` (``yes``/``no`` for
    ``1``/``0`` …). With ``sentences`` (the sentence table the sheet was made from) every row
    must still be that sentence. Problems are :class:`CodingError` naming the file and line.
    """
    path = Path(path)
    text = read_utf8_file(path, what="coding file", error=CodingError)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise CodingError(f"{path}: cannot be read as CSV ({exc})") from exc
    return codings_from_frame(frame, variables=variables, sentences=sentences, source=str(path))


def codings_from_frame(
    frame: pd.DataFrame,
    *,
    variables: Mapping[str, Sequence[str] | None] | None = None,
    sentences: pd.DataFrame | None = None,
    source: str = "codings",
    first_line: int = 2,
) -> Codings:
    """:func:`read_codings` for a DataFrame in the coding-sheet format. Errors name ``source``
    and the line (``first_line`` is the line of the first row, 2 for a CSV with a header)."""
    spec = _variables(variables)
    frame = frame.fillna("").astype(str)
    for col in ("doc_id", "sent_id", "text"):
        if col not in frame.columns:
            raise CodingError(
                f"{source}: no column {col!r}; a coding sheet has doc_id, sent_id, outlet, "
                "text and <variable>_<coder> columns (make one with make_coding_template)"
            )
    code_cols = _code_columns(frame.columns, spec, source)
    coders = tuple(dict.fromkeys(coder for _, coder in code_cols.values()))
    if not coders:
        names = ", ".join(f"{v}_<coder>" for v in spec)
        raise CodingError(f"{source}: no code columns; expected columns named {names}")
    units = pd.DataFrame(
        {
            "doc_id": frame["doc_id"].str.strip(),
            "sent_id": frame["sent_id"].str.strip(),
            "outlet": frame["outlet"] if "outlet" in frame.columns else "",
            "text": frame["text"],
            NOTE_COLUMN: frame[NOTE_COLUMN] if NOTE_COLUMN in frame.columns else "",
        }
    )
    for i, value in enumerate(units["sent_id"]):
        if not value.isdigit():
            raise CodingError(
                f"{source}: line {first_line + i}: sent_id {value!r} is not a whole number"
            )
    units["sent_id"] = units["sent_id"].astype("int64")
    dupes = units.duplicated(["doc_id", "sent_id"], keep=False)
    if dupes.any():
        lines = [str(first_line + i) for i in np.flatnonzero(dupes.to_numpy())[:2]]
        raise CodingError(f"{source}: lines {' and '.join(lines)}: the same doc_id and sent_id")
    if sentences is not None:
        _check_against(units, sentences, source, first_line)
    rows = []
    for col, (var, coder) in code_cols.items():
        for i, raw in enumerate(frame[col]):
            code = _normalise(raw, var, spec[var], where=f"{source}: line {first_line + i}, "
                              f"column {col}")
            rows.append((units["doc_id"].iat[i], int(units["sent_id"].iat[i]), var, coder, code))
    # a coder may have coded only some variables: the others are missing
    present = {(var, coder) for var, coder in code_cols.values()}
    for var in spec:
        for coder in coders:
            if (var, coder) not in present and any(v == var for v, _ in present):
                rows.extend(
                    (d, int(s), var, coder, pd.NA)
                    for d, s in zip(units["doc_id"], units["sent_id"], strict=True)
                )
    codes = pd.DataFrame(rows, columns=["doc_id", "sent_id", "variable", "coder", "code"])
    used = {var: spec[var] for var in spec if var in set(codes["variable"])}
    return Codings(units.reset_index(drop=True), codes, coders, used, source)


def _variables(
    variables: Mapping[str, Sequence[str] | None] | None,
) -> dict[str, tuple[str, ...] | None]:
    if variables is None:
        return dict(CODEBOOK)
    if not variables:
        raise ParameterError("variables: give at least one variable")
    out: dict[str, tuple[str, ...] | None] = {}
    for name, cats in variables.items():
        if not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", str(name)):
            raise ParameterError(f"variable name {name!r}: use letters, digits and _")
        out[str(name)] = None if cats is None else tuple(_category_key(c) for c in cats)
    return out


def _code_columns(
    columns: Iterable[str], spec: Mapping[str, object], source: str
) -> dict[str, tuple[str, str]]:
    by_length = sorted(spec, key=len, reverse=True)
    out: dict[str, tuple[str, str]] = {}
    for col in columns:
        if col in UNIT_COLUMNS or col.lower().startswith(NOTE_COLUMN):
            continue
        var = next((v for v in by_length if col.startswith(v + "_")), None)
        coder = col[len(var) + 1 :] if var else ""
        if var is None or not _CODER_NAME.match(coder):
            names = ", ".join(spec)
            raise CodingError(
                f"{source}: line 1: column {col!r} is not <variable>_<coder> for a variable of "
                f"the codebook ({names}); rename it, or name it note… for free comments"
            )
        out[col] = (var, coder)
    return out


def _category_key(code: object) -> str:
    """How a code is compared: case-insensitive, spaces and hyphens as ``_`` ("Named person"
    = "named_person")."""
    return re.sub(r"[\s-]+", "_", str(code).strip().lower())


def _normalise(raw: str, var: str, cats: tuple[str, ...] | None, *, where: str) -> object:
    text = str(raw).strip()
    if text.lower() in MISSING_CODES:
        return pd.NA
    if cats is None:  # any code, compared as the codebook's are
        return _code_key(_category_key(text))
    key = _category_key(text)
    key = SYNONYMS.get(var, {}).get(key, key)
    if key not in cats:
        raise CodingError(
            f"{where}: code {text!r} is not in the codebook; use one of {', '.join(cats)} "
            "(or leave the cell empty if you skipped the sentence)"
        )
    return key


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _check_against(units: pd.DataFrame, sentences: pd.DataFrame, source: str, first: int) -> None:
    texts = {
        (str(d), int(s)): _one_line(t)
        for d, s, t in zip(sentences["doc_id"], sentences["sent_id"], sentences["text"],
                           strict=True)
    }
    for i, (d, s, t) in enumerate(zip(units["doc_id"], units["sent_id"], units["text"],
                                      strict=True)):
        key = (d, int(s))
        if key not in texts:
            raise CodingError(
                f"{source}: line {first + i}: no sentence {d}/{s} in the sentence table; was "
                "the sheet made from another corpus?"
            )
        if texts[key] != _one_line(t):
            raise CodingError(
                f"{source}: line {first + i}: sentence {d}/{s} is not the text the sheet shows "
                f"({_one_line(t)[:50]!r}…); the corpus or its segmentation changed since the "
                "sheet was made: make a new template"
            )


def _check_coders(coders: Sequence[str]) -> None:
    if not coders:
        raise ParameterError("coders: give at least one coder name")
    for name in coders:
        if not isinstance(name, str) or not _CODER_NAME.match(name):
            raise ParameterError(
                f"coder name {name!r}: use letters, digits, - and _ (e.g. 'ana', 'coder1')"
            )
    if len(set(coders)) != len(coders):
        raise ParameterError(f"coders {list(coders)}: the names must differ")


def _check_variable(codings: Codings, variable: str) -> None:
    if variable not in codings.variables:
        raise ParameterError(
            f"variable={variable!r} is not coded in {codings.source}; coded: "
            f"{', '.join(codings.variables)}"
        )


# --------------------------------------------------------------------------------------------
# agreement statistics


def _as_matrix(values: object) -> np.ndarray:
    """Units × coders as an object array with ``None`` for missing values."""
    if isinstance(values, pd.DataFrame):
        arr = values.to_numpy(dtype=object)
    else:
        arr = np.asarray(values, dtype=object)
    if arr.ndim != 2:
        raise ParameterError(
            "values: give a table with one row per unit (sentence) and one column per coder"
        )
    out = np.empty(arr.shape, dtype=object)
    for idx, v in np.ndenumerate(arr):
        out[idx] = None if _is_missing(v) else _code_key(v)
    return out


def _code_key(v: object) -> str:
    """One spelling per code, so that 1, 1.0, "1" and " 1" are the same code: a number (or a
    string that reads as one) as its shortest form, other text stripped."""
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        f = float(v)
    else:
        text = str(v).strip()
        try:
            f = float(text)
        except ValueError:
            return text
    if not np.isfinite(f):
        return str(v).strip()
    return str(int(f)) if f.is_integer() else repr(f)


def _is_missing(v: object) -> bool:
    if v is None or v is pd.NA:
        return True
    if isinstance(v, float) and np.isnan(v):
        return True
    return isinstance(v, str) and v.strip().lower() in MISSING_CODES


def krippendorff_alpha(values: object, *, level: AlphaLevel = "nominal") -> float:
    """Krippendorff's α of ``values``: one row per unit (sentence), one column per coder,
    missing values as ``None``, ``NaN``, ``pd.NA`` or an empty string.

    α = 1 − (n − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck over the coincidence matrix o of all
    pairable values (units with at least two values; a unit with m values adds 1/(m − 1) per
    ordered pair of values from different coders), n_c its margins and n their total.
    ``nominal``: δ² = 0 for equal codes and 1 otherwise. ``ordinal``: codes must be numbers;
    δ²_ck = (Σ_{g from c to k} n_g − (n_c + n_k)/2)². ``interval``: codes are numbers,
    δ² = (c − k)².

    How to read it: 1 = perfect agreement, 0 = no better than chance, below 0 = systematic
    disagreement. NaN when it is undefined (fewer than two pairable values, or every value in
    one category, so that there is no variation to agree on).
    """
    check_choice("level", level, ALPHA_LEVELS)
    arr = _as_matrix(values)
    units = [[v for v in row if v is not None] for row in arr]
    units = [u for u in units if len(u) >= 2]
    if not units:
        return float("nan")
    if level == "nominal":
        cats = sorted({str(v) for u in units for v in u})
        index = {c: i for i, c in enumerate(cats)}
        coded = [[index[str(v)] for v in u] for u in units]
        points = None
    else:
        try:
            points = np.array(sorted({float(v) for u in units for v in u}))
        except (TypeError, ValueError):
            raise ParameterError(
                f"level={level!r} needs numeric codes; use level='nominal' for categories"
            ) from None
        index = {p: i for i, p in enumerate(points)}
        coded = [[index[float(v)] for v in u] for u in units]
    k = len(index)
    o = np.zeros((k, k))
    for u in coded:
        counts = np.bincount(u, minlength=k).astype(float)
        pairs = np.outer(counts, counts) - np.diag(counts)  # ordered pairs, no self-pairs
        o += pairs / (len(u) - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if level == "nominal":
        delta = 1.0 - np.eye(k)
    elif level == "interval":
        assert points is not None
        delta = (points[:, None] - points[None, :]) ** 2
    else:
        cum = np.cumsum(n_c)
        delta = np.zeros((k, k))
        for c in range(k):
            for d in range(k):
                lo, hi = min(c, d), max(c, d)
                between = cum[hi] - (cum[lo - 1] if lo > 0 else 0.0)
                delta[c, d] = (between - (n_c[c] + n_c[d]) / 2) ** 2
    observed = (o * delta).sum()
    expected = (np.outer(n_c, n_c) * delta).sum() / (n - 1)
    if expected == 0:
        return float("nan")
    return float(1.0 - observed / expected)


def cohen_kappa(codes_a: Sequence[object], codes_b: Sequence[object]) -> float:
    """Cohen's κ of two coders' codes of the same units (any number of categories).

    Units either coder left empty are left out. κ = (p_o − p_e) / (1 − p_e): p_o is the share
    of units coded alike, p_e = Σ_c (share of A's codes in c) × (share of B's codes in c), the
    agreement expected by chance. 1 = perfect, 0 = chance level. NaN with no units, or when
    both coders put every unit in the same single category (p_e = 1).
    """
    pairs = _pairs(codes_a, codes_b)
    n = len(pairs)
    if n == 0:
        return float("nan")
    po = sum(a == b for a, b in pairs) / n
    cats = {a for a, _ in pairs} | {b for _, b in pairs}
    pe = sum(
        (sum(a == c for a, _ in pairs) / n) * (sum(b == c for _, b in pairs) / n) for c in cats
    )
    if pe >= 1:
        return float("nan")
    return (po - pe) / (1 - pe)


def _pairs(codes_a: Sequence[object], codes_b: Sequence[object]) -> list[tuple[str, str]]:
    a, b = list(codes_a), list(codes_b)
    if len(a) != len(b):
        raise ParameterError(
            f"the two coders have {len(a)} and {len(b)} codes; give the same units"
        )
    return [(_code_key(x), _code_key(y)) for x, y in zip(a, b, strict=True)
            if not _is_missing(x) and not _is_missing(y)]


def percent_agreement(values: object) -> float:
    """The share of units coded by at least two coders on which all their codes are equal
    (one row per unit, one column per coder, missing values allowed). NaN if no unit has two
    codes. Not corrected for chance: compare it with κ and α."""
    arr = _as_matrix(values)
    rows = [{str(v) for v in row if v is not None} for row in arr]
    counts = [sum(v is not None for v in row) for row in arr]
    pairable = [r for r, m in zip(rows, counts, strict=True) if m >= 2]
    if not pairable:
        return float("nan")
    return sum(len(r) == 1 for r in pairable) / len(pairable)


def measure_agreement(
    codings: Codings,
    *,
    variables: Sequence[str] | None = None,
    level: AlphaLevel = "nominal",
) -> pd.DataFrame:
    """Agreement between all coders, one row per variable.

    Columns: ``variable, n_units`` (sentences in the sheet), ``n_coders``, ``n_pairable``
    (sentences with at least two codes), ``n_missing`` (empty cells), ``percent_agreement``,
    ``alpha`` (Krippendorff, ``level``), ``kappa`` (Cohen's; the mean over coder pairs when
    there are more than two coders) and ``n_categories`` (categories used). Read α first:
    percent agreement looks good even when coders agree only on the common category.
    """
    check_choice("level", level, ALPHA_LEVELS)
    rows = []
    for var in variables or list(codings.variables):
        m = codings.matrix(var)
        pairs = compare_coders(codings, variable=var)
        rows.append(
            {
                "variable": var,
                "n_units": len(m),
                "n_coders": m.shape[1],
                "n_pairable": int((m.notna().sum(axis=1) >= 2).sum()),
                "n_missing": int(m.isna().to_numpy().sum()),
                "percent_agreement": percent_agreement(m),
                "alpha": krippendorff_alpha(m, level=level),
                "kappa": float(pairs["kappa"].mean()) if len(pairs) else float("nan"),
                "n_categories": int(pd.unique(m.stack().dropna()).size),
            }
        )
    return pd.DataFrame(rows)


def compare_coders(codings: Codings, *, variable: str) -> pd.DataFrame:
    """Agreement of every pair of coders on ``variable``: ``coder_a, coder_b, n`` (sentences
    both coded), ``n_agree``, ``percent_agreement`` and ``kappa`` (Cohen's)."""
    m = codings.matrix(variable)
    rows = []
    for a, b in itertools.combinations(m.columns, 2):
        pairs = _pairs(m[a].tolist(), m[b].tolist())
        agree = sum(x == y for x, y in pairs)
        rows.append(
            {
                "coder_a": a,
                "coder_b": b,
                "n": len(pairs),
                "n_agree": agree,
                "percent_agreement": agree / len(pairs) if pairs else float("nan"),
                "kappa": cohen_kappa(m[a].tolist(), m[b].tolist()),
            }
        )
    return pd.DataFrame(
        rows, columns=["coder_a", "coder_b", "n", "n_agree", "percent_agreement", "kappa"]
    )


def count_codes(codings: Codings, *, variable: str) -> pd.DataFrame:
    """How often each coder used each category of ``variable`` (one row per category, one
    column per coder; a row ``(missing)`` counts empty cells). Very different counts explain
    a low κ: one coder uses a category much more readily than the other."""
    m = codings.matrix(variable)
    cats = list(codings.variables[variable] or sorted(pd.unique(m.stack().dropna())))
    out = pd.DataFrame(
        {c: [int((m[c] == cat).sum()) for cat in cats] + [int(m[c].isna().sum())]
         for c in m.columns},
        index=pd.Index([*cats, "(missing)"], name=variable),
    )
    return out.reset_index()


def find_disagreements(
    codings: Codings,
    *,
    variables: Sequence[str] | None = None,
    coders: Sequence[str] | None = None,
    include_missing: bool = False,
) -> pd.DataFrame:
    """Every sentence on which the coders disagree, with its text: ``doc_id, sent_id, outlet,
    variable, text``, one column per coder with their code, and ``note``.

    ``coders`` limits the comparison to some coders (e.g. ``["ana", "detector"]``).
    ``include_missing=True`` also lists sentences one coder left empty while another coded
    them. Read these sentences one by one: each is a decision rule to sharpen, a coder's
    slip, or a sentence that is really ambiguous.
    """
    names = list(coders) if coders is not None else list(codings.coders)
    unknown = [c for c in names if c not in codings.coders]
    if unknown:
        raise ParameterError(
            f"coders: {', '.join(unknown)} not in the sheet; coders: {', '.join(codings.coders)}"
        )
    if len(names) < 2:
        raise ParameterError("coders: give at least two coders to compare")
    parts = []
    info = codings.units.set_index(["doc_id", "sent_id"])
    for var in variables or list(codings.variables):
        m = codings.matrix(var)[names]
        coded = m.notna()
        values = [
            {str(v) for v in row if not _is_missing(v)} for row in m.itertuples(index=False)
        ]
        differ = np.array([len(v) > 1 for v in values])
        if include_missing:
            differ |= (coded.sum(axis=1) >= 1).to_numpy() & ~coded.all(axis=1).to_numpy()
        sel = m[differ]
        if sel.empty:
            continue
        part = info.loc[sel.index, ["outlet", "text", NOTE_COLUMN]].copy()
        part.insert(1, "variable", var)
        for c in names:
            part[c] = sel[c].to_numpy()
        parts.append(part.reset_index())
    cols = ["doc_id", "sent_id", "outlet", "variable", "text", *names, NOTE_COLUMN]
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)[cols]
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# coders and detectors


def detect_codes(
    sentences: pd.DataFrame,
    *,
    documents: pd.DataFrame | None = None,
    variables: Sequence[str] = tuple(CODEBOOK),
) -> pd.DataFrame:
    """Code every sentence of ``sentences`` automatically, as the codebook asks a coder to:
    ``doc_id, sent_id`` and one column per variable.

    ``loaded``: ``"1"`` when the loaded-language lexicon (:func:`analysis.loaded.find_loaded`)
    has at least one hit in the sentence. ``source_type``: the least identifiable source type
    of the attributions :func:`analysis.attribution.find_attributions` finds in the sentence
    (order in ``SOURCE_ORDER``), ``"none"`` without one. ``documents`` (the cleaned
    documents) lets quotes be paired on the exact text, as in the report.
    """
    for var in variables:
        check_choice("variables", var, tuple(CODEBOOK))
    out = sentences[["doc_id", "sent_id"]].copy().reset_index(drop=True)
    keys = list(zip(out["doc_id"], out["sent_id"].astype(int), strict=True))
    if "loaded" in variables:
        from analysis.loaded import find_loaded

        hits = find_loaded(sentences)
        flagged = set(zip(hits["doc_id"], hits["sent_id"].astype(int), strict=True))
        out["loaded"] = ["1" if k in flagged else "0" for k in keys]
    if "source_type" in variables:
        from analysis.actors import find_mentions
        from analysis.attribution import find_attributions

        att = find_attributions(
            sentences, mentions=find_mentions(sentences), documents=documents
        )
        rank = {t: i for i, t in enumerate(SOURCE_ORDER)}
        least: dict[tuple[str, int], str] = {}
        for d, s, t in zip(att["doc_id"], att["sent_id"], att["source_type"], strict=True):
            key = (d, int(s))
            if key not in least or rank.get(t, -1) > rank.get(least[key], -1):
                least[key] = t
        out["source_type"] = [least.get(k, "none") for k in keys]
    return out


def add_coder(codings: Codings, codes: pd.DataFrame, *, name: str = DETECTOR) -> Codings:
    """``codings`` with one more coder, ``name``, whose codes are the columns of ``codes``
    (``doc_id, sent_id`` and one column per variable, e.g. :func:`detect_codes`). Sentences
    ``codes`` lacks are missing for the new coder. Every function of this module then treats
    the detector as one more coder."""
    _check_coders([*codings.coders, name])
    have = [v for v in codings.variables if v in codes.columns]
    if not have:
        raise ParameterError(
            f"codes has none of the coded variables ({', '.join(codings.variables)})"
        )
    # doc ids are text ("000"); a table read back from CSV may hold them as numbers
    lookup = codes.assign(
        doc_id=codes["doc_id"].astype(str), sent_id=codes["sent_id"].astype(int)
    ).set_index(["doc_id", "sent_id"])
    keys = {(str(d), int(s)) for d, s in zip(codings.units["doc_id"], codings.units["sent_id"],
                                             strict=True)}
    if not keys & set(lookup.index):
        raise ParameterError(
            f"codes: none of its (doc_id, sent_id) pairs is a sentence of the coding sheet; "
            f"give the codes of the sheet's corpus (e.g. detect_codes of its sentences), with "
            f"doc_id as text ({next(iter(sorted(keys)))[0]!r}, not a number)"
        )
    rows = []
    for var in codings.variables:
        cats = codings.variables[var]
        for d, s in zip(codings.units["doc_id"], codings.units["sent_id"], strict=True):
            raw = lookup[var].get((str(d), int(s)), "") if var in have else ""
            code = _normalise(str(raw), var, cats, where=f"{name}: sentence {d}/{s}")
            rows.append((d, int(s), var, name, code))
    extra = pd.DataFrame(rows, columns=codings.codes.columns)
    return Codings(
        codings.units,
        pd.concat([codings.codes, extra], ignore_index=True),
        (*codings.coders, name),
        codings.variables,
        codings.source,
    )


def cross_tabulate(
    codings: Codings, *, variable: str, coder: str, reference: str = DETECTOR
) -> pd.DataFrame:
    """Cross-tabulation of two coders' codes of ``variable``: one row per code of ``coder``,
    one column per code of ``reference`` (every category of the codebook, zeros included;
    sentences either left empty are left out). The diagonal is agreement."""
    m = codings.matrix(variable)
    for c in (coder, reference):
        if c not in m.columns:
            raise ParameterError(f"{c!r} is not a coder of the sheet ({', '.join(m.columns)})")
    cats = list(codings.variables[variable] or sorted(pd.unique(m.stack().dropna())))
    pairs = _pairs(m[coder].tolist(), m[reference].tolist())
    table = pd.DataFrame(0, index=pd.Index(cats, name=f"{coder} \\ {reference}"), columns=cats)
    for a, b in pairs:
        table.loc[a, b] += 1
    return table


def score_detector(
    codings: Codings,
    *,
    variable: str,
    reference: str = DETECTOR,
    coders: Sequence[str] | None = None,
) -> pd.DataFrame:
    """How well ``reference`` (the detector, added with :func:`add_coder`) reproduces each
    coder's codes of ``variable``, the coder taken as right.

    One row per coder and category (``loaded``: only ``1``): ``n`` sentences both coded,
    ``n_coder`` (the coder used the category), ``n_detector``, ``tp, fp, fn``,
    ``precision`` (share of the detector's uses of the category the coder agrees with),
    ``recall`` (share of the coder's uses the detector found), ``f1`` and ``kappa`` (Cohen's,
    this category against all others). A row with category ``(all)`` per coder gives the
    overall ``agreement`` and the multi-category κ. Low precision: the detector sees things
    the coder does not (read the false positives); low recall: it misses them.
    """
    from analysis.validate import cohen_kappa as binary_kappa

    m = codings.matrix(variable)
    if reference not in m.columns:
        raise ParameterError(
            f"reference={reference!r} is not a coder of the sheet; add the detector's codes "
            "first: add_coder(codings, detect_codes(sentences))"
        )
    names = [c for c in (coders or codings.coders) if c != reference]
    cats = list(codings.variables[variable] or sorted(pd.unique(m.stack().dropna())))
    if variable == "loaded":
        cats = ["1"]
    elif "none" in cats:
        cats = [c for c in cats if c != "none"] + ["none"]
    rows = []
    for coder in names:
        pairs = _pairs(m[coder].tolist(), m[reference].tolist())
        n = len(pairs)
        for cat in cats:
            tp = sum(a == cat and b == cat for a, b in pairs)
            fp = sum(a != cat and b == cat for a, b in pairs)
            fn = sum(a == cat and b != cat for a, b in pairs)
            tn = n - tp - fp - fn
            p = tp / (tp + fp) if tp + fp else float("nan")
            r = tp / (tp + fn) if tp + fn else float("nan")
            f = float("nan") if np.isnan(p) or np.isnan(r) else (2 * p * r / (p + r) if tp else 0.0)
            rows.append(
                {"coder": coder, "category": cat, "n": n, "n_coder": tp + fn,
                 "n_detector": tp + fp, "tp": tp, "fp": fp, "fn": fn, "precision": p,
                 "recall": r, "f1": f, "kappa": binary_kappa(tp, fp, fn, tn),
                 "agreement": float("nan")}
            )
        agree = sum(a == b for a, b in pairs)
        rows.append(
            {"coder": coder, "category": "(all)", "n": n, "n_coder": pd.NA,
             "n_detector": pd.NA, "tp": pd.NA, "fp": pd.NA, "fn": pd.NA,
             "precision": float("nan"), "recall": float("nan"), "f1": float("nan"),
             "kappa": cohen_kappa(m[coder].tolist(), m[reference].tolist()),
             "agreement": agree / n if n else float("nan")}
        )
    out = pd.DataFrame(rows)
    for col in ("n_coder", "n_detector", "tp", "fp", "fn"):
        out[col] = out[col].astype("Int64")
    return out


def to_annotations(codings: Codings, *, coder: str, variable: str = "loaded"):
    """One coder's binary codes of ``variable`` as :class:`analysis.validate.Annotations`
    (``label`` True for code ``1``; ids ``<doc_id>/<sent_id>``; ``outlet`` kept), so that
    :func:`analysis.validate.evaluate` and :func:`analysis.validate.disagreements` score any
    detector against this coder."""
    from analysis.validate import annotations_from_frame

    m = codings.matrix(variable)
    if coder not in m.columns:
        raise ParameterError(f"{coder!r} is not a coder of the sheet ({', '.join(m.columns)})")
    cats = codings.variables[variable]
    if cats is not None and set(cats) != {"0", "1"}:
        raise ParameterError(f"variable={variable!r} is not binary (0/1): use cross_tabulate")
    u = codings.units
    frame = pd.DataFrame(
        {
            "id": [f"{d}/{s}" for d, s in zip(u["doc_id"], u["sent_id"], strict=True)],
            "text": u["text"].to_numpy(),
            "label": ["" if _is_missing(v) else str(v) for v in m[coder].tolist()],
            "outlet": u["outlet"].to_numpy(),
        }
    )
    return annotations_from_frame(
        frame, marked_column=None, spans_column=None, source=f"{codings.source} ({coder})"
    )
