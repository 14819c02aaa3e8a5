"""Direct quotes: what each outlet puts in quote marks, and whose words they are.

:func:`find_quotes` pairs quote marks on the **document text** (so a quote may run over
several sentences, and over paragraphs when each new paragraph reopens it, as news style
does), classifies each quote and names its speaker:

* ``speech``: words presented as someone's utterance (“…,” Macron said; talks were going
  “well”, his spokesman said), with the speaker taken from the attribution that introduces
  or follows the quote (:func:`analysis.attribution.find_attributions`): the phrase as written
  (``speaker``), the registry actor it names or, for "he" or "his spokesman", the person named
  in the previous sentence (``speaker_actor``, ``speaker_group``), and how it was found
  (``speaker_resolution``); also quoted wording that holds a subject's verb phrase, of three or
  four words after *has* or *had* (Lavrov has already “ruled out European peacekeepers”),
  with no speaker unless an attribution gives one;
* ``scare_quote``: a short term the outlet marks without giving it to anyone (the so-called
  "backstop", the “fortress belt”);
* ``name_or_title``: a name or title (‘Coalition of the Willing’, titled “Ukraine After the
  War”): quoted text that is a registry alias, is in title case, or follows "dubbed",
  "titled", "known as" …, a nickname inside a name (Benjamin “Bibi” Netanyahu), and every
  quote of a list (“Frozen II,” “Captain Marvel” and “Hustlers,”) one of which is a name;
* ``unbalanced``: a mark without its partner. It never runs past its own paragraph: an
  opening mark covers the rest of its paragraph, a stray closing mark the paragraph up to it.

Curly (“ ” ‘ ’) and straight double (") quotes are read; straight single quotes are left alone
because they are mostly apostrophes. Quotes nested inside another quote are part of it and
not reported on their own.

:func:`voices` counts quotes and quoted words per speaker or per actor group, per outlet:
whose words each outlet carries. Every quote keeps ``doc_id, sent_id, start, end`` (the
marks included), so ``kwic(sentences, quotes[quotes["speaker_actor"] == "Macron"])`` shows
the sentences behind any number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Literal

import pandas as pd

from analysis.errors import ParameterError, check_choice
from analysis.segment import TOKEN_RE, _token_re
from analysis.stats import metric_row
from analysis.wordlists import load_word_list

QUOTE_COLUMNS = [
    "doc_id",
    "outlet",
    "sent_id",
    "end_sent_id",
    "para_id",
    "start",
    "end",
    "text",
    "n_words",
    "kind",
    "quote_mark",
    "quote_style",
    "speaker",
    "speaker_type",
    "speaker_actor",
    "speaker_group",
    "speaker_resolution",
    "attribution_cue",
]
KINDS = ("speech", "scare_quote", "name_or_title", "unbalanced")
#: the speaker (and group) of a speech quote whose speaker the text does not name
UNATTRIBUTED = "(unattributed)"
#: the group of a speaker the actor registry does not know
OUTSIDE_REGISTRY = "outside registry"
#: source types whose speaker is named (and counted in ``n_speakers``)
NAMED_TYPES = ("named_person", "named_institution")
RESOLUTIONS = (
    "explicit",
    "pronoun_same_sentence",
    "pronoun_previous_sentence",
    "role_previous_sentence",
    "previous_quote",
    "none",
)

_OPEN_CURLY, _CLOSE_CURLY, _STRAIGHT = "“", "”", '"'
_OPEN_SINGLE, _CLOSE_SINGLE = "‘", "’"
_MARKS = re.compile('[“”"‘’]')
# Words that, right before a quote, say the quote is a name ("dubbed the “coalition …”").
_NAMING = re.compile(
    r"(?<![-\w])(?:dubbed|titled|entitled|named|nicknamed|codenamed|called|known as)\s+"
    r"(?:the\s+|a\s+|an\s+)?$",
    re.IGNORECASE,
)
# between a labelling verb and its quoted label ("called “…”", "branded a “…”")
_LABEL_GAP = re.compile(r"\s+(?:(?:a|an|as)\s+)?")
_SO_CALLED = re.compile(r"\bso[- ]called\s+$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|this|that|its|their|his|her)\s+$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# pairing quote marks


@dataclass(frozen=True)
class QuoteSpan:
    """One quote in a text: ``start``/``end`` include the marks, ``inner_*`` the words."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    mark: str  # "curly" or "straight"
    style: str  # "double" or "single"
    balanced: bool


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _straight_role(text: str, i: int, lo: int, hi: int) -> str:
    """Whether a straight double quote at ``i`` looks like an opening or a closing mark."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if _is_space(before) or before in "([{–—-/":
        return "open" if not _is_space(after) else "close"
    return "close"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _span(text: str, start: int, end: int, *, mark: str, style: str) -> QuoteSpan:
    return QuoteSpan(start, end, start + 1, end - 1, mark, style, True)


def _unbalanced_open(text: str, pos: int, stop: int, mark: str) -> QuoteSpan:
    """An opening mark with no partner: it covers its paragraph up to ``stop``."""
    _, end = _trimmed(text, pos, stop)
    return QuoteSpan(pos, max(end, pos + 1), pos + 1, max(end, pos + 1), mark, "double", False)


def _unbalanced_close(text: str, floor: int, pos: int, mark: str) -> QuoteSpan:
    """A closing mark with no partner: it covers its paragraph (or what follows the last
    quote in it) up to the mark."""
    start, _ = _trimmed(text, floor, pos)
    return QuoteSpan(start, pos + 1, start, pos, mark, "double", False)


class _ParagraphScanner:
    """Pairs the marks of one paragraph. ``carry`` is a double quote opened in an earlier
    paragraph that this paragraph continues (its opening mark is then not a new quote)."""

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self.text, self.lo, self.hi = text, lo, hi
        self.out: list[QuoteSpan] = []
        self.open: tuple[int, str] | None = None  # (position, "curly" | "straight")
        self.single: int | None = None  # position of an open ‘ at top level
        self.nested_single = False
        self.floor = lo  # where a stray closing mark's span may start

    def run(self, start: int, carry: tuple[int, str] | None = None) -> tuple[int, str] | None:
        self.open, self.floor = carry, start
        for m in _MARKS.finditer(self.text, start, self.hi):
            i, ch = m.start(), m.group()
            if self._nested_double(ch):
                continue
            if ch == _OPEN_CURLY:
                self._open_double(i, "curly")
            elif ch == _CLOSE_CURLY:
                self._close_double(i, "curly")
            elif ch == _STRAIGHT:
                role = _straight_role(self.text, i, self.lo, self.hi)
                if self.open is not None and self.open[1] == "straight" and role == "close":
                    self._close_double(i, "straight")
                elif role == "open":
                    self._open_double(i, "straight")
                else:
                    self._close_double(i, "straight")
            elif ch == _OPEN_SINGLE:
                self._open_single(i)
            else:
                self._close_single(i)
        return self.open

    def _nested_double(self, ch: str) -> bool:
        """Double marks of the other style inside an open quote are a quote within it."""
        if self.open is None:
            return False
        if self.open[1] == "curly":
            return ch == _STRAIGHT
        return ch in (_OPEN_CURLY, _CLOSE_CURLY)

    def _open_double(self, i: int, mark: str) -> None:
        if self.open is not None:  # a second opening before a close: the first has no partner
            self.out.append(_unbalanced_open(self.text, self.open[0], i, self.open[1]))
        self.open = (i, mark)
        self.single, self.nested_single = None, False

    def _close_double(self, i: int, mark: str) -> None:
        if self.open is not None and self.open[1] == mark:
            self.out.append(_span(self.text, self.open[0], i + 1, mark=mark, style="double"))
            self.floor = i + 1
            self.open = None
            self.single, self.nested_single = None, False
        else:
            self.out.append(_unbalanced_close(self.text, self.floor, i, mark))
            self.floor = i + 1
            self.single = None  # a single quote opened before the stray mark is inside its span

    def _open_single(self, i: int) -> None:
        before = self.text[i - 1] if i > self.lo else " "
        after = self.text[i + 1] if i + 1 < self.hi else " "
        if before.isalnum() or _is_space(after):
            return
        self.single, self.nested_single = i, self.open is not None

    def _close_single(self, i: int) -> None:
        after = self.text[i + 1] if i + 1 < self.hi else " "
        if self.single is None or after.isalnum():  # an apostrophe (Ukraine’s)
            return
        if not self.nested_single and i > self.single + 1:
            self.out.append(_span(self.text, self.single, i + 1, mark="curly", style="single"))
            self.floor = i + 1
        self.single = None


def _first_mark(text: str, lo: int, hi: int) -> tuple[int, str] | None:
    """The opening mark a continuation paragraph starts with, if any."""
    i, _ = _trimmed(text, lo, hi)
    if i >= hi:
        return None
    if text[i] == _OPEN_CURLY:
        return i, "curly"
    if text[i] == _STRAIGHT:
        return i, "straight"
    return None


def scan_quotes(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[QuoteSpan]:
    """All quotes in ``text``, whose paragraphs are the ``(start, end)`` spans given.

    A double quote still open at the end of a paragraph continues when the next paragraph
    opens with the same kind of mark and closes it later (a quote over several paragraphs);
    otherwise it is unbalanced and stops at its paragraph's end. Never raises on bad marks.
    """
    out: list[QuoteSpan] = []
    k = 0
    resume: tuple[int, tuple[int, str] | None] | None = None
    while k < len(paragraphs):
        lo, hi = paragraphs[k]
        start, carry = resume if resume is not None else (lo, None)
        resume = None
        scanner = _ParagraphScanner(text, lo, hi)
        still_open = scanner.run(start, carry)
        out.extend(scanner.out)
        if still_open is None:
            k += 1
            continue
        closed = _continue_quote(text, paragraphs, k, still_open)
        if closed is None:
            out.append(_unbalanced_open(text, still_open[0], hi, still_open[1]))
            k += 1
            continue
        j, close_pos = closed
        out.append(_span(text, still_open[0], close_pos + 1, mark=still_open[1], style="double"))
        k, resume = j, (close_pos + 1, None)
    return sorted(_drop_nested(out), key=lambda q: (q.start, q.end))


def _continue_quote(
    text: str, paragraphs: Sequence[tuple[int, int]], k: int, open_: tuple[int, str]
) -> tuple[int, int] | None:
    """Follow a quote open at the end of paragraph ``k`` through paragraphs that reopen it;
    return (paragraph index, position of the closing mark), or None if it never closes."""
    close = _CLOSE_CURLY if open_[1] == "curly" else _STRAIGHT
    j = k + 1
    while j < len(paragraphs):
        lo, hi = paragraphs[j]
        first = _first_mark(text, lo, hi)
        if first is None or first[1] != open_[1]:
            return None
        scanner = _ParagraphScanner(text, lo, hi)
        if scanner.run(first[0] + 1, carry=open_) is not None and not scanner.out:
            j += 1  # reopened and not closed here either: the quote runs on
            continue
        closes = [q for q in scanner.out if q.start == open_[0] and q.balanced]
        if not closes:
            return None
        pos = closes[0].end - 1
        return (j, pos) if text[pos] == close else None
    return None


def _drop_nested(quotes: list[QuoteSpan]) -> list[QuoteSpan]:
    ordered = sorted(quotes, key=lambda q: (q.start, -q.end))
    kept: list[QuoteSpan] = []
    for q in ordered:
        if kept and kept[-1].balanced and q.start >= kept[-1].start and q.end <= kept[-1].end:
            continue
        kept.append(q)
    return kept


# --------------------------------------------------------------------------------------------
# documents and paragraphs


def document_texts(
    sentences: pd.DataFrame, documents: pd.DataFrame | None = None
) -> dict[str, str]:
    """Each document's cleaned text: from ``documents`` when given, otherwise rebuilt from the
    sentence table (sentences at their offsets, line breaks between paragraphs, spaces
    elsewhere), which is enough to pair quote marks."""
    if documents is not None:
        return dict(zip(documents["doc_id"].tolist(), documents["text"].tolist(), strict=True))
    texts: dict[str, str] = {}
    for doc_id, grp in sentences.sort_values(["doc_id", "start"]).groupby("doc_id", sort=False):
        parts: list[str] = []
        pos, prev_para = 0, None
        for s in grp.itertuples(index=False):
            gap = max(s.start - pos, 0)
            parts.append(("\n" if prev_para is not None and s.para_id != prev_para else " ") * gap)
            parts.append(s.text)
            pos, prev_para = s.end, s.para_id
        texts[doc_id] = "".join(parts)
    return texts


def paragraph_spans(sentences: pd.DataFrame) -> dict[str, list[tuple[int, int, int]]]:
    """``(para_id, start, end)`` of each paragraph, per document, from the sentence table."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    extent: dict[tuple[str, int], list[int]] = {}
    columns = ("doc_id", "para_id", "start", "end")
    for doc_id, para_id, start, end in zip(*(sentences[c].tolist() for c in columns), strict=True):
        span = extent.get((doc_id, para_id))
        if span is None:
            extent[doc_id, para_id] = [start, end]
        else:
            span[0] = min(span[0], start)
            span[1] = max(span[1], end)
    for (doc_id, para_id), (start, end) in sorted(extent.items()):
        spans.setdefault(doc_id, []).append((int(para_id), int(start), int(end)))
    for doc_id in spans:
        spans[doc_id].sort(key=lambda p: p[1])
    return spans


