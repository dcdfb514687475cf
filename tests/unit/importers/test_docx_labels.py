"""Question labels, option layouts and Word auto-numbering."""

from __future__ import annotations

import pytest
from docx_builder import numbering, p, r, read, tab, tbl

OPTIONS = [p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]


@pytest.mark.parametrize(
    "label",
    ["Câu 7:", "Câu 7.", "Câu 7 (2,0 điểm).", "Bài 7.", "Question 7:", "[7]", "7.", "CÂU 7:", "Câu 7)"],
)
def test_question_label_conventions_are_recognised(label: str) -> None:
    res = read(p(f"{label} Cho hàm số y = x."), *OPTIONS)
    assert [q.number for q in res.questions] == [7]
    assert res.questions[0].stem and "Cho hàm số" in _stem(res)
    assert label.split()[0].strip("[].:") not in _stem(res).split()[0]


def test_points_in_the_label_are_read_and_removed_from_the_stem() -> None:
    res = read(p("Câu 1 (2,5 điểm). Giải phương trình x = 1."))
    q = res.questions[0]
    assert q.points == 2.5 and "điểm" not in _stem(res) and q.type == "essay"


@pytest.mark.parametrize("marker,points", [("(4,0 điểm)", 4.0), ("(2đ)", 2.0), ("(1.5 điểm)", 1.5)])
def test_points_written_after_the_label_or_the_stem(marker: str, points: float) -> None:
    res = read(p(f"Câu 2. {marker} Chứng minh rằng a > b."), p(f"Câu 3. Chứng minh c > d. {marker}"))
    assert [q.points for q in res.questions] == [points, points]


