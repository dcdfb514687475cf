"""End to end in Chromium: log in, import a Word paper (preview, confirm), search without accents,
see the equation as MathML, build a practice test and download it; exam board and coverage pages."""

from __future__ import annotations

import zipfile

import pytest

from qbank.domain.enums import Visibility
from tests.browser.conftest import ARTIFACTS, login, shot
from tests.functional.test_web_exams import stock
from tests.functional.web_fixtures import SAMPLE_DOCX

pytestmark = pytest.mark.browser


def test_import_search_view_and_practice_download(page, live_server) -> None:  # noqa: ANN001
    base = live_server
    page.goto(f"{base}/bank")
    assert "/login" in page.url
    shot(page, "01-login")
    # The exam board imports and approves in one go: practice tests take approved questions only.
    login(page, base, "board")
    shot(page, "02-home")

    # Upload → preview (the JS progress bar posts the form and follows the redirect).
    page.goto(f"{base}/import")
    page.set_input_files("input[type=file]", str(SAMPLE_DOCX))
    shot(page, "03-upload-form")
    # Hold the upload's answer for a moment so the progress box can be seen and checked.
    page.route(f"{base}/import", lambda route: (page.wait_for_timeout(800), route.continue_()))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-progress:not([hidden])")
    assert page.inner_text("#upload-progress .progress-text").startswith("Đang")
    shot(page, "03b-upload-progress")
    page.wait_for_url(f"{base}/import/*")
    page.unroute(f"{base}/import")
    page.wait_for_selector(".preview-item")
    assert page.locator(".preview-item").count() == 25
    assert page.locator(".preview-item math").first.is_visible()
    shot(page, "04-preview")

    # Confirm with tags.
    page.select_option("select[name=visibility]", "consortium")
    page.check("input[name=approve]")
    page.click("#confirm-import")
    page.wait_for_selector(".flash-ok")
    assert "25" in page.inner_text(".flash-ok")
    shot(page, "05-imported")

    # Search without diacritics: "mat cau" finds "mặt cầu".
    page.click("text=Đến ngân hàng câu hỏi")
    page.fill(".search-box input[name=q]", "mat cau")
    page.press(".search-box input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    assert page.locator(".hit mark").count() >= 1
    shot(page, "06-search")

    # Open the question: its equation is rendered as MathML and visible.
    page.locator(".hit .hit-title").first.click()
    page.wait_for_selector("article.question")
    math = page.locator("article.question math").first
    assert math.is_visible()
    box = math.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 8
    shot(page, "07-question")

    # Practice test: add this question and a second hit, reorder, download .docx.
    page.click("text=Thêm vào đề ôn tập")
    page.wait_for_selector(".flash-ok")
    page.goto(f"{base}/bank?q=so+phuc")
    page.locator(".hit button:has-text('Thêm vào đề ôn tập')").first.click()
    page.goto(f"{base}/practice")
    assert page.locator(".practice-item").count() == 2
    page.locator(".practice-item").nth(1).locator("button[value=up]").click()
    page.wait_for_selector(".practice-item")
    shot(page, "08-practice")
    page.fill("input[name=title]", "Đề ôn tập chương I")
    # While the file is made the buttons are disabled and a spinner says so (answer held briefly to see it).
    page.route(f"{base}/practice/export", lambda route: (page.wait_for_timeout(800), route.continue_()))
    with page.expect_download() as info:
        page.click("#export-docx")
        page.wait_for_selector(".export-form .busy-status:not([hidden])")
        assert page.locator("#export-docx").is_disabled() and page.locator("#export-pdf").is_disabled()
        assert "vài giây" in page.inner_text(".export-form .busy-status")
        shot(page, "08b-practice-busy")
    download = info.value
    page.unroute(f"{base}/practice/export")
    page.wait_for_selector(".export-form .busy-status", state="hidden")
    assert page.locator("#export-docx").is_enabled()
    target = ARTIFACTS / "practice.docx"
    download.save_as(str(target))
    assert download.suggested_filename.endswith((".docx", ".zip"))
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
    assert "word/document.xml" in names or any(n.endswith(".docx") for n in names)


def test_exam_board_blueprint_build_and_coverage(page, live_server, live_world) -> None:  # noqa: ANN001
    base = live_server
    stock(live_world.rt, 6, visibility=Visibility.RESERVED)  # the pool a confidential paper draws on
    login(page, base, "board")
    page.goto(f"{base}/coverage?subject=Toán&grade=12")
    page.wait_for_selector("table.heatmap")
    assert page.locator("table.heatmap td.heat-0").count() > 0
    shot(page, "09-coverage")

    page.goto(f"{base}/exams/new")
    page.wait_for_selector("#cells-table")
    shot(page, "10-blueprint-sample")
    # Replace the sample matrix by a small one the bank can fill: one part, one cell.
    for i in (1, 2):
        page.locator("#parts-table input[name=part_key]").nth(i).fill("")
    rows = page.locator("#cells-table tbody tr")
    while rows.count() > 1:
        rows.first.locator(".remove-row").click()
    page.click("#add-cell-row")
    row = page.locator("#cells-table tbody tr").last
    row.locator("input[name=cell_part]").fill("I")
    row.locator("input[name=cell_topic]").fill("Hàm số")
    row.locator("select[name=cell_level]").select_option("Nhận biết")
    row.locator("select[name=cell_type]").select_option("mcq")
    row.locator("input[name=cell_count]").fill("4")
    row.locator("input[name=cell_points]").fill("0.25")
    assert page.inner_text("#total-count") == "4"
    page.fill("input[name=total_points]", "1")
    page.fill("input[name=title]", "Đề kiểm tra 15 phút")
    page.fill("input[name=versions]", "2")
    shot(page, "11-blueprint-edited")
    invalid = page.evaluate("Array.from(document.querySelectorAll('.blueprint-form :invalid')).map(e => e.name + '=' + e.value)")
    assert not invalid, invalid
    # Submitted from the keyboard: a mouse click right after typing in the number field did not
    # submit in headless Chromium here (no request left the page), while Enter on the button does.
    with page.expect_navigation(timeout=60_000):
        page.focus("#build-exam")
        page.keyboard.press("Enter")
    problems = page.locator(".flash-error")
    assert problems.count() == 0, problems.first.inner_text()
    shot(page, "12-exam")
    page.wait_for_selector(".paper", timeout=5000)
    assert page.locator(".badge.confidential").first.is_visible()
    shot(page, "12-exam")
    page.goto(f"{base}/audit")
    shot(page, "13-audit")


def test_english_switch(page, live_server) -> None:  # noqa: ANN001
    login(page, live_server, "teacher")
    page.click("button[value=en]")
    page.wait_for_selector("text=Log out")
    page.goto(f"{live_server}/bank")
    assert page.locator("text=Question bank").first.is_visible()
    shot(page, "14-bank-english")
