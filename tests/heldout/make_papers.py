"""Generate held-out exam papers (Word and Excel) with hand-written truth files.

    python tests/heldout/make_papers.py [OUT_DIR]     # default: tests/fixtures/heldout

Each paper is typed in a convention the shared fixtures do not cover (Roman-numeral questions,
guide tables with merged cells, options in borderless tables, bold "Câu 1." on its own line,
keys split over several rows, highlighted / label-underlined answers, 2025 keys per part,
cloze passages, auto-numbering as a multilevel list, typed LaTeX, text boxes, banks with two
header rows or one sheet per topic...). The truth is what a careful teacher writes down,
in the format of ../shared/fixtures/README.md, written beside each file as NAME.truth.json.
Content is written once: the same items give the Word runs and the truth text, so the truth
never disagrees with the paper by a typo; the conventions (labels, markers, keys) are
rendered by each paper's function and are what the importer has to read.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import (  # noqa: E402
    Br,
    Img,
    M,
    Paper,
    R,
    TextBox,
    count_eq,
    count_img,
    mfrac,
    mint,
    mparen,
    mr,
    msqrt,
    msub,
    msup,
    plain,
    write_papers,
)

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"
LETTERS = "ABCD"


# ---------------------------------------------------------------- truth
class Truth:
    def __init__(self, source: str, meta: dict):
        self.d = {"source": source, "meta": meta, "questions": []}

    def q(self, number, qtype, stem, options=None, answer=None, points=None, subparts=None, section=None,
          group=None, guide=None, topic=None, level=None, typed_math=False, solution=None):
        """stem: items; options: [(label, items, correct)]; subparts: [(label, items, points)]."""
        options = options or []
        subparts = subparts or []
        all_items = list(stem) + [i for o in options for i in o[1]] + [i for s in subparts for i in s[1]]
        if typed_math:
            eq = sum(plain(x).count("$") // 2 for x in [stem, *[o[1] for o in options]])
        else:
            eq = count_eq(all_items)
        q = {
            "number": number,
            "type": qtype,
            "stem": plain(stem),
            "options": [{"label": lab, "text": plain(items), "correct": bool(c)} for lab, items, c in options],
            "answer": answer,
            "points": points,
            "subparts": [{"label": lab, "points": pts} for lab, _, pts in subparts],
            "equations": eq,
            "images": count_img(all_items),
            "section": section,
            "group": group,
            "topic": topic,
            "level": level,
        }
        if guide:
            q["guide"] = guide
        if solution:
            q["solution"] = solution
        self.d["questions"].append(q)
        return q

    def write(self, path: Path) -> None:
        path.write_text(json.dumps(self.d, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def mcq_opts(texts, correct: str):
    """[(label, items, correct)] from four texts (str or item lists)."""
    return [(L, [t] if isinstance(t, str) else list(t), L == correct) for L, t in zip(LETTERS, texts, strict=False)]


def tf_opts(statements, answers: str):
    """answers like 'ĐSĐS'."""
    return [(lab, [s] if isinstance(s, str) else list(s), a == "Đ") for lab, s, a in zip("abcd", statements, answers, strict=False)]


# ---------------------------------------------------------------- rendering helpers
def header(paper: Paper, left: list[str], right: list[str]) -> None:
    """The two-column header table without borders (Sở / kỳ thi)."""
    paper.table([[[[R(t, bold=i < 2)] for i, t in enumerate(left)],
                  [[R(t, bold=i < 3)] for i, t in enumerate(right)]]], borders=False)


def candidate_line(paper: Paper, variant: int = 0) -> None:
    lines = [
        "Họ, tên thí sinh: ..................................................... Số báo danh: ...................",
        "Họ và tên thí sinh:………………………………… Số báo danh:……………",
        "Họ tên học sinh: ......................................... Lớp: ........... SBD: ...........",
    ]
    paper.p(lines[variant])


def option_items(label, items, correct, mark, sep=". ", bold_label=False):
    """One option: label + text, with the way this paper marks the right one."""
    lab_run = R(label + sep.rstrip(), bold=bold_label)
    text = list(items)
    if correct and mark == "underline_label":
        lab_run = R(label, bold=bold_label, underline=True)
        return [lab_run, R(sep.rstrip(), bold=bold_label), " ", *text]
    if correct and mark in ("red", "highlight", "underline"):
        kw = {"red": dict(red=True), "highlight": dict(highlight=True), "underline": dict(underline=True)}[mark]

        def fmt(i):
            if isinstance(i, str):
                return R(i, **kw)
            if isinstance(i, R):
                return R(i.text, bold=i.bold, sub=i.sub, sup=i.sup, **kw)
            if isinstance(i, M) and mark == "red":
                return M(i.omml, i.latex, red=True)
            return i
        return [R(label + sep.rstrip(), bold=bold_label, **kw), R(" ", **kw), *[fmt(i) for i in text]]
    return [lab_run, " ", *text]


def render_options(paper: Paper, opts, layout="lines", mark="none", bold_label=False, sep=". "):
    cells = [option_items(lab, items, c, mark, sep, bold_label) for lab, items, c in opts]
    if layout == "lines":
        for c in cells:
            paper.p(*c)
    elif layout == "tabs4":
        paper.p(*[x for i, c in enumerate(cells) for x in (["\t"] if i else []) + c])
    elif layout == "tabs2":
        paper.p(*cells[0], "\t", *cells[1])
        paper.p(*cells[2], "\t", *cells[3])
    elif layout == "table2x2":
        paper.table([[cells[0], cells[1]], [cells[2], cells[3]]], borders=False)
    elif layout == "table1x4":
        paper.table([cells], borders=False)
    else:
        raise ValueError(layout)


def het(paper: Paper, text="------------- HẾT -------------"):
    paper.p(text, center=True, bold=True)


# ================================================================= PAPERS
def hoa9_hsg_nghean(out: Path):
    """Roman 'Câu I (4,0 điểm)', sub-parts '1)' '2)' with '(1,5đ)', chemistry subscripts as runs,
    'HOÁ HỌC' with old-style accent, guide table Câu | Ý | Nội dung | Điểm with merged Câu cells."""
    name = "hoa9_hsg_nghean.docx"
    p = Paper()
    t = Truth(name, {"department": "Nghệ An", "subject": "Hóa học", "grade": 9, "year": "2024-2025",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI TỈNH LỚP 9"})
    header(p, ["SỞ GD&ĐT NGHỆ AN", "", "ĐỀ CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI TỈNH LỚP 9", "NĂM HỌC 2024 - 2025", "Môn thi: HOÁ HỌC",
            "Thời gian: 150 phút (không kể thời gian giao đề)", "(Đề thi gồm 02 trang)"])
    p.p("")

    def chem(*parts):
        """'Fe', ('2',), '(SO', ('4',), ')', ('3',) -> runs with subscripts."""
        return [R(x[0], sub=True) if isinstance(x, tuple) else x for x in parts]

    qs = [
        ("I", 4.0, [], [
            ("1", ["Nêu hiện tượng và viết phương trình hóa học xảy ra khi cho mẩu natri vào dung dịch ",
                   *chem("CuSO", ("4",)), "."], 1.5),
            ("2", ["Từ quặng pirit sắt, muối ăn, nước và các thiết bị cần thiết, hãy viết các phương trình hóa học điều chế ",
                   *chem("Fe", ("2",), "(SO", ("4",), ")", ("3",)), " và ", *chem("FeCl", ("3",)), "."], 2.5),
        ], ["Natri phản ứng với nước tạo khí H2, sau đó NaOH tạo kết tủa xanh Cu(OH)2.",
            "Đốt quặng pirit thu SO2, oxi hóa thành SO3, hợp nước thành H2SO4.",
            "Điện phân dung dịch NaCl có màng ngăn thu Cl2, H2 và điều chế FeCl3."]),
        ("II", 5.0, ["Hỗn hợp X gồm Al, Fe và Cu. Cho m gam X tác dụng với dung dịch ",
                     *chem("H", ("2",), "SO", ("4",)), " loãng dư thu được 8,96 lít khí (đktc) và 6,4 gam chất rắn không tan."], [
            ("1", ["Viết các phương trình hóa học xảy ra."], 2.0),
            ("2", ["Tính m, biết trong X số mol Al gấp đôi số mol Fe."], 3.0),
        ], ["Viết đúng hai phương trình của Al và Fe với axit.",
            "Lập hệ theo số mol khí và tỉ lệ mol, tính m = 18,2 gam."]),
        ("III", 6.0, ["Đốt cháy hoàn toàn 4,48 lít hỗn hợp khí A gồm ", *chem("CH", ("4",)), " và ",
                      *chem("C", ("2",), "H", ("4",)), " (đktc) rồi dẫn toàn bộ sản phẩm vào bình đựng dung dịch ",
                      *chem("Ca(OH)", ("2",)), " dư thấy khối lượng bình tăng 17,6 gam."], [
            ("1", ["Tính phần trăm thể tích mỗi khí trong A."], 3.0),
            ("2", ["Tính khối lượng kết tủa tạo thành."], 3.0),
        ], ["Đặt ẩn số mol, lập hệ phương trình theo số mol hỗn hợp và khối lượng bình tăng.",
            "Tính số mol CO2 bằng số mol CaCO3, suy ra khối lượng kết tủa."]),
        ("IV", 5.0, ["Cho sơ đồ thí nghiệm điều chế khí như hình vẽ:", Img(60, 40)], [
            ("1", ["Cho biết khí Y có thể là khí nào trong các khí: ", *chem("O", ("2",)), ", ",
                   *chem("NH", ("3",)), ", ", *chem("Cl", ("2",)), ", ", *chem("CO", ("2",)), ". Giải thích."], 2.0),
            ("2", ["Viết phương trình hóa học điều chế khí Y đã chọn."], 3.0),
        ], ["Khí Y thu bằng phương pháp đẩy nước nên ít tan trong nước: O2.",
            "Nhiệt phân KMnO4 hoặc KClO3 có xúc tác MnO2."]),
    ]
    for roman, pts, stem, subs, _guide in qs:
        # label alone on its line when there is no common stem
        pts_txt = f"({pts:.1f} điểm)".replace(".", ",")
        if stem:
            p.p(R(f"Câu {roman} ", bold=True), R(pts_txt, bold=True, italic=True), " ", *stem)
        else:
            p.p(R(f"Câu {roman} ", bold=True), R(pts_txt, bold=True, italic=True))
        for lab, items, sp in subs:
            p.p(f"{lab}) ", *items, " ", R(f"({sp:.1f}đ)".replace(".", ","), italic=True))
    p.p("Cho biết nguyên tử khối: H = 1; C = 12; O = 16; Al = 27; S = 32; Ca = 40; Fe = 56; Cu = 64.", italic=True)
    het(p, "--- HẾT ---")
    p.p("Thí sinh không được sử dụng bảng tuần hoàn các nguyên tố hóa học.", italic=True)
    p.p("Họ và tên thí sinh:………………………………… Số báo danh:……………")
    p.doc.add_page_break()
    header(p, ["SỞ GD&ĐT NGHỆ AN", "", "ĐỀ CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI TỈNH LỚP 9", "NĂM HỌC 2024 - 2025",
            "HƯỚNG DẪN CHẤM ĐỀ CHÍNH THỨC", "Môn: HOÁ HỌC"])
    p.p("(Hướng dẫn chấm gồm 03 trang)", center=True, italic=True)
    rows = [["Câu", "Ý", "Nội dung", "Điểm"]]
    merges = []
    for (roman, pts, _stem, subs, guide) in qs:
        r0 = len(rows)
        for i, step in enumerate(guide):
            lab = subs[min(i, len(subs) - 1)][0]
            rows.append([f"{roman}\n({pts:.1f}đ)".replace(".", ",") if i == 0 else None, lab, step,
                         f"{pts / len(guide):.2f}".replace(".", ",")])
        merges.append((r0, 0, len(rows) - 1, 0))
    p.table(rows, merges=merges)
    p.p("Lưu ý: Học sinh làm cách khác đúng vẫn cho điểm tối đa.", italic=True)
    for n, (_roman, pts, stem, subs, guide) in enumerate(qs, 1):
        t.q(n, "essay", stem, points=pts, subparts=subs, guide=guide)
    return p, t, name


def toan9_hsg_bai_thanhhoa(out: Path):
    """'Bài 1. (4,0 điểm)' alone on a line, sub-parts 'a.' 'b.' (dot), '(1,5đ)' points, OMML
    fractions/radicals, guide 'ĐÁP ÁN VÀ HƯỚNG DẪN CHẤM' table Bài | Ý | Nội dung | Điểm, merged."""
    name = "toan9_hsg_bai_thanhhoa.docx"
    p = Paper()
    t = Truth(name, {"department": "Thanh Hóa", "subject": "Toán", "grade": 9, "year": "2023-2024",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THANH HÓA", "", "ĐỀ THI CHÍNH THỨC", "Số báo danh", "……………………"],
           ["KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH", "NĂM HỌC 2023 - 2024", "Môn thi: TOÁN - Lớp 9 THCS",
            "Thời gian: 150 phút (không kể thời gian giao đề)", "Ngày thi: 15/3/2024", "(Đề thi có 01 trang, gồm 05 câu)"])
    P = M(mr("P=") + mfrac(msqrt(mr("x")) + mr("+1"), msqrt(mr("x")) + mr("-2")) + mr("-") +
          mfrac(mr("2") + msqrt(mr("x")), msqrt(mr("x")) + mr("+2")) + mr("+") + mfrac(mr("2+5") + msqrt(mr("x")), mr("4-x")),
          r"P=\frac{\sqrt{x}+1}{\sqrt{x}-2}-\frac{2\sqrt{x}}{\sqrt{x}+2}+\frac{2+5\sqrt{x}}{4-x}")
    cond = M(mr("x≥0, x≠4"), r"x\ge 0,x\ne 4")
    eq2a = M(msqrt(mr("x+3")) + mr("+") + msqrt(mr("6-x")) + mr("=3"), r"\sqrt{x+3}+\sqrt{6-x}=3")
    sys2b = M(msup(mr("x"), mr("2")) + mr("+") + msup(mr("y"), mr("2")) + mr("+xy=7, x+y+xy=5"),
              r"{x}^{2}+{y}^{2}+xy=7,\ x+y+xy=5")
    eq3a = M(msup(mr("x"), mr("2")) + mr("-2xy+2") + msup(mr("y"), mr("2")) + mr("-4y+5=0"), r"{x}^{2}-2xy+2{y}^{2}-4y+5=0")
    n3 = M(msup(mr("n"), mr("3")) + mr("-n"), r"{n}^{3}-n")
    ineq = M(mfrac(mr("a"), mr("1+") + msup(mr("b"), mr("2"))) + mr("+") + mfrac(mr("b"), mr("1+") + msup(mr("c"), mr("2"))) +
             mr("+") + mfrac(mr("c"), mr("1+") + msup(mr("a"), mr("2"))) + mr("≥") + mfrac(mr("3"), mr("2")),
             r"\frac{a}{1+{b}^{2}}+\frac{b}{1+{c}^{2}}+\frac{c}{1+{a}^{2}}\ge \frac{3}{2}")
    abc = M(mr("a+b+c=3"), "a+b+c=3")
    qs = [
        (4.0, [], [("a", ["Cho biểu thức ", P, " với ", cond, ". Rút gọn biểu thức P."], 2.5),
                   ("b", ["Tìm các giá trị của x để P < 1."], 1.5)],
         ["Rút gọn được P bằng căn x chia cho căn x trừ 2.", "Giải bất phương trình, kết hợp điều kiện xác định."]),
        (4.0, [], [("a", ["Giải phương trình ", eq2a, "."], 2.0),
                   ("b", ["Giải hệ phương trình ", sys2b, "."], 2.0)],
         ["Đặt ẩn phụ cho hai căn thức, đưa về hệ đối xứng.", "Đặt S = x + y, P = xy rồi giải hệ theo S, P."]),
        (4.0, [], [("a", ["Tìm tất cả các cặp số nguyên (x; y) thỏa mãn ", eq3a, "."], 2.0),
                   ("b", ["Chứng minh rằng với mọi số nguyên n thì ", n3, " chia hết cho 6."], 2.0)],
         ["Biến đổi thành tổng hai bình phương bằng 0 suy ra x = y = 2.", "Phân tích thành tích ba số nguyên liên tiếp."]),
        (6.0, ["Cho đường tròn (O; R) và điểm A nằm ngoài đường tròn. Kẻ các tiếp tuyến AB, AC với đường tròn (B, C là các tiếp điểm).", Img(50, 40)],
         [("a", ["Chứng minh tứ giác ABOC nội tiếp."], 2.0),
          ("b", ["Gọi H là giao điểm của AO và BC. Chứng minh AH.AO = AB²."], 2.0),
          ("c", ["Chứng minh rằng khi A di động trên đường thẳng d cố định thì BC luôn đi qua một điểm cố định."], 2.0)],
         ["Hai góc đối ABO và ACO bằng 90 độ nên tứ giác nội tiếp.", "Hệ thức lượng trong tam giác vuông ABO.",
          "Gọi K là hình chiếu của O trên d, chứng minh giao điểm của BC và OK cố định."]),
        (2.0, ["Cho a, b, c là các số thực dương thỏa mãn ", abc, ". Chứng minh rằng ", ineq, "."], [],
         ["Kĩ thuật Cô-si ngược dấu cho từng phân thức.", "Cộng lại và dùng ab + bc + ca ≤ 3."]),
    ]
    for n, (pts, stem, subs, _g) in enumerate(qs, 1):
        lab = [R(f"Bài {n}. ", bold=True), R(f"({pts:.1f} điểm)".replace(".", ","), bold=True)]
        if stem:
            p.p(*lab, " ", *stem)
        else:
            p.p(*lab)
        for sl, items, sp in subs:
            p.p(R(f"{sl}. ", bold=True), *items, R(f" ({sp:.1f}đ)".replace(".", ",").replace(",0đ", "đ")))
    het(p, "-------- Hết --------")
    p.p("Cán bộ coi thi không giải thích gì thêm.", italic=True)
    p.doc.add_page_break()
    p.p("ĐÁP ÁN VÀ HƯỚNG DẪN CHẤM", bold=True, center=True)
    p.p("(Đáp án gồm 04 trang)", italic=True, center=True)
    rows = [["Bài", "Ý", "Nội dung", "Điểm"]]
    merges = []
    for n, (pts, _stem, subs, guide) in enumerate(qs, 1):
        r0 = len(rows)
        for i, step in enumerate(guide):
            lab = (subs[i][0] + ".") if i < len(subs) else ""
            rows.append([f"Bài {n}\n({pts:.1f} điểm)".replace(".", ",") if i == 0 else None, lab, step,
                         f"{pts / len(guide):.2f}".replace(".", ",")])
        merges.append((r0, 0, len(rows) - 1, 0))
    p.table(rows, merges=merges)
    for n, (pts, stem, subs, guide) in enumerate(qs, 1):
        t.q(n, "essay", stem, points=pts, subparts=subs, guide=guide)
    return p, t, name


def vatli9_hsg_haiduong(out: Path):
    """'Câu 1: (2,0 điểm)' colon before the points, a data table inside the stem, a circuit
    picture, sub-parts 'a)' with '(1đ)', guide table with a 'Đáp án' column (not 'Nội dung')."""
    name = "vatli9_hsg_haiduong.docx"
    p = Paper()
    t = Truth(name, {"department": "Hải Dương", "subject": "Vật lí", "grade": 9, "year": "2023-2024",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI TỈNH LỚP 9 THCS"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "HẢI DƯƠNG", "ĐỀ CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI TỈNH LỚP 9 THCS", "NĂM HỌC 2023 - 2024", "Môn thi: VẬT LÍ",
            "Thời gian làm bài: 150 phút, không tính thời gian phát đề", "Ngày thi: 10/01/2024"])
    p.p("(Đề thi gồm 05 câu, 02 trang)", italic=True, center=True)
    qs = []
    # Q1 with a table of measurements in the stem
    p.p(R("Câu 1: ", bold=True), R("(2,0 điểm)", bold=True),
        " Một học sinh đo thời gian một xe đạp đi hết các đoạn đường liên tiếp và ghi vào bảng sau:")
    p.table([["Đoạn đường", "AB", "BC", "CD"], ["Chiều dài (m)", "300", "450", "250"], ["Thời gian (s)", "60", "90", "40"]])
    stem1 = ["Một học sinh đo thời gian một xe đạp đi hết các đoạn đường liên tiếp và ghi vào bảng sau:",
             " Đoạn đường AB BC CD Chiều dài (m) 300 450 250 Thời gian (s) 60 90 40"]
    subs1 = [("a", ["Tính vận tốc trung bình của xe trên từng đoạn đường."], 1.0),
             ("b", ["Tính vận tốc trung bình của xe trên cả quãng đường AD."], 1.0)]
    for lab, items, sp in subs1:
        p.p(f"{lab}) ", *items, f" ({sp:.0f}đ)")
    qs.append((2.0, stem1, subs1, ["Vận tốc trung bình từng đoạn bằng quãng đường chia thời gian.",
                                   "Tổng quãng đường 1000 m chia tổng thời gian 190 s."]))
    # Q2
    p.p(R("Câu 2: ", bold=True), R("(2,0 điểm)", bold=True),
        " Người ta thả một thỏi đồng 0,4 kg ở nhiệt độ 80°C vào 0,25 kg nước ở 18°C. Bỏ qua sự trao đổi nhiệt với bình và môi trường.")
    subs2 = [("a", ["Tính nhiệt độ khi cân bằng nhiệt."], 1.0), ("b", ["Để nước nóng tới 30°C cần thả thêm bao nhiêu thỏi đồng như trên?"], 1.0)]
    for lab, items, sp in subs2:
        p.p(f"{lab}) ", *items, f" ({sp:.0f}đ)")
    qs.append((2.0, ["Người ta thả một thỏi đồng 0,4 kg ở nhiệt độ 80°C vào 0,25 kg nước ở 18°C. Bỏ qua sự trao đổi nhiệt với bình và môi trường."],
               subs2, ["Viết phương trình cân bằng nhiệt, tính được t ≈ 26°C.", "Lập phương trình với n thỏi đồng, tìm n."]))
    # Q3 with circuit picture and OMML
    R1 = M(msub(mr("R"), mr("1")) + mr("=6 Ω"), r"{R}_{1}=6\Omega")
    R2 = M(msub(mr("R"), mr("2")) + mr("=12 Ω"), r"{R}_{2}=12\Omega")
    stem3 = ["Cho mạch điện như hình vẽ. Biết U = 18 V, ", R1, ", ", R2, ", biến trở có giá trị lớn nhất là 24 Ω."]
    p.p(R("Câu 3: ", bold=True), R("(3,0 điểm)", bold=True), " ", *stem3)
    p.p(Img(70, 40), center=True)
    stem3 = stem3 + [Img(70, 40)]
    subs3 = [("a", ["Khi con chạy ở chính giữa biến trở, tính cường độ dòng điện qua mạch chính."], 1.5),
             ("b", ["Tìm vị trí con chạy để công suất tiêu thụ trên biến trở lớn nhất."], 1.5)]
    for lab, items, sp in subs3:
        p.p(f"{lab}) ", *items, f" ({sp:.1f}đ)".replace(".", ","))
    qs.append((3.0, stem3, subs3, ["Tính điện trở tương đương của mạch khi con chạy ở giữa.",
                                   "Biểu diễn công suất theo x rồi dùng bất đẳng thức Cô-si."]))
    # Q4 no sub-parts, points at the END of the stem
    stem4 = ["Một vật sáng AB đặt vuông góc với trục chính của thấu kính hội tụ có tiêu cự 20 cm, cách thấu kính 30 cm. "
             "Dựng ảnh và tính khoảng cách từ ảnh đến thấu kính."]
    p.p(R("Câu 4: ", bold=True), *stem4, R(" (1,5 điểm)", bold=True))
    qs.append((1.5, stem4, [], ["Dựng ảnh bằng hai tia đặc biệt.", "Dùng tam giác đồng dạng tính được d' = 60 cm."]))
    p.p("----------------- Hết -----------------", center=True)
    p.p("Họ và tên thí sinh: ……………………………… Số báo danh: ……………")
    p.p("Chữ kí của giám thị 1: ……………… Chữ kí của giám thị 2: ………………")
    p.doc.add_page_break()
    p.p("HƯỚNG DẪN CHẤM VÀ BIỂU ĐIỂM", bold=True, center=True)
    rows = [["Câu", "Ý", "Đáp án", "Điểm"]]
    merges = []
    for n, (pts, _s, subs, guide) in enumerate(qs, 1):
        r0 = len(rows)
        for i, step in enumerate(guide):
            rows.append([f"Câu {n}\n({pts:.1f} đ)".replace(".", ",") if i == 0 else None,
                         subs[i][0] if i < len(subs) else "", step, f"{pts / len(guide):.2f}".replace(".", ",")])
        merges.append((r0, 0, len(rows) - 1, 0))
    p.table(rows, merges=merges)
    for n, (pts, stem, subs, guide) in enumerate(qs, 1):
        t.q(n, "essay", stem, points=pts, subparts=subs, guide=guide)
    return p, t, name


SINH = [
    ("Loại axit nuclêic nào sau đây là thành phần cấu tạo của ribôxôm?", ["rARN", "mARN", "tARN", "ADN"], "A"),
    ("Ở sinh vật nhân thực, côđon nào sau đây mã hóa axit amin mêtiônin?", ["5'UAG3'", "5'AUG3'", "5'UGA3'", "5'UAA3'"], "B"),
    ("Quá trình nào sau đây chỉ diễn ra ở tế bào chất của tế bào nhân thực?", ["Nhân đôi ADN", "Phiên mã", "Dịch mã", "Tổng hợp ARN"], "C"),
    ("Thể đột biến nào sau đây có bộ nhiễm sắc thể 2n + 1?", ["Thể một", "Thể tam bội", "Thể tứ bội", "Thể ba"], "D"),
    ("Một quần thể có thành phần kiểu gen 0,25AA : 0,5Aa : 0,25aa. Tần số alen a là", ["0,25", "0,5", "0,75", "0,4"], "B"),
    ("Phép lai nào sau đây là phép lai phân tích?", ["AA × Aa", "Aa × Aa", "Aa × aa", "AA × AA"], "C"),
    ("Nhân tố nào sau đây không phải là nhân tố tiến hóa?", ["Đột biến", "Giao phối ngẫu nhiên", "Di - nhập gen", "Chọn lọc tự nhiên"], "B"),
    ("Cơ quan tương đồng là bằng chứng của", ["tiến hóa phân li", "tiến hóa đồng quy", "tiến hóa hóa học", "tiến hóa tiền sinh học"], "A"),
    ("Ở thực vật, nguyên tố nào sau đây là thành phần của diệp lục?", ["Sắt", "Kali", "Canxi", "Magiê"], "D"),
    ("Động vật nào sau đây trao đổi khí qua bề mặt cơ thể?", ["Giun đất", "Cá chép", "Chim sẻ", "Châu chấu"], "A"),
    ("Trong quần xã, loài có số lượng cá thể nhiều và hoạt động mạnh là", ["loài đặc trưng", "loài ưu thế", "loài ngẫu nhiên", "loài chủ chốt"], "B"),
    ("Ví dụ nào sau đây thể hiện mối quan hệ cộng sinh?", ["Cây tầm gửi và cây gỗ", "Lúa và cỏ dại", "Vi khuẩn lam và bèo hoa dâu", "Bò và cỏ"], "C"),
    ("Hiện tượng nào sau đây là ví dụ về cách li sau hợp tử?", ["Hai loài có mùa sinh sản khác nhau", "Con lai bất thụ",
                                                            "Hai loài có tập tính giao phối khác nhau", "Hai loài sống ở hai sinh cảnh khác nhau"], "B"),
    ("Kiểu gen nào sau đây là kiểu gen đồng hợp tử về hai cặp gen?", ["AaBb", "AABb", "aaBb", "AAbb"], "D"),
    ("Sinh vật nào sau đây là sinh vật sản xuất?", ["Tảo lục", "Nấm rơm", "Giun đất", "Châu chấu"], "A"),
    ("Trong kĩ thuật chuyển gen, enzim cắt giới hạn được dùng để", ["nối gen vào thể truyền", "cắt ADN tại vị trí xác định",
                                                                   "nhân bản gen", "tổng hợp mARN"], "B"),
    ("Hệ tuần hoàn của động vật nào sau đây là hệ tuần hoàn kép?", ["Cá chép", "Tôm", "Ếch đồng", "Trai"], "C"),
    ("Theo lí thuyết, phép lai Aa × Aa cho đời con có tỉ lệ kiểu gen là", ["3 : 1", "1 : 1", "1 : 1 : 1 : 1", "1 : 2 : 1"], "D"),
    ("Dạng đột biến nào sau đây làm tăng số lượng gen trên một nhiễm sắc thể?", ["Lặp đoạn", "Mất đoạn", "Đảo đoạn", "Đột biến điểm"], "A"),
    ("Nơi ở của loài là", ["khoảng thời gian sống", "địa điểm cư trú của loài", "vai trò của loài", "thức ăn của loài"], "B"),
    ("Trong lịch sử phát triển sinh giới, loài người xuất hiện ở kỉ", ["Jura", "Krêta", "Đệ tứ", "Đệ tam"], "C"),
    ("Quá trình hình thành loài mới bằng con đường địa lí thường xảy ra ở loài", ["thực vật tự thụ phấn", "động vật ít di chuyển",
                                                                               "vi khuẩn", "động vật có khả năng phát tán mạnh"], "D"),
    ("Bào quan thực hiện quá trình quang hợp là", ["lục lạp", "ti thể", "ribôxôm", "không bào"], "A"),
    ("Nhóm sinh vật nào sau đây có vai trò phân giải chất hữu cơ?", ["Thực vật", "Vi khuẩn hoại sinh", "Động vật ăn thịt", "Tảo"], "B"),
]


def sinh12_tn_bang2x2(out: Path):
    """Options in borderless 2x2 tables ('A. text' per cell) and 1x4 tables; 'Mã đề thi 132' in a
    text box; key at the end: a table of number rows over letter rows, 10 per row, no row labels."""
    name = "sinh12_tn_bang2x2.docx"
    p = Paper()
    t = Truth(name, {"department": "Bắc Giang", "subject": "Sinh học", "grade": 12, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KỲ II"})
    header(p, ["SỞ GD&ĐT BẮC GIANG", "TRƯỜNG THPT LẠNG GIANG SỐ 1", "(Đề thi có 03 trang)"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KỲ II", "NĂM HỌC 2023 - 2024", "MÔN: SINH HỌC 12",
            "Thời gian làm bài: 45 phút (không kể thời gian phát đề)"])
    p.p(TextBox([["Mã đề thi 132"]]))
    candidate_line(p, 1)
    for n, (stem, opts, ans) in enumerate(SINH, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "table2x2" if n % 3 else "table1x4")
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p, "----------- HẾT ----------")
    p.p("")
    p.p("BẢNG ĐÁP ÁN", bold=True, center=True)
    rows = []
    keys = [a for _, _, a in SINH]
    for s in range(0, len(keys), 10):
        chunk = keys[s:s + 10]
        rows.append([str(i) for i in range(s + 1, s + 1 + len(chunk))] + [""] * (10 - len(chunk)))
        rows.append(chunk + [""] * (10 - len(chunk)))
    p.table(rows)
    return p, t, name


DIA = [
    ("Nước ta nằm ở vị trí", ["rìa đông của bán đảo Đông Dương", "rìa tây của bán đảo Đông Dương",
                              "trung tâm bán đảo Đông Dương", "phía bắc bán đảo Đông Dương"], "A"),
    ("Thiên nhiên nước ta mang tính chất nhiệt đới ẩm gió mùa chủ yếu do", ["địa hình nhiều đồi núi",
                                                                          "vị trí địa lí và hình dạng lãnh thổ",
                                                                          "ảnh hưởng của biển Đông", "sự phân hóa theo độ cao"], "B"),
    ("Đặc điểm nào sau đây đúng với địa hình vùng núi Tây Bắc?", ["Gồm các cánh cung lớn", "Thấp và hẹp ngang",
                                                                  "Cao nhất cả nước, hướng tây bắc - đông nam", "Có nhiều cao nguyên badan"], "C"),
    ("Gió mùa Đông Bắc hoạt động ở nước ta vào thời gian", ["từ tháng 5 đến tháng 10", "từ tháng 6 đến tháng 9",
                                                           "từ tháng 1 đến tháng 4", "từ tháng 11 đến tháng 4 năm sau"], "D"),
    ("Vùng có diện tích trồng cà phê lớn nhất nước ta là", ["Tây Nguyên", "Đông Nam Bộ", "Bắc Trung Bộ", "Trung du và miền núi Bắc Bộ"], "A"),
    ("Cho biểu đồ về dân số thành thị và nông thôn nước ta giai đoạn 2010 - 2021. Biểu đồ thể hiện nội dung nào sau đây?",
     ["Quy mô dân số", "Cơ cấu dân số theo thành thị và nông thôn", "Tốc độ tăng dân số", "Mật độ dân số"], "B"),
    ("Tài nguyên khoáng sản có giá trị nhất ở vùng thềm lục địa nước ta là", ["than đá", "sắt", "dầu mỏ và khí đốt", "bô-xit"], "C"),
    ("Nguyên nhân chủ yếu làm cho Đồng bằng sông Cửu Long bị ngập lụt trên diện rộng là", ["mưa bão lớn", "triều cường",
                                                                                             "địa hình thấp", "mưa lớn kết hợp lũ và triều cường"], "D"),
]


def dia12_tn_nhandam(out: Path):
    """'Câu 1.' bold on its own paragraph with the stem on the next paragraph; option labels bold
    only (every option); an answer line 'Chọn C.' after the options; text in page header/footer;
    a picture in one question."""
    name = "dia12_tn_nhandam.docx"
    p = Paper()
    p.page_header("Trường THPT Chuyên Lê Quý Đôn - Đề kiểm tra giữa kỳ II môn Địa lí 12")
    p.page_footer("Trang 1/3 - Mã đề 209")
    t = Truth(name, {"department": "Bình Định", "subject": "Địa lí", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KỲ II"})
    header(p, ["SỞ GD&ĐT BÌNH ĐỊNH", "TRƯỜNG THPT CHUYÊN LÊ QUÝ ĐÔN"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KỲ II, NĂM HỌC 2024 - 2025", "Môn: ĐỊA LÍ - Lớp 12",
            "Thời gian làm bài: 45 phút"])
    p.p("Mã đề 209", bold=True)
    candidate_line(p, 0)
    for n, (stem, opts, ans) in enumerate(DIA, 1):
        p.p(f"Câu {n}.", bold=True)
        stem_items = [stem]
        p.p(stem)
        if n == 6:
            p.p(Img(80, 50), center=True)
            stem_items.append(Img(80, 50))
        o = mcq_opts(opts, ans)
        render_options(p, o, "lines", bold_label=True)
        p.p(f"Chọn {ans}.")
        t.q(n, "mcq", stem_items, o, answer=ans)
    het(p, "------ HẾT ------")
    p.p("- Thí sinh được sử dụng Atlat Địa lí Việt Nam.", italic=True)
    p.p("- Cán bộ coi thi không giải thích gì thêm.", italic=True)
    return p, t, name


def hoa12_tn_highlight(out: Path):
    """Right option highlighted yellow (label and text), 4 or 2 options to a line with tabs,
    chemistry subscripts as runs; label typos 'Câu 5 :' and 'Câu\u00a06.'."""
    name = "hoa12_tn_highlight.docx"
    p = Paper()
    t = Truth(name, {"department": "Hà Tĩnh", "subject": "Hóa học", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ ÔN TẬP CHƯƠNG ESTE - LIPIT"})
    header(p, ["SỞ GD&ĐT HÀ TĨNH", "TRƯỜNG THPT PHAN ĐÌNH PHÙNG"],
           ["ĐỀ ÔN TẬP CHƯƠNG ESTE - LIPIT", "NĂM HỌC 2024 - 2025", "Môn: Hóa học 12"])

    def chem(s):
        out = []
        for ch in s:
            if ch.isdigit():
                out.append(R(ch, sub=True))
            else:
                out.append(ch)
        # merge plain chars
        merged = []
        for x in out:
            if isinstance(x, str) and merged and isinstance(merged[-1], str):
                merged[-1] += x
            else:
                merged.append(x)
        return merged
    data = [
        (["Công thức tổng quát của este no, đơn chức, mạch hở là"], ["CnH2nO2", "CnH2n+2O2", "CnH2n-2O2", "CnH2nO"], "A"),
        (["Thủy phân etyl axetat trong dung dịch NaOH thu được ancol có công thức là"], ["CH3OH", "C2H5OH", "C3H7OH", "C4H9OH"], "B"),
        (["Chất nào sau đây là chất béo?"], ["Glixerol", "Axit stearic", "Tristearin", "Etyl axetat"], "C"),
        (["Xà phòng hóa hoàn toàn 8,8 gam etyl axetat bằng dung dịch NaOH vừa đủ, thu được m gam muối. Giá trị của m là"],
         ["8,2", "9,6", "6,8", "10,2"], "A"),
        (["Este nào sau đây có mùi chuối chín?"], ["Etyl fomat", "Benzyl axetat", "Etyl butirat", "Isoamyl axetat"], "D"),
        (["Số đồng phân este ứng với công thức phân tử C4H8O2 là"], ["2", "3", "4", "5"], "C"),
    ]
    for n, (stem, opts, ans) in enumerate(data, 1):
        lab = {5: "Câu 5 : ", 6: "Câu\u00a06. "}.get(n, f"Câu {n}: ")
        stem_items = [x for s in stem for x in chem(s)]
        p.p(R(lab, bold=True), *stem_items)
        o = [(L, chem(x), L == ans) for L, x in zip(LETTERS, opts, strict=False)]
        render_options(p, o, "tabs4" if n % 2 else "tabs2", mark="highlight")
        t.q(n, "mcq", stem_items, o, answer=ans)
    het(p, "---------- HẾT ----------")
    return p, t, name


def vatli11_tn_gachchan_nhan(out: Path):
    """Only the right option's LABEL letter is underlined (not the dot, not the text); options
    two to a line and one question's options in a 1x4 table; OMML in stems and options."""
    name = "vatli11_tn_gachchan_nhan.docx"
    p = Paper()
    t = Truth(name, {"department": "Nam Định", "subject": "Vật lí", "grade": 11, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA HỌC KỲ I"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO NAM ĐỊNH", "TRƯỜNG THPT TRẦN HƯNG ĐẠO"],
           ["ĐỀ KIỂM TRA HỌC KỲ I NĂM HỌC 2023 - 2024", "Môn: VẬT LÍ - Lớp 11", "Thời gian làm bài: 45 phút"])
    candidate_line(p, 2)
    x_eq = M(mr("x=5cos") + mparen(mr("4πt+") + mfrac(mr("π"), mr("3"))) + mr(" (cm)"), r"x=5\cos \left(4\pi t+\frac{\pi }{3}\right)(cm)")
    T_eq = M(mr("T=2π") + msqrt(mfrac(mr("m"), mr("k"))), r"T=2\pi \sqrt{\frac{m}{k}}")
    k_eq = M(mr("k=100 N/m"), "k=100N/m")
    data = [
        (["Một vật dao động điều hòa theo phương trình ", x_eq, ". Biên độ dao động của vật là"],
         ["5 cm", "4 cm", "10 cm", "2,5 cm"], "A", "tabs2"),
        (["Chu kì dao động của con lắc lò xo được tính bằng công thức ", T_eq, ". Khi tăng khối lượng vật lên 4 lần thì chu kì"],
         ["giảm 2 lần", "tăng 4 lần", "tăng 2 lần", "không đổi"], "C", "tabs2"),
        (["Một con lắc lò xo có độ cứng ", k_eq, " dao động với biên độ 4 cm. Cơ năng của con lắc là"],
         ["0,16 J", "0,08 J", "8 J", "0,8 J"], "B", "table1x4"),
        (["Sóng cơ không truyền được trong"], ["chất rắn", "chất lỏng", "chất khí", "chân không"], "D", "tabs2"),
        (["Hai dao động điều hòa cùng phương, cùng tần số, ngược pha có biên độ 3 cm và 5 cm. Biên độ dao động tổng hợp là"],
         ["8 cm", "2 cm", "4 cm", "15 cm"], "B", "lines"),
        (["Trong sóng dừng, khoảng cách giữa hai nút liên tiếp bằng"],
         ["một bước sóng", "hai bước sóng", "một phần tư bước sóng", "nửa bước sóng"], "D", "tabs2"),
    ]
    for n, (stem, opts, ans, lay) in enumerate(data, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, lay, mark="underline_label")
        t.q(n, "mcq", stem, o, answer=ans)
    het(p, "----- HẾT -----")
    return p, t, name