def quote_spans_by_doc(
    sentences: pd.DataFrame, documents: pd.DataFrame | None = None
) -> dict[str, list[QuoteSpan]]:
    """:func:`scan_quotes` for every document of the sentence table."""
    return _scan_documents(document_texts(sentences, documents), sentences)


def _scan_documents(texts: dict[str, str], sentences: pd.DataFrame) -> dict[str, list[QuoteSpan]]:
    return {
        doc_id: scan_quotes(texts[doc_id], [(s, e) for _, s, e in spans])
        for doc_id, spans in paragraph_spans(sentences).items()
    }


# --------------------------------------------------------------------------------------------
# kinds and speakers


@lru_cache(maxsize=1)
def _registry_aliases() -> frozenset[str]:
    from analysis.actors import load_actors

    return frozenset(load_actors()["alias"].str.lower().str.replace("’", "'"))


def _stopwords() -> frozenset[str]:
    return load_word_list("stopwords_en")


def _is_title_case(words: list[str]) -> bool:
    """Two or more words, and every one that is not a stop word or a number capitalized (read
    up to the first that is not): “Game of Thrones”, “1619 Project”, “Vision 2030”."""
    if len(words) < 2:
        return False
    stop = _stopwords()
    content = False
    for w in words:
        if w.lower() not in stop and not w.isdigit():
            if not w[:1].isupper():
                return False
            content = True
    return content


