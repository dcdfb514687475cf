"""Word 97-2003 (.doc): vet the OLE container, convert to .docx in the sandboxed LibreOffice, read as .docx."""

from __future__ import annotations

import io
import struct
import time

from importers.base import ImportMessage, ImportResult
from importers.safety import OLE2_MAGIC, check_package
from qbank.domain.errors import RejectedFile

DOCX_FILTER = "MS Word 2007 XML"
_INSTALL = "apt-get install libreoffice-writer-nogui python3-uno"
_FIB_MAGIC = 0xA5EC  # wIdent of a Word 97+ File Information Block (Word 6/95 files use 0xA5DC)
_F_ENCRYPTED = 0x0100  # FIB flags bit fEncrypted
_F_OBFUSCATED = 0x8000  # FIB flags bit fObfuscated (XOR "encryption")


def check_word97(data: bytes, filename: str) -> list[str]:
    """Raise ``RejectedFile`` with a one-line reason unless ``data`` is an unencrypted Word binary
    document; returns notes about what it holds (macros that will be dropped)."""
    import olefile

    if not data:
        raise RejectedFile("%(filename)s: the file is empty", filename=filename)
    if not data.startswith(OLE2_MAGIC):
        if data.startswith(b"PK\x03\x04"):
            raise RejectedFile("%(filename)s: this is a .docx/.xlsx package renamed to .doc: give it its proper extension", filename=filename)
        raise RejectedFile("%(filename)s: this is not a Word 97-2003 .doc file (no OLE2 header)", filename=filename)
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error, IndexError) as exc:
        raise RejectedFile("%(filename)s: the .doc file is damaged (%(exc)s)", filename=filename, exc=exc) from None
    with ole:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise RejectedFile("%(filename)s: the file is password-protected: remove the password in Word and upload it again", filename=filename)
        if not ole.exists("WordDocument"):
            if ole.exists("Workbook") or ole.exists("Book"):
                raise RejectedFile("%(filename)s: this is an Excel .xls file, not a Word document: save it as .xlsx", filename=filename)
            if ole.exists("PowerPoint Document"):
                raise RejectedFile("%(filename)s: this is a PowerPoint file, not a question file", filename=filename)
            raise RejectedFile("%(filename)s: this OLE file is not a Word document (it has no WordDocument stream)", filename=filename)
        try:
            fib = ole.openstream("WordDocument").read(32)
        except OSError as exc:
            raise RejectedFile("%(filename)s: the .doc file is damaged (%(exc)s)", filename=filename, exc=exc) from None
        if len(fib) < 12:
            raise RejectedFile("%(filename)s: the .doc file is damaged (its WordDocument stream is too short)", filename=filename)
        ident, _nfib = struct.unpack_from("<HH", fib, 0)
        (flags,) = struct.unpack_from("<H", fib, 0x0A)
        if ident not in (_FIB_MAGIC, 0xA5DC):
            raise RejectedFile("%(filename)s: the .doc file is damaged (not a Word File Information Block)", filename=filename)
        if flags & (_F_ENCRYPTED | _F_OBFUSCATED):
            raise RejectedFile("%(filename)s: the file is password-protected: remove the password in Word and upload it again", filename=filename)
        notes = []
        if ole.exists("Macros") or ole.exists("_VBA_PROJECT_CUR"):
            notes.append("the file contains Word macros: they were not run and are not imported")
        return notes


def doc_to_docx(data: bytes, filename: str) -> tuple[bytes, list[ImportMessage]]:
    """Vet and convert a .doc; returns the .docx bytes and the messages to add to the import."""
    from officeconv import ConversionError, LibreOfficeMissing, shared_converter, soffice_path, warm_converter_available

    notes = check_word97(data, filename)
    if soffice_path() is None:
        raise RejectedFile("%(filename)s: reading .doc files needs LibreOffice on the server: %(INSTALL)s", filename=filename, INSTALL=_INSTALL)
    t0 = time.monotonic()
    try:
        if warm_converter_available():
            docx = shared_converter().convert_bytes(data, ".doc", DOCX_FILTER, ".docx")
        else:
            docx = _convert_once(data)
    except LibreOfficeMissing as exc:
        raise RejectedFile("%(filename)s: reading .doc files needs LibreOffice on the server (%(exc)s)", filename=filename, exc=exc) from None
    except ConversionError as exc:
        raise RejectedFile("%(filename)s: the .doc file could not be converted (%(exc)s)", filename=filename, exc=exc) from None
    seconds = time.monotonic() - t0
    check_package(docx, filename, "docx")  # what LibreOffice wrote is checked like any upload
    messages = [ImportMessage("info", filename, f"converted from Word 97-2003 (.doc) to .docx with LibreOffice in {seconds:.1f} s")]
    messages += [ImportMessage("warning", filename, n) for n in notes]
    return docx, messages


def _convert_once(data: bytes) -> bytes:
    """Without python3-uno: one ``soffice --convert-to`` call (pays LibreOffice's start-up)."""
    import tempfile
    from pathlib import Path

    from officeconv.converter import batch_convert_cli

    with tempfile.TemporaryDirectory(prefix="qbank-doc-") as tmp:
        src = Path(tmp) / "upload.doc"
        src.write_bytes(data)
        (out,) = batch_convert_cli([src], Path(tmp) / "out", f"docx:{DOCX_FILTER}", timeout=120)
        return out.read_bytes()


class DocImporter:
    """Word 97-2003 papers: converted to .docx, then read by the .docx importer."""

    format = "doc"
    extensions = (".doc",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        docx, messages = doc_to_docx(data, filename)
        return read_converted(docx, filename, messages)


def read_converted(docx: bytes, filename: str, messages: list[ImportMessage]) -> ImportResult:
    """Read the .docx made from ``filename`` and put the conversion messages first."""
    from importers.docx.importer import DocxImporter

    result = DocxImporter().read_checked(docx, filename)
    result.messages[:0] = messages
    return result
