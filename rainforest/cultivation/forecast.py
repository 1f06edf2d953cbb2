"""Target attainment, exactly (issue 3 item 6).

Each candidate passes independently with its own probability p_i, so the number of passes follows a
Poisson-binomial distribution. Its probability mass function comes from the exact recurrence
    P_k(j) = P_{k-1}(j) · (1 − p_k) + P_{k-1}(j − 1) · p_k
(O(n²), no sampling). The attainment of a target T with A already achieved is P(A + X ≥ T).

How much one candidate moves the attainment is exact too: with the others' count X₋ᵢ,
    P(X ≥ m | i passes) − P(X ≥ m | i fails) = P(X₋ᵢ = m − 1),
and X₋ᵢ's distribution is the full one with candidate i divided out (deconvolution, run forwards for
p_i ≤ ½ and backwards otherwise, which keeps it numerically stable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def _check(probabilities: Sequence[float]) -> None:
    for index, p in enumerate(probabilities):
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"probability #{index} is {p}, outside [0, 1]")


def pmf(probabilities: Sequence[float]) -> list[float]:
    """P(X = k) for k = 0..n, X the number of successes of independent trials with these probabilities."""
    _check(probabilities)
    distribution = [1.0]
    for p in probabilities:
        q = 1.0 - p
        following = [0.0] * (len(distribution) + 1)
        for k, mass in enumerate(distribution):
            following[k] += mass * q
            following[k + 1] += mass * p
        distribution = following
    return distribution


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


@dataclass(frozen=True)
class Attainment:
    target: int
    achieved: int
    needed: int  # passes still needed from the candidates
    probability: float  # P(achieved + X ≥ target)
    expected: float  # achieved + E[X]
    distribution: list[float]  # pmf of the final total, index = achieved + k
    influence: list[float]  # per candidate, in the given order: P(X₋ᵢ = needed − 1)


def attainment(target: int, achieved: int, probabilities: Sequence[float]) -> Attainment:
    """The probability of reaching `target` by year end, with `achieved` already counted."""
    distribution = pmf(probabilities)
    needed = max(0, target - achieved)
    influence: list[float] = []
    for p in probabilities:
        if needed == 0:
            influence.append(0.0)
            continue
        rest = without(distribution, p)
        influence.append(rest[needed - 1] if needed - 1 < len(rest) else 0.0)
    return Attainment(
        target=target,
        achieved=achieved,
        needed=needed,
        probability=at_least(distribution, needed),
        expected=achieved + sum(probabilities),
        distribution=distribution,
        influence=influence,
    )
