"""Exported files to the browser: run an export into a private temporary folder, send the bytes."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from flask import Response, send_file

from qbank.domain.actor import Actor
from qbank.http.context import runtime
from qbank.services.bank_export import MAX_EXPORT, BankExport, export_search
from qbank.services.export_jobs import MIME, one_file


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
        name, data = one_file([p for p in run(out) if p.is_file()], zip_name)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return attachment(data, name)


def attachment(data: bytes, name: str, mimetype: str | None = None) -> Response:
    """``data`` as a download named ``name`` (its type from the extension unless given), never cached:
    exports may hold confidential papers."""
    resp = send_file(io.BytesIO(data), mimetype=mimetype or MIME.get(Path(name).suffix, "application/octet-stream"),
                     as_attachment=True, download_name=name)
    resp.headers["Cache-Control"] = "no-store"
    return resp
