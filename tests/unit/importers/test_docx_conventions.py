"""Conventions of departments' own papers, each built as a small document: keys in every layout,
one-row-per-question tables, English papers, type detection, text renderings, odd input and doubt."""

from __future__ import annotations

import pytest
from docx_builder import br, build, math, mcq, mr, p, picture, r, read, tab, tbl

from importers.base import question_to_json
from importers.docx.importer import DocxImporter
from qbank.domain.errors import QBankError
from qbank.domain.render import to_text

OPTS = ("1", "2", "3", "4")


def answers(result) -> list:  # noqa: ANN001
    return [q.answer for q in result.questions]


def four(n: int, stem: str = "x") -> list[str]:
    return mcq(n, stem, *OPTS)


# -- answer keys in every layout ------------------------------------------------------------------
@pytest.mark.parametrize("lines", [
    ["1-A", "2-C", "3-D", "4-B"],
    ["1.A", "2.C", "3.D", "4.B"],
    ["1A", "2C", "3D", "4B"],
    ["1) A", "2) C", "3) D", "4) B"],
    ["1A2C3D4B"],
    ["1.A 2.C 3-D 4) B"],
    ["1-A; 2-C; 3-D; 4-B"],
])  # fmt: skip
def test_key_pairs_in_every_spelling_one_per_paragraph_or_run_together(lines: list[str]) -> None:
    body = [*four(1), *four(2), *four(3), *four(4), p("ĐÁP ÁN"), *[p(x) for x in lines]]
    assert answers(read(*body)) == ["A", "C", "D", "B"]


def test_key_letters_follow_the_printed_numbers_not_positions() -> None:
    body = [*four(5), *four(6), *four(7), p("ĐÁP ÁN"), p("7-A 5-C 6-B")]
    res = read(*body)
    assert [(q.number, q.answer) for q in res.questions] == [(5, "C"), (6, "B"), (7, "A")]


def test_key_labels_of_five_digits() -> None:
    body = [*four(10001), *four(10002), p("ĐÁP ÁN"), p("10001-B 10002-D")]
    res = read(*body)
    assert [(q.number, q.answer) for q in res.questions] == [(10001, "B"), (10002, "D")]


def test_several_key_tables_one_after_another_make_one_key() -> None:
    body = [*four(1), *four(2), *four(3), *four(4), p("BẢNG ĐÁP ÁN"),
            tbl(["1", "2"], ["B", "C"]), p(""), tbl(["3", "4"], ["D", "A"])]  # fmt: skip
    assert answers(read(*body)) == ["B", "C", "D", "A"]


def test_key_table_per_ma_de_takes_the_original_when_the_paper_gives_no_code() -> None:
    body = [*four(1), *four(2), p("ĐÁP ÁN"),
            tbl(["Câu", "Đề gốc", "Mã 001", "Mã 002"], ["1", "A", "B", "C"], ["2", "D", "C", "A"])]  # fmt: skip
    assert answers(read(*body)) == ["A", "D"]


def test_key_table_per_ma_de_takes_the_papers_code_over_the_original() -> None:
    body = [p("Mã đề 002"), *four(1), *four(2), p("ĐÁP ÁN"),
            tbl(["Câu", "Đề gốc", "Mã 001", "Mã 002"], ["1", "A", "B", "C"], ["2", "D", "C", "A"])]  # fmt: skip
    assert answers(read(*body)) == ["C", "A"]


@pytest.mark.parametrize("line", ["Đáp án: 0,22", "ĐS: 31", "Đáp số: 0,22", "A. 0,22"])
def test_a_short_answer_key_written_under_the_question(line: str) -> None:
    res = read(p("PHẦN III. Câu trắc nghiệm trả lời ngắn."), p("Câu 1. Tính tỉ lệ."), p(line))
    q = res.questions[0]
    assert str(q.type) == "short_answer"
    assert q.answer == line.split(":")[-1].replace("A.", "").strip()


@pytest.mark.parametrize("how", [{"u": True}, {"color": "FF0000"}, {"b": True}])
def test_true_statements_keyed_by_formatting_their_letter_unmarked_is_false(how: dict) -> None:
    body = [p("PHẦN II. Câu trắc nghiệm đúng sai."), p("Câu 1. Cho hàm số f."),
            p(r("a)", **how), " f đồng biến."), p("b) f(0) = 1."), p(r("c)", **how), " f có cực trị."), p("d) f lẻ.")]  # fmt: skip
    q = read(*body).questions[0]
    assert q.answer == ["Đ", "S", "Đ", "S"]
    assert [o.correct for o in q.options] == [True, False, True, False]


