"""Exporters: Word layout basics, equations kept, keys as text, PDF through LibreOffice, bundle."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook

from exporters import ExportError, export_exam, get_exporter
from exporters.docx.paper import content_width_cm, options_per_line, render_paper
from exporters.latex_omml import latex_to_omml
from exporters.pdf import soffice_path
from exporters.xlsx.keys import render_keys
from qbank.demo.sample_exam import blob_id, png_graph
from qbank.domain.content import Content, Image, Math, Ole, Paragraph, Table, Text
from qbank.domain.enums import QuestionType
from qbank.domain.errors import UnsupportedFormat
from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart
from qbank.domain.question import GuideStep, Option, Question, SubPart
from qbank.domain.render import to_text
from qbank.domain.versions import build_versions

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "exam" / "toan12_thpt2025_quangtri.docx"
ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"

PNG = png_graph()
PNG_SHA = blob_id(PNG)
OLE_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504  # an OLE2 header: enough to re-embed
OLE_SHA = blob_id(OLE_BYTES)
BLOBS = {PNG_SHA: PNG, OLE_SHA: OLE_BYTES}
INTERVAL_OMML = "<m:oMath><m:r><m:t>x∈[1;+∞)</m:t></m:r></m:oMath>"


def fixture_ommls() -> list[str]:
    """Real m:oMath strings as Word wrote them, verbatim (w:rPr inside m:r, no xmlns)."""
    xml = zipfile.ZipFile(FIXTURE).read("word/document.xml").decode("utf-8")
    return re.findall(r"<m:oMath>.*?</m:oMath>", xml, re.S)


def p(*inlines: object) -> Content:
    return Content([Paragraph(list(inlines))])  # type: ignore[arg-type]


def build_paper(n_mcq: int = 12) -> ExamPaper:
    ommls = fixture_ommls()
    mcqs: list[ExamItem] = []
    for i in range(n_mcq):
        omml = ommls[i % len(ommls)]
        stem = [Paragraph([Text(f"Stem số {i + 1} về hàm số "), Math(latex=f"x^{i}", omml=omml), Text(" bằng bao nhiêu?")])]
        if i == 1:
            stem.append(Paragraph([Image(PNG_SHA, "image/png", width_emu=2_160_000, height_emu=1_440_000)], align="center"))
        if i == 5:  # a half-open interval: brackets that do not pair up inside the run
            stem[0].inlines.append(Math(latex="x\\in[1;+\\infty)", omml=INTERVAL_OMML))
        if i == 3:
            cells = [[p(Text("x")), p(Text("-∞")), p(Text("+∞"))], [p(Text("y'")), p(Text("+")), p(Text("−"))]]
            stem.append(Table(cells))  # type: ignore[arg-type]
        if i == 2:
            stem[0].inlines.append(Ole(OLE_SHA, "Equation.DSMT4", preview=PNG_SHA, preview_mime="image/png", width_pt=48, height_pt=20))
        long = i % 3 == 2
        opts = [
            Option(
                lbl,
                p(Text(f"phương án {lbl} khá dài của câu {i + 1} để phải xuống dòng" if long else f"{i + k}")),
                correct=(k == i % 4),
            )
            for k, lbl in enumerate("ABCD")
        ]
        if i == 4:
            opts[3] = Option("D", p(Text("Tất cả các đáp án trên")), correct=False)
            opts[0].correct = True
            for o in opts[1:]:
                o.correct = False
        mcqs.append(ExamItem(f"m{i}", Question(QuestionType.MCQ, Content(stem), opts)))  # type: ignore[arg-type]
    tfs = [
        ExamItem(
            f"t{i}",
            Question(
                QuestionType.TRUE_FALSE,
                p(Text(f"Cho hàm số đúng sai {i + 1} "), Math(latex="f(x)=\\frac{1}{x+1}")),
                [Option(lbl, p(Text(f"Ý {lbl} của câu {i + 1}.")), correct=(k != 1)) for k, lbl in enumerate("abcd")],
            ),
        )
        for i in range(2)
    ]
    answers = ["-1,5", "=1+2", "+5", "@SUM(A1)"]
    sas = [
        ExamItem(f"s{i}", Question(QuestionType.SHORT_ANSWER, p(Text(f"Tính giá trị trả lời ngắn {i + 1}.")), answer=a))
        for i, a in enumerate(answers)
    ]
    essay = ExamItem(
        "e0",
        Question(
            QuestionType.ESSAY,
            p(Text("Giải phương trình "), Math(latex="x^2-5x+6=0")),
            subparts=[SubPart("a", p(Text("Tìm nghiệm.")), 1.0), SubPart("b", p(Text("Thử lại.")), 1.0)],
            points=2.0,
            guide=[GuideStep(p(Text("Tính biệt thức Δ = 1.")), 1.0, "a"), GuideStep(p(Text("Thay vào, kết luận.")), 1.0, "b")],
        ),
        points=2.0,
    )
    header = ExamHeader("Quảng Trị", "Kỳ thi thử tốt nghiệp THPT năm 2025", "2024-2025", "Toán", 12, 90)
    return ExamPaper(
        header,
        [
            PaperPart("I", "PHẦN I", "Câu trắc nghiệm nhiều phương án lựa chọn. Thí sinh trả lời từ câu 1 đến câu 18.", QuestionType.MCQ, mcqs),
            PaperPart("II", "PHẦN II", "Câu trắc nghiệm đúng sai.", QuestionType.TRUE_FALSE, tfs),
            PaperPart("III", "PHẦN III", "Câu trắc nghiệm trả lời ngắn.", QuestionType.SHORT_ANSWER, sas),
            PaperPart("IV", "PHẦN IV", "Tự luận.", QuestionType.ESSAY, [essay]),
        ],
        name="Toán 12 thử",
    )


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[ExamPaper, Path]:
    paper = build_paper()
    build_versions(paper, 2, seed=2025)
    out = tmp_path_factory.mktemp("export")
    for fmt in ("docx", "guide", "xlsx"):
        export_exam(paper, fmt, out, BLOBS)
    return paper, out


def doc_xml(path: Path, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(path).read(part).decode("utf-8")


def test_registry() -> None:
    assert get_exporter("docx").format == "docx"
    with pytest.raises(UnsupportedFormat, match="unsupported export format 'odt'"):
        get_exporter("odt")


def test_no_versions_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="no versions"):
        export_exam(build_paper(2), "docx", tmp_path)


def test_a4_header_table_and_code(exported: tuple[ExamPaper, Path]) -> None:
    paper, out = exported
    path = out / "toan-12-thu-ma-de-101.docx"
    doc = Document(str(path))
    sec = doc.sections[0]
    assert abs(sec.page_width - Cm(21)) < Cm(0.05) and abs(sec.page_height - Cm(29.7)) < Cm(0.05)
    assert Cm(1.9) < sec.left_margin < Cm(2.1)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    header = doc.tables[0]
    left, right = (c.text for c in header.rows[0].cells)
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in left and "QUẢNG TRỊ" in left and "ĐỀ CHÍNH THỨC" in left
    assert "(Đề thi gồm" in left and "trang)" in left
    assert "KỲ THI THỬ TỐT NGHIỆP THPT NĂM 2025" in right and "NĂM HỌC 2024 - 2025" in right
    assert "Môn thi: TOÁN" in right and "Thời gian làm bài: 90 phút, không kể thời gian phát đề" in right
    assert 'w:val="nil"' in header._tbl.xml  # no borders
    texts = [para.text for para in doc.paragraphs]
    assert any("Họ, tên thí sinh:" in t and "Số báo danh:" in t and "Mã đề 101" in t for t in texts)
    assert any(t.startswith("PHẦN I. ") and "từ câu 1 đến câu 12" in t for t in texts)  # count follows the version
    assert any("HẾT" in t for t in texts)
    numbers = [int(m.group(1)) for t in texts if (m := re.match(r"Câu (\d+)\. ", t))]
    assert numbers == list(range(1, 13)) + [1, 2] + [1, 2, 3, 4] + [1]  # numbering restarts per part


def test_practice_header_is_simpler() -> None:
    paper = build_paper(2)
    paper.header.official = False
    paper.header.title = "Đề ôn tập chương I"
    paper.header.school = "Trường THPT Lê Lợi"
    version = build_versions(paper, 1, seed=1)[0]
    data, _ = render_paper(paper, version, BLOBS)
    import io

    doc = Document(io.BytesIO(data))
    left, right = (c.text for c in doc.tables[0].rows[0].cells)
    assert "TRƯỜNG THPT LÊ LỢI" in left and "ĐỀ CHÍNH THỨC" not in left
    assert "ĐỀ ÔN TẬP CHƯƠNG I" in right and "Môn: Toán - Lớp 12" in right
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("Họ và tên:") and "Lớp:" in t and "Mã đề" not in t for t in texts)
    assert "Mã đề" not in doc.sections[0].footer.paragraphs[0].text


def test_footer_fields_and_code(exported: tuple[ExamPaper, Path]) -> None:
    _, out = exported
    path = out / "toan-12-thu-ma-de-102.docx"
    doc = Document(str(path))
    footer_xml = doc.sections[0].footer._element.xml
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer_xml)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer_xml)
    assert "Mã đề 102" in doc.sections[0].footer.paragraphs[0].text


def test_equations_kept_verbatim_and_counted(exported: tuple[ExamPaper, Path]) -> None:
    paper, out = exported
    expected = sum(
        c.count_math() - sum(1 for i in c.inlines() if isinstance(i, Ole))
        for part in paper.parts
        for it in part.items
        for c in [it.question.stem, *(o.content for o in it.question.options), *(s.content for s in it.question.subparts)]
    )
    originals = sum(c.count_omml() for part in paper.parts for it in part.items for c in it.question.all_contents())
    for version in paper.versions:
        xml = doc_xml(out / f"toan-12-thu-ma-de-{version.code}.docx")
        assert xml.count("<m:oMath>") + xml.count("<m:oMath ") == expected
        # Each original equation's runs come back character for character.
        for part in paper.parts:
            for it in part.items:
                for inline in it.question.stem.inlines():
                    if isinstance(inline, Math) and inline.omml:
                        texts = "".join(re.findall(r"<m:t>([^<]*)</m:t>", inline.omml))
                        assert texts in "".join(re.findall(r"<m:t[^>]*>([^<]*)</m:t>", xml))
    assert originals == 13
    assert "<m:lit/>" not in xml  # the .docx keeps every equation as it came


def test_picture_and_mathtype_embedded(exported: tuple[ExamPaper, Path]) -> None:
    _, out = exported
    path = out / "toan-12-thu-ma-de-101.docx"
    names = zipfile.ZipFile(path).namelist()
    assert any(n.startswith("word/embeddings/oleObject") for n in names)
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names)
    xml = doc_xml(path)
    assert "<w:object" in xml and 'ProgID="Equation.DSMT4"' in xml and "<v:imagedata" in xml
    assert "<pic:pic" in xml
    rels = doc_xml(path, "word/_rels/document.xml.rels")
    assert "relationships/oleObject" in rels
    ctypes = doc_xml(path, "[Content_Types].xml")
    assert "application/vnd.openxmlformats-officedocument.oleObject" in ctypes


def test_questions_keep_with_their_options(exported: tuple[ExamPaper, Path]) -> None:
    _, out = exported
    doc = Document(str(out / "toan-12-thu-ma-de-101.docx"))
    labels = [para for para in doc.paragraphs if re.match(r"Câu \d+\. ", para.text)]
    assert len(labels) == 19
    for para in labels[:14]:  # MCQ and true/false; a one-line short answer has nothing to keep with
        assert para.paragraph_format.keep_with_next, para.text


def test_table_in_a_stem_becomes_a_word_table(exported: tuple[ExamPaper, Path]) -> None:
    _, out = exported
    doc = Document(str(out / "toan-12-thu-ma-de-101.docx"))
    grids = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    assert [["x", "-∞", "+∞"], ["y'", "+", "−"]] in grids


def test_options_laid_out_by_width(exported: tuple[ExamPaper, Path]) -> None:
    _, out = exported
    doc = Document(str(out / "toan-12-thu-ma-de-101.docx"))
    texts = [para.text for para in doc.paragraphs]
    four = [t for t in texts if t.startswith("A. ") and t.count("\t") == 3]
    single = [t for t in texts if t.startswith("A. phương án")]
    assert four and single and all("\t" not in t for t in single)
    assert options_per_line([content_width_cm(p(Text("12"))) for _ in range(4)]) == 4
    assert options_per_line([content_width_cm(p(Text("x" * 30))) for _ in range(4)]) == 2
    assert options_per_line([content_width_cm(p(Text("x" * 60))) for _ in range(4)]) == 1


def test_passage_intro_renumbered_for_the_version() -> None:
    from exporters.docx.paper import has_intro, renumber_intro

    intro = Content([Paragraph([Text("Read the following passage and mark the letter A, B, C, or D to answer questions from 7 to 11.")]),
                     Paragraph([Text("Ha Long Bay is famous.")])])
    moved = renumber_intro(intro, 3, 7)
    assert to_text(moved).startswith("Read the following passage") and "from 3 to 7." in to_text(moved)
    assert "from 7 to 11" in to_text(intro)  # the stored passage is not changed
    vn = Content([Paragraph([Text("Đọc đoạn trích sau và trả lời các câu hỏi từ câu 1 đến câu 5:")])])
    assert "từ câu 4 đến câu 8" in to_text(renumber_intro(vn, 4, 8))
    assert not has_intro(Content([Paragraph([Text("Ha Long Bay is famous.")])]))


def test_emf_picture_embedded_as_is() -> None:
    emf = b"\x01\x00\x00\x00" + b"\x00" * 100  # python-docx cannot parse EMF: stored as given
    paper = build_paper(1)
    paper.parts[0].items[0].question.stem.blocks.append(Paragraph([Image(blob_id(emf), "image/x-emf", 1_800_000, 900_000)]))
    version = build_versions(paper, 1, seed=1)[0]
    data, warnings = render_paper(paper, version, {blob_id(emf): emf})
    import io

    z = zipfile.ZipFile(io.BytesIO(data))
    assert not warnings and any(n.endswith(".emf") for n in z.namelist())
    assert 'cx="1800000"' in z.read("word/document.xml").decode()


def test_missing_blob_is_a_warning_not_a_failure() -> None:
    paper = build_paper(3)
    version = build_versions(paper, 1, seed=1)[0]
    data, warnings = render_paper(paper, version, {})
    assert data[:2] == b"PK"
    assert any("picture" in w and "missing" in w for w in warnings)


def test_unbalanced_bracket_runs_marked_for_libreoffice_only() -> None:
    from lxml import etree

    from exporters.docx.common import mark_unbalanced_brackets, parse_omml

    el = parse_omml(INTERVAL_OMML)
    assert mark_unbalanced_brackets(el) == 1 and "<m:lit/>" in etree.tostring(el).decode()
    for fine in ("<m:oMath><m:r><m:t>f(x)=[x]</m:t></m:r></m:oMath>", "<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>"):
        assert mark_unbalanced_brackets(parse_omml(fine)) == 0


def test_latex_to_omml_structures() -> None:
    xml = lambda s: __import__("lxml.etree").etree.tostring(latex_to_omml(s)).decode()  # noqa: E731
    assert "<m:f>" in xml(r"\frac{1}{2}")
    assert "<m:rad>" in xml(r"\sqrt{x}")
    assert "<m:nary>" in xml(r"\int_0^1 x\,dx") and "<m:e>" in xml(r"\int_0^1 x\,dx")
    assert "<m:d>" in xml(r"\left( x \right)")
    assert "<m:eqArr>" in xml(r"\left\{ \begin{array}{l} x=1 \\ y=2 \end{array} \right.")
    assert "<m:acc>" in xml(r"\overrightarrow{AB}")
    broken = xml(r"\frac{")  # a formula the parser rejects still prints, as its source
    assert broken.startswith("<m:oMath") and "<m:t>\\frac{</m:t>" in broken


def test_guide_has_every_version_key_and_essay_steps(exported: tuple[ExamPaper, Path]) -> None:
    paper, out = exported
    doc = Document(str(out / "toan-12-thu-huong-dan-cham.docx"))
    body = "\n".join(p.text for p in doc.paragraphs)
    for v in paper.versions:
        assert f"Mã đề {v.code}" in body
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    # The first version's Part I key, as "Câu" / "Đáp án" row pairs.
    v0 = paper.versions[0]
    part1 = [k.answer for k in v0.key if k.part == "I"]
    got = []
    for head, ans in zip(rows, rows[1:], strict=False):
        if head[0] == "Câu" and ans[0] == "Đáp án" and len(got) < 12:
            got += [a for h, a in zip(head[1:], ans[1:], strict=True) if h]
    assert got == part1
    assert ["Câu", "Nội dung", "Điểm"] in rows
    assert any(r[1] == "Tính biệt thức Δ = 1." and r[2] == "1,0" for r in rows)


def test_xlsx_keys_are_text_never_formulas(exported: tuple[ExamPaper, Path]) -> None:
    paper, out = exported
    path = out / "toan-12-thu-dap-an.xlsx"
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Mã 101", "Mã 102"]
    summary = wb["Tổng hợp"]
    header = [c.value for c in summary[1]]
    assert header[0] == "Mã đề" and header[1] == "I.1"
    values = {c.value: c for row in summary.iter_rows(min_row=2) for c in row}
    # Plain numbers stay as the teacher reads them; formula text gets OWASP's leading quote.
    for risky in ("-1,5", "'=1+2", "+5", "'@SUM(A1)"):
        assert risky in values and values[risky].data_type == "s", risky
    assert "=1+2" not in values and "@SUM(A1)" not in values
    for name in wb.sheetnames:
        assert "<f>" not in zipfile.ZipFile(path).read(f"xl/worksheets/sheet{wb.sheetnames.index(name) + 1}.xml").decode()
    sheet = wb["Mã 101"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(paper.versions[0].key)
    assert rows[0][:2] == ("PHẦN I", 1) and rows[0][4] == 0.25
    assert render_keys(paper)[:2] == b"PK"


def test_bundle_zip_has_everything(tmp_path: Path) -> None:
    paper = build_paper(4)
    build_versions(paper, 2, seed=1)
    (zip_path,) = get_exporter("zip").__class__(include_pdf=False).export(paper, tmp_path, BLOBS).paths
    names = set(zipfile.ZipFile(zip_path).namelist())
    assert {"toan-12-thu-ma-de-101.docx", "toan-12-thu-ma-de-102.docx", "toan-12-thu-huong-dan-cham.docx",
            "toan-12-thu-dap-an.xlsx", "manifest.json"} <= names


def test_pdf_without_libreoffice_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import exporters.pdf as pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(ExportError, match=r"LibreOffice is not installed: apt-get install libreoffice-writer-nogui"):
        pdf.docx_to_pdf([tmp_path / "a.docx"], tmp_path)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed here; CI installs it")
def test_pdf_has_every_stem_and_renders(exported: tuple[ExamPaper, Path], tmp_path: Path) -> None:
    paper, _ = exported
    result = export_exam(paper, "pdf", tmp_path, BLOBS)
    names = [p.name for p in result.paths]
    assert names == ["toan-12-thu-ma-de-101.pdf", "toan-12-thu-ma-de-102.pdf", "toan-12-thu-huong-dan-cham.pdf"]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    for pdf in result.paths[:2]:
        text = _norm(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout.decode())
        for part in paper.parts:
            for it in part.items:
                words = _norm(to_text(it.question.stem).split("$")[0])
                assert words in text, (pdf.name, words)
    text = _norm(subprocess.run(["pdftotext", "-layout", str(result.paths[0]), "-"], capture_output=True, check=True).stdout.decode())
    assert "Mã đề 101" in text and "Trang 1/" in text
    assert "¿" not in text and re.search(r"\[ ?1 ?; ?\+ ?∞ ?\)", text), "interval lost in LibreOffice's OMML import"
    info = subprocess.run(["pdfinfo", str(result.paths[0])], capture_output=True, check=True).stdout.decode()
    assert "(A4)" in info
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(result.paths[0])], capture_output=True, check=True).stdout.decode()
        assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts, fonts  # Times metrics, not a fallback sans
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(result.paths[0]), str(ARTIFACTS / "paper-101")], check=True)
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(result.paths[2]), str(ARTIFACTS / "guide")], check=True)


VIETNAMESE_LETTERS = "".join(
    base + tone
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for tone in ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
)


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed here; CI installs it")
def test_pdf_prints_vietnamese_in_one_times_metric_font(tmp_path: Path) -> None:
    """Every Vietnamese letter comes from the paper's own Times-metric font, never a fallback (fonts-liberation 1.x lacks them)."""
    import unicodedata

    letters = unicodedata.normalize("NFC", VIETNAMESE_LETTERS) + "đĐ"
    words = [letters[i:i + 10] for i in range(0, len(letters), 10)]
    question = Question(QuestionType.ESSAY, p(Text("Đọc và chép lại: " + " ".join(words) + ".")), points=10.0)
    header = ExamHeader("Quảng Trị", "Kỳ thi chọn học sinh giỏi", "2025-2026", "Ngữ văn", 12, 150)
    paper = ExamPaper(header, [PaperPart("I", "PHẦN I", "Tự luận.", QuestionType.ESSAY, [ExamItem("e", question, points=10.0)])], name="Văn")
    build_versions(paper, 1, seed=1)
    pdf_path = export_exam(paper, "pdf", tmp_path, BLOBS).paths[0]
    if shutil.which("pdffonts") is None or shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils (pdffonts, pdftotext) is required for this check; .ci/run installs it")
    listing = subprocess.run(["pdffonts", str(pdf_path)], capture_output=True, check=True).stdout.decode()
    families = {re.sub(r"^[A-Z]{6}\+", "", line.split()[0]).split("-")[0] for line in listing.splitlines()[2:] if line.strip()}
    assert families <= {"LiberationSerif", "TimesNewRoman", "TimesNewRomanPSMT", "Tinos", "OpenSymbol"}, (
        f"a letter fell back to another font:\n{listing}"
    )
    text = _norm(unicodedata.normalize("NFC", subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, check=True).stdout.decode()))
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text, text[:300]
    for w in words:
        assert w in text, (w, text[:400])
