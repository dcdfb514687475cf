"""IMS QTI 2.1, 2.2 and 3.0: single items, assessment tests and content packages (.zip with imsmanifest.xml)."""

from importers.qti.reader import QtiImporter

__all__ = ["QtiImporter"]
