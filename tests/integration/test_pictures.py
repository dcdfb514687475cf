"""Pictures: a picture above the pixel limit (or a decompression bomb) is downscaled or refused at
import with a message saying where; the web serves renditions sized for the page, cached as blobs."""

from __future__ import annotations

import io
import struct
import zlib

from docx import Document
from docx.shared import Cm
from PIL import Image as PILImage

from importers import read_file
from importers.pictures import MAX_PIXELS, limit_pictures
from qbank.domain.content import Image
from qbank.services.imports import read_upload


def declared_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header declares ``width`` × ``height`` pixels (a decompression bomb's header)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def real_png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def paper_with_picture(png: bytes) -> bytes:
    doc = Document()
    doc.add_paragraph("Câu 1: Quan sát hình vẽ dưới đây.")
    doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Cm(3))
    for label, text in zip("ABCD", ("1", "2", "3", "4"), strict=True):
        doc.add_paragraph(f"{label}. {text}")
    doc.add_paragraph("Đáp án: B")
    doc.add_paragraph("Câu 2: Một câu không có hình.")
    for label, text in zip("ABCD", ("5", "6", "7", "8"), strict=True):
        doc.add_paragraph(f"{label}. {text}")
    doc.add_paragraph("Đáp án: C")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _images(result) -> list[Image]:  # noqa: ANN001
    return [i for q in result.questions for c in q.all_contents() for i in c.inlines() if isinstance(i, Image)]


def test_a_picture_declaring_30000_by_30000_pixels_is_refused_with_where_and_never_stored(tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "bomb.docx"
    path.write_bytes(paper_with_picture(declared_png(30000, 30000)))
    result = read_upload(path.name, path.read_bytes())
    assert len(result.questions) == 2  # the question stays, without the picture
    assert not _images(result) and not result.blobs
    (msg,) = [m for m in result.messages if "pixels" in m.text]
    assert msg.question == 0 and "30000×30000" in msg.text and msg.level == "error"
    assert "picture removed" in result.questions[0].plain_text()


def test_a_picture_above_the_limit_is_downscaled_within_it() -> None:
    doc = paper_with_picture(real_png(400, 300))
    result = read_file("big.docx", doc)
    messages = limit_pictures(result, max_pixels=30_000)
    (image,) = _images(result)
    blob = result.blobs[image.blob]
    with PILImage.open(io.BytesIO(blob.data)) as im:
        assert im.size[0] * im.size[1] <= 30_000 and abs(im.size[0] / im.size[1] - 4 / 3) < 0.05
    assert len(result.blobs) == 1 and messages == 1
    assert any("400×300" in m.text and "downscaled" in m.text for m in result.messages)


def test_pictures_within_the_limit_are_kept_byte_for_byte() -> None:
    png = real_png(64, 48)
    result = read_file("ok.docx", paper_with_picture(png))
    assert limit_pictures(result) == 0
    (image,) = _images(result)
    assert result.blobs[image.blob].data == png
    assert MAX_PIXELS >= 4000 * 3000


def test_an_oversized_picture_stored_before_the_limit_never_reaches_word_or_libreoffice(tmp_path) -> None:  # noqa: ANN001
    from exporters import export_exam
    from qbank.domain.content import Content, Paragraph, Text
    from qbank.domain.enums import QuestionType
    from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart
    from qbank.domain.question import Blob, Option, Question
    from qbank.domain.versions import build_versions

    bomb = declared_png(30000, 30000)
    sha = Blob(bomb, "image/png").sha256
    stem = Content([Paragraph([Text("Quan sát hình: ")]), Paragraph([Image(sha, "image/png")])])
    options = [Option(label, Content.from_text(label), correct=label == "A") for label in "ABCD"]
    paper = ExamPaper(ExamHeader(subject="Toán"), [PaperPart("I", "PHẦN I", type=QuestionType.MCQ,
                      items=[ExamItem("q1", Question(QuestionType.MCQ, stem, options, answer="A"))])], name="thu")
    build_versions(paper, 1, seed=1)
    (docx_path,) = export_exam(paper, "docx", tmp_path, {sha: bomb}).paths[:1]
    import zipfile

    media = [n for n in zipfile.ZipFile(docx_path).namelist() if n.startswith("word/media/")]
    assert all(zipfile.ZipFile(docx_path).read(n) != bomb for n in media)
    text = Document(str(docx_path)).element.xml
    assert "[hình]" in text
