"""Exporters: turn exams and questions into .docx, .pdf, .xlsx and .zip files (no Flask)."""
