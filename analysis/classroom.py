"""Classroom exercises: self-checks for students, student and teacher versions from one source.

The exercise notebooks live in ``notebooks/classroom/`` (``01_…ipynb`` to ``05_…ipynb``). Each
starts with :func:`start_exercise`, which names the exercise and the corpus, and each task
ends with a **self-check** cell::

    ex = start_exercise("loaded_language", corpus=corpus)
    ...
    tabloid_rate = None            # the student replaces None with an answer
    check("tabloid_rate", tabloid_rate)

:func:`check` compares the answer with the value the package computes **at check time** from
the same corpus (so the checks follow the notebook's ``corpus`` parameter, and a student's
own lexicon or coding file), and answers in one line without giving the answer away: correct,
"not answered yet" (the answer is still ``None``), too high or too low with a hint aimed at
the usual mistake ("did you count per 1,000 tokens?"), or which items of a list are right.
:func:`hint` gives a nudge on how to get there; ``ex.summary()`` lists every check's status.

**One source, two versions.** Solutions are marked in the source notebooks: lines between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` in a code cell, and text between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` in a Markdown cell (model answers to
the written questions); a cell tagged ``solution`` is a solution as a whole and a cell tagged
``teacher`` is a note for teachers only. :func:`build_versions` (``framescope classroom
build``) writes a **student** version (solution code replaced by ``# your code here``, model
answers by a prompt, teacher notes removed) and a **teacher** version (the markers removed,
everything kept) of every notebook, with the coding template and the codebook beside them.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from analysis.errors import FramescopeError, ParameterError, check_choice

Version = Literal["student", "teacher"]
VERSIONS: tuple[str, ...] = ("student", "teacher")
Status = Literal["correct", "incorrect", "not answered", "cannot check"]
Kind = Literal["number", "choice", "text", "set", "lexicon"]

ROOT = Path(__file__).resolve().parents[1]
CLASSROOM_DIR = ROOT / "notebooks" / "classroom"
BEGIN_CODE, END_CODE = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_TEXT, END_TEXT = "<!-- BEGIN SOLUTION -->", "<!-- END SOLUTION -->"
# the markers as written by hand: any case, any spacing ("###begin solution")
_CODE_MARK = re.compile(r"#+\s*(BEGIN|END)\s+SOLUTION", re.I)
_TEXT_BEGIN = re.compile(r"<!--\s*BEGIN\s+SOLUTION\s*-->", re.I)
_TEXT_END = re.compile(r"<!--\s*END\s+SOLUTION\s*-->", re.I)
_ANY_MARK = re.compile(r"(BEGIN|END)\s+SOLUTION", re.I)
CODE_STUB = "# your code here"
TEXT_STUB = "*Your answer:* …"
SOLUTION_TAG, TEACHER_TAG = "solution", "teacher"
NOT_ANSWERED = "not answered yet"
ICONS = {"correct": "✅", "incorrect": "❌", "not answered": "⏳", "cannot check": "⚠️"}
HANDOUT_FILES = (
    CLASSROOM_DIR / "coding_template.csv",
    CLASSROOM_DIR / "coding_example.csv",
    ROOT / "docs" / "codebook.md",
    ROOT / "docs" / "lexicon-format.md",
)
N_BOOT = 200  # the checks need rates, not intervals: keep the bootstrap small


class ClassroomError(FramescopeError):
    """A classroom notebook or exercise cannot be used (the message says why and what to do)."""


class _CannotCheck(Exception):
    """The expected value does not exist in this corpus (e.g. the outlet is not in it)."""


# --------------------------------------------------------------------------------------------
# paths


def locate_path(path: str | Path) -> Path:
    """``path`` as given when it exists (relative to the working folder), else relative to the
    framescope folder (so ``"seeds"`` works from any notebook folder of the checkout), else
    relative to the classroom folder (the handouts, such as ``"coding_example.csv"``).
    Raises :class:`ClassroomError` when none exists."""
    p = Path(path)
    if p.exists():
        return p.resolve()
    for base in (ROOT, CLASSROOM_DIR):
        if not p.is_absolute() and (base / p).exists():
            return (base / p).resolve()
    raise ClassroomError(
        f"{path}: no such file or folder (looked in {Path.cwd()}, {ROOT} and {CLASSROOM_DIR}); "
        "set the notebook's parameter to an existing path"
    )


# --------------------------------------------------------------------------------------------
# what the checks compute


@dataclass
class ExerciseContext:
    """The corpus (and a student's lexicon or coding file) the answers are computed from.

    Every table is computed once, when a check first needs it, with the same package
    functions the notebooks use."""

    corpus: Path
    lexicon_path: str = ""
    codings: str = ""

    @cached_property
    def prepared(self):
        from analysis.pipeline import prepare_corpus

        return prepare_corpus(self.corpus)

    @property
    def sentences(self) -> pd.DataFrame:
        return self.prepared.sentences

    @cached_property
    def outlets(self) -> list[str]:
        return sorted(self.sentences["outlet"].unique())

    @cached_property
    def tokens(self) -> pd.Series:
        return self.sentences.groupby("outlet")["n_tokens"].sum()

    @cached_property
    def loaded_hits(self) -> pd.DataFrame:
        from analysis.loaded import find_loaded

        return find_loaded(self.sentences)

    @cached_property
    def loaded_rates(self) -> pd.DataFrame:
        from analysis.loaded import loaded_rates

        return loaded_rates(self.loaded_hits, self.sentences, n_boot=N_BOOT)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        from analysis.actors import find_mentions

        return find_mentions(self.sentences)

    @cached_property
    def forms(self) -> pd.DataFrame:
        from analysis.actors import naming_forms

        return naming_forms(self.sentences, self.mentions)

    @cached_property
    def targets(self) -> pd.DataFrame:
        from analysis.loaded import loaded_targets

        return loaded_targets(self.loaded_hits, self.forms, self.sentences)

    @cached_property
    def naming(self) -> pd.DataFrame:
        from analysis.actors import naming_variants

        return naming_variants(self.forms)

    @cached_property
    def attributions(self) -> pd.DataFrame:
        from analysis.attribution import find_attributions

        return find_attributions(
            self.sentences, mentions=self.mentions, documents=self.prepared.documents
        )

    @cached_property
    def quotes(self) -> pd.DataFrame:
        from analysis.quotes import find_quotes

        return find_quotes(
            self.sentences,
            self.prepared.documents,
            attributions=self.attributions,
            mentions=self.mentions,
        )

    @cached_property
    def hedges(self) -> pd.DataFrame:
        from analysis.attribution import find_hedges

        return find_hedges(self.sentences, attributions=self.attributions, quotes=self.quotes)

    @cached_property
    def hedge_rates(self) -> pd.DataFrame:
        from analysis.attribution import hedge_rates

        return hedge_rates(self.hedges, self.sentences, n_boot=N_BOOT)

    @cached_property
    def loaded_voiced(self) -> pd.DataFrame:
        from analysis.attribution import mark_voice

        return mark_voice(self.targets, attributions=self.attributions, quotes=self.quotes,
                          reported_speech="outlet")

    @cached_property
    def voices(self) -> pd.DataFrame:
        from analysis.quotes import voices

        return voices(self.quotes)

    @cached_property
    def voice_groups(self) -> pd.DataFrame:
        from analysis.quotes import voices

        return voices(self.quotes, level="group")

    @cached_property
    def scores(self) -> pd.DataFrame:
        from analysis.stance import score_sentences

        return score_sentences(self.sentences)

    @cached_property
    def stance(self) -> pd.DataFrame:
        from analysis.stance import actor_stance

        return actor_stance(
            self.sentences, self.mentions, self.targets, scores=self.scores, n_boot=N_BOOT
        )

    def stance_rows(self, context: str) -> pd.DataFrame:
        """The sentence × actor evidence, scored on the sentence or on the actor's clauses."""
        from analysis.stance import stance_sentences

        return stance_sentences(
            self.sentences, self.mentions, self.targets, scores=self.scores, context=context
        )

    # the student's own lexicon (exercise 4) -------------------------------------------------

    def lexicon(self):
        """The student's lexicon as it is in the file now (re-read at every check)."""
        from analysis.lexicons import load_lexicon

        if not self.lexicon_path or not Path(self.lexicon_path).is_file():
            raise _NotAnswered("no lexicon file yet")
        lex = load_lexicon(Path(self.lexicon_path))
        if len(lex.entries) == 0:
            raise _NotAnswered("your lexicon has no entries yet")
        return lex

    def lexicon_rates(self) -> pd.DataFrame:
        from analysis.lexicons import match_lexicon
        from analysis.loaded import loaded_rates

        hits = match_lexicon(self.sentences, self.lexicon())
        return loaded_rates(hits, self.sentences, n_boot=N_BOOT)

    # the coding file (exercise 5) -----------------------------------------------------------

    @cached_property
    def coded(self):
        from analysis.agreement import read_codings

        if not self.codings:
            raise _CannotCheck("no coding sheet: start the exercise with codings=<your sheet>")
        return read_codings(locate_path(self.codings), sentences=self.sentences)

    @cached_property
    def coded_with_detector(self):
        from analysis.agreement import add_coder, detect_codes

        detected = detect_codes(self.sentences, documents=self.prepared.documents)
        return add_coder(self.coded, detected)

    def two_coders(self) -> tuple[str, str]:
        coders = self.coded.coders
        if len(coders) < 2:
            raise _CannotCheck("the coding file needs at least two coders")
        return coders[0], coders[1]


class _NotAnswered(Exception):
    """The student's file is not there or empty yet."""


def _row(table: pd.DataFrame, what: str, **where: object) -> pd.Series:
    sel = table
    for col, value in where.items():
        sel = sel[sel[col] == value]
    if len(sel) != 1:
        raise _CannotCheck(f"this corpus has no {what}")
    return sel.iloc[0]


def _outlet(ctx: ExerciseContext, name: str) -> str:
    if name not in ctx.outlets:
        raise _CannotCheck(f"the question is about the outlet {name!r}, which is not in the corpus")
    return name


# --------------------------------------------------------------------------------------------
# questions


@dataclass(frozen=True)
class Question:
    """One self-checked answer: how to compute the expected value, and how to help.

    ``mistakes`` are (value of a common wrong approach, message): when the answer equals
    such a value, the message says what went wrong. ``choices`` (for ``choice`` and ``set``
    questions) are the valid options; an answer outside them is pointed out.
    """

    id: str
    kind: Kind
    expected: Callable[[ExerciseContext], Any]
    hint: str
    mistakes: tuple[tuple[Callable[[ExerciseContext], Any], str], ...] = ()
    choices: Callable[[ExerciseContext], Iterable[str]] | None = None
    on_correct: str = ""
    rel_tol: float = 0.005
    abs_tol: float = 0.005


TABLOID, BBC, WNA, AJ, REPUB = (
    "UK tabloid (unnamed)",
    "BBC News",
    "World News Actuality",
    "Al Jazeera",
    "Unidentified republisher",
)


def _rate(ctx: ExerciseContext, table: pd.DataFrame, outlet: str, **where: object) -> float:
    return float(_row(table, f"rate for {outlet}", outlet=_outlet(ctx, outlet), **where)
                 ["rate_per_1k"])


def _loaded_rate(ctx: ExerciseContext, outlet: str) -> float:
    return _rate(ctx, ctx.loaded_rates, outlet, category="all")


def _top(series: pd.Series) -> set[str]:
    if series.empty or not np.isfinite(series.max()):
        raise _CannotCheck("there is nothing to compare")
    return set(series[np.isclose(series, series.max())].index)


def _hits_of(ctx: ExerciseContext, outlet: str) -> pd.DataFrame:
    return ctx.loaded_hits[ctx.loaded_hits["outlet"] == _outlet(ctx, outlet)]


def _voiced_of(ctx: ExerciseContext, outlet: str) -> pd.DataFrame:
    return ctx.loaded_voiced[ctx.loaded_voiced["outlet"] == _outlet(ctx, outlet)]


def _attributions_of(ctx: ExerciseContext, outlet: str) -> pd.DataFrame:
    return ctx.attributions[ctx.attributions["outlet"] == _outlet(ctx, outlet)]


def _own_hedge_rate(ctx: ExerciseContext, outlet: str, voice: str = "outlet") -> float:
    return _rate(ctx, ctx.hedge_rates, outlet, category="all", voice=voice)


def _group_share(ctx: ExerciseContext, outlet: str, group: str) -> float:
    return float(_row(ctx.voice_groups, f"{group} voices in {outlet}",
                      outlet=_outlet(ctx, outlet), speaker_group=group)["share_of_words"])


def _stance(ctx: ExerciseContext, outlet: str, actor: str, column: str) -> float:
    return float(_row(ctx.stance, f"sentence mentioning {actor} in {outlet}",
                      outlet=_outlet(ctx, outlet), actor=actor)[column])


def _split_clause(ctx: ExerciseContext, outlet: str, actor: str, context: str) -> float:
    """VADER's score for the actor in the outlet's one sentence where the actor's clause is
    less than the sentence, scored on the clause or on the whole sentence."""
    clauses = ctx.stance_rows("clause")
    split = clauses[clauses["context"] != clauses["text"]]
    row = _row(split, f"sentence where {actor}'s clause is not the whole sentence in {outlet}",
               outlet=_outlet(ctx, outlet), actor=actor)
    if context == "clause":
        return float(row["vader_compound"])
    whole = ctx.stance_rows("sentence")
    return float(_row(whole, "sentence", doc_id=row["doc_id"], sent_id=row["sent_id"],
                      actor=actor)["vader_compound"])


def _forms_of(ctx: ExerciseContext, actor: str, outlet: str) -> pd.DataFrame:
    n = ctx.naming
    return n[(n["actor"] == actor) & (n["outlet"] == _outlet(ctx, outlet))]


def _speakers(ctx: ExerciseContext) -> list[str]:
    return sorted(ctx.voices["speaker"].unique())


def _coded_matrix(ctx: ExerciseContext, variable: str) -> pd.DataFrame:
    a, b = ctx.two_coders()
    return ctx.coded.matrix(variable)[[a, b]]


def _pairable(ctx: ExerciseContext, variable: str) -> pd.DataFrame:
    m = _coded_matrix(ctx, variable)
    return m[m.notna().all(axis=1)]


def _lexicon_check(ctx: ExerciseContext) -> list[str]:
    """Problems with the student's lexicon (empty list: it is ready)."""
    lex = ctx.lexicon()
    entries = lex.entries
    problems = []
    if len(entries) < 6:
        problems.append(f"it has {len(entries)} entries: write at least 6")
    cats = entries["category"].value_counts()
    if len(cats) < 2:
        problems.append("it has one category: use at least two, to compare framings")
    elif (cats < 2).any():
        problems.append(
            f"category {cats.idxmin()!r} has one entry: give each category at least two"
        )
    no_reason = entries[entries["rationale"] == ""]
    if len(no_reason):
        problems.append(
            f"{len(no_reason)} entr{'y has' if len(no_reason) == 1 else 'ies have'} no rationale "
            f"(e.g. {no_reason['term'].iloc[0]!r}): say why each term marks the category"
        )
    return problems


PER_1K = "did you count per 1,000 tokens? (hits ÷ tokens × 1,000)"

EXERCISES: dict[str, dict[str, Any]] = {
    "loaded_language": {
        "title": "Loaded language and naming",
        "notebook": "01_loaded_language_and_naming.ipynb",
        "questions": [
            Question(
                "tabloid_tokens", "number",
                lambda c: int(c.tokens[_outlet(c, TABLOID)]),
                "Sum the column n_tokens of the sentence table over the tabloid's sentences.",
                mistakes=(
                    (lambda c: int((c.sentences["outlet"] == TABLOID).sum()),
                     "that is the number of sentences: sum their word tokens (n_tokens)"),
                    (lambda c: int(c.sentences.loc[c.sentences["outlet"] == TABLOID, "text"]
                                   .str.len().sum()),
                     "that counts characters: sum the word tokens (n_tokens)"),
                ),
            ),
            Question(
                "tabloid_hits", "number",
                lambda c: len(_hits_of(c, TABLOID)),
                "Count the rows of the hits table whose outlet is the tabloid.",
                mistakes=(
                    (lambda c: _hits_of(c, TABLOID)["match"].str.lower().nunique(),
                     "that counts different words: count every hit, repeats included"),
                    (lambda c: len(_hits_of(c, TABLOID).drop_duplicates(["doc_id", "sent_id"])),
                     "that counts sentences with a hit: count the hits themselves"),
                ),
            ),
            Question(
                "tabloid_rate", "number",
                lambda c: _loaded_rate(c, TABLOID),
                "rate = hits ÷ word tokens × 1,000, with your two previous answers.",
                mistakes=(
                    (lambda c: _loaded_rate(c, TABLOID) / 1000,
                     "that is hits per token: " + PER_1K),
                    (lambda c: _loaded_rate(c, TABLOID) / 10,
                     "that is hits per 100 tokens: " + PER_1K),
                    (lambda c: len(_hits_of(c, TABLOID)),
                     "that is the number of hits, not a rate: " + PER_1K),
                ),
                on_correct="Rates per 1,000 tokens make long and short articles comparable.",
            ),
            Question(
                "highest_rate_outlet", "choice",
                lambda c: _top(c.loaded_rates.query("category == 'all'")
                               .set_index("outlet")["rate_per_1k"]),
                "Compare rate_per_1k of the rows with category 'all'.",
                mistakes=(
                    (lambda c: c.loaded_hits["outlet"].value_counts().idxmax()
                     if len(c.loaded_hits) else "",
                     "that outlet has the most hits, but compare rates: texts differ in length"),
                ),
                choices=lambda c: c.outlets,
            ),
            Question(
                "rate_ratio", "number",
                lambda c: _loaded_rate(c, TABLOID) / _loaded_rate(c, BBC),
                "Divide the tabloid's rate by the BBC's rate.",
                mistakes=(
                    (lambda c: len(_hits_of(c, TABLOID)) / len(_hits_of(c, BBC)),
                     "you compared numbers of hits: compare rates, the articles differ in "
                     "length"),
                    (lambda c: _loaded_rate(c, BBC) / _loaded_rate(c, TABLOID),
                     "upside down: the tabloid's rate divided by the BBC's"),
                ),
            ),
            Question(
                "putin_terms", "set",
                lambda c: set(c.targets.loc[c.targets["target"] == "Putin", "match"]),
                "Keep the rows of the targets table whose target is Putin; list their matches.",
                choices=lambda c: sorted(set(c.loaded_hits["match"])),
                on_correct="Now read those sentences: does every term really describe Putin?",
            ),
            Question(
                "bbc_zelensky_forms", "number",
                lambda c: len(_forms_of(c, "Zelensky", BBC)),
                "Count the rows of the naming table for Zelensky in BBC News.",
                mistakes=(
                    (lambda c: int(_forms_of(c, "Zelensky", BBC)["n"].sum()),
                     "that counts mentions: count the different forms"),
                ),
            ),
            Question(
                "the_pm_outlet", "choice",
                lambda c: set(c.naming.loc[c.naming["form"].str.lower() == "the pm", "outlet"])
                or _cannot("no outlet calls anyone 'the PM'"),
                "Look for the form 'The PM' in the naming table.",
                choices=lambda c: c.outlets,
            ),
        ],
    },
    "attribution": {
        "title": "Attribution and hedging",
        "notebook": "02_attribution_and_hedging.ipynb",
        "questions": [
            Question(
                "tabloid_attributions", "number",
                lambda c: len(_attributions_of(c, TABLOID)),
                "Count the rows of the attributions table whose outlet is the tabloid.",
                mistakes=(
                    (lambda c: len(_attributions_of(c, TABLOID)
                                   .drop_duplicates(["doc_id", "sent_id"])),
                     "that counts sentences with an attribution; a sentence can have several"),
                ),
            ),
            Question(
                "tabloid_anonymous_share", "number",
                lambda c: (_attributions_of(c, TABLOID)["source_type"] == "anonymous").mean(),
                "Anonymous attributions of the tabloid ÷ all attributions of the tabloid.",
                mistakes=(
                    (lambda c: (_attributions_of(c, TABLOID)["source_type"] == "anonymous").sum(),
                     "that is a count: divide it by all of the tabloid's attributions"),
                    (lambda c: 100 * (_attributions_of(c, TABLOID)["source_type"]
                                      == "anonymous").mean(),
                     "give the share as a fraction between 0 and 1, not a percentage"),
                    (lambda c: (_attributions_of(c, TABLOID)["source_type"] == "anonymous").sum()
                     / len(c.attributions),
                     "divide by the tabloid's attributions, not by all outlets' attributions"),
                ),
            ),
            Question(
                "outlets_with_anonymous", "set",
                lambda c: set(c.attributions.loc[c.attributions["source_type"] == "anonymous",
                                                 "outlet"]),
                "Keep the attributions whose source_type is 'anonymous'; which outlets remain?",
                choices=lambda c: c.outlets,
            ),
            Question(
                "distancing_cue", "text",
                lambda c: set(c.attributions.loc[c.attributions["verb_stance"] == "distancing",
                                                 "cue"]) or _cannot("no distancing cue here"),
                "Keep the attributions whose verb_stance is 'distancing' and read the cue.",
                mistakes=(
                    (lambda c: set(c.attributions.loc[c.attributions["verb_stance"]
                                                      == "distancing", "source"]),
                     "that is the source column: give the cue (the reporting words)"),
                ),
            ),
            Question(
                "bbc_own_hedge_rate", "number",
                lambda c: _own_hedge_rate(c, BBC),
                "In the hedge rates, take the row for BBC News with voice 'outlet' and "
                "category 'all'.",
                mistakes=(
                    (lambda c: _own_hedge_rate(c, BBC, "all"),
                     "that counts all hedges: keep the ones in the outlet's own voice"),
                    (lambda c: _own_hedge_rate(c, BBC, "attributed"),
                     "that is the rate of hedges on others' claims: keep voice 'outlet'"),
                    (lambda c: _own_hedge_rate(c, BBC) / 1000,
                     "that is per token: " + PER_1K),
                ),
            ),
            Question(
                "top_own_hedging", "choice",
                lambda c: _top(c.hedge_rates.query("category == 'all' and voice == 'outlet'")
                               .set_index("outlet")["rate_per_1k"]),
                "Compare rate_per_1k of the rows with voice 'outlet' and category 'all'.",
                mistakes=(
                    (lambda c: c.hedges.loc[c.hedges["voice"] == "outlet", "outlet"]
                     .value_counts().idxmax(),
                     "that outlet has the most hedges, but compare rates"),
                ),
                choices=lambda c: c.outlets,
                on_correct="Now explain why, in the written question below.",
            ),
        ],
    },
    "voices_and_stance": {
        "title": "Voices and stance toward actors",
        "notebook": "03_voices_and_stance.ipynb",
        "questions": [
            Question(
                "n_speech_quotes", "number",
                lambda c: int((c.quotes["kind"] == "speech").sum()),
                "Count the quotes whose kind is 'speech'.",
                mistakes=(
                    (lambda c: len(c.quotes),
                     "that counts every quote: scare quotes and quoted names are not speech"),
                ),
            ),
            Question(
                "wna_top_speaker", "choice",
                lambda c: _top(c.voices[c.voices["outlet"] == _outlet(c, WNA)]
                               .set_index("speaker")["n_words"]),
                "In the voices table, keep World News Actuality and compare n_words.",
                mistakes=(
                    (lambda c: c.voices[c.voices["outlet"] == _outlet(c, WNA)]
                     .set_index("speaker")["n_quotes"].idxmax(),
                     "that speaker is quoted most often, but by words another one gets more"),
                ),
                choices=_speakers,
                on_correct="Look at how close the first two are: one quote more or less would "
                "swap them.",
            ),
            Question(
                "aljazeera_us_share", "number",
                lambda c: _group_share(c, AJ, "US"),
                "In the voices by group, take Al Jazeera's row for the US: share_of_words.",
                mistakes=(
                    (lambda c: 100 * _group_share(c, AJ, "US"),
                     "give the share as a fraction between 0 and 1, not a percentage"),
                    (lambda c: float(_row(c.voice_groups, "US voices in Al Jazeera",
                                          outlet=_outlet(c, AJ), speaker_group="US")["n_quotes"]
                                     / c.voice_groups.loc[c.voice_groups["outlet"] == AJ,
                                                          "n_quotes"].sum()),
                     "that is the share of quotes: weigh the quotes by their words"),
                ),
            ),
            Question(
                "tabloid_outside_registry_share", "number",
                lambda c: _group_share(c, TABLOID, "outside registry"),
                "In the voices by group, take the tabloid's row for speakers 'outside registry'.",
                mistakes=(
                    (lambda c: 100 * _group_share(c, TABLOID, "outside registry"),
                     "give the share as a fraction between 0 and 1, not a percentage"),
                ),
            ),
            Question(
                "tabloid_quoted_loaded", "number",
                lambda c: int((_voiced_of(c, TABLOID)["voice_reason"] == "quote").sum()),
                "Keep the tabloid's rows of the voiced hits and count those whose voice_reason "
                "is 'quote'.",
                mistakes=(
                    (lambda c: int((_voiced_of(c, TABLOID)["voice_reason"] != "own").sum()),
                     "that counts reported speech too: a paraphrase ('it's been claimed that "
                     "tyrant Putin …') is in the outlet's words; count only the hits inside "
                     "quotation marks"),
                    (lambda c: len(_voiced_of(c, TABLOID)),
                     "that is every loaded term of the tabloid: count those inside quotes"),
                ),
                on_correct="So most of the tabloid's loaded words are its own, not its "
                "sources'.",
            ),
            Question(
                "tabloid_putin_load", "number",
                lambda c: _stance(c, TABLOID, "Putin", "loaded_per_sentence"),
                "Loaded terms landing on Putin ÷ the tabloid's sentences that mention Putin.",
                mistakes=(
                    (lambda c: _stance(c, TABLOID, "Putin", "n_loaded"),
                     "that is the number of loaded terms: divide by the sentences that "
                     "mention Putin"),
                    (lambda c: _stance(c, TABLOID, "Putin", "n_sentences")
                     / max(_stance(c, TABLOID, "Putin", "n_loaded"), 1),
                     "upside down: loaded terms ÷ sentences"),
                ),
            ),
            Question(
                "tabloid_zelensky_vader", "number",
                lambda c: _stance(c, TABLOID, "Zelensky", "vader_compound"),
                "The stance table's vader_compound for Zelensky in the tabloid.",
                mistakes=(
                    (lambda c: _stance(c, TABLOID, "Zelensky", "tb_polarity"),
                     "that is TextBlob's polarity: use VADER's compound score"),
                    (lambda c: -_stance(c, TABLOID, "Zelensky", "vader_compound"),
                     "check the sign"),
                ),
                on_correct="Now read the sentences behind this mean: is the negativity about "
                "Zelensky?",
            ),
            Question(
                "wna_zelensky_clause_vader", "number",
                lambda c: _split_clause(c, WNA, "Zelensky", "clause"),
                "In the clause table, keep World News Actuality's row for Zelensky and read "
                "vader_compound.",
                mistakes=(
                    (lambda c: _split_clause(c, WNA, "Zelensky", "sentence"),
                     "that is the whole sentence's score, which Zelensky shares with the US "
                     "official's claim: take the score of his own clause"),
                ),
                on_correct="The whole sentence's positive score came from the official's "
                "claim; Zelensky's own clause adds nothing VADER knows.",
            ),
        ],
    },
    "own_lexicon": {
        "title": "Build your own lexicon",
        "notebook": "04_build_your_own_lexicon.ipynb",
        "questions": [
            Question(
                "lexicon_ready", "lexicon",
                _lexicon_check,
                "At least 6 entries in at least 2 categories, each with a rationale; see "
                "docs/lexicon-format.md.",
            ),
            Question(
                "my_hits", "number",
                lambda c: sum(c.lexicon_rates().query("category == 'all'")["n_hits"]),
                "Count the rows of the hits table your lexicon gives on the corpus.",
                mistakes=(
                    (lambda c: len(c.lexicon().entries),
                     "that is the number of entries in your lexicon: count the hits in the "
                     "corpus"),
                ),
            ),
            Question(
                "my_bbc_rate", "number",
                lambda c: _rate(c, c.lexicon_rates(), BBC, category="all"),
                "Your lexicon's hits in BBC News ÷ its word tokens × 1,000.",
                mistakes=(
                    (lambda c: _rate(c, c.lexicon_rates(), BBC, category="all") / 1000,
                     "that is per token: " + PER_1K),
                    (lambda c: int(_row(c.lexicon_rates(), "rate", outlet=_outlet(c, BBC),
                                        category="all")["n_hits"]),
                     "that is a count of hits, not a rate: " + PER_1K),
                ),
            ),
            Question(
                "my_top_outlet", "choice",
                lambda c: _top(c.lexicon_rates().query("category == 'all'")
                               .set_index("outlet")["rate_per_1k"]),
                "Which outlet has the highest rate (category 'all') with your lexicon?",
                choices=lambda c: c.outlets,
            ),
        ],
    },
    "coding_agreement": {
        "title": "Coding by hand and agreement",
        "notebook": "05_coding_and_agreement.ipynb",
        "questions": [
            Question(
                "percent_agreement_loaded", "number",
                lambda c: _percent(_pairable(c, "loaded")),
                "Sentences both coders coded alike ÷ sentences both coded.",
                mistakes=(
                    (lambda c: 100 * _percent(_pairable(c, "loaded")),
                     "give the share as a fraction between 0 and 1, not a percentage"),
                    (lambda c: _percent(_pairable(c, "loaded"))
                     * len(_pairable(c, "loaded")) / len(_coded_matrix(c, "loaded")),
                     "leave out the sentences a coder left empty: divide by the sentences both "
                     "coded"),
                ),
            ),
            Question(
                "kappa_by_hand", "number",
                lambda c: _kappa(_pairable(c, "loaded")),
                "κ = (p_o − p_e) / (1 − p_e); p_e = p(A says 1)·p(B says 1) + "
                "p(A says 0)·p(B says 0).",
                mistakes=(
                    (lambda c: _percent(_pairable(c, "loaded")),
                     "that is the observed agreement p_o: correct it for chance"),
                    (lambda c: _chance(_pairable(c, "loaded")),
                     "that is the chance agreement p_e: κ = (p_o − p_e) / (1 − p_e)"),
                ),
                abs_tol=0.01,
            ),
            Question(
                "alpha_loaded", "number",
                lambda c: _alpha(c, "loaded"),
                "krippendorff_alpha(codings.matrix('loaded')).",
                mistakes=((lambda c: _kappa(_pairable(c, "loaded")),
                           "that is Cohen's κ: compute Krippendorff's α"),),
            ),
            Question(
                "alpha_source_type", "number",
                lambda c: _alpha(c, "source_type"),
                "krippendorff_alpha of the source_type codes.",
            ),
            Question(
                "n_source_disagreements", "number",
                lambda c: len(_disagreements(c, "source_type")),
                "Count the rows of find_disagreements for source_type.",
                mistakes=((lambda c: len(_disagreements(c, "loaded")),
                           "that is for the variable loaded: count source_type"),),
            ),
            Question(
                "detector_precision", "number",
                lambda c: _detector_score(c, "precision"),
                "Of the sentences the detector flags as loaded, the share the first coder "
                "also coded 1.",
                mistakes=((lambda c: _detector_score(c, "recall"),
                           "that is recall (share of the coder's 1s the detector found): "
                           "precision is the share of the detector's flags the coder agrees "
                           "with"),),
            ),
        ],
    },
}


def _cannot(message: str):
    raise _CannotCheck(message)


def _percent(m: pd.DataFrame) -> float:
    if m.empty:
        raise _CannotCheck("no sentence was coded by both coders")
    return float((m.iloc[:, 0] == m.iloc[:, 1]).mean())


def _chance(m: pd.DataFrame) -> float:
    a, b = m.iloc[:, 0], m.iloc[:, 1]
    return float(sum((a == c).mean() * (b == c).mean() for c in set(a) | set(b)))


def _kappa(m: pd.DataFrame) -> float:
    from analysis.agreement import cohen_kappa

    return cohen_kappa(m.iloc[:, 0].tolist(), m.iloc[:, 1].tolist())


def _alpha(ctx: ExerciseContext, variable: str) -> float:
    from analysis.agreement import krippendorff_alpha

    return krippendorff_alpha(ctx.coded.matrix(variable))


def _disagreements(ctx: ExerciseContext, variable: str) -> pd.DataFrame:
    from analysis.agreement import find_disagreements

    return find_disagreements(ctx.coded, variables=[variable])


def _detector_score(ctx: ExerciseContext, column: str) -> float:
    from analysis.agreement import score_detector

    coder = ctx.coded.coders[0]
    scores = score_detector(ctx.coded_with_detector, variable="loaded", coders=[coder])
    return float(_row(scores, "detector score", category="1")[column])


# --------------------------------------------------------------------------------------------
# checking


@dataclass(frozen=True)
class Feedback:
    """The result of one check: ``status`` and a one-line message (never the answer)."""

    answer_id: str
    status: Status
    message: str

    def __str__(self) -> str:
        return f"{ICONS[self.status]} {self.answer_id}: {self.message}"

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return f"{ICONS[self.status]} **{self.answer_id}**: {_md_escape(self.message)}"

    @property
    def ok(self) -> bool:
        return self.status == "correct"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", text)


def _norm_text(value: object) -> str:
    text = str(value).translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return " ".join(text.strip().strip("\"'").split()).casefold()


def _is_none(value: object) -> bool:
    """Not answered: still ``None`` (or ``...``, or an empty string)."""
    if value is None or value is Ellipsis:
        return True
    return isinstance(value, str) and not value.strip()


def _scalar(value: object) -> object:
    """A one-element table, series or array as its element."""
    if isinstance(value, pd.DataFrame):
        if value.size != 1:
            raise _Unusable(
                f"you gave a table of {value.shape[0]} rows × {value.shape[1]} columns: give "
                "one value (e.g. table.loc[row, column] or .iloc[0])"
            )
        return value.iat[0, 0]
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, (pd.Series, pd.Index, np.ndarray, list, tuple)):
        if len(value) != 1:
            raise _Unusable(f"you gave {len(value)} values: give one")
        return next(iter(value))
    return value


