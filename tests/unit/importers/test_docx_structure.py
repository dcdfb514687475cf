"""Parts, essays, marking guides, solutions, reading passages, headers and banks in Word papers."""

from __future__ import annotations

import pytest
from docx_builder import p, r, read, tab, tbl

from qbank.domain.render import to_text

OPTS = [p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]


def test_the_2025_format_reads_three_parts_each_with_its_key() -> None:
    res = read(
        p("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn."), p("Câu 1. x"), *OPTS,
        p("PHẦN II. Câu trắc nghiệm đúng sai."), p("Câu 1. Cho f(x)."), p("a) f đồng biến."), p("b) f(0) = 1."),
        p("c) f có cực trị."), p("d) f lẻ."),
        p("PHẦN III. Câu trắc nghiệm trả lời ngắn."), p("Câu 1. Tính xác suất."),
        p("HẾT"), p("ĐÁP ÁN"), p("PHẦN I."), tbl(["Câu", "1"], ["Chọn", "B"]),
        p("PHẦN II."), tbl(["Câu", "Lệnh hỏi", "Đáp án (Đ/S)"], ["1", "a)", "Đ"], ["", "b)", "S"], ["", "c)", "Đ"], ["", "d)", "S"]),
        p("PHẦN III."), tbl(["Câu", "1"], ["Đáp án", "0,54"]),
    )  # fmt: skip
    got = [(q.section, q.number, str(q.type), q.answer) for q in res.questions]
    assert got == [
        ("PHẦN I", 1, "mcq", "B"),
        ("PHẦN II", 1, "true_false", ["Đ", "S", "Đ", "S"]),
        ("PHẦN III", 1, "short_answer", "0,54"),
    ]
    tf = res.questions[1]
    assert [(o.label, o.correct) for o in tf.options] == [("a", True), ("b", False), ("c", True), ("d", False)]


def test_essay_subparts_keep_their_points() -> None:
    res = read(
        p("Câu 1 (5,0 điểm). Cho tam giác ABC."),
        p("a) Chứng minh BCEF nội tiếp. (1,5 điểm)"),
        p("b) Chứng minh OA ⊥ EF."),
    )
    q = res.questions[0]
    assert q.type == "essay" and q.points == 5.0
    assert [(s.label, s.points) for s in q.subparts] == [("a", 1.5), ("b", None)]
    assert to_text(q.stem) == "Cho tam giác ABC."


def test_marking_guide_table_is_attached_step_by_step() -> None:
    res = read(
        p("Câu 1 (2,0 điểm). Giải x."), p("Câu 2 (3,0 điểm). Giải y."), p("HẾT"), p("HƯỚNG DẪN CHẤM"),
        tbl(["Câu", "Nội dung", "Điểm"], ["Câu 1(2,0 điểm)", "Điều kiện.", "0,5"], ["", "Kết luận.", "1,5"],
            ["Câu 2(3,0 điểm)", "Đặt ẩn phụ.", "3,0"]),
    )  # fmt: skip
    q1, q2 = res.questions
    assert [(to_text(g.content), g.points) for g in q1.guide] == [("Điều kiện.", 0.5), ("Kết luận.", 1.5)]
    assert [to_text(g.content) for g in q2.guide] == ["Đặt ẩn phụ."]


def test_marking_guide_in_paragraphs_with_subparts() -> None:
    res = read(
        p("Câu 1. Cho x."), p("a) Tính a."), p("b) Tính b."), p("HƯỚNG DẪN CHẤM"),
        p("Câu 1 (2,0 điểm)"), p("a) Ta có a = 1 ........ 0,5"), p("b) Suy ra b = 2 ........ 1,5"),
    )  # fmt: skip
    guide = res.questions[0].guide
    assert [(g.subpart, g.points) for g in guide] == [("a", 0.5), ("b", 1.5)]
    assert to_text(guide[0].content) == "Ta có a = 1"


def test_loi_giai_under_a_question_is_its_solution() -> None:
    res = read(
        p("Câu 1: Nếu 2m = 4 thì m là"),
        p("A. 1 B. 2 C. 3 D. 4"),
        p("Lời giải:"),
        p("Ta có m = 2."),
        p("Câu 2. y"),
        *OPTS,
    )
    q1, q2 = res.questions
    assert len(q1.options) == 4 and to_text(q1.solution) == "Ta có m = 2." and q2.solution is None


