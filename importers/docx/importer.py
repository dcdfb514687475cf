"""The Word importer: safety check, one lxml walk into blocks, segmentation into questions, answers."""

from __future__ import annotations

from importers.base import ImportResult
from importers.docx.blocks import Walker
from importers.docx.finish import assign_keys, build_question, note_missing_options
from importers.docx.meta import read_meta
from importers.docx.numbering import Numbering
from importers.docx.package import DocxPackage, W
from importers.docx.para import Block, Para
from importers.docx.segment import Segmenter
from importers.legacy_fonts import convert_legacy_fonts
from importers.pictures import limit_pictures
from importers.safety import check_package
from qbank.domain.errors import RejectedFile


class DocxImporter:
    """Reads exam papers and banks from .docx; see docs/word-import.md for the conventions."""

    format = "docx"
    extensions = (".docx",)

    def read(self, data: bytes, filename: str) -> ImportResult:
        check_package(data, filename, "docx")
        return self.read_checked(data, filename)

    def read_checked(self, data: bytes, filename: str) -> ImportResult:
        """``read`` without the package check (for callers that have just run it)."""
        result = ImportResult(source=filename, format=self.format)
        pkg = DocxPackage.open(data, filename)
        body = pkg.document().find(W + "body")
        if body is None:
            raise RejectedFile("%(filename)s: the document has no body", filename=filename)
        convert_legacy_fonts(body, pkg.styles_root, pkg.raw("word/fontTable.xml"), result.info)  # TCVN3/VNI → Unicode
        numbering = Numbering.parse(pkg.xml("word/numbering.xml"), pkg.styles_root)
        blocks = Walker(pkg, numbering, result.add_blob, result.error, notice=result.warn).walk(body)
        seg = Segmenter(result)
        drafts = seg.run(blocks)
        result.meta = read_meta(seg.header_lines)
        keys = assign_keys(drafts, seg.keys, result)
        kinds: list[str | None] = []  # the part kind of each question read
        for i, d in enumerate(drafts):
            try:
                result.questions.append(build_question(d, keys.get(i, []), result.meta, result, len(result.questions)))
                kinds.append(d.section_kind)
            except Exception as exc:  # noqa: BLE001 - skip one question, keep the rest
                result.error(d.where, f"could not read question {d.number} ({exc}); it was skipped")
        note_missing_options(result, kinds)
        if not result.questions:
            # Refused, not an empty import: nothing to preview or store, and one line says why.
            if not any(_has_text(b) for b in blocks):
                raise RejectedFile("%(filename)s: the document is empty", filename=filename)
            raise RejectedFile("%(filename)s: no questions were found: label them Câu 1., Question 1:, [1] or 1.", filename=filename)
        _prune_blobs(result)
        limit_pictures(result)  # no picture above the pixel limit goes further (web, Word, PDF)
        return result


def _prune_blobs(result: ImportResult) -> None:
    """Keep only blobs that questions or passages use (logos in the header are not content)."""
    used: set[str] = set()
    for q in result.questions:
        used |= q.blob_refs()
    for content in result.passages.values():
        used |= content.blob_refs()
    for sha in [s for s in result.blobs if s not in used]:
        del result.blobs[sha]


def _has_text(block: Block) -> bool:
    if isinstance(block, Para):
        return bool(block.text.strip())
    return any(_has_text(item) for row in block.rows for cell in row for item in cell.items)