class _Unusable(Exception):
    """The answer has the wrong shape or type; the message says what to give."""


def _as_number(value: object) -> float:
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)):
        raise _Unusable("give a number, not True or False")
    try:
        if isinstance(value, str):
            text = value.strip()
            if re.fullmatch(r"[+-]?\d+,\d+", text) and len(text.split(",")[1]) != 3:
                raise _Unusable(
                    f"write decimals with a point ({text.replace(',', '.')}), not a comma"
                )
            number = float(text.replace(",", ""))
        else:
            number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise _Unusable(f"give a number (you gave {str(value)[:40]!r})") from None
    if not math.isfinite(number):
        raise _Unusable(
            f"your answer is {number} (not a number): look for a division by zero or an "
            "empty selection"
        )
    return number


def _close(a: float, b: float, q: Question) -> bool:
    return math.isclose(a, b, rel_tol=q.rel_tol, abs_tol=q.abs_tol)


def _as_items(value: object) -> list[str]:
    if isinstance(value, str):
        items = [v for v in re.split(r"[,;\n]", value) if v.strip()]
    elif isinstance(value, pd.DataFrame):
        raise _Unusable("give a list of names, not a table (e.g. list(table['column']))")
    elif isinstance(value, Iterable):
        items = [str(v) for v in value]
    else:
        items = [str(value)]
    return [v for v in items if v.strip()]