def test_a_question_repeated_in_the_solutions_is_attached_not_imported_twice() -> None:
    res = read(
        p("Câu 1. x"), *OPTS, p("Câu 2. y"), *OPTS, p("HẾT"), p("HƯỚNG DẪN GIẢI"),
        p("Câu 1. x"), *OPTS, p("Lời giải"), p("Chọn C"), p("Vì x = 3."),
        p("Câu 2. y"), *OPTS, p("Lời giải"), p("Chọn A"), p("Hiển nhiên."),
    )  # fmt: skip
    assert [q.number for q in res.questions] == [1, 2]
    assert [q.answer for q in res.questions] == ["C", "A"]
    assert "Vì x = 3." in to_text(res.questions[0].solution)


def test_explanation_column_of_a_bank_table_is_the_solution() -> None:
    res = read(
        tbl(["STT", "Câu hỏi", "Đáp án", "Lời giải"], ["1", "Câu 1. Tính 1+1. A. 1 B. 2 C. 3 D. 4", "B", "Vì 1+1=2."],
            ["2", "Câu 2. Tính 2+2. A. 4 B. 5 C. 6 D. 7", "A", "Vì 2+2=4."]),
    )  # fmt: skip
    assert [(q.number, q.answer, len(q.options), to_text(q.solution)) for q in res.questions] == [
        (1, "B", 4, "Vì 1+1=2."),
        (2, "A", 4, "Vì 2+2=4."),
    ]


def test_bank_with_a_choice_column() -> None:
    choices = p("A. đỏ") + p("B. xanh") + p("C. vàng") + p("D. tím")
    res = read(tbl(["ID", "Question", "Choice", "Answer"], ["Q1", "Màu của lá?", choices, "B"]))
    q = res.questions[0]
    assert q.answer == "B" and [to_text(o.content) for o in q.options] == ["đỏ", "xanh", "vàng", "tím"]


def test_reading_passage_groups_the_questions_it_serves() -> None:
    res = read(
        p("Question 1. Pick one."), *OPTS,
        p("Read the following passage and mark the letter A, B, C, or D to answer the questions from 2 to 3."),
        p("Ha Long Bay is famous for its islands."),
        p("Question 2: Where?"), *OPTS, p("Question 3: When?"), *OPTS, p("Question 4: Other."), *OPTS,
    )  # fmt: skip
    groups = [q.group for q in res.questions]
    assert groups[0] is None and groups[1] == groups[2] is not None and groups[3] is None
    assert "Ha Long Bay" in to_text(res.passages[groups[1]])


def test_doc_doan_trich_passage_lasts_until_the_next_part() -> None:
    res = read(
        p("I. ĐỌC HIỂU (4,0 điểm)"), p("Đọc đoạn trích sau và thực hiện các yêu cầu:"), p("Sống là không chờ đợi."),
        p("Câu 1. Xác định phương thức biểu đạt. (0,5 điểm)"), p("Câu 2. Nêu nội dung. (0,5 điểm)"),
        p("II. LÀM VĂN (16,0 điểm)"), p("Câu 3 (6,0 điểm). Nghị luận."),
    )  # fmt: skip
    got = [(q.section, q.group is not None, q.points) for q in res.questions]
    assert got == [("I. ĐỌC HIỂU", True, 0.5), ("I. ĐỌC HIỂU", True, 0.5), ("II. LÀM VĂN", False, 6.0)]


def test_header_table_is_read_into_meta_and_tags_and_boilerplate_is_skipped() -> None:
    res = read(
        tbl([p("SỞ GD&ĐT QUẢNG NGÃI") + p(r("ĐỀ CHÍNH THỨC", b=True)),
             p("ĐỀ KIỂM TRA CUỐI HỌC KỲ I - NĂM HỌC 2023-2024") + p("Môn: Sinh học - Lớp 12") + p("Thời gian làm bài: 45 phút")]),
        p("Mã đề thi 485"), p("Họ, tên thí sinh: ........ Số báo danh: ......"),
        p("Câu 1. x"), *OPTS, p("------ HẾT ------"), p("- Thí sinh không được sử dụng tài liệu. Cán bộ coi thi không giải thích gì thêm."),
    )  # fmt: skip
    assert res.meta == {
        "department": "Quảng Ngãi", "exam": "ĐỀ KIỂM TRA CUỐI HỌC KỲ I - NĂM HỌC 2023-2024", "year": "2023-2024",
        "subject": "Sinh học", "grade": 12, "duration_minutes": 45, "code": "485",
    }  # fmt: skip
    tags = res.questions[0].tags
    assert (tags.subject, tags.grade, tags.school_year, tags.department) == ("Sinh học", 12, "2023-2024", "Quảng Ngãi")
    assert len(res.questions) == 1 and "thí sinh" not in to_text(res.questions[0].stem).lower()


