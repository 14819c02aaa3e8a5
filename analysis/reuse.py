"""Text reuse: which documents copy each other, what they share, and how the copy was edited.

News is republished: wire copy, syndication, sites that copy an article and edit it to their
house style. A copy counted as a separate outlet's voice inflates that voice, and the edits a
republisher makes (what it drops, how it rewords) are themselves evidence of framing. This module
finds reuse and describes it, from the *cleaned* documents (so page furniture removed by
:mod:`analysis.clean`, such as a "Read also:" block, is never part of a comparison).

* :func:`document_similarity` compares every pair of documents by their word n-gram
  **shingles** (default n = 5, lower-cased, curly and straight apostrophes unified). ``jaccard``
  (shared shingles / all shingles of the two, Broder 1997's *resemblance*) is high only when the
  two texts are nearly the same; ``containment_a_in_b`` (shared / shingles of a) is high when
  most of ``a`` is found in ``b``, even if ``b`` is much longer, which is what an excerpt or an
  edited republication looks like. Each edit breaks up to n shingles, so an edited copy has a
  containment below 1 even though every sentence was copied. ``relation`` reads the figures:
  ``near_duplicate`` (Jaccard ≥ ``duplicate_at``), ``contained`` (one document's containment in
  the other ≥ ``contained_at``), ``partial_reuse`` (≥ ``partial_at``: at least some passages
  copied), ``unrelated``. The thresholds are rules of thumb, not tests: read the passages.
  Articles on the same story share stock phrases ("the coalition of the willing" is a 5-gram), so
  a handful of shared shingles between unrelated articles is normal.

  ``method="minhash"`` estimates the same figures from MinHash signatures (Broder 1997) for
  corpora too large to compare shingle sets pair by pair, and with ``threshold > 0`` finds the
  candidate pairs by locality-sensitive hashing over signature bands, so that only similar pairs
  are compared at all. It is deterministic for a given ``seed``. Estimates have a standard error
  of about ``sqrt(J(1 - J) / num_perm)``. Banding looks for high *Jaccard*: a short excerpt of a
  long article (low Jaccard, high containment) can be missed; use the exact method for those.

* :func:`shared_passages` lists the maximal runs of at least ``min_words`` words two documents
  share, with character offsets into each document's cleaned text (in any order: a moved
  paragraph is still found).

* :func:`document_edits` aligns a source document ``a`` and its copy ``b`` and lists every edit
  from ``a`` to ``b`` as a tidy table: whole paragraphs dropped or added, sentences dropped or
  added, and deletions, insertions and replacements within the text, each with the text and
  offsets on both sides and a ``pattern`` (:func:`classify_edit`) naming the editorial habit it
  shows where one is recognisable: number style ("%" → "percent"), case ("Nato" → "NATO"),
  quote, dash and punctuation style, British/American spelling, word form, or wording.

* :func:`reuse_mask` / :func:`exclude_reused` mark (or drop) the sentences of a copying
  document that lie inside shared passages, so that an outlet's metrics can leave out text it
  republished from another.
"""

from __future__ import annotations

import bisect
import difflib
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Literal

import numpy as np
import pandas as pd

from analysis.errors import ParameterError, check_choice
from analysis.segment import TOKEN_RE

SIMILARITY_COLUMNS = [
    "doc_a",
    "doc_b",
    "outlet_a",
    "outlet_b",
    "jaccard",
    "containment_a_in_b",
    "containment_b_in_a",
    "shared_shingles",
    "n_shingles_a",
    "n_shingles_b",
    "relation",
]
PASSAGE_COLUMNS = ["doc_a", "start_a", "end_a", "doc_b", "start_b", "end_b", "n_words", "text"]
EDIT_COLUMNS = [
    "doc_a",
    "doc_b",
    "kind",
    "pattern",
    "text_a",
    "text_b",
    "start_a",
    "end_a",
    "start_b",
    "end_b",
    "para_a",
    "para_b",
]
RELATIONS = ("near_duplicate", "contained", "partial_reuse", "unrelated")

# Quote and apostrophe code points, each mapped to its straight form.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
# Everything the cleaner leaves as a dash or hyphen (it has already unified the rarer ones).
_DASHES = "-‐‑‒–—―"


def _word_key(token: str) -> str:
    """The form shingles and passages compare: lower case, apostrophes unified."""
    return token.lower().translate(_QUOTES)


_PERCENT = re.compile(r"(\d[\d.,]*)\s?%")


