"""Round 2 of the held-out papers: conventions neither ../shared nor round 1 cover.

    python tests/heldout/make_papers_round2.py [OUT_DIR]     # default: tests/fixtures/heldout2

Whole papers typed in one ``Câu | Nội dung`` table with options in nested tables; two-column
page layout with column and section breaks; question labels split across runs, followed by a
tab, "Câu 1 ." or odd spaces; options separated by soft line breaks, "A)" in bold, four to a
line with spaces; right answers ticked "✓", "(đúng)", shaded or bold-italic; keys as a grid of
"1.A" cells, per part "Phần I: 1-A, …" or one column per mã đề; gifted papers with numeric
sub-parts and guides with tab leaders; a literature paper with Đọc hiểu / Viết; English with
underlines that are not answers; MathType and Equation 3.0 objects; three Excel banks.
The truth is written beside each file as NAME.truth.json (../shared/fixtures/README.md).
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from openpyxl.styles import Alignment, Font, PatternFill

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import (  # noqa: E402
    NSDECL,
    Br,
    Img,
    M,
    Paper,
    R,
    mfrac,
    mparen,
    mr,
    msqrt,
    msub,
    msup,
    png_bytes,
    write_papers,
)
from make_papers import LETTERS, Truth, candidate_line, header, het, mcq_opts, tf_opts  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout2"
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


# ---------------------------------------------------------------- extra inline items
@dataclass
class RS(R):
    """A run with what python-docx has no switch for: shading, a font, a size."""

    shd: str | None = None
    font: str | None = None
    size: int | None = None  # half-points


class Ole(M):
    """A MathType (Equation.DSMT4) or Equation 3.0 object: a preview picture plus the OLE blob.

    Subclass of M so that the truth writes it as ``$latex$`` and counts it as an equation."""

    def __init__(self, latex: str, progid: str = "Equation.DSMT4", w: float = 40, h: float = 16):
        super().__init__("", latex)
        self.progid, self.w, self.h = progid, w, h


class ColBr(Br):
    """A column break (Ctrl+Shift+Enter) inside a paragraph."""


class Paper2(Paper):
    def __init__(self):
        super().__init__()
        self._ole_n = 0

    def _add_items(self, par, items):
        for it in items:
            if isinstance(it, Ole):
                par._p.append(self._ole_run(it))
            elif isinstance(it, ColBr):
                par._p.append(parse_xml(f'<w:r {NSDECL}><w:br w:type="column"/></w:r>'))
            elif isinstance(it, RS):
                super()._add_items(par, [R(it.text, bold=it.bold, italic=it.italic, underline=it.underline,
                                           red=it.red, color=it.color, highlight=it.highlight, sub=it.sub, sup=it.sup)])
                rpr = par.runs[-1]._r.get_or_add_rPr()
                if it.font:
                    rpr.append(parse_xml(f'<w:rFonts {NSDECL} w:ascii="{it.font}" w:hAnsi="{it.font}"/>'))
                if it.size:
                    rpr.append(parse_xml(f'<w:sz {NSDECL} w:val="{it.size}"/>'))
                if it.shd:
                    rpr.append(parse_xml(f'<w:shd {NSDECL} w:val="clear" w:color="auto" w:fill="{it.shd}"/>'))
            else:
                super()._add_items(par, [it])
        return par

    def _ole_run(self, o: Ole):
        self._ole_n += 1
        n = self._ole_n
        part = self.doc.part
        blob = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + o.latex.encode("utf-8")
        ole_part = Part(PackURI(f"/word/embeddings/oleObject{n}.bin"),
                        "application/vnd.openxmlformats-officedocument.oleObject", blob, part.package)
        rid_ole = part.relate_to(ole_part, RT.OLE_OBJECT)
        rid_img, _ = part.get_or_add_image(io.BytesIO(png_bytes(int(o.w), int(o.h), 1000 + n)))
        shape_id = f"_x0000_i{1024 + n}"
        xml = (f'<w:r {NSDECL} {R_NS}><w:rPr><w:position w:val="-6"/></w:rPr>'
               f'<w:object w:dxaOrig="{int(o.w * 20)}" w:dyaOrig="{int(o.h * 20)}">'
               f'<v:shape id="{shape_id}" type="#_x0000_t75" style="width:{o.w}pt;height:{o.h}pt" o:ole="">'
               f'<v:imagedata r:id="{rid_img}" o:title=""/></v:shape>'
               f'<o:OLEObject Type="Embed" ProgID="{o.progid}" ShapeID="{shape_id}" DrawAspect="Content" '
               f'ObjectID="_17123256{50 + n:02d}" r:id="{rid_ole}"/></w:object></w:r>')
        return parse_xml(xml)

    # -- layout
    def columns(self, num: int) -> None:
        """The document's last section laid out in `num` columns."""
        sect = self.doc.sections[-1]._sectPr
        cols = sect.find(qn("w:cols"))
        if cols is None:
            cols = parse_xml(f"<w:cols {NSDECL}/>")
            sect.append(cols)
        cols.set(qn("w:num"), str(num))
        cols.set(qn("w:space"), "425")

    def section_break(self, cols: int = 1) -> None:
        """End the current section here (continuous), the section so ended having `cols` columns."""
        par = self.doc.add_paragraph()
        ppr = par._p.get_or_add_pPr()
        ppr.append(parse_xml(
            f'<w:sectPr {NSDECL}><w:type w:val="continuous"/><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="851" w:right="851" w:bottom="851" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>'
            f'<w:cols w:num="{cols}" w:space="425"/></w:sectPr>'))

    def leader_p(self, text: str, pts: str):
        """'text .......... 0,5': the points after a right tab with a dot leader."""
        par = self.p(text, "\t", pts)
        ppr = par._p.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:tabs {NSDECL}><w:tab w:val="right" w:leader="dot" w:pos="9356"/></w:tabs>'))
        return par