def _is_alias(inner: str) -> bool:
    return inner.strip().lower().replace("’", "'") in _registry_aliases()


_ENDS_IN_PUNCT = re.compile(r"[.,;:!?]\s*$")
_NEXT_LOWER_WORD = re.compile(r"\s([a-z][\w-]*)")
_POSSESSIVE_BEFORE = re.compile(r"\w['’]s\s+$")
# what follows a marked term: its gloss (", the …", ", a …") or its complement ("of …")
_GLOSS_AFTER = re.compile(r"(?:,\s+(?:the|a|an)\s|\s+of\s)")
_WORK_BEFORE = re.compile(
    r"\b(?:show|series|programme|program|comedy|drama|sitcom|film|movie|documentary|book|"
    r"novel|memoir|song|album|podcast|newspaper|magazine|column|play|musical)\s+$",
    re.IGNORECASE,
)
_SENTENCE_SHAPE = re.compile(r"\s*[A-Z].*[.!?,]\s*$", re.DOTALL)


# a nickname between a first name and a surname: Benjamin “Bibi” Netanyahu, Joaquín “El Chapo”
# Guzmán; a weekday or month after the quote is no surname (word list calendar_words: Putin
# told Biden “No” Tuesday)
_NAME_BEFORE = re.compile(r"(?:^|\s)[A-Z][\w’'.-]*\s$")
_NAME_AFTER = re.compile(r"\s([A-Z][\w’'-]*)")


