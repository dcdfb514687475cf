"""Aiken: plain-text multiple choice, the simplest format every Moodle reads."""

from exporters.aiken.writer import AikenExporter, aiken

__all__ = ["AikenExporter", "aiken"]
