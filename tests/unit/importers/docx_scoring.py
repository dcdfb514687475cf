"""Counting equations, pictures and MathType objects in a .docx and in an import result; the scorer's
``compare`` (tests/scoring.py) re-exported for the fixture tests."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from importers.base import ImportResult
from qbank.domain.content import Image, Ole
from tests.scoring import load_compare

compare = load_compare()
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

def count_in_docx(path: Path) -> dict[str, int]:
    """Equations (m:oMath), pictures (drawings and VML outside OLE objects) and OLE objects in the body,
    leaving out what sits in header tables (logos)."""
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    body = root.find(W + "body")
    counts = {"omml": 0, "images": 0, "ole": 0}
    for child in body:  # type: ignore[union-attr]
        if child.tag == W + "tbl" and _is_header_table(child):
            continue
        counts["omml"] += sum(1 for m in child.iter(M + "oMath"))
        counts["images"] += sum(1 for _ in child.iter(W + "drawing"))
        counts["images"] += sum(1 for p in child.iter(W + "pict") for _ in p.iter("{urn:schemas-microsoft-com:vml}imagedata"))
        counts["ole"] += sum(1 for _ in child.iter("{urn:schemas-microsoft-com:office:office}OLEObject"))
    return counts


def _is_header_table(tbl: etree._Element) -> bool:
    text = "".join(t.text or "" for t in tbl.iter(W + "t")).upper()
    return ("SỞ GD" in text or "SỞ GIÁO DỤC" in text) and not re.search(r"CÂU\s*\d", text)


def count_in_result(result: ImportResult) -> dict[str, int]:
    """The same counts over everything the import kept: stems, options, sub-parts, solutions, guides, passages."""
    contents = [c for q in result.questions for c in q.all_contents()] + list(result.passages.values())
    return {
        "omml": sum(c.count_omml() for c in contents),
        "images": sum(1 for c in contents for i in c.inlines() if isinstance(i, Image)),
        "ole": sum(1 for c in contents for i in c.inlines() if isinstance(i, Ole)),
    }
