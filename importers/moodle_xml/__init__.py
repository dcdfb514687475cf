"""Moodle XML question banks (categories, every question type that maps, embedded files, TeX)."""

from importers.moodle_xml.reader import MoodleXmlImporter

__all__ = ["MoodleXmlImporter"]
