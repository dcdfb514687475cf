"""Round 3 of the held-out papers: conventions of departments' own files that rounds 1-2 and ../shared miss.

    python tests/heldout/make_papers_round3.py [OUT_DIR]     # default: tests/fixtures/heldout3

A history paper typed one question per table row with no header (the number in its own column,
the stem and options in one cell on soft line breaks, an instruction row and a source-text row
heading the questions below, the answer letter in a column, the solution in the last); an English
paper in the 2025 shape (a notice and a cloze with numbered blanks, a reading passage with eight
questions, options "A)" four to a line, a run-together key "1A2C3B..."); a 2025 maths paper whose
PHẦN I key has one column per mã đề with "Đề gốc", whose true statements are marked by underlining
their letter and whose short answers are written "ĐS: 12" under the question; a biology paper with
Word auto-numbered questions, options in 2×2 grids after a picture, superscripts and subscripts in
the text, and a key split into several band tables. Truth written by hand beside each file.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from docxkit import Br, Img, Paper, R, write_papers  # noqa: E402
from make_papers import Truth, candidate_line, header, het, mcq_opts, render_options, tf_opts  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout3"


def _lines(*lines) -> list:
    """One paragraph whose lines are separated by soft line breaks (Shift+Enter)."""
    out: list = []
    for k, line in enumerate(lines):
        if k:
            out.append(Br())
        out.extend(line if isinstance(line, list) else [line])
    return out


# ---------------------------------------------------------------- 1. history, one row per question
SU = [
    ("Hội nghị I-an-ta (2-1945) diễn ra khi Chiến tranh thế giới thứ hai", ["đã kết thúc hoàn toàn.", "bước vào giai đoạn kết thúc.",
     "đang diễn ra ác liệt.", "vừa mới bùng nổ."], "B", "Hội nghị họp khi chiến tranh bước vào giai đoạn kết thúc."),
    ("Tổ chức nào sau đây được thành lập năm 1945 nhằm duy trì hòa bình và an ninh thế giới?", ["Liên hợp quốc.", "ASEAN.",
     "Liên minh châu Âu.", "NATO."], "A", "Liên hợp quốc ra đời năm 1945."),
    ("Năm 1967, tổ chức nào sau đây được thành lập ở Đông Nam Á?", ["SEATO.", "APEC.", "ASEAN.", "WTO."], "C",
     "ASEAN thành lập ngày 8-8-1967 tại Băng Cốc."),
    ("Chiến lược “Chiến tranh đặc biệt” (1961-1965) của Mĩ được tiến hành ở", ["miền Bắc Việt Nam.", "miền Nam Việt Nam.",
     "cả nước Lào.", "Cam-pu-chia."], "B", "Chiến tranh đặc biệt tiến hành ở miền Nam."),
]
SU_SOURCE = ("“Hỡi đồng bào toàn quốc! Chúng ta muốn hòa bình, chúng ta phải nhân nhượng. Nhưng chúng ta càng nhân nhượng, "
             "thực dân Pháp càng lấn tới, vì chúng quyết tâm cướp nước ta lần nữa! Không! Chúng ta thà hy sinh tất cả, "
             "chứ nhất định không chịu mất nước, nhất định không chịu làm nô lệ.” (Hồ Chí Minh, Lời kêu gọi toàn quốc kháng chiến, 19-12-1946)")
SU_SRC_QS = [
    ("Lời kêu gọi trên được ra đời trong hoàn cảnh nào?", ["Pháp đã nhân nhượng ta.", "Thực dân Pháp ngày càng lấn tới.",
     "Ta đã kí Hiệp định Giơ-ne-vơ.", "Nhật đảo chính Pháp."], "B", "Đoạn trích nêu Pháp càng lấn tới."),
    ("Tinh thần chủ yếu của đoạn trích là", ["quyết tâm bảo vệ độc lập dân tộc.", "kêu gọi hòa hoãn với Pháp.",
     "đề cao vai trò của Liên hợp quốc.", "xây dựng chủ nghĩa xã hội."], "A", "Thà hy sinh tất cả chứ không chịu mất nước."),
    ("Lời kêu gọi trên được công bố vào năm nào?", ["1945.", "1946.", "1954.", "1975."], "B", "Ngày 19-12-1946."),
]


def lichsu12_bang_mot_dong(out: Path):
    name = "lichsu12_bang_mot_dong.docx"
    p = Paper()
    t = Truth(name, {"department": "Nghệ An", "subject": "Lịch sử", "grade": 12, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA GIỮA HỌC KỲ II"})  # fmt: skip
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "NGHỆ AN"],
           ["ĐỀ KIỂM TRA GIỮA HỌC KỲ II - NĂM HỌC 2023-2024", "Môn: LỊCH SỬ - Lớp 12", "Thời gian làm bài: 45 phút"])  # fmt: skip
    rows = [["", "Chọn phương án đúng nhất cho mỗi câu hỏi sau.", "", ""]]
    n = 0
    for stem, opts, ans, sol in SU:
        n += 1
        cell = _lines(stem, *[f"{L}. {o}" for L, o in zip("ABCD", opts, strict=True)])
        rows.append([f"Câu {n}", [cell], ans, f"Lời giải: {sol}"])
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, solution=sol)
    rows.append(["", "Đọc đoạn tư liệu sau và trả lời các câu hỏi từ 5 đến 7.", "", ""])
    rows.append(["", SU_SOURCE, "", ""])
    for stem, opts, ans, sol in SU_SRC_QS:
        n += 1
        cell = _lines(stem, *[f"{L}. {o}" for L, o in zip("ABCD", opts, strict=True)])
        rows.append([f"Câu {n}", [cell], ans, f"Lời giải: {sol}"])
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, solution=sol, group="tu-lieu")
    p.table(rows)
    het(p)
    return p, t, name


# ---------------------------------------------------------------- 2. English, 2025 shape
EN_NOTICE = ("SCHOOL LIBRARY NOTICE. From next Monday, the library will (1) ____ open until 7 p.m. Students who want to "
             "borrow more (2) ____ three books must ask the librarian. Please keep your voice (3) ____ and do not bring food inside.")
EN_NOTICE_QS = [(["be", "being", "been", "to be"], "A"), (["as", "than", "then", "of"], "B"), (["low", "lowly", "lower", "lowest"], "A")]
EN_READING = ("Many teenagers today spend hours on social media every day. Some researchers believe that this habit affects "
              "their sleep, because the blue light of phone screens keeps the brain awake. Others say that social media helps "
              "young people keep in touch with friends and learn about the world. A recent study in Viet Nam found that students "
              "who used their phones less than two hours a day slept better and did better at school. However, the researchers "
              "also noticed that students who used social media to study in groups improved their English. Parents are advised "
              "to talk with their children about healthy habits instead of simply banning phones.")
EN_READING_QS = [
    ("What is the passage mainly about?", ["Teenagers and social media", "How to buy a phone", "English lessons", "Sleeping pills"], "A"),
    ("According to the passage, blue light", ["helps students sleep", "keeps the brain awake", "is good for eyes", "improves English"], "B"),
    ("The word \"habit\" in the passage is closest in meaning to", ["routine", "house", "rule", "lesson"], "A"),
    ("Students who used their phones less than two hours a day", ["slept worse", "did better at school", "left school", "lost friends"], "B"),
    ("Social media used to study in groups helped students", ["sleep longer", "buy books", "improve their English", "play games"], "C"),
    ("The word \"their\" in the last sentence refers to", ["researchers", "parents", "phones", "habits"], "B"),
    ("Parents are advised to", ["ban phones", "talk with their children", "buy new phones", "stop working"], "B"),
    ("Which is NOT mentioned in the passage?", ["blue light", "a study in Viet Nam", "group study", "the price of phones"], "D"),
]


def tienganh12_2025_thongbao(out: Path):
    name = "tienganh12_2025_thongbao.docx"
    p = Paper()
    t = Truth(name, {"department": "Thanh Hóa", "subject": "Tiếng Anh", "grade": 12, "year": "2024-2025",
                     "exam": "KỲ THI THỬ TỐT NGHIỆP THPT NĂM 2025"})  # fmt: skip
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "THANH HÓA"],
           ["KỲ THI THỬ TỐT NGHIỆP THPT NĂM 2025", "Môn thi: TIẾNG ANH", "Thời gian làm bài: 50 phút"])  # fmt: skip
    candidate_line(p, 1)
    p.p("Read the following notice and mark the letter A, B, C or D on your answer sheet to indicate the option that best "
        "fits each of the numbered blanks from 1 to 3.", bold=True)  # fmt: skip
    p.p(EN_NOTICE)
    n = 0
    for opts, ans in EN_NOTICE_QS:
        n += 1
        p.p(R(f"Question {n}: ", bold=True), *[x for k, (L, o) in enumerate(zip("ABCD", opts, strict=True))
                                               for x in (["\t"] if k else []) + [f"{L}) {o}"]])  # fmt: skip
        t.q(n, "mcq", [], mcq_opts(opts, ans), answer=ans, group="notice")
    p.p("Read the following passage and mark the letter A, B, C or D on your answer sheet to indicate the correct answer "
        "to each of the questions from 4 to 11.", bold=True)  # fmt: skip
    p.p(EN_READING)
    for stem, opts, ans in EN_READING_QS:
        n += 1
        p.p(R(f"Question {n}: ", bold=True), stem)
        p.p(*[x for k, (L, o) in enumerate(zip("ABCD", opts, strict=True)) for x in (["\t"] if k else []) + [f"{L}) {o}"]])
        t.q(n, "mcq", [stem], mcq_opts(opts, ans), answer=ans, group="reading")
    het(p, "--- THE END ---")
    p.p("ANSWER KEY", bold=True, center=True)
    keys = [a for _, a in EN_NOTICE_QS] + [a for *_, a in EN_READING_QS]
    p.p("".join(f"{k}{a}" for k, a in enumerate(keys, 1)))
    return p, t, name


# ---------------------------------------------------------------- 3. maths 2025, keys in three conventions
TOAN_P1 = [
    ("Tập xác định của hàm số y = log(x − 1) là", ["(1; +∞)", "[1; +∞)", "ℝ", "(0; +∞)"], "A", "C"),
    ("Nguyên hàm của hàm số f(x) = 2x là", ["x² + C", "2x² + C", "x + C", "2 + C"], "A", "B"),
    ("Cho cấp số cộng có u1 = 2 và d = 3. Giá trị của u3 bằng", ["5", "8", "11", "6"], "B", "D"),
    ("Số cạnh của hình lập phương là", ["6", "8", "12", "10"], "C", "A"),
]
TOAN_P2 = [
    ("Cho hàm số f(x) = x³ − 3x.", ["f'(x) = 3x² − 3.", "Hàm số đồng biến trên ℝ.", "Hàm số đạt cực đại tại x = −1.",
     "Giá trị cực tiểu của hàm số bằng 2."], "ĐSĐS"),
    ("Một hộp có 5 bi đỏ và 3 bi xanh. Lấy ngẫu nhiên 2 bi.", ["Số cách lấy là 28.", "Xác suất lấy được 2 bi đỏ là 5/14.",
     "Xác suất lấy được 2 bi xanh là 1/4.", "Xác suất lấy được 2 bi khác màu là 15/28."], "ĐĐSĐ"),
]
TOAN_P3 = [("Tính giá trị của biểu thức P = log2(8) + 9.", "12"),
           ("Một vật chuyển động với vận tốc v(t) = 2t (m/s). Quãng đường vật đi được trong 0,5 giây đầu là bao nhiêu mét?", "0,25")]


def toan12_2025_dapan_trongde(out: Path):
    name = "toan12_2025_dapan_trongde.docx"
    p = Paper()
    t = Truth(name, {"department": "Bắc Ninh", "subject": "Toán", "grade": 12, "year": "2024-2025",
                     "exam": "ĐỀ THI THỬ TỐT NGHIỆP THPT NĂM 2025"})  # fmt: skip
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "BẮC NINH", "Mã đề 102"],
           ["ĐỀ THI THỬ TỐT NGHIỆP THPT NĂM 2025", "NĂM HỌC 2024-2025", "Môn: TOÁN", "Thời gian làm bài: 90 phút"])  # fmt: skip
    p.p(R("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn.", bold=True))
    for n, (stem, opts, _orig, code102) in enumerate(TOAN_P1, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        o = mcq_opts(opts, code102)
        render_options(p, o, "tabs4")
        t.q(n, "mcq", [stem], o, answer=code102, section="PHẦN I")
    p.p(R("PHẦN II. Câu trắc nghiệm đúng sai.", bold=True))
    for n, (stem, sts, marks) in enumerate(TOAN_P2, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        for lab, s_, m in zip("abcd", sts, marks, strict=True):
            p.p(R(f"{lab})", bold=True, underline=m == "Đ"), f" {s_}")
        t.q(n, "true_false", [stem], tf_opts(sts, marks), answer=list(marks), section="PHẦN II")
    p.p(R("PHẦN III. Câu trắc nghiệm trả lời ngắn.", bold=True))
    for n, (stem, ans) in enumerate(TOAN_P3, 1):
        p.p(R(f"Câu {n}. ", bold=True), stem)
        p.p(R("ĐS: ", bold=True), ans)
        t.q(n, "short_answer", [stem], answer=ans, section="PHẦN III")
    het(p)
    p.p("ĐÁP ÁN PHẦN I", bold=True, center=True)
    p.table([["Câu", "Đề gốc", "Mã 101", "Mã 102"]]
            + [[str(n), orig, "ABCD"[(n + 1) % 4], code] for n, (_, _, orig, code) in enumerate(TOAN_P1, 1)])
    return p, t, name


# ---------------------------------------------------------------- 4. biology, auto-numbered, grids, scripts
SINH_QS = [
    ("Quan sát hình bên. Bào quan được chú thích là", ["ti thể.", "lục lạp.", "ribôxôm.", "nhân."], "B", True),
    ("Một tế bào vi khuẩn phân chia 20 lần tạo ra khoảng bao nhiêu tế bào?", [[R("10")] + [R("6", sup=True)],
     [R("10")] + [R("3", sup=True)], [R("10")] + [R("9", sup=True)], ["20"]], "A", False),
    ("Trong quang hợp, chất nào sau đây được giải phóng ra môi trường?", [["O", R("2", sub=True)], ["CO", R("2", sub=True)],
     ["H", R("2", sub=True)], ["N", R("2", sub=True)]], "A", False),
    ("Hình bên mô tả giai đoạn nào của nguyên phân?", ["Kì đầu.", "Kì giữa.", "Kì sau.", "Kì cuối."], "C", True),
    ("Phân tử nào sau đây mang mã di truyền?", ["mARN.", "tARN.", "rARN.", "Prôtêin."], "A", False),
    ("Sản phẩm của pha sáng gồm", ["ATP, NADPH và O₂.", "Glucôzơ.", "CO₂ và H₂O.", "Tinh bột."], "A", False),
]


def sinh10_tudong_luoi(out: Path):
    name = "sinh10_tudong_luoi.docx"
    p = Paper()
    t = Truth(name, {"department": "Quảng Ngãi", "subject": "Sinh học", "grade": 10, "year": "2023-2024",
                     "exam": "ĐỀ KIỂM TRA CUỐI HỌC KỲ I"})  # fmt: skip
    header(p, ["SỞ GIÁO DỤC VÀ ĐÀO TẠO", "QUẢNG NGÃI"],
           ["ĐỀ KIỂM TRA CUỐI HỌC KỲ I - NĂM HỌC 2023-2024", "Môn: SINH HỌC - Lớp 10", "Thời gian làm bài: 45 phút"])  # fmt: skip
    p.numbering(41, [{"fmt": "decimal", "text": "Câu %1.", "bold": True}])
    p.num(41, 41)
    for n, (stem, opts, ans, pic) in enumerate(SINH_QS, 1):
        p.p(stem, num=(41, 0))
        items = [stem]
        if pic:
            p.p(Img(60, 40), center=True)
            items.append(Img(60, 40))
        o = mcq_opts(opts, ans)
        render_options(p, o, "table2x2")
        t.q(n, "mcq", items, o, answer=ans)
    het(p)
    p.p("BẢNG ĐÁP ÁN", bold=True, center=True)
    keys = [a for _, _, a, _ in SINH_QS]
    p.table([[str(k) for k in range(1, 4)], keys[:3]])
    p.p("")
    p.table([[str(k) for k in range(4, 7)], keys[3:]])
    return p, t, name


PAPERS = [lichsu12_bang_mot_dong, tienganh12_2025_thongbao, toan12_2025_dapan_trongde, sinh10_tudong_luoi]


def main(out: Path = OUT) -> None:
    write_papers(PAPERS, out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
