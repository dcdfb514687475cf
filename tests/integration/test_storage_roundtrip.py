"""Rich content survives storage: OMML equations byte-for-byte as canonical XML, pictures' bytes."""

from __future__ import annotations

from lxml import etree

from qbank.demo.samples import png_triangle, sample_questions
from qbank.domain.content import Content, Image, Math, Paragraph, Text
from qbank.domain.enums import QuestionType
from qbank.domain.question import Blob, Question
from qbank.services.blobs import get_blob, put_blobs
from qbank.services.questions import get_question
from tests import factories

OMML = (
    '<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<m:f><m:fPr><m:ctrlPr><w:rPr><w:rFonts w:ascii="Cambria Math"/><w:i/></w:rPr></m:ctrlPr></m:fPr>'
    "<m:num><m:r><m:t>a+b</m:t></m:r></m:num><m:den><m:sSup><m:e><m:r><m:t>c</m:t></m:r></m:e>"
    "<m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:den></m:f></m:oMath>"
)


def canonical(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml.encode()), method="c14n")


def test_omml_equation_survives_storage_unchanged(runtime, system) -> None:  # noqa: ANN001
    factories.department(runtime, "Quảng Nam")
    q = Question(QuestionType.ESSAY, Content([Paragraph([Text("Rút gọn "), Math("\\frac{a+b}{c^{2}}", OMML)])]))
    qid = factories.stored(runtime, q, "Quảng Nam")
    with runtime.uow() as uow:
        back = get_question(uow, system, qid).question
    maths = [i for i in back.stem.inlines() if isinstance(i, Math)]
    assert len(maths) == 1
    assert canonical(maths[0].omml) == canonical(OMML)
    assert maths[0].latex == "\\frac{a+b}{c^{2}}"


def test_picture_bytes_survive_storage_unchanged(runtime, system) -> None:  # noqa: ANN001
    factories.department(runtime, "Quảng Nam")
    png = png_triangle(48)
    blob = Blob(png, "image/png")
    q = Question(QuestionType.ESSAY, Content([Paragraph([Text("Hình vẽ"), Image(blob.sha256, "image/png")])]))
    with runtime.uow() as uow:
        put_blobs(uow.session, {blob.sha256: blob})
        uow.commit()
    qid = factories.stored(runtime, q, "Quảng Nam")
    with runtime.uow() as uow:
        back = get_question(uow, system, qid).question
        image = next(i for i in back.stem.inlines() if isinstance(i, Image))
        assert get_blob(uow, image.blob).data == png


def test_blobs_are_stored_once_however_often_they_are_put(runtime) -> None:  # noqa: ANN001
    _, blobs = sample_questions()
    with runtime.uow() as uow:
        assert put_blobs(uow.session, blobs) == 1
        uow.session.flush()
        assert put_blobs(uow.session, blobs) == 0
        uow.commit()
