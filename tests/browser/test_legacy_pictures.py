"""A real paper's EMF figure shows as a picture on the import preview and on the question page."""

from __future__ import annotations

from pathlib import Path

import pytest

from officeconv import soffice_path, uno_python
from tests.browser.conftest import login, shot

REPO = Path(__file__).resolve().parents[2]
PAPER = "TonyK1109__Original_ThiThu_THPTQG_Toan_BinhPhuoc_2019-2020.docx"


def _paper() -> Path:
    for parent in REPO.parents:  # ../shared beside the checkout (a git worktree sits one level deeper)
        path = parent / "shared" / "fixtures" / "public" / "vi-docx" / PAPER
        if path.exists():
            return path
    pytest.skip(f"../shared/fixtures/public/vi-docx/{PAPER} is absent (public fixtures are not part of the repository)")


def _natural_sizes(page, selector: str) -> list[tuple[int, int]]:  # noqa: ANN001
    page.wait_for_function(f"[...document.querySelectorAll('{selector}')].every(i => i.complete)")
    return page.eval_on_selector_all(selector, "els => els.map(i => [i.naturalWidth, i.naturalHeight])")


@pytest.mark.skipif(soffice_path() is None or uno_python() is None,
                    reason="needs LibreOffice and python3-uno to render EMF (.ci/run installs them)")  # fmt: skip
def test_the_binh_phuoc_emf_figure_shows_on_the_preview_and_the_question_page(page, live_server) -> None:  # noqa: ANN001
    paper = _paper()
    base = live_server
    login(page, base, "board")
    page.goto(f"{base}/import")
    page.set_input_files("input[type=file]", str(paper))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(f"{base}/import/*", timeout=120_000)
    page.wait_for_selector(".preview-item")
    # Every picture of the preview is drawn (no placeholder, nothing the browser cannot decode).
    assert page.locator(".qb-missing-picture").count() == 0
    sizes = _natural_sizes(page, ".preview-item img.qb-img")
    assert sizes and all(w > 0 and h > 0 for w, h in sizes), sizes
    figure = page.locator(".preview-item", has_text="Cho hình chóp").locator("img.qb-img")
    assert figure.count() == 1
    preview_src = figure.get_attribute("src")
    assert preview_src and preview_src.startswith("/import/")
    shot(page, "legacy-emf-preview")

    page.check("input[name=approve]")
    page.click("#confirm-import")
    page.wait_for_selector(".flash-ok")
    for _ in range(30):  # the search index is brought up to date just after the commit, in the background
        page.goto(f"{base}/bank?q=hinh+chop+vuong+goc")
        if page.locator(".hit").count():
            break
        page.wait_for_timeout(1000)
    page.locator(".hit", has_text="chóp").first.locator(".hit-title").click()
    page.wait_for_selector("article.question")
    shot(page, "legacy-emf-question")
    sha = preview_src.rsplit("/", 1)[-1]
    selector = f'article.question img.qb-img[src^="/media/{sha}"]'  # the PNG, or its page-sized rendition (?w=960)
    assert page.locator(selector).count() >= 1, page.inner_html("article.question")[:2000]
    sizes = _natural_sizes(page, selector)
    assert all(w > 100 and h > 100 for w, h in sizes), sizes  # the pyramid S.ABCD, drawn from the EMF
