"""A Word 97-2003 .doc goes through the web upload and the command line like a .docx."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from officeconv import shared_converter, soffice_path, uno_python
from tests.functional.test_cli import run
from tests.functional.web_fixtures import as_user, login, web_app, world  # noqa: F401 - fixtures
from tests.unit.importers.docx_builder import build, p, r

pytestmark = pytest.mark.skipif(
    soffice_path() is None or uno_python() is None,
    reason="needs LibreOffice and its Python bridge (apt-get install libreoffice-writer-nogui python3-uno; .ci/run does)",
)


@pytest.fixture(scope="module")
def doc_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("doc")
    src = tmp / "de_cu.docx"
    src.write_bytes(build(
        p(r("Câu 1 (2,0 điểm). ", b=True), "Giải phương trình bậc hai."),
        p(r("Câu 2 (3,0 điểm). ", b=True), "Chứng minh bất đẳng thức."),
    ))  # fmt: skip
    return shared_converter().convert_file(src, tmp / "de_cu.doc", "MS Word 97")


def test_a_doc_uploaded_on_the_web_is_previewed_and_stored(as_user, world, doc_file: Path) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    resp = client.post("/import", data={"file": (io.BytesIO(doc_file.read_bytes()), "de_cu.doc")}, content_type="multipart/form-data")
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    token = re.search(r"/import/([A-Za-z0-9_-]{32})$", resp.headers["Location"]).group(1)
    html = client.get(f"/import/{token}").get_data(as_text=True)
    assert "Đọc được 2 câu hỏi" in html and "converted from Word 97-2003" in html
    resp = client.post(f"/import/{token}", data={"subject": "Toán", "grade": "12", "visibility": "department"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/import/done"


def test_an_encrypted_or_fake_doc_is_refused_on_the_web_in_one_line(as_user, world) -> None:  # noqa: ANN001, F811
    client = as_user("contrib")
    resp = client.post("/import", data={"file": (io.BytesIO(b"just text"), "notes.doc")}, content_type="multipart/form-data")
    assert resp.status_code == 422
    # the refusal, in the interface's language (Vietnamese by default)
    assert "notes.doc: đây không phải tệp Word 97-2003 .doc (không có phần đầu OLE2)" in resp.get_data(as_text=True)


def test_the_command_line_reads_a_doc(runtime, doc_file: Path) -> None:  # noqa: ANN001
    out = run(runtime, "import", str(doc_file), "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [(q["number"], q["points"]) for q in data["questions"]] == [(1, 2.0), (2, 3.0)]
    assert data["messages"][0]["text"].startswith("converted from Word 97-2003 (.doc) to .docx with LibreOffice")