def test_true_false_key_written_as_a_dung_b_sai_lines_under_the_statements() -> None:
    body = [p("PHẦN II. Câu trắc nghiệm đúng sai."), p("Câu 1. Cho hàm số f."),
            p("a) f đồng biến."), p("b) f(0) = 1."), p("c) f có cực trị."), p("d) f lẻ."),
            p("a) Đúng b) Sai c) Sai d) Đúng")]  # fmt: skip
    assert read(*body).questions[0].answer == ["Đ", "S", "S", "Đ"]


def test_keys_per_phan_map_to_the_questions_of_that_part() -> None:
    body = [p("PHẦN I. Trắc nghiệm nhiều phương án."), *four(1), *four(2),
            p("PHẦN III. Trả lời ngắn."), p("Câu 1. Tính a."), p("Câu 2. Tính b."),
            p("ĐÁP ÁN"), p("PHẦN I"), p("1-B 2-A"), p("PHẦN III"), p("Câu 1: 12; Câu 2: 0,5")]  # fmt: skip
    assert answers(read(*body)) == ["B", "A", "12", "0,5"]


# -- one row per question ------------------------------------------------------------------------
def _cell(*lines: str) -> str:
    """One paragraph whose lines are separated by soft line breaks, as converted papers type them."""
    parts: list[str] = []
    for k, line in enumerate(lines):
        if k:
            parts.append(br())
        parts.append(r(line))
    return p(*parts)


def test_a_table_of_one_row_per_question_without_header_with_the_instruction_in_the_cell() -> None:
    rows = [["ID_1", _cell("Mark the letter A, B, C, or D to indicate the correct answer.", "Question 1: He ___ here.",
                           "A. live", "B. lives", "C. living", "D. lived"), "B", "Giải thích: ngôi thứ ba. Chọn B"],
            ["ID_2", _cell("Question 2: They ___ late.", "A. is", "B. are", "C. be", "D. being"), "B", "Chủ ngữ số nhiều."]]  # fmt: skip
    res = read(tbl(*rows))
    assert [(q.number, str(q.type), q.answer, len(q.options)) for q in res.questions] == [(1, "mcq", "B", 4), (2, "mcq", "B", 4)]
    assert to_text(res.questions[0].stem) == "He ___ here."
    assert res.questions[0].solution is not None


def test_an_answer_column_of_letters_is_the_key_whatever_its_header_says() -> None:
    marked = _cell("Câu 1: Thủ đô của Việt Nam?", "A. Huế", "B. Hà Nội", "C. Đà Nẵng", "D. Vinh")
    row = ["S_1", marked, "C", "Vì ..."]
    res = read(tbl(["ID", "Question", "Choice", "Explanation"], row, ["S_2", _cell("Câu 2: 1 + 1?", "A. 1", "B. 2", "C. 3", "D. 4"), "B", "Hai."]))
    assert answers(res) == ["C", "B"]


def test_instruction_and_passage_rows_head_the_questions_below_them() -> None:
    passage = "The city of Hue was the capital of Vietnam. " * 8
    rows = [["", "Read the passage and answer questions 1 to 2.", "", ""],
            ["", passage, "", ""],
            ["1", _cell("Question 1: What was Hue?", "A. a river", "B. a capital", "C. a hill", "D. a port"), "B", ""],
            ["2", _cell("Question 2: Where is Hue?", "A. Vietnam", "B. Laos", "C. Cambodia", "D. Thailand"), "A", ""],
            ["3", _cell("Question 3: Choose the odd one.", "A. cat", "B. dog", "C. car", "D. cow"), "C", ""]]  # fmt: skip
    res = read(tbl(*rows))
    assert [q.number for q in res.questions] == [1, 2, 3]
    assert res.questions[0].group is not None and res.questions[0].group == res.questions[1].group
    assert res.questions[2].group is None
    assert "capital of Vietnam" in to_text(res.passages[res.questions[0].group])


def test_options_in_a_two_by_two_or_one_by_four_grid_of_cells() -> None:
    res = read(p("Câu 1. Một cộng không?"), tbl(["A. 1", "B. 2"], ["C. 3", "D. 4"]),
               p("Câu 2. Hai cộng không?"), tbl(["A. 1", "B. 2", "C. 3", "D. 4"]))  # fmt: skip
    assert [(str(q.type), len(q.options)) for q in res.questions] == [("mcq", 4), ("mcq", 4)]


