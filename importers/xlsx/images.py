"""Pictures floating over a worksheet, with the cell each is anchored to (openpyxl drops them without Pillow)."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass

from lxml import etree

from importers.safety import MAX_ENTRY_SIZE, MAX_XML_PART, parse_xml, read_part

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS = {"r": _R, "s": _S, "xdr": _XDR, "a": _A, "pr": _PKG_R}
_MIME = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "bmp": "image/bmp",
    "emf": "image/x-emf",
    "wmf": "image/x-wmf",
    "tif": "image/tiff",
    "tiff": "image/tiff",
    "svg": "image/svg+xml",
}


@dataclass
class Picture:
    row: int  # 0-based row of the anchor's top-left cell
    col: int  # 0-based column
    data: bytes
    mime: str
    width_emu: int | None = None
    height_emu: int | None = None
    alt: str = ""


def sheet_pictures(data: bytes) -> dict[str, list[Picture]]:
    """Sheet title -> pictures anchored on it; a package already vetted by ``check_package``."""
    out: dict[str, list[Picture]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        if not any(n.startswith("xl/drawings/") for n in names):
            return out
        book = parse_xml(read_part(zf, "xl/workbook.xml", MAX_XML_PART))
        book_rels = _rels(zf, "xl/workbook.xml", names)
        for sheet in book.iterfind("s:sheets/s:sheet", _NS):
            part = book_rels.get(sheet.get(f"{{{_R}}}id") or "")
            if part is None or part not in names:
                continue
            pictures: list[Picture] = []
            root = parse_xml(read_part(zf, part, MAX_XML_PART))
            sheet_rels = _rels(zf, part, names)
            for drawing in root.iterfind("s:drawing", _NS):
                target = sheet_rels.get(drawing.get(f"{{{_R}}}id") or "")
                if target in names:
                    pictures.extend(_drawing_pictures(zf, target, names))
            if pictures:
                out[sheet.get("name") or ""] = pictures
    return out


def _drawing_pictures(zf: zipfile.ZipFile, part: str, names: set[str]) -> list[Picture]:
    root = parse_xml(read_part(zf, part, MAX_XML_PART))
    rels = _rels(zf, part, names)
    out: list[Picture] = []
    for anchor in root:
        if not isinstance(anchor.tag, str) or etree.QName(anchor).localname not in ("twoCellAnchor", "oneCellAnchor"):
            continue  # absolute anchors sit on no cell
        start = anchor.find("xdr:from", _NS)
        if start is None:
            continue
        row = int(start.findtext("xdr:row", "0", _NS))
        col = int(start.findtext("xdr:col", "0", _NS))
        ext = anchor.find("xdr:ext", _NS)
        for pic in anchor.iter(f"{{{_XDR}}}pic"):
            blip = pic.find(".//a:blip", _NS)
            target = rels.get(blip.get(f"{{{_R}}}embed") or "") if blip is not None else None
            if target is None or target not in names:
                continue
            xfrm = pic.find("xdr:spPr/a:xfrm/a:ext", _NS)
            size = xfrm if xfrm is not None else ext
            props = pic.find("xdr:nvPicPr/xdr:cNvPr", _NS)
            out.append(
                Picture(
                    row=row,
                    col=col,
                    data=read_part(zf, target, MAX_ENTRY_SIZE),
                    mime=_MIME.get(target.rsplit(".", 1)[-1].lower(), "application/octet-stream"),
                    width_emu=int(size.get("cx")) if size is not None and size.get("cx") else None,
                    height_emu=int(size.get("cy")) if size is not None and size.get("cy") else None,
                    alt=(props.get("descr") or "") if props is not None else "",
                )
            )
    return out


def _rels(zf: zipfile.ZipFile, part: str, names: set[str]) -> dict[str, str]:
    """Relationship id -> package part name, for internal targets of ``part``."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in names:
        return {}
    out: dict[str, str] = {}
    for rel in parse_xml(read_part(zf, rels_name, MAX_XML_PART)).iterfind("pr:Relationship", _NS):
        if (rel.get("TargetMode") or "").lower() == "external":
            continue
        target = rel.get("Target") or ""
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = path
    return out