def _resolve_choice(value: str, choices: list[str]) -> str | None:
    """The choice ``value`` names: exactly (ignoring case and quotes), or by an unambiguous
    beginning of at least 3 characters ("UK tabloid" for "UK tabloid (unnamed)")."""
    norm = _norm_text(value)
    exact = [c for c in choices if _norm_text(c) == norm]
    if exact:
        return exact[0]
    starts = [c for c in choices if len(norm) >= 3 and _norm_text(c).startswith(norm)]
    return starts[0] if len(starts) == 1 else None


def _evaluate(q: Question, ctx: ExerciseContext, value: object) -> tuple[Status, str]:
    if _is_none(value):
        return "not answered", f"{NOT_ANSWERED}: replace None with your answer and run the "\
            "cell again"
    try:
        expected = q.expected(ctx)
    except _NotAnswered as exc:
        return "not answered", f"{NOT_ANSWERED}: {exc}"
    except (_CannotCheck, LookupError, ValueError, ZeroDivisionError) as exc:
        # e.g. a rate of 0 in a ratio, or an outlet the corpus lacks
        return "cannot check", f"cannot be checked on this corpus: {exc}"
    except FramescopeError as exc:  # the student's lexicon or coding sheet cannot be read
        if q.kind == "lexicon":
            return "incorrect", f"not ready yet: {exc}"
        return "cannot check", f"cannot be checked: {exc}"
    try:
        if q.kind == "lexicon":
            return _judge_lexicon(expected)
        if q.kind == "number":
            return _judge_number(q, ctx, _as_number(value), expected)
        if q.kind in ("choice", "text"):
            return _judge_choice(q, ctx, _scalar(value), expected)
        return _judge_set(q, ctx, value, expected)
    except _Unusable as exc:
        return "incorrect", str(exc)
    except _CannotCheck as exc:
        return "cannot check", f"cannot be checked on this corpus: {exc}"


