"""Target attainment, computed rather than sampled (issue 3 item 6).

Each candidate passes independently with its own probability p_i, so the number of passes follows a
Poisson-binomial distribution. Its probability mass function is the product of the candidates'
generating polynomials (1 − p_k + p_k·z), computed as a product tree (`pmf`: no sampling; direct products
for short polynomials, the FFT for long ones, O(n log² n), so a national pool of 437,000 candidates takes
well under a second). The attainment of a target T with A already achieved is P(A + X ≥ T).

How much one candidate moves the attainment is computed too (on request: the summaries need none): with the others' count X₋ᵢ,
    P(X ≥ m | i passes) − P(X ≥ m | i fails) = P(X₋ᵢ = m − 1),
and X₋ᵢ's distribution is the full one with candidate i divided out (deconvolution, run forwards for
p_i ≤ ½ and backwards otherwise, which keeps it numerically stable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Polynomials up to this many coefficients are multiplied directly (plain sums of products); longer ones
# through the FFT.
DIRECT_UP_TO = 64
# Up to this many candidates the influences run over the whole distribution (exact to rounding).
EXACT_UP_TO = 5000
# An influence below this is taken as none (the page lists a firm from 0.0005).
NEGLIGIBLE = 1e-13
# The share of the distribution's largest mass from which a large pool's influence runs start: above the
# FFT's rounding noise (about 1e-20 absolute in the far tails of a 437,000-candidate pool).
SIGNIFICANT = 1e-14


def _check(probabilities: Sequence[float]) -> None:
    for index, p in enumerate(probabilities):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability #{index} is {p}, outside [0, 1]")


def pmf(probabilities: Sequence[float]) -> list[float]:
    """P(X = k) for k = 0..n, X the number of successes of independent trials with these probabilities.

    The product of the trials' generating polynomials (1 − p + p·z), multiplied in pairs level by level
    (a product tree): the short polynomials of the lower levels directly, the long ones of the upper levels
    through the FFT, each level as one batched NumPy operation, so O(n log² n) in all rather than the
    recurrence's O(n²) (437,000 candidates: under a second instead of hours). Pools are padded to a power
    of two with trials of probability 0, which change nothing. The FFT's rounding (about 1e-16 of the
    largest mass per level) can leave tiny negative masses: they are clipped to 0 and the whole is scaled
    back to a sum of 1."""
    _check(probabilities)
    n = len(probabilities)
    if n == 0:
        return [1.0]
    size = 1 << (n - 1).bit_length()
    p = np.zeros(size)
    p[:n] = probabilities
    level = np.stack([1.0 - p, p], axis=1)
    transformed = False  # one row per polynomial: its coefficients, lowest first
    while level.shape[0] > 1:
        left, right = level[0::2], level[1::2]
        width = left.shape[1]
        length = 2 * width - 1
        if width <= DIRECT_UP_TO:
            product = np.zeros((left.shape[0], length))
            for power in range(width):
                product[:, power : power + width] += left[:, power : power + 1] * right
        else:
            points = 1 << (length - 1).bit_length()
            spectrum = np.fft.rfft(left, points, axis=1) * np.fft.rfft(right, points, axis=1)
            product = np.fft.irfft(spectrum, points, axis=1)[:, :length]
            np.maximum(product, 0.0, out=product)
            transformed = True
        level = product
    distribution = level[0, : n + 1]
    if transformed:
        distribution = distribution / distribution.sum()
    return [float(mass) for mass in distribution]


def at_least(distribution: Sequence[float], needed: int) -> float:
    """P(X ≥ needed) for a distribution given as its pmf."""
    if needed <= 0:
        return 1.0
    if needed >= len(distribution):
        return 0.0
    return min(1.0, max(0.0, sum(distribution[needed:])))


def without(distribution: Sequence[float], p: float) -> list[float]:
    """The pmf with one trial of probability p divided out (the inverse of one step of `pmf`)."""
    n = len(distribution) - 1
    if n < 1:
        raise ValueError("nothing to divide out")
    q = 1.0 - p
    rest = [0.0] * n
    if p <= 0.5:
        # forwards: distribution[k] = rest[k]·q + rest[k−1]·p
        for k in range(n):
            carried = rest[k - 1] * p if k else 0.0
            rest[k] = (distribution[k] - carried) / q
    else:
        # backwards: distribution[k+1] = rest[k+1]·q + rest[k]·p
        for k in range(n - 1, -1, -1):
            carried = rest[k + 1] * q if k + 1 < n else 0.0
            rest[k] = (distribution[k + 1] - carried) / p
    return [max(0.0, value) for value in rest]


def influences(distribution: Sequence[float], probabilities: Sequence[float], needed: int) -> list[float]:
    """P(X₋ᵢ = needed − 1) for every candidate i: `without(distribution, pᵢ)[needed − 1]` for all of them at
    once. The value depends on pᵢ alone, so it is computed once per distinct probability, and the
    recurrence of `without` runs over all of them together (NumPy vectors): forwards up to needed − 1 for
    p ≤ ½, backwards from the top of the distribution for p > ½. For a large pool (over `EXACT_UP_TO`
    candidates) both runs start where the distribution's mass rises above `SIGNIFICANT` of its largest
    value instead of at 0 and n (both runs are contracting, so the mass left out, under n × 1e-14 of the
    largest, adds nothing a probability shown to 0.1% can hold), and a target in a tail of the distribution, where every influence is below
    `NEGLIGIBLE`, runs nothing. So a pool of hundreds of thousands of candidates takes seconds instead of
    the hours of one deconvolution per candidate."""
    count = len(probabilities)
    n = len(distribution) - 1
    index = needed - 1
    if needed <= 0 or index >= n or count == 0:
        return [0.0] * count
    mass = np.asarray(distribution, dtype=float)
    # X = X₋ᵢ + Bᵢ gives P(X = k) ≥ P(X₋ᵢ = k)·(1 − pᵢ) and P(X = k + 1) ≥ P(X₋ᵢ = k)·pᵢ, and one of pᵢ, 1 − pᵢ is
    # at least ½: no influence exceeds twice the larger of P(X = needed − 1) and P(X = needed). A target far
    # in either tail moves nobody (and would cost the longest runs).
    if 2 * max(mass[index], mass[index + 1]) < NEGLIGIBLE:
        return [0.0] * count
    unique, inverse = np.unique(np.asarray(probabilities, dtype=float), return_inverse=True)
    value = np.zeros(len(unique))
    low = unique <= 0.5
    bottom, top = 0, n - 1
    if n > EXACT_UP_TO:
        significant = np.nonzero(mass > mass.max() * SIGNIFICANT)[0]
        bottom, top = min(index, int(significant[0])), max(index, min(n - 1, int(significant[-1]) - 1))
    p = unique[low]
    q = 1.0 - p
    rest = np.zeros(len(p))
    for k in range(bottom, index + 1):  # distribution[k] = rest[k]·q + rest[k−1]·p
        rest = (mass[k] - rest * p) / q
    value[low] = rest
    p = unique[~low]
    if len(p):
        q = 1.0 - p
        rest = np.zeros(len(p))
        for k in range(top, index - 1, -1):  # distribution[k+1] = rest[k+1]·q + rest[k]·p
            rest = (mass[k + 1] - rest * q) / p
        value[~low] = rest
    return [max(0.0, float(v)) for v in value[inverse]]


@dataclass(frozen=True)
class Attainment:
    target: int
    achieved: int
    needed: int  # passes still needed from the candidates
    probability: float  # P(achieved + X ≥ target)
    expected: float  # achieved + E[X]
    distribution: list[float]  # pmf of the final total, index = achieved + k
    influence: list[float]  # per candidate, in the given order: P(X₋ᵢ = needed − 1); [] if not asked


def attainment(
    target: int, achieved: int, probabilities: Sequence[float], *, influence: bool = True
) -> Attainment:
    """The probability of reaching `target` by year end, with `achieved` already counted. With
    `influence=False` the per-candidate influence (`influences`) is left out and `Attainment.influence` is
    empty: what a summary that lists no candidate asks for."""
    distribution = pmf(probabilities)
    needed = max(0, target - achieved)
    return Attainment(
        target=target,
        achieved=achieved,
        needed=needed,
        probability=at_least(distribution, needed),
        expected=achieved + sum(probabilities),
        distribution=distribution,
        influence=influences(distribution, probabilities, needed) if influence else [],
    )
