"""Upload safety: vet an OOXML package (and its XML) before any parser sees it."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from qbank.domain.errors import RejectedFile

# Caps for what an exam paper or question bank really needs; a 200-question paper with
# pictures is a few MB. Override per call through ``Limits``.
MAX_ENTRIES = 2_000
MAX_ENTRY_SIZE = 64 * 1024 * 1024  # uncompressed bytes of one member (big pictures)
MAX_TOTAL_SIZE = 256 * 1024 * 1024  # uncompressed bytes of the whole package
MAX_RATIO = 100  # uncompressed / compressed; real XML parts compress 5-20x
RATIO_MIN_SIZE = 1024 * 1024  # small parts may compress absurdly well (runs of spaces): ignore them
MAX_XML_PART = 64 * 1024 * 1024  # bytes of XML we are willing to parse from one part

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"

_KIND_NAMES = {"docx": "Word .docx", "xlsx": "Excel .xlsx"}
# Main-part content types: what makes a package a docx or an xlsx.
_MAIN_TYPES = {
    "docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    },
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    },
}
_MACRO_MAIN = {
    "application/vnd.ms-word.document.macroEnabled.main+xml": ("docx", "a macro-enabled Word file (.docm)"),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": ("docx", "a macro-enabled Word template (.dotm)"),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ("xlsx", "a macro-enabled Excel file (.xlsm)"),
    "application/vnd.ms-excel.template.macroEnabled.main+xml": ("xlsx", "a macro-enabled Excel template (.xltm)"),
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": ("xlsx", "a binary Excel workbook (.xlsb)"),
}
_OTHER_MAIN = {
    "presentationml": "a PowerPoint file",
    "wordprocessingml": "a Word file",
    "spreadsheetml": "an Excel file",
}
# External targets are normal for hyperlinks; anything else (attachedTemplate, oleObject,
# linked images, frames, subDocuments) makes Office fetch a URL when the file is opened.
_HYPERLINK_REL = "/hyperlink"
_LOCAL_PATH = re.compile(r"^(?:file:///)?[A-Za-z]:[\\/]", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_SAVE_AS = {"docx": "open it in Word and save it as .docx", "xlsx": "open it in Excel and save it as .xlsx"}


@dataclass(frozen=True)
class Limits:
    """The caps one check uses; defaults are the module constants as they are at call time
    (so a deployment may set ``importers.safety.MAX_TOTAL_SIZE`` once at start-up)."""

    max_entries: int = field(default_factory=lambda: MAX_ENTRIES)
    max_entry_size: int = field(default_factory=lambda: MAX_ENTRY_SIZE)
    max_total_size: int = field(default_factory=lambda: MAX_TOTAL_SIZE)
    max_ratio: float = field(default_factory=lambda: MAX_RATIO)
    ratio_min_size: int = field(default_factory=lambda: RATIO_MIN_SIZE)


def check_package(data: bytes, filename: str, expected: str, limits: Limits | None = None) -> None:
    """Raise ``RejectedFile`` with a one-line reason unless ``data`` is a safe ``expected`` package.

    ``expected`` is "docx" or "xlsx". Every member is decompressed once here, under the caps,
    so a lying central directory, a bad CRC or a truncated file is caught before any parser.
    """
    if expected not in _MAIN_TYPES:
        raise ValueError(f"unknown package kind {expected!r}")
    limits = limits or Limits()
    kind = _KIND_NAMES[expected]
    _check_magic(data, filename, expected)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, struct.error) as exc:
        raise RejectedFile(
            "%(filename)s: the file is damaged or incomplete (not a readable %(kind)s file; was the upload or copy interrupted?) [%(exc)s]"
        , filename=filename, kind=kind, exc=exc) from None
    with zf:
        infos = zf.infolist()
        _check_directory(infos, filename, limits)
        names = {i.filename for i in infos}
        content_types = _check_content_types(zf, names, filename, expected)
        _check_macros(names, content_types, filename)
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            body = read_part(zf, info.filename, limits.max_entry_size, filename=filename, limits=limits)
            total += len(body)
            if total > limits.max_total_size:
                raise RejectedFile(
                    "%(filename)s: the file unpacks to more than %(mb)s (it looks like a zip bomb)"
                , filename=filename, mb=_mb(limits.max_total_size))
            low = info.filename.lower()
            ctype = content_types.get(info.filename, "").lower()
            # Any part declared as XML counts, whatever its extension (a main part may be
            # renamed "document.dat"); pictures (SVG from Illustrator carries a DOCTYPE) are
            # stored, never parsed, so they are left alone.
            xml_type = ctype.endswith("xml") and not ctype.startswith("image/")
            if low.endswith((".xml", ".rels", ".vml")) or xml_type:
                _check_xml_bytes(body, filename, info.filename)
            if low.endswith(".rels"):
                _check_relationships(body, filename, info.filename)


def read_part(
    zf: zipfile.ZipFile,
    name: str,
    limit: int | None = None,
    *,
    filename: str = "the file",
    limits: Limits | None = None,
) -> bytes:
    """A member's bytes, refusing more than ``limit`` bytes whatever its header claims.

    Reads in chunks and counts what actually comes out of the decompressor, so a header
    that understates the size cannot make us inflate gigabytes.
    """
    limits = limits or Limits()
    if limit is None:
        limit = limits.max_entry_size
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise RejectedFile("%(filename)s: the part %(name)s is missing", filename=filename, name=name) from None
    if info.file_size > limit:
        raise RejectedFile("%(filename)s: the part %(name)s is larger than %(mb)s (it looks like a zip bomb)", filename=filename, name=name, mb=_mb(limit))
    chunks: list[bytes] = []
    size = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > limit:
                    raise RejectedFile(
                        "%(filename)s: the part %(name)s unpacks to more than %(mb)s (it looks like a zip bomb)"
                    , filename=filename, name=name, mb=_mb(limit))
                if size > limits.ratio_min_size and size > limits.max_ratio * max(info.compress_size, 1):
                    raise RejectedFile(
                        "%(filename)s: the part %(name)s is compressed more than %(limits_max_ratio)g times (it looks like a zip bomb)"
                    , filename=filename, name=name, limits_max_ratio=limits.max_ratio)
                chunks.append(chunk)
    except RejectedFile:
        raise
    except zipfile.BadZipFile as exc:
        # CRC mismatch and bad local headers land here
        raise RejectedFile("%(filename)s: the file is damaged (part %(name)s: %(exc)s)", filename=filename, name=name, exc=exc) from None
    except (zlib.error, EOFError, OSError, ValueError, struct.error) as exc:
        raise RejectedFile("%(filename)s: the file is damaged or incomplete (part %(name)s: %(exc)s)", filename=filename, name=name, exc=exc) from None
    except NotImplementedError as exc:
        raise RejectedFile("%(filename)s: the part %(name)s uses an unsupported compression (%(exc)s)", filename=filename, name=name, exc=exc) from None
    return b"".join(chunks)


def parse_xml(data: bytes, where: str = "the file") -> etree._Element:
    """Parse XML without DTDs, entities or network access; a DOCTYPE is refused outright."""
    if _has_doctype(data):
        raise RejectedFile("%(location)s: contains an XML DOCTYPE declaration, which is not allowed in uploads", location=where)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise RejectedFile("%(location)s: the XML is damaged (%(exc_msg)s)", location=where, exc_msg=exc.msg) from None
    # Belt and braces: a DOCTYPE hidden by an odd encoding still shows up in the parsed tree.
    if root.getroottree().docinfo.doctype:
        raise RejectedFile("%(location)s: contains an XML DOCTYPE declaration, which is not allowed in uploads", location=where)
    return root


# -- the individual checks -------------------------------------------------------------


def _check_magic(data: bytes, filename: str, expected: str) -> None:
    kind = _KIND_NAMES[expected]
    if not data:
        raise RejectedFile("%(filename)s: the file is empty", filename=filename)
    if data.startswith(OLE2_MAGIC):
        raise RejectedFile("%(filename)s: %(describe_ole2)s", filename=filename, describe_ole2=_describe_ole2(data, expected))
    if data.startswith(EMPTY_ZIP_MAGIC):
        raise RejectedFile("%(filename)s: the file is an empty zip archive, not %(article)s file", filename=filename, article=_article(kind))
    if not data.startswith(ZIP_MAGIC):
        what = _sniff(data)
        if what:
            raise RejectedFile("%(filename)s: this is %(what)s, not %(article)s file: %(_SAVE_AS)s", filename=filename, what=what, article=_article(kind), _SAVE_AS=_SAVE_AS[expected])
        raise RejectedFile("%(filename)s: this is not %(article)s file (it is not an Office Open XML package)", filename=filename, article=_article(kind))


def _describe_ole2(data: bytes, expected: str) -> str:
    """Old binary Office files and password-protected OOXML files are both OLE2 containers."""

    # Directory entry names are UTF-16LE; searching the raw bytes is enough to tell them apart.
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "the file is password-protected: remove the password (File > Info > Protect) and upload it again"
    if has("WordDocument"):
        return "this is an old binary Word .doc file: upload it with its .doc extension (or save it as .docx)"
    if has("Workbook") or has("Book"):
        return "this is an old binary Excel .xls file: open it in Excel and save it as .xlsx"
    if has("PowerPoint Document"):
        return "this is an old binary PowerPoint file, not a question file"
    old = ".doc" if expected == "docx" else ".xls"
    return (
        f"this is an old binary Office file ({old}), not {_article(_KIND_NAMES[expected])} file: {_SAVE_AS[expected]}"
    )


def _sniff(data: bytes) -> str | None:
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return "a PDF file"
    if head[:5].lower() == b"{\\rtf":
        return "an RTF file"
    if head.startswith(b"Rar!"):
        return "a RAR archive"
    if head.startswith(b"7z\xbc\xaf"):
        return "a 7-Zip archive"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "a picture"
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:200]:
        return "a web page (HTML)"
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        if b"mso-application" in low or b"urn:schemas-microsoft-com:office" in low:
            return "a Word/Excel 2003 XML file"
        return "an XML file"
    return None


def _check_directory(infos: list[zipfile.ZipInfo], filename: str, limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise RejectedFile("%(filename)s: the file holds %(len)s parts, more than %(limits_max_entries)s allowed", filename=filename, len=len(infos), limits_max_entries=limits.max_entries)
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
            raise RejectedFile("%(filename)s: the file contains a part with an unsafe name (%(name)r)", filename=filename, name=name)
        if name.lower() in seen:
            raise RejectedFile("%(filename)s: the file contains the part %(name)s twice", filename=filename, name=name)
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise RejectedFile("%(filename)s: the file is encrypted: remove the password and upload it again", filename=filename)
        if info.file_size > limits.max_entry_size:
            raise RejectedFile(
                "%(filename)s: the part %(name)s unpacks to more than %(mb)s (it looks like a zip bomb)"
            , filename=filename, name=name, mb=_mb(limits.max_entry_size))
        if info.file_size > limits.ratio_min_size and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise RejectedFile(
                "%(filename)s: the part %(name)s is compressed more than %(limits_max_ratio)g times (it looks like a zip bomb)"
            , filename=filename, name=name, limits_max_ratio=limits.max_ratio)
        total += info.file_size
    if total > limits.max_total_size:
        raise RejectedFile(
            "%(filename)s: the file unpacks to more than %(mb)s (it looks like a zip bomb)"
        , filename=filename, mb=_mb(limits.max_total_size))


def _check_content_types(zf: zipfile.ZipFile, names: set[str], filename: str, expected: str) -> dict[str, str]:
    """Part name -> content type, after making sure the main part is what the name says."""
    kind = _KIND_NAMES[expected]
    ct_name = next((n for n in names if n.lower() == "[content_types].xml"), None)
    if ct_name is None:
        if any(n.lower().startswith(("word/", "xl/")) for n in names):
            raise RejectedFile("%(filename)s: the file is damaged (its list of parts, [Content_Types].xml, is missing)", filename=filename)
        raise RejectedFile("%(filename)s: this is an ordinary zip archive, not a %(kind)s file", filename=filename, kind=kind)
    root = parse_xml(read_part(zf, ct_name, MAX_XML_PART, filename=filename), f"{filename}: [Content_Types].xml")
    overrides: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for el in root:
        tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if tag == "Override":
            overrides[(el.get("PartName") or "").lstrip("/").lower()] = el.get("ContentType") or ""
        elif tag == "Default":
            defaults[(el.get("Extension") or "").lower()] = el.get("ContentType") or ""
    types: dict[str, str] = {}
    for name in names:
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        types[name] = overrides.get(name.lower()) or defaults.get(ext, "")
    # Only the types of parts actually present count: some generators declare a Default for
    # every type they know (".bin" as macro-enabled, say) in perfectly clean files.
    all_types = {t for t in types.values() if t}
    for ct in all_types:
        if ct in _MACRO_MAIN:
            _, what = _MACRO_MAIN[ct]
            raise RejectedFile("%(filename)s: this is %(what)s; macros are not accepted: save it as %(kind)s without macros", filename=filename, what=what, kind=kind)
    if all_types & _MAIN_TYPES[expected]:
        return types
    for other, mains in _MAIN_TYPES.items():
        if all_types & mains:
            raise RejectedFile(
                "%(filename)s: this is really %(article)s file renamed to %(kind)s: give it its proper extension .%(other)s"
            , filename=filename, article=_article(_KIND_NAMES[other]), kind=kind, other=other)
    for marker, what in _OTHER_MAIN.items():
        if any(marker in ct and ct.endswith("main+xml") for ct in all_types):
            raise RejectedFile("%(filename)s: this is %(what)s, not %(article)s file", filename=filename, what=what, article=_article(kind))
    raise RejectedFile("%(filename)s: this is not %(article)s file (no %(kind)s main part inside)", filename=filename, article=_article(kind), kind=kind)


def _check_macros(names: set[str], types: dict[str, str], filename: str) -> None:
    for name in names:
        low = name.lower()
        ct = types.get(name, "").lower()
        if low.endswith("vbaproject.bin") or "vbaproject" in ct or "macroenabled" in ct:
            raise RejectedFile("%(filename)s: the file contains macros (%(name)s); save it again without macros", filename=filename, name=name)


def _has_doctype(body: bytes) -> bool:
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 parts would hide the declaration from a byte search
        body = body.decode("utf-16", errors="replace").encode("utf-8")
    return bool(_DOCTYPE.search(body) or _ENTITY.search(body))


def _check_xml_bytes(body: bytes, filename: str, part: str) -> None:
    # DTDs are how billion-laughs and external-entity attacks start; no Office part needs one.
    if _has_doctype(body):
        raise RejectedFile(
            "%(filename)s: the part %(part)s contains an XML DOCTYPE declaration, which is not allowed in uploads"
        , filename=filename, part=part)


def _check_relationships(body: bytes, filename: str, part: str) -> None:
    root = parse_xml(body, f"{filename}: {part}")
    for rel in root:
        if not isinstance(rel.tag, str):
            continue
        if (rel.get("TargetMode") or "").lower() != "external":
            continue
        rtype = rel.get("Type") or ""
        if rtype.endswith(_HYPERLINK_REL):
            continue
        short = rtype.rsplit("/", 1)[-1] or "unknown"
        target = rel.get("Target") or ""
        if short == "attachedTemplate" and _LOCAL_PATH.match(target):
            # Papers made from a school template record its path on the teacher's own disk
            # ("file:///C:\...\De thi.dotx"); nothing is fetched from a network.
            continue
        if short == "image" and target.lower().startswith(("http://", "https://")):
            # A picture linked to a web address: never fetched; the importer drops it with a warning.
            continue
        if short == "externalLinkPath":
            raise RejectedFile(
                "%(filename)s: the workbook links to another workbook (%(target)s): in Excel use Data > Edit Links > Break Link, save, and upload it again"
            , filename=filename, target=target[:80])
        raise RejectedFile(
            "%(filename)s: the file links to an outside resource (%(short)s → %(target)s); save a copy with the linked content embedded"
        , filename=filename, short=short, target=target[:80])


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _article(noun: str) -> str:
    return ("an " if noun[:1].upper() in "AEIOU" else "a ") + noun


def open_zip(data: bytes, filename: str, limits: Limits | None = None) -> zipfile.ZipFile:
    """A zip package that is not Office (QTI content packages): its directory checked for bombs, unsafe
    names and encryption before anything is read from it."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise RejectedFile("%(filename)s: the .zip file is damaged", filename=filename) from None
    _check_directory(zf.infolist(), filename, limits or Limits())
    return zf
