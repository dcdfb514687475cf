"""`qbank import` of a folder (a .zip goes the same way): a batch of jobs run by worker processes it starts, a progress bar, one line per file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from qbank.runtime import Runtime
from tests import factories
from tests.jobs_support import FIXTURES, PAPERS, drop_queue, use_own_queue


def run(rt: Runtime, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QBANK_DATA_DIR": str(rt.settings.data_dir), "QBANK_DATABASE_URL": rt.settings.database_url,
           "QBANK_SEARCH_BACKEND": rt.settings.search_backend, "QBANK_QUEUE_URL": rt.settings.queue,
           "QBANK_QUEUE_NAME": rt.settings.queue_name}
    return subprocess.run([sys.executable, "-m", "qbank.cli.main", *args], capture_output=True, text=True, env=env, timeout=180)


@pytest.fixture
def instance(runtime):  # noqa: ANN001, ANN201
    use_own_queue(runtime)
    factories.department(runtime, "Sở GD&ĐT Huế")
    yield runtime
    drop_queue(runtime)


def test_importing_a_folder_shows_progress_and_one_line_per_file(instance, tmp_path: Path) -> None:  # noqa: ANN001
    folder = tmp_path / "Kho de"
    (folder / "HSG" / "Lop 12").mkdir(parents=True)
    (folder / "Lop 9").mkdir()
    (folder / "HSG" / "Lop 12" / "toan.docx").write_bytes((FIXTURES / PAPERS[0]).read_bytes())
    (folder / "Lop 9" / "sinh.xlsx").write_bytes((FIXTURES / PAPERS[2]).read_bytes())
    (folder / "Lop 9" / "~$sinh.xlsx").write_bytes(b"lock")
    (folder / "Lop 9" / "so do.png").write_bytes(b"\x89PNG")
    (folder / "Lop 9" / "hong.docx").write_bytes(b"not a Word file")

    out = run(instance, "import", str(folder), "--department", "Sở GD&ĐT Huế", "--workers", "1", "--report", str(tmp_path / "bao_cao.xlsx"))

    assert out.returncode == 1, out.stderr  # a refused file: the others are imported, and the exit code says so
    assert "Kho de: 5 files, 3 to import, 2 skipped" in out.stdout
    assert "names suggest: " in out.stdout
    assert all(tag in out.stdout for tag in ("grade 12 (1 file)", "HSG (1 file)", "grade 9 (2 files)", "Toán (1 file)"))
    assert "  HSG/Lop 12/toan.docx: imported, 6 questions read, 6 stored" in out.stdout
    assert "  Lop 9/so do.png: skipped: a picture, not a question set" in out.stdout
    assert "  Lop 9/hong.docx: refused: hong.docx: " in out.stdout
    assert "batch 1: 5/5 files" in out.stdout and "1 file refused, 2 files skipped" in out.stdout
    assert "5/5" in out.stderr  # the progress bar
    assert load_workbook(tmp_path / "bao_cao.xlsx")["Files"].max_row == 2 + 5