def _is_nickname(text: str, q: QuoteSpan, words: list[str]) -> bool:
    """A quote of one to three capitalised words between two capitalised words (the second
    not a weekday or month)."""
    if not (0 < len(words) <= 3 and all(w[:1].isupper() for w in words)):
        return False
    after = _NAME_AFTER.match(text, q.end)
    return (
        after is not None
        and after.group(1) not in load_word_list("calendar_words", lower=False)
        and _NAME_BEFORE.search(text, max(0, q.start - 30), q.start) is not None
    )


def _is_name(inner: str, before: str, words: list[str], *, labelled: bool = False) -> bool:
    """``words``: the token strings of ``inner`` (``TOKEN_RE.findall``). After a naming verb a
    quote is a name, unless that verb is an attribution's cue (``labelled``) and the quote is
    not in title case: then it is the source's label ("what Zelensky called “a turning
    point”"), while "the operation, codenamed “Spiderweb”" stays a name."""
    title_case = _is_title_case(words)
    if _NAMING.search(before):
        return title_case or not labelled
    if inner.endswith(",") and inner[:1].isupper() and (
        (title_case and len(words) > 1 and _POSSESSIVE_BEFORE.search(before))
        or ((title_case or len(words) == 1) and _WORK_BEFORE.search(before))
    ):  # (not one word after a possessive: "Biden's “Absolutely,” came")
        # a title with the comma American style puts inside the marks, after a possessive or
        # a kind of work: CNN's “New Day,”; the TV comedy “The Office,”; the sitcom “Fleabag,”
        return True
    return title_case and not _ENDS_IN_PUNCT.search(inner)


def _is_attributive_term(text: str, q: QuoteSpan, n_words: int) -> bool:
    """A term the outlet marks inside a noun phrase, even when a reporting verb is near: a
    one-word quote used as a modifier (a “backstop” security guarantee), or a quote of one or
    two words after a determiner or possessive that the outlet then glosses or completes
    (a “backstop”, the air and intelligence support …; Russia's “shadow fleet” of tankers)."""
    before = text[max(0, q.start - 12) : q.start]
    if n_words == 1 and _DETERMINER_BEFORE.search(before):
        m = _NEXT_LOWER_WORD.match(text[q.end : q.end + 40])
        if m and m.group(1) not in _stopwords():
            return True
    marked = _DETERMINER_BEFORE.search(before) or _POSSESSIVE_BEFORE.search(before)
    if n_words in (1, 2) and marked:
        return _GLOSS_AFTER.match(text, q.end) is not None
    return False


def _sentence_like(inner: str, n_words: int) -> bool:
    return n_words > 4 or bool(_SENTENCE_SHAPE.match(inner))


def classify_quote(text: str, q: QuoteSpan, *, attributed: bool) -> str:
    """The kind of a quote (see the module docstring); ``attributed`` says whether an
    attribution introduces or follows it."""
    if not q.balanced:
        return "unbalanced"
    inner = text[q.inner_start : q.inner_end]
    return _kind(text, q, attributed, inner, TOKEN_RE.findall(inner))


def _kind(
    text: str, q: QuoteSpan, attributed: bool, inner: str, words: list[str],
    labelled: bool = False,
) -> str:
    """:func:`classify_quote` of a balanced quote whose ``inner`` text and its token strings
    ``words`` the caller has already; ``labelled``: the attribution that introduces it is a
    labelling verb right before it ("what Zelensky called “…”")."""
    before = text[max(0, q.start - 30) : q.start]
    n_words = len(words)  # = count_tokens(inner)
    # a registry alias is a name even after "so-called" (the so-called “coalition of the
    # willing”); any other so-called term is a scare quote
    if _is_alias(inner):
        return "name_or_title"
    if _SO_CALLED.search(before):
        return "scare_quote"
    if _is_name(inner, before, words, labelled=labelled) or _is_nickname(text, q, words):
        return "name_or_title"
    if attributed:
        return "scare_quote" if _is_attributive_term(text, q, n_words) else "speech"
    if (3 <= n_words <= 4 and words[0].lower().endswith("ed")
            and words[1].lower() in _VERB_PHRASE_SECOND and _AUX_BEFORE.search(before)):
        # the quote holds the verb phrase of a subject outside it ("Lavrov has already “ruled
        # out European peacekeepers”"): quoted wording, not a term (a single word, "has
        # “liberated”", stays a scare quote)
        return "speech"
    return "speech" if _sentence_like(inner, n_words) else "scare_quote"


# the second word of a quoted verb phrase ("ruled out …", "agreed in principle"); after "has"
# of possession, an adjective and a noun follow ("has “limited air defence capacity”")
_VERB_PHRASE_SECOND = frozenset(
    "out off up down in on for to into from with against the a an that this any all its their "
    "his her our them him it".split()
)
_AUX_BEFORE = re.compile(
    r"\b(?:has|have|had|having)\s+(?:[a-z]+ly\s+|already\s+|not\s+|now\s+)?$", re.IGNORECASE
)