def test_graduation_exam_year_is_the_school_year_ending_then() -> None:
    res = read(tbl([p("SỞ GIÁO DỤC VÀ ĐÀO TẠO") + p("THÀNH PHỐ ĐÀ NẴNG"), p("KỲ THI THỬ TỐT NGHIỆP THPT") + p("NĂM 2025") + p("Bài thi: TIẾNG ANH")]),
               p("Question 1. x"), *OPTS)  # fmt: skip
    assert (res.meta["department"], res.meta["year"], res.meta["subject"], res.meta["grade"]) == (
        "Đà Nẵng",
        "2024-2025",
        "Tiếng Anh",
        12,
    )


def test_instructions_between_blocks_of_questions_are_not_option_text() -> None:
    res = read(
        p("Question 1. Pick."), *OPTS,
        p("Mark the letter A, B, C, or D on your answer sheet to indicate the correct answer to each of the following questions."),
        p("Question 2. Pick again."), *OPTS,
    )  # fmt: skip
    assert [to_text(q.options[-1].content) for q in res.questions] == ["4", "4"]


def test_bank_with_one_column_per_option() -> None:
    res = read(
        tbl(["STT", "Nội dung câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Phương án D", "Đáp án"],
            ["1", "Thủ đô của Việt Nam?", "Huế", "Hà Nội", "Đà Nẵng", "Vinh", "B"],
            ["2", "1 + 1 = ?", "2", "3", "4", "5", "A"]),
    )  # fmt: skip
    got = [(q.number, q.answer, [to_text(o.content) for o in q.options]) for q in res.questions]
    assert got == [(1, "B", ["Huế", "Hà Nội", "Đà Nẵng", "Vinh"]), (2, "A", ["2", "3", "4", "5"])]


def test_guide_table_sub_parts_written_in_the_content_carry_to_the_next_rows() -> None:
    res = read(
        p("Câu 1 (2,0 điểm). Cho x."), p("a) Tính a."), p("b) Tính b."), p("HƯỚNG DẪN CHẤM"),
        tbl(["Câu", "Nội dung", "Điểm"], ["Câu 1", "a) Ta có a = 1.", "0,5"], ["", "Vậy a = 1.", "0,5"], ["", "b) Ta có b = 2.", "1,0"]),
    )  # fmt: skip
    assert [(g.subpart, to_text(g.content), g.points) for g in res.questions[0].guide] == [
        ("a", "Ta có a = 1.", 0.5), ("a", "Vậy a = 1.", 0.5), ("b", "Ta có b = 2.", 1.0)]  # fmt: skip


def test_guide_steps_with_points_in_parentheses() -> None:
    res = read(p("Câu 1. Giải x."), p("HƯỚNG DẪN CHẤM"), p("Câu 1."), p("Điều kiện x ≥ 0. (0,25 điểm)"), p("Kết luận. (0,75 điểm)"))
    assert [(to_text(g.content), g.points) for g in res.questions[0].guide] == [("Điều kiện x ≥ 0.", 0.25), ("Kết luận.", 0.75)]


def test_marking_guide_finds_the_essay_when_parts_restart_their_numbering() -> None:
    res = read(
        p("PHẦN I. TRẮC NGHIỆM"), p("Câu 1. x"), *OPTS, p("PHẦN II. TỰ LUẬN"), p("Câu 1 (3,0 điểm). Giải y."),
        p("HƯỚNG DẪN CHẤM"), tbl(["Câu", "Nội dung", "Điểm"], ["1", "Đặt ẩn phụ.", "3,0"]),
    )  # fmt: skip
    mcq_q, essay = res.questions
    assert mcq_q.guide == [] and [to_text(g.content) for g in essay.guide] == ["Đặt ẩn phụ."]


