"""The exporter interface, its result, the blob source and the explicit registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Union

from qbank.domain.errors import QBankError, UnsupportedFormat
from qbank.domain.exam import ExamPaper

# Picture and OLE bytes by sha256: a dict, or a function (the service passes a DB loader).
BlobSource = Union[Mapping[str, bytes], Callable[[str], bytes], None]


class ExportError(QBankError):
    """An export could not be produced (a missing tool, a converter failure, a timeout)."""


@dataclass
class ExportResult:
    """Files written, in a stable order, and warnings about what could not be reproduced."""

    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extend(self, other: ExportResult) -> None:
        self.paths.extend(other.paths)
        self.warnings.extend(other.warnings)


class Exporter(Protocol):
    format: str

    def export(self, paper: ExamPaper, out_dir: Path, blobs: BlobSource = None) -> ExportResult: ...


def blob_getter(blobs: BlobSource) -> Callable[[str], bytes | None]:
    """One way to ask for bytes, whatever was passed; None when the blob is unknown."""
    if blobs is None:
        return lambda sha: None
    if callable(blobs):
        fn = blobs

        def get(sha: str) -> bytes | None:
            try:
                return fn(sha)
            except (KeyError, LookupError, FileNotFoundError):
                return None

        return get
    mapping = blobs
    return lambda sha: mapping.get(sha)


# format -> "module:Class"; imported on demand so a CLI call pays only for what it uses.
_REGISTRY: dict[str, str] = {
    "docx": "exporters.docx.paper:DocxPaperExporter",
    "docx_key": "exporters.docx.paper:DocxPaperWithKeyExporter",
    "guide": "exporters.docx.guide:DocxGuideExporter",
    "xlsx": "exporters.xlsx.keys:XlsxKeysExporter",
    "pdf": "exporters.pdf:PdfExporter",
    "paper_pdf": "exporters.pdf:PaperPdfExporter",
    "zip": "exporters.bundle:BundleExporter",
    # LMS formats: one file for the whole paper in its original order (the LMS shuffles itself)
    "moodle_xml": "exporters.moodle_xml:MoodleXmlExporter",
    "gift": "exporters.gift:GiftExporter",
    "aiken": "exporters.aiken:AikenExporter",
    "qti21": "exporters.qti:Qti21Exporter",
    "qti30": "exporters.qti:Qti30Exporter",
}


def formats() -> list[str]:
    return list(_REGISTRY)


def get_exporter(fmt: str) -> Exporter:
    """The exporter for ``fmt`` (docx, docx_key, guide, xlsx, pdf, paper_pdf, zip, moodle_xml, gift, aiken, qti21, qti30);
    ``UnsupportedFormat`` otherwise."""
    target = _REGISTRY.get(fmt.lower().lstrip(".").replace("-", "_"))
    if target is None:
        raise UnsupportedFormat(f"unsupported export format {fmt!r}: choose one of {', '.join(_REGISTRY)}")
    module, cls = target.split(":")
    return getattr(importlib.import_module(module), cls)()


def export_exam(paper: ExamPaper, fmt: str, out_dir: str | Path, blobs: BlobSource = None) -> ExportResult:
    """Write ``paper`` in ``fmt`` into ``out_dir`` (created if needed); the service's one call."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if not paper.versions:
        raise ExportError("the exam has no versions yet: build them first (build_versions)")
    return get_exporter(fmt).export(paper, out, blobs)


def safe_name(name: str) -> str:
    """An ASCII file-name stem: "Toán 12 — HK I" -> "toan-12-hk-i"."""
    import re

    from qbank.domain.text import fold

    stem = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
    return stem or "exam"