def _judge_lexicon(problems: list[str]) -> tuple[Status, str]:
    if not problems:
        return "correct", "your lexicon is ready: valid, versioned, every entry explained"
    return "incorrect", "not ready yet: " + "; ".join(problems)


def _mistake(q: Question, ctx: ExerciseContext, same: Callable[[Any], bool]) -> str | None:
    for compute, message in q.mistakes:
        try:
            wrong = compute(ctx)
        except (_CannotCheck, _NotAnswered, FramescopeError, LookupError, ValueError,
                ZeroDivisionError):
            continue
        if same(wrong):
            return message
    return None


def _judge_number(
    q: Question, ctx: ExerciseContext, value: float, expected: object
) -> tuple[Status, str]:
    """A count (the expected value is an integer) must be exact; other numbers are right
    within the question's tolerance (rounding)."""
    exact = isinstance(expected, (int, np.integer)) and not isinstance(expected, bool)
    expected = float(expected)  # type: ignore[arg-type]
    if not math.isfinite(expected):
        raise _CannotCheck("the value is undefined on this corpus")
    if (value == expected) if exact else _close(value, expected, q):
        return "correct", ("correct. " + q.on_correct).strip()

    def same(wrong: Any) -> bool:
        try:
            w = float(wrong)
        except (TypeError, ValueError):
            return False
        return math.isfinite(w) and _close(value, w, q) and not _close(w, expected, q)

    found = _mistake(q, ctx, same)
    direction = "too high" if value > expected else "too low"
    if found:
        return "incorrect", f"not yet: {direction}; {found}"
    return "incorrect", f"not yet: {direction}. Hint: {q.hint}"