def _words(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Each token's key and offsets. A number with "%" is read as the number and "percent" (two
    keys, the token's offsets for both): a copy-editor's house style, "75%" for "75 percent",
    is no new wording."""
    keys, starts, ends = [], [], []
    for m in TOKEN_RE.finditer(text):
        token = m.group()
        pct = _PERCENT.fullmatch(token) if token.endswith("%") else None
        for key in (pct.group(1), "percent") if pct else (_word_key(token),):
            keys.append(key)
            starts.append(m.start())
            ends.append(m.end())
    return keys, np.array(starts, dtype="int64"), np.array(ends, dtype="int64")


def _shingles(keys: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(keys[i : i + n]) for i in range(len(keys) - n + 1)}


def _documents(documents: pd.DataFrame) -> pd.DataFrame:
    missing = {"doc_id", "text"} - set(documents.columns)
    if missing:
        raise ParameterError(
            f"documents has no column {', '.join(sorted(missing))}: pass the cleaned documents "
            "table (prepare_corpus(...).documents)"
        )
    docs = documents.copy()
    docs["doc_id"] = docs["doc_id"].astype(str)
    if docs["doc_id"].duplicated().any():
        dup = docs.loc[docs["doc_id"].duplicated(), "doc_id"].iloc[0]
        raise ParameterError(f"documents: doc_id {dup!r} appears more than once")
    if "outlet" not in docs.columns:
        docs["outlet"] = ""
    return docs.sort_values("doc_id", kind="stable").reset_index(drop=True)


def _title_key_of(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


def _title_key(docs: pd.DataFrame, doc_id: str) -> str:
    """The document's title as compared with its paragraphs ("" if it has none)."""
    if "title" not in docs.columns:
        return ""
    title = docs.loc[docs["doc_id"] == str(doc_id), "title"]
    value = title.iloc[0] if len(title) else ""
    return _title_key_of(value) if isinstance(value, str) else ""


def _text_of(docs: pd.DataFrame, doc_id: str, name: str) -> str:
    hit = docs.loc[docs["doc_id"] == str(doc_id), "text"]
    if hit.empty:
        raise ParameterError(f"{name}={doc_id!r} is not a doc_id of the documents table")
    return str(hit.iloc[0])


def _check_positive_int(name: str, value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ParameterError(f"{name}={value!r}: use a positive integer")


def _check_seed(seed: object) -> None:
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ParameterError(f"seed={seed!r}: use a non-negative integer")


def _check_share(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ParameterError(f"{name}={value!r}: use a number between 0 and 1")


# --------------------------------------------------------------------------------------------
# document similarity


def document_similarity(
    documents: pd.DataFrame,
    *,
    n: int = 5,
    method: Literal["exact", "minhash"] = "exact",
    num_perm: int = 128,
    seed: int = 0,
    threshold: float = 0.0,
    duplicate_at: float = 0.8,
    contained_at: float = 0.7,
    partial_at: float = 0.05,
) -> pd.DataFrame:
    """Pairwise shingle similarity of documents (see the module docstring for how to read it).

    One row per pair ``doc_a < doc_b``: ``doc_a, doc_b, outlet_a, outlet_b, jaccard,
    containment_a_in_b, containment_b_in_a, shared_shingles, n_shingles_a, n_shingles_b,
    relation``, sorted by ``doc_a, doc_b``. Pairs with a Jaccard below ``threshold`` are left
    out (``0`` lists every pair). A document with fewer than ``n`` words has no shingles and is
    unrelated to everything. With ``method="minhash"`` the shingle counts of each document are
    exact and the Jaccard, containments and ``shared_shingles`` are estimates; ``relation`` is
    then read from the lower end of the 95% (Wilson) interval of the Jaccard estimate, so that
    a pair whose signatures agree by chance in one or two places is not called reuse.
    """
    check_choice("method", method, ("exact", "minhash"))
    _check_positive_int("n", n)
    _check_positive_int("num_perm", num_perm)
    _check_seed(seed)
    for name, value in (
        ("threshold", threshold),
        ("duplicate_at", duplicate_at),
        ("contained_at", contained_at),
        ("partial_at", partial_at),
    ):
        _check_share(name, value)
    docs = _documents(documents)
    ids = docs["doc_id"].tolist()
    outlets = dict(zip(ids, docs["outlet"].astype(str), strict=True))
    sets = [_shingles(_words(t)[0], n) for t in docs["text"]]
    sizes = np.array([len(s) for s in sets], dtype="int64")
    if method == "exact":
        shared = _exact_shared(sets)
        pairs = (
            combinations(range(len(ids)), 2)
            if threshold == 0
            else sorted(shared)  # only pairs sharing a shingle can reach a positive threshold
        )
        # (i, j, Jaccard, shared shingles, and the same two as read for ``relation``)
        rows: list[tuple[int, int, float, float, float, float]] = []
        for i, j in pairs:
            inter = float(shared.get((i, j), 0))
            union = sizes[i] + sizes[j] - inter
            jac = inter / union if union else 0.0
            rows.append((i, j, jac, inter, jac, inter))
    else:
        sigs = _minhash_signatures(sets, num_perm=num_perm, seed=seed)
        if threshold == 0:
            cand: Iterable[tuple[int, int]] = combinations(range(len(ids)), 2)
        else:
            bands, rows_per_band = _lsh_params(threshold, num_perm)
            cand = _lsh_candidates(sigs, sizes, bands, rows_per_band)
        rows = []
        for i, j in cand:
            est = low = 0.0
            if sizes[i] and sizes[j]:
                est = float(np.mean(sigs[i] == sigs[j]))
                # An estimate near zero is mostly noise (one agreeing permutation in 128 is
                # J ≈ 0.008): the relation is read from the lower end of its 95% interval.
                low = _wilson_low(est, num_perm)
            rows.append(
                (
                    i,
                    j,
                    est,
                    _intersection(est, sizes[i], sizes[j]),
                    low,
                    _intersection(low, sizes[i], sizes[j]),
                )
            )
    out = []
    for i, j, jac, inter, rel_jac, rel_inter in rows:
        if jac < threshold or (threshold > 0 and jac == 0):
            continue
        ca = inter / sizes[i] if sizes[i] else 0.0
        cb = inter / sizes[j] if sizes[j] else 0.0
        rel_contain = max(rel_inter / sizes[i], rel_inter / sizes[j]) if rel_inter else 0.0
        out.append(
            {
                "doc_a": ids[i],
                "doc_b": ids[j],
                "outlet_a": outlets[ids[i]],
                "outlet_b": outlets[ids[j]],
                "jaccard": round(float(jac), 4),
                "containment_a_in_b": round(float(min(ca, 1.0)), 4),
                "containment_b_in_a": round(float(min(cb, 1.0)), 4),
                "shared_shingles": round(float(inter)),
                "n_shingles_a": int(sizes[i]),
                "n_shingles_b": int(sizes[j]),
                "relation": _relation(rel_jac, rel_contain, duplicate_at, contained_at, partial_at),
            }
        )
    table = pd.DataFrame(out, columns=SIMILARITY_COLUMNS)
    for col in ("shared_shingles", "n_shingles_a", "n_shingles_b"):
        table[col] = table[col].astype("int64")
    return table.sort_values(["doc_a", "doc_b"], kind="stable").reset_index(drop=True)


def _intersection(jac: float, size_a: int, size_b: int) -> float:
    # |A ∩ B| = J (|A| + |B|) / (1 + J), from J = |A ∩ B| / (|A| + |B| - |A ∩ B|)
    return jac * (size_a + size_b) / (1 + jac)


def _wilson_low(p: float, n: int, z: float = 1.959964) -> float:
    """Lower end of the Wilson score interval of a proportion ``p`` observed in ``n`` trials."""
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, float((centre - spread) / (1 + z * z / n)))


def _relation(jac: float, contain: float, dup: float, cont: float, part: float) -> str:
    if jac >= dup and jac > 0:
        return "near_duplicate"
    if contain >= cont and contain > 0:
        return "contained"
    if contain >= part and contain > 0:
        return "partial_reuse"
    return "unrelated"


def _exact_shared(sets: list[set[tuple[str, ...]]]) -> dict[tuple[int, int], int]:
    """Shared-shingle counts of every pair that shares one, via an inverted index."""
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            postings[sh].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for docs in postings.values():
        if len(docs) > 1:
            for pair in combinations(docs, 2):
                shared[pair] += 1
    return dict(shared)


_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix64(z: np.ndarray) -> np.ndarray:
    """SplitMix64's finaliser: a bijection on 64-bit integers that scrambles every bit."""
    z = z ^ (z >> np.uint64(30))
    z = z * np.uint64(0xBF58476D1CE4E5B9)
    z = z ^ (z >> np.uint64(27))
    z = z * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _shingle_hashes(shingles: set[tuple[str, ...]]) -> np.ndarray:
    # blake2b, not hash(): Python salts str hashes per process, and signatures must be stable.
    return np.array(
        sorted(
            int.from_bytes(
                hashlib.blake2b("\x1f".join(sh).encode("utf-8"), digest_size=8).digest(), "little"
            )
            for sh in shingles
        ),
        dtype=np.uint64,
    )


def minhash_signatures(
    documents: pd.DataFrame, *, n: int = 5, num_perm: int = 128, seed: int = 0
) -> pd.DataFrame:
    """MinHash signatures of the documents' shingles: one row per document (index ``doc_id``),
    ``num_perm`` unsigned 64-bit columns. Two documents agree in a column with probability equal
    to the Jaccard similarity of their shingle sets; a document without shingles has the
    maximum value everywhere."""
    _check_positive_int("n", n)
    _check_positive_int("num_perm", num_perm)
    _check_seed(seed)
    docs = _documents(documents)
    sets = [_shingles(_words(t)[0], n) for t in docs["text"]]
    sigs = _minhash_signatures(sets, num_perm=num_perm, seed=seed)
    return pd.DataFrame(sigs, index=pd.Index(docs["doc_id"], name="doc_id"))


def _minhash_signatures(
    sets: list[set[tuple[str, ...]]], *, num_perm: int, seed: int
) -> np.ndarray:
    # Permutation k maps a shingle hash x to mix64(x XOR mask_k): XOR and the finaliser are
    # both bijections, so each is a pseudo-random permutation of the 64-bit hash space.
    rng = np.random.default_rng(seed)
    masks = rng.integers(0, np.iinfo(np.uint64).max, size=num_perm, dtype=np.uint64, endpoint=True)
    sigs = np.full((len(sets), num_perm), _MASK64, dtype=np.uint64)
    chunk = max(1, 2_000_000 // num_perm)  # bound memory: chunk x num_perm values at a time
    for i, s in enumerate(sets):
        hashes = _shingle_hashes(s)
        for k in range(0, len(hashes), chunk):
            block = _mix64(hashes[k : k + chunk, None] ^ masks[None, :])
            sigs[i] = np.minimum(sigs[i], block.min(axis=0))
    return sigs


def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band minimising the false positive + false negative areas under the
    LSH S-curve ``P(candidate | J = s) = 1 - (1 - s^r)^b`` around ``threshold``."""
    s = np.linspace(0, 1, 1001)
    ds = s[1] - s[0]
    below = s <= threshold
    best = (1, num_perm)
    best_err = np.inf
    for b in range(1, num_perm + 1):
        r = num_perm // b
        p = 1 - (1 - s**r) ** b
        # false positives: candidates below the threshold; false negatives: misses above it
        err = ds * (p[below].sum() + (1 - p[~below]).sum())
        if err < best_err - 1e-12:
            best, best_err = (b, r), err
    return best


def _lsh_candidates(
    sigs: np.ndarray, sizes: np.ndarray, bands: int, rows: int
) -> list[tuple[int, int]]:
    cand: set[tuple[int, int]] = set()
    for b in range(bands):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        for i in range(len(sigs)):
            if sizes[i]:
                buckets[sigs[i, b * rows : (b + 1) * rows].tobytes()].append(i)
        for members in buckets.values():
            cand.update(combinations(members, 2))
    return sorted(cand)


# --------------------------------------------------------------------------------------------
# shared passages


def shared_passages(
    documents: pd.DataFrame, doc_a: str, doc_b: str, *, min_words: int = 8
) -> pd.DataFrame:
    """The passages of at least ``min_words`` consecutive words that ``doc_a`` and ``doc_b``
    share (case and apostrophe style ignored; punctuation between the words is not compared).

    Runs are found wherever they are in either document, longest first; a run overlapping one
    already taken keeps only its free part (if still ``min_words`` long). Columns: ``doc_a,
    start_a, end_a, doc_b, start_b, end_b, n_words, text`` (``text`` is ``doc_a``'s wording;
    ``text_b[start_b:end_b]`` gives ``doc_b``'s), sorted by ``start_a``.
    """
    _check_positive_int("min_words", min_words)
    docs = _documents(documents)
    text_a = _text_of(docs, doc_a, "doc_a")
    text_b = _text_of(docs, doc_b, "doc_b")
    ka, sa, ea = _words(text_a)
    kb, sb, eb = _words(text_b)
    rows = []
    for i, j, length in _common_runs(ka, kb, min_words):
        # a run that begins or ends inside a "75%" (two keys, one token) leaves that token out
        while length and (_inner_key(sa, i) or _inner_key(sb, j)):
            i, j, length = i + 1, j + 1, length - 1
        while length and (_inner_key(sa, i + length) or _inner_key(sb, j + length)):
            length -= 1
        if length < min_words:
            continue
        start_a, end_a = int(sa[i]), int(ea[i + length - 1])
        start_b, end_b = int(sb[j]), int(eb[j + length - 1])
        rows.append(
            (str(doc_a), start_a, end_a, str(doc_b), start_b, end_b, length, text_a[start_a:end_a])
        )
    out = pd.DataFrame(rows, columns=PASSAGE_COLUMNS)
    return out.sort_values(["start_a", "start_b"], kind="stable").reset_index(drop=True)


def _inner_key(starts: np.ndarray, i: int) -> bool:
    """Key ``i`` is the second of the two keys of one token ("75%": "75", "percent")."""
    return 0 < i < len(starts) and starts[i] == starts[i - 1]


def _common_runs(a: list[str], b: list[str], k: int) -> list[tuple[int, int, int]]:
    """Non-overlapping maximal common runs ``(i, j, length)`` of at least ``k`` tokens."""
    if len(a) < k or len(b) < k:
        return []
    index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(b) - k + 1):
        index[tuple(b[j : j + k])].append(j)
    cands = []
    for i in range(len(a) - k + 1):
        for j in index.get(tuple(a[i : i + k]), ()):
            if i > 0 and j > 0 and a[i - 1] == b[j - 1]:
                continue  # not the start of a maximal run: found from its true start
            length = k
            while i + length < len(a) and j + length < len(b) and a[i + length] == b[j + length]:
                length += 1
            cands.append((length, i, j))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_a = np.zeros(len(a), dtype=bool)
    used_b = np.zeros(len(b), dtype=bool)
    runs = []
    for length, i, j in cands:
        free = ~used_a[i : i + length] & ~used_b[j : j + length]
        t = 0
        while t < length:  # every free stretch of the run that is still long enough
            if not free[t]:
                t += 1
                continue
            u = t
            while u < length and free[u]:
                u += 1
            if u - t >= k:
                runs.append((i + t, j + t, u - t))
                used_a[i + t : i + u] = True
                used_b[j + t : j + u] = True
            t = u
    return sorted(runs)


def find_reused_passages(
    documents: pd.DataFrame,
    similarity: pd.DataFrame,
    *,
    min_words: int = 8,
    relations: Iterable[str] = ("near_duplicate", "contained", "partial_reuse"),
) -> pd.DataFrame:
    """:func:`shared_passages` of every pair of ``similarity`` (a :func:`document_similarity`
    table) whose ``relation`` is one of ``relations``, in one table sorted by pair and offset."""
    relations = tuple(relations)
    for r in relations:
        check_choice("relations", r, RELATIONS)
    pairs = similarity[similarity["relation"].isin(relations)]
    frames = [
        shared_passages(documents, a, b, min_words=min_words)
        for a, b in zip(pairs["doc_a"], pairs["doc_b"], strict=True)
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=PASSAGE_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["doc_a", "doc_b", "start_a"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# classifying an edit

_NUMBER_WORDS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORD_RE = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
# British → American spelling, applied to both sides: two words that meet are spelling variants.
_SPELLING = [
    (re.compile(r"(?<=[a-z]{2})our(?=s?\b|ed\b|ing\b|ite|able|ful|hood|ist|ism|er)"), "or"),
    (re.compile(r"(?<=[a-z]{3})is(?=e\b|es\b|ed\b|ing\b|ation|er\b|ers\b)"), "iz"),
    (re.compile(r"(?<=[a-z]{2})ys(?=e\b|es\b|ed\b|ing\b)"), "yz"),
    (re.compile(r"(?<=[a-z]{2})tre(?=s?\b)"), "ter"),
    (re.compile(r"(?<=[a-z]{2})ll(?=ed\b|ing\b|er\b|ers\b)"), "l"),
    (re.compile(r"(?<=[a-z]{2})ence(?=s?\b)"), "ense"),
    (re.compile(r"(?<=[a-z]{2})ogue(?=s?\b)"), "og"),
    (re.compile(r"\bprogramme"), "program"),
    (re.compile(r"\bgrey"), "gray"),
]
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly)$")


def _n_whitespace(s: str) -> str:
    return " ".join(s.split())


def _n_quotes(s: str) -> str:
    return s.translate(_QUOTES)


def _n_dashes(s: str) -> str:
    return re.sub(rf"\s*[{_DASHES}]\s*", "-", s)


def _n_case(s: str) -> str:
    return s.lower()


def _n_numbers(s: str) -> str:
    s = _NUMBER_WORD_RE.sub(lambda m: _NUMBER_WORDS[m.group(1).lower()], s)
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", s)  # 400,000 → 400000
    s = re.sub(r"(?<=\d)\s*(?:%|per\s*cent\b|pc\b)", " percent", s, flags=re.IGNORECASE)
    return re.sub(r"\bper\s+cent\b", "percent", s, flags=re.IGNORECASE)


def _n_spelling(s: str) -> str:
    for rx, repl in _SPELLING:
        s = rx.sub(repl, s)
    return s


def _n_punctuation(s: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", s).split())


def _n_word_form(s: str) -> str:
    return " ".join(_SUFFIX.sub("", w) if len(w) > 4 else w for w in s.split())


# In order of preference: a difference one of the first explains is named after it.
_NORMALISERS = [
    ("whitespace", _n_whitespace),
    ("quote_style", _n_quotes),
    ("dash_style", _n_dashes),
    ("case", _n_case),
    ("number_style", _n_numbers),
    ("spelling", _n_spelling),
    ("punctuation", _n_punctuation),
    ("word_form", _n_word_form),
]


def _apply(names: Iterable[str], s: str) -> str:
    wanted = set(names)
    for name, fn in _NORMALISERS:
        if name in wanted:
            s = fn(s)
    return _n_whitespace(s)


def classify_edit(before: str, after: str) -> str:
    """The editorial pattern an edit from ``before`` to ``after`` shows.

    One of ``whitespace`` (only spacing differs), ``quote_style`` (straight vs curly quotes or
    apostrophes), ``dash_style`` (hyphen vs en or em dash), ``case`` ("Nato" → "NATO"),
    ``number_style`` ("90%" → "90 percent", "per cent", "three" → "3", "400,000" → "400000"),
    ``spelling`` (British vs American: "defence" → "defense", "-ise" → "-ize", "-our" → "-or"),
    ``punctuation`` (only punctuation differs: " - " → ", ", an added comma), ``word_form``
    (the same word inflected differently: "helping" → "help"), or ``wording`` (anything else).
    An edit that needs more than one of them is named by all it needs, joined by ``+`` in the
    order above ("Nato’s" → "NATO's" gives ``quote_style+case``). Insertions and deletions pass
    an empty string for the missing side; identical texts give ``none``.
    """
    if before == after:
        return "none"
    names = [name for name, _ in _NORMALISERS]
    for name in names:
        if _apply([name], before) == _apply([name], after):
            return name
    if _apply(names, before) != _apply(names, after):
        return "wording"
    needed = list(names)
    # Drop each normaliser the match does not need, the most general first, so that a specific
    # name ("quote_style") is kept over a general one that would also explain it ("punctuation").
    for name in reversed(names):
        trial = [x for x in needed if x != name]
        if _apply(trial, before) == _apply(trial, after):
            needed = trial
    return "+".join(needed)


# --------------------------------------------------------------------------------------------
# edits between a source and its copy

# Diff units: word tokens, and every other visible character on its own (punctuation).
_UNIT_RE = re.compile(rf"{TOKEN_RE.pattern}|\S")


def _unit_key(unit: str) -> str:
    # Case, quote and dash style are compared after alignment, not during it, so that a copy
    # restyled throughout still aligns word for word.
    key = unit.lower().translate(_QUOTES)
    return "-" if key in _DASHES else key


def _paragraphs(sentences: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    sel = sentences[sentences["doc_id"].astype(str) == str(doc_id)]
    if sel.empty:
        raise ParameterError(f"the sentence table has no sentences of document {doc_id!r}")
    return (
        sel.groupby("para_id", sort=True)
        .agg(start=("start", "min"), end=("end", "max"))
        .reset_index()
    )


def _unmatched_paragraphs(
    text: str, paras: pd.DataFrame, other_text: str, n: int, min_share: float
) -> list[tuple[int, int, int]]:
    """Paragraphs ``(para_id, start, end)`` of ``text`` less than ``min_share`` of whose words
    lie in runs of ``n`` words also found in ``other_text`` (a paragraph shorter than ``n``
    words counts as found when its words occur together in ``other_text``)."""
    other = _words(other_text)[0]
    other_shingles = _shingles(other, n)
    other_joined = "\x1f" + "\x1f".join(other) + "\x1f"
    out = []
    for p in paras.itertuples(index=False):
        keys = _words(text[p.start : p.end])[0]
        if not keys:
            continue
        if len(keys) >= n:
            covered = np.zeros(len(keys), dtype=bool)
            for i in range(len(keys) - n + 1):
                if tuple(keys[i : i + n]) in other_shingles:
                    covered[i : i + n] = True
            share = float(covered.mean())
        else:
            share = float(("\x1f" + "\x1f".join(keys) + "\x1f") in other_joined)
        if share < min_share or share == 0:
            out.append((int(p.para_id), int(p.start), int(p.end)))
    return out


def _units(text: str, skip: list[tuple[int, int, int]]) -> list[tuple[int, int, str]]:
    spans = sorted((s, e) for _, s, e in skip)
    out = []
    k = 0
    for m in _UNIT_RE.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] <= m.start() < spans[k][1]:
            continue
        out.append((m.start(), m.end(), m.group()))
    return out


def _is_punct(s: str) -> bool:
    return bool(s.strip()) and not re.search(r"\w", s)


def _spaces_left(text: str, pos: int) -> int:
    p = pos
    while p > 0 and text[p - 1] == " ":
        p -= 1
    return p


def _spaces_right(text: str, pos: int) -> int:
    p = pos
    while p < len(text) and text[p] == " ":
        p += 1
    return p


def document_edits(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    doc_a: str,
    doc_b: str,
    *,
    min_words: int = 3,
    min_share: float = 0.2,
) -> pd.DataFrame:
    """Every edit that turns source ``doc_a`` into its copy ``doc_b``, one row per edit.

    First, paragraphs (the sentence table's ``para_id``) of ``doc_a`` of which less than
    ``min_share`` of the words survive in ``doc_b`` (in runs of at least ``min_words`` words:
    stock phrases of two words do not count) are **dropped** (``kind="deleted"``,
    ``pattern="paragraph_dropped"``), and such paragraphs of ``doc_b`` are **added**
    (``"inserted"``, ``"paragraph_added"``); a paragraph rewritten beyond that is both. A
    dropped or added paragraph that is the document's own ``title`` (a headline scraped into
    the text) is ``headline_dropped`` / ``headline_added``. This
    keeps a dropped paragraph from being matched word by word against an added one. The rest
    is aligned word by word and
    punctuation mark by punctuation mark (:class:`difflib.SequenceMatcher`, ignoring case, quote
    and dash style for the alignment) and each difference becomes a row: ``deleted`` (only in
    ``a``), ``inserted`` (only in ``b``) or ``replaced``, with ``pattern`` from
    :func:`classify_edit`, or ``sentence_dropped`` / ``sentence_added`` when a deletion or
    insertion is exactly one or more whole sentences. A punctuation replacement that also changes
    the spacing includes the spaces on both sides (``" - "`` → ``", "``).

    Columns: ``doc_a, doc_b, kind, pattern, text_a, text_b, start_a, end_a, start_b, end_b,
    para_a, para_b``. Offsets are into each document's cleaned text (``text_a ==
    text[start_a:end_a]``); for an insertion, ``start_a == end_a`` is where in ``a`` it goes, and
    likewise for a deletion in ``b``. ``para_a``/``para_b`` are the paragraphs the edit is in.
    Sorted by ``start_a``, ``start_b``.
    """
    _check_positive_int("min_words", min_words)
    _check_share("min_share", min_share)
    docs = _documents(documents)
    text_a = _text_of(docs, doc_a, "doc_a")
    text_b = _text_of(docs, doc_b, "doc_b")
    paras_a = _paragraphs(sentences, doc_a)
    paras_b = _paragraphs(sentences, doc_b)
    dropped = _unmatched_paragraphs(text_a, paras_a, text_b, min_words, min_share)
    added = _unmatched_paragraphs(text_b, paras_b, text_a, min_words, min_share)
    units_a = _units(text_a, dropped)
    units_b = _units(text_b, added)
    matcher = difflib.SequenceMatcher(
        None,
        [_unit_key(u[2]) for u in units_a],
        [_unit_key(u[2]) for u in units_b],
        autojunk=False,
    )
    sent_a = _sentence_bounds(sentences, doc_a)
    sent_b = _sentence_bounds(sentences, doc_b)

    raw: list[tuple[str, str, int, int, int, int]] = []  # kind, pattern, offsets

    def point(units: list[tuple[int, int, str]], idx: int) -> int:
        # Where an insertion goes: after the unit before it, or before the first unit.
        if idx > 0:
            return units[idx - 1][1]
        return units[0][0] if units else 0

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            run: list[int] = []
            for k in range(i2 - i1 + 1):  # surface differences inside an aligned stretch
                differs = k < i2 - i1 and units_a[i1 + k][2] != units_b[j1 + k][2]
                if differs:
                    run.append(k)
                    continue
                if run:
                    f, last = run[0], run[-1]
                    raw.append(
                        _replacement(
                            text_a,
                            text_b,
                            units_a[i1 + f][0],
                            units_a[i1 + last][1],
                            units_b[j1 + f][0],
                            units_b[j1 + last][1],
                        )
                    )
                    run = []
            continue
        if tag == "replace":
            raw.append(
                _replacement(
                    text_a,
                    text_b,
                    units_a[i1][0],
                    units_a[i2 - 1][1],
                    units_b[j1][0],
                    units_b[j2 - 1][1],
                )
            )
        elif tag == "delete":
            sa, ea = units_a[i1][0], units_a[i2 - 1][1]
            pb = point(units_b, j1)
            pattern = (
                "sentence_dropped"
                if _whole_sentences(sent_a, sa, ea)
                else classify_edit(text_a[sa:ea], "")
            )
            raw.append(("deleted", pattern, sa, ea, pb, pb))
        else:  # insert
            sb, eb = units_b[j1][0], units_b[j2 - 1][1]
            pa = point(units_a, i1)
            pattern = (
                "sentence_added"
                if _whole_sentences(sent_b, sb, eb)
                else classify_edit("", text_b[sb:eb])
            )
            raw.append(("inserted", pattern, pa, pa, sb, eb))

    # Where a dropped (added) paragraph would be in the other document: at the end of the
    # paragraph holding the last unit aligned before it (paragraphs go between paragraphs).
    equal_pairs = [
        (units_a[i + k][1], units_b[j + k][1])
        for i, j, size in matcher.get_matching_blocks()
        for k in range(size)
    ]
    ends_a = [p[0] for p in equal_pairs]
    ends_b = sorted(p[1] for p in equal_pairs)
    by_b = sorted((p[1], p[0]) for p in equal_pairs)
    # a paragraph that is the document's own title is its headline, scraped into the text: a
    # copy whose scrape has no headline did not drop a paragraph
    title_a, title_b = _title_key(docs, doc_a), _title_key(docs, doc_b)
    for _, s, e in dropped:
        k = bisect.bisect_right(ends_a, s)
        pb = _para_end(paras_b, equal_pairs[k - 1][1]) if k else 0
        headline = title_a and _title_key_of(text_a[s:e]) == title_a
        raw.append(("deleted", "headline_dropped" if headline else "paragraph_dropped",
                    s, e, pb, pb))
    for _, s, e in added:
        k = bisect.bisect_right(ends_b, s)
        pa = _para_end(paras_a, by_b[k - 1][1]) if k else 0
        headline = title_b and _title_key_of(text_b[s:e]) == title_b
        raw.append(("inserted", "headline_added" if headline else "paragraph_added",
                    pa, pa, s, e))

    rows = [
        {
            "doc_a": str(doc_a),
            "doc_b": str(doc_b),
            "kind": kind,
            "pattern": pattern,
            "text_a": text_a[sa:ea],
            "text_b": text_b[sb:eb],
            "start_a": sa,
            "end_a": ea,
            "start_b": sb,
            "end_b": eb,
            "para_a": _para_at(paras_a, sa),
            "para_b": _para_at(paras_b, sb),
        }
        for kind, pattern, sa, ea, sb, eb in raw
    ]
    out = pd.DataFrame(rows, columns=EDIT_COLUMNS)
    for col in ("start_a", "end_a", "start_b", "end_b", "para_a", "para_b"):
        out[col] = out[col].astype("int64")
    return out.sort_values(["start_a", "start_b", "end_a"], kind="stable").reset_index(drop=True)


def _replacement(
    text_a: str, text_b: str, sa: int, ea: int, sb: int, eb: int
) -> tuple[str, str, int, int, int, int]:
    before, after = text_a[sa:ea], text_b[sb:eb]
    if _is_punct(before) and _is_punct(after):
        left_a, right_a = _spaces_left(text_a, sa), _spaces_right(text_a, ea)
        left_b, right_b = _spaces_left(text_b, sb), _spaces_right(text_b, eb)
        # Spacing that differs is part of the edit (" - " → ", "); spacing that does not is not.
        if (sa - left_a, right_a - ea) != (sb - left_b, right_b - eb):
            sa, ea, sb, eb = left_a, right_a, left_b, right_b
            before, after = text_a[sa:ea], text_b[sb:eb]
    return ("replaced", classify_edit(before, after), sa, ea, sb, eb)


def _sentence_bounds(sentences: pd.DataFrame, doc_id: str) -> tuple[set[int], set[int]]:
    sel = sentences[sentences["doc_id"].astype(str) == str(doc_id)]
    return set(sel["start"].astype(int)), set(sel["end"].astype(int))


def _whole_sentences(bounds: tuple[set[int], set[int]], start: int, end: int) -> bool:
    starts, ends = bounds
    return start in starts and end in ends


def _para_end(paras: pd.DataFrame, pos: int) -> int:
    k = bisect.bisect_right(paras["start"].tolist(), pos) - 1
    return int(paras["end"].iloc[max(k, 0)])


def _para_at(paras: pd.DataFrame, pos: int) -> int:
    starts = paras["start"].tolist()
    k = bisect.bisect_right(starts, pos) - 1
    return int(paras["para_id"].iloc[max(k, 0)])


# --------------------------------------------------------------------------------------------
# leaving reused text out


def reuse_mask(
    sentences: pd.DataFrame,
    passages: pd.DataFrame,
    *,
    keep: Literal["earliest", "none"] = "earliest",
    min_share: float = 0.5,
) -> pd.DataFrame:
    """The sentence table with ``reused`` (bool) and ``reused_from`` (the source document ids,
    comma-separated, or ``""``): a sentence is reused when at least ``min_share`` of its words
    lie inside passages (a :func:`shared_passages` or :func:`find_reused_passages` table) it
    shares with another document that is taken as the source.

    ``keep="earliest"``: of each pair, the document published first is the source and keeps its
    sentences; the other is the copy. When the dates are the same (or unknown), the document
    more of whose words lie in the shared passages is taken as the copy (a republication
    usually trims its source), then the larger ``doc_id``. ``keep="none"``: the shared text is
    marked in both documents (to leave it out of both).
    """
    check_choice("keep", keep, ("earliest", "none"))
    _check_share("min_share", min_share)
    missing = set(PASSAGE_COLUMNS[:7]) - set(passages.columns)
    if missing:
        raise ParameterError(
            f"passages has no column {', '.join(sorted(missing))}: pass a shared_passages table"
        )
    out = sentences.copy()
    doc_ids = out["doc_id"].astype(str)
    tokens = out.groupby(doc_ids)["n_tokens"].sum()
    dates = out.groupby(doc_ids)["date"].min() if "date" in out.columns else pd.Series(dtype=object)
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for (a, b), grp in passages.groupby(
        [passages["doc_a"].astype(str), passages["doc_b"].astype(str)], sort=True
    ):
        side_a = grp[["start_a", "end_a"]].to_numpy().tolist()
        side_b = grp[["start_b", "end_b"]].to_numpy().tolist()
        if keep == "none":
            copies = [(a, side_a, b), (b, side_b, a)]
        else:
            words = int(grp["n_words"].sum())
            share_a = words / tokens[a] if tokens.get(a, 0) else 0.0
            share_b = words / tokens[b] if tokens.get(b, 0) else 0.0
            date_a, date_b = dates.get(a), dates.get(b)
            if pd.notna(date_a) and pd.notna(date_b) and date_a != date_b:
                a_is_copy = date_a > date_b
            elif share_a != share_b:
                a_is_copy = share_a > share_b
            else:
                a_is_copy = a > b
            copies = [(a, side_a, b)] if a_is_copy else [(b, side_b, a)]
        for doc, side, source in copies:
            spans[doc].extend((int(s), int(e), source) for s, e in side)
    reused = np.zeros(len(out), dtype=bool)
    sources = [""] * len(out)
    for row, (doc, s_start, text) in enumerate(
        zip(doc_ids, out["start"], out["text"], strict=True)
    ):
        doc_spans = spans.get(doc)
        if not doc_spans:
            continue
        words = [(s_start + m.start(), s_start + m.end()) for m in TOKEN_RE.finditer(text)]
        if not words:
            continue
        inside = 0
        found: set[str] = set()
        for ws, we in words:
            for ps, pe, src in doc_spans:
                if ps <= ws and we <= pe:
                    inside += 1
                    found.add(src)
                    break
        if inside / len(words) >= min_share and inside:
            reused[row] = True
            sources[row] = ",".join(sorted(found))
    out["reused"] = reused
    out["reused_from"] = sources
    return out


def exclude_reused(
    sentences: pd.DataFrame,
    passages: pd.DataFrame,
    *,
    keep: Literal["earliest", "none"] = "earliest",
    min_share: float = 0.5,
) -> pd.DataFrame:
    """The sentence table without the sentences :func:`reuse_mask` marks as reused (same
    columns as ``sentences``), so that any metric run on it leaves republished text out."""
    masked = reuse_mask(sentences, passages, keep=keep, min_share=min_share)
    kept = masked.loc[~masked["reused"], list(sentences.columns)]
    return kept.reset_index(drop=True)
