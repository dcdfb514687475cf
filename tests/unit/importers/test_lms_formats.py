"""Moodle XML, GIFT and Aiken import: the conventions each format defines, and clear refusals."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from importers import get_importer, read_file
from qbank.demo.samples import png_triangle
from qbank.domain.content import Math
from qbank.domain.enums import QuestionType
from qbank.domain.errors import QBankError
from qbank.domain.render import to_text

MOODLE = Path(__file__).resolve().parents[4] / "shared" / "fixtures" / "public" / "moodle"
needs_shared = pytest.mark.skipif(not MOODLE.is_dir(), reason="../shared/fixtures/public is absent (real files are not copied into the repo)")


def read(name: str, text: str | bytes):  # noqa: ANN201
    data = text.encode("utf-8") if isinstance(text, str) else text
    return get_importer(name).read(data, name)


# -- the shared Moodle test files ---------------------------------------------------------
QTI = MOODLE.parent / "qti"


@needs_shared
def test_the_shared_qti_samples_import_with_their_question_counts() -> None:
    item = read_file(QTI / "qti21__choice.xml")
    assert [(q.type, q.answer) for q in item.questions] == [(QuestionType.MCQ, "A")]
    assert to_text(item.questions[0].stem).endswith("What does it say?")  # the prompt is part of the stem
    v3 = read_file(QTI / "qti30__aqti_tmh_sample_1.xml")
    assert len(v3.questions) == 1
    package = read_file(QTI / "test_qti_2.2.zip")
    assert [q.type for q in package.questions] == [QuestionType.TRUE_FALSE, QuestionType.MCQ, QuestionType.MCQ, QuestionType.ESSAY]
    assert len(package.blobs) == 1  # the picture inside the package
    assert any("inlineChoiceInteraction" in m.text for m in package.messages)  # five items, one without an equivalent


@needs_shared
def test_moodles_own_files_import_with_their_question_counts() -> None:
    xml = read_file(MOODLE / "multichoice.xml")
    assert [q.type for q in xml.questions] == [QuestionType.MCQ] and xml.questions[0].tags.topic == "Multichoice"
    gift = read_file(MOODLE / "questions.gift.txt")
    assert len(gift.questions) == 8  # nine questions, the matching one has no equivalent
    assert any("matching" in m.text and "Moodle activities" in m.text for m in gift.messages)
    aiken = read_file(MOODLE / "questions.aiken.txt")
    assert [q.answer for q in aiken.questions] == ["B", "A"]
    assert "<html class=\"cool\">" in to_text(aiken.questions[1].stem)  # HTML-looking text stays text


# -- GIFT ---------------------------------------------------------------------------------
def test_gift_reads_every_question_type_with_categories_and_feedback() -> None:
    r = read("bank.gift", """// a comment
$CATEGORY: $course$/Toán 12/Tích phân

