"""How the Word importer finds the right answer: formatting, answer lines and answer keys."""

from __future__ import annotations

import pytest
from docx_builder import mcq, p, picture, r, read, tbl

from qbank.domain.enums import Status
from qbank.domain.render import to_text

OPTS = ("1", "2", "3", "4")


def answers(result) -> list:  # noqa: ANN001
    return [q.answer for q in result.questions]


def test_underlined_option_is_the_answer() -> None:
    assert answers(read(*mcq(1, "Cho x", *OPTS, correct=1, how="u"))) == ["B"]


def test_red_option_is_the_answer() -> None:
    res = read(*mcq(1, "Cho x", *OPTS, correct=2, how="red"))
    assert answers(res) == ["C"]
    assert [o.correct for o in res.questions[0].options] == [False, False, True, False]


def test_highlighted_option_is_the_answer() -> None:
    assert answers(read(*mcq(1, "Cho x", *OPTS, correct=3, how="hl"))) == ["D"]


def test_bold_option_is_the_answer_when_the_others_are_not_bold() -> None:
    assert answers(read(*mcq(1, "Cho x", *OPTS, correct=0, how="b"))) == ["A"]


def test_a_colour_used_by_every_option_marks_nothing() -> None:
    body = [p("Câu 1. Cho x")] + [p(r(f"{c}. {t}", color="0000FF")) for c, t in zip("ABCD", OPTS, strict=True)]
    res = read(*body)
    assert res.questions[0].answer is None


def test_leading_star_marks_the_answer() -> None:
    res = read(p("Câu 1. Cho x"), p("A. 1"), p("*B. 2"), p("C. 3"), p("D. 4"))
    assert answers(res) == ["B"]


def test_answer_line_gives_the_answer() -> None:
    res = read(p("[1] OOP là viết tắt của:"), p("A. a"), p("B. b"), p("C. c"), p("D. d"), p("ANSWER: C"))
    assert answers(res) == ["C"]


def test_dap_an_line_gives_the_answer() -> None:
    res = read(p("Câu 1: Cho x"), p("A. a"), p("B. b"), p("C. c"), p("D. d"), p("Đáp án: D"))
    assert answers(res) == ["D"]


def test_answer_key_table_of_number_rows_over_letter_rows() -> None:
    body = mcq(1, "x", *OPTS) + mcq(2, "y", *OPTS) + mcq(3, "z", *OPTS)
    body += [p("HẾT"), p("ĐÁP ÁN"), tbl(["Câu", "1", "2", "3"], ["Đáp án", "B", "D", "A"])]
    assert answers(read(*body)) == ["B", "D", "A"]


def test_answer_key_in_two_bands_of_one_table() -> None:
    body = [x for n in range(1, 5) for x in mcq(n, f"q{n}", *OPTS)]
    body += [p("ĐÁP ÁN"), tbl(["1", "2"], ["C", "A"], ["3", "4"], ["B", "D"])]
    assert answers(read(*body)) == ["C", "A", "B", "D"]


def test_answer_key_in_cau_dap_an_columns() -> None:
    body = mcq(1, "x", *OPTS) + mcq(2, "y", *OPTS)
    body += [p("ĐÁP ÁN"), tbl(["Câu", "Đáp án"], ["1", "C"], ["2", "A"])]
    assert answers(read(*body)) == ["C", "A"]


def test_answer_key_as_a_list_of_number_letter_pairs() -> None:
    body = [x for n in range(1, 5) for x in mcq(n, f"q{n}", *OPTS)]
    body += [p("ĐÁP ÁN"), p("1-A 2.B 3C 4-D")]
    assert answers(read(*body)) == ["A", "B", "C", "D"]


def test_answer_key_tables_split_across_the_page_are_one_key() -> None:
    body = [x for n in range(1, 5) for x in mcq(n, f"q{n}", *OPTS)]
    body += [p("HẾT"), tbl(["Câu", "1", "2"], ["Đáp án", "D", "D"]), tbl(["Câu", "3", "4"], ["Đáp án", "A", "B"])]
    assert answers(read(*body)) == ["D", "D", "A", "B"]


