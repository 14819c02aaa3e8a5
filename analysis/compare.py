"""Comparison across outlets: the outlet profile, and any metric over time.

:func:`outlet_profile` gathers every framing metric that exists into one tidy table, one row
per outlet, each figure beside the number it rests on (``n``) and its interval where there is
one. :func:`per_period` runs any per-outlet metric separately for each time period (month,
quarter, year), because articles on one story span months and framing shifts with events.
:func:`plot_profile` shows the profile at a glance: a heatmap of each metric scaled across
outlets, with the raw value and its n written in each cell.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.errors import ParameterError, check_choice
from analysis.plots import literal_text, new_figure

PERIODS: tuple[str, ...] = ("M", "Q", "Y")
#: The metrics :func:`plot_profile` shows by default (those present in the profile).
PROFILE_METRICS = (
    "loaded_per_1k",
    "hedge_own_per_1k",
    "hedge_attributed_per_1k",
    "anonymous_share",
    "vague_share",
    "distancing_share",
    "quotes_per_1k",
    "reused_share",
)
PERIOD_NAMES = {"month": "M", "quarter": "Q", "year": "Y"}


def add_period(
    table: pd.DataFrame, *, freq: Literal["month", "quarter", "year"] = "quarter"
) -> pd.DataFrame:
    """Add a ``period`` column ("2025Q1", "2025-03", "2025") from the table's ``date``.

    Rows without a date get the period ``"undated"``.
    """
    check_choice("freq", freq, tuple(PERIOD_NAMES))
    out = table.copy()
    dates = pd.to_datetime(out["date"])
    period = dates.dt.to_period(PERIOD_NAMES[freq]).astype(str)
    out["period"] = period.where(dates.notna(), "undated")
    return out


def per_period(
    metric: Callable[..., pd.DataFrame],
    sentences: pd.DataFrame,
    *,
    freq: Literal["month", "quarter", "year"] = "quarter",
    tables: dict[str, pd.DataFrame] | None = None,
    **options: Any,
) -> pd.DataFrame:
    """Run ``metric`` once per time period and stack the results with a ``period`` column.

    ``metric`` is any framescope function that takes ``sentences=`` (and the span tables in
    ``tables``, passed by keyword, e.g. ``{"hits": hits}``) and returns a per-outlet table, e.g.
    ``per_period(loaded_rates, sentences, tables={"hits": hits}, n_boot=2000)``. Span tables are
    cut to the documents of each period.
    """
    tables = tables or {}
    dated = add_period(sentences, freq=freq)
    parts = []
    for period, sents in dated.groupby("period", sort=True):
        docs = set(sents["doc_id"])
        sub = {k: v[v["doc_id"].isin(docs)] for k, v in tables.items()}
        result = metric(sentences=sents.drop(columns="period"), **sub, **options)
        parts.append(result.assign(period=period))
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True)
    return out[["period", *[c for c in out.columns if c != "period"]]]


def _overall(rates: pd.DataFrame, prefix: str) -> pd.DataFrame:
    r = rates[rates["category"] == "all"].set_index("outlet")
    return pd.DataFrame(
        {
            f"{prefix}_per_1k": r["rate_per_1k"],
            f"{prefix}_ci_low": r["ci_low"],
            f"{prefix}_ci_high": r["ci_high"],
            f"{prefix}_n": r["n_hits"],
        }
    )


def _by_voice(rates: pd.DataFrame, names: dict[str, str]) -> list[pd.DataFrame]:
    """The overall columns of a rates table with a ``voice`` column: one set per voice in
    ``names`` (voice -> column prefix), for the voices the table has."""
    r = rates[rates["category"] == "all"]
    voice_col = r["voice"] if "voice" in r.columns else pd.Series("all", index=r.index)
    have = set(voice_col)
    return [_overall(r[voice_col == v], name) for v, name in names.items() if v in have]


def outlet_profile(
    sentences: pd.DataFrame,
    *,
    loaded_rates: pd.DataFrame | None = None,
    loaded_targets: pd.DataFrame | None = None,
    loaded_voice_rates: pd.DataFrame | None = None,
    hedge_rates: pd.DataFrame | None = None,
    attribution_profile: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    voices: pd.DataFrame | None = None,
    stance: pd.DataFrame | None = None,
    keyness: pd.DataFrame | None = None,
    reused: pd.DataFrame | None = None,
    main_actors: list[str] | None = None,
    top_voices: int = 3,
) -> pd.DataFrame:
    """One row per outlet with every framing metric that exists, each with its n.

    Pass the tables of the metrics you have; columns for the others are simply absent.
    ``stance`` is :func:`analysis.stance.actor_stance` output; ``main_actors`` picks the actors
    whose stance gets columns (default: the five most mentioned). ``loaded_voice_rates``
    (:func:`analysis.attribution.voice_rates` of the loaded hits marked with
    :func:`analysis.attribution.mark_voice` with ``reported_speech="outlet"``) adds
    ``loaded_own_*`` (in the outlet's own words, paraphrase included) and ``loaded_quoted_*``
    (inside direct quotes: words the outlet chose to quote). ``keyness`` (over-used words
    from :func:`analysis.keyness.keyness`) gives each outlet's top key words; ``reused`` (the
    sentence table with the ``reused`` column of :func:`analysis.reuse.reuse_mask`) gives the
    share of its sentences copied from another outlet's text.
    """
    if top_voices < 1:
        raise ParameterError(f"top_voices={top_voices}: use 1 or more")
    base = sentences.groupby("outlet").agg(
        n_documents=("doc_id", "nunique"),
        n_sentences=("sent_id", "size"),
        n_tokens=("n_tokens", "sum"),
    )
    parts = [base]
    if loaded_rates is not None:
        parts.append(_overall(loaded_rates, "loaded"))
    if loaded_voice_rates is not None and len(loaded_voice_rates):
        names = {"outlet": "loaded_own", "attributed": "loaded_quoted"}
        parts.extend(_by_voice(loaded_voice_rates, names))
    if loaded_targets is not None and len(loaded_targets):
        landed = loaded_targets[loaded_targets["target"] != ""]
        top = (
            landed.groupby(["outlet", "target"])
            .size()
            .rename("n")
            .reset_index()
            .sort_values(["outlet", "n", "target"], ascending=[True, False, True])
            .groupby("outlet")
            .head(1)
            .set_index("outlet")
        )
        parts.append(
            pd.DataFrame({"loaded_top_target": top["target"], "loaded_top_target_n": top["n"]})
        )
    if hedge_rates is not None and len(hedge_rates):
        names = {"all": "hedge", "outlet": "hedge_own", "attributed": "hedge_attributed"}
        parts.extend(_by_voice(hedge_rates, names))
    if attribution_profile is not None and len(attribution_profile):
        ap = attribution_profile
        wanted = {
            ("source_type", "anonymous"): "anonymous_share",
            ("source_type", "vague"): "vague_share",
            ("source_type", "named_person"): "named_person_share",
            ("verb_stance", "distancing"): "distancing_share",
            ("verb_stance", "endorsing"): "endorsing_share",
        }
        for (dim, value), col in wanted.items():
            sub = ap[(ap["dimension"] == dim) & (ap["value"] == value)].set_index("outlet")
            parts.append(sub[["share"]].rename(columns={"share": col}))
            parts.append(sub[["n"]].rename(columns={"n": col.replace("_share", "_n")}))
        totals = ap[ap["dimension"] == "source_type"].groupby("outlet")["n_attributions"].first()
        parts.append(pd.DataFrame({"attributions_n": totals}))
    if quotes is not None:
        speech = quotes[quotes["kind"] == "speech"] if "kind" in quotes.columns else quotes
        n_q = speech.groupby("outlet").size().reindex(base.index, fill_value=0)
        parts.append(
            pd.DataFrame(
                {
                    "quotes_n": n_q,
                    "quotes_per_1k": (1000 * n_q / base["n_tokens"]).round(4),
                }
            )
        )
    if voices is not None and len(voices):
        who = "speaker_actor" if "speaker_actor" in voices.columns else "speaker"
        v = voices[voices[who].astype(str) != ""].sort_values(
            ["outlet", "n_words", who], ascending=[True, False, True]
        )
        tops = (
            v.groupby("outlet")
            .head(top_voices)
            .groupby("outlet")
            .apply(
                lambda g: "; ".join(
                    f"{a} ({n} word{'' if n == 1 else 's'})"
                    for a, n in zip(g[who], g["n_words"], strict=True)
                ),
                include_groups=False,
            )
        )
        parts.append(pd.DataFrame({"top_voices": tops}))
    if stance is not None and len(stance):
        actors = main_actors or (
            stance.groupby("actor")["n_sentences"]
            .sum()
            .sort_values(ascending=False)
            .head(5)
            .index.tolist()
        )
        for actor in actors:
            s = stance[stance["actor"] == actor].set_index("outlet")
            for col in ("vader_compound", "tb_polarity"):
                if col in s.columns:
                    parts.append(s[[col]].rename(columns={col: f"stance_{actor}_{col}"}))
            if "n_sentences" in s.columns:
                parts.append(
                    s[["n_sentences"]].rename(columns={"n_sentences": f"stance_{actor}_n"})
                )
            if "loaded_per_sentence" in s.columns:
                parts.append(
                    s[["loaded_per_sentence"]].rename(
                        columns={"loaded_per_sentence": f"stance_{actor}_loaded_per_sentence"}
                    )
                )
    if keyness is not None and len(keyness):
        over = (
            keyness[keyness["direction"] == "over"] if "direction" in keyness.columns else keyness
        )
        top = over.sort_values(["outlet", "g2", "token"], ascending=[True, False, True])
        words = top.groupby("outlet").head(5).groupby("outlet")["token"].agg("; ".join)
        parts.append(pd.DataFrame({"key_words": words}))
    if reused is not None:
        r = reused.groupby("outlet")["reused"].agg(["sum", "size"])
        parts.append(
            pd.DataFrame(
                {"reused_share": (r["sum"] / r["size"]).round(4), "reused_n": r["sum"].astype(int),
                 "reuse_checked_n": r["size"].astype(int)}
            )
        )
    profile = pd.concat(parts, axis=1).sort_index()
    profile.index.name = "outlet"
    return profile.reset_index()


@literal_text
def plot_profile(
    profile: pd.DataFrame, *, metrics: list[str] | None = None, title: str = "Outlet profile"
) -> Figure:
    """Heatmap: outlets × metrics, colour = the metric scaled 0–1 across outlets, text = the
    raw value and, where the profile has it, the n behind it. By default the main framing
    metrics (:data:`PROFILE_METRICS`) and the loaded-term load on each main actor."""
    if metrics is None:
        metrics = [m for m in PROFILE_METRICS if m in profile.columns]
        metrics += [
            c
            for c in profile.columns
            if c.startswith("stance_") and c.endswith("_loaded_per_sentence")
        ]
    if not metrics:
        raise ParameterError("plot_profile: the profile has no metric columns to show")
    data = profile.set_index("outlet")[metrics].astype(float)
    span = data.max() - data.min()
    # a metric equal for every outlet is white (nothing to tell apart); a missing value (the
    # outlet does not name the actor) is grey, never a mid-scale colour
    scaled = ((data - data.min()) / span.where(span > 0)).where(data.notna())
    scaled = scaled.mask(data.notna() & (span == 0), 0.0)
    fig, ax = new_figure(1.3 * len(metrics) + 2.5, 0.5 * len(data) + 1.8)
    from matplotlib import colormaps

    cmap = colormaps["Blues"].with_extremes(bad="#d9d9d9")
    ax.imshow(np.ma.masked_invalid(scaled.to_numpy()), cmap=cmap, vmin=0, vmax=1.4,
              aspect="auto")
    by_outlet = profile.set_index("outlet")  # (once, not per cell)
    for i, outlet in enumerate(data.index):
        for j, metric in enumerate(metrics):
            value = data.loc[outlet, metric]
            n_col = _n_column(metric, profile.columns)
            label = "–" if pd.isna(value) else f"{value:.3g}"
            n = by_outlet.loc[outlet, n_col[0]] if n_col is not None else None
            if n is not None and not pd.isna(value) and not pd.isna(n):
                label += {"hits": f"\n{int(n)} hits", "of": f"\nof {int(n)}"}.get(
                    n_col[1], f"\nn={int(n)}"
                )  # (no n for an outlet all of whose text was left out)
            ax.text(j, i, label, ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(metrics)), metrics, rotation=35, ha="right", fontsize=7)
    ax.set_yticks(range(len(data)), data.index, fontsize=8)
    ax.set_title(title)
    ax.set_xlabel("colour: metric scaled across outlets (darker = higher; grey: no value); "
                  "text: value, and a rate's hits, a share's total or a mean's sentences")
    fig.tight_layout()
    return fig


def _n_column(metric: str, columns: pd.Index) -> tuple[str, str] | None:
    """The profile column with the n behind ``metric``, and how the figure labels it: a rate's
    hits (``"5 hits"``), a share's denominator (``"of 12"``), the sentences behind a stance
    mean (``"n=4"``)."""
    if metric == "reused_share" and "reuse_checked_n" in columns:
        return "reuse_checked_n", "of"  # a share of the outlet's sentences, not of attributions
    for suffix in ("_per_1k", "_share", "_vader_compound", "_tb_polarity", "_loaded_per_sentence"):
        if suffix == "_share" and metric.endswith(suffix) and "attributions_n" in columns:
            return "attributions_n", "of"
        if metric.endswith(suffix):
            cand = metric[: -len(suffix)] + "_n"
            if cand in columns:
                return cand, "hits" if suffix == "_per_1k" else "n="
    return None
