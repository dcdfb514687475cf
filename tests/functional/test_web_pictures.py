"""The web serves pictures sized for the page: a downscaled rendition, made once and kept as a blob."""

from __future__ import annotations

import io
import re

from PIL import Image as PILImage
from sqlalchemy import func, select

from qbank.db.models import BlobRendition
from qbank.domain.actor import SYSTEM
from qbank.domain.content import Content, Image, Paragraph, Text
from qbank.domain.enums import Status
from qbank.domain.question import Blob
from qbank.http.content import PAGE_WIDTH
from qbank.services.blobs import put_blobs
from qbank.services.orgs import find_department
from qbank.services.questions import add_question
from tests import factories
from tests.functional.web_fixtures import as_user, web_app, world  # noqa: F401 - fixtures


def _png(width: int, height: int) -> bytes:
    buf = io.BytesIO()
    PILImage.new("RGB", (width, height), (20, 90, 200)).save(buf, "PNG")
    return buf.getvalue()


def _question_with_picture(rt, png: bytes) -> tuple[int, str]:  # noqa: ANN001
    blob = Blob(png, "image/png")
    q = factories.mcq("Quan sát hình vẽ", topic="Hình học")
    q.stem = Content([Paragraph([Text("Quan sát hình vẽ ")]), Paragraph([Image(blob.sha256, "image/png")])])
    q.status = Status.APPROVED
    with rt.uow() as uow:
        put_blobs(uow.session, {blob.sha256: blob})
        qid = add_question(uow.session, SYSTEM, q, department_id=find_department(uow, "Quảng Trị").id)
        uow.commit()
    return qid, blob.sha256


def test_question_pages_show_a_rendition_sized_for_the_page_made_once(as_user, world) -> None:  # noqa: ANN001, F811
    qid, sha = _question_with_picture(world.rt, _png(2400, 1800))
    client = as_user("teacher")
    page = client.get(f"/questions/{qid}").get_data(as_text=True)
    src = re.search(r'<img src="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert src == f"/media/{sha}?w={PAGE_WIDTH}"
    for _ in range(2):
        resp = client.get(src)
        assert resp.status_code == 200 and resp.mimetype == "image/png"
        with PILImage.open(io.BytesIO(resp.data)) as im:
            assert im.size == (PAGE_WIDTH, PAGE_WIDTH * 3 // 4)
    with world.rt.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(BlobRendition)) == 1
    original = client.get(f"/media/{sha}")
    with PILImage.open(io.BytesIO(original.data)) as im:
        assert im.size == (2400, 1800)  # the original stays for Word export and download


def test_a_small_picture_is_served_as_it_is_and_odd_widths_are_refused(as_user, world) -> None:  # noqa: ANN001, F811
    png = _png(200, 100)
    _, sha = _question_with_picture(world.rt, png)
    client = as_user("teacher")
    assert client.get(f"/media/{sha}?w={PAGE_WIDTH}").data == png
    assert client.get(f"/media/{sha}?w=123").status_code == 404
    assert as_user("teacher_ht").get(f"/media/{sha}?w={PAGE_WIDTH}").status_code == 404
