"""The README's short tour runs as written, today, on a fresh data directory."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def tour_commands() -> list[list[str]]:
    """The ``qbank …`` lines of the tour's code block (comments dropped; ``serve`` would not return)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A short tour\n\n```bash\n(.*?)```", text, re.S).group(1)
    commands = []
    for line in block.splitlines():
        line = line.strip()
        if not line.startswith("qbank ") or line.startswith("qbank serve"):
            continue
        commands.append(shlex.split(line, comments=True))
    return commands


def test_the_readme_tour_runs_as_written(tmp_path: Path) -> None:
    commands = tour_commands()
    assert commands[0][:2] == ["qbank", "demo"] and any(c[:3] == ["qbank", "exam", "build"] for c in commands)
    work = tmp_path / "work"
    work.mkdir()
    (work / "qbank").symlink_to(ROOT / "qbank")  # the tour's relative paths (qbank/demo/…), without writing into the repository
    env = {**os.environ, "QBANK_DATA_DIR": str(tmp_path / "data")}
    env.pop("QBANK_DATABASE_URL", None)
    env.pop("QBANK_SEARCH_BACKEND", None)
    for argv in commands:
        out = subprocess.run([sys.executable, "-m", "qbank.cli.main", *argv[1:]], cwd=work, env=env, capture_output=True, text=True,
                             input="y\n", timeout=600)
        assert out.returncode == 0, f"{shlex.join(argv)}\n{out.stderr}"
        if argv[:3] == ["qbank", "exam", "build"]:
            assert "confidential until" in out.stdout
        if argv[:2] == ["qbank", "approve"]:
            assert "approved" in out.stdout
    assert any(p.suffix == ".zip" for p in (work / "exports").iterdir())
