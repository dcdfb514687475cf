"""Rich content from Word: equations kept as OMML plus LaTeX, MathType objects, pictures, tables, wrappers."""

from __future__ import annotations

import pytest
from docx_builder import build, frac, math, mathtype, mr, p, picture, r, read, sup, tbl
from lxml import etree

from importers.docx.importer import DocxImporter
from qbank.domain.content import Image, Math, Ole, Table
from qbank.domain.errors import RejectedFile
from qbank.domain.render import to_text

OPTS = [p("A. 1"), p("B. 2"), p("C. 3"), p("D. 4")]


def test_word_equations_keep_their_omml_verbatim_and_gain_latex() -> None:
    res = read(p("Câu 1. Tính ", math(frac(mr("1"), sup(mr("x"), mr("2")))), " bằng"), *OPTS)
    m = next(i for i in res.questions[0].stem.inlines() if isinstance(i, Math))
    assert m.latex == r"\frac{1}{{x}^{2}}"
    root = etree.fromstring(m.omml)  # re-embeddable: namespaces travel with it
    assert root.tag == "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"
    assert to_text(res.questions[0].stem) == r"Tính $\frac{1}{{x}^{2}}$ bằng"


def test_equation_in_an_option_counts_and_its_colour_marks_the_answer() -> None:
    res = read(p("Câu 1. x"), p("A. ", math(mr("1"))), p(r("B. ", color="FF0000"), math(mr("2", color="FF0000"))), p("C. 3"), p("D. 4"))
    q = res.questions[0]
    assert q.answer == "B" and sum(o.content.count_equations() for o in q.options) == 2


def test_mathtype_objects_are_kept_with_their_preview_and_counted() -> None:
    res = read(p("Câu 1. Cho ", mathtype(), " thỏa mãn"), *OPTS, ole=True)
    ole = next(i for i in res.questions[0].stem.inlines() if isinstance(i, Ole))
    assert ole.prog_id == "Equation.DSMT4" and ole.preview and ole.width_pt == 30.0
    assert res.blobs[ole.blob].data.startswith(b"\xd0\xcf\x11\xe0") and res.blobs[ole.preview].mime == "image/png"
    assert res.questions[0].stem.count_equations() == 1 and res.questions[0].stem.count_images() == 0


def test_pictures_become_blobs() -> None:
    res = read(p("Câu 1. Quan sát hình."), p(picture()), *OPTS)
    img = next(i for i in res.questions[0].stem.inlines() if isinstance(i, Image))
    assert img.blob in res.blobs and res.blobs[img.blob].mime == "image/png" and img.width_emu == 914400


def test_vml_pictures_are_read_too() -> None:
    vml = '<w:r><w:pict><v:shape><v:imagedata r:id="rIdImg1"/></v:shape></w:pict></w:r>'
    res = read(p("Câu 1. Hình:", vml), *OPTS)
    assert res.questions[0].stem.count_images() == 1


def test_typed_latex_between_dollars_is_math() -> None:
    res = read(p("Câu 1. Nếu $\\int_0^1 2m\\,dx = 4$ thì $m$ bằng"), *OPTS)
    maths = [i for i in res.questions[0].stem.inlines() if isinstance(i, Math)]
    assert [m.latex for m in maths] == ["\\int_0^1 2m\\,dx = 4", "m"] and all(m.omml is None for m in maths)


def test_a_table_inside_a_question_stays_a_table() -> None:
    res = read(p("Câu 1. Cho bảng biến thiên:"), tbl(["x", "-∞", "0", "+∞"], ["y'", "+", "0", "-"]), p("Hàm số đạt cực đại tại"), *OPTS)
    q = res.questions[0]
    assert any(isinstance(b, Table) for b in q.stem.blocks) and len(q.options) == 4


def test_alternate_content_is_read_once() -> None:
    alt = (
        '<mc:AlternateContent><mc:Choice Requires="wps">' + picture()
        + '</mc:Choice><mc:Fallback><w:r><w:pict><v:shape><v:imagedata r:id="rIdImg1"/></v:shape></w:pict></w:r>'
        "</mc:Fallback></mc:AlternateContent>"
    )  # fmt: skip
    res = read(p("Câu 1. Hình", alt), *OPTS)
    assert res.questions[0].stem.count_images() == 1


def test_content_controls_insertions_hyperlinks_and_smart_tags_are_read_through() -> None:
    res = read(
        '<w:sdt><w:sdtContent>' + p("Câu 1. ", '<w:ins w:id="1" w:author="a"><w:r><w:t>được chèn</w:t></w:r></w:ins>',
                                    '<w:hyperlink r:id="x"><w:r><w:t> liên kết</w:t></w:r></w:hyperlink>',
                                    '<w:smartTag w:uri="u" w:element="e"><w:r><w:t> thẻ</w:t></w:r></w:smartTag>',
                                    '<w:del w:id="2" w:author="a"><w:r><w:delText> đã xóa</w:delText></w:r></w:del>')
        + "</w:sdtContent></w:sdt>",
        *OPTS,
    )  # fmt: skip
    assert to_text(res.questions[0].stem) == "được chèn liên kết thẻ"