def test_bank_with_id_question_choice_explanation_columns_and_a_marked_choice() -> None:
    choices = p("A. 3") + p(r("B. 4", color="FF0000")) + p("C. 5") + p("D. 6")
    res = read(tbl(["ID", "Question", "Choice", "Explanation"], ["Q7", "2 + 2 = ?", choices, "Two plus two is four."]))
    q = res.questions[0]
    assert (q.answer, to_text(q.solution), to_text(q.stem)) == ("B", "Two plus two is four.", "2 + 2 = ?")


def test_solutions_numbered_on_from_the_paper_are_matched_by_their_stem() -> None:
    res = read(
        p("Câu 1. Tính 2 + 3."), *OPTS, p("Câu 2. Tính 5 - 1."), *OPTS, p("HẾT"), p("LỜI GIẢI CHI TIẾT"),
        p("Câu 3. Tính 2 + 3."), p("Lời giải"), p("Chọn D"), p("2 + 3 = 5."),
        p("Câu 4. Tính 5 - 1."), p("Lời giải"), p("Chọn A"), p("5 - 1 = 4."),
    )  # fmt: skip
    assert [(q.number, q.answer) for q in res.questions] == [(1, "D"), (2, "A")]
    assert "2 + 3 = 5." in to_text(res.questions[0].solution)


def test_huong_dan_with_a_colon_opens_the_solution_of_an_essay() -> None:
    res = read(p("Bài 1: Khoảng cách"), p("Tính khoảng cách từ điểm đến đa giác."), p("Hướng dẫn:"), p("Xét từng cạnh."))
    q = res.questions[0]
    assert q.type == "essay" and to_text(q.solution) == "Xét từng cạnh." and "Xét" not in to_text(q.stem)


def test_statements_a_b_before_the_options_stay_in_the_stem_of_an_mcq() -> None:
    res = read(p("Câu 1. Cho các phát biểu sau:"), p("a) 2 là số nguyên tố."), p("b) 9 là số nguyên tố."),
               p("Số phát biểu đúng là"), p("A. 0", tab(), "B. 1", tab(), "C. 2", tab(), "D. 3"))  # fmt: skip
    q = res.questions[0]
    assert q.type == "mcq" and q.subparts == [] and len(q.options) == 4
    assert "a) 2 là số nguyên tố." in to_text(q.stem) and "Số phát biểu đúng là" in to_text(q.stem)


def test_numbered_parts_of_an_essay_are_its_subparts() -> None:
    res = read(p("Câu 1 (4,0 điểm)."), p("1. Giải phương trình x = 1. (2,0 điểm)"), p("2. Chứng minh a > b. (2,0 điểm)"), p("Câu 2. Khác."))
    q = res.questions[0]
    assert [(s.label, s.points) for s in q.subparts] == [("1", 2.0), ("2", 2.0)] and q.points == 4.0


def test_upper_case_loi_giai_under_a_question_still_attaches_its_solution() -> None:
    res = read(p("Câu 1. x"), *OPTS, p("LỜI GIẢI"), p("Chọn C"), p("Vì 3."))
    q = res.questions[0]
    assert q.answer == "C" and "Vì 3." in to_text(q.solution)


def test_questions_interleaved_with_upper_case_loi_giai_are_all_imported() -> None:
    res = read(p("Câu 1. x"), *OPTS, p("LỜI GIẢI"), p("Chọn C"), p("Câu 2. y"), *OPTS, p("LỜI GIẢI"), p("Chọn A"))
    assert [(q.number, q.answer) for q in res.questions] == [(1, "C"), (2, "A")]


def test_marking_guide_table_without_a_header_row() -> None:
    res = read(p("Câu 1 (2,0 điểm). Giải x."), p("Câu 2 (1,0 điểm). Giải y."), p("HƯỚNG DẪN CHẤM"),
               tbl(["Câu 1 (2,0 điểm)", "Điều kiện.", "0,5"], ["", "Kết luận.", "1,5"], ["Câu 2 (1,0 điểm)", "Đặt ẩn.", "1,0"]))  # fmt: skip
    assert [[g.points for g in q.guide] for q in res.questions] == [[0.5, 1.5], [1.0]]


def test_an_advertisement_is_a_passage_but_an_instruction_alone_is_not() -> None:
    res = read(
        p("Read the following advertisement and mark the letter A, B, C or D to answer the questions from 1 to 2."),
        p("SUMMER SALE! Everything 50% off."), p("Question 1. What is on sale?"), *OPTS, p("Question 2. How much off?"), *OPTS,
        p("Read the following sentences and choose the best answer."), p("Question 3. Pick."), *OPTS,
    )  # fmt: skip
    g = [q.group for q in res.questions]
    assert g[0] == g[1] is not None and g[2] is None and len(res.passages) == 1


