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
            f"{filename}: the file is damaged or incomplete (not a readable {kind} file; was the upload or copy"
            f" interrupted?) [{exc}]"
        ) from None
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
                    f"{filename}: the file unpacks to more than {_mb(limits.max_total_size)} (it looks like a zip bomb)"
                )
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
        raise RejectedFile(f"{filename}: the part {name} is missing") from None
    if info.file_size > limit:
        raise RejectedFile(f"{filename}: the part {name} is larger than {_mb(limit)} (it looks like a zip bomb)")
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
                        f"{filename}: the part {name} unpacks to more than {_mb(limit)} (it looks like a zip bomb)"
                    )
                if size > limits.ratio_min_size and size > limits.max_ratio * max(info.compress_size, 1):
                    raise RejectedFile(
                        f"{filename}: the part {name} is compressed more than {limits.max_ratio:g} times"
                        " (it looks like a zip bomb)"
                    )
                chunks.append(chunk)
    except RejectedFile:
        raise
    except zipfile.BadZipFile as exc:
        # CRC mismatch and bad local headers land here
        raise RejectedFile(f"{filename}: the file is damaged (part {name}: {exc})") from None
    except (zlib.error, EOFError, OSError, ValueError, struct.error) as exc:
        raise RejectedFile(f"{filename}: the file is damaged or incomplete (part {name}: {exc})") from None
    except NotImplementedError as exc:
        raise RejectedFile(f"{filename}: the part {name} uses an unsupported compression ({exc})") from None
    return b"".join(chunks)


def parse_xml(data: bytes, where: str = "the file") -> etree._Element:
    """Parse XML without DTDs, entities or network access; a DOCTYPE is refused outright."""
    if _has_doctype(data):
        raise RejectedFile(f"{where}: contains an XML DOCTYPE declaration, which is not allowed in uploads")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise RejectedFile(f"{where}: the XML is damaged ({exc.msg})") from None
    # Belt and braces: a DOCTYPE hidden by an odd encoding still shows up in the parsed tree.
    if root.getroottree().docinfo.doctype:
        raise RejectedFile(f"{where}: contains an XML DOCTYPE declaration, which is not allowed in uploads")
    return root


# -- the individual checks -------------------------------------------------------------


def _check_magic(data: bytes, filename: str, expected: str) -> None:
    kind = _KIND_NAMES[expected]
    if not data:
        raise RejectedFile(f"{filename}: the file is empty")
    if data.startswith(OLE2_MAGIC):
        raise RejectedFile(f"{filename}: {_describe_ole2(data, expected)}")
    if data.startswith(EMPTY_ZIP_MAGIC):
        raise RejectedFile(f"{filename}: the file is an empty zip archive, not {_article(kind)} file")
    if not data.startswith(ZIP_MAGIC):
        what = _sniff(data)
        if what:
            raise RejectedFile(f"{filename}: this is {what}, not {_article(kind)} file: {_SAVE_AS[expected]}")
        raise RejectedFile(f"{filename}: this is not {_article(kind)} file (it is not an Office Open XML package)")


def _describe_ole2(data: bytes, expected: str) -> str:
    """Old binary Office files and password-protected OOXML files are both OLE2 containers."""

    # Directory entry names are UTF-16LE; searching the raw bytes is enough to tell them apart.
    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "the file is password-protected: remove the password (File > Info > Protect) and upload it again"
    if has("WordDocument"):
        return "this is an old binary Word .doc file: open it in Word and save it as .docx"
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
        raise RejectedFile(f"{filename}: the file holds {len(infos)} parts, more than {limits.max_entries} allowed")
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
            raise RejectedFile(f"{filename}: the file contains a part with an unsafe name ({name!r})")
        if name.lower() in seen:
            raise RejectedFile(f"{filename}: the file contains the part {name} twice")
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            raise RejectedFile(f"{filename}: the file is encrypted: remove the password and upload it again")
        if info.file_size > limits.max_entry_size:
            raise RejectedFile(
                f"{filename}: the part {name} unpacks to more than {_mb(limits.max_entry_size)}"
                " (it looks like a zip bomb)"
            )
        if info.file_size > limits.ratio_min_size and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise RejectedFile(
                f"{filename}: the part {name} is compressed more than {limits.max_ratio:g} times"
                " (it looks like a zip bomb)"
            )
        total += info.file_size
    if total > limits.max_total_size:
        raise RejectedFile(
            f"{filename}: the file unpacks to more than {_mb(limits.max_total_size)} (it looks like a zip bomb)"
        )


def _check_content_types(zf: zipfile.ZipFile, names: set[str], filename: str, expected: str) -> dict[str, str]:
    """Part name -> content type, after making sure the main part is what the name says."""
    kind = _KIND_NAMES[expected]
    ct_name = next((n for n in names if n.lower() == "[content_types].xml"), None)
    if ct_name is None:
        if any(n.lower().startswith(("word/", "xl/")) for n in names):
            raise RejectedFile(f"{filename}: the file is damaged (its list of parts, [Content_Types].xml, is missing)")
        raise RejectedFile(f"{filename}: this is an ordinary zip archive, not a {kind} file")
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
            raise RejectedFile(f"{filename}: this is {what}; macros are not accepted: save it as {kind} without macros")
    if all_types & _MAIN_TYPES[expected]:
        return types
    for other, mains in _MAIN_TYPES.items():
        if all_types & mains:
            raise RejectedFile(
                f"{filename}: this is really {_article(_KIND_NAMES[other])} file renamed to {kind}:"
                f" give it its proper extension .{other}"
            )
    for marker, what in _OTHER_MAIN.items():
        if any(marker in ct and ct.endswith("main+xml") for ct in all_types):
            raise RejectedFile(f"{filename}: this is {what}, not {_article(kind)} file")
    raise RejectedFile(f"{filename}: this is not {_article(kind)} file (no {kind} main part inside)")


def _check_macros(names: set[str], types: dict[str, str], filename: str) -> None:
    for name in names:
        low = name.lower()
        ct = types.get(name, "").lower()
        if low.endswith("vbaproject.bin") or "vbaproject" in ct or "macroenabled" in ct:
            raise RejectedFile(f"{filename}: the file contains macros ({name}); save it again without macros")


def _has_doctype(body: bytes) -> bool:
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 parts would hide the declaration from a byte search
        body = body.decode("utf-16", errors="replace").encode("utf-8")
    return bool(_DOCTYPE.search(body) or _ENTITY.search(body))


def _check_xml_bytes(body: bytes, filename: str, part: str) -> None:
    # DTDs are how billion-laughs and external-entity attacks start; no Office part needs one.
    if _has_doctype(body):
        raise RejectedFile(
            f"{filename}: the part {part} contains an XML DOCTYPE declaration, which is not allowed in uploads"
        )


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
                f"{filename}: the workbook links to another workbook ({target[:80]}): in Excel use"
                " Data > Edit Links > Break Link, save, and upload it again"
            )
        raise RejectedFile(
            f"{filename}: the file links to an outside resource ({short} → {target[:80]}); "
            "save a copy with the linked content embedded"
        )


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _article(noun: str) -> str:
    return ("an " if noun[:1].upper() in "AEIOU" else "a ") + noun
