"""Near-duplicate detection on folded text with MinHash LSH."""

from __future__ import annotations

from search_index.near_dup import NearDuplicateIndex, normalise

BANK = [
    (1, "Giải phương trình bậc hai $x^2 - 5x + 6 = 0$. Tổng các nghiệm của phương trình bằng bao nhiêu?"),
    (2, "Cho hàm số $y = x^3 - 3x + 1$. Hàm số đạt cực đại tại điểm nào sau đây?"),
    (3, "Một con lắc lò xo dao động điều hòa với biên độ 5 cm và tần số 2 Hz. Tính tốc độ cực đại của vật."),
    (4, "Read the passage and choose the word that best fits each of the numbered blanks."),
]


def test_reworded_question_with_a_changed_number_is_found() -> None:
    index = NearDuplicateIndex.build(BANK)
    new = "Giải phương trình bậc hai $x^2 - 7x + 6 = 0$. Tổng các nghiệm của phương trình đó bằng bao nhiêu?"
    matches = index.query(new)
    assert [m.id for m in matches] == [1]
    assert 0.8 <= matches[0].similarity < 1.0


def test_spelling_without_diacritics_and_spacing_do_not_hide_a_duplicate() -> None:
    index = NearDuplicateIndex.build(BANK)
    new = "Mot con lac lo xo dao dong dieu hoa voi bien do 5cm va tan so 2 Hz.  Tinh toc do cuc dai cua vat!"
    assert [m.id for m in index.query(new)] == [3]


def test_unrelated_question_is_not_a_duplicate() -> None:
    index = NearDuplicateIndex.build(BANK)
    assert index.query("Tính tích phân $\\int_0^1 x e^x dx$ bằng phương pháp từng phần.") == []
    assert index.query("Choose the word whose underlined part is pronounced differently.") == []


def test_same_topic_with_different_content_is_not_a_duplicate() -> None:
    index = NearDuplicateIndex.build(BANK)
    assert index.query("Cho hàm số $y = x^4 - 2x^2$. Hàm số nghịch biến trên khoảng nào dưới đây?") == []


def test_a_question_does_not_match_itself_when_excluded_and_can_be_replaced_or_removed() -> None:
    index = NearDuplicateIndex.build(BANK)
    assert [m.id for m in index.query(BANK[1][1])] == [2]
    assert index.query(BANK[1][1], exclude=2) == []
    index.add(2, "Một câu hỏi hoàn toàn khác về văn học dân gian")
    assert index.query(BANK[1][1]) == []
    index.remove(2)
    assert 2 not in index and len(index) == 3


def test_normalise_keeps_math_tokens_and_folds_words() -> None:
    assert normalise("Đạo hàm của $\\frac{1}{x}$") == "dao ham cua frac 1 x"


def test_empty_text_has_no_duplicates() -> None:
    index = NearDuplicateIndex.build([(99, ""), *BANK])
    assert index.query("") == []
    assert 99 not in index
