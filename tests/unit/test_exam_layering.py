"""Exam assembly and every exporter load no web framework and no database layer."""

from __future__ import annotations

import subprocess
import sys


def test_exam_modules_and_exporters_load_no_framework() -> None:
    code = (
        "import sys\n"
        "import qbank.domain.blueprint, qbank.domain.blueprint_xlsx, qbank.domain.assembly, qbank.domain.versions\n"
        "import qbank.domain.scoring, qbank.domain.exam, qbank.domain.exam_build\n"
        "import exporters.docx.paper, exporters.docx.guide, exporters.xlsx.keys, exporters.pdf, exporters.bundle\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'werkzeug', 'marshmallow', 'sqlalchemy'})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"framework modules loaded: {out}"
