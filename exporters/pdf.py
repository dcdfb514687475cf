"""Word → PDF through LibreOffice headless: many files per call (start-up dominates), own profile."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from exporters.base import BlobSource, ExportError, ExportResult

INSTALL_HINT = "LibreOffice is not installed: apt-get install libreoffice-writer-nogui"


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(paths: Sequence[Path], out_dir: Path, *, timeout: float = 180.0) -> list[Path]:
    """Convert every .docx in one LibreOffice call; returns the PDFs in the same order.

    A private profile per call (``-env:UserInstallation``) lets calls run side by side and
    keeps a user's own LibreOffice settings out of it.
    """
    exe = soffice_path()
    if exe is None:
        raise ExportError(INSTALL_HINT)
    if not paths:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="qbank-lo-"))
    try:
        cmd = [
            exe,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *[str(p) for p in paths],
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as exc:
            raise ExportError(f"LibreOffice did not finish converting {len(paths)} file(s) within {timeout:.0f} s") from exc
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdfs = [out_dir / (Path(p).stem + ".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        detail = (proc.stderr or proc.stdout).decode("utf-8", "replace").strip()[-500:]
        raise ExportError(f"LibreOffice did not produce {', '.join(missing)} (exit {proc.returncode}): {detail}")
    return pdfs


class PdfExporter:
    """Every version's paper and the marking guide, as PDF (the .docx are made on the way)."""

    format = "pdf"

    def export(self, paper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:  # noqa: ANN001
        from exporters.docx_guide import DocxGuideExporter
        from exporters.docx_paper import DocxPaperExporter

        if soffice_path() is None:
            raise ExportError(INSTALL_HINT)
        with tempfile.TemporaryDirectory(prefix="qbank-pdf-") as tmp:
            work = Path(tmp)
            made = DocxPaperExporter().export(paper, work, blobs)
            made.extend(DocxGuideExporter().export(paper, work, blobs))
            pdfs = docx_to_pdf(made.paths, work)
            result = ExportResult(warnings=made.warnings)
            for pdf in pdfs:
                target = out_dir / pdf.name
                shutil.move(str(pdf), target)
                result.paths.append(target)
        return result
