"""The question model: fingerprints and serialisation."""

from __future__ import annotations

import unicodedata

from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.question import Option, Question
from qbank.domain.text import fold


def q(stem: str, opts: list[str]) -> Question:
    return Question(QuestionType.MCQ, Content.from_text(stem), [Option(chr(65 + i), Content.from_text(o)) for i, o in enumerate(opts)])


def test_fingerprint_ignores_spacing_case_punctuation_and_option_order() -> None:
    a = q("Đạo hàm của  y = x² là?", ["2x", "x", "1", "0"])
    b = q("đạo hàm của y=x² là", ["0", "1", "x", "2x"])
    assert a.fingerprint() == b.fingerprint()


def test_fingerprint_differs_when_the_content_differs() -> None:
    assert q("Đạo hàm của y = x^2", ["2x"]).fingerprint() != q("Đạo hàm của y = x^3", ["2x"]).fingerprint()


def test_question_json_round_trip() -> None:
    a = q("Câu hỏi $x^2$", ["a", "b"])
    a.answer = "A"
    assert Question.from_json(a.to_json()).to_json() == a.to_json()


def test_fold_removes_vietnamese_diacritics_including_d_stroke() -> None:
    assert fold("Phương trình ĐẠO HÀM đồ thị") == "phuong trinh dao ham do thi"


def test_fold_gives_the_same_result_word_by_word_as_for_the_whole_text() -> None:
    # fold() folds each space-separated word once (cached); a mark typed after a space, a
    # decomposed letter, Hangul jamo that compose, ß and long words must fold as the whole text did.
    def whole(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
        return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")).casefold()

    for text in ["Ca\u0302u ho\u0309i đúng  sai", "a \u0301b", " \u0301", "\u1100\u1161 \u1100 \u1161", "Straße ΣΑΣ",
                 "Đạo" * 30 + " hàm", ""]:  # fmt: skip
        assert fold(text) == whole(text)
