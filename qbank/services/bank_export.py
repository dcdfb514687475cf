"""Exporting what a search selects (as the searching user may see it) in an LMS or office format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from exporters import get_exporter
from exporters.base import export_formats, format_for_choice
from qbank.domain.actor import Actor
from qbank.domain.content import Content
from qbank.domain.enums import QuestionType
from qbank.domain.errors import UnsupportedFormat, ValidationError
from qbank.domain.exam import ExamHeader, ExamItem, ExamPaper, PaperPart
from qbank.services.blobs import load_blobs
from qbank.services.exams import audit
from qbank.services.search import search_questions
from qbank.services.uow import UnitOfWork

# What a bank selection can be written as: the LMS formats, a Word paper in search order and an Excel
# question sheet (the exporter registry's "bank" scope).
BANK_FORMATS = tuple(f.public for f in export_formats("bank"))
MAX_EXPORT = 5_000


@dataclass
class BankExport:
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    questions: int = 0
    truncated: bool = False


_PARTS = ((QuestionType.MCQ, "Trắc nghiệm nhiều phương án lựa chọn"), (QuestionType.TRUE_FALSE, "Trắc nghiệm đúng sai"),
          (QuestionType.SHORT_ANSWER, "Trả lời ngắn"), (QuestionType.ESSAY, "Tự luận"))


def _parts_by_type(items: list[ExamItem]) -> list[PaperPart]:
    """PHẦN I, II… by type in the usual order, the search order kept inside each."""
    parts: list[PaperPart] = []
    for qtype, title in _PARTS:
        mine = [it for it in items if it.question.type == qtype]
        if mine:
            key = ("I", "II", "III", "IV")[len(parts)]
            parts.append(PaperPart(key, f"PHẦN {key}. {title.upper()}", "", qtype, mine))
    return parts


def export_search(
    uow: UnitOfWork, actor: Actor, query: str, fmt: str, out_dir: str | Path, *,
    filters: dict[str, list[str | int]] | None = None, limit: int = MAX_EXPORT, name: str = "qbank",
) -> BankExport:
    """Every question the search finds for ``actor`` (never one they may not see), in search order, as ``fmt``."""
    try:
        fmt = format_for_choice(fmt, "bank")
    except UnsupportedFormat:
        raise ValidationError("must be one of %(value)s", where="format", value=", ".join(BANK_FORMATS)) from None
    # A Word export of the bank is for reading back and editing: the paper with its key, parts by type
    # (as a practice test prints), so the Word importer gets every answer again.
    exporter = get_exporter("docx_key" if fmt == "docx" else fmt)
    views = []
    page = 1
    while len(views) < limit:
        found = search_questions(uow, actor, query, filters=filters, page=page, per_page=100, facets=())
        views.extend(found.hits)
        if page >= found.pages or not found.hits:
            break
        page += 1
    truncated = len(views) > limit
    views = views[:limit]
    passages: dict[str, Content] = {}
    for v in views:  # a group is its stored passage (import-time keys repeat across files)
        v.question.group = f"g{v.passage_group_id}" if v.passage_group_id and v.passage is not None else None
        if v.question.group:
            passages.setdefault(v.question.group, v.passage)  # type: ignore[arg-type]
    shas = {sha for v in views for sha in v.question.blob_refs()} | {sha for c in passages.values() for sha in c.blob_refs()}
    blobs = {sha: b.data for sha, b in load_blobs(uow.session, shas).items()}
    items = [ExamItem(v.id, v.question, v.question.points) for v in views]
    parts = _parts_by_type(items) if fmt == "docx" else [PaperPart("I", "", "", None, items)]  # LMS files keep the search order
    paper = ExamPaper(ExamHeader(title="QBank", official=False), parts, name=name, passages=passages)
    paper.versions = [paper.original_version()]  # a Word paper: options unshuffled
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    result = exporter.export(paper, Path(out_dir), blobs)
    audit(uow, actor, "export", "bank", None, format=fmt, query=query, filters=filters or {}, questions=[v.id for v in views][:1000])
    uow.commit()
    return BankExport(result.paths, result.warnings, len(views), truncated)
