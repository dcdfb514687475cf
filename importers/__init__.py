"""Importers: turn uploaded question files into domain questions (no Flask, no database)."""

from importers.base import (
    FormatInfo,
    Importer,
    ImportMessage,
    ImportResult,
    format_for,
    formats,
    get_importer,
    importer_for,
    read_file,
    register,
    sniff_format,
)
from importers.sniff import ARCHIVE

__all__ = ["ARCHIVE", "FormatInfo", "ImportMessage", "ImportResult", "Importer", "format_for", "formats", "get_importer", "importer_for",
           "read_file", "register", "sniff_format"]
