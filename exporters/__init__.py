"""Exporters: turn exams and questions into .docx, .pdf, .xlsx and .zip files (no Flask)."""

from exporters.base import BlobSource, Exporter, ExportError, ExportResult, export_exam, formats, get_exporter

__all__ = ["BlobSource", "ExportError", "ExportResult", "Exporter", "export_exam", "formats", "get_exporter"]
