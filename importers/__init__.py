"""Importers: turn uploaded question files into domain questions (no Flask, no database)."""

from importers.base import ImportMessage, ImportResult, Importer, get_importer, read_file, register

__all__ = ["ImportMessage", "ImportResult", "Importer", "get_importer", "read_file", "register"]
