"""WMF/EMF pictures get a PNG for browsers on import; the original stays; failures show a sized placeholder."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from importers.base import ImportResult
from importers.metafiles import render_metafiles
from officeconv import shared_converter, soffice_path, uno_python
from qbank.domain.content import Content, Image, Ole, Paragraph
from qbank.domain.render import to_html
from tests.unit.importers.docx_builder import build, p, picture

needs_office = pytest.mark.skipif(
    soffice_path() is None or uno_python() is None,
    reason="needs LibreOffice and its Python bridge (apt-get install libreoffice-writer-nogui python3-uno; .ci/run does)",
)


def _with_picture(docx: bytes, data: bytes, ext: str) -> bytes:
    """The package with its picture part replaced by ``data`` saved as ``media/image1.<ext>``."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            body = src.read(info)
            name = info.filename
            if name == "word/media/image1.png":
                name, body = f"word/media/image1.{ext}", data
            elif name.endswith(".rels") or name == "[Content_Types].xml":
                body = body.replace(b"media/image1.png", f"media/image1.{ext}".encode()).replace(
                    b'<Default Extension="png" ContentType="image/png"/>',
                    f'<Default Extension="png" ContentType="image/png"/><Default Extension="{ext}" ContentType="image/x-{ext}"/>'.encode(),
                )
            out.writestr(name, body)
    return buf.getvalue()


def make_emf() -> bytes:
    """A small EMF written record by record (MS-EMF): header, a rectangle, an ellipse, end of file."""
    rect = struct.pack("<II4i", 43, 24, 10, 10, 190, 90)  # EMR_RECTANGLE
    ellipse = struct.pack("<II4i", 42, 24, 60, 20, 140, 80)  # EMR_ELLIPSE
    eof = struct.pack("<IIIII", 14, 20, 0, 16, 20)  # EMR_EOF
    body = rect + ellipse + eof
    header = struct.pack(
        "<II4i4iIIIIHHIII2i2i",
        1, 88, 0, 0, 200, 100, 0, 0, 6250, 3125,  # type, size, bounds (px), frame (0.01 mm)
        0x464D4520, 0x10000, 88 + len(body), 4, 1, 0, 0, 0, 0,  # " EMF", version, bytes, records, handles…
        1024, 768, 320, 240,  # reference device: pixels and millimetres
    )  # fmt: skip
    return header + body


@pytest.fixture(scope="module")
def emf() -> bytes:
    return make_emf()


@needs_office
def test_an_emf_figure_gets_a_png_for_the_web_and_keeps_its_original(emf: bytes) -> None:
    from qbank.services.imports import read_upload

    assert emf[:4] == b"\x01\x00\x00\x00"  # an EMF header record
    docx = _with_picture(build(p("Câu 1. Cho hình chóp như hình vẽ.", picture())), emf, "emf")
    result = read_upload("hinh.docx", docx, isolated=True)
    (img,) = [i for i in result.questions[0].stem.inlines() if isinstance(i, Image)]
    assert img.mime == "image/x-emf" and result.blobs[img.blob].data == emf  # the original, for Word
    assert img.web and result.blobs[img.web].mime == "image/png"
    assert result.blobs[img.web].data.startswith(b"\x89PNG\r\n\x1a\n")
    html = to_html(result.questions[0].stem)
    assert f'src="/media/{img.web}"' in html and "qb-missing-picture" not in html
    assert img.web in result.questions[0].blob_refs()  # stored and served with the question
    assert any("converted to PNG for the web" in m.text for m in result.messages)


@needs_office
def test_a_mathtype_preview_in_wmf_gets_a_png_too(emf: bytes) -> None:
    wmf = shared_converter().convert_graphic(emf, ".emf", "image/x-wmf")  # LibreOffice writes the WMF
    result = ImportResult("x.docx", "docx")
    pre = result.add_blob(wmf, "image/x-wmf")
    ole = Ole(blob=result.add_blob(b"\xd0\xcf\x11\xe0 ole", "application/octet-stream"), prog_id="Equation.DSMT4", preview=pre)
    from qbank.domain.question import Question, QuestionType

    result.questions.append(Question(QuestionType.ESSAY, Content([Paragraph([ole])])))
    assert render_metafiles(result) == 1
    assert ole.preview_web and result.blobs[ole.preview_web].data.startswith(b"\x89PNG")
    assert f'src="/media/{ole.preview_web}"' in to_html(result.questions[0].stem)


@needs_office
def test_a_picture_that_cannot_be_converted_is_named_and_shown_as_a_placeholder_of_its_size() -> None:
    docx = _with_picture(build(p("Câu 1. Hình vẽ hỏng.", picture())), b"\x01\x00\x00\x00 not really an emf", "emf")
    from qbank.services.imports import read_upload

    result = read_upload("hong.docx", docx, isolated=True)
    (img,) = [i for i in result.questions[0].stem.inlines() if isinstance(i, Image)]
    assert img.web is None
    (warning,) = [m for m in result.messages if "could not be converted for the browser" in m.text]
    assert warning.where.startswith("picture 1 (EMF")
    html = to_html(result.questions[0].stem)
    # picture() is 914400 EMU = 72 pt = 2.54 cm square: 96 CSS px
    assert 'width="96" height="96" alt="[EMF 2.5 × 2.5 cm]" class="qb-img qb-missing-picture"' in html


def test_without_a_rendering_a_metafile_is_a_visible_placeholder_never_a_blank_img() -> None:
    content = Content([Paragraph([Image(blob="ab" * 32, mime="image/x-wmf", width_emu=1270000, height_emu=635000)])])
    html = to_html(content)
    assert 'alt="[WMF 3.5 × 1.8 cm]"' in html and "qb-missing-picture" in html
    ole = Content([Paragraph([Ole(blob="cd" * 32, preview="ef" * 32, preview_mime="image/x-emf", width_pt=30, height_pt=15)])])
    assert 'alt="[EMF 1.1 × 0.5 cm]" class="qb-ole qb-missing-picture"' in to_html(ole)


def test_the_rendering_survives_storage_as_json() -> None:
    img = Image(blob="ab" * 32, mime="image/x-emf", web="cd" * 32)
    ole = Ole(blob="11" * 32, preview="22" * 32, preview_web="33" * 32)
    back = Content.from_json(Content([Paragraph([img, ole])]).to_json())
    inl = list(back.inlines())
    assert inl[0].web == "cd" * 32 and inl[1].preview_web == "33" * 32
    assert back.blob_refs() == {"ab" * 32, "cd" * 32, "11" * 32, "22" * 32, "33" * 32}
