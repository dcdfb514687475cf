"""Aiken: plain-text multiple choice ("A) …" lines, then "ANSWER: B")."""

from importers.aiken.reader import AikenImporter

__all__ = ["AikenImporter"]