def _judge_choice(
    q: Question, ctx: ExerciseContext, value: object, expected: object
) -> tuple[Status, str]:
    accepted = {str(e) for e in expected} if isinstance(expected, set) else {str(expected)}
    choices = sorted(set(q.choices(ctx))) if q.choices else sorted(accepted)
    given = str(value)
    name = _resolve_choice(given, choices) if q.choices else given
    if name is None:
        shown = ", ".join(repr(c) for c in choices[:12])
        more = " …" if len(choices) > 12 else ""
        return "incorrect", f"{given!r} is not one of the possible answers: {shown}{more}"
    if any(_norm_text(name) == _norm_text(a) for a in accepted):
        return "correct", ("correct. " + q.on_correct).strip()

    def same(wrong: Any) -> bool:
        wrongs = wrong if isinstance(wrong, set) else {wrong}
        return any(_norm_text(name) == _norm_text(w) for w in wrongs)

    found = _mistake(q, ctx, same)
    return "incorrect", f"not yet: {found}" if found else f"not yet. Hint: {q.hint}"


def _judge_set(
    q: Question, ctx: ExerciseContext, value: object, expected: object
) -> tuple[Status, str]:
    want = {_norm_text(e) for e in expected}  # type: ignore[union-attr]
    choices = sorted(set(q.choices(ctx))) if q.choices else []
    given = []
    for item in _as_items(value):
        name = _resolve_choice(item, choices) if choices else item
        given.append(_norm_text(name if name is not None else item))
    got = set(given)
    if got == want:
        return "correct", ("correct. " + q.on_correct).strip()
    right, extra = got & want, got - want
    parts = [f"{len(right)} of your {len(got)} answers are right"]
    if want - got:
        parts.append(f"{len(want - got)} missing")
    # naming the wrong items of a long list would give the answer away (list every option,
    # keep what is not named): name them only when the list is no longer than the answer
    if extra and len(got) <= len(want):
        parts.append("not in the answer: " + ", ".join(sorted(extra)))
    elif extra:
        parts.append(f"{len(extra)} do not belong")
    return "incorrect", "not yet: " + "; ".join(parts) + f". Hint: {q.hint}"


