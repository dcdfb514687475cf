"""Rasch (1PL) calibration by conditional maximum likelihood, with anchored items, SEs and infit/outfit.

Conditional ML conditions the persons out through their raw scores (the sufficient statistics),
so item difficulties are consistent without any assumption about the ability distribution and
without the bias of joint ML. The likelihood needs the elementary symmetric functions of the
item parameters; with at most a few hundred items these are small arrays, and the data enter
only as item totals and the count of persons at each raw score, so 20,000 candidates cost no
more than 200. Newton–Raphson uses the exact Hessian (from the ESFs without each pair of items).

Anchors: items whose difficulty is already on the bank's scale keep it; the free items are
estimated conditional on them, which puts them on the same scale. Without anchors the free
difficulties are centred on 0 (the usual identification).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_ITER = 100
TOL = 1e-6
B_LIMIT = 8.0  # an item nobody (or everybody) answered right has no finite estimate


@dataclass
class RaschResult:
    b: np.ndarray  # difficulty per item (logits)
    se: np.ndarray  # standard error (anchored items: nan)
    infit: np.ndarray  # information-weighted mean square
    outfit: np.ndarray  # unweighted mean square
    anchored: np.ndarray  # bool
    theta_by_score: np.ndarray  # ability per raw score 0..k
    n_persons: int  # persons with a non-extreme score (the ones that inform CML)
    iterations: int
    converged: bool


def esf(eps: np.ndarray) -> np.ndarray:
    """Elementary symmetric functions γ_0..γ_k of the last axis of ``eps`` (batched over leading axes)."""
    k = eps.shape[-1]
    g = np.zeros((*eps.shape[:-1], k + 1))
    g[..., 0] = 1.0
    for i in range(k):
        e = eps[..., i : i + 1]
        g[..., 1 : i + 2] = g[..., 1 : i + 2] + e * g[..., 0 : i + 1]
    return g


def _esf_without_one(eps: np.ndarray) -> np.ndarray:
    """γ^{(j)}_r: the ESFs of all items but j, as a k × (k) array (orders 0..k-1)."""
    k = len(eps)
    mask = ~np.eye(k, dtype=bool)
    batched = np.where(mask, eps[None, :], 0.0)  # item j's eps set to 0 == item j removed
    return esf(batched)[:, :k]


def _esf_without_two(eps: np.ndarray) -> np.ndarray:
    """γ^{(i,j)}_r as a k × k × (k-1) array (orders 0..k-2)."""
    k = len(eps)
    keep = ~(np.eye(k, dtype=bool)[:, None, :] | np.eye(k, dtype=bool)[None, :, :])
    batched = np.where(keep, eps[None, None, :], 0.0)
    return esf(batched)[:, :, : max(k - 1, 1)]


def _conditional_moments(b: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Expected item totals and their covariance under CML, given persons per raw score."""
    k = len(b)
    eps = np.exp(-b)
    g = esf(eps)  # 0..k
    g1 = _esf_without_one(eps)  # j, r-1
    g2 = _esf_without_two(eps)  # i, j, r-2
    r = np.arange(1, k)  # informative scores
    w = counts[r] / g[r]  # persons at score r / γ_r
    # P(x_j = 1 | r) = eps_j γ^{(j)}_{r-1} / γ_r
    p = eps[:, None] * g1[:, r - 1] / g[r][None, :]  # k × (k-1)
    expected = (p * counts[r][None, :]).sum(axis=1)
    # P(x_i = 1, x_j = 1 | r) = eps_i eps_j γ^{(i,j)}_{r-2} / γ_r (r ≥ 2)
    pair = np.zeros((k, k))
    if k >= 3:
        rr = r[r >= 2]
        pair = (eps[:, None] * eps[None, :]) * (g2[:, :, rr - 2] * w[rr - 1][None, None, :]).sum(axis=2)
    np.fill_diagonal(pair, expected)
    cov = pair - (p[:, None, :] * p[None, :, :] * counts[r][None, None, :]).sum(axis=2)
    return expected, cov


def theta_for_scores(b: np.ndarray, extreme_adjust: float = 0.3) -> np.ndarray:
    """ML ability for each raw score 0..k given the difficulties (0 and k use k ± ``extreme_adjust``)."""
    k = len(b)
    target = np.arange(k + 1, dtype=float)
    target[0] = extreme_adjust
    target[k] = k - extreme_adjust
    theta = np.log(target / (k - target)) + b.mean()
    for _ in range(50):
        p = 1 / (1 + np.exp(-(theta[:, None] - b[None, :])))
        f = p.sum(axis=1) - target
        d = (p * (1 - p)).sum(axis=1)
        step = np.clip(f / d, -1, 1)
        theta -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return theta