def test_a_bank_row_with_its_options_in_a_grid_inside_the_question_cell() -> None:
    rows = [["Câu hỏi", "Đáp án"],
            [p("Câu 1. Một cộng không?") + tbl(["A. 1", "B. 2"], ["C. 3", "D. 4"]), "A"],
            [p("Câu 2. Hai cộng hai?") + tbl(["A. 1", "B. 2"], ["C. 3", "D. 4"]), "D"]]  # fmt: skip
    res = read(tbl(*rows))
    assert [(q.number, len(q.options), q.answer) for q in res.questions] == [(1, 4, "A"), (2, 4, "D")]


def test_word_auto_numbered_questions_and_options_inside_cells() -> None:
    opts = "".join(p(x, num=(2, 0)) for x in ("Huế", "Hà Nội", "Vinh", "Cần Thơ"))
    rows = [["Câu hỏi", "Đáp án"], [p("Thủ đô của Việt Nam?", num=(1, 0)) + opts, "B"]]
    res = read(tbl(*rows), numbering_xml=_two_lists())
    q = res.questions[0]
    assert (q.number, [o.label for o in q.options], q.answer) == (1, ["A", "B", "C", "D"], "B")
    assert to_text(q.options[1].content) == "Hà Nội"


def _two_lists() -> str:
    """numbering.xml: list 1 numbers "Câu 1.", list 2 letters "A." (as Word's own lists do)."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    lvl = ('<w:abstractNum w:abstractNumId="{a}"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
           '<w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>')  # fmt: skip
    return (f"<w:numbering {ns}>" + lvl.format(a=1, fmt="decimal", text="Câu %1.") + lvl.format(a=2, fmt="upperLetter", text="%1.")
            + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
            + "</w:numbering>")  # fmt: skip


# -- English papers ------------------------------------------------------------------------------
def test_a_section_instruction_is_not_a_question_and_underlined_letters_stay_in_the_options() -> None:
    body = [p("Mark the letter A, B, C, or D to indicate the word whose underlined part differs from the other three "
              "in pronunciation in each of the following questions."),
            p("Question 1: ", "A. wash", r("ed", u=True), tab(), "B. form", r("ed", u=True), tab(), "C. turn", r("ed", u=True),
              tab(), "D. boil", r("ed", u=True)),
            p("Question 2: ", "A. h", r("ou", u=True), "se", tab(), "B. m", r("ou", u=True), "th", tab(), "C. c", r("ou", u=True),
              "ld", tab(), "D. f", r("ou", u=True), "nd")]  # fmt: skip
    res = read(*body)
    assert [q.number for q in res.questions] == [1, 2]
    first = res.questions[0]
    assert [o.label for o in first.options] == ["A", "B", "C", "D"]
    underlined = [i for i in first.options[0].content.blocks[0].inlines if getattr(i, "underline", False)]
    assert [i.text for i in underlined] == ["ed"]
    assert first.answer is None  # every option is underlined: the underline is the question, not the answer


def test_a_cloze_passage_with_numbered_blanks_is_grouped_with_its_questions() -> None:
    passage = "Advances in technology mean we spend more time online (1) ____ ever. Many people (2) ____ their phones."
    body = [p("Read the following passage and mark the letter A, B, C, or D to indicate the correct word that best fits "
              "each of the numbered blanks from 1 to 2."), p(passage),
            p("Question 1: A. than", tab(), "B. as", tab(), "C. so", tab(), "D. then"),
            p("Question 2: A. use", tab(), "B. using", tab(), "C. uses", tab(), "D. used"),
            p("Mark the letter A, B, C, or D to indicate the correct answer to each of the following questions."),
            *mcq(3, "She ___ a doctor.", "is", "are", "be", "am")]  # fmt: skip
    res = read(*body)
    assert [q.number for q in res.questions] == [1, 2, 3]
    assert res.questions[0].group == res.questions[1].group is not None
    assert res.questions[2].group is None


def test_options_labelled_a_paren_on_two_lines() -> None:
    res = read(p("Question 1: Choose the best answer."), p("A) go", tab(), "B) goes"), p("C) went", tab(), "D) gone"))
    assert [to_text(o.content) for o in res.questions[0].options] == ["go", "goes", "went", "gone"]


def test_a_bilingual_question_is_kept_whole() -> None:
    res = read(p("Câu 1. Which planet is the largest?"), p("(Hành tinh nào lớn nhất?)"), p("A. Mars"), p("B. Jupiter"),
               p("C. Venus"), p("D. Earth"))
    stem = to_text(res.questions[0].stem)
    assert "largest" in stem and "Hành tinh nào lớn nhất" in stem
    assert len(res.questions[0].options) == 4


# -- type detection ------------------------------------------------------------------------------
def test_four_options_after_a_picture_a_formula_block_and_a_table_make_a_multiple_choice_question() -> None:
    body = [p("Câu 1. Cho đồ thị và bảng sau."), p(picture()), p(math(mr("y=x+1"))), tbl(["x", "1", "2"], ["y", "2", "3"]),
            p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]  # fmt: skip
    q = read(*body).questions[0]
    assert (str(q.type), len(q.options)) == ("mcq", 4)


def test_a_number_that_repeats_starts_a_new_question() -> None:
    res = read(*four(1, "x"), *four(1, "y"), *four(2, "z"))
    assert [(q.number, to_text(q.stem), len(q.options)) for q in res.questions] == [(1, "x", 4), (1, "y", 4), (2, "z", 4)]


def test_an_essay_never_has_options() -> None:
    body = [p("PHẦN II. TỰ LUẬN"), p("Câu 1 (2,0 điểm). Cho tam giác ABC."), p("A. Chứng minh ABC cân."),
            p("B. Tính diện tích ABC.")]  # fmt: skip
    q = read(*body).questions[0]
    assert str(q.type) == "essay" and q.options == []
    assert "Chứng minh" in to_text(q.stem)


# -- text renderings -----------------------------------------------------------------------------
def test_superscripts_and_subscripts_become_latex_in_plain_text() -> None:
    res = read(p("Câu 1. Có 10", r("18", vert="superscript"), " phân tử H", r("2", vert="subscript"), "O."), p("A. 1"),
               p("B. 2"), p("C. 3"), p("D. 4"))
    stem = question_to_json(res.questions[0])["stem"]
    assert "$10^{18}$" in stem and "$H_2O$" in stem
    assert "1018" not in stem


# -- bad or odd input ----------------------------------------------------------------------------
@pytest.mark.parametrize("body", [[], [p("")], [p("SỞ GIÁO DỤC VÀ ĐÀO TẠO"), p("Ghi chú cho giáo viên.")]])
def test_an_empty_document_or_one_without_questions_is_refused_with_one_line(body: list[str]) -> None:
    with pytest.raises(QBankError) as got:
        DocxImporter().read(build(*body), "de.docx")
    assert "\n" not in str(got.value) and "de.docx" in str(got.value)


def test_a_picture_linked_to_an_outside_address_is_dropped_with_a_warning() -> None:
    linked = ('<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="p"/>'
              '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
              '<pic:blipFill><a:blip r:link="rIdExt"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
              "</wp:inline></w:drawing></w:r>")  # fmt: skip
    data = build(p("Câu 1. Xem hình.", linked), p("A. 1"), p("B. 2"), p("C. 3"), p(r("D. 4", u=True)))
    data = _with_external_image(data)
    res = DocxImporter().read(data, "de.docx")
    assert len(res.questions) == 1 and res.questions[0].answer == "D"
    assert res.questions[0].stem.count_images() == 0
    assert any("outside" in m.text and "paragraph 1" in m.where for m in res.messages)


def _with_external_image(data: bytes) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                body = body.replace(b"</Relationships>", b'<Relationship Id="rIdExt" Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/image" Target="https://example.com/a.png" '
                                    b'TargetMode="External"/></Relationships>')  # fmt: skip
            dst.writestr(item, body)
    return out.getvalue()


def test_a_ten_thousand_question_paper_with_its_key_after_dap_an_imports_in_full() -> None:
    n = 10_000
    body = []
    for k in range(1, n + 1):
        body.append(p(f"Câu {k}. Câu hỏi số {k}"))
        body.append(p("A. 1", tab(), "B. 2", tab(), "C. 3", tab(), "D. 4"))
    body.append(p("ĐÁP ÁN"))
    body.append(p(" ".join(f"{k}-{'ABCD'[k % 4]}" for k in range(1, n + 1))))
    res = read(*body)
    assert len(res.questions) == n
    assert all(q.answer == "ABCD"[q.number % 4] for q in res.questions)


# -- doubt is visible ----------------------------------------------------------------------------
def test_every_question_carries_a_confidence_and_the_reasons_that_lowered_it() -> None:
    res = read(*mcq(1, "x", *OPTS, correct=2), p("Câu 2. Không có phương án."), *four(3), p("ĐÁP ÁN"), p("3-A 2-B"))
    got = res.to_json()["questions"]
    assert [round(q["confidence"], 2) <= 1 for q in got] == [True, True, True]
    assert got[2]["confidence"] == 1.0 and got[2]["doubts"] == []
    assert "answer from formatting only" in got[0]["doubts"] and got[0]["confidence"] < 1
    assert "options not found" in got[1]["doubts"]


@pytest.mark.parametrize("layout", ["lines", "headings"])
def test_keys_listed_per_ma_de_give_this_papers_answers(layout: str) -> None:
    if layout == "lines":
        key = [p("Mã đề 101: 1A 2B"), p("Mã đề 102: 1C 2D")]
    else:
        key = [p("Mã đề 101"), tbl(["1", "2"], ["A", "B"]), p("Mã đề 102"), tbl(["1", "2"], ["C", "D"])]
    res = read(p("Mã đề thi: 102"), *four(1), *four(2), p("ĐÁP ÁN"), *key)
    assert answers(res) == ["C", "D"]


def test_keys_listed_per_ma_de_without_this_papers_code_are_not_used_and_say_so() -> None:
    res = read(*four(1), *four(2), p("ĐÁP ÁN"), p("Mã đề 101: 1A 2B"), p("Mã đề 102: 1C 2D"))
    assert answers(res) == [None, None]
    assert any("per mã đề (101, 102)" in m.text for m in res.messages)


def test_underlines_typed_as_latex_text_become_underlined_letters_in_the_options() -> None:
    res = read(p("Question 1: Choose the word whose underlined part differs."), p("A. wash\\underline{ed}"),
               p("B. form\\underline{ed}"), p("C. turn\\underline{ed}"), p("D. boil\\underline{ed}"))  # fmt: skip
    first = res.questions[0].options[0].content.blocks[0].inlines
    assert [(i.text, i.underline) for i in first] == [("wash", False), ("ed", True)]
    assert to_text(res.questions[0].options[0].content) == "washed"
    assert res.questions[0].answer is None


def test_a_2025_key_of_statement_columns_1a_1b_follows_the_multiple_choice_key_table() -> None:
    body = [p("PHẦN I. TRẮC NGHIỆM"), *four(1), p("PHẦN II. ĐÚNG SAI"), p("Câu 1. Cho f."), p("a) x"), p("b) y"),
            p("c) z"), p("d) t"), p("ĐÁP ÁN"), tbl(["Câu", "1"], ["Đáp án", "D"]),
            tbl(["Câu", "1a", "1b", "1c", "1d"], ["Đáp án", "Đ", "S", "S", "Đ"])]  # fmt: skip
    assert answers(read(*body)) == ["D", ["Đ", "S", "S", "Đ"]]


def test_a_section_instruction_after_an_open_question_is_not_swallowed_by_it() -> None:
    body = [p("Question 1: Rewrite the sentence: He is tall."), p("→ He ……"),
            p("Circle the letter A, B, C or D to indicate the correct answer to each of the following questions."),
            p("Question 2: She ___ a teacher."), p("A. is", tab(), "B. are", tab(), "C. am", tab(), "D. be")]  # fmt: skip
    res = read(*body)
    assert [to_text(q.stem) for q in res.questions] == ["Rewrite the sentence: He is tall. → He ……", "She ___ a teacher."]


def test_a_layout_table_with_two_questions_side_by_side_keeps_both() -> None:
    left = p("Câu 1. Một cộng một?") + p("A. 1") + p("B. 2") + p("C. 3") + p("D. 4")
    right = p("Câu 2. Hai cộng hai?") + p("A. 1") + p("B. 2") + p("C. 3") + p("D. 4")
    left3 = p("Câu 3. Ba cộng ba?") + p("A. 6") + p("B. 2") + p("C. 3") + p("D. 4")
    right4 = p("Câu 4. Bốn?") + p("A. 1") + p("B. 4") + p("C. 3") + p("D. 2")
    res = read(tbl([left, right], [left3, right4]))
    assert [(q.number, len(q.options)) for q in res.questions] == [(1, 4), (2, 4), (3, 4), (4, 4)]
