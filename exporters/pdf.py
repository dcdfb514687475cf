"""Word → PDF through the shared long-running LibreOffice (officeconv): no start-up per call."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from exporters.base import BlobSource, ExportError, ExportResult
from officeconv import ConversionError, soffice_path
from officeconv.converter import INSTALL_HINT, batch_convert_cli
from officeconv.shared import convert_many, warm_converter_available

__all__ = ["INSTALL_HINT", "PdfExporter", "docx_to_pdf", "soffice_path"]

PDF_FILTER = "writer_pdf_Export"


def docx_to_pdf(paths: Sequence[Path], out_dir: Path, *, timeout: float = 180.0, workers: int | None = None) -> list[Path]:
    """Convert every .docx to ``out_dir/<stem>.pdf``; returns the PDFs in the same order.

    Under ``qbank serve`` with workers the files go to the converter service the workers share
    (``officeconv.service``); elsewhere, with LibreOffice's Python bridge (python3-uno), through this
    process's warm converters (start-up paid once per process; two side by side for a batch on two cores);
    without it, through one ``soffice --convert-to`` call per batch (``workers`` calls side by side).
    ``timeout`` bounds each file on the warm converter and the whole batch on the fallback.
    """
    if soffice_path() is None:
        raise ExportError(INSTALL_HINT)
    if not paths:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        if warm_converter_available():
            jobs = [(Path(p), out_dir / (Path(p).stem + ".pdf")) for p in paths]
            return convert_many(jobs, PDF_FILTER, workers=workers, timeout_s=timeout)
        n = workers or (min(2, os.cpu_count() or 1) if len(paths) >= 6 else 1)
        n = max(1, min(n, len(paths)))
        if n == 1:
            return batch_convert_cli(paths, out_dir, f"pdf:{PDF_FILTER}", timeout=timeout)
        # Two processes pay two start-ups but share the batch (12 papers: 16 s in one, 7.6 s in two).
        from concurrent.futures import ThreadPoolExecutor

        chunks = [list(paths[i::n]) for i in range(n)]
        with ThreadPoolExecutor(n) as pool:
            list(pool.map(lambda c: batch_convert_cli(c, out_dir, f"pdf:{PDF_FILTER}", timeout=timeout), chunks))
        return [out_dir / (Path(p).stem + ".pdf") for p in paths]
    except ConversionError as exc:
        raise ExportError(str(exc)) from None


class PdfExporter:
    """Every version's paper and the marking guide, as PDF (the .docx are made on the way)."""

    format = "pdf"
    with_guide = True

    def export(self, paper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:  # noqa: ANN001
        from exporters.docx.guide import DocxGuideExporter
        from exporters.docx.paper import DocxPaperExporter

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
