"""Small statistical helpers shared by the metrics: seeded bootstrap intervals, exact means."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from analysis.errors import ParameterError


def metric_row(name: str, correct: int, n: int, note: str) -> dict[str, object]:
    """One row of an evaluation table: ``metric, value (correct / n), n_correct, n, note``."""
    return {
        "metric": name,
        "value": round(correct / n, 4) if n else float("nan"),
        "n_correct": correct,
        "n": n,
        "note": note,
    }


def exact_sum(values: Iterable[float]) -> Fraction:
    """The exact sum of floats (no rounding at all): partial sums of parts of a table (chunks of
    a streamed run) add up to the sum of the whole, whatever the order."""
    return sum(map(Fraction, values), Fraction(0))


def exact_mean(total: Fraction, n: int) -> float:
    """``total / n`` rounded once to the nearest float: the mean of the values whose
    :func:`exact_sum` is ``total``, the same whether they were summed at once or in parts."""
    return float(total / n)


def rng_for(seed: int, *keys: str) -> np.random.Generator:
    """A generator seeded by ``seed`` and stable string keys (e.g. the outlet name), so each
    group's resamples do not depend on which other groups are in the corpus."""
    return np.random.default_rng([seed, *(zlib.crc32(k.encode("utf-8")) for k in keys)])


def check_bootstrap(n_boot: int, seed: int, level: float = 0.95) -> None:
    if not isinstance(n_boot, int) or n_boot < 100:
        raise ParameterError(f"n_boot={n_boot!r}: use an integer of at least 100 (e.g. 2000)")
    if not isinstance(seed, int) or seed < 0:
        raise ParameterError(f"seed={seed!r}: use a non-negative integer")
    if not 0.5 < level < 1:
        raise ParameterError(f"level={level!r}: use a confidence level between 0.5 and 1")


def bootstrap_ratio(
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    n_boot: int,
    rng: np.random.Generator,
    level: float = 0.95,
    scale: float = 1.0,
) -> tuple[float, float]:
    """Percentile interval of ``scale * sum(num) / sum(den)`` over units resampled with
    replacement (documents for rates, sentences for stance)."""
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    n = len(num)
    idx = rng.integers(0, n, size=(n_boot, n))
    totals = den[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        stats = scale * num[idx].sum(axis=1) / totals
    stats = stats[np.isfinite(stats)]
    alpha = (1 - level) / 2
    lo, hi = np.quantile(stats, [alpha, 1 - alpha])
    return float(lo), float(hi)


def bootstrap_mean(
    values: np.ndarray, *, n_boot: int, rng: np.random.Generator, level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of the mean of ``values`` resampled with replacement."""
    vals = np.asarray(values, dtype=float)
    return bootstrap_ratio(vals, np.ones_like(vals), n_boot=n_boot, rng=rng, level=level)
