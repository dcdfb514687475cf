"""The parts of a .docx package the importer needs: document, relationships, media, styles, numbering."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from importers.safety import parse_xml
from qbank.domain.errors import RejectedFile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "{" + W_NS + "}"

_MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".bmp": "image/bmp",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".wmf": "image/x-wmf",
    ".emf": "image/x-emf",
    ".svg": "image/svg+xml",
    ".bin": "application/vnd.openxmlformats-officedocument.oleObject",
}


def mime_for(name: str) -> str:
    return _MIME.get(posixpath.splitext(name)[1].lower(), "application/octet-stream")


@dataclass
class RunStyle:
    """The character formatting a style contributes (None = not set by this style)."""

    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    color: str | None = None
    highlight: str | None = None
    shade: str | None = None  # fill of the paragraph or table cell: marks answers, not copied to the text


@dataclass
class DocxPackage:
    """A checked .docx opened for reading; parts are parsed once, on first use."""

    zf: zipfile.ZipFile
    filename: str
    rels: dict[str, str] = field(default_factory=dict)  # rId -> part name ("word/media/image1.png")
    styles: dict[str, tuple[RunStyle, str | None]] = field(default_factory=dict)  # id -> (style, basedOn)
    _resolved: dict[str, RunStyle] = field(default_factory=dict)
    default_style: str | None = None
    styles_root: etree._Element | None = None

    @classmethod
    def open(cls, data: bytes, filename: str) -> DocxPackage:
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:  # check_package has normally caught this already
            raise RejectedFile("%(filename)s: not a readable Word file (%(exc)s)", filename=filename, exc=exc) from None
        pkg = cls(zf, filename)
        if "word/document.xml" not in zf.namelist():
            raise RejectedFile("%(filename)s: the Word document part (word/document.xml) is missing", filename=filename)
        pkg.rels = pkg._read_rels("word/_rels/document.xml.rels", "word")
        pkg._read_styles()
        return pkg

    def xml(self, name: str) -> etree._Element | None:
        """A parsed XML part, or None when the package has no such part."""
        try:
            data = self.zf.read(name)
        except KeyError:
            return None
        return parse_xml(data, f"{self.filename}: {name}")

    def raw(self, name: str) -> bytes | None:
        """A part's bytes unparsed, or None when the package has no such part."""
        try:
            return self.zf.read(name)
        except KeyError:
            return None

    def document(self) -> etree._Element:
        root = self.xml("word/document.xml")
        assert root is not None
        return root

    def read(self, rid: str) -> tuple[bytes, str] | None:
        """Bytes and mime type of the part a relationship id points to (None if absent)."""
        target = self.rels.get(rid)
        if target is None:
            return None
        try:
            return self.zf.read(target), mime_for(target)
        except KeyError:
            return None

    def _read_rels(self, name: str, base: str) -> dict[str, str]:
        root = self.xml(name)
        if root is None:
            return {}
        out: dict[str, str] = {}
        for rel in root.iterchildren(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue  # never followed: pictures must be inside the file
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            out[rel.get("Id", "")] = path
        return out

    # -- styles: only the run formatting that marks answers (bold, colour, underline...) --
    def _read_styles(self) -> None:
        root = self.xml("word/styles.xml")
        self.styles_root = root
        if root is None:
            return
        for st in root.iterchildren(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            based = st.find(W + "basedOn")
            rpr = st.find(W + "rPr")
            self.styles[sid] = (run_style(rpr) if rpr is not None else RunStyle(), _wval(based))
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
                self.default_style = sid

    def style(self, sid: str | None) -> RunStyle:
        """A style's formatting with its basedOn chain applied (cached)."""
        if not sid:
            return RunStyle()
        cached = self._resolved.get(sid)
        if cached is not None:
            return cached
        chain: list[RunStyle] = []
        seen: set[str] = set()
        cur: str | None = sid
        while cur and cur not in seen and cur in self.styles:
            seen.add(cur)
            st, cur = self.styles[cur]
            chain.append(st)
        out = RunStyle()
        for st in reversed(chain):
            merge_into(out, st)
        self._resolved[sid] = out
        return out


def _wval(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(W + "val")


def _toggle(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(W + "val", "true") not in ("0", "false", "off", "none")


def run_style(rpr: etree._Element) -> RunStyle:
    """The formatting set directly in one ``w:rPr``."""
    st = RunStyle()
    for child in rpr:
        tag = child.tag
        if tag == W + "b":
            st.bold = _toggle(child)
        elif tag == W + "i":
            st.italic = _toggle(child)
        elif tag == W + "u":
            st.underline = child.get(W + "val", "single") not in ("none", "0")
        elif tag == W + "color":
            val = (child.get(W + "val") or "").upper()
            st.color = "" if val in ("", "AUTO", "000000") else val
        elif tag == W + "highlight":
            val = child.get(W + "val") or ""
            st.highlight = "" if val in ("", "none") else val
        elif tag == W + "shd":
            fill = (child.get(W + "fill") or "").upper()
            if fill not in ("", "AUTO", "FFFFFF") and st.highlight is None:
                st.highlight = fill
    return st


def merge_into(base: RunStyle, over: RunStyle) -> None:
    """Apply ``over`` on top of ``base`` (set values win; "" clears a colour or highlight)."""
    if over.bold is not None:
        base.bold = over.bold
    if over.italic is not None:
        base.italic = over.italic
    if over.underline is not None:
        base.underline = over.underline
    if over.color is not None:
        base.color = over.color
    if over.highlight is not None:
        base.highlight = over.highlight
