"""analysis.plots: corpus-derived labels are drawn as written, in every figure function."""

from __future__ import annotations

import io

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.mathtext import MathTextParser
from matplotlib.text import Text

from analysis.compare import plot_profile
from analysis.plots import describe_figure, plot_category_mix, plot_rates
from analysis.stance import plot_salience, plot_stance_heatmap

# what matplotlib would read as mathtext (or fail to parse), and sub-/superscript marks
OUTLETS = ["The $\\foo{$ Post", "$5 and $10 Times", "a_b^c"]
ACTORS = ["$x$", "Mr_Big^2", "\\$y"]
CATEGORIES = ["cost $", "$a$_b"]
TITLE = "Costs in $ and $\\alpha$"
PLAIN_OUTLETS = ["BBC News", "Al Jazeera", "UK tabloid"]
PLAIN_ACTORS = ["Putin", "Trump", "Zelensky"]


def _rates(outlets: list[str], categories: list[str]) -> pd.DataFrame:
    rows = []
    for i, outlet in enumerate(outlets):
        ci = (np.nan, np.nan) if i == 0 else (0.5 + i, 1.5 + i)  # one bar without an interval
        rows.append({"outlet": outlet, "category": "all", "rate_per_1k": 1.0 + i, "ci_low": ci[0],
                     "ci_high": ci[1], "n_hits": 3 + i, "n_tokens": 1000 * (i + 1), "n_docs": 1 + i})
        for j, category in enumerate(categories):
            rows.append({"outlet": outlet, "category": category, "rate_per_1k": 0.3 + 0.2 * j + 0.1 * i,
                         "ci_low": np.nan, "ci_high": np.nan, "n_hits": 1 + j,
                         "n_tokens": 1000 * (i + 1), "n_docs": 1 + i})
    return pd.DataFrame(rows)


def _actor_rows(outlets: list[str], actors: list[str]) -> list[tuple[int, str, int, str]]:
    """Every (outlet, actor) pair but one: an outlet that does not mention an actor."""
    return [(i, o, j, a) for i, o in enumerate(outlets) for j, a in enumerate(actors) if (i, j) != (1, 1)]


def _stance(outlets: list[str], actors: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"outlet": o, "actor": a, "n_sentences": 2 + i + j, "tb_polarity": 0.1 * (i - j),
         "tb_subjectivity": 0.2, "vader_compound": 0.15 * (j - i), "loaded_per_sentence": 0.1 * j}
        for i, o, j, a in _actor_rows(outlets, actors)
    )


def _salience(outlets: list[str], actors: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"outlet": o, "actor": a, "n_sentences": 2 + i + j, "n_sentences_total": 20 + i,
         "share": (2 + i + j) / (20 + i), "first_position": 0.1 * j}
        for i, o, j, a in _actor_rows(outlets, actors)
    )


def _profile(outlets: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"outlet": o, "loaded_per_1k": 1.0 + i, "loaded_n": 3 + i, "anonymous_share": 0.1 * i,
         "attributions_n": 10}
        for i, o in enumerate(outlets)
    )


def _figures(outlets: list[str], actors: list[str], categories: list[str], title: str):
    """(name, function, table, options) of every figure function of the framing report."""
    rates = _rates(outlets, categories)
    return [
        ("plot_rates", plot_rates, rates, {"title": title}),
        ("plot_category_mix", plot_category_mix, rates, {"title": title}),
        ("plot_stance_heatmap", plot_stance_heatmap, _stance(outlets, actors), {"title": title}),
        ("plot_stance_heatmap", plot_stance_heatmap, _stance(outlets, actors),
         {"metric": "loaded_per_sentence"}),
        ("plot_salience", plot_salience, _salience(outlets, actors), {"title": title}),
        ("plot_profile", plot_profile, _profile(outlets), {"title": title}),
    ]


