"""Normalise article text and remove scraping noise, keeping an audit of every removal.

Scraped news carries page furniture that would distort every rate computed on it: related-
story lists, "Advertisement" lines, image captions with photo credits, headlines and ledes
repeated by the page template. :func:`clean_corpus` removes them by **general rules** (listed in
the shipped ``data/boilerplate.yaml``; a scholar can pass their own) and records each removed
span in a removals table ``doc_id, rule, start, end, text`` with offsets into the normalised
text, so a scholar can audit what was dropped and restore it if a rule was wrong.

Normalisation (:func:`normalize_text`) applies Unicode NFC, turns non-breaking and other exotic
spaces into plain spaces, unifies the many hyphen and dash code points into ``-``, ``–`` and
``—``, drops zero-width characters and soft hyphens, and collapses runs of spaces. Curly
(“ ” ‘ ’) and straight (" ') quotes are both **kept as they are**: their difference is evidence
(house style, scare quotes), and every detector recognises both.

Glued words from stripped links ("sayany", "USwould") are never changed; :func:`flag_glued_words`
lists them with a possible split so that a scholar can see them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from analysis.errors import FramescopeError

REMOVAL_COLUMNS = ["doc_id", "rule", "start", "end", "n_chars", "text"]

# Characters mapped one to one (or to nothing) before anything else looks at the text.
_CHAR_MAP = {
    # spaces
    "\u00a0": " ",
    "\u2000": " ",
    "\u2001": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2004": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u2007": " ",
    "\u2008": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u205f": " ",
    "\u3000": " ",
    "\t": " ",
    "\f": "\n",
    "\v": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\u0085": "\n",
    # invisible characters
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "",
    # hyphens and dashes
    "\u2010": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2012": "\u2013",
    "\u2015": "\u2014",
    "\ufe58": "\u2014",
    # quote look-alikes that are not quotes in any house style
    "\u2033": '"',
    "\u2032": "'",
    "\uff02": '"',
    "\uff07": "'",
}
_TRANSLATE = str.maketrans(_CHAR_MAP)
# The same mapping as a regex: most texts contain none of these characters, and a regex scan
# is far faster than str.translate's per-character look-up (same result, tested).
_MAPPED = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")
_MULTISPACE = re.compile("  +")  # = " {2,}"; a literal first character is searched faster
# Every character str.isspace() accepts (tested), and those of them normalize_text leaves in a
# text besides spaces and line breaks (it replaces "\r" and maps the others).
_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ODD_SPACES = tuple(c for c in _WHITESPACE if c not in " \n\r" and c not in _CHAR_MAP)
_MANY_BLANKS = re.compile("\n\n\n+")  # = "\n{3,}", likewise


def _map_char(m: re.Match[str]) -> str:
    return _CHAR_MAP[m.group()]


def normalize_text(text: str) -> str:
    """Return ``text`` normalised for analysis (see the module docstring).

    Lines are kept; spaces at the ends of lines are dropped and runs of spaces collapsed.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _MAPPED.sub(_map_char, unicodedata.normalize("NFC", text))
    # runs of spaces never cross a line break: one substitution for the whole text (if it has
    # one: str's search for "  " is several times faster than the regex's)
    if "  " in text:
        text = _MULTISPACE.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


# --------------------------------------------------------------------------------------------
# rules


_SENTENCE_ENDS = (".", "!", "?", "…", ":", "”", '"', "’", "'")


@dataclass(frozen=True)
class CleaningRules:
    """The compiled rules of a boilerplate YAML file."""

    name: str
    version: str
    sha256: str  # of the YAML text, for provenance (two files may share a version string)
    line_markers: frozenset[str]
    list_markers: frozenset[str]
    headline_max_words: int
    list_item: re.Pattern[str]
    caption_start: re.Pattern[str]
    caption_end: re.Pattern[str]
    byline: re.Pattern[str]
    byline_window: int
    # How every match of caption_end ends (the credits), or None if not known.
    caption_end_suffixes: tuple[str, ...] | None = None
    # the visible caption right under an image caption: at most this many words (0: off)
    caption_line_max_words: int = 0


def load_cleaning_rules(path: str | Path | None = None) -> CleaningRules:
    """Load cleaning rules from ``path`` or, by default, the shipped ``boilerplate.yaml``."""
    if path is None:
        return _default_rules()
    return _compile_rules(Path(path).read_text(encoding="utf-8"), str(path))