GDCD = [
    ("Pháp luật là hệ thống các quy tắc xử sự chung do", ["Nhà nước ban hành", "xã hội ban hành", "nhân dân ban hành", "tổ chức ban hành"], "A"),
    ("Vi phạm hành chính là hành vi vi phạm pháp luật có mức độ nguy hiểm cho xã hội thấp hơn tội phạm, xâm phạm",
     ["quan hệ lao động", "các quy tắc quản lí nhà nước", "quan hệ nhân thân", "quan hệ tài sản"], "B"),
    ("Công dân bình đẳng về quyền và nghĩa vụ có nghĩa là mọi công dân đều",
     ["có quyền như nhau", "có nghĩa vụ như nhau", "bình đẳng về hưởng quyền và làm nghĩa vụ", "có trách nhiệm như nhau"], "C"),
    ("Quyền bất khả xâm phạm về chỗ ở của công dân có nghĩa là",
     ["không ai được vào chỗ ở của người khác", "công an được vào bất cứ lúc nào",
      "người thân được tự ý vào", "không ai được tự ý vào chỗ ở của người khác nếu không được người đó đồng ý"], "D"),
    ("Quyền học tập của công dân có nghĩa là mọi công dân đều được", ["học không hạn chế", "học ở bất kì trường nào",
                                                                      "học mọi ngành nghề", "miễn học phí"], "A"),
    ("Quyền tự do kinh doanh của công dân có nghĩa là công dân",
     ["được kinh doanh mọi mặt hàng", "được tự do lựa chọn ngành nghề kinh doanh theo quy định của pháp luật",
      "không phải nộp thuế", "được kinh doanh không cần giấy phép"], "B"),
    ("Nghĩa vụ bảo vệ Tổ quốc là nghĩa vụ thiêng liêng và cao quý của", ["quân đội", "công an", "công dân", "thanh niên"], "C"),
    ("Người từ đủ 16 tuổi trở lên phải chịu trách nhiệm hành chính về",
     ["vi phạm hành chính do cố ý", "vi phạm hành chính do vô ý", "một số vi phạm hành chính", "mọi vi phạm hành chính do mình gây ra"], "D"),
    ("Cơ quan nào sau đây có quyền lập hiến và lập pháp?", ["Quốc hội", "Chính phủ", "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao"], "A"),
    ("Thuế là một khoản nộp ngân sách nhà nước bắt buộc của", ["tổ chức, cá nhân theo quy định của luật thuế", "chỉ doanh nghiệp nhà nước",
                                                            "chỉ người lao động", "chỉ hộ kinh doanh"], "A"),
    ("Hành vi nào sau đây vi phạm quyền bình đẳng giữa vợ và chồng?", ["Cùng bàn bạc chi tiêu", "Tôn trọng ý kiến của nhau",
                                                                     "Ngăn cản vợ đi làm", "Cùng chăm sóc con cái"], "C"),
    ("Công dân thực hiện quyền bầu cử theo nguyên tắc", ["bầu cử gián tiếp", "bỏ phiếu công khai", "ủy quyền cho người khác",
                                                         "phổ thông, bình đẳng, trực tiếp và bỏ phiếu kín"], "D"),
]