def _jsonable(value: object) -> object:
    if _is_none(value):
        return None
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return _jsonable(value.item())
    if isinstance(value, (pd.Series, pd.Index, np.ndarray, list, tuple, set)):
        items = [_jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set) else items
    if isinstance(value, pd.DataFrame):
        return value.to_dict(orient="list")
    if isinstance(value, (np.integer, int)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return float(value) if math.isfinite(value) else str(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return str(value)


@dataclass
class Exercise:
    """One exercise in a notebook: its questions, the context answers are computed from, and
    the last check of each answer (status and the value given)."""

    name: str
    context: ExerciseContext
    results: dict[str, tuple[Status, object]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return EXERCISES[self.name]["title"]

    @property
    def corpus(self) -> str:
        """The corpus folder or file, resolved (give it to ``prepare_corpus``)."""
        return str(self.context.corpus)

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for q in EXERCISES[self.name]["questions"]}

    def _question(self, answer_id: str) -> Question:
        qs = self.questions
        if answer_id not in qs:
            raise ParameterError(
                f"no question {answer_id!r} in exercise {self.name!r}; its questions: "
                f"{', '.join(qs)}"
            )
        return qs[answer_id]

    def check(self, answer_id: str, value: object) -> Feedback:
        """Check ``value`` against the answer computed now from this exercise's corpus."""
        q = self._question(answer_id)
        status, message = _evaluate(q, self.context, value)
        self.results[answer_id] = (status, _jsonable(value))
        return Feedback(answer_id, status, message)

    def hint(self, answer_id: str) -> Feedback:
        """How to get to the answer of ``answer_id`` (not the answer)."""
        q = self._question(answer_id)
        return Feedback(answer_id, "not answered", f"hint: {q.hint}")

    def record(self) -> dict[str, object]:
        """Every question with its last status and the value given (``None``: not checked)."""
        return {
            "exercise": self.name,
            "corpus": self.corpus,
            "answers": {
                qid: {
                    "status": self.results.get(qid, ("not answered", None))[0],
                    "value": self.results.get(qid, ("not answered", None))[1],
                }
                for qid in self.questions
            },
        }

    def summary(self) -> Summary:
        """A table of every question and its status (no answers), for the end of a notebook;
        :meth:`record` is attached to its output (``metadata["framescope"]``)."""
        return Summary(self.title, self.record())


@dataclass(frozen=True)
class Summary:
    title: str
    record: dict[str, object]

    def _lines(self) -> list[tuple[str, str]]:
        answers: dict[str, dict[str, object]] = self.record["answers"]  # type: ignore[assignment]
        return [(qid, str(a["status"])) for qid, a in answers.items()]

    def __repr__(self) -> str:
        lines = [f"{self.title}: your checks"]
        lines += [f"  {ICONS.get(s, '')} {qid}: {s}" for qid, s in self._lines()]
        done = sum(s == "correct" for _, s in self._lines())
        lines.append(f"{done} of {len(self._lines())} correct")
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: object = None, exclude: object = None):
        rows = "\n".join(
            f"| {ICONS.get(s, '')} | `{qid}` | {s} |" for qid, s in self._lines()
        )
        done = sum(s == "correct" for _, s in self._lines())
        md = (
            f"**{_md_escape(self.title)}: your checks** ({done} of {len(self._lines())} "
            f"correct)\n\n| | question | status |\n|---|---|---|\n{rows}\n"
        )
        data = {"text/plain": repr(self), "text/markdown": md}
        return data, {"framescope": json.loads(json.dumps(self.record, default=str))}


_CURRENT: Exercise | None = None


def start_exercise(
    name: str,
    *,
    corpus: str | Path = "seeds",
    lexicon_path: str | Path = "",
    codings: str | Path = "",
) -> Exercise:
    """Start exercise ``name`` on ``corpus`` (a path, looked up as :func:`locate_path` does):
    :func:`check` and :func:`hint` then refer to it. ``lexicon_path`` is the student's lexicon
    file (exercise ``own_lexicon``), ``codings`` a coding sheet (``coding_agreement``)."""
    global _CURRENT
    check_choice("name", name, tuple(EXERCISES))
    ctx = ExerciseContext(
        corpus=locate_path(corpus), lexicon_path=str(lexicon_path), codings=str(codings)
    )
    _CURRENT = Exercise(name, ctx)
    return _CURRENT


def _current() -> Exercise:
    if _CURRENT is None:
        raise ClassroomError(
            "no exercise started: run the notebook's first cells (start_exercise) first"
        )
    return _CURRENT


def check(answer_id: str, value: object) -> Feedback:
    """Check an answer of the current exercise: one line of feedback that never gives the
    answer away (correct; not answered yet; too high or too low with a hint; which items of
    a list are right)."""
    return _current().check(answer_id, value)


def hint(answer_id: str) -> Feedback:
    """A nudge toward the answer of ``answer_id`` in the current exercise."""
    return _current().hint(answer_id)


# --------------------------------------------------------------------------------------------
# student and teacher versions


def find_exercise_notebooks(folder: str | Path | None = None) -> list[Path]:
    """The exercise notebooks (sources) in ``folder`` (default ``notebooks/classroom``):
    every ``NN_*.ipynb``, in order."""
    base = Path(folder) if folder else CLASSROOM_DIR
    found = sorted(p for p in base.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise ClassroomError(f"{base}: no exercise notebooks (NN_name.ipynb) found")
    return found


def _strip_code(source: str, *, keep: bool, where: str) -> str:
    """Remove the solution markers (teacher) or the solutions themselves (student)."""
    out: list[str] = []
    inside = False
    for line in source.split("\n"):
        m = _CODE_MARK.fullmatch(line.strip())
        mark = (BEGIN_CODE if m.group(1).upper() == "BEGIN" else END_CODE) if m else ""
        if mark == BEGIN_CODE:
            if inside:
                raise ClassroomError(f"{where}: {BEGIN_CODE} inside another solution block")
            inside = True
            if not keep:
                indent = line[: len(line) - len(line.lstrip())]
                out.append(indent + CODE_STUB)
            continue
        if mark == END_CODE:
            if not inside:
                raise ClassroomError(f"{where}: {END_CODE} without {BEGIN_CODE}")
            inside = False
            continue
        if keep or not inside:
            out.append(line)
    if inside:
        raise ClassroomError(f"{where}: {BEGIN_CODE} without {END_CODE}")
    return "\n".join(out)


def _strip_text(source: str, *, keep: bool, where: str) -> str:
    pattern = re.compile(_TEXT_BEGIN.pattern + r"(.*?)" + _TEXT_END.pattern, re.S | re.I)
    if len(_TEXT_BEGIN.findall(source)) != len(_TEXT_END.findall(source)):
        raise ClassroomError(f"{where}: {BEGIN_TEXT} and {END_TEXT} do not pair up")
    if keep:
        return pattern.sub(lambda m: m.group(1).strip("\n"), source)
    return pattern.sub(TEXT_STUB, source)


def make_version(nb: Any, *, version: Version, name: str = "notebook") -> Any:
    """The ``student`` or ``teacher`` version of a source notebook (an ``nbformat`` node; the
    source is not changed). Outputs and execution counts are cleared in both."""
    import copy

    import nbformat

    check_choice("version", version, VERSIONS)
    keep = version == "teacher"
    out = copy.deepcopy(nb)
    cells = []
    for i, cell in enumerate(out.cells):
        where = f"{name}: cell {i}"
        tags = {str(t).lower() for t in cell.metadata.get("tags", [])}
        if TEACHER_TAG in tags and not keep:
            continue
        if SOLUTION_TAG in tags and not keep:
            cell.source = CODE_STUB if cell.cell_type == "code" else TEXT_STUB
            cell.pop("attachments", None)  # images of the model answer
        elif cell.cell_type == "code":
            cell.source = _strip_code(cell.source, keep=keep, where=where)
        elif cell.cell_type == "markdown":
            cell.source = _strip_text(cell.source, keep=keep, where=where)
        if not keep and tags & {SOLUTION_TAG}:
            cell.metadata["tags"] = sorted(tags - {SOLUTION_TAG})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    if keep:
        banner = nbformat.v4.new_markdown_cell(
            "> **Teacher version** — it contains the solutions and model answers. Hand out "
            "the student version (`framescope classroom build` writes both)."
        )
        banner.metadata["tags"] = [TEACHER_TAG]
        cells.insert(0, banner)
    out.cells = cells
    out.metadata["framescope_classroom"] = {"version": version, "source": name}
    return out


def build_versions(
    source: str | Path | None = None,
    *,
    out: str | Path = "build/classroom",
    versions: Sequence[Version] = ("student", "teacher"),  # type: ignore[assignment]
) -> dict[str, list[Path]]:
    """Write the student and teacher versions of every exercise notebook in ``source``
    (default ``notebooks/classroom``) to ``out/student/`` and ``out/teacher/``, each with the
    coding template, the codebook and the lexicon format beside the notebooks (a folder to
    hand out as it is). Returns the files written per version.

    The student version must never contain a solution: every marked block, ``solution``
    cell and ``teacher`` cell is checked to be gone (a :class:`ClassroomError` otherwise).
    """
    import nbformat

    for v in versions:
        check_choice("versions", v, VERSIONS)
    sources = find_exercise_notebooks(source)
    written: dict[str, list[Path]] = {}
    for version in versions:
        folder = Path(out) / version
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for path in sources:
            nb = nbformat.read(str(path), as_version=4)
            made = make_version(nb, version=version, name=path.name)
            if version == "student":
                _assert_no_solutions(made, path.name)
            nbformat.validate(made)
            target = folder / path.name
            nbformat.write(made, str(target))
            files.append(target)
        for extra in HANDOUT_FILES:
            if extra.is_file():
                shutil.copyfile(extra, folder / extra.name)
                files.append(folder / extra.name)
        written[version] = files
    return written


def _assert_no_solutions(nb: Any, name: str) -> None:
    for i, cell in enumerate(nb.cells):
        text = cell.source
        found = _ANY_MARK.search(text)
        if found:
            raise ClassroomError(
                f"{name}: cell {i}: the student version still has a solution marker "
                f"({found.group(0)!r})"
            )
        if TEACHER_TAG in {str(t).lower() for t in cell.metadata.get("tags", [])}:
            raise ClassroomError(f"{name}: cell {i}: a teacher cell is in the student version")
