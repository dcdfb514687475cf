"""What a file holds, told by its content (zip members, OLE2 streams, XML root, text shape), not by its extension."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Collection
from pathlib import Path

from lxml import etree

from importers.interchange import decode_text
from importers.safety import OLE2_MAGIC, ZIP_MAGIC, parse_xml
from qbank.domain.errors import RejectedFile, UnsupportedFormat

# Files people upload by mistake, with what to do instead (by extension, or by content where it shows).
REFUSED: dict[str, str] = {
    ".dot": "this is an old binary Word template: open it in Word and save it as .docx",
    ".docm": "this is a macro-enabled Word file (.docm): save it as .docx without macros",
    ".dotx": "this is a Word template: open it in Word and save it as .docx",
    ".dotm": "this is a macro-enabled Word template: save it as .docx without macros",
    ".xls": "this is an old binary Excel .xls file: open it in Excel and save it as .xlsx",
    ".xlsm": "this is a macro-enabled Excel file (.xlsm): save it as .xlsx without macros",
    ".xlsb": "this is a binary Excel workbook (.xlsb): save it as .xlsx",
    ".xltx": "this is an Excel template: open it in Excel and save it as .xlsx",
    ".odt": "this is an OpenDocument text file: save it as Word .docx",
    ".ods": "this is an OpenDocument spreadsheet: save it as Excel .xlsx",
    ".rtf": "this is an RTF file: open it in Word and save it as .docx",
    ".pdf": "PDF files cannot be imported: upload the Word (.docx) file the PDF was made from",
}
_REFUSED = REFUSED

# What ``content_format`` answers for a .zip that is neither an Office file nor a QTI package: a bulk
# upload of many question files (the jobs side unpacks it; a single-file reader refuses it).
ARCHIVE = "archive"
_QTI_ROOTS = {"assessmentItem", "assessmentTest", "qti-assessment-item", "qti-assessment-test"}
_ROOT = re.compile(rb"<(?![?!])([A-Za-z_][\w.:-]*)")
_PROLOG = re.compile(rb"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.S)


def content_format(data: bytes, filename: str, known_suffixes: Collection[str] = ()) -> str | None:
    """The import format ``data`` holds: "docx", "xlsx", "qti" (a package or an item), "doc",
    "moodle_xml", "gift", "aiken", or ``ARCHIVE`` (a .zip of other files); None when the content says
    nothing certain (a damaged file, an unknown binary: the extension decides). Cheap: it reads a zip's
    directory, an OLE2 file's stream names or the first bytes of a text, never a whole document.
    Raises ``UnsupportedFormat`` for what it recognises and QBank does not read (.xls, PDF, RTF,
    OpenDocument, PowerPoint, QTI 1.2). A text's shape counts only for a name in ``known_suffixes``
    (or none): a brace in a .json file is no GIFT."""
    suffix = Path(filename.lower()).suffix
    if data.startswith(ZIP_MAGIC):
        return _zip_format(data, filename, suffix)
    if data.startswith(OLE2_MAGIC):
        return _ole_format(data, filename)
    return _text_format(data, filename, suffix, known_suffixes)


def _zip_format(data: bytes, filename: str, suffix: str) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = {n.replace("\\", "/").lstrip("/") for n in zf.namelist()}
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, ValueError, KeyError, NotImplementedError, OSError):
        return None  # damaged: the extension's reader says what is wrong
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "imsmanifest.xml" in names:
        return "qti"
    if mimetype.startswith(b"application/vnd.oasis.opendocument."):
        ext = ".ods" if b"spreadsheet" in mimetype else ".odt"
        raise UnsupportedFormat("%(filename)s: %(advice)s", filename=filename, advice=_REFUSED[ext])
    if "ppt/presentation.xml" in names:
        raise UnsupportedFormat("%(filename)s: this is a PowerPoint file, not a question file", filename=filename)
    if suffix in (".docx", ".xlsx"):
        return None  # a broken Office file: its reader names the missing part
    return ARCHIVE


def _ole_format(data: bytes, filename: str) -> str | None:
    """Old binary Office files (and password-protected new ones) are OLE2 containers; stream names are UTF-16LE."""
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage"):
        return None  # the .docx/.xlsx readers explain the password
    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book"):
        raise UnsupportedFormat("%(filename)s: %(advice)s", filename=filename, advice=_REFUSED[".xls"])
    return None


def _text_format(data: bytes, filename: str, suffix: str, known_suffixes: Collection[str]) -> str | None:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        raise UnsupportedFormat("%(filename)s: %(advice)s", filename=filename, advice=_REFUSED[".pdf"])
    if head[:5].lower() == b"{\\rtf":
        raise UnsupportedFormat("%(filename)s: %(advice)s", filename=filename, advice=_REFUSED[".rtf"])
    if head.startswith(b"<"):
        return _xml_format(head, filename, suffix)
    if suffix and suffix not in known_suffixes:
        return None  # a text shape is a weak sign: only for names an import format has (or none), never .json, .md …
    sample = data[:200_000]
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and re.search(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]", sample[:4096]):
        return None  # binary: not a text question file
    try:
        return text_format(sample, filename)
    except RejectedFile:
        return None  # neither GIFT nor Aiken: the extension's reader (if any) says so


def _xml_format(head: bytes, filename: str, suffix: str) -> str | None:
    """Moodle XML or QTI by the root element's name (found without parsing: the reader parses safely)."""
    m = _ROOT.match(head, _PROLOG.match(head).end())
    local = m.group(1).decode("ascii", "replace").rsplit(":", 1)[-1] if m else ""
    if local == "quiz":
        return "moodle_xml"
    if local in _QTI_ROOTS:
        return "qti"
    if local == "questestinterop":
        raise UnsupportedFormat("%(filename)s: QTI 1.2 is not read; export the items as QTI 2.1 or 3.0, Moodle XML or GIFT", filename=filename)
    return None


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