def gdcd12_tn_do_bangdapan(out: Path):
    """Right option in RED for questions 1-5 only; key table 'Câu | Đáp án | Câu | Đáp án | Câu | Đáp án'
    (vertical, three column pairs side by side) at the end; question 4 is red on B but the key says D."""
    name = "gdcd12_tn_do_bangdapan.docx"
    p = Paper()
    t = Truth(name, {"department": "Thái Bình", "subject": "Giáo dục kinh tế và pháp luật", "grade": 12,
                     "year": "2024-2025", "exam": "ĐỀ KHẢO SÁT CHẤT LƯỢNG LẦN 1"})
    header(p, ["SỞ GD&ĐT THÁI BÌNH", "TRƯỜNG THPT BẮC DUYÊN HÀ"],
           ["ĐỀ KHẢO SÁT CHẤT LƯỢNG LẦN 1", "NĂM HỌC 2024 - 2025", "Môn: GIÁO DỤC KINH TẾ VÀ PHÁP LUẬT 12",
            "Thời gian làm bài: 50 phút"])
    p.p("Mã đề thi 357", bold=True)
    for n, (stem, opts, ans) in enumerate(GDCD, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        red = ans
        if n == 4:
            red = "B"  # the typist coloured the wrong one; the key (D) is right
        o_disp = mcq_opts(opts, red)
        render_options(p, o_disp, "lines", mark="red" if n <= 5 else "none")
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans)
    het(p)
    p.p("ĐÁP ÁN", bold=True, center=True)
    rows = [["Câu", "Đáp án"] * 3]
    for i in range(4):
        rows.append([x for k in (0, 4, 8) for x in (str(i + k + 1), GDCD[i + k][2])])
    p.table(rows)
    return p, t, name