def test_unused_pictures_such_as_header_logos_are_not_kept() -> None:
    res = read(tbl([p(picture("rIdImg2")) + p("SỞ GD&ĐT HÀ TĨNH"), "KỲ THI CHỌN HỌC SINH GIỎI"]), p("Câu 1. x"), *OPTS, images=2)
    assert res.blobs == {} and res.meta["department"] == "Hà Tĩnh"


def test_an_unreadable_file_is_rejected_as_a_whole() -> None:
    with pytest.raises(RejectedFile):
        DocxImporter().read(b"PK\x03\x04 this is not a zip", "bad.docx")
    with pytest.raises(RejectedFile):
        DocxImporter().read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.docx")


def test_a_question_that_cannot_be_read_is_skipped_with_where_and_the_rest_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    import importers.docx.finish as finish

    real = finish._mcq

    def broken(q, d, *a):  # noqa: ANN001, ANN202
        if d.number == 2:
            raise ValueError("bad option")
        return real(q, d, *a)

    monkeypatch.setattr(finish, "_mcq", broken)
    res = read(p("Câu 1. x"), *OPTS, p("Câu 2. y"), *OPTS, p("Câu 3. z"), *OPTS)
    assert [q.number for q in res.questions] == [1, 3]
    err = next(m for m in res.messages if m.level == "error")
    assert err.where == "paragraph 6" and "question 2" in err.text


def test_a_broken_block_is_skipped_with_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import importers.docx.question as dq

    real = dq.Draft.add_table

    def broken(self, tbl_):  # noqa: ANN001, ANN202
        raise ValueError("odd table")

    monkeypatch.setattr(dq.Draft, "add_table", broken)
    res = read(p("Câu 1. x"), tbl(["a", "b"]), *OPTS, p("Câu 2. y"), *OPTS)
    assert [q.number for q in res.questions] == [1, 2]
    assert any(m.where == "table 1" and m.level == "error" for m in res.messages)
    monkeypatch.setattr(dq.Draft, "add_table", real)


def test_a_file_with_no_questions_is_refused_saying_so() -> None:
    with pytest.raises(RejectedFile, match="no questions were found"):
        DocxImporter().read(build(p("Chỉ có một dòng chữ.")), "empty.docx")


def test_equations_carry_only_the_namespaces_they_use_and_repeat_conversions_are_shared() -> None:
    res = read(p("Câu 1. ", math(mr("x", color="FF0000")), " và ", math(mr("x", color="FF0000"))), *OPTS)
    m1, m2 = [i for i in res.questions[0].stem.inlines() if isinstance(i, Math)]
    assert 'xmlns:m="' in m1.omml and 'xmlns:w="' in m1.omml and "xmlns:wp=" not in m1.omml and "xmlns:v=" not in m1.omml
    assert etree.fromstring(m1.omml).find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}color") is not None
    assert m1.latex == m2.latex == "x"


def test_text_box_paragraphs_are_read_after_their_anchor() -> None:
    box = (
        '<w:r><w:pict><v:shape><v:textbox><w:txbxContent>' + p("B. 2") + p("C. 3")
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )  # fmt: skip
    res = read(p("Câu 1. x"), p("A. 1", box), p("D. 4"))
    assert [o.label for o in res.questions[0].options] == ["A", "B", "C", "D"]


def test_alternate_content_falls_back_to_the_picture_when_the_choice_has_none() -> None:
    alt = (
        '<mc:AlternateContent><mc:Choice Requires="cx"><w:r><w:t>[chart]</w:t></w:r></mc:Choice><mc:Fallback>'
        '<w:r><w:pict><v:shape><v:imagedata r:id="rIdImg1"/></v:shape></w:pict></w:r></mc:Fallback></mc:AlternateContent>'
    )
    res = read(p("Câu 1. Biểu đồ", alt), *OPTS)
    assert res.questions[0].stem.count_images() == 1


def test_damaged_numbering_values_do_not_fail_the_file() -> None:
    from docx_builder import numbering

    xml = numbering("Câu %1.").replace('<w:start w:val="1"/>', '<w:start w:val="x"/>')
    res = read(p("Cho x", num=(1, 0)).replace('w:ilvl w:val="0"', 'w:ilvl w:val="zero"'), *OPTS, numbering_xml=xml)
    assert len(res.questions) == 1


def test_a_paragraph_the_walk_cannot_read_is_skipped_with_where(monkeypatch: pytest.MonkeyPatch) -> None:
    import importers.docx.blocks as db

    real = db.Walker._para

    def fragile(self, p_el, where):  # noqa: ANN001, ANN202
        para = real(self, p_el, where)
        if "hỏng" in para.text:
            raise ValueError("broken run")
        return para

    monkeypatch.setattr(db.Walker, "_para", fragile)
    res = read(p("Câu 1. x"), *OPTS, p("đoạn hỏng"), p("Câu 2. y"), *OPTS)
    assert [q.number for q in res.questions] == [1, 2]
    assert any(m.where == "paragraph 6" and m.level == "error" for m in res.messages)