def test_key_wins_over_formatting_and_a_message_says_so() -> None:
    body = mcq(1, "x", *OPTS, correct=0, how="red") + [p("HẾT"), tbl(["Câu", "1", "2"], ["Đáp án", "C", ""])]
    res = read(*body)
    assert answers(res) == ["C"]
    assert any("answer key says C" in m.text and "A" in m.text for m in res.messages)


def test_mcq_without_an_answer_is_a_draft_with_a_warning() -> None:
    res = read(p("Câu 1. Cho x"), p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4"))
    q = res.questions[0]
    assert q.answer is None and q.status == Status.DRAFT
    assert any(m.level == "warning" and m.where == "question 1" for m in res.messages)


def test_chon_line_right_under_the_options_gives_the_answer() -> None:
    res = read(p("Câu 1. x"), p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4"), p("Chọn D"), p("Vì 4 lớn nhất."))
    q = res.questions[0]
    assert q.answer == "D" and "4 lớn nhất" in to_text(q.solution) and len(q.options) == 4


def test_true_false_key_written_as_lines() -> None:
    body = [p("PHẦN II. Câu trắc nghiệm đúng sai."), p("Câu 1. Cho f."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("Câu 2. Cho g."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("ĐÁP ÁN"), p("Câu 1: a) Đ, b) S, c) Đ, d) S"), p("Câu 2: ĐĐSS")]  # fmt: skip
    assert answers(read(*body)) == [["Đ", "S", "Đ", "S"], ["Đ", "Đ", "S", "S"]]


def test_true_false_answer_line_under_the_statements() -> None:
    res = read(p("PHẦN II. Đúng sai"), p("Câu 1. Cho f."), p("a) u"), p("b) v"), p("c) w"), p("d) z"), p("Đáp án: Đ-S-S-Đ"))
    assert answers(res) == [["Đ", "S", "S", "Đ"]]
    assert [o.correct for o in res.questions[0].options] == [True, False, False, True]


def test_unlabelled_options_after_select_only_one_with_a_highlighted_answer() -> None:
    res = read(p("Question 1"), p("What does it print?"), p("Select only one"), p("1"), p(r("2", highlight="darkGreen")), p("3"), p("4"))
    q = res.questions[0]
    assert q.type == "mcq" and [o.label for o in q.options] == ["A", "B", "C", "D"] and q.answer == "B"


def test_answer_key_table_of_number_letter_cells() -> None:
    body = [x for n in range(1, 5) for x in mcq(n, f"q{n}", *OPTS)]
    body += [p("ĐÁP ÁN"), tbl(["1.A", "2.C"], ["3.D", "4.B"])]
    assert answers(read(*body)) == ["A", "C", "D", "B"]


def test_answer_key_line_straight_after_the_last_question() -> None:
    body = [x for n in range(1, 5) for x in mcq(n, f"q{n}", *OPTS)] + [p("Đáp án: 1B 2C 3D 4A")]
    res = read(*body)
    assert answers(res) == ["B", "C", "D", "A"]
    assert to_text(res.questions[-1].options[-1].content) == "4"


def test_true_statements_marked_red_without_a_key() -> None:
    res = read(p("PHẦN II. Đúng sai"), p("Câu 1. Cho f."), p(r("a) u", color="FF0000")), p("b) v"), p(r("c) w", color="FF0000")), p("d) z"))
    q = res.questions[0]
    assert q.answer == ["Đ", "S", "Đ", "S"] and any(m.level == "info" for m in res.messages)


def test_keys_without_part_headings_follow_the_parts_by_numbering_restarts() -> None:
    body = [p("PHẦN I. Trắc nghiệm nhiều phương án"), *mcq(1, "x", *OPTS), *mcq(2, "y", *OPTS),
            p("PHẦN II. Đúng sai"), p("Câu 1. Cho f."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("PHẦN III. Trả lời ngắn"), p("Câu 1. Tính."),
            p("HẾT"), tbl(["Câu", "1", "2"], ["Đáp án", "C", "A"]),
            tbl(["Câu", "Ý", "Đáp án"], ["1", "a)", "S"], ["", "b)", "Đ"], ["", "c)", "S"], ["", "d)", "Đ"]),
            tbl(["Câu", "1"], ["Đáp án", "12,5"])]  # fmt: skip
    assert answers(read(*body)) == ["C", "A", ["S", "Đ", "S", "Đ"], "12,5"]


def test_true_false_key_with_all_marks_in_one_cell() -> None:
    body = [p("PHẦN II. Đúng sai"), p("Câu 1. Cho f."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("Câu 2. Cho g."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("ĐÁP ÁN"), tbl(["Câu", "1", "2"], ["Đáp án", "ĐSĐĐ", "SSĐĐ"])]  # fmt: skip
    assert answers(read(*body)) == [["Đ", "S", "Đ", "Đ"], ["S", "S", "Đ", "Đ"]]


def test_answer_key_in_column_pairs_side_by_side() -> None:
    body = [x for n in range(1, 5) for x in mcq(n, f"q{n}", *OPTS)]
    body += [p("ĐÁP ÁN"), tbl(["Câu", "Đáp án", "Câu", "Đáp án"], ["1", "D", "3", "B"], ["2", "C", "4", "A"])]
    assert answers(read(*body)) == ["D", "C", "B", "A"]


def test_2025_keys_as_statement_columns_and_a_line_of_short_answers() -> None:
    body = [p("PHẦN II. Đúng sai"), p("Câu 1. Cho f."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("PHẦN III. Trả lời ngắn"), p("Câu 1. Tính a."), p("Câu 2. Tính b."),
            p("ĐÁP ÁN"), p("PHẦN II."), tbl(["Câu", "a", "b", "c", "d"], ["1", "Đ", "S", "S", "Đ"]),
            p("PHẦN III."), p("Câu 1: 120; Câu 2: 0,4")]  # fmt: skip
    assert answers(read(*body)) == [["Đ", "S", "S", "Đ"], "120", "0,4"]


def test_answers_stated_anywhere_in_the_worked_solution() -> None:
    body = [*mcq(1, "x", *OPTS), p("Lời giải: Chọn A."),
            *mcq(2, "y", *OPTS), p("Lời giải"), p("Chiếu từ trước tới. Vậy chọn C."),
            *mcq(3, "z", *OPTS), p("Hướng dẫn giải:"), p("Đáp án đúng là: D"),
            *mcq(4, "t", *OPTS), p("Hướng dẫn giải: một nửa → Chọn B"),
            *mcq(5, "u", *OPTS), p("ĐA: B")]  # fmt: skip
    res = read(*body)
    assert answers(res) == ["A", "C", "D", "B", "B"]
    assert to_text(res.questions[4].options[-1].content) == "4"


def test_key_written_one_question_per_line() -> None:
    body = [*mcq(1, "x", *OPTS), *mcq(2, "y", *OPTS), p("ĐÁP ÁN"), p("Câu 1: B"), p("Câu 2: D.")]
    assert answers(read(*body)) == ["B", "D"]


@pytest.mark.parametrize("mark", [" ✓", " ✔", " (đúng)", " (Đúng)"])
def test_a_trailing_tick_or_dung_marks_the_answer_and_is_cut_off(mark: str) -> None:
    res = read(p("Câu 1: Cho x"), p("A) 1"), p(f"B) 2{mark}"), p("C) 3"), p("D) 4"))
    q = res.questions[0]
    assert q.answer == "B"
    assert [to_text(o.content) for o in q.options] == ["1", "2", "3", "4"]


def test_a_trailing_dung_after_a_picture_option_in_a_cell() -> None:
    cells = [p(f"{c}. ", picture(), " (đúng)" if c == "C" else "") for c in "ABCD"]
    res = read(p("Câu 1. Biểu đồ nào?"), tbl(cells[:2], cells[2:]))
    assert answers(res) == ["C"]
    assert "đúng" not in to_text(res.questions[0].options[2].content)


@pytest.mark.parametrize("fmt", [{"b": True, "i": True}, {"b": True}, {"i": True}])
def test_the_option_text_formatted_while_its_label_is_plain_marks_the_answer(fmt: dict) -> None:
    opts = [p("A. ", r("một")), p("B. ", r("hai", **fmt)), p("C. ", r("ba")), p("D. ", r("bốn"))]
    assert answers(read(p("Câu 1. Cho x"), *opts)) == ["B"]


def test_italic_shared_by_every_option_marks_nothing() -> None:
    opts = [p(f"{c}. ", r(t, i=True)) for c, t in zip("ABCD", ("một", "hai", "ba", "bốn"), strict=True)]
    assert answers(read(p("Câu 1. Cho x"), *opts)) == [None]


@pytest.mark.parametrize("word", ["Phần", "PHẦN"])
def test_2025_key_lines_prefixed_by_their_part(word: str) -> None:
    body = [p("PHẦN I. Trắc nghiệm nhiều phương án"), *mcq(1, "x", *OPTS), *mcq(2, "y", *OPTS),
            p("PHẦN II. Đúng sai"), p("Câu 1. Cho f."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("Câu 2. Cho g."), p("a) u"), p("b) v"), p("c) w"), p("d) z"),
            p("PHẦN III. Trả lời ngắn"), p("Câu 1. Tính a."), p("Câu 2. Tính b."),
            p("ĐÁP ÁN"), p(f"{word} I: 1-B, 2-A"),
            p(f"{word} II: Câu 1: a) Đ, b) S, c) Đ, d) Đ; Câu 2: a) S, b) Đ, c) S, d) Đ"),
            p(f"{word} III: Câu 1: 5,6; Câu 2: 32")]  # fmt: skip
    assert answers(read(*body)) == ["B", "A", ["Đ", "S", "Đ", "Đ"], ["S", "Đ", "S", "Đ"], "5,6", "32"]


@pytest.mark.parametrize("codes", [["101", "102", "103"], ["Mã 101", "Mã 102", "Mã 103"]])
def test_key_with_one_column_per_ma_de_takes_this_papers_column(codes: list[str]) -> None:
    body = [p("Mã đề 102"), *mcq(1, "x", *OPTS), *mcq(2, "y", *OPTS), p("ĐÁP ÁN CÁC MÃ ĐỀ"),
            tbl(["Câu", *codes], ["1", "A", "B", "C"], ["2", "D", "C", "A"])]  # fmt: skip
    res = read(*body)
    assert answers(res) == ["B", "C"]
    assert [q.number for q in res.questions] == [1, 2]


def test_key_with_one_column_per_ma_de_and_no_code_says_so() -> None:
    body = [*mcq(1, "x", *OPTS), *mcq(2, "y", *OPTS), p("ĐÁP ÁN"),
            tbl(["Câu", "101", "102"], ["1", "A", "B"], ["2", "D", "C"])]  # fmt: skip
    res = read(*body)
    assert answers(res) == [None, None]
    assert any("mã đề" in m.text for m in res.messages)


def test_key_with_one_row_per_ma_de_takes_this_papers_row() -> None:
    body = [p("Mã đề thi: 102"), *mcq(1, "x", *OPTS), *mcq(2, "y", *OPTS), p("ĐÁP ÁN"),
            tbl(["Mã đề", "1", "2"], ["101", "A", "D"], ["102", "B", "C"], ["103", "C", "A"])]  # fmt: skip
    assert answers(read(*body)) == ["B", "C"]


def test_key_line_after_a_part_heading_with_its_title() -> None:
    body = [p("PHẦN I. TRẮC NGHIỆM"), *mcq(1, "x", *OPTS), *mcq(2, "y", *OPTS), p("ĐÁP ÁN"),
            p("PHẦN I. TRẮC NGHIỆM: 1A 2C")]  # fmt: skip
    assert answers(read(*body)) == ["A", "C"]
