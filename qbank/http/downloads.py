"""Exported files to the browser: run an export into a private temporary folder, send the bytes."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from flask import Response, send_file

MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}


def export_download(data_dir: Path, run: Callable[[Path], list[Path]], zip_name: str) -> Response:
    """``run(out_dir)`` writes the files; one file is sent as is, several as one zip."""
    root = data_dir / "exports"
    root.mkdir(parents=True, exist_ok=True)
    out = Path(tempfile.mkdtemp(dir=root))
    try:
        paths = [p for p in run(out) if p.is_file()]
        if len(paths) == 1:
            name, data = paths[0].name, paths[0].read_bytes()
        else:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for p in paths:
                    zf.write(p, p.name)
            name, data = zip_name, buf.getvalue()
    finally:
        shutil.rmtree(out, ignore_errors=True)
    resp = send_file(io.BytesIO(data), mimetype=MIME.get(Path(name).suffix, "application/octet-stream"),
                     as_attachment=True, download_name=name)
    resp.headers["Cache-Control"] = "no-store"
    return resp
