"""The Whoosh backend's light analysis gives the same terms and counts as the shared one."""

from __future__ import annotations

import random

from search_index.text import MAX_POSITIONS_PER_TERM, MAX_TOKENS, analyse, index_terms

WORDS = ["Hàm", "số", "bán", "bạn", "ban", "đạo", "dao", "x^2", r"\frac{1}{2}", "ĐỀ", "Ăn", "an", "ước_lượng", "3,5", "İstanbul"]


def _same(*parts: str) -> None:
    a, t = analyse(*parts), index_terms(*parts)
    assert dict(t.folded) == dict(a.folded)
    assert dict(t.accented) == dict(a.accented)
    assert t.bigram_count == len(a.bigrams)
    assert (t.folded_length, t.accented_length) == (a.folded_length, a.accented_length)
    # The runs hold exactly the adjacent pairs the bigrams stand for, never across two parts.
    pairs = {f"_{x}_{y}" for run in t.runs for x, y in zip(run, run[1:], strict=False)}
    assert pairs == set(a.bigrams)


def test_index_terms_count_what_analyse_counts_on_mixed_text() -> None:
    rnd = random.Random(3)
    for _ in range(200):
        parts = [" ".join(rnd.choices(WORDS, k=rnd.randint(0, 30))) for _ in range(3)]
        _same(*parts)


def test_index_terms_cap_frequencies_and_stop_at_the_token_limit_like_analyse() -> None:
    _same("bán " * (MAX_POSITIONS_PER_TERM + 40), "ban bạn")
    _same("một hai " * (MAX_TOKENS // 2 - 5), "ba bốn năm sáu bảy tám chín mười", "mười một")
    assert len(index_terms("bán " * 300).accented_words) == 300  # every occurrence is kept for counting
