"""IMS QTI 2.1 and 3.0 content packages (items, an assessment test, pictures, imsmanifest.xml)."""

from exporters.qti.writer import Qti21Exporter, Qti30Exporter, qti_package

__all__ = ["Qti21Exporter", "Qti30Exporter", "qti_package"]
