"""Classical item statistics against values computed here by hand (textbook formulas, plain Python)."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from qbank.domain.enums import QuestionType
from qbank.domain.grading import Scored, score_all
from qbank.domain.item_stats import classical, group_indexes
from qbank.domain.results import ItemKey
from qbank.domain.scoring import ScoringRules

# Ten candidates, five MCQ items (key: A, B, C, D, A); "*" several letters, None omitted.
KEYS = [ItemKey(i, QuestionType.MCQ, 1.0, 4, c) for i, c in enumerate([0, 1, 2, 3, 0])]
ANSWERS = [
    "ABCDA",
    "ABCDB",
    "ABCAA",
    "ABDDC",
    "ACCDA",
    "BBCAB",
    "AB-CD",
    "CACDB",
    "DBABA",
    "B*BAC",
]


def _scored() -> Scored:
    responses = [{str(i): (None if ch == "-" else ch) for i, ch in enumerate(row)} for row in ANSWERS]
    return score_all(KEYS, responses, ScoringRules(mcq=1.0))


def _matrix() -> list[list[int]]:
    return [[1 if ch == "ABCDA"[j] else 0 for j, ch in enumerate(row)] for row in ANSWERS]


def test_scores_are_one_for_the_key_and_zero_otherwise() -> None:
    assert _scored().scores.astype(int).tolist() == _matrix()


def test_facility_is_the_share_right() -> None:
    _, items = classical(_scored())
    m = _matrix()
    for j in range(5):
        assert items[j].facility == pytest.approx(sum(r[j] for r in m) / 10)


def test_discrimination_is_the_point_biserial_with_the_rest_score() -> None:
    _, items = classical(_scored())
    m = _matrix()
    for j in range(5):
        rest = [sum(r) - r[j] for r in m]
        right = [rest[i] for i in range(10) if m[i][j] == 1]
        wrong = [rest[i] for i in range(10) if m[i][j] == 0]
        p = len(right) / 10
        s = statistics.pstdev(rest)
        r_pb = (statistics.mean(right) - statistics.mean(wrong)) / s * math.sqrt(p * (1 - p))
        assert items[j].discrimination == pytest.approx(r_pb)


def test_upper_lower_index_uses_the_top_and_bottom_27_percent() -> None:
    _, items = classical(_scored())
    m = _matrix()
    totals = [sum(r) for r in m]
    g = math.ceil(0.27 * 10)  # 3 candidates per group
    order = sorted(range(10), key=lambda i: (-totals[i], i))  # ties: file order, as in the code
    upper, lower = order[:g], order[::-1][:g]
    assert sorted(group_indexes(np.array(totals, float))[0].tolist()) == sorted(upper)
    for j in range(5):
        d = sum(m[i][j] for i in upper) / g - sum(m[i][j] for i in lower) / g
        assert items[j].upper_lower == pytest.approx(d)


def test_option_shares_by_group_count_omitted_and_invalid_apart() -> None:
    _, items = classical(_scored())
    second = items[1].options
    assert second.labels == ["A", "B", "C", "D", "omitted", "invalid"]
    # Column 2 answers: B B B B C B B A B * → A 1, B 7, C 1, invalid 1.
    assert second.all == pytest.approx([0.1, 0.7, 0.1, 0.0, 0.0, 0.1])
    third = items[2].options
    assert third.all[4] == pytest.approx(0.1)  # one omitted


def test_kr20_sd_and_sem_match_the_textbook_formulas() -> None:
    exam, _ = classical(_scored())
    m = _matrix()
    totals = [sum(r) for r in m]
    pq = sum((sum(r[j] for r in m) / 10) * (1 - sum(r[j] for r in m) / 10) for j in range(5))
    kr20 = 5 / 4 * (1 - pq / statistics.pvariance(totals))
    assert exam.n == 10
    assert exam.mean == pytest.approx(statistics.mean(totals))
    assert exam.sd == pytest.approx(statistics.stdev(totals))
    assert exam.alpha == pytest.approx(kr20)
    assert exam.sem == pytest.approx(statistics.stdev(totals) * math.sqrt(1 - kr20))
    assert sum(exam.histogram["counts"]) == 10
    assert exam.histogram["edges"][0] == 0 and exam.histogram["edges"][-1] == 5


def test_cronbach_alpha_for_partial_credit_items() -> None:
    # Three true/false questions scored by the 2025 table, with other points per candidate.
    scores = np.array([[1.0, 0.5, 0.25], [0.5, 0.5, 0.1], [0.25, 0.1, 0.0], [1.0, 1.0, 0.5], [0.1, 0.25, 0.25]])
    keys = [ItemKey(i, QuestionType.TRUE_FALSE, 1.0, 4, None, (True, False, True, True)) for i in range(3)]
    exam, items = classical(Scored(keys, scores, np.full(scores.shape, -1, np.int8), np.ones(3)))
    cols = [list(scores[:, j]) for j in range(3)]
    totals = [sum(r) for r in scores.tolist()]
    alpha = 3 / 2 * (1 - sum(statistics.variance(c) for c in cols) / statistics.variance(totals))
    assert exam.alpha == pytest.approx(alpha)
    assert items[0].facility == pytest.approx(statistics.mean(cols[0]))
    assert items[0].options is None


def test_flags_name_what_is_wrong() -> None:
    _, items = classical(_scored())
    by_index = {i.index: i for i in items}
    for it in by_index.values():
        if it.facility > 0.9:
            assert "too_easy" in it.flags
        if it.discrimination is not None and it.discrimination < 0:
            assert "negative_discrimination" in it.flags
    # Item 5 (key A): the upper group prefers other options? check against the shares directly.
    o = by_index[4].options
    assert ("possible_wrong_key" in by_index[4].flags) == any(o.upper[i] > o.upper[0] for i in (1, 2, 3))


def test_a_distractor_preferred_by_the_upper_group_is_flagged() -> None:
    # The key says A, but the strong candidates choose B: a wrong key.
    keys = [ItemKey(0, QuestionType.MCQ, 1.0, 4, 0), ItemKey(1, QuestionType.MCQ, 1.0, 4, 0), ItemKey(2, QuestionType.MCQ, 1.0, 4, 0)]
    rows = ["BAA", "BAA", "BAA", "BAA", "AAC", "CCD", "ADD", "DBB", "ACC", "CDB"]
    scored = score_all(keys, [{str(j): ch for j, ch in enumerate(r)} for r in rows], ScoringRules(mcq=1.0))
    _, items = classical(scored)
    assert items[0].flags[0] == "possible_wrong_key"
    assert "possible_wrong_key" not in items[1].flags