def test_options_on_their_own_lines() -> None:
    res = read(p("Câu 1. x"), *OPTIONS)
    assert [(o.label, _t(o.content)) for o in res.questions[0].options] == [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")]


def test_four_options_on_one_line_separated_by_tabs() -> None:
    res = read(p("Câu 1. x"), p("A. 1", tab(), "B. 2", tab(), "C. 3", tab(), "D. 4"))
    assert [_t(o.content) for o in res.questions[0].options] == ["1", "2", "3", "4"]


def test_two_options_to_a_line() -> None:
    res = read(p("Câu 1. x"), p("A. 1", tab(), "B. 2"), p("C. 3", tab(), "D. 4"))
    assert [o.label for o in res.questions[0].options] == ["A", "B", "C", "D"]


def test_options_with_a_parenthesis_label() -> None:
    res = read(p("Câu 1. x"), p("A) 1"), p("B) 2"), p("C) 3"), p("D) 4"))
    assert len(res.questions[0].options) == 4


def test_options_in_table_cells() -> None:
    res = read(p("Câu 1. x"), tbl(["A. 1", "B. 2"], ["C. 3", "D. 4"]))
    assert [_t(o.content) for o in res.questions[0].options] == ["1", "2", "3", "4"]


def test_a_capital_letter_inside_an_option_is_not_a_new_option() -> None:
    res = read(p("Câu 1. x"), p("A. Điểm B thuộc (P)"), p("B. 2"), p("C. 3"), p("D. 4"))
    assert _t(res.questions[0].options[0].content) == "Điểm B thuộc (P)"


def test_word_auto_numbering_gives_the_printed_number() -> None:
    res = read(p("Cho x", num=(1, 0)), *OPTIONS, p("Cho y", num=(1, 0)), *OPTIONS, numbering_xml=numbering("Câu %1:"))
    assert [q.number for q in res.questions] == [1, 2]
    assert _stem(res) == "Cho x"


def test_auto_numbering_honours_start_and_start_overrides() -> None:
    xml = numbering("Câu %1.", start=5, overrides={2: 1}, extra_nums=1)
    res = read(p("a", num=(1, 0)), p("b", num=(1, 0)), p("c", num=(2, 0)), numbering_xml=xml)
    assert [q.number for q in res.questions] == [5, 6, 1]


def test_numbering_restarts_in_each_part() -> None:
    res = read(p("PHẦN I. Trắc nghiệm"), p("Câu 1. x"), *OPTIONS, p("PHẦN II. Tự luận"), p("Câu 1. Giải y."))
    assert [(q.section, q.number, q.type) for q in res.questions] == [("PHẦN I", 1, "mcq"), ("PHẦN II", 1, "essay")]


def test_numbered_list_items_inside_a_question_are_not_questions() -> None:
    res = read(p("Câu 1. Cho các mệnh đề:"), p("1. a > b"), p("2. c > d"), *OPTIONS, p("Câu 2. y"), *OPTIONS)
    assert [q.number for q in res.questions] == [1, 2]


def test_run_formatting_is_kept() -> None:
    res = read(p("Câu 1. ", r("đậm", b=True), r("nghiêng", i=True), r("2", vert="superscript"), r("đỏ", color="FF0000")))
    texts = [i for i in res.questions[0].stem.inlines() if hasattr(i, "text")]
    assert any(t.bold and t.text == "đậm" for t in texts)
    assert any(t.italic for t in texts) and any(t.vert == "sup" for t in texts) and any(t.color == "FF0000" for t in texts)


def _stem(res) -> str:  # noqa: ANN001
    from qbank.domain.render import to_text

    return to_text(res.questions[0].stem)


def _t(content) -> str:  # noqa: ANN001
    from qbank.domain.render import to_text

    return to_text(content)


def test_word_numbered_options_are_read_with_their_printed_letters() -> None:
    xml = numbering("Câu %1.", extra_nums=0).replace(
        "</w:numbering>",
        '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num></w:numbering>',
    )
    res = read(p("Cho x", num=(1, 0)), *[p(t, num=(7, 0)) for t in ("1", "2", "3", "4")], numbering_xml=xml)
    assert [(o.label, _t(o.content)) for o in res.questions[0].options] == [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")]


def test_option_labels_without_a_space_after_the_dot() -> None:
    res = read(p("Câu 1. x"), p("A.1", tab(), "B.2", tab(), "C.Hai", tab(), "D.4"))
    assert [_t(o.content) for o in res.questions[0].options] == ["1", "2", "Hai", "4"]


def test_label_without_punctuation_before_a_capital() -> None:
    res = read(p(r("Câu 1", b=True), " Cho hàm số y = x."), *OPTIONS, p("Câu 2 Tính tổng."), *OPTIONS)
    assert [q.number for q in res.questions] == [1, 2]


def test_lower_case_choices_with_a_letter_answer_are_an_mcq() -> None:
    res = read(p("Question 1. Pick one."), p("a. red"), p("b. blue"), p("c. green"), p("d. black"), p("Answer: c"))
    q = res.questions[0]
    assert q.type == "mcq" and q.answer == "C" and [o.label for o in q.options] == ["A", "B", "C", "D"]


def test_a_paper_typed_with_python_docx_list_number_style_and_red_answers() -> None:
    import io

    import docx
    from docx.shared import RGBColor

    from importers.docx.importer import DocxImporter

    d = docx.Document()
    d.add_paragraph("SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI")
    d.add_paragraph("ĐỀ KIỂM TRA GIỮA HỌC KỲ II - NĂM HỌC 2024 - 2025")
    d.add_paragraph("Môn: Lịch sử 10")
    for k in range(1, 4):
        d.add_paragraph(f"Nội dung câu hỏi số {k}?", style="List Number")  # numbered through the style
        for j, letter in enumerate("ABCD"):
            run = d.add_paragraph().add_run(f"{letter}. phương án {j}")
            if j == k:
                run.font.color.rgb = RGBColor(0xFF, 0, 0)
    buf = io.BytesIO()
    d.save(buf)
    res = DocxImporter().read(buf.getvalue(), "ls10.docx")
    assert [(q.number, q.answer) for q in res.questions] == [(1, "B"), (2, "C"), (3, "D")]
    assert (res.meta["subject"], res.meta["grade"], res.meta["year"], res.meta["department"]) == ("Lịch sử", 10, "2024-2025", "Hà Nội")


def test_options_in_label_and_content_cells() -> None:
    res = read(p("Câu 1. x"), tbl(["A.", "1", "B.", r("2", u=True)], ["C.", "3", "D.", "4"]))
    q = res.questions[0]
    assert [(o.label, _t(o.content)) for o in q.options] == [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")]
    assert q.answer == "B"


def test_an_option_cell_keeps_its_second_line() -> None:
    res = read(p("Câu 1. x"), tbl([p("A. một") + p("dòng hai"), "B. 2", "C. 3", "D. 4"]))
    assert _t(res.questions[0].options[0].content) == "một dòng hai"


def test_a_shaded_option_cell_marks_the_answer_without_changing_the_text_format() -> None:
    shaded = '<w:tc><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="FFFF00"/></w:tcPr>' + p("C. 3") + "</w:tc>"
    table = tbl(["A. 1", "B. 2", "@@", "D. 4"]).replace("<w:tc>" + p("@@") + "</w:tc>", shaded)
    res = read(p("Câu 1. x"), table)
    q = res.questions[0]
    assert q.answer == "C"
    assert not any(getattr(i, "highlight", None) for o in q.options for i in o.content.inlines())


def test_auto_numbered_questions_count_even_when_the_solutions_say_cau() -> None:
    xml = numbering("%1.")
    res = read(p("Cho x", num=(1, 0)), *OPTIONS, p("Cho y", num=(1, 0)), *OPTIONS, p("HƯỚNG DẪN GIẢI"),
               p("Câu 1. Cho x"), p("Lời giải"), p("Chọn B"), p("Câu 2. Cho y"), p("Lời giải"), p("Chọn C"),
               numbering_xml=xml)  # fmt: skip
    assert [(q.number, q.answer) for q in res.questions] == [(1, "B"), (2, "C")]


@pytest.mark.parametrize("tag,level", [("[MỨC 1]", "Nhận biết"), ("(TH)", "Thông hiểu"), ("[VD]", "Vận dụng"), ("[VDC]", "Vận dụng cao")])
def test_level_tags_after_the_label_become_the_level(tag: str, level: str) -> None:
    res = read(p(f"Câu 1: {tag} Cho x."), *OPTIONS)
    assert res.questions[0].tags.level == level and _stem(res) == "Cho x."


def test_banks_past_question_999_keep_their_numbers() -> None:
    res = read(p("Câu 999. x"), *OPTIONS, p("Câu 1000. y"), *OPTIONS, p("[1001] z"), *OPTIONS)
    assert [q.number for q in res.questions] == [999, 1000, 1001]


def test_stem_and_options_in_one_paragraph_split_by_line_breaks() -> None:
    from docx_builder import br

    res = read(p("Câu 1. Cho x.", br(), "A. 1", br(), r("B. 2", u=True), br(), "C. 3", br(), "D. 4"))
    q = res.questions[0]
    assert (_stem(res), [_t(o.content) for o in q.options], q.answer) == ("Cho x.", ["1", "2", "3", "4"], "B")


def test_hasty_labels_glued_to_lower_case_text() -> None:
    res = read(p("Câu 1. x"), p("A.dễ di chuyển", tab(), "B.quan sát rộng"), p("C.ẩn nấp tốt", tab(), "D.cả ba"))
    assert [_t(o.content) for o in res.questions[0].options] == ["dễ di chuyển", "quan sát rộng", "ẩn nấp tốt", "cả ba"]


def test_lower_case_options_two_to_a_line_and_a_lower_case_key() -> None:
    res = read(p("Câu 1. Số nguyên tố là"), p("a. 1", tab(), "b. 9"), p("c. 11", tab(), "d. 15"),
               p("ĐÁP ÁN"), tbl(["Câu", "1"], ["Đáp án", "c"]))  # fmt: skip
    q = res.questions[0]
    assert q.type == "mcq" and [o.label for o in q.options] == ["A", "B", "C", "D"] and q.answer == "C"


def test_parenthesised_option_labels() -> None:
    res = read(p("Câu 1. x"), p("(A) 1", tab(), "(B) 2", tab(), "(C) 3", tab(), "(D) 4"))
    assert [(o.label, _t(o.content)) for o in res.questions[0].options] == [("A", "1"), ("B", "2"), ("C", "3"), ("D", "4")]


def test_level_and_points_in_one_parenthesis() -> None:
    res = read(p("Câu 1 (TH - 0,25 điểm): Cho x."), *OPTIONS)
    q = res.questions[0]
    assert (q.tags.level, q.points, _stem(res)) == ("Thông hiểu", 0.25, "Cho x.")


@pytest.mark.parametrize("label", ["Câu 7/", "Câu số 7:", "Câu 7：", "Câu　7."])
def test_slash_full_width_and_so_labels(label: str) -> None:
    res = read(p(f"{label} Cho hàm số y = x."), *OPTIONS)
    assert [q.number for q in res.questions] == [7]
    assert _stem(res).startswith("Cho hàm số")


def test_a_full_width_colon_label_starts_a_new_question() -> None:
    res = read(p("Câu 1: x"), *OPTIONS, p("Câu 2： y"), *OPTIONS)
    assert [q.number for q in res.questions] == [1, 2]
    assert _t(res.questions[0].options[3].content) == "4"


@pytest.mark.parametrize("fmt", ["{}/ {}", "{}: {}", "{} - {}", "[{}] {}"])
def test_option_labels_with_slash_colon_dash_or_brackets(fmt: str) -> None:
    res = read(p("Câu 1. x"), p(fmt.format("A", "HCl"), tab(), fmt.format("B", "NaOH")),
               p(fmt.format("C", "NaCl")), p(fmt.format("D", "H2SO4")))  # fmt: skip
    q = res.questions[0]
    assert q.type == "mcq"
    assert [(o.label, _t(o.content)) for o in q.options] == [("A", "HCl"), ("B", "NaOH"), ("C", "NaCl"), ("D", "H2SO4")]


def test_a_dialogue_a_colon_b_colon_before_dotted_options_stays_in_the_stem() -> None:
    res = read(p("Question 1. Two friends are talking."), p("A: Would you like some tea?"), p("B: ________"),
               p("A. Yes, please."), p("B. No, I am not."), p("C. Yes, I do."), p("D. I like it."))  # fmt: skip
    q = res.questions[0]
    assert _stem(res) == "Two friends are talking. A: Would you like some tea? B: ________"
    assert [_t(o.content) for o in q.options] == ["Yes, please.", "No, I am not.", "Yes, I do.", "I like it."]