def shade_cell(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    tcpr.append(parse_xml(f'<w:shd {NSDECL} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def add_items_to_cell(paper: Paper2, cell, paras) -> None:
    first = True
    for items in paras:
        par = cell.paragraphs[0] if first and not cell.paragraphs[0].runs else cell.add_paragraph()
        first = False
        paper._add_items(par, items)


def pts(x: float) -> str:
    """4.0 -> '4,0'; 0.25 -> '0,25'."""
    s = f"{x:.2f}".rstrip("0")
    s = s + "0" if s.endswith(".") else s
    return s.replace(".", ",")


def chem(s: str):
    """'H2SO4' -> runs with the digits after letters or ')' as subscripts."""
    out, prev = [], ""
    for ch in s:
        if ch.isdigit() and (prev.isalpha() or prev == ")" or (prev.isdigit() and out and isinstance(out[-1], R))):
            if out and isinstance(out[-1], R) and out[-1].sub:
                out[-1] = R(out[-1].text + ch, sub=True)
            else:
                out.append(R(ch, sub=True))
        else:
            if out and isinstance(out[-1], str):
                out[-1] += ch
            else:
                out.append(ch)
        prev = ch
    return out


# ================================================================= PAPERS
TIN11 = [
    (["Trong hệ quản trị cơ sở dữ liệu, khóa chính của một bảng dùng để"],
     ["sắp xếp các bản ghi", "xác định duy nhất mỗi bản ghi", "liên kết với máy in", "đặt tên cho bảng"], "B"),
    (["Câu lệnh SQL nào sau đây dùng để truy xuất dữ liệu từ bảng?"], ["INSERT", "UPDATE", "SELECT", "DELETE"], "C"),
    (["Thiết bị nào sau đây là thiết bị vào?"], ["Máy in", "Loa", "Màn hình", "Bàn phím"], "D"),
    (["Trong Python, kết quả của biểu thức 2 ** 3 là"], ["8", "6", "9", "5"], "A"),
    (["Cho đoạn chương trình Python: a = [3, 1, 2]; a.sort(). Sau khi thực hiện, a có giá trị là"],
     ["[3, 2, 1]", "[1, 2, 3]", "[3, 1, 2]", "[2, 1, 3]"], "B"),
    (["Phần mềm nào sau đây là phần mềm mã nguồn mở?"], ["Microsoft Word", "Adobe Photoshop", "LibreOffice", "Windows 11"], "C"),
    (["Quan sát sơ đồ mạng sau và cho biết đây là kiểu kết nối mạng nào?", Img(60, 36)],
     ["Mạng hình sao", "Mạng đường thẳng", "Mạng vòng", "Mạng lưới"], "A"),
    (["Thuật toán tìm kiếm nhị phân chỉ áp dụng được khi dãy số"], ["có số phần tử chẵn", "gồm các số dương", "chưa sắp xếp", "đã được sắp xếp"], "D"),
    (["Độ phức tạp thời gian của thuật toán sắp xếp nổi bọt trong trường hợp xấu nhất là"],
     ["O(n)", "O(n²)", "O(log n)", "O(1)"], "B"),
    (["Hành vi nào sau đây vi phạm bản quyền phần mềm?"], ["Dùng phần mềm miễn phí", "Sao chép phần mềm có bản quyền để bán",
                                                         "Mua giấy phép sử dụng", "Dùng phần mềm mã nguồn mở"], "B"),
]


def tinhoc11_bang_cau_noidung(out: Path):
    """The whole paper is ONE table of two columns 'Câu | Nội dung': a question per row, the label
    'Câu 1' in the first cell, the stem and a nested 2x2 table of options in the second; the
    right option's text underlined; 'Mã đề 111' in the header."""
    name = "tinhoc11_bang_cau_noidung.docx"
    p = Paper2()
    t = Truth(name, {"department": "Đắk Lắk", "subject": "Tin học", "grade": 11, "year": "2024-2025",
                     "exam": "KIỂM TRA GIỮA KỲ I"})
    header(p, ["SỞ GD&ĐT ĐẮK LẮK", "TRƯỜNG THPT BUÔN MA THUỘT"],
           ["KIỂM TRA GIỮA KỲ I", "NĂM HỌC 2024 - 2025", "MÔN: TIN HỌC - LỚP 11", "Thời gian làm bài: 45 phút"])
    candidate_line(p, 2)
    p.p("Mã đề 111", bold=True)
    tbl = p.table([["Câu", "Nội dung"]] + [[f"Câu {n}", ""] for n in range(1, len(TIN11) + 1)], widths=[2.0, 15.0])
    for c in tbl.rows[0].cells:
        for r in c.paragraphs[0].runs:
            r.font.bold = True
    for n, (stem, opts, ans) in enumerate(TIN11, 1):
        cell = tbl.cell(n, 1)
        lab = tbl.cell(n, 0).paragraphs[0].runs[0]
        lab.font.bold = True
        texts = [x for x in stem if not isinstance(x, Img)]
        p._add_items(cell.paragraphs[0], texts)
        for x in stem:
            if isinstance(x, Img):
                p._add_items(cell.add_paragraph(), [x])
        o = mcq_opts(opts, ans)
        inner = cell.add_table(rows=2, cols=2)
        for i, (L, items, c) in enumerate(o):
            par = inner.cell(i // 2, i % 2).paragraphs[0]
            p._add_items(par, [R(f"{L}. ", bold=True)] + [R(x, underline=True) if c and isinstance(x, str) else x for x in items])
        cell.add_paragraph()  # Word keeps a paragraph after a nested table
        t.q(n, "mcq", stem, o, answer=ans)
    het(p)
    return p, t, name


VL12_P1 = [
    (["Đơn vị của từ thông là"], ["tesla (T)", "vêbe (Wb)", "henry (H)", "vôn (V)"], "B"),
    (["Một khối khí lí tưởng được nén đẳng nhiệt. Khi thể tích giảm một nửa thì áp suất"],
     ["tăng gấp đôi", "giảm một nửa", "không đổi", "tăng gấp bốn"], "A"),
    (["Nhiệt lượng cần cung cấp để làm nóng chảy hoàn toàn 2 kg nước đá ở 0 °C, biết nhiệt nóng chảy riêng ",
      M(mr("λ=3,34.") + msup(mr("10"), mr("5")) + mr(" J/kg"), r"\lambda =3,34.{10}^{5}J/kg"), ", là"],
     ["3,34 kJ", "167 kJ", "668 kJ", "334 kJ"], "C"),
    (["Hạt nhân ", M(msup(mr(""), mr("235")) + msub(mr(""), mr("92")) + mr("U"), r"{}^{235}_{92}U"), " có số nơtron là"],
     ["92", "235", "327", "143"], "D"),
    (["Trong từ trường đều, lực từ tác dụng lên đoạn dây dẫn mang dòng điện đạt cực đại khi dây dẫn"],
     ["vuông góc với đường sức từ", "song song với đường sức từ", "hợp với đường sức từ góc 45°", "nằm ngoài từ trường"], "A"),
    (["Tia phóng xạ nào sau đây không bị lệch trong điện trường?"], ["Tia α", "Tia β⁻", "Tia γ", "Tia β⁺"], "C"),
]
VL12_P2 = [
    (["Một lượng khí lí tưởng ở 27 °C có thể tích 6 lít và áp suất 2 atm."],
     ["Nhiệt độ tuyệt đối của khí là 300 K.", "Nếu nung nóng đẳng tích đến 127 °C thì áp suất khí là 4 atm.",
      "Nếu nén đẳng nhiệt đến 3 lít thì áp suất khí là 4 atm.", "Số mol khí xấp xỉ 0,49 mol."], "ĐSĐĐ"),
    (["Một khung dây phẳng diện tích ", M(mr("S=50 c") + msup(mr("m"), mr("2")), r"S=50c{m}^{2}"),
      " đặt trong từ trường đều B = 0,2 T, pháp tuyến của khung hợp với vectơ cảm ứng từ góc 60°."],
     ["Từ thông qua khung là 5.10⁻⁴ Wb.", "Khi khung quay đến vị trí pháp tuyến song song với đường sức thì từ thông cực đại.",
      "Từ thông qua khung không phụ thuộc diện tích khung.", "Đơn vị của từ thông là T.m²."], "ĐĐSĐ"),
]
VL12_P3 = [
    (["Một ấm điện có công suất 1000 W đun 1 kg nước từ 20 °C đến 100 °C. Bỏ qua hao phí, nhiệt dung riêng của nước là 4200 J/(kg.K). "
      "Thời gian đun là bao nhiêu phút (làm tròn đến hàng phần mười)?"], "5,6"),
    (["Chu kì bán rã của một chất phóng xạ là 8 ngày. Sau bao nhiêu ngày thì khối lượng chất đó còn lại 1/16 khối lượng ban đầu?"], "32"),
]


def vatli12_2025_haicot(out: Path):
    """2025 format typed in TWO page columns: the header in a one-column section closed by a
    continuous section break, the questions in a 'w:cols w:num=2' section, a column break at the
    start of 'Câu 5.', a continuous section break between PHẦN I and PHẦN II; key per part as
    lines 'Phần I: 1-B, 2-A, …', 'Phần II: Câu 1: a) Đ, b) S, …', 'Phần III: Câu 1: 5,6; …'."""
    name = "vatli12_2025_haicot.docx"
    p = Paper2()
    t = Truth(name, {"department": "Nam Định", "subject": "Vật lí", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ KHẢO SÁT CHẤT LƯỢNG HỌC KỲ I"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "NAM ĐỊNH", "ĐỀ CHÍNH THỨC"],
           ["ĐỀ KHẢO SÁT CHẤT LƯỢNG HỌC KỲ I", "NĂM HỌC 2024 - 2025", "Môn: VẬT LÍ - lớp 12 THPT",
            "Thời gian làm bài: 50 phút"])
    candidate_line(p, 0)
    p.section_break(cols=1)
    p.p(R("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn. ", bold=True),
        R("Thí sinh trả lời từ câu 1 đến câu 6. Mỗi câu hỏi thí sinh chỉ chọn một phương án.", italic=True))
    for n, (stem, opts, ans) in enumerate(VL12_P1, 1):
        lead = [ColBr()] if n == 5 else []
        p.p(*lead, R(f"Câu {n}. ", bold=True), *stem)
        o = mcq_opts(opts, ans)
        for L, items, _c in o:
            p.p(R(f"{L}. ", bold=True), *items)
        t.q(n, "mcq", stem, o, answer=ans, section="PHẦN I")
    p.section_break(cols=2)
    p.p(R("PHẦN II. Câu trắc nghiệm đúng sai. ", bold=True),
        R("Thí sinh trả lời từ câu 1 đến câu 2. Trong mỗi ý a), b), c), d) ở mỗi câu, thí sinh chọn đúng hoặc sai.", italic=True))
    for n, (stem, sts, ans) in enumerate(VL12_P2, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        for lab, s in zip("abcd", sts, strict=True):
            p.p(R(f"{lab}) ", bold=True), s)
        t.q(n, "true_false", stem, tf_opts(sts, ans), answer=list(ans), section="PHẦN II")
    p.p(R("PHẦN III. Câu trắc nghiệm trả lời ngắn. ", bold=True), R("Thí sinh trả lời từ câu 1 đến câu 2.", italic=True))
    for n, (stem, ans) in enumerate(VL12_P3, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        t.q(n, "short_answer", stem, answer=ans, section="PHẦN III")
    het(p, "------ HẾT ------")
    p.columns(2)
    p.doc.add_page_break()
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.p("Phần I: " + ", ".join(f"{i}-{a}" for i, (_, _, a) in enumerate(VL12_P1, 1)))
    p.p("Phần II: " + "; ".join(f"Câu {i}: " + ", ".join(f"{lab}) {x}" for lab, x in zip("abcd", a, strict=True))
                                for i, (_, _, a) in enumerate(VL12_P2, 1)))
    p.p("Phần III: " + "; ".join(f"Câu {i}: {a}" for i, (_, a) in enumerate(VL12_P3, 1)))
    return p, t, name


HOA11 = [
    (["Chất nào sau đây là chất điện li mạnh?"], ["HF", "CH3COOH", "NaCl", "H2S"], "C"),
    (["Dung dịch nào sau đây có pH > 7?"], ["HCl", "NaOH", "NaCl", "HNO3"], "B"),
    (["Trong phòng thí nghiệm, khí N2 được điều chế bằng cách đun nóng dung dịch"], ["NH4NO2", "NH4Cl", "NaNO3", "KNO3"], "A"),
    (["Phân đạm cung cấp cho cây trồng nguyên tố"], ["photpho", "kali", "canxi", "nitơ"], "D"),
    (["Công thức phân tử của etilen là"], ["CH4", "C2H4", "C2H2", "C2H6"], "B"),
    (["Chất nào sau đây là đồng đẳng của metan?"], ["C2H4", "C3H4", "C3H8", "C6H6"], "C"),
    (["Khí gây hiệu ứng nhà kính chủ yếu là"], ["CO2", "N2", "O2", "H2"], "A"),
    (["Nhỏ dung dịch AgNO3 vào dung dịch nào sau đây thu được kết tủa trắng?"], ["NaNO3", "KF", "HNO3", "NaCl"], "D"),
]


def hoa11_nhan_tach_run(out: Path):
    """Question labels as teachers' files really hold them: 'Câ' + 'u 1:' in two runs of different
    fonts, 'Câu 2' bold in Arial then ':' plain, 'Câu 3 .', 'Câu 4:' + TAB, 'Câu 5\u00a0:' (no-break
    space), 'Câu\u30006.' (ideographic full-width space), 'Câu 7：' (full-width colon), 'Câu  8.'
    (two spaces); the four options of a question in ONE paragraph separated by soft line breaks;
    the right option shaded (w:shd fill, not highlight)."""
    name = "hoa11_nhan_tach_run.docx"
    p = Paper2()
    t = Truth(name, {"department": "Bắc Ninh", "subject": "Hóa học", "grade": 11, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KỲ I"})
    header(p, ["SỞ GD&ĐT BẮC NINH", "TRƯỜNG THPT LÝ THÁI TỔ"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KỲ I", "NĂM HỌC 2023 - 2024", "Môn: HÓA HỌC 11", "Thời gian làm bài: 45 phút"])
    candidate_line(p, 1)
    labels = [
        [RS("Câ", bold=True, font="Times New Roman"), RS("u 1: ", bold=True, font="VNI-Times")],
        [RS("Câu 2", bold=True, font="Arial"), ": "],
        [R("Câu 3 .", bold=True), " "],
        [R("Câu 4:", bold=True), "\t"],
        [R("Câu 5\u00a0:", bold=True), " "],
        [R("Câu\u30006.", bold=True), " "],
        [R("Câu 7：", bold=True), " "],
        [R("Câu  8.", bold=True), " "],
    ]
    for n, ((stem, opts, ans), lab) in enumerate(zip(HOA11, labels, strict=True), 1):
        p.p(*lab, *stem)
        o = [(L, chem(x), L == ans) for L, x in zip(LETTERS, opts, strict=True)]
        items = []
        for i, (L, its, c) in enumerate(o):
            if i:
                items.append(Br())
            if c:
                items += [RS(f"{L}. ", bold=True, shd="D9D9D9")] + [RS(x.text, sub=x.sub, shd="D9D9D9") if isinstance(x, R)
                                                                     else RS(x, shd="D9D9D9") for x in its]
            else:
                items += [R(f"{L}. ", bold=True), *its]
        p.p(*items)
        t.q(n, "mcq", stem, o, answer=ans)
    het(p)
    return p, t, name


SINH10 = [
    ("Đơn vị tổ chức cơ sở của mọi sinh vật là", ["phân tử", "tế bào", "mô", "cơ quan"], "B"),
    ("Nguyên tố nào sau đây là nguyên tố vi lượng?", ["Cacbon", "Hiđrô", "Sắt", "Ôxi"], "C"),
    ("Đơn phân cấu tạo nên prôtêin là", ["axit amin", "nuclêôtit", "glucôzơ", "axit béo"], "A"),
    ("Bào quan nào sau đây chỉ có ở tế bào thực vật?", ["Ti thể", "Ribôxôm", "Bộ máy Gôngi", "Lục lạp"], "D"),
    ("Vận chuyển thụ động các chất qua màng sinh chất", ["cần tiêu tốn năng lượng ATP", "không tiêu tốn năng lượng",
                                                         "luôn cần prôtêin vận chuyển", "đi từ nơi nồng độ thấp đến nơi nồng độ cao"], "B"),
    ("Pha sáng của quang hợp diễn ra ở", ["chất nền lục lạp", "màng trong ti thể", "màng tilacôit", "tế bào chất"], "C"),
    ("Trong nguyên phân, nhiễm sắc thể co xoắn cực đại ở kì", ["giữa", "đầu", "sau", "cuối"], "A"),
    ("Vi sinh vật nào sau đây được dùng để làm sữa chua?", ["Nấm men", "Vi khuẩn lactic", "Nấm mốc", "Vi khuẩn lam"], "B"),
]


def sinh10_dapan_tick(out: Path):
    """Options 'A)' with the letter and parenthesis in bold, one per line; the right option
    ticked with '✓' typed after its text; 'Câu 1:' labels in bold."""
    name = "sinh10_dapan_tick.docx"
    p = Paper2()
    t = Truth(name, {"department": "Thừa Thiên Huế", "subject": "Sinh học", "grade": 10, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KÌ II"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THỪA THIÊN HUẾ", "TRƯỜNG THPT HAI BÀ TRƯNG"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KÌ II", "NĂM HỌC 2024 - 2025", "Môn: SINH HỌC 10", "Thời gian: 45 phút"])
    p.p("(Đề có đáp án: phương án đúng được đánh dấu ✓)", italic=True, center=True)
    for n, (stem, opts, ans) in enumerate(SINH10, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        o = mcq_opts(opts, ans)
        for L, items, c in o:
            p.p(R(f"{L})", bold=True), " ", *items, *([" ✓"] if c else []))
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p)
    return p, t, name


GDKT = [
    ("Hoạt động sản xuất, phân phối, trao đổi và tiêu dùng hàng hóa được gọi chung là", ["hoạt động kinh tế", "hoạt động chính trị",
                                                                                         "hoạt động văn hóa", "hoạt động xã hội"], "A"),
    ("Cạnh tranh là sự ganh đua giữa các chủ thể kinh tế nhằm", ["giành điều kiện thuận lợi để thu lợi nhuận", "xóa bỏ thị trường",
                                                                  "hạn chế sản xuất", "tăng giá cả hàng hóa"], "A"),
    ("Khi cung lớn hơn cầu thì giá cả thị trường thường", ["tăng lên", "giảm xuống", "giữ nguyên", "tăng rất mạnh"], "B"),
    ("Lạm phát là tình trạng mức giá chung của nền kinh tế", ["giảm liên tục", "ổn định", "tăng lên liên tục trong một thời gian",
                                                              "không thay đổi"], "C"),
    ("Thất nghiệp do người lao động chuyển từ nơi này sang nơi khác để tìm việc là thất nghiệp", ["cơ cấu", "chu kì",
                                                                                                  "thời vụ", "tạm thời"], "D"),
    ("Ý tưởng kinh doanh tốt cần có tính", ["mới mẻ và khả thi", "tốn kém", "phức tạp", "bí mật tuyệt đối"], "A"),
    ("Đạo đức kinh doanh thể hiện ở việc doanh nghiệp", ["trốn thuế", "bảo vệ quyền lợi người tiêu dùng", "gian lận thương mại",
                                                          "xả thải ra môi trường"], "B"),
    ("Văn hóa tiêu dùng thể hiện qua", ["thói quen, cách thức mua sắm và sử dụng hàng hóa", "số tiền gửi tiết kiệm",
                                        "lãi suất ngân hàng", "tỉ lệ lạm phát"], "A"),
]


def gdktpl11_nghieng_dam(out: Path):
    """GDKT&PL 11: options A.–D. all four on ONE line separated by runs of spaces (no tab); the
    right option's TEXT in bold italic while the labels and the other options are plain."""
    name = "gdktpl11_nghieng_dam.docx"
    p = Paper2()
    t = Truth(name, {"department": "Vĩnh Phúc", "subject": "Giáo dục kinh tế và pháp luật", "grade": 11, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KÌ I"})
    header(p, ["SỞ GD&ĐT VĨNH PHÚC", "TRƯỜNG THPT YÊN LẠC"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KÌ I", "NĂM HỌC 2024 - 2025", "Môn: GIÁO DỤC KINH TẾ VÀ PHÁP LUẬT 11",
            "Thời gian làm bài: 45 phút"])
    candidate_line(p, 0)
    for n, (stem, opts, ans) in enumerate(GDKT, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        items = []
        for i, (L, its, c) in enumerate(o):
            if i:
                items.append("     ")
            items += [f"{L}. "] + [R(x, bold=True, italic=True) if c else x for x in its]
        p.p(*items)
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p)
    return p, t, name


SU12 = [
    ("Hội nghị I-an-ta (2/1945) diễn ra tại nước nào?", ["Liên Xô", "Mĩ", "Anh", "Pháp"]),
    ("Mục đích của tổ chức Liên hợp quốc là", ["duy trì hòa bình và an ninh thế giới", "phát triển kinh tế Mĩ",
                                               "chống lại Liên Xô", "thành lập liên minh quân sự"]),
    ("Chiến lược “Việt Nam hóa chiến tranh” được Mĩ thực hiện trong giai đoạn", ["1954 - 1960", "1961 - 1965",
                                                                                  "1965 - 1968", "1969 - 1973"]),
    ("Chiến dịch Hồ Chí Minh năm 1975 kết thúc thắng lợi vào ngày", ["26/4/1975", "30/4/1975", "2/9/1975", "10/3/1975"]),
    ("Công cuộc Đổi mới ở Việt Nam được đề ra tại Đại hội Đảng lần thứ", ["IV", "V", "VI", "VII"]),
    ("Việt Nam gia nhập Tổ chức Thương mại thế giới (WTO) vào năm", ["1995", "2000", "2007", "2010"]),
    ("Hiệp định Giơ-ne-vơ về Đông Dương được kí kết năm", ["1954", "1945", "1946", "1973"]),
    ("Chiến thắng nào mở đầu cuộc Tổng tiến công và nổi dậy mùa Xuân 1975?", ["Huế - Đà Nẵng", "Tây Nguyên",
                                                                              "Hồ Chí Minh", "Quảng Trị"]),
    ("Tổ chức ASEAN được thành lập tại", ["Băng Cốc", "Gia-các-ta", "Hà Nội", "Ma-ni-la"]),
    ("Xu thế toàn cầu hóa diễn ra mạnh mẽ từ", ["đầu thế kỉ XX", "những năm 80 của thế kỉ XX",
                                               "sau Chiến tranh thế giới thứ nhất", "giữa thế kỉ XIX"]),
]
SU12_KEYS = {"101": "ABCDCAACBD", "102": "AADBCCABAB", "103": "BDACBACADC", "104": "CADBACDBCA"}


def lichsu12_ma_de_102(out: Path):
    """Paper 'Mã đề 102' (in a boxed cell beside the candidate line); the key after the paper is the
    school's table for ALL codes: 'Câu | 101 | 102 | 103 | 104', one column per mã đề: the answers
    are those of column 102."""
    name = "lichsu12_ma_de_102.docx"
    p = Paper2()
    t = Truth(name, {"department": "Thanh Hóa", "subject": "Lịch sử", "grade": 12, "year": "2023-2024",
                     "exam": "KỲ THI KHẢO SÁT CHẤT LƯỢNG LỚP 12 LẦN 2"})
    header(p, ["SỞ GD&ĐT THANH HÓA", "TRƯỜNG THPT HẬU LỘC 4"],
           ["KỲ THI KHẢO SÁT CHẤT LƯỢNG LỚP 12 LẦN 2", "NĂM HỌC 2023 - 2024", "Môn thi: LỊCH SỬ",
            "Thời gian làm bài: 50 phút, không kể thời gian phát đề"])
    p.table([["Họ, tên thí sinh: .................................................", "Mã đề 102"],
             ["Số báo danh: ......................................................", ""]], borders=False, merges=[(0, 1, 1, 1)])
    keys = SU12_KEYS["102"]
    for n, ((stem, opts), ans) in enumerate(zip(SU12, keys, strict=True), 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        o = mcq_opts(opts, ans)
        if n % 2:
            p.p(*[x for i, (L, its, _c) in enumerate(o) for x in (["\t"] if i else []) + [R(f"{L}. ", bold=True), *its]])
        else:
            p.p(R("A. ", bold=True), *o[0][1], "\t", R("B. ", bold=True), *o[1][1])
            p.p(R("C. ", bold=True), *o[2][1], "\t", R("D. ", bold=True), *o[3][1])
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p, "------------- HẾT -------------")
    p.doc.add_page_break()
    p.p("ĐÁP ÁN CÁC MÃ ĐỀ - MÔN LỊCH SỬ", bold=True, center=True)
    rows = [["Câu", "101", "102", "103", "104"]]
    for i in range(len(SU12)):
        rows.append([str(i + 1)] + [SU12_KEYS[c][i] for c in ("101", "102", "103", "104")])
    p.table(rows)
    return p, t, name


def toan12_mathtype(out: Path):
    """A Toán paper whose formulas are MathType objects (w:object: v:shape with v:imagedata preview
    + o:OLEObject ProgID 'Equation.DSMT4', the .bin in word/embeddings), as almost every real Toán
    paper; options that are ONLY a MathType object, four to a line with tabs; right label red."""
    name = "toan12_mathtype.docx"
    p = Paper2()
    t = Truth(name, {"department": "Bình Dương", "subject": "Toán", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ THI THỬ TỐT NGHIỆP THPT LẦN 1"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "BÌNH DƯƠNG", "ĐỀ THI THỬ"],
           ["ĐỀ THI THỬ TỐT NGHIỆP THPT LẦN 1", "NĂM HỌC 2024 - 2025", "Môn: TOÁN 12",
            "Thời gian làm bài: 90 phút (không kể thời gian phát đề)"])
    candidate_line(p, 0)
    mt = Ole
    qs = [
        (["Cho hàm số ", mt("y={x}^{3}-3x+2", w=70), ". Hàm số đạt cực đại tại điểm"],
         [[mt("x=-1", w=36)], [mt("x=1", w=30)], [mt("x=2", w=30)], [mt("x=0", w=30)]], "A"),
        (["Nguyên hàm của hàm số ", mt("f(x)=2x", w=50), " là"],
         [[mt("{x}^{2}+C", w=40)], [mt("2{x}^{2}+C", w=44)], [mt("x+C", w=36)], [mt("2+C", w=34)]], "A"),
        (["Tập nghiệm của bất phương trình ", mt("{2}^{x}>8", w=40), " là"],
         [[mt("(-\\infty ;3)", w=46)], [mt("(3;+\\infty )", w=46)], [mt("[3;+\\infty )", w=46)], [mt("(8;+\\infty )", w=46)]], "B"),
        (["Tích phân ", mt("\\int_{0}^{1}{2xdx}", w=50, h=30), " bằng"],
         [[mt("2", w=10)], [mt("\\frac{1}{2}", w=14, h=28)], [mt("1", w=10)], [mt("0", w=10)]], "C"),
        (["Trong không gian Oxyz, mặt cầu ", mt("{x}^{2}+{y}^{2}+{z}^{2}=9", w=90), " có bán kính bằng"],
         [[mt("9", w=10)], [mt("81", w=16)], [mt("\\sqrt{3}", w=22)], [mt("3", w=10)]], "D"),
        (["Số phức liên hợp của ", mt("z=3-4i", w=50), " là"],
         [[mt("\\bar{z}=3+4i", w=54)], [mt("\\bar{z}=-3+4i", w=60)], [mt("\\bar{z}=4-3i", w=54)], [mt("\\bar{z}=-3-4i", w=60)]], "A"),
        (["Cho cấp số cộng ", mt("({u}_{n})", w=30), " có ", mt("{u}_{1}=2", w=36), " và công sai ", mt("d=3", w=30),
          ". Giá trị của ", mt("{u}_{5}", w=16), " bằng"],
         [[mt("14", w=16)], [mt("17", w=16)], [mt("11", w=16)], [mt("162", w=22)]], "A"),
        (["Đạo hàm của hàm số ", mt("y=\\ln x", w=40), " là"],
         [[mt("{y}'=x", w=36)], [mt("{y}'=\\frac{1}{x}", w=40, h=28)], [mt("{y}'={e}^{x}", w=40)], [mt("{y}'=\\frac{1}{{x}^{2}}", w=44, h=30)]], "B"),
    ]
    for n, (stem, opts, ans) in enumerate(qs, 1):
        p.p(R(f"Câu {n}: ", bold=True), *stem)
        o = mcq_opts(opts, ans)
        p.p(*[x for i, (L, its, c) in enumerate(o)
              for x in (["\t"] if i else []) + [R(f"{L}. ", bold=True, red=c), *its]])
        t.q(n, "mcq", stem, o, answer=ans)
    het(p)
    return p, t, name



def toan9_hsg_y_so(out: Path):
    """Gifted paper: 'Câu 1. (4,0 điểm)' alone on its line, then numeric sub-parts '1. (2,0 điểm) …'
    with the points BEFORE the text; 'Câu 5. … (2,0 điểm)' with the points at the END of the line;
    guide as paragraphs 'Câu 1 (4,0 điểm)' / '1. (2,0 điểm)' / 'step<TAB>0,5' where the tab has a
    dot leader (what Word shows as 'step ........ 0,5')."""
    name = "toan9_hsg_y_so.docx"
    p = Paper2()
    t = Truth(name, {"department": "Phú Thọ", "subject": "Toán", "grade": 9, "year": "2024-2025",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH LỚP 9"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "PHÚ THỌ", "ĐỀ CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH LỚP 9", "NĂM HỌC 2024 - 2025", "Môn: TOÁN",
            "Thời gian làm bài: 150 phút, không kể thời gian giao đề", "(Đề thi có 01 trang)"])
    A = M(mr("A=") + mfrac(msqrt(mr("x")) + mr("+2"), mr("x-1")) + mr("-") + mfrac(mr("1"), msqrt(mr("x")) + mr("+1")),
          r"A=\frac{\sqrt{x}+2}{x-1}-\frac{1}{\sqrt{x}+1}")
    cond = M(mr("x≥0, x≠1"), r"x\ge 0,x\ne 1")
    poly = M(mr("P(x)=") + msup(mr("x"), mr("3")) + mr("+a") + msup(mr("x"), mr("2")) + mr("+bx+2"), r"P(x)={x}^{3}+a{x}^{2}+bx+2")
    eq = M(msqrt(mr("2x+1")) + mr("+") + msqrt(mr("x-3")) + mr("=4"), r"\sqrt{2x+1}+\sqrt{x-3}=4")
    hpt = M(mr("x+y=3, ") + msup(mr("x"), mr("2")) + mr("+") + msup(mr("y"), mr("2")) + mr("=5"), r"x+y=3,\ {x}^{2}+{y}^{2}=5")
    pp = M(mr("p"), "p")
    prime = M(msup(mr("p"), mr("2")) + mr("+2"), r"{p}^{2}+2")
    abc = M(mr("a+b+c=3"), "a+b+c=3")
    P = M(mr("P=") + mfrac(mr("1"), msup(mr("a"), mr("2")) + mr("+1")) + mr("+") + mfrac(mr("1"), msup(mr("b"), mr("2")) + mr("+1")) +
          mr("+") + mfrac(mr("1"), msup(mr("c"), mr("2")) + mr("+1")), r"P=\frac{1}{{a}^{2}+1}+\frac{1}{{b}^{2}+1}+\frac{1}{{c}^{2}+1}")
    qs = [
        (1, 4.0, [], [("1", ["Cho biểu thức ", A, " với ", cond, ". Rút gọn A và tìm x để ", M(mr("A=") + mfrac(mr("1"), mr("2")), r"A=\frac{1}{2}"), "."], 2.0),
                      ("2", ["Tìm a, b để đa thức ", poly, " chia hết cho x - 1 và chia cho x + 2 dư 8."], 2.0)],
         [("1", ["Quy đồng, rút gọn được A bằng 1 chia căn x trừ 1.", "Giải A = 1/2 được x = 9, đối chiếu điều kiện."], ["1,0", "1,0"]),
          ("2", ["Dùng định lí Bơ-du: P(1) = 0 và P(-2) = 8.", "Giải hệ tìm được a, b."], ["1,0", "1,0"])]),
        (2, 4.0, [], [("1", ["Giải phương trình ", eq, "."], 2.0), ("2", ["Giải hệ phương trình ", hpt, "."], 2.0)],
         [("1", ["Điều kiện x lớn hơn hoặc bằng 3, bình phương hai vế.", "Giải phương trình bậc hai, nhận x = 4."], ["1,0", "1,0"]),
          ("2", ["Đặt S = x + y, P = xy, tính được P = 2.", "Kết luận nghiệm (1; 2) và (2; 1)."], ["1,0", "1,0"])]),
        (3, 4.0, [], [("1", ["Tìm tất cả số nguyên tố ", pp, " sao cho ", prime, " cũng là số nguyên tố."], 2.0),
                      ("2", ["Chứng minh rằng tích của bốn số tự nhiên liên tiếp cộng 1 là số chính phương."], 2.0)],
         [("1", ["Xét p = 3 thỏa mãn.", "Với p khác 3, p² chia 3 dư 1 nên p² + 2 chia hết cho 3."], ["0,5", "1,5"]),
          ("2", ["Nhóm n(n + 3) và (n + 1)(n + 2), đặt ẩn phụ.", "Đưa về bình phương của n² + 3n + 1."], ["1,0", "1,0"])]),
        (4, 6.0, ["Cho tam giác ABC nhọn nội tiếp đường tròn (O), các đường cao AD, BE, CF cắt nhau tại H.", Img(60, 50)],
         [("1", ["Chứng minh tứ giác BFEC nội tiếp và OA vuông góc với EF."], 3.0),
          ("2", ["Gọi M là trung điểm BC. Chứng minh AH = 2OM."], 3.0)],
         [("1", ["Hai góc BFC và BEC cùng bằng 90 độ nên tứ giác BFEC nội tiếp.", "Kẻ tiếp tuyến Ax, chứng minh Ax song song EF."], ["1,5", "1,5"]),
          ("2", ["Gọi K đối xứng với A qua O, chứng minh BHCK là hình bình hành.", "OM là đường trung bình tam giác AHK."], ["1,5", "1,5"])]),
        (5, 2.0, ["Cho a, b, c là các số thực dương thỏa mãn ", abc, ". Tìm giá trị nhỏ nhất của biểu thức ", P, "."], [],
         [(None, ["Biến đổi 1/(a² + 1) = 1 - a²/(a² + 1) và dùng Cô-si.", "Cộng lại, giá trị nhỏ nhất bằng 3/2 khi a = b = c = 1."], ["1,0", "1,0"])]),
    ]
    for n, pt, stem, subs, _g in qs:
        if n == 5:
            p.p(R(f"Câu {n}. ", bold=True), *stem, R(f" ({pts(pt)} điểm)", bold=True))
            continue
        p.p(R(f"Câu {n}. ", bold=True), R(f"({pts(pt)} điểm)", bold=True), *([" ", *stem[:1]] if stem else []))
        for x in stem[1:]:
            p.p(x, center=True)
        for lab, items, sp in subs:
            p.p(R(f"{lab}. ", bold=True), R(f"({pts(sp)} điểm) ", italic=True), *items)
    het(p, "------------ HẾT ------------")
    p.p("Họ và tên thí sinh: ........................................ Số báo danh: ..................")
    p.doc.add_page_break()
    p.p("HƯỚNG DẪN CHẤM", bold=True, center=True)
    p.p("(Hướng dẫn chấm gồm 03 trang)", italic=True, center=True)
    for n, pt, _stem, subs, guide in qs:
        p.p(R(f"Câu {n} ({pts(pt)} điểm)", bold=True))
        for (lab, steps, spts), sub in zip(guide, subs or [None] * len(guide), strict=False):
            if lab:
                p.p(R(f"{lab}. ({pts(sub[2])} điểm)", bold=True))
            for st, sp in zip(steps, spts, strict=True):
                p.leader_p(st, sp)
    p.p("Chú ý: Học sinh làm cách khác đúng vẫn cho điểm tối đa.", italic=True)
    for n, pt, stem, subs, guide in qs:
        t.q(n, "essay", stem, points=pt, subparts=subs, guide=[s for _lab, steps, _p in guide for s in steps])
    return p, t, name


def vatli10_hsg_bai(out: Path):
    """Gifted paper with 'Bài 1 (4 điểm)' (no dot, integer points), the stem on the NEXT paragraph;
    'Bài 2 (4 điểm) …' inline; 'Bài 3. … (3,0 điểm)' with the points at the END of the question;
    sub-parts 'a)' 'b)' without points; guide as paragraphs 'Bài 1 (4 điểm)' then '- step      0,5'
    (points at the end of the line after spaces)."""
    name = "vatli10_hsg_bai.docx"
    p = Paper2()
    t = Truth(name, {"department": "Lào Cai", "subject": "Vật lí", "grade": 10, "year": "2023-2024",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH LỚP 10"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "LÀO CAI", "ĐỀ CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH LỚP 10", "NĂM HỌC 2023 - 2024", "Môn: VẬT LÍ",
            "Thời gian: 180 phút (không kể thời gian giao đề)"])
    v = M(mr("v=") + msub(mr("v"), mr("0")) + mr("+at"), r"v={v}_{0}+at")
    qs = [
        (1, 4.0, "next", ["Hai ô tô xuất phát cùng lúc từ hai địa điểm A và B cách nhau 120 km, chuyển động thẳng đều ngược chiều nhau. "
                          "Ô tô đi từ A có tốc độ 40 km/h, ô tô đi từ B có tốc độ 20 km/h."],
         [("a", ["Viết phương trình chuyển động của hai xe."]), ("b", ["Xác định thời điểm và vị trí hai xe gặp nhau."])],
         ["Chọn gốc tọa độ tại A, chiều dương từ A đến B, viết được hai phương trình.", "Cho hai tọa độ bằng nhau, tìm được t = 2 h.",
          "Vị trí gặp nhau cách A 80 km."], ["1,5", "1,5", "1,0"]),
        (2, 4.0, "inline", ["Một vật chuyển động thẳng nhanh dần đều với vận tốc ban đầu 2 m/s, gia tốc 0,5 m/s². Biết ", v, "."],
         [("a", ["Tính vận tốc của vật sau 10 s."]), ("b", ["Tính quãng đường vật đi được trong giây thứ 10."])],
         ["Thay số được v = 7 m/s.", "Quãng đường trong giây thứ 10 bằng s10 trừ s9, được 6,75 m."], ["2,0", "2,0"]),
        (3, 3.0, "end", ["Một vật khối lượng 2 kg được kéo trượt trên mặt sàn nằm ngang bởi lực F = 10 N hợp với phương ngang góc 30°. "
                         "Hệ số ma sát trượt giữa vật và sàn là 0,2; lấy g = 10 m/s². Tính gia tốc của vật.", Img(60, 30)], [],
         ["Phân tích lực, viết định luật II Niu-tơn dạng vectơ.", "Chiếu lên hai trục, tính áp lực và lực ma sát.",
          "Tính được gia tốc a xấp xỉ 2,83 m/s²."], ["1,0", "1,0", "1,0"]),
        (4, 4.0, "next", ["Một vật được ném ngang từ độ cao 45 m với vận tốc ban đầu 20 m/s, lấy g = 10 m/s², bỏ qua sức cản không khí."],
         [("a", ["Tính thời gian chuyển động của vật."]), ("b", ["Tính tầm bay xa và vận tốc của vật khi chạm đất."])],
         ["Thời gian rơi t = 3 s.", "Tầm xa L = 60 m.", "Vận tốc chạm đất bằng căn của 20² cộng 30², khoảng 36 m/s."], ["1,0", "1,5", "1,5"]),
    ]
    for n, pt, style, stem, subs, _g, _p in qs:
        ptxt = f"({pt:.0f} điểm)"
        if style == "next":
            p.p(R(f"Bài {n} {ptxt}", bold=True))
            p.p(*stem)
        elif style == "inline":
            p.p(R(f"Bài {n} {ptxt}", bold=True), " ", *stem)
        else:
            p.p(R(f"Bài {n}. ", bold=True), *[x for x in stem if not isinstance(x, Img)], R(f" ({pts(pt)} điểm)", bold=True))
            p.p(*[x for x in stem if isinstance(x, Img)], center=True)
        for lab, items in subs:
            p.p(f"{lab}) ", *items)
    het(p, "---------- HẾT ----------")
    p.p("Thí sinh không được sử dụng tài liệu. Giám thị không giải thích gì thêm.", italic=True)
    p.doc.add_page_break()
    p.p("HƯỚNG DẪN CHẤM ĐỀ THI CHỌN HỌC SINH GIỎI LỚP 10", bold=True, center=True)
    p.p("Môn: VẬT LÍ", bold=True, center=True)
    for n, pt, _style, _stem, _subs, g, gp in qs:
        p.p(R(f"Bài {n} ({pt:.0f} điểm)", bold=True))
        for st, sp in zip(g, gp, strict=True):
            p.p(f"- {st}        {sp}")
    for n, pt, _style, stem, subs, g, _gp in qs:
        t.q(n, "essay", stem, points=pt, subparts=[(lab, it, None) for lab, it in subs], guide=g)
    return p, t, name


def nguvan11_doc_hieu_viet(out: Path):
    """Ngữ văn (2018 programme): 'PHẦN I. ĐỌC HIỂU (4,0 điểm)', 'Đọc văn bản sau:', a poem excerpt,
    'Thực hiện các yêu cầu:' then 'Câu 1. (0,5 điểm) …' to 'Câu 5'; 'PHẦN II. VIẾT (6,0 điểm)' with
    'Câu 1. (2,0 điểm)' (paragraph) and 'Câu 2. (4,0 điểm)' (essay), numbering restarting; guide as
    paragraphs with 'Yêu cầu chung' / 'Yêu cầu cụ thể' and 'a) … 0,25' lines."""
    name = "nguvan11_doc_hieu_viet.docx"
    p = Paper2()
    t = Truth(name, {"department": "Hà Nam", "subject": "Ngữ văn", "grade": 11, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KÌ II"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "HÀ NAM", "ĐỀ CHÍNH THỨC"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KÌ II", "NĂM HỌC 2024 - 2025", "Môn: NGỮ VĂN - Lớp 11",
            "Thời gian làm bài: 90 phút, không kể thời gian phát đề"])
    p.p(R("PHẦN I. ĐỌC HIỂU (4,0 điểm)", bold=True))
    p.p(R("Đọc văn bản sau:", bold=True, italic=True))
    for line in ["Mẹ ta không có yếm đào", "Nón mê thay nón quai thao đội đầu",
                 "Rối ren tay bí tay bầu", "Váy nhuộm bùn, áo nhuộm nâu bốn mùa."]:
        p.p(R(line, italic=True), center=True)
    p.p("(Nguyễn Duy, Bầm ơi, trích)", center=True)
    p.p(R("Thực hiện các yêu cầu:", bold=True, italic=True))
    reading = [
        (0.5, ["Xác định thể thơ của văn bản."], ["Thể thơ lục bát."]),
        (0.5, ["Chỉ ra những hình ảnh miêu tả trang phục của người mẹ trong đoạn thơ."], ["Nón mê, váy nhuộm bùn, áo nhuộm nâu."]),
        (1.0, ["Nêu tác dụng của biện pháp tu từ liệt kê trong đoạn thơ."], ["Nhấn mạnh sự vất vả, tảo tần của người mẹ; tạo nhịp điệu."]),
        (1.0, ["Nhận xét về tình cảm của nhà thơ dành cho mẹ."], ["Tình yêu thương, trân trọng và biết ơn sâu sắc."]),
        (1.0, ["Từ văn bản, anh/chị rút ra bài học gì cho bản thân? (Trình bày khoảng 5 - 7 dòng)"],
         ["Học sinh nêu được bài học hợp lí về lòng biết ơn cha mẹ."]),
    ]
    for n, (pt, stem, g) in enumerate(reading, 1):
        p.p(R(f"Câu {n}. ", bold=True), R(f"({pts(pt)} điểm) ", italic=True), *stem)
        t.q(n, "essay", stem, points=pt, section="PHẦN I", group="bam-oi", guide=g)
    p.p(R("PHẦN II. VIẾT (6,0 điểm)", bold=True))
    w1 = ["Viết đoạn văn nghị luận (khoảng 200 chữ) phân tích vẻ đẹp của hình ảnh người mẹ trong đoạn thơ ở phần Đọc hiểu."]
    w2 = ["Viết bài văn nghị luận (khoảng 600 chữ) bàn về ý nghĩa của lòng biết ơn trong cuộc sống của người trẻ hôm nay."]
    p.p(R("Câu 1. ", bold=True), R("(2,0 điểm) ", italic=True), *w1)
    p.p(R("Câu 2. ", bold=True), R("(4,0 điểm) ", italic=True), *w2)
    het(p, "------------- HẾT -------------")
    p.p("- Thí sinh không được sử dụng tài liệu.", italic=True)
    p.p("- Giám thị không giải thích gì thêm.", italic=True)
    p.doc.add_page_break()
    p.p("HƯỚNG DẪN CHẤM", bold=True, center=True)
    p.p("PHẦN I. ĐỌC HIỂU (4,0 điểm)", bold=True)
    for n, (pt, _s, g) in enumerate(reading, 1):
        p.p(R(f"Câu {n}. ", bold=True), g[0], f" ({pts(pt)} điểm)")
    p.p("PHẦN II. VIẾT (6,0 điểm)", bold=True)
    g1 = [("Yêu cầu chung: ", "Thí sinh biết viết đoạn văn nghị luận văn học khoảng 200 chữ, bố cục rõ ràng.", None),
          ("a) ", "Đảm bảo yêu cầu về hình thức đoạn văn.", "0,25"),
          ("b) ", "Xác định đúng vấn đề cần nghị luận: vẻ đẹp của người mẹ.", "0,25"),
          ("c) ", "Triển khai vấn đề: vẻ đẹp giản dị, tần tảo, giàu đức hi sinh.", "1,0"),
          ("d) ", "Đảm bảo chuẩn chính tả, ngữ pháp tiếng Việt.", "0,25"),
          ("e) ", "Sáng tạo: cách diễn đạt mới mẻ.", "0,25")]
    g2 = [("Yêu cầu chung: ", "Thí sinh biết viết bài văn nghị luận xã hội, lập luận chặt chẽ, dẫn chứng xác thực.", None),
          ("a) ", "Đảm bảo cấu trúc bài văn nghị luận.", "0,25"),
          ("b) ", "Xác định đúng vấn đề: ý nghĩa của lòng biết ơn.", "0,5"),
          ("c) ", "Giải thích lòng biết ơn; bàn luận ý nghĩa; phê phán lối sống vô ơn; bài học.", "2,75"),
          ("d) ", "Đảm bảo chuẩn chính tả, ngữ pháp tiếng Việt.", "0,25"),
          ("e) ", "Sáng tạo: suy nghĩ sâu sắc, diễn đạt mới mẻ.", "0,25")]
    for label, g in (("Câu 1 (2,0 điểm)", g1), ("Câu 2 (4,0 điểm)", g2)):
        p.p(R(label, bold=True))
        for lab, text, sp in g:
            if sp is None:
                p.p(R(lab, bold=True, italic=True), text)
                p.p(R("Yêu cầu cụ thể:", bold=True, italic=True))
            else:
                p.p(lab, text, f"\t{sp}")
    t.q(1, "essay", w1, points=2.0, section="PHẦN II", guide=[x[1] for x in g1])
    t.q(2, "essay", w2, points=4.0, section="PHẦN II", guide=[x[1] for x in g2])
    return p, t, name


def tienganh11_gachchan(out: Path):
    """English 11: 'Question 1.' labels; pronunciation questions whose options have UNDERLINED
    letters (not answers), four to a line with tabs; 'CLOSEST' / 'OPPOSITE in meaning to the
    underlined word' with the underline in the STEM; sentence transformation 'Rewrite …' with
    '→ I have …………' prompts (short answers given in the key); key '1. B  2. A …' and one line per
    rewritten sentence."""
    name = "tienganh11_gachchan.docx"
    p = Paper2()
    t = Truth(name, {"department": "Kiên Giang", "subject": "Tiếng Anh", "grade": 11, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KỲ II"})
    header(p, ["SỞ GD&ĐT KIÊN GIANG", "TRƯỜNG THPT NGUYỄN TRUNG TRỰC"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KỲ II", "NĂM HỌC 2024 - 2025", "Môn: TIẾNG ANH 11", "Thời gian làm bài: 45 phút"])
    candidate_line(p, 0)
    keys = []
    n = 0
    sec1 = "Mark the letter A, B, C, or D to indicate the word whose underlined part differs from the other three in pronunciation."
    p.p(R(sec1, bold=True, italic=True))
    for words, ans in [((("", "ch", "emist"), ("", "ch", "aracter"), ("", "ch", "ild"), ("", "ch", "orus")), "C"),
                       ((("work", "ed", ""), ("want", "ed", ""), ("need", "ed", ""), ("decid", "ed", "")), "A"),
                       ((("b", "oo", "k"), ("f", "oo", "d"), ("g", "oo", "d"), ("l", "oo", "k")), "B")]:
        n += 1
        o = [(L, [w[0], R(w[1], underline=True), w[2]], L == ans) for L, w in zip(LETTERS, words, strict=True)]
        p.p(R(f"Question {n}. ", bold=True), *[x for i, (L, its, _c) in enumerate(o) for x in (["\t"] if i else []) + [f"{L}. ", *its]])
        t.q(n, "mcq", [], [(L, ["".join(w)], c) for (L, _i, c), w in zip(o, words, strict=True)], answer=ans, section="pronunciation")
        keys.append(ans)
    sec2 = "Mark the letter A, B, C, or D to indicate the word(s) CLOSEST in meaning to the underlined word(s) in each of the following questions."
    p.p(R(sec2, bold=True, italic=True))
    syn = [
        (["The government should take measures to ", R("preserve", underline=True), " historical buildings."],
         ["destroy", "protect", "rebuild", "ignore"], "B"),
        (["Many young people are ", R("keen on", underline=True), " volunteering in remote areas."],
         ["interested in", "tired of", "afraid of", "bored with"], "A"),
    ]
    for stem, opts, ans in syn:
        n += 1
        p.p(R(f"Question {n}. ", bold=True), *stem)
        o = mcq_opts(opts, ans)
        p.p(*[x for i, (L, its, _c) in enumerate(o) for x in (["\t"] if i else []) + [f"{L}. ", *its]])
        t.q(n, "mcq", stem, o, answer=ans, section="closest")
        keys.append(ans)
    sec3 = "Mark the letter A, B, C, or D to indicate the word(s) OPPOSITE in meaning to the underlined word(s) in each of the following questions."
    p.p(R(sec3, bold=True, italic=True))
    ant = [(["The city is so ", R("crowded", underline=True), " that it is hard to find a quiet place."],
            ["busy", "populous", "deserted", "noisy"], "C")]
    for stem, opts, ans in ant:
        n += 1
        p.p(R(f"Question {n}. ", bold=True), *stem)
        o = mcq_opts(opts, ans)
        p.p(*[x for i, (L, its, _c) in enumerate(o) for x in (["\t"] if i else []) + [f"{L}. ", *its]])
        t.q(n, "mcq", stem, o, answer=ans, section="opposite")
        keys.append(ans)
    p.p(R("Rewrite each of the following sentences in such a way that it means almost the same as the sentence printed before it.",
          bold=True, italic=True))
    rew = [
        ("I started learning English five years ago.", "I have", "I have learned English for five years."),
        ("It is a pity that I can't go to the party.", "I wish", "I wish I could go to the party."),
        ("\u201cI will call you tomorrow,\u201d he said to me.", "He told", "He told me that he would call me the next day."),
    ]
    rew_keys = []
    for sent, prompt, ans in rew:
        n += 1
        p.p(R(f"Question {n}. ", bold=True), sent)
        p.p(f"\u2192 {prompt} " + "\u2026" * 30)
        t.q(n, "short_answer", [sent, f" \u2192 {prompt} " + "\u2026" * 30], answer=ans, section="rewrite")
        rew_keys.append((n, ans))
    het(p, "------ THE END ------")
    p.doc.add_page_break()
    p.p("ANSWER KEY", bold=True, center=True)
    p.p("   ".join(f"{i}. {a}" for i, a in enumerate(keys, 1)))
    for i, a in rew_keys:
        p.p(f"{i}. {a}")
    return p, t, name


DIA12 = [
    (["Cho bảng số liệu: Diện tích và sản lượng lúa của nước ta giai đoạn 2010 - 2022. Để thể hiện diện tích và sản lượng lúa, "
      "biểu đồ nào sau đây thích hợp nhất?"], "img", "C"),
    (["Nước ta có nhiều tài nguyên khoáng sản là do vị trí địa lí"],
     ["giáp biển Đông", "nằm trên vành đai sinh khoáng Thái Bình Dương và Địa Trung Hải", "nằm trong vùng nội chí tuyến",
      "nằm ở trung tâm Đông Nam Á"], "B"),
    (["Biểu đồ nào sau đây thể hiện cơ cấu lao động theo khu vực kinh tế của nước ta năm 2022?"], "img", "A"),
    (["Vùng nào sau đây có mật độ dân số cao nhất nước ta?"],
     ["Đồng bằng sông Hồng", "Tây Nguyên", "Tây Bắc", "Bắc Trung Bộ"], "A"),
    (["Thế mạnh nổi bật của vùng Trung du và miền núi Bắc Bộ là"],
     ["nuôi trồng thủy sản", "trồng lúa nước", "khai thác khoáng sản và thủy điện", "du lịch biển"], "C"),
    (["Cảng biển nước sâu nào sau đây thuộc vùng Bắc Trung Bộ?"], ["Cái Lân", "Cam Ranh", "Dung Quất", "Vũng Áng"], "D"),
]


def dia12_phuongan_hinh(out: Path):
    """Địa lí: options that are PICTURES (charts), 'A.' + picture in the cells of a borderless 2x2
    table; the right option followed by '(đúng)' typed by the teacher; text options on their own
    lines with the same '(đúng)' marker."""
    name = "dia12_phuongan_hinh.docx"
    p = Paper2()
    t = Truth(name, {"department": "Quảng Trị", "subject": "Địa lí", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ ÔN TẬP KIỂM TRA CUỐI KỲ I"})
    header(p, ["SỞ GD&ĐT QUẢNG TRỊ", "TRƯỜNG THPT ĐÔNG HÀ"],
           ["ĐỀ ÔN TẬP KIỂM TRA CUỐI KỲ I", "NĂM HỌC 2024 - 2025", "Môn: ĐỊA LÍ 12", "Thời gian làm bài: 45 phút"])
    for n, (stem, opts, ans) in enumerate(DIA12, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        if opts == "img":
            o = [(L, [Img(50, 36, cm=3.5)], L == ans) for L in LETTERS]
            cells = [[R(f"{L}. ", bold=True), *its, *([" (đúng)"] if c else [])] for L, its, c in o]
            p.table([[cells[0], cells[1]], [cells[2], cells[3]]], borders=False)
        else:
            o = mcq_opts(opts, ans)
            for L, its, c in o:
                p.p(R(f"{L}. ", bold=True), *its, *([" (đúng)"] if c else []))
        t.q(n, "mcq", stem, o, answer=ans)
    het(p)
    return p, t, name


def sinh12_luoi_dapan(out: Path):
    """24 questions, options two to a line separated by runs of spaces (no tab); the key is the
    'BẢNG ĐÁP ÁN' grid of 3 rows x 10 columns with '1.B', '2.C' … in each cell (last cells empty)."""
    from make_papers import SINH

    name = "sinh12_luoi_dapan.docx"
    p = Paper2()
    t = Truth(name, {"department": "Tiền Giang", "subject": "Sinh học", "grade": 12, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA HỌC KỲ II"})
    header(p, ["SỞ GD&ĐT TIỀN GIANG", "TRƯỜNG THPT CHUYÊN TIỀN GIANG"],
           ["ĐỀ KIỂM TRA HỌC KỲ II", "NĂM HỌC 2023 - 2024", "Môn: SINH HỌC - Khối 12", "Thời gian: 45 phút"])
    candidate_line(p, 1)
    for n, (stem, opts, ans) in enumerate(SINH, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        o = mcq_opts(opts, ans)
        p.p(R("A. ", bold=True), *o[0][1], "        ", R("B. ", bold=True), *o[1][1])
        p.p(R("C. ", bold=True), *o[2][1], "        ", R("D. ", bold=True), *o[3][1])
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p)
    p.p("BẢNG ĐÁP ÁN", bold=True, center=True)
    cells = [f"{i}.{a}" for i, (_s, _o, a) in enumerate(SINH, 1)] + [""] * 6
    p.table([cells[r * 10:(r + 1) * 10] for r in range(3)])
    return p, t, name


def vatli11_equation3(out: Path):
    """Vật lí 11 typed with the old Microsoft Equation 3.0 (w:object, o:OLEObject ProgID
    'Equation.3'), in stems and options; a circuit picture; right label highlighted."""
    name = "vatli11_equation3.docx"
    p = Paper2()
    t = Truth(name, {"department": "Quảng Ninh", "subject": "Vật lí", "grade": 11, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA GIỮA KỲ I"})
    header(p, ["SỞ GD&ĐT QUẢNG NINH", "TRƯỜNG THPT HÒN GAI"],
           ["ĐỀ KIỂM TRA GIỮA KỲ I", "NĂM HỌC 2023 - 2024", "Môn: VẬT LÍ 11", "Thời gian làm bài: 45 phút"])

    def e3(latex, w=40, h=16):
        return Ole(latex, progid="Equation.3", w=w, h=h)

    qs = [
        (["Một vật dao động điều hòa theo phương trình ", e3("x=5\\cos (4\\pi t)", 80), " (cm). Biên độ dao động là"],
         ["5 cm", "4 cm", "10 cm", "20 cm"], "A"),
        (["Chu kì dao động của con lắc đơn có chiều dài ", e3("\\ell "), " là"],
         [[e3("T=2\\pi \\sqrt{\\frac{g}{\\ell }}", 60, 30)], [e3("T=2\\pi \\sqrt{\\frac{\\ell }{g}}", 60, 30)],
          [e3("T=\\frac{1}{2\\pi }\\sqrt{\\frac{\\ell }{g}}", 60, 30)], [e3("T=\\sqrt{\\frac{\\ell }{g}}", 50, 30)]], "B"),
        (["Cho mạch điện như hình vẽ, biết ", e3("{R}_{1}=4\\Omega ", 44), ", ", e3("{R}_{2}=6\\Omega ", 44),
          " mắc nối tiếp. Điện trở tương đương của mạch là", Img(70, 30)],
         [[e3("2,4\\Omega ", 30)], [e3("24\\Omega ", 28)], [e3("10\\Omega ", 28)], [e3("2\\Omega ", 24)]], "C"),
        (["Một sóng cơ có tần số 50 Hz truyền với tốc độ 2 m/s. Bước sóng là"], ["100 cm", "25 cm", "2,5 cm", "4 cm"], "D"),
        (["Cơ năng của con lắc lò xo dao động điều hòa là"],
         [[e3("W=\\frac{1}{2}k{A}^{2}", 60, 28)], [e3("W=kA", 36)], [e3("W=\\frac{1}{2}kA", 50, 28)], [e3("W=k{A}^{2}", 40)]], "A"),
        (["Hai điện tích điểm ", e3("{q}_{1}={q}_{2}={10}^{-6}C", 90), " đặt cách nhau 3 cm trong chân không. Lực tương tác giữa chúng là"],
         ["1 N", "10 N", "0,1 N", "100 N"], "B"),
    ]
    for n, (stem, opts, ans) in enumerate(qs, 1):
        p.p(R(f"Câu {n}: ", bold=True), *[x for x in stem if not isinstance(x, Img)])
        for x in stem:
            if isinstance(x, Img):
                p.p(x, center=True)
        o = mcq_opts(opts, ans)
        p.p(*[x for i, (L, its, c) in enumerate(o) for x in (["\t"] if i else []) + [R(f"{L}.", bold=True, highlight=c), " ", *its]])
        t.q(n, "mcq", stem, o, answer=ans)
    het(p)
    return p, t, name


def toan11_congthuc_khoangtrang(out: Path):
    """Options that are ONLY a Word equation, four to a line separated by runs of spaces (no tab,
    no text between the equations but the labels); right label underlined."""
    name = "toan11_congthuc_khoangtrang.docx"
    p = Paper2()
    t = Truth(name, {"department": "An Giang", "subject": "Toán", "grade": 11, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KỲ II"})
    header(p, ["SỞ GD&ĐT AN GIANG", "TRƯỜNG THPT THOẠI NGỌC HẦU"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KỲ II", "NĂM HỌC 2024 - 2025", "Môn: TOÁN 11", "Thời gian làm bài: 90 phút"])

    def m(omml, latex):
        return M(omml, latex)
    x2 = m(msup(mr("x"), mr("2")), "{x}^{2}")
    qs = [
        (["Đạo hàm của hàm số ", m(mr("y=") + msup(mr("x"), mr("3")), "y={x}^{3}"), " là"],
         [m(mr("3") + msup(mr("x"), mr("2")), "3{x}^{2}"), m(msup(mr("x"), mr("2")), "{x}^{2}"), m(mr("3x"), "3x"),
          m(mr("3") + msup(mr("x"), mr("3")), "3{x}^{3}")], "A"),
        (["Giá trị của ", m(mr("lim ") + mfrac(mr("2n+1"), mr("n+3")), r"\lim \frac{2n+1}{n+3}"), " bằng"],
         [m(mfrac(mr("1"), mr("3")), r"\frac{1}{3}"), m(mr("2"), "2"), m(mr("1"), "1"), m(mr("+∞"), r"+\infty ")], "B"),
        (["Với a là số thực dương tùy ý, ", m(msub(mr("log"), mr("2")) + mparen(mr("8a")), r"{\log }_{2}(8a)"), " bằng"],
         [m(mr("8") + msub(mr("log"), mr("2")) + mr("a"), r"8{\log }_{2}a"), m(mr("3") + msub(mr("log"), mr("2")) + mr("a"), r"3{\log }_{2}a"),
          m(mr("3+") + msub(mr("log"), mr("2")) + mr("a"), r"3+{\log }_{2}a"), m(mr("8+") + msub(mr("log"), mr("2")) + mr("a"), r"8+{\log }_{2}a")], "C"),
        (["Tập xác định của hàm số ", m(mr("y=") + msqrt(mr("x-2")), r"y=\sqrt{x-2}"), " là"],
         [m(mr("(2;+∞)"), r"(2;+\infty )"), m(mr("ℝ"), r"\mathbb{R}"), m(mr("(-∞;2]"), r"(-\infty ;2]"), m(mr("[2;+∞)"), r"[2;+\infty )")], "D"),
        (["Nghiệm của phương trình ", m(msup(mr("3"), mr("x")) + mr("=9"), "{3}^{x}=9"), " là"],
         [m(mr("x=2"), "x=2"), m(mr("x=3"), "x=3"), m(mr("x=") + mfrac(mr("1"), mr("2")), r"x=\frac{1}{2}"), m(mr("x=-2"), "x=-2")], "A"),
        (["Đạo hàm của hàm số ", m(mr("y=sin") + x2.omml, r"y=\sin {x}^{2}"), " là"],
         [m(mr("cos") + x2.omml, r"\cos {x}^{2}"), m(mr("2x.cos") + x2.omml, r"2x\cos {x}^{2}"),
          m(mr("-2x.cos") + x2.omml, r"-2x\cos {x}^{2}"), m(mr("2x.sin") + x2.omml, r"2x\sin {x}^{2}")], "B"),
    ]
    for n, (stem, opts, ans) in enumerate(qs, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        o = mcq_opts([[x] for x in opts], ans)
        p.p(*[x for i, (L, its, c) in enumerate(o) for x in (["      "] if i else []) + [R(L, bold=True, underline=c), R(". ", bold=True), *its]])
        t.q(n, "mcq", stem, o, answer=ans)
    het(p)
    return p, t, name



DIA9 = [
    ("Nước ta có bao nhiêu dân tộc cùng chung sống?", ["54", "45", "64", "50"], "A"),
    ("Dân tộc có số dân đông nhất nước ta là", ["Tày", "Kinh", "Thái", "Mường"], "B"),
    ("Vùng có mật độ dân số thấp nhất nước ta là", ["Đồng bằng sông Hồng", "Đông Nam Bộ", "Tây Nguyên", "Duyên hải Nam Trung Bộ"], "C"),
    ("Cây công nghiệp lâu năm quan trọng nhất của Tây Nguyên là", ["chè", "cao su", "hồ tiêu", "cà phê"], "D"),
    ("Trung tâm công nghiệp lớn nhất Đồng bằng sông Hồng là", ["Hà Nội", "Hải Phòng", "Nam Định", "Bắc Ninh"], "A"),
    ("Ngành công nghiệp trọng điểm nào sau đây dựa trên nguồn nguyên liệu từ nông nghiệp?",
     ["Khai thác than", "Chế biến lương thực, thực phẩm", "Cơ khí", "Hóa chất"], "B"),
]


def dia9_gach_cheo(out: Path):
    """An older THCS convention: labels 'Câu 1/' and options 'A/ …' (slash instead of dot), two to
    a line with tabs; key as a 'Câu | 1 … 6 / Đáp án' table."""
    name = "dia9_gach_cheo.docx"
    p = Paper2()
    t = Truth(name, {"department": None, "subject": "Địa lí", "grade": 9, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KÌ I"})
    header(p, ["PHÒNG GD&ĐT HUYỆN CỦ CHI", "TRƯỜNG THCS TÂN THẠNH ĐÔNG"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KÌ I", "NĂM HỌC 2023 - 2024", "Môn: ĐỊA LÍ 9", "Thời gian: 45 phút"])
    p.p(R("I. TRẮC NGHIỆM (3 điểm). ", bold=True), R("Khoanh tròn vào chữ cái đứng trước câu trả lời đúng.", italic=True))
    for n, (stem, opts, ans) in enumerate(DIA9, 1):
        p.p(R(f"Câu {n}/ ", bold=True), stem)
        o = mcq_opts(opts, ans)
        p.p(f"A/ {opts[0]}", "\t", f"B/ {opts[1]}")
        p.p(f"C/ {opts[2]}", "\t", f"D/ {opts[3]}")
        t.q(n, "mcq", [stem], o, answer=ans, section="I. TRẮC NGHIỆM")
    het(p, "--- Hết ---")
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.table([["Câu"] + [str(i) for i in range(1, len(DIA9) + 1)], ["Đáp án"] + [a for _, _, a in DIA9]])
    return p, t, name


HOA9 = [
    (["Dung dịch làm quỳ tím hóa xanh là"], ["HCl", "NaOH", "NaCl", "H2SO4"], "B"),
    (["Kim loại nào sau đây tác dụng được với dung dịch HCl?"], ["Cu", "Ag", "Fe", "Au"], "C"),
    (["Oxit nào sau đây là oxit bazơ?"], ["CaO", "CO2", "SO2", "P2O5"], "A"),
    (["Chất nào sau đây dùng để khử chua đất trồng?"], ["NaCl", "KNO3", "CuSO4", "Ca(OH)2"], "D"),
    (["Khối lượng mol của CO2 là"], ["28 g/mol", "44 g/mol", "32 g/mol", "12 g/mol"], "B"),
]


def hoa9_nhan_haicham(out: Path):
    """Options labelled with a COLON 'A: …' (one per line), the right one in red; chemistry
    subscripts as runs."""
    name = "hoa9_nhan_haicham.docx"
    p = Paper2()
    t = Truth(name, {"department": None, "subject": "Hóa học", "grade": 9, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA HỌC KÌ I"})
    header(p, ["PHÒNG GIÁO DỤC VÀ ĐÀO TẠO TP VINH", "TRƯỜNG THCS ĐẶNG THAI MAI"],
           ["ĐỀ KIỂM TRA HỌC KÌ I", "NĂM HỌC 2024 - 2025", "Môn: HÓA HỌC 9", "Thời gian làm bài: 45 phút"])
    for n, (stem, opts, ans) in enumerate(HOA9, 1):
        p.p(R(f"Câu {n}: ", bold=True), *stem)
        o = [(L, chem(x), L == ans) for L, x in zip(LETTERS, opts, strict=True)]
        for L, its, c in o:
            p.p(R(f"{L}: ", red=c), *[R(x.text, sub=x.sub, red=c) if isinstance(x, R) else R(x, red=c) for x in its])
        t.q(n, "mcq", stem, o, answer=ans)
    het(p)
    return p, t, name


def lichsu12_2025_tulieu(out: Path):
    """2025 Lịch sử: PHẦN II questions open with 'Cho đoạn tư liệu sau đây:' and the source text in a
    bordered 1x1 table (a box), then statements a)–d); keys: PHẦN I as a 'Câu | 1..4 / Đáp án'
    table, PHẦN II as 'Câu | Lệnh hỏi | Đáp án (Đ/S)'."""
    name = "lichsu12_2025_tulieu.docx"
    p = Paper2()
    t = Truth(name, {"department": "Hưng Yên", "subject": "Lịch sử", "grade": 12, "year": "2024-2025",
                     "exam": "KỲ THI THỬ TỐT NGHIỆP THPT NĂM 2025"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "HƯNG YÊN", "ĐỀ THI THỬ"],
           ["KỲ THI THỬ TỐT NGHIỆP THPT NĂM 2025", "Môn thi: LỊCH SỬ", "Thời gian làm bài: 50 phút, không kể thời gian phát đề"])
    candidate_line(p, 0)
    p.p(R("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn. ", bold=True), "Thí sinh trả lời từ câu 1 đến câu 4.")
    p1 = [(s, o, a) for (s, o), a in zip(SU12[:4], "AADB", strict=True)]
    for n, (stem, opts, ans) in enumerate(p1, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        p.p(*[x for i, (L, its, _c) in enumerate(o) for x in (["\t"] if i else []) + [R(f"{L}. ", bold=True), *its]])
        t.q(n, "mcq", [stem], o, answer=ans, section="PHẦN I")
    p.p(R("PHẦN II. Câu trắc nghiệm đúng sai. ", bold=True),
        "Thí sinh trả lời từ câu 1 đến câu 2. Trong mỗi ý a), b), c), d) ở mỗi câu, thí sinh chọn đúng hoặc sai.")
    p2 = [
        ("“Hỡi đồng bào toàn quốc! Chúng ta muốn hòa bình, chúng ta phải nhân nhượng. Nhưng chúng ta càng nhân nhượng, "
         "thực dân Pháp càng lấn tới, vì chúng quyết tâm cướp nước ta lần nữa!”",
         "(Hồ Chí Minh, Lời kêu gọi toàn quốc kháng chiến, ngày 19-12-1946)",
         ["Đoạn tư liệu trích trong Lời kêu gọi toàn quốc kháng chiến của Chủ tịch Hồ Chí Minh.",
          "Nhân dân Việt Nam muốn hòa bình nên đã nhân nhượng thực dân Pháp.",
          "Thực dân Pháp đã từ bỏ âm mưu xâm lược Việt Nam lần thứ hai.",
          "Lời kêu gọi được phát đi sau khi chiến dịch Điện Biên Phủ kết thúc."], "ĐĐSS"),
        ("“Đổi mới không phải là thay đổi mục tiêu xã hội chủ nghĩa mà là làm cho mục tiêu ấy được thực hiện có hiệu quả "
         "bằng những quan niệm đúng đắn về chủ nghĩa xã hội, những hình thức, biện pháp và bước đi thích hợp.”",
         "(Đảng Cộng sản Việt Nam, Văn kiện Đại hội đại biểu toàn quốc lần thứ VII)",
         ["Đổi mới là từ bỏ mục tiêu xã hội chủ nghĩa.", "Đổi mới nhằm thực hiện mục tiêu xã hội chủ nghĩa có hiệu quả hơn.",
          "Công cuộc Đổi mới được đề ra tại Đại hội VI năm 1986.", "Đổi mới chỉ diễn ra trên lĩnh vực chính trị."], "SĐĐS"),
    ]
    for n, (quote, src, sts, ans) in enumerate(p2, 1):
        p.p(R(f"Câu {n}. ", bold=True), "Cho đoạn tư liệu sau đây:")
        p.table([[[[R(quote, italic=True)], [src]]]])
        for lab, st in zip("abcd", sts, strict=True):
            p.p(f"{lab}) {st}")
        t.q(n, "true_false", ["Cho đoạn tư liệu sau đây: ", quote, " ", src], tf_opts(sts, ans), answer=list(ans), section="PHẦN II")
    het(p, "------ HẾT ------")
    p.doc.add_page_break()
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.p("PHẦN I.", bold=True)
    p.table([["Câu", "1", "2", "3", "4"], ["Đáp án"] + [a for *_x, a in p1]])
    p.p("PHẦN II.", bold=True)
    rows = [["Câu", "Lệnh hỏi", "Đáp án (Đ/S)"]]
    for n, (*_x, ans) in enumerate(p2, 1):
        for lab, a in zip("abcd", ans, strict=True):
            rows.append([str(n), lab, a])
    p.table(rows)
    return p, t, name



def nguvan12_ubnd_bang_hdc(out: Path):
    """Ngữ văn 12 of a Sở whose header starts with its People's Committee: 'UBND TỈNH LẠNG SƠN' over
    'SỞ GIÁO DỤC VÀ ĐÀO TẠO'; 'I. ĐỌC HIỂU (4,0 điểm)' / 'II. VIẾT (6,0 điểm)'; the guide is the
    usual Ngữ văn table 'Phần | Câu | Nội dung | Điểm' with the Phần cells merged down each part,
    a part row 'ĐỌC HIỂU | 4,0', and each writing question's Câu cell merged over its rows
    ('Yêu cầu chung …', 'a. Đảm bảo cấu trúc …', …)."""
    name = "nguvan12_ubnd_bang_hdc.docx"
    p = Paper2()
    t = Truth(name, {"department": "Lạng Sơn", "subject": "Ngữ văn", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ KHẢO SÁT CHẤT LƯỢNG HỌC KỲ I"})
    header(p, ["UBND TỈNH LẠNG SƠN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "ĐỀ CHÍNH THỨC"],
           ["ĐỀ KHẢO SÁT CHẤT LƯỢNG HỌC KỲ I", "NĂM HỌC 2024 - 2025", "Môn: NGỮ VĂN - Lớp 12",
            "Thời gian làm bài: 90 phút, không kể thời gian phát đề"])
    p.p(R("I. ĐỌC HIỂU (4,0 điểm)", bold=True))
    p.p(R("Đọc đoạn trích:", bold=True, italic=True))
    p.p("Tôi muốn tắt nắng đi / Cho màu đừng nhạt mất; / Tôi muốn buộc gió lại / Cho hương đừng bay đi.", italic=True)
    p.p("(Xuân Diệu, Vội vàng)", center=True)
    p.p(R("Thực hiện các yêu cầu sau:", bold=True, italic=True))
    reading = [
        (0.5, ["Xác định thể thơ của đoạn trích."], ["Thể thơ năm chữ."]),
        (0.5, ["Chỉ ra những ước muốn của nhân vật trữ tình trong đoạn trích."], ["Tắt nắng, buộc gió."]),
        (1.0, ["Nêu tác dụng của phép điệp cấu trúc trong đoạn trích."], ["Nhấn mạnh khát vọng níu giữ cái đẹp, tạo nhịp điệu."]),
        (1.0, ["Anh/Chị hiểu như thế nào về khát vọng của nhân vật trữ tình?"], ["Khát vọng táo bạo muốn giữ lại vẻ đẹp của cuộc sống."]),
        (1.0, ["Thông điệp nào trong đoạn trích có ý nghĩa nhất với anh/chị? Vì sao?"], ["Học sinh nêu thông điệp và lí giải hợp lí."]),
    ]
    for n, (pt, stem, g) in enumerate(reading, 1):
        p.p(R(f"Câu {n}. ", bold=True), f"({pts(pt)} điểm) ", *stem)
        t.q(n, "essay", stem, points=pt, section="I. ĐỌC HIỂU", group="voi-vang", guide=g)
    p.p(R("II. VIẾT (6,0 điểm)", bold=True))
    w1 = ["Viết đoạn văn (khoảng 200 chữ) cảm nhận về khát vọng sống trong đoạn thơ trên."]
    w2 = ["Viết bài văn nghị luận (khoảng 600 chữ) trình bày suy nghĩ về việc sống chậm của giới trẻ hiện nay."]
    p.p(R("Câu 1. ", bold=True), "(2,0 điểm) ", *w1)
    p.p(R("Câu 2. ", bold=True), "(4,0 điểm) ", *w2)
    het(p, "------------- HẾT -------------")
    p.doc.add_page_break()
    p.p("HƯỚNG DẪN CHẤM", bold=True, center=True)
    g1 = [("Yêu cầu chung: đảm bảo hình thức đoạn văn khoảng 200 chữ.", "0,25"),
          ("a. Xác định đúng vấn đề: khát vọng sống mãnh liệt.", "0,25"),
          ("b. Triển khai vấn đề: khát vọng níu giữ thời gian, tình yêu cuộc sống.", "1,0"),
          ("c. Chính tả, ngữ pháp; sáng tạo.", "0,5")]
    g2 = [("Yêu cầu chung: đảm bảo cấu trúc bài văn nghị luận xã hội.", "0,25"),
          ("a. Xác định đúng vấn đề: sống chậm của giới trẻ.", "0,5"),
          ("b. Giải thích sống chậm; bàn luận ý nghĩa; phản đề; bài học nhận thức và hành động.", "2,75"),
          ("c. Chính tả, ngữ pháp; sáng tạo.", "0,5")]
    rows = [["Phần", "Câu", "Nội dung", "Điểm"], ["I", "", "ĐỌC HIỂU", "4,0"]]
    for n, (pt, _s, g) in enumerate(reading, 1):
        rows.append([None, str(n), g[0], pts(pt)])
    merges = [(1, 0, len(rows) - 1, 0)]
    r0 = len(rows)
    rows.append(["II", "", "VIẾT", "6,0"])
    for n, g in ((1, g1), (2, g2)):
        start = len(rows)
        for i, (txt, sp) in enumerate(g):
            rows.append([None, str(n) if i == 0 else None, txt, sp])
        merges.append((start, 1, len(rows) - 1, 1))
    merges.append((r0, 0, len(rows) - 1, 0))
    p.table(rows, merges=merges)
    t.q(1, "essay", w1, points=2.0, section="II. VIẾT", guide=[x for x, _ in g1])
    t.q(2, "essay", w2, points=4.0, section="II. VIẾT", guide=[x for x, _ in g2])
    return p, t, name


# ================================================================= EXCEL BANKS
def toan12_nganhang_macauhoi(out: Path):
    """Bank keyed by 'Mã câu hỏi' (T12-HS-001 …, no STT), options 'Phương án 1..4', the answer as the
    option's NUMBER ('1'..'4', typed as text), the level as a number 1-4 explained in the header
    'Mức độ (1: NB, 2: TH, 3: VD, 4: VDC)'; typed $…$ math."""
    name = "toan12_nganhang_macauhoi.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Hàm số"
    ws.append(["Mã câu hỏi", "Nội dung câu hỏi", "Phương án 1", "Phương án 2", "Phương án 3", "Phương án 4", "Đáp án",
               "Mức độ (1: NB, 2: TH, 3: VD, 4: VDC)", "Chủ đề"])
    for c in ws[1]:
        c.font = Font(bold=True)
    # nothing in the sheet states subject or grade (only the codes hint at them): meta stays empty
    t = Truth(name, {"department": None, "subject": None, "grade": None, "year": None, "exam": None})
    levels = {1: "Nhận biết", 2: "Thông hiểu", 3: "Vận dụng", 4: "Vận dụng cao"}
    rows = [
        ("T12-HS-001", "Hàm số $y={x}^{3}-3x$ đồng biến trên khoảng nào sau đây?", ["$(-1;1)$", "$(1;+\\infty )$", "$(-2;0)$", "$(0;2)$"], 2, 1,
         "Đơn điệu"),
        ("T12-HS-002", "Giá trị cực tiểu của hàm số $y={x}^{2}-4x+5$ là", ["1", "2", "5", "0"], 1, 1, "Cực trị"),
        ("T12-HS-003", "Giá trị lớn nhất của hàm số $y=-{x}^{2}+2x$ trên đoạn $[0;3]$ là", ["0", "-3", "2", "1"], 4, 2, "GTLN - GTNN"),
        ("T12-HS-004", "Đồ thị hàm số $y=\\frac{2x+1}{x-1}$ có tiệm cận ngang là", ["$y=1$", "$x=1$", "$y=2$", "$x=2$"], 3, 2, "Tiệm cận"),
        ("T12-HS-005", "Có bao nhiêu giá trị nguyên của m để hàm số $y={x}^{3}-3m{x}^{2}+3x$ đồng biến trên $\\mathbb{R}$?",
         ["1", "3", "2", "4"], 2, 3, "Đơn điệu"),
        ("T12-HS-006", "Một tấm nhôm hình vuông cạnh 12 cm, cắt ở bốn góc bốn hình vuông bằng nhau rồi gập thành hộp. Thể tích lớn nhất của hộp là",
         ["$128c{m}^{3}$", "$100c{m}^{3}$", "$96c{m}^{3}$", "$144c{m}^{3}$"], 1, 4, "GTLN - GTNN"),
    ]
    for n, (code, stem, opts, k, lv, topic) in enumerate(rows, 1):
        ws.append([code, stem, *opts, str(k), lv, topic])
        t.q(n, "mcq", [stem], mcq_opts(opts, LETTERS[k - 1]), answer=LETTERS[k - 1], level=levels[lv], topic=topic, typed_math=True)
    return wb, t, name


def vatli11_nganhang_haibang(out: Path):
    """Bank sheet with a merged 'logo' block (A1:C4 the school, D1:H4 the title), the header on row 5,
    a first table, two empty rows, a merged heading 'CHỦ ĐỀ 2: SÓNG' and a SECOND table with its own
    header row and STT restarting at 1, all on the same sheet."""
    name = "vatli11_nganhang_haibang.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "NHCH"
    ws["A1"] = "SỞ GD&ĐT QUẢNG NINH\nTRƯỜNG THPT HÒN GAI\nTỔ VẬT LÍ - CÔNG NGHỆ"
    ws.merge_cells("A1:C4")
    ws["D1"] = "NGÂN HÀNG CÂU HỎI TRẮC NGHIỆM\nMÔN VẬT LÍ 11 - NĂM HỌC 2024 - 2025"
    ws.merge_cells("D1:H4")
    for c in ("A1", "D1"):
        ws[c].alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws[c].font = Font(bold=True)
    head = ["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án", "Mức độ"]
    t = Truth(name, {"department": "Quảng Ninh", "subject": "Vật lí", "grade": 11, "year": "2024-2025", "exam": None})
    t1 = [
        ("Dao động điều hòa là dao động mà li độ là một hàm", ["bậc nhất của thời gian", "cosin (hay sin) của thời gian",
                                                              "bậc hai của thời gian", "mũ của thời gian"], "B", "Nhận biết"),
        ("Đơn vị của tần số góc là", ["rad/s", "Hz", "s", "m/s"], "A", "Nhận biết"),
        ("Con lắc lò xo có độ cứng k = 100 N/m, khối lượng 1 kg. Tần số góc là", ["100 rad/s", "1 rad/s", "10 rad/s", "0,1 rad/s"], "C",
         "Thông hiểu"),
        ("Trong dao động tắt dần, đại lượng giảm dần theo thời gian là", ["chu kì", "tần số", "pha ban đầu", "biên độ"], "D", "Nhận biết"),
    ]
    t2 = [
        ("Sóng ngang truyền được trong môi trường", ["rắn và bề mặt chất lỏng", "chỉ chất khí", "chân không", "chỉ chất lỏng"], "A",
         "Nhận biết"),
        ("Một sóng có tần số 10 Hz, bước sóng 2 m. Tốc độ truyền sóng là", ["5 m/s", "20 m/s", "12 m/s", "0,2 m/s"], "B", "Thông hiểu"),
        ("Hai nguồn kết hợp là hai nguồn có", ["cùng biên độ", "cùng pha ban đầu bất kì", "cùng tần số và hiệu số pha không đổi",
                                               "cùng vị trí"], "C", "Nhận biết"),
    ]
    ws.append(head)  # row 5
    for c in ws[5]:
        c.font = Font(bold=True)
    n = 0
    for i, (stem, opts, ans, lv) in enumerate(t1, 1):
        ws.append([i, stem, *opts, ans, lv])
        n += 1
        t.q(i, "mcq", [stem], mcq_opts(opts, ans), answer=ans, level=lv, typed_math=True)
    ws.append([])
    ws.append([])
    r = ws.max_row + 1
    ws.cell(r, 1, "CHỦ ĐỀ 2: SÓNG")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=8)
    ws.cell(r, 1).font = Font(bold=True)
    ws.append(head)
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for i, (stem, opts, ans, lv) in enumerate(t2, 1):
        ws.append([i, stem, *opts, ans, lv])
        t.q(i, "mcq", [stem], mcq_opts(opts, ans), answer=ans, level=lv, typed_math=True)
    return wb, t, name


def tienganh_bank_key_explanation(out: Path):
    """English-only bank: 'Question | Option A | Option B | Option C | Option D | Key | Explanation';
    the explanation is the question's solution."""
    name = "tienganh_bank_key_explanation.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Grade 11 - Unit 4"
    ws.append(["Question", "Option A", "Option B", "Option C", "Option D", "Key", "Explanation"])
    for c in ws[1]:
        c.font = Font(bold=True)
    t = Truth(name, {"department": None, "subject": None, "grade": None, "year": None, "exam": None})
    rows = [
        ("ASEAN was founded ______ 1967.", ["on", "in", "at", "for"], "B", "We use 'in' before years."),
        ("Viet Nam became a member of ASEAN in 1995, ______?", ["didn't it", "wasn't it", "did it", "doesn't it"], "A",
         "Tag question for a past simple positive sentence: didn't + subject."),
        ("The ASEAN Para Games are held for athletes with ______.", ["abilities", "disabled", "disabilities", "able"], "C",
         "A noun is needed after 'with': disabilities."),
        ("She suggested ______ a charity event for the school.", ["organise", "to organise", "organised", "organising"], "D",
         "suggest + V-ing."),
        ("If I ______ you, I would join the youth programme.", ["were", "am", "was being", "have been"], "A",
         "Second conditional: If + S + were."),
    ]
    for n, (stem, opts, key, expl) in enumerate(rows, 1):
        ws.append([stem, *opts, key, expl])
        t.q(n, "mcq", [stem], mcq_opts(opts, key), answer=key, typed_math=True, solution=expl)
    return wb, t, name



def sinh11_nganhang_tomau(out: Path):
    """Bank without an answer column: the right option's CELL filled yellow (Home > Fill Color), the
    way many teachers mark it in Excel; 'Mức độ' as NB/TH/VD."""
    name = "sinh11_nganhang_tomau.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sinh 11 - Chương 1"
    ws.append(["STT", "Câu hỏi", "A", "B", "C", "D", "Mức độ"])
    for c in ws[1]:
        c.font = Font(bold=True)
    t = Truth(name, {"department": None, "subject": None, "grade": None, "year": None, "exam": None})
    levels = {"NB": "Nhận biết", "TH": "Thông hiểu", "VD": "Vận dụng"}
    rows = [
        ("Thực vật hấp thụ nước chủ yếu qua bộ phận nào?", ["Lá", "Thân", "Lông hút của rễ", "Hoa"], "C", "NB"),
        ("Quá trình thoát hơi nước ở lá chủ yếu diễn ra qua", ["khí khổng", "cutin", "mạch gỗ", "mạch rây"], "A", "NB"),
        ("Sản phẩm của pha sáng quang hợp gồm", ["CO2, glucôzơ", "ATP, NADPH, O2", "H2O, CO2", "tinh bột"], "B", "TH"),
        ("Hô hấp hiếu khí ở thực vật diễn ra chủ yếu ở bào quan", ["lục lạp", "không bào", "ribôxôm", "ti thể"], "D", "NB"),
        ("Bón phân quá liều lượng cho cây sẽ làm cây", ["héo và có thể chết", "lớn nhanh", "ra hoa sớm", "không ảnh hưởng"], "A", "VD"),
    ]
    for n, (stem, opts, ans, lv) in enumerate(rows, 1):
        ws.append([n, stem, *opts, lv])
        ws.cell(ws.max_row, 3 + LETTERS.index(ans)).fill = PatternFill("solid", fgColor="FFFF00")
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, level=levels[lv], typed_math=True)
    return wb, t, name


PAPERS = [
    tinhoc11_bang_cau_noidung, vatli12_2025_haicot, hoa11_nhan_tach_run, sinh10_dapan_tick, gdktpl11_nghieng_dam,
    lichsu12_ma_de_102, toan12_mathtype, toan9_hsg_y_so, vatli10_hsg_bai, nguvan11_doc_hieu_viet, tienganh11_gachchan,
    dia12_phuongan_hinh, sinh12_luoi_dapan, vatli11_equation3, toan11_congthuc_khoangtrang, dia9_gach_cheo,
    hoa9_nhan_haicham, lichsu12_2025_tulieu, nguvan12_ubnd_bang_hdc,
    toan12_nganhang_macauhoi, vatli11_nganhang_haibang, tienganh_bank_key_explanation, sinh11_nganhang_tomau,
]


def main(out: Path = OUT) -> None:
    write_papers(PAPERS, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
