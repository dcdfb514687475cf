"""Start-up: a WSGI server calling ``create_app()`` on a database without a schema gets one line, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_create_app_on_an_empty_data_dir_says_to_run_init_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "QBANK_DATA_DIR": str(tmp_path)}
    env.pop("QBANK_DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-c", "from qbank.app import create_app; create_app()"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "run `qbank init`" in lines[0] and "Traceback" not in out.stderr


def test_create_app_after_init_starts(tmp_path: Path) -> None:
    env = {**os.environ, "QBANK_DATA_DIR": str(tmp_path)}
    env.pop("QBANK_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "qbank.cli.main", "init"], check=True, capture_output=True, env=env, timeout=120)
    out = subprocess.run([sys.executable, "-c", "from qbank.app import create_app; print(create_app().name)"], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