@lru_cache(maxsize=1)
def _default_rules() -> CleaningRules:
    res = resources.files("analysis") / "data" / "boilerplate.yaml"
    return _compile_rules(res.read_text(encoding="utf-8"), "analysis/data/boilerplate.yaml")


def _compile_rules(text: str, where: str) -> CleaningRules:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}:" if mark is not None else ""
        raise FramescopeError(f"{where}:{line} not valid YAML ({exc})") from exc
    if not isinstance(data, dict) or "version" not in data:
        raise FramescopeError(f"{where}: expected a mapping with a 'version' key")

    def words(key: str) -> list[str]:
        value = data.get(key, []) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FramescopeError(f"{where}: '{key}' must be a list of strings")
        return value

    never = re.compile(r"(?!x)x")

    def alternation(key: str, flags: int = 0) -> re.Pattern[str]:
        patterns = words(key)
        if not patterns:
            return never
        try:
            return re.compile("|".join(f"(?:{p})" for p in patterns), flags)
        except re.error as exc:
            raise FramescopeError(f"{where}: {key}: bad regular expression ({exc})") from exc

    item = alternation("list_item_patterns", re.IGNORECASE)
    byline = alternation("byline_patterns")
    agencies = sorted(words("credit_agencies"), key=len, reverse=True)
    markers = sorted(words("image_markers"), key=len, reverse=True)
    if agencies and markers:
        agency_alt = "|".join(re.escape(a) for a in agencies)
        marker_alt = "|".join(re.escape(m) for m in markers)
        # "News imageEPA A man ...": an image marker directly followed by a credit.
        caption_start = re.compile(rf"^(?i:{marker_alt})\s*:?\s*(?:{agency_alt})\b")
        # "... walking on snow.EPA": a credit glued to the end of the caption.
        caption_end = re.compile(rf"[a-z.!?)](?:{agency_alt})$")
    else:
        caption_start = caption_end = never
        agencies = []
    return CleaningRules(
        name=str(data.get("name", "boilerplate")),
        version=str(data["version"]),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        line_markers=frozenset(_key(m) for m in words("line_markers")),
        list_markers=frozenset(_key(m) for m in words("list_markers")),
        headline_max_words=int(data.get("headline_max_words", 20)),
        list_item=item,
        caption_start=caption_start,
        caption_end=caption_end,
        byline=byline,
        byline_window=int(data.get("byline_window", 4)),
        caption_end_suffixes=tuple(agencies),
        caption_line_max_words=_count(data, "caption_line_max_words", where),
    )


def _count(data: dict, key: str, where: str) -> int:
    """A non-negative whole number of the rules file (0 when the key is absent)."""
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FramescopeError(f"{where}: '{key}' must be a whole number of words (0 or more)")
    return value


@lru_cache(maxsize=64)
def _end_width(pattern: re.Pattern[str]) -> int | None:
    """The longest match of ``pattern`` if it is a sequence ending with ``$`` and its matches
    have a bounded length, else None."""
    try:
        parsed = re._parser.parse(pattern.pattern, pattern.flags)  # type: ignore[attr-defined]
    except Exception:  # pragma: no cover - it compiled
        return None
    c = re._constants  # type: ignore[attr-defined]
    if not len(parsed) or parsed[-1] != (c.AT, c.AT_END):
        return None
    width = parsed.getwidth()[1]
    return width if width < c.MAXREPEAT else None


def _search_end(pattern: re.Pattern[str], line: str) -> re.Match[str] | None:
    """``pattern.search(line)`` for a line without newlines, starting where a match ending at
    the line's end can start: the caption-credit pattern ends with ``$``, and searched from the
    line's start it tries every position of a long paragraph (a fifth of the cleaning time).
    Lookbehinds and ``\\b`` still see the characters before the start position."""
    width = _end_width(pattern)
    if width is None:
        return pattern.search(line)
    return pattern.search(line, max(0, len(line) - width))


def _key(line: str) -> str:
    return line.strip().rstrip(":.…").strip().casefold()


def _squash(line: str) -> str:
    return " ".join(line.split()).casefold()


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_BULLET = re.compile(r"^[-•*–]\s")


def _headline_like(line: str, max_words: int) -> bool:
    if _BULLET.match(line):
        return True
    return len(line.split()) <= max_words and not _SENTENCE_END.search(line)


