import itertools
import math
import random

import pytest

from rainforest.cultivation.forecast import at_least, attainment, influences, pmf, without


def brute_force(probabilities):
    counts = [0.0] * (len(probabilities) + 1)
    for outcome in itertools.product((0, 1), repeat=len(probabilities)):
        weight = math.prod(p if hit else 1 - p for p, hit in zip(probabilities, outcome, strict=True))
        counts[sum(outcome)] += weight
    return counts


@pytest.mark.parametrize("seed", range(8))
def test_the_pmf_equals_brute_force_enumeration_of_small_pools(seed):
    rng = random.Random(seed)
    probabilities = [rng.random() for _ in range(rng.randint(1, 10))]
    assert pmf(probabilities) == pytest.approx(brute_force(probabilities), abs=1e-12)


def recurrence(probabilities):
    """The textbook O(n²) recurrence P_k(j) = P_{k-1}(j)·(1 − p_k) + P_{k-1}(j − 1)·p_k."""
    distribution = [1.0]
    for p in probabilities:
        following = [0.0] * (len(distribution) + 1)
        for k, mass in enumerate(distribution):
            following[k] += mass * (1 - p)
            following[k + 1] += mass * p
        distribution = following
    return distribution


@pytest.mark.parametrize(("seed", "size"), [(1, 65), (2, 700), (3, 3001)])
def test_the_product_tree_with_the_fft_equals_the_recurrence(seed, size):
    # above 64 coefficients the upper levels multiply through the FFT; pools of a skewed mix, as real ones
    rng = random.Random(seed)
    probabilities = [rng.random() ** 3 for _ in range(size)]
    result = pmf(probabilities)
    assert len(result) == size + 1
    assert result == pytest.approx(recurrence(probabilities), abs=1e-12)
    assert min(result) >= 0.0


def test_a_national_pool_keeps_its_mass_and_mean():
    rng = random.Random(4)
    probabilities = [rng.random() ** 4 for _ in range(200_000)]
    result = pmf(probabilities)
    assert sum(result) == pytest.approx(1.0, abs=1e-9)
    assert sum(k * mass for k, mass in enumerate(result)) == pytest.approx(sum(probabilities), rel=1e-9)


@pytest.mark.parametrize(
    ("seed", "size", "needed"), [(5, 40, 7), (6, 900, 150), (7, 900, 899), (8, 8_000, 2_500)]
)
def test_the_influences_equal_one_deconvolution_per_candidate(seed, size, needed):
    # both directions (p ≤ ½ forwards, p > ½ backwards), repeated probabilities, certain candidates; the
    # last pool is large enough for the backward run to start below the top of the distribution
    rng = random.Random(seed)
    probabilities = [rng.choice([rng.random(), 0.25, 0.75, 1.0, 0.0]) for _ in range(size)]
    distribution = pmf(probabilities)
    result = influences(distribution, probabilities, needed)
    assert len(result) == size
    for index in rng.sample(range(size), min(size, 25)):
        rest = without(distribution, probabilities[index])
        assert result[index] == pytest.approx(rest[needed - 1], abs=1e-12)


def test_nobody_has_influence_when_the_target_is_reached_or_beyond_every_total():
    assert influences(pmf([0.5, 0.5]), [0.5, 0.5], 0) == [0.0, 0.0]
    assert influences(pmf([0.5, 0.5]), [0.5, 0.5], 3) == [0.0, 0.0]


def test_the_influence_is_left_out_when_not_asked():
    result = attainment(target=2, achieved=0, probabilities=[0.5, 0.5, 0.2], influence=False)
    assert (result.influence, result.probability) == ([], attainment(2, 0, [0.5, 0.5, 0.2]).probability)


def test_certain_and_impossible_candidates_shift_the_distribution():
    assert pmf([1.0, 0.0, 1.0]) == [0.0, 0.0, 1.0, 0.0]


def test_an_empty_pool_passes_nobody():
    assert pmf([]) == [1.0]


def test_a_probability_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match=r"probability #1 is 1\.5"):
        pmf([0.2, 1.5])


def test_dividing_a_candidate_out_gives_the_pmf_of_the_others():
    probabilities = [0.1, 0.45, 0.5, 0.8, 0.97, 0.3]
    full = pmf(probabilities)
    for index, p in enumerate(probabilities):
        others = probabilities[:index] + probabilities[index + 1 :]
        assert without(full, p) == pytest.approx(pmf(others), abs=1e-12)


def test_attainment_counts_what_is_already_achieved():
    result = attainment(target=3, achieved=2, probabilities=[0.5, 0.5])
    assert (result.needed, result.probability, result.expected) == (1, 0.75, 3.0)


def test_a_target_already_met_is_certain_and_nobody_moves_it():
    result = attainment(target=2, achieved=2, probabilities=[0.3])
    assert (result.probability, result.influence) == (1.0, [0.0])


def test_influence_is_the_exact_difference_a_candidate_makes():
    probabilities = [0.2, 0.6, 0.9, 0.4]
    result = attainment(target=2, achieved=0, probabilities=probabilities)
    for index in range(len(probabilities)):
        passes = [*probabilities[:index], 1.0, *probabilities[index + 1 :]]
        fails = [*probabilities[:index], 0.0, *probabilities[index + 1 :]]
        difference = at_least(pmf(passes), 2) - at_least(pmf(fails), 2)
        assert result.influence[index] == pytest.approx(difference, abs=1e-12)