_AFTER_QUOTE = re.compile(r"^[\s,.;:!?–—-]*$")
# between a cue and the quote that is its content: nothing, or an addressee, then a colon
_OPENS_CONTENT = re.compile(r"(?:\s+[^\s“\"”.;]+(?:\s+[^\s“\"”.;]+){0,3})?\s*:?\s*")


def _link_attribution(
    q: QuoteSpan, attrs: list[dict], text: str,
    opening: tuple[int, int] | None = None,
) -> dict | None:
    """The attribution that gives the quote its speaker, among those of the sentences the
    quote is in: first one whose clause follows the closing mark ("“…,” Macron said"; "“…”,
    Bloomberg reports"), else one whose content covers the quote (Witkoff said there was … a
    “prosperity plan”), the nearest before it first. ``opening``: the id and end of the
    sentence the quote opens in, for a quote that runs on past it ("X said: “… . … .”")."""
    for a in sorted(attrs, key=lambda a: a["start"]):
        lead = a["source_start"] if a["source"] else a["cue_start"]
        if (a["content_end"] <= q.end + 2 and lead >= q.end - 1
                and _AFTER_QUOTE.match(text[q.end : lead])):
            return a
    covering = [
        a for a in attrs
        if a["content_start"] <= q.inner_start + 1
        # the content covers the quote, or all of the quote in the sentence where it opens when
        # it runs on into the next sentences ("X said: “… . … .”")
        and (a["content_end"] >= q.inner_end - 1
             or (opening is not None and q.inner_end > opening[1]
                 and int(a["sent_id"]) == opening[0] and a["content_end"] >= opening[1] - 2
                 # the quote opens the clause's content: "X said: “…", "X told Y: “…"
                 and _OPENS_CONTENT.fullmatch(text, a["cue_end"], q.start) is not None))
        and not (a["cue_start"] >= q.start and a["cue_end"] <= q.end)  # its cue is quoted
    ]
    if not covering:
        return None

    def distance(a: dict) -> int:  # how far the cue is before the quote
        return q.inner_start - a["cue_end"] if a["cue_end"] <= q.inner_start else 10**9

    return min(covering, key=distance)


def _continued_speaker(rows: list[dict], q: QuoteSpan, sent: dict, doc_id: str) -> dict | None:
    """A quote that opens its sentence with no reporting clause of its own, right after a
    speech quote of the same paragraph, goes on in that speaker's voice (“…,” one official
    told the BBC. “It is a list of Russian demands.”)."""
    if not rows or rows[-1]["doc_id"] != doc_id or rows[-1]["kind"] != "speech":
        return None
    prev = rows[-1]
    same_para = prev["para_id"] == sent["para_id"]
    next_sentence = sent["sent_id"] - prev["end_sent_id"] in (0, 1)
    opens_sentence = sent["text"][: q.start - sent["start"]].strip() == ""
    if not (same_para and next_sentence and opens_sentence and prev["speaker"]):
        return None
    return {
        "source": prev["speaker"],
        "source_type": prev["speaker_type"],
        "speaker_actor": prev["speaker_actor"],
        "speaker_group": prev["speaker_group"],
        "speaker_resolution": "previous_quote",
        "cue": "",
    }


def find_quotes(
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None = None,
    *,
    attributions: pd.DataFrame | None = None,
    mentions: pd.DataFrame | None = None,
    quote_spans: dict[str, list[QuoteSpan]] | None = None,
) -> pd.DataFrame:
    """Every quote in the corpus, its kind and its speaker.

    ``documents`` (the cleaned documents, ``prepare_corpus(...).documents``) gives the exact
    text; without it the text is rebuilt from the sentences. ``attributions`` defaults to
    :func:`analysis.attribution.find_attributions` of the sentences (with ``mentions``).

    One row per quote: ``doc_id, outlet, sent_id`` (where it opens), ``end_sent_id``,
    ``para_id``, ``start, end`` (offsets of the marks in the cleaned text), ``text`` (the words
    inside the marks), ``n_words``, ``kind`` (speech, scare_quote, name_or_title, unbalanced),
    ``quote_mark`` (curly, straight), ``quote_style`` (double, single), ``speaker`` (the phrase
    as written, empty if the text names none; for a "he"/"she" after "which" whom the registry
    does not know, the person an earlier clause of the sentence names: "Rooker said …, which
    he called “…”" gives "Rooker"), ``speaker_type`` (the source type of the attribution
    that gave it: named_person, named_institution, anonymous, vague; empty for no speaker),
    ``speaker_actor`` and ``speaker_group`` (registry actor and group, empty if not resolved:
    "a US official" is anonymous, of the actor US), ``speaker_resolution`` (explicit,
    pronoun_same_sentence: "Peskov said …, which he called “theft”", pronoun_previous_sentence,
    role_previous_sentence, previous_quote: a quote that goes on
    in the voice of the quote before it, none) and ``attribution_cue`` (the reporting words
    that gave the speaker).

    Read ``speech`` rows as the voices an outlet carries in their own words; a speech quote
    with no speaker is quoted wording the outlet does not pin on anyone ("it's been claimed").
    ``quote_spans`` is ``quote_spans_by_doc(sentences, documents)`` if the caller has it
    (:func:`analysis.attribution.find_attributions` pairs the same marks).
    """
    if attributions is None:
        from analysis.attribution import find_attributions

        attributions = find_attributions(sentences, mentions=mentions, documents=documents)
    texts = document_texts(sentences, documents)
    ordered = sentences.sort_values(["doc_id", "start"])
    columns = [ordered[c].tolist() for c in _SENTENCE_KEYS]
    doc_ids, all_starts = columns[0], columns[4]
    # each document's rows: doc_ids is sorted, so they are one run [lo, hi) of the table
    runs: dict[str, tuple[int, int]] = {}
    lo = 0
    for doc_id, group in groupby(doc_ids):
        hi = lo + sum(1 for _ in group)
        runs[doc_id] = (lo, hi)
        lo = hi

    table = list(zip(*columns, strict=True))

    def record(i: int) -> dict:  # a sentence as a dict, made only for the quotes' sentences
        return dict(zip(_SENTENCE_KEYS, table[i], strict=True))

    attrs_by_sent: dict[tuple[str, int], list[dict]] = {}
    keys = [c for c in _ATTRIBUTION_KEYS if c in attributions.columns]
    for a in _records(attributions, keys):
        attrs_by_sent.setdefault((a["doc_id"], int(a["sent_id"])), []).append(a)
    if quote_spans is None:
        quote_spans = _scan_documents(texts, sentences)
    rows: list[dict] = []
    for doc_id, (lo, hi) in runs.items():
        text = texts[doc_id]
        starts = all_starts[lo:hi]
        for q in quote_spans[doc_id]:
            i = lo + max(bisect.bisect_right(starts, q.start) - 1, 0)
            j = lo + max(bisect.bisect_right(starts, max(q.end - 1, q.start)) - 1, 0)
            first = record(i)
            last = first if j == i else record(j)
            rows.append(_quote_row(q, text, first, last, rows, attrs_by_sent))
        _names_in_lists(rows, doc_id, text)
    out = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


