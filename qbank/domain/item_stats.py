"""Classical test theory on a score matrix: facility, discrimination, option analysis, reliability, flags."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from qbank.domain.answers import MCQ_LABELS
from qbank.domain.enums import QuestionType
from qbank.domain.grading import INVALID_CODE, OMITTED_CODE, Scored

GROUP_SHARE = 0.27  # Kelley's upper and lower 27 %
HARD, EASY, LOW_DISCRIMINATION = 0.2, 0.9, 0.2
HISTOGRAM_BINS = 20

# Flag names, most serious first: the report sorts items by the first flag they carry.
FLAG_ORDER = ("possible_wrong_key", "negative_discrimination", "low_discrimination", "too_hard", "too_easy", "misfit")


@dataclass
class OptionShares:
    labels: list[str]  # "A".."D", then "omitted", "invalid"
    key: str | None
    all: list[float]
    upper: list[float]
    lower: list[float]

    def to_json(self) -> dict:
        return {"labels": self.labels, "key": self.key, "all": self.all, "upper": self.upper, "lower": self.lower}


@dataclass
class ItemStat:
    index: int
    facility: float | None  # mean score / max
    discrimination: float | None  # corrected item–total correlation (point-biserial for 0/1 items)
    upper_lower: float | None  # (mean upper − mean lower) / max, 27 % groups
    options: OptionShares | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class ExamStat:
    n: int
    k: int
    max_points: float
    mean: float | None
    sd: float | None
    alpha: float | None  # Cronbach's α; KR-20 when every item is scored 0/1
    sem: float | None
    histogram: dict = field(default_factory=dict)  # {"edges": [...], "counts": [...]}

    def to_json(self) -> dict:
        return {"n": self.n, "k": self.k, "max_points": self.max_points, "mean": self.mean, "sd": self.sd,
                "alpha": self.alpha, "sem": self.sem, "histogram": self.histogram}


def _f(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def group_indexes(totals: np.ndarray, share: float = GROUP_SHARE) -> tuple[np.ndarray, np.ndarray]:
    """Upper and lower groups: the top and bottom ceil(share·N) candidates by total (stable order on ties)."""
    n = len(totals)
    g = max(1, math.ceil(share * n)) if n else 0
    order = np.argsort(-totals, kind="stable")
    return order[:g], order[::-1][:g]


def corrected_item_total(scores: np.ndarray) -> np.ndarray:
    """Pearson correlation of each item with the total of the other items (vectorised)."""
    totals = scores.sum(axis=1)
    rest = totals[:, None] - scores
    xs = scores - scores.mean(axis=0)
    rs = rest - rest.mean(axis=0)
    num = (xs * rs).sum(axis=0)
    den = np.sqrt((xs**2).sum(axis=0) * (rs**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def cronbach_alpha(scores: np.ndarray) -> float | None:
    n, k = scores.shape
    if n < 2 or k < 2:
        return None
    var_t = scores.sum(axis=1).var(ddof=1)
    if var_t <= 0:
        return None
    return float(k / (k - 1) * (1 - scores.var(axis=0, ddof=1).sum() / var_t))


def _shares(codes: np.ndarray, n_options: int) -> list[float]:
    m = max(len(codes), 1)
    out = [float(np.count_nonzero(codes == i)) / m for i in range(n_options)]
    out.append(float(np.count_nonzero(codes == OMITTED_CODE)) / m)
    out.append(float(np.count_nonzero(codes == INVALID_CODE)) / m)
    return out


def classical(scored: Scored) -> tuple[ExamStat, list[ItemStat]]:
    """Statistics of one administration; flags per item (see ``FLAG_ORDER``)."""
    s, maxima = scored.scores, scored.maxima
    n, k = s.shape
    totals = s.sum(axis=1)
    max_points = float(maxima.sum())
    mean = float(totals.mean()) if n else None
    sd = float(totals.std(ddof=1)) if n > 1 else None
    alpha = cronbach_alpha(s)
    sem = float(sd * math.sqrt(max(0.0, 1 - alpha))) if sd is not None and alpha is not None else None
    # Bands no narrower than a quarter point (the usual score step): 10 points → 20 bands of 0.5.
    bins = int(min(HISTOGRAM_BINS, max(1, round((max_points or 1.0) / 0.25))))
    edges = np.linspace(0, max_points or 1.0, bins + 1)
    counts, _ = np.histogram(np.clip(totals, 0, max_points or 1.0), bins=edges)
    exam = ExamStat(n, k, max_points, _f(mean), _f(sd), _f(alpha) if alpha is not None else None, _f(sem),
                    {"edges": [round(float(e), 4) for e in edges], "counts": [int(c) for c in counts]})
    upper, lower = group_indexes(totals)
    disc = corrected_item_total(s) if n > 1 else np.full(k, np.nan)
    items = []
    for j, key in enumerate(scored.keys):
        m = maxima[j]
        fac = _f(s[:, j].mean() / m) if n and m > 0 else None
        ul = _f((s[upper, j].mean() - s[lower, j].mean()) / m) if n and m > 0 else None
        item = ItemStat(j, fac, _f(disc[j]), ul)
        if key.type == QuestionType.MCQ and key.n_options:
            codes = scored.choices[:, j]
            item.options = OptionShares(
                [*MCQ_LABELS[: key.n_options], "omitted", "invalid"], key.correct_letter,
                _shares(codes, key.n_options), _shares(codes[upper], key.n_options), _shares(codes[lower], key.n_options),
            )
        item.flags = flags(item)
        items.append(item)
    return exam, items


def flags(item: ItemStat, *, infit: float | None = None, outfit: float | None = None) -> list[str]:
    """What an exam board should look at, most serious first."""
    out: set[str] = set()
    o = item.options
    if o is not None and o.key is not None:
        ki = o.labels.index(o.key)
        if any(o.upper[i] > o.upper[ki] for i in range(len(o.labels) - 2) if i != ki):
            out.add("possible_wrong_key")
    if item.discrimination is not None:
        if item.discrimination < 0:
            out.add("negative_discrimination")
        elif item.discrimination < LOW_DISCRIMINATION:
            out.add("low_discrimination")
    if item.facility is not None:
        if item.facility < HARD:
            out.add("too_hard")
        elif item.facility > EASY:
            out.add("too_easy")
    for fit in (infit, outfit):
        if fit is not None and not 0.7 <= fit <= 1.3:
            out.add("misfit")
    return [f for f in FLAG_ORDER if f in out]