# --------------------------------------------------------------------------------------------
# cleaning


def clean_text(text: str, *, rules: CleaningRules | None = None) -> tuple[str, list[dict]]:
    """Clean one text. Returns the cleaned text and its removals (offsets into the normalised text).

    Each removal is a dict ``rule, start, end, text``. The cleaned text is the normalised text
    without the removed lines, with runs of blank lines collapsed to one.
    """
    rules = rules or _default_rules()
    suffixes = rules.caption_end_suffixes
    norm = normalize_text(text)
    lines: list[tuple[int, int, str]] = []  # (start, end, line) in norm
    pos = 0
    for line in norm.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    rule_of: dict[int, str] = {}
    nonblank = [i for i, (_, _, ln) in enumerate(lines) if ln]
    # Without other whitespace, the lines have single spaces between words and none at their
    # ends, so _squash is casefold, and _key and word counts follow from it (casefold maps
    # spaces and ":.…" to themselves and never yields them).
    plain = not any(c in norm for c in _ODD_SPACES)
    if plain:
        squashed = {i: lines[i][2].casefold() for i in nonblank}
    else:
        squashed = {i: _squash(lines[i][2]) for i in nonblank}

    for k, i in enumerate(nonblank):
        if i in rule_of:
            continue
        line = lines[i][2]
        key = squashed[i].rstrip(":.…").strip() if plain else _key(line)
        if rules.list_item.search(line):
            rule_of[i] = "list_item"
        elif rules.caption_start.search(line) or (
            (suffixes is None or line.endswith(suffixes)) and _search_end(rules.caption_end, line)
        ):
            rule_of[i] = "image_caption"
        elif key in rules.list_markers:
            rule_of[i] = "headline_list"
            # The short headline-like lines after a marker are the list itself.
            for j in nonblank[k + 1 :]:
                if _headline_like(lines[j][2], rules.headline_max_words) and j not in rule_of:
                    rule_of[j] = "headline_list"
                else:
                    break
        elif key in rules.line_markers:
            rule_of[i] = "boilerplate_line"
        elif k < rules.byline_window and rules.byline.fullmatch(line):
            rule_of[i] = "byline"

    # The visible caption under an image follows the caption line with its credit at once, is
    # short and is no sentence: "Russia has intensified attacks - particularly against …"
    if rules.caption_line_max_words:
        for i in [i for i, rule in rule_of.items() if rule == "image_caption"]:
            j = i + 1
            if j >= len(lines) or j in rule_of or not lines[j][2]:
                continue
            line = lines[j][2]
            if not line.endswith(_SENTENCE_ENDS) and (
                len(line.split()) <= rules.caption_line_max_words
            ):
                rule_of[j] = "caption_line"

    # A line that repeats the next few lines run together is a scraped teaser (headline + lede
    # glued into one line); the real lines follow, so the teaser goes.
    # (Compared with every non-blank line, so a teaser is caught even when a byline it repeats
    # was removed by another rule.)
    for k, i in enumerate(nonblank):
        if i in rule_of:
            continue
        target = squashed[i]
        joined = ""
        for j in nonblank[k + 1 : k + 6]:
            joined = f"{joined} {squashed[j]}".strip()
            if joined == target and j != nonblank[k + 1]:
                rule_of[i] = "repeated_lede"
                break
            if len(joined) >= len(target):
                break
    kept = [i for i in nonblank if i not in rule_of]
    # A line identical to an earlier kept line is a repetition by the page template.
    seen: set[str] = set()
    for i in kept:
        if i in rule_of:
            continue
        sq = squashed[i]
        if sq in seen and (sq.count(" ") >= 2 if plain else len(sq.split()) >= 3):
            rule_of[i] = "repeated_line"
        seen.add(sq)

    removals = [
        {"rule": rule_of[i], "start": lines[i][0], "end": lines[i][1], "text": lines[i][2]}
        for i in sorted(rule_of)
    ]
    cleaned_lines = [ln for i, (_, _, ln) in enumerate(lines) if i not in rule_of]
    cleaned = "\n".join(cleaned_lines)
    if "\n\n\n" in cleaned:  # (found by str faster than by the regex)
        cleaned = _MANY_BLANKS.sub("\n\n", cleaned)
    cleaned = cleaned.strip("\n")
    return cleaned, removals


