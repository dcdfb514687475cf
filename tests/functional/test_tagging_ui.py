"""Tags on the command line and the web: dry-run suggestions, the needs-tags page, bulk acceptance."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from qbank.db.models import QuestionRow
from tests.functional.test_cli import run
from tests.functional.web_fixtures import as_user, web_app, world  # noqa: F401 - fixtures

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_dry_run_json_gives_every_question_suggestions_with_confidence(runtime) -> None:  # noqa: ANN001
    out = run(runtime, "import", str(FIXTURES / "docx" / "toan12_tn_gachchan.docx"), "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    questions = json.loads(out.stdout)["questions"]
    assert questions
    for q in questions:
        sug = q["suggestions"]
        assert sug["subject"]["value"] == "Toán"
        for field in sug.values():
            assert 0 <= field["confidence"] <= 1 and isinstance(field["alternatives"], list)
    assert any("topic" in q["suggestions"] for q in questions)


def test_taxonomy_show_lists_a_subjects_topics_in_curriculum_order(runtime) -> None:  # noqa: ANN001
    out = run(runtime, "taxonomy", "show", "Toán", "--grade", "12")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "Ứng dụng đạo hàm" in lines[0] and any("Nguyên hàm và tích phân" in line for line in lines)


def test_the_needs_tags_page_shows_suggestions_and_accepts_them_in_bulk(as_user, world) -> None:  # noqa: ANN001, F811
    from tests import factories

    qid = factories.stored(world.rt, factories.mcq("Tính tích phân $\\int_{0}^{1} x\\,dx$ bằng"), "Quảng Trị")
    client = as_user("contrib")
    page = client.get("/tags")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'value="{qid}"' in html and "Nguyên hàm và tích phân" in html
    resp = client.post("/tags/accept", data={"qid": [str(qid)], "threshold": "0.1"})
    assert resp.status_code == 302
    with world.rt.uow() as uow:
        assert uow.session.scalar(select(QuestionRow.topic).where(QuestionRow.id == qid)) == "Nguyên hàm và tích phân"


def test_teachers_have_no_tags_page(as_user) -> None:  # noqa: ANN001, F811
    assert as_user("teacher").get("/tags").status_code == 404


def test_the_blueprint_editor_offers_the_taxonomy_topics(as_user) -> None:  # noqa: ANN001, F811
    html = as_user("board").get("/exams/new").get_data(as_text=True)
    assert '<datalist id="taxonomy-topics">' in html and '<option value="Nguyên hàm và tích phân">' in html