def toan12_2025_bangkey(out: Path):
    """2025 format; PHẦN II key as a table 'Câu | 1 | 2' with cells 'a) Đ b) S c) Đ d) S';
    PHẦN III answers '-1,25' and '12'; PHẦN I key with a 'Câu'/'Đáp án' first column."""
    name = "toan12_2025_bangkey.docx"
    p = Paper()
    t = Truth(name, {"department": "Thanh Hóa", "subject": "Toán", "grade": 12, "year": "2024-2025",
                     "exam": "KỲ THI THỬ TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG NĂM 2025"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THANH HÓA", "ĐỀ THI THỬ"],
           ["KỲ THI THỬ TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG NĂM 2025", "Môn thi: TOÁN",
            "Thời gian làm bài: 90 phút, không kể thời gian phát đề"])
    p.p("Mã đề thi 0101", bold=True)
    candidate_line(p, 0)
    S1 = "PHẦN I"
    p.p(R("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn. ", bold=True),
        "Thí sinh trả lời từ câu 1 đến câu 6. Mỗi câu hỏi thí sinh chỉ chọn một phương án.")
    integral = M(mint(mr("0"), mr("2"), mparen(mr("2x+1")) + mr("dx")), r"\int_{0}^{2}(2x+1)dx")
    f1 = M(mr("y=") + msup(mr("x"), mr("3")) + mr("-3x+2"), "y={x}^{3}-3x+2")
    lg = M(msub(mr("log"), mr("2")) + mparen(mr("x-1")) + mr("=3"), r"{\log }_{2}(x-1)=3")
    asym = M(mr("y=") + mfrac(mr("2x-1"), mr("x+1")), r"y=\frac{2x-1}{x+1}")
    part1 = [
        (["Tích phân ", integral, " bằng"], ["6", "4", "5", "8"], "A"),
        (["Hàm số ", f1, " đạt cực đại tại điểm"], ["x = 1", "x = -1", "x = 2", "x = 0"], "B"),
        (["Nghiệm của phương trình ", lg, " là"], ["x = 8", "x = 10", "x = 9", "x = 7"], "C"),
        (["Tiệm cận ngang của đồ thị hàm số ", asym, " là đường thẳng"], ["y = -1", "x = -1", "y = 1", "y = 2"], "D"),
        (["Trong không gian Oxyz, cho hai điểm A(1; 2; 3) và B(3; 0; 1). Trung điểm của đoạn thẳng AB có tọa độ là"],
         ["(2; 1; 2)", "(4; 2; 4)", "(1; -1; -1)", "(2; 2; 2)"], "A"),
        (["Gieo một con xúc xắc cân đối và đồng chất một lần. Xác suất để xuất hiện mặt có số chấm chẵn là"],
         ["1/6", "1/2", "1/3", "2/3"], "B"),
    ]
    for n, (stem, opts, ans) in enumerate(part1, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "tabs4")
        t.q(n, "mcq", stem, o, answer=ans, section=S1)
    p.p(R("PHẦN II. Câu trắc nghiệm đúng sai. ", bold=True),
        "Thí sinh trả lời từ câu 1 đến câu 2. Trong mỗi ý a), b), c), d) ở mỗi câu, thí sinh chọn đúng hoặc sai.")
    g = M(mr("f") + mparen(mr("x")) + mr("=") + msup(mr("x"), mr("4")) + mr("-2") + msup(mr("x"), mr("2")),
          "f(x)={x}^{4}-2{x}^{2}")
    part2 = [
        (["Cho hàm số ", g, "."], ["Hàm số có ba điểm cực trị.", "Giá trị cực đại của hàm số bằng 1.",
                                   "Hàm số nghịch biến trên khoảng (0; 1).", "Đồ thị hàm số đi qua điểm (2; 8)."], "ĐSĐĐ"),
        (["Một hộp có 5 quả cầu đỏ và 3 quả cầu xanh. Lấy ngẫu nhiên đồng thời 2 quả."],
         ["Số cách lấy là 28.", "Xác suất lấy được 2 quả đỏ bằng 5/14.", "Xác suất lấy được 2 quả khác màu bằng 1/2.",
          "Xác suất lấy được ít nhất 1 quả xanh bằng 9/28."], "ĐĐSS"),
    ]
    for n, (stem, sts, ans) in enumerate(part2, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        for lab, s in zip("abcd", sts, strict=False):
            p.p(f"{lab}) {s}")
        t.q(n, "true_false", stem, tf_opts(sts, ans), answer=list(ans), section="PHẦN II")
    p.p(R("PHẦN III. Câu trắc nghiệm trả lời ngắn. ", bold=True), "Thí sinh trả lời từ câu 1 đến câu 4.")
    part3 = [
        (["Cho cấp số cộng có số hạng đầu bằng 5 và công sai bằng -1,5. Tìm số hạng thứ tư của cấp số cộng đó rồi trừ đi 1."], "-0,5"),
        (["Tìm giá trị nhỏ nhất của hàm số y = x² - 2,5x trên đoạn [0; 3]. Viết kết quả dưới dạng số thập phân."], "-1,5625"),
        (["Một người gửi tiết kiệm 100 triệu đồng với lãi suất 6%/năm. Sau ít nhất bao nhiêu năm người đó có số tiền vượt 200 triệu đồng?"], "12"),
        (["Trong không gian Oxyz, cho mặt phẳng (P): 2x - y + 2z - 5 = 0. Khoảng cách từ gốc tọa độ đến (P) bằng bao nhiêu? (làm tròn đến hàng phần trăm)"], "1,67"),
    ]
    for n, (stem, ans) in enumerate(part3, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        t.q(n, "short_answer", stem, answer=ans, section="PHẦN III")
    het(p, "---------- HẾT ----------")
    p.p("ĐÁP ÁN THAM KHẢO", bold=True, center=True)
    p.p("PHẦN I. (Mỗi câu trả lời đúng thí sinh được 0,25 điểm)", bold=True)
    p.table([["Câu"] + [str(i) for i in range(1, 7)], ["Đáp án"] + [a for _, _, a in part1]])
    p.p("PHẦN II.", bold=True)
    p.table([["Câu", "1", "2"],
             ["Đáp án"] + [" ".join(f"{lab}) {a}" for lab, a in zip("abcd", ans, strict=False)) for _, _, ans in part2]])
    p.p("PHẦN III.", bold=True)
    p.table([["Câu", "1", "2", "3", "4"], ["Đáp án"] + [a for _, a in part3]])
    return p, t, name


def vatli12_2025_dapan_tungcau(out: Path):
    """2025 format with Arabic part headings 'PHẦN 1.', options in a 1x4 table, the answer under
    each question: 'Đáp án: C', 'Đáp án: a) Đúng; b) Sai; c) Sai; d) Đúng', 'Đáp án: 12'."""
    name = "vatli12_2025_dapan_tungcau.docx"
    p = Paper()
    t = Truth(name, {"department": "Hà Nội", "subject": "Vật lí", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ ÔN TẬP TỐT NGHIỆP THPT NĂM 2025"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO HÀ NỘI", "TRƯỜNG THPT KIM LIÊN"],
           ["ĐỀ ÔN TẬP TỐT NGHIỆP THPT NĂM 2025", "Môn: VẬT LÍ", "Thời gian làm bài: 50 phút"])
    p.p(R("PHẦN 1. TRẮC NGHIỆM NHIỀU PHƯƠNG ÁN LỰA CHỌN", bold=True))
    part1 = [
        ("Đơn vị của nhiệt dung riêng trong hệ SI là", ["J/kg", "J/(kg.K)", "J/K", "kg/J"], "B"),
        ("Quá trình chuyển từ thể rắn sang thể lỏng gọi là", ["sự hóa hơi", "sự ngưng tụ", "sự nóng chảy", "sự đông đặc"], "C"),
        ("Khí lí tưởng có áp suất không đổi khi thể tích tăng gấp đôi thì nhiệt độ tuyệt đối", ["giảm hai lần", "không đổi",
                                                                                              "tăng bốn lần", "tăng hai lần"], "D"),
        ("Hạt nhân có 6 prôtôn và 8 nơtron có số khối là", ["14", "6", "8", "2"], "A"),
    ]
    for n, (stem, opts, ans) in enumerate(part1, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "table1x4")
        p.p(R("Đáp án: ", bold=True), ans)
        t.q(n, "mcq", [stem], o, answer=ans, section="PHẦN 1")
    p.p(R("PHẦN 2. TRẮC NGHIỆM ĐÚNG SAI", bold=True))
    part2 = [
        ("Một lượng khí lí tưởng được nén đẳng nhiệt từ thể tích 6 lít xuống 2 lít, áp suất ban đầu là 1 atm.",
         ["Áp suất của khí tăng lên 3 lần.", "Áp suất cuối của khí là 2 atm.", "Nội năng của khí tăng.",
          "Trong quá trình nén, khí nhận công."], "ĐSSĐ"),
        ("Đun nóng 2 kg nước từ 20°C lên 100°C. Biết nhiệt dung riêng của nước là 4200 J/(kg.K).",
         ["Nhiệt lượng cần cung cấp là 672 kJ.", "Nhiệt độ tăng thêm 80 K.", "Nếu dùng 1 kg nước thì nhiệt lượng cần gấp đôi.",
          "Ở 100°C nước bắt đầu sôi ở áp suất tiêu chuẩn."], "ĐĐSĐ"),
    ]
    for n, (stem, sts, ans) in enumerate(part2, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        for lab, s in zip("abcd", sts, strict=False):
            p.p(f"{lab}) {s}")
        p.p(R("Đáp án: ", bold=True), "; ".join(f"{lab}) {'Đúng' if a == 'Đ' else 'Sai'}" for lab, a in zip("abcd", ans, strict=False)))
        t.q(n, "true_false", [stem], tf_opts(sts, ans), answer=list(ans), section="PHẦN 2")
    p.p(R("PHẦN 3. TRẮC NGHIỆM TRẢ LỜI NGẮN", bold=True))
    part3 = [
        ("Một khối khí lí tưởng ở 27°C được đun nóng đẳng áp đến 327°C. Thể tích khí tăng lên bao nhiêu lần?", "2"),
        ("Độ biến thiên nội năng của khí khi nhận nhiệt lượng 20 J và thực hiện công 32 J là bao nhiêu jun?", "-12"),
        ("Chu kì bán rã của một chất phóng xạ là 8 ngày. Sau 24 ngày, khối lượng chất đó còn lại bao nhiêu phần so với ban đầu? (viết dưới dạng số thập phân)",
         "0,125"),
    ]
    for n, (stem, ans) in enumerate(part3, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        p.p(R("Đáp án: ", bold=True), ans)
        t.q(n, "short_answer", [stem], answer=ans, section="PHẦN 3")
    het(p, "--- HẾT ---")
    return p, t, name


def toan10_tudongdanhso_nhieucap(out: Path):
    """Questions and options from ONE multilevel Word list: level 0 'Câu %1:' (bold), level 1
    '%2.' upperLetter restarting under each question; right option's text underlined; OMML."""
    name = "toan10_tudongdanhso_nhieucap.docx"
    p = Paper()
    t = Truth(name, {"department": "Đồng Nai", "subject": "Toán", "grade": 10, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KỲ I"})
    header(p, ["SỞ GD&ĐT ĐỒNG NAI", "TRƯỜNG THPT NGÔ QUYỀN"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KỲ I", "NĂM HỌC 2024 - 2025", "Môn: TOÁN - Lớp 10", "Thời gian: 60 phút"])
    p.numbering(90, [dict(fmt="decimal", text="Câu %1:", bold=True), dict(fmt="upperLetter", text="%2.", indent=360, restart=1)])
    p.num(90, 90)
    A = M(mr("A=") + mparen(mr("-∞;3")), r"A=(-\infty ;3)")
    B = M(mr("B=") + mparen(mr("1;5")), "B=(1;5)")
    sq = M(msqrt(mr("2")), r"\sqrt{2}")
    data = [
        (["Cho hai tập hợp ", A, " và ", B, ". Tập hợp A ∩ B là"], ["(1;3)", "(-∞;5)", "(3;5)", "[1;3]"], "A"),
        (["Mệnh đề phủ định của mệnh đề “", sq, " là số hữu tỉ” là"],
         [["“", M(msqrt(mr("2")), r"\sqrt{2}"), " là số vô tỉ”"], ["“", M(msqrt(mr("2")), r"\sqrt{2}"), " không phải là số hữu tỉ”"],
          ["“", M(msqrt(mr("2")), r"\sqrt{2}"), " là số nguyên”"], ["“", M(msqrt(mr("2")), r"\sqrt{2}"), " là số thực”"]], "B"),
        (["Cặp số nào sau đây là nghiệm của bất phương trình 2x - y > 3?"], ["(0; 0)", "(1; 1)", "(3; 1)", "(1; 2)"], "C"),
        (["Cho tam giác ABC có AB = 3, AC = 4, góc A bằng 60°. Độ dài cạnh BC bằng"],
         ["5", "37", "13", [M(msqrt(mr("13")), r"\sqrt{13}")]], "D"),
        (["Giá trị của sin 30° + cos 60° bằng"], ["1", "0", "1/2", [M(msqrt(mr("3")), r"\sqrt{3}")]], "A"),
    ]
    for n, (stem, opts, ans) in enumerate(data, 1):
        p.p(*stem, num=(90, 0))
        o = mcq_opts(opts, ans)
        for _lab, items, c in o:
            if c:
                items = [R(i, underline=True) if isinstance(i, str) else M(i.omml, i.latex, underline=True)
                         if isinstance(i, M) else i for i in items]
            p.p(*items, num=(90, 1))
        t.q(n, "mcq", stem, o, answer=ans)
    het(p, "------------- HẾT -------------")
    return p, t, name


def toan12_latex_bbt(out: Path):
    """LaTeX typed as text '$...$' (stems and options), a variation table (bảng biến thiên) and a
    graph picture inside stems with the options after them, key as a paragraph '1-B 2-C ...'."""
    name = "toan12_latex_bbt.docx"
    p = Paper()
    t = Truth(name, {"department": "Nghệ An", "subject": "Toán", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ ÔN TẬP HÀM SỐ"})
    header(p, ["SỞ GD&ĐT NGHỆ AN", "TRƯỜNG THPT HUỲNH THÚC KHÁNG"],
           ["ĐỀ ÔN TẬP HÀM SỐ", "NĂM HỌC 2024 - 2025", "Môn: TOÁN 12"])
    data = []
    # Q1: plain LaTeX
    q1 = (["Cho hàm số $y=x^3-3x^2+2$. Hàm số nghịch biến trên khoảng nào dưới đây?"],
          ["$(0;2)$", "$(2;+\\infty)$", "$(-\\infty;0)$", "$(-1;1)$"], "A", None)
    # Q2: bảng biến thiên inside the stem
    q2 = (["Cho hàm số $y=f(x)$ có bảng biến thiên như sau:"], ["$x=2$", "$x=0$", "$x=-2$", "$x=3$"], "B",
          [["x", "-∞", "", "0", "", "2", "", "+∞"], ["y'", "", "+", "0", "-", "0", "+", ""],
           ["y", "-∞", "↗", "3", "↘", "-1", "↗", "+∞"]])
    q2_after = ["Hàm số đã cho đạt cực đại tại"]
    # Q3: graph picture inside the stem
    q3 = (["Đường cong trong hình bên là đồ thị của hàm số nào dưới đây?"],
          ["$y=-x^3+3x$", "$y=x^4-2x^2$", "$y=x^3-3x$", "$y=\\dfrac{x+1}{x-1}$"], "C", "img")
    q4 = (["Giá trị lớn nhất của hàm số $f(x)=\\dfrac{x+1}{x-2}$ trên đoạn $[3;5]$ bằng"], ["$2$", "$\\dfrac{3}{2}$", "$\\dfrac{7}{3}$", "$4$"], "D", None)
    q5 = (["Số giao điểm của đồ thị hàm số $y=x^3-x$ với trục hoành là"], ["$3$", "$2$", "$1$", "$0$"], "A", None)
    data = [q1, q2, q3, q4, q5]
    for n, (stem, opts, ans, extra) in enumerate(data, 1):
        p.p(R(f"Câu {n}. ", bold=True), *stem)
        stem_items = list(stem)
        if isinstance(extra, list):
            p.table(extra)
            p.p(*q2_after)
            stem_items += [" " + " ".join(c for row in extra for c in row if c) + " ", *q2_after]
        elif extra == "img":
            p.p(Img(60, 60, cm=4), center=True)
            stem_items.append(Img(60, 60))
        o = mcq_opts(opts, ans)
        render_options(p, o, "tabs4" if n != 3 else "tabs2")
        t.q(n, "mcq", stem_items, o, answer=ans)
    het(p, "-----HẾT-----")
    p.p("BẢNG ĐÁP ÁN", bold=True, center=True)
    p.p("   ".join(f"{n}-{a}" for n, (_, _, a, _) in enumerate(data, 1)))
    return p, t, name


EN_GRAMMAR = [
    ("If I ______ you, I would accept the offer.", ["am", "were", "will be", "have been"], "B"),
    ("The book ______ I borrowed from the library is very interesting.", ["who", "whom", "which", "whose"], "C"),
    ("She has been learning English ______ five years.", ["for", "since", "in", "at"], "A"),
    ("By the time we arrived, the film ______.", ["starts", "has started", "is starting", "had started"], "D"),
]


def tienganh12_cloze(out: Path):
    """English: instruction lines 'Mark the letter A, B, C, or D ...', pronunciation questions whose
    options ALL carry an underlined part, a cloze passage with blanks '(7) ____' whose questions
    have no stem ('Question 7. A. which B. who ...'), a reading passage 12-14, key '1.B 2.C 3.A'
    in one paragraph."""
    name = "tienganh12_cloze.docx"
    p = Paper()
    t = Truth(name, {"department": "Bắc Ninh", "subject": "Tiếng Anh", "grade": 12, "year": "2023-2024",
                     "exam": "ĐỀ THI THỬ TỐT NGHIỆP THPT"})
    header(p, ["SỞ GD&ĐT BẮC NINH", "(Đề có 03 trang)"],
           ["ĐỀ THI THỬ TỐT NGHIỆP THPT NĂM HỌC 2023 - 2024", "Môn: TIẾNG ANH - Lớp 12",
            "Thời gian làm bài: 60 phút (không kể thời gian phát đề)"])
    p.p("Mã đề thi 132", bold=True)
    candidate_line(p, 0)
    keys = []
    p.p("Mark the letter A, B, C, or D on your answer sheet to indicate the correct answer to each of the following questions.", bold=True, italic=True)
    n = 0
    for stem, opts, ans in EN_GRAMMAR:
        n += 1
        p.p(R(f"Question {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "tabs4")
        t.q(n, "mcq", [stem], o, answer=ans)
        keys.append(ans)
    p.p("Mark the letter A, B, C, or D on your answer sheet to indicate the word whose underlined part differs from the other three in pronunciation in each of the following questions.",
        bold=True, italic=True)
    pron = [
        ([("want", "ed", "")], [("help", "ed", "")], [("look", "ed", "")], [("stopp", "ed", "")], "A"),
        ([("c", "a", "ble")], [("m", "a", "tch")], [("h", "a", "t")], [("b", "a", "nk")], "A"),
    ]
    for a, b, c, d, ans in pron:
        n += 1
        p.p(R(f"Question {n}. ", bold=True))
        o = []
        for L, word in zip(LETTERS, (a, b, c, d), strict=False):
            pre, und, post = word[0]
            o.append((L, [pre, R(und, underline=True), post], L == ans))
        render_options(p, o, "tabs4")
        t.q(n, "mcq", [], [(L, [plain(items)], c) for L, items, c in o], answer=ans)
        keys.append(ans)
    # cloze
    first, last = n + 1, n + 5
    p.p(f"Read the following passage and mark the letter A, B, C, or D on your answer sheet to indicate the correct word or phrase that best fits each of the numbered blanks from {first} to {last}.",
        bold=True, italic=True)
    p.p(f"Volunteering is an activity ({first}) ______ many young people enjoy. It gives them a chance to help others and "
        f"to ({first + 1}) ______ new skills. Every summer, thousands of students join projects in rural areas, ({first + 2}) ______ "
        f"they teach children and build houses. ({first + 3}) ______, volunteering can also be tiring. However, most volunteers say "
        f"the experience is ({first + 4}) ______ the effort.")
    cloze = [(["who", "which", "whose", "whom"], "B"), (["learn", "make", "do", "take"], "A"), (["which", "when", "where", "what"], "C"),
             (["Moreover", "Therefore", "Because", "Of course"], "D"), (["worth", "worthy", "value", "useful"], "A")]
    for opts, ans in cloze:
        n += 1
        o = mcq_opts(opts, ans)
        cells = []
        for L, items, _c in o:
            cells += [f"{L}. ", *items, "\t"]
        p.p(R(f"Question {n}. ", bold=True), *cells[:-1])
        t.q(n, "mcq", [], o, answer=ans, group="cloze")
        keys.append(ans)
    first, last = n + 1, n + 3
    p.p(f"Read the following passage and mark the letter A, B, C, or D on your answer sheet to indicate the correct answer to each of the questions from {first} to {last}.",
        bold=True, italic=True)
    p.p("Hoi An is an ancient town in central Vietnam. It was an important trading port from the 15th to the 19th century. "
        "Today, its old houses, temples and the Japanese Covered Bridge attract millions of tourists every year. "
        "In 1999, it was recognised by UNESCO as a World Heritage Site. The town is especially beautiful at night, when "
        "hundreds of lanterns are lit along the river.")
    reading = [
        ("Where is Hoi An located?", ["In northern Vietnam", "In central Vietnam", "In southern Vietnam", "In Laos"], "B"),
        ("The word \"its\" in the passage refers to", ["Vietnam", "the port", "the town", "the bridge"], "C"),
        ("When is the town especially beautiful?", ["In the morning", "At noon", "In the afternoon", "At night"], "D"),
    ]
    for stem, opts, ans in reading:
        n += 1
        p.p(R(f"Question {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "tabs2")
        t.q(n, "mcq", [stem], o, answer=ans, group="reading")
        keys.append(ans)
    het(p, "------------------ THE END ------------------")
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.p(" ".join(f"{i}.{a}" for i, a in enumerate(keys, 1)))
    return p, t, name


def tienganh9_vao10(out: Path):
    """English entrance exam: Roman section headings 'I. Choose the word ...' and bare-number
    questions '1.' numbered through the paper, options 'A. x  B. y  C. z  D. w' on one line with
    spaces (no tabs), reading passage for 7-9, key 'ANSWER KEY' then '1.B 2.C 3.A ...'."""
    name = "tienganh9_vao10.docx"
    p = Paper()
    t = Truth(name, {"department": "Hà Nội", "subject": "Tiếng Anh", "grade": 10, "year": "2024-2025",
                     "exam": "KỲ THI TUYỂN SINH VÀO LỚP 10 THPT"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "HÀ NỘI", "ĐỀ THI THỬ"],
           ["KỲ THI TUYỂN SINH VÀO LỚP 10 THPT", "NĂM HỌC 2024 - 2025", "Môn thi: TIẾNG ANH",
            "Thời gian làm bài: 60 phút"])
    keys = []
    n = 0
    p.p("I. Choose the word whose underlined part is pronounced differently from that of the others.", bold=True)
    for words, ans in [((("c", "o", "me"), ("h", "o", "me"), ("s", "o", "me"), ("l", "o", "ve")), "B"),
                       ((("br", "ea", "d"), ("h", "ea", "d"), ("m", "ea", "t"), ("w", "ea", "ther")), "C")]:
        n += 1
        o = [(L, [w[0], R(w[1], underline=True), w[2]], L == ans) for L, w in zip(LETTERS, words, strict=False)]
        items = [f"{n}. "]
        for L, it, _c in o:
            items += [f"{L}. ", *it, "      "]
        p.p(*items[:-1])
        t.q(n, "mcq", [], [(L, [plain(it)], c) for L, it, c in o], answer=ans, section="I")
        keys.append(ans)
    p.p("II. Choose the word or phrase (A, B, C or D) that best completes each sentence.", bold=True)
    for stem, opts, ans in [("My brother is interested ______ playing chess.", ["in", "on", "at", "with"], "A"),
                            ("I wish I ______ more free time.", ["have", "had", "will have", "am having"], "B"),
                            ("The children ______ in the garden when it started to rain.", ["play", "played", "were playing", "have played"], "C"),
                            ("This is the most beautiful place I have ______ visited.", ["yet", "already", "just", "ever"], "D")]:
        n += 1
        p.p(f"{n}. {stem}")
        p.p("    ".join(f"{L}. {x}" for L, x in zip(LETTERS, opts, strict=False)))
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, section="II")
        keys.append(ans)
    p.p("III. Read the passage and choose the correct answer (A, B, C or D) for each question.", bold=True)
    p.p("Tet is the most important festival in Vietnam. Before Tet, people clean and decorate their houses. "
        "They also buy new clothes and prepare special food such as banh chung. During Tet, children receive lucky money "
        "from adults and people visit their relatives and friends.")
    for stem, opts, ans in [("What do people do before Tet?", ["Go to school", "Clean and decorate their houses", "Go on holiday", "Plant trees"], "B"),
                            ("Banh chung is mentioned as", ["a kind of clothes", "a game", "special food", "a present"], "C"),
                            ("Who receives lucky money?", ["Children", "Adults", "Teachers", "Friends"], "A")]:
        n += 1
        p.p(f"{n}. {stem}")
        p.p("    ".join(f"{L}. {x}" for L, x in zip(LETTERS, opts, strict=False)))
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, section="III", group="tet")
        keys.append(ans)
    het(p, "--- THE END ---")
    p.p("ANSWER KEY", bold=True, center=True)
    p.p(" ".join(f"{i}.{a}" for i, a in enumerate(keys, 1)))
    return p, t, name


def nguvan12_hsg_textbox(out: Path):
    """Literature gifted paper: 'Câu 1 (8,0 điểm)' whose quotation sits in a text box anchored in the
    stem paragraph; 'PHẦN I. ĐỌC HIỂU (4,0 điểm)' (a literature PHẦN, not the 2025 MCQ part),
    guide as paragraphs '- ... (1,5 điểm)' under 'Câu 1' headings."""
    name = "nguvan12_hsg_textbox.docx"
    p = Paper()
    t = Truth(name, {"department": "Quảng Bình", "subject": "Ngữ văn", "grade": 12, "year": "2023-2024",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH LỚP 12"})
    header(p, ["SỞ GD&ĐT QUẢNG BÌNH", "ĐỀ CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI CẤP TỈNH LỚP 12 THPT", "NĂM HỌC 2023 - 2024", "Môn thi: NGỮ VĂN",
            "Thời gian: 180 phút (không kể thời gian giao đề)"])
    p.p(R("PHẦN I. ĐỌC HIỂU (4,0 điểm)", bold=True))
    p.p("Đọc đoạn trích sau và thực hiện các yêu cầu:")
    p.p(TextBox([["Người ta thường nói: hạnh phúc không phải là đích đến mà là hành trình. Mỗi bước đi, dù nhỏ, "
                  "đều góp phần làm nên con người ta. Đừng vội vàng, hãy sống chậm lại để cảm nhận những điều giản dị quanh mình."],
                 ["(Theo Phạm Lữ Ân, Nếu biết trăm năm là hữu hạn)"]]))
    reading = [
        (1.0, ["Xác định phương thức biểu đạt chính của đoạn trích."], ["Phương thức biểu đạt chính: nghị luận."]),
        (1.5, ["Theo tác giả, vì sao chúng ta nên sống chậm lại?"], ["Để cảm nhận những điều giản dị quanh mình."]),
        (1.5, ["Anh/Chị có đồng tình với quan điểm “hạnh phúc không phải là đích đến mà là hành trình” không? Vì sao?"],
         ["Học sinh nêu rõ quan điểm đồng tình hoặc không đồng tình, lí giải hợp lí."]),
    ]
    for n, (pts, stem, _g) in enumerate(reading, 1):
        p.p(R(f"Câu {n} ({pts:.1f} điểm). ".replace(".0 ", ",0 ").replace(".5 ", ",5 "), bold=True), *stem)
        t.q(n, "essay", stem, points=pts, section="PHẦN I", group="doc-hieu", guide=_g)
    p.p(R("PHẦN II. LÀM VĂN (16,0 điểm)", bold=True))
    quote = "“Sống là không chờ đợi.”"
    stem4 = ["Viết bài văn nghị luận trình bày suy nghĩ của anh/chị về ý kiến sau:"]
    p.p(R("Câu 1 (6,0 điểm). ", bold=True), *stem4, TextBox([[quote]]))
    stem4 = stem4 + [" " + quote]
    stem5 = ["Nhận định về thơ, có ý kiến cho rằng: “Thơ là tiếng nói của tâm hồn, là sự kết tinh của cảm xúc.” "
             "Bằng trải nghiệm văn học của mình, anh/chị hãy làm sáng tỏ ý kiến trên qua một bài thơ đã học."]
    p.p(R("Câu 2 (10,0 điểm). ", bold=True), *stem5)
    het(p, "------------ HẾT ------------")
    p.p("Thí sinh không được sử dụng tài liệu. Cán bộ coi thi không giải thích gì thêm.", italic=True)
    p.doc.add_page_break()
    p.p("HƯỚNG DẪN CHẤM", bold=True, center=True)
    p.p("Môn: NGỮ VĂN - Lớp 12", center=True)
    p.p("I. ĐỌC HIỂU", bold=True)
    for n, (_pts, _s, g) in enumerate(reading, 1):
        p.p(R(f"Câu {n}.", bold=True), f" {g[0]}")
    p.p("II. LÀM VĂN", bold=True)
    g4 = ["Giải thích: sống là không chờ đợi nghĩa là chủ động hành động, không trì hoãn. (1,0 điểm)",
          "Bàn luận: ý nghĩa của lối sống chủ động, dám nghĩ dám làm. (3,0 điểm)",
          "Bài học nhận thức và hành động. (2,0 điểm)"]
    g5 = ["Giải thích ý kiến: thơ là tiếng nói của tâm hồn. (2,0 điểm)",
          "Chứng minh qua một bài thơ đã học. (6,0 điểm)",
          "Đánh giá, nâng cao vấn đề. (2,0 điểm)"]
    for label, steps in (("Câu 1 (6,0 điểm)", g4), ("Câu 2 (10,0 điểm)", g5)):
        p.p(R(label, bold=True))
        for s in steps:
            p.p(f"- {s}")
    t.q(1, "essay", stem4, points=6.0, section="PHẦN II", guide=g4)
    t.q(2, "essay", stem5, points=10.0, section="PHẦN II", guide=g5)
    return p, t, name


def lichsu9_kiemtra_hon_hop(out: Path):
    """Mixed test: 'I. TRẮC NGHIỆM (3,0 điểm)' with MCQs whose options sit in a 1x4 borderless table,
    'II. TỰ LUẬN (7,0 điểm)' with 'Câu 7 (3,0 điểm):'; one 'ĐÁP ÁN VÀ HƯỚNG DẪN CHẤM' with the MCQ
    key as a 'Câu | 1..6 / Đáp án' table and the essay guide as a 'Câu | Nội dung | Điểm' table."""
    name = "lichsu9_kiemtra_honhop.docx"
    p = Paper()
    # a district (Phòng GD&ĐT TP Hạ Long) paper: the header names no province
    t = Truth(name, {"department": None, "subject": "Lịch sử", "grade": 9, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KÌ I"})
    header(p, ["PHÒNG GD&ĐT TP HẠ LONG", "TRƯỜNG THCS TRẦN QUỐC TOẢN"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KÌ I", "NĂM HỌC 2024 - 2025", "Môn: LỊCH SỬ VÀ ĐỊA LÍ 9 - Phân môn Lịch sử",
            "Thời gian làm bài: 45 phút"])
    p.p(R("I. TRẮC NGHIỆM (3,0 điểm) ", bold=True), R("Chọn chữ cái trước câu trả lời đúng nhất.", italic=True))
    mcqs = [
        ("Chiến tranh thế giới thứ nhất diễn ra trong khoảng thời gian nào?", ["1914 - 1918", "1939 - 1945", "1918 - 1923", "1929 - 1933"], "A"),
        ("Cách mạng tháng Mười Nga thành công vào năm", ["1905", "1917", "1918", "1921"], "B"),
        ("Tổ chức Liên hợp quốc được thành lập vào năm", ["1944", "1946", "1945", "1949"], "C"),
        ("Nguyễn Ái Quốc đọc Sơ thảo luận cương của Lê-nin về vấn đề dân tộc và thuộc địa vào năm", ["1911", "1919", "1930", "1920"], "D"),
        ("Đảng Cộng sản Việt Nam ra đời vào đầu năm", ["1930", "1929", "1931", "1945"], "A"),
        ("Cuộc khủng hoảng kinh tế thế giới 1929 - 1933 bắt đầu từ nước", ["Anh", "Mĩ", "Pháp", "Đức"], "B"),
    ]
    for n, (stem, opts, ans) in enumerate(mcqs, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "table1x4")
        # "Mỗi câu đúng được 0,5 điểm" is stated once for the part, not per question: null, as in
        # the shared fixtures (toan12_thpt2025_quangtri)
        t.q(n, "mcq", [stem], o, answer=ans, section="I. TRẮC NGHIỆM")
    p.p(R("II. TỰ LUẬN (7,0 điểm)", bold=True))
    essays = [
        (3.0, ["Trình bày hoàn cảnh ra đời của Đảng Cộng sản Việt Nam."],
         ["Phong trào công nhân và phong trào yêu nước phát triển mạnh.", "Ba tổ chức cộng sản ra đời và hoạt động riêng rẽ.",
          "Hội nghị hợp nhất tại Hương Cảng đầu năm 1930."]),
        (2.0, ["Vì sao Chiến tranh thế giới thứ hai bùng nổ?"],
         ["Mâu thuẫn giữa các nước đế quốc về thị trường và thuộc địa.", "Chính sách dung dưỡng của Anh, Pháp với phát xít."]),
        (2.0, ["Nêu ý nghĩa lịch sử của Cách mạng tháng Mười Nga năm 1917."],
         ["Lần đầu tiên nhân dân lao động lên nắm chính quyền.", "Cổ vũ phong trào cách mạng thế giới."]),
    ]
    for k, (pts, stem, _g) in enumerate(essays, 7):
        p.p(R(f"Câu {k} ({pts:.1f} điểm):".replace(".", ","), bold=True), " ", *stem)
    het(p, "---------- Hết ----------")
    p.p("ĐÁP ÁN VÀ HƯỚNG DẪN CHẤM", bold=True, center=True)
    p.p("I. TRẮC NGHIỆM (3,0 điểm) Mỗi câu đúng được 0,5 điểm.", bold=True)
    p.table([["Câu"] + [str(i) for i in range(1, 7)], ["Đáp án"] + [a for _, _, a in mcqs]])
    p.p("II. TỰ LUẬN (7,0 điểm)", bold=True)
    rows = [["Câu", "Nội dung", "Điểm"]]
    merges = []
    for k, (pts, _stem, g) in enumerate(essays, 7):
        r0 = len(rows)
        for i, s in enumerate(g):
            rows.append([f"Câu {k}\n({pts:.1f} điểm)".replace(".", ",") if i == 0 else None, s,
                         f"{pts / len(g):.2f}".replace(".", ",")])
        merges.append((r0, 0, len(rows) - 1, 0))
    p.table(rows, merges=merges)
    for k, (pts, stem, g) in enumerate(essays, 7):
        t.q(k, "essay", stem, points=pts, section="II. TỰ LUẬN", guide=g)
    return p, t, name


def toan8_hsg_cau_la_ma_so(out: Path):
    """District gifted paper: 'Câu I.' (Roman, no points on the label line), then sub-parts '1.'
    and '2.' each with '(2,0 điểm)' at the END; OMML; guide as PARAGRAPHS 'Câu I.' then
    '1. ... 0,5đ' step lines."""
    name = "toan8_hsg_cau_la_ma_so.docx"
    p = Paper()
    # a district (Phòng GD&ĐT Vĩnh Yên) paper: the header names no province
    t = Truth(name, {"department": None, "subject": "Toán", "grade": 8, "year": "2022-2023",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI LỚP 8"})
    header(p, ["PHÒNG GD&ĐT VĨNH YÊN", "ĐỀ CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI LỚP 8", "NĂM HỌC 2022 - 2023", "Môn: Toán", "Thời gian làm bài: 120 phút"])
    fac = M(msup(mr("x"), mr("3")) + mr("-4") + msup(mr("x"), mr("2")) + mr("+4x"), "{x}^{3}-4{x}^{2}+4x")
    fac2 = M(msup(mr("x"), mr("4")) + mr("+4"), "{x}^{4}+4")
    eqn = M(mfrac(mr("x+1"), mr("x-2")) + mr("+") + mfrac(mr("x-1"), mr("x+2")) + mr("=") + mfrac(mr("2") + mparen(msup(mr("x"), mr("2")) + mr("+2")), msup(mr("x"), mr("2")) + mr("-4")),
            r"\frac{x+1}{x-2}+\frac{x-1}{x+2}=\frac{2({x}^{2}+2)}{{x}^{2}-4}")
    mn = M(msup(mr("n"), mr("2")) + mr("+4n+7"), "{n}^{2}+4n+7")
    qs = [
        ("I", [], [("1", ["Phân tích đa thức thành nhân tử: ", fac, "."], 1.5), ("2", ["Phân tích đa thức thành nhân tử: ", fac2, "."], 1.5)],
         ["Đặt nhân tử chung x rồi dùng hằng đẳng thức.", "Thêm bớt 4x² để đưa về hiệu hai bình phương."]),
        ("II", [], [("1", ["Giải phương trình ", eqn, "."], 2.0), ("2", ["Tìm số nguyên n để ", mn, " chia hết cho n + 2."], 2.0)],
         ["Tìm điều kiện xác định, quy đồng khử mẫu.", "Chia đa thức, n + 2 là ước của 3."]),
        ("III", ["Cho hình vuông ABCD, điểm E thuộc cạnh BC. Qua A kẻ đường thẳng vuông góc với AE cắt CD tại F."],
         [("1", ["Chứng minh tam giác AEF vuông cân."], 2.0), ("2", ["Gọi I là trung điểm EF. Chứng minh I thuộc BD."], 1.0)],
         ["Chứng minh hai tam giác ABE và ADF bằng nhau.", "Dùng tính chất đường trung tuyến trong tam giác vuông."]),
    ]
    for roman, stem, subs, _g in qs:
        p.p(R(f"Câu {roman}.", bold=True), (" " if stem else ""), *stem)
        for lab, items, sp in subs:
            p.p(R(f"{lab}. ", bold=True), *items, R(f" ({sp:.1f} điểm)".replace(".", ","), italic=True))
    het(p, "----------- HẾT -----------")
    p.p("Cán bộ coi thi không giải thích gì thêm.", italic=True)
    p.p("HƯỚNG DẪN CHẤM", bold=True, center=True)
    for roman, _stem, subs, g in qs:
        p.p(R(f"Câu {roman}.", bold=True))
        for (lab, _i, sp), step in zip(subs, g, strict=False):
            p.p(f"{lab}. {step}\t{str(sp).replace('.', ',')}đ")
    for n, (_roman, stem, subs, g) in enumerate(qs, 1):
        # the paper states no points for "Câu I." itself, only for its parts
        t.q(n, "essay", stem, points=None, subparts=subs, guide=g)
    return p, t, name


def tinhoc10_tn_ngoac_vuong(out: Path):
    """Options labelled 'A)' in a 2x2 borderless table, right answer marked with '*' before the
    label in some questions and by an answer line 'Đáp án: B' in others; a question whose stem
    contains a code block (two paragraphs in a 1x1 table) before the options."""
    name = "tinhoc10_tn_ngoac.docx"
    p = Paper()
    t = Truth(name, {"department": "Cần Thơ", "subject": "Tin học", "grade": 10, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA GIỮA KÌ II"})
    header(p, ["SỞ GD&ĐT CẦN THƠ", "TRƯỜNG THPT CHÂU VĂN LIÊM"],
           ["ĐỀ KIỂM TRA GIỮA KÌ II", "NĂM HỌC 2024 - 2025", "Môn: TIN HỌC 10", "Thời gian: 45 phút"])
    data = [
        (["Trong Python, kiểu dữ liệu của giá trị 3.14 là"], ["int", "float", "str", "bool"], "B", None),
        (["Câu lệnh nào sau đây dùng để nhập dữ liệu từ bàn phím?"], ["print()", "input()", "range()", "len()"], "B", None),
        (["Cho đoạn chương trình sau:"], ["5", "10", "15", "0"], "C", ["s = 0", "for i in range(1, 6):", "    s = s + i", "print(s)"]),
        (["Kết quả của biểu thức 17 // 5 là"], ["3,4", "2", "3", "4"], "C", None),
        (["Hàm len(\"Tin hoc\") trả về giá trị"], ["6", "7", "8", "5"], "B", None),
    ]
    for n, (stem, opts, ans, code) in enumerate(data, 1):
        p.p(R(f"Câu {n}: ", bold=True), *stem)
        stem_items = list(stem)
        if code:
            p.table([[[[ln] for ln in code]]])
            p.p("Sau khi thực hiện đoạn chương trình trên, giá trị của s là")
            stem_items += [" " + " ".join(code) + " ", "Sau khi thực hiện đoạn chương trình trên, giá trị của s là"]
        o = mcq_opts(opts, ans)
        if n % 2:
            cells = [[("*" if c else "") + f"{L}) ", *items] for L, items, c in o]
            p.table([[cells[0], cells[1]], [cells[2], cells[3]]], borders=False)
        else:
            cells = [[f"{L}) ", *items] for L, items, c in o]
            p.table([[cells[0], cells[1]], [cells[2], cells[3]]], borders=False)
            p.p(R("Đáp án: ", bold=True), ans)
        t.q(n, "mcq", stem_items, o, answer=ans)
    het(p, "--- Hết ---")
    return p, t, name


def hoa12_tn_menhde(out: Path):
    """MCQs whose stems hold statement lists: '(a) ...' lines, 'I. ...' lines, '(1) ...' lines and
    bare 'a) ...' lines, then 'Số phát biểu đúng là'; a question typed in ONE paragraph with line
    breaks (stem<br>A.<br>B.<br>C.<br>D.); stem and options on one line; 'A.<tab>NaCl' tab after
    the label; key as a 'Câu | 1..7 / Đáp án' table."""
    name = "hoa12_tn_menhde.docx"
    p = Paper()
    t = Truth(name, {"department": "Vĩnh Phúc", "subject": "Hóa học", "grade": 12, "year": "2023-2024",
                     "exam": "ĐỀ KHẢO SÁT CHẤT LƯỢNG LẦN 2"})
    header(p, ["SỞ GD&ĐT VĨNH PHÚC", "TRƯỜNG THPT CHUYÊN VĨNH PHÚC"],
           ["ĐỀ KHẢO SÁT CHẤT LƯỢNG LẦN 2", "NĂM HỌC 2023 - 2024", "Môn: HÓA HỌC - Lớp 12", "Thời gian làm bài: 50 phút"])
    p.p("Mã đề thi 201", bold=True)
    keys = []

    def listed(n, intro, lines, ask, opts, ans):
        p.p(R(f"Câu {n}: ", bold=True), intro)
        for ln in lines:
            p.p(ln)
        p.p(ask)
        o = mcq_opts(opts, ans)
        render_options(p, o, "tabs4")
        t.q(n, "mcq", [" ".join([intro, *lines, ask])], o, answer=ans)
        keys.append(ans)

    listed(1, "Cho các thí nghiệm sau:",
           ["(a) Sục khí CO2 dư vào dung dịch Ca(OH)2.", "(b) Cho dung dịch NaOH dư vào dung dịch AlCl3.",
            "(c) Cho dung dịch Ba(OH)2 vào dung dịch Na2SO4.", "(d) Cho dung dịch AgNO3 vào dung dịch FeCl3."],
           "Sau khi các phản ứng kết thúc, số thí nghiệm thu được kết tủa là", ["1", "2", "3", "4"], "B")
    listed(2, "Cho các phát biểu sau:",
           ["I. Glucozơ và fructozơ là đồng phân của nhau.", "II. Saccarozơ có phản ứng tráng bạc.",
            "III. Tinh bột và xenlulozơ đều là polisaccarit.", "IV. Amilozơ có cấu trúc mạch phân nhánh."],
           "Số phát biểu đúng là", ["2", "3", "1", "4"], "A")
    listed(3, "Cho các chất sau:", ["(1) Etyl axetat.", "(2) Glucozơ.", "(3) Tristearin.", "(4) Saccarozơ."],
           "Số chất bị thủy phân trong môi trường kiềm là", ["3", "4", "1", "2"], "D")
    # one paragraph with line breaks
    opts4 = ["Fe", "K", "Mg", "Al"]
    p.p(R("Câu 4: ", bold=True), "Kim loại nào sau đây có tính khử mạnh nhất?",
        *[x for L, o in zip(LETTERS, opts4, strict=False) for x in (Br(), f"{L}. {o}")])
    t.q(4, "mcq", ["Kim loại nào sau đây có tính khử mạnh nhất?"], mcq_opts(opts4, "B"), answer="B")
    keys.append("B")
    # stem and options on one line
    opts5 = ["HCl.", "CH3COOH.", "H2O.", "C2H5OH."]
    p.p(R("Câu 5: ", bold=True), "Chất nào sau đây là chất điện li mạnh? ",
        "   ".join(f"{L}. {o}" for L, o in zip(LETTERS, opts5, strict=False)))
    t.q(5, "mcq", ["Chất nào sau đây là chất điện li mạnh?"], mcq_opts(opts5, "A"), answer="A")
    keys.append("A")
    # tab after the label
    opts6 = ["NaCl", "KNO3", "NaOH", "HCl"]
    p.p(R("Câu 6: ", bold=True), "Dung dịch chất nào sau đây làm quỳ tím hóa xanh?")
    p.p("\t".join(f"{L}.\t{o}" for L, o in zip(LETTERS, opts6, strict=False)))
    t.q(6, "mcq", ["Dung dịch chất nào sau đây làm quỳ tím hóa xanh?"], mcq_opts(opts6, "C"), answer="C")
    keys.append("C")
    listed(7, "Cho các phát biểu sau:",
           ["a) Nhôm là kim loại nhẹ, dẫn điện tốt.", "b) Sắt là kim loại có tính nhiễm từ.",
            "c) Natri được bảo quản bằng cách ngâm trong dầu hỏa.", "d) Đồng tác dụng được với dung dịch HCl loãng."],
           "Số phát biểu đúng là", ["4", "1", "3", "2"], "C")
    listed(8, "Tiến hành các thí nghiệm sau:",
           ["a) Cho lá Zn vào dung dịch CuSO4.", "b) Cho lá Cu vào dung dịch FeCl3.", "c) Cho lá Fe vào dung dịch HCl.",
            "d) Cho lá Ag vào dung dịch HCl.", "e) Cho lá Fe vào dung dịch AgNO3."],
           "Số thí nghiệm xảy ra phản ứng là", ["3", "5", "2", "4"], "D")
    listed(9, "Cho các polime sau:",
           ["a) Polietilen.", "b) Tinh bột.", "c) Tơ nilon-6,6.", "d) Xenlulozơ."],
           "Số polime thiên nhiên là", ["2", "1", "3", "4"], "A")
    het(p, "----------- HẾT -----------")
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.table([["Câu"] + [str(i) for i in range(1, len(keys) + 1)], ["Đáp án"] + keys])
    return p, t, name


def hoa10_hsg_11_12(out: Path):
    """Gifted paper with decimal sub-part labels '1.1.' '1.2.' each ending '(2,0 điểm)', labels
    'Câu 1. (4,0 điểm)'; the guide is split in TWO tables (the second repeats the header row)
    and ends with a 'Tổng' row."""
    name = "hoa10_hsg_11_12.docx"
    p = Paper()
    t = Truth(name, {"department": "Hà Tĩnh", "subject": "Hóa học", "grade": 10, "year": "2023-2024",
                     "exam": "KỲ THI CHỌN HỌC SINH GIỎI TỈNH LỚP 10 THPT"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "HÀ TĨNH", "ĐỀ THI CHÍNH THỨC"],
           ["KỲ THI CHỌN HỌC SINH GIỎI TỈNH LỚP 10 THPT", "NĂM HỌC 2023 - 2024", "Môn thi: HÓA HỌC",
            "Thời gian làm bài: 180 phút"])
    qs = [
        (4.0, [], [("1.1", ["Viết cấu hình electron của nguyên tử Fe (Z = 26) và của ion Fe3+."], 2.0),
                   ("1.2", ["Giải thích vì sao ion Fe3+ bền hơn ion Fe2+."], 2.0)],
         ["Viết đúng cấu hình electron của Fe và Fe3+.", "Fe3+ có phân lớp 3d bán bão hòa nên bền hơn."]),
        (6.0, ["Nguyên tố X thuộc chu kì 3, nhóm VIA của bảng tuần hoàn."],
         [("2.1", ["Xác định X và viết công thức oxit cao nhất của X."], 3.0),
          ("2.2", ["So sánh tính axit của các hợp chất hiđroxit cao nhất của X và của clo."], 3.0)],
         ["X là lưu huỳnh, oxit cao nhất là SO3.", "HClO4 có tính axit mạnh hơn H2SO4 do Cl có độ âm điện lớn hơn."]),
        (5.0, ["Hòa tan hoàn toàn 11 gam hỗn hợp Al và Fe trong dung dịch HCl dư thu được 8,96 lít khí H2 (đktc)."],
         [("3.1", ["Tính phần trăm khối lượng mỗi kim loại trong hỗn hợp."], 3.0),
          ("3.2", ["Tính thể tích dung dịch HCl 2M đã dùng, biết axit lấy dư 10% so với lượng cần thiết."], 2.0)],
         ["Lập hệ phương trình theo khối lượng hỗn hợp và số mol khí.", "Tính số mol HCl phản ứng, cộng thêm 10%."]),
        (5.0, ["Cân bằng các phương trình phản ứng oxi hóa - khử sau bằng phương pháp thăng bằng electron:"],
         [("4.1", ["FeS2 + O2 → Fe2O3 + SO2"], 2.5), ("4.2", ["Cu + HNO3 → Cu(NO3)2 + NO + H2O"], 2.5)],
         ["Xác định chất khử, chất oxi hóa và cân bằng phản ứng thứ nhất.", "Cân bằng phản ứng thứ hai, hệ số 3, 8, 3, 2, 4."]),
    ]
    for n, (pts, stem, subs, _g) in enumerate(qs, 1):
        lab = [R(f"Câu {n}. ", bold=True), R(f"({pts:.1f} điểm)".replace(".", ","), bold=True)]
        p.p(*lab, *([" ", *stem] if stem else []))
        for sl, items, sp in subs:
            p.p(R(f"{sl}. ", bold=True), *items, f" ({sp:.1f} điểm)".replace(".", ","))
    het(p, "- HẾT -")
    p.p("- Thí sinh không được sử dụng tài liệu (kể cả bảng tuần hoàn).", italic=True)
    p.p("- Cán bộ coi thi không giải thích gì thêm.", italic=True)
    p.doc.add_page_break()
    p.p("HƯỚNG DẪN CHẤM", bold=True, center=True)
    head = ["Câu", "Ý", "Nội dung", "Điểm"]
    for part in (qs[:2], qs[2:]):
        rows = [head]
        merges = []
        for pts, _stem, subs, g in part:
            n = qs.index((pts, _stem, subs, g)) + 1
            r0 = len(rows)
            for (sl, _i, sp), step in zip(subs, g, strict=False):
                rows.append([f"Câu {n}\n({pts:.1f} điểm)".replace(".", ",") if len(rows) == r0 else None, sl, step,
                             f"{sp:.1f}".replace(".", ",")])
            merges.append((r0, 0, len(rows) - 1, 0))
        if part is not qs[:2]:
            rows.append(["", "", "Tổng", "20,0"])
        p.table(rows, merges=merges)
        p.p("")
    p.p("Ghi chú: Thí sinh giải theo cách khác đúng vẫn cho điểm tối đa.", italic=True)
    for n, (pts, stem, subs, g) in enumerate(qs, 1):
        t.q(n, "essay", stem, points=pts, subparts=subs, guide=g)
    return p, t, name


def sinh12_2025_keydoc(out: Path):
    """2025 format: part headings with points 'PHẦN I. TRẮC NGHIỆM NHIỀU LỰA CHỌN (4,5 điểm)';
    key of PHẦN I as a line '1-A 2-B ...'; key of PHẦN II as a vertical table 'Câu | a | b | c | d'
    with rows '1 | Đ | S | Đ | S'; key of PHẦN III as one line 'Câu 1: 12; Câu 2: 0,25; Câu 3: 4'."""
    name = "sinh12_2025_keydoc.docx"
    p = Paper()
    t = Truth(name, {"department": "Hải Phòng", "subject": "Sinh học", "grade": 12, "year": "2024-2025",
                     "exam": "KỲ THI THỬ TỐT NGHIỆP THPT NĂM 2025"})
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "HẢI PHÒNG", "ĐỀ THI THỬ"],
           ["KỲ THI THỬ TỐT NGHIỆP THPT NĂM 2025", "Môn thi: SINH HỌC", "Thời gian làm bài: 50 phút, không kể thời gian phát đề"])
    candidate_line(p, 0)
    p.p(R("PHẦN I. TRẮC NGHIỆM NHIỀU LỰA CHỌN (4,5 điểm)", bold=True))
    part1 = SINH[:6]
    for n, (stem, opts, ans) in enumerate(part1, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "lines")
        t.q(n, "mcq", [stem], o, answer=ans, section="PHẦN I")
    p.p(R("PHẦN II. TRẮC NGHIỆM ĐÚNG SAI (4,0 điểm)", bold=True))
    part2 = [
        (["Hình bên mô tả quá trình nhân đôi ADN ở sinh vật nhân sơ.", Img(60, 30)],
         ["Quá trình nhân đôi diễn ra theo nguyên tắc bán bảo toàn.", "Enzim ligaza tổng hợp mạch mới.",
          "Trên mạch khuôn 3'→5' mạch mới được tổng hợp liên tục.", "Ở sinh vật nhân sơ chỉ có một đơn vị tái bản."], "ĐSĐĐ"),
        (["Ở một loài thực vật, alen A quy định hoa đỏ trội hoàn toàn so với alen a quy định hoa trắng. Cho cây Aa tự thụ phấn thu được F1."],
         ["F1 có 3 loại kiểu gen.", "Tỉ lệ kiểu hình ở F1 là 1 : 1.", "Trong số cây hoa đỏ ở F1, cây thuần chủng chiếm 1/3.",
          "F1 có 50% số cây hoa trắng."], "ĐSĐS"),
    ]
    for n, (stem, sts, ans) in enumerate(part2, 1):
        p.p(R(f"Câu {n}. ", bold=True), *[x for x in stem if not isinstance(x, Img)])
        for x in stem:
            if isinstance(x, Img):
                p.p(x, center=True)
        for lab, s_ in zip("abcd", sts, strict=False):
            p.p(f"{lab}) {s_}")
        t.q(n, "true_false", stem, tf_opts(sts, ans), answer=list(ans), section="PHẦN II")
    p.p(R("PHẦN III. TRẮC NGHIỆM TRẢ LỜI NGẮN (1,5 điểm)", bold=True))
    part3 = [
        ("Một gen có 2400 nuclêôtit. Gen này có bao nhiêu chu kì xoắn?", "120"),
        ("Một quần thể có 400 cá thể AA, 400 cá thể Aa và 200 cá thể aa. Tần số alen a của quần thể là bao nhiêu? (viết dưới dạng số thập phân)", "0,4"),
        ("Cơ thể có kiểu gen AaBbDd giảm phân bình thường tạo ra tối đa bao nhiêu loại giao tử?", "8"),
    ]
    for n, (stem, ans) in enumerate(part3, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        t.q(n, "short_answer", [stem], answer=ans, section="PHẦN III")
    het(p, "------ HẾT ------")
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.p("PHẦN I.", bold=True)
    p.p(" ".join(f"{i}-{a}" for i, (_, _, a) in enumerate(part1, 1)))
    p.p("PHẦN II.", bold=True)
    p.table([["Câu", "a", "b", "c", "d"]] + [[str(i)] + list(ans) for i, (_, _, ans) in enumerate(part2, 1)])
    p.p("PHẦN III.", bold=True)
    p.p("; ".join(f"Câu {i}: {a}" for i, (_, a) in enumerate(part3, 1)))
    return p, t, name


def to_nfd(p: Paper) -> None:
    """Retype every character as 'Unicode tổ hợp' (NFD: base letter + combining marks), as Unikey
    does with that charset and as text copied from many PDFs arrives."""
    from docx.oxml.ns import qn as _qn

    for el in p.doc.element.iter(_qn("w:t")):
        if el.text:
            el.text = unicodedata.normalize("NFD", el.text)


DIA11 = [
    ("Khu vực Đông Nam Á có vị trí cầu nối giữa lục địa Á - Âu với lục địa", ["Ô-xtrây-li-a", "Phi", "Nam Mỹ", "Bắc Mỹ"], "A"),
    ("Đông Nam Á lục địa có khí hậu chủ yếu là", ["nhiệt đới gió mùa", "xích đạo", "ôn đới", "cận nhiệt đới"], "A"),
    ("Quốc gia nào sau đây không giáp biển?", ["Việt Nam", "Lào", "Thái Lan", "Mi-an-ma"], "B"),
    ("Cây lúa nước được trồng nhiều ở Đông Nam Á chủ yếu do", ["đất badan màu mỡ", "khí hậu lạnh", "đồng bằng phù sa màu mỡ và khí hậu nóng ẩm",
                                                              "nhiều cao nguyên"], "C"),
    ("Hiệp hội các quốc gia Đông Nam Á có trụ sở đặt tại", ["Băng Cốc", "Ma-ni-la", "Cua-la Lăm-pơ", "Gia-các-ta"], "D"),
    ("Ngành công nghiệp nào sau đây phát triển mạnh ở nhiều nước Đông Nam Á?", ["Lắp ráp ô tô, điện tử", "Hàng không vũ trụ",
                                                                            "Chế tạo máy bay", "Công nghiệp hạt nhân"], "A"),
]


def dia11_tn_unicode_tohop(out: Path):
    """The whole paper typed in 'Unicode tổ hợp' (NFD: 'Câu' = 'Ca' + U+0302 + 'u'), the charset
    Unikey offers next to 'Unicode dựng sẵn'; the truth is NFC as the README asks."""
    name = "dia11_tn_unicode_tohop.docx"
    p = Paper()
    t = Truth(name, {"department": "Quảng Ngãi", "subject": "Địa lí", "grade": 11, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KỲ I"})
    header(p, ["SỞ GD&ĐT QUẢNG NGÃI", "TRƯỜNG THPT SỐ 1 TƯ NGHĨA"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KỲ I", "NĂM HỌC 2023 - 2024", "Môn: ĐỊA LÍ - Lớp 11", "Thời gian làm bài: 45 phút"])
    candidate_line(p, 0)
    for n, (stem, opts, ans) in enumerate(DIA11, 1):
        p.p(R(f"Câu {n}: ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "tabs2")
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p, "------ HẾT ------")
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.table([["Câu"] + [str(i) for i in range(1, len(DIA11) + 1)], ["Đáp án"] + [a for _, _, a in DIA11]])
    to_nfd(p)
    return p, t, name


def sinh11_tn_mucdo(out: Path):
    """Level tags after the number, as in papers built from a ma trận: 'Câu 1 (NB):', 'Câu 5 (TH):',
    'Câu 7 (VD):', 'Câu 8 (VDC):'. The level is stated, but the truth keeps level null (the README
    takes levels from spreadsheet columns) and the stem without the tag."""
    name = "sinh11_tn_mucdo.docx"
    p = Paper()
    t = Truth(name, {"department": "Phú Thọ", "subject": "Sinh học", "grade": 11, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KỲ I"})
    header(p, ["SỞ GD&ĐT PHÚ THỌ", "TRƯỜNG THPT CÔNG NGHIỆP VIỆT TRÌ"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KỲ I", "NĂM HỌC 2024 - 2025", "Môn: SINH HỌC - Lớp 11", "Thời gian làm bài: 45 phút"])
    data = [
        ("NB", "Ở thực vật, nước được hấp thụ chủ yếu qua", ["lông hút của rễ", "lá", "thân", "hoa"], "A"),
        ("NB", "Quá trình thoát hơi nước ở lá diễn ra chủ yếu qua", ["cutin", "khí khổng", "mạch gỗ", "mạch rây"], "B"),
        ("NB", "Sắc tố nào sau đây tham gia trực tiếp vào chuyển hóa năng lượng ánh sáng?", ["Carôtenôit", "Xantôphin",
                                                                                          "Diệp lục a", "Phicôbilin"], "C"),
        ("NB", "Động vật nào sau đây có túi tiêu hóa?", ["Trâu", "Chim bồ câu", "Cá chép", "Thủy tức"], "D"),
        ("TH", "Vì sao ở thực vật C4 cường độ quang hợp cao hơn thực vật C3?", ["Có hai loại lục lạp và không có hô hấp sáng",
                                                                             "Có nhiều khí khổng hơn", "Lá to hơn", "Rễ dài hơn"], "A"),
        ("TH", "Khi nói về hô hấp ở thực vật, phát biểu nào sau đây đúng?", ["Hô hấp chỉ xảy ra ở lá", "Hô hấp tạo ra ATP cho tế bào",
                                                                           "Hô hấp không cần enzim", "Hô hấp chỉ xảy ra ban ngày"], "B"),
        ("VD", "Một cây hấp thụ 1000 g nước thì giữ lại 2 g để tạo chất khô. Tỉ lệ nước dùng cho thoát hơi nước là", ["99,8%", "0,2%", "98%", "2%"], "A"),
        ("VDC", "Nếu tim của một người đập 75 lần mỗi phút thì thời gian của một chu kì tim là", ["0,6 giây", "1 giây", "0,8 giây", "1,2 giây"], "C"),
    ]
    for n, (lv, stem, opts, ans) in enumerate(data, 1):
        p.p(R(f"Câu {n} ({lv}): ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "tabs2")
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p, "------ HẾT ------")
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.table([["Câu"] + [str(i) for i in range(1, len(data) + 1)], ["Đáp án"] + [d[3] for d in data]])
    return p, t, name


def congnghe10_tn_loigiai(out: Path):
    """Answers only inside worked solutions, in the forms teachers write them: 'Lời giải: Chọn B.'
    on the marker line, '... Vậy chọn C.' at the end of the explanation, 'Hướng dẫn giải:' then
    'Đáp án đúng là: D', '→ Chọn A', 'ĐA: B'; one question's options in a 2x2 borderless table."""
    name = "congnghe10_tn_loigiai.docx"
    p = Paper()
    t = Truth(name, {"department": "Hưng Yên", "subject": "Công nghệ", "grade": 10, "year": "2024-2025",
                     "exam": "ĐỀ ÔN TẬP CUỐI HỌC KỲ II"})
    header(p, ["SỞ GD&ĐT HƯNG YÊN", "TRƯỜNG THPT CHUYÊN HƯNG YÊN"],
           ["ĐỀ ÔN TẬP CUỐI HỌC KỲ II (CÓ LỜI GIẢI)", "NĂM HỌC 2024 - 2025", "Môn: CÔNG NGHỆ 10 - Lớp 10"])
    data = [
        ("Bản vẽ kĩ thuật trình bày thông tin kĩ thuật dưới dạng", ["hình vẽ và kí hiệu theo quy tắc thống nhất", "chữ viết",
                                                                    "hình ảnh màu", "bảng số liệu"], "A",
         ["Lời giải: Chọn A."], "Bản vẽ dùng hình vẽ và kí hiệu theo quy tắc thống nhất."),
        ("Khổ giấy A4 có kích thước là", ["420 × 297 mm", "297 × 210 mm", "594 × 420 mm", "210 × 148 mm"], "B",
         ["Lời giải: Chọn B."], None),
        ("Hình chiếu đứng có hướng chiếu", ["từ trên xuống", "từ trái sang", "từ trước tới", "từ dưới lên"], "C",
         ["Lời giải", "Hình chiếu đứng nhận được khi chiếu từ trước tới mặt phẳng hình chiếu đứng. Vậy chọn C."], None),
        ("Nét liền đậm dùng để vẽ", ["đường kích thước", "đường tâm", "đường gióng", "cạnh thấy, đường bao thấy"], "D",
         ["Hướng dẫn giải:", "Đáp án đúng là: D"], None),
        ("Tỉ lệ 1 : 2 là tỉ lệ", ["thu nhỏ", "phóng to", "nguyên hình", "không xác định"], "A",
         ["Hướng dẫn giải: Kích thước trên bản vẽ bằng một nửa kích thước thật → Chọn A"], None),
        ("Mặt cắt dùng để biểu diễn", ["hình dạng bên ngoài", "hình dạng tiết diện vuông góc của vật thể", "màu sắc", "vật liệu"], "B",
         ["ĐA: B"], None),
    ]
    for n, (stem, opts, ans, sol, _s) in enumerate(data, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        render_options(p, o, "table2x2" if n == 3 else "lines")
        for line in sol:
            if line.startswith(("Lời giải", "Hướng dẫn giải")):
                head, _, rest = line.partition(":") if ":" in line else (line, "", "")
                p.p(R(head + (":" if rest or line.endswith(":") else ""), bold=True), rest)
            else:
                p.p(line)
        t.q(n, "mcq", [stem], o, answer=ans, solution=" ".join(sol))
    het(p, "------ HẾT ------")
    return p, t, name


def toan6_tn_chuthuong(out: Path):
    """Lower-secondary test with lower-case option labels 'a.' 'b.' 'c.' 'd.' (two to a line with a
    tab), and a key table with lower-case letters 'Câu | 1 ... / Đáp án | b | c ...'."""
    name = "toan6_tn_chuthuong.docx"
    p = Paper()
    t = Truth(name, {"department": None, "subject": "Toán", "grade": 6, "year": "2024-2025",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KÌ I"})
    header(p, ["PHÒNG GD&ĐT HUYỆN GIA LÂM", "TRƯỜNG THCS KIM SƠN"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KÌ I", "NĂM HỌC 2024 - 2025", "Môn: TOÁN - Lớp 6", "Thời gian làm bài: 60 phút"])
    p.p(R("I. TRẮC NGHIỆM (3 điểm). ", bold=True), R("Khoanh tròn vào chữ cái đứng trước câu trả lời đúng.", italic=True))
    data = [
        ("Tập hợp các số tự nhiên nhỏ hơn 5 là", ["{1; 2; 3; 4}", "{0; 1; 2; 3; 4}", "{0; 1; 2; 3; 4; 5}", "{1; 2; 3; 4; 5}"], "B"),
        ("Số nào sau đây là số nguyên tố?", ["1", "9", "11", "15"], "C"),
        ("Kết quả của phép tính 2³ là", ["6", "5", "9", "8"], "D"),
        ("Số nào sau đây chia hết cho cả 2 và 5?", ["40", "25", "52", "15"], "A"),
        ("ƯCLN(12, 18) bằng", ["3", "6", "2", "36"], "B"),
        ("Hình nào sau đây có bốn cạnh bằng nhau?", ["Hình chữ nhật", "Hình thang cân", "Hình thoi", "Hình bình hành"], "C"),
    ]
    for n, (stem, opts, ans) in enumerate(data, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        o = mcq_opts(opts, ans)
        low = [(lab.lower(), items, c) for lab, items, c in o]
        render_options(p, low, "tabs2")
        t.q(n, "mcq", [stem], o, answer=ans, section="I. TRẮC NGHIỆM")
    het(p, "------ HẾT ------")
    p.p("ĐÁP ÁN VÀ BIỂU ĐIỂM", bold=True, center=True)
    p.p("I. TRẮC NGHIỆM: Mỗi câu đúng 0,5 điểm.", bold=True)
    p.table([["Câu"] + [str(i) for i in range(1, len(data) + 1)], ["Đáp án"] + [d[2].lower() for d in data]])
    return p, t, name


def gdqp11_tn_danhmay(out: Path):
    """Hasty typing: no space after the option label ('A.30 viên<tab>B.20 viên', 'A.dễ di chuyển<tab>
    B.quan sát rộng', 'C.ổn định'), no space after 'Câu 3:' ('Câu 3:Tư thế ...') and a space before
    the colon ('Câu 4 :')."""
    name = "gdqp11_tn_danhmay.docx"
    p = Paper()
    t = Truth(name, {"department": "Lâm Đồng", "subject": "Giáo dục quốc phòng và an ninh", "grade": 11, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA HỌC KỲ I"})
    header(p, ["SỞ GD&ĐT LÂM ĐỒNG", "TRƯỜNG THPT BẢO LỘC"],
           ["ĐỀ KIỂM TRA HỌC KỲ I", "NĂM HỌC 2023 - 2024", "Môn: GIÁO DỤC QUỐC PHÒNG VÀ AN NINH - Lớp 11"])
    data = [
        ("Súng tiểu liên AK dùng hộp tiếp đạn chứa được bao nhiêu viên đạn?", ["30 viên", "20 viên", "10 viên", "40 viên"], "A"),
        ("Tầm bắn hiệu quả của súng tiểu liên AK là", ["200 m", "400 m", "800 m", "1000 m"], "B"),
        ("Tư thế nằm bắn có ưu điểm là", ["dễ di chuyển", "quan sát rộng", "ổn định, khó bị địch phát hiện", "bắn nhanh"], "C"),
        ("Khi băng bó vết thương cần", ["băng thật lỏng", "không cần sát trùng", "băng càng chặt càng tốt", "băng đủ chặt, sạch và nhanh"], "D"),
        ("Lựu đạn cầu chày có thời gian cháy chậm khoảng", ["3,2 - 4,2 giây", "1 - 2 giây", "6 - 7 giây", "10 giây"], "A"),
    ]
    for n, (stem, opts, ans) in enumerate(data, 1):
        lab = {3: f"Câu {n}:", 4: f"Câu {n} : "}.get(n, f"Câu {n}: ")
        p.p(R(lab, bold=True), stem)
        o = mcq_opts(opts, ans)
        if n % 2:
            p.p("\t".join(f"{L}.{x}" for L, x in zip(LETTERS, opts, strict=True)))
        else:
            p.p(f"A.{opts[0]}\tB.{opts[1]}")
            p.p(f"C.{opts[2]}\tD.{opts[3]}")
        t.q(n, "mcq", [stem], o, answer=ans)
    het(p, "----- HẾT -----")
    p.p("ĐÁP ÁN", bold=True, center=True)
    p.p("  ".join(f"{i}-{d[2]}" for i, d in enumerate(data, 1)))
    return p, t, name


# ================================================================= EXCEL
def lichsu12_nganhang_theochude(out: Path):
    """Bank: an instruction sheet first, then one sheet per topic (the sheet name is the topic);
    two header rows (a merged 'Phương án trả lời' over 'Phương án 1'..'Phương án 4');
    the answer is the option number 1-4."""
    name = "lichsu12_nganhang_theochude.xlsx"
    wb = openpyxl.Workbook()
    ws0 = wb.active
    ws0.title = "Hướng dẫn"
    ws0["A1"] = "NGÂN HÀNG CÂU HỎI TRẮC NGHIỆM MÔN LỊCH SỬ 12"
    ws0["A2"] = "Mỗi chủ đề một trang tính. Cột Đáp án ghi số thứ tự của phương án đúng (1, 2, 3 hoặc 4)."
    t = Truth(name, {"department": None, "subject": "Lịch sử", "grade": 12, "year": None, "exam": None})
    topics = {
        "Liên hợp quốc": [
            ("Liên hợp quốc được thành lập vào năm nào?", ["1945", "1944", "1946", "1949"], 1, "Nhận biết"),
            ("Trụ sở chính của Liên hợp quốc đặt tại", ["Luân Đôn", "Niu Oóc", "Pa-ri", "Giơ-ne-vơ"], 2, "Nhận biết"),
            ("Việt Nam trở thành thành viên của Liên hợp quốc vào năm", ["1975", "1986", "1977", "1995"], 3, "Thông hiểu"),
        ],
        "Trật tự thế giới sau Chiến tranh lạnh": [
            ("Chiến tranh lạnh kết thúc vào năm", ["1975", "1985", "1991", "1989"], 4, "Nhận biết"),
            ("Sau Chiến tranh lạnh, xu thế chủ đạo của thế giới là", ["hòa bình, hợp tác và phát triển", "đối đầu quân sự",
                                                                    "chạy đua vũ trang", "chiến tranh cục bộ"], 1, "Thông hiểu"),
        ],
        "ASEAN": [
            ("Hiệp hội các quốc gia Đông Nam Á (ASEAN) được thành lập năm", ["1976", "1967", "1984", "1995"], 2, "Nhận biết"),
            ("Việt Nam gia nhập ASEAN vào năm", ["1997", "1999", "1995", "1992"], 3, "Nhận biết"),
        ],
    }
    n = 0
    for topic, rows in topics.items():
        ws = wb.create_sheet(topic[:31])
        ws.append(["STT", "Nội dung câu hỏi", "Phương án trả lời", None, None, None, "Đáp án", "Mức độ"])
        ws.append([None, None, "Phương án 1", "Phương án 2", "Phương án 3", "Phương án 4", None, None])
        ws.merge_cells("C1:F1")
        for col in ("A", "B", "G", "H"):
            ws.merge_cells(f"{col}1:{col}2")
        for c in ws[1] + ws[2]:
            c.font = Font(bold=True)
            c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for i, (stem, opts, k, level) in enumerate(rows, 1):
            ws.append([i, stem, *opts, k, level])
            n += 1
            t.q(n, "mcq", [stem], mcq_opts(opts, LETTERS[k - 1]), answer=LETTERS[k - 1], topic=topic, level=level, typed_math=True)
    return wb, t, name


def dialy10_nganhang_dapandung(out: Path):
    """Bank with a 3-line title, header at row 5, 'Đáp án' cells written 'Đáp án đúng: B',
    points '0,25' as text, level abbreviated in a legend-free column 'Mức độ' with full words,
    typed $...$ in one stem, and a true/false row whose options are statements a)-d) and whose
    answer is 'Đ-S-Đ-S'."""
    name = "dialy10_nganhang_dapandung.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Địa lí 10"
    ws["A1"] = "SỞ GIÁO DỤC VÀ ĐÀO TẠO LONG AN"
    ws["A2"] = "NGÂN HÀNG CÂU HỎI MÔN ĐỊA LÍ 10"
    ws["A3"] = "Năm học 2024 - 2025"
    ws.append([])
    ws.append(["Mã câu", "Câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Phương án D", "Đáp án", "Điểm", "Mức độ", "Chủ đề"])
    t = Truth(name, {"department": "Long An", "subject": "Địa lí", "grade": 10, "year": "2024-2025", "exam": None})
    rows = [
        ("DL10-001", "Trái Đất tự quay quanh trục theo hướng", ["từ tây sang đông", "từ đông sang tây", "từ bắc xuống nam", "từ nam lên bắc"], "A", "Nhận biết", "Trái Đất"),
        ("DL10-002", "Thời gian Trái Đất tự quay một vòng quanh trục là khoảng", ["12 giờ", "24 giờ", "365 ngày", "30 ngày"], "B", "Nhận biết", "Trái Đất"),
        ("DL10-003", "Một bản đồ có tỉ lệ $1:100000$. Khoảng cách 5 cm trên bản đồ ứng với ngoài thực địa là",
         ["500 m", "50 km", "5 km", "0,5 km"], "C", "Thông hiểu", "Bản đồ"),
        ("DL10-004", "Gió Mậu dịch thổi từ", ["áp thấp ôn đới về áp cao cực", "áp cao cực về áp thấp ôn đới",
                                             "áp thấp xích đạo về áp cao cận chí tuyến", "áp cao cận chí tuyến về áp thấp xích đạo"], "D", "Nhận biết", "Khí quyển"),
        ("DL10-005", "Nguyên nhân chủ yếu sinh ra thủy triều là", ["sức hút của Mặt Trăng và Mặt Trời", "gió", "động đất", "núi lửa"], "A", "Thông hiểu", "Thủy quyển"),
    ]
    for n, (code, stem, opts, ans, level, topic) in enumerate(rows, 1):
        ws.append([code, stem, *opts, f"Đáp án đúng: {ans}", "0,25", level, topic])
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, points=0.25, level=level, topic=topic, typed_math=True)
    return wb, t, name


def vatli10_nganhang_gopo(out: Path):
    """Bank where each question cell holds the stem AND the options, one per line
    ('...\nA. ...\nB. ...\nC. ...\nD. ...'), as pasted from Word; 'Đáp án' is a letter."""
    name = "vatli10_nganhang_gopo.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chương 1"
    ws["A1"] = "NGÂN HÀNG CÂU HỎI VẬT LÍ LỚP 10 - CHƯƠNG ĐỘNG HỌC"
    ws.append([])
    ws.append(["STT", "Câu hỏi", "Đáp án", "Mức độ"])
    t = Truth(name, {"department": None, "subject": "Vật lí", "grade": 10, "year": None, "exam": None})
    rows = [
        ("Đơn vị của vận tốc trong hệ SI là", ["m/s", "km/h", "m/s²", "m"], "A", "Nhận biết"),
        ("Chuyển động thẳng đều là chuyển động có", ["gia tốc không đổi khác 0", "vận tốc không đổi", "quỹ đạo tròn",
                                                   "vận tốc tăng đều"], "B", "Nhận biết"),
        ("Một xe đi 120 km trong 2 giờ. Tốc độ trung bình của xe là", ["240 km/h", "40 km/h", "60 km/h", "30 km/h"], "C", "Thông hiểu"),
        ("Công thức tính quãng đường của chuyển động thẳng nhanh dần đều là", ["$s=vt$", "$s=at$", "$s=\\frac{v}{t}$",
                                                                              "$s={v}_{0}t+\\frac{1}{2}a{t}^{2}$"], "D", "Nhận biết"),
        ("Một vật rơi tự do từ độ cao 20 m, lấy g = 10 m/s². Thời gian rơi là", ["2 s", "4 s", "1 s", "20 s"], "A", "Vận dụng"),
    ]
    for n, (stem, opts, ans, level) in enumerate(rows, 1):
        cell = stem + "\n" + "\n".join(f"{L}. {o}" for L, o in zip(LETTERS, opts, strict=True))
        ws.append([n, cell, ans, level])
        ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True)
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, level=level, typed_math=True)
    return wb, t, name


def tienganh10_nganhang_phuongandung(out: Path):
    """English bank in the shuffle-ready template: 'Câu hỏi | Phương án đúng | Phương án sai 1 |
    Phương án sai 2 | Phương án sai 3' (the right option always in the first option column, no
    answer column). Truth keeps the column order: A is the right one."""
    name = "tienganh10_nganhang_phuongandung.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Unit 1"
    ws.append(["STT", "Câu hỏi", "Phương án đúng", "Phương án sai 1", "Phương án sai 2", "Phương án sai 3", "Chủ đề", "Mức độ"])
    t = Truth(name, {"department": None, "subject": None, "grade": None, "year": None, "exam": None})
    rows = [
        ("My father usually ______ the washing-up after dinner.", "does", ["makes", "takes", "gets"], "Family life", "Nhận biết"),
        ("Sharing housework helps children develop ______ skills.", "life", ["live", "living", "lively"], "Family life", "Thông hiểu"),
        ("She is responsible ______ cleaning the kitchen.", "for", ["to", "with", "of"], "Family life", "Nhận biết"),
        ("The homemaker is the person who ______ the house.", "manages", ["builds", "sells", "paints"], "Family life", "Thông hiểu"),
        ("We ______ dinner when the phone rang.", "were having", ["have", "had had", "are having"], "Grammar", "Vận dụng"),
    ]
    for n, (stem, right, wrong, topic, level) in enumerate(rows, 1):
        ws.append([n, stem, right, *wrong, topic, level])
        t.q(n, "mcq", [stem], mcq_opts([right, *wrong], "A"), answer="A", topic=topic, level=level, typed_math=True)
    return wb, t, name


PAPERS = [
    hoa9_hsg_nghean, toan9_hsg_bai_thanhhoa, vatli9_hsg_haiduong, sinh12_tn_bang2x2, dia12_tn_nhandam,
    hoa12_tn_highlight, vatli11_tn_gachchan_nhan, gdcd12_tn_do_bangdapan, toan12_2025_bangkey,
    vatli12_2025_dapan_tungcau, toan10_tudongdanhso_nhieucap, toan12_latex_bbt, tienganh12_cloze, tienganh9_vao10,
    nguvan12_hsg_textbox, lichsu9_kiemtra_hon_hop, toan8_hsg_cau_la_ma_so, tinhoc10_tn_ngoac_vuong,
    hoa12_tn_menhde, hoa10_hsg_11_12, sinh12_2025_keydoc,
    dia11_tn_unicode_tohop, sinh11_tn_mucdo, congnghe10_tn_loigiai, toan6_tn_chuthuong, gdqp11_tn_danhmay,
    lichsu12_nganhang_theochude, dialy10_nganhang_dapandung, vatli10_nganhang_gopo, tienganh10_nganhang_phuongandung,
]


def main(out: Path = OUT) -> None:
    write_papers(PAPERS, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
