"""QBank → Moodle XML / GIFT / Aiken → QBank: every question type a format can hold comes back the same
(stems, options, answers, points, tags, equations, pictures where the format carries them), and the
rest is named in a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters import get_exporter
from importers import get_importer
from qbank.demo.samples import png_triangle
from qbank.domain.content import Content, Image, Math, Paragraph, Text
from qbank.domain.enums import QuestionType
from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart
from qbank.domain.question import Blob, GuideStep, Option, Question, SubPart, Tags
from qbank.domain.render import to_text

PICTURE = Blob(png_triangle(), "image/png")


def p(*inlines: object) -> Content:
    return Content([Paragraph(list(inlines))])  # type: ignore[arg-type]


def tags(topic: str, level: str) -> Tags:
    return Tags(subject="Toán", grade=12, topic=topic, level=level)


def bank() -> ExamPaper:
    mcq = Question(QuestionType.MCQ, p(Text("Đạo hàm của "), Math("y=x^{3}"), Text(" là")),
                   [Option(lbl, p(Math(t)), correct=lbl == "B") for lbl, t in zip("ABCD", ["x^{2}", "3x^{2}", "3x", "x^{3}"], strict=True)],
                   answer="B", tags=tags("Đạo hàm", "Nhận biết"))
    picture = Question(QuestionType.MCQ, Content([Paragraph([Text("Hình vẽ bên là đồ thị hàm số nào?")]),
                                                  Paragraph([Image(PICTURE.sha256, "image/png")])]),
                       [Option(lbl, p(Text(f"Hàm số {lbl}")), correct=lbl == "C") for lbl in "ABCD"], answer="C",
                       tags=tags("Hàm số", "Thông hiểu"))
    truth = Question(QuestionType.MCQ, p(Text("Hàm số y = 1/x có tiệm cận đứng x = 0.")),
                     [Option("A", p(Text("Đúng")), True), Option("B", p(Text("Sai")), False)], answer="A", tags=tags("Hàm số", "Nhận biết"))
    tf = Question(QuestionType.TRUE_FALSE, p(Text("Cho hàm số "), Math("f(x)=x^{2}"), Text(". Xét tính đúng sai.")),
                  [Option(lbl, p(Text(f"Mệnh đề {lbl}.")), correct=ok) for lbl, ok in zip("abcd", [True, False, False, False], strict=True)],
                  answer=["Đ", "S", "S", "S"], tags=tags("Hàm số", "Thông hiểu"))
    number = Question(QuestionType.SHORT_ANSWER, p(Text("Tính "), Math("\\int_{0}^{1}x\\,dx"), Text(" (làm tròn).")), answer="-47,5",
                      tags=tags("Tích phân", "Vận dụng"))
    word = Question(QuestionType.SHORT_ANSWER, p(Text("Công thức hóa học của nước là gì?")), answer="H2O", tags=tags("Khác", "Nhận biết"))
    essay = Question(QuestionType.ESSAY, p(Text("Giải phương trình "), Math("x^{2}-5x+6=0"), Text(".")),
                     subparts=[SubPart("a", p(Text("Tìm nghiệm.")), 1.0)],
                     guide=[GuideStep(p(Text("Tính biệt thức.")), 0.5), GuideStep(p(Text("Kết luận nghiệm.")), 0.5)],
                     tags=tags("Phương trình", "Vận dụng cao"))
    r1 = Question(QuestionType.MCQ, p(Text("Theo đoạn văn, ý chính là gì?")),
                  [Option(lbl, p(Text(f"Ý {lbl}")), correct=lbl == "A") for lbl in "ABCD"], answer="A", group="g1", tags=tags("Đọc hiểu", "Thông hiểu"))
    r2 = Question(QuestionType.MCQ, p(Text("Từ in đậm có nghĩa là?")),
                  [Option(lbl, p(Text(f"Nghĩa {lbl}")), correct=lbl == "D") for lbl in "ABCD"], answer="D", group="g1", tags=tags("Đọc hiểu", "Thông hiểu"))
    items = [mcq, picture, truth, tf, number, word, essay, r1, r2]
    points = [0.25, 0.25, 0.25, 1.0, 0.5, 0.5, 2.0, 0.25, 0.25]
    return ExamPaper(ExamHeader("Quảng Trị", "Ôn tập", "2025-2026", "Toán", 12, 45),
                     [PaperPart("I", "PHẦN I", "", None, [ExamItem(f"q{i}", q, pt) for i, (q, pt) in enumerate(zip(items, points, strict=True))])],
                     name="on-tap", passages={"g1": p(Text("Đọc đoạn văn sau và trả lời câu hỏi."))})


def roundtrip(fmt: str, tmp_path: Path) -> tuple[list[Question], list[str], object]:
    paper = bank()
    result = get_exporter(fmt).export(paper, tmp_path, {PICTURE.sha256: PICTURE.data})
    (path,) = result.paths
    back = get_importer(path.name).read(path.read_bytes(), path.name)
    return back.questions, result.warnings, back


def _eq(text: str) -> str:
    """Text with spaces inside equations dropped: "\\int _{0}" and "\\int_{0}" are one equation."""
    import re

    return re.sub(r"\$[^$]*\$", lambda m: m.group(0).replace(" ", ""), text.replace("  ", " "))


def same(a: Question, b: Question, *, pictures: bool, tags_kept: tuple[str, ...], passage: str = "") -> None:
    assert b.type == a.type, (to_text(a.stem), b.type)
    stem_a = (passage + " " if passage else "") + to_text(a.stem) + "".join(f" {s.label}) {to_text(s.content)}" for s in a.subparts)
    assert _eq(to_text(b.stem)) == _eq(stem_a)
    assert [_eq(to_text(o.content)) for o in b.options] == [_eq(to_text(o.content)) for o in a.options]
    assert [o.correct for o in b.options] == [o.correct for o in a.options]
    assert b.answer == a.answer
    assert b.stem.count_math() == a.stem.count_math() + sum(s.content.count_math() for s in a.subparts)
    if pictures:
        assert b.stem.count_images() == a.stem.count_images()
    for f in tags_kept:
        assert getattr(b.tags, f) == getattr(a.tags, f), f


@pytest.mark.parametrize("fmt", ["moodle_xml", "gift", "qti21", "qti30"])
def test_every_question_type_comes_back_the_same(fmt: str, tmp_path: Path) -> None:
    original = bank()
    items = [it for part in original.parts for it in part.items]
    back, warnings, result = roundtrip(fmt, tmp_path)
    assert len(back) == len(items)
    for it, b in zip(items, back, strict=True):
        same(it.question, b, pictures=fmt != "gift", tags_kept=("subject", "grade", "topic", "level"))
        assert b.points == it.points
    if fmt == "qti21":  # QTI 2.1 has no shared stimulus: the passage is printed in each item of the group, and it says so
        assert any("share a passage" in w and "QTI 2.1" in w for w in warnings)
    essay_a, essay_b = items[6].question, back[6]
    if fmt in ("moodle_xml", "qti21", "qti30"):
        assert [(to_text(g.content), g.points) for g in essay_b.guide] == [(to_text(g.content), g.points) for g in essay_a.guide]
    # the passage group stays together, its passage before it
    assert back[7].group and back[7].group == back[8].group
    assert to_text(result.passages[back[7].group]) == "Đọc đoạn văn sau và trả lời câu hỏi."
    if fmt == "gift":
        assert any("question 2" in w and "picture" in w for w in warnings)


def test_aiken_keeps_the_multiple_choice_questions_and_names_the_rest(tmp_path: Path) -> None:
    original = [it.question for part in bank().parts for it in part.items]
    back, warnings, _ = roundtrip("aiken", tmp_path)
    mcqs = [q for q in original if q.type == QuestionType.MCQ]
    assert len(back) == len(mcqs)
    for a, b in zip(mcqs, back, strict=True):
        same(a, b, pictures=False, tags_kept=())
    assert sum("has no Aiken form" in w for w in warnings) == len(original) - len(mcqs)


def test_the_moodle_file_carries_its_pictures_and_tex_for_mathjax(tmp_path: Path) -> None:
    (path,) = get_exporter("moodle-xml").export(bank(), tmp_path, {PICTURE.sha256: PICTURE.data}).paths
    xml = path.read_text(encoding="utf-8")
    assert "@@PLUGINFILE@@/" in xml and 'encoding="base64"' in xml
    assert "\\(y=x^{3}\\)" in xml
    assert '<question type="truefalse">' in xml and '<question type="numerical">' in xml
    assert "quy định 2025" in xml  # the 2025 true/false scoring rule is stated


XSD = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "public" / "qti" / "xsd"


def _schemas(tmp: Path) -> dict[str, object]:
    """The IMS schemas, compiled once. The shipped QTI 3.0 schema imports MathML and SSML under their
    final namespaces while its copies of mathml3.xsd and ssml 1.1 declare the 2010 drafts'; a temporary
    copy gets those two target namespaces aligned, nothing else changed. (The QTI 3.0 content-package
    schema is shipped without the files it imports, so 3.0 manifests are checked by structure.)"""
    import shutil

    from lxml import etree

    copy = tmp / "xsd"
    shutil.copytree(XSD, copy)
    for folder, draft, final in (("w3/mathml3", "http://www.w3.org/2010/Math/MathML", "http://www.w3.org/1998/Math/MathML"),
                                 ("w3/ssml11", "http://www.w3.org/2010/10/synthesis", "http://www.w3.org/2001/10/synthesis")):
        for f in (copy / folder).glob("*.xsd"):
            f.write_text(f.read_text(encoding="utf-8").replace(draft, final), encoding="utf-8")
    return {
        "qti21": etree.XMLSchema(etree.parse(str(XSD / "qtiv2p1" / "imsqti_v2p1.xsd"))),
        "qti30": etree.XMLSchema(etree.parse(str(copy / "qtiv3p0" / "imsqti_asiv3p0_sbacv1p0_v1p0.xsd"))),
        "cp": etree.XMLSchema(etree.parse(str(XSD / "imscp_v1p1.xsd"))),
    }


@pytest.mark.skipif(not XSD.is_dir(), reason="the IMS schemas live in ../shared/fixtures/public/qti/xsd, absent here")
def test_every_qti_file_written_validates_against_the_ims_schemas(tmp_path: Path) -> None:
    import io
    import zipfile

    from lxml import etree

    schemas = _schemas(tmp_path)
    for fmt in ("qti21", "qti30"):
        (path,) = get_exporter(fmt).export(bank(), tmp_path / fmt, {PICTURE.sha256: PICTURE.data}).paths
        zf = zipfile.ZipFile(path)
        names = set(zf.namelist())
        manifest = etree.parse(io.BytesIO(zf.read("imsmanifest.xml")))
        listed = {f.get("href") for f in manifest.iter() if etree.QName(f).localname == "file"}
        assert listed == names - {"imsmanifest.xml"}, "every file in the package is listed, and only those"
        if fmt == "qti21":
            assert schemas["cp"].validate(manifest), schemas["cp"].error_log
        else:
            assert etree.QName(manifest.getroot()).namespace == "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
            assert {r.get("type") for r in manifest.iter() if etree.QName(r).localname == "resource"} == {
                "imsqti_test_xmlv3p0", "imsqti_item_xmlv3p0", "imsqti_stimulus_xmlv3p0"}
        for name in sorted(n for n in names if n.endswith(".xml") and n != "imsmanifest.xml"):
            doc = etree.parse(io.BytesIO(zf.read(name)))
            assert schemas[fmt].validate(doc), (fmt, name, str(schemas[fmt].error_log.last_error))
        assert any(n.startswith("items/images/") for n in names)  # the picture travels inside
        if fmt == "qti30":  # the passage is one shared stimulus, listed in the manifest, that both items of its group refer to
            stimuli = [n for n in names if n.startswith("stimuli/") and n.endswith(".xml")]
            assert len(stimuli) == 1
            refs = [n for n in names if n.startswith("items/") and b"qti-assessment-stimulus-ref" in zf.read(n)]
            assert len(refs) == 2 and all("Đọc đoạn văn sau".encode() not in zf.read(n) for n in refs)
            deps = {r.get("identifier"): [x.get("identifierref") for x in r if etree.QName(x).localname == "dependency"]
                    for r in manifest.iter() if etree.QName(r).localname == "resource"}
            assert sum(deps[k] == ["stim001"] for k in deps if k.startswith("item")) == 2


def test_the_excel_question_sheet_comes_back_the_same_and_names_what_a_sheet_cannot_hold(tmp_path: Path) -> None:
    original = [it for part in bank().parts for it in part.items]
    back, warnings, result = roundtrip("xlsx_bank", tmp_path)
    assert len(back) == len(original)
    for it, b in zip(original, back, strict=True):
        a = it.question
        assert b.type == (QuestionType.TRUE_FALSE if a.type == QuestionType.TRUE_FALSE else a.type)
        assert b.answer == a.answer and b.points == it.points
        assert [to_text(o.content) for o in b.options] == [to_text(o.content) for o in a.options]
        assert (b.tags.topic, b.tags.level, b.tags.subject, b.tags.grade) == (a.tags.topic, a.tags.level, a.tags.subject, a.tags.grade)
        assert b.stem.count_math() == a.stem.count_math() + sum(s.content.count_math() for s in a.subparts)
    assert to_text(back[0].stem) == "Đạo hàm của $y=x^{3}$ là"
    assert any("question 2" in w and "picture" in w for w in warnings)  # pictures cannot travel in a sheet
    assert any("passage" in w for w in warnings)  # nor a shared passage: it is written into each stem