::T1:: Tính \\(\\int_0^1 2x\\,dx\\) {=1 =1.0 ####Nguyên hàm là x^2.}

::T2:: 1 + 1 \\= ? {~1 =2 ~3}

::T3:: Trái Đất quay quanh Mặt Trời.{T}

::T4:: Số từ 1 đến 5? {#1..5}

::T5:: Giá trị gần đúng của pi {#3.14:0.01}

::T6:: Viết bài luận. {}

::T7:: Chọn các số chẵn {~%50%2 ~%50%4 ~%-100%3}

::T8:: [html]<p>Chọn <b>đúng</b></p>{=A ~B}
""")
    types = [q.type for q in r.questions]
    assert types == [QuestionType.SHORT_ANSWER, QuestionType.MCQ, QuestionType.MCQ, QuestionType.SHORT_ANSWER,
                     QuestionType.SHORT_ANSWER, QuestionType.ESSAY, QuestionType.TRUE_FALSE, QuestionType.MCQ]
    t1, t2, t3, t4, t5, _, t7, t8 = r.questions
    assert t1.tags.topic == "Tích phân" and any(isinstance(i, Math) for i in t1.stem.blocks[0].inlines)
    assert to_text(t1.solution) == "Nguyên hàm là x^2."
    assert to_text(t2.stem) == "1 + 1 = ?" and t2.answer == "B"
    assert [to_text(o.content) for o in t3.options] == ["Đúng", "Sai"] and t3.answer == "A"
    assert t4.answer == "3" and any("range" in m.text for m in r.messages)
    assert t5.answer == "3,14"
    assert t7.answer == ["Đ", "Đ", "S"]
    assert to_text(t8.stem) == "Chọn đúng" and t8.stem.blocks[0].inlines[1].bold


def test_gift_missing_word_and_description_passages() -> None:
    r = read("a.gift", """::P:: Đọc đoạn văn sau: Hà Nội là thủ đô của Việt Nam.

::Q1:: Thủ đô của Việt Nam là {=Hà Nội ~Huế} từ năm 1976.

::Q2:: Hà Nội ở miền nào? {=Bắc ~Nam}
""")
    q1, q2 = r.questions
    assert to_text(q1.stem) == "Thủ đô của Việt Nam là _____ từ năm 1976."
    assert q1.group and q1.group == q2.group and to_text(r.passages[q1.group]).startswith("Đọc đoạn văn sau")


def test_gift_in_windows_1258_is_read() -> None:
    # Windows-1258 keeps tones as combining marks: "ỏ" is "o" then the hook (0xD2)
    r = read("cu.txt", b"::A:: C\xe2u ho\xd2i {=C\xf3 ~Kh\xf4ng}")
    assert to_text(r.questions[0].stem) == "Câu hỏi"


def test_a_broken_gift_question_is_skipped_with_its_line_and_the_rest_kept() -> None:
    r = read("b.gift", "::A:: 1+1? {=2 ~3\n\n::B:: 2+2? {=4 ~5}\n")
    assert len(r.questions) == 1 and any(m.where == "line 1" and "not closed" in m.text for m in r.messages)


# -- Aiken --------------------------------------------------------------------------------
def test_aiken_reads_options_with_a_dot_or_a_bracket_and_names_broken_questions() -> None:
    r = read("a.txt", """Thủ đô của Việt Nam?
A. Huế
B. Hà Nội
ANSWER: B

Câu không có đáp án
A) Một
B) Hai

Câu đáp án sai
A) Một
B) Hai
ANSWER: E
""")
    assert [q.answer for q in r.questions] == ["B"]
    assert any("ANSWER" in m.text for m in r.messages) and any("names no option" in m.text for m in r.messages)


# -- Moodle XML ---------------------------------------------------------------------------
def test_moodle_xml_reads_pictures_tex_guides_categories_and_skips_what_has_no_equivalent() -> None:
    png = base64.b64encode(png_triangle()).decode()
    r = read("bank.xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/Toán 12/Hình học</text></category></question>
  <question type="multichoice">
    <name><text>H1</text></name>
    <questiontext format="html"><text><![CDATA[<p>Hình bên: <img src="@@PLUGINFILE@@/tam%20giac.png"> có $$S=\\frac{{1}}{{2}}ah$$</p>]]></text>
      <file name="tam giac.png" path="/" encoding="base64">{png}</file></questiontext>
    <defaultgrade>0.25</defaultgrade>
    <single>true</single>
    <answer fraction="100" format="html"><text>\\(a\\)</text></answer>
    <answer fraction="0" format="html"><text>b</text></answer>
  </question>
  <question type="essay">
    <name><text>E1</text></name>
    <questiontext format="html"><text>Chứng minh.</text></questiontext>
    <graderinfo format="html"><text><![CDATA[<p>Bước 1 (0.5)</p><p>Bước 2 (0,5)</p>]]></text></graderinfo>
  </question>
  <question type="matching"><name><text>M1</text></name><questiontext format="html"><text>Nối</text></questiontext></question>
  <question type="truefalse">
    <name><text>TF</text></name><questiontext format="html"><text>Đúng không?</text></questiontext>
    <answer fraction="0"><text>true</text></answer><answer fraction="100"><text>false</text></answer>
  </question>
</quiz>""")
    h1, e1, tf = r.questions
    assert h1.tags.topic == "Hình học" and h1.points == 0.25 and h1.stem.count_images() == 1 and len(r.blobs) == 1
    assert h1.stem.count_math() == 1 and h1.options[0].content.count_math() == 1 and h1.answer == "A"
    assert [(to_text(g.content), g.points) for g in e1.guide] == [("Bước 1", 0.5), ("Bước 2", 0.5)]
    assert tf.answer == "B"
    assert any("'matching'" in m.text for m in r.messages)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("x.xml", b"<quiz><question", "damaged"),
    ("x.xml", b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "b">]><quiz/>', "DOCTYPE"),
    ("x.xml", b"<html><body/></html>", "Moodle XML"),
    ("x.xml", b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>', "no QTI item"),
    ("x.xml", b"<questestinterop/>", "QTI 1.2"),
    ("x.xml", b'<assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>', "content package"),
    ("x.zip", b"PK\x03\x04 not really a zip", "damaged"),
    ("x.txt", b"just some notes\nno questions here\n", "GIFT"),
    ("x.gift", b"// only a comment\n", "no GIFT question"),
    ("x.txt", b"\x00\x01binary", "binary"),
])
def test_a_malformed_file_is_refused_with_one_line(name: str, data: bytes, message: str) -> None:
    with pytest.raises(QBankError) as exc:
        read(name, data)
    assert message in str(exc.value) and "\n" not in str(exc.value)