def test_roman_instruction_headings_open_parts_of_an_english_paper() -> None:
    res = read(p("I. Choose the word whose underlined part is pronounced differently."), p("1. A. come B. home C. some D. love"),
               p("II. Choose the word or phrase that best completes each sentence."), p("2. My brother is interested ___ chess."),
               p("A. in    B. on    C. at    D. with"))  # fmt: skip
    assert [(q.number, q.section, to_text(q.options[-1].content)) for q in res.questions] == [(1, "I", "love"), (2, "II", "with")]


def test_decimal_sub_part_labels_with_their_points() -> None:
    res = read(p("Câu 1. (4,0 điểm)"), p("1.1. Viết cấu hình electron của Fe. (2,0 điểm)"), p("1.2. Giải thích. (2,0 điểm)"),
               p("Câu 2. (1,0 điểm) Khác."))  # fmt: skip
    assert [(s.label, s.points) for s in res.questions[0].subparts] == [("1.1", 2.0), ("1.2", 2.0)]


def test_guide_part_headings_match_the_paper_parts_by_their_numeral() -> None:
    res = read(
        p("PHẦN I. ĐỌC HIỂU"), p("Câu 1. Nêu phương thức."), p("PHẦN II. LÀM VĂN"), p("Câu 1 (6,0 điểm). Nghị luận."),
        p("HƯỚNG DẪN CHẤM"), p("I. ĐỌC HIỂU"), p("Câu 1. Nghị luận là phương thức chính."),
        p("II. LÀM VĂN"), p("Câu 1 (6,0 điểm)"), p("- Giải thích vấn đề. (1,0 điểm)"),
    )  # fmt: skip
    reading, writing = res.questions
    assert [to_text(g.content) for g in writing.guide] == ["- Giải thích vấn đề."]
    assert [to_text(g.content) for g in reading.guide] == ["Nghị luận là phương thức chính."]


def test_roman_question_labels_with_numbered_parts_and_a_roman_guide_column() -> None:
    res = read(
        p("Câu I (4,0 điểm)"), p("1) Nêu hiện tượng. (1,5đ)"), p("2) Viết phương trình. (2,5đ)"),
        p("Câu II (6,0 điểm)"), p("1) Tính m. (6,0đ)"), p("HẾT"),
        tbl(["Câu", "Ý", "Nội dung", "Điểm"], ["I\n(4,0đ)", "1", "Kết tủa xanh.", "1,5"], ["", "2", "Hai phương trình.", "2,5"],
            ["II (6,0đ)", "1", "m = 18,2 gam.", "6,0"]),
    )  # fmt: skip
    assert [(q.number, q.points, [s.points for s in q.subparts], len(q.guide)) for q in res.questions] == [
        (1, 4.0, [1.5, 2.5], 2), (2, 6.0, [6.0], 1)]  # fmt: skip


def test_guide_rows_numbered_1a_1b_give_question_and_sub_part() -> None:
    res = read(p("Câu 1. Cho x."), p("a) Tính a."), p("b) Tính b."), p("HƯỚNG DẪN CHẤM"),
               tbl(["Câu", "Nội dung", "Điểm"], ["1a", "Ta có a = 1.", "1,0"], ["1b", "Ta có b = 2.", "1,0"]))  # fmt: skip
    assert [(g.subpart, g.points) for g in res.questions[0].guide] == [("a", 1.0), ("b", 1.0)]


def test_questions_that_refer_to_the_following_passage_share_it() -> None:
    res = read(p("Questions 1-2 refer to the following passage."), p("Tom lives in Hue with his family."),
               p("Question 1. Where does Tom live?"), *OPTS, p("Question 2. Who does he live with?"), *OPTS)  # fmt: skip
    assert res.questions[0].group == res.questions[1].group is not None


def test_two_true_false_statements_to_a_line() -> None:
    res = read(p("PHẦN II. Câu trắc nghiệm đúng sai."), p("Câu 1. Cho f."), p("a) f(0) = 1.", tab(), "b) f lẻ."),
               p("c) f tăng.", tab(), "d) f có cực trị."), p("Đáp án: ĐSĐS"))  # fmt: skip
    q = res.questions[0]
    assert q.type == "true_false" and [(o.label, to_text(o.content)) for o in q.options] == [
        ("a", "f(0) = 1."), ("b", "f lẻ."), ("c", "f tăng."), ("d", "f có cực trị.")]  # fmt: skip
    assert q.answer == ["Đ", "S", "Đ", "S"]