# between two quotes of a list: “Frozen II,” “Captain Marvel” and “Hustlers,”
_LIST_GAP = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?")


def _names_in_lists(rows: list[dict], doc_id: str, text: str) -> None:
    """Quotes listed one after another (joined by commas, "and", "or") are of one kind: when
    one of them is a name or title, so are the others (films “Frozen II,” “Captain Marvel”
    and “Hustlers,”; slogans such as “Justice for George Floyd”, “Stop killing us”)."""
    i = len(rows) - 1
    while i > 0 and rows[i]["doc_id"] == doc_id:
        j = i  # rows[j..i] is one list
        while (j > 0 and rows[j - 1]["doc_id"] == doc_id
               and rows[j - 1]["kind"] != "unbalanced" and rows[j]["kind"] != "unbalanced"
               and _LIST_GAP.fullmatch(text, rows[j - 1]["end"], rows[j]["start"]) is not None):
            j -= 1
        members = rows[j : i + 1]
        if len(members) > 1 and any(r["kind"] == "name_or_title" for r in members):
            for r in members:
                if r["kind"] != "name_or_title":
                    r.update(kind="name_or_title", speaker="", speaker_type="", speaker_actor="",
                             speaker_group="", speaker_resolution="none", attribution_cue="")
        i = j - 1


_SENTENCE_KEYS = ["doc_id", "outlet", "sent_id", "para_id", "start", "end", "text"]
# the attribution columns the quotes read
_ATTRIBUTION_KEYS = [
    "doc_id", "sent_id", "start", "source", "source_start", "cue", "cue_start", "cue_end",
    "content_start", "content_end", "speaker_actor", "speaker_group", "speaker_resolution",
    "source_type", "source_end",
]


def _records(table: pd.DataFrame, columns: list[str]) -> list[dict]:
    """``table[columns].to_dict("records")`` (Python values), without pandas' per-cell boxing."""
    values = [table[c].tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


_AFTER_RELATIVE_WORD = re.compile(r"\b(?:which|that|what)\s+$", re.IGNORECASE)
_ANOTHER_PERSON = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame)\.?\s+[A-Z]|\b[A-Z][a-z]+\s+[A-Z][a-z]+|"
    r"(?i:\b(?:his|her|their|the)\s+(?:[a-z]+\s+)?(?:opponent|colleague|rival|wife|husband|son|"
    r"daughter|boss|deputy|predecessor|successor|partner|friend|minister|chancellor|president|"
    r"secretary|leader|chief|governor|mayor|judge|senator|spokesman|spokeswoman|manager|coach|"
    r"driver|chairman|chairwoman)\b)"
)
_TITLE_GENDER = re.compile(r"(Mr|Mrs|Ms|Miss)\.?\s")


def _antecedent_in_sentence(link: dict, candidates: list[dict], text: str) -> str:
    """The person a "he"/"she" after a relative word refers back to in its own sentence, when
    an earlier reporting clause there names them ("Rooker said he would strip out the audits,
    which he called “a permission slip …”": Rooker); "" if none does."""
    start = link.get("source_start")
    if start is None or not _AFTER_RELATIVE_WORD.search(text, max(0, start - 12), start):
        return ""
    earlier = [
        a for a in candidates
        if a["sent_id"] == link["sent_id"] and a["cue_end"] <= start
        and a["source_type"] == "named_person" and a["source"].lower() not in ("he", "she")
    ]
    if not earlier:
        return ""
    named = earlier[-1]
    # another person named between them may be the antecedent ("Anna Berg said driver Luca
    # Moretti …, which he …"), and a title may disagree with the pronoun ("Ms Ito … he")
    if _ANOTHER_PERSON.search(text, named["source_end"], start):
        return ""
    title = _TITLE_GENDER.match(named["source"])
    pronoun = link["source"].lower()
    if title and (title.group(1) == "Mr") != (pronoun == "he"):
        return ""
    return named["source"]