# the labels each figure must draw, to the letter
EXPECTED = {
    "plot_rates": [*OUTLETS, TITLE],
    "plot_category_mix": [*OUTLETS, TITLE, "cost $ (n=3)", "$a$_b (n=6)"],
    "plot_stance_heatmap": [*OUTLETS, *ACTORS, "not\nmentioned"],
    "plot_salience": [*ACTORS, TITLE, *(f"{o} (N={20 + i})" for i, o in enumerate(OUTLETS))],
    "plot_profile": [*OUTLETS, TITLE],
}
CASES = _figures(OUTLETS, ACTORS, CATEGORIES, TITLE)
IDS = [f"{name}-{'-'.join(map(str, opts.values()))[:20]}" for name, _, _, opts in CASES]


def _png(fig: Figure, **options) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, **options)
    return buf.getvalue()


def _drawn(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


@pytest.fixture
def no_mathtext(monkeypatch):
    """Any mathtext parse (of a label, a title, a tick) fails the test."""

    def refuse(self, s, *args, **kwargs):
        raise AssertionError(f"mathtext parsed {s!r}")

    monkeypatch.setattr(MathTextParser, "parse", refuse)


@pytest.mark.parametrize(("name", "plot", "table", "options"), CASES, ids=IDS)
def test_labels_are_drawn_as_written(no_mathtext, name, plot, table, options):
    fig = plot(table, **options)
    _png(fig)  # saved outside the function: the texts keep their settings
    _png(fig, bbox_inches="tight")  # as analysis.framing.show_figure saves it
    with mpl.rc_context({"text.parse_math": True}):  # and inside a context that reads mathtext
        _png(fig)
    drawn = _drawn(fig)
    texts = {t.get_text() for t in drawn}
    missing = [label for label in EXPECTED[name] if label not in texts]
    assert not missing, f"{name}: not drawn as written: {missing}"
    assert not [t.get_text() for t in drawn if t.get_parse_math() or t.get_usetex()]
    if "title" in options:
        assert fig.axes[0].get_title() == TITLE


def test_the_users_settings_are_kept_and_do_not_reach_the_figure(no_mathtext):
    """A user who asked for TeX and mathtext tick numbers gets them back after the figure, and
    the figure draws with neither (no TeX here: it would fail if the figure used it)."""
    user = {"text.parse_math": True, "text.usetex": True, "axes.formatter.use_mathtext": True}
    with mpl.rc_context(user):
        fig = plot_rates(_rates(OUTLETS, CATEGORIES))
        assert {k: mpl.rcParams[k] for k in user} == user
    _png(fig)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[:3] == ["0", "1", "2"]  # not $\mathdefault{0}$
    assert OUTLETS[0] in {t.get_text() for t in _drawn(fig)}


@pytest.mark.parametrize(
    ("name", "plot", "table", "options"),
    _figures(PLAIN_OUTLETS, PLAIN_ACTORS, ["insult", "fear"], "Loaded language"),
)
def test_plain_labels_render_the_same_bytes_as_without_the_mechanism(name, plot, table, options):
    fig = plot(table, **options)
    assert _png(fig) == _png(plot(table, **options))  # deterministic
    assert _png(fig) == _png(plot.__wrapped__(table, **options))  # as before the change


def test_describe_figure_gives_titles_and_axis_labels():
    fig = plot_rates(_rates(OUTLETS, CATEGORIES), title=TITLE)
    assert describe_figure(fig) == f"{TITLE} (x: hits per 1,000 tokens)"
    fig = plot_salience(_salience(OUTLETS, ACTORS), title="Salience")
    assert describe_figure(fig) == (
        "Salience (x: % of the outlet's sentences that mention the actor (label: k of N sentences);"
        " y: actor) — How early the actor appears (x: position of the first mention (0 = first"
        " sentence, 1 = last))"
    )
    fig = plot_stance_heatmap(_stance(OUTLETS, ACTORS), metric="loaded_per_sentence")
    assert describe_figure(fig).endswith(
        " — y: loaded terms landing on the actor per sentence mentioning it"  # the colour bar
    )
    assert describe_figure(Figure()) == "figure"


# one interval reaching far past its bar, a zero bar with an interval, a bar without one, and
# the longest label on the longest reach (it decides the x limit)
WIDE = pd.DataFrame(
    [
        ("Narrow Times", 4.0, 3.5, 4.6, 40, 10_000, 12),
        ("Wide Post", 2.0, 0.4, 7.5, 6, 3_000, 5),
        ("No Interval Daily", 3.0, np.nan, np.nan, 3, 1_000, 1),
        ("Zero Herald", 0.0, 0.0, 1.2, 0, 2_500, 6),
        ("Nothing Gazette", 0.0, np.nan, np.nan, 0, 800, 1),
        ("$5 and $10 Times", 1.0, 0.2, 2.9, 5, 5_000, 7),
        ("Long Reach Review", 9.0, 8.0, 11.0, 123_456, 9_876_543, 1_000),
    ],
    columns=["outlet", "rate_per_1k", "ci_low", "ci_high", "n_hits", "n_tokens", "n_docs"],
).assign(category="all")


def _seed_rates(seeds) -> pd.DataFrame:
    from analysis.loaded import find_loaded, loaded_rates

    return loaded_rates(find_loaded(seeds.sentences), seeds.sentences)


@pytest.mark.parametrize(
    "rates",
    [WIDE, _rates(OUTLETS, CATEGORIES), WIDE.iloc[[1]], WIDE.iloc[[4]], "seeds"],
    ids=["wide-interval", "test-table", "one-bar", "one-zero-bar", "seeds"],
)
def test_rate_labels_clear_the_error_bars_and_stay_inside_the_axes(rates, request):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    if isinstance(rates, str):
        rates = _seed_rates(request.getfixturevalue("seeds"))
    fig = plot_rates(rates)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    (ax,) = fig.axes
    frame = ax.get_window_extent(renderer)
    labels = [t for t in ax.texts if t.get_text().lstrip().startswith("n=")]
    assert len(labels) == (rates["category"] == "all").sum()
    # what the error bars draw: each interval's line and its two caps (as pixel boxes)
    drawn = [bar.get_window_extent(renderer) for bar in ax.patches]  # the bars too
    for container in ax.containers:
        if hasattr(container, "has_xerr"):
            _, caps, (ranges,) = container.lines
            caps_px = [ax.transData.transform(c.get_xydata()) for c in caps]
            half_cap = caps[0].get_markersize() / 2 * fig.dpi / 72  # (vertical caps)
            for k, segment in enumerate(ranges.get_segments()):
                drawn.append(Bbox(ax.transData.transform(segment)))
                for ends_px in caps_px:
                    x, yc = ends_px[k]
                    drawn.append(Bbox([[x - 1, yc - half_cap], [x + 1, yc + half_cap]]))
    assert len(drawn) > len(ax.patches) or rates["ci_low"].isna().all()
    for label in labels:
        box = label.get_window_extent(renderer)
        hits = [d for d in drawn if box.overlaps(d)]
        assert not hits, f"{label.get_text()!r} at {box} overlaps {hits}"
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1, f"{label.get_text()!r} leaves the axes"
        assert frame.y0 <= box.y0 and box.y1 <= frame.y1, f"{label.get_text()!r} leaves the axes"
    assert describe_figure(fig) == "Loaded language per outlet (x: hits per 1,000 tokens)"


def test_category_mix_legend_never_covers_a_bar(seeds):
    """The legend sat inside the axes at the lower right, over the bottom outlet's bar when
    that bar was long; it is drawn beside the axes now."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = plot_category_mix(_seed_rates(seeds))
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [p.get_window_extent(renderer) for p in ax.patches if p.get_width() > 0]
    assert bars and not any(legend.overlaps(b) for b in bars)
    assert legend.x0 >= ax.get_window_extent(renderer).x1
