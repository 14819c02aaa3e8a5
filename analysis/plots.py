"""Figures for reports. Every figure has a title, axis labels with units, and its n; outlets
keep one colour across all figures of a report (:func:`outlet_colors`).

Functions return a :class:`matplotlib.figure.Figure` that pyplot does not manage: a notebook
shows it once as a cell's value, scripts save it with ``fig.savefig``, and tests need no
display. Rendering is deterministic (same data, same pixels).

Labels come from the corpus (outlets, actors, terms, categories) and are drawn as written: a
figure function is decorated with :func:`literal_text`, so an outlet called ``$5 and $10
Times`` is neither read as mathtext nor breaks the figure. :func:`describe_figure` gives a
figure's description (its titles and axis labels), the alt text of the report's images.

matplotlib is imported when a figure is made, not with this module: a pipeline worker imports
it (through :mod:`analysis.stance`) and never draws.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ParamSpec

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation

P = ParamSpec("P")

# Okabe & Ito (2008) colour-blind-safe palette, then Tol's muted scheme for larger corpora.
_PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
]

_STYLE = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": "framescope",
}

#: What every figure function draws under (see :func:`literal_text`): no mathtext, no TeX, and
#: tick numbers as plain text (as mathtext they would show as ``$\mathdefault{0.5}$``).
LITERAL_TEXT = {
    "text.parse_math": False,
    "text.usetex": False,
    "axes.formatter.use_mathtext": False,
}


def literal_text(plot: Callable[P, Figure]) -> Callable[P, Figure]:
    """Decorator for figure functions: every text of the figure is drawn as written.

    matplotlib reads a string with two ``$`` as mathtext (``$5 and $10 Times`` is drawn as
    "5and10 Times" in italics, ``The $\\foo{$ Post`` raises ``ValueError``) and, with
    ``text.usetex``, hands every string to TeX. The figure is built under
    :data:`LITERAL_TEXT` in a :func:`matplotlib.rc_context`, which restores the user's settings
    when it returns. A text keeps the ``parse_math`` and ``usetex`` of the moment it is created
    (matplotlib 3.11), and every text a figure function makes is made before it returns (its
    ``tight_layout`` lays out the tick labels too), so the figure stays literal when it is saved
    later, outside the context. Labels without ``$`` are drawn as before, to the byte.
    """

    @functools.wraps(plot)
    def draw_literally(*args: P.args, **kwargs: P.kwargs) -> Figure:
        import matplotlib as mpl

        with mpl.rc_context(LITERAL_TEXT):
            return plot(*args, **kwargs)

    return draw_literally


def describe_figure(fig: Figure) -> str:
    """A one-line description of ``fig`` for readers who cannot see it (an image's alt text):
    each panel's title with its axis labels, ``"figure"`` if it has none."""
    panels = []
    for ax in fig.axes:
        xy = (("x", ax.get_xlabel()), ("y", ax.get_ylabel()))
        labels = "; ".join(f"{axis}: {text}" for axis, text in xy if text)
        title = ax.get_title()
        if title or labels:
            panels.append(f"{title} ({labels})" if title and labels else title or labels)
    return " ".join(" — ".join(panels).split()) or "figure"


def new_figure(
    width: float,
    height: float,
    *,
    ncols: int = 1,
    width_ratios: list[float] | None = None,
    sharey: bool = False,
) -> tuple[Figure, Any]:
    """A figure in framescope's style with ``ncols`` axes side by side.

    The Figure is not managed by pyplot: notebooks show it once (as a cell's value or with
    :func:`analysis.framing.show_figure`), scripts and tests create it without a display, and
    nothing accumulates in pyplot's figure list.
    """
    import matplotlib as mpl
    from matplotlib.figure import Figure

    with mpl.rc_context(_STYLE):
        fig = Figure(figsize=(width, height), dpi=100)
        axes = fig.subplots(1, ncols, sharey=sharey, width_ratios=width_ratios)
    return fig, axes


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """One colour per outlet, assigned in sorted order, so that the same corpus always gets the
    same colours in every figure."""
    names = sorted(set(outlets))
    return {name: _PALETTE[i % len(_PALETTE)] for i, name in enumerate(names)}


#: Space between the end of a bar (or of its interval) and its label, in points.
LABEL_PAD = 4.0


def label_bars(
    ax: Any,
    ends: np.ndarray,
    y: Iterable[float],
    labels: Iterable[str],
    *,
    pad: float = LABEL_PAD,
    **text: Any,
) -> list[Annotation]:
    """Write each label right of ``ends[i]`` (data x of whatever its bar draws furthest right:
    the bar, its error bar) at ``y[i]``, ``pad`` points clear of it, so no label runs into an
    interval. Follow with :func:`fit_labels`, which makes room for them inside the axes: the
    labels are left out of ``tight_layout`` (which would otherwise shrink the axes for a label
    that runs past them, rather than widen the x axis)."""
    texts = []
    for end, yi, label in zip(ends, y, labels, strict=True):
        t = ax.annotate(
            label,
            xy=(end, yi),
            xytext=(pad, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            annotation_clip=False,
            **text,
        )
        t.set_in_layout(False)
        texts.append(t)
    return texts


def fit_labels(
    fig: Figure, ax: Any, ends: np.ndarray, texts: list[Annotation], *, pad: float = LABEL_PAD
) -> None:
    """Lay out ``fig`` (``tight_layout``) with ``ax``'s x axis running from 0 just far enough
    for every label of :func:`label_bars` to end ``pad`` points inside the axes.

    A label's width is fixed in pixels while its start moves with the x limit, so the limit is
    solved for from the measured labels and the laid-out axes; the layout is redone (new tick
    labels can change the axes' width) until every label fits, three rounds at most. The limit
    is at least 5% past the furthest end, and 1 when every end is 0.
    """
    ends = np.asarray(ends, dtype=float)
    right = (float(ends.max()) * 1.05 if len(ends) else 0.0) or 1.0
    px = fig.dpi / 72.0
    for _ in range(3):
        ax.set_xlim(0, right)
        fig.tight_layout()
        box = ax.get_window_extent()
        label_x1 = np.array([t.get_window_extent().x1 for t in texts]) + pad * px
        if (label_x1 <= box.x1).all():
            break
        start = ax.transData.transform(np.column_stack([ends, np.zeros_like(ends)]))[:, 0]
        room = 1.0 - (label_x1 + 0.5 - start) / box.width  # (half a pixel for rounding)
        if not (room > 0).all():
            break  # a label wider than the axes: no limit makes it fit
        right = max(right, float((ends / room).max()))


@literal_text
def plot_rates(
    rates: pd.DataFrame,
    *,
    colors: dict[str, str] | None = None,
    category: str = "all",
    title: str = "Loaded language per outlet",
    unit: str = "hits per 1,000 tokens",
    by: str = "outlet",
) -> Figure:
    """Horizontal bars of ``rate_per_1k`` per outlet with their intervals (where there are
    any), labelled with the hits, tokens and documents behind each bar."""
    data = rates[rates["category"] == category].sort_values(by, ascending=False)
    colors = colors or outlet_colors(data[by])
    fig, ax = new_figure(7, 0.45 * len(data) + 1.4)
    y = np.arange(len(data))
    ax.barh(y, data["rate_per_1k"], color=[colors.get(o, "#777777") for o in data[by]])
    rate = data["rate_per_1k"].to_numpy(dtype=float)
    ci_low = data["ci_low"].to_numpy(dtype=float)
    ci_high = data["ci_high"].to_numpy(dtype=float)
    has_ci = np.isfinite(ci_low) & np.isfinite(ci_high)
    if has_ci.any():  # (only bars with an interval: no zero-length caps at the others' ends)
        xerr = [(rate - ci_low)[has_ci], (ci_high - rate)[has_ci]]
        ax.errorbar(rate[has_ci], y[has_ci], xerr=xerr, fmt="none", ecolor="#333333", capsize=3)
    labels = []
    for row, interval in zip(data.itertuples(index=False), has_ci, strict=True):
        label = f"n={row.n_hits} hits / {row.n_tokens:,} tokens / {row.n_docs} doc"
        label += "s" if row.n_docs != 1 else ""
        if not interval:
            label += " (no interval)"
        labels.append(label)
    # each label right of its bar's end or, if that reaches further, its interval's
    ends = np.nan_to_num(np.fmax(rate, np.where(has_ci, ci_high, np.nan)), nan=0.0)
    texts = label_bars(ax, ends, y, labels, fontsize=7, color="#333333")
    ax.set_yticks(y, data[by])
    ax.set_xlabel(unit)
    suffix = "" if category == "all" else f" ({category})"
    ax.set_title(f"{title}{suffix}")
    fit_labels(fig, ax, ends, texts)
    return fig


@literal_text
def plot_category_mix(
    rates: pd.DataFrame,
    *,
    title: str = "Loaded language by category",
    unit: str = "hits per 1,000 tokens",
    by: str = "outlet",
) -> Figure:
    """Stacked bars: each outlet's rate split by category (n hits in the legend)."""
    data = rates[rates["category"] != "all"]
    if len(data) == 0:  # no hits at all: an empty chart that says so
        fig, ax = new_figure(7, 1.8)
        ax.text(0.5, 0.5, "no loaded-language hits in this corpus", ha="center", va="center")
        ax.set_axis_off()
        ax.set_title(title)
        return fig
    table = data.pivot_table(index=by, columns="category", values="rate_per_1k", fill_value=0)
    table = table.sort_index(ascending=False)
    n_by_cat = data.groupby("category")["n_hits"].sum()
    fig, ax = new_figure(7, 0.45 * len(table) + 1.8)
    left = np.zeros(len(table))
    import matplotlib as mpl

    cmap = mpl.colormaps["tab20"]
    for i, cat in enumerate(table.columns):
        vals = table[cat].to_numpy()
        ax.barh(
            table.index, vals, left=left, color=cmap(i % 20), label=f"{cat} (n={n_by_cat[cat]})"
        )
        left += vals
    ax.set_xlabel(unit)
    ax.set_title(title)
    # beside the axes, so that it never covers a bar, whichever outlet's bar is longest
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    return fig