def _quote_row(
    q: QuoteSpan, text: str, first: dict, last: dict, rows: list[dict],
    attrs_by_sent: dict[tuple[str, int], list[dict]],
) -> dict:
    doc_id = first["doc_id"]
    candidates = [
        a for sent_id in range(int(first["sent_id"]), int(last["sent_id"]) + 1)
        for a in attrs_by_sent.get((doc_id, sent_id), [])
    ]
    opening = (int(first["sent_id"]), int(first["end"]))  # the sentence the quote opens in
    link = _link_attribution(q, candidates, text, opening) if q.balanced else None
    inner = text[q.inner_start : q.inner_end]
    words = _token_re(inner).findall(inner)  # once: the kind and n_words read them
    labelled = link is not None and _LABEL_GAP.fullmatch(text, link["cue_end"], q.start) is not None
    kind = _kind(text, q, link is not None, inner, words, labelled) if q.balanced else "unbalanced"
    if kind not in ("speech", "unbalanced"):
        link = None
    if link is None and kind == "speech":
        link = _continued_speaker(rows, q, first, doc_id)
    speaker = "" if link is None else link["source"]
    if link is not None and speaker.lower() in ("he", "she") and not link["speaker_actor"]:
        speaker = _antecedent_in_sentence(link, candidates, text) or speaker
    return {
        "doc_id": doc_id,
        "outlet": first["outlet"],
        "sent_id": int(first["sent_id"]),
        "end_sent_id": int(last["sent_id"]),
        "para_id": int(first["para_id"]),
        "start": q.start,
        "end": q.end,
        "text": inner,
        "n_words": len(words),  # = count_tokens(inner)
        "kind": kind,
        "quote_mark": q.mark,
        "quote_style": q.style,
        "speaker": speaker,
        "speaker_type": "" if link is None else link["source_type"],
        "speaker_actor": "" if link is None else link["speaker_actor"],
        "speaker_group": "" if link is None else link["speaker_group"],
        "speaker_resolution": "none" if link is None else link["speaker_resolution"],
        "attribution_cue": "" if link is None else link["cue"],
    }


# --------------------------------------------------------------------------------------------
# voices


def voices(
    quotes: pd.DataFrame,
    *,
    by: Literal["outlet", "doc_id"] = "outlet",
    level: Literal["speaker", "group"] = "speaker",
) -> pd.DataFrame:
    """Whose words each outlet quotes: speech quotes and quoted words per speaker (or per
    actor group), per outlet.

    ``level="speaker"``: one row per ``<by>, speaker, speaker_group`` where ``speaker`` is the
    registry actor when a named source resolves to one ("President Donald Trump", "he" →
    Trump), otherwise the phrase as written ("a US official", "western security officials":
    an anonymous or vague source is not the actor it belongs to), or ``(unattributed)``.
    ``level="group"``: one row per ``<by>, speaker_group``: the registry group of the speaker
    (an anonymous "US official" is in the group US), ``outside registry`` for speakers the
    actor registry does not know ("Bloomberg", "western security officials"),
    ``(unattributed)`` for the quotes with no speaker, with ``n_speakers`` (named speakers,
    source types named_person and named_institution: 0 for the unattributed). Columns
    ``n_quotes``, ``n_words`` and ``share_of_words`` (of all words the outlet quotes as speech).
    Read a share as "of the words this outlet quotes, how many are this speaker's"; the quotes
    themselves are one ``kwic`` call away.
    """
    check_choice("by", by, ("outlet", "doc_id"))
    check_choice("level", level, ("speaker", "group"))
    speech = quotes[quotes["kind"] == "speech"].copy()
    named = speech["speaker_type"].isin(NAMED_TYPES)
    resolved = (speech["speaker_actor"] != "") & named
    speaker = speech["speaker_actor"].where(resolved, speech["speaker"])
    speech["speaker"] = speaker.where(speaker != "", UNATTRIBUTED)
    group = speech["speaker_group"].where(speech["speaker_group"] != "", OUTSIDE_REGISTRY)
    # quotes with no speaker are a group of their own, with no speakers in it
    speech["speaker_group"] = group.where(speech["speaker"] != UNATTRIBUTED, UNATTRIBUTED)
    keys = [by, "speaker", "speaker_group"] if level == "speaker" else [by, "speaker_group"]
    agg = {"n_quotes": ("text", "size"), "n_words": ("n_words", "sum")}
    if level == "group":
        speech["_named"] = speech["speaker"].where(named & (speech["speaker"] != UNATTRIBUTED))
        agg["n_speakers"] = ("_named", "nunique")
    columns = [*keys, "n_quotes", "n_words", "share_of_words"]
    if level == "group":
        columns.insert(len(keys), "n_speakers")
    if speech.empty:
        return pd.DataFrame(columns=columns)
    out = speech.groupby(keys, sort=True).agg(**agg).reset_index()
    total = out.groupby(by)["n_words"].transform("sum")
    out["share_of_words"] = (out["n_words"] / total.where(total > 0)).round(4).fillna(0.0)
    ascending = [True, False, *[True] * (len(keys) - 1)]
    out = out.sort_values([by, "n_words", *keys[1:]], ascending=ascending)
    return out[columns].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# evaluation against hand annotation


def _norm(phrase: str) -> str:
    return " ".join(str(phrase).replace("’", "'").lower().split())


