"""Moodle XML: a question bank file Moodle imports as it is (categories, pictures inside, TeX for MathJax)."""

from exporters.moodle_xml.writer import MoodleXmlExporter, moodle_xml

__all__ = ["MoodleXmlExporter", "moodle_xml"]
