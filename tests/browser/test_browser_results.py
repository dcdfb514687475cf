"""In Chromium: the exam board uploads results (a bad file first: problems, then confirm skipping),
reads the statistics report (histogram, flagged item first), downloads the .xlsx, and opens the
flagged question's statistics with its option chart. Console errors (CSP violations) fail the test."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import ARTIFACTS, login, shot
from tests.functional.results_fixtures import administered_exam

pytestmark = pytest.mark.browser


def test_results_report_and_question_statistics(page, live_server, live_world, tmp_path) -> None:  # noqa: ANN001
    base = live_server
    adm = administered_exam(live_world.rt, candidates=400)
    lines = adm.csv.decode().splitlines()
    bad = list(lines)
    bad[5] = bad[5].replace(",101,", ",909,", 1).replace(",102,", ",909,", 1)
    bad_path, good_path = tmp_path / "ketqua-loi.csv", tmp_path / "ketqua.csv"
    bad_path.write_text("\n".join(bad), encoding="utf-8")
    good_path.write_bytes(adm.csv)

    login(page, base, "board")
    page.goto(f"{base}/exams/{adm.exam_id}")
    page.wait_for_selector("#results")
    shot(page, "20-exam-results-box")

    # A file with a wrong row: nothing stored, the row and column named, confirm to skip it.
    page.set_input_files("input[name=results_file]", str(bad_path))
    page.click("#upload-results")
    page.wait_for_selector("ul.problems li")
    assert "row 6, column B" in page.inner_text("ul.problems")
    shot(page, "21-results-problems")
    # The problems page answers 422 on purpose (the upload was refused); Chromium logs that as a
    # console error, which is expected here and only here.
    expected = [e for e in page.console_errors if "422" in e]
    assert len(expected) == 1
    page.console_errors.remove(expected[0])
    page.click("text=Hủy")
    page.wait_for_selector("#results")
    assert page.locator("#open-report").count() == 0

    # The clean file: stored, scored, and the report opens.
    page.set_input_files("input[name=results_file]", str(good_path))
    page.click("#upload-results")
    page.wait_for_selector("#item-table")
    assert "400" in page.inner_text(".flash-ok")
    assert page.locator("figure.histogram svg rect.bar").count() == 10  # 2.5 points in quarter-point bands
    first = page.locator("#item-table tbody tr").first
    assert f"#{adm.wrong_key}" in first.inner_text() and first.locator(".flag-possible_wrong_key").is_visible()
    assert first.locator("svg.chart rect.bar.upper").count() >= 4
    shot(page, "22-results-report")

    with page.expect_download() as info:
        page.click("#report-xlsx")
    target = ARTIFACTS / "results.xlsx"
    info.value.save_as(str(target))
    wb = load_workbook(target)
    assert wb["Điểm thí sinh"].max_row == 401 and wb["Thống kê câu hỏi"]["B2"].value == adm.wrong_key

    # The flagged question's own page: its statistics history and the option chart by score group.
    first.locator(f"a[href='/questions/{adm.wrong_key}']").click()
    page.wait_for_selector("#question-stats")
    stats = page.locator("#question-stats")
    assert "Kiểm tra học kỳ I" in stats.inner_text() and stats.locator(".flag-possible_wrong_key").is_visible()
    chart = stats.locator("figure.option-chart svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    assert stats.locator("svg text.key").count() == 1
    shot(page, "23-question-statistics")
