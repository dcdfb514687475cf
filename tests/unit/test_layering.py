"""The library layers load no web framework."""

from __future__ import annotations

import subprocess
import sys


def test_importers_exporters_search_index_and_domain_load_no_flask() -> None:
    code = (
        "import sys, importers, exporters, search_index, officeconv, qbank.domain, qbank.domain.content, "
        "qbank.domain.question, qbank.domain.render, importers.base\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'flask', 'werkzeug', 'flask_login', 'marshmallow'})\n"
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"web framework modules loaded: {out}"


def test_domain_loads_no_sqlalchemy() -> None:
    code = "import sys, qbank.domain.question, qbank.domain.render, qbank.domain.actor\nprint('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"

