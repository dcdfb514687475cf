"""Picks the reader by what a file holds, where the extension says too little (.txt: GIFT or Aiken; .xml: Moodle XML or QTI)."""

from __future__ import annotations

import re

from lxml import etree

from importers.base import ImportResult
from importers.interchange import decode_text
from importers.safety import parse_xml
from qbank.domain.errors import RejectedFile, UnsupportedFormat

_AIKEN_ANSWER = re.compile(r"^\s*ANSWER\s*:\s*[A-Z]\s*$", re.M | re.I)
_GIFT_BLOCK = re.compile(r"\{[^{}]*\}|^\s*::|^\s*\$CATEGORY:", re.M)


def text_format(data: bytes, filename: str) -> str:
    """"aiken" or "gift" for a plain-text question file."""
    text = decode_text(data[:200_000], filename)
    if _AIKEN_ANSWER.search(text) and not re.search(r"^\s*::", text, re.M):
        return "aiken"
    if _GIFT_BLOCK.search(text):
        return "gift"
    raise RejectedFile("%(filename)s: a text file must be GIFT (answers in {…}) or Aiken (options, then 'ANSWER: A')", filename=filename)


def xml_root(data: bytes, filename: str) -> etree._Element:
    """The parsed file if it is Moodle XML or QTI 2.x/3.0 (QTI 1.2 is named and refused). Parsed safely
    (no DOCTYPE, no entities), so a hostile file is refused before any reader sees it."""
    root = parse_xml(data, filename)
    name = etree.QName(root).localname
    if name == "quiz":
        return root
    if name in ("assessmentItem", "assessmentTest", "qti-assessment-item", "qti-assessment-test"):
        return root
    if name == "questestinterop":
        raise UnsupportedFormat("%(filename)s: QTI 1.2 is not read; export the items as QTI 2.1 or 3.0, Moodle XML or GIFT", filename=filename)
    raise RejectedFile("%(filename)s: an XML question file must be Moodle XML (a <quiz> root), not <%(root)s>", filename=filename, root=name)


class TextImporter:
    """A .txt upload: GIFT or Aiken, told apart by content."""

    format = "text"
    extensions = (".txt",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        from importers.base import get_importer

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
