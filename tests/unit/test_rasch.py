"""Rasch calibration: recovers generating difficulties, solves the CML equations, anchors, fit near 1."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from qbank.domain.rasch import calibrate, esf, simulate


def test_difficulties_of_2000_simulated_candidates_correlate_with_the_truth() -> None:
    rng = np.random.default_rng(2026)
    b = rng.uniform(-2.0, 2.0, 40)
    x, _ = simulate(2000, b, rng)
    result = calibrate(x)
    assert result.converged
    assert np.corrcoef(result.b, b)[0, 1] >= 0.98
    # Centred on 0 without anchors, and within a few standard errors of the (centred) truth.
    assert abs(result.b.mean()) < 1e-9
    assert np.mean(np.abs(result.b - (b - b.mean())) / result.se) < 2.0
    assert np.all((result.se > 0.03) & (result.se < 0.12))


def test_fit_mean_squares_are_near_one_when_the_data_fit() -> None:
    rng = np.random.default_rng(7)
    x, _ = simulate(3000, np.linspace(-1.5, 1.5, 20), rng)
    result = calibrate(x)
    assert np.all((result.infit > 0.9) & (result.infit < 1.1))
    assert np.all((result.outfit > 0.8) & (result.outfit < 1.2))


def test_a_guessed_item_misfits() -> None:
    rng = np.random.default_rng(3)
    x, _ = simulate(2000, np.linspace(-1.5, 1.5, 15), rng)
    x[:, 0] = rng.random(2000) < 0.5  # answered at random: unrelated to ability
    result = calibrate(x)
    assert result.infit[0] > 1.1 and result.outfit[0] > 1.1


def test_estimates_solve_the_conditional_likelihood_equations() -> None:
    """Independently of the code's ESF recursion: enumerate every response pattern of 4 items and
    check that, at the estimates, each item's expected total given the raw scores equals its total."""
    x = np.array([[1, 0, 0, 0], [1, 1, 0, 0], [1, 0, 1, 0], [0, 1, 1, 0], [1, 1, 1, 0], [1, 1, 0, 1],
                  [0, 0, 1, 0], [1, 0, 0, 1], [1, 1, 0, 0], [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 0, 1]])
    result = calibrate(x)
    b = result.b
    expected = np.zeros(4)
    for row in x:
        r = row.sum()
        patterns = [p for p in itertools.product((0, 1), repeat=4) if sum(p) == r]
        weights = [math.exp(-sum(bi for bi, pi in zip(b, p, strict=True) if pi)) for p in patterns]
        z = sum(weights)
        expected += np.array([sum(w * p[j] for w, p in zip(weights, patterns, strict=True)) / z for j in range(4)])
    assert expected == pytest.approx(x.sum(axis=0), abs=1e-4)


def test_esf_matches_the_definition() -> None:
    eps = np.array([0.5, 2.0, 1.5])
    g = esf(eps)
    assert g.tolist() == pytest.approx([1.0, 4.0, 0.5 * 2 + 0.5 * 1.5 + 2 * 1.5, 0.5 * 2 * 1.5])


def test_anchored_items_keep_their_difficulty_and_put_the_rest_on_their_scale() -> None:
    rng = np.random.default_rng(11)
    b = rng.uniform(-2.0, 2.0, 30) + 0.7  # a harder exam than the bank's origin
    x, _ = simulate(2000, b, rng)
    anchors = {j: float(b[j]) for j in range(10)}
    result = calibrate(x, anchors)
    assert result.b[:10] == pytest.approx(b[:10])
    assert result.anchored[:10].all() and not result.anchored[10:].any()
    # Free items land on the generating scale itself (not re-centred): small mean error.
    assert abs(np.mean(result.b[10:] - b[10:])) < 0.1
    assert np.corrcoef(result.b[10:], b[10:])[0, 1] >= 0.98


def test_nobody_in_between_cannot_be_calibrated() -> None:
    with pytest.raises(ValueError, match="nothing to calibrate"):
        calibrate(np.array([[1, 1, 1], [0, 0, 0]]))
