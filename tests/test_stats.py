"""analysis.stats: exact sums and means, cross-checked against math.fsum; the bootstrap helpers
are tested where the metrics use them (test_loaded, test_stance)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

from analysis.stats import exact_mean, exact_sum


def test_exact_sum_is_fsum_and_does_not_depend_on_parts_or_order():
    rng = random.Random(0)
    for _ in range(200):
        vals = [rng.choice([rng.uniform(-1, 1), round(rng.uniform(-1, 1), 4), 1e-17, -0.1])
                for _ in range(rng.randint(1, 60))]
        total = exact_sum(vals)
        # math.fsum is the correctly rounded sum: the float nearest the exact one
        assert float(total) == math.fsum(vals)
        cut = rng.randint(0, len(vals))
        shuffled = vals[:]
        rng.shuffle(shuffled)
        assert exact_sum(vals[:cut]) + exact_sum(vals[cut:]) == total == exact_sum(shuffled)


def test_exact_mean_where_a_running_float_sum_is_off():
    vals = [0.1] * 10
    assert sum(vals) != 1.0  # 0.9999999999999999 summed as floats
    assert exact_mean(exact_sum(vals), 10) == 0.1
    assert exact_mean(Fraction(1, 3), 1) == 1 / 3  # rounded once
    assert exact_sum([]) == 0