def clean_corpus(
    docs: pd.DataFrame, *, rules: str | Path | CleaningRules | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Clean every document. Returns ``(clean_docs, removals)``.

    ``clean_docs`` is the documents table with ``text`` replaced by the cleaned text and the
    characters before and after in ``n_chars_raw`` and ``n_chars_clean``. ``removals`` has one
    row per removed span: ``doc_id, rule, start, end, n_chars, text`` (offsets into
    ``normalize_text(raw text)``).
    """
    compiled = rules if isinstance(rules, CleaningRules) else load_cleaning_rules(rules)
    texts: list[str] = []
    rows: list[dict] = []
    for doc_id, raw in zip(docs["doc_id"].tolist(), docs["text"].tolist(), strict=True):
        cleaned, removals = clean_text(raw, rules=compiled)
        texts.append(cleaned)
        for r in removals:
            rows.append({"doc_id": doc_id, **r, "n_chars": r["end"] - r["start"]})
    out = docs.copy()
    out["n_chars_raw"] = docs["text"].str.len().astype("int64")
    if texts:  # (no documents: the empty text column keeps its string dtype)
        out["text"] = texts
    out["n_chars_clean"] = out["text"].str.len().astype("int64")
    removals_df = pd.DataFrame(rows, columns=REMOVAL_COLUMNS)
    removals_df[["start", "end", "n_chars"]] = removals_df[["start", "end", "n_chars"]].astype(
        "int64"
    )
    return out, removals_df


# --------------------------------------------------------------------------------------------
# glued words

GLUE_COLUMNS = ["doc_id", "start", "end", "token", "kind", "possible_split"]
_TOKEN = re.compile(r"[A-Za-z]+")
_CAMEL_GLUE = re.compile(r"^(?:[A-Z]{2,}[a-z]{3,}|[a-z]{2,}[A-Z]{2,}[a-z]*)$")


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    res = resources.files("analysis") / "data" / "stopwords_en.txt"
    lines = res.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


_SUFFIXES = ("ing", "ed", "es", "s", "ers", "er", "ly")


def _known(word: str, vocab: frozenset[str]) -> bool:
    if word in vocab:
        return True
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            stem = word[: -len(suf)]
            if (
                stem in vocab
                or stem + "e" in vocab
                or (len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in vocab)
            ):
                return True
    return False


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    # TextBlob ships Norvig's spelling word list (pattern's en-spelling.txt): a vocabulary that
    # needs no download.
    res = resources.files("textblob") / "en" / "en-spelling.txt"
    words = set()
    for line in res.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and not line.startswith(";;;"):
            words.add(parts[0].lower())
    return frozenset(words)


def flag_glued_words(docs: pd.DataFrame) -> pd.DataFrame:
    """List tokens that look like two words glued where a link was stripped. Never edits text.

    Two kinds: ``case_glue`` (an acronym glued to a word: "USwould", "imageEPA") and
    ``vocabulary_glue`` (an unknown lower-case token that splits into a function word and a known
    word: "sayany" → "say any"; compounds such as "ceasefire" split into two content words and
    are left alone). Read them as *possible*; the table is for auditing, not correction.
    """
    vocab = _vocabulary()
    function = _function_words()
    rows: list[dict] = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        for m in _TOKEN.finditer(text):
            tok = m.group()
            kind = split = None
            if _CAMEL_GLUE.match(tok):
                cut = next(
                    i for i in range(1, len(tok)) if tok[i - 1].isupper() != tok[i].isupper()
                )
                kind, split = "case_glue", f"{tok[:cut]} {tok[cut:]}"
            elif tok.islower() and 5 <= len(tok) <= 20 and not _known(tok, vocab):
                for i in range(2, len(tok) - 1):
                    a, b = tok[:i], tok[i:]
                    if (a in function and len(b) >= 3 and _known(b, vocab)) or (
                        b in function and len(a) >= 3 and _known(a, vocab)
                    ):
                        kind, split = "vocabulary_glue", f"{a} {b}"
                        break
            if kind:
                rows.append(
                    {
                        "doc_id": doc_id,
                        "start": m.start(),
                        "end": m.end(),
                        "token": tok,
                        "kind": kind,
                        "possible_split": split,
                    }
                )
    return pd.DataFrame(rows, columns=GLUE_COLUMNS)
