"""Word → PDF through LibreOffice headless: many files per call (start-up dominates), own profile."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from exporters.base import BlobSource, ExportError, ExportResult

INSTALL_HINT = "LibreOffice is not installed: apt-get install libreoffice-writer-nogui"


def soffice_path() -> str | None:
    """LibreOffice's binary: QBANK_LIBREOFFICE (a name on PATH or a path) if set, else soffice/libreoffice."""
    wanted = os.environ.get("QBANK_LIBREOFFICE")
    if wanted:
        return shutil.which(wanted)
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(paths: Sequence[Path], out_dir: Path, *, timeout: float = 180.0, workers: int | None = None) -> list[Path]:
    """Convert every .docx, many per LibreOffice call; returns the PDFs in the same order.

    LibreOffice converts one file at a time per process and spends ~1 s starting, so files go
    in batches: one call per worker (two for six files or more on a multi-core machine), each
    with a private profile (``-env:UserInstallation``) so calls can run side by side and a
    user's own LibreOffice settings stay out of it. File stems must be distinct.
    """
    exe = soffice_path()
    if exe is None:
        raise ExportError(INSTALL_HINT)
    if not paths:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    # A second process pays for its own start-up (~1 s) only on bigger batches: measured here,
    # 12 papers took 16 s in one process and 7.6 s in two; 5 files were no faster in two.
    n = workers or (min(2, os.cpu_count() or 1) if len(paths) >= 6 else 1)
    n = max(1, min(n, len(paths)))
    chunks = [list(paths[i::n]) for i in range(n)]
    profiles = [Path(tempfile.mkdtemp(prefix="qbank-lo-")) for _ in chunks]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for chunk, profile in zip(chunks, profiles, strict=True):
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
                *[str(p) for p in chunk],
            ]
            procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL))
        deadline = time.monotonic() + timeout
        outputs: list[bytes] = []
        for proc in procs:
            try:
                out, err = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired as exc:
                raise ExportError(f"LibreOffice did not finish converting {len(paths)} file(s) within {timeout:.0f} s") from exc
            outputs.append(err or out)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for profile in profiles:
            shutil.rmtree(profile, ignore_errors=True)
    pdfs = [out_dir / (Path(p).stem + ".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        detail = b" ".join(outputs).decode("utf-8", "replace").strip()[-500:]
        raise ExportError(f"LibreOffice did not produce {', '.join(missing)}: {detail}")
    return pdfs


class PdfExporter:
    """Every version's paper and the marking guide, as PDF (the .docx are made on the way)."""

    format = "pdf"
    with_guide = True

    def export(self, paper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:  # noqa: ANN001
        from exporters.docx_guide import DocxGuideExporter
        from exporters.docx_paper import DocxPaperExporter

        if soffice_path() is None:
            raise ExportError(INSTALL_HINT)
        with tempfile.TemporaryDirectory(prefix="qbank-pdf-") as tmp:
            work = Path(tmp)
            # Copies for LibreOffice only: a few equation runs get marked so its OMML import
            # does not print "¿" for a half-open interval; the .docx exports stay verbatim.
            made = DocxPaperExporter(for_libreoffice=True).export(paper, work, blobs)
            if self.with_guide:
                made.extend(DocxGuideExporter(for_libreoffice=True).export(paper, work, blobs))
            pdfs = docx_to_pdf(made.paths, work)
            result = ExportResult(warnings=made.warnings)
            for pdf in pdfs:
                target = out_dir / pdf.name
                shutil.move(str(pdf), target)
                result.paths.append(target)
        return result


class PaperPdfExporter(PdfExporter):
    """The papers only, as PDF (a practice test's ".pdf" button: one file, named like its .docx)."""

    format = "paper_pdf"
    with_guide = False
