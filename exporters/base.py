"""The exporter interface, its result, the blob source and the explicit registry."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, Union

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


@dataclass(frozen=True)
class ExportFormat:
    """One export format, for ``--help``, the API's format list and the pages' download choices."""

    name: str  # registry key: "moodle_xml"
    label: str  # "Moodle XML"
    suffix: str  # ".xml"
    target: str  # "module:Class", imported on demand so a CLI call pays only for what it uses
    scopes: tuple[str, ...] = ("exam",)  # "exam": an exam or practice test; "bank": what a search selects
    choice: str = ""  # the name users pick it by, when not ``name`` ("xlsx" for the bank's question sheet)

    @property
    def public(self) -> str:
        return (self.choice or self.name).replace("_", "-")

    def to_json(self) -> dict[str, Any]:
        return {"name": self.public, "label": self.label, "suffix": self.suffix}


_BOTH = ("exam", "bank")
# The export registry: one entry per format. Adding a format is one entry here and its own folder.
FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("docx", "Word papers", ".docx", "exporters.docx.paper:DocxPaperExporter", _BOTH),
    ExportFormat("docx_key", "Word papers with the key", ".docx", "exporters.docx.paper:DocxPaperWithKeyExporter"),
    ExportFormat("guide", "Marking guide (Word)", ".docx", "exporters.docx.guide:DocxGuideExporter"),
    ExportFormat("xlsx", "Answer keys (Excel)", ".xlsx", "exporters.xlsx.keys:XlsxKeysExporter"),
    ExportFormat("xlsx_bank", "Question sheet (Excel)", ".xlsx", "exporters.xlsx.bank:XlsxBankExporter", ("bank",), choice="xlsx"),
    ExportFormat("pdf", "PDF papers", ".pdf", "exporters.pdf:PdfExporter"),
    ExportFormat("paper_pdf", "PDF paper", ".pdf", "exporters.pdf:PaperPdfExporter"),
    ExportFormat("zip", "Everything (.zip)", ".zip", "exporters.bundle:BundleExporter"),
    # LMS formats: one file for the whole paper in its original order (the LMS shuffles itself)
    ExportFormat("moodle_xml", "Moodle XML", ".xml", "exporters.moodle_xml:MoodleXmlExporter", _BOTH),
    ExportFormat("gift", "GIFT", ".gift.txt", "exporters.gift:GiftExporter", _BOTH),
    ExportFormat("aiken", "Aiken", ".aiken.txt", "exporters.aiken:AikenExporter", _BOTH),
    ExportFormat("qti21", "IMS QTI 2.1 package", ".zip", "exporters.qti:Qti21Exporter", _BOTH),
    ExportFormat("qti30", "IMS QTI 3.0 package", ".zip", "exporters.qti:Qti30Exporter", _BOTH),
)}
_REGISTRY: dict[str, str] = {f.name: f.target for f in FORMATS.values()}


def formats(scope: str | None = None) -> list[str]:
    """Registry names (every one, or those of ``scope``: "exam" or "bank")."""
    return [f.name for f in FORMATS.values() if scope is None or scope in f.scopes]


def export_formats(scope: str) -> list[ExportFormat]:
    """What ``scope`` ("exam": an exam or practice test; "bank": a search selection) can be written as."""
    return [f for f in FORMATS.values() if scope in f.scopes]


def format_for_choice(choice: str, scope: str) -> str:
    """The registry name for what a user picked ("moodle-xml", "xlsx") in ``scope``; ``UnsupportedFormat`` otherwise."""
    key = choice.strip().lower().lstrip(".").replace("-", "_")
    for f in export_formats(scope):
        if key in (f.name, f.choice):
            return f.name
    raise UnsupportedFormat("unsupported export format '%(value)s': choose one of %(choices)s", value=choice,
                            choices=", ".join(f.public for f in export_formats(scope)))


def get_exporter(fmt: str) -> Exporter:
    """The exporter for ``fmt`` (docx, docx_key, guide, xlsx, pdf, paper_pdf, zip, moodle_xml, gift, aiken, qti21, qti30);
    ``UnsupportedFormat`` otherwise."""
    target = _REGISTRY.get(fmt.lower().lstrip(".").replace("-", "_"))
    if target is None:
        raise UnsupportedFormat("unsupported export format '%(value)s': choose one of %(choices)s", value=fmt, choices=", ".join(_REGISTRY))
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
