"""Everything for one exam in a .zip: papers (.docx, and .pdf when LibreOffice is there), guide, keys, manifest."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

from exporters.base import BlobSource, ExportError, ExportResult, safe_name
from qbank.domain.exam import ExamPaper


def manifest(paper: ExamPaper) -> dict:
    """Layouts and keys of every version, so the exam can be re-printed or re-scored exactly."""
    return {
        "name": paper.name,
        "subject": paper.header.subject,
        "grade": paper.header.grade,
        "duration_minutes": paper.header.duration_minutes,
        "total_points": paper.total_points(),
        "parts": [{"key": p.key, "title": p.title, "ids": [it.id for it in p.items]} for p in paper.parts],
        "scoring": paper.scoring.to_json(),
        "versions": [v.to_json() for v in paper.versions],
    }


class BundleExporter:
    format = "zip"

    def __init__(self, include_pdf: bool | None = None):
        self.include_pdf = include_pdf  # None: when LibreOffice is installed

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult:
        from exporters.docx.guide import DocxGuideExporter
        from exporters.docx.paper import DocxPaperExporter
        from exporters.pdf import soffice_path
        from exporters.xlsx.keys import XlsxKeysExporter

        result = ExportResult()
        with tempfile.TemporaryDirectory(prefix="qbank-zip-") as tmp:
            work = Path(tmp)
            made = ExportResult()
            for exporter in (DocxPaperExporter(), DocxGuideExporter(), XlsxKeysExporter()):
                made.extend(exporter.export(paper, work, blobs))
            want_pdf = self.include_pdf if self.include_pdf is not None else soffice_path() is not None
            if want_pdf:
                from exporters.pdf import PdfExporter

                pdf_dir = work / "pdf"
                pdf_dir.mkdir()
                made.paths.extend(PdfExporter().export(paper, pdf_dir, blobs).paths)
            elif self.include_pdf is None:
                made.warnings.append("PDF files left out: LibreOffice is not installed")
            (work / "manifest.json").write_text(json.dumps(manifest(paper), ensure_ascii=False, indent=1, default=str), "utf-8")
            made.paths.append(work / "manifest.json")
            target = out_dir / f"{safe_name(paper.name)}.zip"
            try:
                with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
                    for path in made.paths:
                        zf.write(path, path.relative_to(work).as_posix())
            except OSError as exc:
                raise ExportError(f"could not write {target.name}: {exc}") from exc
            result.paths.append(target)
            result.warnings.extend(made.warnings)
        return result
