"""One relevance formula for both backends: PostgreSQL's ts_rank(vector, a|b|c, 1), replicated.

PostgreSQL computes it natively; the Whoosh backend computes the same numbers from postings, so
both rank alike (the benchmark measures their top-10 overlap). For one query term with
frequency n in a document the contribution is 0.1 * sum(1/j^2 for j in 1..n) / (pi^2/6): it
saturates like BM25's tf. Contributions are averaged over the query terms and divided by
log2(1 + document length). Query words typed with diacritics are ranked again against the
document's words with diacritics, so "bán" puts "bán" above "bạn" and "ban".
"""

from __future__ import annotations

import numpy as np

from search_index.query_parser import Term
from search_index.text import MAX_POSITIONS_PER_TERM, has_diacritics

_D_WEIGHT = 0.1  # PostgreSQL's default weight for positions without a label (D)
_ZETA2 = 1.64493406685
# G[n] = contribution of a term occurring n times.
G = np.zeros(MAX_POSITIONS_PER_TERM + 1, dtype=np.float64)
G[1:] = _D_WEIGHT * np.cumsum(1.0 / np.arange(1, MAX_POSITIONS_PER_TERM + 1) ** 2) / _ZETA2


# Scores are rounded before ordering. The formula has exact ties between different documents
# (tf 2 in 31 words scores exactly as tf 1 in 15), and float32 (PostgreSQL) and float64 (numpy)
# break such ties differently in the last bit. Rounded, they tie in both backends, and the tie
# is then broken by created_at and id in both.
SCORE_DECIMALS = 6


def quantize(scores: np.ndarray) -> np.ndarray:
    return np.round(scores, SCORE_DECIMALS)


def rank_items(terms: list[Term]) -> tuple[list[Term], list[Term]]:
    """(folded items, accented items) as ts_rank sees them: unique operands of the OR query."""
    folded = list({(t.folded, t.prefix): Term(t.folded, t.prefix) for t in terms}.values())
    accented = list({(t.text, t.prefix): t for t in terms if has_diacritics(t.text)}.values())
    return folded, accented


def length_norm(lengths: np.ndarray) -> np.ndarray:
    """ts_rank normalisation 1: divide by log2(1 + length)."""
    return np.log(lengths.astype(np.float64) + 1.0) / np.log(2.0)
