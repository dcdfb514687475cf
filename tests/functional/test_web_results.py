"""Results on the web and the API: upload, problems before anything is stored, report, question history."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.functional.results_fixtures import administered_exam
from tests.functional.web_fixtures import api, as_user, web_app, world  # noqa: F401 - fixtures


def _upload(client, exam_id: int, data: bytes, name: str = "ketqua.csv"):  # noqa: ANN001, ANN202
    return client.post(f"/exams/{exam_id}/results", data={"results_file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_board_uploads_results_and_reads_the_report(as_user, world) -> None:  # noqa: ANN001, F811
    adm = administered_exam(world.rt)
    client = as_user("board")
    page = client.get(f"/exams/{adm.exam_id}").get_data(as_text=True)
    assert 'name="results_file"' in page and "open-report" not in page
    resp = _upload(client, adm.exam_id, adm.csv)
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/exams/{adm.exam_id}/report")
    html = client.get(f"/exams/{adm.exam_id}/report").get_data(as_text=True)
    assert "<svg" in html and 'class="bar"' in html  # histogram
    assert "<script" not in html.split("</header>", 1)[1].split("<footer", 1)[0]
    # The planted wrong key is the first row of the item table, with its flag.
    table = html.split('id="item-table"', 1)[1]
    first_row = table.split("<tr", 2)[2]
    assert f"#{adm.wrong_key}<" in first_row and "flag-possible_wrong_key" in first_row
    download = client.post(f"/exams/{adm.exam_id}/report.xlsx")
    assert download.status_code == 200 and download.headers["Cache-Control"] == "no-store"
    wb = load_workbook(io.BytesIO(download.data))
    assert wb["Điểm thí sinh"].max_row == 401


def test_a_file_with_problems_is_stored_only_after_confirming(as_user, world) -> None:  # noqa: ANN001, F811
    adm = administered_exam(world.rt, candidates=30)
    lines = adm.csv.decode().splitlines()
    cells = lines[3].split(",")
    cells[1] = "555"
    lines[3] = ",".join(cells)
    client = as_user("board")
    resp = _upload(client, adm.exam_id, "\n".join(lines).encode())
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "row 4, column B: unknown mã đề &#39;555&#39;" in html
    assert client.get(f"/exams/{adm.exam_id}/report").status_code == 404  # nothing stored
    token = html.split('name="token" value="', 1)[1].split('"', 1)[0]
    resp = client.post(f"/exams/{adm.exam_id}/results/confirm", data={"token": token})
    assert resp.status_code == 302
    report = client.get(f"/exams/{adm.exam_id}/report").get_data(as_text=True)
    assert ">29<" in report.split('id="exam-summary"', 1)[1].split("</table>", 1)[0]
    # The token is used up, and another user could never have used it.
    assert client.post(f"/exams/{adm.exam_id}/results/confirm", data={"token": token}).status_code == 404


def test_other_users_cannot_upload_or_read_an_exams_results(as_user, world) -> None:  # noqa: ANN001, F811
    adm = administered_exam(world.rt, candidates=20)
    assert _upload(as_user("board"), adm.exam_id, adm.csv).status_code == 302
    for user in ("teacher", "board_qb"):
        client = as_user(user)
        assert client.get(f"/exams/{adm.exam_id}/report").status_code in (403, 404)
        assert _upload(client, adm.exam_id, adm.csv).status_code in (403, 404)


def test_question_page_shows_statistics_history_with_the_option_chart(as_user, world) -> None:  # noqa: ANN001, F811
    adm = administered_exam(world.rt)
    client = as_user("board")
    _upload(client, adm.exam_id, adm.csv)
    html = client.get(f"/questions/{adm.wrong_key}").get_data(as_text=True)
    section = html.split('id="question-stats"', 1)[1]
    assert "Kiểm tra học kỳ I" in section and "flag-possible_wrong_key" in section
    assert 'class="bar upper"' in section and 'class="bar lower"' in section
    assert "<svg" in section and "style=" not in section.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_api_imports_results_and_returns_statistics(api, world) -> None:  # noqa: ANN001, F811
    adm = administered_exam(world.rt, candidates=200)
    client = api("board")
    bad = adm.csv.replace(b"\n10000003,", b"\n10000002,", 1)  # a duplicate SBD
    resp = client.post(f"/api/v1/exams/{adm.exam_id}/results", data={"file": (io.BytesIO(bad), "kq.csv")},
                       content_type="multipart/form-data")
    assert resp.status_code == 422, resp.json
    assert resp.json["stored"] == 0 and "duplicate SBD 10000002" in resp.json["problems"][0]
    resp = client.post(f"/api/v1/exams/{adm.exam_id}/results", data={"file": (io.BytesIO(bad), "kq.csv"), "skip_bad_rows": "true"},
                       content_type="multipart/form-data")
    assert resp.status_code == 201 and resp.json["stored"] == 199
    stats = client.get(f"/api/v1/exams/{adm.exam_id}/stats").json
    assert stats["exam"]["n"] == 199 and len(stats["items"]) == 10
    assert {"question_id", "facility", "discrimination", "rasch_b", "rasch_se", "flags"} <= set(stats["items"][0])
    history = client.get(f"/api/v1/questions/{adm.wrong_key}/stats").json
    assert history[0]["exam_id"] == adm.exam_id and "possible_wrong_key" in history[0]["flags"]
    assert api("teacher").get(f"/api/v1/exams/{adm.exam_id}/stats").status_code == 404


def test_bank_search_filters_and_sorts_by_measured_difficulty(as_user, world) -> None:  # noqa: ANN001, F811
    from sqlalchemy import select

    from qbank.db.models import QuestionRow

    adm = administered_exam(world.rt)
    client = as_user("board")
    _upload(client, adm.exam_id, adm.csv)
    with world.rt.uow() as uow:
        b = dict(uow.session.execute(select(QuestionRow.id, QuestionRow.rasch_b).where(QuestionRow.rasch_b.is_not(None))).all())
    assert len(b) == 10
    # Hardest first, only b ≥ 0: exactly the questions measured at or above 0, in decreasing b.
    html = client.get("/bank?stat_sort=hardest&b_min=0").get_data(as_text=True)
    expected = sorted((q for q, v in b.items() if v >= 0), key=lambda q: -b[q])
    shown = [int(x.split('"', 1)[0]) for x in html.split('href="/questions/')[1:]]
    assert shown == expected
    assert f"{len(expected)} câu hỏi" in html or f"Tìm thấy {len(expected)}" in html
    assert "b = " in html
    # With words: the index's matches, then the numbers; easiest first.
    html = client.get("/bank?q=cuc+tri&stat_sort=easiest&b_max=0").get_data(as_text=True)
    shown = [int(x.split('"', 1)[0]) for x in html.split('href="/questions/')[1:]]
    assert shown == sorted((q for q, v in b.items() if v <= 0), key=lambda q: b[q])
    # A teacher of another department sees none of this department's questions, only their own.
    html = as_user("teacher_ht").get("/bank?stat_sort=hardest").get_data(as_text=True)
    shown = {int(x.split('"', 1)[0]) for x in html.split('href="/questions/')[1:]}
    assert world.q["ht_public"] in shown and shown.isdisjoint(adm.question_ids)


def test_cli_search_sorts_by_discrimination(world) -> None:  # noqa: ANN001, F811
    import json

    from tests.functional.test_cli import run

    adm = administered_exam(world.rt)
    from qbank.domain.actor import SYSTEM
    from qbank.services.results import import_results

    with world.rt.uow() as uow:
        import_results(uow, SYSTEM, adm.exam_id, "k.csv", adm.csv)
    out = run(world.rt, "search", "--sort", "discrimination", "--discrimination-min", "-1", "--json", "--per-page", "20")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)["hits"]
    r = [h["discrimination"] for h in hits]
    assert len(r) == 10 and r == sorted(r, reverse=True)
    assert hits[-1]["id"] == adm.wrong_key  # the wrong key discriminates negatively: last
