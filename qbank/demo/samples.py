"""Hand-built sample questions with Word equations (OMML) and a picture, for the demo and tests."""

from __future__ import annotations

import struct
import zlib

from qbank.domain.content import Content, Image, Math, Paragraph, Text
from qbank.domain.enums import QuestionType
from qbank.domain.question import Blob, GuideStep, Option, Question, SubPart, Tags

M = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def omml_power(base: str, exp: str) -> str:
    return f"<m:oMath {M}><m:sSup><m:e><m:r><m:t>{base}</m:t></m:r></m:e><m:sup><m:r><m:t>{exp}</m:t></m:r></m:sup></m:sSup></m:oMath>"


def omml_fraction(num: str, den: str) -> str:
    return f"<m:oMath {M}><m:f><m:num><m:r><m:t>{num}</m:t></m:r></m:num><m:den><m:r><m:t>{den}</m:t></m:r></m:den></m:f></m:oMath>"


def png_triangle(size: int = 64) -> bytes:
    """A small black-on-white triangle as a PNG, written with zlib so no imaging library is needed."""
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter byte
        for x in range(size):
            inside = y > 4 and abs(x - size // 2) <= (y - 4) // 2 and y < size - 4
            edge = inside and (y == size - 5 or abs(x - size // 2) >= (y - 4) // 2 - 1)
            row += b"\x00\x00\x00" if edge else b"\xff\xff\xff"
        rows.append(bytes(row))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")


def _p(*inlines: object) -> Content:
    return Content([Paragraph(list(inlines))])  # type: ignore[arg-type]


def sample_questions() -> tuple[list[Question], dict[str, Blob]]:
    """Four questions (MCQ, true/false, short answer, essay with a figure) and the figure's blob."""
    figure = Blob(png_triangle(), "image/png")
    tags = Tags(subject="Toán", grade=12, school_year="2025-2026", source_exam="Bộ câu hỏi mẫu QBank")
    mcq = Question(
        type=QuestionType.MCQ,
        stem=_p(Text("Đạo hàm của hàm số "), Math("y=x^{3}", omml_power("y=x", "3")), Text(" là")),
        options=[
            Option("A", _p(Math("3x^{2}", omml_power("3x", "2"))), correct=True),
            Option("B", _p(Math("x^{2}", omml_power("x", "2")))),
            Option("C", _p(Math("3x", None))),
            Option("D", _p(Math("\\frac{x^{4}}{4}", omml_fraction("x^4", "4")))),
        ],
        answer="A",
        tags=Tags(**{**tags.to_json(), "topic": "Đạo hàm", "level": "Nhận biết"}),
    )
    tf = Question(
        type=QuestionType.TRUE_FALSE,
        stem=_p(Text("Cho hàm số "), Math("y=\\frac{1}{x}", omml_fraction("1", "x")), Text(". Xét tính đúng sai của các mệnh đề sau.")),
        options=[
            Option("a", _p(Text("Hàm số xác định khi x ≠ 0.")), correct=True),
            Option("b", _p(Text("Hàm số đồng biến trên khoảng (0; +∞).")), correct=False),
            Option("c", _p(Text("Đồ thị hàm số có tiệm cận đứng x = 0.")), correct=True),
            Option("d", _p(Text("Đồ thị hàm số đi qua điểm (1; 1).")), correct=True),
        ],
        answer=["Đ", "S", "Đ", "Đ"],
        tags=Tags(**{**tags.to_json(), "topic": "Hàm số", "level": "Thông hiểu"}),
    )
    short = Question(
        type=QuestionType.SHORT_ANSWER,
        stem=_p(Text("Tính tích phân "), Math("I=\\int_{0}^{1}2x\\,dx", None), Text(".")),
        answer="1",
        tags=Tags(**{**tags.to_json(), "topic": "Tích phân", "level": "Vận dụng"}),
    )
    essay = Question(
        type=QuestionType.ESSAY,
        stem=Content(
            [
                Paragraph([Text("Cho tam giác ABC đều cạnh a như hình vẽ.")]),
                Paragraph([Image(figure.sha256, "image/png", 914400, 914400, alt="Tam giác ABC")]),
            ]
        ),
        subparts=[
            SubPart("a", _p(Text("Tính diện tích tam giác ABC.")), 1.0),
            SubPart("b", _p(Text("Tính bán kính đường tròn ngoại tiếp.")), 1.0),
        ],
        points=2.0,
        guide=[
            GuideStep(_p(Text("Diện tích "), Math("S=\\frac{a^{2}\\sqrt{3}}{4}", None)), 1.0, "a"),
            GuideStep(_p(Text("Bán kính "), Math("R=\\frac{a\\sqrt{3}}{3}", None)), 1.0, "b"),
        ],
        tags=Tags(**{**tags.to_json(), "topic": "Hình học phẳng", "level": "Vận dụng"}),
    )
    return [mcq, tf, short, essay], {figure.sha256: figure}
