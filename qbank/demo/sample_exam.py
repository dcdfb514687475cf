"""A synthetic exam bank (questions, candidates, a picture) for demos, tests and benchmarks."""

from __future__ import annotations

import hashlib
import struct
import zlib

from qbank.domain.assembly import Candidate
from qbank.domain.content import Content, Image, Math, Paragraph, Text
from qbank.domain.enums import Level, QuestionType
from qbank.domain.question import GuideStep, Option, Question, SubPart, Tags

# Real Word equations (m:oMath as Word writes them, w:rPr inside m:r), from a 2025 Toán paper.
OMML_CUBIC = (
    '<m:oMath><m:r><w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr><m:t>y=</m:t></m:r>'
    '<m:sSup><m:e><m:r><w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr><m:t>x</m:t></m:r></m:e>'
    '<m:sup><m:r><w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr><m:t>3</m:t></m:r></m:sup></m:sSup>'
    '<m:r><w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr><m:t>-3</m:t></m:r>'
    '<m:sSup><m:e><m:r><w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr><m:t>x</m:t></m:r></m:e>'
    '<m:sup><m:r><w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr><m:t>2</m:t></m:r></m:sup></m:sSup>'
    '<m:r><w:rPr><w:rFonts w:ascii="Cambria Math" w:hAnsi="Cambria Math"/></w:rPr><m:t>+2</m:t></m:r></m:oMath>'
)
OMML_FRAC = (
    '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
    "<m:f><m:num><m:r><m:t>1</m:t></m:r></m:num><m:den><m:r><m:t>x+1</m:t></m:r></m:den></m:f></m:oMath>"
)


def png_graph(width: int = 240, height: int = 160, seed: int = 0) -> bytes:
    """A small PNG of axes and a parabola (no imaging library needed)."""
    px = [[255] * width for _ in range(height)]
    cx, cy = width // 2, height * 3 // 4
    for x in range(width):
        px[cy][x] = 0
    for y in range(height):
        px[y][cx] = 0
    a = 0.02 + 0.005 * (seed % 5)
    for x in range(width):
        y = int(cy - 10 - a * (x - cx) ** 2)  # screen y grows downward: this opens upward
        for dy in (0, 1):
            if 0 <= y + dy < height:
                px[y + dy][x] = 60
    raw = b"".join(b"\x00" + bytes(row) for row in px)

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _p(*inlines: object) -> Content:
    return Content([Paragraph(list(inlines))])  # type: ignore[arg-type]


TOPICS = ["Hàm số", "Nguyên hàm - Tích phân", "Hình học không gian", "Xác suất - Thống kê"]
LEVELS = [Level.NHAN_BIET, Level.THONG_HIEU, Level.VAN_DUNG, Level.VAN_DUNG_CAO]


def mcq(i: int, topic: str, level: str, *, with_math: bool = True, picture: str | None = None) -> Question:
    stem_inlines: list[object] = [Text(f"Câu hỏi số {i}: cho hàm số ")]
    if with_math:
        stem_inlines.append(Math(latex="y=x^3-3x^2+2", omml=OMML_CUBIC))
    stem_inlines.append(Text(f". Giá trị của biểu thức thứ {i} bằng bao nhiêu?"))
    blocks = [Paragraph(stem_inlines)]  # type: ignore[arg-type]
    if picture:
        blocks.append(Paragraph([Image(picture, "image/png", width_emu=1828800, height_emu=1219200)], align="center"))
    opts = [Option(lbl, _p(Text(str(i + k))), correct=(k == i % 4)) for k, lbl in enumerate("ABCD")]
    return Question(
        QuestionType.MCQ, Content(blocks), opts, answer="ABCD"[i % 4], tags=Tags(subject="Toán", grade=12, topic=topic, level=str(level))
    )


def mcq_all_above(i: int, topic: str, level: str) -> Question:
    opts = [
        Option("A", _p(Text(f"Khẳng định thứ nhất của câu {i}"))),
        Option("B", _p(Text(f"Khẳng định thứ hai của câu {i}"))),
        Option("C", _p(Text(f"Khẳng định thứ ba của câu {i}"))),
        Option("D", _p(Text("Tất cả đều đúng")), correct=True),
    ]
    return Question(
        QuestionType.MCQ, _p(Text(f"Câu hỏi tổng hợp {i}: chọn khẳng định đúng.")), opts, answer="D",
        tags=Tags(subject="Toán", grade=12, topic=topic, level=str(level)),
    )


def true_false(i: int, topic: str, level: str) -> Question:
    truth = [(i + k) % 3 != 0 for k in range(4)]
    opts = [
        Option(lbl, _p(Text(f"Mệnh đề {lbl} của câu đúng sai {i}: "), Math(latex="f'(x)>0", omml=OMML_FRAC)), correct=t)
        for lbl, t in zip("abcd", truth, strict=True)
    ]
    return Question(
        QuestionType.TRUE_FALSE, _p(Text(f"Câu đúng sai {i}: cho hàm số "), Math(latex="\\frac{1}{x+1}")), opts,
        answer=["Đ" if t else "S" for t in truth], tags=Tags(subject="Toán", grade=12, topic=topic, level=str(level)),
    )


def short_answer(i: int, topic: str, level: str) -> Question:
    value = f"-{i},5" if i % 2 else f"{i * 3}"
    return Question(
        QuestionType.SHORT_ANSWER, _p(Text(f"Câu trả lời ngắn {i}: tính giá trị của "), Math(latex="\\int_0^1 (7x+4)\\,dx")),
        answer=value, tags=Tags(subject="Toán", grade=12, topic=topic, level=str(level)),
    )


def essay(i: int, topic: str, level: str) -> Question:
    return Question(
        QuestionType.ESSAY, _p(Text(f"Bài tự luận {i}: giải phương trình "), Math(latex="x^2-5x+6=0", omml=None)),
        subparts=[SubPart("a", _p(Text("Tìm nghiệm.")), 1.0), SubPart("b", _p(Text("Kiểm tra lại.")), 1.0)],
        points=2.0,
        guide=[
            GuideStep(_p(Text("Tính biệt thức "), Math(latex="\\Delta=1")), 0.5, "a"),
            GuideStep(_p(Text("Kết luận nghiệm x = 2, x = 3.")), 0.5, "a"),
            GuideStep(_p(Text("Thay vào và kết luận.")), 1.0, "b"),
        ],
        tags=Tags(subject="Toán", grade=12, topic=topic, level=str(level)),
    )


def sample_bank(per_cell: int = 6, picture: str | None = None) -> dict[str, Question]:
    """Questions for every topic × level of the demo blueprint, ``per_cell`` of each type."""
    bank: dict[str, Question] = {}
    n = 0
    for t, topic in enumerate(TOPICS):
        for lv, level in enumerate(LEVELS):
            for k in range(per_cell):
                n += 1
                if k == 0 and lv == 0:
                    bank[f"mcq-{n}"] = mcq_all_above(n, topic, level)
                else:
                    bank[f"mcq-{n}"] = mcq(n, topic, level, picture=picture if (k == 1 and t == 0) else None)
                bank[f"tf-{n}"] = true_false(n, topic, level)
                bank[f"sa-{n}"] = short_answer(n, topic, level)
                bank[f"es-{n}"] = essay(n, topic, level)
    return bank


def candidates_for(bank: dict[str, Question]) -> list[Candidate]:
    return [
        Candidate(qid, q.type, q.tags.topic, q.tags.level, q.tags.subject, q.tags.grade, q.group)
        for qid, q in bank.items()
    ]


def blob_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