def test_a_paper_in_one_cau_noidung_table_is_read_even_when_a_question_mentions_thoi_gian() -> None:
    res = read(
        tbl(["SỞ GD&ĐT ĐẮK LẮK", "KIỂM TRA GIỮA KỲ I\nThời gian làm bài: 45 phút"]),
        tbl(["Câu", "Nội dung"],
            ["Câu 1", "Độ phức tạp thời gian của sắp xếp nổi bọt là A. O(n) B. O(n²) C. O(1) D. O(log n)"],
            ["Câu 2", "Câu lệnh nào dùng để kiểm tra điều kiện? A. if B. for C. while D. print"]),
    )  # fmt: skip
    assert [q.number for q in res.questions] == [1, 2]
    assert [len(q.options) for q in res.questions] == [4, 4]
    assert res.meta.get("duration_minutes") == 45


@pytest.mark.parametrize("head,dept", [
    (["UBND TỈNH LẠNG SƠN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "ĐỀ CHÍNH THỨC"], "Lạng Sơn"),
    (["UBND THÀNH PHỐ HÀ NỘI", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "Hà Nội"),
    (["SỞ GD&ĐT BÀ RỊA – VŨNG TÀU"], "Bà Rịa - Vũng Tàu"),
])  # fmt: skip
def test_department_from_a_ubnd_line_and_dashes_normalised(head: list[str], dept: str) -> None:
    res = read(*[p(x) for x in head], p("Câu 1. Viết đoạn văn."))
    assert res.meta["department"] == dept


def test_guide_table_with_a_part_column_and_bare_numbers_restarting_per_part() -> None:
    res = read(
        p("I. ĐỌC HIỂU (4,0 điểm)"), p("Câu 1. (0,5 điểm) Xác định thể thơ."), p("Câu 2. (0,5 điểm) Chỉ ra ước muốn."),
        p("II. VIẾT (6,0 điểm)"), p("Câu 1. (2,0 điểm) Viết đoạn văn."), p("Câu 2. (4,0 điểm) Viết bài văn."),
        p("HƯỚNG DẪN CHẤM"),
        tbl(["Phần", "Câu", "Nội dung", "Điểm"], ["I", "", "ĐỌC HIỂU", "4,0"], ["", "1", "Thể thơ năm chữ.", "0,5"],
            ["", "2", "Tắt nắng, buộc gió.", "0,5"], ["II", "", "VIẾT", "6,0"], ["", "1", "Đoạn văn.", "2,0"],
            ["", "2", "Bài văn.", "1,0"], ["", "", "Sáng tạo.", "3,0"]),
    )  # fmt: skip
    guides = [[to_text(s.content) for s in q.guide] for q in res.questions]
    assert guides == [["Thể thơ năm chữ."], ["Tắt nắng, buộc gió."], ["Đoạn văn."], ["Bài văn.", "Sáng tạo."]]


def test_rewrite_instruction_closes_the_mcq_before_it_and_key_sentences_answer_the_rewrite_items() -> None:
    res = read(
        p("Mark the letter A, B, C, or D to indicate the correct answer."),
        p("Question 1. The city is so crowded."), p("A. busy", tab(), "B. populous", tab(), "C. deserted", tab(), "D. noisy"),
        p("Rewrite each of the following sentences in such a way that it means almost the same."),
        p("Question 2. I started learning English five years ago."), p("→ I have ………………"),
        p("ANSWER KEY"), p("1. C"), p("2. I have learned English for five years."),
    )  # fmt: skip
    q1, q2 = res.questions
    assert to_text(q1.options[3].content) == "noisy" and q1.answer == "C"
    assert (q2.type, q2.answer) == ("short_answer", "I have learned English for five years.")


def test_numbered_steps_under_an_essay_in_a_key_are_not_its_answer() -> None:
    res = read(p("Câu 1. (2,0 điểm) Giải phương trình x + 1 = 2."), p("ĐÁP ÁN"), p("Câu 1."), p("1. Chuyển vế: x = 1."))
    q = res.questions[0]
    assert q.type == "essay" and q.answer is None
