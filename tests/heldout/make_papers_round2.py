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

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import (  # noqa: E402
    FIXED_TIME,
    NSDECL,
    Br,
    Img,
    M,
    Paper,
    R,
    mr,
    msub,
    msup,
    png_bytes,
    write_stable_zip,
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


PAPERS = [
    tinhoc11_bang_cau_noidung, vatli12_2025_haicot, hoa11_nhan_tach_run, sinh10_dapan_tick, gdktpl11_nghieng_dam,
    lichsu12_ma_de_102, toan12_mathtype,
]


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for make in PAPERS:
        doc, truth, name = make(out)
        if isinstance(doc, Paper):
            doc.save(out / name)
        else:  # an openpyxl workbook
            doc.properties.created = doc.properties.modified = FIXED_TIME
            doc.properties.creator = doc.properties.lastModifiedBy = "QBank QA"
            buf = io.BytesIO()
            doc.save(buf)
            write_stable_zip(buf.getvalue(), out / name)
        truth.write(out / (name + ".truth.json"))
        print(f"{name}: {len(truth.d['questions'])} questions")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