def _gold_quote_spans(gold: pd.DataFrame, sentences: pd.DataFrame, texts: dict[str, str]) -> list:
    starts = sentences.set_index(["doc_id", "sent_id"])["start"]
    spans = []
    for g in gold.itertuples(index=False):
        text = texts.get(g.doc_id)
        if text is None:
            raise ParameterError(f"gold quote in document {g.doc_id!r}, not in the sentences")
        pos = text.find(g.quote, int(starts.loc[(g.doc_id, int(g.sent_id))]))
        if pos < 0:
            raise ParameterError(
                f"gold quote {g.quote[:40]!r} not found in {g.doc_id} after sentence {g.sent_id}"
            )
        spans.append((pos, pos + len(g.quote)))
    return spans


def match_quotes(
    quotes: pd.DataFrame,
    gold: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Pair predicted and gold quotes (same document, overlapping words, one to one, largest
    overlap first). One row per gold quote and per unmatched prediction, with ``status`` tp,
    fn or fp and both sides' kind and speaker, for reading the errors."""
    gold = gold[gold["record"] == "quote"].reset_index(drop=True)
    texts = document_texts(sentences, documents)
    docs = set(sentences["doc_id"])
    pred = quotes[quotes["doc_id"].isin(docs)].reset_index(drop=True)
    spans = _gold_quote_spans(gold, sentences, texts)
    inner = [(s + 1, e - 1) if b else (s, e) for s, e, b in zip(
        pred["start"], pred["end"], pred["kind"] != "unbalanced", strict=True)]
    pairs = []
    for gi, (gs, ge) in enumerate(spans):
        for pi in pred.index[pred["doc_id"] == gold.at[gi, "doc_id"]]:
            ov = min(ge, inner[pi][1]) - max(gs, inner[pi][0])
            if ov > 0:
                pairs.append((ov, gi, pi))
    used_g: dict[int, int] = {}
    used_p: set[int] = set()
    for _, gi, pi in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if gi not in used_g and pi not in used_p:
            used_g[gi] = pi
            used_p.add(pi)
    rows = []
    for gi, g in gold.iterrows():
        pi = used_g.get(gi)
        p = pred.loc[pi] if pi is not None else None
        rows.append(_quote_pair_row(g, p))
    for pi in sorted(set(pred.index) - used_p):
        rows.append(_quote_pair_row(None, pred.loc[pi]))
    return pd.DataFrame(rows)


def _quote_pair_row(g: pd.Series | None, p: pd.Series | None) -> dict[str, object]:
    row: dict[str, object] = {
        "status": "tp" if g is not None and p is not None else ("fn" if p is None else "fp"),
        "doc_id": (g if g is not None else p)["doc_id"],
        "sent_id": int((g if g is not None else p)["sent_id"]),
        "gold_text": "" if g is None else g["quote"],
        "pred_text": "" if p is None else p["text"],
        "gold_kind": "" if g is None else g["kind"],
        "pred_kind": "" if p is None else p["kind"],
        "gold_speaker": "" if g is None else g["speaker"],
        "pred_speaker": "" if p is None else p["speaker"],
        "gold_actor": "" if g is None else g["speaker_actor"],
        "pred_actor": "" if p is None else p["speaker_actor"],
    }
    row["speaker_correct"] = bool(
        g is not None and p is not None and g["kind"] == "speech" and p["kind"] == "speech"
        and _same_speaker(g, p)
    )
    return row


def _same_speaker(g: pd.Series, p: pd.Series) -> bool:
    if g["speaker_actor"]:
        return p["speaker_actor"] == g["speaker_actor"]
    return _norm(p["speaker"]) == _norm(g["speaker"])


def evaluate_quotes(
    quotes: pd.DataFrame,
    gold: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Score :func:`find_quotes` against hand-annotated quotes (``record == "quote"`` rows of
    the gold, see ``tests/data/attribution_gold.md``).

    Rows ``metric, value, n_correct, n, note``: quote precision and recall (any kind, matched by
    overlapping words), kind accuracy over matched quotes, speaker accuracy over **all** gold
    speech quotes (a missed quote counts as wrong), and exact extent over matched quotes.
    """
    pairs = match_quotes(quotes, gold, sentences, documents)
    tp = int((pairs["status"] == "tp").sum())
    n_pred = int((pairs["status"] != "fn").sum())
    n_gold = int((pairs["status"] != "fp").sum())
    matched = pairs[pairs["status"] == "tp"]
    speech = pairs[pairs["gold_kind"] == "speech"]
    exact = matched.apply(lambda r: _norm(r["gold_text"]) == _norm(r["pred_text"]), axis=1)
    rows = [
        metric_row("quote_precision", tp, n_pred, "predicted quotes that match a gold quote"),
        metric_row("quote_recall", tp, n_gold, "gold quotes found"),
        metric_row("quote_kind_accuracy", int((matched["gold_kind"] == matched["pred_kind"]).sum()),
                len(matched), "speech / scare_quote / name_or_title / unbalanced, matched quotes"),
        metric_row("quote_speaker_accuracy", int(speech["speaker_correct"].sum()), len(speech),
                "gold speech quotes found as speech with the same speaker (actor, else phrase)"),
        metric_row("quote_extent_exact", int(exact.sum()) if len(matched) else 0, len(matched),
                "matched quotes with exactly the gold words"),
    ]
    return pd.DataFrame(rows)

