"""The demo's Toán 12 bank: questions written from templates whose content fits their topic and
level (a derivative under "Hàm số", a volume under "Hình học không gian"…), with correct answers,
enough of each cell for the demo blueprint to be built several times under the exposure window."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from math import comb

from qbank.domain.blueprint import Blueprint
from qbank.domain.content import Content, Image, Math, Paragraph, Text
from qbank.domain.enums import Level, QuestionType
from qbank.domain.question import GuideStep, Option, Question, SubPart, Tags

TOPICS = ["Hàm số", "Nguyên hàm - Tích phân", "Hình học không gian", "Xác suất - Thống kê"]
LEVELS = [Level.NHAN_BIET, Level.THONG_HIEU, Level.VAN_DUNG, Level.VAN_DUNG_CAO]
OBJECTIVE = [QuestionType.MCQ, QuestionType.TRUE_FALSE, QuestionType.SHORT_ANSWER]
BUILDS = 4  # the demo blueprint must build this many times in a row with the exposure window
SPARE = 1  # and a question more per cell, so a seed has a choice
OTHER_CELLS = 2  # questions for a topic × level × type the blueprint does not ask for (coverage)

Inline = Text | Math
Maker = Callable[[int], Question]


def _p(*inlines: Inline) -> Content:
    return Content([Paragraph(list(inlines))])


def _m(latex: str) -> Math:
    return Math(latex=latex)


def _num(x: Fraction | int | float) -> str:
    """A short-answer value as the 2025 answer sheet writes it: "-1,5", "12", "0,33"."""
    value = float(x)
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",")


def _frac(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"\\frac{{{x.numerator}}}{{{x.denominator}}}"


def _mcq(stem: Content, right: str, wrong: list[str], k: int, *, math: bool = True) -> tuple[Content, list[Option], str]:
    """Four options, the right one at a position that moves with ``k``; options are LaTeX unless ``math`` is False."""
    texts = list(wrong[:3])
    pos = k % 4
    texts.insert(pos, right)
    options = [Option(lbl, _p(_m(t)) if math else _p(Text(t)), correct=(i == pos)) for i, (lbl, t) in enumerate(zip("ABCD", texts, strict=True))]
    return stem, options, "ABCD"[pos]


def _tf(stem: Content, claims: list[tuple[list[Inline], bool]]) -> tuple[Content, list[Option], list[str]]:
    options = [Option(lbl, _p(*inl), correct=truth) for lbl, (inl, truth) in zip("abcd", claims, strict=True)]
    return stem, options, ["Đ" if truth else "S" for _, truth in claims]


# -- Hàm số ------------------------------------------------------------------------------------
def fn_mcq(level: Level, k: int) -> tuple[Content, list[Option], str]:
    a = k + 1
    if level == Level.NHAN_BIET:
        if k % 2:
            return _mcq(_p(Text("Tiệm cận ngang của đồ thị hàm số "), _m(f"y=\\frac{{{a}x+1}}{{x-{a + 1}}}"), Text(" là đường thẳng nào?")),
                        f"y={a}", [f"x={a + 1}", f"y={a + 1}", f"x={a}"], k)
        return _mcq(_p(Text("Đạo hàm của hàm số "), _m(f"y=x^3-{3 * a}x+1"), Text(" là")),
                    f"y'=3x^2-{3 * a}", [f"y'=3x^2-{a}", f"y'=x^2-{3 * a}", f"y'=3x^2+{3 * a}"], k)
    if level == Level.THONG_HIEU:
        return _mcq(_p(Text("Hàm số "), _m(f"y=-x^3+{3 * a * a}x+1"), Text(" đạt cực đại tại điểm nào?")),
                    f"x={a}", [f"x=-{a}", "x=0", f"x={3 * a}"], k)
    if level == Level.VAN_DUNG:
        return _mcq(_p(Text("Giá trị lớn nhất của hàm số "), _m(f"y=x^3-3x+{a}"), Text(" trên đoạn "), _m("[0;2]"), Text(" bằng")),
                    str(a + 2), [str(a), str(a - 2), str(a + 8)], k)
    n = k + 5
    return _mcq(_p(Text(f"Có bao nhiêu giá trị nguyên của tham số m thuộc đoạn [−{n}; {n}] để hàm số "), _m("y=x^3-3x^2+mx+1"),
                   Text(" đồng biến trên "), _m("\\mathbb{R}"), Text("?")),
                str(n - 2), [str(n - 3), str(n + 3), str(2 * n + 1)], k, math=False)


def fn_tf(level: Level, k: int) -> tuple[Content, list[Option], list[str]]:
    a = k + 1
    return _tf(_p(Text("Cho hàm số "), _m(f"y=x^3-{3 * a * a}x+2"), Text(". Các mệnh đề sau đúng hay sai?")), [
        ([Text("Đạo hàm "), _m(f"y'=3x^2-{3 * a * a}")], True),
        ([Text("Hàm số đồng biến trên khoảng "), _m(f"(-{a};{a})")], False),
        ([Text("Hàm số đạt cực tiểu tại "), _m(f"x={a}")], True),
        ([Text("Giá trị cực đại của hàm số bằng "), _m(str(2 * a ** 3 + 2 + (level in (Level.VAN_DUNG, Level.VAN_DUNG_CAO))))],
         level not in (Level.VAN_DUNG, Level.VAN_DUNG_CAO)),
    ])


def fn_sa(level: Level, k: int) -> tuple[Content, str]:
    a = k + 1
    if level in (Level.NHAN_BIET, Level.THONG_HIEU):
        return _p(Text("Tính giá trị cực đại của hàm số "), _m(f"y=x^3-{3 * a * a}x+2"), Text(".")), _num(2 * a ** 3 + 2)
    if level == Level.VAN_DUNG:
        return _p(Text("Tìm giá trị nhỏ nhất của hàm số "), _m(f"y=x^3-3x+{a}"), Text(" trên đoạn "), _m("[0;2]"), Text(".")), _num(a - 2)
    n = k + 5
    return (_p(Text(f"Có bao nhiêu giá trị nguyên của tham số m thuộc đoạn [−{n}; {n}] để hàm số "), _m("y=x^3-3x^2+mx+1"),
               Text(" đồng biến trên "), _m("\\mathbb{R}"), Text("?")), _num(n - 2))


# -- Nguyên hàm - Tích phân ---------------------------------------------------------------------
def int_mcq(level: Level, k: int) -> tuple[Content, list[Option], str]:
    b = k + 1
    if level == Level.NHAN_BIET:
        return _mcq(_p(Text("Họ tất cả các nguyên hàm của hàm số "), _m(f"f(x)={3 * b}x^2"), Text(" là")),
                    f"{b}x^3+C", [f"{3 * b}x^3+C", f"{6 * b}x+C", f"{b}x^2+C"], k)
    if level == Level.THONG_HIEU:
        return _mcq(_p(Text("Tích phân "), _m(f"\\int_0^1 ({2 * b}x+{b + 1})\\,dx"), Text(" bằng")),
                    str(2 * b + 1), [str(b + 1), str(2 * b + 3), str(b)], k)
    if level == Level.VAN_DUNG:
        area = Fraction(b ** 3, 6)
        return _mcq(_p(Text("Diện tích hình phẳng giới hạn bởi hai đồ thị "), _m("y=x^2"), Text(" và "), _m(f"y={b}x"), Text(" bằng")),
                    _frac(area), [_frac(Fraction(b ** 3, 3)), _frac(Fraction(b ** 3, 2)), _frac(area + 1)], k)
    v = Fraction(8 * (k + 1) ** 2, 3)  # pi * integral of (cx)^2 from 0 to 2
    return _mcq(_p(Text("Thể tích khối tròn xoay tạo thành khi quay quanh trục Ox hình phẳng giới hạn bởi "), _m(f"y={k + 1}x"),
                   Text(", "), _m("y=0"), Text(", "), _m("x=0"), Text(", "), _m("x=2"), Text(" là")),
                f"{_frac(v)}\\pi", [f"{_frac(v * 3 / 5)}\\pi", f"{_frac(v / 2)}\\pi", f"{_frac(v)}"], k)


def int_tf(level: Level, k: int) -> tuple[Content, list[Option], list[str]]:
    a = k + 1
    hard = level in (Level.VAN_DUNG, Level.VAN_DUNG_CAO)
    return _tf(_p(Text("Cho hàm số "), _m(f"f(x)=2x+{a}"), Text(". Xét nguyên hàm và tích phân của f(x): các mệnh đề sau đúng hay sai?")), [
        ([_m(f"\\int f(x)\\,dx=x^2+{a}x+C")], True),
        ([_m(f"\\int_0^1 f(x)\\,dx={1 + a}")], True),
        ([Text("Nguyên hàm "), _m("F(x)"), Text(" của "), _m("f(x)"), Text(" thỏa mãn "), _m("F(0)=1"), Text(" là "), _m(f"F(x)=x^2+{a}x")],
         False),
        ([_m(f"\\int_0^2 f(x)\\,dx={4 + 2 * a if hard else 4 + a}")], hard),
    ])


def int_sa(level: Level, k: int) -> tuple[Content, str]:
    a = k + 1
    if level in (Level.NHAN_BIET, Level.THONG_HIEU):
        return _p(Text("Tính tích phân "), _m(f"\\int_0^2 (3x^2+{a})\\,dx"), Text(".")), _num(8 + 2 * a)
    if level == Level.VAN_DUNG:
        return (_p(Text("Một vật chuyển động với vận tốc "), _m(f"v(t)={2 * a}t+1"), Text(" (m/s). Tính quãng đường (m) vật đi được trong 3 giây đầu.")),
                _num(9 * a + 3))
    return (_p(Text("Tính diện tích hình phẳng giới hạn bởi đồ thị "), _m(f"y=x^2-{a}x"), Text(" và trục hoành (làm tròn đến hàng phần trăm).")),
            _num(round(a ** 3 / 6, 2)))


# -- Hình học không gian ------------------------------------------------------------------------
def geo_mcq(level: Level, k: int) -> tuple[Content, list[Option], str]:
    a = k + 2
    if level == Level.NHAN_BIET:
        if k % 2:
            return _mcq(_p(Text(f"Thể tích của khối lập phương có cạnh bằng {a} cm là")),
                        f"{a ** 3} cm³", [f"{a ** 2} cm³", f"{3 * a ** 3} cm³", f"{a ** 3 + a} cm³"], k, math=False)
        return _mcq(_p(Text(f"Thể tích của khối chóp có diện tích đáy {3 * a} cm² và chiều cao {a} cm là")),
                    f"{a * a} cm³", [f"{3 * a * a} cm³", f"{a * a // 2 + 1} cm³", f"{6 * a * a} cm³"], k, math=False)
    if level == Level.THONG_HIEU:
        # |2a - 1 + 2k - k| / 3 = k + 1 with a = k + 2
        return _mcq(_p(Text("Trong không gian Oxyz, khoảng cách từ điểm "), _m(f"M({a};1;{k})"), Text(" đến mặt phẳng "),
                       _m(f"(P): 2x-y+2z{f'-{k}' if k else ''}=0"), Text(" bằng")),
                    str(k + 1), [str(k + 2), str(3 * (k + 1)), str(k)], k)
    if level == Level.VAN_DUNG:
        return _mcq(_p(Text(f"Cho hình chóp S.ABCD có đáy là hình vuông cạnh {a}, SA vuông góc với đáy và SA = {a}. "
                            "Góc giữa đường thẳng SC và mặt phẳng đáy có tang bằng")),
                    "\\frac{\\sqrt{2}}{2}", ["1", "\\sqrt{2}", "\\frac{1}{2}"], k)
    return _mcq(_p(Text(f"Cho lăng trụ đứng ABC.A'B'C' có đáy là tam giác vuông cân tại A, AB = {a}, AA' = {2 * a}. "
                        "Thể tích khối lăng trụ bằng")),
                str(a ** 3), [str(2 * a ** 3), _frac(Fraction(a ** 3, 3)), str(4 * a ** 3)], k)


def geo_tf(level: Level, k: int) -> tuple[Content, list[Option], list[str]]:
    a, h = k + 1, k + 2
    hard = level in (Level.VAN_DUNG, Level.VAN_DUNG_CAO)
    return _tf(_p(Text(f"Cho hình chóp S.ABCD có đáy ABCD là hình vuông cạnh {a}, SA vuông góc với mặt phẳng (ABCD) và SA = {h}. "
                       "Các mệnh đề sau đúng hay sai?")), [
        ([Text("Thể tích khối chóp S.ABCD bằng "), _m(_frac(Fraction(a * a * h, 3)))], True),
        ([Text("Đường thẳng BC vuông góc với mặt phẳng (SAB).")], True),
        ([Text("Độ dài SC bằng "), _m(f"\\sqrt{{{2 * a * a + h * h}}}")], True),
        ([Text("Góc giữa SC và mặt phẳng (ABCD) là góc "), _m("\\widehat{SBA}")] if hard else
         [Text("Độ dài SB bằng "), _m(f"{a + h}")], False),
    ])


def geo_sa(level: Level, k: int) -> tuple[Content, str]:
    a = k + 1
    if level in (Level.NHAN_BIET, Level.THONG_HIEU):
        return _p(Text(f"Tính thể tích khối hộp chữ nhật có ba kích thước {a}, {a + 1}, {a + 2}.")), _num(a * (a + 1) * (a + 2))
    if level == Level.VAN_DUNG:
        return (_p(Text("Trong không gian Oxyz, tính khoảng cách từ điểm "), _m(f"A({a};0;0)"), Text(" đến mặt phẳng "),
                   _m(f"(P): 2x+2y-z+{3 * a}=0"), Text(" (làm tròn đến hàng phần trăm).")), _num(round(5 * a / 3, 2)))
    return (_p(Text(f"Cho hình chóp tứ giác đều S.ABCD có cạnh đáy bằng {2 * a} và cạnh bên bằng {2 * a}. "
                    "Tính thể tích khối chóp (làm tròn đến hàng phần mười).")),
            _num(round((2 * a) ** 2 * (2 * a * 2 ** -0.5) / 3, 1)))


# -- Xác suất - Thống kê -----------------------------------------------------------------------
def prob_mcq(level: Level, k: int) -> tuple[Content, list[Option], str]:
    r, b = k + 2, k + 3
    n = r + b
    if level == Level.NHAN_BIET:
        if k % 2:
            return _mcq(_p(Text(f"Mẫu số liệu ghép nhóm có nhóm đầu tiên [{10 + k}; {15 + k}) và nhóm cuối cùng [{40 + k}; {45 + k}). "
                                "Khoảng biến thiên của mẫu số liệu là")),
                        "35", ["30", "25", "45"], k, math=False)
        return _mcq(_p(Text(f"Một hộp có {r} quả cầu đỏ và {b} quả cầu xanh. Lấy ngẫu nhiên một quả. Xác suất lấy được quả cầu đỏ là")),
                    f"\\frac{{{r}}}{{{n}}}", [f"\\frac{{{b}}}{{{n}}}", f"\\frac{{{r}}}{{{b}}}", f"\\frac{{1}}{{{n}}}"], k)
    if level == Level.THONG_HIEU:
        p = Fraction(comb(r, 2), comb(n, 2))
        return _mcq(_p(Text(f"Một hộp có {r} quả cầu đỏ và {b} quả cầu xanh. Lấy ngẫu nhiên hai quả. Xác suất để cả hai quả đều đỏ là")),
                    _frac(p), [_frac(Fraction(comb(b, 2), comb(n, 2))), _frac(Fraction(r, n)), _frac(Fraction(r * b, comb(n, 2)))], k)
    if level == Level.VAN_DUNG:
        pa, pb = Fraction(k % 5 + 3, 10), Fraction(k % 4 + 4, 10)
        return _mcq(_p(Text("Cho hai biến cố độc lập A, B với "), _m(f"P(A)={_num(pa)}"), Text(", "), _m(f"P(B)={_num(pb)}"),
                       Text(". Xác suất để ít nhất một trong hai biến cố xảy ra là")),
                    _num(pa + pb - pa * pb), [_num(pa + pb), _num(pa * pb), _num(1 - pa * pb)], k)
    x, y = k + 3, k + 5
    return _mcq(_p(Text(f"Một lớp có {x} học sinh nữ và {y} học sinh nam giỏi Toán. Chọn ngẫu nhiên một học sinh giỏi Toán của lớp; "
                        "biết học sinh đó giỏi Toán, xác suất học sinh đó là nữ bằng")),
                f"\\frac{{{x}}}{{{x + y}}}", [f"\\frac{{{y}}}{{{x + y}}}", f"\\frac{{{x}}}{{{y}}}", f"\\frac{{1}}{{{x + y}}}"], k)


def prob_tf(level: Level, k: int) -> tuple[Content, list[Option], list[str]]:
    r, b = k + 2, k + 3
    n = r + b
    hard = level in (Level.VAN_DUNG, Level.VAN_DUNG_CAO)
    return _tf(_p(Text(f"Một hộp có {r} quả cầu đỏ và {b} quả cầu xanh, lấy ngẫu nhiên đồng thời hai quả. Các mệnh đề sau đúng hay sai?")), [
        ([Text("Số phần tử của không gian mẫu là "), _m(str(comb(n, 2)))], True),
        ([Text("Xác suất lấy được hai quả đỏ là "), _m(_frac(Fraction(comb(r, 2), comb(n, 2))))], True),
        ([Text("Xác suất lấy được hai quả khác màu là "), _m(_frac(Fraction(r * b, comb(n, 2))))], True),
        ([Text("Xác suất lấy được ít nhất một quả xanh là "),
          _m(_frac(Fraction(comb(b, 2), comb(n, 2))) if hard else _frac(1 - Fraction(comb(r, 2), comb(n, 2)) + Fraction(1, comb(n, 2))))],
         False),
    ])


def prob_sa(level: Level, k: int) -> tuple[Content, str]:
    if level in (Level.NHAN_BIET, Level.THONG_HIEU):
        data = [k + 2, k + 4, k + 6, k + 8, k + 10]
        return _p(Text(f"Tính số trung bình của mẫu số liệu {', '.join(str(d) for d in data)}.")), _num(sum(data) // len(data))
    x, y = k + 3, k + 5
    p = Fraction(x, x + y)
    if level == Level.VAN_DUNG:
        return (_p(Text(f"Một lớp có {x} nữ và {y} nam giỏi Toán. Chọn ngẫu nhiên hai học sinh giỏi Toán; tính xác suất chọn được "
                        "hai nữ (làm tròn đến hàng phần trăm).")), _num(round(comb(x, 2) / comb(x + y, 2), 2)))
    return (_p(Text(f"Một lớp có {x} học sinh nữ và {y} học sinh nam giỏi Toán. Chọn ngẫu nhiên một học sinh giỏi Toán; tính xác suất "
                    "học sinh đó là nữ (làm tròn đến hàng phần trăm).")), _num(round(float(p), 2)))


def essay_of(topic: str, level: Level, k: int) -> Question:
    """A gifted-paper style essay on a cubic function, with sub-parts and a marking guide."""
    a = k + 1
    stem = _p(Text("Cho hàm số "), _m(f"y=x^3-{3 * a * a}x+2"), Text(" có đồ thị (C)."))
    guide = [GuideStep(_p(Text("Tính "), _m(f"y'=3x^2-{3 * a * a}"), Text(", lập bảng biến thiên.")), 1.0, "a"),
             GuideStep(_p(Text(f"Cực đại tại x = −{a}, cực tiểu tại x = {a}; kết luận.")), 1.0, "b")]
    return Question(QuestionType.ESSAY, stem,
                    subparts=[SubPart("a", _p(Text("Khảo sát sự biến thiên và vẽ đồ thị (C).")), 1.0),
                              SubPart("b", _p(Text("Tìm tọa độ các điểm cực trị của (C).")), 1.0)],
                    points=2.0, guide=guide, tags=Tags(subject="Toán", grade=12, topic=topic, level=str(level)))


MAKERS = {
    "Hàm số": (fn_mcq, fn_tf, fn_sa),
    "Nguyên hàm - Tích phân": (int_mcq, int_tf, int_sa),
    "Hình học không gian": (geo_mcq, geo_tf, geo_sa),
    "Xác suất - Thống kê": (prob_mcq, prob_tf, prob_sa),
}


def make_question(topic: str, level: Level, qtype: QuestionType, k: int) -> Question:
    """Question number ``k`` of a topic × level × type: same inputs, same question."""
    mcq, tf, sa = MAKERS[topic]
    tags = Tags(subject="Toán", grade=12, topic=topic, level=str(level))
    if qtype == QuestionType.MCQ:
        stem, options, answer = mcq(level, k)
        return Question(QuestionType.MCQ, stem, options, answer=answer, tags=tags)
    if qtype == QuestionType.TRUE_FALSE:
        stem, options, answers = tf(level, k)
        return Question(QuestionType.TRUE_FALSE, stem, options, answer=answers, tags=tags)
    if qtype == QuestionType.SHORT_ANSWER:
        stem, value = sa(level, k)
        return Question(QuestionType.SHORT_ANSWER, stem, answer=value, tags=tags)
    return essay_of(topic, level, k)


def cell_sizes(blueprint: Blueprint) -> dict[tuple[str, str, str], int]:
    """How many questions each topic × level × type gets: a blueprint cell enough for ``BUILDS``
    builds (disjoint, as the exposure window wants) and a spare; any other cell a few."""
    sizes = {(t, str(lv), str(qt)): OTHER_CELLS for t in TOPICS for lv in LEVELS for qt in OBJECTIVE}
    for cell in blueprint.cells:
        key = (cell.topic, str(cell.level), str(cell.type))
        sizes[key] = max(sizes.get(key, 0), cell.count * BUILDS + SPARE)
    return sizes


def demo_bank(blueprint: Blueprint, picture: str | None = None, *, first_k: int = 0) -> list[Question]:
    """The demo's tagged Toán 12 bank for ``blueprint`` (see ``cell_sizes``), plus essays for the
    higher levels; ``picture`` (a blob sha256) goes with one graph-reading question. ``first_k``
    numbers the questions from there: another bank from the same templates, none a copy of this one."""
    out: list[Question] = []
    # True/false and short-answer templates serve two levels each (NB/TH, VD/VDC): number the
    # second level's questions on from the first's, so no question appears under both.
    next_k: dict[tuple[str, str, int], int] = {}
    for (topic, level, qtype), n in cell_sizes(blueprint).items():
        pair = (topic, qtype, LEVELS.index(Level(level)) // 2 if qtype != QuestionType.MCQ else LEVELS.index(Level(level)) + 10)
        start = next_k.get(pair, first_k)
        for k in range(start, start + n):
            out.append(make_question(topic, Level(level), QuestionType(qtype), k))
        next_k[pair] = start + n
    for j, level in enumerate((Level.VAN_DUNG, Level.VAN_DUNG, Level.VAN_DUNG_CAO, Level.VAN_DUNG_CAO)):
        out.append(essay_of("Hàm số", level, first_k + 40 + j))
    if picture:
        out.append(graph_question(picture))
    return out


def graph_question(picture: str) -> Question:
    """Reading a graph: the demo picture is a parabola opening upwards, its vertex above the x-axis."""
    stem = Content([Paragraph([Text("Đường cong trong hình bên là đồ thị của hàm số nào dưới đây?")]),
                    Paragraph([Image(picture, "image/png", width_emu=1828800, height_emu=1219200)], align="center")])
    _, options, answer = _mcq(stem, "y=x^2+1", ["y=-x^2+1", "y=x^3-3x", "y=-x^4+2x^2"], 2)
    return Question(QuestionType.MCQ, stem, options, answer=answer,
                    tags=Tags(subject="Toán", grade=12, topic="Hàm số", level=str(Level.NHAN_BIET)))
