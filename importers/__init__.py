"""Importers: turn uploaded question files into domain questions (no Flask, no database)."""

from importers.base import Importer, ImportMessage, ImportResult, get_importer, read_file, register

__all__ = ["ImportMessage", "ImportResult", "Importer", "get_importer", "read_file", "register"]