def fit_statistics(x: np.ndarray, b: np.ndarray, theta_by_score: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Infit and outfit mean squares per item, over persons with a non-extreme raw score."""
    k = x.shape[1]
    raw = x.sum(axis=1)
    keep = (raw > 0) & (raw < k)
    xs = x[keep].astype(float)
    theta = theta_by_score[raw[keep]]
    p = 1 / (1 + np.exp(-(theta[:, None] - b[None, :])))
    var = p * (1 - p)
    resid2 = (xs - p) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        outfit = (resid2 / var).mean(axis=0)
        infit = resid2.sum(axis=0) / var.sum(axis=0)
    return infit, outfit


def calibrate(x: np.ndarray, anchors: dict[int, float] | None = None) -> RaschResult:
    """Difficulties of the columns of a 0/1 matrix (persons × items); ``anchors`` fixes some columns."""
    x = np.asarray(x)
    n, k = x.shape
    anchors = {int(j): float(v) for j, v in (anchors or {}).items()}
    if k < 2:
        raise ValueError("Rasch calibration needs at least two items")
    raw = x.sum(axis=1).astype(int)
    counts = np.bincount(raw, minlength=k + 1).astype(float)
    informative = (raw > 0) & (raw < k)
    totals = x[informative].sum(axis=0).astype(float)
    n_inf = int(informative.sum())
    if n_inf == 0:
        raise ValueError("nobody has a score between none and all right: nothing to calibrate on")
    free = np.array([j not in anchors for j in range(k)])
    b = np.zeros(k)
    # Start from log-odds of the item totals (a good start: one or two Newton steps from the answer).
    with np.errstate(divide="ignore"):
        start = -np.log(np.clip(totals, 0.5, n_inf - 0.5) / np.clip(n_inf - totals, 0.5, None)) if n_inf else np.zeros(k)
    b[free] = start[free] - (start[free].mean() if not anchors else 0.0)
    for j, v in anchors.items():
        b[j] = v
    converged, it = False, 0
    cov = np.zeros((k, k))
    for it in range(1, MAX_ITER + 1):  # noqa: B007 - reported
        expected, cov = _conditional_moments(b, counts)
        grad = (expected - totals)[free]  # d logL / d b_j = E_j − s_j
        info = cov[np.ix_(free, free)]
        if anchors:
            step = np.linalg.solve(info + 1e-10 * np.eye(len(info)), grad)
        else:
            # Singular (the origin is free; C·1 = 0): (C + 11ᵀ)⁻¹ = C⁺ + 11ᵀ/k², and the gradient ⊥ 1.
            step = np.linalg.solve(info + np.ones_like(info), grad)
        step = np.clip(step, -1.0, 1.0)
        b[free] = np.clip(b[free] + step, -B_LIMIT, B_LIMIT)
        if not anchors:
            b[free] -= b[free].mean()
        if np.max(np.abs(step)) < TOL:
            converged = True
            break
    se = np.full(k, np.nan)
    if n_inf and free.any():
        info = cov[np.ix_(free, free)]
        m = len(info)
        # Without anchors, the covariance under the sum-to-zero constraint: C⁺ = (C + 11ᵀ)⁻¹ − 11ᵀ/m².
        var = np.linalg.inv(info + 1e-10 * np.eye(m)) if anchors else np.linalg.inv(info + np.ones_like(info)) - 1.0 / m**2
        se[free] = np.sqrt(np.clip(np.diag(var), 0, None))
    theta = theta_for_scores(b)
    infit, outfit = fit_statistics(x, b, theta)
    return RaschResult(b, se, infit, outfit, ~free, theta, n_inf, it, converged)


def simulate(n: int, b: np.ndarray, rng: np.random.Generator, theta_sd: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Responses of ``n`` persons (abilities ~ N(0, theta_sd²)) to items of difficulty ``b``."""
    theta = rng.normal(0.0, theta_sd, n)
    p = 1 / (1 + np.exp(-(theta[:, None] - b[None, :])))
    return (rng.random(p.shape) < p).astype(np.int8), theta
