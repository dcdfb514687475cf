"""The two readers that hand over by content: a .txt (GIFT or Aiken) and an .xml (Moodle XML or QTI)."""

from __future__ import annotations

from importers.base import ImportResult, get_importer
from importers.sniff import text_format, xml_root


class TextImporter:
    """A .txt upload: GIFT or Aiken, told apart by content."""

    format = "text"
    extensions = (".txt",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        return get_importer(text_format(data, filename)).read(data, filename)


class XmlImporter:
    """An .xml upload: Moodle XML or a QTI 2.x/3.0 item."""

    format = "xml"
    extensions = (".xml",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        from importers.moodle_xml import MoodleXmlImporter
        from importers.qti import QtiImporter

        root = xml_root(data, filename)
        reader = MoodleXmlImporter() if root.tag == "quiz" else QtiImporter()
        return reader.read_root(root, filename)
