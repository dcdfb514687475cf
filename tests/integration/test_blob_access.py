"""Pictures are served only to someone who may see a question that shows them."""

from __future__ import annotations

import pytest

from qbank.demo.samples import png_triangle
from qbank.domain.content import Content, Image, Paragraph, Text
from qbank.domain.enums import QuestionType, Status, Visibility
from qbank.domain.errors import NotFound
from qbank.domain.question import Blob, Question
from qbank.services.blobs import get_visible_blob, put_blobs
from tests import factories

PNG = Blob(png_triangle(40), "image/png")


@pytest.fixture
def picture_question(runtime):  # noqa: ANN001, ANN201
    for name in ("Quảng Trị", "Quảng Bình"):
        factories.department(runtime, name)
    factories.consortium(runtime, "Bắc Trung Bộ", ["Quảng Trị", "Quảng Bình"])
    with runtime.uow() as uow:
        put_blobs(uow.session, {PNG.sha256: PNG})
        uow.commit()
    q = Question(QuestionType.ESSAY, Content([Paragraph([Text("Quan sát hình"), Image(PNG.sha256)])]))
    qid = factories.stored(runtime, q, "Quảng Trị", Status.APPROVED, Visibility.CONSORTIUM)
    return qid, {
        "teacher": factories.user(runtime, "teacher", "teacher", "Quảng Trị"),
        "partner": factories.user(runtime, "partner", "teacher", "Quảng Bình"),
    }


def test_a_picture_is_served_to_whoever_may_see_its_question(runtime, picture_question) -> None:  # noqa: ANN001
    _, a = picture_question
    for who in ("teacher", "partner"):
        with runtime.uow() as uow:
            assert get_visible_blob(uow, a[who], PNG.sha256).data == PNG.data


def test_a_picture_only_reserved_questions_show_is_served_only_to_the_pools_exam_board(runtime, picture_question) -> None:  # noqa: ANN001
    _, a = picture_question
    secret = Blob(png_triangle(41), "image/png")
    with runtime.uow() as uow:
        put_blobs(uow.session, {secret.sha256: secret})
        uow.commit()
    q = Question(QuestionType.ESSAY, Content([Paragraph([Text("Hình của đề dự trữ"), Image(secret.sha256)])]))
    factories.stored(runtime, q, "Quảng Trị", Status.APPROVED, Visibility.RESERVED)
    board = factories.user(runtime, "board", "exam_board", "Quảng Trị")
    for who in ("teacher", "partner"):
        with runtime.uow() as uow, pytest.raises(NotFound):
            get_visible_blob(uow, a[who], secret.sha256)
    with runtime.uow() as uow:
        assert get_visible_blob(uow, board, secret.sha256).data == secret.data


def test_an_unknown_or_unreferenced_blob_is_not_found(runtime, picture_question) -> None:  # noqa: ANN001
    _, a = picture_question
    stray = Blob(b"\x89PNG stray", "image/png")
    with runtime.uow() as uow:
        put_blobs(uow.session, {stray.sha256: stray})
        uow.commit()
    for sha in (stray.sha256, "0" * 64):
        with runtime.uow() as uow, pytest.raises(NotFound):
            get_visible_blob(uow, a["teacher"], sha)
