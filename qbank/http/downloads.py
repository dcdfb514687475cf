"""Exported files to the browser: run an export into a private temporary folder, send the bytes."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from flask import Response, send_file

from qbank.domain.actor import Actor
from qbank.http.context import runtime
from qbank.services.bank_export import MAX_EXPORT, BankExport, export_search

MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
}


def bank_download(actor: Actor, query: str, fmt: str, filters: dict[str, list[str | int]], limit: int = MAX_EXPORT) -> Response:
    """What a search selects for ``actor``, exported by the same service as ``qbank export``, as a download."""
    rt = runtime()
    done: list[BankExport] = []

    def run(out: Path) -> list[Path]:
        with rt.uow() as uow:
            done.append(export_search(uow, actor, query, fmt, out, filters=filters, limit=limit))
        return done[0].paths

    resp = export_download(rt.settings.data_dir, run, "qbank-export.zip")
    if done and done[0].warnings:  # header-safe: one line, ASCII-escaped
        resp.headers["X-QBank-Warnings"] = "; ".join(done[0].warnings)[:2000].encode("ascii", "backslashreplace").decode()
    resp.headers["X-QBank-Questions"] = str(done[0].questions if done else 0)
    return resp


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
